// The mixed-integer model of docs/rotation.md, built from a Prepared instance.
#include "jiaodu/domain/rotation/rotation_model.h"

#include <fmt/format.h>

#include <algorithm>

#include "jiaodu/domain/rotation/cv_secant.h"

namespace jiaodu::rotation {
namespace {

using optim::kInfinity;
using optim::LinearExpr;

constexpr double kPinSlackCost = 1000;

class Builder {
 public:
  Builder(const Prepared& p, bool elastic) : p_(p), elastic_(elastic) {}

  BuiltModel Build() {
    const size_t n_sections = p_.sections.size();
    out_.assign(n_sections, {});
    in_.assign(n_sections, {});
    b_.k.assign(n_sections, {-1, -1, -1});
    b_.shortfall.assign(n_sections, {-1, -1, -1});
    b_.t.assign(n_sections, {-1, -1, -1});
    for (auto& row : b_.cv_excess) row.fill(-1);
    for (auto& row : b_.cv_fails) row.fill(-1);
    AddArcs();
    AddClassLimits();
    if (elastic_) AddPinRows();
    AddQuota();
    AddBackbone();
    AddKeepMin();
    AddCapacity();
    if (!elastic_) {
      AddNeeds();
      AddIndicators();
      AddCv();
    }
    return std::move(b_);
  }

 private:
  const MoveClass& Cls(const Arc& a) const { return p_.classes[static_cast<size_t>(a.cls)]; }

  int AddRow(const LinearExpr& e, std::string name, double lo, double hi, RowInfo info) {
    b_.rows.push_back(std::move(info));
    return b_.model.AddRow(e, std::move(name), lo, hi);
  }

  // A hard row: in the elastic model it gets a slack column costing `cost`
  // per teacher; `coefficient` converts the slack into the row's units.
  void Slack(LinearExpr& e, double coefficient, RowInfo& info, const std::string& name,
             double cost = 1) {
    if (!elastic_) return;
    info.slack = b_.model.AddColumn("slack_" + name, 0, kInfinity, cost, false);
    e.Add(info.slack, coefficient);
  }

  void AddArcs() {
    for (size_t ci = 0; ci < p_.classes.size(); ++ci) {
      const MoveClass& c = p_.classes[ci];
      for (int d : c.destinations) {
        const bool pinned = !elastic_ && c.pinned_to == d;
        const int col = b_.model.AddColumn(fmt::format("y{}_{}", ci, d), pinned ? 1 : 0, c.size(),
                                           elastic_ ? 0 : ArcCost(p_, c, d), true);
        const int a = static_cast<int>(b_.arcs.size());
        b_.arcs.push_back(Arc{static_cast<int>(ci), d, col});
        out_[static_cast<size_t>(c.section)].push_back(a);
        in_[static_cast<size_t>(d)].push_back(a);
      }
    }
  }

  void AddClassLimits() {
    std::vector<LinearExpr> per_class(p_.classes.size());
    for (const Arc& a : b_.arcs) per_class[static_cast<size_t>(a.cls)].Add(a.column, 1);
    for (size_t ci = 0; ci < p_.classes.size(); ++ci) {
      if (p_.classes[ci].destinations.size() < 2) continue;  // the column bound says it
      AddRow(per_class[ci], fmt::format("once{}", ci), -kInfinity, p_.classes[ci].size(),
             RowInfo{RowKind::kClassLimit});
    }
  }

  void AddPinRows() {
    for (const Arc& a : b_.arcs) {
      if (Cls(a).pinned_to != a.dest) continue;
      LinearExpr e;
      e.Add(a.column, 1);
      RowInfo info{RowKind::kPin};
      info.section = a.dest;
      const std::string name = fmt::format("pin{}", a.cls);
      // R14: a pin is the bureau's explicit decision, so the explanation
      // blames the rules it collides with before the pin itself.
      Slack(e, 1, info, name, kPinSlackCost);
      AddRow(e, name, 1, kInfinity, info);
    }
  }

