// File: jiaodu/storage/common/storage_common.h
//
// What every storage adapter does the same way apart from SQL: the text
// encodings of stored values (section values as a flat JSON object, task
// units and milestones as lines), reading stored enum keys back, checking a
// batch before it is written, and the errors and audit texts the port
// promises (same ids and messages whichever database is behind it).
//
// The PostgreSQL adapter uses it; the SQLite adapter still has its own
// copies of the same code (to be switched over by whoever owns it).
#ifndef JIAODU_STORAGE_COMMON_STORAGE_COMMON_H_
#define JIAODU_STORAGE_COMMON_STORAGE_COMMON_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jiaodu/storage/storage.h"

namespace jiaodu::storage_common {

// ---- Text lists -----------------------------------------------------------

std::string JoinLines(std::span<const std::string> v, char sep);
// The inverse of JoinLines ("" = no entries).
std::vector<std::string> SplitOn(std::string_view s, char sep);
// The non-empty lines of `text`.
std::vector<std::string_view> Lines(std::string_view text);

// ---- Section values: {"students":1234,"area":3005.5} ----------------------

// Catalog index by field id, built once per load.
class FieldLookup {
 public:
  explicit FieldLookup(const FieldCatalog& c);
  std::optional<size_t> Find(std::string_view id) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, size_t, Hash, std::equal_to<>> index_;
};

// Field ids are [a-z0-9_] (the catalog loader enforces it), values the
// shortest decimal that round-trips, so the text is also valid JSON.
std::string EncodeValues(const FieldValues& values, const FieldCatalog& catalog);
// The inverse, for any JSON object of numbers with optional whitespace
// (PostgreSQL's jsonb prints `{"a": 1}`). Ids the catalog does not know are
// skipped (a newer catalog may have added fields).
Status DecodeValues(std::string_view text, const FieldLookup& lookup, FieldValues& out);

// ---- Reading stored keys back ----------------------------------------------

// A school's columns as stored (enum keys as text).
struct SchoolColumns {
  std::string_view code, name, county, town, type, locale, ownership;
  bool boarding = false;
  bool inclusive = false;
};
Result<School> ReadSchool(const SchoolColumns& c);
// A stored section key ("primary", …) as a stage.
Result<Stage> ParseSection(std::string_view key);
// The record's section for `stage`, added (with `n` empty values) if absent.
SectionRecord* FindOrAddSection(SchoolYearRecord& r, Stage stage, size_t n);
// Sections in stage order, as the port returns them.
void SortSections(std::vector<SchoolYearRecord>& records);

// "数据库中的{what}“{value}”无法识别" (storage.bad_value, kCorrupt).
Error Corrupt(std::string_view what, std::string_view value);

// ---- Checking what is about to be written ----------------------------------

// What an ImportBatch touches, checked before anything is written: every
// dataset with records has a catalog (storage.no_catalog).
struct BatchSummary {
  std::set<int> years;  // academic start years
  size_t school_years = 0;
  size_t county_years = 0;
  std::string YearList() const;  // "2023,2024", as ImportInfo::years is stored
};
Result<BatchSummary> SummarizeBatch(const ImportBatch& batch);

// `values` can be written under `catalog` (storage.no_catalog otherwise).
Status CheckValues(const FieldValues& values, const FieldCatalog* catalog);
Error NoCatalog();

// The roster's students grouped by school (index = roster school index), in
// file order; schools without students have an empty list.
std::vector<std::vector<uint32_t>> StudentsBySchool(const fitness::Roster& roster);
// Both the standard and the roster are set (storage.no_catalog otherwise).
Status CheckFitnessImport(const FitnessImport& batch);

// The score rows grouped by school (index = ScoreSet school index), in file
// order, and the number of distinct students of each school.
struct QualityBySchool {
  std::vector<std::vector<uint32_t>> rows;
  std::vector<size_t> students;
};
QualityBySchool QualityRowsBySchool(const quality::ScoreSet& scores);
// The scores are set with a stored code for each of their schools, the
// test has an id, a name and a term of 1 or 2 (storage.bad_quality_test).
Status CheckQualityImport(const QualityImport& batch);
// Whether a stored test and the one an import brings describe the same
// test (then the import leaves the stored definition alone).
bool SameQualityTest(const QualityTest& a, const QualityTest& b);

// ---- The port's errors -----------------------------------------------------

Error UnknownCounty(std::string_view county);  // storage.unknown_county
Error UnknownSchoolCounty(const School& s);    // storage.unknown_county, naming the school
Error SchoolCountyConflict(const School& s, std::string_view registered);
Error NoImport(int64_t import_id);                            // storage.no_import
Error AlreadyUndone(int64_t import_id, std::string_view at);  // storage.already_undone
Error UndoSuperseded(int64_t import_id);                      // storage.undo_superseded
Error TaskChanged(std::string_view task_id);                  // storage.task_changed
Error SchemaNewer(int64_t have, int64_t supported);           // storage.schema_newer
// transfer.bad_value: a value a whole-database copy cannot give the other
// back end's type (storage/table_copy.h).
Error BadCopyValue(std::string_view table, std::string_view column, std::string_view value);
Error UnknownSchool(std::string_view code);  // storage.unknown_school

// ---- Audit log texts ---------------------------------------------------------

std::string ImportAudit(int64_t import_id, const ImportBatch& batch, const BatchSummary& summary);
std::string UndoAudit(int64_t import_id);
std::string CountyStandardAudit(std::string_view county, std::string_view family,
                                std::string_view standard);
std::string FitnessAudit(int64_t import_id, size_t sets, size_t students, AcademicYear year);
std::string QualityAudit(int64_t import_id, const QualityTest& test, size_t schools,
                         size_t students, size_t scores);
std::string QualityTestAudit(const QualityTest& before, const QualityTest& after);
std::string PlanAudit(const StoredPlan& plan);
std::string SchoolEvalAudit(const SchoolEvalInputs& in);
std::string PlanValueAudit(const PlanValueEntry& e);
std::string TasksAudit(std::span<const TaskVersion> batch);
std::string TaskReportAudit(const tasks::Report& r, int64_t report_id, size_t files);

// ---- Accounts and the chained audit trail ------------------------------------

Error LoginTaken(std::string_view login);  // storage.login_taken (kConflict)
Error NoAccount(std::string_view login);   // storage.no_account (kNotFound)

// The stored account columns (role by RoleKey, schools one per line) and the
// account they make; storage.bad_value when the role is unknown.
struct AccountColumns {
  std::string_view login, display_name, role, county, schools, password_hash;
  bool must_change_password = true;
  int64_t password_changed_at = 0;
  int failures = 0;
  int64_t locked_until = 0;
  bool disabled = false;
};
Result<access::Account> ReadAccount(const AccountColumns& c);
// A session's must_change as stored (0 none, 1 initial, 2 expired) and back.
int ChangeReasonCode(access::ChangeReason r);
access::ChangeReason ChangeReasonFromCode(int64_t code);

// `e` as the entry after `last` (nullptr: the first) with SHA-256: what
// every adapter stores, inside the transaction holding the trail's lock.
access::AuditEntry ChainAfter(const access::AuditEntry* last, access::AuditEntry e);
// The short form's entry (AppendAudit): actor `user`, new value `detail`.
access::AuditEntry ShortEntry(std::string_view user, std::string_view action,
                              std::string_view detail, int64_t time);
// A row of the unchained audit_log of earlier schemas, as the migration
// chains it: object kind "audit_log" with the row's id, outcome ok.
access::AuditEntry LegacyEntry(int64_t id, int64_t time, std::string_view user,
                               std::string_view action, std::string_view detail);
// The short form of a chained entry (ListAudit).
AuditEntry ShortForm(const access::AuditEntry& e);
// Unix seconds now, and as ISO 8601 UTC ("2025-01-31T08:00:00Z").
int64_t NowUnix();
std::string IsoTime(int64_t unix_seconds);

// ---- 督办 tasks ----------------------------------------------------------------

// 配合单位 one per line; milestones "day<TAB>text" per line.
std::string EncodeUnits(const std::vector<std::string>& units);
std::vector<std::string> DecodeUnits(std::string_view text);
std::string EncodeMilestones(const std::vector<tasks::Milestone>& milestones);
std::vector<tasks::Milestone> DecodeMilestones(std::string_view text);
tasks::Decision ParseDecision(std::string_view key);

}  // namespace jiaodu::storage_common

#endif  // JIAODU_STORAGE_COMMON_STORAGE_COMMON_H_
