#include "jiaodu/demo/demo_quality.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "jiaodu/demo/rng.h"
#include "jiaodu/domain/quality/stats.h"

namespace jiaodu::demo {
namespace {

// A seed from a text, folded through the generator itself (std::hash is not
// the same on every platform).
uint64_t SeedOf(std::string_view text, uint64_t salt) {
  uint64_t h = salt;
  for (char c : text) h = Rng(h ^ static_cast<unsigned char>(c)).Next();
  return h;
}

// The demo city's counties in profile order (demo_city.cc): the rural 青山县
// (3rd) and the mountain 石门县 (6th) are the weak ones, with lower and
// more uneven intakes; the urban districts are a little ahead.
struct CountyShape {
  double shift;   // mean intake, in within-school SDs
  double spread;  // SD of the schools' intakes
  double va;      // SD of what the schools add
};

CountyShape ShapeOf(std::string_view county) {
  // 9901cc: cc = 02 … ; profile = (cc − 2) mod 6.
  int cc = 0;
  if (county.size() >= 6) cc = (county[4] - '0') * 10 + (county[5] - '0');
  switch (((cc - 2) % 6 + 6) % 6) {
    case 0:
      return {0.25, 0.38, 0.15};  // 城关区
    case 1:
      return {0.15, 0.33, 0.15};  // 东湖区
    case 2:
      return {-0.25, 0.45, 0.20};  // 青山县
    case 3:
      return {0.0, 0.32, 0.15};  // 白云县
    case 4:
      return {-0.05, 0.32, 0.15};  // 清河县
    default:
      return {-0.35, 0.47, 0.22};  // 石门县
  }
}

double Round(double v, double step) { return std::round(v / step) * step; }

}  // namespace

std::vector<QualityDemoSchool> QualitySchoolsFromCity(const DemoCity& city,
                                                      const FieldCatalog& catalog, int year) {
  int use_year = year;
  if (std::none_of(city.schools.begin(), city.schools.end(),
                   [&](const SchoolYearRecord& r) { return r.year.start() == year; })) {
    use_year = city.schools.empty() ? year : city.schools.front().year.start();
    for (const SchoolYearRecord& r : city.schools) use_year = std::min(use_year, r.year.start());
  }
  const std::optional<size_t> students_field = catalog.IndexOf("students");
  std::vector<QualityDemoSchool> out;
  for (const SchoolYearRecord& r : city.schools) {
    if (r.year.start() != use_year) continue;
    // 特殊教育学校 follow their own curriculum and do not sit the 抽测.
    const SectionRecord* junior = r.Section(Stage::kJunior);
    if (junior == nullptr || r.school.type == SchoolType::kSpecial) continue;
    QualityDemoSchool s;
    s.code = r.school.code;
    s.name = r.school.name;
    s.county = r.school.county;
    s.locale = r.school.locale;
    const double students = students_field ? junior->values.Get(*students_field).value_or(0) : 0.0;
    // One grade of three; a section without a count gets two classes. In
    // some 乡村 schools many pupils have left for town schools by 八年级
    // (生源流失): about two in five keep 15–60 % of the cohort, so the
    // demo has the small schools whose results shrinkage is for.
    s.students = students > 0 ? std::max(1, static_cast<int>(std::lround(students / 3))) : 80;
    if (s.locale == Locale::kRural) {
      Rng left(SeedOf(s.code, 0x1e47u));
      if (left.Uniform() < 0.4) {
        s.students =
            std::max(3, static_cast<int>(std::lround(s.students * left.Uniform(0.15, 0.6))));
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

quality::ScoreSet GenerateQualityScores(const quality::CutScoreSet& cuts,
                                        std::span<const QualityDemoSchool> schools, int year,
                                        int term, uint64_t seed) {
  const std::string grade_name = "八年级";
  std::vector<const quality::SubjectCuts*> subjects;
  for (const quality::SubjectCuts& c : cuts.subjects()) {
    if (c.grade.empty() || c.grade == grade_name) subjects.push_back(&c);
  }
  quality::ScoreSet set;
  const uint16_t grade = set.Grade(grade_name);
  std::vector<uint16_t> subject_ids;
  for (const quality::SubjectCuts* c : subjects) subject_ids.push_back(set.Subject(c->subject));
  // Tests in order (2023 spring = 0, autumn = 1, …): the city improves a
  // little from one to the next, which the trend shows.
  const int test_index = 2 * year + (term - 1);
  const double city_gain = 0.03 * (test_index - 2 * 2023);
  const int cohort = year - 1;  // entered 初中: 八年级 of 2024-2025 entered in 2023
  size_t rows = 0;
  for (const QualityDemoSchool& s : schools) rows += static_cast<size_t>(s.students);
  set.Reserve(rows * subjects.size());
  // Each school's intake and value-added as normal quantiles of its rank in
  // its county (the order drawn from the seed and the code, the same in
  // every test): a county of 20 schools then has the spread its shape says,
  // not whatever 20 random draws give, so the demo's ICCs are the ones the
  // header describes.
  std::map<std::string, std::vector<std::pair<uint64_t, size_t>>> intake_order;
  std::map<std::string, std::vector<std::pair<uint64_t, size_t>>> va_order;
  for (size_t i = 0; i < schools.size(); ++i) {
    intake_order[schools[i].county].emplace_back(SeedOf(schools[i].code, seed ^ 0x51a11u), i);
    va_order[schools[i].county].emplace_back(SeedOf(schools[i].code, seed ^ 0x7a1u), i);
  }
  std::vector<double> intake_z(schools.size());
  std::vector<double> va_z(schools.size());
  for (auto* order : {&intake_order, &va_order}) {
    std::vector<double>& z = order == &intake_order ? intake_z : va_z;
    for (auto& [county, list] : *order) {
      std::sort(list.begin(), list.end());
      for (size_t k = 0; k < list.size(); ++k) {
        z[list[k].second] = quality::NormalQuantile((static_cast<double>(k) + 0.5) /
                                                    static_cast<double>(list.size()));
      }
    }
  }
  for (size_t j = 0; j < schools.size(); ++j) {
    const QualityDemoSchool& s = schools[j];
    const CountyShape shape = ShapeOf(s.county);
    const double locale = s.locale == Locale::kUrban   ? 0.2
                          : s.locale == Locale::kRural ? -0.25
                                                       : 0.0;
    const double intake = shape.shift + locale + shape.spread * intake_z[j];
    const double va = shape.va * va_z[j];
    Rng drift_rng(SeedOf(s.code, seed ^ static_cast<uint64_t>(test_index)));
    const double va_now = va + 0.05 * drift_rng.Normal();
    const uint32_t school = set.School(s.code, s.name);
    const int classes = std::max(1, static_cast<int>(std::lround(s.students / 45.0)));
    for (int i = 0; i < s.students; ++i) {
      const std::string id = fmt::format("{}{}{:04d}", s.code, cohort, i + 1);
      // The student: the same in both tests of the cohort's year.
      Rng person(SeedOf(id, seed));
      const double ability = person.Normal();
      const double background = std::clamp(
          Round(1.1 * intake + 0.45 * ability + 0.75 * person.Normal(), 0.01), -3.0, 3.0);
      const double prior =
          std::clamp(Round(100 * (0.68 + 0.14 * (intake + ability + 0.55 * person.Normal())), 0.5),
                     0.0, 100.0);
      const quality::Sex sex =
          person.Uniform() < 0.52 ? quality::Sex::kMale : quality::Sex::kFemale;
      const uint32_t student = set.Student(id);
      const uint32_t klass = set.Class(school, fmt::format("八年级{}班", 1 + i % classes));
      Rng sitting(SeedOf(id, seed ^ (static_cast<uint64_t>(test_index) << 8)));
      for (size_t k = 0; k < subjects.size(); ++k) {
        const double full = subjects[k]->full_marks;
        const double theta = intake + va_now + city_gain + 0.9 * ability + 0.44 * sitting.Normal();
        quality::ScoreRow r;
        r.school = school;
        r.klass = klass;
        r.student = student;
        r.source_row = static_cast<uint32_t>(i + 2);
        r.subject = subject_ids[k];
        r.grade = grade;
        r.sex = sex;
        r.score = std::clamp(Round(full * (0.68 + 0.15 * theta), 0.5), 0.0, full);
        r.background = background;
        r.prior = prior;
        set.Add(r);
      }
    }
  }
  return set;
}

}  // namespace jiaodu::demo
