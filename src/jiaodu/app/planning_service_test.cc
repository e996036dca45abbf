#include "jiaodu/app/planning_service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/planning_file/planning_file.h"

namespace jiaodu {
namespace {

using planning::Level;

planning::PlanningParams Params() {
  auto p = LoadPlanningParams(std::filesystem::path(JIAODU_TEST_DATA_DIR) / "planning" /
                              "cn-planning-2017.toml");
  EXPECT_TRUE(p) << p.error().Describe();
  return p ? *p : planning::PlanningParams{};
}

// The first county with a school of the given type.
const SchoolYearRecord* FindSchool(Service& svc, SchoolType type) {
  static std::vector<SchoolYearRecord> records;
  auto standard = svc.FindStandard(kDefaultStandard);
  auto year = svc.LatestYear(kDefaultStandard);
  if (!standard || !year || !*year) return nullptr;
  records = *svc.storage().LoadSchoolYears(*(*standard)->catalog, **year, {});
  for (const auto& r : records) {
    if (r.school.type == type) return &r;
  }
  return nullptr;
}

class PlanningServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::SmallDemoService();
    ASSERT_NE(svc_, nullptr);
    plan_ = std::make_unique<PlanningService>(*svc_, Params());
  }
  std::unique_ptr<Service> svc_;
  std::unique_ptr<PlanningService> plan_;
};

TEST_F(PlanningServiceTest, EachSchoolsQuotaIsItsStoredStudentsOverTheRatioRoundedOnce) {
  const SchoolYearRecord* school = FindSchool(*svc_, SchoolType::kPrimary);
  ASSERT_NE(school, nullptr);
  auto staffing = plan_->Staffing(school->school.county);
  ASSERT_TRUE(staffing) << staffing.error().Describe();
  const auto& schools = staffing->result.schools;
  auto it = std::find_if(schools.begin(), schools.end(),
                         [&](const auto& s) { return s.school == school->school.code; });
  ASSERT_NE(it, schools.end());
  ASSERT_EQ(it->sections.size(), 1u);
  const int64_t students = it->sections[0].students;
  EXPECT_GT(students, 0);
  // 四舍五入 of students ÷ 19, computed here in integers.
  EXPECT_EQ(it->quota, (students * 2 + 19) / 38);
  // No staff uploaded: compared with the stored 专任教师, and said so.
  ASSERT_TRUE(it->actual.has_value());
  EXPECT_EQ(*it->gap, *it->actual - it->quota);
  ASSERT_FALSE(staffing->notices.empty());
  EXPECT_EQ(staffing->notices[0].id, "planning_service.staff_from_teachers");
  // County totals are the sum of the schools.
  int64_t quota = 0;
  for (const auto& s : schools) quota += s.quota;
  ASSERT_EQ(staffing->result.areas.size(), 1u);
  EXPECT_EQ(staffing->result.areas[0].quota, quota);
}

TEST_F(PlanningServiceTest, TheCityScopeCoversEveryCounty) {
  auto root = svc_->Root();
  ASSERT_TRUE(root && *root);
  auto staffing = plan_->Staffing((*root)->code);
  ASSERT_TRUE(staffing);
  EXPECT_TRUE(staffing->scope.city);
  EXPECT_GT(staffing->scope.counties.size(), 1u);
  EXPECT_EQ(staffing->result.areas.size(), staffing->scope.counties.size());
}

TEST_F(PlanningServiceTest, SectionPlacesAreClassesTimesTheStandardAndTheAverageIsExact) {
  const SchoolYearRecord* school = FindSchool(*svc_, SchoolType::kJunior);
  ASSERT_NE(school, nullptr);
  auto cap = plan_->Capacity(school->school.county);
  ASSERT_TRUE(cap) << cap.error().Describe();
  ASSERT_FALSE(cap->sections.empty());
  for (const auto& s : cap->sections) {
    EXPECT_EQ(s.places, int64_t{s.classes} * (s.level == Level::kPrimary ? 45 : 50));
    if (s.classes > 0) {
      EXPECT_EQ(s.average, planning::Rate::Ratio(s.students, s.classes));
    }
    if (s.max_class_size && s.limit > 0) {
      EXPECT_EQ(s.over_limit, *s.max_class_size > s.limit);
    }
  }
  EXPECT_FALSE(cap->rosters);
  EXPECT_EQ(cap->notices[0].id, "planning_service.no_rosters");
}

