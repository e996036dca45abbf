// File: jiaodu/storage/sqlite/sqlite_db.h
//
// A small RAII wrapper over the SQLite C API: a connection, prepared
// statements and transactions, with every failure turned into an Error
// (UNIQUE violations become kConflict). Nothing outside storage/sqlite sees
// sqlite3.h.
#ifndef JIAODU_STORAGE_SQLITE_SQLITE_DB_H_
#define JIAODU_STORAGE_SQLITE_SQLITE_DB_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace jiaodu::sqlite {

class Stmt;

class Db {
 public:
  static Result<Db> Open(const std::string& path);
  Db(Db&& other) noexcept;
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  Status Exec(std::string_view sql);
  Result<Stmt> Prepare(std::string_view sql);
  int64_t LastInsertId() const;
  int Changes() const;
  Error MakeError(int rc, std::string_view what) const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Binding is 1-based as in SQLite.
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& BindNull(int i);
  Stmt& BindBlob(int i, std::string_view bytes);  // binary (evidence files)

  // true: a row is ready; false: done. Errors abort.
  Result<bool> Step();
  Status Run();  // steps to completion, expecting no rows
  Status Reset();

  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string_view TextView(int col) const;  // valid until the next Step
  bool IsNull(int col) const;
  // How the value in `col` is stored (SQLite types values, not columns).
  enum class Stored { kNull, kInt, kReal, kText, kBlob };
  Stored TypeOf(int col) const;
  std::string Blob(int col) const;
  std::string_view BlobView(int col) const;  // valid until the next Step

 private:
  friend class Db;
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = 0;
};

// Rolls back unless Commit() was called.
class Transaction {
 public:
  static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Db* db) : db_(db) {}
  Db* db_ = nullptr;
};

}  // namespace jiaodu::sqlite

#endif  // JIAODU_STORAGE_SQLITE_SQLITE_DB_H_
