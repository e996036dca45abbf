#include "jiaodu/formats/planning_file/planning_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "jiaodu/domain/planning/staffing.h"
#include "jiaodu/domain/planning/test_util.h"

namespace jiaodu {
namespace {

using planning::Level;
using planning::LevelIndex;
using planning::Rate;

const std::filesystem::path kNational =
    std::filesystem::path(JIAODU_TEST_DATA_DIR) / "planning" / "cn-planning-2017.toml";
const std::filesystem::path kProvince =
    std::filesystem::path(JIAODU_TEST_FIXTURE_DIR) / "planning" / "example-province.toml";

std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The national file with one line replaced: each error test changes one thing.
std::string NationalWith(std::string_view from, std::string_view to) {
  std::string s = Read(kNational);
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(PlanningFile, NationalFileHasTheIssueFigures) {
  auto p = LoadPlanningParams(kNational);
  ASSERT_TRUE(p) << p.error().Describe();
  EXPECT_EQ(p->id, "cn-planning-2017");
  const auto& cs = p->class_size;
  EXPECT_EQ(cs.standard[LevelIndex(Level::kPrimary)], 45);
  EXPECT_EQ(cs.standard[LevelIndex(Level::kJunior)], 50);
  EXPECT_EQ(cs.preschool_by_grade, (std::vector<int>{25, 30, 35}));
  EXPECT_EQ(cs.standard[LevelIndex(Level::kPreschool)], 30);
  EXPECT_EQ(cs.limit[LevelIndex(Level::kPrimary)], 45);
  EXPECT_EQ(cs.limit[LevelIndex(Level::kJunior)], 50);
  ASSERT_EQ(cs.bands.size(), 3u);
  EXPECT_EQ(cs.bands[0].min, 46);
  EXPECT_EQ(cs.bands[0].max, 55);
  EXPECT_EQ(cs.bands[1].min, 56);
  EXPECT_EQ(cs.bands[1].max, 65);
  EXPECT_TRUE(cs.bands[1].large);
  EXPECT_EQ(cs.bands[2].min, 66);
  EXPECT_EQ(cs.bands[2].max, 0);
  const auto& r = p->staffing.students_per_staff;
  EXPECT_EQ(r[LevelIndex(Level::kPrimary)], Rate::Whole(19));
  EXPECT_EQ(r[LevelIndex(Level::kJunior)], Rate::FromMillionths(13'500'000));
  EXPECT_EQ(r[LevelIndex(Level::kSenior)], Rate::FromMillionths(12'500'000));
  EXPECT_TRUE(r[LevelIndex(Level::kPreschool)].zero());
  EXPECT_EQ(p->forecast.horizon_years, 10);
  ASSERT_EQ(p->forecast.scenarios.size(), 3u);
  EXPECT_EQ(p->forecast.default_scenario, "medium");
  EXPECT_EQ(p->StandardSchoolPlaces(Level::kPrimary), 1080);
}

// Every figure is cited, and the 编制 additions (whose figures no national
// text gives) are a province's and off by default.
TEST(PlanningFile, NationalFileCitesEveryTableAndMarksAdditionsAsProvincial) {
  auto p = LoadPlanningParams(kNational);
  ASSERT_TRUE(p);
  for (const auto* s :
       {&p->system.source, &p->class_size.standard_source, &p->class_size.limit_source,
        &p->class_size.band_source, &p->staffing.ratio_source, &p->staffing.rounding_source,
        &p->forecast.source, &p->capacity.source}) {
    EXPECT_FALSE(s->empty());
  }
  EXPECT_NE(p->class_size.band_source.find("国发〔2016〕40号"), std::string::npos);
  EXPECT_NE(p->staffing.ratio_source.find("中央编办发〔2014〕72号"), std::string::npos);
  ASSERT_EQ(p->staffing.additions.size(), 3u);
  for (const auto& a : p->staffing.additions) {
    EXPECT_FALSE(a.national) << a.id;
    EXPECT_FALSE(a.enabled) << a.id;
    EXPECT_FALSE(a.source.empty()) << a.id;
  }
}

// The domain tests build their parameters in C++; they must be the file's.
TEST(PlanningFile, DomainTestParametersMatchTheNationalFile) {
  auto p = LoadPlanningParams(kNational);
  ASSERT_TRUE(p);
  const auto t = planning::testing::NationalParams();
  EXPECT_EQ(p->system.grades, t.system.grades);
  EXPECT_EQ(p->class_size.standard, t.class_size.standard);
  EXPECT_EQ(p->class_size.preschool_by_grade, t.class_size.preschool_by_grade);
  EXPECT_EQ(p->class_size.limit, t.class_size.limit);
  EXPECT_EQ(p->class_size.banded, t.class_size.banded);
  ASSERT_EQ(p->class_size.bands.size(), t.class_size.bands.size());
  for (size_t i = 0; i < t.class_size.bands.size(); ++i) {
    EXPECT_EQ(p->class_size.bands[i].min, t.class_size.bands[i].min);
    EXPECT_EQ(p->class_size.bands[i].max, t.class_size.bands[i].max);
    EXPECT_EQ(p->class_size.bands[i].large, t.class_size.bands[i].large);
  }
  EXPECT_EQ(p->staffing.students_per_staff, t.staffing.students_per_staff);
  EXPECT_EQ(p->staffing.rounding, t.staffing.rounding);
  EXPECT_EQ(p->forecast.entry_age, t.forecast.entry_age);
  EXPECT_EQ(p->forecast.default_entry[0], t.forecast.default_entry[0]);
  EXPECT_EQ(p->forecast.default_entry[1], t.forecast.default_entry[1]);
  ASSERT_EQ(p->forecast.scenarios.size(), t.forecast.scenarios.size());
  for (size_t i = 0; i < t.forecast.scenarios.size(); ++i) {
    const auto& a = p->forecast.scenarios[i];
    const auto& b = t.forecast.scenarios[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.births_change, b.births_change);
    EXPECT_EQ(a.entry_factor, b.entry_factor);
    EXPECT_EQ(a.progression_delta, b.progression_delta);
    EXPECT_EQ(a.migrant_share_delta, b.migrant_share_delta);
  }
  EXPECT_EQ(p->capacity.standard_school_classes, t.capacity.standard_school_classes);
}

TEST(PlanningFile, ProvinceFixtureEnablesAdditionsAndLoads) {
  auto p = LoadPlanningParams(kProvince);
  ASSERT_TRUE(p) << p.error().Describe();
  EXPECT_EQ(p->system.Grades(Level::kPrimary), 5);
  EXPECT_EQ(p->system.Grades(Level::kJunior), 4);
  EXPECT_TRUE(p->staffing.additions[0].enabled);
  ASSERT_EQ(p->staffing.subject_loads.size(), 2u);
  EXPECT_EQ(p->staffing.subject_loads[0].subject, "语文");
  // A 教学点 of 20 students in 3 classes: 3 × 1.5 = 4.5 → 5 posts.
  planning::StaffingInput in;
  planning::StaffSchool s;
  s.school = "T";
  s.area = "A";
  s.teaching_point = true;
  s.sections = {{Level::kPrimary, 20, 3}};
  in.schools = {s};
  EXPECT_EQ(planning::ComputeStaffing(in, *p).schools[0].quota, 5);
}

TEST(PlanningFile, MissingKeyNamesFileLineAndKey) {
  auto p = ParsePlanningParams(NationalWith("junior = 13.5\n", ""), "x.toml");
  ASSERT_TRUE(p);  // a level's ratio is optional …
  EXPECT_TRUE(p->staffing.students_per_staff[LevelIndex(Level::kJunior)].zero());
  auto q = ParsePlanningParams(NationalWith("horizon_years = 10", ""), "x.toml");
  ASSERT_FALSE(q);  // … the horizon is not
  EXPECT_EQ(q.error().id, "planning_file.invalid");
  EXPECT_EQ(q.error().where.file, "x.toml");
  EXPECT_GT(q.error().where.row, 0);
  EXPECT_NE(q.error().message.zh.find("horizon_years"), std::string::npos);
}

TEST(PlanningFile, AMistypedKeyIsAnErrorNotIgnored) {
  auto p = ParsePlanningParams(NationalWith("junior = 50\nsenior = 50", "juinor = 50\nsenior = 50"),
                               "x.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().id, "planning_file.invalid");
  EXPECT_NE(p.error().message.zh.find("juinor"), std::string::npos);
  EXPECT_NE(p.error().message.zh.find("[class_size.standard]"), std::string::npos);
}

TEST(PlanningFile, MoreThanSixDecimalsIsRefused) {
  auto p = ParsePlanningParams(NationalWith("junior = 13.5", "junior = 13.5000001"), "x.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().id, "planning_file.invalid");
  EXPECT_NE(p.error().message.zh.find("6 位小数"), std::string::npos);
}

TEST(PlanningFile, OverlappingBandsFailValidationNamingTheFile) {
  auto p = ParsePlanningParams(NationalWith("min = 56, max = 65", "min = 55, max = 65"), "x.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().id, "planning.invalid_params");
  EXPECT_EQ(p.error().where.file, "x.toml");
}

TEST(PlanningFile, AdditionMustSayWhoseFigureItIs) {
  auto p = ParsePlanningParams(
      NationalWith("choice = \"province\"\nenabled = false\nsource = \"省定。国家要求按",
                   "enabled = false\nsource = \"省定。国家要求按"),
      "x.toml");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.zh.find("choice"), std::string::npos);
}

TEST(PlanningFile, UnknownLevelKeepsTheLevelErrorId) {
  auto p = ParsePlanningParams(
      NationalWith("levels = [\"小学\", \"初中\", \"高中\"]", "levels = [\"小学\", \"大学\"]"),
      "x.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().id, "planning.bad_level");
  EXPECT_GT(p.error().where.row, 0);
}

TEST(PlanningFile, SyntaxErrorIsReportedWithItsLine) {
  auto p = ParsePlanningParams("[planning\nid = 1", "x.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().id, "standard_file.syntax");
  EXPECT_EQ(p.error().where.row, 1);
}

TEST(PlanningLibrary, DataFolderLoadsTheNationalSet) {
  auto lib = LoadPlanningLibrary(JIAODU_TEST_DATA_DIR);
  ASSERT_TRUE(lib) << lib.error().Describe();
  ASSERT_NE(lib->Find("cn-planning-2017"), nullptr);
  EXPECT_EQ(lib->Find("nope"), nullptr);
}

TEST(PlanningLibrary, TwoFilesWithOneIdFail) {
  const auto dir = std::filesystem::temp_directory_path() / "jiaodu_planning_dup_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "planning");
  std::filesystem::copy_file(kNational, dir / "planning" / "a.toml");
  std::filesystem::copy_file(kNational, dir / "planning" / "b.toml");
  auto lib = LoadPlanningLibrary(dir);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(lib);
  EXPECT_EQ(lib.error().id, "planning_file.duplicate");
  EXPECT_EQ(lib.error().where.file, "b.toml");
}

TEST(PlanningLibrary, MissingFolderIsAnEmptyLibrary) {
  auto lib = LoadPlanningLibrary("/nonexistent-jiaodu-dir");
  ASSERT_TRUE(lib);
  EXPECT_TRUE(lib->sets.empty());
}

}  // namespace
}  // namespace jiaodu
