#include "jiaodu/formats/standard_file/standard_file.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "jiaodu/formats/standard_file/toml_util.h"

namespace jiaodu {
namespace {

using toml_util::Bool;
using toml_util::Int;
using toml_util::Num;
using toml_util::ParseToml;
using toml_util::ReadFile;
using toml_util::Reporter;
using toml_util::Str;
using toml_util::Txt;

Result<Stage> StageKeyOf(const Reporter& rep, const toml::node* n, std::string_view key,
                         std::string_view entry) {
  for (Stage s : kAllStages) {
    if (StageKey(s) == key || StageName(s) == key) return s;
  }
  return Fail(rep.At(
      n, entry, fmt::format("未知学段“{}”（应为 preschool、primary、junior 或 senior）", key),
      fmt::format("unknown stage \"{}\" (preschool, primary, junior or senior)", key)));
}

Result<CompareOp> Op(const Reporter& rep, const toml::table& t, std::string_view entry,
                     CompareOp dflt) {
  const toml::node* n = t.get("compare");
  if (n == nullptr) return dflt;
  std::string s = n->value<std::string>().value_or("");
  for (CompareOp op :
       {CompareOp::kGe, CompareOp::kGt, CompareOp::kLe, CompareOp::kLt, CompareOp::kEq}) {
    if (s == CompareOpKey(op) || s == CompareOpSymbol(op)) return op;
  }
  return Fail(rep.At(n, fmt::format("{}.compare", entry),
                     fmt::format("比较符“{}”无效（应为 >=、>、<=、<、==）", s),
                     fmt::format("invalid comparison \"{}\" (>=, >, <=, <, ==)", s)));
}

const toml::array* Array(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  return n == nullptr ? nullptr : n->as_array();
}

// A per-stage table of numbers: { primary = 4.2, junior = 5.3 }.
Result<PerStage<double>> StageNumbers(const Reporter& rep, const toml::node* n,
                                      std::string_view entry) {
  PerStage<double> out;
  const toml::table* t = n == nullptr ? nullptr : n->as_table();
  if (t == nullptr)
    return Fail(rep.At(n, entry, "应为按学段的表，如 { primary = 4.2, junior = 5.3 }",
                       "must be a per-stage table like { primary = 4.2, junior = 5.3 }"));
  for (const auto& [k, v] : *t) {
    Stage s = JIAODU_TRY(StageKeyOf(rep, &v, k.str(), entry));
    auto d = v.value<double>();
    if (!d)
      return Fail(rep.At(&v, fmt::format("{}.{}", entry, k.str()), "应为数字", "must be a number"));
    out.Set(s, *d);
  }
  return out;
}

Result<FieldLevel> LevelOf(const Reporter& rep, const toml::node* n, std::string_view s,
                           std::string_view entry) {
  if (s == "section") return FieldLevel::kSection;
  if (s == "school") return FieldLevel::kSchool;
  if (s == "county") return FieldLevel::kCounty;
  return Fail(rep.At(n, entry, fmt::format("层级“{}”无效（应为 section、school 或 county）", s),
                     fmt::format("invalid level \"{}\" (section, school or county)", s)));
}

Result<FieldDef> ParseField(const Reporter& rep, const toml::table& t, std::string_view entry) {
  FieldDef f;
  f.id = JIAODU_TRY(Str(rep, t, "id", entry));
  std::string e = fmt::format("{} ({})", entry, f.id);
  bool valid_id = !f.id.empty() && std::all_of(f.id.begin(), f.id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!valid_id)
    return Fail(rep.At(&t, e, "字段 id 只能包含小写字母、数字和下划线",
                       "ids are lowercase ascii, digits, _"));
  f.level = JIAODU_TRY(LevelOf(rep, &t, JIAODU_TRY(Str(rep, t, "level", e)), e));
  std::string kind = JIAODU_TRY(Str(rep, t, "kind", e));
  if (kind == "integer") {
    f.kind = FieldKind::kInteger;
  } else if (kind == "decimal") {
    f.kind = FieldKind::kDecimal;
  } else if (kind == "ratio") {
    f.kind = FieldKind::kRatio;
  } else {
    return Fail(rep.At(&t, e, fmt::format("类型“{}”无效（integer、decimal 或 ratio）", kind),
                       fmt::format("invalid kind \"{}\"", kind)));
  }
  f.name = JIAODU_TRY(Txt(rep, t, "name", e));
  f.unit = JIAODU_TRY(Txt(rep, t, "unit", e, false));
  f.stored_unit = JIAODU_TRY(Txt(rep, t, "stored_unit", e, false));
  if (f.stored_unit.zh.empty()) f.stored_unit = f.unit;
  f.group = Text::Same(JIAODU_TRY(Str(rep, t, "group", e, false)));
  f.pow10 = JIAODU_TRY(Int(rep, t, "pow10", e, 0));
  f.min = JIAODU_TRY(Num(rep, t, "min", e));
  f.max = JIAODU_TRY(Num(rep, t, "max", e));
  f.required = JIAODU_TRY(Bool(rep, t, "required", e));
  f.prorate = JIAODU_TRY(Bool(rep, t, "prorate", e));
  if (f.prorate && f.level != FieldLevel::kSchool) {
    return Fail(rep.At(&t, e, "只有学校级字段可以按学段分摊（prorate）",
                       "only school-level fields can be prorated"));
  }
  std::string agg = JIAODU_TRY(Str(rep, t, "aggregate", e, false));
  if (agg.empty() || agg == "sum") {
    f.aggregate = Aggregate::kSum;
  } else if (agg == "max") {
    f.aggregate = Aggregate::kMax;
  } else if (agg == "min") {
    f.aggregate = Aggregate::kMin;
  } else {
    return Fail(rep.At(&t, e, fmt::format("汇总方式“{}”无效（sum、max 或 min）", agg),
                       "invalid aggregate"));
  }
  if (const toml::array* stages = Array(t, "stages")) {
    for (const auto& s : *stages) {
      f.stages.push_back(JIAODU_TRY(StageKeyOf(rep, &s, s.value<std::string>().value_or(""), e)));
    }
  }
  f.help = JIAODU_TRY(Txt(rep, t, "help", e, false));
  f.source = JIAODU_TRY(Str(rep, t, "source", e, false));
  f.example = JIAODU_TRY(Str(rep, t, "example", e, false));
  return f;
}

Result<Expr> CompileAt(const Reporter& rep, const toml::node* n, std::string_view entry,
                       std::string_view text, const FieldCatalog& catalog, ExprScope scope) {
  auto e = Expr::Compile(text, catalog, scope);
  if (!e) return Fail(rep.Wrap(n, entry, e.error()));
  return std::move(*e);
}

}  // namespace

Result<std::shared_ptr<const FieldCatalog>> ParseCatalog(std::string_view text,
                                                         std::string_view file_name) {
  Reporter rep{std::string(file_name)};
  toml::table root = JIAODU_TRY(ParseToml(text, rep.file()));
  const toml::table* head = root["catalog"].as_table();
  if (head == nullptr)
    return Fail(rep.At(&root, "[catalog]", "缺少 [catalog] 表", "missing [catalog] table"));
  std::string id = JIAODU_TRY(Str(rep, *head, "id", "catalog"));
  Text title = JIAODU_TRY(Txt(rep, *head, "title", "catalog"));
  std::vector<FieldDef> fields;
  const toml::array* arr = Array(root, "fields");
  if (arr == nullptr || arr->empty())
    return Fail(rep.At(&root, "[[fields]]", "没有字段定义", "no fields defined"));
  for (size_t i = 0; i < arr->size(); ++i) {
    const toml::table* t = (*arr)[i].as_table();
    std::string entry = fmt::format("fields[{}]", i);
    if (t == nullptr) return Fail(rep.At(&(*arr)[i], entry, "应为表", "must be a table"));
    FieldDef f = JIAODU_TRY(ParseField(rep, *t, entry));
    for (const FieldDef& g : fields) {
      if (g.id == f.id)
        return Fail(rep.At(t, entry, fmt::format("字段 id “{}”重复", f.id), "duplicate field id"));
    }
    fields.push_back(std::move(f));
  }
  // English names of the column groups: [catalog.groups] 学生 = "Students".
  if (const toml::table* groups = head->get("groups") ? head->get("groups")->as_table() : nullptr) {
    for (FieldDef& f : fields) {
      if (const toml::node* en = groups->get(f.group.zh))
        f.group.en = en->value<std::string>().value_or(f.group.zh);
    }
  }
  auto catalog = std::make_shared<FieldCatalog>(id, title, std::move(fields));
  std::string weight = JIAODU_TRY(Str(rep, *head, "proration_weight", "catalog", false));
  if (!weight.empty()) {
    auto idx = catalog->IndexOf(weight);
    if (!idx || catalog->at(*idx).level != FieldLevel::kSection) {
      return Fail(rep.At(head, "catalog.proration_weight",
                         fmt::format("“{}”不是学段级字段", weight),
                         fmt::format("\"{}\" is not a section field", weight)));
    }
    catalog->set_proration_weight(*idx);
  }
  // The data collection, its stages and what a row is (see catalog.h).
  std::string dataset = JIAODU_TRY(Str(rep, *head, "dataset", "catalog", false));
  if (!dataset.empty()) catalog->set_dataset(std::move(dataset));
  if (head->get("stages") != nullptr) {
    std::vector<Stage> stages;
    if (const toml::array* sarr = Array(*head, "stages")) {
      for (const auto& sn : *sarr) {
        stages.push_back(JIAODU_TRY(
            StageKeyOf(rep, &sn, sn.value<std::string>().value_or(""), "catalog.stages")));
      }
    }
    catalog->set_stages(std::move(stages));
  }
  if (head->get("member_noun") != nullptr) {
    catalog->set_member_noun(JIAODU_TRY(Txt(rep, *head, "member_noun", "catalog")));
  }
  // [catalog.labels] "sheet.schools" = "幼儿园基本信息": presentation names.
  if (const toml::node* ln = head->get("labels")) {
    const toml::table* lt = ln->as_table();
    if (lt == nullptr) return Fail(rep.At(ln, "catalog.labels", "应为表", "must be a table"));
    std::unordered_map<std::string, std::string> labels;
    for (const auto& [k, v] : *lt) {
      auto sv = v.value<std::string>();
      if (!sv)
        return Fail(rep.At(&v, fmt::format("catalog.labels.{}", k.str()), "应为字符串",
                           "must be a string"));
      labels.emplace(std::string(k.str()), *sv);
    }
    catalog->set_labels(std::move(labels));
  }
  std::vector<FieldRule> rules;
  if (const toml::array* rarr = Array(root, "rules")) {
    for (size_t i = 0; i < rarr->size(); ++i) {
      const toml::table* t = (*rarr)[i].as_table();
      std::string entry = fmt::format("rules[{}]", i);
      if (t == nullptr) return Fail(rep.At(&(*rarr)[i], entry, "应为表", "must be a table"));
      FieldRule r;
      r.level = JIAODU_TRY(LevelOf(rep, t, JIAODU_TRY(Str(rep, *t, "level", entry)), entry));
      r.check = JIAODU_TRY(Str(rep, *t, "check", entry));
      r.message = JIAODU_TRY(Txt(rep, *t, "message", entry));
      ExprScope scope = r.level == FieldLevel::kSection  ? ExprScope::kSection
                        : r.level == FieldLevel::kSchool ? ExprScope::kSchool
                                                         : ExprScope::kCounty;
      // Compile once here so a typo fails at load, not at the first import.
      JIAODU_TRY(CompileAt(rep, t, entry, r.check, *catalog, scope));
      rules.push_back(std::move(r));
    }
  }
  catalog->set_rules(std::move(rules));
  return std::shared_ptr<const FieldCatalog>(std::move(catalog));
}

Result<std::shared_ptr<const FieldCatalog>> LoadCatalogFile(const std::filesystem::path& path) {
  std::string text = JIAODU_TRY(ReadFile(path));
  return ParseCatalog(text, path.string());
}

namespace {

Result<Check> ParseCheck(const Reporter& rep, const toml::table& t, std::string_view entry,
                         const FieldCatalog& catalog, const std::vector<Stage>& stages) {
  Check c;
  c.label = JIAODU_TRY(Txt(rep, t, "label", entry));
  std::string scope = JIAODU_TRY(Str(rep, t, "scope", entry));
  ExprScope expr_scope = ExprScope::kCounty;
  if (scope == "county") {
    c.scope = CheckScope::kCounty;
  } else if (scope == "school") {
    c.scope = CheckScope::kSchool;
    expr_scope = ExprScope::kSchool;
  } else if (scope == "section") {
    c.scope = CheckScope::kSection;
    expr_scope = ExprScope::kSection;
  } else {
    return Fail(rep.At(&t, entry, fmt::format("范围“{}”无效（county、school 或 section）", scope),
                       "invalid scope"));
  }
  std::string over = JIAODU_TRY(Str(rep, t, "over", entry, false));
  if (over == "schools") {
    c.over = MemberKind::kSchools;
  } else if (over.empty() || over == "sections") {
    c.over = MemberKind::kSections;
  } else {
    return Fail(
        rep.At(&t, entry, "over 应为 sections 或 schools", "over must be sections or schools"));
  }
  std::string where = JIAODU_TRY(Str(rep, t, "where", entry, false));
  if (!where.empty()) {
    // A county check's filter applies to the members it aggregates.
    ExprScope where_scope =
        c.scope == CheckScope::kCounty
            ? (c.over == MemberKind::kSchools ? ExprScope::kSchool : ExprScope::kSection)
            : expr_scope;
    c.where =
        JIAODU_TRY(CompileAt(rep, &t, fmt::format("{}.where", entry), where, catalog, where_scope));
  }
  c.value = JIAODU_TRY(CompileAt(rep, &t, fmt::format("{}.value", entry),
                                 JIAODU_TRY(Str(rep, t, "value", entry)), catalog, expr_scope));
  c.op = JIAODU_TRY(Op(rep, t, entry, CompareOp::kGe));
  const toml::node* th = t.get("threshold");
  if (th == nullptr) return Fail(rep.At(&t, entry, "缺少 threshold", "missing threshold"));
  if (auto d = th->value<double>()) {
    c.threshold = *d;
  } else if (auto s = th->value<std::string>()) {
    c.threshold_expr =
        JIAODU_TRY(CompileAt(rep, th, fmt::format("{}.threshold", entry), *s, catalog, expr_scope));
  } else if (th->is_table()) {
    c.stage_threshold = JIAODU_TRY(StageNumbers(rep, th, fmt::format("{}.threshold", entry)));
    for (Stage st : stages) {
      if (!c.stage_threshold.Has(st)) {
        return Fail(rep.At(th, entry, fmt::format("缺少{}的阈值", StageName(st)),
                           fmt::format("no threshold for {}", StageNameEn(st))));
      }
    }
    if (c.scope != CheckScope::kSection) {
      return Fail(rep.At(th, entry, "按学段的阈值只能用于 section 范围",
                         "per-stage thresholds need scope = section"));
    }
  } else {
    return Fail(rep.At(th, entry, "threshold 应为数字、公式或按学段的表",
                       "threshold must be a number, formula or table"));
  }
  if (c.scope == CheckScope::kSection) c.stages = stages;
  c.threshold_text = JIAODU_TRY(Txt(rep, t, "threshold_text", entry, false));
  c.unit = JIAODU_TRY(Txt(rep, t, "unit", entry, false));
  c.percent = JIAODU_TRY(Bool(rep, t, "percent", entry));
  c.decimals = JIAODU_TRY(Int(rep, t, "decimals", entry, 2));
  // "What it takes" levers: the check's value restated with a variable x.
  if (const toml::array* rems = Array(t, "remedies")) {
    if (c.scope != CheckScope::kCounty) {
      return Fail(
          rep.At(&t, entry, "remedies 只能用于 county 范围的检查", "remedies need scope = county"));
    }
    static const std::string kX[] = {"x"};
    for (size_t i = 0; i < rems->size(); ++i) {
      std::string rentry = fmt::format("{}.remedies[{}]", entry, i);
      const toml::table* rt = (*rems)[i].as_table();
      if (rt == nullptr) return Fail(rep.At(&(*rems)[i], rentry, "应为表", "must be a table"));
      CheckRemedy r;
      r.text = JIAODU_TRY(Txt(rep, *rt, "text", rentry));
      r.unit = JIAODU_TRY(Txt(rep, *rt, "unit", rentry, false));
      std::string value = JIAODU_TRY(Str(rep, *rt, "value", rentry));
      auto e = Expr::Compile(value, catalog, ExprScope::kCounty, kX);
      if (!e) return Fail(rep.Wrap(rt, rentry + ".value", e.error()));
      r.value = std::move(*e);
      std::string limit = JIAODU_TRY(Str(rep, *rt, "limit", rentry, false));
      if (!limit.empty()) {
        r.limit =
            JIAODU_TRY(CompileAt(rep, rt, rentry + ".limit", limit, catalog, ExprScope::kCounty));
      }
      c.remedies.push_back(std::move(r));
    }
  }
  return c;
}

}  // namespace

namespace {

Result<std::shared_ptr<Standard>> ParseStandardTable(const toml::table& root,
                                                     std::string_view file_name,
                                                     const CatalogResolver& catalogs) {
  Reporter rep{std::string(file_name)};
  auto st = std::make_shared<Standard>();
  st->source_file = std::string(file_name);
  const toml::table* head = root["standard"].as_table();
  if (head == nullptr)
    return Fail(rep.At(&root, "[standard]", "缺少 [standard] 表", "missing [standard] table"));
  st->id = JIAODU_TRY(Str(rep, *head, "id", "standard"));
  st->version = JIAODU_TRY(Str(rep, *head, "version", "standard"));
  st->title = JIAODU_TRY(Txt(rep, *head, "title", "standard"));
  st->short_title = JIAODU_TRY(Txt(rep, *head, "short_title", "standard", false));
  if (st->short_title.zh.empty()) st->short_title = st->title;
  st->report_title = JIAODU_TRY(Txt(rep, *head, "report_title", "standard", false));
  if (st->report_title.zh.empty()) st->report_title = st->short_title;
  st->document = JIAODU_TRY(Str(rep, *head, "document", "standard"));
  st->source = JIAODU_TRY(Str(rep, *head, "source", "standard", false));
  st->issuer = JIAODU_TRY(Str(rep, *head, "issuer", "standard", false));
  st->issued = JIAODU_TRY(Str(rep, *head, "issued", "standard", false));
  std::string catalog_id = JIAODU_TRY(Str(rep, *head, "catalog", "standard"));
  st->catalog = catalogs(catalog_id);
  if (!st->catalog) {
    return Fail(rep.At(head, "standard.catalog", fmt::format("找不到字段目录“{}”", catalog_id),
                       fmt::format("field catalog \"{}\" not found", catalog_id)));
  }
  const FieldCatalog& catalog = *st->catalog;
  if (const toml::array* stages = Array(*head, "stages")) {
    for (const auto& s : *stages) {
      st->stages.push_back(
          JIAODU_TRY(StageKeyOf(rep, &s, s.value<std::string>().value_or(""), "standard.stages")));
    }
  }
  if (st->stages.empty()) return Fail(rep.At(head, "standard.stages", "未指定学段", "no stages"));

  if (const toml::table* pol = root["policy"].as_table()) {
    if (auto v = JIAODU_TRY(Num(rep, *pol, "round_values", "policy"))) {
      st->policy.round_values_before_compare = static_cast<int>(*v);
    }
    if (auto v = JIAODU_TRY(Num(rep, *pol, "round_cv", "policy"))) {
      st->policy.round_cv_before_compare = static_cast<int>(*v);
    }
    st->policy.cv_display_decimals = JIAODU_TRY(Int(rep, *pol, "cv_display_decimals", "policy", 3));
  }

  if (const toml::array* ex = Array(root, "exclusions")) {
    for (size_t i = 0; i < ex->size(); ++i) {
      const toml::table* t = (*ex)[i].as_table();
      std::string entry = fmt::format("exclusions[{}]", i);
      if (t == nullptr) return Fail(rep.At(&(*ex)[i], entry, "应为表", "must be a table"));
      Exclusion e{JIAODU_TRY(CompileAt(rep, t, entry, JIAODU_TRY(Str(rep, *t, "when", entry)),
                                       catalog, ExprScope::kSection)),
                  JIAODU_TRY(Txt(rep, *t, "reason", entry)),
                  JIAODU_TRY(Str(rep, *t, "source", entry))};
      st->exclusions.push_back(std::move(e));
    }
  }

  const toml::table* res = root["resource"].as_table();
  if (res != nullptr) {
    ResourceRule& r = st->resource;
    r.min_meeting = JIAODU_TRY(Int(rep, *res, "min_meeting", "resource", 0));
    r.floor_ratio = JIAODU_TRY(Num(rep, *res, "floor_ratio", "resource")).value_or(0);
    if (res->get("cv_limit") != nullptr) {
      r.cv_limit = JIAODU_TRY(StageNumbers(rep, res->get("cv_limit"), "resource.cv_limit"));
    }
    if (res->get("composite_limit") != nullptr) {
      r.composite_limit =
          JIAODU_TRY(StageNumbers(rep, res->get("composite_limit"), "resource.composite_limit"));
    }
    r.cv_op = JIAODU_TRY(Op(rep, *res, "resource", CompareOp::kLe));
    if (const toml::node* c = res->get("cv_compare")) {
      toml::table tmp;
      tmp.insert("compare", c->value<std::string>().value_or(""));
      r.cv_op = JIAODU_TRY(Op(rep, tmp, "resource.cv_compare", CompareOp::kLe));
    }
    r.weight_field_id = JIAODU_TRY(Str(rep, *res, "weight", "resource"));
    auto w = catalog.IndexOf(r.weight_field_id);
    if (!w || catalog.at(*w).level != FieldLevel::kSection) {
      return Fail(rep.At(res, "resource.weight",
                         fmt::format("“{}”不是学段级字段", r.weight_field_id),
                         fmt::format("\"{}\" is not a section field", r.weight_field_id)));
    }
    r.weight_field = *w;
    r.school_rule_source = JIAODU_TRY(Str(rep, *res, "school_rule_source", "resource"));
    r.cv_source = JIAODU_TRY(Str(rep, *res, "cv_source", "resource"));
    r.composite_note = JIAODU_TRY(Txt(rep, *res, "composite_note", "resource", false));
    if (res->get("cv") != nullptr) r.compute_cv = JIAODU_TRY(Bool(rep, *res, "cv", "resource"));
    Text name = JIAODU_TRY(Txt(rep, *res, "name", "resource", false));
    if (!name.zh.empty()) st->resource_name = std::move(name);
  }

  // [parts] government = "政府保障情况": the standard's wording of a part.
  if (const toml::table* parts = root["parts"].as_table()) {
    for (auto&& [k, v] : *parts) {
      std::string key(k.str());
      if (key.ends_with("_en")) continue;
      auto part = ParseItemPart(key);
      if (!part) return Fail(rep.Wrap(&v, "parts." + key, part.error()));
      st->part_names[*part] = JIAODU_TRY(Txt(rep, *parts, key, "parts"));
    }
  }

  if (const toml::array* inds = Array(root, "indicators")) {
    for (size_t i = 0; i < inds->size(); ++i) {
      const toml::table* t = (*inds)[i].as_table();
      std::string entry = fmt::format("indicators[{}]", i);
      if (t == nullptr) return Fail(rep.At(&(*inds)[i], entry, "应为表", "must be a table"));
      Indicator ind;
      ind.id = JIAODU_TRY(Str(rep, *t, "id", entry));
      entry = fmt::format("{} ({})", entry, ind.id);
      ind.name = JIAODU_TRY(Txt(rep, *t, "name", entry));
      ind.short_name = JIAODU_TRY(Txt(rep, *t, "short_name", entry, false));
      if (ind.short_name.zh.empty()) ind.short_name = ind.name;
      ind.unit = JIAODU_TRY(Txt(rep, *t, "unit", entry, false));
      ind.op = JIAODU_TRY(Op(rep, *t, entry, CompareOp::kGe));
      ind.decimals = JIAODU_TRY(Int(rep, *t, "decimals", entry, 2));
      ind.source = JIAODU_TRY(Str(rep, *t, "source", entry));
      if (t->get("standard") != nullptr) {
        ind.standard = JIAODU_TRY(StageNumbers(rep, t->get("standard"), entry + ".standard"));
      }
      const toml::table* formulas = t->get("formula") ? t->get("formula")->as_table() : nullptr;
      if (formulas == nullptr)
        return Fail(rep.At(t, entry, "缺少按学段的 formula", "missing per-stage formula"));
      for (const auto& [k, v] : *formulas) {
        Stage s = JIAODU_TRY(StageKeyOf(rep, &v, k.str(), entry + ".formula"));
        auto text_v = v.value<std::string>();
        if (!text_v)
          return Fail(rep.At(&v, entry + ".formula", "公式应为字符串", "formula must be a string"));
        ind.formula.Set(
            s, JIAODU_TRY(CompileAt(rep, &v, fmt::format("{}.formula.{}", entry, k.str()), *text_v,
                                    catalog, ExprScope::kSection)));
      }
      if (const toml::node* defs = t->get("definition"); defs != nullptr && defs->is_table()) {
        for (const auto& [k, v] : *defs->as_table()) {
          Stage s = JIAODU_TRY(StageKeyOf(rep, &v, k.str(), entry + ".definition"));
          ind.definition_zh.Set(s, v.value<std::string>().value_or(""));
        }
      }
      // A per-school rule needs every indicator's threshold; a monitoring
      // standard (min_meeting = 0) measures dispersion only.
      for (Stage s : st->stages) {
        if (!ind.formula.Has(s) || (st->HasSchoolRule() && !ind.standard.Has(s))) {
          return Fail(rep.At(t, entry, fmt::format("缺少{}的公式或标准值", StageName(s)),
                             fmt::format("no formula or standard for {}", StageNameEn(s))));
        }
      }
      if (const toml::node* lv = t->get("lever"); lv != nullptr) {
        const toml::table* lt = lv->as_table();
        if (lt == nullptr) return Fail(rep.At(lv, entry + ".lever", "应为表", "must be a table"));
        Lever lever;
        lever.field_id = JIAODU_TRY(Str(rep, *lt, "field", entry + ".lever"));
        auto idx = catalog.IndexOf(lever.field_id);
        if (!idx) {
          return Fail(rep.At(lv, entry + ".lever", fmt::format("字段“{}”不存在", lever.field_id),
                             fmt::format("unknown field \"{}\"", lever.field_id)));
        }
        lever.field = *idx;
        lever.resource = JIAODU_TRY(Txt(rep, *lt, "resource", entry + ".lever"));
        lever.unit = JIAODU_TRY(Txt(rep, *lt, "unit", entry + ".lever"));
        lever.step = JIAODU_TRY(Num(rep, *lt, "step", entry + ".lever")).value_or(1);
        if (lever.step <= 0)
          return Fail(rep.At(lv, entry + ".lever.step", "应大于0", "must be > 0"));
        for (Stage s : st->stages) {
          const Expr* f = ind.formula.Get(s);
          bool reads = f != nullptr && std::find(f->fields().begin(), f->fields().end(),
                                                 lever.field) != f->fields().end();
          if (!reads) {
            return Fail(rep.At(
                lv, entry + ".lever",
                fmt::format("{}公式未使用字段“{}”", StageName(s), lever.field_id),
                fmt::format("the {} formula does not use \"{}\"", StageNameEn(s), lever.field_id)));
          }
          ind.lever.Set(s, lever);
        }
      }
      st->indicators.push_back(std::move(ind));
    }
  }
  if (!st->indicators.empty()) {
    if (st->resource.min_meeting < 0 ||
        st->resource.min_meeting > static_cast<int>(st->indicators.size())) {
      return Fail(rep.At(res, "resource.min_meeting", "应在 0 与指标数之间（0 表示不设单校规则）",
                         "must be between 0 (no per-school rule) and the indicator count"));
    }
    // Indicators nobody judges must be declared informational (cv = false,
    // as the preschool standard's per-kindergarten table): otherwise a
    // forgotten limit would silently leave resources out of the verdict.
    if (!st->JudgesResources() && st->resource.compute_cv) {
      return Fail(rep.At(res, "resource", "既无单校规则也无差异系数限值，无从判定",
                         "neither a per-school rule nor a CV limit: nothing to judge"));
    }
  }

  if (const toml::array* items = Array(root, "items")) {
    for (size_t i = 0; i < items->size(); ++i) {
      const toml::table* t = (*items)[i].as_table();
      std::string entry = fmt::format("items[{}]", i);
      if (t == nullptr) return Fail(rep.At(&(*items)[i], entry, "应为表", "must be a table"));
      Item item;
      item.id = JIAODU_TRY(Str(rep, *t, "id", entry));
      entry = fmt::format("{} ({})", entry, item.id);
      std::string part = JIAODU_TRY(Str(rep, *t, "part", entry));
      auto parsed_part = ParseItemPart(part);
      if (!parsed_part) return Fail(rep.Wrap(t, entry + ".part", parsed_part.error()));
      item.part = *parsed_part;
      item.text = JIAODU_TRY(Txt(rep, *t, "text", entry));
      item.needs_judgment = JIAODU_TRY(Bool(rep, *t, "judgment", entry));
      item.evidence_hint = JIAODU_TRY(Txt(rep, *t, "evidence_hint", entry, false));
      item.source = JIAODU_TRY(Str(rep, *t, "source", entry));
      item.note = JIAODU_TRY(Txt(rep, *t, "note", entry, false));
      if (const toml::array* checks = Array(*t, "checks")) {
        for (size_t k = 0; k < checks->size(); ++k) {
          const toml::table* ct = (*checks)[k].as_table();
          std::string centry = fmt::format("{}.checks[{}]", entry, k);
          if (ct == nullptr)
            return Fail(rep.At(&(*checks)[k], centry, "应为表", "must be a table"));
          item.checks.push_back(JIAODU_TRY(ParseCheck(rep, *ct, centry, catalog, st->stages)));
        }
      }
      if (item.checks.empty() && !item.needs_judgment) {
        return Fail(rep.At(t, entry, "事项既无可计算的检查项也不需评定",
                           "item has neither checks nor judgment"));
      }
      for (const Item& other : st->items) {
        if (other.id == item.id) return Fail(rep.At(t, entry, "事项 id 重复", "duplicate item id"));
      }
      st->items.push_back(std::move(item));
    }
  }

  if (const toml::array* vetoes = Array(root, "vetoes")) {
    for (size_t i = 0; i < vetoes->size(); ++i) {
      const toml::table* t = (*vetoes)[i].as_table();
      std::string entry = fmt::format("vetoes[{}]", i);
      if (t == nullptr) return Fail(rep.At(&(*vetoes)[i], entry, "应为表", "must be a table"));
      st->vetoes.push_back(Veto{JIAODU_TRY(Str(rep, *t, "id", entry)),
                                JIAODU_TRY(Txt(rep, *t, "text", entry)),
                                JIAODU_TRY(Str(rep, *t, "source", entry))});
    }
  }

  // [[goals]]: policy targets restating item checks with other thresholds.
  if (const toml::array* goals = Array(root, "goals")) {
    for (size_t i = 0; i < goals->size(); ++i) {
      const toml::table* t = (*goals)[i].as_table();
      std::string entry = fmt::format("goals[{}]", i);
      if (t == nullptr) return Fail(rep.At(&(*goals)[i], entry, "应为表", "must be a table"));
      Goal g;
      g.id = JIAODU_TRY(Str(rep, *t, "id", entry));
      entry = fmt::format("{} ({})", entry, g.id);
      g.name = JIAODU_TRY(Txt(rep, *t, "name", entry));
      g.note = JIAODU_TRY(Txt(rep, *t, "note", entry, false));
      g.source = JIAODU_TRY(Str(rep, *t, "source", entry));
      const toml::array* targets = Array(*t, "targets");
      if (targets == nullptr || targets->empty())
        return Fail(rep.At(t, entry, "目标没有 targets", "goal has no targets"));
      for (size_t k = 0; k < targets->size(); ++k) {
        const toml::table* tt = (*targets)[k].as_table();
        std::string tentry = fmt::format("{}.targets[{}]", entry, k);
        if (tt == nullptr) return Fail(rep.At(&(*targets)[k], tentry, "应为表", "must be a table"));
        GoalTarget target;
        target.item_id = JIAODU_TRY(Str(rep, *tt, "item", tentry));
        target.check = static_cast<size_t>(JIAODU_TRY(Int(rep, *tt, "check", tentry, 0)));
        auto th = JIAODU_TRY(Num(rep, *tt, "threshold", tentry));
        if (!th) return Fail(rep.At(tt, tentry, "缺少 threshold", "missing threshold"));
        target.threshold = *th;
        const Item* item = st->FindItem(target.item_id);
        if (item == nullptr || target.check >= item->checks.size() ||
            item->checks[target.check].scope != CheckScope::kCounty) {
          return Fail(rep.At(tt, tentry,
                             fmt::format("“{}”的检查项 check = {}（从 0 数起）不存在或不是县级检查",
                                         target.item_id, target.check),
                             fmt::format("check {} of \"{}\" is missing or not a county check",
                                         target.check, target.item_id)));
        }
        g.targets.push_back(std::move(target));
      }
      st->goals.push_back(std::move(g));
    }
  }

  if (const toml::array* decisions = Array(root, "decisions")) {
    for (size_t i = 0; i < decisions->size(); ++i) {
      const toml::table* t = (*decisions)[i].as_table();
      std::string entry = fmt::format("decisions[{}]", i);
      if (t == nullptr) return Fail(rep.At(&(*decisions)[i], entry, "应为表", "must be a table"));
      st->decisions.push_back(Decision{
          JIAODU_TRY(Str(rep, *t, "doubt", entry)), JIAODU_TRY(Txt(rep, *t, "topic", entry)),
          JIAODU_TRY(Txt(rep, *t, "decision", entry)), JIAODU_TRY(Txt(rep, *t, "reason", entry))});
    }
  }
  return st;
}

// ------------------------------------------------------------- variants --
// A variant file names its parent ([standard] extends = "cn-yzjh-2017") and
// gives only what differs. Merging is done on the TOML tables, before the
// one parser reads the result, so a variant can change anything a standard
// can say: entries of [[indicators]], [[items]], [[vetoes]] (by `id`) and
// [[decisions]] (by `doubt`) are merged key by key (an inner array such as
// an item's checks is replaced whole), new ids are appended, `remove = true`
// drops an entry; [resource], [policy] and [standard] merge key by key; any
// other array (exclusions) is replaced whole.

const std::map<std::string, std::string, std::less<>>& KeyedArrays() {
  static const std::map<std::string, std::string, std::less<>> k = {{"indicators", "id"},
                                                                    {"items", "id"},
                                                                    {"vetoes", "id"},
                                                                    {"goals", "id"},
                                                                    {"decisions", "doubt"}};
  return k;
}

void Assign(toml::table& t, std::string_view key, const toml::node& v) {
  v.visit([&](const auto& n) { t.insert_or_assign(std::string(key), n); });
}

void DeepMerge(toml::table& base, const toml::table& over) {
  for (auto&& [k, v] : over) {
    toml::node* b = base.get(k.str());
    if (b != nullptr && b->is_table() && v.is_table()) {
      DeepMerge(*b->as_table(), *v.as_table());
    } else {
      Assign(base, k.str(), v);
    }
  }
}

Result<toml::table> MergeVariant(const toml::table& parent, const toml::table& variant,
                                 const Reporter& rep) {
  toml::table out = parent;
  for (auto&& [k, v] : variant) {
    const std::string key(k.str());
    auto keyed = KeyedArrays().find(key);
    toml::array* base = out.get(key) != nullptr ? out.get(key)->as_array() : nullptr;
    if (keyed != KeyedArrays().end() && v.is_array() && base != nullptr) {
      for (const toml::node& e : *v.as_array()) {
        const toml::table* et = e.as_table();
        auto id = et != nullptr ? (*et)[keyed->second].value<std::string>() : std::nullopt;
        if (!id) {
          return Fail(rep.At(&e, key, fmt::format("变体条目缺少“{}”", keyed->second),
                             fmt::format("variant entry without \"{}\"", keyed->second)));
        }
        size_t found = base->size();
        for (size_t i = 0; i < base->size(); ++i) {
          const toml::table* bt = (*base)[i].as_table();
          if (bt != nullptr && (*bt)[keyed->second].value<std::string>() == id) found = i;
        }
        if ((*et)["remove"].value_or(false)) {
          if (found == base->size()) {
            return Fail(rep.At(&e, key, fmt::format("要删除的条目“{}”在上级标准中不存在", *id),
                               fmt::format("entry \"{}\" to remove is not in the parent", *id)));
          }
          base->erase(base->begin() + static_cast<std::ptrdiff_t>(found));
        } else if (found < base->size()) {
          DeepMerge(*(*base)[found].as_table(), *et);
        } else {
          base->push_back(*et);
        }
      }
      continue;
    }
    toml::node* b = out.get(key);
    if (b != nullptr && b->is_table() && v.is_table()) {
      DeepMerge(*b->as_table(), *v.as_table());
    } else {
      Assign(out, key, v);
    }
  }
  return out;
}

std::string Show(const toml::node* n) {
  if (n == nullptr) return "";
  std::ostringstream os;
  n->visit([&](const auto& x) { os << x; });
  return os.str();
}

// What a variant changes, entry by entry, for the standards page.
void Diff(const toml::node* a, const toml::node* b, const std::string& path, bool top,
          std::vector<VariantChange>& out) {
  if (a != nullptr && b != nullptr && a->is_table() && b->is_table()) {
    std::set<std::string> keys;
    for (auto&& [k, v] : *a->as_table()) keys.insert(std::string(k.str()));
    for (auto&& [k, v] : *b->as_table()) keys.insert(std::string(k.str()));
    for (const std::string& k : keys) {
      // Identity fields of [standard] differ by construction.
      if (path == "standard" && (k == "id" || k == "extends")) continue;
      // Children of the root are where the keyed arrays live.
      Diff(a->as_table()->get(k), b->as_table()->get(k), path.empty() ? k : path + "." + k,
           path.empty(), out);
    }
    return;
  }
  auto keyed = KeyedArrays().find(path);
  if (top && a != nullptr && b != nullptr && a->is_array() && b->is_array() &&
      keyed != KeyedArrays().end()) {
    auto key_of = [&](const toml::node& n) {
      const toml::table* t = n.as_table();
      return t != nullptr ? (*t)[keyed->second].value<std::string>().value_or("?")
                          : std::string("?");
    };
    std::map<std::string, const toml::node*> left;
    std::map<std::string, const toml::node*> right;
    for (const toml::node& n : *a->as_array()) left[key_of(n)] = &n;
    for (const toml::node& n : *b->as_array()) right[key_of(n)] = &n;
    for (const auto& [id, n] : left) {
      auto it = right.find(id);
      Diff(n, it == right.end() ? nullptr : it->second, fmt::format("{}[{}]", path, id), false,
           out);
    }
    for (const auto& [id, n] : right) {
      if (!left.count(id)) Diff(nullptr, n, fmt::format("{}[{}]", path, id), false, out);
    }
    return;
  }
  // Arrays of tables of the same length (an item's checks): element by
  // element, so the list says "checks[0].threshold: 6000 → 8000".
  if (a != nullptr && b != nullptr && a->is_array() && b->is_array() &&
      a->as_array()->size() == b->as_array()->size() && a->as_array()->is_array_of_tables() &&
      b->as_array()->is_array_of_tables()) {
    for (size_t i = 0; i < a->as_array()->size(); ++i) {
      Diff(&(*a->as_array())[i], &(*b->as_array())[i], fmt::format("{}[{}]", path, i), false, out);
    }
    return;
  }
  std::string sa = Show(a);
  std::string sb = Show(b);
  if (sa != sb) out.push_back(VariantChange{path, sa, sb});
}

}  // namespace

Result<std::shared_ptr<const Standard>> ParseStandard(std::string_view text,
                                                      std::string_view file_name,
                                                      const CatalogResolver& catalogs) {
  Reporter rep{std::string(file_name)};
  toml::table root = JIAODU_TRY(ParseToml(text, rep.file()));
  if (root["standard"]["extends"]) {
    return Fail(rep.At(&root, "standard.extends", "变体标准须与其上级标准一起由 LoadLibrary 加载",
                       "a variant must be loaded with its parent (LoadLibrary)"));
  }
  return std::shared_ptr<const Standard>(JIAODU_TRY(ParseStandardTable(root, file_name, catalogs)));
}

Result<std::shared_ptr<const Standard>> LoadStandardFile(const std::filesystem::path& path,
                                                         const CatalogResolver& catalogs) {
  std::string text = JIAODU_TRY(ReadFile(path));
  return ParseStandard(text, path.string(), catalogs);
}

const FieldCatalog* StandardLibrary::FindCatalog(std::string_view id) const {
  for (const auto& c : catalogs) {
    if (c->id() == id) return c.get();
  }
  return nullptr;
}

std::shared_ptr<const Standard> StandardLibrary::Find(std::string_view id) const {
  for (const auto& s : standards) {
    if (s->id == id) return s;
  }
  return nullptr;
}

Result<StandardLibrary> LoadLibrary(const std::filesystem::path& data_dir) {
  StandardLibrary lib;
  auto sorted_toml = [](const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".toml") out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto fields = sorted_toml(data_dir / "fields");
  if (fields.empty()) {
    return Fail(
        ErrorCode::kNotFound, "standard_file.no_data",
        Text(fmt::format("数据目录 {} 下没有字段目录文件（fields/*.toml）", data_dir.string()),
             fmt::format("no field catalogs (fields/*.toml) under {}", data_dir.string())));
  }
  for (const auto& p : fields) {
    auto c = JIAODU_TRY(LoadCatalogFile(p));
    if (lib.FindCatalog(c->id()) != nullptr) {
      return Fail(ErrorCode::kConflict, "standard_file.duplicate",
                  Text(fmt::format("字段目录 id “{}”重复（{}）", c->id(), p.string()),
                       fmt::format("duplicate catalog id \"{}\" ({})", c->id(), p.string())));
    }
    lib.catalogs.push_back(std::move(c));
  }
  CatalogResolver resolve = [&lib](std::string_view id) -> std::shared_ptr<const FieldCatalog> {
    for (const auto& c : lib.catalogs) {
      if (c->id() == id) return c;
    }
    return nullptr;
  };
  // Standards: read every file, then resolve `extends` chains (a variant
  // may extend a variant) and parse each merged table.
  struct Raw {
    std::filesystem::path path;
    toml::table table;
    std::string id;
    std::string parent;
  };
  std::vector<Raw> raws;
  for (const auto& p : sorted_toml(data_dir / "standards")) {
    std::string text = JIAODU_TRY(ReadFile(p));
    Raw r{p, JIAODU_TRY(ParseToml(text, p.string())), "", ""};
    r.id = r.table["standard"]["id"].value_or(std::string());
    r.parent = r.table["standard"]["extends"].value_or(std::string());
    for (const Raw& other : raws) {
      if (!r.id.empty() && other.id == r.id) {
        return Fail(ErrorCode::kConflict, "standard_file.duplicate",
                    Text(fmt::format("标准 id “{}”重复（{}）", r.id, p.string()),
                         fmt::format("duplicate standard id \"{}\" ({})", r.id, p.string())));
      }
    }
    raws.push_back(std::move(r));
  }
  std::map<std::string, toml::table> merged;
  std::function<Result<const toml::table*>(const Raw&, int)> resolve_table =
      [&](const Raw& r, int depth) -> Result<const toml::table*> {
    if (auto it = merged.find(r.id); it != merged.end()) return &it->second;
    Reporter rep{r.path.string()};
    if (r.parent.empty()) return &merged.emplace(r.id, r.table).first->second;
    if (depth > 8) {
      return Fail(rep.At(&r.table, "standard.extends", "上级标准链过长或循环",
                         "extends chain too long or circular"));
    }
    const Raw* parent = nullptr;
    for (const Raw& o : raws) {
      if (o.id == r.parent) parent = &o;
    }
    if (parent == nullptr) {
      return Fail(rep.At(&r.table, "standard.extends", fmt::format("上级标准“{}”不存在", r.parent),
                         fmt::format("parent standard \"{}\" not found", r.parent)));
    }
    const toml::table* base = JIAODU_TRY(resolve_table(*parent, depth + 1));
    toml::table m = JIAODU_TRY(MergeVariant(*base, r.table, rep));
    return &merged.emplace(r.id, std::move(m)).first->second;
  };
  for (const Raw& r : raws) {
    const toml::table* table = JIAODU_TRY(resolve_table(r, 0));
    auto st = JIAODU_TRY(ParseStandardTable(*table, r.path.string(), resolve));
    st->parent_id = r.parent;
    st->family_id = r.id;
    for (std::string p = r.parent; !p.empty();) {
      st->family_id = p;
      std::string next;
      for (const Raw& o : raws) {
        if (o.id == p) next = o.parent;
      }
      p = next;
    }
    if (!r.parent.empty()) Diff(&merged.at(r.parent), table, "", true, st->changes);
    lib.standards.push_back(std::move(st));
  }
  return lib;
}

}  // namespace jiaodu
