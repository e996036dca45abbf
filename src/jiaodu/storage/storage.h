// File: jiaodu/storage/storage.h
//
// The storage port: everything jiaodu keeps between runs (areas, schools,
// each year's reported data with its full history, county data and
// judgments, the import log and the audit log), behind one interface so the
// embedded SQLite adapter and a PostgreSQL adapter are interchangeable.
//
// Contracts every adapter keeps (tests/storage checks them for each):
//  * ApplyImport writes a whole batch in one transaction or nothing at all.
//  * Nothing is deleted: re-importing a school's year supersedes the earlier
//    version, which stays readable (History) and comes back on UndoImport.
//  * Reads see only current versions unless they ask for history.
//  * Values are stored by field id, so a newer catalog can add fields
//    without a schema change; ids the caller's catalog does not know are
//    skipped on load, not an error.
//
// Thread safety: an adapter may be used from several threads; it serialises
// what it must internally.
#ifndef JIAODU_STORAGE_STORAGE_H_
#define JIAODU_STORAGE_STORAGE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/core/academic_year.h"
#include "jiaodu/core/error.h"
#include "jiaodu/domain/access/account.h"
#include "jiaodu/domain/access/audit.h"
#include "jiaodu/domain/access/review.h"
#include "jiaodu/domain/access/session.h"
#include "jiaodu/domain/fitness/roster.h"
#include "jiaodu/domain/fitness/standard.h"
#include "jiaodu/domain/quality/hs_evaluation.h"
#include "jiaodu/domain/quality/scores.h"
#include "jiaodu/domain/schools/catalog.h"
#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/schools/school.h"
#include "jiaodu/domain/tasks/task.h"