  void AddQuota() {
    const int q = p_.eligibility.quota;
    if (q <= 0) return;
    LinearExpr e;
    for (const Arc& a : b_.arcs) e.Add(a.column, 1);
    RowInfo info{RowKind::kQuota};
    Slack(e, 1, info, "quota");
    AddRow(e, "quota", q, kInfinity, info);
  }

  // backbone ≥ (num/den)·moved  ⟺  den·backbone − num·moved ≥ 0, integers only.
  void AddBackbone() {
    const Share& s = p_.rules->backbone;
    if (s.num <= 0 || b_.arcs.empty()) return;
    LinearExpr e;
    for (const Arc& a : b_.arcs) {
      e.Add(a.column, static_cast<double>((Cls(a).Backbone() ? s.den : 0) - s.num));
    }
    RowInfo info{RowKind::kBackbone};
    Slack(e, static_cast<double>(s.den), info, "backbone");
    AddRow(e, "backbone", 0, kInfinity, info);
  }

  // R4 of the model: a section keeps min(keep_min, staff now) of a subject.
  void AddKeepMin() {
    for (size_t s = 0; s < p_.sections.size(); ++s) {
      const SectionData& sd = p_.sections[s];
      for (const auto& [subject, rule] : sd.subject_rules) {
        auto it = sd.subject_staff.find(subject);
        const int now = it == sd.subject_staff.end() ? 0 : it->second;
        const int floor = std::min(rule.keep_min, now);
        int out_max = 0;
        std::vector<int> seen;
        for (int a : out_[s]) {
          const Arc& arc = b_.arcs[static_cast<size_t>(a)];
          if (Cls(arc).subject != subject) continue;
          if (std::find(seen.begin(), seen.end(), arc.cls) == seen.end()) {
            seen.push_back(arc.cls);
            out_max += Cls(arc).size();
          }
        }
        if (floor <= 0 || now - out_max >= floor) continue;  // cannot bind
        LinearExpr e;
        for (int a : out_[s]) {
          const Arc& arc = b_.arcs[static_cast<size_t>(a)];
          if (Cls(arc).subject == subject) e.Add(arc.column, -1);
        }
        for (int a : in_[s]) {
          const Arc& arc = b_.arcs[static_cast<size_t>(a)];
          if (Cls(arc).subject == subject) e.Add(arc.column, 1);
        }
        RowInfo info{RowKind::kKeepMin};
        info.section = static_cast<int>(s);
        info.subject = subject;
        const std::string name = fmt::format("keep{}_{}", s, subject);
        Slack(e, 1, info, name);
        AddRow(e, name, floor - now, kInfinity, info);
      }
    }
  }

  // A class has at most one arc into a section, so the arcs into s are
  // distinct classes.
  int InMax(size_t s) const {
    int total = 0;
    for (int a : in_[s]) total += Cls(b_.arcs[static_cast<size_t>(a)]).size();
    return total;
  }

  void AddCapacity() {
    for (size_t s = 0; s < p_.sections.size(); ++s) {
      const int cap = p_.sections[s].growth_cap;
      if (InMax(s) <= cap) continue;
      LinearExpr e;
      for (int a : in_[s]) e.Add(b_.arcs[static_cast<size_t>(a)].column, 1);
      for (int a : out_[s]) e.Add(b_.arcs[static_cast<size_t>(a)].column, -1);
      RowInfo info{RowKind::kCapacity};
      info.section = static_cast<int>(s);
      const std::string name = fmt::format("cap{}", s);
      Slack(e, -1, info, name);
      AddRow(e, name, -kInfinity, cap, info);
    }
  }

