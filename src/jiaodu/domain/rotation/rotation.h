// File: jiaodu/domain/rotation/rotation.h
//
// 交流轮岗: which teachers a county should move where this year so that the
// rotation rules of 教督〔2017〕6号 hold (≥ 10% of eligible teachers rotate,
// ≥ 20% of them 骨干) and the county moves toward 优质均衡 on the three
// teacher indicators: L1 高于规定学历教师, L2 县级以上骨干教师, L3 体育艺术
// 专任教师 per 100 students, each school above its stage's standard and each
// student-weighted 差异系数 under its limit — with the fewest and least
// disruptive moves.
//
// The plan is the optimum of a mixed-integer model (docs/rotation.md) solved by
// whatever optim::Solver the caller injects (the app uses CBC). Rules are data
// (data/rotation/*.toml through formats/rotation_file); the indicator standards
// and CV limits come from the evaluated standard, filled in by the app.
//
//   auto plan = JIAODU_TRY(PlanRotation(instance, rules, targets, solver, {}));
//   for (const Move& m : plan.moves) …
//
// A plan is always returned for valid input: when the hard rules contradict
// each other, plan.status is kInfeasible and plan.conflicts says, in Chinese,
// which rule fails and by how many teachers. Errors are for malformed input
// (unknown school, a pin of a teacher who may not rotate, …).
#ifndef JIAODU_DOMAIN_ROTATION_ROTATION_H_
#define JIAODU_DOMAIN_ROTATION_ROTATION_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/optim/solver.h"

namespace jiaodu::rotation {

enum class Stage { kPrimary = 0, kJunior = 1 };  // 小学, 初中
inline constexpr int kStages = 2;
std::string_view StageName(Stage stage);  // 小学 / 初中

enum class Locale { kUrban = 0, kTown = 1, kRural = 2 };  // 城区, 镇区, 乡村
inline constexpr int kLocales = 3;
std::string_view LocaleName(Locale locale);
// 城区 / 镇区 / 乡村 (also urban / town / rural).
std::optional<Locale> ParseLocale(std::string_view text);

// The teacher indicators a rotation changes, in the standard's order.
inline constexpr int kL1 = 0;  // 每百名学生拥有高于规定学历教师数
inline constexpr int kL2 = 1;  // 每百名学生拥有县级以上骨干教师数
inline constexpr int kL3 = 2;  // 每百名学生拥有体育、艺术专任教师数
inline constexpr int kIndicators = 3;
std::string_view IndicatorId(int indicator);  // "L1"
Text IndicatorName(int indicator);            // 高于规定学历教师 …

// ------------------------------------------------------------------ input --

struct Teacher {
  std::string id;  // unique in the county (工号 or 身份证号 hash)
  std::string name;
  std::string school;  // 学校标识码 of the school where the teacher works now
  Stage stage = Stage::kPrimary;
  std::string subject;          // 任教学科, as the bureau writes it (数学, 体育 …)
  bool above_required = false;  // 高于规定学历 (L1; 小学 专科+, 初中 本科+)
  bool backbone = false;        // 县级及以上骨干教师 (L2, and the 20% rule)
  bool pe_arts = false;         // 体育、音乐、美术专任教师 (L3)
  int years_at_school = 0;      // 在现学校连续任教年限
  std::optional<int> age;
  std::optional<int> years_to_retirement;  // preferred over age when both are given
  std::optional<int> last_move_year;       // year of the last 交流 (if any)

