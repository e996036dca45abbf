#include "jiaodu/formats/pdf/fitness_card.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/formats/fitness_file/test_util.h"
#include "jiaodu/formats/pdf/pdf_test_util.h"

namespace jiaodu {
namespace {

using fitness::kMissing;
using fitness::Sex;
using fitness::TestStatus;
using pdf::testutil::PageCount;
using pdf::testutil::RawText;
using pdf::testutil::Squeeze;
using pdf::testutil::TempPdf;
using ::testing::HasSubstr;
using ::testing::Not;

class FitnessCardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!pdf::testutil::PopplerAvailable()) {
      GTEST_SKIP() << "poppler-utils (pdftotext, pdfinfo) not installed";
    }
    standard_ = testing::ShippedFitnessStandard();
    ASSERT_TRUE(standard_);
  }

  CardYear Year(std::string label, int grade, int32_t height, int32_t weight,
                const std::vector<std::pair<std::string, std::string>>& results,
                TestStatus status = TestStatus::kTested) const {
    CardYear y;
    y.year_label = std::move(label);
    y.grade = grade;
    y.status = status;
    y.height = height;
    y.weight = weight;
    y.values.assign(standard_->items().size(), kMissing);
    for (const auto& [item, text] : results) {
      const int k = standard_->ItemIndex(item);
      EXPECT_GE(k, 0) << item;
      if (k < 0) continue;
      auto v = fitness::ParseItemValue(standard_->items()[static_cast<size_t>(k)], text);
      EXPECT_TRUE(v) << item << " " << text;
      if (v) y.values[static_cast<size_t>(k)] = *v;
    }
    return y;
  }

  // 一年级 as in docs/fitness.md (96.0, 加分 2), 三年级 and 六年级 (毕业年级).
  CardStudent Primary() const {
    CardStudent s{.school_name = "东湖第一小学",
                  .class_name = "六年级2班",
                  .student_id = "G420102201401011234",
                  .name = "张小明",
                  .sex = Sex::kMale,
                  .ethnic = "汉族",
                  .birth = "2014-01-01"};
    s.years.push_back(Year("2020-2021学年", 11, 1200, 220,
                           {{"vital_capacity", "1300"},
                            {"run_50m", "10.2"},
                            {"sit_and_reach", "13.0"},
                            {"rope_skipping", "113"}}));
    s.years.push_back(Year("2022-2023学年", 13, 1350, 300,
                           {{"vital_capacity", "1700"},
                            {"run_50m", "9.6"},
                            {"sit_and_reach", "8.5"},
                            {"rope_skipping", "98"},
                            {"sit_ups", "31"}}));
    s.years.push_back(Year("2025-2026学年", 16, 1520, 420,
                           {{"vital_capacity", "2600"},
                            {"run_50m", "8.6"},
                            {"sit_and_reach", "10.4"},
                            {"rope_skipping", "150"},
                            {"sit_ups", "40"},
                            {"shuttle_50x8", "1'38"}}));
    return s;
  }

  // 初二 at 90.6 (优秀 by 加分) and 初三 without the 1000米 (缺项).
  CardStudent Junior() const {
    CardStudent s{.school_name = "东湖第二中学",
                  .class_name = "初三1班",
                  .student_id = "G420103201001015678",
                  .name = "赵四",
                  .sex = Sex::kMale,
                  .ethnic = "回族",
                  .birth = "2010-01-01"};
    const std::vector<std::pair<std::string, std::string>> results = {
        {"vital_capacity", "3200"},    {"run_50m", "7.9"}, {"sit_and_reach", "9.0"},
        {"standing_long_jump", "240"}, {"pull_ups", "17"}, {"run_1000", "3'38"}};
    s.years.push_back(Year("2023-2024学年", 22, 1600, 660, results));
    auto without_run = results;
    without_run.pop_back();
    s.years.push_back(Year("2024-2025学年", 23, 1600, 660, without_run));
    return s;
  }

  // The squeezed raw text of each page.
  std::vector<std::string> Pages(const std::vector<CardStudent>& students) const {
    auto bytes = FitnessCardsPdf(*standard_, students, "东湖区 2025-2026学年");
    EXPECT_TRUE(bytes) << bytes.error().Describe();
    if (!bytes) return {};
    TempPdf pdf(*bytes);
    std::vector<std::string> out;
    const int n = PageCount(pdf.path());
    for (int p = 1; p <= n; ++p) out.push_back(Squeeze(RawText(pdf.path(), p)));
    double w = 0;
    double h = 0;
    EXPECT_TRUE(pdf::testutil::PageSize(pdf.path(), &w, &h));
    EXPECT_NEAR(w, 595.28, 0.5);  // A4 portrait
    EXPECT_NEAR(h, 841.89, 0.5);
    return out;
  }

  std::shared_ptr<const fitness::FitnessStandard> standard_;
};