namespace jiaodu {

// The records of one data collection (catalog->dataset(): compulsory,
// preschool) in a batch. Versions are kept per (school or county, year,
// dataset): importing a primary school's 附设幼儿班 in the preschool
// workbook leaves its compulsory data current.
struct DatasetBatch {
  // The catalog whose indices the records' FieldValues use.
  std::shared_ptr<const FieldCatalog> catalog;
  std::vector<SchoolYearRecord> school_years;  // each also updates the school's master data
  std::vector<CountyYearRecord> county_years;
};

// What one import (or edit) writes.
struct ImportBatch {
  std::string kind = "import";  // import | edit | demo
  std::string user;             // who (free text until accounts exist)
  std::string description;      // shown in the import history
  std::vector<std::string> files;
  std::vector<Area> areas;  // created or renamed
  std::vector<DatasetBatch> datasets;
};

struct ImportInfo {
  int64_t id = 0;
  std::string kind;
  std::string created_at;  // ISO 8601, UTC
  std::string user;
  std::string description;
  std::vector<std::string> files;
  int school_years = 0;
  int county_years = 0;
  std::vector<int> years;  // academic years touched (start years)
  bool undone = false;
  std::string undone_at;
  std::string undone_by;
};

// One stored version of a school's (or county's) data for a year.
struct VersionInfo {
  int64_t import_id = 0;
  std::string created_at;
  std::string user;
  std::string description;
  bool current = false;
};

// An entry of the audit trail in the short form of the first version
// (AppendAudit / ListAudit): since schema v9 (SQLite) / v3 (PostgreSQL) a
// view of the chained trail (access::AuditEntry): id = seq, user = actor,
// detail = the new value.
struct AuditEntry {
  int64_t id = 0;
  std::string at;
  std::string user;
  std::string action;
  std::string detail;
};

// Which variant of a standard family a county is judged by (e.g. the
// province's variant of cn-yzjh-2017). No row = the family's root standard.
struct CountyStandard {
  std::string county;
  std::string family;    // root standard id
  std::string standard;  // the variant (or the root itself)
  std::string set_at;
  std::string set_by;
};

// A search of the chained audit trail (FindAudit). Empty strings and zero
// times match everything; the strings must match exactly.
struct AuditQuery {
  std::string actor;
  std::string action;
  std::string object_kind;
  std::string object_id;
  std::string area;       // the entry's object area
  int64_t from_time = 0;  // unix seconds, inclusive
  int64_t to_time = 0;    // unix seconds, exclusive
  int limit = 200;
  int offset = 0;
};

// One import of fitness test files (体测数据): the students of each school
// in `roster` for `year`. Each school's set replaces its earlier set for the
// year as a whole (a school re-uploads its complete file), which stays in
// history and comes back when this import is undone (UndoImport).
struct FitnessImport {
  std::string user;
  std::string description;
  std::vector<std::string> files;
  AcademicYear year;
  // The standard the roster's item indices refer to. Results are stored by
  // item id in natural units (seconds, ml, cm), not by index, so a later
  // standard file with more items still reads old data.
  const fitness::FitnessStandard* standard = nullptr;
  const fitness::Roster* roster = nullptr;
};

// The current fitness set of one school and year.
struct FitnessSetInfo {
  std::string school;
  AcademicYear year;
  int64_t import_id = 0;
  std::string created_at;
  std::string user;
  std::string standard;  // standard id the file was read with
  int students = 0;
};

// A 教学质量抽测 (one test event of the bureau): what it is and the cut
// scores it was marked with. Created by its first import; a later import
// with the same id updates the description (audited), never its scores.
struct QualityTest {
  std::string id;    // "2025-spring-g8"
  std::string name;  // "2025年春季八年级抽测"
  AcademicYear year;
  int term = 2;  // 1 = 第一学期 (autumn), 2 = 第二学期 (spring)
  std::vector<std::string> grades;
  std::vector<std::string> subjects;
  std::string cuts_id;    // the cut-score set's id ("" = none)
  std::string cuts_toml;  // its TOML text as used, so later edits of the file change nothing
  std::string created_at;
  std::string created_by;
};

// One import of a 抽测's score files. Each school's scores replace its
// earlier scores in the same test as a whole (the school's complete file),
// which stay in history and come back when this import is undone.
struct QualityImport {
  std::string user;
  std::string description;
  std::vector<std::string> files;
  QualityTest test;
  const quality::ScoreSet* scores = nullptr;
  // The stored 学校标识码 of each of scores->schools(), same index.
  std::vector<std::string> school_codes;
};

// The current scores of one school in a test.
struct QualitySetInfo {
  std::string school;
  int64_t import_id = 0;
  std::string created_at;
  std::string user;
  int students = 0;
  int scores = 0;
};

// A plan's definition as stored (the TOML text it was read from). Saving a
// plan with the same id makes a new current version; the old stays.
struct StoredPlan {
  std::string plan_id;
  std::string format = "toml";
  std::string file_name;
  std::string body;
  std::string saved_at;
  std::string saved_by;
};

// A value entered by hand for a plan indicator in an area and year, with
// its evidence (佐证: document numbers, file names). Entries are never
// changed: a later entry for the same key supersedes it (value nullopt =
// withdrawn), and history keeps them all.
struct PlanValueEntry {
  int64_t id = 0;
  std::string plan_id;
  std::string indicator;
  std::string area;
  int year = 0;
  std::optional<double> value;
  std::string evidence;
  std::string note;
  std::string entered_at;
  std::string entered_by;
  bool current = true;
};

// One version of a 督办 task's definition and the event that made it
// (kCreated or kEdited), written together.
struct TaskVersion {
  tasks::Task task;
  tasks::Event event;
};

// An evidence file with its bytes (metadata in `meta`; id assigned on store).
struct TaskFileBlob {
  tasks::EvidenceFile meta;
  std::string bytes;
};

// A field a review step is about: a reviewer's note on a returned field, or
// the clerk's confirmation of a flagged year-on-year change at submit.
struct ReviewNote {
  std::string section;  // stage key (primary, junior, ...) or "" = school level
  std::string field;    // catalog field id
  std::string note;
};

// One step of the review chain of a school's data for a year
// (docs/access.md). The log is append-only; the school-year's state is the
// last event's `to` (no event = 填报中).
struct ReviewEvent {
  int64_t id = 0;
  AcademicYear year;
  std::string school;
  std::string county;  // the school's county (area views filter on it)
  access::ReviewStep step = access::ReviewStep::kSubmit;
  access::ReviewState from = access::ReviewState::kDraft;
  access::ReviewState to = access::ReviewState::kDraft;
  std::string actor;  // login
  std::string role;   // role key
  int64_t time = 0;   // unix seconds, UTC
  std::string reason;
  std::vector<ReviewNote> notes;
};

// The 办学质量评价 inputs of one scheme and year as imported (docs/quality.md
// §8): every school of the workbook with the values it gave (a blank is no
// entry). A new import is a new current version; earlier ones stay.
struct SchoolEvalInputs {
  int64_t id = 0;
  std::string scheme;  // the scheme's id
  int year = 0;        // the evaluation year
  std::string file_name;
  std::string created_at;
  std::string created_by;
  bool current = true;
  int schools = 0;
  int values = 0;
  std::vector<quality::HsSchoolInput> inputs;  // by school code; names are not stored
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Backend name and schema version, for `jiaodu info` and the About page.
  virtual std::string Describe() = 0;

