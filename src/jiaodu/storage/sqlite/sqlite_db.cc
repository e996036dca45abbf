#include "jiaodu/storage/sqlite/sqlite_db.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace jiaodu::sqlite {

Result<Db> Db::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  // NOMUTEX: the storage adapter serialises all use of a connection with
  // its own mutex, so SQLite's per-call locking is pure overhead (it was
  // ~15% of loading a year of data).
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return Fail(ErrorCode::kIo, "storage.open",
                Text(fmt::format("无法打开数据库 {}：{}", path, msg),
                     fmt::format("cannot open database {}: {}", path, msg)));
  }
  sqlite3_extended_result_codes(raw, 1);
  return Db(raw);
}

Db::Db(Db&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}
Db::~Db() {
  if (db_ != nullptr) sqlite3_close(db_);
}

Error Db::MakeError(int rc, std::string_view what) const {
  std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  ErrorCode code = ErrorCode::kIo;
  std::string id = "storage.sqlite";
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    code = ErrorCode::kConflict;
    id = "storage.duplicate";
  } else if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
    code = ErrorCode::kConflict;
    id = "storage.constraint";
  } else if ((rc & 0xFF) == SQLITE_CORRUPT || (rc & 0xFF) == SQLITE_NOTADB) {
    code = ErrorCode::kCorrupt;
    id = "storage.corrupt";
  } else if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) {
    code = ErrorCode::kFailedPrecondition;
    id = "storage.busy";
  }
  return Error{code,
               id,
               Text(fmt::format("数据库操作失败（{}）：{}", what, msg),
                    fmt::format("database error ({}): {}", what, msg)),
               {},
               {}};
}

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (err != nullptr) sqlite3_free(err);
  if (rc != SQLITE_OK) return Fail(MakeError(rc, "exec"));
  return Ok();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) return Fail(MakeError(rc, "prepare"));
  return Stmt(db_, s);
}

int64_t Db::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Db::Changes() const { return sqlite3_changes(db_); }

Stmt::Stmt(Stmt&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), bind_error_(other.bind_error_) {
  other.stmt_ = nullptr;
}
Stmt& Stmt::operator=(Stmt&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    bind_error_ = other.bind_error_;
    other.stmt_ = nullptr;
  }
  return *this;
}
Stmt::~Stmt() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Stmt& Stmt::Bind(int i, int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  int rc = sqlite3_bind_double(stmt_, i, v);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Stmt& Stmt::BindBlob(int i, std::string_view v) {
  int rc = sqlite3_bind_blob64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}

Result<bool> Stmt::Step() {
  if (bind_error_ != 0) {
    return Fail(ErrorCode::kInternal, "storage.bind",
                jiaodu::Text(fmt::format("数据库参数绑定失败（{}）", sqlite3_errstr(bind_error_)),
                             fmt::format("bind failed ({})", sqlite3_errstr(bind_error_))));
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e{ErrorCode::kIo, "storage.sqlite", {}, {}, {}};
  std::string msg = sqlite3_errmsg(db_);
  e.message =
      jiaodu::Text(fmt::format("数据库操作失败：{}", msg), fmt::format("database error: {}", msg));
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
      (rc & 0xFF) == SQLITE_CONSTRAINT) {
    e.code = ErrorCode::kConflict;
    e.id = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY
               ? "storage.duplicate"
               : "storage.constraint";
  }
  return Fail(std::move(e));
}

Status Stmt::Run() {
  for (;;) {
    bool row = JIAODU_TRY(Step());
    if (!row) break;
  }
  return Reset();
}

Status Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = 0;
  return Ok();
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
Stmt::Stored Stmt::TypeOf(int col) const {
  switch (sqlite3_column_type(stmt_, col)) {
    case SQLITE_INTEGER:
      return Stored::kInt;
    case SQLITE_FLOAT:
      return Stored::kReal;
    case SQLITE_TEXT:
      return Stored::kText;
    case SQLITE_BLOB:
      return Stored::kBlob;
    default:
      return Stored::kNull;
  }
}
double Stmt::Double(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Stmt::Text(int col) const { return std::string(TextView(col)); }
std::string_view Stmt::TextView(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}
std::string Stmt::Blob(int col) const { return std::string(BlobView(col)); }
std::string_view Stmt::BlobView(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  if (p == nullptr) return {};
  return std::string_view(static_cast<const char*>(p),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}
bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Result<Transaction> Transaction::Begin(Db& db) {
  JIAODU_TRY_STATUS(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Db* db = db_;
  db_ = nullptr;
  auto st = db->Exec("COMMIT");
  if (!st) (void)db->Exec("ROLLBACK");
  return st;
}

}  // namespace jiaodu::sqlite