TEST_F(FitnessCardTest, OnePagePerStudent) {
  const std::vector<CardStudent> students = {Primary(), Junior(), Primary()};
  EXPECT_EQ(Pages(students).size(), 3u);
}

TEST_F(FitnessCardTest, PrimaryCardHasSixGradesTheItemsAndTheScores) {
  const std::vector<std::string> pages = Pages({Primary()});
  ASSERT_EQ(pages.size(), 1u);
  const std::string& t = pages[0];
  for (const char* s :
       {"《国家学生体质健康标准》登记卡（小学）", "张小明", "东湖第一小学", "六年级2班",
        "G420102201401011234", "汉族", "2014-01-01", "东湖区2025-2026学年",
        // the six grade columns, the years given under theirs
        "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "2020-2021学年",
        "2022-2023学年", "2025-2026学年",
        // the 小学 items
        "体重指数（BMI）", "肺活量（毫升）", "50米跑（秒）", "坐位体前屈（厘米）",
        "一分钟跳绳（次）", "一分钟仰卧起坐（次）", "50米×8往返跑（分·秒）",
        // rows
        "身高（厘米）", "标准分", "加分指标：一分钟跳绳", "附加分", "学年总分", "等级评定",
        "体育教师签字", "班主任签字", "毕业成绩", "第1页/共1页"}) {
    EXPECT_THAT(t, HasSubstr(Squeeze(s))) << s;
  }
  // 一年级's results and scores (docs/fitness.md): BMI 15.3 正常 100, 肺活量
  // 1300 → 80, 50米 10.2 → 100, 坐位体前屈 13.0 → 90, 跳绳 113 → 100 (+2).
  for (const char* s :
       {"15.3100正常", "130080良好", "10.2100优秀", "13.090优秀", "113100优秀", "1'38\""}) {
    EXPECT_THAT(t, HasSubstr(s)) << s;
  }
  // The graduation score from the scored years.
  CardStudent s = Primary();
  std::vector<int32_t> totals;
  for (const CardYear& y : s.years) {
    fitness::StudentInput in{y.grade, s.sex, y.status, y.height, y.weight, y.values};
    totals.push_back(fitness::Score(*standard_, in).total_hundredths);
  }
  EXPECT_EQ(totals[0], 9600);
  const int32_t grad = fitness::GraduationHundredths(*standard_, totals[2],
                                                     std::vector<int32_t>{totals[0], totals[1]});
  EXPECT_THAT(t, HasSubstr("毕业成绩" + fitness::FormatHundredths(grad) + "等级评定"));
  for (int32_t total : totals) EXPECT_THAT(t, HasSubstr(fitness::FormatHundredths(total)));
}

TEST_F(FitnessCardTest, JuniorCardHasThreeGradesAndMarksTheMissingItem) {
  const CardStudent s = Junior();
  const std::vector<std::string> pages = Pages({s});
  ASSERT_EQ(pages.size(), 1u);
  const std::string& t = pages[0];
  for (const char* text :
       {"登记卡（初中）", "赵四", "初一", "初二", "初三", "引体向上（次）", "1000米跑（分·秒）",
        "立定跳远（厘米）", "加分指标：引体向上", "加分指标：1000米跑", "3'38\"", "缺测", "缺项"}) {
    EXPECT_THAT(t, HasSubstr(Squeeze(text))) << text;
  }
  // 初二 as in docs/fitness.md: 标准分 84.6, 加分 3 + 3, 学年总分 90.6 优秀.
  EXPECT_THAT(t, HasSubstr("标准分84.6"));
  EXPECT_THAT(t, HasSubstr("学年总分90.6"));
  EXPECT_THAT(t, HasSubstr("等级评定优秀"));
  // 初三 (its own tables) without the 1000米: scored with it at 0, 缺项.
  fitness::StudentInput in{
      23, s.sex, TestStatus::kTested, s.years[1].height, s.years[1].weight, s.years[1].values};
  const fitness::StudentScore third = fitness::Score(*standard_, in);
  EXPECT_EQ(third.status, fitness::ScoreStatus::kIncomplete);
  EXPECT_THAT(t, HasSubstr("学年总分90.6" + fitness::FormatHundredths(third.total_hundredths)));
  // Boys' card: no girls' items, no 小学 items.
  for (const char* text : {"800米跑", "一分钟仰卧起坐", "一分钟跳绳", "四年级"}) {
    EXPECT_THAT(t, Not(HasSubstr(text))) << text;
  }
  // 毕业成绩 = 初三 × 50% + 初二 × 50%.
  const int32_t grad =
      fitness::GraduationHundredths(*standard_, third.total_hundredths, std::vector<int32_t>{9060});
  EXPECT_THAT(
      t, HasSubstr("毕业成绩" + fitness::FormatHundredths(grad) + "等级评定" +
                   standard_->levels()[static_cast<size_t>(standard_->LevelOf(grad))].name.zh));
}