TEST_F(PlanningServiceTest, AnUploadIsAllOrNothingWithEveryErrorPlaced) {
  const SchoolYearRecord* school = FindSchool(*svc_, SchoolType::kPrimary);
  ASSERT_NE(school, nullptr);
  const std::string county = school->school.county;
  auto up = plan_->Upload(
      county, "出生人口.csv",
      fmt::format("县区代码,出生年份,户籍出生人口\n{0},2017,900\n{0},2018,九百\n", county));
  ASSERT_TRUE(up);
  ASSERT_EQ(up->errors.size(), 1u);
  EXPECT_EQ(up->errors[0].where.row, 3);
  EXPECT_TRUE(up->held[0].file_name.empty());  // nothing kept
  // Another county's code is refused in a county's upload.
  auto other =
      plan_->Upload(county, "出生人口.csv", "县区代码,出生年份,户籍出生人口\n990100,2017,900\n");
  ASSERT_TRUE(other);
  ASSERT_EQ(other->errors.size(), 1u);
  EXPECT_EQ(other->errors[0].id, "planning_table.unknown_county");
}

TEST_F(PlanningServiceTest, AnUploadReplacesOnlyTheSheetsItHoldsRowsOf) {
  const SchoolYearRecord* school = FindSchool(*svc_, SchoolType::kPrimary);
  ASSERT_NE(school, nullptr);
  const std::string county = school->school.county;
  auto births = plan_->Upload(
      county, "出生人口.csv",
      fmt::format("县区代码,出生年份,户籍出生人口\n{0},2017,900\n{0},2018,950\n", county));
  ASSERT_TRUE(births && births->errors.empty());
  auto projects = plan_->Upload(
      county, "规划项目.csv",
      fmt::format("项目名称,县区代码,学段,类型,启用年份,新增学位\n新校,{},小学,新建,2027,900\n",
                  county));
  ASSERT_TRUE(projects && projects->errors.empty());
  ASSERT_EQ(projects->held.size(), 1u);
  EXPECT_EQ(projects->held[0].birth_years, 2u);  // kept
  EXPECT_EQ(projects->held[0].projects, 1u);
  EXPECT_EQ(projects->held[0].file_name, "出生人口.csv、规划项目.csv");
  auto again = plan_->Upload(county, "出生人口.csv",
                             fmt::format("县区代码,出生年份,户籍出生人口\n{0},2019,900\n", county));
  ASSERT_TRUE(again && again->errors.empty());
  EXPECT_EQ(again->held[0].birth_years, 1u);  // replaced
  EXPECT_EQ(again->held[0].projects, 1u);
}

TEST_F(PlanningServiceTest, UploadedRostersGiveTheBandsOfTheirClasses) {
  const SchoolYearRecord* school = FindSchool(*svc_, SchoolType::kPrimary);
  ASSERT_NE(school, nullptr);
  const std::string csv = fmt::format(
      "学校标识码,学段,年级,班级,学生数\n{0},小学,1,1班,45\n{0},小学,1,2班,46\n{0},小学,2,1班,56\n"
      "{0},小学,2,2班,66\n",
      school->school.code);
  auto up = plan_->Upload(school->school.county, "班级名册.csv", csv);
  ASSERT_TRUE(up);
  ASSERT_TRUE(up->errors.empty()) << up->errors[0].Describe();
  auto cap = plan_->Capacity(school->school.county);
  ASSERT_TRUE(cap);
  EXPECT_TRUE(cap->rosters);
  auto it = std::find_if(cap->class_size.schools.begin(), cap->class_size.schools.end(),
                         [&](const auto& s) { return s.school == school->school.code; });
  ASSERT_NE(it, cap->class_size.schools.end());
  EXPECT_EQ(it->all.classes, 4);
  EXPECT_EQ(it->all.large, 2);       // 56 and 66
  EXPECT_EQ(it->all.over_limit, 3);  // above 45
  EXPECT_EQ(it->all.excess_students, 1 + 11 + 21);
}

