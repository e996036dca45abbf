#include "jiaodu/storage/sqlite/review_store.h"

#include <fmt/format.h>

#include "jiaodu/storage/common/review_common.h"
#include "jiaodu/storage/common/storage_common.h"

namespace jiaodu::sqlite {
namespace {

namespace sc = storage_common;

// Read from `review_events e`.
constexpr std::string_view kColumns =
    "e.id, e.year, e.school_code, e.county, e.step, e.from_state, e.to_state, e.actor, e.role, "
    "e.time, e.reason, e.notes";

Result<ReviewEvent> ReadRow(const Stmt& st) {
  ReviewEvent e;
  e.id = st.Int(0);
  e.year = AcademicYear(static_cast<int>(st.Int(1)));
  e.school = st.Text(2);
  e.county = st.Text(3);
  auto step = access::ParseReviewStep(st.TextView(4));
  auto from = access::ParseReviewState(st.TextView(5));
  auto to = access::ParseReviewState(st.TextView(6));
  if (!step) return Fail(sc::Corrupt("审核步骤", st.TextView(4)));
  if (!from) return Fail(sc::Corrupt("审核状态", st.TextView(5)));
  if (!to) return Fail(sc::Corrupt("审核状态", st.TextView(6)));
  e.step = *step;
  e.from = *from;
  e.to = *to;
  e.actor = st.Text(7);
  e.role = st.Text(8);
  e.time = st.Int(9);
  e.reason = st.Text(10);
  e.notes = JIAODU_TRY(sc::DecodeReviewNotes(st.TextView(11)));
  return e;
}

// The last event of each school-year: its id is the largest of the key.
constexpr std::string_view kLatest =
    "FROM review_events e WHERE e.year = ?1 AND e.id = (SELECT MAX(id) FROM review_events x "
    "WHERE x.year = e.year AND x.school_code = e.school_code)";

Status CheckLocked(Db& db, const std::vector<std::pair<std::string, int>>& candidates) {
  return sc::RefuseLocked(candidates, [&db](int year) -> Result<std::set<std::string>> {
    auto st = JIAODU_TRY(
        db.Prepare(fmt::format("SELECT e.school_code {} AND e.to_state = 'locked'", kLatest)));
    st.Bind(1, year);
    std::set<std::string> out;
    while (JIAODU_TRY(st.Step())) out.insert(st.Text(0));
    return out;
  });
}

}  // namespace

Result<int64_t> InsertReviewEvent(Db& db, const ReviewEvent& e, int64_t expected_last) {
  auto last = JIAODU_TRY(db.Prepare(
      "SELECT COALESCE(MAX(id), 0) FROM review_events WHERE year = ?1 AND school_code = ?2"));
  last.Bind(1, e.year.start()).Bind(2, e.school);
  JIAODU_TRY(last.Step());
  if (last.Int(0) != expected_last) return Fail(sc::ReviewChanged(e.year, e.school));
  auto ins = JIAODU_TRY(db.Prepare(
      "INSERT INTO review_events (year, school_code, county, step, from_state, to_state, actor, "
      "role, time, reason, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
  ins.Bind(1, e.year.start()).Bind(2, e.school).Bind(3, e.county);
  ins.Bind(4, access::ReviewStepKey(e.step))
      .Bind(5, access::ReviewStateKey(e.from))
      .Bind(6, access::ReviewStateKey(e.to));
  ins.Bind(7, e.actor).Bind(8, e.role).Bind(9, e.time).Bind(10, e.reason);
  ins.Bind(11, sc::EncodeReviewNotes(e.notes));
  JIAODU_TRY_STATUS(ins.Run());
  return db.LastInsertId();
}

Result<std::vector<ReviewEvent>> ReadReviewEvents(Db& db, AcademicYear year,
                                                  std::string_view school) {
  auto st = JIAODU_TRY(db.Prepare(fmt::format(
      "SELECT {} FROM review_events e WHERE e.year = ?1 AND e.school_code = ?2 ORDER BY e.id",
      kColumns)));
  st.Bind(1, year.start()).Bind(2, school);
  std::vector<ReviewEvent> out;
  while (JIAODU_TRY(st.Step())) out.push_back(JIAODU_TRY(ReadRow(st)));
  return out;
}

Result<std::vector<ReviewEvent>> ReadLatestReviewEvents(Db& db, AcademicYear year,
                                                        std::span<const std::string> counties) {
  std::string filter;
  for (size_t i = 0; i < counties.size(); ++i) {
    filter += (i == 0 ? " AND e.county IN (?" : ", ?") + std::to_string(i + 2);
  }
  if (!counties.empty()) filter += ")";
  auto st = JIAODU_TRY(
      db.Prepare(fmt::format("SELECT {} {}{} ORDER BY e.school_code", kColumns, kLatest, filter)));
  st.Bind(1, year.start());
  for (size_t i = 0; i < counties.size(); ++i) st.Bind(static_cast<int>(i + 2), counties[i]);
  std::vector<ReviewEvent> out;
  while (JIAODU_TRY(st.Step())) out.push_back(JIAODU_TRY(ReadRow(st)));
  return out;
}

Status CheckNotLocked(Db& db, const std::set<std::pair<std::string, int>>& school_years) {
  return CheckLocked(db, {school_years.begin(), school_years.end()});
}

Status CheckImportNotLocked(Db& db, int64_t import_id) {
  auto st = JIAODU_TRY(db.Prepare(
      "SELECT DISTINCT school_code, year FROM school_years WHERE import_id = ?1 ORDER BY 1, 2"));
  st.Bind(1, import_id);
  std::vector<std::pair<std::string, int>> wrote;
  while (JIAODU_TRY(st.Step())) wrote.emplace_back(st.Text(0), static_cast<int>(st.Int(1)));
  return CheckLocked(db, std::move(wrote));
}

}  // namespace jiaodu::sqlite
