#include "jiaodu/domain/standards/evaluation.h"

namespace jiaodu {

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "达标";
    case Verdict::kFail:
      return "未达标";
    case Verdict::kIncomplete:
      return "待定";
    case Verdict::kNotApplicable:
      return "不适用";
  }
  return "";
}

std::string_view VerdictNameEn(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "Pass";
    case Verdict::kFail:
      return "Fail";
    case Verdict::kIncomplete:
      return "Incomplete";
    case Verdict::kNotApplicable:
      return "N/A";
  }
  return "";
}

std::string_view VerdictKey(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kIncomplete:
      return "incomplete";
    case Verdict::kNotApplicable:
      return "na";
  }
  return "";
}

Verdict Combine(Verdict a, Verdict b) {
  if (a == Verdict::kNotApplicable) return b;
  if (b == Verdict::kNotApplicable) return a;
  if (a == Verdict::kFail || b == Verdict::kFail) return Verdict::kFail;
  if (a == Verdict::kIncomplete || b == Verdict::kIncomplete) return Verdict::kIncomplete;
  return Verdict::kPass;
}

std::string_view IndicatorStatusKey(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::kMeets:
      return "meets";
    case IndicatorStatus::kAboveFloor:
      return "above_floor";
    case IndicatorStatus::kBelowFloor:
      return "below_floor";
    case IndicatorStatus::kMissing:
      return "missing";
    case IndicatorStatus::kNoStandard:
      return "no_standard";
  }
  return "";
}

std::string_view ChangeTargetKey(Change::Target t) {
  switch (t) {
    case Change::Target::kStandard:
      return "standard";
    case Change::Target::kFloor:
      return "floor";
    case Change::Target::kCv:
      return "cv";
  }
  return "";
}

const StageResult* CountyEvaluation::FindStage(jiaodu::Stage s) const {
  for (const auto& st : stages) {
    if (st.stage == s) return &st;
  }
  return nullptr;
}

std::vector<PartVerdict> CountyParts(const Standard& standard, const CountyEvaluation& e) {
  std::vector<PartVerdict> out;
  auto has_items = [&](ItemPart p) {
    for (const Item& it : standard.items) {
      if (it.part == p) return true;
    }
    return false;
  };
  auto add_items = [&](ItemPart p, Verdict v) {
    if (has_items(p)) out.push_back({std::string(ItemPartKey(p)), standard.PartName(p), v});
  };
  add_items(ItemPart::kCoverage, e.coverage_verdict);
  if (standard.JudgesResources())
    out.push_back({"resource", standard.resource_name, e.resource_verdict});
  add_items(ItemPart::kGovernment, e.government_verdict);
  add_items(ItemPart::kQuality, e.quality_verdict);
  add_items(ItemPart::kRecognition, e.recognition_verdict);
  if (!standard.vetoes.empty()) {
    out.push_back({"veto", Text("一票否决", "Veto conditions"), e.veto_verdict});
  }
  return out;
}

}  // namespace jiaodu