TEST_F(PlanningServiceTest, WithoutBirthsTheForecastSaysWhatToUpload) {
  const SchoolYearRecord* school = FindSchool(*svc_, SchoolType::kPrimary);
  ASSERT_NE(school, nullptr);
  auto f = plan_->Forecast(school->school.county, "");
  ASSERT_TRUE(f) << f.error().Describe();
  ASSERT_FALSE(f->notices.empty());
  EXPECT_EQ(f->notices.back().id, "planning_service.no_inputs");
  EXPECT_FALSE(plan_->Forecast(school->school.county, "nope"));
}

TEST_F(PlanningServiceTest, TheTemplateReadsBackAsAWorkbookWithNoData) {
  const SchoolYearRecord* school = FindSchool(*svc_, SchoolType::kPrimary);
  ASSERT_NE(school, nullptr);
  auto t = plan_->Template(school->school.county);
  ASSERT_TRUE(t);
  auto up = plan_->Upload(school->school.county, "模板.xlsx", *t);
  ASSERT_TRUE(up);
  ASSERT_EQ(up->errors.size(), 1u);
  EXPECT_EQ(up->errors[0].id, "planning_table.empty");
}

// The full demo city: its planning workbook makes the second county short
// of 初中 places in a year, with the planned 初中 counted, and the export
// holds the forecast.
TEST(PlanningDemo, TheDemoWorkbookMakesTheSecondCountyShortOfJuniorPlaces) {
  auto svc = testing::DemoService(DemoOptions{});
  ASSERT_NE(svc, nullptr);
  PlanningService plan(*svc, Params());
  auto book = plan.DemoWorkbook();
  ASSERT_TRUE(book) << book.error().Describe();
  auto root = svc->Root();
  ASSERT_TRUE(root && *root);
  auto up = plan.Upload((*root)->code, "示范市学位与编制测算.xlsx", *book);
  ASSERT_TRUE(up);
  ASSERT_TRUE(up->errors.empty()) << up->errors[0].Describe();
  ASSERT_GE(up->held.size(), 2u);
  const std::string county = up->held[1].county;
  auto f = plan.Forecast(county, "");
  ASSERT_TRUE(f) << f.error().Describe();
  const auto* junior = f->capacity.Find(county, Level::kJunior);
  ASSERT_NE(junior, nullptr);
  ASSERT_TRUE(junior->first_short_year.has_value());
  // The first short year is the first whose gap is negative.
  for (const auto& y : junior->years) {
    if (y.year < *junior->first_short_year) {
      EXPECT_TRUE(!y.gap || *y.gap >= 0) << y.year;
    }
    if (y.year == *junior->first_short_year) {
      EXPECT_LT(*y.gap, 0);
    }
  }
  EXPECT_GT(junior->needed, 0);
  bool project_counted = false;
  for (const auto& p : f->capacity.projects)
    project_counted |= p.counted && p.project.area == county;
  EXPECT_TRUE(project_counted);
  // Observed years equal the stored students (the workbook adds up to them).
  auto cap = plan.Capacity(county);
  ASSERT_TRUE(cap);
  int64_t stored = 0;
  for (const auto& s : cap->sections) {
    if (s.level == Level::kJunior) stored += s.students;
  }
  const auto* base = f->forecast.areas[0].Find(f->forecast.areas[0].base_year, Level::kJunior);
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->students, stored);
  auto xlsx = plan.PlanXlsx(county, "high");
  ASSERT_TRUE(xlsx) << xlsx.error().Describe();
  EXPECT_GT(xlsx->bytes.size(), 1000u);
  std::cout << "demo: county " << county << " 初中 first short " << *junior->first_short_year
            << ", needed " << junior->needed << "\n";
}

}  // namespace
}  // namespace jiaodu
