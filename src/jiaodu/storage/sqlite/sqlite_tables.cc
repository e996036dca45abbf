#include "jiaodu/storage/sqlite/sqlite_tables.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>

#include "jiaodu/storage/common/storage_common.h"
#include "jiaodu/storage/sqlite/sqlite_db.h"

namespace jiaodu {
namespace {

using table_copy::Column;
using table_copy::Kind;
using table_copy::Value;

std::string Quote(std::string_view name) { return fmt::format("\"{}\"", name); }

std::string ColumnList(std::span<const Column> columns) {
  std::string out;
  for (const Column& c : columns) {
    if (!out.empty()) out += ", ";
    out += Quote(c.name);
  }
  return out;
}

// SQLite's type affinity rules (§3.1 of "Datatypes In SQLite") on a declared
// type, as the kind a copy reads by default.
Kind KindOfDeclared(std::string decl) {
  for (char& c : decl) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (decl.find("INT") != std::string::npos) return Kind::kInt;
  if (decl.find("CHAR") != std::string::npos || decl.find("CLOB") != std::string::npos ||
      decl.find("TEXT") != std::string::npos) {
    return Kind::kText;
  }
  if (decl.empty() || decl.find("BLOB") != std::string::npos) return Kind::kBlob;
  return Kind::kReal;
}

class SqliteTables final : public table_copy::Database {
 public:
  explicit SqliteTables(sqlite::Db db) : db_(std::move(db)) {}
  ~SqliteTables() override {
    if (open_) (void)db_.Exec("ROLLBACK");
  }

  Result<std::vector<table_copy::Table>> Tables() override {
    std::vector<table_copy::Table> out;
    auto names = JIAODU_TRY(
        db_.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                    "'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_migrations' ORDER BY rowid"));
    while (JIAODU_TRY(names.Step())) out.push_back({names.Text(0), {}});
    for (table_copy::Table& t : out) {
      auto info = JIAODU_TRY(db_.Prepare(fmt::format("PRAGMA table_info({})", Quote(t.name))));
      int pk_columns = 0;
      while (JIAODU_TRY(info.Step())) {
        Column c{info.Text(1), KindOfDeclared(info.Text(2)), false};
        // An INTEGER PRIMARY KEY is the rowid: SQLite generates it.
        if (info.Int(5) > 0) {
          ++pk_columns;
          if (c.kind == Kind::kInt) c.identity = true;
        }
        t.columns.push_back(std::move(c));
      }
      if (pk_columns > 1) {
        for (Column& c : t.columns) c.identity = false;
      }
    }
    return out;
  }

  Status Read(const std::string& table, std::span<const Column> columns,
              const table_copy::RowFn& on_row) override {
    auto st = JIAODU_TRY(
        db_.Prepare(fmt::format("SELECT {} FROM {}", ColumnList(columns), Quote(table))));
    std::vector<Value> row(columns.size());
    while (JIAODU_TRY(st.Step())) {
      for (size_t k = 0; k < columns.size(); ++k) {
        const int col = static_cast<int>(k);
        Value& v = row[k];
        const auto stored = st.TypeOf(col);
        v.null = stored == sqlite::Stmt::Stored::kNull;
        if (v.null) continue;
        switch (columns[k].kind) {
          case Kind::kInt:
          case Kind::kBool: {
            // A TEXT column holding integers (meta.value) is read as the
            // integer it spells, and only if it spells one exactly.
            if (stored == sqlite::Stmt::Stored::kInt) {
              v.i = st.Int(col);
            } else {
              const std::string_view text = st.TextView(col);
              auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v.i);
              if (ec != std::errc() || end != text.data() + text.size()) {
                return tl::unexpected(storage_common::BadCopyValue(table, columns[k].name, text));
              }
            }
            if (columns[k].kind == Kind::kBool) v.i = v.i != 0 ? 1 : 0;
            break;
          }
          case Kind::kReal:
            v.d = st.Double(col);
            break;
          default:  // the textual kinds and blobs: SQLite's bytes as they are
            v.s = st.Blob(col);
            break;
        }
      }
      JIAODU_TRY_STATUS(on_row(row));
    }
    return Ok();
  }

  Result<int64_t> Count(const std::string& table) override {
    auto st = JIAODU_TRY(db_.Prepare(fmt::format("SELECT COUNT(*) FROM {}", Quote(table))));
    JIAODU_TRY(st.Step());
    return st.Int(0);
  }

  Status Begin() override {
    JIAODU_TRY_STATUS(db_.Exec("BEGIN IMMEDIATE"));
    open_ = true;
    return Ok();
  }
  Status Clear(const std::string& table) override {
    return db_.Exec(fmt::format("DELETE FROM {}", Quote(table)));
  }
  Status Write(const std::string& table, std::span<const Column> columns,
               const std::function<Status(const table_copy::RowFn&)>& produce) override {
    std::string marks;
    for (size_t k = 0; k < columns.size(); ++k) marks += k == 0 ? "?" : ",?";
    auto ins = JIAODU_TRY(db_.Prepare(
        fmt::format("INSERT INTO {} ({}) VALUES ({})", Quote(table), ColumnList(columns), marks)));
    return produce([&](std::span<const Value> row) -> Status {
      for (size_t k = 0; k < columns.size(); ++k) {
        const int p = static_cast<int>(k) + 1;
        const Value& v = row[k];
        if (v.null) {
          ins.BindNull(p);
          continue;
        }
        switch (columns[k].kind) {
          case Kind::kInt:
          case Kind::kBool:
            ins.Bind(p, v.i);
            break;
          case Kind::kReal:
            ins.Bind(p, v.d);
            break;
          case Kind::kBlob:
            ins.BindBlob(p, v.s);
            break;
          default:  // the textual kinds
            ins.Bind(p, std::string_view(v.s));
            break;
        }
      }
      return ins.Run();
    });
  }
  // AUTOINCREMENT keeps sqlite_sequence at the largest id written, and a
  // plain INTEGER PRIMARY KEY continues from the largest: nothing to do.
  Status ResetIdentities(const table_copy::Table&) override { return Ok(); }
  Status Commit() override {
    JIAODU_TRY_STATUS(db_.Exec("COMMIT"));
    open_ = false;
    return Ok();
  }

 private:
  sqlite::Db db_;
  bool open_ = false;
};

}  // namespace

Result<std::unique_ptr<table_copy::Database>> OpenSqliteTables(const std::string& path) {
  auto db = JIAODU_TRY(sqlite::Db::Open(path));
  JIAODU_TRY_STATUS(db.Exec("PRAGMA busy_timeout=5000"));
  return std::unique_ptr<table_copy::Database>(std::make_unique<SqliteTables>(std::move(db)));
}

}  // namespace jiaodu
