// PlanRotation: pre-checks, the solve, the move list with reasons, the
// before/after report, binding rules and, when the hard rules contradict each
// other, the explanation (pre-checks plus the elastic model).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "jiaodu/core/number.h"
#include "jiaodu/domain/rotation/cv_secant.h"
#include "jiaodu/domain/rotation/rotation_model.h"

namespace jiaodu::rotation {
namespace {

std::string Percent(const Share& s) {
  return fmt::format("{}%", RoundHalfUp(100.0 * s.value(), 4));
}

long CeilShare(long n, const Share& s) { return (n * s.num + s.den - 1) / s.den; }

std::string Label(const School& s) {
  return fmt::format("{}（{}）", s.name.empty() ? s.code : s.name, StageName(s.stage));
}

// The state after a list of moves (teacher index → section), with the
// objective recomputed directly: the CV with its square root, no secants.
struct Outcome {
  std::vector<std::array<int, kIndicators>> count;
  std::vector<int> staff, in, out;
  std::map<std::pair<int, std::string>, int> net;   // (section, subject) → in − out
  std::map<std::pair<int, std::string>, int> sent;  // (section, subject) → departures
  Costs costs;
  std::vector<CvResult> cvs;
};

Outcome Evaluate(const Prepared& p, const std::vector<std::pair<int, int>>& moves) {
  const Instance& in = *p.instance;
  const Weights& w = p.rules->weights;
  const size_t n = p.sections.size();
  Outcome o;
  o.count.resize(n);
  o.staff.resize(n);
  o.in.assign(n, 0);
  o.out.assign(n, 0);
  for (size_t s = 0; s < n; ++s) {
    o.count[s] = p.sections[s].count;
    o.staff[s] = p.sections[s].staff;
  }
  for (const auto& [ti, dest] : moves) {
    const Teacher& t = in.teachers[static_cast<size_t>(ti)];
    const int from = p.teachers[static_cast<size_t>(ti)].section;
    const SectionData& sd = p.sections[static_cast<size_t>(from)];
    for (size_t i = 0; i < kIndicators; ++i) {
      if (!t.Has(static_cast<int>(i))) continue;
      --o.count[static_cast<size_t>(from)][i];
      ++o.count[static_cast<size_t>(dest)][i];
      if (sd.failing[i]) ++o.costs.flagged_out_of_failing;
    }
    --o.staff[static_cast<size_t>(from)];
    ++o.staff[static_cast<size_t>(dest)];
    ++o.out[static_cast<size_t>(from)];
    ++o.in[static_cast<size_t>(dest)];
    --o.net[{from, t.subject}];
    ++o.sent[{from, t.subject}];
    ++o.net[{dest, t.subject}];
    ++o.costs.moves;
    if (auto km = p.Km(from, dest)) o.costs.km += *km;
  }
  for (size_t s = 0; s < n; ++s) {
    for (size_t i = 0; i < kIndicators; ++i) {
      o.costs.shortfall_teachers += std::max(0, p.sections[s].required[i] - o.count[s][i]);
    }
    for (const auto& [subject, rule] : p.sections[s].subject_rules) {
      auto it = o.net.find({static_cast<int>(s), subject});
      const int net = it == o.net.end() ? 0 : it->second;
      if (rule.need > 0) o.costs.unmet_needs += std::max(0, rule.need - net);
    }
  }
  for (int g = 0; g < kStages; ++g) {
    for (int i = 0; i < kIndicators; ++i) {
      std::vector<int> before, after, students;
      for (size_t s = 0; s < n; ++s) {
        if (static_cast<int>(p.school(static_cast<int>(s)).stage) != g) continue;
        before.push_back(p.sections[s].count[static_cast<size_t>(i)]);
        after.push_back(o.count[s][static_cast<size_t>(i)]);
        students.push_back(p.school(static_cast<int>(s)).students);
      }
      if (students.empty()) continue;
      CvResult r;
      r.stage = static_cast<Stage>(g);
      r.indicator = i;
      r.limit = p.targets->stage[static_cast<size_t>(g)].cv_limit;
      const CountCv b = ComputeCountCv(before, students);
      const CountCv a = ComputeCountCv(after, students);
      r.defined = b.defined;
      r.mean = b.mean;
      r.before = b.cv;
      r.after = a.cv;
      if (r.defined && r.limit > 0) {
        r.pass_before = LessOrEqual(r.before, r.limit);
        r.pass_after = LessOrEqual(r.after, r.limit);
        o.costs.cv_excess += std::max(0.0, (r.after / r.limit) * (r.after / r.limit) - 1);
        o.costs.cvs_failing += r.pass_after ? 0 : 1;
      }
      o.cvs.push_back(r);
    }
  }
  o.costs.total = w.shortfall_per_teacher * o.costs.shortfall_teachers +
                  w.cv_excess * o.costs.cv_excess + w.cv_fail * o.costs.cvs_failing +
                  w.unmet_need_per_teacher * o.costs.unmet_needs + w.move * o.costs.moves +
                  w.per_km * o.costs.km + w.flagged_out_of_failing * o.costs.flagged_out_of_failing;
  return o;
}

std::vector<SchoolResult> SchoolResults(const Prepared& p, const Outcome& o) {
  std::vector<SchoolResult> out;
  for (size_t s = 0; s < p.sections.size(); ++s) {
    const SectionData& sd = p.sections[s];
    const School& sc = *sd.school;
    SchoolResult r;
    r.code = sc.code;
    r.name = sc.name;
    r.stage = sc.stage;
    r.locale = sc.locale;
    r.students = sc.students;
    r.staff_before = sd.staff;
    r.staff_after = o.staff[s];
    r.moves_in = o.in[s];
    r.moves_out = o.out[s];
    r.required = sd.required;
    r.count_before = sd.count;
    r.count_after = o.count[s];
    const auto& th = p.targets->stage[static_cast<size_t>(sc.stage)].threshold;
    for (size_t i = 0; i < kIndicators; ++i) {
      r.value_before[i] = 100.0 * r.count_before[i] / sc.students;
      r.value_after[i] = 100.0 * r.count_after[i] / sc.students;
      r.pass_before[i] = GreaterOrEqual(r.value_before[i], th[i]);
      r.pass_after[i] = GreaterOrEqual(r.value_after[i], th[i]);
    }
    out.push_back(std::move(r));
  }
  return out;
}

// Pre-checks on counts alone: they name the cause (forbidden, no destination)
// that the elastic model can only report as a shortfall.
std::vector<Conflict> PreCheck(const Prepared& p) {
  std::vector<Conflict> out;
  const Eligibility& el = p.eligibility;
  const Rules& r = *p.rules;
  if (el.movable < el.quota) {
    const int gap = el.quota - el.movable;
    out.push_back(Conflict{
        "quota",
        Text(fmt::format(
                 "交流比例（不低于{}）无法满足：符合交流条件的教师 {} 人，至少需交流 {} 人"
                 "（{} × {}，向上取整）；但可交流的只有 {} 人（其中禁止交流 {} 人，按方向和距离"
                 "规则无可去学校 {} 人），还差 {} 人。",
                 Percent(r.quota), el.eligible, el.quota, el.eligible, Percent(r.quota), el.movable,
                 el.forbidden, el.no_destination, gap),
             fmt::format(
                 "rotation quota (≥ {}) cannot be met: {} eligible teachers require {} moves, "
                 "but only {} can move ({} forbidden, {} without an allowed school); {} short",
                 Percent(r.quota), el.eligible, el.quota, el.movable, el.forbidden,
                 el.no_destination, gap)),
        static_cast<double>(gap)});
  }
  const long min_moves = std::max(el.quota, el.pinned);
  const long need_bb = CeilShare(min_moves, r.backbone);
  if (need_bb > el.movable_backbone) {
    const long gap = need_bb - el.movable_backbone;
    out.push_back(Conflict{
        "backbone",
        Text(
            fmt::format("骨干教师比例（不低于交流总数的{}）无法满足：至少交流 {} 人时，其中骨干教师"
                        "至少需 {} 人，但可交流的骨干教师只有 {} 人，还差 {} 人。",
                        Percent(r.backbone), min_moves, need_bb, el.movable_backbone, gap),
            fmt::format("backbone share (≥ {} of those rotated) cannot be met: {} moves need {} "
                        "backbone teachers, only {} can move; {} short",
                        Percent(r.backbone), min_moves, need_bb, el.movable_backbone, gap)),
        static_cast<double>(gap)});
  }
  return out;
}

// Solves the elastic model and reports every hard rule with a positive slack.
Result<std::vector<Conflict>> ExplainInfeasible(const Prepared& p, optim::Solver& solver,
                                                const optim::SolveOptions& options) {
  BuiltModel b = BuildModel(p, /*elastic=*/true);
  optim::SolveOptions o;
  o.time_limit_seconds =
      options.time_limit_seconds > 0 ? std::min(options.time_limit_seconds, 30.0) : 30;
  o.relative_gap = 0;
  o.threads = options.threads;
  o.cancel = options.cancel;
  o.preprocess = false;  // R16
  auto r = JIAODU_TRY(solver.Solve(b.model, o));
  std::vector<Conflict> out;
  if (!r.has_solution()) return out;
  const Instance& in = *p.instance;
  const Eligibility& el = p.eligibility;
  const Rules& rules = *p.rules;
  for (size_t row = 0; row < b.rows.size(); ++row) {
    const RowInfo& info = b.rows[row];
    if (info.slack < 0) continue;
    const double s = r.values[static_cast<size_t>(info.slack)];
    if (s < 1e-6) continue;
    const double amount = std::ceil(s - 1e-6);
    const School* school = info.section >= 0 ? &p.school(info.section) : nullptr;
    switch (info.kind) {
      case RowKind::kQuota:
        out.push_back(Conflict{
            "quota",
            Text(fmt::format(
                     "交流比例（不低于{}）无法满足：需交流至少 {} 人（符合交流条件 {} 人 × {}，"
                     "向上取整），在其他硬性规则下最多只能交流 {} 人，还差 {} 人。",
                     Percent(rules.quota), el.quota, el.eligible, Percent(rules.quota),
                     el.quota - amount, amount),
                 fmt::format(
                     "rotation quota: {} moves required, at most {} possible under the other "
                     "hard rules; {} short",
                     el.quota, el.quota - amount, amount)),
            amount});
        break;
      case RowKind::kBackbone:
        out.push_back(Conflict{
            "backbone",
            Text(fmt::format(
                     "骨干教师比例（不低于交流总数的{}）无法满足：在其他硬性规则下，交流的骨干教师"
                     "还差 {} 人。",
                     Percent(rules.backbone), amount),
                 fmt::format(
                     "backbone share (≥ {}): {} backbone teachers short under the other hard "
                     "rules",
                     Percent(rules.backbone), amount)),
            amount});
        break;
      case RowKind::kKeepMin: {
        const SubjectStaffing& sr =
            p.sections[static_cast<size_t>(info.section)].subject_rules.at(info.subject);
        out.push_back(Conflict{
            "keep_min",
            Text(fmt::format(
                     "{}{}学科最低保留 {} 人无法满足：按指定调动和其他硬性规则，将少 {} 人。",
                     Label(*school), info.subject, sr.keep_min, amount),
                 fmt::format("{} ({}): minimum of {} {} teachers cannot be kept; {} short",
                             school->code, StageName(school->stage), sr.keep_min, info.subject,
                             amount)),
            amount});
        break;
      }
      case RowKind::kCapacity:
        out.push_back(Conflict{
            "capacity",
            Text(fmt::format("{}编制（岗位）上限：按指定调动和其他硬性规则，调入后将超出 {} 人。",
                             Label(*school), amount),
                 fmt::format("{}: posts exceeded by {} under the pins and other hard rules",
                             school->code, amount)),
            amount});
        break;
      case RowKind::kPin: {
        const Arc* arc = nullptr;
        for (const Arc& a : b.arcs) {
          if (b.model.row(static_cast<int>(row)).index.front() == a.column) arc = &a;
        }
        const MoveClass& c = p.classes[static_cast<size_t>(arc->cls)];
        const Teacher& t = in.teachers[static_cast<size_t>(c.members.front())];
        out.push_back(
            Conflict{"pin",
                     Text(fmt::format("指定调动 {}（{}）→ {} 无法执行：与其他硬性规则冲突。",
                                      t.name, t.id, Label(*school)),
                          fmt::format("pinned move {} → {} conflicts with the other hard rules",
                                      t.id, school->code)),
                     1});
        break;
      }
      default:
        break;
    }
  }
  return out;
}

int SubjectStaff(const Prepared& p, int section, const std::string& subject) {
  const auto& staff = p.sections[static_cast<size_t>(section)].subject_staff;
  auto it = staff.find(subject);
  return it == staff.end() ? 0 : it->second;
}

std::vector<Text> Why(const Prepared& p, const Teacher& t, int dest, bool pinned,
                      const std::vector<CvResult>& cvs, const Outcome& after) {
  std::vector<Text> why;
  if (pinned) why.push_back(Text("按指定调动", "pinned by the bureau"));
  const SectionData& d = p.sections[static_cast<size_t>(dest)];
  const School& ds = *d.school;
  for (int i = 0; i < kIndicators; ++i) {
    const size_t ii = static_cast<size_t>(i);
    if (!t.Has(i)) continue;
    const Text name = IndicatorName(i);
    if (d.failing[ii]) {
      why.push_back(
          Text(fmt::format("补接收校{}缺口（{}）", name.zh, IndicatorId(i)),
               fmt::format("fills the receiving school's {} gap ({})", name.en, IndicatorId(i))));
      continue;
    }
    for (const CvResult& cv : cvs) {
      if (cv.stage == ds.stage && cv.indicator == i && cv.defined && !cv.pass_before &&
          100.0 * d.count[ii] / ds.students < cv.mean) {
        why.push_back(Text(
            fmt::format("缩小{}校际差异（{}差异系数）", name.zh, IndicatorId(i)),
            fmt::format("narrows the {} gap between schools ({} CV)", name.en, IndicatorId(i))));
      }
    }
  }
  auto it = d.subject_rules.find(t.subject);
  if (it != d.subject_rules.end() && it->second.need > 0) {
    why.push_back(Text(fmt::format("满足接收校{}学科需求", t.subject),
                       fmt::format("meets the receiving school's need for {}", t.subject)));
  }
  if (why.empty() && after.out[static_cast<size_t>(dest)] > 0) {
    why.push_back(Text("接替接收校调出教师的岗位（对等交流）",
                       "takes the post of a teacher who left the receiving school"));
  }
  if (why.empty()) {
    why.push_back(t.backbone ? Text("完成交流比例，并计入骨干教师比例",
                                    "counts toward the quota and the backbone share")
                             : Text("完成交流轮岗比例", "counts toward the rotation quota"));
  }
  return why;
}

// Rows at their bound. A subject minimum or a post limit is reported only
// where the plan moved teachers against it (a section that sent that
// subject, or received): the others sit at their bound untouched and would
// bury the list.
std::vector<BindingRule> Binding(const Prepared& p, const BuiltModel& b,
                                 const std::vector<double>& x, const Outcome& after, int moved,
                                 int backbone_moved) {
  std::vector<BindingRule> out;
  const Rules& r = *p.rules;
  for (int row = 0; row < b.model.num_rows(); ++row) {
    const RowInfo& info = b.rows[static_cast<size_t>(row)];
    const optim::Row& mr = b.model.row(row);
    const double act = b.model.Activity(row, x);
    // Integer rows: binding when one teacher less (or more) would break it.
    const double step = info.kind == RowKind::kBackbone ? static_cast<double>(r.backbone.den) : 1.0;
    const bool at_lower = std::isfinite(mr.lower) && act - mr.lower < step - 1e-6;
    const bool at_upper = std::isfinite(mr.upper) && mr.upper - act < step - 1e-6;
    if (!at_lower && !at_upper) continue;
    if (info.kind == RowKind::kKeepMin && !after.sent.count({info.section, info.subject})) continue;
    if (info.kind == RowKind::kCapacity && after.in[static_cast<size_t>(info.section)] == 0)
      continue;
    const School* school = info.section >= 0 ? &p.school(info.section) : nullptr;
    switch (info.kind) {
      case RowKind::kQuota:
        out.push_back(BindingRule{
            "quota",
            Text(fmt::format("交流比例下限（{}）：交流 {} 人，恰为下限（符合条件 {} 人 × {}，"
                             "向上取整）",
                             Percent(r.quota), moved, p.eligibility.eligible, Percent(r.quota)),
                 fmt::format("rotation quota ({}): {} moves, exactly the minimum", Percent(r.quota),
                             moved))});
        break;
      case RowKind::kBackbone:
        out.push_back(BindingRule{
            "backbone",
            Text(fmt::format("骨干教师比例下限（{}）：交流 {} 人中骨干教师 {} 人，恰为下限 {} 人",
                             Percent(r.backbone), moved, backbone_moved,
                             CeilShare(moved, r.backbone)),
                 fmt::format("backbone share ({}): {} of {} moved, exactly the minimum",
                             Percent(r.backbone), backbone_moved, moved))});
        break;
      case RowKind::kKeepMin:
        out.push_back(BindingRule{
            "keep_min",
            Text(fmt::format("{}{}学科最低保留人数：已到下限 {} 人", Label(*school), info.subject,
                             SubjectStaff(p, info.section, info.subject) + std::lround(act)),
                 fmt::format("{} ({}): {} teachers at their minimum", school->code,
                             StageName(school->stage), info.subject))});
        break;
      case RowKind::kCapacity:
        out.push_back(BindingRule{
            "capacity",
            Text(fmt::format("{}编制（岗位）上限：已满", Label(*school)),
                 fmt::format("{} ({}): posts full", school->code, StageName(school->stage)))});
        break;
      default:
        break;
    }
  }
  return out;
}

PlanStatus FromSolver(optim::SolveStatus s) {
  switch (s) {
    case optim::SolveStatus::kOptimal:
      return PlanStatus::kOptimal;
    case optim::SolveStatus::kFeasible:
      return PlanStatus::kFeasible;
    case optim::SolveStatus::kInfeasible:
      return PlanStatus::kInfeasible;
    case optim::SolveStatus::kCancelled:
      return PlanStatus::kCancelled;
    default:
      return PlanStatus::kNoSolution;
  }
}

}  // namespace

Text PlanStatusText(PlanStatus status) {
  switch (status) {
    case PlanStatus::kOptimal:
      return Text("最优方案（已证明）", "optimal plan (proven)");
    case PlanStatus::kFeasible:
      return Text("可行方案（达到时间上限，未证明最优）",
                  "feasible plan (time limit; not proven optimal)");
    case PlanStatus::kInfeasible:
      return Text("硬性规则相互矛盾，无可行方案", "the hard rules contradict each other");
    case PlanStatus::kNoSolution:
      return Text("达到时间上限，尚未找到方案", "time limit before any plan");
    case PlanStatus::kCancelled:
      return Text("已取消", "cancelled");
  }
  return Text::Same("?");
}

Result<Plan> PlanRotation(const Instance& instance, const Rules& rules, const Targets& targets,
                          optim::Solver& solver, const PlanOptions& options) {
  Prepared p = JIAODU_TRY(Prepare(instance, rules, targets));
  Plan plan;
  plan.eligibility = p.eligibility;
  const Outcome before = Evaluate(p, {});
  auto infeasible = [&](std::vector<Conflict> conflicts) -> Result<Plan> {
    plan.status = PlanStatus::kInfeasible;
    plan.solver_status = optim::SolveStatus::kInfeasible;
    std::vector<Conflict> elastic = JIAODU_TRY(ExplainInfeasible(p, solver, options.solve));
    for (Conflict& c : elastic) {
      const bool known = std::any_of(conflicts.begin(), conflicts.end(),
                                     [&c](const Conflict& k) { return k.rule == c.rule; });
      if (!known) conflicts.push_back(std::move(c));
    }
    if (conflicts.empty()) {
      conflicts.push_back(
          Conflict{"unknown",
                   Text("硬性规则之间存在冲突，但未能定位具体规则",
                        "the hard rules conflict, but no single rule could be named"),
                   0});
    }
    plan.conflicts = std::move(conflicts);
    plan.schools = SchoolResults(p, before);
    plan.cvs = before.cvs;
    plan.costs = before.costs;
    return plan;
  };
  if (std::vector<Conflict> pre = PreCheck(p); !pre.empty()) {
    BuiltModel b = BuildModel(p, false);
    plan.size = ModelSize{b.model.num_rows(), b.model.num_columns(), b.model.num_integers(),
                          b.model.num_nonzeros(), static_cast<int>(p.classes.size())};
    return infeasible(std::move(pre));
  }

  BuiltModel b = BuildModel(p, false);
  plan.size = ModelSize{b.model.num_rows(), b.model.num_columns(), b.model.num_integers(),
                        b.model.num_nonzeros(), static_cast<int>(p.classes.size())};
  // R16: without the solver's MIP preprocessing. On this model CBC 2.10.8's
  // preprocessing gains nothing at 3,000 teachers and at 10,000 ran past the
  // time limit to a wrong "infeasible"; the LP relaxation is already tight.
  optim::SolveOptions solve = options.solve;
  solve.preprocess = false;
  optim::SolveResult r = JIAODU_TRY(solver.Solve(b.model, solve));
  plan.solver_status = r.status;
  plan.status = FromSolver(r.status);
  plan.seconds = r.seconds;
  plan.first_solution_seconds = r.first_solution_seconds;
  if (r.status == optim::SolveStatus::kUnbounded) {
    return Fail(ErrorCode::kInternal, "rotation.internal",
                Text("交流轮岗模型无界（程序错误）", "the rotation model is unbounded (a bug)"));
  }
  if (r.status == optim::SolveStatus::kInfeasible) return infeasible({});
  if (!r.has_solution()) {
    plan.schools = SchoolResults(p, before);
    plan.cvs = before.cvs;
    plan.costs = before.costs;
    return plan;
  }
  plan.objective = r.objective;
  plan.bound = r.bound;
  plan.gap = r.gap;

  // Flows → teachers (R6: each class's members in their order).
  std::vector<std::pair<int, int>> moves;
  std::vector<size_t> next(p.classes.size(), 0);
  for (const Arc& a : b.arcs) {
    const MoveClass& c = p.classes[static_cast<size_t>(a.cls)];
    const long flow = std::lround(r.values[static_cast<size_t>(a.column)]);
    for (long f = 0; f < flow; ++f) {
      moves.emplace_back(c.members[next[static_cast<size_t>(a.cls)]++], a.dest);
    }
  }
  const Outcome after = Evaluate(p, moves);
  plan.costs = after.costs;
  plan.cvs = after.cvs;
  plan.schools = SchoolResults(p, after);
  for (const auto& [ti, dest] : moves) {
    const Teacher& t = instance.teachers[static_cast<size_t>(ti)];
    const TeacherData& td = p.teachers[static_cast<size_t>(ti)];
    Move m;
    m.teacher = t.id;
    m.teacher_name = t.name;
    m.subject = t.subject;
    m.stage = t.stage;
    m.from = p.school(td.section).code;
    m.from_name = p.school(td.section).name;
    m.to = p.school(dest).code;
    m.to_name = p.school(dest).name;
    m.backbone = t.backbone;
    m.above_required = t.above_required;
    m.pe_arts = t.pe_arts;
    m.pinned = td.pinned_to == dest;
    m.km = p.Km(td.section, dest);
    m.why = Why(p, t, dest, m.pinned, before.cvs, after);
    plan.moved += 1;
    plan.backbone_moved += t.backbone ? 1 : 0;
    plan.moves.push_back(std::move(m));
  }
  std::sort(plan.moves.begin(), plan.moves.end(), [](const Move& x, const Move& y) {
    return std::tie(x.from, x.to, x.teacher) < std::tie(y.from, y.to, y.teacher);
  });
  plan.binding = Binding(p, b, r.values, after, plan.moved, plan.backbone_moved);
  return plan;
}

}  // namespace jiaodu::rotation
