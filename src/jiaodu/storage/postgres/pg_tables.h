// File: jiaodu/storage/postgres/pg_tables.h
//
// The PostgreSQL side of a whole-database copy (storage/table_copy.h), in the
// first schema of the URL's search_path. Open the database with
// PostgresStorage first so that it is at this build's schema. Tables come in
// foreign-key order (a table after those it references), because
// PostgreSQL checks every reference as the rows arrive; rows are read through
// a cursor, a few thousand at a time, so a city's million 学籍号 never sit in
// memory twice; rows are written with COPY.
#ifndef JIAODU_STORAGE_POSTGRES_PG_TABLES_H_
#define JIAODU_STORAGE_POSTGRES_PG_TABLES_H_

#include <memory>
#include <string>

#include "jiaodu/core/error.h"
#include "jiaodu/storage/table_copy.h"

namespace jiaodu {

Result<std::unique_ptr<table_copy::Database>> OpenPgTables(const std::string& url);

}  // namespace jiaodu

#endif  // JIAODU_STORAGE_POSTGRES_PG_TABLES_H_
