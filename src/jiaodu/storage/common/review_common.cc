#include "jiaodu/storage/common/review_common.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "jiaodu/storage/common/storage_common.h"

namespace jiaodu::storage_common {

std::string EncodeReviewNotes(const std::vector<ReviewNote>& notes) {
  nlohmann::json a = nlohmann::json::array();
  for (const ReviewNote& n : notes) {
    a.push_back({{"section", n.section}, {"field", n.field}, {"note", n.note}});
  }
  return a.dump();
}

Result<std::vector<ReviewNote>> DecodeReviewNotes(std::string_view text) {
  std::vector<ReviewNote> out;
  if (text.empty()) return out;
  nlohmann::json a = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!a.is_array()) return Fail(Corrupt("审核意见", text.substr(0, 80)));
  for (const auto& n : a) {
    if (!n.is_object()) return Fail(Corrupt("审核意见", text.substr(0, 80)));
    ReviewNote r;
    r.section = n.value("section", "");
    r.field = n.value("field", "");
    r.note = n.value("note", "");
    out.push_back(std::move(r));
  }
  return out;
}

std::set<std::pair<std::string, int>> BatchSchoolYears(const ImportBatch& batch) {
  std::set<std::pair<std::string, int>> out;
  for (const DatasetBatch& ds : batch.datasets) {
    for (const SchoolYearRecord& r : ds.school_years) out.emplace(r.school.code, r.year.start());
  }
  return out;
}

Status RefuseLocked(const std::vector<std::pair<std::string, int>>& candidates,
                    const std::function<Result<std::set<std::string>>(int year)>& locked_in) {
  std::map<int, std::set<std::string>> locked;
  for (const auto& c : candidates) {
    if (!locked.count(c.second)) locked[c.second] = JIAODU_TRY(locked_in(c.second));
  }
  std::vector<std::pair<std::string, int>> hit;
  for (const auto& c : candidates) {
    if (locked[c.second].count(c.first)) hit.push_back(c);
  }
  if (!hit.empty()) return Fail(ReviewLocked(hit));
  return Ok();
}

Error ReviewChanged(AcademicYear year, std::string_view school) {
  return Error{
      ErrorCode::kConflict,
      "storage.review_changed",
      Text(fmt::format("学校 {} {}的审核状态已被他人更新，请刷新后重试", school, year.Label()),
           fmt::format("the review of school {} for {} was changed meanwhile; reload and retry",
                       school, year.LabelEn())),
      {},
      {}};
}

Error ReviewLocked(const std::vector<std::pair<std::string, int>>& locked) {
  std::string zh, en;
  for (const auto& [school, year] : locked) {
    if (!zh.empty()) zh += "、", en += ", ";
    zh += fmt::format("{}（{}）", school, AcademicYear(year).Label());
    en += fmt::format("{} ({})", school, AcademicYear(year).LabelEn());
  }
  return Error{ErrorCode::kFailedPrecondition,
               "review.locked",
               Text(fmt::format("以下学校的年度数据已由市局审核锁定，不能修改：{}；如确需修改，"
                                "请联系市局解锁",
                                zh),
                    fmt::format("these schools' data for the year are locked after the city's "
                                "review and cannot change: {}; ask the city bureau to reopen",
                                en)),
               {},
               {}};
}

}  // namespace jiaodu::storage_common
