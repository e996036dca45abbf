// File: jiaodu/storage/sqlite/migrations.h  (internal)
//
// Versioned schema migrations. Never edit a released migration: append a
// new one. Each runs in its own transaction and is recorded in
// schema_migrations.
#ifndef JIAODU_STORAGE_SQLITE_MIGRATIONS_H_
#define JIAODU_STORAGE_SQLITE_MIGRATIONS_H_

#include <span>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu::sqlite {

class Db;

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
  // A data conversion SQL cannot express, run after `sql` in the same
  // transaction (nullptr: none).
  Status (*then)(Db& db) = nullptr;
};

std::span<const Migration> Migrations();

}  // namespace jiaodu::sqlite

#endif  // JIAODU_STORAGE_SQLITE_MIGRATIONS_H_
