#include "jiaodu/formats/planning_table/planning_table.h"

#include <gtest/gtest.h>

#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu::planning_table {
namespace {

using planning::Level;

Directory Dir() {
  Directory d;
  d.counties = {"990103", "990104"};
  d.schools = {{"3399010301", "990103"}, {"3399010302", "990103"}};
  return d;
}

PlanningInputs Filled() {
  PlanningInputs in;
  in.births["990103"] = {{2018, 1200, 1300}, {2019, 1100, std::nullopt}};
  in.enrolment["990103"] = {{2023, Level::kPrimary, 1, 1000, 40},
                            {2023, Level::kJunior, 3, 900, std::nullopt}};
  planning::PlannedProject p;
  p.name = "城东小学";
  p.area = "990103";
  p.level = Level::kPrimary;
  p.kind = planning::ProjectKind::kNewSchool;
  p.opening_year = 2027;
  p.places = 1080;
  in.projects.push_back(p);
  in.rosters["3399010301"] = {{"一年级1班", Level::kPrimary, 1, 58},
                              {"混合班", Level::kPrimary, 0, 20}};
  in.staff["3399010302"] = {41, 120};
  in.subject_teachers["3399010301"] = {{"体育", 3}, {"音乐", 1}};
  in.subject_need["3399010301"] = {{"体育", 4}};
  in.reserve["990103"] = 12;
  return in;
}

ReadResult ReadCsvText(std::string_view file, std::string_view text) {
  return ReadPlanningWorkbook(text, file, planning::SchoolSystem{}, Dir());
}

TEST(PlanningTable, AWorkbookItWritesReadsBackTheSame) {
  const PlanningInputs in = Filled();
  auto bytes = WritePlanningWorkbook(in, "示范县");
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto read = ReadPlanningWorkbook(*bytes, "测算.xlsx", planning::SchoolSystem{}, Dir());
  ASSERT_TRUE(read.errors.empty()) << read.errors[0].Describe();
  const PlanningInputs& out = read.inputs;
  ASSERT_EQ(out.births.at("990103").size(), 2u);
  EXPECT_EQ(out.births.at("990103")[0].resident, 1300);
  EXPECT_FALSE(out.births.at("990103")[1].resident.has_value());
  ASSERT_EQ(out.enrolment.at("990103").size(), 2u);
  EXPECT_EQ(out.enrolment.at("990103")[0].migrants, 40);
  EXPECT_EQ(out.enrolment.at("990103")[1].level, Level::kJunior);
  ASSERT_EQ(out.projects.size(), 1u);
  EXPECT_EQ(out.projects[0].places, 1080);
  EXPECT_EQ(out.projects[0].opening_year, 2027);
  ASSERT_EQ(out.rosters.at("3399010301").size(), 2u);
  EXPECT_EQ(out.rosters.at("3399010301")[1].grade, 0);
  EXPECT_EQ(out.staff.at("3399010302").actual_staff, 41);
  EXPECT_EQ(out.staff.at("3399010302").boarders, 120);
  EXPECT_EQ(out.subject_teachers.at("3399010301").size(), 2u);
  EXPECT_EQ(out.subject_need.at("3399010301").size(), 1u);
  EXPECT_EQ(out.reserve.at("990103"), 12);
}

TEST(PlanningTable, TheTemplateHasEverySheetAndAGuide) {
  auto bytes = WritePlanningWorkbook({}, "示范县");
  ASSERT_TRUE(bytes);
  auto book = xlsx::ReadXlsx(*bytes, "t.xlsx");
  ASSERT_TRUE(book);
  EXPECT_NE(book->Find("填写说明"), nullptr);
  for (const auto name : {kBirthSheet, kEnrolmentSheet, kProjectSheet, kRosterSheet, kStaffSheet,
                          kSubjectSheet, kPoolSheet}) {
    EXPECT_NE(book->Find(name), nullptr) << name;
  }
  // Empty, it reads as "no data", not as a valid empty plan.
  auto read = ReadPlanningWorkbook(*bytes, "t.xlsx", planning::SchoolSystem{}, Dir());
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].id, "planning_table.empty");
}

TEST(PlanningTable, EveryErrorNamesFileSheetRowAndColumnAndNothingIsKept) {
  auto read = ReadCsvText("出生人口.csv",
                          "县区代码,出生年份,户籍出生人口,常住出生人口\n"
                          "990103,2018,1200,\n"
                          "990199,2019,1100,\n"
                          "990103,2020,十二,\n"
                          "990103,2021,,\n"
                          "990103,2018,1000,\n");
  ASSERT_EQ(read.errors.size(), 4u);
  EXPECT_EQ(read.errors[0].id, "planning_table.unknown_county");
  EXPECT_EQ(read.errors[0].where.file, "出生人口.csv");
  EXPECT_EQ(read.errors[0].where.sheet, "出生人口");
  EXPECT_EQ(read.errors[0].where.row, 3);
  EXPECT_EQ(read.errors[0].where.column, "A (县区代码)");
  EXPECT_EQ(read.errors[1].id, "planning_table.bad_number");
  EXPECT_EQ(read.errors[1].where.row, 4);
  EXPECT_EQ(read.errors[1].where.column, "C (户籍出生人口)");
  EXPECT_EQ(read.errors[2].id, "planning_table.no_births");
  EXPECT_EQ(read.errors[2].where.row, 5);
  EXPECT_EQ(read.errors[3].id, "planning_table.duplicate_row");
  EXPECT_EQ(read.errors[3].where.row, 6);
  EXPECT_TRUE(read.inputs.births.empty());  // all or nothing
}

