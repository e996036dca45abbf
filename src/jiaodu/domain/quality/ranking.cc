#include "jiaodu/domain/quality/ranking.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "jiaodu/core/number.h"
#include "jiaodu/domain/quality/stats.h"

namespace jiaodu::quality {

std::vector<int> CompetitionRanks(std::span<const double> values, bool higher_is_better,
                                  int decimals) {
  std::vector<double> key(values.size());
  std::vector<size_t> order;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!HasValue(values[i])) continue;
    key[i] = decimals >= 0 ? RoundHalfUp(values[i], decimals) : values[i];
    if (!higher_is_better) key[i] = -key[i];
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key[a] > key[b]; });
  std::vector<int> ranks(values.size(), 0);
  for (size_t pos = 0; pos < order.size(); ++pos) {
    const size_t i = order[pos];
    ranks[i] = pos > 0 && key[order[pos - 1]] == key[i] ? ranks[order[pos - 1]]
                                                        : static_cast<int>(pos + 1);
  }
  return ranks;
}

size_t BottomRule::Size(size_t ranked) const {
  if (ranked == 0 || !(value > 0)) return 0;
  if (kind == Kind::kCount) {
    return std::min(ranked, static_cast<size_t>(std::floor(value + 1e-9)));
  }
  // ⌈x·n⌉, with the product's binary noise removed (10 % of 30 is 3, not 4).
  const double raw = std::min(1.0, value) * static_cast<double>(ranked);
  return std::min(ranked, static_cast<size_t>(std::ceil(raw - 1e-9)));
}

std::vector<bool> BottomGroup(std::span<const int> ranks, const BottomRule& rule) {
  std::vector<int> ranked;
  for (int r : ranks) {
    if (r > 0) ranked.push_back(r);
  }
  std::sort(ranked.begin(), ranked.end());
  const size_t size = rule.Size(ranked.size());
  std::vector<bool> out(ranks.size(), false);
  for (size_t i = 0; i < ranks.size(); ++i) {
    if (ranks[i] <= 0) continue;
    // Schools ranked strictly below (a larger rank number).
    const auto below = static_cast<size_t>(
        ranked.end() - std::upper_bound(ranked.begin(), ranked.end(), ranks[i]));
    out[i] = below < size;
  }
  return out;
}

}  // namespace jiaodu::quality
