// Province variants: a file that extends a standard and overrides named
// entries. The same data must give different verdicts under the two files,
// and everything not overridden must be inherited.
#include <gtest/gtest.h>

#include "standards/case_loader.h"

namespace jiaodu::testing {
namespace {

const std::string kDir = std::string(JIAODU_TEST_FIXTURE_DIR) + "/../standards/cn-yzjh-2017";

class Variant : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib) << lib.error().Describe();
    national_ = lib->Find("cn-yzjh-2017");
    province_ = lib->Find("example-province-yzjh-2017");
    ASSERT_TRUE(national_);
    ASSERT_TRUE(province_);
  }
  std::shared_ptr<const Standard> national_;
  std::shared_ptr<const Standard> province_;
};

TEST_F(Variant, KnowsItsParentFamilyAndCitation) {
  EXPECT_EQ(province_->parent_id, "cn-yzjh-2017");
  EXPECT_EQ(province_->family_id, "cn-yzjh-2017");
  EXPECT_EQ(national_->family_id, "cn-yzjh-2017");
  EXPECT_TRUE(national_->parent_id.empty());
  EXPECT_NE(province_->document, national_->document);
  EXPECT_FALSE(province_->source.empty());
}

TEST_F(Variant, InheritsEverythingItDoesNotOverride) {
  ASSERT_EQ(province_->indicators.size(), national_->indicators.size());
  ASSERT_EQ(province_->items.size(), national_->items.size());
  EXPECT_EQ(province_->vetoes.size(), national_->vetoes.size());
  EXPECT_EQ(*province_->FindIndicator("L2")->standard.Get(Stage::kPrimary), 1.0);
  EXPECT_EQ(province_->FindIndicator("L1")->formula.Get(Stage::kJunior)->text(),
            national_->FindIndicator("L1")->formula.Get(Stage::kJunior)->text());
  EXPECT_EQ(*province_->FindIndicator("L1")->standard.Get(Stage::kPrimary), 4.2);  // kept
  EXPECT_EQ(province_->FindItem("G1")->text.zh, national_->FindItem("G1")->text.zh);
  EXPECT_EQ(province_->resource.min_meeting, 6);
}

TEST_F(Variant, ListsWhatItChanges) {
  std::vector<std::string> entries;
  for (const VariantChange& c : province_->changes) entries.push_back(c.entry);
  auto has = [&](const std::string& e) {
    return std::find(entries.begin(), entries.end(), e) != entries.end();
  };
  EXPECT_TRUE(has("indicators[L1].formula.primary"));
  EXPECT_TRUE(has("items[G7].text"));
  EXPECT_TRUE(has("items[G7].checks[0].threshold"));
  EXPECT_TRUE(has("standard.document"));
  EXPECT_FALSE(has("indicators[L2].standard.primary"));  // not changed
  for (const VariantChange& c : province_->changes) {
    if (c.entry == "items[G7].checks[0].threshold") {
      EXPECT_EQ(c.parent_value, "6000");
      EXPECT_EQ(c.variant_value, "8000");
    }
    if (c.entry == "indicators[L1].formula.primary") {
      EXPECT_NE(c.parent_value.find("teachers_associate"), std::string::npos);
      EXPECT_EQ(c.variant_value.find("teachers_associate"), std::string::npos);
    }
  }
}

TEST_F(Variant, SameSchoolPassesNationallyAndFailsUnderTheVariant) {
  // 42 专科+ teachers per 1000 pupils, 10 of them 专科: 4.2 nationally (meets),
  // 3.2 when only 本科+ count (76%: below 85%).
  CaseData data = LoadCase(*national_, kDir, "at_standard");
  auto national = Engine(national_).EvaluateCounty(data.Input());
  auto province = Engine(province_).EvaluateCounty(data.Input());
  const SectionResult& n = national.FindStage(Stage::kPrimary)->sections.at(0);
  const SectionResult& p = province.FindStage(Stage::kPrimary)->sections.at(0);
  EXPECT_EQ(n.verdict, Verdict::kPass);
  EXPECT_EQ(p.verdict, Verdict::kFail);
  EXPECT_NEAR(*p.indicators[0].value, 3.2, 1e-12);
  EXPECT_EQ(p.indicators[0].status, IndicatorStatus::kBelowFloor);
}

TEST_F(Variant, SpecialSchoolFundingOf6500PassesNationallyAndFailsAt8000) {
  CountyYearRecord county;
  county.county = "330100";
  county.year = AcademicYear(2024);
  county.values = FieldValues(national_->catalog->size());
  county.values.Set(*national_->catalog->IndexOf("special_ed_funds_per_student"), 6500);
  CountyInput in;
  in.county_code = "330100";
  in.year = AcademicYear(2024);
  in.county = &county;
  auto g7 = [](const CountyEvaluation& e) {
    for (const auto& it : e.items) {
      if (it.id == "G7") return it.verdict;
    }
    return Verdict::kNotApplicable;
  };
  EXPECT_EQ(g7(Engine(national_).EvaluateCounty(in)), Verdict::kPass);
  EXPECT_EQ(g7(Engine(province_).EvaluateCounty(in)), Verdict::kFail);
}

// The preschool example variant raises 毛入园率 from 85% to 90%: a county
// exactly on the national threshold (340 children ÷ 400 residents aged 3–5)
// passes nationally, fails under the province's file, and is told the places
// it lacks there: 360 ÷ 400 = 90%, so 20 more.
TEST(PreschoolVariant, EnrolmentOf85PercentPassesNationallyAndFailsAt90WithTheMissingPlaces) {
  auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
  ASSERT_TRUE(lib) << lib.error().Describe();
  auto national = lib->Find("cn-xqpp-2020");
  auto province = lib->Find("example-province-xqpp-2020");
  ASSERT_TRUE(national);
  ASSERT_TRUE(province);
  EXPECT_EQ(province->family_id, "cn-xqpp-2020");
  EXPECT_EQ(province->goals.size(), national->goals.size());  // inherited
  const std::string dir = std::string(JIAODU_TEST_FIXTURE_DIR) + "/../standards/cn-xqpp-2020";
  CaseData data = LoadCase(*national, dir, "on_thresholds");
  auto p1 = [](const CountyEvaluation& e) -> const ItemResult* {
    for (const auto& it : e.items) {
      if (it.id == "P1") return &it;
    }
    return nullptr;
  };
  const CountyEvaluation n = Engine(national).EvaluateCounty(data.Input());
  const CountyEvaluation p = Engine(province).EvaluateCounty(data.Input());
  ASSERT_TRUE(p1(n) && p1(p));
  EXPECT_EQ(p1(n)->verdict, Verdict::kPass);
  EXPECT_EQ(p1(p)->verdict, Verdict::kFail);
  ASSERT_EQ(p1(p)->checks.at(0).remedies.size(), 1u);
  EXPECT_EQ(p1(p)->checks[0].remedies[0].amount, std::optional<double>(20));
  EXPECT_EQ(p1(n)->checks.at(0).remedies.size(), 0u);
}

}  // namespace
}  // namespace jiaodu::testing
