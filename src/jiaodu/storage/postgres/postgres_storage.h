// File: jiaodu/storage/postgres/postgres_storage.h
//
// The PostgreSQL adapter (libpqxx 6.4), for a bureau that runs several
// servers or many users on one database. Same behaviour as SqliteStorage
// through the port (the storage suite runs on both); how to run it and how
// its schema differs: docs/postgres.md.
//
//   auto storage = PostgresStorage::Open("postgresql://jiaodu:pw@127.0.0.1:5433/jiaodu");
//
// The schema lives in the first schema of the session's search_path
// (normally public; `?options=-csearch_path%3Dname` in the URL selects
// another) and is migrated on open.
#ifndef JIAODU_STORAGE_POSTGRES_POSTGRES_STORAGE_H_
#define JIAODU_STORAGE_POSTGRES_POSTGRES_STORAGE_H_

#include <memory>
#include <string_view>

#include "jiaodu/storage/storage.h"

namespace jiaodu {

class PostgresStorage {
 public:
  // Connects to `url` (a libpq connection URI, or a key=value string) and
  // migrates to the current schema. Refuses a database that is not UTF8 or
  // whose schema is newer than this build knows (storage.schema_newer);
  // a failed connection is storage.open (the password never appears in
  // messages).
  static Result<std::unique_ptr<Storage>> Open(std::string_view url);
  // The schema version this build migrates to (PostgreSQL's own numbering).
  static int SchemaVersion();
};

}  // namespace jiaodu

#endif  // JIAODU_STORAGE_POSTGRES_POSTGRES_STORAGE_H_
