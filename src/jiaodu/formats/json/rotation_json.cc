#include "jiaodu/formats/json/rotation_json.h"

#include <cmath>

#include "jiaodu/formats/json/evaluation_json.h"

namespace jiaodu::wire {

using nlohmann::json;

std::string_view PlanStatusKey(rotation::PlanStatus status) {
  switch (status) {
    case rotation::PlanStatus::kOptimal:
      return "optimal";
    case rotation::PlanStatus::kFeasible:
      return "feasible";
    case rotation::PlanStatus::kInfeasible:
      return "infeasible";
    case rotation::PlanStatus::kNoSolution:
      return "no_solution";
    case rotation::PlanStatus::kCancelled:
      return "cancelled";
  }
  return "";
}

std::string_view RotationStageKey(rotation::Stage stage) {
  return stage == rotation::Stage::kPrimary ? "primary" : "junior";
}

std::string_view RotationLocaleKey(rotation::Locale locale) {
  switch (locale) {
    case rotation::Locale::kUrban:
      return "urban";
    case rotation::Locale::kTown:
      return "town";
    case rotation::Locale::kRural:
      return "rural";
  }
  return "";
}

namespace {

// A solver figure that may be infinite (no solution, no bound): null then.
json Finite(double v) { return std::isfinite(v) ? json(v) : json(); }

json Texts(const std::vector<Text>& texts) {
  json out = json::array();
  for (const Text& t : texts) out.push_back(ToJson(t));
  return out;
}

}  // namespace

json RotationPlanJson(const rotation::Plan& plan, const rotation::Rules& rules) {
  const bool has_plan = plan.status == rotation::PlanStatus::kOptimal ||
                        plan.status == rotation::PlanStatus::kFeasible ||
                        (plan.status == rotation::PlanStatus::kCancelled && !plan.moves.empty());
  const rotation::Eligibility& e = plan.eligibility;
  // R2 on integers: q·b ≥ p·m, so the backbone teachers needed for m moves
  // are ⌈p·m / q⌉.
  const long backbone_needed =
      (rules.backbone.num * plan.moved + rules.backbone.den - 1) / rules.backbone.den;
  json moves = json::array();
  for (const rotation::Move& m : plan.moves) {
    moves.push_back(json{{"teacher", m.teacher},
                         {"name", m.teacher_name},
                         {"subject", m.subject},
                         {"stage", RotationStageKey(m.stage)},
                         {"from", m.from},
                         {"from_name", m.from_name},
                         {"to", m.to},
                         {"to_name", m.to_name},
                         {"km", m.km ? json(*m.km) : json()},
                         {"above_required", m.above_required},
                         {"backbone", m.backbone},
                         {"pe_arts", m.pe_arts},
                         {"pinned", m.pinned},
                         {"why", Texts(m.why)}});
  }
  json schools = json::array();
  for (const rotation::SchoolResult& s : plan.schools) {
    json ind = json::array();
    for (size_t i = 0; i < size_t{rotation::kIndicators}; ++i) {
      ind.push_back(json{{"id", rotation::IndicatorId(static_cast<int>(i))},
                         {"name", ToJson(rotation::IndicatorName(static_cast<int>(i)))},
                         {"required", s.required[i]},
                         {"count_before", s.count_before[i]},
                         {"count_after", s.count_after[i]},
                         {"value_before", s.value_before[i]},
                         {"value_after", s.value_after[i]},
                         {"pass_before", s.pass_before[i]},
                         {"pass_after", s.pass_after[i]}});
    }
    schools.push_back(json{{"code", s.code},
                           {"name", s.name},
                           {"stage", RotationStageKey(s.stage)},
                           {"locale", RotationLocaleKey(s.locale)},
                           {"students", s.students},
                           {"staff_before", s.staff_before},
                           {"staff_after", s.staff_after},
                           {"moves_in", s.moves_in},
                           {"moves_out", s.moves_out},
                           {"indicators", ind}});
  }
  json cvs = json::array();
  for (const rotation::CvResult& c : plan.cvs) {
    cvs.push_back(json{{"stage", RotationStageKey(c.stage)},
                       {"indicator", rotation::IndicatorId(c.indicator)},
                       {"name", ToJson(rotation::IndicatorName(c.indicator))},
                       {"defined", c.defined},
                       {"mean", c.mean},
                       {"before", c.before},
                       {"after", c.after},
                       {"limit", c.limit},
                       {"pass_before", c.pass_before},
                       {"pass_after", c.pass_after}});
  }
  json binding = json::array();
  for (const rotation::BindingRule& b : plan.binding) {
    binding.push_back(json{{"rule", b.rule}, {"label", ToJson(b.label)}});
  }
  json conflicts = json::array();
  for (const rotation::Conflict& c : plan.conflicts) {
    conflicts.push_back(
        json{{"rule", c.rule}, {"message", ToJson(c.message)}, {"amount", c.amount}});
  }
  return json{
      {"status", PlanStatusKey(plan.status)},
      {"status_text", ToJson(rotation::PlanStatusText(plan.status))},
      {"has_plan", has_plan},
      {"objective", has_plan ? Finite(plan.objective) : json()},
      {"bound", Finite(plan.bound)},
      {"gap", has_plan ? Finite(plan.gap) : json()},
      {"seconds", plan.seconds},
      {"first_solution_seconds",
       plan.first_solution_seconds >= 0 ? json(plan.first_solution_seconds) : json()},
      {"quota",
       {{"share", rules.quota.value()},
        {"eligible", e.eligible},
        {"required", e.quota},
        {"moved", plan.moved},
        {"met", has_plan && plan.moved >= e.quota},
        {"backbone_share", rules.backbone.value()},
        {"backbone_required", backbone_needed},
        {"backbone_moved", plan.backbone_moved},
        {"backbone_met", has_plan && plan.backbone_moved >= backbone_needed}}},
      {"eligibility",
       {{"teachers", e.teachers},
        {"eligible", e.eligible},
        {"movable", e.movable},
        {"too_few_years", e.too_few_years},
        {"near_retirement", e.near_retirement},
        {"moved_recently", e.moved_recently},
        {"forbidden", e.forbidden},
        {"no_destination", e.no_destination},
        {"movable_backbone", e.movable_backbone},
        {"pinned", e.pinned}}},
      {"moves", moves},
      {"schools", schools},
      {"cvs", cvs},
      {"binding", binding},
      {"conflicts", conflicts},
      {"size",
       {{"rows", plan.size.rows},
        {"columns", plan.size.columns},
        {"integers", plan.size.integers},
        {"classes", plan.size.classes}}},
  };
}

}  // namespace jiaodu::wire
