#include "jiaodu/app/review_checks.h"

#include <fmt/format.h>

#include <cmath>

#include "jiaodu/domain/standards/context.h"
#include "jiaodu/domain/standards/expr.h"
#include "jiaodu/formats/standard_file/toml_util.h"

namespace jiaodu {

Result<ReviewChecks> LoadReviewChecks(const std::filesystem::path& file) {
  const std::string text = JIAODU_TRY(toml_util::ReadFile(file));
  const toml::table t = JIAODU_TRY(toml_util::ParseToml(text, file.string()));
  toml_util::Reporter rep(file.string(), "review.bad_checks");
  ReviewChecks c;
  auto factor = JIAODU_TRY(toml_util::Num(rep, t, "factor", "factor"));
  if (!factor || !(*factor > 1)) {
    return Fail(rep.At(t.get("factor"), "factor", "须为大于 1 的数", "must be a number above 1"));
  }
  c.factor = *factor;
  c.reason = JIAODU_TRY(toml_util::Txt(rep, t, "reason", "reason"));
  return c;
}

namespace {

Error Problem(std::string id, std::string zh, std::string en) {
  return Error{ErrorCode::kInvalidInput, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
}

std::string SectionLabel(std::string_view section) {
  if (section.empty()) return "学校";
  auto st = ParseStage(section);
  return st ? std::string(StageName(*st)) : std::string(section);
}

// Required fields and each value's kind and limits, as the importer checks
// a row (ValidateFieldValue is the same function).
void CheckValues(const FieldCatalog& c, const FieldValues& v, FieldLevel level,
                 std::optional<Stage> stage, std::vector<RecordProblem>& out) {
  const std::string section = stage ? std::string(StageKey(*stage)) : std::string();
  for (size_t i = 0; i < c.size(); ++i) {
    const FieldDef& f = c.at(i);
    if (f.level != level || (stage && !f.AppliesTo(*stage))) continue;
    if (!v.Has(i)) {
      if (f.required) {
        out.push_back(
            {{section, f.id},
             Problem("import.required",
                     fmt::format("{}：“{}”为必填项，不能为空", SectionLabel(section), f.name.zh),
                     fmt::format("{}: \"{}\" is required", section.empty() ? "school" : section,
                                 f.name.en))});
      }
      continue;
    }
    if (Status st = ValidateFieldValue(f, *v.Get(i)); !st) {
      Error e = st.error();
      e.message.zh = fmt::format("{}：{}", SectionLabel(section), e.message.zh);
      out.push_back({{section, f.id}, std::move(e)});
    }
  }
}

}  // namespace

std::vector<RecordProblem> CheckSchoolRecord(const Standard& standard, const SchoolYearRecord& r) {
  const FieldCatalog& c = *standard.catalog;
  std::vector<RecordProblem> out;
  CheckValues(c, r.values, FieldLevel::kSchool, std::nullopt, out);
  for (const SectionRecord& s : r.sections) {
    CheckValues(c, s.values, FieldLevel::kSection, s.stage, out);
  }
  // The catalog's cross-field rules through the engine's contexts (the
  // prorated split of shared resources included), as the importer and the
  // demo's own test apply them; a rule with a blank field is not checked.
  const SchoolYearRecord* one[] = {&r};
  std::vector<internal::SchoolView> views;
  internal::PrepareViews(standard, one, nullptr, views);
  if (views.size() != 1) return out;
  for (const FieldRule& rule : c.rules()) {
    if (rule.level == FieldLevel::kCounty) continue;
    const bool section = rule.level == FieldLevel::kSection;
    auto expr = Expr::Compile(rule.check, c, section ? ExprScope::kSection : ExprScope::kSchool);
    if (!expr) continue;  // validated when the catalog was loaded
    auto fail = [&](std::string where) {
      std::string zh = fmt::format("{}：{}", SectionLabel(where), rule.message.zh);
      out.push_back(
          {{std::move(where), ""}, Problem("import.rule", std::move(zh), rule.message.en)});
    };
    if (!section) {
      internal::SchoolContext ctx(c, views[0], nullptr);
      auto ok = expr->EvaluateBool(ctx);
      if (ok && !*ok) fail("");
      continue;
    }
    for (const internal::SectionView& sv : views[0].sections) {
      internal::SectionContext ctx(c, sv, nullptr);
      auto ok = expr->EvaluateBool(ctx);
      if (ok && !*ok) fail(std::string(StageKey(sv.record->stage)));
    }
  }
  return out;
}

std::vector<ChangeFlag> CrossYearFlags(const FieldCatalog& catalog, const SchoolYearRecord& now,
                                       const SchoolYearRecord& before, double factor) {
  std::vector<ChangeFlag> out;
  auto compare = [&](const FieldValues& a, const FieldValues& b, FieldLevel level,
                     const std::string& section) {
    for (size_t i = 0; i < catalog.size(); ++i) {
      if (catalog.at(i).level != level) continue;
      auto n = a.Get(i), o = b.Get(i);
      if (!n || !o || !(*n > 0) || !(*o > 0)) continue;
      if (*n > factor * *o || *n < *o / factor) {
        out.push_back({{section, catalog.at(i).id}, *o, *n});
      }
    }
  };
  compare(now.values, before.values, FieldLevel::kSchool, "");
  for (const SectionRecord& s : now.sections) {
    for (const SectionRecord& p : before.sections) {
      if (p.stage == s.stage) {
        compare(s.values, p.values, FieldLevel::kSection, std::string(StageKey(s.stage)));
      }
    }
  }
  return out;
}

}  // namespace jiaodu
