#include "jiaodu/formats/quality_file/quality_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace jiaodu {
namespace {

std::string DataFile(const std::string& name) {
  std::ifstream in(std::string(JIAODU_TEST_DATA_DIR) + "/quality/" + name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(QualityFiles, TheShippedDataFilesLoad) {
  auto lib = LoadQualityLibrary(JIAODU_TEST_DATA_DIR);
  ASSERT_TRUE(lib) << lib.error().Describe();
  const quality::CutScoreSet* cuts = lib->FindCuts("example-2025-spring-g8");
  ASSERT_NE(cuts, nullptr);
  EXPECT_TRUE(cuts->example());
  const quality::SubjectCuts* math = cuts->Find("数学", "八年级");
  ASSERT_NE(math, nullptr);
  EXPECT_EQ(math->levels.size(), 4u);
  EXPECT_EQ(math->levels[2].name, "合格");
  EXPECT_TRUE(math->Passes(72));
  const quality::NationalThresholds* nat = lib->FindNational("cn-yzjh-2017-q9");
  ASSERT_NE(nat, nullptr);
  EXPECT_EQ(nat->min_level, 3);
  EXPECT_EQ(nat->max_diff_rate, 0.15);
  EXPECT_TRUE(nat->rate_strict);
  EXPECT_NE(nat->source.find("校际差异率低于0.15"), std::string::npos);
  const quality::HsScheme* scheme = lib->FindScheme("example-hs-2025");
  ASSERT_NE(scheme, nullptr);
  EXPECT_TRUE(scheme->spec().example);
  EXPECT_DOUBLE_EQ(scheme->total_points(), 100);
  EXPECT_EQ(scheme->spec().bottom.kind, quality::BottomRule::Kind::kShare);
  const quality::HsScheme* compulsory = lib->FindScheme("example-compulsory-2025");
  ASSERT_NE(compulsory, nullptr);
  EXPECT_TRUE(compulsory->spec().example);
  EXPECT_EQ(compulsory->spec().sections, (std::vector<std::string>{"小学", "初中"}));
}

TEST(QualityFiles, CutsOutOfOrderFailWithTheDomainIdAndTheFile) {
  const std::string text = R"(
[cut_scores]
id = "x"
title = "x"
[[subjects]]
subject = "数学"
full_marks = 100
pass = "合格"
excellent = "优秀"
levels = [ { name = "优秀", min = 60 }, { name = "合格", min = 85 }, { name = "待合格" } ]
)";
  auto r = ParseCutScoreSet(text, "bad.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "quality.cuts_order");
  EXPECT_EQ(r.error().where.file, "bad.toml");
}

TEST(QualityFiles, AMissingKeyNamesTheLineAndEntry) {
  const std::string text =
      "[cut_scores]\nid = \"x\"\ntitle = \"x\"\n[[subjects]]\nsubject = \"数学\"\n"
      "pass = \"合格\"\nexcellent = \"优秀\"\n";
  auto r = ParseCutScoreSet(text, "c.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "quality_file.invalid");
  EXPECT_NE(r.error().message.zh.find("[[subjects]] 数学"), std::string::npos);
  EXPECT_NE(r.error().message.zh.find("full_marks"), std::string::npos);
  EXPECT_GT(r.error().where.row, 0);
}

TEST(QualityFiles, LevelsThatAreNotTablesAreRefusedWithAnExample) {
  const std::string text =
      "[cut_scores]\nid = \"x\"\ntitle = \"x\"\n[[subjects]]\nsubject = \"数学\"\n"
      "full_marks = 100\npass = \"合格\"\nexcellent = \"优秀\"\nlevels = [85, 60]\n";
  auto r = ParseCutScoreSet(text, "c.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "quality_file.invalid");
  EXPECT_NE(r.error().message.zh.find("name = \"优秀\", min = 102"), std::string::npos);
  EXPECT_EQ(r.error().where.row, 9);
}

TEST(QualityFiles, NationalThresholdsAcceptRomanLevelsAndPercentRates) {
  const std::string text = R"(
[national_check]
id = "p"
min_level = "Ⅲ"
max_diff_rate = "15%"
window_years = 3
source = "test"
)";
  auto r = ParseNationalThresholds(text, "n.toml");
  ASSERT_TRUE(r) << r.error().Describe();
  EXPECT_EQ(r->min_level, 3);
  EXPECT_EQ(r->max_diff_rate, 0.15);
  EXPECT_TRUE(r->rate_strict);  // "低于" unless the file says otherwise
  auto bad = ParseNationalThresholds(
      "[national_check]\nid = \"p\"\nmin_level = 3\nmax_diff_rate = 15\nwindow_years = 3\n"
      "source = \"t\"\n",
      "n.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().id, "quality_file.invalid");
  EXPECT_EQ(bad.error().where.row, 4);
}

TEST(QualityFiles, SchemeRulesAreReadAndCheckedOnLoad) {
  auto ok = ParseHsScheme(DataFile("hs-scheme-example.toml"), "hs-scheme-example.toml");
  ASSERT_TRUE(ok) << ok.error().Describe();
  const auto& d1 = ok->indicators()[static_cast<size_t>(ok->IndicatorIndex("D1"))];
  EXPECT_EQ(d1.rule.kind, quality::RuleKind::kBanded);
  EXPECT_EQ(d1.area, "学校管理");
  EXPECT_EQ(ok->areas().size(), 5u);
  EXPECT_EQ(ok->spec().sections, std::vector<std::string>{"高中"});
  EXPECT_FALSE(d1.rule.higher_is_better);
  EXPECT_EQ(d1.rule.bands.size(), 3u);
  const std::string bad_rule = R"(
[hs_scheme]
id = "s"
title = "s"
[hs_scheme.bottom]
share = "10%"
[[indicators]]
id = "X"
name = "x"
points = 10
rule = "sigmoid"
)";
  auto r = ParseHsScheme(bad_rule, "s.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "quality_file.invalid");
  EXPECT_NE(r.error().message.zh.find("linear、banded、rank 或 expert"), std::string::npos);
  const std::string both = R"(
[hs_scheme]
id = "s"
title = "s"
[hs_scheme.bottom]
count = 2
share = 0.1
)";
  EXPECT_EQ(ParseHsScheme(both, "s.toml").error().id, "quality_file.invalid");
}

TEST(QualityFiles, TomlSyntaxErrorsNameTheLine) {
  auto r = ParseCutScoreSet("[cut_scores\nid = 1\n", "broken.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "standard_file.syntax");
  EXPECT_EQ(r.error().where.file, "broken.toml");
}

}  // namespace
}  // namespace jiaodu