  virtual Result<std::vector<Area>> ListAreas() = 0;
  // Schools (master data: latest attributes). `county` empty = all.
  virtual Result<std::vector<School>> ListSchools(std::string_view county = {}) = 0;
  virtual Result<std::optional<School>> FindSchool(std::string_view code) = 0;
  // Years that have any current school or county data, ascending.
  virtual Result<std::vector<AcademicYear>> ListYears() = 0;

  // Current school data for a year in the catalog's dataset, for the given
  // counties (empty = all), ordered by school code.
  virtual Result<std::vector<SchoolYearRecord>> LoadSchoolYears(
      const FieldCatalog& catalog, AcademicYear year,
      std::span<const std::string> counties = {}) = 0;
  virtual Result<std::vector<CountyYearRecord>> LoadCountyYears(const FieldCatalog& catalog,
                                                                AcademicYear year) = 0;

  // Writes the batch atomically; returns the import id. Fails with kConflict
  // (id "storage.school_county_conflict") if a school would move county.
  virtual Result<int64_t> ApplyImport(const ImportBatch& batch) = 0;
  virtual Result<std::vector<ImportInfo>> ListImports(int limit = 100) = 0;
  // Restores the versions an import replaced. Fails (kFailedPrecondition,
  // "storage.undo_superseded") if a later import already replaced its data.
  virtual Status UndoImport(int64_t import_id, std::string_view user) = 0;

  // Versions of a school's data for a year in one dataset, newest first.
  virtual Result<std::vector<VersionInfo>> SchoolHistory(std::string_view school_code,
                                                         AcademicYear year,
                                                         std::string_view dataset) = 0;

  // The short form of the audit trail: appends a chained entry (actor
  // `user`, no role or address, new value `detail`, outcome ok), and lists
  // the newest entries.
  virtual Status AppendAudit(std::string_view user, std::string_view action,
                             std::string_view detail) = 0;
  virtual Result<std::vector<AuditEntry>> ListAudit(int limit = 200) = 0;

  // Accounts (docs/access.md). Never deleted (A12): disabled instead. Logins
  // are unique ignoring ASCII case ("Zhang" and "zhang" are one login), and
  // FindAccount finds either spelling.
  virtual Status CreateAccount(const access::Account& a) = 0;  // storage.login_taken
  // Replaces everything of the account with that login (storage.no_account).
  virtual Status UpdateAccount(const access::Account& a) = 0;
  virtual Result<std::optional<access::Account>> FindAccount(std::string_view login) = 0;
  virtual Result<std::vector<access::Account>> ListAccounts() = 0;  // by login
  // Whether any account exists (login is on: docs/access.md, A14).
  virtual Result<bool> HasAccounts() = 0;

