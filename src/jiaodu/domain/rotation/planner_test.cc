// The rotation planner against an independent oracle: a brute-force
// enumerator that scores every assignment of teachers to schools with the
// rules written out plainly (and the CV computed with its square root), so
// the MIP's optimum is checked against the true optimum, not against itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "jiaodu/domain/rotation/cv_secant.h"
#include "jiaodu/domain/rotation/rotation.h"
#include "jiaodu/domain/rotation/rotation_model.h"
#include "jiaodu/domain/rotation/synthetic.h"
#include "jiaodu/optim/cbc/cbc_solver.h"

namespace jiaodu::rotation {
namespace {

// The 2017 numbers of data/standards/cn-yzjh-2017.toml (L1 4.2/5.3, L2 1.0,
// L3 0.9 per 100 students; CV ≤ 0.50 小学, ≤ 0.45 初中). rotation_file_test
// checks that TargetsFromStandard reads exactly these from the file.
Targets Targets2017() {
  Targets t;
  t.stage[0] = StageTargets{{4.2, 1.0, 0.9}, 0.50};
  t.stage[1] = StageTargets{{5.3, 1.0, 0.9}, 0.45};
  return t;
}

School MakeSchool(std::string code, Stage stage, Locale locale, int students,
                  std::optional<int> posts = std::nullopt) {
  School s;
  s.code = code;
  s.name = "学校" + code;
  s.stage = stage;
  s.locale = locale;
  s.students = students;
  s.posts = posts;
  return s;
}

Teacher MakeTeacher(std::string id, std::string school, std::string subject, bool l1, bool l2,
                    bool l3, int years = 10, Stage stage = Stage::kPrimary) {
  Teacher t;
  t.id = id;
  t.name = "教师" + id;
  t.school = school;
  t.stage = stage;
  t.subject = subject;
  t.above_required = l1;
  t.backbone = l2;
  t.pe_arts = l3;
  t.years_at_school = years;
  return t;
}

PlanOptions Exact() {
  PlanOptions o;
  o.solve.relative_gap = 0;
  o.solve.time_limit_seconds = 60;
  return o;
}

// ------------------------------------------------------------- the oracle --

class Oracle {
 public:
  Oracle(const Instance& in, const Rules& r, const Targets& t) : in_(in), r_(r), t_(t) {
    for (size_t s = 0; s < in.schools.size(); ++s)
      sec_[{in.schools[s].code, in.schools[s].stage}] = s;
    for (const Teacher& x : in.teachers) home_.push_back(sec_.at({x.school, x.stage}));
    for (size_t i = 0; i < in.teachers.size(); ++i) {
      const Teacher& x = in.teachers[i];
      int to_retire = x.years_to_retirement ? *x.years_to_retirement
                                            : (x.age ? r.retirement_age - *x.age : 100);
      bool ok = x.years_at_school >= r.min_years_at_school &&
                to_retire >= r.min_years_to_retirement &&
                !(x.last_move_year && in.year - *x.last_move_year < r.no_move_within_years);
      eligible_.push_back(ok);
      eligible_count_ += ok ? 1 : 0;
    }
    for (size_t s = 0; s < in.schools.size(); ++s) {
      std::array<int, 3> c{};
      int staff = 0;
      std::map<std::string, int> subj;
      for (size_t i = 0; i < in.teachers.size(); ++i) {
        if (home_[i] != s) continue;
        ++staff;
        ++subj[in.teachers[i].subject];
        for (int k = 0; k < 3; ++k) c[static_cast<size_t>(k)] += in.teachers[i].Has(k);
      }
      count_.push_back(c);
      staff_.push_back(staff);
      subject_.push_back(subj);
    }
  }

