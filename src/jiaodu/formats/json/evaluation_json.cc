#include "jiaodu/formats/json/evaluation_json.h"

#include <cmath>

namespace jiaodu::wire {
namespace {

using nlohmann::json;

json Num(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

json Texts(const std::vector<Text>& v) {
  json out = json::array();
  for (const Text& t : v) out.push_back(ToJson(t));
  return out;
}

json Verdict(jiaodu::Verdict v) { return std::string(VerdictKey(v)); }

// Type, 城乡 and 办学性质 as keys plus their Chinese names.
void AddKinds(json& out, SchoolType type, Locale locale, Ownership ownership) {
  out["type"] = SchoolTypeKey(type);
  out["type_zh"] = SchoolTypeName(type);
  out["type_en"] = SchoolTypeNameEn(type);
  out["locale"] = LocaleKey(locale);
  out["locale_zh"] = LocaleName(locale);
  out["locale_en"] = LocaleNameEn(locale);
  out["ownership"] = OwnershipKey(ownership);
  out["ownership_zh"] = OwnershipName(ownership);
  out["ownership_en"] = OwnershipNameEn(ownership);
}

json PerStageJson(const PerStage<double>& p) {
  json out = json::object();
  for (Stage s : kAllStages) {
    if (const double* v = p.Get(s)) out[std::string(StageKey(s))] = *v;
  }
  return out;
}

json ChangeJson(const Change& c) {
  return json{{"school", c.school_code},
              {"name", c.school_name},
              {"stage", StageKey(c.stage)},
              {"indicator", c.indicator_id},
              {"field", c.field_id},
              {"resource", ToJson(c.resource)},
              {"unit", ToJson(c.unit)},
              {"amount", c.amount},
              {"from", c.from_value},
              {"to", c.to_value},
              {"target", ChangeTargetKey(c.target)}};
}

json Changes(const std::vector<Change>& v) {
  json out = json::array();
  for (const Change& c : v) out.push_back(ChangeJson(c));
  return out;
}

json SectionJson(const SectionResult& s) {
  json values = json::array();
  for (const IndicatorValue& iv : s.indicators) {
    values.push_back(json{
        {"indicator", iv.id},
        {"value", Num(iv.value)},
        {"standard", Num(iv.standard)},
        {"floor", Num(iv.floor)},
        {"ratio", Num(iv.ratio)},
        {"status", IndicatorStatusKey(iv.status)},
        {"problem", iv.status == IndicatorStatus::kMissing ? ToJson(iv.missing_reason) : json()}});
  }
  json out = json{{"school", s.school_code}, {"name", s.school_name}};
  AddKinds(out, s.type, s.locale, s.ownership);
  out.update(json{{"stage", StageKey(s.stage)},
                  {"students", Num(s.students)},
                  {"verdict", Verdict(s.verdict)},
                  {"meeting", s.meeting},
                  {"below_standard", s.below_standard},
                  {"below_floor", s.below_floor},
                  {"missing", s.missing},
                  {"values", values},
                  {"reasons", Texts(s.reasons)},
                  {"remedy", Changes(s.remedy)},
                  {"remedy_complete", s.remedy_complete}});
  return out;
}

json CvJson(const CvResult& c, bool detail) {
  json out{{"indicator", c.indicator_id},
           {"mean", Num(c.mean)},
           {"sd", Num(c.sd)},
           {"cv", Num(c.cv)},
           {"limit", Num(c.limit)},
           {"verdict", Verdict(c.verdict)},
           {"schools", c.schools},
           {"missing", c.schools_missing},
           {"students", c.students}};
  out["problem"] = c.problem.zh.empty() ? json() : ToJson(c.problem);
  if (!detail) return out;
  json drivers = json::array();
  for (const CvDriver& d : c.drivers) {
    drivers.push_back(json{{"school", d.school_code},
                           {"name", d.school_name},
                           {"value", d.value},
                           {"weight_share", d.weight_share},
                           {"share", d.share},
                           {"above_mean", d.above_mean}});
  }
  out["drivers"] = drivers;
  out["remedy"] = c.target_level ? json{{"target_level", *c.target_level},
                                        {"cv_after", Num(c.cv_after)},
                                        {"changes", Changes(c.remedy)}}
                                 : json();
  return out;
}

json PlanJson(const PassPlan& p) {
  json totals = json::array();
  for (const auto& t : p.totals) {
    totals.push_back(json{{"field", t.field_id},
                          {"resource", ToJson(t.resource)},
                          {"unit", ToJson(t.unit)},
                          {"amount", t.amount},
                          {"schools", t.schools}});
  }
  return json{{"needed", p.needed},
              {"verified", p.verified},
              {"note", p.note.zh.empty() ? json() : ToJson(p.note)},
              {"totals", totals},
              {"changes", Changes(p.changes)}};
}

json StageJson(const StageResult& sr, bool detail) {
  json cvs = json::array();
  for (const CvResult& c : sr.cvs) cvs.push_back(CvJson(c, detail));
  json out{{"stage", StageKey(sr.stage)},
           {"stage_zh", StageName(sr.stage)},
           {"schools", sr.schools},
           {"students", sr.students},
           {"verdict", Verdict(sr.verdict)},
           {"schools_verdict", Verdict(sr.schools_verdict)},
           {"cv_verdict", Verdict(sr.cv_verdict)},
           {"passing", sr.schools_passing},
           {"failing", sr.schools_failing},
           {"incomplete", sr.schools_incomplete},
           {"composite_cv", Num(sr.composite_cv)},
           {"composite_limit", Num(sr.composite_limit)},
           {"composite_verdict", Verdict(sr.composite_verdict)},
           {"composite_cap", Num(sr.composite_cap)},
           {"composite_after", Num(sr.composite_after)},
           {"reasons", Texts(sr.reasons)},
           {"cvs", cvs}};
  if (detail) {
    json sections = json::array();
    for (const SectionResult& s : sr.sections) sections.push_back(SectionJson(s));
    out["sections"] = sections;
    out["plan"] = PlanJson(sr.plan);
  }
  return out;
}

json Remedies(const std::vector<CheckRemedyResult>& remedies) {
  json out = json::array();
  for (const CheckRemedyResult& r : remedies) {
    out.push_back(json{{"text", ToJson(r.text)},
                       {"unit", ToJson(r.unit)},
                       {"amount", r.amount ? json(*r.amount) : json()},
                       {"value_after", r.value_after ? json(*r.value_after) : json()},
                       {"limit", r.limit ? json(*r.limit) : json()},
                       {"problem", r.problem.zh.empty() ? json() : ToJson(r.problem)}});
  }
  return out;
}

json CheckJson(const CheckResult& c) {
  auto failures = [](const std::vector<CheckFailure>& v) {
    json out = json::array();
    for (const CheckFailure& f : v) {
      out.push_back(json{{"school", f.school_code},
                         {"name", f.school_name},
                         {"stage", f.stage ? json(StageKey(*f.stage)) : json()},
                         {"value", Num(f.value)},
                         {"required", Num(f.required)},
                         {"problem", f.problem.zh.empty() ? json() : ToJson(f.problem)}});
    }
    return out;
  };
  std::string scope = c.scope == CheckScope::kCounty   ? "county"
                      : c.scope == CheckScope::kSchool ? "school"
                                                       : "section";
  return json{
      {"label", ToJson(c.label)},
      {"scope", scope},
      {"value", Num(c.value)},
      {"threshold", Num(c.threshold)},
      {"threshold_by_stage", PerStageJson(c.stage_threshold)},
      {"threshold_formula", c.threshold_formula.empty() ? json() : json(c.threshold_formula)},
      {"threshold_text", c.threshold_text.zh.empty() ? json() : ToJson(c.threshold_text)},
      {"op", CompareOpKey(c.op)},
      {"op_symbol", CompareOpSymbol(c.op)},
      {"percent", c.percent},
      {"decimals", c.decimals},
      {"unit", ToJson(c.unit)},
      {"verdict", Verdict(c.verdict)},
      {"problem", c.problem.zh.empty() ? json() : ToJson(c.problem)},
      {"members", c.members},
      {"failing", failures(c.failing)},
      {"missing", failures(c.missing)},
      {"remedies", Remedies(c.remedies)}};
}

json Changes(const std::vector<VariantChange>& changes) {
  json out = json::array();
  for (const VariantChange& c : changes) {
    out.push_back(
        json{{"entry", c.entry}, {"parent", c.parent_value}, {"variant", c.variant_value}});
  }
  return out;
}

json Goals(const std::vector<GoalResult>& goals) {
  json out = json::array();
  for (const GoalResult& g : goals) {
    json targets = json::array();
    for (const GoalTargetResult& t : g.targets) {
      targets.push_back(json{{"item", t.item_id},
                             {"label", ToJson(t.label)},
                             {"value", t.value ? json(*t.value) : json()},
                             {"threshold", t.threshold},
                             {"op", CompareOpKey(t.op)},
                             {"op_symbol", CompareOpSymbol(t.op)},
                             {"percent", t.percent},
                             {"decimals", t.decimals},
                             {"verdict", Verdict(t.verdict)},
                             {"remedies", Remedies(t.remedies)}});
    }
    out.push_back(json{{"id", g.id},
                       {"name", ToJson(g.name)},
                       {"note", ToJson(g.note)},
                       {"verdict", Verdict(g.verdict)},
                       {"targets", targets}});
  }
  return out;
}

// The parts the standard has, in report order, named its way.
json PartList(const CountyEvaluation& e) {
  json out = json::array();
  for (const PartVerdict& p : e.parts) {
    out.push_back(json{{"key", p.key}, {"name", ToJson(p.name)}, {"verdict", Verdict(p.verdict)}});
  }
  return out;
}

json Parts(const CountyEvaluation& e) {
  return json{
      {"coverage", Verdict(e.coverage_verdict)},       {"resource", Verdict(e.resource_verdict)},
      {"government", Verdict(e.government_verdict)},   {"quality", Verdict(e.quality_verdict)},
      {"recognition", Verdict(e.recognition_verdict)}, {"veto", Verdict(e.veto_verdict)}};
}

}  // namespace

json ToJson(const Text& t) { return json{{"zh", t.zh}, {"en", t.en}}; }

json ToJson(const Error& e) {
  return json{{"code", ErrorCodeName(e.code)},
              {"id", e.id},
              {"message", ToJson(e.message)},
              {"file", e.where.file},
              {"sheet", e.where.sheet},
              {"row", e.where.row},
              {"column", e.where.column},
              {"value", e.where.value},
              {"text", ToJson(Text(e.Describe(false), e.Describe(true)))}};
}

json ToJson(const Area& a) {
  return json{{"code", a.code},
              {"name", a.name},
              {"level", AreaLevelKey(a.level)},
              {"level_zh", AreaLevelName(a.level)},
              {"parent", a.parent_code.empty() ? json() : json(a.parent_code)}};
}

json ToJson(const School& s) {
  json out{{"code", s.code},
           {"name", s.name},
           {"county", s.county},
           {"town", s.town},
           {"boarding", s.boarding}};
  AddKinds(out, s.type, s.locale, s.ownership);
  return out;
}

json ToJson(const AcademicYear& y) {
  return json{{"start", y.start()}, {"label", y.Label()}, {"label_en", y.LabelEn()}};
}

json ToJson(const Standard& s) {
  json stages = json::array();
  for (Stage st : s.stages)
    stages.push_back(json{{"stage", StageKey(st)}, {"zh", StageName(st)}, {"en", StageNameEn(st)}});
  json indicators = json::array();
  for (const Indicator& ind : s.indicators) {
    json floor = json::object();
    json definition = json::object();
    for (Stage st : s.stages) {
      // The engine's own floor (standard × ratio, or ÷ for "≤" indicators);
      // null when the standard tolerates no shortfall (floor_ratio 0).
      if (ind.standard.Has(st)) floor[std::string(StageKey(st))] = Num(s.FloorOf(ind, st));
      if (const std::string* d = ind.definition_zh.Get(st))
        definition[std::string(StageKey(st))] = *d;
    }
    json formula = json::object();
    for (Stage st : s.stages) {
      if (const Expr* f = ind.formula.Get(st)) formula[std::string(StageKey(st))] = f->text();
    }
    indicators.push_back(json{{"id", ind.id},
                              {"name", ToJson(ind.name)},
                              {"short_name", ToJson(ind.short_name)},
                              {"unit", ToJson(ind.unit)},
                              {"standard", PerStageJson(ind.standard)},
                              {"floor", floor},
                              {"op", CompareOpKey(ind.op)},
                              {"op_symbol", CompareOpSymbol(ind.op)},
                              {"decimals", ind.decimals},
                              {"formula", formula},
                              {"definition", definition},
                              {"source", ind.source}});
  }
  json items = json::array();
  for (const Item& it : s.items) {
    json checks = json::array();
    for (const Check& c : it.checks) {
      json remedies = json::array();
      for (const CheckRemedy& r : c.remedies) {
        remedies.push_back(json{{"text", ToJson(r.text)},
                                {"unit", ToJson(r.unit)},
                                {"value", r.value.text()},
                                {"limit", r.limit ? json(r.limit->text()) : json()}});
      }
      checks.push_back(json{{"label", ToJson(c.label)},
                            {"value", c.value.text()},
                            {"threshold", c.threshold ? json(*c.threshold) : json()},
                            {"threshold_text", ToJson(c.threshold_text)},
                            {"op_symbol", CompareOpSymbol(c.op)},
                            {"percent", c.percent},
                            {"remedies", remedies}});
    }
    items.push_back(json{{"id", it.id},
                         {"part", ItemPartKey(it.part)},
                         {"part_zh", s.PartName(it.part).zh},
                         {"part_name", ToJson(s.PartName(it.part))},
                         {"text", ToJson(it.text)},
                         {"needs_judgment", it.needs_judgment},
                         {"evidence_hint", ToJson(it.evidence_hint)},
                         {"checks", checks},
                         {"source", it.source}});
  }
  json vetoes = json::array();
  for (const Veto& v : s.vetoes)
    vetoes.push_back(json{{"id", v.id}, {"text", ToJson(v.text)}, {"source", v.source}});
  json decisions = json::array();
  for (const Decision& d : s.decisions) {
    decisions.push_back(json{{"doubt", d.doubt},
                             {"topic", ToJson(d.topic)},
                             {"decision", ToJson(d.decision)},
                             {"reason", ToJson(d.reason)}});
  }
  json goals = json::array();
  for (const Goal& g : s.goals) {
    json targets = json::array();
    for (const GoalTarget& t : g.targets) {
      targets.push_back(json{{"item", t.item_id}, {"check", t.check}, {"threshold", t.threshold}});
    }
    goals.push_back(json{{"id", g.id},
                         {"name", ToJson(g.name)},
                         {"note", ToJson(g.note)},
                         {"source", g.source},
                         {"targets", targets}});
  }
  // The parts the standard has, in report order.
  json parts = json::array();
  auto has_part = [&](ItemPart p) {
    for (const Item& it : s.items) {
      if (it.part == p) return true;
    }
    return false;
  };
  if (has_part(ItemPart::kCoverage))
    parts.push_back(json{{"key", "coverage"}, {"name", ToJson(s.PartName(ItemPart::kCoverage))}});
  if (s.JudgesResources())
    parts.push_back(json{{"key", "resource"}, {"name", ToJson(s.resource_name)}});
  for (ItemPart p : {ItemPart::kGovernment, ItemPart::kQuality, ItemPart::kRecognition}) {
    if (has_part(p))
      parts.push_back(json{{"key", ItemPartKey(p)}, {"name", ToJson(s.PartName(p))}});
  }
  if (!s.vetoes.empty())
    parts.push_back(json{{"key", "veto"}, {"name", ToJson(Text("一票否决", "Veto conditions"))}});
  json exclusions = json::array();
  for (const Exclusion& e : s.exclusions) {
    exclusions.push_back(
        json{{"when", e.when.text()}, {"reason", ToJson(e.reason)}, {"source", e.source}});
  }
  return json{
      {"id", s.id},
      {"version", s.version},
      {"title", ToJson(s.title)},
      {"short_title", ToJson(s.short_title)},
      {"report_title", ToJson(s.report_title)},
      {"parent", s.parent_id.empty() ? json() : json(s.parent_id)},
      {"family", s.family_id},
      {"source", s.source},
      {"changes", Changes(s.changes)},
      {"document", s.document},
      {"issuer", s.issuer},
      {"issued", s.issued},
      {"catalog", s.catalog ? s.catalog->id() : ""},
      {"dataset", s.catalog ? s.catalog->dataset() : ""},
      {"member_noun", s.catalog ? ToJson(s.catalog->member_noun()) : json()},
      {"parts", parts},
      {"goals", goals},
      {"stages", stages},
      {"indicators", indicators},
      {"resource",
       {{"min_meeting", s.resource.min_meeting},
        {"floor_ratio", s.resource.floor_ratio},
        {"cv_limit", PerStageJson(s.resource.cv_limit)},
        {"composite_limit", PerStageJson(s.resource.composite_limit)},
        {"school_rule", s.HasSchoolRule()},
        {"judged", s.JudgesResources()},
        {"compute_cv", s.resource.compute_cv},
        {"name", ToJson(s.resource_name)},
        {"cv_op", CompareOpKey(s.resource.cv_op)},
        {"school_rule_source", s.resource.school_rule_source},
        {"cv_source", s.resource.cv_source},
        {"composite_note", ToJson(s.resource.composite_note)}}},
      {"policy",
       {{"cv_display_decimals", s.policy.cv_display_decimals},
        {"round_values", s.policy.round_values_before_compare
                             ? json(*s.policy.round_values_before_compare)
                             : json()},
        {"round_cv",
         s.policy.round_cv_before_compare ? json(*s.policy.round_cv_before_compare) : json()}}},
      {"exclusions", exclusions},
      {"items", items},
      {"vetoes", vetoes},
      {"decisions", decisions}};
}

json ToJson(const FieldCatalog& c) {
  json fields = json::array();
  for (const FieldDef& f : c.fields()) {
    std::string level = f.level == FieldLevel::kSection  ? "section"
                        : f.level == FieldLevel::kSchool ? "school"
                                                         : "county";
    std::string kind = f.kind == FieldKind::kInteger   ? "integer"
                       : f.kind == FieldKind::kDecimal ? "decimal"
                                                       : "ratio";
    fields.push_back(json{{"id", f.id},
                          {"name", ToJson(f.name)},
                          {"unit", ToJson(f.unit)},
                          {"stored_unit", ToJson(f.stored_unit)},
                          {"pow10", f.pow10},
                          {"group", ToJson(f.group)},
                          {"level", level},
                          {"kind", kind},
                          {"required", f.required},
                          {"prorate", f.prorate},
                          {"help", ToJson(f.help)},
                          {"source", f.source}});
  }
  return json{{"id", c.id()}, {"title", ToJson(c.title())}, {"fields", fields}};
}

json ToJson(const CountyEvaluation& e) {
  json stages = json::array();
  for (const StageResult& sr : e.stages) stages.push_back(StageJson(sr, true));
  json items = json::array();
  for (const ItemResult& it : e.items) {
    json checks = json::array();
    for (const CheckResult& c : it.checks) checks.push_back(CheckJson(c));
    items.push_back(json{{"id", it.id},
                         {"part", ItemPartKey(it.part)},
                         {"part_zh", it.part_name.zh},
                         {"part_name", ToJson(it.part_name)},
                         {"text", ToJson(it.text)},
                         {"verdict", Verdict(it.verdict)},
                         {"needs_judgment", it.needs_judgment},
                         {"judgment",
                          {{"status", JudgmentStatusName(it.judgment.status)},
                           {"note", it.judgment.note},
                           {"evidence", it.judgment.evidence}}},
                         {"reasons", Texts(it.reasons)},
                         {"checks", checks}});
  }
  json vetoes = json::array();
  for (const VetoResult& v : e.vetoes) {
    vetoes.push_back(json{{"id", v.id},
                          {"text", ToJson(v.text)},
                          {"occurred", v.occurred ? json(*v.occurred) : json()},
                          {"note", v.note},
                          {"verdict", Verdict(v.verdict)}});
  }
  json excluded = json::array();
  for (const ExcludedSection& x : e.excluded) {
    excluded.push_back(json{{"school", x.school_code},
                            {"name", x.school_name},
                            {"stage", StageKey(x.stage)},
                            {"reason", ToJson(x.reason)}});
  }
  return json{
      {"county", {{"code", e.county_code}, {"name", e.county_name}}},
      {"year",
       {{"start", e.year.start()}, {"label", e.year.Label()}, {"label_en", e.year.LabelEn()}}},
      {"standard", e.standard_id},
      {"verdict", Verdict(e.verdict)},
      {"parts", Parts(e)},
      {"part_list", PartList(e)},
      {"goals", Goals(e.goals)},
      {"has_county_data", e.has_county_data},
      {"reasons", Texts(e.reasons)},
      {"stages", stages},
      {"items", items},
      {"vetoes", vetoes},
      {"excluded", excluded}};
}

json CountySummary(const CountyEvaluation& e) {
  json stages = json::array();
  for (const StageResult& sr : e.stages) stages.push_back(StageJson(sr, false));
  int items_failing = 0;
  int items_pending = 0;
  for (const ItemResult& it : e.items) {
    items_failing += it.verdict == jiaodu::Verdict::kFail ? 1 : 0;
    items_pending += it.verdict == jiaodu::Verdict::kIncomplete ? 1 : 0;
  }
  return json{{"code", e.county_code},
              {"name", e.county_name},
              {"standard", e.standard_id},
              {"verdict", Verdict(e.verdict)},
              {"parts", Parts(e)},
              {"part_list", PartList(e)},
              {"goals", Goals(e.goals)},
              {"reasons", Texts(e.reasons)},
              {"items_failing", items_failing},
              {"items_pending", items_pending},
              {"stages", stages}};
}

json RecordToJson(const FieldCatalog& catalog, const SchoolYearRecord& r) {
  auto values = [&](const FieldValues& v) {
    json out = json::object();
    for (size_t i = 0; i < v.size() && i < catalog.size(); ++i) {
      if (auto x = v.Get(i)) out[catalog.at(i).id] = *x;
    }
    return out;
  };
  json sections = json::object();
  json overrides = json::object();
  for (const SectionRecord& s : r.sections) {
    sections[std::string(StageKey(s.stage))] = values(s.values);
    json o = values(s.overrides);
    if (!o.empty()) overrides[std::string(StageKey(s.stage))] = o;
  }
  return json{{"school", values(r.values)}, {"sections", sections}, {"overrides", overrides}};
}

json CountyRecordToJson(const FieldCatalog& catalog, const CountyYearRecord& r) {
  json values = json::object();
  for (size_t i = 0; i < r.values.size() && i < catalog.size(); ++i) {
    if (auto x = r.values.Get(i)) values[catalog.at(i).id] = *x;
  }
  json judgments = json::object();
  for (const auto& [id, j] : r.judgments) {
    judgments[id] =
        json{{"status", JudgmentStatusName(j.status)}, {"note", j.note}, {"evidence", j.evidence}};
  }
  json vetoes = json::object();
  for (const auto& [id, v] : r.vetoes)
    vetoes[id] = json{{"occurred", v.occurred}, {"note", v.note}};
  return json{{"county", r.county},
              {"year", r.year.start()},
              {"values", values},
              {"judgments", judgments},
              {"vetoes", vetoes}};
}

}  // namespace jiaodu::wire
