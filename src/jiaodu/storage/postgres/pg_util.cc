#include "jiaodu/storage/postgres/pg_util.h"

#include <fmt/format.h>

#include <pqxx/pqxx>
#include <regex>

namespace jiaodu::pg {
namespace {

Error Make(ErrorCode code, std::string id, std::string_view what, std::string_view msg) {
  // libpq ends its messages with a newline; the server's start with "ERROR:  ".
  std::string m(msg);
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  for (std::string_view prefix : {"ERROR:  ", "FATAL:  "}) {
    if (m.rfind(prefix, 0) == 0) m.erase(0, prefix.size());
  }
  return Error{code,
               std::move(id),
               Text(fmt::format("数据库操作失败（{}）：{}", what, m),
                    fmt::format("database error ({}): {}", what, m)),
               {},
               {}};
}

}  // namespace

Error CurrentError(std::string_view what) {
  try {
    throw;
  } catch (const pqxx::transaction_rollback& e) {
    // Serialisation failures and deadlocks: retrying later succeeds, like
    // SQLite's SQLITE_BUSY.
    return Make(ErrorCode::kFailedPrecondition, "storage.busy", what, e.what());
  } catch (const pqxx::broken_connection& e) {
    return Make(ErrorCode::kIo, "storage.postgres", what,
                fmt::format("与数据库的连接已断开 / connection lost: {}", e.what()));
  } catch (const pqxx::sql_error& e) {
    const std::string& state = e.sqlstate();
    if (state == "23505") return Make(ErrorCode::kConflict, "storage.duplicate", what, e.what());
    if (state.rfind("23", 0) == 0) {
      return Make(ErrorCode::kConflict, "storage.constraint", what, e.what());
    }
    // lock_not_available, query_canceled (statement_timeout).
    if (state == "55P03" || state == "57014") {
      return Make(ErrorCode::kFailedPrecondition, "storage.busy", what, e.what());
    }
    // data_corrupted, index_corrupted.
    if (state == "XX001" || state == "XX002") {
      return Make(ErrorCode::kCorrupt, "storage.corrupt", what, e.what());
    }
    return Make(ErrorCode::kIo, "storage.postgres", what, e.what());
  } catch (const std::exception& e) {
    return Make(ErrorCode::kIo, "storage.postgres", what, e.what());
  } catch (...) {
    return Make(ErrorCode::kInternal, "storage.postgres", what, "unknown exception");
  }
}

namespace {

template <typename T, typename Put>
std::string Array(std::span<const T> items, Put put) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    put(out, items[i]);
  }
  out.push_back('}');
  return out;
}

}  // namespace

std::string TextArray(std::span<const std::string> items) {
  return Array(items, [](std::string& out, const std::string& s) {
    out.push_back('"');
    for (char c : s) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  });
}

std::string IntArray(std::span<const int64_t> items) {
  return Array(items, [](std::string& out, int64_t v) { out += std::to_string(v); });
}

std::string Iso(std::string_view column) {
  return fmt::format(R"(to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))", column);
}

namespace {

bool IsUri(std::string_view url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

}  // namespace

std::string WithSearchPath(std::string_view url, std::string_view schema) {
  std::string out(url);
  if (IsUri(url)) {
    // -c search_path=<schema>, percent-encoded for the URI's query.
    out += url.find('?') == std::string_view::npos ? '?' : '&';
    out += fmt::format("options=-csearch_path%3D{}", schema);
  } else {
    out += fmt::format(" options='-csearch_path={}'", schema);
  }
  return out;
}

std::string Redact(std::string_view url) {
  // scheme://user:password@host → scheme://user:***@host; and a password
  // given as a key (password=… in a key/value string or a URI's query).
  static const std::regex kUri(R"(^([a-z]+://[^:/@?]*:)[^@/?]*@)");
  static const std::regex kKey(R"(password\s*=\s*('([^'\\]|\\.)*'|[^&\s]+))");
  std::string s =
      std::regex_replace(std::string(url), kUri, "$1***@", std::regex_constants::format_first_only);
  return std::regex_replace(s, kKey, "password=***");
}

}  // namespace jiaodu::pg
