// File: jiaodu/storage/table_copy.h
//
// Row-level access to a whole database, for moving an installation from one
// back end to another (`jiaodu db export` / `jiaodu db import`,
// docs/postgres.md "Moving a database"). The storage port (storage.h) speaks
// in the domain's terms and cannot carry what a move must keep exactly:
// import history, undone versions, the audit chain's hashes, identities. So
// the move copies tables, column by column, and both adapters offer this
// small interface over their own connection library (nothing outside
// storage/sqlite and storage/postgres sees sqlite3.h or libpqxx).
//
// Values travel in one canonical form per column kind, the same whichever
// back end reads them, so the copy can be verified by digests computed on
// both sides: a boolean is 0/1 (SQLite stores integers), a time is the
// port's ISO 8601 UTC text (SQLite stores text, PostgreSQL timestamptz), a
// JSON value is text, a blob is its bytes.
#ifndef JIAODU_STORAGE_TABLE_COPY_H_
#define JIAODU_STORAGE_TABLE_COPY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::table_copy {

// kTextList / kIntList: PostgreSQL text[] / integer[], which SQLite keeps as
// one TEXT (the list joined by a newline / a comma, as the SQLite adapter
// writes it); the canonical form is that joined text.
enum class Kind : uint8_t { kInt, kReal, kText, kBlob, kBool, kTime, kJson, kTextList, kIntList };

struct Column {
  std::string name;
  Kind kind = Kind::kText;  // as this back end declares it
  bool identity = false;    // generated ids (PostgreSQL identity / serial)
};

struct Table {
  std::string name;
  std::vector<Column> columns;  // in declaration order
};

struct Value {
  bool null = true;
  int64_t i = 0;  // kInt, kBool (0/1)
  double d = 0;   // kReal
  std::string s;  // kText, kTime, kJson, the lists, kBlob (raw bytes)
};

using RowFn = std::function<Status(std::span<const Value> row)>;

// One open database. Reading and writing happen on one connection; a copy
// writes inside Begin/Commit, so it lands whole or not at all.
class Database {
 public:
  virtual ~Database() = default;
  // The data tables, in an order in which each table's rows may be written
  // after those of the tables it references; without the back end's own
  // bookkeeping (schema_migrations, sqlite_sequence).
  virtual Result<std::vector<Table>> Tables() = 0;
  // Every row of `table`, each column read as `kinds[k]` (the kinds agreed
  // for the copy, which may differ from this side's declaration: a SQLite
  // INTEGER column read as kBool, a TEXT one as kTime).
  virtual Status Read(const std::string& table, std::span<const Column> columns,
                      const RowFn& on_row) = 0;
  virtual Result<int64_t> Count(const std::string& table) = 0;

  virtual Status Begin() = 0;
  virtual Status Clear(const std::string& table) = 0;
  // Writes rows produced by `produce`, which calls `write` once per row.
  virtual Status Write(const std::string& table, std::span<const Column> columns,
                       const std::function<Status(const RowFn& write)>& produce) = 0;
  // After explicit ids were written: the next generated id of each identity
  // column follows the largest written.
  virtual Status ResetIdentities(const Table& table) = 0;
  virtual Status Commit() = 0;
};

}  // namespace jiaodu::table_copy

#endif  // JIAODU_STORAGE_TABLE_COPY_H_
