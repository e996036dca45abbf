#include "jiaodu/storage/sqlite/migrations.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "jiaodu/storage/codec/fitness_blob.h"
#include "jiaodu/storage/common/storage_common.h"
#include "jiaodu/storage/sqlite/sqlite_db.h"

namespace jiaodu::sqlite {
namespace {

// Reported numbers are stored per (school year, section, kind) as a flat JSON
// object {"field id": number, ...}: section '' = school level, else the stage
// key; kind 0 = values, 1 = an explicit split of shared resources
// (overrides). One row per section rather than per number keeps loading a
// city's year fast (bench/RESULTS.md), field ids keep the schema independent
// of the catalog, and SQL users can still reach every value:
//   SELECT json_extract(data, '$.students') FROM school_sections ...
constexpr std::string_view kV1 = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('data_version', '0');

CREATE TABLE areas (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL,
  parent_code TEXT
);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL,
  user TEXT NOT NULL,
  description TEXT NOT NULL,
  files TEXT NOT NULL,            -- file names, one per line
  school_years INTEGER NOT NULL,
  county_years INTEGER NOT NULL,
  years TEXT NOT NULL,            -- academic start years, comma separated
  undone_at TEXT,
  undone_by TEXT
);

CREATE TABLE schools (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  county TEXT NOT NULL REFERENCES areas(code),
  town TEXT NOT NULL,
  type TEXT NOT NULL,
  locale TEXT NOT NULL,
  ownership TEXT NOT NULL,
  boarding INTEGER NOT NULL,
  created_import INTEGER NOT NULL REFERENCES imports(id)
);
CREATE INDEX schools_county ON schools(county);

CREATE TABLE school_years (
  id INTEGER PRIMARY KEY,
  school_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  is_current INTEGER NOT NULL,
  -- attributes as reported for this year
  name TEXT NOT NULL,
  county TEXT NOT NULL,
  town TEXT NOT NULL,
  type TEXT NOT NULL,
  locale TEXT NOT NULL,
  ownership TEXT NOT NULL,
  boarding INTEGER NOT NULL
);
CREATE UNIQUE INDEX school_years_current ON school_years(school_code, year) WHERE is_current = 1;
CREATE INDEX school_years_year ON school_years(year, is_current, county);
CREATE INDEX school_years_import ON school_years(import_id);

CREATE TABLE school_sections (
  school_year_id INTEGER NOT NULL REFERENCES school_years(id),
  section TEXT NOT NULL,
  kind INTEGER NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data)),
  PRIMARY KEY (school_year_id, section, kind)
) WITHOUT ROWID;

CREATE TABLE county_years (
  id INTEGER PRIMARY KEY,
  county TEXT NOT NULL REFERENCES areas(code),
  year INTEGER NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  is_current INTEGER NOT NULL
);
CREATE UNIQUE INDEX county_years_current ON county_years(county, year) WHERE is_current = 1;
CREATE INDEX county_years_import ON county_years(import_id);

CREATE TABLE county_values (
  county_year_id INTEGER NOT NULL REFERENCES county_years(id),
  field TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (county_year_id, field)
) WITHOUT ROWID;

CREATE TABLE county_judgments (
  county_year_id INTEGER NOT NULL REFERENCES county_years(id),
  item TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT NOT NULL,
  evidence TEXT NOT NULL,
  PRIMARY KEY (county_year_id, item)
) WITHOUT ROWID;

CREATE TABLE county_vetoes (
  county_year_id INTEGER NOT NULL REFERENCES county_years(id),
  veto TEXT NOT NULL,
  occurred INTEGER NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (county_year_id, veto)
) WITHOUT ROWID;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql";

// Which variant of a standard family each county is judged by.
constexpr std::string_view kV2 = R"sql(
CREATE TABLE county_standards (
  county TEXT NOT NULL REFERENCES areas(code),
  family TEXT NOT NULL,
  standard TEXT NOT NULL,
  set_at TEXT NOT NULL,
  set_by TEXT NOT NULL,
  PRIMARY KEY (county, family)
) WITHOUT ROWID;
)sql";

