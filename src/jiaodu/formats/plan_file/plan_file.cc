#include "jiaodu/formats/plan_file/plan_file.h"

#include <fmt/format.h>

#include <algorithm>

#include "jiaodu/formats/standard_file/toml_util.h"

namespace jiaodu {

using plans::Indicator;
using plans::Plan;
using toml_util::Reporter;

namespace {

// [year, value] pairs: baseline = [2020, 50.15].
Result<std::optional<std::pair<int, double>>> YearValue(const Reporter& rep, const toml::table& t,
                                                        std::string_view key,
                                                        std::string_view entry) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  const toml::array* a = n->as_array();
  if (a == nullptr || a->size() != 2 || !(*a)[0].is_integer() || !(*a)[1].is_number()) {
    return Fail(rep.At(n, entry, fmt::format("{} 应写成 [年份, 数值]，如 [2020, 50.15]", key),
                       fmt::format("{} must be [year, value], e.g. [2020, 50.15]", key)));
  }
  return std::make_pair(static_cast<int>(*(*a)[0].value<int64_t>()), *(*a)[1].value<double>());
}

Result<Indicator> ReadIndicator(const Reporter& rep, const toml::table& t, size_t index) {
  Indicator ind;
  std::string entry = fmt::format("indicators[{}]", index);
  ind.id = JIAODU_TRY(toml_util::Str(rep, t, "id", entry));
  entry = fmt::format("指标 {}", ind.id);
  ind.name = JIAODU_TRY(toml_util::Txt(rep, t, "name", entry));
  ind.unit = JIAODU_TRY(toml_util::Str(rep, t, "unit", entry, false));
  ind.group = JIAODU_TRY(toml_util::Str(rep, t, "group", entry, false));
  ind.note = JIAODU_TRY(toml_util::Str(rep, t, "note", entry, false));
  auto attr = plans::ParseAttribute(JIAODU_TRY(toml_util::Str(rep, t, "attribute", entry, false)));
  if (!attr) return Fail(rep.Wrap(t.get("attribute"), entry, attr.error()));
  ind.attribute = *attr;
  const std::string cmp = JIAODU_TRY(toml_util::Str(rep, t, "comparison", entry, false));
  auto c = plans::ParseComparison(cmp.empty() ? "≥" : cmp);
  if (!c) return Fail(rep.Wrap(t.get("comparison"), entry, c.error()));
  ind.comparison = *c;
  const std::string better = JIAODU_TRY(toml_util::Str(rep, t, "better", entry, false));
  if (!better.empty() && better != "higher" && better != "lower") {
    return Fail(rep.At(t.get("better"), entry, "better 应为 higher 或 lower",
                       "better must be higher or lower"));
  }
  ind.higher_better = better != "lower" && ind.comparison != plans::Comparison::kAtMost;
  ind.decimals = JIAODU_TRY(toml_util::Int(rep, t, "decimals", entry, 2));
  if (auto b = JIAODU_TRY(YearValue(rep, t, "baseline", entry))) {
    ind.baseline_year = b->first;
    ind.baseline = b->second;
  }
  auto target = JIAODU_TRY(YearValue(rep, t, "target", entry));
  if (!target) {
    return Fail(
        rep.At(&t, entry, "缺少 target = [目标年份, 目标值]", "target = [year, value] is missing"));
  }
  ind.target_year = target->first;
  ind.target = target->second;
  if (const toml::array* ms = t["milestones"].as_array()) {
    for (const toml::node& m : *ms) {
      const toml::array* a = m.as_array();
      if (a == nullptr || a->size() != 2 || !(*a)[0].is_integer() || !(*a)[1].is_number()) {
        return Fail(rep.At(&m, entry, "milestones 应写成 [[年份, 数值], ...]",
                           "milestones must be [[year, value], ...]"));
      }
      ind.milestones.push_back(
          {static_cast<int>(*(*a)[0].value<int64_t>()), *(*a)[1].value<double>()});
    }
  }
  const std::string level = JIAODU_TRY(toml_util::Str(rep, t, "level", entry, false));
  if (level == "counties") {
    ind.level = plans::Level::kCounties;
  } else if (!level.empty() && level != "area") {
    return Fail(rep.At(t.get("level"), entry, "level 应为 area 或 counties",
                       "level must be area or counties"));
  }
  if (const toml::table* ct = t["county_targets"].as_table()) {
    for (const auto& [code, v] : *ct) {
      if (!v.is_number()) {
        return Fail(rep.At(&v, entry, fmt::format("县 {} 的目标值应为数字", code.str()),
                           fmt::format("the target of county {} must be a number", code.str())));
      }
      ind.county_targets[std::string(code.str())] = *v.value<double>();
    }
  }
  ind.rollup = JIAODU_TRY(toml_util::Str(rep, t, "rollup", entry, false));
  ind.weight = JIAODU_TRY(toml_util::Str(rep, t, "weight", entry, false));

  if (const toml::table* s = t["source"].as_table()) {
    plans::Source& src = ind.source;
    src.kind = plans::Source::Kind::kFormula;
    src.catalog = JIAODU_TRY(toml_util::Str(rep, *s, "catalog", entry, false));
    src.members = JIAODU_TRY(toml_util::Str(rep, *s, "members", entry, false));
    src.where = JIAODU_TRY(toml_util::Str(rep, *s, "where", entry, false));
    src.value = JIAODU_TRY(toml_util::Str(rep, *s, "value", entry, false));
    src.numerator = JIAODU_TRY(toml_util::Str(rep, *s, "numerator", entry, false));
    src.denominator = JIAODU_TRY(toml_util::Str(rep, *s, "denominator", entry, false));
    src.scale = JIAODU_TRY(toml_util::Num(rep, *s, "scale", entry)).value_or(1.0);
    src.gap_unit = JIAODU_TRY(toml_util::Txt(rep, *s, "gap_unit", entry, false));
  }
  return ind;
}

}  // namespace

