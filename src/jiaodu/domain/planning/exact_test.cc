#include "jiaodu/domain/planning/exact.h"

#include <gtest/gtest.h>

namespace jiaodu::planning {
namespace {

TEST(Rate, ParsesDecimalTextExactly) {
  EXPECT_EQ(Rate::Parse("0.95")->millionths(), 950'000);
  EXPECT_EQ(Rate::Parse("13.5")->millionths(), 13'500'000);
  EXPECT_EQ(Rate::Parse("-0.005")->millionths(), -5'000);
  EXPECT_EQ(Rate::Parse("1")->millionths(), 1'000'000);
  EXPECT_EQ(Rate::Parse("0.123456")->millionths(), 123'456);
  EXPECT_EQ(Rate::Parse("1e-05")->millionths(), 10);  // how a TOML double may print
}

TEST(Rate, RefusesMoreThanSixDecimalsInsteadOfRounding) {
  auto r = Rate::Parse("0.1234567");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "planning.rate_precision");
  EXPECT_FALSE(Rate::Parse("abc"));
}

TEST(Rate, RatioOfCountsRoundsHalfUpAtTheSixthDecimal) {
  EXPECT_EQ(Rate::Ratio(1, 3).millionths(), 333'333);
  EXPECT_EQ(Rate::Ratio(2, 3).millionths(), 666'667);
  EXPECT_EQ(Rate::Ratio(1, 8).millionths(), 125'000);
  // 1 ÷ 2,000,000 = 0.0000005 exactly: half → up.
  EXPECT_EQ(Rate::Ratio(1, 2'000'000).millionths(), 1);
}

TEST(Rate, ApplyRoundsHalfAwayFromZero) {
  const Rate half = Rate::FromMillionths(500'000);
  EXPECT_EQ(half.Apply(101), 51);  // 50.5 → 51
  EXPECT_EQ(half.Apply(101, Rounding::kDown), 50);
  EXPECT_EQ(half.Apply(100, Rounding::kUp), 50);
  EXPECT_EQ(Rate::FromMillionths(700'000).Apply(5), 4);  // 3.5 exactly (no binary 3.4999…)
  EXPECT_EQ(Rate::FromMillionths(-500'000).Apply(101), -51);
}

TEST(Rate, TimesAndTexts) {
  EXPECT_EQ(Rate::FromMillionths(950'000).Times(Rate::FromMillionths(1'020'000)).millionths(),
            969'000);
  EXPECT_EQ(Rate::FromMillionths(950'000).ToString(), "0.95");
  EXPECT_EQ(Rate::Whole(19).ToString(), "19");
  EXPECT_EQ(Rate::FromMillionths(-5'000).ToString(), "-0.005");
  EXPECT_EQ(Rate::FromMillionths(950'000).ToFixed(3), "0.950");
  EXPECT_EQ(Rate::FromMillionths(51'450).PercentText(1), "5.1");  // 5.145 % → 5.1
  EXPECT_EQ(Rate::FromMillionths(51'500).PercentText(1), "5.2");  // 5.15 % → 5.2
}

TEST(Fraction, SumsOfQuotientsStayExact) {
  // 191 ÷ 19 + 27 ÷ 13.5 = 191/19 + 2 = 229/19.
  Fraction f = Fraction::Of(191) / Fraction::FromRate(Rate::Whole(19)) +
               Fraction::Of(27) / Fraction::FromRate(Rate::FromMillionths(13'500'000));
  EXPECT_EQ(f.num(), 229);
  EXPECT_EQ(f.den(), 19);
  EXPECT_EQ(f.ToFixed(2), "12.05");
  EXPECT_EQ(f.Round(Rounding::kHalfUp), 12);
  EXPECT_EQ(f.Round(Rounding::kUp), 13);
  EXPECT_EQ(f.Round(Rounding::kDown), 12);
}

TEST(Fraction, ComparesAndRoundsHalves) {
  EXPECT_LT(Fraction::Of(1, 3), Fraction::Of(1, 2));
  EXPECT_EQ(Fraction::Of(2, 4), Fraction::Of(1, 2));
  EXPECT_EQ(Fraction::Of(21, 2).Round(Rounding::kHalfUp), 11);  // 10.5 → 11
  EXPECT_EQ(Fraction::Of(3, -2).num(), -3);
  EXPECT_EQ((Fraction::Of(1, 2) - Fraction::Of(3, 4)).ToFixed(2), "-0.25");
}

TEST(Rounding, NamesParseBothWays) {
  EXPECT_EQ(*ParseRounding("half_up"), Rounding::kHalfUp);
  EXPECT_EQ(*ParseRounding("进一"), Rounding::kUp);
  EXPECT_EQ(*ParseRounding("down"), Rounding::kDown);
  auto bad = ParseRounding("ceil");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().id, "planning.bad_rounding");
  EXPECT_EQ(RoundingName(Rounding::kHalfUp), "四舍五入");
}

}  // namespace
}  // namespace jiaodu::planning
