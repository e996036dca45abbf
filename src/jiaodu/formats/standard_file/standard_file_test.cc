#include "jiaodu/formats/standard_file/standard_file.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/standards/engine.h"

namespace jiaodu {
namespace {

TEST(StandardFile, ShippedDataLoads) {
  auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
  ASSERT_TRUE(lib) << lib.error().Describe();
  auto yzjh = lib->Find("cn-yzjh-2017");
  ASSERT_TRUE(yzjh);
  EXPECT_EQ(yzjh->indicators.size(), 7u);
  EXPECT_EQ(yzjh->resource.min_meeting, 6);
  EXPECT_DOUBLE_EQ(yzjh->resource.floor_ratio, 0.85);
  EXPECT_DOUBLE_EQ(*yzjh->resource.cv_limit.Get(Stage::kPrimary), 0.50);
  EXPECT_DOUBLE_EQ(*yzjh->resource.cv_limit.Get(Stage::kJunior), 0.45);
  int government = 0;
  int quality = 0;
  for (const Item& i : yzjh->items) {
    government += i.part == ItemPart::kGovernment ? 1 : 0;
    quality += i.part == ItemPart::kQuality ? 1 : 0;
  }
  EXPECT_EQ(government, 15);
  EXPECT_EQ(quality, 9);
  // Every entry cites its source.
  for (const Indicator& i : yzjh->indicators) EXPECT_FALSE(i.source.empty()) << i.id;
  for (const Item& i : yzjh->items) EXPECT_FALSE(i.source.empty()) << i.id;
  for (const Veto& v : yzjh->vetoes) EXPECT_FALSE(v.source.empty()) << v.id;
  // Every doubt this standard touches is decided.
  for (const char* d : {"D1", "D2", "D3", "D4", "D6", "D10"}) {
    bool found = false;
    for (const Decision& dec : yzjh->decisions) found = found || dec.doubt == d;
    EXPECT_TRUE(found) << d;
  }
}

TEST(StandardFile, ShippedPreschoolStandardLoadsWithItsOwnCatalogAndGoals) {
  auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
  ASSERT_TRUE(lib) << lib.error().Describe();
  auto st = lib->Find("cn-xqpp-2020");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->catalog->id(), "preschool-v1");
  EXPECT_EQ(st->catalog->dataset(), "preschool");
  EXPECT_EQ(st->stages, std::vector<Stage>{Stage::kPreschool});
  EXPECT_FALSE(st->resource.compute_cv);
  EXPECT_FALSE(st->JudgesResources());
  EXPECT_EQ(st->PartName(ItemPart::kGovernment).zh, "政府保障情况");
  EXPECT_EQ(st->PartName(ItemPart::kCoverage).zh, "普及普惠水平");
  ASSERT_EQ(st->goals.size(), 2u);
  EXPECT_EQ(st->goals[1].targets[0].threshold, 0.90);
  for (const Item& i : st->items) EXPECT_FALSE(i.source.empty()) << i.id;
  for (const Goal& g : st->goals) EXPECT_FALSE(g.source.empty()) << g.id;
  for (const char* d : {"D7", "D12", "D16", "D17"}) {
    bool found = false;
    for (const Decision& dec : st->decisions) found = found || dec.doubt == d;
    EXPECT_TRUE(found) << d;
  }
  // The compulsory catalog keeps its own dataset: the two never overwrite
  // each other's records.
  auto yzjh = lib->Find("cn-yzjh-2017");
  EXPECT_EQ(yzjh->catalog->dataset(), "compulsory");
}

class StandardFileErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib);
    catalog_ = lib->catalogs.front();
  }
  Result<std::shared_ptr<const Standard>> Parse(const std::string& body) {
    std::string text = R"(
[standard]
id = "t"
version = "1"
title = "测试"
document = "x"
catalog = "compulsory-school-v1"
stages = ["primary"]
[resource]
min_meeting = 1
floor_ratio = 0.85
weight = "students"
cv_limit = { primary = 0.5 }
school_rule_source = "s"
cv_source = "s"
)" + body;
    auto c = catalog_;
    return ParseStandard(text, "t.toml", [c](std::string_view) { return c; });
  }
  // An item P with one county check (students over 1000 ≥ 0.9) and `extra`
  // keys appended to the check.
  Result<std::shared_ptr<const Standard>> ParseCountyCheck(const std::string& extra) {
    return Parse(R"(
[[indicators]]
id = "X1"
name = "x"
source = "s"
standard = { primary = 1 }
formula = { primary = "teachers / students" }
[[items]]
id = "P"
part = "coverage"
text = "t"
source = "s"
[[items.checks]]
label = "在校生比例"
scope = "county"
value = "sum(students) / 1000"
threshold = 0.9
)" + extra);
  }
  std::shared_ptr<const FieldCatalog> catalog_;
};