Result<std::shared_ptr<const Plan>> ParsePlan(std::string_view toml_text,
                                              std::string_view file_name) {
  const std::string file(file_name);
  Reporter rep(file, "plan_file.invalid");
  toml::table root = JIAODU_TRY(toml_util::ParseToml(toml_text, file));
  const toml::table* head = root["plan"].as_table();
  if (head == nullptr) {
    return Fail(rep.At(nullptr, "[plan]", "缺少 [plan] 表（规划名称、文号、区域、规划期）",
                       "the [plan] table (name, document, area, period) is missing"));
  }
  auto plan = std::make_shared<Plan>();
  plan->id = JIAODU_TRY(toml_util::Str(rep, *head, "id", "[plan]"));
  plan->name = JIAODU_TRY(toml_util::Txt(rep, *head, "name", "[plan]"));
  plan->issuer = JIAODU_TRY(toml_util::Str(rep, *head, "issuer", "[plan]", false));
  plan->doc_number = JIAODU_TRY(toml_util::Str(rep, *head, "doc_number", "[plan]", false));
  plan->area = JIAODU_TRY(toml_util::Str(rep, *head, "area", "[plan]"));
  plan->source = JIAODU_TRY(toml_util::Str(rep, *head, "source", "[plan]", false));
  const toml::array* period = (*head)["period"].as_array();
  if (period == nullptr || period->size() != 2 || !(*period)[0].is_integer() ||
      !(*period)[1].is_integer()) {
    return Fail(rep.At(head, "[plan]", "period 应写成 [起始年份, 截止年份]，如 [2021, 2025]",
                       "period must be [start year, end year], e.g. [2021, 2025]"));
  }
  plan->start_year = static_cast<int>(*(*period)[0].value<int64_t>());
  plan->end_year = static_cast<int>(*(*period)[1].value<int64_t>());
  if (const toml::array* inds = root["indicators"].as_array()) {
    for (size_t i = 0; i < inds->size(); ++i) {
      const toml::table* t = (*inds)[i].as_table();
      if (t == nullptr) continue;
      plan->indicators.push_back(JIAODU_TRY(ReadIndicator(rep, *t, i)));
    }
  }
  if (auto ok = plans::Validate(*plan); !ok) {
    Error e = ok.error();
    e.where.file = file;
    return Fail(std::move(e));
  }
  return std::shared_ptr<const Plan>(std::move(plan));
}

Result<std::shared_ptr<const Plan>> LoadPlanFile(const std::filesystem::path& path) {
  std::string text = JIAODU_TRY(toml_util::ReadFile(path));
  return ParsePlan(text, path.filename().string());
}

Result<std::vector<std::shared_ptr<const Plan>>> LoadPlanDir(const std::filesystem::path& dir) {
  std::vector<std::shared_ptr<const Plan>> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) out.push_back(JIAODU_TRY(LoadPlanFile(f)));
  return out;
}

}  // namespace jiaodu