  void AddNeeds() {
    const double w = p_.rules->weights.unmet_need_per_teacher;
    for (size_t s = 0; s < p_.sections.size(); ++s) {
      for (const auto& [subject, rule] : p_.sections[s].subject_rules) {
        if (rule.need <= 0) continue;
        LinearExpr e;
        for (int a : in_[s]) {
          const Arc& arc = b_.arcs[static_cast<size_t>(a)];
          if (Cls(arc).subject == subject) e.Add(arc.column, 1);
        }
        for (int a : out_[s]) {
          const Arc& arc = b_.arcs[static_cast<size_t>(a)];
          if (Cls(arc).subject == subject) e.Add(arc.column, -1);
        }
        // Not capped at the need: a section that loses teachers of a subject
        // it needs is further from its need than one that gains none.
        const int u =
            b_.model.AddColumn(fmt::format("unmet{}_{}", s, subject), 0, kInfinity, w, false);
        b_.unmet.emplace_back(u, static_cast<int>(s));
        b_.unmet_subject.push_back(subject);
        e.Add(u, 1);
        RowInfo info{RowKind::kNeed};
        info.section = static_cast<int>(s);
        info.subject = subject;
        AddRow(e, fmt::format("need{}_{}", s, subject), rule.need, kInfinity, info);
      }
    }
  }

  // k = now + in − out for each flag; the range [k_lo, k_hi] bounds k and the
  // number of secants. in ≤ growth cap + out, so in ≤ cap + Σ|c| over the
  // section's own classes, which keeps k_hi (and the secants) small.
  void AddIndicators() {
    const double w = p_.rules->weights.shortfall_per_teacher;
    for (size_t s = 0; s < p_.sections.size(); ++s) {
      const SectionData& sd = p_.sections[s];
      int out_all = 0;
      std::array<int, kIndicators> out_flag{}, in_flag{};
      for (const MoveClass& c : p_.classes) {
        if (c.section != static_cast<int>(s) || c.destinations.empty()) continue;
        out_all += c.size();
        for (int i = 0; i < kIndicators; ++i)
          out_flag[static_cast<size_t>(i)] += c.flags[static_cast<size_t>(i)] ? c.size() : 0;
      }
      for (int a : in_[s]) {
        const Arc& arc = b_.arcs[static_cast<size_t>(a)];
        for (int i = 0; i < kIndicators; ++i)
          in_flag[static_cast<size_t>(i)] +=
              Cls(arc).flags[static_cast<size_t>(i)] ? Cls(arc).size() : 0;
      }
      for (int i = 0; i < kIndicators; ++i) {
        const size_t ii = static_cast<size_t>(i);
        const int lo = sd.count[ii] - out_flag[ii];
        const int hi = sd.count[ii] + std::min(in_flag[ii], sd.growth_cap + out_all);
        const int k =
            b_.model.AddColumn(fmt::format("k{}_{}", s, IndicatorId(i)), lo, hi, 0, false);
        b_.k[s][ii] = k;
        LinearExpr e;
        e.Add(k, 1);
        for (int a : in_[s]) {
          const Arc& arc = b_.arcs[static_cast<size_t>(a)];
          if (Cls(arc).flags[ii]) e.Add(arc.column, -1);
        }
        for (int a : out_[s]) {
          const Arc& arc = b_.arcs[static_cast<size_t>(a)];
          if (Cls(arc).flags[ii]) e.Add(arc.column, 1);
        }
        RowInfo info{RowKind::kCount};
        info.section = static_cast<int>(s);
        info.indicator = i;
        AddRow(e, fmt::format("count{}_{}", s, IndicatorId(i)), sd.count[ii], sd.count[ii], info);

        const int required = sd.required[ii];
        if (required > lo) {
          const int sh = b_.model.AddColumn(fmt::format("short{}_{}", s, IndicatorId(i)), 0,
                                            required - lo, w, false);
          b_.shortfall[s][ii] = sh;
          LinearExpr r;
          r.Add(k, 1);
          r.Add(sh, 1);
          RowInfo ri{RowKind::kShortfall};
          ri.section = static_cast<int>(s);
          ri.indicator = i;
          AddRow(r, fmt::format("shortfall{}_{}", s, IndicatorId(i)), required, kInfinity, ri);
        }
      }
    }
  }

