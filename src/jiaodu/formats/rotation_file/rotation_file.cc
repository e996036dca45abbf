#include "jiaodu/formats/rotation_file/rotation_file.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>

#include "jiaodu/formats/standard_file/toml_util.h"

namespace jiaodu {
namespace {

using toml_util::Reporter;

const toml::table* Table(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  return n != nullptr ? n->as_table() : nullptr;
}

Result<const toml::table*> Required(const Reporter& rep, const toml::table& t, std::string_view key,
                                    std::string_view entry) {
  const toml::table* sub = Table(t, key);
  if (sub == nullptr) {
    return Fail(
        rep.At(&t, entry, fmt::format("缺少表 [{}]", key), fmt::format("missing table [{}]", key)));
  }
  return sub;
}

Result<double> Number(const Reporter& rep, const toml::table& t, std::string_view key,
                      std::string_view entry, double lo, double hi) {
  auto v = JIAODU_TRY(toml_util::Num(rep, t, key, entry));
  if (!v) {
    return Fail(
        rep.At(&t, entry, fmt::format("缺少“{}”", key), fmt::format("missing \"{}\"", key)));
  }
  if (!std::isfinite(*v) || *v < lo || *v > hi) {
    return Fail(rep.At(t.get(key), fmt::format("{}.{}", entry, key),
                       fmt::format("应在 {} 与 {} 之间", lo, hi),
                       fmt::format("must be within [{}, {}]", lo, hi)));
  }
  return *v;
}

// Every rule table carries its source and whether a province chose it.
Status AddSource(const Reporter& rep, const toml::table& t, std::string_view rule,
                 std::string_view entry, rotation::Rules& rules, bool source_required = true) {
  rotation::RuleSource src;
  src.rule = std::string(rule);
  src.text = JIAODU_TRY(toml_util::Txt(rep, t, "source", entry, source_required));
  src.province_choice = JIAODU_TRY(toml_util::Bool(rep, t, "province_choice", entry));
  rules.sources.push_back(std::move(src));
  return Ok();
}

// A rule table { value, source, province_choice }.
Result<int> RuleValue(const Reporter& rep, const toml::table& parent, std::string_view key,
                      std::string_view entry, rotation::Rules& rules) {
  const std::string e = fmt::format("{}.{}", entry, key);
  const toml::table* t = JIAODU_TRY(Required(rep, parent, key, entry));
  const toml::node* v = t->get("value");
  if (v == nullptr || !v->is_integer() || *v->value<int64_t>() < 0 || *v->value<int64_t>() > 100) {
    return Fail(rep.At(v != nullptr ? v : t, e, "value 应为 0 到 100 之间的整数",
                       "value must be an integer from 0 to 100"));
  }
  JIAODU_TRY_STATUS(AddSource(rep, *t, key, e, rules));
  return static_cast<int>(*v->value<int64_t>());
}

Result<rotation::Share> ShareOf(const Reporter& rep, const toml::table& root, std::string_view key,
                                rotation::Rules& rules) {
  const toml::table* t = JIAODU_TRY(Required(rep, root, key, key));
  const double v = JIAODU_TRY(Number(rep, *t, "share", key, 0, 1));
  auto share = rotation::ShareFromDecimal(v);
  if (!share) return Fail(rep.Wrap(t->get("share"), fmt::format("{}.share", key), share.error()));
  if (const toml::node* r = t->get("rounding"); r != nullptr && r->value<std::string>() != "ceil") {
    return Fail(rep.At(r, fmt::format("{}.rounding", key),
                       "目前只支持 \"ceil\"（向上取整，决定 R1）",
                       "only \"ceil\" is supported (decision R1)"));
  }
  JIAODU_TRY_STATUS(AddSource(rep, *t, key, key, rules));
  return *share;
}

Status Direction(const Reporter& rep, const toml::table& root, rotation::Rules& rules) {
  const toml::table* t = JIAODU_TRY(Required(rep, root, "direction", "direction"));
  const toml::node* allowed = t->get("allowed");
  auto bad = [&](const toml::node* n) {
    return Fail(
        rep.At(n != nullptr ? n : t, "direction.allowed",
               "应为 \"any\" 或 [[\"城区\", \"乡村\"], …] 形式的方向列表（城区、镇区、乡村）",
               "must be \"any\" or a list of [from, to] pairs of 城区/镇区/乡村"));
  };
  if (allowed != nullptr && allowed->value<std::string>() == "any") {
    for (auto& row : rules.direction) row.fill(true);
  } else if (const toml::array* pairs = allowed != nullptr ? allowed->as_array() : nullptr) {
    for (auto& row : rules.direction) row.fill(false);
    for (const toml::node& p : *pairs) {
      const toml::array* pair = p.as_array();
      if (pair == nullptr || pair->size() != 2) return bad(&p);
      auto from = rotation::ParseLocale((*pair)[0].value<std::string>().value_or(""));
      auto to = rotation::ParseLocale((*pair)[1].value<std::string>().value_or(""));
      if (!from || !to) return bad(&p);
      rules.direction[static_cast<size_t>(*from)][static_cast<size_t>(*to)] = true;
    }
  } else {
    return bad(allowed);
  }
  JIAODU_TRY_STATUS(AddSource(rep, *t, "direction", "direction", rules));
  return Ok();
}

Status Objective(const Reporter& rep, const toml::table& root, rotation::Weights& w) {
  const toml::table* t = Table(root, "objective");
  if (t == nullptr) return Ok();  // the defaults of rotation::Weights
  const std::pair<std::string_view, double*> keys[] = {
      {"shortfall_per_teacher", &w.shortfall_per_teacher},
      {"cv_excess", &w.cv_excess},
      {"cv_fail", &w.cv_fail},
      {"unmet_need_per_teacher", &w.unmet_need_per_teacher},
      {"move", &w.move},
      {"per_km", &w.per_km},
      {"flagged_out_of_failing", &w.flagged_out_of_failing}};
  for (const auto& [key, dst] : keys) {
    if (t->get(key) != nullptr) *dst = JIAODU_TRY(Number(rep, *t, key, "objective", 0, 1e9));
  }
  for (const auto& [key, node] : *t) {
    bool known = false;
    for (const auto& k : keys) known = known || k.first == key.str();
    if (!known) {
      return Fail(rep.At(&node, fmt::format("objective.{}", key.str()), "未知的权重名称",
                         "unknown weight"));
    }
  }
  return Ok();
}

}  // namespace

Result<rotation::Rules> ParseRotationRules(std::string_view text, std::string_view file_name) {
  Reporter rep{std::string(file_name), "rotation_file.invalid"};
  toml::table root = JIAODU_TRY(toml_util::ParseToml(text, std::string(file_name)));
  rotation::Rules rules;
  const toml::table* head = JIAODU_TRY(Required(rep, root, "rules", "rules"));
  rules.id = JIAODU_TRY(toml_util::Str(rep, *head, "id", "rules"));
  rules.title = JIAODU_TRY(toml_util::Txt(rep, *head, "title", "rules"));
  rules.quota = JIAODU_TRY(ShareOf(rep, root, "quota", rules));
  rules.backbone = JIAODU_TRY(ShareOf(rep, root, "backbone", rules));
  const toml::table* el = JIAODU_TRY(Required(rep, root, "eligibility", "eligibility"));
  rules.min_years_at_school =
      JIAODU_TRY(RuleValue(rep, *el, "min_years_at_school", "eligibility", rules));
  rules.min_years_to_retirement =
      JIAODU_TRY(RuleValue(rep, *el, "min_years_to_retirement", "eligibility", rules));
  rules.retirement_age = JIAODU_TRY(RuleValue(rep, *el, "retirement_age", "eligibility", rules));
  rules.no_move_within_years =
      JIAODU_TRY(RuleValue(rep, *el, "no_move_within_years", "eligibility", rules));
  JIAODU_TRY_STATUS(Direction(rep, root, rules));
  const toml::table* dist = JIAODU_TRY(Required(rep, root, "distance", "distance"));
  rules.max_km = JIAODU_TRY(Number(rep, *dist, "max_km", "distance", 0, 1e5));
  JIAODU_TRY_STATUS(AddSource(rep, *dist, "max_km", "distance", rules, false));
  JIAODU_TRY_STATUS(Objective(rep, root, rules.weights));
  return rules;
}

Result<rotation::Rules> LoadRotationRules(const std::filesystem::path& path) {
  const std::string text = JIAODU_TRY(toml_util::ReadFile(path));
  return ParseRotationRules(text, path.filename().string());
}

Result<rotation::Targets> TargetsFromStandard(const Standard& standard) {
  rotation::Targets t;
  const Stage stages[] = {Stage::kPrimary, Stage::kJunior};
  for (int i = 0; i < rotation::kIndicators; ++i) {
    const std::string_view id = rotation::IndicatorId(i);
    const Indicator* ind = nullptr;
    for (const Indicator& x : standard.indicators) {
      if (x.id == id) ind = &x;
    }
    if (ind == nullptr) {
      return Fail(
          ErrorCode::kFailedPrecondition, "rotation_file.no_target",
          Text(fmt::format("评估标准 {} 没有指标 {}，无法据此优化交流轮岗", standard.id, id),
               fmt::format("standard {} has no indicator {} to optimise the rotation for",
                           standard.id, id)));
    }
    for (size_t g = 0; g < rotation::kStages; ++g) {
      const double* v = ind->standard.Get(stages[g]);
      t.stage[g].threshold[static_cast<size_t>(i)] = v != nullptr ? *v : 0;
    }
  }
  for (size_t g = 0; g < rotation::kStages; ++g) {
    const double* c = standard.resource.cv_limit.Get(stages[g]);
    t.stage[g].cv_limit = c != nullptr ? *c : 0;
  }
  return t;
}

}  // namespace jiaodu
