#include "jiaodu/storage/transfer/transfer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "jiaodu/auth/sha256.h"
#include "jiaodu/storage/postgres/pg_tables.h"
#include "jiaodu/storage/sqlite/sqlite_tables.h"

namespace jiaodu {
namespace {

using table_copy::Column;
using table_copy::Kind;
using table_copy::Table;
using table_copy::Value;

// Live credentials stay behind (M3).
bool Skipped(const std::string& table) { return table == "sessions"; }

Error Mismatch(std::string zh, std::string en) {
  return Error{
      ErrorCode::kFailedPrecondition,
      "transfer.schema_mismatch",
      Text(fmt::format("两个数据库的结构不一致：{}。请用同一版本的 jiaodu 打开两边后再迁移", zh),
           fmt::format("the two databases differ in structure: {}; open both with the "
                       "same jiaodu build first",
                       en)),
      {},
      {}};
}

// The kind both sides can hold a column's values in. The declarations differ
// where SQLite has no type: booleans are INTEGER there, times and JSON are
// TEXT, and meta.value is TEXT holding an integer.
std::optional<Kind> Agree(Kind a, Kind b) {
  if (a == b) return a;
  auto either = [&](Kind x, Kind y) { return (a == x && b == y) || (a == y && b == x); };
  if (either(Kind::kInt, Kind::kBool)) return Kind::kBool;
  if (either(Kind::kText, Kind::kTime)) return Kind::kTime;
  if (either(Kind::kText, Kind::kJson)) return Kind::kJson;
  if (either(Kind::kText, Kind::kTextList)) return Kind::kTextList;
  if (either(Kind::kText, Kind::kIntList)) return Kind::kIntList;
  if (either(Kind::kText, Kind::kInt)) return Kind::kInt;
  if (either(Kind::kInt, Kind::kReal)) return Kind::kReal;
  return std::nullopt;
}

// The one column spelled differently: PostgreSQL reserves `user`.
std::string_view OtherSpelling(std::string_view name) {
  if (name == "user") return "user_name";
  if (name == "user_name") return "user";
  return {};
}

struct Plan {
  Table target;                 // as the target declares it (identities, order)
  std::vector<Column> columns;  // the target's columns with the agreed kinds
  std::vector<Column> source;   // the same columns as the source spells them
};

Result<std::vector<Plan>> PlanCopy(const std::vector<Table>& from, const std::vector<Table>& to) {
  std::map<std::string, const Table*> source;
  for (const Table& t : from) {
    if (!Skipped(t.name)) source[t.name] = &t;
  }
  std::vector<Plan> plans;
  for (const Table& t : to) {
    if (Skipped(t.name)) continue;
    auto it = source.find(t.name);
    if (it == source.end()) {
      return tl::unexpected(Mismatch(fmt::format("表 {} 只在目标库中", t.name),
                                     fmt::format("table {} is only in the target", t.name)));
    }
    const Table& s = *it->second;
    Plan plan{t, {}, {}};
    for (const Column& c : t.columns) {
      auto sc = std::find_if(s.columns.begin(), s.columns.end(), [&](const Column& x) {
        return x.name == c.name || x.name == OtherSpelling(c.name);
      });
      if (sc == s.columns.end()) {
        return tl::unexpected(
            Mismatch(fmt::format("表 {} 的列 {} 只在目标库中", t.name, c.name),
                     fmt::format("column {}.{} is only in the target", t.name, c.name)));
      }
      auto kind = Agree(sc->kind, c.kind);
      if (!kind) {
        return tl::unexpected(Mismatch(
            fmt::format("表 {} 的列 {} 两边类型不同", t.name, c.name),
            fmt::format("column {}.{} has incompatible types on the two sides", t.name, c.name)));
      }
      plan.columns.push_back({c.name, *kind, c.identity});
      plan.source.push_back({sc->name, *kind, sc->identity});
    }
    if (s.columns.size() != t.columns.size()) {
      return tl::unexpected(
          Mismatch(fmt::format("表 {} 在源库中多出列", t.name),
                   fmt::format("table {} has more columns in the source", t.name)));
    }
    source.erase(it);
    plans.push_back(std::move(plan));
  }
  if (!source.empty()) {
    const std::string& name = source.begin()->first;
    return tl::unexpected(Mismatch(fmt::format("表 {} 只在源库中", name),
                                   fmt::format("table {} is only in the source", name)));
  }
  return plans;
}

// The canonical bytes of one row: per column a tag (0 = NULL) and the value
// as text with its length spelled out, so that no two rows share an
// encoding. Everything is text so that the two back ends' types do not
// matter: an integer in decimal (meta.value is TEXT in SQLite, bigint in
// PostgreSQL), a boolean as 0/1, a real in its shortest exact form.
void Encode(std::span<const Column> columns, std::span<const Value> row, std::string& out) {
  out.clear();
  auto put = [&](std::string_view text) {
    const uint64_t n = text.size();
    for (int b = 0; b < 8; ++b) out.push_back(static_cast<char>((n >> (8 * b)) & 0xff));
    out += text;
  };
  std::string scratch;
  for (size_t k = 0; k < columns.size(); ++k) {
    const Value& v = row[k];
    if (v.null) {
      out.push_back('\0');
      continue;
    }
    out.push_back('\1');
    switch (columns[k].kind) {
      case Kind::kInt:
      case Kind::kBool:
        put(fmt::format("{}", v.i));
        break;
      case Kind::kReal:
        put(fmt::format("{}", v.d == 0 ? 0.0 : v.d));  // -0 and 0 are one value
        break;
      case Kind::kJson:
      case Kind::kText: {
        // PostgreSQL's jsonb keeps neither key order nor spacing: JSON is
        // compared by value, and so is SQLite text holding a JSON object or
        // array (SQLite has no JSON type), so that digests of the two back
        // ends, and of a SQLite file before and after a trip through
        // PostgreSQL, compare equal.
        scratch.clear();
        if (columns[k].kind == Kind::kJson ||
            (!v.s.empty() && (v.s.front() == '{' || v.s.front() == '['))) {
          auto j = nlohmann::json::parse(v.s, nullptr, /*allow_exceptions=*/false);
          if (!j.is_discarded()) scratch = j.dump();
        }
        put(scratch.empty() ? v.s : scratch);
        break;
      }
      case Kind::kTime:
      case Kind::kBlob:
      case Kind::kTextList:
      case Kind::kIntList:
        put(v.s);
        break;
    }
  }
}

Result<TableDigest> Digest(table_copy::Database& db, const std::string& table,
                           std::span<const Column> columns) {
  std::vector<std::array<uint8_t, 32>> rows;
  std::string bytes;
  JIAODU_TRY_STATUS(db.Read(table, columns, [&](std::span<const Value> row) -> Status {
    Encode(columns, row, bytes);
    rows.push_back(auth::Sha256(bytes));
    return Ok();
  }));
  std::sort(rows.begin(), rows.end());
  std::string all;
  all.reserve(rows.size() * 32);
  for (const auto& r : rows) all.append(reinterpret_cast<const char*>(r.data()), r.size());
  return TableDigest{table, static_cast<int64_t>(rows.size()), auth::Sha256Hex(all)};
}

}  // namespace

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<std::unique_ptr<table_copy::Database>> OpenTables(const std::string& url) {
  return IsPostgresUrl(url) ? OpenPgTables(url) : OpenSqliteTables(url);
}

bool TransferReport::verified() const {
  return std::all_of(tables.begin(), tables.end(),
                     [](const TransferTable& t) { return t.agrees(); });
}

Result<TransferReport> CopyDatabase(table_copy::Database& from, table_copy::Database& to,
                                    const TransferProgress& progress) {
  const std::vector<Table> source_tables = JIAODU_TRY(from.Tables());
  const std::vector<Table> target_tables = JIAODU_TRY(to.Tables());
  const std::vector<Plan> plans = JIAODU_TRY(PlanCopy(source_tables, target_tables));
  // The target holds nothing yet but its bookkeeping (M1): a copy never
  // merges two installations.
  for (const Plan& p : plans) {
    if (p.target.name == "meta") continue;
    const int64_t n = JIAODU_TRY(to.Count(p.target.name));
    if (n > 0) {
      return Fail(ErrorCode::kFailedPrecondition, "transfer.target_not_empty",
                  Text(fmt::format("目标数据库不是空库（表 {} 已有 {} 行）：请迁移到新建的空数据库",
                                   p.target.name, n),
                       fmt::format("the target is not empty (table {} has {} rows): move into "
                                   "a new, empty database",
                                   p.target.name, n)));
    }
  }
  TransferReport report;
  JIAODU_TRY_STATUS(to.Begin());
  // Children first when clearing, parents first when writing.
  for (auto it = plans.rbegin(); it != plans.rend(); ++it) {
    JIAODU_TRY_STATUS(to.Clear(it->target.name));
  }
  for (size_t i = 0; i < plans.size(); ++i) {
    const Plan& p = plans[i];
    if (progress) progress(p.target.name, i, plans.size());
    JIAODU_TRY_STATUS(to.Write(p.target.name, p.columns, [&](const table_copy::RowFn& write) {
      return from.Read(p.target.name, p.source, [&](std::span<const Value> row) -> Status {
        ++report.rows;
        return write(row);
      });
    }));
    JIAODU_TRY_STATUS(to.ResetIdentities(p.target));
  }
  JIAODU_TRY_STATUS(to.Commit());
  // Read both sides again, in the same kinds.
  for (const Plan& p : plans) {
    TransferTable t;
    t.table = p.target.name;
    t.source = JIAODU_TRY(Digest(from, p.target.name, p.source));
    t.target = JIAODU_TRY(Digest(to, p.target.name, p.columns));
    report.tables.push_back(std::move(t));
  }
  return report;
}

Result<std::vector<TableDigest>> DigestDatabase(table_copy::Database& db) {
  std::vector<TableDigest> out;
  for (Table t : JIAODU_TRY(db.Tables())) {
    if (Skipped(t.name)) continue;
    // Columns by name: SQLite appends a column added later where PostgreSQL
    // declared it in place, and the spelling PostgreSQL needs for `user`
    // sorts where `user` does.
    auto key = [](const Column& c) {
      return OtherSpelling(c.name) == "user" ? std::string("user") : c.name;
    };
    std::sort(t.columns.begin(), t.columns.end(),
              [&](const Column& a, const Column& b) { return key(a) < key(b); });
    out.push_back(JIAODU_TRY(Digest(db, t.name, t.columns)));
  }
  std::sort(out.begin(), out.end(),
            [](const TableDigest& a, const TableDigest& b) { return a.table < b.table; });
  return out;
}

}  // namespace jiaodu