TEST_F(StandardFileErrors, UnknownFieldInFormulaNamesFileLineAndEntry) {
  auto r = Parse(R"(
[[indicators]]
id = "X1"
name = "x"
source = "s"
standard = { primary = 1 }
formula = { primary = "nurses / students" }
)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "expr.unknown_name");
  EXPECT_EQ(r.error().where.file, "t.toml");
  EXPECT_GT(r.error().where.row, 0);
  EXPECT_NE(r.error().message.zh.find("indicators[0] (X1).formula.primary"), std::string::npos)
      << r.error().message.zh;
  EXPECT_NE(r.error().message.zh.find("nurses"), std::string::npos);
}

TEST_F(StandardFileErrors, MissingStageThresholdIsRefused) {
  auto r = Parse(R"(
[[indicators]]
id = "X1"
name = "x"
source = "s"
standard = { junior = 1 }
formula = { primary = "teachers / students" }
)");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.zh.find("缺少小学的公式或标准值"), std::string::npos)
      << r.error().message.zh;
}

TEST_F(StandardFileErrors, LeverMustBeReadByTheFormula) {
  auto r = Parse(R"(
[[indicators]]
id = "X1"
name = "x"
source = "s"
standard = { primary = 1 }
formula = { primary = "teachers / students" }
lever = { field = "classes", resource = "班", unit = "个" }
)");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.zh.find("未使用字段"), std::string::npos) << r.error().message.zh;
}

TEST_F(StandardFileErrors, TomlSyntaxErrorHasLine) {
  auto r = Parse("[[items]\nid = ");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "standard_file.syntax");
  EXPECT_GT(r.error().where.row, 0);
}

TEST_F(StandardFileErrors, GoalTargetMustNameACountyCheck) {
  auto r = ParseCountyCheck(R"(
[[goals]]
id = "g"
name = "目标"
source = "s"
[[goals.targets]]
item = "P"
check = 1
threshold = 0.95
)");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.zh.find("不存在或不是县级检查"), std::string::npos)
      << r.error().message.zh;
}

TEST_F(StandardFileErrors, RemedyFormulaMustCompileWithX) {
  auto r = ParseCountyCheck(R"(
[[items.checks.remedies]]
text = "新增"
value = "(sum(students) + y) / 1000"
)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "expr.unknown_name") << r.error().Describe();
}

// A bounded lever that cannot reach the threshold says so, with how far it
// goes, instead of inventing an amount; an unbounded one finds the least x.
TEST_F(StandardFileErrors, BoundedRemedyReportsWhenEvenAllOfItIsNotEnough) {
  auto r = ParseCountyCheck(R"(
[[items.checks.remedies]]
text = "转入学生"
unit = "人"
value = "(sum(students) + x) / 1000"
limit = "10"
[[items.checks.remedies]]
text = "新增学位"
unit = "人"
value = "(sum(students) + x) / 1000"
)");
  ASSERT_TRUE(r) << r.error().Describe();
  const FieldCatalog& cat = *(*r)->catalog;
  SchoolYearRecord rec;
  rec.school.code = "3301000001";
  rec.school.county = "330100";
  rec.year = AcademicYear(2024);
  rec.values = FieldValues(cat.size());
  SectionRecord sec;
  sec.stage = Stage::kPrimary;
  sec.values = FieldValues(cat.size());
  sec.overrides = FieldValues(cat.size());
  sec.values.Set(*cat.IndexOf("students"), 800);
  rec.sections.push_back(std::move(sec));
  CountyInput in;
  in.county_code = "330100";
  in.year = AcademicYear(2024);
  in.schools.push_back(&rec);
  CountyEvaluation e = Engine(*r).EvaluateCounty(in);
  ASSERT_EQ(e.items.size(), 1u);
  const CheckResult& c = e.items[0].checks[0];
  EXPECT_EQ(c.verdict, Verdict::kFail);
  EXPECT_EQ(e.coverage_verdict, Verdict::kFail);
  ASSERT_EQ(c.remedies.size(), 2u);
  EXPECT_FALSE(c.remedies[0].amount.has_value());
  EXPECT_EQ(c.remedies[0].limit, 10.0);
  EXPECT_DOUBLE_EQ(*c.remedies[0].value_after, 0.81);
  EXPECT_NE(c.remedies[0].problem.zh.find("仍达不到"), std::string::npos);
  EXPECT_EQ(c.remedies[1].amount, 100.0);  // 900 / 1000 exactly on 0.9
  EXPECT_DOUBLE_EQ(*c.remedies[1].value_after, 0.9);
}

}  // namespace
}  // namespace jiaodu