  bool Has(int indicator) const;
};

struct SubjectStaffing {
  std::string subject;
  int keep_min = 0;  // a sending school keeps at least this many (or all it has, if fewer)
  int need = 0;      // how many more the school wants (met, or penalised)
};

// One stage section of a school (a 九年一贯制 school appears twice, once per
// stage, with the same code). Teachers rotate within their stage.
struct School {
  std::string code;  // 学校标识码
  std::string name;
  Stage stage = Stage::kPrimary;
  Locale locale = Locale::kUrban;
  int students = 0;                           // 在校生数 of this section (> 0)
  std::optional<double> latitude, longitude;  // WGS-84 degrees, for distances
  // Teacher posts (编制/岗位) of the section: staff after the moves may not
  // exceed max(posts, staff now). Absent: the section may grow only by its
  // subject needs (Σ need), so without needs every arrival replaces a
  // departure (对等交流).
  std::optional<int> posts;
  std::vector<SubjectStaffing> subjects;
};

// Road distance between two schools (either order); overrides coordinates.
struct Distance {
  std::string from, to;
  double km = 0;
};

struct PinnedMove {  // the teacher must go to this school (same stage)
  std::string teacher, school;
};
struct ForbiddenMove {  // must not go to `school`; empty school: must not move at all
  std::string teacher, school;
};

struct Instance {
  int year = 0;  // the plan's year, for "no move in the last N years"
  std::vector<School> schools;
  std::vector<Teacher> teachers;
  std::vector<Distance> distances;
  std::vector<PinnedMove> pins;
  std::vector<ForbiddenMove> forbids;
};

// ------------------------------------------------------------------ rules --

// A share as an exact fraction: 10% = 1/10, so quotas are computed on
// integers (R1, R2 in docs/rotation.md).
struct Share {
  long num = 0;
  long den = 1;
  double value() const { return static_cast<double>(num) / static_cast<double>(den); }
};
// The smallest fraction equal to `value` (up to 1e-9) with a denominator up
// to 10000; fails for values outside [0, 1].
Result<Share> ShareFromDecimal(double value);

// Objective weights, one scale (docs/rotation.md, "Objective"): level 1 (how
// far the county gets toward passing) dominates level 2 (moves), which
// dominates level 3 (disruption).
struct Weights {
  double shortfall_per_teacher = 100;  // a school short of one teacher on L1/L2/L3
  double cv_excess = 1000;             // per unit of (CV / limit)² − 1
  double cv_fail = 500;                // per stage CV left above its limit at all
  double unmet_need_per_teacher = 20;  // a subject need left open
  double move = 1;                     // each move
  double per_km = 0.01;                // each km a teacher is sent
  double flagged_out_of_failing =
      0.5;  // a flagged teacher leaving a school that fails on that flag
};

struct RuleSource {
  std::string rule;  // "quota", "backbone", "min_years_at_school", …
  Text text;         // the document and its words
  bool province_choice = false;
};

struct Rules {
  std::string id;
  Text title;
  Share quota{1, 10};    // ≥ ceil(quota × eligible) rotate
  Share backbone{1, 5};  // ≥ backbone × rotated are 骨干
  int min_years_at_school = 6;
  int min_years_to_retirement = 5;
  int retirement_age = 60;  // only for teachers given by age
  int no_move_within_years = 3;
  // direction[from][to]: may a teacher of a `from` school go to a `to` school.
  std::array<std::array<bool, kLocales>, kLocales> direction{
      {{true, true, true}, {true, true, true}, {true, true, true}}};
  double max_km = 0;  // 0: no limit
  Weights weights;
  std::vector<RuleSource> sources;
};

// The standard's numbers (the app reads them from the evaluated standard,
// e.g. data/standards/cn-yzjh-2017.toml): per stage, each indicator's
// threshold (per 100 students) and the CV limit (≤ 0: no CV target).
struct StageTargets {
  std::array<double, kIndicators> threshold{};
  double cv_limit = 0;
};
struct Targets {
  std::array<StageTargets, kStages> stage{};
};

// ----------------------------------------------------------------- output --

struct Move {
  std::string teacher, teacher_name, subject;
  Stage stage = Stage::kPrimary;
  std::string from, from_name, to, to_name;
  bool backbone = false, above_required = false, pe_arts = false;
  bool pinned = false;
  std::optional<double> km;
  std::vector<Text> why;
};

struct SchoolResult {
  std::string code, name;
  Stage stage = Stage::kPrimary;
  Locale locale = Locale::kUrban;
  int students = 0;
  int staff_before = 0, staff_after = 0, moves_in = 0, moves_out = 0;
  std::array<int, kIndicators> required{};  // teachers needed to meet the threshold
  std::array<int, kIndicators> count_before{}, count_after{};
  std::array<double, kIndicators> value_before{}, value_after{};  // per 100 students
  std::array<bool, kIndicators> pass_before{}, pass_after{};
};

struct CvResult {
  Stage stage = Stage::kPrimary;
  int indicator = kL1;
  bool defined = false;  // false when the stage has no such teacher (mean 0)
  double mean = 0;       // student-weighted, the same before and after
  double before = 0, after = 0, limit = 0;
  bool pass_before = true, pass_after = true;
};

// A hard rule that is at its bound in the plan: relaxing it would allow a
// better plan (or the plan stops exactly there).
struct BindingRule {
  std::string rule;  // quota, backbone, keep_min, capacity
  Text label;
};

// A hard rule that cannot hold, and by how many teachers.
struct Conflict {
  std::string rule;  // quota, backbone, keep_min, capacity, pin
  Text message;
  double amount = 0;
};

struct Eligibility {
  int teachers = 0;
  int eligible = 0;         // 符合交流条件 (the quota's base)
  int movable = 0;          // eligible, not forbidden, with somewhere to go
  int too_few_years = 0;    // years at school < min
  int near_retirement = 0;  // years to retirement < min
  int moved_recently = 0;   // last move within N years
  int forbidden = 0;        // eligible but forbidden to move
  int no_destination = 0;   // eligible, but no school passes direction/distance rules
  int quota = 0;            // ceil(quota × eligible)
  int movable_backbone = 0;
  int pinned = 0;
};

struct ModelSize {
  int rows = 0, columns = 0, integers = 0;
  size_t nonzeros = 0;
  int classes = 0;  // groups of interchangeable teachers (docs/rotation.md)
};

// The plan's objective recomputed directly from the moves (the CV with its
// square root, no linearisation): equals the solver's objective.
struct Costs {
  double shortfall_teachers = 0;  // Σ over schools and L1–L3 of teachers short
  double cv_excess = 0;           // Σ over stages and L1–L3 of max(0, (CV/limit)² − 1)
  int cvs_failing = 0;            // CVs above their limit after the moves
  double unmet_needs = 0;
  int moves = 0;
  double km = 0;
  int flagged_out_of_failing = 0;
  double total = 0;  // weighted, the objective
};

enum class PlanStatus {
  kOptimal,     // proven optimal within the requested gap
  kFeasible,    // time limit: the best plan found, gap reported
  kInfeasible,  // the hard rules contradict each other: see conflicts
  kNoSolution,  // time limit before any plan
  kCancelled,   // cancelled (moves are the best plan so far, if any)
};
Text PlanStatusText(PlanStatus status);

struct Plan {
  PlanStatus status = PlanStatus::kNoSolution;
  optim::SolveStatus solver_status = optim::SolveStatus::kNoSolution;
  double objective = 0, bound = 0, gap = 0;
  double seconds = 0, first_solution_seconds = -1;
  int moved = 0, backbone_moved = 0;
  std::vector<Move> moves;
  std::vector<SchoolResult> schools;
  std::vector<CvResult> cvs;
  std::vector<BindingRule> binding;
  std::vector<Conflict> conflicts;
  Eligibility eligibility;
  ModelSize size;
  Costs costs;
};

struct PlanOptions {
  optim::SolveOptions solve;
};

// Errors: "rotation.invalid" (malformed instance or targets),
// "rotation.pin_not_eligible", "rotation.pin_conflict", and the solver's own.
Result<Plan> PlanRotation(const Instance& instance, const Rules& rules, const Targets& targets,
                          optim::Solver& solver, const PlanOptions& options = {});

}  // namespace jiaodu::rotation

#endif  // JIAODU_DOMAIN_ROTATION_ROTATION_H_
