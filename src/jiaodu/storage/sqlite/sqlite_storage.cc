#include "jiaodu/storage/sqlite/sqlite_storage.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "jiaodu/storage/codec/fitness_blob.h"
#include "jiaodu/storage/codec/quality_blob.h"
#include "jiaodu/storage/common/review_common.h"
#include "jiaodu/storage/common/storage_common.h"
#include "jiaodu/storage/sqlite/migrations.h"
#include "jiaodu/storage/sqlite/review_store.h"
#include "jiaodu/storage/sqlite/school_eval_store.h"
#include "jiaodu/storage/sqlite/sqlite_db.h"

namespace jiaodu {
namespace {

using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

constexpr std::string_view kNow = "strftime('%Y-%m-%dT%H:%M:%SZ','now')";

namespace sc = storage_common;

constexpr std::string_view kAuditColumns =
    "seq, time, actor, role, from_addr, action, object_kind, object_id, object_area, old_value, "
    "new_value, reason, outcome, prev_hash, hash";
constexpr std::string_view kAccountColumns =
    "login, display_name, role, county, schools, password_hash, must_change_password, "
    "password_changed_at, failures, locked_until, disabled";

std::string JoinLines(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back(sep);
    out += v[i];
  }
  return out;
}

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find(sep, start);
    out.emplace_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

Error Corrupt(std::string_view what, std::string_view value) {
  return Error{ErrorCode::kCorrupt,
               "storage.bad_value",
               Text(fmt::format("数据库中的{}“{}”无法识别", what, value),
                    fmt::format("unrecognised {} \"{}\" in the database", what, value)),
               {},
               {}};
}

// One row of the 学籍号 index before it is written (see ApplyFitnessImport).
struct IdEntry {
  int64_t key = 0;  // StudentKey(学籍号)
  int64_t set_id = 0;
  int64_t seq = 0;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Catalog index by field id, built once per load.
class FieldLookup {
 public:
  explicit FieldLookup(const FieldCatalog& c) {
    for (size_t i = 0; i < c.size(); ++i) index_.emplace(c.at(i).id, i);
  }
  std::optional<size_t> Find(std::string_view id) const {
    auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> index_;
};

// {"students":1234,"equipment_value":3005000}: field ids are [a-z0-9_] (the
// catalog loader enforces it), values the shortest decimal that round-trips.
std::string EncodeValues(const FieldValues& values, const FieldCatalog* catalog) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    auto v = values.Get(i);
    if (!v) continue;
    if (out.size() > 1) out.push_back(',');
    fmt::format_to(std::back_inserter(out), "\"{}\":{}", catalog->at(i).id, *v);
  }
  out.push_back('}');
  return out;
}

// The inverse, for exactly what EncodeValues writes. Ids the catalog does
// not know are skipped (a newer catalog may have added fields).
Status DecodeValues(std::string_view text, const FieldLookup& lookup, FieldValues& out) {
  auto bad = [&] { return Fail(Corrupt("数值记录", text.substr(0, 80))); };
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
  };
  skip_ws();
  if (i >= text.size() || text[i] != '{') return bad();
  ++i;
  skip_ws();
  if (i < text.size() && text[i] == '}') return Ok();
  for (;;) {
    skip_ws();
    if (i >= text.size() || text[i] != '"') return bad();
    size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos) return bad();
    std::string_view key = text.substr(i + 1, end - i - 1);
    i = end + 1;
    skip_ws();
    if (i >= text.size() || text[i] != ':') return bad();
    ++i;
    skip_ws();
    double v = 0;
    auto [p, ec] = std::from_chars(text.data() + i, text.data() + text.size(), v);
    if (ec != std::errc()) return bad();
    i = static_cast<size_t>(p - text.data());
    if (auto f = lookup.Find(key); f && *f < out.size()) out.Set(*f, v);
    skip_ws();
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    if (i < text.size() && text[i] == '}') return Ok();
    return bad();
  }
}

// One stored version: its row id and what it is a version of (school code
// or county, year, dataset).
struct VersionKey {
  int64_t id = 0;
  std::string key;
  int64_t year = 0;
  std::string dataset;
};

class SqliteStorageImpl final : public Storage {
 public:
  explicit SqliteStorageImpl(Db db, std::string path)
      : db_(std::move(db)), path_(std::move(path)) {}

  Status Init() {
    JIAODU_TRY_STATUS(db_.Exec("PRAGMA journal_mode=WAL"));
    JIAODU_TRY_STATUS(db_.Exec("PRAGMA synchronous=NORMAL"));
    JIAODU_TRY_STATUS(db_.Exec("PRAGMA foreign_keys=ON"));
    JIAODU_TRY_STATUS(db_.Exec("PRAGMA busy_timeout=5000"));
    return Migrate();
  }

  std::string Describe() override {
    return fmt::format("SQLite {} (schema v{})", path_, SqliteStorage::SchemaVersion());
  }

  Result<std::vector<Area>> ListAreas() override {
    std::lock_guard lock(mu_);
    auto st =
        JIAODU_TRY(db_.Prepare("SELECT code, name, level, parent_code FROM areas ORDER BY code"));
    std::vector<Area> out;
    while (JIAODU_TRY(st.Step())) {
      Area a;
      a.code = st.Text(0);
      a.name = st.Text(1);
      auto lvl = ParseAreaLevel(st.TextView(2));
      if (!lvl) return Fail(Corrupt("区划层级", st.TextView(2)));
      a.level = *lvl;
      a.parent_code = st.IsNull(3) ? "" : st.Text(3);
      out.push_back(std::move(a));
    }
    return out;
  }

  Result<std::vector<School>> ListSchools(std::string_view county) override {
    std::lock_guard lock(mu_);
    std::string sql =
        "SELECT code, name, county, town, type, locale, ownership, boarding, inclusive FROM "
        "schools" +
        std::string(county.empty() ? "" : " WHERE county = ?1") + " ORDER BY code";
    auto st = JIAODU_TRY(db_.Prepare(sql));
    if (!county.empty()) st.Bind(1, county);
    std::vector<School> out;
    while (JIAODU_TRY(st.Step())) out.push_back(JIAODU_TRY(ReadSchool(st, 0)));
    return out;
  }

