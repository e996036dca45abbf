// File: jiaodu/storage/transfer/transfer.h
//
// Moving a whole installation between databases: SQLite → PostgreSQL when a
// bureau outgrows the laptop set-up, PostgreSQL → SQLite for an archive or a
// copy to inspect (`jiaodu db export` / `jiaodu db import`,
// docs/postgres.md "Moving a database"). Every table is copied row by row,
// ids included, so import history, undone versions, the audit chain and its
// hashes arrive exactly as they were; then both sides are read again and
// compared table by table (row count and a digest of the rows).
//
//   auto from = OpenSqliteTables("var/demo.db");      // both opened by their
//   auto to = OpenPgTables("postgresql://…");          // storage adapter first
//   auto report = CopyDatabase(**from, **to, {});
//   if (report && report->verified()) …
//
// Decisions (docs/postgres.md, M1–M4): the target must hold no data (a
// fresh, migrated database; its meta row is replaced); both sides must be
// at this build's schema, so table and column names agree; sessions are not
// copied (they are live credentials: after a move everyone logs in again);
// the copy is one transaction on the target, so it lands whole or not at all.
#ifndef JIAODU_STORAGE_TRANSFER_TRANSFER_H_
#define JIAODU_STORAGE_TRANSFER_TRANSFER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/storage/table_copy.h"

namespace jiaodu {

struct TableDigest {
  std::string table;
  int64_t rows = 0;
  // SHA-256 (hex) of the sorted SHA-256 digests of the rows, each row in the
  // canonical form of table_copy.h: independent of the order a back end
  // returns rows in, sensitive to every value, and to a row lost or doubled.
  std::string digest;
};

struct TransferTable {
  std::string table;
  TableDigest source;
  TableDigest target;
  bool agrees() const { return source.rows == target.rows && source.digest == target.digest; }
};

struct TransferReport {
  std::vector<TransferTable> tables;  // in the order they were written
  int64_t rows = 0;                   // copied in all
  bool verified() const;
};

// Called before each table is copied.
using TransferProgress = std::function<void(const std::string& table, size_t index, size_t count)>;

// --db is a SQLite file or a PostgreSQL URL, told apart by the text.
bool IsPostgresUrl(std::string_view url);
// Row-level access to the database at `url` (sqlite_tables.h or pg_tables.h).
Result<std::unique_ptr<table_copy::Database>> OpenTables(const std::string& url);

// Copies every table of `from` into `to` and verifies the copy.
// transfer.schema_mismatch when a table or column is on one side only (the
// two were not opened by the same build), transfer.target_not_empty when `to`
// holds data, transfer.bad_value when a value cannot take the other side's
// type. A verification that fails is not an error: the report says which
// tables disagree.
Result<TransferReport> CopyDatabase(table_copy::Database& from, table_copy::Database& to,
                                    const TransferProgress& progress = {});

// The digest of every table (sessions excluded), tables and columns by name,
// for `jiaodu db digest`: the same database gives the same digests on
// either back end, so a move can be checked again later, or against a
// record kept elsewhere.
Result<std::vector<TableDigest>> DigestDatabase(table_copy::Database& db);

}  // namespace jiaodu

#endif  // JIAODU_STORAGE_TRANSFER_TRANSFER_H_