TEST_F(FitnessCardTest, GivenGraduationScoreIsPrinted) {
  CardStudent s = Junior();
  s.graduation_hundredths = 8125;
  const std::vector<std::string> pages = Pages({s});
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_THAT(pages[0], HasSubstr("毕业成绩81.25等级评定良好"));
}

TEST_F(FitnessCardTest, ExemptYearAndUniversityColumns) {
  CardStudent girl{.name = "孙六", .sex = Sex::kFemale};
  girl.years.push_back(Year("2024-2025学年", 21, 1500, 450, {}, TestStatus::kExempt));
  CardStudent student{.name = "周七", .sex = Sex::kFemale};
  student.years.push_back(Year("2022-2023学年", 41, 1620, 520,
                               {{"vital_capacity", "3000"},
                                {"run_50m", "8.3"},
                                {"sit_and_reach", "18.0"},
                                {"standing_long_jump", "190"},
                                {"sit_ups", "45"},
                                {"run_800", "3'40"}}));
  student.years.push_back(Year("2025-2026学年", 44, 1620, 530, {}, TestStatus::kDeferred));
  const std::vector<std::string> pages = Pages({girl, student});
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_THAT(pages[0], HasSubstr("登记卡（初中）"));
  EXPECT_THAT(pages[0], HasSubstr("免予执行"));
  EXPECT_THAT(pages[0], HasSubstr("一分钟仰卧起坐"));  // the girls' items
  EXPECT_THAT(pages[0], Not(HasSubstr("引体向上")));
  EXPECT_THAT(pages[1], HasSubstr("登记卡（大学）"));
  for (const char* s : {"一年级", "二年级", "三年级", "四年级", "暂缓执行", "3'40\""}) {
    EXPECT_THAT(pages[1], HasSubstr(s)) << s;
  }
  EXPECT_THAT(pages[1], Not(HasSubstr("五年级")));
}

TEST_F(FitnessCardTest, AnEarlierStagesYearsStayOffTheCard) {
  CardStudent s = Junior();
  CardStudent p = Primary();
  s.years.insert(s.years.begin(), p.years.begin(), p.years.end());
  const std::vector<std::string> pages = Pages({s});
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_THAT(pages[0], HasSubstr("登记卡（初中）"));
  EXPECT_THAT(pages[0], Not(HasSubstr("2020-2021学年")));
}