  // Each teacher's options: -1 (stay) and the schools they may go to.
  std::vector<std::vector<int>> Options() const {
    std::vector<std::vector<int>> out;
    for (size_t i = 0; i < in_.teachers.size(); ++i) {
      const Teacher& x = in_.teachers[i];
      std::vector<int> o;
      std::optional<size_t> pin;
      bool never = false;
      std::set<size_t> banned;
      for (const PinnedMove& p : in_.pins) {
        if (p.teacher == x.id) pin = sec_.at({p.school, x.stage});
      }
      for (const ForbiddenMove& f : in_.forbids) {
        if (f.teacher != x.id) continue;
        if (f.school.empty())
          never = true;
        else
          banned.insert(sec_.at({f.school, x.stage}));
      }
      if (pin) {
        o.push_back(static_cast<int>(*pin));
      } else {
        o.push_back(-1);
        if (eligible_[i] && !never) {
          for (size_t s = 0; s < in_.schools.size(); ++s) {
            const School& to = in_.schools[s];
            const School& from = in_.schools[home_[i]];
            if (s == home_[i] || to.stage != x.stage || banned.count(s)) continue;
            if (!r_.direction[static_cast<size_t>(from.locale)][static_cast<size_t>(to.locale)])
              continue;
            if (r_.max_km > 0) {
              auto km = Km(from.code, to.code);
              if (km && *km > r_.max_km) continue;
            }
            o.push_back(static_cast<int>(s));
          }
        }
      }
      out.push_back(o);
    }
    return out;
  }

  // The objective of an assignment (−1 = stays), or nothing when a hard rule fails.
  std::optional<double> Score(const std::vector<int>& dest) const {
    const Weights& w = r_.weights;
    long moved = 0, backbone = 0;
    auto count = count_;
    auto staff = staff_;
    auto subject = subject_;
    double km = 0;
    int flagged_out = 0;
    for (size_t i = 0; i < dest.size(); ++i) {
      if (dest[i] < 0) continue;
      const Teacher& x = in_.teachers[i];
      const size_t from = home_[i], to = static_cast<size_t>(dest[i]);
      ++moved;
      backbone += x.backbone;
      --staff[from];
      ++staff[to];
      --subject[from][x.subject];
      ++subject[to][x.subject];
      for (int k = 0; k < 3; ++k) {
        if (!x.Has(k)) continue;
        --count[from][static_cast<size_t>(k)];
        ++count[to][static_cast<size_t>(k)];
        if (count_[from][static_cast<size_t>(k)] < Required(from, k)) ++flagged_out;
      }
      if (auto d = Km(in_.schools[from].code, in_.schools[to].code)) km += *d;
    }
    const long quota = (eligible_count_ * r_.quota.num + r_.quota.den - 1) / r_.quota.den;
    if (moved < quota) return std::nullopt;
    if (backbone * r_.backbone.den < moved * r_.backbone.num) return std::nullopt;
    double shortfall = 0, unmet = 0, cv_excess = 0;
    int cvs_failing = 0;
    for (size_t s = 0; s < in_.schools.size(); ++s) {
      const School& sc = in_.schools[s];
      int need_sum = 0;
      for (const SubjectStaffing& j : sc.subjects) {
        const int now = subject_[s].count(j.subject) ? subject_[s].at(j.subject) : 0;
        const int after = subject[s].count(j.subject) ? subject[s].at(j.subject) : 0;
        if (after < std::min(j.keep_min, now)) return std::nullopt;
        if (j.need > 0) unmet += std::max(0, j.need - (after - now));
        need_sum += j.need;
      }
      const int cap = sc.posts ? std::max(0, *sc.posts - staff_[s]) : need_sum;
      if (staff[s] - staff_[s] > cap) return std::nullopt;
      for (int k = 0; k < 3; ++k)
        shortfall += std::max(0, Required(s, k) - count[s][static_cast<size_t>(k)]);
    }
    for (int g = 0; g < 2; ++g) {
      for (int k = 0; k < 3; ++k) {
        const double limit = t_.stage[static_cast<size_t>(g)].cv_limit;
        double n = 0, total = 0;
        for (size_t s = 0; s < in_.schools.size(); ++s) {
          if (static_cast<int>(in_.schools[s].stage) != g) continue;
          n += in_.schools[s].students;
          total += count[s][static_cast<size_t>(k)];
        }
        if (limit <= 0 || total == 0) continue;
        const double mean = 100 * total / n;
        double var = 0;
        for (size_t s = 0; s < in_.schools.size(); ++s) {
          if (static_cast<int>(in_.schools[s].stage) != g) continue;
          const double v = 100.0 * count[s][static_cast<size_t>(k)] / in_.schools[s].students;
          var += in_.schools[s].students / n * (v - mean) * (v - mean);
        }
        const double cv = std::sqrt(var) / mean;
        cv_excess += std::max(0.0, (cv / limit) * (cv / limit) - 1);
        cvs_failing += cv > limit * (1 + 1e-9) ? 1 : 0;
      }
    }
    return w.shortfall_per_teacher * shortfall + w.cv_excess * cv_excess + w.cv_fail * cvs_failing +
           w.unmet_need_per_teacher * unmet + w.move * static_cast<double>(moved) + w.per_km * km +
           w.flagged_out_of_failing * flagged_out;
  }

