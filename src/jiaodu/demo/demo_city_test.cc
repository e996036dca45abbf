#include "jiaodu/demo/demo_city.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "jiaodu/domain/standards/engine.h"
#include "jiaodu/formats/standard_file/standard_file.h"

namespace jiaodu {
namespace {

class DemoCityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib);
    standard_ = lib->Find("cn-yzjh-2017");
    city_ = GenerateDemoCity(*standard_->catalog);
  }

  std::map<std::string, CountyEvaluation> Evaluate(int year) {
    std::map<std::string, CountyEvaluation> out;
    Engine engine(standard_);
    for (const Area& a : city_.areas) {
      if (a.level != AreaLevel::kCounty) continue;
      CountyInput in;
      in.county_code = a.code;
      in.county_name = a.name;
      in.year = AcademicYear(year);
      for (const auto& s : city_.schools) {
        if (s.school.county == a.code && s.year.start() == year) in.schools.push_back(&s);
      }
      for (const auto& c : city_.counties) {
        if (c.county == a.code && c.year.start() == year) in.county = &c;
      }
      out.emplace(a.name, engine.EvaluateCounty(in));
    }
    return out;
  }

  std::shared_ptr<const Standard> standard_;
  DemoCity city_;
};

TEST_F(DemoCityTest, IsDeterministic) {
  DemoCity again = GenerateDemoCity(*standard_->catalog);
  ASSERT_EQ(again.schools.size(), city_.schools.size());
  for (size_t i = 0; i < city_.schools.size(); i += 37) {
    EXPECT_EQ(again.schools[i].school.name, city_.schools[i].school.name);
    EXPECT_EQ(again.schools[i].sections[0].values.Get(0),
              city_.schools[i].sections[0].values.Get(0));
  }
}

TEST_F(DemoCityTest, HasSixCountiesFourHundredSchoolsOfEveryKind) {
  std::set<SchoolType> types;
  std::set<std::string> codes;
  int year_2024 = 0;
  for (const auto& s : city_.schools) {
    if (s.year.start() != 2024) continue;
    ++year_2024;
    types.insert(s.school.type);
    codes.insert(s.school.code);
    EXPECT_TRUE(ValidateSchoolCode(s.school.code)) << s.school.code;
  }
  EXPECT_EQ(year_2024, 400);
  EXPECT_EQ(codes.size(), 400u);
  for (SchoolType t :
       {SchoolType::kPrimary, SchoolType::kJunior, SchoolType::kNineYear, SchoolType::kTwelveYear,
        SchoolType::kComplete, SchoolType::kTeachingPoint, SchoolType::kSpecial}) {
    EXPECT_TRUE(types.count(t)) << SchoolTypeName(t);
  }
  EXPECT_EQ(city_.areas.size(), 7u);
}

TEST_F(DemoCityTest, CountiesShowTheStoriesTheyAreMeantTo) {
  auto e = Evaluate(2024);
  EXPECT_EQ(e.at("城关区").verdict, Verdict::kPass);
  EXPECT_EQ(e.at("清河县").verdict, Verdict::kPass);
  // 东湖区: L5 sports-area CV over the limit in some stage.
  bool l5_fails = false;
  for (const auto& sr : e.at("东湖区").stages) {
    for (const auto& c : sr.cvs)
      l5_fails = l5_fails || (c.indicator_id == "L5" && c.verdict == Verdict::kFail);
  }
  EXPECT_TRUE(l5_fails);
  // 青山县: backbone teachers (L2) fail.
  bool l2_fails = false;
  for (const auto& sr : e.at("青山县").stages) {
    for (const auto& c : sr.cvs)
      l2_fails = l2_fails || (c.indicator_id == "L2" && c.verdict == Verdict::kFail);
  }
  EXPECT_TRUE(l2_fails);
  // 白云县: resources pass, G5 and G11 fail.
  EXPECT_EQ(e.at("白云县").resource_verdict, Verdict::kPass);
  EXPECT_EQ(e.at("白云县").verdict, Verdict::kFail);
  // 石门县: social recognition 83% < 85%.
  EXPECT_EQ(e.at("石门县").recognition_verdict, Verdict::kFail);
  // Every failing stage gets a verified plan.
  for (const auto& [name, ev] : e) {
    for (const auto& sr : ev.stages) {
      if (sr.plan.needed) {
        EXPECT_TRUE(sr.plan.verified) << name << " " << StageName(sr.stage);
      }
    }
  }
}

TEST_F(DemoCityTest, EdgeCountyHasSchoolsExactlyOnTheLine) {
  auto e = Evaluate(2024);
  int exact = 0;
  int at_floor = 0;
  for (const auto& sr : e.at("清河县").stages) {
    for (const auto& s : sr.sections) {
      bool all_exact = true;
      for (const auto& iv : s.indicators)
        all_exact = all_exact && iv.value && iv.ratio && *iv.ratio == 1.0;
      exact += all_exact ? 1 : 0;
      at_floor +=
          s.indicators[3].status == IndicatorStatus::kAboveFloor && *s.indicators[3].value == 3.825
              ? 1
              : 0;
      if (all_exact) {
        EXPECT_EQ(s.verdict, Verdict::kPass);
      }
    }
  }
  EXPECT_GE(exact, 1);
  EXPECT_GE(at_floor, 1);
}

}  // namespace
}  // namespace jiaodu
