#include "jiaodu/domain/fitness/vision.h"

#include <fmt/format.h>

#include "jiaodu/core/text.h"

namespace jiaodu::fitness {

VisionResult Screen(const VisionRule& rule, const VisionInput& in) {
  VisionResult out;
  if (in.ucva[0] == kMissing || in.ucva[1] == kMissing) return out;
  bool myopic = false;
  bool poor = false;
  bool unrefracted_poor = false;
  int32_t worse = in.ucva[0] < in.ucva[1] ? in.ucva[0] : in.ucva[1];
  for (size_t eye = 0; eye < 2; ++eye) {
    if (in.ucva[eye] >= rule.ucva_normal_min) continue;
    poor = true;
    if (in.se[eye] == kMissing) {
      unrefracted_poor = true;
    } else if (in.se[eye] <= rule.se_myopia_max) {
      myopic = true;
    }
  }
  if (myopic) {
    out.status = VisionStatus::kMyopia;
  } else if (unrefracted_poor) {
    out.status = VisionStatus::kPoorNoRefraction;
  } else if (poor) {
    out.status = VisionStatus::kPoorNotMyopic;
  } else {
    out.status = VisionStatus::kNormal;
  }
  if (poor) {
    for (size_t g = 0; g < rule.poor_grades.size(); ++g) {
      if (worse >= rule.poor_grades[g].min_ucva || g + 1 == rule.poor_grades.size()) {
        out.poor_grade = static_cast<int8_t>(g);
        break;
      }
    }
  }
  return out;
}

std::string_view VisionStatusName(VisionStatus s, bool english) {
  switch (s) {
    case VisionStatus::kNotScreened:
      return english ? "not screened" : "未筛查";
    case VisionStatus::kNormal:
      return english ? "normal" : "视力正常";
    case VisionStatus::kMyopia:
      return english ? "screening myopia" : "筛查性近视";
    case VisionStatus::kPoorNoRefraction:
      return english ? "poor vision, not refracted" : "视力不良（未验光）";
    case VisionStatus::kPoorNotMyopic:
      return english ? "poor vision, not myopic" : "视力不良（非近视）";
  }
  return {};
}

Result<int32_t> ParseDioptre(std::string_view text) {
  // U+2212 MINUS SIGN → '-' and a trailing "D" dropped, copying rather than
  // std::string::replace (GCC 12's -Wrestrict misfires on replace at -O2).
  const std::string norm = NormalizeWidth(text);
  std::string s;
  for (size_t i = 0; i < norm.size();) {
    if (norm.compare(i, 3, "−") == 0) {
      s.push_back('-');
      i += 3;
    } else {
      s.push_back(norm[i++]);
    }
  }
  while (!s.empty() && (s.back() == 'D' || s.back() == 'd')) s.pop_back();
  auto v = ParseFixed(s, 2, Rounding::kExact);
  if (!v) {
    return Fail(Error{
        ErrorCode::kInvalidInput,
        "fitness.value_invalid",
        Text(fmt::format("“{}”不是有效的屈光度（如 -0.75）", Ellipsize(text, 24)),
             fmt::format("\"{}\" is not a valid dioptre value (e.g. -0.75)", Ellipsize(text, 24))),
        {},
        {}});
  }
  return *v;
}

}  // namespace jiaodu::fitness
