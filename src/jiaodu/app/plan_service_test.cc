#include "jiaodu/app/plan_service.h"

#include <gtest/gtest.h>

#include <cmath>

#include "jiaodu/app/test_util.h"

namespace jiaodu {
namespace {

// A small demo city: 2 counties, 24 schools, one year (2024).
constexpr DemoOptions kSmall{
    .seed = 11, .counties = 2, .schools = 24, .first_year = 2024, .years = 1};

std::string PlanText(std::string_view indicators) {
  return std::string(R"toml([plan]
id = "t"
name = "测试规划"
area = "990100"
period = [2021, 2025]
)toml") + std::string(indicators);
}

class PlanServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::DemoService(kSmall);
    ASSERT_NE(svc_, nullptr);
    plans_ = std::make_unique<PlanService>(*svc_, nullptr);
  }
  std::shared_ptr<const FieldCatalog> Compulsory() {
    return (*svc_->FindStandard("cn-yzjh-2017"))->catalog;
  }
  // Σ students of the current 2024 data, straight from storage.
  double StoredStudents() {
    auto c = Compulsory();
    double sum = 0;
    auto rows = svc_->storage().LoadSchoolYears(*c, AcademicYear(2024));
    for (const SchoolYearRecord& r : *rows) {
      for (const SectionRecord& s : r.sections)
        sum += s.values.Get(*c->IndexOf("students")).value_or(0);
    }
    return sum;
  }

  std::unique_ptr<Service> svc_;
  std::unique_ptr<PlanService> plans_;
};

const char* kStudents = R"toml(
[[indicators]]
id = "students"
name = "在校生"
comparison = "≥"
baseline = [2020, 1]
target = [2025, 1000000]
decimals = 0
[indicators.source]
value = "sum(students)"
)toml";

TEST_F(PlanServiceTest, ComputedIndicatorIsRecomputedWhenTheDataAreReimported) {
  ASSERT_TRUE(plans_->Save("t.toml", PlanText(kStudents), "测试"));
  auto before = plans_->Track("t", 2024);
  ASSERT_TRUE(before) << before.error().Describe();
  const PlanCell& cell = (*before)->indicators[0].area.cells.back().year == 2025
                             ? (*before)->indicators[0].area.cells[4]
                             : (*before)->indicators[0].area.cells.back();
  ASSERT_EQ(cell.year, 2024);
  ASSERT_EQ(cell.origin, PlanValueOrigin::kData);
  EXPECT_DOUBLE_EQ(cell.value->value, StoredStudents());

  // Re-import one school with 100 more students in its first section.
  auto c = Compulsory();
  auto rows = *svc_->storage().LoadSchoolYears(*c, AcademicYear(2024));
  SchoolYearRecord changed = rows.front();
  const size_t f = *c->IndexOf("students");
  changed.sections[0].values.Set(f, *changed.sections[0].values.Get(f) + 100);
  ImportBatch batch;
  batch.user = "测试";
  DatasetBatch& data = batch.datasets.emplace_back();
  data.catalog = c;
  data.school_years.push_back(changed);
  ASSERT_TRUE(svc_->storage().ApplyImport(batch));

  auto after = plans_->Track("t", 2024);
  ASSERT_TRUE(after);
  EXPECT_DOUBLE_EQ((*after)->indicators[0].area.cells[4].value->value, cell.value->value + 100);
}

TEST_F(PlanServiceTest, ReportYearDefaultsToTheLatestYearWithAValue) {
  ASSERT_TRUE(plans_->Save("t.toml", PlanText(kStudents), "测试"));
  auto r = plans_->Track("t", std::nullopt);
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->year, 2024);
  EXPECT_EQ((*r)->years.front(), 2020);
  EXPECT_EQ((*r)->years.back(), 2025);
  EXPECT_EQ((*r)->counts.behind + (*r)->counts.far_behind + (*r)->counts.on_track, 1);
}

const char* kManual = R"toml(
[[indicators]]
id = "places"
name = "新增公办学位"
unit = "万个"
baseline = [2020, 0]
target = [2025, 2.34]
)toml";

TEST_F(PlanServiceTest, ManualValueNeedsEvidenceAndSupersedesWithHistory) {
  ASSERT_TRUE(plans_->Save("t.toml", PlanText(kManual), "测试"));
  auto no_evidence = plans_->EnterValue("t", "places", "990100", 2023, 1.2, "", "", "张三");
  ASSERT_FALSE(no_evidence);
  EXPECT_EQ(no_evidence.error().id, "plan.value_evidence");
  EXPECT_NE(no_evidence.error().message.zh.find("佐证"), std::string::npos);

  ASSERT_TRUE(plans_->EnterValue("t", "places", "990100", 2023, 1.2, "竣工验收备案表", "", "张三"));
  ASSERT_TRUE(
      plans_->EnterValue("t", "places", "990100", 2023, 1.5, "竣工验收备案表（更正）", "", "李四"));
  auto r = plans_->Track("t", 2023);
  ASSERT_TRUE(r);
  const PlanCell& c = (*r)->indicators[0].area.cells[3];
  ASSERT_EQ(c.year, 2023);
  EXPECT_EQ(c.origin, PlanValueOrigin::kManual);
  EXPECT_DOUBLE_EQ(c.value->value, 1.5);
  EXPECT_EQ(c.entered_by, "李四");
  // Path 2023 = 2.34 × 3/5 = 1.404: 1.5 is on track.
  EXPECT_EQ((*r)->indicators[0].area.latest.status, plans::ProgressStatus::kOnTrack);
  auto h = plans_->History("t");
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 2u);
  EXPECT_FALSE((*h)[1].current);
  EXPECT_DOUBLE_EQ(*(*h)[1].value, 1.2);
}