  // The best objective over every assignment (nothing when none is feasible).
  std::optional<double> Enumerate() const {
    const auto options = Options();
    std::vector<size_t> pos(options.size(), 0);
    std::vector<int> dest(options.size());
    std::optional<double> best;
    while (true) {
      for (size_t i = 0; i < pos.size(); ++i) dest[i] = options[i][pos[i]];
      if (auto s = Score(dest); s && (!best || *s < *best)) best = s;
      size_t i = 0;
      while (i < pos.size() && ++pos[i] == options[i].size()) pos[i++] = 0;
      if (i == pos.size()) break;
    }
    return best;
  }

  double Combinations() const {
    double n = 1;
    for (const auto& o : Options()) n *= static_cast<double>(o.size());
    return n;
  }

  // The assignment a plan describes, scored by the oracle.
  std::optional<double> ScorePlan(const Plan& plan) const {
    std::vector<int> dest(in_.teachers.size(), -1);
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < in_.teachers.size(); ++i) index[in_.teachers[i].id] = i;
    for (const Move& m : plan.moves) {
      const size_t i = index.at(m.teacher);
      EXPECT_EQ(dest[i], -1) << "teacher " << m.teacher << " moves twice";
      EXPECT_TRUE(eligible_[i]) << m.teacher << " is not eligible";
      EXPECT_EQ(m.stage, in_.teachers[i].stage);
      dest[i] = static_cast<int>(sec_.at({m.to, m.stage}));
    }
    return Score(dest);
  }

 private:
  int Required(size_t s, int k) const {
    const double th =
        t_.stage[static_cast<size_t>(in_.schools[s].stage)].threshold[static_cast<size_t>(k)];
    int need = 0;
    while (100.0 * need / in_.schools[s].students < th * (1 - 1e-9)) ++need;
    return need;
  }
  std::optional<double> Km(const std::string& a, const std::string& b) const {
    for (const Distance& d : in_.distances) {
      if ((d.from == a && d.to == b) || (d.from == b && d.to == a)) return d.km;
    }
    const School* x = nullptr;
    const School* y = nullptr;
    for (const School& s : in_.schools) {
      if (s.code == a) x = &s;
      if (s.code == b) y = &s;
    }
    if (!x->latitude || !y->latitude) return std::nullopt;
    // Great-circle distance (spherical law of cosines; R = 6371.0088 km).
    const double r = 3.14159265358979323846 / 180;
    const double c = std::sin(*x->latitude * r) * std::sin(*y->latitude * r) +
                     std::cos(*x->latitude * r) * std::cos(*y->latitude * r) *
                         std::cos((*x->longitude - *y->longitude) * r);
    return 6371.0088 * std::acos(std::min(1.0, c));
  }

