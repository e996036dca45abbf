#include "jiaodu/demo/demo_city.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "jiaodu/domain/standards/context.h"
#include "jiaodu/domain/standards/engine.h"
#include "jiaodu/domain/standards/expr.h"
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
      out.emplace(a.name, engine.EvaluateCounty(
                              CountyInputOf(a, AcademicYear(year), city_.schools, city_.counties)));
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

// The kindergartens, evaluated with the shipped 普及普惠 standard.
class DemoPreschoolTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib);
    compulsory_ = new std::shared_ptr<const Standard>(lib->Find("cn-yzjh-2017"));
    standard_ = new std::shared_ptr<const Standard>(lib->Find("cn-xqpp-2020"));
    ASSERT_TRUE(*compulsory_ && *standard_);
    city_ = new DemoCity(GenerateDemoCity(*(*compulsory_)->catalog));
    kg_ = new DemoPreschool(GeneratePreschool(*(*standard_)->catalog, *city_));
  }
  static void TearDownTestSuite() {
    delete kg_;
    delete city_;
    delete standard_;
    delete compulsory_;
  }
  const FieldCatalog& catalog() const { return *(*standard_)->catalog; }

  static std::map<std::string, CountyEvaluation> Evaluate(int year) {
    std::map<std::string, CountyEvaluation> out;
    Engine engine(*standard_);
    for (const Area& a : city_->areas) {
      if (a.level != AreaLevel::kCounty) continue;
      out.emplace(a.name, engine.EvaluateCounty(
                              CountyInputOf(a, AcademicYear(year), kg_->schools, kg_->counties)));
    }
    return out;
  }
  static const ItemResult& Item(const CountyEvaluation& e, const std::string& id) {
    for (const auto& it : e.items) {
      if (it.id == id) return it;
    }
    ADD_FAILURE() << "no item " << id;
    static const ItemResult kNone;
    return kNone;
  }
  // The value of an item's first check.
  static double Value(const CountyEvaluation& e, const std::string& id) {
    const ItemResult& it = Item(e, id);
    if (it.checks.empty() || !it.checks[0].value) {
      ADD_FAILURE() << e.county_name << " " << id << " has no value";
      return -1;
    }
    return *it.checks[0].value;
  }

  static std::shared_ptr<const Standard>* compulsory_;
  static std::shared_ptr<const Standard>* standard_;
  static DemoCity* city_;
  static DemoPreschool* kg_;
};
std::shared_ptr<const Standard>* DemoPreschoolTest::compulsory_ = nullptr;
std::shared_ptr<const Standard>* DemoPreschoolTest::standard_ = nullptr;
DemoCity* DemoPreschoolTest::city_ = nullptr;
DemoPreschool* DemoPreschoolTest::kg_ = nullptr;

TEST_F(DemoPreschoolTest, IsDeterministic) {
  DemoPreschool again = GeneratePreschool(catalog(), *city_);
  ASSERT_EQ(again.schools.size(), kg_->schools.size());
  ASSERT_EQ(again.counties.size(), kg_->counties.size());
  for (size_t i = 0; i < kg_->schools.size(); ++i) {
    EXPECT_EQ(again.schools[i].school.name, kg_->schools[i].school.name);
    EXPECT_EQ(again.schools[i].sections[0].values.Get(0),
              kg_->schools[i].sections[0].values.Get(0));
  }
  // Another seed gives another city.
  DemoOptions other;
  other.seed = 7;
  DemoPreschool seven =
      GeneratePreschool(catalog(), GenerateDemoCity(*(*compulsory_)->catalog, other), other);
  EXPECT_FALSE(seven.schools.empty());
  EXPECT_NE(seven.schools[0].sections[0].values.Get(0), kg_->schools[0].sections[0].values.Get(0));
}

