#include "jiaodu/storage/postgres/pg_review_store.h"

#include <fmt/format.h>

#include "jiaodu/storage/common/review_common.h"
#include "jiaodu/storage/common/storage_common.h"
#include "jiaodu/storage/postgres/pg_util.h"

namespace jiaodu::pg {
namespace {

namespace sc = storage_common;
using Tx = pqxx::transaction_base;

constexpr std::string_view kColumns =
    "e.id, e.year, e.school_code, e.county, e.step, e.from_state, e.to_state, e.actor, e.role, "
    "e.time, e.reason, e.notes::text";

// The last event of each school-year ($1 = the year).
constexpr std::string_view kLatest =
    "FROM review_events e WHERE e.year = $1 AND e.id = (SELECT MAX(id) FROM review_events x "
    "WHERE x.year = e.year AND x.school_code = e.school_code)";

std::string_view Sv(const pqxx::field& f) { return {f.c_str(), f.size()}; }

Result<ReviewEvent> ReadRow(const pqxx::row& r) {
  ReviewEvent e;
  e.id = r[0].as<int64_t>();
  e.year = AcademicYear(r[1].as<int>());
  e.school = r[2].c_str();
  e.county = r[3].c_str();
  auto step = access::ParseReviewStep(Sv(r[4]));
  auto from = access::ParseReviewState(Sv(r[5]));
  auto to = access::ParseReviewState(Sv(r[6]));
  if (!step) return Fail(sc::Corrupt("审核步骤", Sv(r[4])));
  if (!from) return Fail(sc::Corrupt("审核状态", Sv(r[5])));
  if (!to) return Fail(sc::Corrupt("审核状态", Sv(r[6])));
  e.step = *step;
  e.from = *from;
  e.to = *to;
  e.actor = r[7].c_str();
  e.role = r[8].c_str();
  e.time = r[9].as<int64_t>();
  e.reason = r[10].c_str();
  e.notes = JIAODU_TRY(sc::DecodeReviewNotes(Sv(r[11])));
  return e;
}

Status CheckLocked(Tx& tx, const std::vector<std::pair<std::string, int>>& candidates) {
  return sc::RefuseLocked(candidates, [&tx](int year) -> Result<std::set<std::string>> {
    std::set<std::string> out;
    for (const auto& r : tx.exec_params(
             fmt::format("SELECT e.school_code {} AND e.to_state = 'locked'", kLatest), year)) {
      out.insert(r[0].c_str());
    }
    return out;
  });
}

}  // namespace

Result<int64_t> InsertReviewEvent(Tx& tx, const ReviewEvent& e, int64_t expected_last) {
  const int64_t last = tx.exec_params1(
                             "SELECT COALESCE(MAX(id), 0) FROM review_events WHERE year = $1 AND "
                             "school_code = $2",
                             e.year.start(), e.school)[0]
                           .as<int64_t>();
  if (last != expected_last) return Fail(sc::ReviewChanged(e.year, e.school));
  return tx
      .exec_params1(
          "INSERT INTO review_events (year, school_code, county, step, from_state, to_state, "
          "actor, role, time, reason, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
          "$11::jsonb) RETURNING id",
          e.year.start(), e.school, e.county, std::string(access::ReviewStepKey(e.step)),
          std::string(access::ReviewStateKey(e.from)), std::string(access::ReviewStateKey(e.to)),
          e.actor, e.role, e.time, e.reason, sc::EncodeReviewNotes(e.notes))[0]
      .as<int64_t>();
}

Result<std::vector<ReviewEvent>> ReadReviewEvents(Tx& tx, AcademicYear year,
                                                  std::string_view school) {
  std::vector<ReviewEvent> out;
  for (const auto& r : tx.exec_params(
           fmt::format("SELECT {} FROM review_events e WHERE e.year = $1 AND e.school_code = $2 "
                       "ORDER BY e.id",
                       kColumns),
           year.start(), std::string(school))) {
    out.push_back(JIAODU_TRY(ReadRow(r)));
  }
  return out;
}

Result<std::vector<ReviewEvent>> ReadLatestReviewEvents(Tx& tx, AcademicYear year,
                                                        std::span<const std::string> counties) {
  std::vector<ReviewEvent> out;
  for (const auto& r :
       tx.exec_params(fmt::format("SELECT {} {} AND (cardinality($2::text[]) = 0 OR e.county = "
                                  "ANY($2::text[])) ORDER BY e.school_code",
                                  kColumns, kLatest),
                      year.start(), TextArray(counties))) {
    out.push_back(JIAODU_TRY(ReadRow(r)));
  }
  return out;
}

Status CheckNotLocked(Tx& tx, const std::set<std::pair<std::string, int>>& school_years) {
  return CheckLocked(tx, {school_years.begin(), school_years.end()});
}

Status CheckImportNotLocked(Tx& tx, int64_t import_id) {
  std::vector<std::pair<std::string, int>> wrote;
  for (const auto& r : tx.exec_params(
           "SELECT DISTINCT school_code, year FROM school_years WHERE import_id = $1 ORDER BY 1, 2",
           import_id)) {
    wrote.emplace_back(r[0].c_str(), r[1].as<int>());
  }
  return CheckLocked(tx, wrote);
}

}  // namespace jiaodu::pg