  const Instance& in_;
  const Rules r_;  // copies: tests pass temporaries
  const Targets t_;
  std::map<std::pair<std::string, Stage>, size_t> sec_;
  std::vector<size_t> home_;
  std::vector<bool> eligible_;
  long eligible_count_ = 0;
  std::vector<std::array<int, 3>> count_;
  std::vector<int> staff_;
  std::vector<std::map<std::string, int>> subject_;
};

// A random tiny county: 2–3 schools in one or two stages, a handful of
// teachers, random flags, minimums, needs, posts, distances, pins, forbids.
Instance RandomTiny(std::mt19937& rng, Rules& rules, Targets& targets) {
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  Instance in;
  const int stages = 1 + pick(2);
  const char* subjects[] = {"数学", "语文", "体育"};
  int id = 0;
  for (int g = 0; g < stages; ++g) {
    const int schools = 2 + pick(2);
    for (int s = 0; s < schools; ++s) {
      School sc = MakeSchool(std::to_string(g * 10 + s), static_cast<Stage>(g),
                             static_cast<Locale>(pick(3)), 40 + pick(260));
      if (pick(2)) sc.posts = pick(5) + 3;
      const int teachers = 2 + pick(2);
      for (int k = 0; k < teachers; ++k) {
        const std::string subject = subjects[pick(3)];
        Teacher t = MakeTeacher("t" + std::to_string(id++), sc.code, subject, pick(3) > 0,
                                pick(2) > 0, subject == "体育", pick(4) ? 8 : 2, sc.stage);
        in.teachers.push_back(t);
      }
      for (const char* j : subjects) {
        if (pick(3) == 0)
          sc.subjects.push_back(SubjectStaffing{j, pick(3), pick(2) ? 0 : 1 + pick(2)});
      }
      in.schools.push_back(sc);
    }
  }
  for (size_t a = 0; a < in.schools.size(); ++a) {
    for (size_t b = a + 1; b < in.schools.size(); ++b) {
      if (pick(3))
        in.distances.push_back(Distance{in.schools[a].code, in.schools[b].code, 1.0 + pick(40)});
    }
  }
  rules = Rules{};
  rules.max_km = pick(3) == 0 ? 25 : 0;
  if (pick(4) == 0) rules.direction[2][0] = false;  // no 乡村 → 城区
  targets = Targets2017();
  if (pick(2)) targets.stage[0].cv_limit = targets.stage[1].cv_limit = 0.2;  // make the CV bite
  // A forbid and maybe a pin, on eligible teachers only.
  if (pick(2))
    in.forbids.push_back(ForbiddenMove{in.teachers[static_cast<size_t>(pick(id))].id, ""});
  const Teacher& t = in.teachers[static_cast<size_t>(pick(id))];
  if (pick(3) == 0 && t.years_at_school >= 6 &&
      std::none_of(in.forbids.begin(), in.forbids.end(),
                   [&](const ForbiddenMove& f) { return f.teacher == t.id; })) {
    for (const School& s : in.schools) {
      if (s.stage == t.stage && s.code != t.school) {
        in.pins.push_back(PinnedMove{t.id, s.code});
        break;
      }
    }
  }
  return in;
}

class RotationTest : public ::testing::Test {
 protected:
  optim::CbcSolver solver_;
};

TEST_F(RotationTest, OptimumEqualsBruteForceEnumerationOnRandomTinyCounties) {
  std::mt19937 rng(2025);
  int compared = 0, infeasible = 0;
  std::set<long> distinct_optima;  // the instances are not all alike
  for (int trial = 0; trial < 60; ++trial) {
    Rules rules;
    Targets targets;
    Instance in = RandomTiny(rng, rules, targets);
    Oracle oracle(in, rules, targets);
    if (oracle.Combinations() > 50000) continue;
    const std::optional<double> best = oracle.Enumerate();
    auto plan = PlanRotation(in, rules, targets, solver_, Exact());
    ASSERT_TRUE(plan) << plan.error().Describe();
    SCOPED_TRACE("trial " + std::to_string(trial));
    if (!best) {
      EXPECT_EQ(plan->status, PlanStatus::kInfeasible);
      EXPECT_FALSE(plan->conflicts.empty());
      ++infeasible;
      continue;
    }
    ASSERT_EQ(plan->status, PlanStatus::kOptimal);
    EXPECT_NEAR(plan->objective, *best, 1e-6 * std::max(1.0, std::fabs(*best)));
    EXPECT_NEAR(plan->costs.total, *best, 1e-6 * std::max(1.0, std::fabs(*best)));
    const auto scored = oracle.ScorePlan(*plan);
    ASSERT_TRUE(scored) << "the plan breaks a hard rule";
    EXPECT_NEAR(*scored, *best, 1e-6 * std::max(1.0, std::fabs(*best)));
    ++compared;
    distinct_optima.insert(std::lround(*best));
  }
  EXPECT_GE(compared, 30);
  EXPECT_GE(infeasible, 1);
  EXPECT_GE(distinct_optima.size(), 20u);
}

// Two schools with the same students; every teacher above the required
// qualification; both schools short of backbone teachers, so each backbone
// teacher who leaves costs a little (flagged_out_of_failing) and the plan
// moves exactly as many as the 20% rule asks.
Instance QuotaCounty(int eligible_a, int eligible_b) {
  Instance in;
  in.schools = {MakeSchool("A", Stage::kPrimary, Locale::kUrban, 500, 40),
                MakeSchool("B", Stage::kPrimary, Locale::kRural, 500, 40)};
  int id = 0;
  auto add = [&](const std::string& school, int n, int backbone) {
    for (int k = 0; k < n; ++k) {
      in.teachers.push_back(
          MakeTeacher(school + std::to_string(id++), school, "语文", true, k < backbone, false, 8));
    }
  };
  add("A", eligible_a, 3);
  add("B", eligible_b, 3);
  return in;
}

TEST_F(RotationTest, QuotaIsTenPercentOfEligibleRoundedUpAndBindsExactly) {
  for (auto [a, b, quota] :
       {std::tuple{25, 25, 5}, std::tuple{25, 26, 6}, std::tuple{50, 50, 10}}) {
    Instance in = QuotaCounty(a, b);
    auto plan = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
    ASSERT_TRUE(plan) << plan.error().Describe();
    ASSERT_EQ(plan->status, PlanStatus::kOptimal);
    EXPECT_EQ(plan->eligibility.eligible, a + b);
    EXPECT_EQ(plan->eligibility.quota, quota) << a + b << " eligible";
    EXPECT_EQ(plan->moved, quota);
    const bool quota_binds = std::any_of(plan->binding.begin(), plan->binding.end(),
                                         [](const BindingRule& r) { return r.rule == "quota"; });
    EXPECT_TRUE(quota_binds);
  }
}

TEST_F(RotationTest, BackboneShareIsExactlyTwentyPercentWhenBackboneMovesCost) {
  // 50 eligible → 5 moves → ≥ 1 backbone (5·1 = 5, exactly 20%);
  // 51 → 6 moves → ≥ 2 (1.2 rounds up); 100 → 10 moves → exactly 2.
  for (auto [a, b, backbone] :
       {std::tuple{25, 25, 1}, std::tuple{25, 26, 2}, std::tuple{50, 50, 2}}) {
    auto plan = PlanRotation(QuotaCounty(a, b), Rules{}, Targets2017(), solver_, Exact());
    ASSERT_TRUE(plan);
    ASSERT_EQ(plan->status, PlanStatus::kOptimal);
    EXPECT_EQ(plan->backbone_moved, backbone) << plan->moved << " moved";
    EXPECT_GE(5 * plan->backbone_moved, plan->moved);
    const bool binds = std::any_of(plan->binding.begin(), plan->binding.end(),
                                   [](const BindingRule& r) { return r.rule == "backbone"; });
    EXPECT_TRUE(binds);
  }
}

TEST_F(RotationTest, NoMovesBeyondTheQuotaWhenEverySchoolPasses) {
  Instance in = QuotaCounty(25, 25);
  for (size_t k = 0; k < in.teachers.size(); ++k) {
    in.teachers[k].backbone = true;       // every school passes L2 …
    in.teachers[k].pe_arts = k % 25 < 6;  // … and L3 (6 ≥ 0.9 × 500 / 100)
  }
  auto plan = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->moved, 5);
  EXPECT_DOUBLE_EQ(plan->costs.shortfall_teachers, 0);
}

