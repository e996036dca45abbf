#include "jiaodu/domain/plans/compiled_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace jiaodu::plans {
namespace {

std::shared_ptr<const FieldCatalog> Catalog() {
  auto field = [](std::string id, FieldLevel level) {
    FieldDef d;
    d.id = std::move(id);
    d.name = Text::Same(d.id);
    d.level = level;
    return d;
  };
  return std::make_shared<FieldCatalog>(
      "compulsory-school-v1", Text::Same("t"),
      std::vector<FieldDef>{field("teachers", FieldLevel::kSection),
                            field("teachers_bachelor", FieldLevel::kSection),
                            field("new_places", FieldLevel::kCounty)});
}

SchoolYearRecord School(const FieldCatalog& c, std::string code, Stage stage, double teachers,
                        double bachelor) {
  SchoolYearRecord r;
  r.school.code = std::move(code);
  r.values = FieldValues(c.size());
  SectionRecord& s = r.sections.emplace_back();
  s.stage = stage;
  s.values = FieldValues(c.size());
  s.values.Set(*c.IndexOf("teachers"), teachers);
  s.values.Set(*c.IndexOf("teachers_bachelor"), bachelor);
  return r;
}

std::shared_ptr<Plan> PlanWith(std::vector<Indicator> inds) {
  auto p = std::make_shared<Plan>();
  p->id = "p";
  p->start_year = 2021;
  p->end_year = 2025;
  p->indicators = std::move(inds);
  return p;
}

Indicator BachelorShare() {
  Indicator ind;
  ind.id = "primary_bachelor";
  ind.name = Text::Same("小学本科及以上学历专任教师占比");
  ind.target_year = 2025;
  ind.target = 93;
  ind.source.kind = Source::Kind::kFormula;
  ind.source.numerator = "sum(teachers_bachelor)";
  ind.source.denominator = "sum(teachers)";
  ind.source.scale = 100;
  ind.source.where = "stage == '小学'";
  return ind;
}

CatalogLookup Lookup(std::shared_ptr<const FieldCatalog> c) {
  return [c](std::string_view id) { return id == c->id() ? c : nullptr; };
}

std::vector<double> NoVariables() {
  return std::vector<double>(DataVariables().size(), std::numeric_limits<double>::quiet_NaN());
}

TEST(PlanFormula, RatioOverTheFilteredSectionsOfTheArea) {
  auto c = Catalog();
  auto cp = CompiledPlan::Compile(PlanWith({BachelorShare()}), Lookup(c));
  ASSERT_TRUE(cp.has_value()) << cp.error().Describe();
  auto a = School(*c, "A", Stage::kPrimary, 40, 30);
  auto b = School(*c, "B", Stage::kPrimary, 60, 57);
  auto j = School(*c, "J", Stage::kJunior, 50, 50);  // 初中: filtered out
  AreaInput in{"990101", 2024, {}, NoVariables()};
  in.catalogs["compulsory-school-v1"].schools = {&a, &b, &j};
  auto v = cp->Compute(0, in);
  ASSERT_TRUE(v.has_value()) << v.error().Describe();
  ASSERT_TRUE(v->has_value());
  EXPECT_DOUBLE_EQ((*v)->value, 87.0);
  EXPECT_EQ((*v)->numerator, 87.0);
  EXPECT_EQ((*v)->denominator, 100.0);
}

TEST(PlanFormula, NoDataForTheYearIsNoValueNotAnError) {
  auto c = Catalog();
  auto cp = CompiledPlan::Compile(PlanWith({BachelorShare()}), Lookup(c));
  ASSERT_TRUE(cp.has_value());
  AreaInput in{"990101", 2024, {}, NoVariables()};
  auto v = cp->Compute(0, in);
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->has_value());
}

TEST(PlanFormula, MissingFieldIsAnErrorNamingTheIndicator) {
  auto c = Catalog();
  auto cp = CompiledPlan::Compile(PlanWith({BachelorShare()}), Lookup(c));
  ASSERT_TRUE(cp.has_value());
  auto a = School(*c, "A", Stage::kPrimary, 40, 30);
  a.sections[0].values.Clear(*c->IndexOf("teachers_bachelor"));
  AreaInput in{"990101", 2024, {}, NoVariables()};
  in.catalogs["compulsory-school-v1"].schools = {&a};
  auto v = cp->Compute(0, in);
  ASSERT_FALSE(v.has_value());
  EXPECT_NE(v.error().Describe().find("小学本科及以上学历专任教师占比"), std::string::npos)
      << v.error().Describe();
}

TEST(PlanFormula, FitnessVariablesMakeTheRate) {
  auto c = Catalog();
  Indicator ind;
  ind.id = "fitness_good";
  ind.target_year = 2025;
  ind.target = 58;
  ind.source.kind = Source::Kind::kFormula;
  ind.source.numerator = "fitness_top2";
  ind.source.denominator = "fitness_scored";
  ind.source.scale = 100;
  auto cp = CompiledPlan::Compile(PlanWith({ind}), Lookup(c));
  ASSERT_TRUE(cp.has_value()) << cp.error().Describe();
  AreaInput in{"990101", 2024, {}, NoVariables()};
  EXPECT_FALSE(cp->Compute(0, in)->has_value());  // no fitness data: no value
  auto names = DataVariables();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "fitness_top2") in.variables[i] = 5558;
    if (names[i] == "fitness_scored") in.variables[i] = 10000;
  }
  auto v = cp->Compute(0, in);
  ASSERT_TRUE(v.has_value()) << v.error().Describe();
  ASSERT_TRUE(v->has_value());
  EXPECT_DOUBLE_EQ((*v)->value, 55.58);
}

TEST(PlanFormula, UnknownFieldFailsAtLoadNamingTheIndicator) {
  auto c = Catalog();
  Indicator ind = BachelorShare();
  ind.source.numerator = "sum(teachers_phd)";
  auto cp = CompiledPlan::Compile(PlanWith({ind}), Lookup(c));
  ASSERT_FALSE(cp.has_value());
  EXPECT_NE(cp.error().Describe().find("teachers_phd"), std::string::npos);
  EXPECT_NE(cp.error().Describe().find("primary_bachelor"), std::string::npos);
}

}  // namespace
}  // namespace jiaodu::plans
