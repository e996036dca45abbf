// File: jiaodu/domain/rotation/synthetic.h
//
// A seeded synthetic county for the rotation benchmark and tests: stage
// sections in 城区/镇区/乡村 with realistic sizes and staffing ratios,
// backbone (L2) teachers concentrated in town, rural 初中 short of teachers
// above the required qualification (L1) and rural schools short of PE/arts
// teachers (L3), tenure and ages that make about 40% of teachers eligible,
// posts with a few vacancies in the countryside and subject needs there.
// The same seed gives the same county on every platform (no std
// distributions).
#ifndef JIAODU_DOMAIN_ROTATION_SYNTHETIC_H_
#define JIAODU_DOMAIN_ROTATION_SYNTHETIC_H_

#include <cstdint>

#include "jiaodu/domain/rotation/rotation.h"

namespace jiaodu::rotation {

struct SyntheticOptions {
  int teachers = 3000;
  int schools = 60;  // stage sections; two thirds 小学
  uint64_t seed = 1;
  int year = 2025;
  // A harder county: backbone and PE/arts teachers far more concentrated in
  // town, so the L2 and L3 差异系数 start above their limits.
  bool uneven = false;
};

Instance SyntheticCounty(const SyntheticOptions& options);

}  // namespace jiaodu::rotation

#endif  // JIAODU_DOMAIN_ROTATION_SYNTHETIC_H_