TEST(PlanningTable, AMissingRequiredColumnIsNamed) {
  auto read =
      ReadCsvText("分年级在校生.csv", "县区代码,学年,学段,在校生数\n990103,2024,小学,900\n");
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].id, "planning_table.missing_column");
  EXPECT_NE(read.errors[0].message.zh.find("年级"), std::string::npos);
}

TEST(PlanningTable, GradesFollowTheSchoolSystemAndYearsReadBothWays) {
  auto read = ReadCsvText("分年级在校生.csv",
                          "县区代码,学年,学段,年级,在校生数,其中随迁子女\n"
                          "990103,2024-2025,小学,6,900,\n"
                          "990103,2024,初中,4,900,\n"
                          "990103,2024,初中,3,900,901\n");
  ASSERT_EQ(read.errors.size(), 2u);
  EXPECT_EQ(read.errors[0].where.column, "D (年级)");
  EXPECT_EQ(read.errors[1].id, "planning_table.migrants_exceed");
  planning::SchoolSystem five_four;
  five_four.grades = {3, 5, 4, 3};
  auto ok = ReadPlanningWorkbook("县区代码,学年,学段,年级,在校生数\n990103,2024,初中,4,880\n",
                                 "分年级在校生.csv", five_four, Dir());
  ASSERT_TRUE(ok.errors.empty());
  EXPECT_EQ(ok.inputs.enrolment.at("990103")[0].year, 2024);
}

TEST(PlanningTable, AProjectNeedsPlacesOrClassesAndAKnownKind) {
  auto read = ReadCsvText("规划项目.csv",
                          "项目名称,县区代码,学段,类型,启用年份,新增学位,新增班数\n"
                          "一中扩建,990103,初中,改扩建,2026,,\n"
                          "新二小,990103,小学,迁建,2026,900,\n"
                          "新三小,990103,小学,新建,2027,,24\n");
  ASSERT_EQ(read.errors.size(), 2u);
  EXPECT_EQ(read.errors[0].id, "planning_table.no_places");
  EXPECT_EQ(read.errors[1].id, "planning_table.bad_kind");
}

TEST(PlanningTable, SchoolsMustBeTheCountysImportedOnes) {
  auto read = ReadCsvText("班级名册.csv",
                          "学校标识码,学段,年级,班级,学生数\n"
                          "3399010301,小学,1,1班,46\n"
                          "3399019999,小学,1,1班,46\n"
                          "3399010301,小学,1,1班,50\n"
                          "3399010301,小学,2,1班,50\n");
  ASSERT_EQ(read.errors.size(), 2u);
  EXPECT_EQ(read.errors[0].id, "planning_table.unknown_school");
  EXPECT_EQ(read.errors[1].id, "planning_table.duplicate_row");
}

TEST(PlanningTable, ACsvNamedAfterNoSheetIsRefused) {
  auto read = ReadCsvText("data.csv", "县区代码,出生年份\n990103,2019\n");
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].id, "planning_table.no_sheet");
}

TEST(PlanningTable, ForCountyKeepsOnlyThatCountysRowsAndSchools) {
  PlanningInputs in = Filled();
  in.births["990104"] = {{2018, 500, std::nullopt}};
  const PlanningInputs one = in.ForCounty("990104", {});
  EXPECT_EQ(one.births.size(), 1u);
  EXPECT_TRUE(one.projects.empty());
  EXPECT_TRUE(one.rosters.empty());
  const PlanningInputs other = in.ForCounty("990103", {"3399010301"});
  EXPECT_EQ(other.rosters.size(), 1u);
  EXPECT_TRUE(other.staff.empty());  // 3399010302 not passed
  EXPECT_EQ(other.projects.size(), 1u);
}

TEST(PlanningTable, ReplaceSwapsOnlyTheSheetsTheNewerInputsHold) {
  PlanningInputs held = Filled();
  held.file_name = "全部.xlsx";
  PlanningInputs births;
  births.file_name = "出生人口.csv";
  births.births["990103"] = {{2020, 800, std::nullopt}};
  held.Replace(births);
  ASSERT_EQ(held.births.at("990103").size(), 1u);
  EXPECT_EQ(held.births.at("990103")[0].year, 2020);
  EXPECT_EQ(held.projects.size(), 1u);
  EXPECT_EQ(held.rosters.size(), 1u);
  EXPECT_EQ(held.file_name, "全部.xlsx、出生人口.csv");
  EXPECT_EQ(births.Sheets(), std::set<std::string_view>{kBirthSheet});
}

}  // namespace
}  // namespace jiaodu::planning_table