TEST_F(DemoPreschoolTest, EveryCountyYearHasKindergartensOfAllFourKinds) {
  std::set<std::pair<std::string, int>> compulsory_years;
  std::map<std::string, School> compulsory_schools;
  for (const auto& c : city_->counties) compulsory_years.insert({c.county, c.year.start()});
  for (const auto& s : city_->schools) compulsory_schools[s.school.code] = s.school;
  std::set<std::pair<std::string, int>> preschool_years;
  for (const auto& c : kg_->counties) preschool_years.insert({c.county, c.year.start()});
  EXPECT_EQ(preschool_years, compulsory_years);
  EXPECT_EQ(kg_->counties.size(), compulsory_years.size());

  std::map<std::pair<std::string, int>, int> per_county;
  std::map<std::string, std::set<std::string>> kinds;  // county → kinds, latest year
  std::set<std::pair<std::string, int>> seen;
  for (const auto& r : kg_->schools) {
    SCOPED_TRACE(r.school.name);
    EXPECT_TRUE(seen.insert({r.school.code, r.year.start()}).second) << "one record a school-year";
    ++per_county[{r.school.county, r.year.start()}];
    ASSERT_EQ(r.sections.size(), 1u);
    EXPECT_EQ(r.sections[0].stage, Stage::kPreschool);
    EXPECT_TRUE(ValidateSchoolCode(r.school.code)) << r.school.code;
    if (r.school.type == SchoolType::kKindergarten) {
      // Its own code, not one of the compulsory schools'.
      EXPECT_FALSE(compulsory_schools.count(r.school.code)) << r.school.code;
      if (r.year.start() == 2024)
        kinds[r.school.county].insert(std::string(KindergartenCategory(r.school)));
    } else {
      // A public primary school's 附设幼儿班: the same school as in the compulsory data.
      EXPECT_EQ(r.school.type, SchoolType::kPrimary);
      ASSERT_TRUE(compulsory_schools.count(r.school.code)) << r.school.code;
      const School& same = compulsory_schools.at(r.school.code);
      EXPECT_EQ(r.school.name, same.name);
      EXPECT_EQ(r.school.county, same.county);
      EXPECT_EQ(r.school.ownership, Ownership::kPublic);
      if (r.year.start() == 2024) kinds[r.school.county].insert("小学附设幼儿班");
    }
  }
  EXPECT_EQ(per_county.size(), compulsory_years.size());
  for (const auto& [key, n] : per_county) {
    EXPECT_GE(n, 8) << key.first << " " << key.second;
    EXPECT_LE(n, 15) << key.first << " " << key.second;
  }
  ASSERT_EQ(kinds.size(), 6u);
  for (const auto& [county, k] : kinds) {
    EXPECT_EQ(k,
              (std::set<std::string>{"公办园", "普惠性民办园", "非普惠民办园", "小学附设幼儿班"}))
        << county;
  }
}

// What the preschool workbook's import would check: required fields, ranges
// and the catalog's cross-field rules; class sizes mostly within the limits.
TEST_F(DemoPreschoolTest, RecordsPassTheImportChecks) {
  const FieldCatalog& cat = catalog();
  auto idx = [&](std::string_view id) { return *cat.IndexOf(id); };
  double classes = 0;
  double oversize = 0;
  for (const auto& r : kg_->schools) {
    SCOPED_TRACE(r.school.name + " " + r.year.Label());
    const SectionRecord& sec = r.sections[0];
    for (size_t i = 0; i < cat.size(); ++i) {
      const FieldDef& f = cat.at(i);
      if (f.level == FieldLevel::kCounty) continue;
      const FieldValues& v = f.level == FieldLevel::kSection ? sec.values : r.values;
      if (f.required) {
        EXPECT_TRUE(v.Has(i)) << f.id;
      }
      if (v.Has(i)) {
        EXPECT_TRUE(ValidateFieldValue(f, *v.Get(i))) << f.id << " " << *v.Get(i);
      }
    }
    // The catalog's cross-field rules, through the engine's own contexts.
    const SchoolYearRecord* one[] = {&r};
    std::vector<internal::SchoolView> views;
    internal::PrepareViews(**standard_, one, nullptr, views);
    ASSERT_EQ(views.size(), 1u);
    ASSERT_EQ(views[0].sections.size(), 1u);
    for (const FieldRule& rule : cat.rules()) {
      if (rule.level == FieldLevel::kCounty) continue;
      bool section = rule.level == FieldLevel::kSection;
      auto expr =
          Expr::Compile(rule.check, cat, section ? ExprScope::kSection : ExprScope::kSchool);
      ASSERT_TRUE(expr) << rule.check;
      internal::SectionContext in_section(cat, views[0].sections[0], nullptr);
      internal::SchoolContext in_school(cat, views[0], nullptr);
      auto ok = section ? expr->EvaluateBool(in_section) : expr->EvaluateBool(in_school);
      ASSERT_TRUE(ok) << rule.check;
      EXPECT_TRUE(*ok) << rule.message.zh;
    }
    for (const char* id : {"classes_small", "classes_middle", "classes_large", "classes_mixed"})
      classes += *sec.values.Get(idx(id));
    oversize += *sec.values.Get(idx("classes_oversize"));
  }
  EXPECT_GT(oversize, 0);
  EXPECT_LT(oversize / classes, 0.15);
  for (const auto& c : kg_->counties) {
    for (const char* id : {"population_3_5", "fee_cap_inclusive", "funds_public_per_child",
                           "subsidy_inclusive_per_child", "social_recognition_rate"}) {
      ASSERT_TRUE(c.values.Get(idx(id))) << id;
      EXPECT_TRUE(ValidateFieldValue(*cat.Find(id), *c.values.Get(idx(id)))) << id;
    }
  }
}

