#include "jiaodu/core/number.h"

#include <gtest/gtest.h>

namespace jiaodu {
namespace {

TEST(ParseNumber, AcceptsPlainAndGroupedAndFullWidth) {
  EXPECT_EQ(*ParseNumber("1234.5"), 1234.5);
  EXPECT_EQ(*ParseNumber(" 1,234.5 "), 1234.5);
  EXPECT_EQ(*ParseNumber("１２３４．５"), 1234.5);
  EXPECT_EQ(*ParseNumber("+7"), 7.0);
  EXPECT_EQ(*ParseNumber("-0"), 0.0);
  EXPECT_EQ(*ParseNumber("1e3"), 1000.0);
}

TEST(ParseNumber, RefusesTextWithStableId) {
  for (const char* bad :
       {"", "abc", "12a", "1,,2", ",5", "nan", "inf", "0x10", "１２人", "1.2.3"}) {
    auto r = ParseNumber(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().id, "number.invalid") << bad;
    EXPECT_NE(r.error().message.zh.find("不是有效的数字"), std::string::npos);
  }
}

TEST(ParseNumber, UnitScaleIsExactOnTheDecimalText) {
  // 12.34 万元 = 123400 元 exactly; multiplying the double would not be.
  EXPECT_EQ(*ParseNumber("12.34", 4), 123400.0);
  EXPECT_EQ(*ParseNumber("0.2", 4), 2000.0);
  EXPECT_EQ(*ParseNumber("1.5e2", 4), 1500000.0);
  EXPECT_EQ(*ParseNumber("19.99", 4), 199900.0);
}

TEST(Compare, ValueOneUlpBelowThresholdCountsAsOnIt) {
  double v = 0.3 / 0.1;  // 2.9999999999999996
  EXPECT_LT(v, 3.0);
  EXPECT_TRUE(GreaterOrEqual(v, 3.0));
  EXPECT_FALSE(Less(v, 3.0));
  // But a real shortfall in the 6th decimal is a shortfall (鸠江区 L2 CV 0.501787 > 0.50).
  EXPECT_FALSE(LessOrEqual(0.501787, 0.50));
  EXPECT_FALSE(GreaterOrEqual(4.199999, 4.2));
}

TEST(RoundHalfUp, RoundsTheDecimalThatIsShown) {
  EXPECT_EQ(RoundHalfUp(2.675, 2), 2.68);
  EXPECT_EQ(RoundHalfUp(0.5153, 2), 0.52);
  EXPECT_EQ(RoundHalfUp(0.125, 2), 0.13);
  EXPECT_EQ(RoundHalfUp(-0.125, 2), -0.13);
  EXPECT_EQ(RoundHalfUp(9.995, 2), 10.0);
  EXPECT_EQ(RoundHalfUp(0.004, 2), 0.0);
  EXPECT_EQ(RoundHalfUp(1.0, 2), 1.0);
  EXPECT_EQ(FormatFixed(0.5153, 2), "0.52");
  EXPECT_EQ(FormatFixed(2000, 2), "2000.00");
  EXPECT_EQ(FormatGrouped(84000, 0), "84,000");
  EXPECT_EQ(FormatGrouped(-1234567.891, 2), "-1,234,567.89");
}

}  // namespace
}  // namespace jiaodu
