#include "jiaodu/domain/quality/national.h"

#include <gtest/gtest.h>

namespace jiaodu::quality {
namespace {

NationalThresholds Yzjh() {
  // As data/quality/national-check-2017.toml gives them.
  NationalThresholds t;
  t.min_level = 3;
  t.max_diff_rate = 0.15;
  t.rate_strict = true;
  t.window_years = 3;
  return t;
}

NationalResult Reported(int year, std::string subject, int level, double rate) {
  NationalResult r;
  r.county = "990103";
  r.year = year;
  r.subject = std::move(subject);
  r.grade = "八年级";
  r.level = level;
  r.diff_rate = rate;
  r.report = "国家义务教育质量监测 990103 县报告";
  return r;
}

TEST(NationalLevels, AcceptsTheWaysReportsWriteLevels) {
  for (const char* t : {"Ⅲ", "III", "3", "三", "水平Ⅲ", "Ⅲ级", "水平 III", "Ⅲ（良好）", "３"}) {
    auto l = ParseLevel(t);
    ASSERT_TRUE(l) << t;
    EXPECT_EQ(*l, 3) << t;
  }
  EXPECT_EQ(*ParseLevel("Ⅳ"), 4);
  EXPECT_EQ(*ParseLevel("水平I"), 1);
  EXPECT_EQ(ParseLevel("5").error().id, "quality.level_invalid");
  EXPECT_EQ(ParseLevel("优秀").error().id, "quality.level_invalid");
  EXPECT_EQ(LevelName(3), "水平Ⅲ");
}

TEST(NationalRates, PercentInputIsStoredAsARatio) {
  EXPECT_DOUBLE_EQ(*ParseRate("12.5%", false), 0.125);
  EXPECT_DOUBLE_EQ(*ParseRate("12.5", true), 0.125);
  EXPECT_DOUBLE_EQ(*ParseRate("０.１２", false), 0.12);
  // Scaled on the decimal text: exactly the threshold, not one ulp off.
  EXPECT_EQ(*ParseRate("15", true), 0.15);
  EXPECT_EQ(*ParseRate("15 %", false), 0.15);
  auto too_big = ParseRate("12.5", false);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().id, "quality.rate_out_of_range");
  EXPECT_NE(too_big.error().message.zh.find("百分数"), std::string::npos);
  EXPECT_EQ(ParseRate("120%", false).error().id, "quality.rate_out_of_range");
  EXPECT_EQ(ParseRate("一成", false).error().id, "quality.rate_invalid");
}

TEST(NationalResults, NotSampledIsANormalStateWithoutFigures) {
  NationalResult r;
  r.county = "990103";
  r.year = 2024;
  r.sampling = Sampling::kNotSampled;
  EXPECT_TRUE(Validate(r));
  r.level = 3;
  EXPECT_EQ(Validate(r).error().id, "quality.national_invalid");
  NationalResult empty = Reported(2024, "数学", 3, 0.1);
  empty.level.reset();
  empty.diff_rate.reset();
  EXPECT_EQ(Validate(empty).error().id, "quality.national_invalid");
  EXPECT_EQ(Validate(Reported(2024, "数学", 5, 0.1)).error().id, "quality.national_invalid");
}

TEST(NationalCheck, MetWhenEveryLevelIsAtLeastThreeAndEveryRateBelowTheLimit) {
  std::vector<NationalResult> rs = {Reported(2023, "数学", 3, 0.12),
                                    Reported(2023, "语文", 4, 0.08)};
  NationalCheck c = CheckNational(rs, "990103", 2024, Yzjh());
  EXPECT_EQ(c.verdict, Verdict::kMet);
  EXPECT_EQ(c.min_level, 3);
  EXPECT_DOUBLE_EQ(*c.max_diff_rate, 0.12);
  EXPECT_EQ(c.lines.size(), 2u);
}

TEST(NationalCheck, ARateExactlyOnTheLimitFailsBecauseBelowIsStrict) {
  std::vector<NationalResult> rs = {Reported(2023, "数学", 3, *ParseRate("15%", false))};
  NationalCheck c = CheckNational(rs, "990103", 2024, Yzjh());
  EXPECT_EQ(c.verdict, Verdict::kNotMet);
  ASSERT_FALSE(c.reasons.empty());
  EXPECT_NE(c.reasons[0].zh.find("0.150"), std::string::npos);
  NationalThresholds lenient = Yzjh();
  lenient.rate_strict = false;
  EXPECT_EQ(CheckNational(rs, "990103", 2024, lenient).verdict, Verdict::kMet);
}

TEST(NationalCheck, LevelTwoFailsAndTheLowestLevelIsReported) {
  std::vector<NationalResult> rs = {Reported(2022, "英语", 2, 0.05),
                                    Reported(2023, "数学", 4, 0.05)};
  NationalCheck c = CheckNational(rs, "990103", 2024, Yzjh());
  EXPECT_EQ(c.verdict, Verdict::kNotMet);
  EXPECT_EQ(c.min_level, 2);
}

TEST(NationalCheck, TheLatestResultOfASubjectInTheWindowCounts) {
  std::vector<NationalResult> rs = {Reported(2021, "数学", 2, 0.30),   // outside 2022–2024
                                    Reported(2022, "数学", 2, 0.20),   // superseded
                                    Reported(2024, "数学", 3, 0.10)};  // counts
  NationalCheck c = CheckNational(rs, "990103", 2024, Yzjh());
  EXPECT_EQ(c.verdict, Verdict::kMet);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].year, 2024);
}

TEST(NationalCheck, NotSampledInTheWindowIsPendingNotFailed) {
  NationalResult ns;
  ns.county = "990103";
  ns.year = 2023;
  ns.sampling = Sampling::kNotSampled;
  std::vector<NationalResult> rs = {ns, Reported(2023, "数学", 1, 0.5)};
  rs[1].county = "990104";  // another county's result does not count
  NationalCheck c = CheckNational(rs, "990103", 2024, Yzjh());
  EXPECT_EQ(c.verdict, Verdict::kPending);
  EXPECT_EQ(c.not_sampled_years, std::vector<int>{2023});
  EXPECT_FALSE(c.min_level);
  ASSERT_EQ(c.reasons.size(), 1u);
  EXPECT_NE(c.reasons[0].zh.find("未被国家质量监测抽中"), std::string::npos);
}

TEST(NationalCheck, AMissingRateLeavesThePassPendingButAFailStands) {
  NationalResult no_rate = Reported(2023, "数学", 3, 0);
  no_rate.diff_rate.reset();
  std::vector<NationalResult> rs = {no_rate};
  EXPECT_EQ(CheckNational(rs, "990103", 2024, Yzjh()).verdict, Verdict::kPending);
  rs.push_back(Reported(2023, "语文", 2, 0.1));
  EXPECT_EQ(CheckNational(rs, "990103", 2024, Yzjh()).verdict, Verdict::kNotMet);
}

TEST(NationalCheck, OnlyTheRelevantSubjectsCountWhenTheDataListsThem) {
  NationalThresholds t = Yzjh();
  t.subjects = {"语文", "数学"};
  std::vector<NationalResult> rs = {Reported(2023, "数学", 3, 0.1), Reported(2023, "艺术", 2, 0.3)};
  EXPECT_EQ(CheckNational(rs, "990103", 2024, t).verdict, Verdict::kMet);
}

}  // namespace
}  // namespace jiaodu::quality
