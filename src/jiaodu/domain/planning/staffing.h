// File: jiaodu/domain/planning/staffing.h
//
// 教职工编制 per school from the unified ratios (小学 1:19, 初中 1:13.5, 高中
// 1:12.5, from the parameters) plus the configured additions (教学点 and
// small schools by 班师比, boarders, per school), against the staff the
// school actually has: the shortfall or surplus per school and, where the
// teaching load or the need is given, per subject. Then what a county
// 编制周转池 could rebalance: surplus of some schools lent to the shortfall
// of others, and the pool's own reserve.
//
// Exactness (D16): each section's posts are the exact fraction students ÷
// ratio; additions are added exactly; the school's 编制 is rounded to whole
// posts once, by the parameters' rule (四舍五入 by default: 190 小学 students
// → 10, 191 → 10.05 → 10, 200 → 10.53 → 11).
//
// The pool (D20) is computed exactly in total — with no constraint between
// schools of one area the most that can be rebalanced is min(surplus,
// shortfall), which is what is moved — and paired by a transparent greedy:
// largest shortfall first, served by the largest surplus first (ties by
// school code), then by the pool's reserve. That pairing uses at most
// (lenders + borrowers − 1) transfers but is not promised to be the fewest.
#ifndef JIAODU_DOMAIN_PLANNING_STAFFING_H_
#define JIAODU_DOMAIN_PLANNING_STAFFING_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/domain/planning/exact.h"
#include "jiaodu/domain/planning/params.h"

namespace jiaodu::planning {

struct SectionStudents {
  Level level = Level::kPrimary;
  int64_t students = 0;
  int classes = 0;
};

struct SubjectCount {
  std::string subject;
  int64_t teachers = 0;
};

struct StaffSchool {
  std::string school;  // 学校标识码
  std::string name;
  std::string area;
  std::vector<SectionStudents> sections;
  bool teaching_point = false;          // 教学点
  bool boarding = false;                // 寄宿制学校
  int64_t boarders = 0;                 // 寄宿生数
  std::optional<int64_t> actual_staff;  // 实有在编教职工
  // 专任教师 by subject (empty = not reported); a subject missing from a
  // non-empty list has none.
  std::vector<SubjectCount> teachers;
  // Teachers needed by subject, when the school or bureau states it; else
  // computed from the parameters' subject loads.
  std::vector<SubjectCount> subject_need;
};

struct StaffingInput {
  std::vector<StaffSchool> schools;
  std::map<std::string, int64_t> pool_reserve;  // area → vacant posts held by the 周转池
};

struct SectionQuota {
  Level level = Level::kPrimary;
  int64_t students = 0;
  int classes = 0;
  Rate students_per_staff;
  Fraction posts;  // students ÷ ratio, exact
};

struct AppliedAddition {
  std::string id;
  Text name;
  Fraction posts;
  bool national = false;
  std::string source;
};

struct SubjectGap {
  std::string subject;
  std::optional<Fraction> need_exact;
  std::optional<int64_t> need;  // rounded by the 编制 rule
  std::optional<int64_t> actual;
  std::optional<int64_t> gap;  // actual − need: + surplus, − shortfall
};

struct SchoolStaffing {
  std::string school;
  std::string name;
  std::string area;
  std::vector<SectionQuota> sections;
  std::vector<AppliedAddition> additions;
  Fraction exact;     // Σ sections + Σ additions
  int64_t quota = 0;  // whole posts (D16)
  std::optional<int64_t> actual;
  std::optional<int64_t> gap;  // actual − quota: + surplus (超编), − shortfall (缺编)
  std::vector<SubjectGap> subjects;
};

// A school's position for the pool: + surplus, − shortfall.
struct Balance {
  std::string school;
  int64_t amount = 0;
};

struct Transfer {
  std::string from;  // "" = the pool's reserve
  std::string to;
  int64_t amount = 0;
};

struct PoolPlan {
  std::string area;
  std::string subject;  // "" = 编制 posts
  int64_t surplus = 0;
  int64_t shortfall = 0;
  int64_t reserve = 0;
  int64_t rebalanced = 0;    // moved between schools = min(surplus, shortfall)
  int64_t from_reserve = 0;  // lent from the reserve after that
  int64_t unmet = 0;         // shortfall left
  int64_t idle = 0;          // surplus left
  std::vector<Transfer> transfers;
};

// The greedy pairing described above; deterministic.
PoolPlan Rebalance(std::string area, std::string subject, std::span<const Balance> balances,
                   int64_t reserve);

struct AreaStaffing {
  std::string area;
  int64_t schools = 0;
  int64_t quota = 0;   // Σ quota of all schools
  int64_t actual = 0;  // Σ actual of the schools that reported it
  int64_t gap = 0;     // Σ gap of those schools
  int64_t short_schools = 0;
  int64_t surplus_schools = 0;
  int64_t unknown_schools = 0;  // no actual staff reported
};

struct StaffingResult {
  Rounding rounding = Rounding::kHalfUp;
  std::vector<SchoolStaffing> schools;
  std::vector<AreaStaffing> areas;      // sorted by area code
  std::vector<PoolPlan> pools;          // 编制 posts, one per area
  std::vector<PoolPlan> subject_pools;  // per area and subject, where any gap is known
  std::vector<Notice> notices;
};

StaffingResult ComputeStaffing(const StaffingInput& input, const PlanningParams& params);

}  // namespace jiaodu::planning

#endif  // JIAODU_DOMAIN_PLANNING_STAFFING_H_
