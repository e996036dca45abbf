#include "jiaodu/domain/rotation/synthetic.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace jiaodu::rotation {
namespace {

// mt19937_64's output is fixed by the standard; the distributions are not,
// so the uniform mapping is ours.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  bool Chance(double p) { return Uniform() < p; }
  template <typename T>
  size_t Pick(const T& weights) {
    double total = 0;
    for (const auto& w : weights) total += w.second;
    double x = Uniform() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      x -= weights[i].second;
      if (x < 0) return i;
    }
    return weights.size() - 1;
  }

 private:
  std::mt19937_64 engine_;
};

using Weighted = std::vector<std::pair<std::string, double>>;

const Weighted& Subjects(Stage stage) {
  static const Weighted kPrimary = {{"语文", 28},      {"数学", 24},    {"英语", 9},    {"科学", 6},
                                    {"道德与法治", 5}, {"体育", 8},     {"音乐", 6},    {"美术", 5},
                                    {"信息技术", 3},   {"综合实践", 3}, {"心理健康", 3}};
  static const Weighted kJunior = {{"语文", 14},      {"数学", 14},   {"英语", 13}, {"物理", 7},
                                   {"化学", 5},       {"生物", 5},    {"历史", 6},  {"地理", 5},
                                   {"道德与法治", 6}, {"体育", 9},    {"音乐", 4},  {"美术", 4},
                                   {"信息技术", 4},   {"心理健康", 3}};
  return stage == Stage::kPrimary ? kPrimary : kJunior;
}

bool IsPeArts(const std::string& s) { return s == "体育" || s == "音乐" || s == "美术"; }

}  // namespace

