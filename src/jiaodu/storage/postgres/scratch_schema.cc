#include "jiaodu/storage/postgres/scratch_schema.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <pqxx/pqxx>

#include "jiaodu/storage/postgres/pg_util.h"

namespace jiaodu {
namespace {

bool IsIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Error BadName(std::string_view name) {
  return Error{ErrorCode::kInvalidInput,
               "storage.postgres",
               Text(fmt::format("模式名“{}”只能由小写字母、数字和下划线组成", name),
                    fmt::format("schema name \"{}\" must be [a-z0-9_]", name)),
               {},
               {}};
}

}  // namespace

Status ExecSql(std::string_view url, std::string_view sql) {
  return pg::Guarded("exec", [&]() -> Status {
    pqxx::connection conn{std::string(url)};
    conn.set_variable("client_min_messages", "warning");
    pqxx::nontransaction tx(conn);
    tx.exec(std::string(sql));
    return Ok();
  });
}

Result<ScratchSchema> CreateScratchSchema(std::string_view url, std::string_view prefix) {
  if (!IsIdentifier(prefix)) return Fail(BadName(prefix));
  static std::atomic<int> counter{0};
  ScratchSchema s;
  s.schema = fmt::format("{}_{}_{}", prefix, ::getpid(), counter++);
  // A schema left by an earlier process with the same pid is stale.
  JIAODU_TRY_STATUS(
      ExecSql(url, fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}", s.schema)));
  s.url = pg::WithSearchPath(url, s.schema);
  return s;
}

Status DropScratchSchema(std::string_view url, std::string_view schema) {
  if (!IsIdentifier(schema)) return Fail(BadName(schema));
  return ExecSql(url, fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", schema));
}

}  // namespace jiaodu
