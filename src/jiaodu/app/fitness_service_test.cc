// The fitness use cases end to end on a real (in-memory) SQLite store with
// the shipped standard: an import lands whole or not at all, the roll-up
// follows the stored data, a student is found across years with the 毕业成绩,
// and undo brings the previous state back.
#include "jiaodu/app/fitness_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "jiaodu/app/test_util.h"

namespace jiaodu {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/fitness/" + name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr std::string_view kHeader =
    "年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,身高,体重,肺活量,50米跑,"
    "坐位体前屈,一分钟仰卧起坐,引体向上,立定跳远,800米跑,1000米跑,左眼裸眼视力,右眼裸眼视力\n";

class FitnessServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::SmallDemoService();
    ASSERT_NE(svc_, nullptr);
    fit_ = testing::ShippedFitnessService(*svc_);
    ASSERT_NE(fit_, nullptr);
    ASSERT_TRUE(fit_->available());
    auto schools = svc_->storage().ListSchools();
    ASSERT_TRUE(schools);
    for (const School& s : *schools) {
      if (s.type != SchoolType::kKindergarten) {
        school_ = s;
        break;
      }
    }
    ASSERT_FALSE(school_.code.empty());
  }

  ImportOutcome Import(const std::string& name, const std::string& bytes, int year) {
    return fit_->Import({{name, bytes}}, AcademicYear(year), school_.code, "测试");
  }

  std::unique_ptr<Service> svc_;
  std::unique_ptr<FitnessService> fit_;
  School school_;
};

TEST_F(FitnessServiceTest, ImportedFileRollsUpToSchoolCountyAndCityWithClasses) {
  ImportOutcome out = Import("sample-school.csv", Fixture("sample-school.csv"), 2024);
  ASSERT_TRUE(out.ok) << (out.errors.empty() ? "" : out.errors[0].Describe());
  EXPECT_EQ(out.summary.students, 3);
  EXPECT_EQ(out.summary.schools, 1);
  for (const std::string& code : {std::string(), school_.county, school_.code}) {
    auto s = fit_->Summary(code, std::nullopt, 5200);
    ASSERT_TRUE(s) << code << " " << s.error().Describe();
    EXPECT_EQ(s->year, AcademicYear(2024));
    EXPECT_EQ(s->total.roster, 3) << code;
    EXPECT_EQ(s->male.roster + s->female.roster, 3) << code;
    // Two grades tested: 11 (one student) and 22 (two).
    ASSERT_EQ(s->grades.size(), 2u) << code;
    EXPECT_EQ(s->grades[0].grade, 11);
    EXPECT_EQ(s->grades[1].total.roster, 2);
    ASSERT_FALSE(s->children.empty()) << code;
  }
  auto school = fit_->Summary(school_.code, AcademicYear(2024), 5200);
  ASSERT_TRUE(school);
  EXPECT_EQ(school->place.scope, fitness::Scope::kSchool);
  ASSERT_EQ(school->children.size(), 2u);  // classes 1101 and 2201
  for (const auto& c : school->children) EXPECT_EQ(c.scope, fitness::Scope::kClass);
  // The target gap is exact: (top two levels + needed) / scored ≥ 52%.
  const int32_t top2 = school->total.Top(2);
  EXPECT_EQ(school->needed, fitness::StudentsNeeded(top2, school->total.scored, 5200));
  if (school->needed > 0) {
    EXPECT_GE((top2 + school->needed) * 10000, 5200 * school->total.scored);
    EXPECT_LT((top2 + school->needed - 1) * 10000, 5200 * school->total.scored);
  }
}

