#include "jiaodu/domain/planning/staffing.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace jiaodu::planning {
namespace {

using Kind = StaffingAddition::Kind;
using Target = StaffingAddition::Target;

std::string SchoolLabel(const StaffSchool& s) {
  return s.name.empty() ? s.school : fmt::format("{}（{}）", s.name, s.school);
}

bool Qualifies(const StaffingAddition& a, const StaffSchool& s, int64_t students) {
  switch (a.target) {
    case Target::kAll:
      return true;
    case Target::kTeachingPoint:
      return s.teaching_point;
    case Target::kSmallSchool:
      // "不足 N 名学生": strictly fewer than N (N itself does not qualify).
      return students < a.below_students;
    case Target::kBoardingSchool:
      return s.boarding || s.boarders > 0;
  }
  return false;
}

bool HasLevel(const StaffSchool& s, const std::optional<Level>& level) {
  if (!level) return true;
  for (const auto& sec : s.sections) {
    if (sec.level == *level) return true;
  }
  return false;
}

// The additions one school earns, exactly.
std::vector<AppliedAddition> Additions(const StaffSchool& s, int64_t students,
                                       const std::vector<SectionQuota>& sections,
                                       const StaffingParams& sp) {
  auto applies = [&](const StaffingAddition& a) {
    return a.enabled && Qualifies(a, s, students) && HasLevel(s, a.level);
  };
  // 班师比与生师比相结合: a section gets at least classes × staff per class.
  // Two floors (教学点 and 小规模学校) do not stack: the highest applies, and
  // the addition is only what it adds above the ratio, credited to it.
  std::vector<Fraction> floor_posts(sp.additions.size());
  for (const auto& sec : sections) {
    std::optional<size_t> best;
    Fraction best_floor;
    for (size_t i = 0; i < sp.additions.size(); ++i) {
      const auto& a = sp.additions[i];
      if (a.kind != Kind::kClassRatio || !applies(a) || (a.level && sec.level != *a.level))
        continue;
      const Fraction floor = Fraction::FromRate(a.staff_per_class) * Fraction::Of(sec.classes);
      if (!best || floor > best_floor) {
        best = i;
        best_floor = floor;
      }
    }
    if (best && best_floor > sec.posts)
      floor_posts[*best] = floor_posts[*best] + (best_floor - sec.posts);
  }
  std::vector<AppliedAddition> out;
  for (size_t i = 0; i < sp.additions.size(); ++i) {
    const auto& a = sp.additions[i];
    if (!applies(a)) continue;
    Fraction posts;
    switch (a.kind) {
      case Kind::kClassRatio:
        posts = floor_posts[i];
        break;
      case Kind::kPerBoarders:
        posts = a.whole_steps ? Fraction::Of(s.boarders / a.boarders_per_post)
                              : Fraction::Of(s.boarders, a.boarders_per_post);
        break;
      case Kind::kPerSchool:
        posts = Fraction::FromRate(a.posts);
        break;
    }
    if (posts.num() > 0) out.push_back({a.id, a.name, posts, a.national, a.source});
  }
  return out;
}

}  // namespace

PoolPlan Rebalance(std::string area, std::string subject, std::span<const Balance> balances,
                   int64_t reserve) {
  PoolPlan plan;
  plan.area = std::move(area);
  plan.subject = std::move(subject);
  plan.reserve = reserve;
  std::vector<Balance> lenders, borrowers;
  for (const auto& b : balances) {
    if (b.amount > 0) {
      lenders.push_back(b);
      plan.surplus += b.amount;
    } else if (b.amount < 0) {
      borrowers.push_back({b.school, -b.amount});
      plan.shortfall += -b.amount;
    }
  }
  auto larger_first = [](const Balance& a, const Balance& b) {
    return a.amount != b.amount ? a.amount > b.amount : a.school < b.school;
  };
  std::sort(lenders.begin(), lenders.end(), larger_first);
  std::sort(borrowers.begin(), borrowers.end(), larger_first);
  size_t i = 0;
  for (auto& need : borrowers) {
    while (need.amount > 0 && i < lenders.size()) {
      const int64_t m = std::min(need.amount, lenders[i].amount);
      plan.transfers.push_back({lenders[i].school, need.school, m});
      plan.rebalanced += m;
      need.amount -= m;
      lenders[i].amount -= m;
      if (lenders[i].amount == 0) ++i;
    }
  }
  int64_t left = reserve;
  for (auto& need : borrowers) {
    if (need.amount == 0 || left <= 0) continue;
    const int64_t m = std::min(need.amount, left);
    plan.transfers.push_back({"", need.school, m});
    plan.from_reserve += m;
    need.amount -= m;
    left -= m;
  }
  for (const auto& need : borrowers) plan.unmet += need.amount;
  for (; i < lenders.size(); ++i) plan.idle += lenders[i].amount;
  return plan;
}

