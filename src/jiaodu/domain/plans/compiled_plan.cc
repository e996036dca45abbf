#include "jiaodu/domain/plans/compiled_plan.h"

#include <fmt/format.h>

#include <cmath>

namespace jiaodu::plans {

std::span<const std::string> DataVariables() {
  static const std::vector<std::string> kNames = {
      "fitness_roster",   "fitness_scored", "fitness_excellent", "fitness_good",
      "fitness_pass",     "fitness_fail",   "fitness_top2",      "fitness_qualified",
      "fitness_screened", "fitness_myopia"};
  return kNames;
}

namespace {

Error InIndicator(Error e, const Indicator& ind) {
  e.context.push_back(Text(fmt::format("规划指标“{}”（{}）", ind.name.zh, ind.id),
                           fmt::format("plan indicator \"{}\" ({})", ind.name.en, ind.id)));
  return e;
}

bool MentionsVariable(std::string_view text) {
  return text.find("fitness_") != std::string_view::npos;
}

}  // namespace

Result<CompiledPlan> CompiledPlan::Compile(std::shared_ptr<const Plan> plan,
                                           const CatalogLookup& catalogs) {
  JIAODU_TRY_STATUS(Validate(*plan));
  CompiledPlan cp;
  cp.plan_ = plan;
  for (const Indicator& ind : plan->indicators) {
    Formulas& f = cp.formulas_.emplace_back();
    const Source& s = ind.source;
    const bool needs_catalog = s.kind == Source::Kind::kFormula || !ind.weight.empty();
    if (!needs_catalog) continue;
    f.catalog = s.catalog.empty() ? "compulsory-school-v1" : s.catalog;
    auto catalog = catalogs(f.catalog);
    if (catalog == nullptr) {
      return Fail(InIndicator(Error{ErrorCode::kInvalidInput,
                                    "plan.unknown_catalog",
                                    Text(fmt::format("未知的数据目录“{}”", f.catalog),
                                         fmt::format("unknown catalog \"{}\"", f.catalog)),
                                    {},
                                    {}},
                              ind));
    }
    MemberKind over = MemberKind::kSections;
    if (s.members == "schools") {
      over = MemberKind::kSchools;
    } else if (!s.members.empty() && s.members != "sections") {
      return Fail(InIndicator(
          Error{ErrorCode::kInvalidInput,
                "plan.bad_members",
                Text(fmt::format("members 应为 sections 或 schools，而不是“{}”", s.members),
                     fmt::format("members must be sections or schools, not \"{}\"", s.members)),
                {},
                {}},
          ind));
    }
    auto compile = [&](const std::string& text) -> Result<std::optional<AreaFormula>> {
      if (text.empty()) return std::nullopt;
      f.uses_variables = f.uses_variables || MentionsVariable(text);
      auto r = AreaFormula::Compile(text, catalog, over, s.where, DataVariables());
      if (!r) return Fail(InIndicator(r.error(), ind));
      return std::optional<AreaFormula>(std::move(*r));
    };
    if (s.kind == Source::Kind::kFormula) {
      f.value = JIAODU_TRY(compile(s.value));
      f.numerator = JIAODU_TRY(compile(s.numerator));
      f.denominator = JIAODU_TRY(compile(s.denominator));
    }
    f.weight = JIAODU_TRY(compile(ind.weight));
  }
  return cp;
}

namespace {

// Whether the area has the data a formula reads that year: its catalog's
// records, and the variables when it uses any (all NaN = no fitness data).
bool HasData(const AreaInput& in, const std::string& catalog, bool uses_variables) {
  if (uses_variables) {
    for (double v : in.variables) {
      if (!std::isnan(v)) return true;
    }
    return false;
  }
  auto it = in.catalogs.find(catalog);
  return it != in.catalogs.end() && !it->second.schools.empty();
}

Result<double> Run(const AreaFormula& f, const AreaInput& in, const std::string& catalog) {
  static const CatalogInput kEmpty;
  auto it = in.catalogs.find(catalog);
  const CatalogInput& c = it == in.catalogs.end() ? kEmpty : it->second;
  return f.Evaluate(c.schools, c.county, in.variables);
}

}  // namespace

Result<std::optional<YearValue>> CompiledPlan::Compute(size_t i, const AreaInput& in) const {
  const Indicator& ind = plan_->indicators[i];
  const Formulas& f = formulas_[i];
  if (ind.source.kind != Source::Kind::kFormula) return std::nullopt;
  if (!HasData(in, f.catalog, f.uses_variables)) return std::nullopt;
  YearValue yv;
  yv.year = in.year;
  if (f.value) {
    auto v = Run(*f.value, in, f.catalog);
    if (!v) return Fail(InIndicator(v.error(), ind));
    yv.value = *v;
    return yv;
  }
  auto n = Run(*f.numerator, in, f.catalog);
  if (!n) return Fail(InIndicator(n.error(), ind));
  auto d = Run(*f.denominator, in, f.catalog);
  if (!d) return Fail(InIndicator(d.error(), ind));
  if (!(*d > 0)) return std::optional<YearValue>();  // nothing to take a share of
  yv.numerator = *n;
  yv.denominator = *d;
  yv.value = ind.source.scale * *n / *d;
  return yv;
}

Result<std::optional<double>> CompiledPlan::Weight(size_t i, const AreaInput& in) const {
  const Formulas& f = formulas_[i];
  if (!f.weight || !HasData(in, f.catalog, f.uses_variables)) return std::optional<double>();
  auto w = Run(*f.weight, in, f.catalog);
  if (!w) return Fail(InIndicator(w.error(), plan_->indicators[i]));
  return std::optional<double>(*w);
}

}  // namespace jiaodu::plans