// A county where a backbone teacher of A is the obvious one to send to the
// failing B: pins and forbids must override that.
Instance PinCounty() {
  Instance in;
  in.schools = {MakeSchool("A", Stage::kPrimary, Locale::kUrban, 300, 20),
                MakeSchool("B", Stage::kPrimary, Locale::kRural, 300, 20),
                MakeSchool("C", Stage::kPrimary, Locale::kTown, 300, 20)};
  for (int k = 0; k < 8; ++k) {
    in.teachers.push_back(
        MakeTeacher("a" + std::to_string(k), "A", "数学", true, k < 6, k == 7, 9));
    in.teachers.push_back(
        MakeTeacher("b" + std::to_string(k), "B", "数学", true, k < 1, k == 7, 9));
    in.teachers.push_back(
        MakeTeacher("c" + std::to_string(k), "C", "数学", true, k < 3, k == 7, 9));
  }
  return in;
}

TEST_F(RotationTest, PinnedAndForbiddenMovesAreRespected) {
  Instance in = PinCounty();
  auto free_plan = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_TRUE(free_plan);
  auto goes = [](const Plan& p, const std::string& teacher) -> std::string {
    for (const Move& m : p.moves) {
      if (m.teacher == teacher) return m.to;
    }
    return "";
  };
  // Without rules A's backbone teachers a0.. go to B.
  int a_to_b = 0;
  for (const Move& m : free_plan->moves) a_to_b += m.from == "A" && m.to == "B";
  ASSERT_GE(a_to_b, 1);

  in.pins = {PinnedMove{"c6", "A"}};                                  // a plain teacher, pinned
  in.forbids = {ForbiddenMove{"a0", ""}, ForbiddenMove{"a1", ""},     // must not move
                ForbiddenMove{"a2", "B"}, ForbiddenMove{"a3", "B"}};  // not to B
  auto plan = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_TRUE(plan) << plan.error().Describe();
  ASSERT_EQ(plan->status, PlanStatus::kOptimal);
  EXPECT_EQ(goes(*plan, "c6"), "A");
  EXPECT_EQ(goes(*plan, "a0"), "");
  EXPECT_EQ(goes(*plan, "a1"), "");
  EXPECT_NE(goes(*plan, "a2"), "B");
  EXPECT_NE(goes(*plan, "a3"), "B");
  for (const Move& m : plan->moves) {
    if (m.teacher == "c6") {
      EXPECT_TRUE(m.pinned);
      ASSERT_FALSE(m.why.empty());
      EXPECT_EQ(m.why.front().zh, "按指定调动");
    }
  }
  EXPECT_EQ(plan->eligibility.forbidden, 2);
  EXPECT_EQ(plan->eligibility.pinned, 1);
  Oracle oracle(in, Rules{}, Targets2017());
  EXPECT_TRUE(oracle.ScorePlan(*plan).has_value());
}

