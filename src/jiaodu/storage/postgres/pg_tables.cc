#include "jiaodu/storage/postgres/pg_tables.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "jiaodu/storage/common/storage_common.h"
#include "jiaodu/storage/postgres/pg_copy.h"
#include "jiaodu/storage/postgres/pg_util.h"

namespace jiaodu {
namespace {

using table_copy::Column;
using table_copy::Kind;
using table_copy::Value;

constexpr int kFetchRows = 5000;

std::string Quote(std::string_view name) { return fmt::format("\"{}\"", name); }

Result<Kind> KindOfType(std::string_view table, std::string_view column, std::string_view type) {
  if (type == "bigint" || type == "integer" || type == "smallint") return Kind::kInt;
  if (type == "boolean") return Kind::kBool;
  if (type == "double precision" || type == "real") return Kind::kReal;
  if (type == "text" || type.starts_with("character varying")) return Kind::kText;
  if (type == "bytea") return Kind::kBlob;
  if (type == "timestamp with time zone") return Kind::kTime;
  if (type == "jsonb" || type == "json") return Kind::kJson;
  if (type == "text[]") return Kind::kTextList;
  if (type == "integer[]" || type == "bigint[]") return Kind::kIntList;
  return Fail(ErrorCode::kInternal, "transfer.unsupported_type",
              Text(fmt::format("表 {} 的列 {} 的类型 {} 不在迁移支持的范围内", table, column, type),
                   fmt::format("table {}, column {}: type {} is not supported by the copy", table,
                               column, type)));
}

// The SELECT expression that reads `c` in its canonical form.
std::string ReadExpr(const Column& c) {
  const std::string q = Quote(c.name);
  switch (c.kind) {
    case Kind::kBool:
      return q + "::int";
    case Kind::kTime:
      return pg::Iso(q);
    case Kind::kJson:
      return q + "::text";
    case Kind::kBlob:
      return fmt::format("encode({}, 'hex')", q);
    case Kind::kTextList:
      return fmt::format("array_to_string({}, E'\\n')", q);
    case Kind::kIntList:
      return fmt::format("array_to_string({}, ',')", q);
    case Kind::kInt:
    case Kind::kReal:
    case Kind::kText:
      return q;
  }
  return q;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (size_t at = 0;;) {
    const size_t end = s.find(sep, at);
    out.emplace_back(s.substr(at, end == std::string_view::npos ? s.npos : end - at));
    if (end == std::string_view::npos) return out;
    at = end + 1;
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class PgTables final : public table_copy::Database {
 public:
  explicit PgTables(std::unique_ptr<pqxx::connection> conn) : conn_(std::move(conn)) {}

  Result<std::vector<table_copy::Table>> Tables() override {
    return pg::Guarded("tables", [&]() -> Result<std::vector<table_copy::Table>> {
      pqxx::read_transaction tx(*conn_);
      // Creation order first (the migrations create a table after those it
      // references), then moved so that every table follows the tables its
      // foreign keys name.
      std::vector<std::string> names;
      for (const auto& r :
           tx.exec("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE c.relkind = 'r' AND n.nspname = current_schema() "
                   "AND c.relname <> 'schema_migrations' ORDER BY c.oid")) {
        names.push_back(r[0].c_str());
      }
      std::map<std::string, std::set<std::string>> refs;
      for (const auto& r :
           tx.exec("SELECT c.relname, p.relname FROM pg_constraint k "
                   "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE k.contype = 'f' AND n.nspname = current_schema()")) {
        if (std::string(r[0].c_str()) != r[1].c_str()) refs[r[0].c_str()].insert(r[1].c_str());
      }
      std::vector<table_copy::Table> out;
      std::set<std::string> placed;
      while (placed.size() < names.size()) {
        bool progress = false;
        for (const std::string& n : names) {
          if (placed.contains(n)) continue;
          bool ready = true;
          for (const std::string& parent : refs[n]) ready = ready && placed.contains(parent);
          if (!ready) continue;
          placed.insert(n);
          out.push_back({n, {}});
          progress = true;
        }
        if (!progress) {
          return Fail(ErrorCode::kInternal, "transfer.foreign_key_cycle",
                      Text("数据库的外键构成环，无法确定复制顺序",
                           "the foreign keys form a cycle: no order to copy the tables in"));
        }
      }
      for (table_copy::Table& t : out) {
        const pqxx::result cols = tx.exec_params(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
            "a.attidentity <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid), '') LIKE "
            "'nextval(%' "
            "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = "
            "a.attnum WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum",
            Quote(t.name));
        for (const auto& r : cols) {
          const std::string name = r[0].c_str();
          Kind kind = JIAODU_TRY(KindOfType(t.name, name, r[1].c_str()));
          t.columns.push_back({name, kind, r[2].as<bool>()});
        }
      }
      return out;
    });
  }

  Status Read(const std::string& table, std::span<const Column> columns,
              const table_copy::RowFn& on_row) override {
    return pg::Guarded("read " + table, [&]() -> Status {
      pqxx::read_transaction tx(*conn_);
      std::string exprs;
      for (const Column& c : columns) {
        if (!exprs.empty()) exprs += ", ";
        exprs += ReadExpr(c);
      }
      tx.exec0(fmt::format("DECLARE jiaodu_copy NO SCROLL CURSOR FOR SELECT {} FROM {}", exprs,
                           Quote(table)));
      std::vector<Value> row(columns.size());
      for (;;) {
        const pqxx::result part = tx.exec(fmt::format("FETCH {} FROM jiaodu_copy", kFetchRows));
        for (const auto& r : part) {
          for (size_t k = 0; k < columns.size(); ++k) {
            const auto f = r[static_cast<int>(k)];
            Value& v = row[k];
            v.null = f.is_null();
            if (v.null) continue;
            const std::string_view text(f.c_str(), f.size());
            JIAODU_TRY_STATUS(Decode(table, columns[k], text, v));
          }
          JIAODU_TRY_STATUS(on_row(row));
        }
        if (part.size() < static_cast<size_t>(kFetchRows)) break;
      }
      tx.exec0("CLOSE jiaodu_copy");
      return Ok();
    });
  }

  Result<int64_t> Count(const std::string& table) override {
    return pg::Guarded("count " + table, [&]() -> Result<int64_t> {
      pqxx::read_transaction tx(*conn_);
      return tx.exec1(fmt::format("SELECT COUNT(*) FROM {}", Quote(table)))[0].as<int64_t>();
    });
  }

  Status Begin() override {
    return pg::Guarded("begin", [&]() -> Status {
      tx_ = std::make_unique<pqxx::work>(*conn_);
      return Ok();
    });
  }
  Status Clear(const std::string& table) override {
    return pg::Guarded("clear " + table, [&]() -> Status {
      tx_->exec0(fmt::format("DELETE FROM {}", Quote(table)));
      return Ok();
    });
  }
  Status Write(const std::string& table, std::span<const Column> columns,
               const std::function<Status(const table_copy::RowFn&)>& produce) override {
    return pg::Guarded("write " + table, [&]() -> Status {
      std::vector<std::string> names;
      for (const Column& c : columns) names.push_back(c.name);
      pg::CopyWriter out(*tx_, Quote(table), names);
      std::string scratch;
      JIAODU_TRY_STATUS(produce([&](std::span<const Value> row) -> Status {
        for (size_t k = 0; k < columns.size(); ++k) {
          const Value& v = row[k];
          if (v.null) {
            out.Null();
            continue;
          }
          switch (columns[k].kind) {
            case Kind::kInt:
              out.Int(v.i);
              break;
            case Kind::kBool:
              out.Text(v.i != 0 ? "t" : "f");
              break;
            case Kind::kReal:
              out.Text(std::isnan(v.d)   ? std::string("NaN")
                       : std::isinf(v.d) ? std::string(v.d > 0 ? "Infinity" : "-Infinity")
                                         : fmt::format("{}", v.d));
              break;
            case Kind::kBlob:
              scratch = "\\x";
              for (char c : v.s) {
                const auto b = static_cast<unsigned char>(c);
                scratch.push_back("0123456789abcdef"[b >> 4]);
                scratch.push_back("0123456789abcdef"[b & 15]);
              }
              out.Text(scratch);
              break;
            case Kind::kText:
            case Kind::kTime:
            case Kind::kJson:
              out.Text(v.s);
              break;
            case Kind::kTextList:
            case Kind::kIntList: {
              std::vector<std::string> items;
              if (!v.s.empty()) items = Split(v.s, columns[k].kind == Kind::kTextList ? '\n' : ',');
              out.Text(pg::TextArray(items));  // integer[] reads quoted digits too
              break;
            }
          }
        }
        out.EndRow();
        return Ok();
      }));
      out.Complete();
      return Ok();
    });
  }
  Status ResetIdentities(const table_copy::Table& table) override {
    return pg::Guarded("identities " + table.name, [&]() -> Status {
      for (const Column& c : table.columns) {
        if (!c.identity) continue;
        // Empty: the next id is 1; otherwise the one after the largest.
        tx_->exec1(fmt::format(
            "SELECT setval(pg_get_serial_sequence('{0}', '{1}'), GREATEST(COALESCE(MAX({2}), 0), "
            "1), COALESCE(MAX({2}), 0) > 0) FROM {0}",
            Quote(table.name), c.name, Quote(c.name)));
      }
      return Ok();
    });
  }
  Status Commit() override {
    return pg::Guarded("commit", [&]() -> Status {
      tx_->commit();
      tx_.reset();
      return Ok();
    });
  }

 private:
  static Status Decode(const std::string& table, const Column& c, std::string_view text, Value& v) {
    auto bad = [&] { return tl::unexpected(storage_common::BadCopyValue(table, c.name, text)); };
    switch (c.kind) {
      case Kind::kInt:
      case Kind::kBool: {
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v.i);
        if (ec != std::errc() || end != text.data() + text.size()) return bad();
        return Ok();
      }
      case Kind::kReal: {
        // PostgreSQL 12+ prints float8 in the shortest form that reads back
        // exactly (extra_float_digits = 1).
        if (text == "NaN") {
          v.d = std::nan("");
        } else if (text == "Infinity" || text == "-Infinity") {
          v.d = text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
        } else {
          auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v.d);
          if (ec != std::errc() || end != text.data() + text.size()) return bad();
        }
        return Ok();
      }
      case Kind::kBlob: {
        if (text.size() % 2 != 0) return bad();
        v.s.resize(text.size() / 2);
        for (size_t i = 0; i < v.s.size(); ++i) {
          const int hi = HexDigit(text[2 * i]), lo = HexDigit(text[2 * i + 1]);
          if (hi < 0 || lo < 0) return bad();
          v.s[i] = static_cast<char>(hi * 16 + lo);
        }
        return Ok();
      }
      case Kind::kText:
      case Kind::kTime:
      case Kind::kJson:
      case Kind::kTextList:
      case Kind::kIntList:
        v.s.assign(text);
        return Ok();
    }
    return Ok();
  }

  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::work> tx_;
};

}  // namespace

Result<std::unique_ptr<table_copy::Database>> OpenPgTables(const std::string& url) {
  return pg::Guarded("connect", [&]() -> Result<std::unique_ptr<table_copy::Database>> {
    auto conn = std::make_unique<pqxx::connection>(url);
    return std::unique_ptr<table_copy::Database>(std::make_unique<PgTables>(std::move(conn)));
  });
}

}  // namespace jiaodu