// Records are versioned per data collection (FieldCatalog::dataset()): a
// primary school's 附设幼儿班 reported in the preschool workbook must not
// supersede its compulsory data for the same year, so the "one current
// version" indexes gain the dataset. Rows written before v3 came from the
// compulsory-school catalog, hence the default. `inclusive` is the 普惠性民办园
// recognition, kept in the master data and as reported for each year like
// the other attributes.
constexpr std::string_view kV3 = R"sql(
ALTER TABLE school_years ADD COLUMN dataset TEXT NOT NULL DEFAULT 'compulsory';
ALTER TABLE county_years ADD COLUMN dataset TEXT NOT NULL DEFAULT 'compulsory';
DROP INDEX school_years_current;
CREATE UNIQUE INDEX school_years_current ON school_years(school_code, year, dataset)
  WHERE is_current = 1;
DROP INDEX county_years_current;
CREATE UNIQUE INDEX county_years_current ON county_years(county, year, dataset)
  WHERE is_current = 1;
-- Loading a year now also filters by dataset.
DROP INDEX school_years_year;
CREATE INDEX school_years_year ON school_years(year, dataset, is_current, county);
-- Undo and history look up all versions of one key, not only the current:
-- without this, undoing a city's import scanned a whole year per school.
CREATE INDEX school_years_key ON school_years(school_code, year, dataset);
ALTER TABLE schools ADD COLUMN inclusive INTEGER NOT NULL DEFAULT 0;
ALTER TABLE school_years ADD COLUMN inclusive INTEGER NOT NULL DEFAULT 0;
)sql";

// Fitness test results (体测数据): one set per (school, year), versioned like
// school_years (a school re-uploads its whole file; the old set stays as
// history and comes back on undo), and one row per student. `dataset` is
// always 'fitness' so UndoImport's checks treat sets like other versions.
// Results are a flat JSON object by item id in natural units (seconds for
// every timed item, ml, cm, counts), e.g. {"run_50m": 8.5, "run_800m": 235},
// so SQL users can read them and a later standard file with more items
// still reads old rows. Height in cm, weight in kg, 裸眼视力 on the 5-point
// scale, 等效球镜 in dioptres; NULL = not measured.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE fitness_sets (
  id INTEGER PRIMARY KEY,
  school_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  dataset TEXT NOT NULL DEFAULT 'fitness',
  import_id INTEGER NOT NULL REFERENCES imports(id),
  is_current INTEGER NOT NULL,
  standard TEXT NOT NULL,
  students INTEGER NOT NULL
);
CREATE UNIQUE INDEX fitness_sets_current ON fitness_sets(school_code, year) WHERE is_current = 1;
CREATE INDEX fitness_sets_key ON fitness_sets(school_code, year, dataset);
CREATE INDEX fitness_sets_year ON fitness_sets(year, is_current);
CREATE INDEX fitness_sets_import ON fitness_sets(import_id);

CREATE TABLE fitness_students (
  set_id INTEGER NOT NULL REFERENCES fitness_sets(id),
  seq INTEGER NOT NULL,           -- order in the uploaded file(s)
  student_id TEXT NOT NULL,       -- 学籍号
  name TEXT NOT NULL,
  sex INTEGER NOT NULL,           -- 1 男, 2 女 (national template codes)
  grade INTEGER NOT NULL,         -- 年级编号
  class_code TEXT NOT NULL,
  class_name TEXT NOT NULL,
  ethnic TEXT NOT NULL,
  birth TEXT NOT NULL,
  status INTEGER NOT NULL,        -- 0 tested, 1 免测, 2 缓测
  height REAL,
  weight REAL,
  ucva_right REAL,
  ucva_left REAL,
  se_right REAL,
  se_left REAL,
  results TEXT NOT NULL CHECK (json_valid(results)),
  source_row INTEGER NOT NULL,
  PRIMARY KEY (set_id, seq)
) WITHOUT ROWID;
CREATE INDEX fitness_students_id ON fitness_students(student_id);
)sql";

// Plans (issue 6): a plan's definition file, versioned; the values a bureau
// enters by hand for its indicators, never updated: a new entry supersedes
// the previous one for the same (plan, indicator, area, year).
constexpr const char* kV5 = R"sql(
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL,
  format TEXT NOT NULL,           -- toml
  file_name TEXT NOT NULL,
  body TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  is_current INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plans_key ON plans(plan_id, is_current);

CREATE TABLE plan_values (
  id INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL,
  indicator TEXT NOT NULL,
  area TEXT NOT NULL,
  year INTEGER NOT NULL,
  value REAL,                     -- NULL: the earlier value withdrawn
  evidence TEXT NOT NULL,
  note TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  entered_by TEXT NOT NULL,
  is_current INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_values_key ON plan_values(plan_id, indicator, area, year, is_current);
)sql";