TEST_F(RotationTest, PinOfATeacherWhoMayNotRotateIsAnError) {
  Instance in = PinCounty();
  in.teachers[0].years_at_school = 3;
  in.pins = {PinnedMove{in.teachers[0].id, "B"}};
  auto plan = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().id, "rotation.pin_not_eligible");
  EXPECT_NE(plan.error().message.zh.find("不符合交流条件"), std::string::npos);

  in.teachers[0].years_at_school = 9;
  in.forbids = {ForbiddenMove{in.teachers[0].id, "B"}};
  auto conflict = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().id, "rotation.pin_conflict");
}

TEST_F(RotationTest, QuotaLargerThanMovableTeachersIsExplainedInChinese) {
  Instance in = QuotaCounty(10, 10);  // 20 eligible → at least 2 must move
  for (int k = 1; k < 20; ++k)
    in.forbids.push_back(ForbiddenMove{in.teachers[static_cast<size_t>(k)].id, ""});
  auto plan = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_TRUE(plan) << plan.error().Describe();
  EXPECT_EQ(plan->status, PlanStatus::kInfeasible);
  EXPECT_TRUE(plan->moves.empty());
  ASSERT_FALSE(plan->conflicts.empty());
  const Conflict& c = plan->conflicts.front();
  EXPECT_EQ(c.rule, "quota");
  EXPECT_DOUBLE_EQ(c.amount, 1);
  EXPECT_NE(c.message.zh.find("交流比例"), std::string::npos) << c.message.zh;
  EXPECT_NE(c.message.zh.find("至少需交流 2 人"), std::string::npos) << c.message.zh;
  EXPECT_NE(c.message.zh.find("禁止交流 19 人"), std::string::npos) << c.message.zh;
  EXPECT_NE(c.message.zh.find("还差 1 人"), std::string::npos) << c.message.zh;
  // The before-state is still reported.
  EXPECT_EQ(plan->schools.size(), 2u);
}

TEST_F(RotationTest, MissingBackboneTeachersAreExplained) {
  Instance in = QuotaCounty(10, 10);
  for (Teacher& t : in.teachers) t.backbone = false;
  auto plan = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->status, PlanStatus::kInfeasible);
  ASSERT_EQ(plan->conflicts.size(), 1u);
  EXPECT_EQ(plan->conflicts[0].rule, "backbone");
  EXPECT_NE(plan->conflicts[0].message.zh.find("骨干教师"), std::string::npos);
  EXPECT_NE(plan->conflicts[0].message.zh.find("还差 1 人"), std::string::npos)
      << plan->conflicts[0].message.zh;
}

TEST_F(RotationTest, PinAgainstASubjectMinimumIsExplainedByTheElasticModel) {
  // A keeps both its 数学 teachers; the bureau pins one of them to B, and
  // nobody can replace him: the minimum is short by one teacher.
  Instance in;
  School a = MakeSchool("A", Stage::kPrimary, Locale::kUrban, 200);
  a.subjects = {SubjectStaffing{"数学", 2, 0}};
  in.schools = {a, MakeSchool("B", Stage::kPrimary, Locale::kRural, 200, 5)};
  in.teachers = {MakeTeacher("m1", "A", "数学", true, true, false, 9),
                 MakeTeacher("m2", "A", "数学", true, false, false, 9),
                 MakeTeacher("y1", "B", "语文", true, false, false, 1),
                 MakeTeacher("y2", "B", "语文", true, false, false, 1)};
  in.pins = {PinnedMove{"m1", "B"}};
  auto plan = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_TRUE(plan) << plan.error().Describe();
  ASSERT_EQ(plan->status, PlanStatus::kInfeasible);
  ASSERT_EQ(plan->conflicts.size(), 1u);
  EXPECT_EQ(plan->conflicts[0].rule, "keep_min");
  EXPECT_DOUBLE_EQ(plan->conflicts[0].amount, 1);
  EXPECT_NE(plan->conflicts[0].message.zh.find("学校A（小学）数学学科最低保留 2 人"),
            std::string::npos)
      << plan->conflicts[0].message.zh;
}

