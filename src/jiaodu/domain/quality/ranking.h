// File: jiaodu/domain/quality/ranking.h
//
// Ranking as a 通报 prints it. Ties share a rank and the next rank skips
// (standard competition ranking, "1224": totals 95, 90, 90, 85 rank 1, 2, 2,
// 4 — decision Q12), so a school's rank always says how many schools did
// strictly better. Values are compared after rounding to the decimals the
// 通报 shows: two schools equal on paper are tied even when their binary
// sums differ in the last bit.
//
// The bottom group (排名靠后, flagged for 约谈) is the last N schools, or the
// last x % rounded up; a tie straddling the boundary is kept whole, so the
// group can be larger than N but never splits equal schools by chance (Q13).
#ifndef JIAODU_DOMAIN_QUALITY_RANKING_H_
#define JIAODU_DOMAIN_QUALITY_RANKING_H_

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace jiaodu::quality {

// Competition ranks (1-based) of `values`; NaN values (missing) get rank 0
// and take no place. `decimals` ≥ 0 rounds half up before comparing; −1
// compares exactly.
std::vector<int> CompetitionRanks(std::span<const double> values, bool higher_is_better,
                                  int decimals);

struct BottomRule {
  enum class Kind { kCount, kShare };
  Kind kind = Kind::kCount;
  double value = 0;  // kCount: N schools; kShare: a fraction in (0, 1]
  // The intended size for `ranked` schools: min(N, ranked), or ⌈x·ranked⌉.
  size_t Size(size_t ranked) const;
};

// Whether each school is in the bottom group, from its rank (0 = unranked,
// never in the group). A school is in it when fewer than Size(ranked)
// schools rank strictly below it.
std::vector<bool> BottomGroup(std::span<const int> ranks, const BottomRule& rule);

}  // namespace jiaodu::quality

#endif  // JIAODU_DOMAIN_QUALITY_RANKING_H_
