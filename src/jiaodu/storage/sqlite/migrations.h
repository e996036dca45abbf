// File: jiaodu/storage/sqlite/migrations.h  (internal)
//
// Versioned schema migrations. Never edit a released migration: append a
// new one. Each runs in its own transaction and is recorded in
// schema_migrations.
#ifndef JIAODU_STORAGE_SQLITE_MIGRATIONS_H_
#define JIAODU_STORAGE_SQLITE_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace jiaodu::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> Migrations();

}  // namespace jiaodu::sqlite

#endif  // JIAODU_STORAGE_SQLITE_MIGRATIONS_H_
