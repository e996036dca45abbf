#include "jiaodu/app/quality_service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu {
namespace {

// Two schools of one county of a small demo city and a hand-checkable 数学
// file (the example cut scores: 优秀 ≥ 102, 良好 ≥ 90, 合格 ≥ 72 of 120):
//   school A: 100, 80, 60 (mean 80, SD 20); school B: 110, 90 (mean 100).
class QualityServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::SmallDemoService();
    ASSERT_NE(svc_, nullptr);
    auto lib = LoadQualityLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib) << lib.error().Describe();
    quality_ = std::make_unique<QualityService>(std::move(*lib), *svc_);
    auto schools = svc_->storage().ListSchools();
    ASSERT_TRUE(schools);
    for (const School& s : *schools) {
      if (s.type == SchoolType::kKindergarten) continue;
      if (a_.code.empty()) {
        a_ = s;
      } else if (s.county == a_.county) {
        b_ = s;
        break;
      }
    }
    ASSERT_FALSE(b_.code.empty());
  }

  std::string Csv(const std::vector<std::pair<std::string, double>>& scores_a,
                  const std::vector<std::pair<std::string, double>>& scores_b) {
    std::string csv = "学校标识码,学籍号,科目,成绩,前测成绩\n";
    auto add = [&](const School& s, const auto& rows) {
      for (const auto& [id, score] : rows) {
        // 前测 60 + 7·(the id's digit): not a function of the score.
        const double prior = 60 + 7 * static_cast<double>(id.back() - '0');
        csv += fmt::format("{},{},数学,{},{}\n", s.code, id, score, prior);
      }
    };
    add(a_, scores_a);
    add(b_, scores_b);
    return csv;
  }

  QualityImportRequest Request(std::string id = "2025-spring-g8", int year = 2024) {
    return QualityImportRequest{id,       "2025年春季八年级抽测",  AcademicYear(year), 2,
                                "八年级", "example-2025-spring-g8"};
  }

  ImportOutcome ImportHandFile(const QualityImportRequest& r) {
    return quality_->Import(
        {{"成绩.csv", Csv({{"A1", 100}, {"A2", 80}, {"A3", 60}}, {{"B1", 110}, {"B2", 90}})}}, r,
        "测试");
  }

  const BulletinSubject& Math(const QualityBulletin& b) {
    EXPECT_EQ(b.subjects.size(), 1u);
    return b.subjects.at(0);
  }

  std::unique_ptr<Service> svc_;
  std::unique_ptr<QualityService> quality_;
  School a_, b_;
};

TEST_F(QualityServiceTest, CountyBulletinHasTheHandComputedStatistics) {
  ImportOutcome out = ImportHandFile(Request());
  ASSERT_TRUE(out.ok) << (out.errors.empty() ? "" : out.errors[0].Describe());
  auto b = quality_->Bulletin("2025-spring-g8", a_.county);
  ASSERT_TRUE(b) << b.error().Describe();
  EXPECT_EQ((*b)->schools, 2u);
  EXPECT_EQ((*b)->students, 5u);
  const BulletinSubject& m = Math(**b);
  EXPECT_EQ(m.subject, "数学");
  EXPECT_EQ(m.overall.n, 5u);
  EXPECT_DOUBLE_EQ(m.overall.mean, 88);
  EXPECT_DOUBLE_EQ(*m.overall.pass_rate, 0.8);       // 100, 80, 110, 90 of 5
  EXPECT_DOUBLE_EQ(*m.overall.excellent_rate, 0.2);  // 110
  ASSERT_EQ(m.overall.levels.size(), 4u);
  EXPECT_EQ(m.overall.levels[0].count, 1u);  // 优秀: 110
  EXPECT_EQ(m.overall.levels[1].count, 2u);  // 良好: 100, 90
  EXPECT_EQ(m.overall.levels[2].count, 1u);  // 合格: 80
  EXPECT_EQ(m.overall.levels[3].count, 1u);  // 待合格: 60
  // SSB = 3·8² + 2·12² = 480, MSW = (800 + 200)/3, n0 = (5 − 13/5)/1 = 2.4,
  // σ²_b = (480 − 1000/3)/2.4, ICC = σ²_b/(σ²_b + MSW).
  const double sb = (480.0 - 1000.0 / 3.0) / 2.4;
  ASSERT_TRUE(m.between.anova.icc);
  EXPECT_NEAR(*m.between.anova.icc, sb / (sb + 1000.0 / 3.0), 1e-12);
  ASSERT_EQ(m.schools.size(), 2u);
  const BulletinSchool& sa = m.schools[0].code == a_.code ? m.schools[0] : m.schools[1];
  EXPECT_EQ(sa.name, a_.name);
  EXPECT_DOUBLE_EQ(sa.summary.mean, 80);
  // t(0.975, 2) = 4.302653 (tables): 80 ± 4.302653·20/√3.
  EXPECT_NEAR(*sa.summary.ci_high - 80, 4.302653 * 20 / std::sqrt(3.0), 1e-4);
  EXPECT_TRUE(m.value_added || m.value_added_error) << "value-added computed or explained";
}