// 督办 tasks (issue 6): definitions versioned like plans; an append-only
// log of events (transitions, reports, reviews) from which a task's state
// is folded; progress reports and their evidence files (bytes kept here
// with their SHA-256, so a backup of the database is a backup of the
// evidence).
constexpr const char* kV6 = R"sql(
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  task_id TEXT NOT NULL,
  title TEXT NOT NULL,
  plan_id TEXT NOT NULL,
  clause TEXT NOT NULL,
  indicator TEXT NOT NULL,
  lead_unit TEXT NOT NULL,
  co_units TEXT NOT NULL,         -- one per line
  owner TEXT NOT NULL,
  target TEXT NOT NULL,
  target_value REAL,
  target_unit TEXT NOT NULL,
  start_day INTEGER NOT NULL,     -- days since 1970-01-01
  deadline_day INTEGER NOT NULL,
  milestones TEXT NOT NULL,       -- "day<TAB>text" per line
  remind_days INTEGER NOT NULL,
  publish INTEGER NOT NULL,
  is_current INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_key ON tasks(task_id, is_current);

CREATE TABLE task_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  kind TEXT NOT NULL,             -- created edited transition report review
  at TEXT NOT NULL,
  day INTEGER NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  reason TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  due_day INTEGER,
  notice_no TEXT NOT NULL,
  report_id INTEGER NOT NULL,
  decision TEXT NOT NULL,
  final INTEGER NOT NULL
);
CREATE INDEX task_events_task ON task_events(task_id, id);

CREATE TABLE task_reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  at TEXT NOT NULL,
  day INTEGER NOT NULL,
  by TEXT NOT NULL,
  text TEXT NOT NULL,
  value REAL,
  final INTEGER NOT NULL
);
CREATE INDEX task_reports_task ON task_reports(task_id, id);

CREATE TABLE task_files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id INTEGER NOT NULL REFERENCES task_reports(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  bytes BLOB NOT NULL
);
CREATE INDEX task_files_report ON task_files(report_id);
)sql";

// Fitness results as one blob per set (storage/codec/fitness_blob.h says
// why: a million one-row-per-student inserts took ~15 s of a 17 s import),
// and a narrow index from 学籍号 to (set, position) for the student lookup:
// integers (a 64-bit hash of the id, confirmed on read), because the text
// ids share long prefixes and comparing them was most of an import's time.
// ConvertFitnessRows moves the v4 rows into blobs, then drops them.
constexpr std::string_view kV7 = R"sql(
CREATE TABLE fitness_data (
  set_id INTEGER PRIMARY KEY REFERENCES fitness_sets(id),
  bytes BLOB NOT NULL             -- fitness blob, format in docs/data-formats.md
);
CREATE TABLE fitness_ids (
  key INTEGER NOT NULL,           -- FNV-1a 64 of the 学籍号 (fitness_blob::StudentKey)
  set_id INTEGER NOT NULL,        -- fitness_sets(id)
  seq INTEGER NOT NULL,           -- 0-based position in the set's blob
  PRIMARY KEY (key, set_id, seq)
) WITHOUT ROWID;
)sql";

Error BadRow(int64_t set_id, std::string_view what) {
  return Error{ErrorCode::kCorrupt,
               "storage.bad_value",
               Text(fmt::format("升级数据库时体测数据（第 {} 组）的{}无法识别", set_id, what),
                    fmt::format("unrecognised {} in fitness set {} while upgrading", what, set_id)),
               {},
               {}};
}

// The flat {"id": number} objects v4 wrote, as (id, value × 100): two
// decimals hold every value v4 wrote (at most one), so nothing is rounded.
bool ParseResults(std::string_view text, std::vector<std::pair<std::string, int32_t>>& out) {
  out.clear();
  size_t i = 0;
  auto ws = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
  };
  ws();
  if (i >= text.size() || text[i++] != '{') return false;
  for (;;) {
    ws();
    if (i < text.size() && text[i] == '}') return true;
    if (i >= text.size() || text[i] != '"') return false;
    const size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos) return false;
    std::string id(text.substr(i + 1, end - i - 1));
    i = end + 1;
    ws();
    if (i >= text.size() || text[i++] != ':') return false;
    ws();
    size_t num_end = i;
    while (num_end < text.size() && text[num_end] != ',' && text[num_end] != '}' &&
           text[num_end] != ' ')
      ++num_end;
    auto v = fitness::ParseFixed(text.substr(i, num_end - i), 2, fitness::Rounding::kHalfUp);
    if (!v) return false;
    out.emplace_back(std::move(id), *v);
    i = num_end;
    ws();
    if (i < text.size() && text[i] == ',') ++i;
  }
}

