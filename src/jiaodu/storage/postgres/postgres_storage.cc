#include "jiaodu/storage/postgres/postgres_storage.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "jiaodu/storage/codec/fitness_blob.h"
#include "jiaodu/storage/codec/quality_blob.h"
#include "jiaodu/storage/common/review_common.h"
#include "jiaodu/storage/common/storage_common.h"
#include "jiaodu/storage/postgres/pg_copy.h"
#include "jiaodu/storage/postgres/pg_migrations.h"
#include "jiaodu/storage/postgres/pg_review_store.h"
#include "jiaodu/storage/postgres/pg_school_eval_store.h"
#include "jiaodu/storage/postgres/pg_util.h"

namespace jiaodu {
namespace {

namespace sc = storage_common;
using Tx = pqxx::transaction_base;
// Reads of several statements see one snapshot (a year's schools and their
// values must come from the same state even while an import commits).
using SnapshotTx = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

std::string_view Sv(const pqxx::field& f) { return {f.c_str(), f.size()}; }
std::string Str(const pqxx::field& f) { return std::string(f.c_str(), f.size()); }
int64_t I64(const pqxx::field& f) { return f.as<int64_t>(); }
std::string_view View(const pqxx::binarystring& b) { return {b.get(), b.size()}; }

// code, name, county, town, type, locale, ownership, boarding, inclusive
// from consecutive columns starting at `first`.
constexpr std::string_view kSchoolColumns =
    "code, name, county, town, type, locale, ownership, boarding, inclusive";
Result<School> SchoolAt(const pqxx::row& r, pqxx::row::size_type first) {
  return sc::ReadSchool(sc::SchoolColumns{
      Sv(r[first]), Sv(r[first + 1]), Sv(r[first + 2]), Sv(r[first + 3]), Sv(r[first + 4]),
      Sv(r[first + 5]), Sv(r[first + 6]), r[first + 7].as<bool>(), r[first + 8].as<bool>()});
}

// The schema's advisory locks (transaction-scoped; keyed by the schema, so
// deployments or tests in other schemas of the database never wait on each
// other). Whatever checks the stored state and then writes on that basis
// (superseding versions, undo, the task log's last event) holds one, so
// several servers on one database behave like SQLite's single writer.
// Readers never wait.
void LockData(Tx& tx) {
  tx.exec("SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext('data'))");
}
void LockTask(Tx& tx, std::string_view task_id) {
  tx.exec_params(
      "SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext('task:' || $1))",
      std::string(task_id));
}

void BumpVersion(Tx& tx) {
  tx.exec0("UPDATE meta SET value = value + 1 WHERE key = 'data_version'");
}

constexpr std::string_view kAuditColumns =
    "seq, time, actor, role, from_addr, action, object_kind, object_id, object_area, old_value, "
    "new_value, reason, outcome, prev_hash, hash";

access::AuditEntry ReadAuditEntry(const pqxx::row& r) {
  access::AuditEntry e;
  e.seq = I64(r[0]);
  e.time = I64(r[1]);
  e.actor = Str(r[2]);
  e.role = Str(r[3]);
  e.from = Str(r[4]);
  e.action = Str(r[5]);
  e.object = access::AuditObject{Str(r[6]), Str(r[7]), Str(r[8])};
  e.old_value = Str(r[9]);
  e.new_value = Str(r[10]);
  e.reason = Str(r[11]);
  e.outcome = Str(r[12]);
  e.prev_hash = Str(r[13]);
  e.hash = Str(r[14]);
  return e;
}

// Appends `e` to the chain. The trail's advisory lock, held until the
// transaction ends, makes reading the head and writing the next entry one
// step for every server on the database: the next writer waits, then sees
// this entry as the head (READ COMMITTED reads the latest committed row in
// each statement). A rolled-back transaction takes its entry with it, so
// seq has no gaps; the primary key on seq would refuse a fork anyway.
access::AuditEntry AppendChained(Tx& tx, access::AuditEntry e) {
  tx.exec("SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext('audit'))");
  const pqxx::result head =
      tx.exec(fmt::format("SELECT {} FROM audit_entries ORDER BY seq DESC LIMIT 1", kAuditColumns));
  std::optional<access::AuditEntry> last;
  if (!head.empty()) last = ReadAuditEntry(head[0]);
  e = sc::ChainAfter(last ? &*last : nullptr, std::move(e));
  tx.exec_params(fmt::format("INSERT INTO audit_entries ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                             "$8, $9, $10, $11, $12, $13, $14, $15)",
                             kAuditColumns),
                 e.seq, e.time, e.actor, e.role, e.from, e.action, e.object.kind, e.object.id,
                 e.object.area, e.old_value, e.new_value, e.reason, e.outcome, e.prev_hash, e.hash);
  return e;
}

void Audit(Tx& tx, std::string_view user, std::string_view action, std::string_view detail) {
  AppendChained(tx, sc::ShortEntry(user, action, detail, sc::NowUnix()));
}

constexpr std::string_view kAccountColumns =
    "login, display_name, role, county, array_to_string(schools, E'\\n'), password_hash, "
    "must_change_password, password_changed_at, failures, locked_until, disabled";

Result<access::Account> ReadAccountRow(const pqxx::row& r) {
  return sc::ReadAccount(sc::AccountColumns{Sv(r[0]), Sv(r[1]), Sv(r[2]), Sv(r[3]), Sv(r[4]),
                                            Sv(r[5]), r[6].as<bool>(), I64(r[7]), r[8].as<int>(),
                                            I64(r[9]), r[10].as<bool>()});
}

// `n` fresh ids of `table`'s identity column, ascending: the bulk paths
// COPY rows with their ids so that child rows can refer to them.
std::vector<int64_t> ReserveIds(Tx& tx, std::string_view table, size_t n) {
  std::vector<int64_t> ids;
  ids.reserve(n);
  if (n == 0) return ids;
  for (const auto& row :
       tx.exec_params(fmt::format("SELECT nextval(pg_get_serial_sequence('{}', 'id')) FROM "
                                  "generate_series(1, $1)",
                                  table),
                      static_cast<int64_t>(n))) {
    ids.push_back(I64(row[0]));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// One version key (school code or county, year, dataset).
using VersionKey = std::tuple<std::string, int, std::string>;

// Retires the current versions of `keys` in `table` (school_years,
// county_years).
void RetireVersions(Tx& tx, std::string_view table, std::string_view key_column,
                    const std::vector<VersionKey>& keys) {
  if (keys.empty()) return;
  std::vector<std::string> codes, datasets;
  std::vector<int64_t> years;
  for (const auto& [code, year, dataset] : keys) {
    codes.push_back(code);
    years.push_back(year);
    datasets.push_back(dataset);
  }
  tx.exec_params(fmt::format("UPDATE {0} t SET is_current = false FROM unnest($1::text[], "
                             "$2::integer[], $3::text[]) AS k(code, year, dataset) WHERE "
                             "t.is_current AND t.{1} = k.code AND t.year = k.year AND "
                             "t.dataset = k.dataset",
                             table, key_column),
                 pg::TextArray(codes), pg::IntArray(years), pg::TextArray(datasets));
}

// A record of the batch with the catalog (so the dataset) it came under.
template <typename R>
struct InBatch {
  const R* rec;
  const FieldCatalog* catalog;
};

// The batch's school or county years (`member`), in batch order.
template <typename R>
std::vector<InBatch<R>> Gather(const ImportBatch& batch, std::vector<R> DatasetBatch::*member) {
  std::vector<InBatch<R>> out;
  for (const DatasetBatch& ds : batch.datasets) {
    for (const R& r : ds.*member) out.push_back(InBatch<R>{&r, ds.catalog.get()});
  }
  return out;
}

// The new versions of `keys` (in batch order): the current ones retired,
// ids reserved, and whether each stays current, i.e. is the batch's last
// for its key (an earlier one is superseded within the import, as when
// written one by one).
struct NewVersions {
  std::vector<int64_t> ids;
  std::vector<bool> current;
};
NewVersions StartVersions(Tx& tx, std::string_view table, std::string_view key_column,
                          const std::vector<VersionKey>& keys) {
  RetireVersions(tx, table, key_column, keys);
  NewVersions v{ReserveIds(tx, table, keys.size()), std::vector<bool>(keys.size())};
  std::set<VersionKey> seen;
  for (size_t i = keys.size(); i-- > 0;) v.current[i] = seen.insert(keys[i]).second;
  return v;
}

// Retires the versions `import_id` wrote to `table` and makes the latest
// earlier version of each (key, year, dataset) from an import not undone
// current again (the set-based form of undoing one version at a time).
void RollBackVersions(Tx& tx, std::string_view table, std::string_view key, int64_t import_id) {
  tx.exec_params(
      fmt::format("UPDATE {} SET is_current = false WHERE import_id = $1 AND is_current", table),
      import_id);
  tx.exec_params(
      fmt::format("UPDATE {0} SET is_current = true WHERE id IN (SELECT DISTINCT ON (v.{1}, "
                  "v.year, v.dataset) v.id FROM {0} v JOIN imports i ON i.id = v.import_id "
                  "JOIN (SELECT DISTINCT {1} AS k, year, dataset FROM {0} WHERE import_id = $1) "
                  "m ON m.k = v.{1} AND m.year = v.year AND m.dataset = v.dataset WHERE "
                  "v.import_id <> $1 AND i.undone_at IS NULL ORDER BY v.{1}, v.year, "
                  "v.dataset, v.id DESC)",
                  table, key),
      import_id);
}

std::optional<std::string> OptionalKey(std::optional<tasks::State> s) {
  if (!s) return std::nullopt;
  return std::string(tasks::StateKey(*s));
}

int64_t InsertTaskEvent(Tx& tx, const tasks::Event& e) {
  return I64(tx.exec_prepared1(
      "task_event", e.task_id, std::string(tasks::EventKindKey(e.kind)), e.day, e.actor,
      std::string(tasks::RoleKey(e.role)), e.reason, OptionalKey(e.from), OptionalKey(e.to), e.due,
      e.notice_no, e.report_id, std::string(tasks::DecisionKey(e.decision)), e.final)[0]);
}

Status CheckLastEvent(Tx& tx, std::string_view task_id, int64_t expected_last) {
  const int64_t last = I64(tx.exec_params1(
      "SELECT COALESCE(MAX(id), 0) FROM task_events WHERE task_id = $1", std::string(task_id))[0]);
  if (last != expected_last) return Fail(sc::TaskChanged(task_id));
  return Ok();
}

// The columns of a 抽测's description, read by ReadTest.
std::string SelectTest() {
  return fmt::format(
      "SELECT test_id, name, year, term, array_to_string(grades, E'\\n'), "
      "array_to_string(subjects, E'\\n'), cuts_id, cuts, {}, created_by FROM quality_tests",
      pg::Iso("created_at"));
}

QualityTest ReadTest(const pqxx::row& r) {
  QualityTest t;
  t.id = Str(r[0]);
  t.name = Str(r[1]);
  t.year = AcademicYear(r[2].as<int>());
  t.term = r[3].as<int>();
  t.grades = sc::SplitOn(Sv(r[4]), '\n');
  t.subjects = sc::SplitOn(Sv(r[5]), '\n');
  t.cuts_id = Str(r[6]);
  t.cuts_toml = Str(r[7]);
  t.created_at = Str(r[8]);
  t.created_by = Str(r[9]);
  return t;
}

std::optional<QualityTest> FindQualityTest(Tx& tx, std::string_view id) {
  for (const auto& r :
       tx.exec_params(fmt::format("{} WHERE test_id = $1", SelectTest()), std::string(id))) {
    return ReadTest(r);
  }
  return std::nullopt;
}

// At most this many fitness sets' blobs in one result (~100 KB each for a
// school of 1,000 students): loading a city's year never holds the whole
// city's bytes twice.
constexpr size_t kBlobsPerQuery = 64;
// Blobs sent per INSERT when importing.
constexpr size_t kBlobsPerStatement = 32;
constexpr size_t kBlobBytesPerStatement = 4 << 20;

class PostgresStorageImpl final : public Storage {
 public:
  PostgresStorageImpl(std::unique_ptr<pqxx::connection> conn, std::string url)
      : conn_(std::move(conn)), url_(std::move(url)) {}

  Status Init() {
    std::lock_guard lock(mu_);
    return pg::Guarded("open", [&]() -> Status {
      conn_->set_client_encoding("UTF8");
      // "relation already exists, skipping" and the like would otherwise be
      // printed on stderr by libpqxx's default notice handler.
      conn_->set_variable("client_min_messages", "warning");
      {
        pqxx::nontransaction tx(*conn_);
        const std::string encoding = Str(tx.exec1("SHOW server_encoding")[0]);
        if (encoding != "UTF8") {
          return Fail(ErrorCode::kUnsupported, "storage.open",
                      Text(fmt::format("数据库 {} 的编码是 {}，jiaodu 需要 UTF8", pg::Redact(url_),
                                       encoding),
                           fmt::format("database {} is encoded {}; jiaodu needs UTF8",
                                       pg::Redact(url_), encoding)));
        }
      }
      JIAODU_TRY_STATUS(Migrate());
      pqxx::nontransaction tx(*conn_);
      const auto row = tx.exec1("SELECT current_schema()");
      describe_ = fmt::format("PostgreSQL {}:{}/{} [{}] (schema v{})",
                              conn_->hostname() ? conn_->hostname() : "",
                              conn_->port() ? conn_->port() : "", conn_->dbname(), Str(row[0]),
                              PostgresStorage::SchemaVersion());
      Prepare();
      return Ok();
    });
  }

  std::string Describe() override { return describe_; }

  Result<std::vector<Area>> ListAreas() override {
    return Read("list areas", [&](Tx& tx) -> Result<std::vector<Area>> {
      std::vector<Area> out;
      for (const auto& r :
           tx.exec("SELECT code, name, level, parent_code FROM areas ORDER BY code")) {
        auto level = ParseAreaLevel(Sv(r[2]));
        if (!level) return Fail(sc::Corrupt("区划层级", Sv(r[2])));
        out.push_back(Area{Str(r[0]), Str(r[1]), *level, r[3].is_null() ? "" : Str(r[3])});
      }
      return out;
    });
  }

  Result<std::vector<School>> ListSchools(std::string_view county) override {
    return Read("list schools", [&](Tx& tx) -> Result<std::vector<School>> {
      const std::string sql = fmt::format("SELECT {} FROM schools {} ORDER BY code", kSchoolColumns,
                                          county.empty() ? "" : "WHERE county = $1");
      const pqxx::result res =
          county.empty() ? tx.exec(sql) : tx.exec_params(sql, std::string(county));
      std::vector<School> out;
      for (const auto& r : res) out.push_back(JIAODU_TRY(SchoolAt(r, 0)));
      return out;
    });
  }

  Result<std::optional<School>> FindSchool(std::string_view code) override {
    return Read("find school", [&](Tx& tx) -> Result<std::optional<School>> {
      const pqxx::result res = tx.exec_params(
          fmt::format("SELECT {} FROM schools WHERE code = $1", kSchoolColumns), std::string(code));
      if (res.empty()) return std::optional<School>();
      return std::optional<School>(JIAODU_TRY(SchoolAt(res[0], 0)));
    });
  }

  Result<std::vector<AcademicYear>> ListYears() override {
    return Read("list years", [&](Tx& tx) -> Result<std::vector<AcademicYear>> {
      std::vector<AcademicYear> out;
      for (const auto& r : tx.exec("SELECT year FROM school_years WHERE is_current UNION SELECT "
                                   "year FROM county_years WHERE is_current ORDER BY 1")) {
        out.emplace_back(r[0].as<int>());
      }
      return out;
    });
  }

  Result<std::vector<SchoolYearRecord>> LoadSchoolYears(
      const FieldCatalog& catalog, AcademicYear year,
      std::span<const std::string> counties) override {
    return Snapshot("load school years", [&](Tx& tx) -> Result<std::vector<SchoolYearRecord>> {
      // $1 year, $2 dataset, $3 the counties (NULL = all).
      constexpr std::string_view kWhere =
          "sy.year = $1 AND sy.dataset = $2 AND sy.is_current AND ($3::text[] IS NULL OR "
          "sy.county = ANY($3::text[]))";
      std::optional<std::string> filter;
      if (!counties.empty()) filter = pg::TextArray(counties);
      std::vector<SchoolYearRecord> out;
      std::unordered_map<int64_t, size_t> index;
      for (const auto& r : tx.exec_params(
               fmt::format("SELECT sy.id, sy.school_code, sy.name, sy.county, sy.town, sy.type, "
                           "sy.locale, sy.ownership, sy.boarding, sy.inclusive FROM school_years "
                           "sy WHERE {} ORDER BY sy.school_code",
                           kWhere),
               year.start(), catalog.dataset(), filter)) {
        SchoolYearRecord rec;
        rec.school = JIAODU_TRY(SchoolAt(r, 1));
        rec.year = year;
        rec.values = FieldValues(catalog.size());
        index.emplace(I64(r[0]), out.size());
        out.push_back(std::move(rec));
      }
      const sc::FieldLookup lookup(catalog);
      for (const auto& r : tx.exec_params(
               fmt::format("SELECT v.school_year_id, v.section, v.kind, v.data::text FROM "
                           "school_years sy JOIN school_sections v ON v.school_year_id = sy.id "
                           "WHERE {}",
                           kWhere),
               year.start(), catalog.dataset(), filter)) {
        auto it = index.find(I64(r[0]));
        if (it == index.end()) continue;
        SchoolYearRecord& rec = out[it->second];
        FieldValues* target = &rec.values;
        if (r[1].size() != 0) {
          const Stage stage = JIAODU_TRY(sc::ParseSection(Sv(r[1])));
          SectionRecord* sec = sc::FindOrAddSection(rec, stage, catalog.size());
          target = r[2].as<int>() == 0 ? &sec->values : &sec->overrides;
        }
        JIAODU_TRY_STATUS(sc::DecodeValues(Sv(r[3]), lookup, *target));
      }
      sc::SortSections(out);
      return out;
    });
  }

  Result<std::vector<CountyYearRecord>> LoadCountyYears(const FieldCatalog& catalog,
                                                        AcademicYear year) override {
    return Snapshot("load county years", [&](Tx& tx) -> Result<std::vector<CountyYearRecord>> {
      std::vector<CountyYearRecord> out;
      std::unordered_map<int64_t, size_t> index;
      for (const auto& r : tx.exec_params(
               "SELECT id, county FROM county_years WHERE year = $1 AND dataset = $2 AND "
               "is_current ORDER BY county",
               year.start(), catalog.dataset())) {
        CountyYearRecord c;
        c.county = Str(r[1]);
        c.year = year;
        c.values = FieldValues(catalog.size());
        index.emplace(I64(r[0]), out.size());
        out.push_back(std::move(c));
      }
      // Rows of the current county years of the year and dataset: `columns`
      // of `table` (its county_year_id first).
      auto rows = [&](std::string_view table, std::string_view columns) {
        return tx.exec_params(
            fmt::format("SELECT t.county_year_id, {} FROM {} t JOIN county_years c ON c.id = "
                        "t.county_year_id WHERE c.year = $1 AND c.dataset = $2 AND c.is_current",
                        columns, table),
            year.start(), catalog.dataset());
      };
      auto target = [&](const pqxx::row& r) -> CountyYearRecord* {
        auto it = index.find(I64(r[0]));
        return it == index.end() ? nullptr : &out[it->second];
      };
      for (const auto& r : rows("county_values", "t.field, t.value")) {
        CountyYearRecord* c = target(r);
        if (c == nullptr) continue;
        if (auto f = catalog.IndexOf(Sv(r[1]))) c->values.Set(*f, r[2].as<double>());
      }
      for (const auto& r : rows("county_judgments", "t.item, t.status, t.note, t.evidence")) {
        CountyYearRecord* c = target(r);
        if (c == nullptr) continue;
        auto status = ParseJudgmentStatus(Sv(r[2]));
        if (!status) return Fail(sc::Corrupt("评定结论", Sv(r[2])));
        c->judgments[Str(r[1])] = Judgment{*status, Str(r[3]), Str(r[4])};
      }
      for (const auto& r : rows("county_vetoes", "t.veto, t.occurred, t.note")) {
        CountyYearRecord* c = target(r);
        if (c == nullptr) continue;
        c->vetoes[Str(r[1])] = VetoRecord{r[2].as<bool>(), Str(r[3])};
      }
      return out;
    });
  }

  Result<int64_t> ApplyImport(const ImportBatch& batch) override {
    const sc::BatchSummary summary = JIAODU_TRY(sc::SummarizeBatch(batch));
    return Write("import", [&](Tx& tx) -> Result<int64_t> {
      LockData(tx);
      const std::vector<int64_t> years(summary.years.begin(), summary.years.end());
      const int64_t import_id =
          I64(tx.exec_params1("INSERT INTO imports (kind, user_name, description, files, "
                              "school_years, county_years, years) VALUES ($1, $2, $3, $4::text[], "
                              "$5, $6, $7::integer[]) RETURNING id",
                              batch.kind, batch.user, batch.description, pg::TextArray(batch.files),
                              static_cast<int64_t>(summary.school_years),
                              static_cast<int64_t>(summary.county_years), pg::IntArray(years))[0]);
      UpsertAreas(tx, batch.areas);
      JIAODU_TRY_STATUS(CheckBatch(tx, batch));
      // Locked school-years change no more (docs/access.md): refused whole.
      JIAODU_TRY_STATUS(pg::CheckNotLocked(tx, sc::BatchSchoolYears(batch)));
      WriteSchoolYears(tx, batch, import_id);
      WriteCountyYears(tx, batch, import_id);
      BumpVersion(tx);
      Audit(tx, batch.user, batch.kind, sc::ImportAudit(import_id, batch, summary));
      return import_id;
    });
  }

  Result<std::vector<ImportInfo>> ListImports(int limit) override {
    return Read("list imports", [&](Tx& tx) -> Result<std::vector<ImportInfo>> {
      std::optional<int64_t> lim;  // NULL: no limit (SQLite's LIMIT -1)
      if (limit >= 0) lim = limit;
      std::vector<ImportInfo> out;
      for (const auto& r : tx.exec_params(
               fmt::format("SELECT id, kind, {}, user_name, description, array_to_string(files, "
                           "E'\\n'), school_years, county_years, array_to_string(years, ','), {}, "
                           "undone_by FROM imports ORDER BY id DESC LIMIT $1",
                           pg::Iso("created_at"), pg::Iso("undone_at")),
               lim)) {
        ImportInfo i;
        i.id = I64(r[0]);
        i.kind = Str(r[1]);
        i.created_at = Str(r[2]);
        i.user = Str(r[3]);
        i.description = Str(r[4]);
        i.files = sc::SplitOn(Sv(r[5]), '\n');
        i.school_years = r[6].as<int>();
        i.county_years = r[7].as<int>();
        for (const auto& y : sc::SplitOn(Sv(r[8]), ',')) i.years.push_back(std::stoi(y));
        i.undone = !r[9].is_null();
        i.undone_at = Str(r[9]);
        i.undone_by = Str(r[10]);
        out.push_back(std::move(i));
      }
      return out;
    });
  }

  Status UndoImport(int64_t import_id, std::string_view user) override {
    return Write("undo", [&](Tx& tx) -> Status {
      LockData(tx);
      const pqxx::result head = tx.exec_params(
          fmt::format("SELECT {} FROM imports WHERE id = $1", pg::Iso("undone_at")), import_id);
      if (head.empty()) return Fail(sc::NoImport(import_id));
      if (!head[0][0].is_null()) return Fail(sc::AlreadyUndone(import_id, Sv(head[0][0])));
      JIAODU_TRY_STATUS(pg::CheckImportNotLocked(tx, import_id));
      // Every (school or county, year, dataset) this import wrote must still
      // have its version current, else a later import replaced it (see the
      // SQLite adapter for why this compares with the current row).
      for (auto [table, key] : {std::pair{"school_years", "school_code"},
                                {"county_years", "county"},
                                {"fitness_sets", "school_code"},
                                {"quality_sets", "school_code"}}) {
        const int64_t later = I64(tx.exec_params1(
            fmt::format("SELECT COUNT(*) FROM {0} mine JOIN {0} cur ON cur.{1} = mine.{1} AND "
                        "cur.year = mine.year AND cur.dataset = mine.dataset AND cur.is_current "
                        "AND cur.import_id <> mine.import_id WHERE mine.import_id = $1",
                        table, key),
            import_id)[0]);
        if (later > 0) return Fail(sc::UndoSuperseded(import_id));
      }
      RollBackVersions(tx, "school_years", "school_code", import_id);
      // Master data follows the school's latest current year in any
      // dataset; a school left with no current data is removed again (the
      // SQLite adapter's UndoImport explains why that is right).
      tx.exec_params(
          "UPDATE schools s SET name = l.name, town = l.town, type = l.type, locale = l.locale, "
          "ownership = l.ownership, boarding = l.boarding, inclusive = l.inclusive FROM (SELECT "
          "DISTINCT ON (school_code) school_code, name, town, type, locale, ownership, boarding, "
          "inclusive FROM school_years WHERE is_current AND school_code IN (SELECT school_code "
          "FROM school_years WHERE import_id = $1) ORDER BY school_code, year DESC, id DESC) l "
          "WHERE s.code = l.school_code",
          import_id);
      tx.exec_params(
          "DELETE FROM schools s WHERE s.code IN (SELECT school_code FROM school_years WHERE "
          "import_id = $1) AND NOT EXISTS (SELECT 1 FROM school_years c WHERE c.school_code = "
          "s.code AND c.is_current)",
          import_id);
      RollBackVersions(tx, "county_years", "county", import_id);
      RollBackVersions(tx, "fitness_sets", "school_code", import_id);
      RollBackVersions(tx, "quality_sets", "school_code", import_id);
      tx.exec_params("UPDATE imports SET undone_at = now(), undone_by = $2 WHERE id = $1",
                     import_id, std::string(user));
      BumpVersion(tx);
      Audit(tx, user, "undo", sc::UndoAudit(import_id));
      return Ok();
    });
  }

  Result<std::vector<VersionInfo>> SchoolHistory(std::string_view school_code, AcademicYear year,
                                                 std::string_view dataset) override {
    return Read("school history", [&](Tx& tx) -> Result<std::vector<VersionInfo>> {
      std::vector<VersionInfo> out;
      for (const auto& r : tx.exec_params(
               fmt::format("SELECT i.id, {}, i.user_name, i.description, sy.is_current FROM "
                           "school_years sy JOIN imports i ON i.id = sy.import_id WHERE "
                           "sy.school_code = $1 AND sy.year = $2 AND sy.dataset = $3 ORDER BY "
                           "sy.id DESC",
                           pg::Iso("i.created_at")),
               std::string(school_code), year.start(), std::string(dataset))) {
        out.push_back(VersionInfo{I64(r[0]), Str(r[1]), Str(r[2]), Str(r[3]), r[4].as<bool>()});
      }
      return out;
    });
  }

  Status AppendAudit(std::string_view user, std::string_view action,
                     std::string_view detail) override {
    return Write("audit", [&](Tx& tx) -> Status {
      Audit(tx, user, action, detail);
      return Ok();
    });
  }

  Result<std::vector<AuditEntry>> ListAudit(int limit) override {
    return Read("list audit", [&](Tx& tx) -> Result<std::vector<AuditEntry>> {
      std::optional<int64_t> lim;
      if (limit >= 0) lim = limit;
      std::vector<AuditEntry> out;
      for (const auto& r :
           tx.exec_params(fmt::format("SELECT {} FROM audit_entries ORDER BY seq DESC LIMIT $1",
                                      kAuditColumns),
                          lim)) {
        out.push_back(sc::ShortForm(ReadAuditEntry(r)));
      }
      return out;
    });
  }

  // ---- Accounts, sessions, the chained audit trail ----

  Status CreateAccount(const access::Account& a) override {
    return Write("create account", [&](Tx& tx) -> Status {
      // The unique index on lower(login) refuses a second spelling too; the
      // check first gives the port's error instead of a constraint message.
      if (!tx.exec_params("SELECT 1 FROM accounts WHERE lower(login) = lower($1)",
                          a.principal.login)
               .empty()) {
        return Fail(sc::LoginTaken(a.principal.login));
      }
      tx.exec_params(
          "INSERT INTO accounts (login, display_name, role, county, schools, password_hash, "
          "must_change_password, password_changed_at, failures, locked_until, disabled) VALUES "
          "($1, $2, $3, $4, $5::text[], $6, $7, $8, $9, $10, $11)",
          a.principal.login, a.display_name, std::string(access::RoleKey(a.principal.role)),
          a.principal.county, pg::TextArray(a.principal.schools), a.password_hash,
          a.must_change_password, a.password_changed_at, a.login.failures, a.login.locked_until,
          a.disabled);
      return Ok();
    });
  }

  Status UpdateAccount(const access::Account& a) override {
    return Write("update account", [&](Tx& tx) -> Status {
      const pqxx::result r = tx.exec_params(
          "UPDATE accounts SET display_name = $2, role = $3, county = $4, schools = $5::text[], "
          "password_hash = $6, must_change_password = $7, password_changed_at = $8, failures = "
          "$9, locked_until = $10, disabled = $11 WHERE login = $1",
          a.principal.login, a.display_name, std::string(access::RoleKey(a.principal.role)),
          a.principal.county, pg::TextArray(a.principal.schools), a.password_hash,
          a.must_change_password, a.password_changed_at, a.login.failures, a.login.locked_until,
          a.disabled);
      if (r.affected_rows() == 0) return Fail(sc::NoAccount(a.principal.login));
      return Ok();
    });
  }

  Result<std::optional<access::Account>> FindAccount(std::string_view login) override {
    return Read("find account", [&](Tx& tx) -> Result<std::optional<access::Account>> {
      const pqxx::result res = tx.exec_params(
          fmt::format("SELECT {} FROM accounts WHERE lower(login) = lower($1)", kAccountColumns),
          std::string(login));
      if (res.empty()) return std::optional<access::Account>();
      return std::optional<access::Account>(JIAODU_TRY(ReadAccountRow(res[0])));
    });
  }

  Result<std::vector<access::Account>> ListAccounts() override {
    return Read("list accounts", [&](Tx& tx) -> Result<std::vector<access::Account>> {
      std::vector<access::Account> out;
      for (const auto& r :
           tx.exec(fmt::format("SELECT {} FROM accounts ORDER BY login", kAccountColumns))) {
        out.push_back(JIAODU_TRY(ReadAccountRow(r)));
      }
      return out;
    });
  }

  Result<bool> HasAccounts() override {
    return Read("has accounts", [&](Tx& tx) -> Result<bool> {
      return tx.exec1("SELECT EXISTS (SELECT 1 FROM accounts)")[0].as<bool>();
    });
  }

  Status CreateSession(const access::Session& s) override {
    return Write("create session", [&](Tx& tx) -> Status {
      tx.exec_params(
          "INSERT INTO sessions (token_digest, login, from_addr, created_at, last_seen, "
          "must_change, ended) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          s.token_digest, s.login, s.from, s.created_at, s.last_seen,
          sc::ChangeReasonCode(s.must_change), s.ended);
      return Ok();
    });
  }

  Result<std::optional<access::Session>> FindSession(std::string_view token_digest) override {
    return Read("find session", [&](Tx& tx) -> Result<std::optional<access::Session>> {
      const pqxx::result res = tx.exec_params(
          "SELECT token_digest, login, from_addr, created_at, last_seen, must_change, ended FROM "
          "sessions WHERE token_digest = $1",
          std::string(token_digest));
      if (res.empty()) return std::optional<access::Session>();
      const pqxx::row r = res[0];
      access::Session s;
      s.token_digest = Str(r[0]);
      s.login = Str(r[1]);
      s.from = Str(r[2]);
      s.created_at = I64(r[3]);
      s.last_seen = I64(r[4]);
      s.must_change = sc::ChangeReasonFromCode(r[5].as<int>());
      s.ended = r[6].as<bool>();
      return std::optional<access::Session>(std::move(s));
    });
  }

  Status TouchSession(std::string_view token_digest, int64_t last_seen) override {
    return Write("touch session", [&](Tx& tx) -> Status {
      tx.exec_params(
          "UPDATE sessions SET last_seen = greatest(last_seen, $2) WHERE token_digest = $1",
          std::string(token_digest), last_seen);
      return Ok();
    });
  }

  Status EndSession(std::string_view token_digest) override {
    return Write("end session", [&](Tx& tx) -> Status {
      tx.exec_params("UPDATE sessions SET ended = true WHERE token_digest = $1",
                     std::string(token_digest));
      return Ok();
    });
  }

  Result<int> EndSessions(std::string_view login) override {
    return Write("end sessions", [&](Tx& tx) -> Result<int> {
      return static_cast<int>(
          tx.exec_params(
                "UPDATE sessions SET ended = true WHERE lower(login) = lower($1) AND NOT ended",
                std::string(login))
              .affected_rows());
    });
  }

  Result<access::AuditEntry> AppendAuditEntry(access::AuditEntry e) override {
    return Write("audit", [&](Tx& tx) -> Result<access::AuditEntry> {
      return AppendChained(tx, std::move(e));
    });
  }

  Result<std::vector<access::AuditEntry>> FindAudit(const AuditQuery& q) override {
    return Read("find audit", [&](Tx& tx) -> Result<std::vector<access::AuditEntry>> {
      std::vector<access::AuditEntry> out;
      for (const auto& r : tx.exec_params(
               fmt::format("SELECT {} FROM audit_entries WHERE ($1 = '' OR actor = $1) AND ($2 = "
                           "'' OR action = $2) AND ($3 = '' OR object_kind = $3) AND ($4 = '' OR "
                           "object_id = $4) AND ($5 = '' OR object_area = $5) AND ($6::bigint = 0 "
                           "OR time >= $6::bigint) AND ($7::bigint = 0 OR time < $7::bigint) "
                           "ORDER BY seq DESC LIMIT $8 OFFSET $9",
                           kAuditColumns),
               q.actor, q.action, q.object_kind, q.object_id, q.area, q.from_time, q.to_time,
               q.limit, q.offset)) {
        out.push_back(ReadAuditEntry(r));
      }
      return out;
    });
  }

  Result<std::vector<access::AuditEntry>> ReadAuditChain(int64_t after_seq, int limit) override {
    return Read("read audit chain", [&](Tx& tx) -> Result<std::vector<access::AuditEntry>> {
      std::optional<int64_t> lim;
      if (limit > 0) lim = limit;
      std::vector<access::AuditEntry> out;
      for (const auto& r : tx.exec_params(
               fmt::format("SELECT {} FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2",
                           kAuditColumns),
               after_seq, lim)) {
        out.push_back(ReadAuditEntry(r));
      }
      return out;
    });
  }

  Result<std::vector<CountyStandard>> ListCountyStandards() override {
    return Read("list county standards", [&](Tx& tx) -> Result<std::vector<CountyStandard>> {
      std::vector<CountyStandard> out;
      for (const auto& r :
           tx.exec(fmt::format("SELECT county, family, standard, {}, set_by FROM county_standards "
                               "ORDER BY county, family",
                               pg::Iso("set_at")))) {
        out.push_back(CountyStandard{Str(r[0]), Str(r[1]), Str(r[2]), Str(r[3]), Str(r[4])});
      }
      return out;
    });
  }

  Status SetCountyStandard(std::string_view county, std::string_view family,
                           std::string_view standard, std::string_view user) override {
    return Write("set county standard", [&](Tx& tx) -> Status {
      if (tx.exec_params("SELECT 1 FROM areas WHERE code = $1", std::string(county)).empty()) {
        return Fail(sc::UnknownCounty(county));
      }
      tx.exec_params(
          "INSERT INTO county_standards (county, family, standard, set_by) VALUES ($1, $2, $3, "
          "$4) ON CONFLICT (county, family) DO UPDATE SET standard = excluded.standard, set_at = "
          "excluded.set_at, set_by = excluded.set_by",
          std::string(county), std::string(family), std::string(standard), std::string(user));
      BumpVersion(tx);
      Audit(tx, user, "standard", sc::CountyStandardAudit(county, family, standard));
      return Ok();
    });
  }

  Result<int64_t> ApplyFitnessImport(const FitnessImport& batch) override {
    JIAODU_TRY_STATUS(sc::CheckFitnessImport(batch));
    const fitness::Roster& roster = *batch.roster;
    const fitness::FitnessStandard& standard = *batch.standard;
    const std::vector<std::vector<uint32_t>> by_school = sc::StudentsBySchool(roster);
    std::vector<std::string> codes;
    std::vector<int64_t> counts;
    for (size_t s = 0; s < by_school.size(); ++s) {
      if (by_school[s].empty()) continue;
      codes.push_back(roster.schools()[s]);
      counts.push_back(static_cast<int64_t>(by_school[s].size()));
    }
    return Write("fitness import", [&](Tx& tx) -> Result<int64_t> {
      LockData(tx);
      const int year = batch.year.start();
      const int64_t import_id = I64(tx.exec_params1(
          "INSERT INTO imports (kind, user_name, description, files, school_years, county_years, "
          "years) VALUES ('fitness', $1, $2, $3::text[], $4, 0, ARRAY[$5::integer]) RETURNING id",
          batch.user, batch.description, pg::TextArray(batch.files),
          static_cast<int64_t>(codes.size()), year)[0]);
      // The sets: one statement each to retire the schools' current sets
      // and to add the new ones.
      const std::string code_array = pg::TextArray(codes);
      tx.exec_params(
          "UPDATE fitness_sets SET is_current = false WHERE year = $1 AND is_current AND "
          "school_code = ANY($2::text[])",
          year, code_array);
      std::unordered_map<std::string, int64_t> set_of;
      for (const auto& r : tx.exec_params(
               "INSERT INTO fitness_sets (school_code, year, import_id, is_current, standard, "
               "students) SELECT c, $1, $2, true, $3, n FROM unnest($4::text[], $5::integer[]) "
               "AS u(c, n) RETURNING id, school_code",
               year, import_id, standard.id(), code_array, pg::IntArray(counts))) {
        set_of.emplace(Str(r[1]), I64(r[0]));
      }
      // The blobs as binary parameters (no hex text), a few schools per
      // statement (fewer round trips; the import never holds more than a
      // few megabytes of them), and the 学籍号 index by COPY.
      std::vector<std::tuple<int64_t, int64_t, int32_t>> ids;
      ids.reserve(roster.size());
      std::vector<int64_t> blob_sets;
      std::vector<pqxx::binarystring> blobs;
      size_t blob_bytes = 0;
      auto flush = [&] {
        if (blobs.empty()) return;
        std::string values;
        for (size_t k = 0; k < blobs.size(); ++k) {
          values += fmt::format("{}${}::bytea", k == 0 ? "" : ", ", k + 2);
        }
        tx.exec_params(fmt::format("INSERT INTO fitness_data (set_id, bytes) SELECT s, b FROM "
                                   "unnest($1::bigint[], ARRAY[{}]) AS u(s, b)",
                                   values),
                       pg::IntArray(blob_sets), pqxx::prepare::make_dynamic_params(blobs));
        blob_sets.clear();
        blobs.clear();
        blob_bytes = 0;
      };
      for (size_t s = 0; s < by_school.size(); ++s) {
        if (by_school[s].empty()) continue;
        const int64_t set_id = set_of.at(roster.schools()[s]);
        const std::string blob = fitness_blob::Encode(standard, roster, by_school[s]);
        blob_sets.push_back(set_id);
        blobs.emplace_back(blob.data(), blob.size());
        blob_bytes += blob.size();
        if (blobs.size() >= kBlobsPerStatement || blob_bytes >= kBlobBytesPerStatement) flush();
        for (size_t k = 0; k < by_school[s].size(); ++k) {
          ids.emplace_back(fitness_blob::StudentKey(roster.student_id(by_school[s][k])), set_id,
                           static_cast<int32_t>(k));
        }
      }
      flush();
      // In key order, the index's order: each row lands next to the last.
      std::sort(ids.begin(), ids.end());
      pg::CopyWriter copy(tx, "fitness_ids", {"key", "set_id", "seq"});
      for (const auto& [key, set_id, seq] : ids) copy.Int(key).Int(set_id).Int(seq).EndRow();
      copy.Complete();
      BumpVersion(tx);
      Audit(tx, batch.user, "fitness_import",
            sc::FitnessAudit(import_id, codes.size(), roster.size(), batch.year));
      return import_id;
    });
  }

  Result<std::vector<AcademicYear>> ListFitnessYears() override {
    return Read("list fitness years", [&](Tx& tx) -> Result<std::vector<AcademicYear>> {
      std::vector<AcademicYear> out;
      for (const auto& r :
           tx.exec("SELECT DISTINCT year FROM fitness_sets WHERE is_current ORDER BY year")) {
        out.emplace_back(r[0].as<int>());
      }
      return out;
    });
  }

  Result<std::vector<FitnessSetInfo>> ListFitnessSets(AcademicYear year) override {
    return Read("list fitness sets", [&](Tx& tx) -> Result<std::vector<FitnessSetInfo>> {
      std::vector<FitnessSetInfo> out;
      for (const auto& r : tx.exec_params(
               fmt::format("SELECT f.school_code, f.import_id, {}, i.user_name, f.standard, "
                           "f.students FROM fitness_sets f JOIN imports i ON i.id = f.import_id "
                           "WHERE f.year = $1 AND f.is_current ORDER BY f.school_code",
                           pg::Iso("i.created_at")),
               year.start())) {
        out.push_back(FitnessSetInfo{Str(r[0]), year, I64(r[1]), Str(r[2]), Str(r[3]), Str(r[4]),
                                     r[5].as<int>()});
      }
      return out;
    });
  }

  Result<fitness::Roster> LoadFitness(const fitness::FitnessStandard& standard, AcademicYear year,
                                      std::span<const std::string> schools) override {
    fitness::Roster roster(standard.items().size());
    // Rows of (school, blob) in school order into the roster.
    auto decode = [&](const pqxx::result& rows) -> Status {
      for (const auto& r : rows) {
        const pqxx::binarystring blob(r[1]);
        JIAODU_TRY_STATUS(fitness_blob::Decode(standard, View(blob), Sv(r[0]), roster));
      }
      return Ok();
    };
    constexpr std::string_view kSets =
        "FROM fitness_sets f JOIN fitness_data d ON d.set_id = f.id WHERE f.year = $1 AND "
        "f.is_current";
    if (!schools.empty() && schools.size() <= kBlobsPerQuery) {
      // A few schools (a county's page, one school): one statement.
      JIAODU_TRY_STATUS(Read("load fitness", [&](Tx& tx) -> Status {
        return decode(tx.exec_params(
            fmt::format("SELECT f.school_code, d.bytes {} AND f.school_code = ANY($2::text[]) "
                        "ORDER BY f.school_code",
                        kSets),
            year.start(), pg::TextArray(schools)));
      }));
      return roster;
    }
    // The whole year (or many schools): the sets first, then their blobs
    // a bounded number at a time, in one snapshot.
    JIAODU_TRY_STATUS(Snapshot("load fitness", [&](Tx& tx) -> Status {
      std::optional<std::string> filter;
      if (!schools.empty()) filter = pg::TextArray(schools);
      std::vector<std::string> codes;  // in school order
      for (const auto& r : tx.exec_params(
               "SELECT school_code FROM fitness_sets WHERE year = $1 AND is_current AND "
               "($2::text[] IS NULL OR school_code = ANY($2::text[])) ORDER BY school_code",
               year.start(), filter)) {
        codes.push_back(Str(r[0]));
      }
      for (size_t at = 0; at < codes.size(); at += kBlobsPerQuery) {
        const size_t n = std::min(kBlobsPerQuery, codes.size() - at);
        JIAODU_TRY_STATUS(decode(tx.exec_params(
            fmt::format("SELECT f.school_code, d.bytes {} AND f.school_code = ANY($2::text[]) "
                        "ORDER BY f.school_code",
                        kSets),
            year.start(), pg::TextArray(std::span<const std::string>(codes).subspan(at, n)))));
      }
      return Ok();
    }));
    return roster;
  }

  Result<std::vector<std::pair<AcademicYear, fitness::Roster>>> FindFitnessStudent(
      const fitness::FitnessStandard& standard, std::string_view student_id) override {
    using Out = std::vector<std::pair<AcademicYear, fitness::Roster>>;
    return Read("find fitness student", [&](Tx& tx) -> Result<Out> {
      Out out;
      for (const auto& r : tx.exec_params(
               "SELECT f.school_code, f.year, i.seq, d.bytes FROM fitness_ids i JOIN fitness_sets "
               "f ON f.id = i.set_id JOIN fitness_data d ON d.set_id = f.id WHERE i.key = $1 AND "
               "f.is_current ORDER BY f.year, f.school_code, i.seq",
               fitness_blob::StudentKey(student_id))) {
        // The index holds a hash of the 学籍号: a hit is confirmed by the
        // student's own id (two ids may share a hash).
        fitness::Roster one(standard.items().size());
        const pqxx::binarystring blob(r[3]);
        JIAODU_TRY_STATUS(fitness_blob::Decode(standard, View(blob), Sv(r[0]), one,
                                               static_cast<size_t>(r[2].as<int>())));
        if (one.size() != 1 || one.student_id(0) != student_id) continue;
        const AcademicYear y(r[1].as<int>());
        if (out.empty() || out.back().first != y)
          out.emplace_back(y, fitness::Roster(standard.items().size()));
        out.back().second.Append(one);
      }
      return out;
    });
  }

  Result<int64_t> ApplyQualityImport(const QualityImport& batch) override {
    JIAODU_TRY_STATUS(sc::CheckQualityImport(batch));
    const quality::ScoreSet& scores = *batch.scores;
    const sc::QualityBySchool by_school = sc::QualityRowsBySchool(scores);
    std::vector<std::string> codes;
    size_t students = 0;
    for (size_t s = 0; s < by_school.rows.size(); ++s) {
      if (by_school.rows[s].empty()) continue;
      codes.push_back(batch.school_codes[s]);
      students += by_school.students[s];
    }
    const QualityTest& test = batch.test;
    return Write("quality import", [&](Tx& tx) -> Result<int64_t> {
      LockData(tx);
      for (const auto& r : tx.exec_params(
               "SELECT c FROM unnest($1::text[]) AS u(c) WHERE NOT EXISTS (SELECT 1 FROM schools "
               "s WHERE s.code = u.c) LIMIT 1",
               pg::TextArray(codes))) {
        return Fail(sc::UnknownSchool(Sv(r[0])));
      }
      const int year = test.year.start();
      const int64_t import_id = I64(tx.exec_params1(
          "INSERT INTO imports (kind, user_name, description, files, school_years, county_years, "
          "years) VALUES ('quality', $1, $2, $3::text[], $4, 0, ARRAY[$5::integer]) RETURNING id",
          batch.user, batch.description, pg::TextArray(batch.files),
          static_cast<int64_t>(codes.size()), year)[0]);
      // The description: created by the test's first import, updated (and
      // the change audited) when a later import describes it differently.
      std::optional<QualityTest> stored = FindQualityTest(tx, test.id);
      if (!stored) {
        tx.exec_params(
            "INSERT INTO quality_tests (test_id, name, year, term, grades, subjects, cuts_id, "
            "cuts, created_by) VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9)",
            test.id, test.name, year, test.term, pg::TextArray(test.grades),
            pg::TextArray(test.subjects), test.cuts_id, test.cuts_toml, batch.user);
      } else if (!sc::SameQualityTest(*stored, test)) {
        tx.exec_params(
            "UPDATE quality_tests SET name = $2, year = $3, term = $4, grades = $5::text[], "
            "subjects = $6::text[], cuts_id = $7, cuts = $8 WHERE test_id = $1",
            test.id, test.name, year, test.term, pg::TextArray(test.grades),
            pg::TextArray(test.subjects), test.cuts_id, test.cuts_toml);
        Audit(tx, batch.user, "quality_test", sc::QualityTestAudit(*stored, test));
      }
      tx.exec_params(
          "UPDATE quality_sets SET is_current = false WHERE dataset = $1 AND is_current AND "
          "school_code = ANY($2::text[])",
          test.id, pg::TextArray(codes));
      // One statement per school (a set and its blob): a test has at most
      // a few thousand schools, and each blob is sent as binary.
      for (size_t s = 0; s < by_school.rows.size(); ++s) {
        if (by_school.rows[s].empty()) continue;
        const std::string blob = quality_blob::Encode(scores, by_school.rows[s]);
        tx.exec_params(
            "WITH s AS (INSERT INTO quality_sets (school_code, year, dataset, import_id, "
            "is_current, students, scores) VALUES ($1, $2, $3, $4, true, $5, $6) RETURNING id) "
            "INSERT INTO quality_data (set_id, bytes) SELECT id, $7::bytea FROM s",
            batch.school_codes[s], year, test.id, import_id,
            static_cast<int64_t>(by_school.students[s]),
            static_cast<int64_t>(by_school.rows[s].size()),
            pqxx::binarystring(blob.data(), blob.size()));
      }
      BumpVersion(tx);
      Audit(tx, batch.user, "quality_import",
            sc::QualityAudit(import_id, test, codes.size(), students, scores.rows().size()));
      return import_id;
    });
  }

  Result<std::vector<QualityTest>> ListQualityTests() override {
    return Read("list quality tests", [&](Tx& tx) -> Result<std::vector<QualityTest>> {
      std::vector<QualityTest> out;
      for (const auto& r : tx.exec(fmt::format("{} ORDER BY year, term, test_id", SelectTest()))) {
        out.push_back(ReadTest(r));
      }
      return out;
    });
  }

  Result<std::vector<QualitySetInfo>> ListQualitySets(std::string_view test_id) override {
    return Read("list quality sets", [&](Tx& tx) -> Result<std::vector<QualitySetInfo>> {
      std::vector<QualitySetInfo> out;
      for (const auto& r : tx.exec_params(
               fmt::format("SELECT q.school_code, q.import_id, {}, i.user_name, q.students, "
                           "q.scores FROM quality_sets q JOIN imports i ON i.id = q.import_id "
                           "WHERE q.dataset = $1 AND q.is_current ORDER BY q.school_code",
                           pg::Iso("i.created_at")),
               std::string(test_id))) {
        out.push_back(QualitySetInfo{Str(r[0]), I64(r[1]), Str(r[2]), Str(r[3]), r[4].as<int>(),
                                     r[5].as<int>()});
      }
      return out;
    });
  }

  Result<quality::ScoreSet> LoadQualityScores(std::string_view test_id,
                                              std::span<const std::string> schools) override {
    quality::ScoreSet set;
    // The schools first, then their blobs a bounded number at a time, in
    // one snapshot (as LoadFitness): a city's test never holds its bytes twice.
    JIAODU_TRY_STATUS(Snapshot("load quality scores", [&](Tx& tx) -> Status {
      std::optional<std::string> filter;
      if (!schools.empty()) filter = pg::TextArray(schools);
      std::vector<std::string> codes;
      for (const auto& r : tx.exec_params(
               "SELECT school_code FROM quality_sets WHERE dataset = $1 AND is_current AND "
               "($2::text[] IS NULL OR school_code = ANY($2::text[])) ORDER BY school_code",
               std::string(test_id), filter)) {
        codes.push_back(Str(r[0]));
      }
      for (size_t at = 0; at < codes.size(); at += kBlobsPerQuery) {
        const size_t n = std::min(kBlobsPerQuery, codes.size() - at);
        for (const auto& r : tx.exec_params(
                 "SELECT q.school_code, d.bytes FROM quality_sets q JOIN quality_data d ON "
                 "d.set_id = q.id WHERE q.dataset = $1 AND q.is_current AND q.school_code = "
                 "ANY($2::text[]) ORDER BY q.school_code",
                 std::string(test_id),
                 pg::TextArray(std::span<const std::string>(codes).subspan(at, n)))) {
          const pqxx::binarystring blob(r[1]);
          JIAODU_TRY_STATUS(quality_blob::Decode(View(blob), Sv(r[0]), set));
        }
      }
      return Ok();
    }));
    return set;
  }

  Status SavePlan(const StoredPlan& plan) override {
    return Write("save plan", [&](Tx& tx) -> Status {
      LockData(tx);
      tx.exec_params("UPDATE plans SET is_current = false WHERE plan_id = $1 AND is_current",
                     plan.plan_id);
      tx.exec_params(
          "INSERT INTO plans (plan_id, format, file_name, body, saved_by) VALUES ($1, $2, $3, $4, "
          "$5)",
          plan.plan_id, plan.format, plan.file_name, plan.body, plan.saved_by);
      BumpVersion(tx);
      Audit(tx, plan.saved_by, "plan", sc::PlanAudit(plan));
      return Ok();
    });
  }

  Result<std::vector<StoredPlan>> ListPlans() override {
    return Read("list plans", [&](Tx& tx) -> Result<std::vector<StoredPlan>> {
      std::vector<StoredPlan> out;
      for (const auto& r :
           tx.exec(fmt::format("SELECT plan_id, format, file_name, body, {}, saved_by FROM plans "
                               "WHERE is_current ORDER BY plan_id",
                               pg::Iso("saved_at")))) {
        out.push_back(StoredPlan{Str(r[0]), Str(r[1]), Str(r[2]), Str(r[3]), Str(r[4]), Str(r[5])});
      }
      return out;
    });
  }

  Result<int64_t> AddPlanValue(const PlanValueEntry& e) override {
    return Write("add plan value", [&](Tx& tx) -> Result<int64_t> {
      LockData(tx);
      tx.exec_params(
          "UPDATE plan_values SET is_current = false WHERE plan_id = $1 AND indicator = $2 AND "
          "area = $3 AND year = $4 AND is_current",
          e.plan_id, e.indicator, e.area, e.year);
      const int64_t id = I64(tx.exec_params1(
          "INSERT INTO plan_values (plan_id, indicator, area, year, value, evidence, note, "
          "entered_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
          e.plan_id, e.indicator, e.area, e.year, e.value, e.evidence, e.note, e.entered_by)[0]);
      BumpVersion(tx);
      Audit(tx, e.entered_by, "plan_value", sc::PlanValueAudit(e));
      return id;
    });
  }

  Result<std::vector<PlanValueEntry>> ListPlanValues(std::string_view plan_id,
                                                     bool history) override {
    return Read("list plan values", [&](Tx& tx) -> Result<std::vector<PlanValueEntry>> {
      std::vector<PlanValueEntry> out;
      for (const auto& r : tx.exec_params(
               fmt::format(
                   "SELECT id, indicator, area, year, value, evidence, note, {}, "
                   "entered_by, is_current FROM plan_values WHERE plan_id = $1 {}",
                   pg::Iso("entered_at"),
                   history ? "ORDER BY id DESC" : "AND is_current ORDER BY indicator, area, year"),
               std::string(plan_id))) {
        PlanValueEntry e;
        e.id = I64(r[0]);
        e.plan_id = std::string(plan_id);
        e.indicator = Str(r[1]);
        e.area = Str(r[2]);
        e.year = r[3].as<int>();
        if (!r[4].is_null()) e.value = r[4].as<double>();
        e.evidence = Str(r[5]);
        e.note = Str(r[6]);
        e.entered_at = Str(r[7]);
        e.entered_by = Str(r[8]);
        e.current = r[9].as<bool>();
        out.push_back(std::move(e));
      }
      return out;
    });
  }

  Status SaveTasks(std::span<const TaskVersion> batch) override {
    return Write("save tasks", [&](Tx& tx) -> Status {
      // Each task's lock, in id order (two batches sharing tasks cannot
      // deadlock), so an event appended meanwhile is checked against these.
      std::set<std::string> ids;
      for (const TaskVersion& v : batch) ids.insert(v.task.id);
      for (const std::string& id : ids) LockTask(tx, id);
      for (const TaskVersion& v : batch) {
        const tasks::Task& t = v.task;
        tx.exec_prepared0("retire_task", t.id);
        tx.exec_prepared0("insert_task", t.id, t.title, t.plan_id, t.clause, t.indicator,
                          t.lead_unit, sc::EncodeUnits(t.co_units), t.owner, t.target,
                          t.target_value, t.target_unit, t.start, t.deadline,
                          sc::EncodeMilestones(t.milestones), t.remind_days, t.publish);
        InsertTaskEvent(tx, v.event);
      }
      if (!batch.empty()) Audit(tx, batch.front().event.actor, "task", sc::TasksAudit(batch));
      return Ok();
    });
  }

  Result<std::vector<tasks::Task>> ListTasks() override {
    return Read("list tasks", [&](Tx& tx) -> Result<std::vector<tasks::Task>> {
      std::vector<tasks::Task> out;
      for (const auto& r :
           tx.exec("SELECT task_id, title, plan_id, clause, indicator, lead_unit, co_units, owner, "
                   "target, target_value, target_unit, start_day, deadline_day, milestones, "
                   "remind_days, publish FROM tasks WHERE is_current ORDER BY task_id")) {
        tasks::Task t;
        t.id = Str(r[0]);
        t.title = Str(r[1]);
        t.plan_id = Str(r[2]);
        t.clause = Str(r[3]);
        t.indicator = Str(r[4]);
        t.lead_unit = Str(r[5]);
        t.co_units = sc::DecodeUnits(Sv(r[6]));
        t.owner = Str(r[7]);
        t.target = Str(r[8]);
        if (!r[9].is_null()) t.target_value = r[9].as<double>();
        t.target_unit = Str(r[10]);
        t.start = I64(r[11]);
        t.deadline = I64(r[12]);
        t.milestones = sc::DecodeMilestones(Sv(r[13]));
        t.remind_days = r[14].as<int>();
        t.publish = r[15].as<bool>();
        out.push_back(std::move(t));
      }
      return out;
    });
  }

  Result<std::vector<int64_t>> AppendTaskEvents(std::string_view task_id, int64_t expected_last,
                                                std::span<const tasks::Event> events) override {
    return Write("append task events", [&](Tx& tx) -> Result<std::vector<int64_t>> {
      LockTask(tx, task_id);
      JIAODU_TRY_STATUS(CheckLastEvent(tx, task_id, expected_last));
      std::vector<int64_t> ids;
      for (const tasks::Event& e : events) ids.push_back(InsertTaskEvent(tx, e));
      return ids;
    });
  }

  Result<std::vector<tasks::Event>> ListTaskEvents(std::string_view task_id) override {
    return Read("list task events", [&](Tx& tx) -> Result<std::vector<tasks::Event>> {
      const std::string sql = fmt::format(
          "SELECT id, task_id, kind, {}, day, actor, role, reason, from_state, to_state, "
          "due_day, notice_no, report_id, decision, final FROM task_events {} ORDER BY id",
          pg::Iso("at"), task_id.empty() ? "" : "WHERE task_id = $1");
      const pqxx::result res =
          task_id.empty() ? tx.exec(sql) : tx.exec_params(sql, std::string(task_id));
      std::vector<tasks::Event> out;
      for (const auto& r : res) {
        tasks::Event e;
        e.id = I64(r[0]);
        e.task_id = Str(r[1]);
        e.kind = tasks::ParseEventKind(Sv(r[2])).value_or(tasks::EventKind::kEdited);
        e.at = Str(r[3]);
        e.day = I64(r[4]);
        e.actor = Str(r[5]);
        e.role = tasks::ParseRole(Sv(r[6])).value_or(tasks::Role::kSystem);
        e.reason = Str(r[7]);
        if (!r[8].is_null()) e.from = tasks::ParseState(Sv(r[8]));
        if (!r[9].is_null()) e.to = tasks::ParseState(Sv(r[9]));
        if (!r[10].is_null()) e.due = I64(r[10]);
        e.notice_no = Str(r[11]);
        e.report_id = I64(r[12]);
        e.decision = sc::ParseDecision(Sv(r[13]));
        e.final = r[14].as<bool>();
        out.push_back(std::move(e));
      }
      return out;
    });
  }

  Result<int64_t> AddTaskReport(const tasks::Report& r, std::span<const TaskFileBlob> files,
                                tasks::Event event, int64_t expected_last) override {
    return Write("add task report", [&](Tx& tx) -> Result<int64_t> {
      LockTask(tx, r.task_id);
      JIAODU_TRY_STATUS(CheckLastEvent(tx, r.task_id, expected_last));
      const int64_t report_id = I64(tx.exec_params1(
          "INSERT INTO task_reports (task_id, day, by, text, value, final) VALUES ($1, $2, $3, "
          "$4, $5, $6) RETURNING id",
          r.task_id, r.day, r.by, r.text, r.value, r.final)[0]);
      for (const TaskFileBlob& f : files) {
        tx.exec_params(
            "INSERT INTO task_files (report_id, name, content_type, size, sha256, uploaded_by, "
            "bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            report_id, f.meta.name, f.meta.content_type, static_cast<int64_t>(f.bytes.size()),
            f.meta.sha256, f.meta.uploaded_by, pqxx::binarystring(f.bytes.data(), f.bytes.size()));
      }
      event.report_id = report_id;
      InsertTaskEvent(tx, event);
      Audit(tx, r.by, "task_report", sc::TaskReportAudit(r, report_id, files.size()));
      return report_id;
    });
  }

  Result<std::vector<tasks::Report>> ListTaskReports(std::string_view task_id) override {
    return Snapshot("list task reports", [&](Tx& tx) -> Result<std::vector<tasks::Report>> {
      const std::string where = task_id.empty() ? "" : "WHERE r.task_id = $1";
      auto query = [&](const std::string& sql) {
        return task_id.empty() ? tx.exec(sql) : tx.exec_params(sql, std::string(task_id));
      };
      std::vector<tasks::Report> out;
      std::map<int64_t, size_t> index;
      for (const auto& row :
           query(fmt::format("SELECT r.id, r.task_id, {}, r.day, r.by, r.text, r.value, r.final "
                             "FROM task_reports r {} ORDER BY r.id",
                             pg::Iso("r.at"), where))) {
        tasks::Report r;
        r.id = I64(row[0]);
        r.task_id = Str(row[1]);
        r.at = Str(row[2]);
        r.day = I64(row[3]);
        r.by = Str(row[4]);
        r.text = Str(row[5]);
        if (!row[6].is_null()) r.value = row[6].as<double>();
        r.final = row[7].as<bool>();
        index[r.id] = out.size();
        out.push_back(std::move(r));
      }
      for (const auto& f : query(fmt::format(
               "SELECT f.id, f.report_id, f.name, f.content_type, f.size, f.sha256, "
               "f.uploaded_by, {} FROM task_files f JOIN task_reports r ON r.id = f.report_id {} "
               "ORDER BY f.id",
               pg::Iso("f.uploaded_at"), where))) {
        auto it = index.find(I64(f[1]));
        if (it == index.end()) continue;
        out[it->second].files.push_back(tasks::EvidenceFile{
            I64(f[0]), Str(f[2]), Str(f[3]), I64(f[4]), Str(f[5]), Str(f[6]), Str(f[7])});
      }
      return out;
    });
  }

  // ---- The review chain (SQL in pg_review_store.cc) ----

  Result<int64_t> AppendReviewEvent(const ReviewEvent& e, int64_t expected_last,
                                    access::AuditEntry audit) override {
    return Write("review", [&](Tx& tx) -> Result<int64_t> {
      // The data lock: imports check for locked school-years under it.
      LockData(tx);
      const int64_t id = JIAODU_TRY(pg::InsertReviewEvent(tx, e, expected_last));
      AppendChained(tx, std::move(audit));
      BumpVersion(tx);
      return id;
    });
  }

  Result<std::vector<ReviewEvent>> ListReviewEvents(AcademicYear year,
                                                    std::string_view school) override {
    return Read("review events", [&](Tx& tx) { return pg::ReadReviewEvents(tx, year, school); });
  }

  Result<std::vector<ReviewEvent>> LatestReviewEvents(
      AcademicYear year, std::span<const std::string> counties) override {
    return Read("review states",
                [&](Tx& tx) { return pg::ReadLatestReviewEvents(tx, year, counties); });
  }

  // 办学质量评价 inputs: SQL in pg_school_eval_store.cc.
  Result<int64_t> SaveSchoolEvalInputs(const SchoolEvalInputs& in) override {
    return Write("save school evaluation inputs", [&](Tx& tx) -> Result<int64_t> {
      LockData(tx);
      const int64_t id = JIAODU_TRY(pg::InsertSchoolEvalInputs(tx, in));
      BumpVersion(tx);
      Audit(tx, in.created_by, "school_eval", sc::SchoolEvalAudit(in));
      return id;
    });
  }

  Result<std::optional<SchoolEvalInputs>> LoadSchoolEvalInputs(std::string_view scheme,
                                                               int year) override {
    return Read("load school evaluation inputs",
                [&](Tx& tx) { return pg::ReadSchoolEvalInputs(tx, scheme, year); });
  }

  Result<std::vector<SchoolEvalInputs>> ListSchoolEvalInputs(std::string_view scheme) override {
    return Read("list school evaluation inputs",
                [&](Tx& tx) { return pg::ReadSchoolEvalVersions(tx, scheme); });
  }

  Result<std::optional<TaskFileBlob>> LoadTaskFile(int64_t file_id) override {
    return Read("load task file", [&](Tx& tx) -> Result<std::optional<TaskFileBlob>> {
      const pqxx::result res = tx.exec_params(
          fmt::format("SELECT id, name, content_type, size, sha256, uploaded_by, {}, bytes FROM "
                      "task_files WHERE id = $1",
                      pg::Iso("uploaded_at")),
          file_id);
      if (res.empty()) return std::optional<TaskFileBlob>();
      const pqxx::row r = res[0];
      TaskFileBlob f;
      f.meta = tasks::EvidenceFile{I64(r[0]), Str(r[1]), Str(r[2]), I64(r[3]),
                                   Str(r[4]), Str(r[5]), Str(r[6])};
      f.bytes = pqxx::binarystring(r[7]).str();
      return std::optional<TaskFileBlob>(std::move(f));
    });
  }

  Result<int64_t> DataVersion() override {
    return Read("data version", [&](Tx& tx) -> Result<int64_t> {
      const pqxx::result res = tx.exec("SELECT value FROM meta WHERE key = 'data_version'");
      return res.empty() ? int64_t{0} : I64(res[0][0]);
    });
  }

 private:
  // One connection, used by one thread at a time: enough while one server
  // process serves a bureau (the statements are short, and SQLite
  // serialises the same way). A pool of connections is the next step when
  // many readers must not wait for an import; transactions and the
  // advisory locks above already make that safe.
  template <typename Transaction, typename F>
  auto Run(std::string_view what, F&& f) -> decltype(f(std::declval<Tx&>())) {
    using R = decltype(f(std::declval<Tx&>()));
    std::lock_guard lock(mu_);
    return pg::Guarded(what, [&]() -> R {
      Transaction tx(*conn_);
      R r = f(tx);
      // A failed write rolls back when `tx` goes out of scope: an import
      // lands whole or not at all.
      if (r) tx.commit();
      return r;
    });
  }
  // One statement: no transaction around it (a statement sees one
  // snapshot anyway), one round trip instead of three.
  template <typename F>
  auto Read(std::string_view what, F&& f) -> decltype(f(std::declval<Tx&>())) {
    return Run<pqxx::nontransaction>(what, std::forward<F>(f));
  }
  // Several statements that must see the same state.
  template <typename F>
  auto Snapshot(std::string_view what, F&& f) -> decltype(f(std::declval<Tx&>())) {
    return Run<SnapshotTx>(what, std::forward<F>(f));
  }
  template <typename F>
  auto Write(std::string_view what, F&& f) -> decltype(f(std::declval<Tx&>())) {
    return Run<pqxx::work>(what, std::forward<F>(f));
  }

  // Statements run many times per call.
  void Prepare() {
    conn_->prepare("retire_task",
                   "UPDATE tasks SET is_current = false WHERE task_id = $1 AND is_current");
    conn_->prepare("insert_task",
                   "INSERT INTO tasks (task_id, title, plan_id, clause, indicator, lead_unit, "
                   "co_units, owner, target, target_value, target_unit, start_day, deadline_day, "
                   "milestones, remind_days, publish) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                   "$10, $11, $12, $13, $14, $15, $16)");
    conn_->prepare("task_event",
                   "INSERT INTO task_events (task_id, kind, day, actor, role, reason, from_state, "
                   "to_state, due_day, notice_no, report_id, decision, final) VALUES ($1, $2, $3, "
                   "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id");
  }

  Status Migrate() {
    const int latest = PostgresStorage::SchemaVersion();
    for (;;) {
      pqxx::work tx(*conn_);
      tx.exec("SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext('migrate'))");
      if (tx.exec1("SELECT to_regclass('schema_migrations') IS NULL")[0].as<bool>()) {
        tx.exec0(
            "CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz "
            "NOT NULL DEFAULT now(), description text NOT NULL)");
      }
      const int have =
          tx.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0].as<int>();
      if (have > latest) return Fail(sc::SchemaNewer(have, latest));
      const pg::Migration* next = nullptr;
      for (const auto& m : pg::Migrations()) {
        if (m.version > have) {
          next = &m;
          break;
        }
      }
      if (next == nullptr) {
        tx.commit();
        return Ok();
      }
      tx.exec(std::string(next->sql));
      if (next->then != nullptr) next->then(tx);
      tx.exec_params("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)",
                     next->version, std::string(next->description));
      tx.commit();
    }
  }

  // Checks what SQLite checks row by row while writing, before anything of
  // the batch is written: every county exists and no school moves county
  // (within the batch either), in batch order so the first offending record
  // is the one reported; values fit their catalog.
  Status CheckBatch(Tx& tx, const ImportBatch& batch) {
    std::vector<std::string> codes, counties;
    for (const DatasetBatch& ds : batch.datasets) {
      for (const auto& r : ds.school_years) {
        codes.push_back(r.school.code);
        counties.push_back(r.school.county);
      }
      for (const auto& c : ds.county_years) counties.push_back(c.county);
    }
    if (codes.empty() && counties.empty()) return Ok();
    std::unordered_set<std::string> areas;
    for (const auto& r : tx.exec_params("SELECT code FROM areas WHERE code = ANY($1::text[])",
                                        pg::TextArray(counties))) {
      areas.insert(Str(r[0]));
    }
    std::unordered_map<std::string, std::string> county_of;
    for (const auto& r :
         tx.exec_params("SELECT code, county FROM schools WHERE code = ANY($1::text[])",
                        pg::TextArray(codes))) {
      county_of.emplace(Str(r[0]), Str(r[1]));
    }
    for (const DatasetBatch& ds : batch.datasets) {
      const FieldCatalog* catalog = ds.catalog.get();
      for (const SchoolYearRecord& r : ds.school_years) {
        const School& s = r.school;
        if (!areas.contains(s.county)) return Fail(sc::UnknownSchoolCounty(s));
        auto [it, fresh] = county_of.emplace(s.code, s.county);
        if (!fresh && it->second != s.county) return Fail(sc::SchoolCountyConflict(s, it->second));
        JIAODU_TRY_STATUS(sc::CheckValues(r.values, catalog));
        for (const SectionRecord& sec : r.sections) {
          JIAODU_TRY_STATUS(sc::CheckValues(sec.values, catalog));
          JIAODU_TRY_STATUS(sc::CheckValues(sec.overrides, catalog));
        }
      }
      for (const CountyYearRecord& c : ds.county_years) {
        if (!areas.contains(c.county)) return Fail(sc::UnknownCounty(c.county));
        JIAODU_TRY_STATUS(sc::CheckValues(c.values, catalog));
      }
    }
    return Ok();
  }

  // Areas created or renamed (the last entry wins for a code given twice,
  // as when upserted one by one).
  static void UpsertAreas(Tx& tx, const std::vector<Area>& areas) {
    if (areas.empty()) return;
    std::map<std::string, const Area*> last;
    for (const Area& a : areas) last[a.code] = &a;
    std::vector<std::string> code, name, level, parent;
    for (const auto& [c, a] : last) {
      code.push_back(a->code);
      name.push_back(a->name);
      level.push_back(std::string(AreaLevelKey(a->level)));
      parent.push_back(a->parent_code);
    }
    tx.exec_params(
        "INSERT INTO areas (code, name, level, parent_code) SELECT c, n, l, NULLIF(p, '') FROM "
        "unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(c, n, l, p) ON CONFLICT "
        "(code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = "
        "excluded.parent_code",
        pg::TextArray(code), pg::TextArray(name), pg::TextArray(level), pg::TextArray(parent));
  }

  // The schools' master data, their new versions and sections: a few
  // statements and COPYs for any number of schools.
  static void WriteSchoolYears(Tx& tx, const ImportBatch& batch, int64_t import_id) {
    const auto recs = Gather(batch, &DatasetBatch::school_years);
    if (recs.empty()) return;
    // Master data: the last record of each school (its county is checked).
    std::map<std::string, const School*> master;
    for (const auto& x : recs) master[x.rec->school.code] = &x.rec->school;
    std::vector<std::string> cols[7];
    std::vector<std::string> boarding, inclusive;
    for (const auto& [code, s] : master) {
      for (auto [i, v] : {std::pair{0, std::string_view(s->code)},
                          {1, s->name},
                          {2, s->county},
                          {3, s->town},
                          {4, SchoolTypeKey(s->type)},
                          {5, LocaleKey(s->locale)},
                          {6, OwnershipKey(s->ownership)}}) {
        cols[i].emplace_back(v);
      }
      boarding.emplace_back(s->boarding ? "true" : "false");
      inclusive.emplace_back(s->inclusive ? "true" : "false");
    }
    tx.exec_params(
        "INSERT INTO schools (code, name, county, town, type, locale, ownership, boarding, "
        "inclusive, created_import) SELECT c, n, co, t, ty, l, o, b, i, $10 FROM "
        "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
        "$7::text[], $8::boolean[], $9::boolean[]) AS u(c, n, co, t, ty, l, o, b, i) ON CONFLICT "
        "(code) DO UPDATE SET name = excluded.name, town = excluded.town, type = excluded.type, "
        "locale = excluded.locale, ownership = excluded.ownership, boarding = excluded.boarding, "
        "inclusive = excluded.inclusive",
        pg::TextArray(cols[0]), pg::TextArray(cols[1]), pg::TextArray(cols[2]),
        pg::TextArray(cols[3]), pg::TextArray(cols[4]), pg::TextArray(cols[5]),
        pg::TextArray(cols[6]), pg::TextArray(boarding), pg::TextArray(inclusive), import_id);

    std::vector<VersionKey> keys;
    for (const auto& x : recs) {
      keys.emplace_back(x.rec->school.code, x.rec->year.start(), x.catalog->dataset());
    }
    const NewVersions v = StartVersions(tx, "school_years", "school_code", keys);
    {
      pqxx::stream_to copy(
          tx, "school_years",
          std::vector<std::string>{"id", "school_code", "year", "dataset", "import_id",
                                   "is_current", "name", "county", "town", "type", "locale",
                                   "ownership", "boarding", "inclusive"});
      for (size_t i = 0; i < recs.size(); ++i) {
        const School& s = recs[i].rec->school;
        copy << std::make_tuple(
            v.ids[i], s.code, recs[i].rec->year.start(), recs[i].catalog->dataset(), import_id,
            static_cast<bool>(v.current[i]), s.name, s.county, s.town,
            std::string(SchoolTypeKey(s.type)), std::string(LocaleKey(s.locale)),
            std::string(OwnershipKey(s.ownership)), s.boarding, s.inclusive);
      }
      copy.complete();
    }
    pqxx::stream_to copy(tx, "school_sections",
                         std::vector<std::string>{"school_year_id", "section", "kind", "data"});
    for (size_t i = 0; i < recs.size(); ++i) {
      const SchoolYearRecord& r = *recs[i].rec;
      const FieldCatalog& catalog = *recs[i].catalog;
      const int64_t id = v.ids[i];
      // The values row is written even when empty, so the section exists.
      copy << std::make_tuple(id, std::string(), 0, sc::EncodeValues(r.values, catalog));
      for (const SectionRecord& sec : r.sections) {
        const std::string key(StageKey(sec.stage));
        copy << std::make_tuple(id, key, 0, sc::EncodeValues(sec.values, catalog));
        if (!sec.overrides.empty()) {
          copy << std::make_tuple(id, key, 1, sc::EncodeValues(sec.overrides, catalog));
        }
      }
    }
    copy.complete();
  }

  static void WriteCountyYears(Tx& tx, const ImportBatch& batch, int64_t import_id) {
    const auto recs = Gather(batch, &DatasetBatch::county_years);
    if (recs.empty()) return;
    std::vector<VersionKey> keys;
    for (const auto& x : recs)
      keys.emplace_back(x.rec->county, x.rec->year.start(), x.catalog->dataset());
    const NewVersions nv = StartVersions(tx, "county_years", "county", keys);
    {
      pqxx::stream_to copy(
          tx, "county_years",
          std::vector<std::string>{"id", "county", "year", "dataset", "import_id", "is_current"});
      for (size_t i = 0; i < recs.size(); ++i) {
        copy << std::make_tuple(nv.ids[i], recs[i].rec->county, recs[i].rec->year.start(),
                                recs[i].catalog->dataset(), import_id,
                                static_cast<bool>(nv.current[i]));
      }
      copy.complete();
    }
    {
      pqxx::stream_to copy(tx, "county_values",
                           std::vector<std::string>{"county_year_id", "field", "value"});
      for (size_t i = 0; i < recs.size(); ++i) {
        const FieldValues& v = recs[i].rec->values;
        for (size_t f = 0; f < v.size(); ++f) {
          if (v.Has(f)) copy << std::make_tuple(nv.ids[i], recs[i].catalog->at(f).id, *v.Get(f));
        }
      }
      copy.complete();
    }
    {
      pqxx::stream_to copy(
          tx, "county_judgments",
          std::vector<std::string>{"county_year_id", "item", "status", "note", "evidence"});
      for (size_t i = 0; i < recs.size(); ++i) {
        for (const auto& [item, j] : recs[i].rec->judgments) {
          copy << std::make_tuple(nv.ids[i], item, std::string(JudgmentStatusName(j.status)),
                                  j.note, j.evidence);
        }
      }
      copy.complete();
    }
    pqxx::stream_to copy(tx, "county_vetoes",
                         std::vector<std::string>{"county_year_id", "veto", "occurred", "note"});
    for (size_t i = 0; i < recs.size(); ++i) {
      for (const auto& [veto, v] : recs[i].rec->vetoes) {
        copy << std::make_tuple(nv.ids[i], veto, v.occurred, v.note);
      }
    }
    copy.complete();
  }

  std::mutex mu_;
  std::unique_ptr<pqxx::connection> conn_;
  std::string url_;
  std::string describe_;
};

}  // namespace

int PostgresStorage::SchemaVersion() { return pg::Migrations().back().version; }

Result<std::unique_ptr<Storage>> PostgresStorage::Open(std::string_view url) {
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(std::string(url));
  } catch (const std::exception& e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return Fail(ErrorCode::kIo, "storage.open",
                Text(fmt::format("无法连接 PostgreSQL 数据库 {}：{}", pg::Redact(url), msg),
                     fmt::format("cannot connect to PostgreSQL {}: {}", pg::Redact(url), msg)));
  }
  auto impl = std::make_unique<PostgresStorageImpl>(std::move(conn), std::string(url));
  JIAODU_TRY_STATUS(impl->Init());
  return std::unique_ptr<Storage>(std::move(impl));
}

}  // namespace jiaodu