  Result<std::optional<School>> FindSchool(std::string_view code) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(
        db_.Prepare("SELECT code, name, county, town, type, locale, ownership, boarding, "
                    "inclusive FROM schools WHERE code = ?1"));
    st.Bind(1, code);
    if (!JIAODU_TRY(st.Step())) return std::optional<School>();
    return std::optional<School>(JIAODU_TRY(ReadSchool(st, 0)));
  }

  Result<std::vector<AcademicYear>> ListYears() override {
    std::lock_guard lock(mu_);
    auto st =
        JIAODU_TRY(db_.Prepare("SELECT year FROM school_years WHERE is_current = 1 UNION SELECT "
                               "year FROM county_years WHERE is_current = 1 "
                               "ORDER BY 1"));
    std::vector<AcademicYear> out;
    while (JIAODU_TRY(st.Step())) out.emplace_back(static_cast<int>(st.Int(0)));
    return out;
  }

  Result<std::vector<SchoolYearRecord>> LoadSchoolYears(
      const FieldCatalog& catalog, AcademicYear year,
      std::span<const std::string> counties) override {
    std::lock_guard lock(mu_);
    // ?1 year, ?2 dataset, ?3… the counties.
    std::string filter = " AND sy.dataset = ?2";
    for (size_t i = 0; i < counties.size(); ++i) {
      filter += (i == 0 ? " AND sy.county IN (?" : ", ?") + std::to_string(i + 3);
    }
    if (!counties.empty()) filter += ")";
    auto bind = [&](Stmt& st) {
      st.Bind(1, year.start()).Bind(2, catalog.dataset());
      for (size_t i = 0; i < counties.size(); ++i) st.Bind(static_cast<int>(i + 3), counties[i]);
    };
    auto heads =
        JIAODU_TRY(db_.Prepare("SELECT sy.id, sy.school_code, sy.name, sy.county, sy.town, "
                               "sy.type, sy.locale, sy.ownership, sy.boarding, sy.inclusive "
                               "FROM school_years sy WHERE sy.year = ?1 AND sy.is_current = 1" +
                               filter + " ORDER BY sy.school_code"));
    bind(heads);
    std::vector<SchoolYearRecord> out;
    std::unordered_map<int64_t, size_t> index;
    while (JIAODU_TRY(heads.Step())) {
      SchoolYearRecord r;
      r.school = JIAODU_TRY(ReadSchool(heads, 1));
      r.year = year;
      r.values = FieldValues(catalog.size());
      index.emplace(heads.Int(0), out.size());
      out.push_back(std::move(r));
    }
    auto vals = JIAODU_TRY(
        db_.Prepare("SELECT v.school_year_id, v.section, v.kind, v.data FROM school_years sy "
                    "JOIN school_sections v ON v.school_year_id = sy.id WHERE sy.year = ?1 AND "
                    "sy.is_current = 1" +
                    filter));
    bind(vals);
    // Field ids repeat for every school: resolve each distinct id once
    // (transparent lookup: no string is built per value).
    FieldLookup lookup(catalog);
    while (JIAODU_TRY(vals.Step())) {
      auto it = index.find(vals.Int(0));
      if (it == index.end()) continue;
      SchoolYearRecord& r = out[it->second];
      std::string_view section = vals.TextView(1);
      FieldValues* target = &r.values;
      if (!section.empty()) {
        std::optional<Stage> stage;
        for (Stage st : kAllStages) {
          if (section == StageKey(st)) stage = st;
        }
        if (!stage) return Fail(Corrupt("学段", section));
        SectionRecord* sec = FindOrAddSection(r, *stage, catalog.size());
        target = vals.Int(2) == 0 ? &sec->values : &sec->overrides;
      }
      JIAODU_TRY_STATUS(DecodeValues(vals.TextView(3), lookup, *target));
    }
    for (auto& r : out) {
      std::sort(r.sections.begin(), r.sections.end(),
                [](const SectionRecord& a, const SectionRecord& b) { return a.stage < b.stage; });
    }
    return out;
  }

  Result<std::vector<CountyYearRecord>> LoadCountyYears(const FieldCatalog& catalog,
                                                        AcademicYear year) override {
    std::lock_guard lock(mu_);
    auto heads = JIAODU_TRY(db_.Prepare(
        "SELECT id, county FROM county_years WHERE year = ?1 AND dataset = ?2 AND is_current = 1 "
        "ORDER BY county"));
    heads.Bind(1, year.start()).Bind(2, catalog.dataset());
    std::vector<CountyYearRecord> out;
    std::unordered_map<int64_t, size_t> index;
    while (JIAODU_TRY(heads.Step())) {
      CountyYearRecord r;
      r.county = heads.Text(1);
      r.year = year;
      r.values = FieldValues(catalog.size());
      index.emplace(heads.Int(0), out.size());
      out.push_back(std::move(r));
    }
    auto vals =
        JIAODU_TRY(db_.Prepare("SELECT v.county_year_id, v.field, v.value FROM county_values v "
                               "JOIN county_years c ON c.id = "
                               "v.county_year_id WHERE c.year = ?1 AND c.dataset = ?2 AND "
                               "c.is_current = 1"));
    vals.Bind(1, year.start()).Bind(2, catalog.dataset());
    while (JIAODU_TRY(vals.Step())) {
      auto it = index.find(vals.Int(0));
      if (it == index.end()) continue;
      if (auto f = catalog.IndexOf(vals.TextView(1)))
        out[it->second].values.Set(*f, vals.Double(2));
    }
    auto judg = JIAODU_TRY(
        db_.Prepare("SELECT j.county_year_id, j.item, j.status, j.note, j.evidence FROM "
                    "county_judgments j JOIN county_years c "
                    "ON c.id = j.county_year_id WHERE c.year = ?1 AND c.dataset = ?2 AND "
                    "c.is_current = 1"));
    judg.Bind(1, year.start()).Bind(2, catalog.dataset());
    while (JIAODU_TRY(judg.Step())) {
      auto it = index.find(judg.Int(0));
      if (it == index.end()) continue;
      auto status = ParseJudgmentStatus(judg.TextView(2));
      if (!status) return Fail(Corrupt("评定结论", judg.TextView(2)));
      out[it->second].judgments[judg.Text(1)] = Judgment{*status, judg.Text(3), judg.Text(4)};
    }
    auto vetoes =
        JIAODU_TRY(db_.Prepare("SELECT v.county_year_id, v.veto, v.occurred, v.note FROM "
                               "county_vetoes v JOIN county_years c ON c.id = "
                               "v.county_year_id WHERE c.year = ?1 AND c.dataset = ?2 AND "
                               "c.is_current = 1"));
    vetoes.Bind(1, year.start()).Bind(2, catalog.dataset());
    while (JIAODU_TRY(vetoes.Step())) {
      auto it = index.find(vetoes.Int(0));
      if (it == index.end()) continue;
      out[it->second].vetoes[vetoes.Text(1)] = VetoRecord{vetoes.Int(2) != 0, vetoes.Text(3)};
    }
    return out;
  }

  Result<int64_t> ApplyImport(const ImportBatch& batch) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    std::set<int> years;
    size_t school_years = 0;
    size_t county_years = 0;
    for (const DatasetBatch& ds : batch.datasets) {
      // Every row is stored under its catalog's dataset and by field id:
      // records without a catalog have neither.
      if (ds.catalog == nullptr && (!ds.school_years.empty() || !ds.county_years.empty())) {
        return Fail(ErrorCode::kInternal, "storage.no_catalog",
                    Text("写入数据时缺少字段目录", "no field catalog set for writing"));
      }
      for (const auto& s : ds.school_years) years.insert(s.year.start());
      for (const auto& c : ds.county_years) years.insert(c.year.start());
      school_years += ds.school_years.size();
      county_years += ds.county_years.size();
    }
    // A school-year the city has locked changes no more, by any door
    // (docs/access.md, the review chain): the whole batch is refused.
    JIAODU_TRY_STATUS(sqlite::CheckNotLocked(db_, sc::BatchSchoolYears(batch)));
    std::vector<std::string> year_list;
    for (int y : years) year_list.push_back(std::to_string(y));
    const int64_t import_id = JIAODU_TRY(InsertImportLocked(
        batch.kind, batch.user, batch.description, batch.files, static_cast<int64_t>(school_years),
        static_cast<int64_t>(county_years), JoinLines(year_list, ',')));

    auto area = JIAODU_TRY(db_.Prepare(
        "INSERT INTO areas (code, name, level, parent_code) VALUES (?1, ?2, ?3, ?4) ON "
        "CONFLICT(code) DO UPDATE SET "
        "name = excluded.name, level = excluded.level, parent_code = excluded.parent_code"));
    for (const Area& a : batch.areas) {
      area.Bind(1, a.code).Bind(2, a.name).Bind(3, AreaLevelKey(a.level));
      if (a.parent_code.empty()) {
        area.BindNull(4);
      } else {
        area.Bind(4, a.parent_code);
      }
      JIAODU_TRY_STATUS(area.Run());
    }

    auto find_school = JIAODU_TRY(db_.Prepare("SELECT county FROM schools WHERE code = ?1"));
    auto county_exists = JIAODU_TRY(db_.Prepare("SELECT 1 FROM areas WHERE code = ?1"));
    auto upsert_school = JIAODU_TRY(
        db_.Prepare("INSERT INTO schools (code, name, county, town, type, locale, ownership, "
                    "boarding, inclusive, created_import) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(code) DO "
                    "UPDATE SET name = excluded.name, town = excluded.town, type = excluded.type, "
                    "locale = excluded.locale, ownership = excluded.ownership, "
                    "boarding = excluded.boarding, inclusive = excluded.inclusive"));
    // Versions are per (school, year, dataset): a preschool import leaves the
    // school's compulsory data of that year current, and vice versa.
    auto retire_school =
        JIAODU_TRY(db_.Prepare("UPDATE school_years SET is_current = 0 WHERE school_code = ?1 AND "
                               "year = ?2 AND dataset = ?3 AND is_current = 1"));
    auto insert_sy = JIAODU_TRY(db_.Prepare(
        "INSERT INTO school_years (school_code, year, dataset, import_id, is_current, name, "
        "county, town, type, locale, ownership, boarding, inclusive) "
        "VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
    auto insert_value =
        JIAODU_TRY(db_.Prepare("INSERT INTO school_sections (school_year_id, section, kind, data) "
                               "VALUES (?1, ?2, ?3, ?4)"));
    auto retire_county =
        JIAODU_TRY(db_.Prepare("UPDATE county_years SET is_current = 0 WHERE county = ?1 AND year "
                               "= ?2 AND dataset = ?3 AND is_current = 1"));
    auto insert_cy = JIAODU_TRY(
        db_.Prepare("INSERT INTO county_years (county, year, dataset, import_id, is_current) "
                    "VALUES (?1, ?2, ?3, ?4, 1)"));
    auto insert_cv = JIAODU_TRY(db_.Prepare(
        "INSERT INTO county_values (county_year_id, field, value) VALUES (?1, ?2, ?3)"));
    auto insert_j =
        JIAODU_TRY(db_.Prepare("INSERT INTO county_judgments (county_year_id, item, status, note, "
                               "evidence) VALUES (?1, ?2, ?3, ?4, ?5)"));
    auto insert_v =
        JIAODU_TRY(db_.Prepare("INSERT INTO county_vetoes (county_year_id, veto, occurred, note) "
                               "VALUES (?1, ?2, ?3, ?4)"));
    for (const DatasetBatch& ds : batch.datasets) {
      if (ds.school_years.empty() && ds.county_years.empty()) continue;
      const FieldCatalog* catalog = ds.catalog.get();  // checked above
      const std::string& dataset = catalog->dataset();
      for (const SchoolYearRecord& r : ds.school_years) {
        const School& s = r.school;
        county_exists.Bind(1, s.county);
        bool exists = JIAODU_TRY(county_exists.Step());
        JIAODU_TRY_STATUS(county_exists.Reset());
        if (!exists) {
          return Fail(
              ErrorCode::kNotFound, "storage.unknown_county",
              Text(fmt::format("学校 {}（{}）所属县区代码 {} 不存在", s.code, s.name, s.county),
                   fmt::format("school {} ({}): county {} does not exist", s.code, s.name,
                               s.county)));
        }
        // One school, one county, whichever collection reports it.
        find_school.Bind(1, s.code);
        if (JIAODU_TRY(find_school.Step())) {
          std::string existing = find_school.Text(0);
          if (existing != s.county) {
            JIAODU_TRY_STATUS(find_school.Reset());
            return Fail(ErrorCode::kConflict, "storage.school_county_conflict",
                        Text(fmt::format("学校 {}（{}）已登记在县区 {}，不能改为 "
                                         "{}；如确需调整隶属关系，请由管理员处理",
                                         s.code, s.name, existing, s.county),
                             fmt::format("school {} ({}) is registered in county {}, not {}; an "
                                         "administrator must move it",
                                         s.code, s.name, existing, s.county)));
          }
        }
        JIAODU_TRY_STATUS(find_school.Reset());
        upsert_school.Bind(1, s.code)
            .Bind(2, s.name)
            .Bind(3, s.county)
            .Bind(4, s.town)
            .Bind(5, SchoolTypeKey(s.type))
            .Bind(6, LocaleKey(s.locale))
            .Bind(7, OwnershipKey(s.ownership))
            .Bind(8, s.boarding ? 1 : 0)
            .Bind(9, s.inclusive ? 1 : 0)
            .Bind(10, import_id);
        JIAODU_TRY_STATUS(upsert_school.Run());
        retire_school.Bind(1, s.code).Bind(2, r.year.start()).Bind(3, dataset);
        JIAODU_TRY_STATUS(retire_school.Run());
        insert_sy.Bind(1, s.code)
            .Bind(2, r.year.start())
            .Bind(3, dataset)
            .Bind(4, import_id)
            .Bind(5, s.name)
            .Bind(6, s.county)
            .Bind(7, s.town)
            .Bind(8, SchoolTypeKey(s.type))
            .Bind(9, LocaleKey(s.locale))
            .Bind(10, OwnershipKey(s.ownership))
            .Bind(11, s.boarding ? 1 : 0)
            .Bind(12, s.inclusive ? 1 : 0);
        JIAODU_TRY_STATUS(insert_sy.Run());
        const int64_t sy_id = db_.LastInsertId();
        JIAODU_TRY_STATUS(WriteValues(insert_value, sy_id, "", 0, r.values, catalog, true));
        for (const SectionRecord& sec : r.sections) {
          std::string key(StageKey(sec.stage));
          // The values row is written even when empty, so the section exists.
          JIAODU_TRY_STATUS(WriteValues(insert_value, sy_id, key, 0, sec.values, catalog, true));
          JIAODU_TRY_STATUS(
              WriteValues(insert_value, sy_id, key, 1, sec.overrides, catalog, false));
        }
      }
      for (const CountyYearRecord& c : ds.county_years) {
        county_exists.Bind(1, c.county);
        bool exists = JIAODU_TRY(county_exists.Step());
        JIAODU_TRY_STATUS(county_exists.Reset());
        if (!exists) {
          return Fail(ErrorCode::kNotFound, "storage.unknown_county",
                      Text(fmt::format("县区代码 {} 不存在", c.county),
                           fmt::format("county {} does not exist", c.county)));
        }
        retire_county.Bind(1, c.county).Bind(2, c.year.start()).Bind(3, dataset);
        JIAODU_TRY_STATUS(retire_county.Run());
        insert_cy.Bind(1, c.county).Bind(2, c.year.start()).Bind(3, dataset).Bind(4, import_id);
        JIAODU_TRY_STATUS(insert_cy.Run());
        const int64_t cy_id = db_.LastInsertId();
        for (size_t i = 0; i < c.values.size(); ++i) {
          if (!c.values.Has(i)) continue;
          if (i >= catalog->size()) {
            return Fail(ErrorCode::kInternal, "storage.no_catalog",
                        Text("写入数据时缺少字段目录", "no field catalog set for writing"));
          }
          insert_cv.Bind(1, cy_id).Bind(2, catalog->at(i).id).Bind(3, *c.values.Get(i));
          JIAODU_TRY_STATUS(insert_cv.Run());
        }
        for (const auto& [item, j] : c.judgments) {
          insert_j.Bind(1, cy_id)
              .Bind(2, item)
              .Bind(3, JudgmentStatusName(j.status))
              .Bind(4, j.note)
              .Bind(5, j.evidence);
          JIAODU_TRY_STATUS(insert_j.Run());
        }
        for (const auto& [veto, v] : c.vetoes) {
          insert_v.Bind(1, cy_id).Bind(2, veto).Bind(3, v.occurred ? 1 : 0).Bind(4, v.note);
          JIAODU_TRY_STATUS(insert_v.Run());
        }
      }
    }
    JIAODU_TRY_STATUS(BumpVersion());
    JIAODU_TRY_STATUS(AuditLocked(batch.user, batch.kind,
                                  fmt::format("导入 #{}：{}（学校 {} 条，县级 {} 条）", import_id,
                                              batch.description, school_years, county_years)));
    JIAODU_TRY_STATUS(txn.Commit());
    return import_id;
  }

  Result<std::vector<ImportInfo>> ListImports(int limit) override {
    std::lock_guard lock(mu_);
    auto st =
        JIAODU_TRY(db_.Prepare("SELECT id, kind, created_at, user, description, files, "
                               "school_years, county_years, years, undone_at, "
                               "undone_by FROM imports ORDER BY id DESC LIMIT ?1"));
    st.Bind(1, static_cast<int64_t>(limit));
    std::vector<ImportInfo> out;
    while (JIAODU_TRY(st.Step())) {
      ImportInfo i;
      i.id = st.Int(0);
      i.kind = st.Text(1);
      i.created_at = st.Text(2);
      i.user = st.Text(3);
      i.description = st.Text(4);
      i.files = SplitOn(st.TextView(5), '\n');
      i.school_years = static_cast<int>(st.Int(6));
      i.county_years = static_cast<int>(st.Int(7));
      for (const auto& y : SplitOn(st.TextView(8), ',')) i.years.push_back(std::atoi(y.c_str()));
      i.undone = !st.IsNull(9);
      i.undone_at = st.IsNull(9) ? "" : st.Text(9);
      i.undone_by = st.IsNull(10) ? "" : st.Text(10);
      out.push_back(std::move(i));
    }
    return out;
  }

  Status UndoImport(int64_t import_id, std::string_view user) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    auto head = JIAODU_TRY(db_.Prepare("SELECT undone_at FROM imports WHERE id = ?1"));
    head.Bind(1, import_id);
    if (!JIAODU_TRY(head.Step())) {
      return Fail(ErrorCode::kNotFound, "storage.no_import",
                  Text(fmt::format("导入记录 #{} 不存在", import_id),
                       fmt::format("import #{} not found", import_id)));
    }
    if (!head.IsNull(0)) {
      return Fail(
          ErrorCode::kFailedPrecondition, "storage.already_undone",
          Text(fmt::format("导入 #{} 已于 {} 撤销", import_id, head.Text(0)),
               fmt::format("import #{} was already undone at {}", import_id, head.Text(0))));
    }
    JIAODU_TRY_STATUS(head.Reset());
    JIAODU_TRY_STATUS(sqlite::CheckImportNotLocked(db_, import_id));
    // Every (school or county, year, dataset) this import wrote must still
    // have its version current; otherwise a later import replaced it and
    // undoing this one would silently lose that. Comparing with the current
    // row of the same key, rather than looking for retired rows of this
    // import, lets a batch that lists one key twice (the later row wins) be
    // undone too; another dataset's versions of the same school and year
    // never count.
    for (auto [table, key] : {std::pair{"school_years", "school_code"},
                              {"county_years", "county"},
                              {"fitness_sets", "school_code"},
                              {"quality_sets", "school_code"}}) {
      auto check = JIAODU_TRY(db_.Prepare(fmt::format(
          "SELECT COUNT(*) FROM {0} mine JOIN {0} cur ON cur.{1} = mine.{1} AND cur.year = "
          "mine.year AND cur.dataset = mine.dataset AND cur.is_current = 1 AND cur.import_id <> "
          "mine.import_id WHERE mine.import_id = ?1",
          table, key)));
      check.Bind(1, import_id);
      JIAODU_TRY(check.Step());
      if (check.Int(0) > 0) {
        return Fail(
            ErrorCode::kFailedPrecondition, "storage.undo_superseded",
            Text(fmt::format("导入 #{} 之后已有更新的导入覆盖了其中的数据，请先撤销后来的导入",
                             import_id),
                 fmt::format("later imports replaced data of import #{}; undo those first",
                             import_id)));
      }
    }
    // School years: retire, then bring back the latest earlier version of
    // the same (school, year, dataset).
    std::vector<VersionKey> affected =
        JIAODU_TRY(RollBackVersions("school_years", "school_code", import_id));
    // Master data follows the school's latest current year in any dataset
    // (the most recently written one when two datasets report that year). A
    // school left with no current data in any year or dataset is removed
    // again: every import that reported it is then undone (a version is only
    // retired by a later one, which undo brings back), and the import that
    // created it need not be this one — its preschool data may have been
    // undone before its compulsory data.
    auto latest = JIAODU_TRY(
        db_.Prepare("SELECT name, town, type, locale, ownership, boarding, inclusive FROM "
                    "school_years WHERE school_code = ?1 AND is_current = 1 "
                    "ORDER BY year DESC, id DESC LIMIT 1"));
    auto update_master =
        JIAODU_TRY(db_.Prepare("UPDATE schools SET name = ?2, town = ?3, type = ?4, locale = ?5, "
                               "ownership = ?6, boarding = ?7, inclusive = ?8 WHERE code = ?1"));
    auto drop_master = JIAODU_TRY(db_.Prepare("DELETE FROM schools WHERE code = ?1"));
    std::set<std::string> codes;
    for (const VersionKey& k : affected) codes.insert(k.key);
    for (const std::string& code : codes) {
      latest.Bind(1, code);
      if (JIAODU_TRY(latest.Step())) {
        update_master.Bind(1, code)
            .Bind(2, latest.Text(0))
            .Bind(3, latest.Text(1))
            .Bind(4, latest.Text(2))
            .Bind(5, latest.Text(3))
            .Bind(6, latest.Text(4))
            .Bind(7, latest.Int(5))
            .Bind(8, latest.Int(6));
        JIAODU_TRY_STATUS(latest.Reset());
        JIAODU_TRY_STATUS(update_master.Run());
      } else {
        JIAODU_TRY_STATUS(latest.Reset());
        drop_master.Bind(1, code);
        JIAODU_TRY_STATUS(drop_master.Run());
      }
    }
    // County years and fitness sets likewise (they carry no master data).
    JIAODU_TRY(RollBackVersions("county_years", "county", import_id));
    JIAODU_TRY(RollBackVersions("fitness_sets", "school_code", import_id));
    JIAODU_TRY(RollBackVersions("quality_sets", "school_code", import_id));
    auto mark = JIAODU_TRY(db_.Prepare(
        fmt::format("UPDATE imports SET undone_at = {}, undone_by = ?2 WHERE id = ?1", kNow)));
    mark.Bind(1, import_id).Bind(2, user);
    JIAODU_TRY_STATUS(mark.Run());
    JIAODU_TRY_STATUS(BumpVersion());
    JIAODU_TRY_STATUS(AuditLocked(user, "undo", fmt::format("撤销导入 #{}", import_id)));
    return txn.Commit();
  }

  Result<std::vector<VersionInfo>> SchoolHistory(std::string_view school_code, AcademicYear year,
                                                 std::string_view dataset) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        "SELECT i.id, i.created_at, i.user, i.description, sy.is_current FROM school_years sy JOIN "
        "imports i ON i.id "
        "= sy.import_id WHERE sy.school_code = ?1 AND sy.year = ?2 AND sy.dataset = ?3 ORDER BY "
        "sy.id DESC"));
    st.Bind(1, school_code).Bind(2, year.start()).Bind(3, dataset);
    std::vector<VersionInfo> out;
    while (JIAODU_TRY(st.Step())) {
      out.push_back(VersionInfo{st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4) != 0});
    }
    return out;
  }

  Status AppendAudit(std::string_view user, std::string_view action,
                     std::string_view detail) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    JIAODU_TRY_STATUS(AuditLocked(user, action, detail));
    return txn.Commit();
  }

  Result<std::vector<AuditEntry>> ListAudit(int limit) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        fmt::format("SELECT {} FROM audit_entries ORDER BY seq DESC LIMIT ?1", kAuditColumns)));
    st.Bind(1, static_cast<int64_t>(limit));
    std::vector<AuditEntry> out;
    while (JIAODU_TRY(st.Step())) out.push_back(sc::ShortForm(ReadAuditEntry(st)));
    return out;
  }

  // ---- Accounts, sessions, the chained audit trail ----

  Status CreateAccount(const access::Account& a) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    if (JIAODU_TRY(FindAccountLocked(a.principal.login))) {
      return Fail(sc::LoginTaken(a.principal.login));
    }
    auto st = JIAODU_TRY(db_.Prepare(
        "INSERT INTO accounts (login, display_name, role, county, schools, password_hash, "
        "must_change_password, password_changed_at, failures, locked_until, disabled) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
    BindAccount(st, a);
    JIAODU_TRY_STATUS(st.Run());
    return txn.Commit();
  }

  Status UpdateAccount(const access::Account& a) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        "UPDATE accounts SET display_name = ?2, role = ?3, county = ?4, schools = ?5, "
        "password_hash = ?6, must_change_password = ?7, password_changed_at = ?8, failures = ?9, "
        "locked_until = ?10, disabled = ?11 WHERE login = ?1"));
    BindAccount(st, a);
    JIAODU_TRY_STATUS(st.Run());
    if (db_.Changes() == 0) return Fail(sc::NoAccount(a.principal.login));
    return Ok();
  }

  Result<std::optional<access::Account>> FindAccount(std::string_view login) override {
    std::lock_guard lock(mu_);
    return FindAccountLocked(login);
  }

  Result<std::vector<access::Account>> ListAccounts() override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(
        db_.Prepare(fmt::format("SELECT {} FROM accounts ORDER BY login", kAccountColumns)));
    std::vector<access::Account> out;
    while (JIAODU_TRY(st.Step())) out.push_back(JIAODU_TRY(ReadAccountRow(st)));
    return out;
  }

  Result<bool> HasAccounts() override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare("SELECT EXISTS (SELECT 1 FROM accounts)"));
    JIAODU_TRY(st.Step());
    return st.Int(0) != 0;
  }

  Status CreateSession(const access::Session& s) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(
        db_.Prepare("INSERT INTO sessions (token_digest, login, from_addr, created_at, "
                    "last_seen, must_change, ended) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    st.Bind(1, s.token_digest).Bind(2, s.login).Bind(3, s.from).Bind(4, s.created_at);
    st.Bind(5, s.last_seen).Bind(6, sc::ChangeReasonCode(s.must_change)).Bind(7, s.ended ? 1 : 0);
    return st.Run();
  }

  Result<std::optional<access::Session>> FindSession(std::string_view token_digest) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(
        db_.Prepare("SELECT token_digest, login, from_addr, created_at, last_seen, must_change, "
                    "ended FROM sessions WHERE token_digest = ?1"));
    st.Bind(1, token_digest);
    if (!JIAODU_TRY(st.Step())) return std::optional<access::Session>();
    access::Session s;
    s.token_digest = st.Text(0);
    s.login = st.Text(1);
    s.from = st.Text(2);
    s.created_at = st.Int(3);
    s.last_seen = st.Int(4);
    s.must_change = sc::ChangeReasonFromCode(st.Int(5));
    s.ended = st.Int(6) != 0;
    return std::optional<access::Session>(std::move(s));
  }

  Status TouchSession(std::string_view token_digest, int64_t last_seen) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(
        db_.Prepare("UPDATE sessions SET last_seen = max(last_seen, ?2) WHERE token_digest = ?1"));
    st.Bind(1, token_digest).Bind(2, last_seen);
    return st.Run();
  }

  Status EndSession(std::string_view token_digest) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare("UPDATE sessions SET ended = 1 WHERE token_digest = ?1"));
    st.Bind(1, token_digest);
    return st.Run();
  }

  Result<int> EndSessions(std::string_view login) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(
        db_.Prepare("UPDATE sessions SET ended = 1 WHERE lower(login) = lower(?1) AND ended = 0"));
    st.Bind(1, login);
    JIAODU_TRY_STATUS(st.Run());
    return db_.Changes();
  }

  Result<access::AuditEntry> AppendAuditEntry(access::AuditEntry e) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    auto stored = JIAODU_TRY(ChainLocked(std::move(e)));
    JIAODU_TRY_STATUS(txn.Commit());
    return stored;
  }

  Result<std::vector<access::AuditEntry>> FindAudit(const AuditQuery& q) override {
    std::lock_guard lock(mu_);
    // ?1 actor, ?2 action, ?3 object kind, ?4 object id, ?5 area, ?6 from,
    // ?7 to ('' and 0 match everything), ?8 limit, ?9 offset.
    auto st = JIAODU_TRY(db_.Prepare(fmt::format(
        "SELECT {} FROM audit_entries WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR action = "
        "?2) AND (?3 = '' OR object_kind = ?3) AND (?4 = '' OR object_id = ?4) AND (?5 = '' OR "
        "object_area = ?5) AND (?6 = 0 OR time >= ?6) AND (?7 = 0 OR time < ?7) ORDER BY seq "
        "DESC LIMIT ?8 OFFSET ?9",
        kAuditColumns)));
    st.Bind(1, q.actor).Bind(2, q.action).Bind(3, q.object_kind).Bind(4, q.object_id);
    st.Bind(5, q.area).Bind(6, q.from_time).Bind(7, q.to_time).Bind(8, q.limit).Bind(9, q.offset);
    std::vector<access::AuditEntry> out;
    while (JIAODU_TRY(st.Step())) out.push_back(ReadAuditEntry(st));
    return out;
  }

  Result<std::vector<access::AuditEntry>> ReadAuditChain(int64_t after_seq, int limit) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(fmt::format(
        "SELECT {} FROM audit_entries WHERE seq > ?1 ORDER BY seq LIMIT ?2", kAuditColumns)));
    st.Bind(1, after_seq).Bind(2, limit > 0 ? int64_t{limit} : int64_t{-1});
    std::vector<access::AuditEntry> out;
    while (JIAODU_TRY(st.Step())) out.push_back(ReadAuditEntry(st));
    return out;
  }

  Result<std::vector<CountyStandard>> ListCountyStandards() override {
    std::lock_guard lock(mu_);
    auto st =
        JIAODU_TRY(db_.Prepare("SELECT county, family, standard, set_at, set_by FROM "
                               "county_standards ORDER BY county, family"));
    std::vector<CountyStandard> out;
    while (JIAODU_TRY(st.Step())) {
      out.push_back(CountyStandard{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4)});
    }
    return out;
  }

  Status SetCountyStandard(std::string_view county, std::string_view family,
                           std::string_view standard, std::string_view user) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    auto exists = JIAODU_TRY(db_.Prepare("SELECT 1 FROM areas WHERE code = ?1"));
    exists.Bind(1, county);
    if (!JIAODU_TRY(exists.Step())) {
      return Fail(ErrorCode::kNotFound, "storage.unknown_county",
                  Text(fmt::format("县区代码 {} 不存在", county),
                       fmt::format("county {} does not exist", county)));
    }
    auto up =
        JIAODU_TRY(db_.Prepare(fmt::format("INSERT INTO county_standards (county, family, "
                                           "standard, set_at, set_by) VALUES (?1, ?2, ?3, {}, ?4) "
                                           "ON CONFLICT(county, family) DO UPDATE SET standard = "
                                           "excluded.standard, set_at = excluded.set_at, "
                                           "set_by = excluded.set_by",
                                           kNow)));
    up.Bind(1, county).Bind(2, family).Bind(3, standard).Bind(4, user);
    JIAODU_TRY_STATUS(up.Run());
    JIAODU_TRY_STATUS(BumpVersion());
    JIAODU_TRY_STATUS(AuditLocked(
        user, "standard", fmt::format("县区 {} 的 {} 改按 {} 评估", county, family, standard)));
    return txn.Commit();
  }

  Result<int64_t> ApplyFitnessImport(const FitnessImport& batch) override {
    if (batch.standard == nullptr || batch.roster == nullptr) {
      return Fail(ErrorCode::kInternal, "storage.no_catalog",
                  Text("写入体测数据时缺少标准", "no fitness standard set for writing"));
    }
    const fitness::Roster& roster = *batch.roster;
    const fitness::FitnessStandard& standard = *batch.standard;
    // Students by school, keeping file order within each school.
    std::vector<std::vector<uint32_t>> by_school(roster.schools().size());
    for (size_t i = 0; i < roster.size(); ++i)
      by_school[static_cast<size_t>(roster.row(i).school)].push_back(static_cast<uint32_t>(i));
    size_t sets = 0;
    for (const auto& v : by_school) sets += v.empty() ? 0u : 1u;

    std::vector<IdEntry> ids;
    ids.reserve(roster.size());
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    const int64_t import_id = JIAODU_TRY(
        InsertImportLocked("fitness", batch.user, batch.description, batch.files,
                           static_cast<int64_t>(sets), 0, std::to_string(batch.year.start())));
    auto retire = JIAODU_TRY(db_.Prepare(
        "UPDATE fitness_sets SET is_current = 0 WHERE school_code = ?1 AND year = ?2 AND "
        "is_current = 1"));
    auto add_set = JIAODU_TRY(
        db_.Prepare("INSERT INTO fitness_sets (school_code, year, import_id, is_current, standard, "
                    "students) VALUES (?1, ?2, ?3, 1, ?4, ?5)"));
    auto add_data =
        JIAODU_TRY(db_.Prepare("INSERT INTO fitness_data (set_id, bytes) VALUES (?1, ?2)"));
    for (size_t s = 0; s < by_school.size(); ++s) {
      if (by_school[s].empty()) continue;
      const std::string& code = roster.schools()[s];
      retire.Bind(1, code).Bind(2, batch.year.start());
      JIAODU_TRY_STATUS(retire.Run());
      add_set.Bind(1, code)
          .Bind(2, batch.year.start())
          .Bind(3, import_id)
          .Bind(4, standard.id())
          .Bind(5, static_cast<int64_t>(by_school[s].size()));
      JIAODU_TRY_STATUS(add_set.Run());
      const int64_t set_id = db_.LastInsertId();
      // One school's blob at a time, so an import never holds a second
      // copy of the city (the ≤ 300 MB budget for a million students).
      add_data.Bind(1, set_id).BindBlob(2, fitness_blob::Encode(standard, roster, by_school[s]));
      JIAODU_TRY_STATUS(add_data.Run());
      for (size_t k = 0; k < by_school[s].size(); ++k) {
        ids.push_back(IdEntry{fitness_blob::StudentKey(roster.student_id(by_school[s][k])), set_id,
                              static_cast<int64_t>(k)});
      }
    }
    // The 学籍号 index in key order: appending to a B-tree touches one path
    // of pages, where file order would touch a random leaf per student.
    std::sort(ids.begin(), ids.end(), [](const IdEntry& a, const IdEntry& b) {
      return std::tie(a.key, a.set_id, a.seq) < std::tie(b.key, b.set_id, b.seq);
    });
    // Many rows per statement: a million single-row steps cost more in
    // SQLite's per-statement work than in the B-tree itself.
    constexpr size_t kIdsPerInsert = 256;
    auto insert_ids = [&](size_t rows) {
      std::string sql = "INSERT INTO fitness_ids (key, set_id, seq) VALUES (?,?,?)";
      for (size_t r = 1; r < rows; ++r) sql += ",(?,?,?)";
      return db_.Prepare(sql);
    };
    auto add_ids = JIAODU_TRY(insert_ids(kIdsPerInsert));
    for (size_t at = 0; at < ids.size(); at += kIdsPerInsert) {
      const size_t rows = std::min(kIdsPerInsert, ids.size() - at);
      std::optional<Stmt> tail;
      if (rows < kIdsPerInsert) tail.emplace(JIAODU_TRY(insert_ids(rows)));
      Stmt& st = tail ? *tail : add_ids;
      for (size_t r = 0; r < rows; ++r) {
        const IdEntry& e = ids[at + r];
        const int p = static_cast<int>(3 * r);
        st.Bind(p + 1, e.key).Bind(p + 2, e.set_id).Bind(p + 3, e.seq);
      }
      JIAODU_TRY_STATUS(st.Run());
    }
    JIAODU_TRY_STATUS(BumpVersion());
    JIAODU_TRY_STATUS(AuditLocked(batch.user, "fitness_import",
                                  fmt::format("导入体测数据 #{}：{} 所学校，{} 名学生（{}）",
                                              import_id, sets, roster.size(), batch.year.Label())));
    JIAODU_TRY_STATUS(txn.Commit());
    return import_id;
  }

  Result<std::vector<AcademicYear>> ListFitnessYears() override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(
        db_.Prepare("SELECT DISTINCT year FROM fitness_sets WHERE is_current = 1 ORDER BY year"));
    std::vector<AcademicYear> out;
    while (JIAODU_TRY(st.Step())) out.emplace_back(static_cast<int>(st.Int(0)));
    return out;
  }

  Result<std::vector<FitnessSetInfo>> ListFitnessSets(AcademicYear year) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        "SELECT f.school_code, f.import_id, i.created_at, i.user, f.standard, f.students FROM "
        "fitness_sets f JOIN imports i ON i.id = f.import_id WHERE f.year = ?1 AND f.is_current "
        "= 1 ORDER BY f.school_code"));
    st.Bind(1, year.start());
    std::vector<FitnessSetInfo> out;
    while (JIAODU_TRY(st.Step())) {
      out.push_back(FitnessSetInfo{st.Text(0), year, st.Int(1), st.Text(2), st.Text(3), st.Text(4),
                                   static_cast<int>(st.Int(5))});
    }
    return out;
  }

  // The current sets of one year (fitness) or one test (抽测): `select`
  // ends in its WHERE clause with the year or test as ?1; every row's
  // (school code, blob) goes to `decode`. All schools in school order, or
  // the listed ones (each once, in code order), one indexed lookup each.
  template <typename Key, typename Decode>
  Status ReadSetsBySchool(std::string_view select, std::string_view code_column, const Key& key,
                          std::span<const std::string> schools, Decode decode) {
    auto read = [&](Stmt& st) -> Status {
      while (JIAODU_TRY(st.Step())) JIAODU_TRY_STATUS(decode(st.TextView(0), st.BlobView(1)));
      return st.Reset();
    };
    if (schools.empty()) {
      auto st = JIAODU_TRY(db_.Prepare(fmt::format("{} ORDER BY {}", select, code_column)));
      st.Bind(1, key);
      return read(st);
    }
    std::vector<std::string> sorted(schools.begin(), schools.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    auto st = JIAODU_TRY(db_.Prepare(fmt::format("{} AND {} = ?2", select, code_column)));
    for (const std::string& code : sorted) {
      st.Bind(1, key).Bind(2, code);
      JIAODU_TRY_STATUS(read(st));
    }
    return Ok();
  }

  Result<fitness::Roster> LoadFitness(const fitness::FitnessStandard& standard, AcademicYear year,
                                      std::span<const std::string> schools) override {
    std::lock_guard lock(mu_);
    fitness::Roster roster(standard.items().size());
    constexpr std::string_view kSelect =
        "SELECT f.school_code, d.bytes FROM fitness_sets f JOIN fitness_data d ON d.set_id = "
        "f.id WHERE f.year = ?1 AND f.is_current = 1";
    JIAODU_TRY_STATUS(ReadSetsBySchool(kSelect, "f.school_code", year.start(), schools,
                                       [&](auto code, auto bytes) {
                                         return fitness_blob::Decode(standard, bytes, code, roster);
                                       }));
    return roster;
  }

  Result<std::vector<std::pair<AcademicYear, fitness::Roster>>> FindFitnessStudent(
      const fitness::FitnessStandard& standard, std::string_view student_id) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        "SELECT f.school_code, f.year, i.seq, d.bytes FROM fitness_ids i JOIN fitness_sets f ON "
        "f.id = i.set_id JOIN fitness_data d ON d.set_id = f.id WHERE i.key = ?1 AND "
        "f.is_current = 1 ORDER BY f.year, f.school_code, i.seq"));
    st.Bind(1, fitness_blob::StudentKey(student_id));
    std::vector<std::pair<AcademicYear, fitness::Roster>> out;
    while (JIAODU_TRY(st.Step())) {
      // The index holds a hash of the 学籍号: a hit is confirmed by the
      // student's own id (two ids may share a hash).
      fitness::Roster one(standard.items().size());
      JIAODU_TRY_STATUS(fitness_blob::Decode(standard, st.BlobView(3), st.TextView(0), one,
                                             static_cast<size_t>(st.Int(2))));
      if (one.size() != 1 || one.student_id(0) != student_id) continue;
      AcademicYear y(static_cast<int>(st.Int(1)));
      if (out.empty() || out.back().first != y)
        out.emplace_back(y, fitness::Roster(standard.items().size()));
      out.back().second.Append(one);
    }
    return out;
  }

  Result<int64_t> ApplyQualityImport(const QualityImport& batch) override {
    namespace sc = storage_common;
    JIAODU_TRY_STATUS(sc::CheckQualityImport(batch));
    const quality::ScoreSet& scores = *batch.scores;
    const sc::QualityBySchool by_school = sc::QualityRowsBySchool(scores);
    size_t sets = 0, students = 0;
    for (size_t s = 0; s < by_school.rows.size(); ++s) {
      sets += by_school.rows[s].empty() ? 0u : 1u;
      students += by_school.students[s];
    }
    const QualityTest& test = batch.test;
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    auto known = JIAODU_TRY(db_.Prepare("SELECT 1 FROM schools WHERE code = ?1"));
    for (size_t s = 0; s < by_school.rows.size(); ++s) {
      if (by_school.rows[s].empty()) continue;
      known.Bind(1, batch.school_codes[s]);
      const bool found = JIAODU_TRY(known.Step());
      JIAODU_TRY_STATUS(known.Reset());
      if (!found) return Fail(sc::UnknownSchool(batch.school_codes[s]));
    }
    const int64_t import_id = JIAODU_TRY(
        InsertImportLocked("quality", batch.user, batch.description, batch.files,
                           static_cast<int64_t>(sets), 0, std::to_string(test.year.start())));
    // The test's description: created by its first import; a later import
    // that describes it differently updates it, with the change audited.
    auto stored = JIAODU_TRY(FindQualityTestLocked(test.id));
    if (!stored) {
      auto add = JIAODU_TRY(db_.Prepare(fmt::format(
          "INSERT INTO quality_tests (test_id, name, year, term, grades, subjects, cuts_id, cuts, "
          "created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, {}, ?9)",
          kNow)));
      BindQualityTest(add, test).Bind(9, batch.user);
      JIAODU_TRY_STATUS(add.Run());
    } else if (!sc::SameQualityTest(*stored, test)) {
      auto up = JIAODU_TRY(
          db_.Prepare("UPDATE quality_tests SET name = ?2, year = ?3, term = ?4, grades = ?5, "
                      "subjects = ?6, cuts_id = ?7, cuts = ?8 WHERE test_id = ?1"));
      BindQualityTest(up, test);
      JIAODU_TRY_STATUS(up.Run());
      JIAODU_TRY_STATUS(
          AuditLocked(batch.user, "quality_test", sc::QualityTestAudit(*stored, test)));
    }
    auto retire = JIAODU_TRY(
        db_.Prepare("UPDATE quality_sets SET is_current = 0 WHERE school_code = ?1 AND dataset = "
                    "?2 AND is_current = 1"));
    auto add_set = JIAODU_TRY(
        db_.Prepare("INSERT INTO quality_sets (school_code, year, dataset, import_id, is_current, "
                    "students, scores) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6)"));
    auto add_data =
        JIAODU_TRY(db_.Prepare("INSERT INTO quality_data (set_id, bytes) VALUES (?1, ?2)"));
    for (size_t s = 0; s < by_school.rows.size(); ++s) {
      if (by_school.rows[s].empty()) continue;
      const std::string& code = batch.school_codes[s];
      retire.Bind(1, code).Bind(2, test.id);
      JIAODU_TRY_STATUS(retire.Run());
      add_set.Bind(1, code)
          .Bind(2, test.year.start())
          .Bind(3, test.id)
          .Bind(4, import_id)
          .Bind(5, static_cast<int64_t>(by_school.students[s]))
          .Bind(6, static_cast<int64_t>(by_school.rows[s].size()));
      JIAODU_TRY_STATUS(add_set.Run());
      add_data.Bind(1, db_.LastInsertId())
          .BindBlob(2, quality_blob::Encode(scores, by_school.rows[s]));
      JIAODU_TRY_STATUS(add_data.Run());
    }
    JIAODU_TRY_STATUS(BumpVersion());
    JIAODU_TRY_STATUS(
        AuditLocked(batch.user, "quality_import",
                    sc::QualityAudit(import_id, test, sets, students, scores.rows().size())));
    JIAODU_TRY_STATUS(txn.Commit());
    return import_id;
  }

  Result<std::vector<QualityTest>> ListQualityTests() override {
    std::lock_guard lock(mu_);
    auto st =
        JIAODU_TRY(db_.Prepare(fmt::format("{} ORDER BY year, term, test_id", kSelectQualityTest)));
    std::vector<QualityTest> out;
    while (JIAODU_TRY(st.Step())) out.push_back(ReadQualityTest(st));
    return out;
  }

  Result<std::vector<QualitySetInfo>> ListQualitySets(std::string_view test_id) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        "SELECT q.school_code, q.import_id, i.created_at, i.user, q.students, q.scores FROM "
        "quality_sets q JOIN imports i ON i.id = q.import_id WHERE q.dataset = ?1 AND "
        "q.is_current = 1 ORDER BY q.school_code"));
    st.Bind(1, test_id);
    std::vector<QualitySetInfo> out;
    while (JIAODU_TRY(st.Step())) {
      out.push_back(QualitySetInfo{st.Text(0), st.Int(1), st.Text(2), st.Text(3),
                                   static_cast<int>(st.Int(4)), static_cast<int>(st.Int(5))});
    }
    return out;
  }

  Result<quality::ScoreSet> LoadQualityScores(std::string_view test_id,
                                              std::span<const std::string> schools) override {
    std::lock_guard lock(mu_);
    quality::ScoreSet set;
    constexpr std::string_view kSelect =
        "SELECT q.school_code, d.bytes FROM quality_sets q JOIN quality_data d ON d.set_id = q.id "
        "WHERE q.dataset = ?1 AND q.is_current = 1";
    JIAODU_TRY_STATUS(ReadSetsBySchool(
        kSelect, "q.school_code", test_id, schools,
        [&](auto code, auto bytes) { return quality_blob::Decode(bytes, code, set); }));
    return set;
  }

  Status SavePlan(const StoredPlan& plan) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    auto old = JIAODU_TRY(
        db_.Prepare("UPDATE plans SET is_current = 0 WHERE plan_id = ?1 AND is_current = 1"));
    old.Bind(1, plan.plan_id);
    JIAODU_TRY_STATUS(old.Run());
    auto ins = JIAODU_TRY(db_.Prepare(
        fmt::format("INSERT INTO plans (plan_id, format, file_name, body, saved_at, saved_by) "
                    "VALUES (?1, ?2, ?3, ?4, {}, ?5)",
                    kNow)));
    ins.Bind(1, plan.plan_id).Bind(2, plan.format).Bind(3, plan.file_name).Bind(4, plan.body);
    ins.Bind(5, plan.saved_by);
    JIAODU_TRY_STATUS(ins.Run());
    JIAODU_TRY_STATUS(BumpVersion());
    JIAODU_TRY_STATUS(AuditLocked(plan.saved_by, "plan",
                                  fmt::format("保存规划 {}（{}）", plan.plan_id, plan.file_name)));
    return txn.Commit();
  }

  Result<std::vector<StoredPlan>> ListPlans() override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(
        db_.Prepare("SELECT plan_id, format, file_name, body, saved_at, saved_by FROM plans "
                    "WHERE is_current = 1 ORDER BY plan_id"));
    std::vector<StoredPlan> out;
    while (JIAODU_TRY(st.Step())) {
      out.push_back(
          StoredPlan{st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5)});
    }
    return out;
  }

  Result<int64_t> AddPlanValue(const PlanValueEntry& e) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    auto old = JIAODU_TRY(
        db_.Prepare("UPDATE plan_values SET is_current = 0 WHERE plan_id = ?1 AND indicator = ?2 "
                    "AND area = ?3 AND year = ?4 AND is_current = 1"));
    old.Bind(1, e.plan_id).Bind(2, e.indicator).Bind(3, e.area).Bind(4, e.year);
    JIAODU_TRY_STATUS(old.Run());
    auto ins = JIAODU_TRY(db_.Prepare(fmt::format(
        "INSERT INTO plan_values (plan_id, indicator, area, year, value, evidence, note, "
        "entered_at, entered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, {}, ?8)",
        kNow)));
    ins.Bind(1, e.plan_id).Bind(2, e.indicator).Bind(3, e.area).Bind(4, e.year);
    if (e.value) {
      ins.Bind(5, *e.value);
    } else {
      ins.BindNull(5);
    }
    ins.Bind(6, e.evidence).Bind(7, e.note).Bind(8, e.entered_by);
    JIAODU_TRY_STATUS(ins.Run());
    const int64_t id = db_.LastInsertId();
    JIAODU_TRY_STATUS(BumpVersion());
    JIAODU_TRY_STATUS(AuditLocked(
        e.entered_by, "plan_value",
        fmt::format("规划 {} 指标 {} 区域 {} {} 年：{}", e.plan_id, e.indicator, e.area, e.year,
                    e.value ? fmt::format("{}", *e.value) : std::string("撤回"))));
    JIAODU_TRY_STATUS(txn.Commit());
    return id;
  }

  Result<std::vector<PlanValueEntry>> ListPlanValues(std::string_view plan_id,
                                                     bool history) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        std::string("SELECT id, indicator, area, year, value, evidence, note, entered_at, "
                    "entered_by, is_current FROM plan_values WHERE plan_id = ?1") +
        (history ? " ORDER BY id DESC" : " AND is_current = 1 ORDER BY indicator, area, year")));
    st.Bind(1, plan_id);
    std::vector<PlanValueEntry> out;
    while (JIAODU_TRY(st.Step())) {
      PlanValueEntry e;
      e.id = st.Int(0);
      e.plan_id = std::string(plan_id);
      e.indicator = st.Text(1);
      e.area = st.Text(2);
      e.year = static_cast<int>(st.Int(3));
      if (!st.IsNull(4)) e.value = st.Double(4);
      e.evidence = st.Text(5);
      e.note = st.Text(6);
      e.entered_at = st.Text(7);
      e.entered_by = st.Text(8);
      e.current = st.Int(9) != 0;
      out.push_back(std::move(e));
    }
    return out;
  }

  Status SaveTasks(std::span<const TaskVersion> batch) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    for (const TaskVersion& v : batch) {
      const tasks::Task& t = v.task;
      auto old = JIAODU_TRY(
          db_.Prepare("UPDATE tasks SET is_current = 0 WHERE task_id = ?1 AND is_current = 1"));
      old.Bind(1, t.id);
      JIAODU_TRY_STATUS(old.Run());
      auto ins = JIAODU_TRY(db_.Prepare(
          "INSERT INTO tasks (task_id, title, plan_id, clause, indicator, lead_unit, co_units, "
          "owner, target, target_value, target_unit, start_day, deadline_day, milestones, "
          "remind_days, publish) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
          "?14, ?15, ?16)"));
      std::string co, ms;
      for (const std::string& u : t.co_units) co += u + "\n";
      for (const tasks::Milestone& m : t.milestones) ms += fmt::format("{}\t{}\n", m.date, m.text);
      ins.Bind(1, t.id).Bind(2, t.title).Bind(3, t.plan_id).Bind(4, t.clause);
      ins.Bind(5, t.indicator).Bind(6, t.lead_unit).Bind(7, co).Bind(8, t.owner);
      ins.Bind(9, t.target);
      if (t.target_value) {
        ins.Bind(10, *t.target_value);
      } else {
        ins.BindNull(10);
      }
      ins.Bind(11, t.target_unit).Bind(12, t.start).Bind(13, t.deadline).Bind(14, ms);
      ins.Bind(15, t.remind_days).Bind(16, t.publish ? 1 : 0);
      JIAODU_TRY_STATUS(ins.Run());
      JIAODU_TRY_STATUS(InsertTaskEvent(v.event).transform([](int64_t) {}));
    }
    if (!batch.empty()) {
      JIAODU_TRY_STATUS(AuditLocked(
          batch.front().event.actor, "task",
          fmt::format("保存督办任务 {} 项（{} 等）", batch.size(), batch.front().task.id)));
    }
    return txn.Commit();
  }

  Result<std::vector<tasks::Task>> ListTasks() override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        "SELECT task_id, title, plan_id, clause, indicator, lead_unit, co_units, owner, target, "
        "target_value, target_unit, start_day, deadline_day, milestones, remind_days, publish "
        "FROM tasks WHERE is_current = 1 ORDER BY task_id"));
    std::vector<tasks::Task> out;
    while (JIAODU_TRY(st.Step())) {
      tasks::Task t;
      t.id = st.Text(0);
      t.title = st.Text(1);
      t.plan_id = st.Text(2);
      t.clause = st.Text(3);
      t.indicator = st.Text(4);
      t.lead_unit = st.Text(5);
      for (std::string_view line : Lines(st.TextView(6))) t.co_units.emplace_back(line);
      t.owner = st.Text(7);
      t.target = st.Text(8);
      if (!st.IsNull(9)) t.target_value = st.Double(9);
      t.target_unit = st.Text(10);
      t.start = st.Int(11);
      t.deadline = st.Int(12);
      for (std::string_view line : Lines(st.TextView(13))) {
        const size_t tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        t.milestones.push_back(
            tasks::Milestone{std::atoll(std::string(line.substr(0, tab)).c_str()),
                             std::string(line.substr(tab + 1))});
      }
      t.remind_days = static_cast<int>(st.Int(14));
      t.publish = st.Int(15) != 0;
      out.push_back(std::move(t));
    }
    return out;
  }

  Result<std::vector<int64_t>> AppendTaskEvents(std::string_view task_id, int64_t expected_last,
                                                std::span<const tasks::Event> events) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    JIAODU_TRY_STATUS(CheckLastEvent(task_id, expected_last));
    std::vector<int64_t> ids;
    for (const tasks::Event& e : events) ids.push_back(JIAODU_TRY(InsertTaskEvent(e)));
    JIAODU_TRY_STATUS(txn.Commit());
    return ids;
  }

  Result<std::vector<tasks::Event>> ListTaskEvents(std::string_view task_id) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        std::string("SELECT id, task_id, kind, at, day, actor, role, reason, from_state, "
                    "to_state, due_day, notice_no, report_id, decision, final FROM task_events") +
        (task_id.empty() ? " ORDER BY id" : " WHERE task_id = ?1 ORDER BY id")));
    if (!task_id.empty()) st.Bind(1, task_id);
    std::vector<tasks::Event> out;
    while (JIAODU_TRY(st.Step())) {
      tasks::Event e;
      e.id = st.Int(0);
      e.task_id = st.Text(1);
      e.kind = tasks::ParseEventKind(st.TextView(2)).value_or(tasks::EventKind::kEdited);
      e.at = st.Text(3);
      e.day = st.Int(4);
      e.actor = st.Text(5);
      e.role = tasks::ParseRole(st.TextView(6)).value_or(tasks::Role::kSystem);
      e.reason = st.Text(7);
      if (!st.IsNull(8)) e.from = tasks::ParseState(st.TextView(8));
      if (!st.IsNull(9)) e.to = tasks::ParseState(st.TextView(9));
      if (!st.IsNull(10)) e.due = st.Int(10);
      e.notice_no = st.Text(11);
      e.report_id = st.Int(12);
      const std::string_view d = st.TextView(13);
      e.decision = d == "approved"   ? tasks::Decision::kApproved
                   : d == "returned" ? tasks::Decision::kReturned
                                     : tasks::Decision::kNone;
      e.final = st.Int(14) != 0;
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<int64_t> AddTaskReport(const tasks::Report& r, std::span<const TaskFileBlob> files,
                                tasks::Event event, int64_t expected_last) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    JIAODU_TRY_STATUS(CheckLastEvent(r.task_id, expected_last));
    auto ins = JIAODU_TRY(db_.Prepare(
        fmt::format("INSERT INTO task_reports (task_id, at, day, by, text, value, final) "
                    "VALUES (?1, {}, ?2, ?3, ?4, ?5, ?6)",
                    kNow)));
    ins.Bind(1, r.task_id).Bind(2, r.day).Bind(3, r.by).Bind(4, r.text);
    if (r.value) {
      ins.Bind(5, *r.value);
    } else {
      ins.BindNull(5);
    }
    ins.Bind(6, r.final ? 1 : 0);
    JIAODU_TRY_STATUS(ins.Run());
    const int64_t report_id = db_.LastInsertId();
    for (const TaskFileBlob& f : files) {
      auto fi = JIAODU_TRY(db_.Prepare(fmt::format(
          "INSERT INTO task_files (report_id, name, content_type, size, sha256, uploaded_by, "
          "uploaded_at, bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, {}, ?7)",
          kNow)));
      fi.Bind(1, report_id).Bind(2, f.meta.name).Bind(3, f.meta.content_type);
      fi.Bind(4, static_cast<int64_t>(f.bytes.size())).Bind(5, f.meta.sha256);
      fi.Bind(6, f.meta.uploaded_by).BindBlob(7, f.bytes);
      JIAODU_TRY_STATUS(fi.Run());
    }
    event.report_id = report_id;
    JIAODU_TRY_STATUS(InsertTaskEvent(event).transform([](int64_t) {}));
    JIAODU_TRY_STATUS(
        AuditLocked(r.by, "task_report",
                    fmt::format("任务 {} 提交{} #{}，附件 {} 个", r.task_id,
                                r.final ? "办结申请" : "进展报告", report_id, files.size())));
    JIAODU_TRY_STATUS(txn.Commit());
    return report_id;
  }

  Result<std::vector<tasks::Report>> ListTaskReports(std::string_view task_id) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare(
        std::string("SELECT id, task_id, at, day, by, text, value, final FROM task_reports") +
        (task_id.empty() ? " ORDER BY id" : " WHERE task_id = ?1 ORDER BY id")));
    if (!task_id.empty()) st.Bind(1, task_id);
    std::vector<tasks::Report> out;
    std::map<int64_t, size_t> index;
    while (JIAODU_TRY(st.Step())) {
      tasks::Report r;
      r.id = st.Int(0);
      r.task_id = st.Text(1);
      r.at = st.Text(2);
      r.day = st.Int(3);
      r.by = st.Text(4);
      r.text = st.Text(5);
      if (!st.IsNull(6)) r.value = st.Double(6);
      r.final = st.Int(7) != 0;
      index[r.id] = out.size();
      out.push_back(std::move(r));
    }
    auto fs = JIAODU_TRY(db_.Prepare(
        std::string("SELECT f.id, f.report_id, f.name, f.content_type, f.size, f.sha256, "
                    "f.uploaded_by, f.uploaded_at FROM task_files f JOIN task_reports r ON "
                    "r.id = f.report_id") +
        (task_id.empty() ? " ORDER BY f.id" : " WHERE r.task_id = ?1 ORDER BY f.id")));
    if (!task_id.empty()) fs.Bind(1, task_id);
    while (JIAODU_TRY(fs.Step())) {
      auto it = index.find(fs.Int(1));
      if (it == index.end()) continue;
      out[it->second].files.push_back(tasks::EvidenceFile{
          fs.Int(0), fs.Text(2), fs.Text(3), fs.Int(4), fs.Text(5), fs.Text(6), fs.Text(7)});
    }
    return out;
  }

  // ---- The review chain (SQL in review_store.cc) ----

  Result<int64_t> AppendReviewEvent(const ReviewEvent& e, int64_t expected_last,
                                    access::AuditEntry audit) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    const int64_t id = JIAODU_TRY(sqlite::InsertReviewEvent(db_, e, expected_last));
    JIAODU_TRY(ChainLocked(std::move(audit)));
    // A lock or reopen changes what may be written, not the data itself,
    // but views show the state: caches keyed on the version refresh.
    JIAODU_TRY_STATUS(BumpVersion());
    JIAODU_TRY_STATUS(txn.Commit());
    return id;
  }

  Result<std::vector<ReviewEvent>> ListReviewEvents(AcademicYear year,
                                                    std::string_view school) override {
    std::lock_guard lock(mu_);
    return sqlite::ReadReviewEvents(db_, year, school);
  }

  Result<std::vector<ReviewEvent>> LatestReviewEvents(
      AcademicYear year, std::span<const std::string> counties) override {
    std::lock_guard lock(mu_);
    return sqlite::ReadLatestReviewEvents(db_, year, counties);
  }

  // 办学质量评价 inputs: SQL in school_eval_store.cc.
  Result<int64_t> SaveSchoolEvalInputs(const SchoolEvalInputs& in) override {
    std::lock_guard lock(mu_);
    auto txn = JIAODU_TRY(Transaction::Begin(db_));
    const int64_t id = JIAODU_TRY(sqlite::InsertSchoolEvalInputs(db_, in));
    JIAODU_TRY_STATUS(BumpVersion());
    JIAODU_TRY_STATUS(AuditLocked(in.created_by, "school_eval", sc::SchoolEvalAudit(in)));
    JIAODU_TRY_STATUS(txn.Commit());
    return id;
  }

  Result<std::optional<SchoolEvalInputs>> LoadSchoolEvalInputs(std::string_view scheme,
                                                               int year) override {
    std::lock_guard lock(mu_);
    return sqlite::ReadSchoolEvalInputs(db_, scheme, year);
  }

  Result<std::vector<SchoolEvalInputs>> ListSchoolEvalInputs(std::string_view scheme) override {
    std::lock_guard lock(mu_);
    return sqlite::ReadSchoolEvalVersions(db_, scheme);
  }

  Result<std::optional<TaskFileBlob>> LoadTaskFile(int64_t file_id) override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(
        db_.Prepare("SELECT id, name, content_type, size, sha256, uploaded_by, uploaded_at, bytes "
                    "FROM task_files WHERE id = ?1"));
    st.Bind(1, file_id);
    if (!JIAODU_TRY(st.Step())) return std::optional<TaskFileBlob>();
    TaskFileBlob f;
    f.meta = tasks::EvidenceFile{st.Int(0),  st.Text(1), st.Text(2), st.Int(3),
                                 st.Text(4), st.Text(5), st.Text(6)};
    f.bytes = st.Blob(7);
    return std::optional<TaskFileBlob>(std::move(f));
  }

  Result<int64_t> DataVersion() override {
    std::lock_guard lock(mu_);
    auto st = JIAODU_TRY(db_.Prepare("SELECT value FROM meta WHERE key = 'data_version'"));
    if (!JIAODU_TRY(st.Step())) return int64_t{0};
    return static_cast<int64_t>(std::atoll(st.Text(0).c_str()));
  }

 private:
  // Retires the versions `import_id` wrote to `table` and makes the latest
  // earlier version of the same (key, year, dataset) from an import not
  // undone current again. Returns the keys it touched.
  static constexpr std::string_view kSelectQualityTest =
      "SELECT test_id, name, year, term, grades, subjects, cuts_id, cuts, created_at, created_by "
      "FROM quality_tests";

  // Binds ?1–?8 to the test's columns, in kSelectQualityTest's order.
  static Stmt& BindQualityTest(Stmt& st, const QualityTest& t) {
    return st.Bind(1, t.id)
        .Bind(2, t.name)
        .Bind(3, t.year.start())
        .Bind(4, t.term)
        .Bind(5, JoinLines(t.grades, '\n'))
        .Bind(6, JoinLines(t.subjects, '\n'))
        .Bind(7, t.cuts_id)
        .Bind(8, t.cuts_toml);
  }

  static QualityTest ReadQualityTest(const Stmt& st) {
    QualityTest t;
    t.id = st.Text(0);
    t.name = st.Text(1);
    t.year = AcademicYear(static_cast<int>(st.Int(2)));
    t.term = static_cast<int>(st.Int(3));
    t.grades = SplitOn(st.TextView(4), '\n');
    t.subjects = SplitOn(st.TextView(5), '\n');
    t.cuts_id = st.Text(6);
    t.cuts_toml = st.Text(7);
    t.created_at = st.Text(8);
    t.created_by = st.Text(9);
    return t;
  }

  // The imports row every kind of import starts with (inside its
  // transaction, mu_ held); returns the new import's id. `sets` is what the
  // kind counts as school years (a fitness or 抽测 import: school sets).
  Result<int64_t> InsertImportLocked(std::string_view kind, const std::string& user,
                                     const std::string& description,
                                     const std::vector<std::string>& files, int64_t sets,
                                     int64_t county_years, const std::string& years) {
    auto ins =
        JIAODU_TRY(db_.Prepare(fmt::format("INSERT INTO imports (kind, created_at, user, "
                                           "description, files, school_years, county_years, years) "
                                           "VALUES (?1, {}, ?2, ?3, ?4, ?5, ?6, ?7)",
                                           kNow)));
    ins.Bind(1, kind)
        .Bind(2, user)
        .Bind(3, description)
        .Bind(4, JoinLines(files, '\n'))
        .Bind(5, sets)
        .Bind(6, county_years)
        .Bind(7, years);
    JIAODU_TRY_STATUS(ins.Run());
    return db_.LastInsertId();
  }

  Result<std::optional<QualityTest>> FindQualityTestLocked(std::string_view id) {
    auto st = JIAODU_TRY(db_.Prepare(fmt::format("{} WHERE test_id = ?1", kSelectQualityTest)));
    st.Bind(1, id);
    if (!JIAODU_TRY(st.Step())) return std::optional<QualityTest>();
    return std::optional<QualityTest>(ReadQualityTest(st));
  }

  Result<std::vector<VersionKey>> RollBackVersions(std::string_view table, std::string_view key,
                                                   int64_t import_id) {
    auto rows = JIAODU_TRY(db_.Prepare(
        fmt::format("SELECT id, {1}, year, dataset FROM {0} WHERE import_id = ?1", table, key)));
    rows.Bind(1, import_id);
    std::vector<VersionKey> affected;
    while (JIAODU_TRY(rows.Step())) {
      affected.push_back(VersionKey{rows.Int(0), rows.Text(1), rows.Int(2), rows.Text(3)});
    }
    auto retire =
        JIAODU_TRY(db_.Prepare(fmt::format("UPDATE {} SET is_current = 0 WHERE id = ?1", table)));
    auto restore = JIAODU_TRY(db_.Prepare(fmt::format(
        "UPDATE {0} SET is_current = 1 WHERE id = (SELECT v.id FROM {0} v JOIN imports i ON "
        "i.id = v.import_id WHERE v.{1} = ?1 AND v.year = ?2 AND v.dataset = ?3 AND "
        "v.import_id <> ?4 AND i.undone_at IS NULL ORDER BY v.id DESC LIMIT 1)",
        table, key)));
    for (const VersionKey& k : affected) {
      retire.Bind(1, k.id);
      JIAODU_TRY_STATUS(retire.Run());
      restore.Bind(1, k.key).Bind(2, k.year).Bind(3, k.dataset).Bind(4, import_id);
      JIAODU_TRY_STATUS(restore.Run());
    }
    return affected;
  }

  // Reads code, name, county, town, type, locale, ownership, boarding,
  // inclusive from consecutive columns starting at `first`.
  Result<School> ReadSchool(const Stmt& st, int first) {
    School s;
    s.code = st.Text(first);
    s.name = st.Text(first + 1);
    s.county = st.Text(first + 2);
    s.town = st.Text(first + 3);
    auto type = ParseSchoolType(st.TextView(first + 4));
    if (!type) return Fail(Corrupt("学校类型", st.TextView(first + 4)));
    auto locale = ParseLocale(st.TextView(first + 5));
    if (!locale) return Fail(Corrupt("城乡类型", st.TextView(first + 5)));
    auto own = ParseOwnership(st.TextView(first + 6));
    if (!own) return Fail(Corrupt("办学性质", st.TextView(first + 6)));
    s.type = *type;
    s.locale = *locale;
    s.ownership = *own;
    s.boarding = st.Int(first + 7) != 0;
    s.inclusive = st.Int(first + 8) != 0;
    return s;
  }

  static SectionRecord* FindOrAddSection(SchoolYearRecord& r, Stage stage, size_t n) {
    for (auto& s : r.sections) {
      if (s.stage == stage) return &s;
    }
    SectionRecord s;
    s.stage = stage;
    s.values = FieldValues(n);
    s.overrides = FieldValues(n);
    r.sections.push_back(std::move(s));
    return &r.sections.back();
  }

  Status WriteValues(Stmt& insert, int64_t id, const std::string& section, int kind,
                     const FieldValues& values, const FieldCatalog* catalog, bool even_if_empty) {
    if (values.empty() && !even_if_empty) return Ok();
    if (!values.empty() && (catalog == nullptr || values.size() > catalog->size())) {
      return Fail(ErrorCode::kInternal, "storage.no_catalog",
                  Text("写入数据时缺少字段目录", "no field catalog set for writing"));
    }
    insert.Bind(1, id).Bind(2, section).Bind(3, kind).Bind(4, EncodeValues(values, catalog));
    return insert.Run();
  }

  Status BumpVersion() {
    return db_.Exec(
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'data_version'");
  }

  static std::vector<std::string_view> Lines(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      if (!line.empty()) out.push_back(line);
      if (nl == std::string_view::npos) break;
      text.remove_prefix(nl + 1);
    }
    return out;
  }

  Status CheckLastEvent(std::string_view task_id, int64_t expected_last) {
    auto st =
        JIAODU_TRY(db_.Prepare("SELECT COALESCE(MAX(id), 0) FROM task_events WHERE task_id = ?1"));
    st.Bind(1, task_id);
    int64_t last = 0;
    if (JIAODU_TRY(st.Step())) last = st.Int(0);
    if (last != expected_last) {
      return Fail(
          ErrorCode::kConflict, "storage.task_changed",
          Text(fmt::format("任务 {} 刚被他人更新过，请刷新后重试", task_id),
               fmt::format("task {} was just changed by someone else: reload and retry", task_id)));
    }
    return Ok();
  }

  Result<int64_t> InsertTaskEvent(const tasks::Event& e) {
    auto ins = JIAODU_TRY(db_.Prepare(fmt::format(
        "INSERT INTO task_events (task_id, kind, at, day, actor, role, reason, from_state, "
        "to_state, due_day, notice_no, report_id, decision, final) VALUES (?1, ?2, {}, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        kNow)));
    ins.Bind(1, e.task_id).Bind(2, tasks::EventKindKey(e.kind)).Bind(3, e.day);
    ins.Bind(4, e.actor).Bind(5, tasks::RoleKey(e.role)).Bind(6, e.reason);
    if (e.from) {
      ins.Bind(7, tasks::StateKey(*e.from));
    } else {
      ins.BindNull(7);
    }
    if (e.to) {
      ins.Bind(8, tasks::StateKey(*e.to));
    } else {
      ins.BindNull(8);
    }
    if (e.due) {
      ins.Bind(9, *e.due);
    } else {
      ins.BindNull(9);
    }
    ins.Bind(10, e.notice_no).Bind(11, e.report_id).Bind(12, tasks::DecisionKey(e.decision));
    ins.Bind(13, e.final ? 1 : 0);
    JIAODU_TRY_STATUS(ins.Run());
    return db_.LastInsertId();
  }

  // Inside a transaction (BEGIN IMMEDIATE holds SQLite's one write lock, so
  // another process cannot append between reading the head and writing).
  Status AuditLocked(std::string_view user, std::string_view action, std::string_view detail) {
    return ChainLocked(sc::ShortEntry(user, action, detail, sc::NowUnix())).transform([](auto&&) {
    });
  }

  Result<access::AuditEntry> ChainLocked(access::AuditEntry e) {
    auto head = JIAODU_TRY(db_.Prepare(
        fmt::format("SELECT {} FROM audit_entries ORDER BY seq DESC LIMIT 1", kAuditColumns)));
    std::optional<access::AuditEntry> last;
    if (JIAODU_TRY(head.Step())) last = ReadAuditEntry(head);
    JIAODU_TRY_STATUS(head.Reset());
    e = sc::ChainAfter(last ? &*last : nullptr, std::move(e));
    auto put = JIAODU_TRY(db_.Prepare(
        fmt::format("INSERT INTO audit_entries ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                    "?10, ?11, ?12, ?13, ?14, ?15)",
                    kAuditColumns)));
    put.Bind(1, e.seq).Bind(2, e.time).Bind(3, e.actor).Bind(4, e.role).Bind(5, e.from);
    put.Bind(6, e.action).Bind(7, e.object.kind).Bind(8, e.object.id).Bind(9, e.object.area);
    put.Bind(10, e.old_value).Bind(11, e.new_value).Bind(12, e.reason).Bind(13, e.outcome);
    put.Bind(14, e.prev_hash).Bind(15, e.hash);
    JIAODU_TRY_STATUS(put.Run());
    return e;
  }

  static access::AuditEntry ReadAuditEntry(const Stmt& st) {
    access::AuditEntry e;
    e.seq = st.Int(0);
    e.time = st.Int(1);
    e.actor = st.Text(2);
    e.role = st.Text(3);
    e.from = st.Text(4);
    e.action = st.Text(5);
    e.object = access::AuditObject{st.Text(6), st.Text(7), st.Text(8)};
    e.old_value = st.Text(9);
    e.new_value = st.Text(10);
    e.reason = st.Text(11);
    e.outcome = st.Text(12);
    e.prev_hash = st.Text(13);
    e.hash = st.Text(14);
    return e;
  }

  static void BindAccount(Stmt& st, const access::Account& a) {
    st.Bind(1, a.principal.login)
        .Bind(2, a.display_name)
        .Bind(3, access::RoleKey(a.principal.role));
    st.Bind(4, a.principal.county).Bind(5, sc::JoinLines(a.principal.schools, '\n'));
    st.Bind(6, a.password_hash).Bind(7, a.must_change_password ? 1 : 0);
    st.Bind(8, a.password_changed_at).Bind(9, a.login.failures).Bind(10, a.login.locked_until);
    st.Bind(11, a.disabled ? 1 : 0);
  }

  static Result<access::Account> ReadAccountRow(const Stmt& st) {
    return sc::ReadAccount(
        sc::AccountColumns{st.TextView(0), st.TextView(1), st.TextView(2), st.TextView(3),
                           st.TextView(4), st.TextView(5), st.Int(6) != 0, st.Int(7),
                           static_cast<int>(st.Int(8)), st.Int(9), st.Int(10) != 0});
  }

  Result<std::optional<access::Account>> FindAccountLocked(std::string_view login) {
    auto st = JIAODU_TRY(db_.Prepare(
        fmt::format("SELECT {} FROM accounts WHERE lower(login) = lower(?1)", kAccountColumns)));
    st.Bind(1, login);
    if (!JIAODU_TRY(st.Step())) return std::optional<access::Account>();
    return std::optional<access::Account>(JIAODU_TRY(ReadAccountRow(st)));
  }

  Status Migrate() {
    JIAODU_TRY_STATUS(
        db_.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                 "applied_at TEXT NOT NULL, "
                 "description TEXT NOT NULL)"));
    auto cur = JIAODU_TRY(db_.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    JIAODU_TRY(cur.Step());
    int64_t have = cur.Int(0);
    JIAODU_TRY_STATUS(cur.Reset());
    if (have > SqliteStorage::SchemaVersion()) {
      return Fail(
          ErrorCode::kUnsupported, "storage.schema_newer",
          Text(fmt::format("数据库结构版本 {} 高于本程序支持的 {}，请升级 jiaodu", have,
                           SqliteStorage::SchemaVersion()),
               fmt::format("database schema v{} is newer than this build (v{}); upgrade jiaodu",
                           have, SqliteStorage::SchemaVersion())));
    }
    for (const auto& m : sqlite::Migrations()) {
      if (m.version <= have) continue;
      auto txn = JIAODU_TRY(Transaction::Begin(db_));
      JIAODU_TRY_STATUS(db_.Exec(m.sql));
      if (m.then != nullptr) JIAODU_TRY_STATUS(m.then(db_));
      auto rec = JIAODU_TRY(db_.Prepare(fmt::format(
          "INSERT INTO schema_migrations (version, applied_at, description) VALUES (?1, {}, ?2)",
          kNow)));
      rec.Bind(1, static_cast<int64_t>(m.version)).Bind(2, m.description);
      JIAODU_TRY_STATUS(rec.Run());
      JIAODU_TRY_STATUS(txn.Commit());
    }
    return Ok();
  }

  std::mutex mu_;
  Db db_;
  std::string path_;
};

}  // namespace

int SqliteStorage::SchemaVersion() { return sqlite::Migrations().back().version; }

Result<std::unique_ptr<Storage>> SqliteStorage::Open(const std::string& path) {
  Db db = JIAODU_TRY(Db::Open(path));
  auto impl = std::make_unique<SqliteStorageImpl>(std::move(db), path);
  JIAODU_TRY_STATUS(impl->Init());
  return std::unique_ptr<Storage>(std::move(impl));
}

}  // namespace jiaodu
