#include "jiaodu/demo/demo_fitness.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "jiaodu/domain/fitness/rollup.h"
#include "jiaodu/formats/fitness_file/test_util.h"
#include "jiaodu/formats/standard_file/standard_file.h"

namespace jiaodu::demo {
namespace {

using fitness::kMissing;

std::vector<FitnessDemoSchool> TestCity() {
  std::vector<FitnessDemoSchool> out;
  auto quality = [](size_t i, size_t n) {
    return -1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(n - 1);
  };
  for (size_t i = 0; i < 24; ++i) {
    out.push_back({fmt::format("99010{}{:04}", 2 + i % 4, i + 1),
                   {11, 12, 13, 14, 15, 16},
                   2,
                   40,
                   quality(i, 24)});
  }
  for (size_t i = 0; i < 14; ++i) {
    out.push_back(
        {fmt::format("99010{}{:04}", 2 + i % 4, 100 + i), {21, 22, 23}, 4, 45, quality(i, 14)});
  }
  for (size_t i = 0; i < 8; ++i) {
    out.push_back(
        {fmt::format("99010{}{:04}", 2 + i % 4, 200 + i), {31, 32, 33}, 4, 45, quality(i, 8)});
  }
  // A 九年一贯制 school testing both stages.
  out.push_back({"9901060001", {11, 12, 13, 14, 15, 16, 21, 22, 23}, 1, 38, 0.1});
  return out;
}

class DemoFitnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    standard_ = jiaodu::testing::ShippedFitnessStandard();
    ASSERT_NE(standard_, nullptr);
    vision_ = jiaodu::testing::ShippedVisionRule();
    schools_ = TestCity();
  }
  fitness::Roster Make(int year, uint64_t seed = 7) const {
    return GenerateFitnessRoster(*standard_, schools_, year, seed);
  }
  fitness::RollUp RollUp(const fitness::Roster& r) const {
    return fitness::RollUpRoster(*standard_, vision_, r, "990100",
                                 [](const std::string& code) { return code.substr(0, 6); });
  }

  std::shared_ptr<const fitness::FitnessStandard> standard_;
  fitness::VisionRule vision_;
  std::vector<FitnessDemoSchool> schools_;
};

double Pct(int64_t n, int64_t d) {
  return d == 0 ? 0 : 100.0 * static_cast<double>(n) / static_cast<double>(d);
}

TEST_F(DemoFitnessTest, SizeIsGradesTimesClassesTimesClassSize) {
  const fitness::Roster r = Make(2024);
  int64_t want = 0;
  for (const auto& s : schools_) want += FitnessDemoStudents(s);
  EXPECT_EQ(static_cast<int64_t>(r.size()), want);
  EXPECT_EQ(r.schools().size(), schools_.size());
}

TEST_F(DemoFitnessTest, IsDeterministic) {
  const fitness::Roster a = Make(2024);
  const fitness::Roster b = Make(2024);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a.student_id(i), b.student_id(i));
    ASSERT_EQ(a.name(i), b.name(i));
    ASSERT_EQ(a.birth(i), b.birth(i));
    ASSERT_EQ(a.ethnic(i), b.ethnic(i));
    const auto& ra = a.row(i);
    const auto& rb = b.row(i);
    ASSERT_EQ(ra.grade, rb.grade);
    ASSERT_EQ(ra.sex, rb.sex);
    ASSERT_EQ(ra.status, rb.status);
    ASSERT_EQ(ra.height, rb.height);
    ASSERT_EQ(ra.weight, rb.weight);
    ASSERT_EQ(ra.vision.ucva, rb.vision.ucva);
    ASSERT_EQ(ra.vision.se, rb.vision.se);
    ASSERT_TRUE(std::equal(a.values(i).begin(), a.values(i).end(), b.values(i).begin()));
  }
  // Another seed is another city.
  const fitness::Roster c = Make(2024, 8);
  size_t same = 0;
  for (size_t i = 0; i < std::min(a.size(), c.size()); ++i) same += a.name(i) == c.name(i);
  EXPECT_LT(same, a.size() / 5);
}

