#include "jiaodu/domain/planning/forecast.h"

#include <gtest/gtest.h>

#include "jiaodu/domain/planning/test_util.h"

namespace jiaodu::planning {
namespace {

using testing::HasNotice;
using testing::NationalParams;
using testing::R;

GradeEnrolment E(int year, Level l, int grade, int64_t students,
                 std::optional<int64_t> migrants = std::nullopt) {
  return {year, l, grade, students, migrants};
}

BirthYear Huji(int year, int64_t n) { return {year, n, std::nullopt}; }

const ProgressionEstimate* Prog(const AreaForecast& a, Level l, int grade) {
  for (const auto& p : a.progression) {
    if (p.from_level == l && p.from_grade == grade) return &p;
  }
  return nullptr;
}

// A short school system (小学 2 grades, 初中 1) so the whole forecast fits in
// a hand computation; the method does not depend on the number of grades.
PlanningParams ShortSystem() {
  auto p = NationalParams();
  p.system.grades = {3, 2, 1, 3};
  p.forecast.horizon_years = 3;
  p.forecast.estimation_years = 2;
  return p;
}

AreaHistory HandArea() {
  AreaHistory a;
  a.area = "990101";
  a.name = "甲县";
  a.births = {Huji(2016, 1000), Huji(2017, 1100), Huji(2018, 1200), Huji(2019, 1000)};
  a.enrolment = {E(2021, Level::kPrimary, 1, 950),  E(2021, Level::kPrimary, 2, 900),
                 E(2021, Level::kJunior, 1, 880),   E(2022, Level::kPrimary, 1, 1000),
                 E(2022, Level::kPrimary, 2, 960),  E(2022, Level::kJunior, 1, 890),
                 E(2023, Level::kPrimary, 1, 1045), E(2023, Level::kPrimary, 2, 1010),
                 E(2023, Level::kJunior, 1, 950)};
  return a;
}

// Hand computation (estimation window = the 2 year pairs ending 2023):
//   entry rate 小学  = (1000 + 1045) / (births 2016 + 2017 = 1000 + 1100)
//                    = 2045 / 2100 = 0.97380952… → 0.973810
//   小学1→2          = (960 + 1010) / (950 + 1000) = 1970 / 1950 = 1.0102564… → 1.010256
//   小学2→初中1      = (890 + 950) / (900 + 960) = 1840 / 1860 = 0.9892473… → 0.989247
TEST(Forecast, RatiosArePooledOverTheEstimationWindowAndRoundedToSixDecimals) {
  const auto p = ShortSystem();
  const std::vector<AreaHistory> areas = {HandArea()};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r) << r.error().message.zh;
  ASSERT_EQ(r->areas.size(), 1u);
  const auto& a = r->areas[0];
  EXPECT_EQ(a.base_year, 2023);
  ASSERT_EQ(a.entry.size(), 1u);
  EXPECT_EQ(a.entry[0].entry.base, R(973'810));
  EXPECT_EQ(a.entry[0].entry.numerator, 2045);
  EXPECT_EQ(a.entry[0].entry.denominator, 2100);
  EXPECT_EQ(a.entry[0].entry.pairs, 2);
  EXPECT_EQ(a.entry[0].entry.origin, RateOrigin::kHistory);
  EXPECT_EQ(a.entry[0].migrant_share.base, Rate());  // no migrant counts → the default 0
  EXPECT_EQ(a.entry[0].migrant_share.origin, RateOrigin::kDefault);
  ASSERT_NE(Prog(a, Level::kPrimary, 1), nullptr);
  EXPECT_EQ(Prog(a, Level::kPrimary, 1)->ratio.base, R(1'010'256));
  ASSERT_NE(Prog(a, Level::kPrimary, 2), nullptr);
  EXPECT_EQ(Prog(a, Level::kPrimary, 2)->to_level, Level::kJunior);
  EXPECT_EQ(Prog(a, Level::kPrimary, 2)->ratio.base, R(989'247));
  EXPECT_FALSE(HasNotice(*r, "planning.default_rate"));
}

// Hand computation of the projection (medium scenario: rates as estimated):
//   2024 小学1 = round(births 2018 1200 × 0.973810 = 1168.572)     = 1169
//        小学2 = round(1045 × 1.010256 = 1055.71752)               = 1056
//        初中1 = round(1010 × 0.989247 = 999.13947)                = 999
//   2025 小学1 = round(births 2019 1000 × 0.973810 = 973.81)       = 974
//        小学2 = round(1169 × 1.010256 = 1180.989264)              = 1181
//        初中1 = round(1056 × 0.989247 = 1044.644832)              = 1045
//   2026 births 2020 not entered: medium keeps 1000 (change 0)
//        小学1 = 974; 小学2 = round(974 × 1.010256 = 983.989344) = 984
//        初中1 = round(1181 × 0.989247 = 1168.300707)              = 1168
TEST(Forecast, CohortsProgressYearByYearAsComputedByHand) {
  const auto p = ShortSystem();
  const std::vector<AreaHistory> areas = {HandArea()};
  auto r = Forecast(areas, p, "medium");
  ASSERT_TRUE(r);
  const auto& a = r->areas[0];
  auto grades = [&](int year, Level l) { return a.Find(year, l)->grades; };
  using G = std::vector<std::optional<int64_t>>;
  EXPECT_EQ(grades(2024, Level::kPrimary), (G{1169, 1056}));
  EXPECT_EQ(grades(2024, Level::kJunior), (G{999}));
  EXPECT_EQ(grades(2025, Level::kPrimary), (G{974, 1181}));
  EXPECT_EQ(grades(2025, Level::kJunior), (G{1045}));
  EXPECT_EQ(grades(2026, Level::kPrimary), (G{974, 984}));
  EXPECT_EQ(grades(2026, Level::kJunior), (G{1168}));
  EXPECT_EQ(a.Find(2024, Level::kPrimary)->students, 1169 + 1056);
  EXPECT_EQ(a.Find(2024, Level::kPrimary)->birth_year, 2018);
  EXPECT_FALSE(a.Find(2025, Level::kPrimary)->births_projected);
  EXPECT_TRUE(a.Find(2026, Level::kPrimary)->births_projected);
  EXPECT_EQ(a.Find(2026, Level::kPrimary)->births, 1000);
  // History rows come first, marked observed; no year beyond the horizon.
  EXPECT_TRUE(a.Find(2021, Level::kPrimary)->observed);
  EXPECT_EQ(a.Find(2021, Level::kPrimary)->students, 1850);
  EXPECT_EQ(a.Find(2027, Level::kPrimary), nullptr);
}

// 随迁子女: 2023 小学1 has 1000 students of whom 200 随迁 → share 0.2; local
// entrants 800 over births 2017 = 1000 → entry rate 0.8.
//   medium 2024: local = round(1100 × 0.8) = 880; entrants = round(880 ÷ 0.8) = 1100
//   high   2024: share 0.2 + 0.02 = 0.22; entrants = round(880 ÷ 0.78 = 1128.205…) = 1128
//          2025: births 2019 = round(1100 × 1.03 = 1133); local = round(906.4) = 906;
//                entrants = round(906 ÷ 0.78 = 1161.538…) = 1162
//   low    2024: share 0.18; entrants = round(880 ÷ 0.82 = 1073.17…) = 1073
//          2025: births 2019 = round(1100 × 0.97 = 1067); local = round(853.6) = 854;
//                entrants = round(854 ÷ 0.82 = 1041.46…) = 1041
TEST(Forecast, MigrantShareIsEstimatedFromCountsAndScenariosShiftIt) {
  auto p = ShortSystem();
  p.forecast.estimation_years = 1;
  AreaHistory a;
  a.area = "990102";
  a.births = {Huji(2017, 1000), Huji(2018, 1100)};
  a.enrolment = {E(2023, Level::kPrimary, 1, 1000, 200), E(2023, Level::kPrimary, 2, 950)};
  const std::vector<AreaHistory> areas = {a};

  auto medium = Forecast(areas, p, "medium");
  ASSERT_TRUE(medium);
  const auto& m = medium->areas[0];
  EXPECT_EQ(m.entry[0].migrant_share.base, R(200'000));
  EXPECT_EQ(m.entry[0].migrant_share.origin, RateOrigin::kHistory);
  EXPECT_EQ(m.entry[0].entry.base, R(800'000));
  EXPECT_EQ(m.Find(2024, Level::kPrimary)->local_entrants, 880);
  EXPECT_EQ(m.Find(2024, Level::kPrimary)->migrant_entrants, 220);
  EXPECT_EQ(m.Find(2024, Level::kPrimary)->grades[0], 1100);

  auto high = Forecast(areas, p, "high");
  ASSERT_TRUE(high);
  const auto& h = high->areas[0];
  EXPECT_EQ(h.entry[0].migrant_share.used, R(220'000));
  EXPECT_EQ(h.Find(2024, Level::kPrimary)->grades[0], 1128);
  EXPECT_EQ(h.Find(2025, Level::kPrimary)->births, 1133);
  EXPECT_EQ(h.Find(2025, Level::kPrimary)->local_entrants, 906);
  EXPECT_EQ(h.Find(2025, Level::kPrimary)->grades[0], 1162);

  auto low = Forecast(areas, p, "low");
  ASSERT_TRUE(low);
  const auto& l = low->areas[0];
  EXPECT_EQ(l.Find(2024, Level::kPrimary)->grades[0], 1073);
  EXPECT_EQ(l.Find(2025, Level::kPrimary)->births, 1067);
  EXPECT_EQ(l.Find(2025, Level::kPrimary)->grades[0], 1041);
}

// The real 六三制 with edited rates: entry 1, every ratio 1 except 小学6 →
// 初中1 0.9. The 2024 entrants (births 2018 = 1000) reach 小学6 in 2029,
// 初中1 in 2030 (900) and 初中3 in 2032 (900).
TEST(Forecast, EditedRatesReplaceTheEstimatesAlongAWholeSixThreeCohort) {
  auto p = NationalParams();
  AreaHistory a;
  a.area = "990103";
  for (int y = 2012; y <= 2030; ++y) a.births.push_back(Huji(y, 1000));
  for (int g = 1; g <= 6; ++g) a.enrolment.push_back(E(2023, Level::kPrimary, g, 1000));
  for (int g = 1; g <= 3; ++g) a.enrolment.push_back(E(2023, Level::kJunior, g, 1000));
  a.edits.push_back({RateEdit::Kind::kEntry, Level::kPrimary, 0, Rate::Whole(1)});
  for (int g = 1; g <= 5; ++g)
    a.edits.push_back({RateEdit::Kind::kProgression, Level::kPrimary, g, Rate::Whole(1)});
  a.edits.push_back({RateEdit::Kind::kProgression, Level::kPrimary, 6, R(900'000)});
  for (int g = 1; g <= 2; ++g)
    a.edits.push_back({RateEdit::Kind::kProgression, Level::kJunior, g, Rate::Whole(1)});
  const std::vector<AreaHistory> areas = {a};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r);
  const auto& f = r->areas[0];
  EXPECT_EQ(Prog(f, Level::kPrimary, 6)->ratio.origin, RateOrigin::kEdited);
  EXPECT_EQ(f.Find(2029, Level::kPrimary)->grades[5], 1000);
  EXPECT_EQ(f.Find(2030, Level::kJunior)->grades[0], 900);
  EXPECT_EQ(f.Find(2032, Level::kJunior)->grades[2], 900);
  // 2024: 初中1 = 小学6 of 2023 (1000) × 0.9.
  EXPECT_EQ(f.Find(2024, Level::kJunior)->grades[0], 900);
  EXPECT_EQ(f.Find(2033, Level::kPrimary)->students, 6000);  // horizon 10: 2024…2033
  EXPECT_EQ(f.Find(2034, Level::kPrimary), nullptr);
  // Only one year of history: nothing to estimate, but every rate is edited,
  // so no default is reported.
  EXPECT_FALSE(HasNotice(*r, "planning.default_rate"));
}

TEST(Forecast, HighScenarioNeverForecastsFewerStudentsThanLow) {
  auto p = NationalParams();
  AreaHistory a;
  a.area = "990104";
  for (int y = 2010; y <= 2023; ++y) a.births.push_back(Huji(y, 900 + 10 * (y - 2010)));
  for (int y = 2021; y <= 2023; ++y) {
    for (int g = 1; g <= 6; ++g) a.enrolment.push_back(E(y, Level::kPrimary, g, 950 + 5 * g));
    for (int g = 1; g <= 3; ++g) a.enrolment.push_back(E(y, Level::kJunior, g, 930 + 3 * g));
  }
  const std::vector<AreaHistory> areas = {a};
  auto low = Forecast(areas, p, "low");
  auto medium = Forecast(areas, p, "medium");
  auto high = Forecast(areas, p, "high");
  ASSERT_TRUE(low && medium && high);
  for (int y = 2024; y <= 2033; ++y) {
    for (Level l : {Level::kPrimary, Level::kJunior}) {
      const auto lo = *low->areas[0].Find(y, l)->students;
      const auto me = *medium->areas[0].Find(y, l)->students;
      const auto hi = *high->areas[0].Find(y, l)->students;
      EXPECT_LE(lo, me) << y << " " << LevelName(l);
      EXPECT_LE(me, hi) << y << " " << LevelName(l);
    }
  }
}

TEST(Forecast, AreaWithNoBirthsKeepsEntrantsUnknownAndSaysSo) {
  auto p = ShortSystem();
  AreaHistory a = HandArea();
  a.births.clear();
  const std::vector<AreaHistory> areas = {a};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r);
  EXPECT_TRUE(HasNotice(*r, "planning.no_births"));
  const auto& f = r->areas[0];
  EXPECT_FALSE(f.has_births);
  const auto* y2024 = f.Find(2024, Level::kPrimary);
  EXPECT_FALSE(y2024->grades[0]);     // entrants unknown
  EXPECT_EQ(y2024->grades[1], 1056);  // the cohort already in school still moves up
  EXPECT_FALSE(y2024->students);      // so the level total is unknown
  EXPECT_EQ(f.Find(2024, Level::kJunior)->students, 999);
  EXPECT_FALSE(f.Find(2025, Level::kPrimary)->grades[1]);  // the unknown cohort reaches grade 2
  for (const auto& n : r->notices) {
    if (n.id == "planning.no_births") {
      EXPECT_EQ(n.area, "990101");
      EXPECT_NE(n.message.zh.find("甲县"), std::string::npos);
    }
  }
}

TEST(Forecast, ResidentBirthsAreUsedWhenNoRegisteredBirthsAreEntered) {
  auto p = ShortSystem();
  AreaHistory a = HandArea();
  for (auto& b : a.births) {
    b.resident = b.huji;
    b.huji.reset();
  }
  const std::vector<AreaHistory> areas = {a};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r);
  EXPECT_TRUE(HasNotice(*r, "planning.births_fallback"));
  EXPECT_EQ(r->areas[0].basis, BirthBasis::kResident);
  EXPECT_EQ(r->areas[0].Find(2024, Level::kPrimary)->grades[0], 1169);  // same numbers
}

TEST(Forecast, AMissingBirthYearIsNotInterpolated) {
  auto p = ShortSystem();
  AreaHistory a = HandArea();
  a.births.erase(a.births.begin() + 2);  // drop 2018
  const std::vector<AreaHistory> areas = {a};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r);
  EXPECT_TRUE(HasNotice(*r, "planning.births_missing"));
  const auto& f = r->areas[0];
  EXPECT_FALSE(f.Find(2024, Level::kPrimary)->grades[0]);
  EXPECT_EQ(f.Find(2025, Level::kPrimary)->grades[0], 974);  // 2019 is there
}

TEST(Forecast, NegativeBirthsAreIgnoredAndTheYearCountsAsMissing) {
  auto p = ShortSystem();
  AreaHistory a = HandArea();
  a.births[2].huji = -1200;  // 2018
  const std::vector<AreaHistory> areas = {a};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r);
  EXPECT_TRUE(HasNotice(*r, "planning.bad_births"));
  EXPECT_TRUE(HasNotice(*r, "planning.births_missing"));
  EXPECT_FALSE(r->areas[0].Find(2024, Level::kPrimary)->grades[0]);
}

TEST(Forecast, TooLittleHistoryFallsBackToDefaultsWithANotice) {
  auto p = ShortSystem();
  AreaHistory a;
  a.area = "990105";
  a.births = {Huji(2018, 1000)};
  a.enrolment = {E(2023, Level::kPrimary, 1, 990), E(2023, Level::kPrimary, 2, 980)};
  const std::vector<AreaHistory> areas = {a};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r);
  EXPECT_TRUE(HasNotice(*r, "planning.default_rate"));
  const auto& f = r->areas[0];
  EXPECT_EQ(f.entry[0].entry.origin, RateOrigin::kDefault);
  EXPECT_EQ(f.entry[0].entry.base, Rate::Whole(1));
  EXPECT_EQ(f.Find(2024, Level::kPrimary)->grades,
            (std::vector<std::optional<int64_t>>{1000, 990}));
}

TEST(Forecast, AMissingBaseYearGradeLeavesThatCohortUnknown) {
  auto p = ShortSystem();
  AreaHistory a = HandArea();
  a.enrolment.erase(a.enrolment.begin() + 7);  // 2023 小学2
  const std::vector<AreaHistory> areas = {a};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r);
  EXPECT_TRUE(HasNotice(*r, "planning.grade_missing"));
  const auto& f = r->areas[0];
  EXPECT_FALSE(f.Find(2023, Level::kPrimary)->students);  // observed total unknown too
  EXPECT_FALSE(f.Find(2024, Level::kJunior)->grades[0]);
  EXPECT_EQ(f.Find(2024, Level::kPrimary)->grades[1], 1056);
}

TEST(Forecast, RowsOfOneGradeAreAddedUpSoSchoolRowsCanBePassed) {
  auto p = ShortSystem();
  AreaHistory a = HandArea();
  AreaHistory split = a;
  split.enrolment.clear();
  for (const auto& e : a.enrolment) {
    split.enrolment.push_back({e.year, e.level, e.grade, e.students / 2, std::nullopt});
    split.enrolment.push_back(
        {e.year, e.level, e.grade, e.students - e.students / 2, std::nullopt});
  }
  const std::vector<AreaHistory> one = {a}, two = {split};
  auto r1 = Forecast(one, p);
  auto r2 = Forecast(two, p);
  ASSERT_TRUE(r1 && r2);
  for (int y = 2024; y <= 2026; ++y) {
    EXPECT_EQ(r1->areas[0].Find(y, Level::kPrimary)->grades,
              r2->areas[0].Find(y, Level::kPrimary)->grades);
  }
}

TEST(Forecast, AreaWithoutEnrolmentIsLeftOutWithANotice) {
  auto p = ShortSystem();
  AreaHistory a;
  a.area = "990106";
  a.births = {Huji(2018, 1000)};
  const std::vector<AreaHistory> areas = {a, HandArea()};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r);
  EXPECT_TRUE(HasNotice(*r, "planning.no_enrolment"));
  ASSERT_EQ(r->areas.size(), 1u);
  EXPECT_EQ(r->areas[0].area, "990101");
}

TEST(Forecast, InvalidRowsAreIgnoredWithANotice) {
  auto p = ShortSystem();
  AreaHistory a = HandArea();
  a.enrolment.push_back(E(2023, Level::kPrimary, 7, 10));     // no grade 7 here
  a.enrolment.push_back(E(2023, Level::kJunior, 1, 10, 11));  // more migrants than students
  const std::vector<AreaHistory> areas = {a};
  auto r = Forecast(areas, p);
  ASSERT_TRUE(r);
  EXPECT_TRUE(HasNotice(*r, "planning.bad_enrolment"));
  EXPECT_EQ(r->areas[0].Find(2023, Level::kJunior)->students, 950);
}

TEST(Forecast, UnknownScenarioIsAnError) {
  const auto p = ShortSystem();
  const std::vector<AreaHistory> areas = {HandArea()};
  auto r = Forecast(areas, p, "extreme");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "planning.unknown_scenario");
}

}  // namespace
}  // namespace jiaodu::planning