TEST_F(PlanServiceTest, ManualValueOutsideThePeriodOrAreaIsRefused) {
  ASSERT_TRUE(plans_->Save("t.toml", PlanText(kManual), "测试"));
  auto late = plans_->EnterValue("t", "places", "990100", 2026, 1, "x", "", "张三");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().id, "plan.value_year");
  auto county = plans_->EnterValue("t", "places", "990102", 2023, 1, "x", "", "张三");
  ASSERT_FALSE(county);  // not split by county
  EXPECT_EQ(county.error().id, "plan.value_area");
  auto unknown = plans_->EnterValue("t", "nope", "990100", 2023, 1, "x", "", "张三");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().id, "plan.unknown_indicator");
}

TEST_F(PlanServiceTest, PlanWithAnUnknownFieldIsRefusedAndNothingIsStored) {
  auto bad = plans_->Save("t.toml", PlanText(R"toml(
[[indicators]]
id = "x"
name = "x"
target = [2025, 1]
[indicators.source]
value = "sum(no_such_field)"
)toml"),
                          "测试");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().Describe().find("no_such_field"), std::string::npos);
  EXPECT_TRUE(plans_->List()->empty());
}

TEST_F(PlanServiceTest, CountySplitRollsTargetsUpAndNamesTheCountiesHoldingBack) {
  ASSERT_TRUE(plans_->Save("t.toml", PlanText(R"toml(
[[indicators]]
id = "degree"
name = "本科及以上学历教师占比"
unit = "%"
baseline = [2020, 40]
target = [2025, 50]
level = "counties"
[indicators.county_targets]
"990102" = 0
"990103" = 100
[indicators.source]
numerator = "sum(teachers_postgrad + teachers_bachelor)"
denominator = "sum(teachers)"
scale = 100
)toml"),
                           "测试"));
  auto r = plans_->Track("t", 2024);
  ASSERT_TRUE(r) << r.error().Describe();
  const PlanIndicatorReport& ir = (*r)->indicators[0];
  ASSERT_EQ(ir.counties.size(), 2u);
  EXPECT_EQ(ir.counties[0].latest.status, plans::ProgressStatus::kMet);
  EXPECT_NE(ir.counties[1].latest.status, plans::ProgressStatus::kMet);
  ASSERT_EQ(ir.holding_back.size(), 1u);
  EXPECT_EQ(ir.holding_back[0], "990103");
  // Targets weighted by each county's teachers: 100 × D_b / (D_a + D_b).
  const double da = *ir.counties[0].weight, db = *ir.counties[1].weight;
  ASSERT_TRUE(ir.counties_target);
  EXPECT_NEAR(*ir.counties_target, 100 * db / (da + db), 1e-9);
  // The area's value is the ratio of the summed counts, not a mean of rates.
  const auto& a = *ir.area.cells[4].value;
  EXPECT_DOUBLE_EQ(*a.denominator, da + db);
}

TEST(PlanServiceFitness, FitnessRateComesFromTheRollUp) {
  auto svc = testing::DemoService(kSmall);
  ASSERT_NE(svc, nullptr);
  auto fit = testing::ShippedFitnessService(*svc);
  ASSERT_NE(fit, nullptr);
  ASSERT_TRUE(fit->LoadDemo(kSmall, "测试"));
  PlanService plans(*svc, fit.get());
  ASSERT_TRUE(plans.Save("t.toml", PlanText(R"toml(
[[indicators]]
id = "top2"
name = "优良率"
unit = "%"
baseline = [2020, 50.15]
target = [2025, 58]
[indicators.source]
numerator = "fitness_top2"
denominator = "fitness_scored"
scale = 100
)toml"),
                         "测试"));
  auto r = plans.Track("t", 2024);
  ASSERT_TRUE(r) << r.error().Describe();
  auto sum = fit->Summary("", AcademicYear(2024), 5200);
  ASSERT_TRUE(sum);
  const PlanCell& c = (*r)->indicators[0].area.cells[4];
  ASSERT_EQ(c.origin, PlanValueOrigin::kData);
  EXPECT_EQ(*c.value->numerator, sum->total.Top(2));
  EXPECT_EQ(*c.value->denominator, sum->total.scored);
  // No fitness data for 2023: the cell is empty, not an error.
  EXPECT_FALSE((*r)->indicators[0].area.cells[3].value.has_value());
  EXPECT_FALSE((*r)->indicators[0].area.cells[3].problem.has_value());
}

}  // namespace
}  // namespace jiaodu