int32_t Ticks(const Stmt& st, int col, double scale) {
  if (st.IsNull(col)) return fitness::kMissing;
  return static_cast<int32_t>(std::llround(st.Double(col) * scale));
}

Status ConvertFitnessRows(Db& db) {
  auto sets = JIAODU_TRY(db.Prepare("SELECT id FROM fitness_sets ORDER BY id"));
  std::vector<int64_t> ids;
  while (JIAODU_TRY(sets.Step())) ids.push_back(sets.Int(0));
  auto rows = JIAODU_TRY(db.Prepare(
      "SELECT student_id, name, sex, grade, class_code, class_name, ethnic, birth, status, "
      "height, weight, ucva_right, ucva_left, se_right, se_left, results, source_row FROM "
      "fitness_students WHERE set_id = ?1 ORDER BY seq"));
  auto put = JIAODU_TRY(db.Prepare("INSERT INTO fitness_data (set_id, bytes) VALUES (?1, ?2)"));
  auto index =
      JIAODU_TRY(db.Prepare("INSERT INTO fitness_ids (key, set_id, seq) VALUES (?1, ?2, ?3)"));
  std::vector<std::pair<std::string, int32_t>> results;
  for (int64_t set_id : ids) {
    // Two passes over a school's rows: the result columns are the ids any
    // student has, then each student's values by column.
    struct Student {
      fitness::StudentRow row;
      std::string strings[6];  // id, name, ethnic, birth, class code, class name
      std::vector<std::pair<std::string, int32_t>> results;
    };
    std::vector<Student> students;
    std::map<std::string, size_t> columns;
    rows.Bind(1, set_id);
    while (JIAODU_TRY(rows.Step())) {
      Student s;
      const int64_t sex = rows.Int(2), status = rows.Int(8);
      if (sex != 1 && sex != 2) return Fail(BadRow(set_id, "性别"));
      if (status < 0 || status > 2) return Fail(BadRow(set_id, "测试状态"));
      s.row.sex = static_cast<fitness::Sex>(sex);
      s.row.status = static_cast<fitness::TestStatus>(status);
      s.row.grade = static_cast<uint8_t>(rows.Int(3));
      s.row.height = Ticks(rows, 9, 10.0);
      s.row.weight = Ticks(rows, 10, 10.0);
      s.row.vision.ucva = {Ticks(rows, 11, 10.0), Ticks(rows, 12, 10.0)};
      s.row.vision.se = {Ticks(rows, 13, 100.0), Ticks(rows, 14, 100.0)};
      s.row.source_row = static_cast<uint32_t>(rows.Int(16));
      const int cols[6] = {0, 1, 6, 7, 4, 5};
      for (int k = 0; k < 6; ++k) s.strings[k] = rows.Text(cols[k]);
      if (!ParseResults(rows.TextView(15), s.results)) return Fail(BadRow(set_id, "成绩"));
      for (const auto& [id, v] : s.results) columns.emplace(id, 0);
      students.push_back(std::move(s));
    }
    JIAODU_TRY_STATUS(rows.Reset());
    std::vector<fitness_blob::Column> cols;
    for (auto& [id, at] : columns) {
      at = cols.size();
      cols.push_back(fitness_blob::Column{id, 2});
    }
    fitness_blob::Writer w(std::move(cols));
    std::vector<int32_t> values(columns.size());
    for (const Student& s : students) {
      std::fill(values.begin(), values.end(), fitness::kMissing);
      for (const auto& [id, v] : s.results) values[columns[id]] = v;
      w.Add(s.row, s.strings[4], s.strings[5], values, s.strings[0], s.strings[1], s.strings[2],
            s.strings[3]);
    }
    put.Bind(1, set_id).BindBlob(2, w.Finish());
    JIAODU_TRY_STATUS(put.Run());
    for (size_t i = 0; i < students.size(); ++i) {
      index.Bind(1, fitness_blob::StudentKey(students[i].strings[0]))
          .Bind(2, set_id)
          .Bind(3, static_cast<int64_t>(i));
      JIAODU_TRY_STATUS(index.Run());
    }
  }
  return db.Exec("DROP TABLE fitness_students");
}