  // Sessions, by the digest of their token; rows are kept when they end.
  virtual Status CreateSession(const access::Session& s) = 0;
  virtual Result<std::optional<access::Session>> FindSession(std::string_view token_digest) = 0;
  // Sets last_seen, never backwards (two servers' clocks may disagree).
  virtual Status TouchSession(std::string_view token_digest, int64_t last_seen) = 0;
  virtual Status EndSession(std::string_view token_digest) = 0;
  // Ends every open session of a login; returns how many.
  virtual Result<int> EndSessions(std::string_view login) = 0;

  // The chained audit trail (access/audit.h). Appends `e` after the last
  // entry: the adapter sets seq, prev_hash and hash (SHA-256) in one
  // transaction that holds the trail's lock, so writers on several servers
  // never fork the chain or leave a gap. Returns the entry as stored.
  virtual Result<access::AuditEntry> AppendAuditEntry(access::AuditEntry e) = 0;
  // Entries matching `q`, newest first.
  virtual Result<std::vector<access::AuditEntry>> FindAudit(const AuditQuery& q) = 0;
  // Entries with seq > after_seq in seq order (at most `limit`; 0 = all),
  // for VerifyChain.
  virtual Result<std::vector<access::AuditEntry>> ReadAuditChain(int64_t after_seq = 0,
                                                                 int limit = 0) = 0;

  virtual Result<std::vector<CountyStandard>> ListCountyStandards() = 0;
  // Records the choice (an audited write that changes DataVersion).
  virtual Status SetCountyStandard(std::string_view county, std::string_view family,
                                   std::string_view standard, std::string_view user) = 0;

  // Fitness test results. ApplyFitnessImport writes every school's set in
  // one transaction (an import of kind "fitness" in ListImports, undone by
  // UndoImport like any other).
  virtual Result<int64_t> ApplyFitnessImport(const FitnessImport& batch) = 0;
  // Years with any current fitness set, ascending.
  virtual Result<std::vector<AcademicYear>> ListFitnessYears() = 0;
  virtual Result<std::vector<FitnessSetInfo>> ListFitnessSets(AcademicYear year) = 0;
  // The current students of a year (of `schools` only, when given) in
  // school-code order and, within a school, in file order, with results
  // mapped by item id onto `standard`'s items (ids it lacks are skipped).
  virtual Result<fitness::Roster> LoadFitness(const fitness::FitnessStandard& standard,
                                              AcademicYear year,
                                              std::span<const std::string> schools = {}) = 0;
  // Every current record of one 学籍号, one roster per year that has it
  // (oldest first; normally one student each).
  virtual Result<std::vector<std::pair<AcademicYear, fitness::Roster>>> FindFitnessStudent(
      const fitness::FitnessStandard& standard, std::string_view student_id) = 0;

  // 教学质量抽测. ApplyQualityImport writes the test and every school's
  // scores in one transaction (an import of kind "quality", undone by
  // UndoImport); schools must exist (storage.unknown_school).
  virtual Result<int64_t> ApplyQualityImport(const QualityImport& batch) = 0;
  // Every test, by year, term and id.
  virtual Result<std::vector<QualityTest>> ListQualityTests() = 0;
  // The schools with current scores in a test, by school code.
  virtual Result<std::vector<QualitySetInfo>> ListQualitySets(std::string_view test_id) = 0;
  // The current scores of a test (of `schools` only, when given), schools
  // interned by code in code order, rows in file order within a school.
  virtual Result<quality::ScoreSet> LoadQualityScores(
      std::string_view test_id, std::span<const std::string> schools = {}) = 0;