StaffingResult ComputeStaffing(const StaffingInput& in, const PlanningParams& params) {
  const auto& sp = params.staffing;
  StaffingResult out;
  out.rounding = sp.rounding;
  auto note = [&](std::string id, const StaffSchool& s, std::string zh, std::string en) {
    out.notices.push_back(
        Notice{std::move(id), Text(std::move(zh), std::move(en)), s.area, s.school});
  };
  int64_t teaching_points = 0, boarding_schools = 0;
  bool need_missing = false;
  std::map<std::string, AreaStaffing> areas;

  for (const auto& s : in.schools) {
    SchoolStaffing r;
    r.school = s.school;
    r.name = s.name;
    r.area = s.area;
    int64_t students = 0;
    for (const auto& sec : s.sections) {
      students += sec.students;
      const Rate ratio = sp.students_per_staff[LevelIndex(sec.level)];
      if (!ratio.positive()) {
        note("planning.no_ratio", s,
             fmt::format("{}：参数中没有{}的编制标准，该学段未核定编制", SchoolLabel(s),
                         LevelName(sec.level)),
             fmt::format("{}: the parameters have no staffing ratio for {}; that section is not "
                         "counted",
                         SchoolLabel(s), LevelName(sec.level, true)));
        continue;
      }
      r.sections.push_back({sec.level, sec.students, sec.classes, ratio,
                            Fraction::Of(sec.students) / Fraction::FromRate(ratio)});
    }
    if (s.sections.empty()) {
      note("planning.no_students", s,
           fmt::format("{}：没有分学段学生数，编制按 0 计", SchoolLabel(s)),
           fmt::format("{}: no students by level; 0 posts", SchoolLabel(s)));
    }
    r.additions = Additions(s, students, r.sections, sp);
    for (const auto& sec : r.sections) r.exact = r.exact + sec.posts;
    for (const auto& a : r.additions) r.exact = r.exact + a.posts;
    r.quota = r.exact.Round(sp.rounding);
    teaching_points += s.teaching_point ? 1 : 0;
    boarding_schools += (s.boarding || s.boarders > 0) ? 1 : 0;

    if (s.actual_staff) {
      r.actual = *s.actual_staff;
      r.gap = *s.actual_staff - r.quota;
    } else {
      note("planning.no_staff_count", s,
           fmt::format("{}：未填报实有在编教职工数，不计算缺编/超编，也不参与周转池",
                       SchoolLabel(s)),
           fmt::format("{}: no actual staff reported; no gap computed and not in the pool",
                       SchoolLabel(s)));
    }

    // Subjects: the stated need, else the loads; actual from the list.
    std::map<std::string, SubjectGap> subjects;
    for (const auto& n : s.subject_need) {
      auto& g = subjects[n.subject];
      g.need_exact = Fraction::Of(n.teachers);
    }
    if (s.subject_need.empty()) {
      for (const auto& load : sp.subject_loads) {
        for (const auto& sec : s.sections) {
          if (sec.level != load.level) continue;
          const Fraction need = Fraction::Of(sec.classes) *
                                Fraction::FromRate(load.periods_per_class_week) /
                                Fraction::FromRate(load.teacher_periods_week);
          auto& g = subjects[load.subject];
          g.need_exact = g.need_exact.value_or(Fraction()) + need;
        }
      }
    }
    for (const auto& t : s.teachers) subjects[t.subject].actual = t.teachers;
    for (auto& [name, g] : subjects) {
      g.subject = name;
      if (!s.teachers.empty() && !g.actual) g.actual = 0;
      if (g.need_exact) g.need = g.need_exact->Round(sp.rounding);
      if (g.need && g.actual) g.gap = *g.actual - *g.need;
      if (!g.need && g.actual) need_missing = true;
      r.subjects.push_back(g);
    }

    AreaStaffing& a = areas[s.area];
    a.area = s.area;
    ++a.schools;
    a.quota += r.quota;
    if (r.gap) {
      a.actual += *r.actual;
      a.gap += *r.gap;
      a.short_schools += *r.gap < 0 ? 1 : 0;
      a.surplus_schools += *r.gap > 0 ? 1 : 0;
    } else {
      ++a.unknown_schools;
    }
    out.schools.push_back(std::move(r));
  }

  // Additions the file leaves to the province but does not configure: say
  // so once, or a 教学点's ratio-only 编制 would look like the whole answer.
  auto configured = [&](Target t) {
    return std::any_of(sp.additions.begin(), sp.additions.end(),
                       [&](const StaffingAddition& a) { return a.enabled && a.target == t; });
  };
  struct Unconfigured {
    Target target;
    int64_t schools;
    std::string_view zh, en;
  };
  for (const auto& u : {Unconfigured{Target::kTeachingPoint, teaching_points, "教学点", "教学点"},
                        Unconfigured{Target::kBoardingSchool, boarding_schools, "寄宿制学校",
                                     "boarding schools"}}) {
    if (u.schools == 0 || configured(u.target)) continue;
    out.notices.push_back(Notice{
        "planning.addition_not_configured",
        Text(fmt::format("有 {} 所{}，但参数未启用{}附加编制（由省确定）：其编制仅按师生比核定",
                         u.schools, u.zh, u.zh),
             fmt::format("{} {} but no enabled addition for them in the parameters (a province's "
                         "choice): their 编制 follows the ratio only",
                         u.schools, u.en)),
        {},
        {}});
  }
  if (need_missing) {
    out.notices.push_back(
        Notice{"planning.no_subject_need",
               Text("部分学科有实有教师数，但既未填报需求也未配置课时标准（subject_"
                    "loads），这些学科的缺口未计算",
                    "some subjects have teachers but neither a stated need nor a teaching load "
                    "(subject_loads) in the parameters; their gap is not computed"),
               {},
               {}});
  }

  for (auto& [code, a] : areas) {
    std::vector<Balance> posts;
    std::map<std::string, std::vector<Balance>> by_subject;
    for (const auto& r : out.schools) {
      if (r.area != code) continue;
      if (r.gap) posts.push_back({r.school, *r.gap});
      for (const auto& g : r.subjects) {
        if (g.gap) by_subject[g.subject].push_back({r.school, *g.gap});
      }
    }
    auto reserve = in.pool_reserve.find(code);
    out.pools.push_back(
        Rebalance(code, "", posts, reserve == in.pool_reserve.end() ? 0 : reserve->second));
    for (const auto& [subject, balances] : by_subject) {
      out.subject_pools.push_back(Rebalance(code, subject, balances, 0));
    }
    out.areas.push_back(std::move(a));
  }
  return out;
}

}  // namespace jiaodu::planning
