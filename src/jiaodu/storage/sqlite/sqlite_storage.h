// File: jiaodu/storage/sqlite/sqlite_storage.h
//
// The embedded default: one SQLite file in WAL mode, schema migrated on
// open. ":memory:" gives a private in-memory database (tests).
//
//   auto storage = SqliteStorage::Open("var/jiaodu.db");
#ifndef JIAODU_STORAGE_SQLITE_SQLITE_STORAGE_H_
#define JIAODU_STORAGE_SQLITE_SQLITE_STORAGE_H_

#include <memory>
#include <string>

#include "jiaodu/storage/storage.h"

namespace jiaodu {

class SqliteStorage {
 public:
  // Opens (creating if needed) and migrates to the current schema. Refuses
  // a database whose schema is newer than this build knows.
  static Result<std::unique_ptr<Storage>> Open(const std::string& path);
  // The schema version this build migrates to.
  static int SchemaVersion();
};

}  // namespace jiaodu

#endif  // JIAODU_STORAGE_SQLITE_SQLITE_STORAGE_H_
