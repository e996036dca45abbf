// File: jiaodu/domain/fitness/vision.h
//
// Screening myopia (筛查性近视) per WS/T 663-2020 《中小学生屈光不正筛查规范》:
// an eye is screened myopic when its 裸眼视力 (uncorrected visual acuity, the
// 5-point logarithmic scale) is below 5.0 AND its 等效球镜 (spherical
// equivalent, SE = sphere + cylinder / 2) under non-cycloplegic autorefraction
// is −0.50 D or less. A student is myopic when either eye is.
//
// A student with 裸眼视力 below 5.0 but no refraction is 视力不良（未验光）:
// counted separately and never added to the myopia count (decision F8), so
// the 近视率 is never inflated by acuity alone. Thresholds are data
// (`VisionRule`, loaded from data/fitness/*.toml).
#ifndef JIAODU_DOMAIN_FITNESS_VISION_H_
#define JIAODU_DOMAIN_FITNESS_VISION_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/fitness/standard.h"

namespace jiaodu::fitness {

struct VisionGrade {     // 视力不良 grade by the worse eye's 裸眼视力
  Text name;             // 轻度 / 中度 / 重度
  int32_t min_ucva = 0;  // tenths, inclusive (4.9 → 49); the last grade catches all below
};

struct VisionRule {
  std::string id;        // "ws-t-663-2020"
  std::string document;  // WS/T 663-2020
  std::string source;
  int32_t ucva_normal_min = 50;  // 裸眼视力 ≥ 5.0 is normal (tenths)
  int32_t se_myopia_max = -50;   // SE ≤ −0.50 D (hundredths of a dioptre)
  int32_t ucva_min = 30;         // plausible range of the 5-point scale (tenths)
  int32_t ucva_max = 53;
  int32_t se_min = -3000;  // plausible SE, hundredths of a dioptre
  int32_t se_max = 2000;
  std::vector<VisionGrade> poor_grades;  // best first
};

enum class VisionStatus : uint8_t {
  kNotScreened = 0,       // 裸眼视力 missing for an eye
  kNormal = 1,            // both eyes ≥ 5.0
  kMyopia = 2,            // 筛查性近视
  kPoorNoRefraction = 3,  // 视力不良, not refracted: cannot be classified
  kPoorNotMyopic = 4,     // 视力不良 with SE above the myopia limit (e.g. 远视, 散光)
};

struct VisionInput {
  std::array<int32_t, 2> ucva{kMissing, kMissing};  // right, left; tenths
  std::array<int32_t, 2> se{kMissing, kMissing};    // hundredths of a dioptre
};

struct VisionResult {
  VisionStatus status = VisionStatus::kNotScreened;
  int8_t poor_grade = -1;  // index into poor_grades when the worse eye < 5.0
};

VisionResult Screen(const VisionRule& rule, const VisionInput& in);

std::string_view VisionStatusName(VisionStatus s, bool english = false);

// Parses a dioptre value "-0.75", "−1.25D", "+0.50" into hundredths.
Result<int32_t> ParseDioptre(std::string_view text);

}  // namespace jiaodu::fitness

#endif  // JIAODU_DOMAIN_FITNESS_VISION_H_