// 教学质量抽测 (issue 9): a test's description with the cut scores it used
// (their TOML text, so a later edit of data/quality changes no published
// figure), and one scores blob per (school, test), versioned like
// fitness_sets: `dataset` is the test id and `year` the test's academic
// year, so UndoImport's checks and roll-back treat them as any version of
// (school, year, dataset). Blobs: storage/codec/quality_blob.h.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE quality_tests (
  test_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  year INTEGER NOT NULL,          -- academic start year
  term INTEGER NOT NULL,          -- 1 第一学期, 2 第二学期
  grades TEXT NOT NULL,           -- one per line
  subjects TEXT NOT NULL,         -- one per line
  cuts_id TEXT NOT NULL,
  cuts TEXT NOT NULL,             -- the cut-score set's TOML text ('' = none)
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE TABLE quality_sets (
  id INTEGER PRIMARY KEY,
  school_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  dataset TEXT NOT NULL,          -- the test id
  import_id INTEGER NOT NULL REFERENCES imports(id),
  is_current INTEGER NOT NULL,
  students INTEGER NOT NULL,
  scores INTEGER NOT NULL
);
CREATE UNIQUE INDEX quality_sets_current ON quality_sets(school_code, dataset) WHERE is_current = 1;
CREATE INDEX quality_sets_key ON quality_sets(school_code, year, dataset);
CREATE INDEX quality_sets_test ON quality_sets(dataset, is_current);
CREATE INDEX quality_sets_import ON quality_sets(import_id);
CREATE TABLE quality_data (
  set_id INTEGER PRIMARY KEY REFERENCES quality_sets(id),
  bytes BLOB NOT NULL             -- quality blob, format in docs/data-formats.md
);
)sql";

// Accounts, sessions and the chained audit trail (issue 8, docs/access.md).
//  * accounts: never deleted (A12); the login is unique ignoring ASCII case
//    (logins are ASCII, so lower() is enough);
//  * sessions: by the SHA-256 of the token (A10), kept when they end;
//  * audit_entries: the hash chain (access/audit.h), seq 1, 2, 3 … without
//    gaps, each row's prev_hash the previous row's hash. The rows of the
//    unchained audit_log are copied into it first, in id order (ChainAuditLog
//    below), so the trail reads as one; audit_log itself stays as it was and
//    is written no more.
constexpr std::string_view kV9 = R"sql(
CREATE TABLE accounts (
  login TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,               -- RoleKey
  county TEXT NOT NULL,
  schools TEXT NOT NULL,            -- 学校标识码, one per line
  password_hash TEXT NOT NULL,      -- Argon2id string (auth/password_hash.h)
  must_change_password INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL,   -- unix seconds
  failures INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,          -- unix seconds
  disabled INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_login_ci ON accounts(lower(login));

CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,    -- SHA-256 hex of the token; the token is never stored
  login TEXT NOT NULL,
  from_addr TEXT NOT NULL,
  created_at INTEGER NOT NULL,      -- unix seconds
  last_seen INTEGER NOT NULL,
  must_change INTEGER NOT NULL,     -- 0 no, 1 initial password, 2 expired
  ended INTEGER NOT NULL
);
CREATE INDEX sessions_login ON sessions(login);

CREATE TABLE audit_entries (
  seq INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,            -- unix seconds
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  from_addr TEXT NOT NULL,
  action TEXT NOT NULL,
  object_kind TEXT NOT NULL,
  object_id TEXT NOT NULL,
  object_area TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  reason TEXT NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entries_actor ON audit_entries(actor);
CREATE INDEX audit_entries_action ON audit_entries(action);
CREATE INDEX audit_entries_object ON audit_entries(object_kind, object_id);
CREATE INDEX audit_entries_time ON audit_entries(time);
)sql";