  void AddCv() {
    const double w = p_.rules->weights.cv_excess;
    for (int g = 0; g < kStages; ++g) {
      const size_t gg = static_cast<size_t>(g);
      const double limit = p_.targets->stage[gg].cv_limit;
      for (int i = 0; i < kIndicators; ++i) {
        const size_t ii = static_cast<size_t>(i);
        const double mean = p_.mean[gg][ii];
        if (limit <= 0 || mean <= 0) continue;  // no target, or CV undefined
        const double scale = limit * limit * mean * mean * p_.students[gg];
        b_.cv_scale[gg][ii] = scale;
        LinearExpr sum;
        double worst = 0;  // the largest Σ t can reach: each convex term at an end
        for (size_t s = 0; s < p_.sections.size(); ++s) {
          const School& school = p_.school(static_cast<int>(s));
          if (static_cast<int>(school.stage) != g) continue;
          const int k = b_.k[s][ii];
          const int lo = static_cast<int>(b_.model.column(k).lower);
          const int hi = static_cast<int>(b_.model.column(k).upper);
          const double n = school.students;
          const double f_lo = CvTerm(n, mean, lo) / scale;
          worst += std::max(f_lo, CvTerm(n, mean, hi) / scale);
          const int t =
              b_.model.AddColumn(fmt::format("t{}_{}", s, IndicatorId(i)), lo == hi ? f_lo : 0,
                                 lo == hi ? f_lo : kInfinity, 0, false);
          b_.t[s][ii] = t;
          sum.Add(t, 1);
          const std::vector<Secant> secants = CvSecants(n, mean, lo, hi, scale);
          for (size_t j = 0; j < secants.size(); ++j) {
            LinearExpr e;
            e.Add(t, 1);
            e.Add(k, -secants[j].slope);
            RowInfo info{RowKind::kSecant};
            info.section = static_cast<int>(s);
            info.indicator = i;
            AddRow(e, fmt::format("secant{}_{}_{}", s, IndicatorId(i), lo + static_cast<int>(j)),
                   secants[j].intercept, kInfinity, info);
          }
        }
        const int e_col = b_.model.AddColumn(fmt::format("cv_excess{}_{}", g, IndicatorId(i)), 0,
                                             kInfinity, w, false);
        b_.cv_excess[gg][ii] = e_col;
        sum.Add(e_col, -1);
        RowInfo info{RowKind::kCv};
        info.stage = g;
        info.indicator = i;
        AddRow(sum, fmt::format("cv{}_{}", g, IndicatorId(i)), -kInfinity, 1, info);
        // Passing a CV is pass/fail for the county: z = 1 whenever e > 0,
        // with M = the largest excess the moves can produce.
        const double big_m = worst - 1;
        const double w_fail = p_.rules->weights.cv_fail;
        if (w_fail > 0 && big_m > 0) {
          const int z = b_.model.AddBinary(fmt::format("cv_fails{}_{}", g, IndicatorId(i)), w_fail);
          b_.cv_fails[gg][ii] = z;
          LinearExpr link;
          link.Add(e_col, 1);
          link.Add(z, -big_m);
          RowInfo fail{RowKind::kCvFail};
          fail.stage = g;
          fail.indicator = i;
          AddRow(link, fmt::format("cv_fail{}_{}", g, IndicatorId(i)), -kInfinity, 0, fail);
        }
      }
    }
  }

  const Prepared& p_;
  bool elastic_;
  BuiltModel b_;
  std::vector<std::vector<int>> out_, in_;  // arc indices per section
};

}  // namespace

double ArcCost(const Prepared& p, const MoveClass& c, int dest) {
  const Weights& w = p.rules->weights;
  double cost = w.move;
  if (auto km = p.Km(c.section, dest)) cost += w.per_km * *km;
  const SectionData& from = p.sections[static_cast<size_t>(c.section)];
  for (size_t i = 0; i < kIndicators; ++i) {
    if (c.flags[i] && from.failing[i]) cost += w.flagged_out_of_failing;
  }
  return cost;
}

BuiltModel BuildModel(const Prepared& p, bool elastic) { return Builder(p, elastic).Build(); }

}  // namespace jiaodu::rotation
