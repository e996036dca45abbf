// File: jiaodu/storage/sqlite/sqlite_tables.h
//
// The SQLite side of a whole-database copy (storage/table_copy.h). Open the
// file with SqliteStorage first so that it is at this build's schema; this
// connection then reads and writes its tables row by row. Foreign keys are
// not enforced on it (SQLite's default), so tables may be written in any
// order; PostgreSQL, which always enforces them, decides the order.
#ifndef JIAODU_STORAGE_SQLITE_SQLITE_TABLES_H_
#define JIAODU_STORAGE_SQLITE_SQLITE_TABLES_H_

#include <memory>
#include <string>

#include "jiaodu/core/error.h"
#include "jiaodu/storage/table_copy.h"

namespace jiaodu {

Result<std::unique_ptr<table_copy::Database>> OpenSqliteTables(const std::string& path);

}  // namespace jiaodu

#endif  // JIAODU_STORAGE_SQLITE_SQLITE_TABLES_H_