TEST_F(QualityServiceTest, ImportRefusesAnUnknownSchoolAndStoresNothing) {
  const std::string csv = "学校标识码,学籍号,科目,成绩\n9999999999,X1,数学,80\n";
  ImportOutcome out = quality_->Import({{"成绩.csv", csv}}, Request(), "测试");
  ASSERT_FALSE(out.ok);
  ASSERT_FALSE(out.errors.empty());
  EXPECT_EQ(out.errors[0].id, "quality_import.unknown_school");
  auto tests = quality_->Tests();
  ASSERT_TRUE(tests);
  EXPECT_TRUE(tests->empty());
}

TEST_F(QualityServiceTest, ImportRefusesAnUnknownCutScoreSet) {
  QualityImportRequest r = Request();
  r.cuts_id = "no-such-cuts";
  ImportOutcome out = ImportHandFile(r);
  ASSERT_FALSE(out.ok);
  EXPECT_EQ(out.errors.at(0).id, "quality.unknown_cuts");
}

TEST_F(QualityServiceTest, TrendFollowsTheSubjectAcrossTestsOldestFirst) {
  ASSERT_TRUE(ImportHandFile(Request("2024-spring-g8", 2023)).ok);
  ImportOutcome later = quality_->Import(
      {{"成绩.csv", Csv({{"A1", 110}, {"A2", 90}, {"A3", 70}}, {{"B1", 120}, {"B2", 100}})}},
      Request("2025-spring-g8", 2024), "测试");
  ASSERT_TRUE(later.ok);
  auto t = quality_->Trend(a_.county, "八年级", "数学");
  ASSERT_TRUE(t) << t.error().Describe();
  ASSERT_EQ(t->points.size(), 2u);
  EXPECT_EQ(t->points[0].test.id, "2024-spring-g8");
  EXPECT_DOUBLE_EQ(t->points[0].subject->overall.mean, 88);
  EXPECT_DOUBLE_EQ(t->points[1].subject->overall.mean, 98);
  EXPECT_EQ(t->points[1].semester, "2024-2025学年第二学期");
}

TEST_F(QualityServiceTest, ReimportOfOneSchoolReplacesOnlyItsScoresInTheRecomputedBulletin) {
  ASSERT_TRUE(ImportHandFile(Request()).ok);
  auto first = quality_->Bulletin("2025-spring-g8", a_.county);
  ASSERT_TRUE(first);
  EXPECT_DOUBLE_EQ(Math(**first).overall.mean, 88);
  const std::string csv = fmt::format("学校标识码,学籍号,科目,成绩\n{},B1,数学,60\n", b_.code);
  ASSERT_TRUE(quality_->Import({{"b.csv", csv}}, Request(), "测试").ok);
  auto second = quality_->Bulletin("2025-spring-g8", a_.county);
  ASSERT_TRUE(second);
  // School B's set is replaced by its one score; school A keeps its three:
  // (100 + 80 + 60 + 60) / 4, not the cached 88.
  EXPECT_DOUBLE_EQ(Math(**second).overall.mean, 75);
  EXPECT_EQ(Math(**second).overall.n, 4u);
}

TEST_F(QualityServiceTest, WorkbookHasTheFourSheetsAndTheCountyMean) {
  ASSERT_TRUE(ImportHandFile(Request()).ok);
  auto bytes = quality_->BulletinXlsx("2025-spring-g8", a_.county, "测试");
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = xlsx::ReadXlsx(*bytes, "通报.xlsx");
  ASSERT_TRUE(book) << book.error().Describe();
  for (const char* name : {"总体情况", "学校均值", "增值评价", "等级分布"}) {
    EXPECT_NE(book->Find(name), nullptr) << name;
  }
  const xlsx::Sheet* overview = book->Find("总体情况");
  ASSERT_NE(overview, nullptr);
  ASSERT_GE(overview->rows.size(), 5u);
  EXPECT_EQ(overview->rows[4][0].text, "数学（八年级）");
  EXPECT_DOUBLE_EQ(overview->rows[4][2].number, 88);
}

}  // namespace
}  // namespace jiaodu
