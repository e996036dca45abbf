// File: jiaodu/storage/postgres/pg_migrations.h  (internal)
//
// The PostgreSQL schema as versioned migrations, numbered on their own
// (the SQLite adapter has its own history). Never edit a released
// migration: append a new one. Each runs in its own transaction, holding an
// advisory lock so two servers starting together do not both migrate, and
// is recorded in schema_migrations.
#ifndef JIAODU_STORAGE_POSTGRES_PG_MIGRATIONS_H_
#define JIAODU_STORAGE_POSTGRES_PG_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace pqxx {
class transaction_base;
}

namespace jiaodu::pg {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
  // A data conversion SQL cannot express, run after `sql` in the same
  // transaction (nullptr: none).
  void (*then)(pqxx::transaction_base& tx) = nullptr;
};

std::span<const Migration> Migrations();

}  // namespace jiaodu::pg

#endif  // JIAODU_STORAGE_POSTGRES_PG_MIGRATIONS_H_
