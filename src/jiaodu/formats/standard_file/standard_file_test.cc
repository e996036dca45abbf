#include "jiaodu/formats/standard_file/standard_file.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace jiaodu