// The rows of audit_log, oldest first, as the first entries of the chain.
// What they said before this migration cannot be proven by the chain (they
// were not chained then); from here on, any change to them is.
Status ChainAuditLog(Db& db) {
  auto read = JIAODU_TRY(db.Prepare(
      "SELECT id, CAST(strftime('%s', at) AS INTEGER), user, action, detail FROM audit_log "
      "ORDER BY id"));
  auto put = JIAODU_TRY(
      db.Prepare("INSERT INTO audit_entries (seq, time, actor, role, from_addr, action, "
                 "object_kind, object_id, object_area, old_value, new_value, reason, outcome, "
                 "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                 "?13, ?14, ?15)"));
  std::optional<access::AuditEntry> last;
  while (JIAODU_TRY(read.Step())) {
    access::AuditEntry e = storage_common::ChainAfter(
        last ? &*last : nullptr,
        storage_common::LegacyEntry(read.Int(0), read.Int(1), read.TextView(2), read.TextView(3),
                                    read.TextView(4)));
    put.Bind(1, e.seq).Bind(2, e.time).Bind(3, e.actor).Bind(4, e.role).Bind(5, e.from);
    put.Bind(6, e.action).Bind(7, e.object.kind).Bind(8, e.object.id).Bind(9, e.object.area);
    put.Bind(10, e.old_value).Bind(11, e.new_value).Bind(12, e.reason).Bind(13, e.outcome);
    put.Bind(14, e.prev_hash).Bind(15, e.hash);
    JIAODU_TRY_STATUS(put.Run());
    last = std::move(e);
  }
  return Ok();
}

// The review chain (issue 8, docs/access.md): one row per step taken on a
// school's data for a year, append-only (the triggers refuse UPDATE and
// DELETE); the state is the last row's to_state, none = draft. county is the
// school's, so a county's status table reads one index range. notes is JSON
// [{"section","field","note"}]: a return's per-field notes, or the clerk's
// confirmations of flagged changes at submit.
constexpr std::string_view kV10 = R"sql(
CREATE TABLE review_events (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  school_code TEXT NOT NULL,
  county TEXT NOT NULL,
  step TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  time INTEGER NOT NULL,
  reason TEXT NOT NULL,
  notes TEXT NOT NULL
);
CREATE INDEX review_events_school ON review_events(year, school_code, id);
CREATE INDEX review_events_county ON review_events(year, county);
CREATE TRIGGER review_events_no_update BEFORE UPDATE ON review_events
  BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END;
CREATE TRIGGER review_events_no_delete BEFORE DELETE ON review_events
  BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END;
)sql";

// 办学质量评价 inputs (issue 9, docs/quality.md §8): one version per import
// of a (scheme, year) — the current one flagged, earlier ones kept — and its
// values per (school, indicator); a school listed with no values has one row
// with indicator '' so the version still names it.
constexpr std::string_view kV11 = R"sql(
CREATE TABLE school_eval_imports (
  id INTEGER PRIMARY KEY,
  scheme_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  is_current INTEGER NOT NULL,
  schools INTEGER NOT NULL,
  value_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX school_eval_imports_current ON school_eval_imports(scheme_id, year)
  WHERE is_current = 1;
CREATE TABLE school_eval_values (
  import_id INTEGER NOT NULL REFERENCES school_eval_imports(id),
  school_code TEXT NOT NULL,
  indicator TEXT NOT NULL,        -- '' = the school is listed without values
  value REAL NOT NULL,
  PRIMARY KEY (import_id, school_code, indicator)
);
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial schema: areas, schools, versioned school and county data, imports, audit", kV1},
    {2, "county_standards: the variant of a standard family each county is judged by", kV2},
    {3, "school and county years versioned per dataset (compulsory, preschool); 普惠 flag", kV3},
    {4, "fitness_sets and fitness_students: 体测 results per school and year, versioned", kV4},
    {5, "plans and plan_values: plan definitions and hand-entered indicator values", kV5},
    {6, "tasks, task_events, task_reports, task_files: 督办 tasks with their log and evidence",
     kV6},
    {7, "fitness_data and fitness_ids: 体测 results as one blob per school and year", kV7,
     ConvertFitnessRows},
    {8, "quality_tests, quality_sets and quality_data: 教学质量抽测 scores per school, versioned",
     kV8},
    {9, "accounts, sessions and audit_entries: logins, sessions and the chained audit trail", kV9,
     ChainAuditLog},
    {10, "review_events: the review chain of each school's data for a year, append-only", kV10},
    {11, "school_eval_imports and school_eval_values: 办学质量评价 inputs per scheme and year",
     kV11},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace jiaodu::sqlite