TEST_F(FitnessCardTest, BadYearsAreErrorsNamingTheStudent) {
  CardStudent none = Junior();
  none.years.clear();
  auto r = FitnessCardsPdf(*standard_, std::vector<CardStudent>{Primary(), none}, "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "fitness.card_grade");
  EXPECT_THAT(r.error().message.zh, HasSubstr("赵四"));

  CardStudent unknown = Junior();
  unknown.years[0].grade = 25;
  r = FitnessCardsPdf(*standard_, std::vector<CardStudent>{unknown}, "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "fitness.card_grade");
  EXPECT_THAT(r.error().message.zh, HasSubstr("25"));

  CardStudent twice = Junior();
  twice.years[1].grade = 22;
  r = FitnessCardsPdf(*standard_, std::vector<CardStudent>{twice}, "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "fitness.card_duplicate_grade");
  EXPECT_THAT(r.error().message.zh, HasSubstr("G420103201001015678"));
}

TEST_F(FitnessCardTest, NoStudentsIsOneBlankPage) {
  auto r = FitnessCardsPdf(*standard_, {}, "");
  ASSERT_TRUE(r) << r.error().Describe();
  TempPdf pdf(*r);
  EXPECT_EQ(PageCount(pdf.path()), 1);
}

TEST_F(FitnessCardTest, FromRoster) {
  fitness::Roster roster(standard_->items().size());
  const int32_t school = roster.School("4201020001");
  const int32_t klass = roster.Class(school, 22, "2201", "");
  fitness::StudentRow row;
  row.school = school;
  row.klass = klass;
  row.grade = 22;
  row.sex = Sex::kFemale;
  row.height = 1580;
  row.weight = 480;
  std::vector<int32_t> values(standard_->items().size(), kMissing);
  values[static_cast<size_t>(standard_->ItemIndex("vital_capacity"))] = 2500;
  roster.Add(row, values, "G1", "钱五", "3", "20110203");
  const CardStudent s = CardStudentFromRoster(roster, 0, "东湖第二中学", "2025-2026学年");
  EXPECT_EQ(s.name, "钱五");
  EXPECT_EQ(s.student_id, "G1");
  EXPECT_EQ(s.class_name, "2201");
  EXPECT_EQ(s.ethnic, "回族");
  EXPECT_EQ(s.birth, "2011-02-03");
  EXPECT_EQ(s.sex, Sex::kFemale);
  ASSERT_EQ(s.years.size(), 1u);
  EXPECT_EQ(s.years[0].grade, 22);
  EXPECT_EQ(s.years[0].height, 1580);
  EXPECT_EQ(s.years[0].values, values);
  EXPECT_EQ(s.years[0].year_label, "2025-2026学年");
}

TEST(EthnicName, CodesOfGbT3304) {
  EXPECT_EQ(EthnicName("01"), "汉族");
  EXPECT_EQ(EthnicName("1"), "汉族");
  EXPECT_EQ(EthnicName("08"), "壮族");
  EXPECT_EQ(EthnicName("56"), "基诺族");
  EXPECT_EQ(EthnicName("97"), "其他");
  EXPECT_EQ(EthnicName("57"), "57");
  EXPECT_EQ(EthnicName("汉族"), "汉族");
  EXPECT_EQ(EthnicName(""), "");
}

// A school of 500 pupils, one year each: the time a school's download takes.
TEST_F(FitnessCardTest, FiveHundredStudentsInReasonableTime) {
  std::vector<CardStudent> students;
  const std::vector<int> grades = {11, 12, 13, 14, 15, 16};
  for (int i = 0; i < 500; ++i) {
    CardStudent s{.school_name = "东湖第一小学",
                  .class_name = fmt::format("{}班", i % 8 + 1),
                  .student_id = fmt::format("G4201022014{:08}", i),
                  .name = fmt::format("学生{}", i),
                  .sex = i % 2 == 0 ? Sex::kMale : Sex::kFemale,
                  .ethnic = "汉族",
                  .birth = "2014-01-01"};
    s.years.push_back(Year("2025-2026学年", grades[static_cast<size_t>(i) % grades.size()],
                           1200 + i % 300, 220 + i % 200,
                           {{"vital_capacity", fmt::format("{}", 900 + i * 3)},
                            {"run_50m", fmt::format("{}.{}", 8 + i % 4, i % 10)},
                            {"sit_and_reach", fmt::format("{}.{}", i % 20, i % 10)},
                            {"rope_skipping", fmt::format("{}", 60 + i % 120)},
                            {"sit_ups", fmt::format("{}", 10 + i % 40)},
                            {"shuttle_50x8", fmt::format("1'{:02}", 30 + i % 29)}}));
    students.push_back(std::move(s));
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto bytes = FitnessCardsPdf(*standard_, students, "东湖第一小学 2025-2026学年");
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  const double secs = std::chrono::duration<double>(t1 - t0).count();
  std::printf("[ fitness cards ] 500 students: %.2f s (%.1f ms per page), %.1f MB\n", secs,
              secs * 1000 / 500, static_cast<double>(bytes->size()) / 1e6);
  TempPdf pdf(*bytes);
  EXPECT_EQ(PageCount(pdf.path()), 500);
  EXPECT_THAT(Squeeze(RawText(pdf.path(), 500)), HasSubstr("学生499"));
  EXPECT_LT(secs, 60);
}

}  // namespace
}  // namespace jiaodu