Instance SyntheticCounty(const SyntheticOptions& o) {
  Random rng(o.seed);
  Instance in;
  in.year = o.year;
  const int n_primary = (o.schools * 2 + 2) / 3;
  // Per locale: students range, students per teacher, backbone share, L1
  // share (小学 专科+, 初中 本科+), PE/arts weight factor, distance from town.
  struct Profile {
    double students_lo, students_hi, ratio, backbone, l1, pe_arts, km_lo, km_hi;
  };
  const Profile kProfiles[kStages][kLocales] = {{{900, 2000, 19, 0.26, 0.99, 1.0, 0, 4},
                                                 {400, 1100, 17, 0.16, 0.95, 0.8, 8, 20},
                                                 {80, 450, 13, 0.10, 0.88, 0.5, 12, 40}},
                                                {{900, 1800, 13.5, 0.20, 0.92, 1.0, 0, 4},
                                                 {500, 1200, 12.5, 0.12, 0.78, 0.8, 8, 20},
                                                 {150, 600, 11, 0.07, 0.60, 0.5, 12, 40}}};
  const double kUneven[kStages][kLocales][2] = {// backbone share, PE/arts factor
                                                {{0.45, 1.2}, {0.10, 0.5}, {0.015, 0.15}},
                                                {{0.40, 1.2}, {0.08, 0.5}, {0.015, 0.15}}};
  auto profile = [&](Stage stage, Locale locale) {
    Profile pr = kProfiles[static_cast<int>(stage)][static_cast<int>(locale)];
    if (o.uneven) {
      pr.backbone = kUneven[static_cast<int>(stage)][static_cast<int>(locale)][0];
      pr.pe_arts = kUneven[static_cast<int>(stage)][static_cast<int>(locale)][1];
    }
    return pr;
  };
  std::vector<double> raw_staff;
  for (int s = 0; s < o.schools; ++s) {
    School sc;
    sc.stage = s < n_primary ? Stage::kPrimary : Stage::kJunior;
    const double u = rng.Uniform();
    sc.locale = u < 0.25 ? Locale::kUrban : u < 0.55 ? Locale::kTown : Locale::kRural;
    const Profile pr = profile(sc.stage, sc.locale);
    sc.code = fmt::format("99{:08d}", s + 1);
    sc.name =
        fmt::format("{}{}第{}{}", LocaleName(sc.locale), sc.locale == Locale::kRural ? "乡" : "",
                    s + 1, sc.stage == Stage::kPrimary ? "小学" : "中学");
    sc.students = static_cast<int>(std::lround(rng.Uniform(pr.students_lo, pr.students_hi)));
    const double angle = rng.Uniform(0, 6.283185307179586);
    const double km = rng.Uniform(pr.km_lo, pr.km_hi);
    sc.latitude = 30.0 + km * std::sin(angle) / 111.2;
    sc.longitude = 110.0 + km * std::cos(angle) / (111.2 * std::cos(30.0 * 3.14159265358979 / 180));
    raw_staff.push_back(std::max(6.0, sc.students / pr.ratio));
    in.schools.push_back(std::move(sc));
  }
  // Scale the staff to the requested total (largest remainder).
  double total = 0;
  for (double r : raw_staff) total += r;
  std::vector<int> staff(raw_staff.size());
  std::vector<std::pair<double, size_t>> rest;
  int assigned = 0;
  for (size_t s = 0; s < raw_staff.size(); ++s) {
    const double want = raw_staff[s] * o.teachers / total;
    staff[s] = std::max(1, static_cast<int>(std::floor(want)));
    assigned += staff[s];
    rest.emplace_back(want - std::floor(want), s);
  }
  std::sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t i = 0; assigned < o.teachers && i < rest.size(); ++i, ++assigned)
    ++staff[rest[i].second];

  int next_id = 1;
  for (size_t s = 0; s < in.schools.size(); ++s) {
    School& sc = in.schools[s];
    const Profile pr = profile(sc.stage, sc.locale);
    Weighted subjects = Subjects(sc.stage);
    for (auto& [name, w] : subjects) {
      if (IsPeArts(name)) w *= pr.pe_arts;
    }
    std::map<std::string, int> per_subject;
    for (int k = 0; k < staff[s]; ++k) {
      Teacher t;
      t.id = fmt::format("T{:05d}", next_id);
      t.name = fmt::format("教师{:05d}", next_id);
      ++next_id;
      t.school = sc.code;
      t.stage = sc.stage;
      t.subject = subjects[rng.Pick(subjects)].first;
      t.pe_arts = IsPeArts(t.subject);
      t.backbone = rng.Chance(pr.backbone);
      t.above_required = rng.Chance(pr.l1);
      t.years_at_school = std::min(35, static_cast<int>(-7.0 * std::log(1.0 - rng.Uniform())));
      const int age = std::min(59, 22 + t.years_at_school + static_cast<int>(rng.Uniform(0, 16)));
      t.years_to_retirement = 60 - age;
      if (rng.Chance(0.3)) t.last_move_year = o.year - t.years_at_school;
      ++per_subject[t.subject];
      in.teachers.push_back(std::move(t));
    }
    // Sending schools keep three quarters of each subject; rural schools have
    // a vacancy or two and ask for the PE/arts teachers they lack.
    for (const auto& [subject, count] : per_subject) {
      SubjectStaffing st;
      st.subject = subject;
      st.keep_min = (3 * count + 3) / 4;
      sc.subjects.push_back(st);
    }
    if (sc.locale == Locale::kRural) {
      for (const char* need : {"体育", "音乐", "美术"}) {
        if (per_subject[need] > 0) continue;
        auto it = std::find_if(sc.subjects.begin(), sc.subjects.end(),
                               [&](const SubjectStaffing& x) { return x.subject == need; });
        if (it == sc.subjects.end()) {
          sc.subjects.push_back(SubjectStaffing{need, 0, 1});
        } else {
          it->need = 1;
        }
      }
    }
    const int vacancies = sc.locale == Locale::kRural  ? static_cast<int>(rng.Uniform(0, 3))
                          : sc.locale == Locale::kTown ? static_cast<int>(rng.Uniform(0, 2))
                                                       : 0;
    sc.posts = staff[s] + vacancies;
  }
  return in;
}

}  // namespace jiaodu::rotation