TEST_F(RotationTest, EligibilityBoundariesAreInclusive) {
  Instance in = QuotaCounty(1, 1);
  in.year = 2025;
  auto add = [&](const std::string& id, int years, std::optional<int> to_retire,
                 std::optional<int> age, std::optional<int> last_move) {
    Teacher t = MakeTeacher(id, "A", "语文", true, false, false, years);
    t.years_to_retirement = to_retire;
    t.age = age;
    t.last_move_year = last_move;
    in.teachers.push_back(t);
  };
  add("six_years", 6, std::nullopt, std::nullopt, std::nullopt);   // eligible (满 6 年)
  add("five_years", 5, std::nullopt, std::nullopt, std::nullopt);  // too few
  add("five_to_go", 9, 5, std::nullopt, std::nullopt);             // eligible
  add("four_to_go", 9, 4, std::nullopt, std::nullopt);             // near retirement
  add("age_56", 9, std::nullopt, 56, std::nullopt);                // 60 − 56 = 4: near retirement
  add("moved_2022", 9, std::nullopt, std::nullopt, 2022);          // 3 years ago: eligible
  add("moved_2023", 9, std::nullopt, std::nullopt, 2023);          // 2 years ago: not
  auto plan = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->eligibility.teachers, 9);
  EXPECT_EQ(plan->eligibility.eligible, 2 + 3);
  EXPECT_EQ(plan->eligibility.too_few_years, 1);
  EXPECT_EQ(plan->eligibility.near_retirement, 2);
  EXPECT_EQ(plan->eligibility.moved_recently, 1);
}

TEST_F(RotationTest, DirectionAndDistanceRulesLimitDestinations) {
  Instance in = PinCounty();
  in.distances = {Distance{"A", "B", 50}, Distance{"A", "C", 10}, Distance{"B", "C", 12}};
  Rules rules;
  rules.max_km = 30;  // A–B is too far
  for (auto& row : rules.direction) row.fill(false);
  rules.direction[0][1] = rules.direction[0][2] = rules.direction[1][2] =
      true;  // toward the countryside
  rules.direction[2][2] = true;
  auto plan = PlanRotation(in, rules, Targets2017(), solver_, Exact());
  ASSERT_TRUE(plan) << plan.error().Describe();
  ASSERT_EQ(plan->status, PlanStatus::kOptimal);
  for (const Move& m : plan->moves) {
    EXPECT_FALSE(m.from == "A" && m.to == "B") << "50 km > 30 km";
    EXPECT_NE(m.to, "A") << "nobody moves into the 城区 school";
    EXPECT_FALSE(m.from == "B" && m.to == "C") << "乡村 → 镇区 is not allowed";
    ASSERT_TRUE(m.km);
    EXPECT_LE(*m.km, 30);
  }
}

TEST_F(RotationTest, MovesSayWhyInChinese) {
  auto plan = PlanRotation(PinCounty(), Rules{}, Targets2017(), solver_, Exact());
  ASSERT_TRUE(plan);
  bool fills_gap = false;
  for (const Move& m : plan->moves) {
    ASSERT_FALSE(m.why.empty());
    for (const Text& w : m.why)
      fills_gap = fills_gap || w.zh == "补接收校县级以上骨干教师缺口（L2）";
  }
  EXPECT_TRUE(fills_gap);
  // B fails L2 before (1 backbone for 300 students needs 3) and passes after.
  for (const SchoolResult& s : plan->schools) {
    if (s.code != "B") continue;
    EXPECT_EQ(s.required[kL2], 3);
    EXPECT_FALSE(s.pass_before[kL2]);
    EXPECT_TRUE(s.pass_after[kL2]);
  }
}

