#include "jiaodu/domain/quality/ranking.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/quality/stats.h"

namespace jiaodu::quality {
namespace {

TEST(CompetitionRanks, TiesShareARankAndTheNextRankSkips) {
  const std::vector<double> totals = {90, 95, 90, 85};
  EXPECT_EQ(CompetitionRanks(totals, true, 2), (std::vector<int>{2, 1, 2, 4}));
  const std::vector<double> three = {80, 80, 80, 70};
  EXPECT_EQ(CompetitionRanks(three, true, 2), (std::vector<int>{1, 1, 1, 4}));
}

TEST(CompetitionRanks, ValuesEqualAtThePrintedDecimalsTie) {
  // 0.1 + 0.2 and 0.3 differ in binary; both print 0.30.
  const std::vector<double> v = {0.1 + 0.2, 0.3, 0.2};
  EXPECT_EQ(CompetitionRanks(v, true, 2), (std::vector<int>{1, 1, 3}));
  EXPECT_EQ(CompetitionRanks(v, true, -1), (std::vector<int>{1, 2, 3}));
}

TEST(CompetitionRanks, LowerIsBetterAndMissingValuesAreUnranked) {
  const std::vector<double> v = {3, kNoValue, 1, 3};
  EXPECT_EQ(CompetitionRanks(v, false, 0), (std::vector<int>{2, 0, 1, 2}));
}

TEST(BottomGroup, LastNSchools) {
  const std::vector<int> ranks = {1, 2, 3, 4, 5};
  const BottomRule two{BottomRule::Kind::kCount, 2};
  EXPECT_EQ(BottomGroup(ranks, two), (std::vector<bool>{false, false, false, true, true}));
}

TEST(BottomGroup, ATieAtTheBoundaryIsKeptWhole) {
  // Ranks 1 2 3 3 5, bottom 2: the two schools tied at 3 both have one
  // school below them, so both join the last: a group of 3.
  const std::vector<int> ranks = {1, 2, 3, 3, 5};
  const BottomRule two{BottomRule::Kind::kCount, 2};
  EXPECT_EQ(BottomGroup(ranks, two), (std::vector<bool>{false, false, true, true, true}));
  // All tied last: all in.
  const std::vector<int> last = {1, 2, 2, 2};
  EXPECT_EQ(BottomGroup(last, BottomRule{BottomRule::Kind::kCount, 1}),
            (std::vector<bool>{false, true, true, true}));
}

TEST(BottomGroup, ShareRoundsUpAndUnrankedSchoolsStayOut) {
  const BottomRule ten{BottomRule::Kind::kShare, 0.1};
  EXPECT_EQ(ten.Size(30), 3u);  // exactly 3, not ⌈3.0000000000000004⌉ = 4
  EXPECT_EQ(ten.Size(31), 4u);
  EXPECT_EQ(ten.Size(5), 1u);
  const std::vector<int> ranks = {1, 0, 2, 3};
  EXPECT_EQ(BottomGroup(ranks, BottomRule{BottomRule::Kind::kShare, 0.34}),
            (std::vector<bool>{false, false, true, true}));  // ⌈0.34·3⌉ = 2
}

}  // namespace
}  // namespace jiaodu::quality