TEST_F(DemoPreschoolTest, CountiesShowTheStoriesTheyAreMeantTo) {
  for (int year : {2023, 2024}) {
    SCOPED_TRACE(year);
    auto e = Evaluate(year);
    for (const auto& [name, ev] : e) {
      // 毛入园率 around 88–100%, every figure computable.
      EXPECT_GE(Value(ev, "P1"), 0.86) << name;
      EXPECT_LE(Value(ev, "P1"), 1.0) << name;
      for (const auto& it : ev.items) {
        for (const auto& c : it.checks)
          EXPECT_NE(c.verdict, Verdict::kIncomplete) << name << " " << it.id;
        EXPECT_NE(it.verdict, Verdict::kIncomplete) << name << " " << it.id;
      }
    }
  }
  auto e = Evaluate(2024);
  // 城关区 passes everything; so does 清河县, on the lines.
  for (const char* name : {"城关区", "清河县"}) {
    const CountyEvaluation& ev = e.at(name);
    EXPECT_EQ(ev.verdict, Verdict::kPass) << name;
    for (const auto& it : ev.items) EXPECT_EQ(it.verdict, Verdict::kPass) << name << " " << it.id;
  }
  // 东湖区: 普惠 enough, but too few children in public kindergartens.
  EXPECT_EQ(Item(e.at("东湖区"), "P2").verdict, Verdict::kPass);
  EXPECT_EQ(Item(e.at("东湖区"), "P3").verdict, Verdict::kFail);
  EXPECT_LT(Value(e.at("东湖区"), "P3"), 0.5);
  // 白云县: 普惠性幼儿园覆盖率 under 80%, crowded classes.
  EXPECT_EQ(Item(e.at("白云县"), "P2").verdict, Verdict::kFail);
  EXPECT_LT(Value(e.at("白云县"), "P2"), 0.8);
  EXPECT_EQ(Item(e.at("白云县"), "P3").verdict, Verdict::kPass);
  EXPECT_EQ(Item(e.at("白云县"), "Q2").verdict, Verdict::kFail);
  EXPECT_EQ(Item(e.at("白云县"), "G4").verdict, Verdict::kFail);
  // 青山县: too few teachers; no central kindergarten in some townships.
  EXPECT_EQ(Item(e.at("青山县"), "Q3").verdict, Verdict::kFail);
  EXPECT_EQ(Item(e.at("青山县"), "G3").verdict, Verdict::kFail);
  // 石门县: uncertified teachers, 小学化, recognition 83%.
  EXPECT_EQ(Item(e.at("石门县"), "Q4").verdict, Verdict::kFail);
  EXPECT_EQ(Item(e.at("石门县"), "Q6").verdict, Verdict::kFail);
  EXPECT_EQ(Item(e.at("石门县"), "R1").verdict, Verdict::kFail);
  for (const char* name : {"东湖区", "白云县", "青山县", "石门县"}) {
    EXPECT_EQ(e.at(name).verdict, Verdict::kFail) << name;
    EXPECT_EQ(e.at(name).coverage_verdict,
              std::string_view(name) == "东湖区" || std::string_view(name) == "白云县"
                  ? Verdict::kFail
                  : Verdict::kPass)
        << name;
  }
  // Failing P2 / P3 come with what it would take.
  EXPECT_FALSE(Item(e.at("白云县"), "P2").checks[0].remedies.empty());
  EXPECT_FALSE(Item(e.at("东湖区"), "P3").checks[0].remedies.empty());
}

TEST_F(DemoPreschoolTest, EdgeCountyIsExactlyOnTheLines) {
  auto e = Evaluate(2024);
  const CountyEvaluation& ev = e.at("清河县");
  // 公办园在园幼儿占比 exactly 50%, recognition exactly 85%: both pass.
  EXPECT_EQ(Value(ev, "P3"), 0.5);
  EXPECT_EQ(Item(ev, "P3").verdict, Verdict::kPass);
  EXPECT_EQ(Value(ev, "R1"), 0.85);
  EXPECT_EQ(Item(ev, "R1").verdict, Verdict::kPass);
  // A kindergarten exactly on the three per-child areas (4 / 8.17 / 10.44 m²).
  int exact = 0;
  for (const auto& sr : ev.stages) {
    for (const auto& s : sr.sections) {
      bool on_line = s.indicators.size() >= 3;
      for (size_t k = 0; k < 3 && on_line; ++k) {
        const IndicatorValue& iv = s.indicators[k];
        on_line = iv.value && iv.standard && std::abs(*iv.value - *iv.standard) < 1e-9 &&
                  iv.status == IndicatorStatus::kMeets;
      }
      exact += on_line ? 1 : 0;
    }
  }
  EXPECT_EQ(exact, 1);
  // It was planned in 2018, so it counts in the 100% rate, which it keeps.
  EXPECT_EQ(Item(ev, "Q1").checks[0].verdict, Verdict::kPass);
  // and charges exactly the fee cap (G6 passes).
  EXPECT_EQ(Item(ev, "G6").checks[0].verdict, Verdict::kPass);
}

}  // namespace
}  // namespace jiaodu