TEST_F(RotationTest, InvalidInputIsAnErrorNotAPlan) {
  Instance in = PinCounty();
  in.teachers[0].school = "Z";
  auto unknown = PlanRotation(in, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().id, "rotation.invalid");
  Instance dup = PinCounty();
  dup.teachers[1].id = dup.teachers[0].id;
  EXPECT_FALSE(PlanRotation(dup, Rules{}, Targets2017(), solver_, Exact()));
  Instance empty = PinCounty();
  empty.schools[0].students = 0;
  auto zero = PlanRotation(empty, Rules{}, Targets2017(), solver_, Exact());
  ASSERT_FALSE(zero);
  EXPECT_NE(zero.error().message.zh.find("在校生数"), std::string::npos);
}

// The CV row of the model with its excess e > 0 (the limit cannot be met):
// every t_s is then at its envelope, so 1 + e must equal (CV/limit)² of the
// counts in the solution, computed directly.
TEST_F(RotationTest, ModelCvExcessEqualsTheDirectlyComputedCv) {
  Instance in;
  in.schools = {MakeSchool("A", Stage::kPrimary, Locale::kUrban, 1000, 60),
                MakeSchool("B", Stage::kPrimary, Locale::kTown, 400, 60),
                MakeSchool("C", Stage::kPrimary, Locale::kRural, 100, 60)};
  int id = 0;
  for (int k = 0; k < 30; ++k)
    in.teachers.push_back(
        MakeTeacher("a" + std::to_string(id++), "A", "语文", true, true, false, k < 3 ? 9 : 1));
  for (int k = 0; k < 4; ++k)
    in.teachers.push_back(
        MakeTeacher("b" + std::to_string(id++), "B", "语文", true, false, false, 9));
  for (int k = 0; k < 3; ++k)
    in.teachers.push_back(
        MakeTeacher("c" + std::to_string(id++), "C", "语文", true, false, false, 9));
  Targets targets = Targets2017();
  targets.stage[0].cv_limit = 0.3;
  Rules rules;
  auto prepared = Prepare(in, rules, targets);
  ASSERT_TRUE(prepared) << prepared.error().Describe();
  BuiltModel model = BuildModel(*prepared, false);
  optim::SolveOptions o;
  o.relative_gap = 0;
  auto r = solver_.Solve(model.model, o);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, optim::SolveStatus::kOptimal);
  for (int i = 0; i < kIndicators; ++i) {
    const int e = model.cv_excess[0][static_cast<size_t>(i)];
    if (e < 0) continue;
    std::vector<int> counts, students;
    for (size_t s = 0; s < in.schools.size(); ++s) {
      counts.push_back(static_cast<int>(
          std::lround(r->values[static_cast<size_t>(model.k[s][static_cast<size_t>(i)])])));
      students.push_back(in.schools[s].students);
    }
    const CountCv cv = ComputeCountCv(counts, students);
    const double ratio = (cv.cv / 0.3) * (cv.cv / 0.3);
    const double excess = r->values[static_cast<size_t>(e)];
    if (ratio > 1) {
      EXPECT_NEAR(excess, ratio - 1, 1e-7) << IndicatorId(i);
    } else {
      EXPECT_NEAR(excess, 0, 1e-9);
    }
  }
  // L2: 30 backbone teachers at A, only 3 may leave: the CV stays above 0.3.
  EXPECT_GT(r->values[static_cast<size_t>(model.cv_excess[0][kL2])], 0.1);
}

TEST_F(RotationTest, SmallSyntheticCountyIsSolvedToOptimalityAndVerified) {
  Instance in = SyntheticCounty(SyntheticOptions{300, 10, 3, 2025});
  Rules rules;
  auto plan = PlanRotation(in, rules, Targets2017(), solver_, Exact());
  ASSERT_TRUE(plan) << plan.error().Describe();
  ASSERT_EQ(plan->status, PlanStatus::kOptimal);
  EXPECT_NEAR(plan->gap, 0, 1e-9);
  EXPECT_GE(plan->moved, plan->eligibility.quota);
  EXPECT_GE(5 * plan->backbone_moved, plan->moved);
  EXPECT_NEAR(plan->costs.total, plan->objective, 1e-6 * std::max(1.0, plan->objective));
  Oracle oracle(in, rules, Targets2017());
  const auto scored = oracle.ScorePlan(*plan);
  ASSERT_TRUE(scored) << "a hard rule is broken";
  EXPECT_NEAR(*scored, plan->objective, 1e-6 * std::max(1.0, plan->objective));
  EXPECT_GT(plan->size.columns, 0);
}

}  // namespace
}  // namespace jiaodu::rotation