TEST_F(FitnessServiceTest, BadFileIsRefusedWithItsRowAndNothingIsStored) {
  ImportOutcome out = Import("bad-school.csv", Fixture("bad-school.csv"), 2024);
  EXPECT_FALSE(out.ok);
  ASSERT_FALSE(out.errors.empty());
  EXPECT_EQ(out.errors[0].where.file, "bad-school.csv");
  EXPECT_GT(out.errors[0].where.row, 0);
  auto years = fit_->Years();
  ASSERT_TRUE(years);
  EXPECT_TRUE(years->empty());
  auto imports = svc_->storage().ListImports();
  ASSERT_TRUE(imports);
  for (const auto& i : *imports) EXPECT_NE(i.kind, "fitness");
}

TEST_F(FitnessServiceTest, UnknownSchoolAndMissingDataAreClearErrors) {
  auto out = fit_->Import({{"a.csv", Fixture("sample-school.csv")}}, AcademicYear(2024),
                          "9999999999", "测试");
  EXPECT_FALSE(out.ok);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].id, "fitness_import.unknown_school");
  auto s = fit_->Summary("", std::nullopt, 5200);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "fitness.no_data");
  auto st = fit_->Student("G1");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().id, "fitness.no_student");
}

TEST_F(FitnessServiceTest, StudentAcrossThreeYearsGetsTheGraduationScore) {
  // One 初中 student in 初一, 初二 and 初三 (graduating): 毕业成绩 = 初三 ×
  // 50% + mean(初一, 初二) × 50%, each year rescored from the stored results.
  const std::string rows[] = {
      "21,2101,初一1班,GX,01,赵六,1,20120301,150,40,2600,8.6,8.0,,3,200,,4'50,5.0,5.0\n",
      "22,2201,初二1班,GX,01,赵六,1,20120301,158,46,3000,8.2,9.0,,6,215,,4'30,4.9,5.0\n",
      "23,2301,初三1班,GX,01,赵六,1,20120301,165,52,3500,7.6,11.0,,9,235,,4'05,4.8,4.9\n"};
  for (int k = 0; k < 3; ++k) {
    auto out = Import("y.csv", std::string(kHeader) + rows[k], 2023 + k);
    ASSERT_TRUE(out.ok) << out.errors[0].Describe();
  }
  auto h = fit_->Student("GX");
  ASSERT_TRUE(h) << h.error().Describe();
  ASSERT_EQ(h->years.size(), 3u);
  EXPECT_EQ(h->name, "赵六");
  EXPECT_EQ(h->years[0].year, AcademicYear(2023));
  EXPECT_EQ(h->years[2].roster.row(0).grade, 23);
  ASSERT_TRUE(h->graduation_hundredths);
  const int32_t a = h->years[0].score.total_hundredths;
  const int32_t b = h->years[1].score.total_hundredths;
  const int32_t c = h->years[2].score.total_hundredths;
  // Exact: (c × 2 + a + b) / 4 in hundredths, half-up.
  EXPECT_EQ(*h->graduation_hundredths, (2 * (2 * c + a + b) + 4) / 8);
  EXPECT_EQ(h->graduation_years.size(), 3u);
  // The trend has one point per year, oldest first.
  auto t = fit_->Trend(school_.code, 5200);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ((*t)[2].total.roster, 1);
}

TEST_F(FitnessServiceTest, ReimportReplacesTheSchoolsYearAndUndoRestoresIt) {
  auto first = Import("a.csv", Fixture("sample-school.csv"), 2024);
  ASSERT_TRUE(first.ok);
  auto second = Import(
      "b.csv",
      std::string(kHeader) +
          "21,2101,初一1班,GY,01,钱七,2,20120301,150,40,2600,8.6,8.0,30,,170,4'00,,5.0,5.0\n",
      2024);
  ASSERT_TRUE(second.ok) << second.errors[0].Describe();
  auto s = fit_->Summary(school_.code, std::nullopt, 5200);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->total.roster, 1);  // the whole file replaced the school's year
  ASSERT_TRUE(svc_->storage().UndoImport(*second.import_id, "测试"));
  s = fit_->Summary(school_.code, std::nullopt, 5200);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->total.roster, 3);
}

}  // namespace
}  // namespace jiaodu
