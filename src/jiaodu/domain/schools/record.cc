#include "jiaodu/domain/schools/record.h"

#include <algorithm>

#include "jiaodu/core/text.h"

namespace jiaodu {

bool FieldValues::empty() const {
  return std::none_of(present_.begin(), present_.end(), [](unsigned char p) { return p != 0; });
}

const SectionRecord* SchoolYearRecord::Section(Stage s) const {
  for (const auto& sec : sections) {
    if (sec.stage == s) return &sec;
  }
  return nullptr;
}

std::string_view JudgmentStatusName(JudgmentStatus s) {
  switch (s) {
    case JudgmentStatus::kMet:
      return "达标";
    case JudgmentStatus::kNotMet:
      return "未达标";
    case JudgmentStatus::kUnset:
      return "未评定";
  }
  return "未评定";
}

Result<JudgmentStatus> ParseJudgmentStatus(std::string_view raw) {
  std::string s = NormalizeWidth(raw);
  if (s.empty() || s == "未评定" || s == "unset") return JudgmentStatus::kUnset;
  if (s == "达标" || s == "是" || s == "met" || s == "通过") return JudgmentStatus::kMet;
  if (s == "未达标" || s == "否" || s == "not met" || s == "不达标") return JudgmentStatus::kNotMet;
  return Fail(ErrorCode::kInvalidInput, "judgment.invalid",
              Text("评定结论“" + Ellipsize(s, 20) + "”无法识别，应为：达标、未达标、未评定",
                   "judgment \"" + Ellipsize(s, 20) +
                       "\" not recognised; expected 达标, 未达标 or 未评定"));
}

}  // namespace jiaodu