  // Plans. SavePlan supersedes the current version of the same plan_id.
  virtual Status SavePlan(const StoredPlan& plan) = 0;
  virtual Result<std::vector<StoredPlan>> ListPlans() = 0;  // current versions, by plan_id
  // Stores a hand-entered value (superseding the current one for the same
  // key); returns its id.
  virtual Result<int64_t> AddPlanValue(const PlanValueEntry& entry) = 0;
  // Current entries of a plan (with `history`, every entry, newest first).
  virtual Result<std::vector<PlanValueEntry>> ListPlanValues(std::string_view plan_id,
                                                             bool history = false) = 0;

  // 督办 tasks. Definitions are versioned (SaveTasks supersedes the current
  // version of each id); the log of events is append-only. A batch is
  // written whole or not at all (an imported list of measures).
  virtual Status SaveTasks(std::span<const TaskVersion> batch) = 0;
  virtual Result<std::vector<tasks::Task>> ListTasks() = 0;  // current versions, by id
  // Appends `events` to a task's log in one transaction, refused with
  // kConflict ("storage.task_changed") when the task's latest event id is
  // no longer `expected_last` (someone acted meanwhile: reload and retry).
  // Returns the new ids.
  virtual Result<std::vector<int64_t>> AppendTaskEvents(std::string_view task_id,
                                                        int64_t expected_last,
                                                        std::span<const tasks::Event> events) = 0;
  // Every event (of one task, or all), ascending id.
  virtual Result<std::vector<tasks::Event>> ListTaskEvents(std::string_view task_id = {}) = 0;
  // A progress report, its files and its kReport `event` (whose report_id
  // the adapter fills in) in one transaction, with the same check as
  // AppendTaskEvents. Returns the report id.
  virtual Result<int64_t> AddTaskReport(const tasks::Report& report,
                                        std::span<const TaskFileBlob> files, tasks::Event event,
                                        int64_t expected_last) = 0;
  // Reports (of one task, or all) with their files' metadata, ascending id.
  virtual Result<std::vector<tasks::Report>> ListTaskReports(std::string_view task_id = {}) = 0;
  virtual Result<std::optional<TaskFileBlob>> LoadTaskFile(int64_t file_id) = 0;

  // The review chain (docs/access.md). AppendReviewEvent writes `e` and its
  // audit entry in one transaction, refused with kConflict
  // ("storage.review_changed") when the school-year's last event id is no
  // longer `expected_last` (0 = none yet: someone acted meanwhile). Returns
  // the event's id. While a school-year's last event leads to 已锁定,
  // ApplyImport and UndoImport refuse any batch that touches it
  // (review.locked, naming the schools).
  virtual Result<int64_t> AppendReviewEvent(const ReviewEvent& e, int64_t expected_last,
                                            access::AuditEntry audit) = 0;
  // One school-year's events, oldest first.
  virtual Result<std::vector<ReviewEvent>> ListReviewEvents(AcademicYear year,
                                                            std::string_view school) = 0;
  // The last event of every school-year with any (of schools in `counties`,
  // empty = all), by school code.
  virtual Result<std::vector<ReviewEvent>> LatestReviewEvents(
      AcademicYear year, std::span<const std::string> counties = {}) = 0;

  // 办学质量评价 inputs. SaveSchoolEvalInputs makes `inputs` the current
  // version of its (scheme, year) — the earlier stays in history — with an
  // audit entry, in one transaction; returns its id. Schools must exist
  // (storage.unknown_school).
  virtual Result<int64_t> SaveSchoolEvalInputs(const SchoolEvalInputs& inputs) = 0;
  // The current version of a scheme and year, with its values (nullopt: none).
  virtual Result<std::optional<SchoolEvalInputs>> LoadSchoolEvalInputs(std::string_view scheme,
                                                                       int year) = 0;
  // Every version of a scheme (all years, current or not), newest first,
  // without the values.
  virtual Result<std::vector<SchoolEvalInputs>> ListSchoolEvalInputs(std::string_view scheme) = 0;

  // A counter that changes whenever data changes (for caches).
  virtual Result<int64_t> DataVersion() = 0;
};

}  // namespace jiaodu

#endif  // JIAODU_STORAGE_STORAGE_H_
