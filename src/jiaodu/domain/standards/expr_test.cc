#include "jiaodu/domain/standards/expr.h"

#include <gtest/gtest.h>

#include <map>

namespace jiaodu {
namespace {

FieldCatalog TestCatalog() {
  auto field = [](std::string id, FieldLevel level) {
    FieldDef f;
    f.id = id;
    f.name = Text(id + "名", id);
    f.level = level;
    return f;
  };
  return FieldCatalog(
      "test", Text::Same("test"),
      {field("students", FieldLevel::kSection), field("teachers", FieldLevel::kSection),
       field("area", FieldLevel::kSchool), field("quota", FieldLevel::kCounty)});
}

class MapContext : public ExprContext {
 public:
  std::map<size_t, double> values;
  std::string type = "九年一贯制学校";
  std::vector<MapContext> members;

  std::optional<double> Field(size_t i) const override {
    auto it = values.find(i);
    if (it == values.end()) return std::nullopt;
    return it->second;
  }
  ExprValue Attr(Attribute a) const override {
    if (a == Attribute::kType) return ExprValue::String(type);
    if (a == Attribute::kBoarding) return ExprValue::Bool(true);
    return ExprValue::String("城区");
  }
  Status ForEachMember(const std::function<Status(const ExprContext&)>& fn) const override {
    for (const auto& m : members) JIAODU_TRY_STATUS(fn(m));
    return Ok();
  }
};

TEST(Expr, ArithmeticWithPrecedence) {
  auto c = TestCatalog();
  auto e = Expr::Compile("100 * teachers / students + 2 * -1", c, ExprScope::kSection);
  ASSERT_TRUE(e) << e.error().message.zh;
  MapContext ctx;
  ctx.values = {{0, 200}, {1, 9}};
  EXPECT_DOUBLE_EQ(*e->EvaluateNumber(ctx), 2.5);
  EXPECT_EQ(e->fields().size(), 2u);
}

TEST(Expr, MissingFieldNamesTheFieldInChinese) {
  auto c = TestCatalog();
  auto e = Expr::Compile("teachers / students", c, ExprScope::kSection);
  MapContext ctx;
  ctx.values = {{1, 9}};
  auto v = e->EvaluateNumber(ctx);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().id, "expr.missing");
  EXPECT_NE(v.error().message.zh.find("students名"), std::string::npos);
}

TEST(Expr, DivisionByZeroIsAnErrorNotInfinity) {
  auto c = TestCatalog();
  auto e = Expr::Compile("teachers / students", c, ExprScope::kSection);
  MapContext ctx;
  ctx.values = {{0, 0}, {1, 9}};
  EXPECT_EQ(e->EvaluateNumber(ctx).error().id, "expr.div_zero");
}

TEST(Expr, AttributeLiteralsAreCanonicalisedAndChecked) {
  auto c = TestCatalog();
  auto e =
      Expr::Compile("type in ['九年一贯制', '十二年一贯制'] && boarding", c, ExprScope::kSchool);
  ASSERT_TRUE(e) << e.error().message.zh;
  MapContext ctx;
  EXPECT_TRUE(*e->EvaluateBool(ctx));
  auto bad = Expr::Compile("type == '贵族学校'", c, ExprScope::kSchool);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().id, "kind.school_type");
}

TEST(Expr, CompileErrorsAreReported) {
  auto c = TestCatalog();
  EXPECT_EQ(Expr::Compile("teachers +", c, ExprScope::kSection).error().id, "expr.syntax");
  EXPECT_EQ(Expr::Compile("(teachers", c, ExprScope::kSection).error().id, "expr.syntax");
  EXPECT_EQ(Expr::Compile("nurses / students", c, ExprScope::kSection).error().id,
            "expr.unknown_name");
  EXPECT_EQ(Expr::Compile("frobnicate(students)", c, ExprScope::kSection).error().id,
            "expr.unknown_name");
  // County formulas may only read school data through aggregates.
  EXPECT_EQ(Expr::Compile("students", c, ExprScope::kCounty).error().id, "expr.scope");
  EXPECT_EQ(Expr::Compile("sum(students)", c, ExprScope::kSection).error().id, "expr.scope");
  EXPECT_EQ(Expr::Compile("sum(sum(students))", c, ExprScope::kCounty).error().id, "expr.scope");
}

TEST(Expr, AggregatesIterateMembers) {
  auto c = TestCatalog();
  auto e =
      Expr::Compile("sum(teachers) / sum(students) >= county.quota && count(teachers > 5) == 1", c,
                    ExprScope::kCounty);
  ASSERT_TRUE(e) << e.error().message.zh;
  MapContext county;
  county.values = {{3, 0.05}};
  MapContext a;
  a.values = {{0, 100}, {1, 6}};
  MapContext b;
  b.values = {{0, 100}, {1, 4}};
  county.members = {a, b};
  EXPECT_TRUE(*e->EvaluateBool(county));
}

TEST(Expr, FunctionsCeilRoundMinMaxIf) {
  auto c = TestCatalog();
  MapContext ctx;
  ctx.values = {{0, 13}};
  EXPECT_EQ(*Expr::Compile("ceil(students / 12)", c, ExprScope::kSection)->EvaluateNumber(ctx), 2);
  EXPECT_EQ(*Expr::Compile("ceil(24 / 12)", c, ExprScope::kSection)->EvaluateNumber(ctx), 2);
  EXPECT_EQ(*Expr::Compile("round(2.675, 2)", c, ExprScope::kSection)->EvaluateNumber(ctx), 2.68);
  EXPECT_EQ(*Expr::Compile("max(1, students, 3)", c, ExprScope::kSection)->EvaluateNumber(ctx), 13);
  EXPECT_EQ(*Expr::Compile("if(students > 10, 1, 0)", c, ExprScope::kSection)->EvaluateNumber(ctx),
            1);
}

TEST(Expr, VariablesAreBoundByTheCallerOutsideAggregates) {
  auto c = TestCatalog();
  static const std::string kX[] = {"x"};
  auto e = Expr::Compile("(sum(students) + x) / quota", c, ExprScope::kCounty, kX);
  ASSERT_TRUE(e) << e.error().message.zh;
  MapContext county;
  county.values = {{3, 100}};
  county.members.resize(2);
  county.members[0].values = {{0, 30}};
  county.members[1].values = {{0, 40}};
  const double xs[] = {15};
  EXPECT_DOUBLE_EQ(*e->EvaluateNumber(BoundContext(county, xs)), 0.85);
  // Unbound: an internal error, never a silent 0.
  auto unbound = e->EvaluateNumber(county);
  ASSERT_FALSE(unbound);
  EXPECT_EQ(unbound.error().id, "expr.unbound");
  // A variable belongs to the evaluation, not to a member.
  auto inside = Expr::Compile("sum(students + x)", c, ExprScope::kCounty, kX);
  ASSERT_FALSE(inside);
  EXPECT_EQ(inside.error().id, "expr.scope");
  // Without the variable list, x is an unknown field.
  EXPECT_FALSE(Expr::Compile("quota + x", c, ExprScope::kCounty));
}

}  // namespace
}  // namespace jiaodu
