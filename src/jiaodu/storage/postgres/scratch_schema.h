// File: jiaodu/storage/postgres/scratch_schema.h
//
// Throw-away schemas for the PostgreSQL tests and the benchmark: each test
// gets an empty schema of its own in the shared test database, so tests run
// in parallel and never see each other's rows.
//
//   auto scratch = CreateScratchSchema(url, "jiaodu_test");
//   auto storage = PostgresStorage::Open(scratch->url);
//   ...
//   DropScratchSchema(url, scratch->schema);
#ifndef JIAODU_STORAGE_POSTGRES_SCRATCH_SCHEMA_H_
#define JIAODU_STORAGE_POSTGRES_SCRATCH_SCHEMA_H_

#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu {

struct ScratchSchema {
  std::string schema;  // <prefix>_<pid>_<n>
  std::string url;     // the server URL with search_path set to it
};

// Creates a new empty schema named after `prefix` ([a-z0-9_]), this process
// and a counter, in the database at `url`.
Result<ScratchSchema> CreateScratchSchema(std::string_view url, std::string_view prefix);
// Drops `schema` and everything in it.
Status DropScratchSchema(std::string_view url, std::string_view schema);
// Runs `sql` on a connection of its own (autocommit), for tests that need
// to put a database into a particular state.
Status ExecSql(std::string_view url, std::string_view sql);

}  // namespace jiaodu

#endif  // JIAODU_STORAGE_POSTGRES_SCRATCH_SCHEMA_H_
