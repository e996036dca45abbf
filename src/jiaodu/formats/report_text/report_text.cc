#include "jiaodu/formats/report_text/report_text.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "jiaodu/core/number.h"

namespace jiaodu::report {

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string JoinZh(const std::vector<Text>& texts, std::string_view sep) {
  std::vector<std::string> parts;
  parts.reserve(texts.size());
  for (const Text& t : texts) parts.push_back(t.zh);
  return Join(parts, sep);
}

std::string ShowValue(double v, bool percent, int decimals) {
  return percent ? FormatFixed(v * 100, decimals) + "%" : FormatFixed(v, decimals);
}

std::string ShowWithUnit(double v, bool percent, int decimals, const Text& unit) {
  return ShowValue(v, percent, decimals) + (percent ? "" : unit.zh);
}

std::string ShowOptional(std::optional<double> v, int decimals) {
  return v && std::isfinite(*v) ? FormatFixed(*v, decimals) : std::string(kDash);
}

std::string ShowAmount(double v) { return FormatGrouped(v, std::floor(v) == v ? 0 : 2); }

std::string ReportTitle(const Standard& standard) { return standard.report_title.zh; }

std::string CountyYear(const CountyEvaluation& e) { return e.county_name + e.year.Label(); }

std::string MemberNoun(const Standard& standard) {
  return standard.catalog ? standard.catalog->member_noun().zh : std::string("学校");
}

std::string MembersTableTitle(const Standard& standard, Stage stage) {
  if (MemberNoun(standard) == "学校") return fmt::format("{}校级资源配置指标", StageName(stage));
  // "幼儿园办园条件（逐园）" → "幼儿园办园条件指标"
  std::string name = standard.resource_name.zh;
  if (size_t cut = name.find("（"); cut != std::string::npos) name.resize(cut);
  return name + "指标";
}

std::string WeightName(const Standard& standard) {
  if (standard.catalog && standard.resource.weight_field < standard.catalog->size()) {
    return standard.catalog->at(standard.resource.weight_field).name.zh;
  }
  return "在校生数";
}

std::string SchoolRuleNote(const Standard& standard) {
  const std::string noun = MemberNoun(standard);
  if (standard.HasSchoolRule()) {
    const std::string floor_pct = FloorPercent(standard);
    return fmt::format(
        "每校至少 {0} 项指标达到标准，其余指标不低于标准的{1}，为达标。"
        "图例：橙色＝低于标准但不低于标准的{1}；红色粗体＝低于标准的{1}；"
        "—＝无法计算（缺少数据或无在校生）。",
        standard.resource.min_meeting, floor_pct);
  }
  if (standard.resource.compute_cv) {
    return "本标准不设单校达标要求，各校指标值用于计算差异系数；"
           "—＝无法计算（缺少数据或无在校生）。";
  }
  return fmt::format(
      "本标准不对单个{0}作达标判定，逐{1}指标供核查参考（如办园条件达标率）；"
      "红色＝低于参考标准；—＝无法计算（缺少数据）。",
      noun, noun == "幼儿园" ? "园" : "校");
}

std::string IndicatorHeader(const Indicator& ind) {
  return ind.unit.zh.empty() ? fmt::format("{} {}", ind.id, ind.name.zh)
                             : fmt::format("{} {}（{}）", ind.id, ind.name.zh, ind.unit.zh);
}

std::string StandardText(const Indicator& ind, Stage stage) {
  const double* v = ind.standard.Get(stage);
  return v ? fmt::format("{}{}", CompareOpSymbol(ind.op), FormatFixed(*v, ind.decimals))
           : std::string();
}

std::string FloorPercent(const Standard& standard) {
  return FormatFixed(standard.resource.floor_ratio * 100, 0) + "%";
}

std::string StageBlockTitle(const Standard& standard, const StageResult& sr) {
  return fmt::format("{}（参评{} {} 所，{} {} 人）", StageName(sr.stage), MemberNoun(standard),
                     sr.schools, sr.stage == Stage::kPreschool ? "在园幼儿" : "学生",
                     FormatGrouped(sr.students, 0));
}

const CvResult* FindCv(const StageResult& sr, const std::string& id, size_t hint) {
  if (hint < sr.cvs.size() && sr.cvs[hint].indicator_id == id) return &sr.cvs[hint];
  for (const CvResult& c : sr.cvs) {
    if (c.indicator_id == id) return &c;
  }
  return nullptr;
}

const IndicatorValue* FindValue(const SectionResult& s, const std::string& id, size_t hint) {
  if (hint < s.indicators.size() && s.indicators[hint].id == id) return &s.indicators[hint];
  for (const IndicatorValue& v : s.indicators) {
    if (v.id == id) return &v;
  }
  return nullptr;
}

std::string PurposeName(const Standard& standard, const Change& c) {
  const std::string to_floor = "达到" + FloorPercent(standard);
  const Indicator* ind = standard.FindIndicator(c.indicator_id);
  const double* s = ind ? ind->standard.Get(c.stage) : nullptr;
  if (s == nullptr || !standard.HasSchoolRule()) return "降低差异系数";
  if (Satisfies(ind->op, c.from_value, *s)) return "降低差异系数";
  if (Satisfies(ind->op, c.to_value, *s)) return "达到标准";
  if (Satisfies(ind->op, c.to_value, *s * standard.resource.floor_ratio)) return to_floor;
  switch (c.target) {
    case Change::Target::kStandard:
      return "达到标准";
    case Change::Target::kFloor:
      return to_floor;
    case Change::Target::kCv:
      return "降低差异系数";
  }
  return "";
}

std::string StageSummary(const Standard& standard, const StageResult& sr) {
  const std::string noun = MemberNoun(standard);
  if (sr.schools == 0) return fmt::format("{}：无参评{}", StageName(sr.stage), noun);
  std::string out =
      sr.schools_verdict == Verdict::kNotApplicable
          ? fmt::format("{}：参评{} {} 所（不设单校达标要求）", StageName(sr.stage), noun,
                        sr.schools)
          : fmt::format("{}：参评{} {} 所，达标 {} 所，未达标 {} 所", StageName(sr.stage), noun,
                        sr.schools, sr.schools_passing, sr.schools_failing);
  if (sr.schools_incomplete > 0) out += fmt::format("，待定 {} 所", sr.schools_incomplete);
  if (!standard.resource.compute_cv || sr.cvs.empty()) return out;
  int over = 0;
  int unknown = 0;
  int judged = 0;
  for (const CvResult& c : sr.cvs) {
    over += c.verdict == Verdict::kFail ? 1 : 0;
    unknown += c.cv ? 0 : 1;
    judged += c.limit ? 1 : 0;
  }
  if (judged > 0) {
    out += over == 0 ? fmt::format("；{} 项差异系数均未超标", judged)
                     : fmt::format("；{} 项差异系数中 {} 项超标", judged, over);
  }
  if (unknown > 0) out += fmt::format("，{} 项差异系数无法计算", unknown);
  if (sr.composite_limit && sr.composite_cv) {
    out += fmt::format("；综合差异系数 {}（{}{}），{}", FormatFixed(*sr.composite_cv, 3), "≤",
                       FormatFixed(*sr.composite_limit, 2), VerdictName(sr.composite_verdict));
  }
  return out;
}

std::string ItemsSummary(const CountyEvaluation& e, ItemPart part) {
  std::map<Verdict, int> n;
  int total = 0;
  for (const ItemResult& it : e.items) {
    if (it.part != part) continue;
    ++total;
    ++n[it.verdict];
  }
  std::string out = fmt::format("共 {} 项：达标 {} 项，未达标 {} 项，待定 {} 项", total,
                                n[Verdict::kPass], n[Verdict::kFail], n[Verdict::kIncomplete]);
  if (n[Verdict::kNotApplicable] > 0) {
    out += fmt::format("，不适用 {} 项", n[Verdict::kNotApplicable]);
  }
  return out;
}

std::string VetoSummary(const CountyEvaluation& e) {
  int yes = 0;
  int no = 0;
  int unrecorded = 0;
  for (const VetoResult& v : e.vetoes) {
    if (!v.occurred) {
      ++unrecorded;
    } else if (*v.occurred) {
      ++yes;
    } else {
      ++no;
    }
  }
  return fmt::format("共 {} 项：存在 {} 项，不存在 {} 项，未填报 {} 项", e.vetoes.size(), yes, no,
                     unrecorded);
}

std::string PartDetail(const Standard& standard, const CountyEvaluation& e, const PartVerdict& p) {
  if (p.key == "veto") return VetoSummary(e);
  if (p.key == "resource") {
    std::vector<std::string> lines;
    for (const StageResult& sr : e.stages) lines.push_back(StageSummary(standard, sr));
    return Join(lines, "\n");
  }
  for (ItemPart part : kAllItemParts) {
    if (ItemPartKey(part) == p.key) return ItemsSummary(e, part);
  }
  return "";
}

std::string OverallSummary(const Standard& standard, const CountyEvaluation& e) {
  std::vector<std::string> failing;
  std::vector<std::string> pending;
  for (const PartVerdict& p : e.parts) {
    if (p.verdict == Verdict::kFail) failing.push_back(p.name.zh);
    if (p.verdict == Verdict::kIncomplete) pending.push_back(p.name.zh);
  }
  switch (e.verdict) {
    case Verdict::kPass:
      return standard.vetoes.empty() ? "各方面均达到标准。" : "各方面均达到标准，无一票否决情形。";
    case Verdict::kFail:
      return fmt::format("未达标方面：{}。原因见下。", Join(failing, "、"));
    case Verdict::kIncomplete:
      return fmt::format("{}的数据或评定尚不完整，暂不能得出结论。", Join(pending, "、"));
    case Verdict::kNotApplicable:
      return "没有可评估的内容。";
  }
  return "";
}

std::string ItemPartsTitle(const Standard& standard) {
  std::vector<std::string> names;
  for (ItemPart part : kAllItemParts) {
    for (const Item& it : standard.items) {
      if (it.part == part) {
        names.push_back(standard.PartName(part).zh);
        break;
      }
    }
  }
  return Join(names, "、");
}

std::string ThresholdText(const CheckResult& c) {
  if (c.threshold)
    return std::string(CompareOpSymbol(c.op)) +
           ShowWithUnit(*c.threshold, c.percent, c.decimals, c.unit);
  std::vector<std::string> by_stage;
  for (Stage s : kAllStages) {
    if (const double* v = c.stage_threshold.Get(s)) {
      by_stage.push_back(fmt::format("{}{}{}", StageName(s), CompareOpSymbol(c.op),
                                     ShowWithUnit(*v, c.percent, c.decimals, c.unit)));
    }
  }
  if (!by_stage.empty()) return Join(by_stage, "，");
  // A per-member threshold is a formula over field ids, which means nothing
  // to a clerk: say it varies; each failing member is listed with its own.
  if (!c.threshold_text.zh.empty()) return c.threshold_text.zh;
  if (!c.threshold_formula.empty()) {
    return fmt::format("{}各校应达值（逐校计算）", CompareOpSymbol(c.op));
  }
  return "";
}

std::string FailureText(const CheckResult& c, const CheckFailure& f) {
  std::string who = f.school_name;
  if (f.stage) who += fmt::format("（{}）", StageName(*f.stage));
  if (!f.value) return who;
  std::string out =
      fmt::format("{}：{}", who, ShowWithUnit(*f.value, c.percent, c.decimals, c.unit));
  if (f.required) {
    out += fmt::format("，应{}{}", CompareOpSymbol(c.op),
                       ShowWithUnit(*f.required, c.percent, c.decimals, c.unit));
  }
  return out;
}

std::string SchoolsText(const CheckResult& c, size_t max_listed) {
  std::vector<std::string> parts;
  std::vector<std::string> failing;
  for (size_t i = 0; i < c.failing.size() && i < max_listed; ++i) {
    failing.push_back(FailureText(c, c.failing[i]));
  }
  if (!failing.empty()) {
    std::string s = Join(failing, "；");
    if (c.failing.size() > max_listed) s += fmt::format("…等 {} 所", c.failing.size());
    parts.push_back(std::move(s));
  }
  if (!c.missing.empty()) {
    const size_t max_missing = std::max<size_t>(max_listed / 2, 1);
    std::vector<std::string> missing;
    for (size_t i = 0; i < c.missing.size() && i < max_missing; ++i) {
      const CheckFailure& f = c.missing[i];
      missing.push_back(f.problem.zh.empty() ? f.school_name
                                             : f.school_name + "（" + f.problem.zh + "）");
    }
    std::string s = "数据不全：" + Join(missing, "；");
    if (c.missing.size() > max_missing) s += fmt::format("…等 {} 所", c.missing.size());
    parts.push_back(std::move(s));
  }
  if (c.scope == CheckScope::kCounty && !c.problem.zh.empty()) {
    parts.push_back("无法计算：" + c.problem.zh);
  }
  return Join(parts, "\n");
}

namespace {

std::string Remedy(const CheckRemedyResult& r, bool percent, int decimals, const Text& unit) {
  if (!r.amount) {
    return fmt::format("{}：{}", r.text.zh, r.problem.zh.empty() ? "无法计算" : r.problem.zh);
  }
  std::string out = fmt::format("{}：{} {}", r.text.zh, ShowAmount(*r.amount), r.unit.zh);
  if (r.value_after) {
    out += fmt::format("（之后为 {}）", ShowWithUnit(*r.value_after, percent, decimals, unit));
  }
  return out;
}

}  // namespace

std::string RemedyText(const CheckResult& c, const CheckRemedyResult& r) {
  return Remedy(r, c.percent, c.decimals, c.unit);
}

std::string RemedyText(const GoalTargetResult& t, const CheckRemedyResult& r) {
  return Remedy(r, t.percent, t.decimals, Text());
}

std::string CheckText(const CheckResult& c, size_t max_listed) {
  const std::string threshold = ThresholdText(c);
  const std::string standard = threshold.empty() ? "" : "（标准" + threshold + "）";
  std::string out;
  if (c.scope == CheckScope::kCounty) {
    if (c.value && std::isfinite(*c.value)) {
      out = fmt::format("{}：{}{}", c.label.zh,
                        ShowWithUnit(*c.value, c.percent, c.decimals, c.unit), standard);
    } else {
      out = fmt::format("{}：无法计算{}", c.label.zh, standard);
      if (!c.problem.zh.empty()) out += "（" + c.problem.zh + "）";
    }
  } else {
    out = c.members == 0 ? fmt::format("{}：无适用对象{}", c.label.zh, standard)
                         : fmt::format("{}：检查 {} 所，未达标 {} 所{}", c.label.zh, c.members,
                                       c.failing.size(), standard);
    if (!c.missing.empty()) out += fmt::format("，数据不全 {} 所", c.missing.size());
  }
  out += fmt::format("，{}", VerdictName(c.verdict));
  if (!c.failing.empty()) {
    std::vector<std::string> names;
    for (size_t i = 0; i < c.failing.size() && i < max_listed; ++i) {
      names.push_back(FailureText(c, c.failing[i]));
    }
    out += "\n　未达标：" + Join(names, "；");
    if (c.failing.size() > max_listed) out += fmt::format("…等 {} 所", c.failing.size());
  }
  for (const CheckRemedyResult& r : c.remedies) out += "\n　达标所需：" + RemedyText(c, r);
  return out;
}

std::string_view GoalStateName(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "已达到";
    case Verdict::kFail:
      return "未达到";
    case Verdict::kIncomplete:
      return "待定";
    case Verdict::kNotApplicable:
      return "不适用";
  }
  return "";
}

std::string GoalTargetText(const GoalTargetResult& t) {
  const std::string target =
      std::string(CompareOpSymbol(t.op)) + ShowValue(t.threshold, t.percent, t.decimals);
  if (!t.value) return fmt::format("{}：无法计算，目标{}", t.label.zh, target);
  return fmt::format("{}：{}，目标{}，{}", t.label.zh, ShowValue(*t.value, t.percent, t.decimals),
                     target, GoalStateName(t.verdict));
}

}  // namespace jiaodu::report
