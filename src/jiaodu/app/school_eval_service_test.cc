#include "jiaodu/app/school_eval_service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/quality_file/quality_file.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu {
namespace {

// The example 义务教育 scheme (sections 小学, 初中) over the small demo city,
// whose schools are all compulsory ones. Three schools, hand-scored:
//   X 15 + 15 + 15 + 15 + 20 + 10 + 10 = 100
//   Y 7.5 + 7.5 + 7.5 + 7.5 + 10 + 5 + 7 = 52
//   Z 6 + 6 + 0 + 6 + 0 + 0 + 0 = 18  (the bottom ⌈10 % × 3⌉ = 1, both years)
class SchoolEvalServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::SmallDemoService();
    ASSERT_NE(svc_, nullptr);
    auto lib = LoadQualityLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib) << lib.error().Describe();
    eval_ = std::make_unique<SchoolEvalService>(lib->schemes, *svc_);
    auto schools = svc_->storage().ListSchools();
    ASSERT_TRUE(schools);
    for (const School& s : *schools) {
      if (s.type == SchoolType::kKindergarten) continue;
      if (x_.code.empty()) {
        x_ = s;
      } else if (y_.code.empty() && s.county == x_.county) {
        y_ = s;
      } else if (z_.code.empty() && s.county != x_.county) {
        z_ = s;
      }
    }
    ASSERT_FALSE(z_.code.empty());
  }

  std::string Csv() const {
    std::string csv = "学校标识码,学校名称";
    auto scheme = eval_->Find(kScheme);
    for (const auto& ind : (*scheme)->indicators()) csv += "," + SchoolEvalColumnHeader(ind);
    csv += "\n";
    csv += fmt::format("{},,100,100,0.2,100,0.6,0.4,0.95\n", x_.code);
    csv += fmt::format("{},,50,50,0.1,50,0.45,0.55,0.9\n", y_.code);
    csv += fmt::format("{},,40,40,0,40,30%,0.7,0.5\n", z_.code);
    return csv;
  }

  static constexpr std::string_view kScheme = "example-compulsory-2025";
  std::unique_ptr<Service> svc_;
  std::unique_ptr<SchoolEvalService> eval_;
  School x_, y_, z_;
};

TEST_F(SchoolEvalServiceTest, TheTemplateListsEverySchoolOfTheSchemesSections) {
  auto bytes = eval_->Template(kScheme, 2025);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = xlsx::ReadXlsx(*bytes, "t.xlsx");
  ASSERT_TRUE(book);
  auto scheme = eval_->Find(kScheme);
  auto cohort = eval_->Cohort(**scheme);
  ASSERT_TRUE(cohort);
  EXPECT_GT(cohort->size(), 3u);
  EXPECT_EQ(book->Find(kSchoolEvalSheet)->rows.size(), cohort->size() + 2);
  // The 高中 scheme: in the small demo only a special (or 中职) school has a
  // 高中 section, and those are never in a cohort (E9).
  auto hs = eval_->Find("example-hs-2025");
  ASSERT_TRUE(hs);
  const std::vector<School> all = *svc_->storage().ListSchools();
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const School& s) {
    return s.type == SchoolType::kSpecial || s.type == SchoolType::kVocational;
  }));
  EXPECT_TRUE(eval_->Cohort(**hs)->empty());
  EXPECT_EQ(eval_->Find("nope").error().id, "school_eval.unknown_scheme");
}

TEST_F(SchoolEvalServiceTest, ImportedTwoYearsRankAndTheBottomSchoolIsFlaggedTwice) {
  for (int year : {2024, 2025}) {
    const ImportOutcome out = eval_->Import(kScheme, year, {"评价数据.csv", Csv()}, "测试");
    ASSERT_TRUE(out.ok) << out.errors.at(0).Describe();
    EXPECT_EQ(out.summary.schools, 3);
  }
  EXPECT_EQ(*eval_->Years(kScheme), (std::vector<int>{2024, 2025}));
  auto r = eval_->Evaluate(kScheme, 2025);
  ASSERT_TRUE(r) << r.error().Describe();
  EXPECT_TRUE(r->previous_found);
  const auto& s = r->evaluation.schools;
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].school, x_.code);
  EXPECT_DOUBLE_EQ(s[0].total, 100);
  EXPECT_DOUBLE_EQ(s[1].total, 52);
  EXPECT_DOUBLE_EQ(s[2].total, 18);
  EXPECT_EQ(s[2].school, z_.code);
  EXPECT_TRUE(s[2].bottom);
  EXPECT_TRUE(s[2].follow_up);
  EXPECT_FALSE(s[1].bottom);
  EXPECT_EQ(s[0].name, x_.name);  // names from the register
  // A county's view keeps the city ranks.
  const SchoolEvalReport county = SchoolEvalService::Report(*r, z_.county);
  ASSERT_EQ(county.evaluation.schools.size(), 1u);
  EXPECT_EQ(county.evaluation.schools[0].rank, 3);
  EXPECT_FALSE(county.scope.empty());
  // A school's view: its own row only, with its city rank.
  const SchoolEvalReport own = SchoolEvalService::Report(*r, y_.code);
  ASSERT_EQ(own.evaluation.schools.size(), 1u);
  EXPECT_EQ(own.evaluation.schools[0].rank, 2);
  EXPECT_EQ(SchoolEvalService::Report(*r, "").evaluation.schools.size(), 3u);
  // The 通报 in both formats, audited.
  auto xlsx = eval_->ReportXlsx(kScheme, 2025, "", "测试");
  ASSERT_TRUE(xlsx) << xlsx.error().Describe();
  auto pdf = eval_->ReportPdf(kScheme, 2025, z_.county, "测试");
  ASSERT_TRUE(pdf) << pdf.error().Describe();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_EQ(svc_->storage().ListAudit()->front().action, "export");
  // No data for another year.
  EXPECT_EQ(eval_->Evaluate(kScheme, 2023).error().id, "school_eval.no_data");
}

TEST_F(SchoolEvalServiceTest, ABadWorkbookIsRefusedWholeWithTheRowNamed) {
  ASSERT_TRUE(eval_->Import(kScheme, 2025, {"评价数据.csv", Csv()}, "测试").ok);
  const std::string bad = Csv() + "3399999999,不存在的学校,1,1,0,1,0.5,0.5,0.5\n";
  const ImportOutcome out = eval_->Import(kScheme, 2025, {"坏.csv", bad}, "测试");
  ASSERT_FALSE(out.ok);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].id, "school_eval_import.unknown_school");
  EXPECT_EQ(out.errors[0].where.row, 5);
  // The first import is still the current one.
  auto stored = svc_->storage().LoadSchoolEvalInputs(kScheme, 2025);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->file_name, "评价数据.csv");
}

}  // namespace
}  // namespace jiaodu
