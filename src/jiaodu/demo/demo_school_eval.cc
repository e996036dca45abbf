#include "jiaodu/demo/demo_school_eval.h"

#include <algorithm>
#include <cmath>

#include "jiaodu/core/number.h"
#include "jiaodu/demo/rng.h"

namespace jiaodu::demo {
namespace {

// FNV-1a of the code: a school's stream does not depend on which other
// schools are listed.
uint64_t Hash(std::string_view s) {
  uint64_t h = uint64_t{1469598103934665603};
  for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * uint64_t{1099511628211};
  return h;
}

// A value at standardised quality z (about −2.5…2.5) on the indicator's
// scale: the middle of the scale at z = 0, its ends near z = ±2.
double ValueAt(const quality::HsIndicator& ind, double z) {
  const double f = std::clamp(0.5 + 0.22 * z, 0.0, 1.0);
  double lo = 0, hi = 100, decimals = 1;
  switch (ind.rule.kind) {
    case quality::RuleKind::kLinear: {
      // A little beyond both ends, so some schools are clamped.
      const double span = ind.rule.best - ind.rule.worst;
      lo = ind.rule.worst - 0.15 * span;
      hi = ind.rule.best + 0.15 * span;
      break;
    }
    case quality::RuleKind::kBanded: {
      const double best = ind.rule.bands.front().at;
      const double last = ind.rule.bands.back().at;
      const double span = best - last;
      lo = last - 0.6 * span;
      hi = best + 0.4 * span;
      break;
    }
    case quality::RuleKind::kRank:
      lo = 60;
      hi = 90;
      break;
    case quality::RuleKind::kExpert:
      lo = 55;
      hi = 98;
      break;
  }
  double v = lo + (hi - lo) * f;  // lo/hi already ordered best-last for lower-is-better linear
  if (ind.max.value_or(100) <= 1) decimals = 3;
  v = std::clamp(v, ind.min.value_or(-1e300), ind.max.value_or(1e300));
  if (ind.rule.kind == quality::RuleKind::kExpert) v = std::clamp(v, 0.0, 100.0);
  return RoundHalfUp(v, static_cast<int>(decimals));
}

}  // namespace

std::vector<quality::HsSchoolInput> GenerateSchoolEvalInputs(const quality::HsScheme& scheme,
                                                             std::span<const std::string> schools,
                                                             int year, uint64_t seed) {
  std::vector<quality::HsSchoolInput> out;
  Rng pick(seed ^ (static_cast<uint64_t>(year) * uint64_t{0x9E3779B97F4A7C15}));
  const size_t missing_school = schools.empty() ? 0 : pick.Below(schools.size());
  for (size_t s = 0; s < schools.size(); ++s) {
    Rng school(Hash(schools[s]) ^ seed);
    const double quality = school.Normal();  // persistent
    Rng drift(Hash(schools[s]) ^ seed ^ (static_cast<uint64_t>(year) << 32));
    const double year_shift = 0.7 * drift.Normal();  // shared by the year's indicators
    quality::HsSchoolInput in{schools[s], "", {}};
    bool skipped = false;
    for (const quality::HsIndicator& ind : scheme.indicators()) {
      // The indicator's own part (a school good at one thing, weaker at
      // another) and the year's noise on it.
      const double z = quality + year_shift + 0.5 * school.Normal() + 0.3 * drift.Normal();
      if (s == missing_school && !skipped && ind.missing == quality::MissingPolicy::kZero &&
          ind.rule.kind != quality::RuleKind::kExpert) {
        skipped = true;
        continue;
      }
      in.values[ind.id] = ValueAt(ind, z);
    }
    out.push_back(std::move(in));
  }
  return out;
}

}  // namespace jiaodu::demo
