#include "jiaodu/domain/standards/area_formula.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "jiaodu/domain/standards/context.h"

namespace jiaodu {

namespace {

bool IsIdent(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `name` occurs in `text` as a whole identifier.
bool Mentions(std::string_view text, std::string_view name) {
  for (size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const bool left = at == 0 || !IsIdent(text[at - 1]);
    const size_t end = at + name.size();
    const bool right = end >= text.size() || !IsIdent(text[end]);
    if (left && right) return true;
  }
  return false;
}

}  // namespace

Result<AreaFormula> AreaFormula::Compile(std::string_view text,
                                         std::shared_ptr<const FieldCatalog> catalog,
                                         MemberKind over, std::string_view where,
                                         std::span<const std::string> variables) {
  AreaFormula f;
  f.text_ = std::string(text);
  f.over_ = over;
  for (size_t i = 0; i < variables.size(); ++i) {
    if (Mentions(text, variables[i])) f.used_.push_back(i);
  }
  f.variables_.assign(variables.begin(), variables.end());
  f.expr_ = JIAODU_TRY(Expr::Compile(text, *catalog, ExprScope::kCounty, variables));
  if (!where.empty()) {
    const ExprScope member_scope =
        over == MemberKind::kSchools ? ExprScope::kSchool : ExprScope::kSection;
    f.where_ = std::make_shared<Expr>(JIAODU_TRY(Expr::Compile(where, *catalog, member_scope)));
  }
  auto scope = std::make_shared<Standard>();
  scope->catalog = catalog;
  scope->stages = catalog->stages();
  if (scope->stages.empty()) {
    scope->stages = {Stage::kPreschool, Stage::kPrimary, Stage::kJunior, Stage::kSenior};
  }
  f.scope_ = std::move(scope);
  return f;
}

Result<double> AreaFormula::Evaluate(std::span<const SchoolYearRecord* const> schools,
                                     const CountyYearRecord* county,
                                     std::span<const double> variables) const {
  for (size_t i : used_) {
    if (i >= variables.size() || std::isnan(variables[i])) {
      return Fail(
          ErrorCode::kFailedPrecondition, "plan.variable_missing",
          Text(fmt::format("公式“{}”用到的 {} 没有数据", text_, variables_[i]),
               fmt::format("formula \"{}\" uses {}, which has no data", text_, variables_[i])));
    }
  }
  std::vector<internal::SchoolView> views;
  internal::PrepareViews(*scope_, schools, county, views);
  internal::CountyContext ctx(*scope_->catalog, views, county, over_, where_.get());
  BoundContext bound(ctx, variables);
  return expr_.EvaluateNumber(bound);
}

}  // namespace jiaodu