TEST_F(DemoFitnessTest, StudentsCarryOverToTheNextGradeNextYear) {
  const fitness::Roster y1 = Make(2023);
  const fitness::Roster y2 = Make(2024);
  std::unordered_map<std::string, size_t> next;
  for (size_t i = 0; i < y2.size(); ++i) next.emplace(std::string(y2.student_id(i)), i);
  size_t carried = 0, graduating = 0;
  for (size_t i = 0; i < y1.size(); ++i) {
    const auto& r1 = y1.row(i);
    const bool last_of_stage = r1.grade == 16 || r1.grade == 23 || r1.grade == 33;
    auto it = next.find(std::string(y1.student_id(i)));
    if (last_of_stage) {
      ++graduating;
      EXPECT_EQ(it, next.end()) << y1.student_id(i);
      continue;
    }
    ASSERT_NE(it, next.end()) << y1.student_id(i) << " grade " << int{r1.grade};
    const size_t j = it->second;
    const auto& r2 = y2.row(j);
    EXPECT_EQ(r2.grade, r1.grade + 1);
    EXPECT_EQ(y2.schools()[static_cast<size_t>(r2.school)],
              y1.schools()[static_cast<size_t>(r1.school)]);
    EXPECT_EQ(y2.classes()[static_cast<size_t>(r2.klass)].code,
              y1.classes()[static_cast<size_t>(r1.klass)].code);
    EXPECT_EQ(y2.name(j), y1.name(i));
    EXPECT_EQ(y2.birth(j), y1.birth(i));
    EXPECT_EQ(r2.sex, r1.sex);
    EXPECT_GE(r2.height + 5, r1.height);  // children grow (a little noise allowed)
    ++carried;
  }
  EXPECT_GT(carried, y1.size() * 3 / 5);
  EXPECT_GT(graduating, 0u);
}

TEST_F(DemoFitnessTest, StudentIdsAreUniqueAndLookReal) {
  const fitness::Roster r = Make(2024);
  std::unordered_set<std::string> ids;
  for (size_t i = 0; i < r.size(); ++i) {
    const std::string id(r.student_id(i));
    ASSERT_TRUE(ids.insert(id).second) << "duplicate " << id;
    ASSERT_EQ(id.size(), 19u) << id;
    ASSERT_EQ(id[0], 'G');
    for (size_t k = 1; k < 18; ++k) ASSERT_TRUE(id[k] >= '0' && id[k] <= '9') << id;
    ASSERT_TRUE((id[18] >= '0' && id[18] <= '9') || id[18] == 'X') << id;
    // ID digits 7–14 are the birth date; digit 17 is odd for boys.
    EXPECT_EQ(id.substr(7, 8), r.birth(i));
    EXPECT_EQ((id[17] - '0') % 2 == 1, r.row(i).sex == fitness::Sex::kMale);
    // Check digit (GB 11643).
    static constexpr int kW[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (size_t k = 0; k < 17; ++k) sum += (id[k + 1] - '0') * kW[k];
    EXPECT_EQ(id[18], "10X98765432"[sum % 11]) << id;
    // Born in the year that puts the student in this grade in 2024: a 小学
    // first-grader of 2024 was born 2017-09-01 … 2018-08-31.
    const int grade = r.row(i).grade;
    const int stage_offset = grade / 10 == 1 ? 0 : grade / 10 == 2 ? 6 : 9;
    const int entry = 2024 - (grade % 10 - 1) - stage_offset;
    const std::string lo = fmt::format("{}0901", entry - 7);
    const std::string hi = fmt::format("{}0831", entry - 6);
    const std::string birth(r.birth(i));
    EXPECT_TRUE(birth >= lo && birth <= hi) << birth << " grade " << grade;
    EXPECT_FALSE(r.name(i).empty());
    EXPECT_EQ(r.ethnic(i).size(), 2u);
  }
  // Across years too: a student of 2024 never takes the id of another of 2023.
  const fitness::Roster prev = Make(2023);
  for (size_t i = 0; i < prev.size(); ++i) {
    auto it = ids.find(std::string(prev.student_id(i)));
    if (it == ids.end()) continue;
    // Same id: must be the same person.
    for (size_t j = 0; j < r.size(); ++j) {
      if (r.student_id(j) == prev.student_id(i)) {
        ASSERT_EQ(r.name(j), prev.name(i));
        ASSERT_EQ(r.birth(j), prev.birth(i));
        break;
      }
    }
    if (i > 2000) break;  // the quadratic check on a sample is enough
  }
}

TEST_F(DemoFitnessTest, EveryValuePassesTheStandardsChecks) {
  const fitness::Roster r = Make(2024);
  const auto& items = standard_->items();
  const auto& body = standard_->spec().body;
  for (size_t i = 0; i < r.size(); ++i) {
    const auto& row = r.row(i);
    ASSERT_NE(standard_->FindGrade(row.grade), nullptr);
    ASSERT_GE(row.height, body.height_min);
    ASSERT_LE(row.height, body.height_max);
    ASSERT_GE(row.weight, body.weight_min);
    ASSERT_LE(row.weight, body.weight_max);
    const fitness::TestPlan* plan = standard_->Plan(row.grade, row.sex);
    ASSERT_NE(plan, nullptr);
    std::set<size_t> in_plan;
    for (const auto& pi : plan->items) in_plan.insert(static_cast<size_t>(pi.item));
    const auto v = r.values(i);
    for (size_t k = 0; k < items.size(); ++k) {
      if (v[k] == kMissing) continue;
      ASSERT_TRUE(in_plan.contains(k))
          << items[k].id << " is not tested in grade " << int{row.grade};
      ASSERT_GE(v[k], items[k].plausible_min) << items[k].id;
      ASSERT_LE(v[k], items[k].plausible_max) << items[k].id;
      // What a clerk would type reads back as the same value.
      const std::string text = fitness::FormatItemValue(items[k], v[k]);
      auto parsed = fitness::ParseItemValue(items[k], text);
      ASSERT_TRUE(parsed) << items[k].id << " " << text;
      ASSERT_EQ(*parsed, v[k]) << items[k].id << " " << text;
    }
    for (size_t e = 0; e < 2; ++e) {
      if (row.vision.ucva[e] != kMissing) {
        ASSERT_GE(row.vision.ucva[e], 40);
        ASSERT_LE(row.vision.ucva[e], 53);
      }
      if (row.vision.se[e] != kMissing) {
        ASSERT_GE(row.vision.se[e], vision_.se_min);
        ASSERT_LE(row.vision.se[e], vision_.se_max);
        ASSERT_EQ(row.vision.se[e] % 25, 0);  // 0.25 D steps
        ASSERT_NE(row.vision.ucva[e], kMissing);
      }
    }
  }
}

struct Rates {
  double excellent_good = 0;  // 优良率 %
  double exempt = 0, deferred = 0, incomplete = 0, overweight = 0;
  double myopia_primary = 0, myopia_junior = 0, myopia_senior = 0;
  double no_refraction = 0;
};

Rates RatesOf(const fitness::RollUp& ru, const fitness::FitnessStandard& standard) {
  Rates out;
  const fitness::Tally* city = ru.Find({fitness::Scope::kCity, 0, 0, 0});
  EXPECT_NE(city, nullptr);
  if (city == nullptr) return out;
  out.excellent_good = Pct(city->level[0] + city->level[1], city->scored);
  out.exempt = Pct(city->exempt, city->roster);
  out.deferred = Pct(city->deferred, city->roster);
  out.incomplete = Pct(city->incomplete, city->scored);
  const auto bmi = static_cast<size_t>(standard.ItemIndex("bmi"));
  const auto& t = city->items[bmi];
  // BMI bands in file order: 正常, 低体重, 超重, 肥胖.
  out.overweight = Pct(t.level[2] + t.level[3], t.scored);
  out.no_refraction = Pct(city->poor_no_refraction, city->vision_screened);
  auto myopia = [&](std::initializer_list<int> grades) {
    int64_t n = 0, d = 0;
    for (int g : grades) {
      if (const fitness::Tally* x = ru.Find({fitness::Scope::kCity, 0, g, 0})) {
        n += x->myopia;
        d += x->vision_screened;
      }
    }
    return Pct(n, d);
  };
  out.myopia_primary = myopia({11, 12, 13, 14, 15, 16});
  out.myopia_junior = myopia({21, 22, 23});
  out.myopia_senior = myopia({31, 32, 33});
  return out;
}

TEST_F(DemoFitnessTest, RatesLookLikeARealCity) {
  const fitness::Roster r = Make(2024);
  const fitness::RollUp ru = RollUp(r);
  const Rates x = RatesOf(ru, *standard_);
  std::printf(
      "[ rates    ] %zu students: 优良 %.1f%%, 免测 %.2f%%, 缓测 %.2f%%, 缺项 %.2f%%, "
      "超重+肥胖 %.1f%%, 近视 小学 %.1f%% 初中 %.1f%% 高中 %.1f%%, 未验光视力不良 %.1f%%\n",
      r.size(), x.excellent_good, x.exempt, x.deferred, x.incomplete, x.overweight,
      x.myopia_primary, x.myopia_junior, x.myopia_senior, x.no_refraction);
  EXPECT_GE(x.excellent_good, 45);
  EXPECT_LE(x.excellent_good, 60);
  EXPECT_GE(x.exempt, 0.7);
  EXPECT_LE(x.exempt, 1.3);
  EXPECT_GE(x.deferred, 0.15);
  EXPECT_LE(x.deferred, 0.5);
  EXPECT_GE(x.incomplete, 0.3);
  EXPECT_LE(x.incomplete, 0.8);
  EXPECT_GE(x.overweight, 12);
  EXPECT_LE(x.overweight, 18);
  EXPECT_GE(x.myopia_primary, 25);
  EXPECT_LE(x.myopia_primary, 35);
  EXPECT_GE(x.myopia_junior, 63);
  EXPECT_LE(x.myopia_junior, 77);
  EXPECT_GE(x.myopia_senior, 73);
  EXPECT_LE(x.myopia_senior, 87);
  EXPECT_GT(x.no_refraction, 2);

  // Levels by grade and item look plausible: no grade is all 优秀 or all 不及格.
  for (const auto& g : standard_->grades()) {
    const fitness::Tally* t = ru.Find({fitness::Scope::kCity, 0, g.code, 0});
    if (t == nullptr) continue;
    const double eg = Pct(t->level[0] + t->level[1], t->scored);
    std::printf("[ grade %d ] 优良 %.1f%% 不及格 %.1f%% 近视 %.1f%%\n", g.code, eg,
                Pct(t->level[3], t->scored), Pct(t->myopia, t->vision_screened));
    EXPECT_GT(eg, 25) << g.code;
    EXPECT_LT(eg, 80) << g.code;
  }

  // Schools differ visibly: the best quarter's 优良率 well above the worst's.
  std::vector<double> school_rates;
  for (const auto& s : schools_) {
    const int32_t id = ru.FindId(s.code);
    ASSERT_GE(id, 0);
    const fitness::Tally* t = ru.Find({fitness::Scope::kSchool, id, 0, 0});
    ASSERT_NE(t, nullptr);
    school_rates.push_back(Pct(t->level[0] + t->level[1], t->scored));
  }
  std::sort(school_rates.begin(), school_rates.end());
  const size_t q = school_rates.size() / 4;
  const double low = school_rates[q], high = school_rates[school_rates.size() - 1 - q];
  std::printf("[ schools  ] 优良率 quartiles %.1f%% – %.1f%%, range %.1f%% – %.1f%%\n", low, high,
              school_rates.front(), school_rates.back());
  EXPECT_GT(high - low, 12);
}

TEST_F(DemoFitnessTest, CohortsImproveSlowlyYearOverYear) {
  std::vector<double> rates;
  for (int year = 2021; year <= 2025; ++year) {
    rates.push_back(RatesOf(RollUp(Make(year)), *standard_).excellent_good);
  }
  const double per_year = (rates.back() - rates.front()) / 4;
  std::printf("[ trend    ] 优良率 2021 %.1f%% → 2025 %.1f%%: %+.2f points a year\n", rates.front(),
              rates.back(), per_year);
  EXPECT_GT(per_year, 0.4);
  EXPECT_LT(per_year, 1.8);
}

TEST(FitnessSchoolsFromCity, GradesFollowTheSchoolTypeAndEnrolment) {
  auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
  ASSERT_TRUE(lib);
  auto standard = lib->Find("cn-yzjh-2017");
  ASSERT_NE(standard, nullptr);
  DemoCity city = GenerateDemoCity(*standard->catalog, {.seed = 3, .schools = 120});
  const std::vector<FitnessDemoSchool> schools =
      FitnessSchoolsFromCity(city, *standard->catalog, 2024);
  ASSERT_FALSE(schools.empty());
  std::map<std::string, const SchoolYearRecord*> by_code;
  for (const auto& r : city.schools) {
    if (r.year.start() == 2024) by_code[r.school.code] = &r;
  }
  int64_t students = 0;
  std::set<std::string> seen;
  for (const auto& s : schools) {
    ASSERT_TRUE(seen.insert(s.code).second);
    const SchoolYearRecord* rec = by_code.at(s.code);
    EXPECT_NE(rec->school.type, SchoolType::kSpecial);
    switch (rec->school.type) {
      case SchoolType::kPrimary:
      case SchoolType::kTeachingPoint:
        EXPECT_EQ(s.grades, (std::vector<int>{11, 12, 13, 14, 15, 16}));
        break;
      case SchoolType::kJunior:
        EXPECT_EQ(s.grades, (std::vector<int>{21, 22, 23}));
        break;
      case SchoolType::kNineYear:
        EXPECT_EQ(s.grades.size(), 9u);
        break;
      default:
        break;
    }
    EXPECT_GE(s.classes_per_grade, 1);
    EXPECT_GE(s.class_size, 3);
    EXPECT_LE(s.class_size, 60);
    EXPECT_GE(s.quality, -1.0);
    EXPECT_LE(s.quality, 1.0);
    students += FitnessDemoStudents(s);
  }
  // Teaching points are small, town schools big: the roster follows the
  // reported enrolment (within rounding to whole classes).
  auto catalog_students = standard->catalog->IndexOf("students");
  ASSERT_TRUE(catalog_students);
  double reported = 0;
  for (const auto& s : schools) {
    for (const auto& sec : by_code.at(s.code)->sections) {
      reported += sec.values.Get(*catalog_students).value_or(0);
    }
  }
  EXPECT_NEAR(static_cast<double>(students), reported, reported * 0.05);
  // The generator takes them as they are.
  auto fit = jiaodu::testing::ShippedFitnessStandard();
  const fitness::Roster r = GenerateFitnessRoster(*fit, schools, 2024, 1);
  EXPECT_EQ(static_cast<int64_t>(r.size()), students);
}

}  // namespace
}  // namespace jiaodu::demo

namespace jiaodu::demo {
namespace {

// Enrolment changes from year to year (the demo city's reported numbers do):
// a student's 学籍号 must still stay with that student and school, never pass
// to a student of another school (the 学籍号 joins a student's years).
TEST(DemoFitnessIds, AStudentIdNeverMovesToAnotherSchoolWhenEnrolmentChanges) {
  auto standard = jiaodu::testing::ShippedFitnessStandard();
  ASSERT_NE(standard, nullptr);
  std::vector<FitnessDemoSchool> y1 = {{"9901020001", {11, 12, 13, 14, 15, 16}, 2, 40, 0.0},
                                       {"9901020002", {11, 12, 13, 14, 15, 16}, 2, 40, 0.0}};
  std::vector<FitnessDemoSchool> y2 = y1;
  y2[0].classes_per_grade = 3;  // the first school grew: the second's numbers must not shift
  y2[0].class_size = 44;
  const fitness::Roster a = GenerateFitnessRoster(*standard, y1, 2023, 7);
  const fitness::Roster b = GenerateFitnessRoster(*standard, y2, 2024, 7);
  std::unordered_map<std::string, std::string> school_of;
  for (size_t i = 0; i < a.size(); ++i)
    school_of[std::string(a.student_id(i))] = a.schools()[static_cast<size_t>(a.row(i).school)];
  size_t carried = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    auto it = school_of.find(std::string(b.student_id(i)));
    if (it == school_of.end()) continue;
    ++carried;
    EXPECT_EQ(it->second, b.schools()[static_cast<size_t>(b.row(i).school)]) << b.student_id(i);
  }
  EXPECT_GT(carried, a.size() / 2);
}

}  // namespace
}  // namespace jiaodu::demo
