// The rotation workbook: what jiaodu writes reads back unchanged, every
// mistake a county can make is reported with its sheet, row and column in
// Chinese, and nothing is returned when anything is wrong.
#include "jiaodu/formats/rotation_table/rotation_table.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "jiaodu/domain/rotation/synthetic.h"
#include "jiaodu/formats/rotation_table/text_workbook.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu::rotation_table {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/rotation/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "sheet!row column id" for each error, to compare whole lists.
std::vector<std::string> Places(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  for (const Error& e : errors) {
    out.push_back(fmt::format("{}!{} {} {}", e.where.sheet, e.where.row,
                              e.where.column.substr(0, e.where.column.find(' ')), e.id));
  }
  return out;
}

TEST(RotationTable, WrittenWorkbookReadsBackTheSameInstance) {
  rotation::Instance in = rotation::SyntheticCounty({.teachers = 160, .schools = 8, .seed = 7});
  in.schools[0].posts = 40;
  in.schools[1].subjects.push_back({"书法", 2, 1});  // a subject the generator never uses
  in.pins.push_back({in.teachers[0].id, in.schools[2].code});
  in.forbids.push_back({in.teachers[1].id, ""});
  in.forbids.push_back({in.teachers[2].id, in.schools[3].code});
  in.teachers[3].last_move_year = 2019;
  in.teachers[4].age = 57;
  auto bytes = WriteRotationWorkbook(in, "示范县");
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  ReadResult back = ReadRotationWorkbook(*bytes, "x.xlsx", in.year);
  ASSERT_TRUE(back.errors.empty()) << back.errors[0].Describe();
  const rotation::Instance& out = back.instance;
  EXPECT_EQ(out.year, in.year);
  ASSERT_EQ(out.schools.size(), in.schools.size());
  for (size_t i = 0; i < in.schools.size(); ++i) {
    const auto &a = in.schools[i], &b = out.schools[i];
    EXPECT_EQ(a.code, b.code);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.stage, b.stage);
    EXPECT_EQ(a.locale, b.locale);
    EXPECT_EQ(a.students, b.students);
    EXPECT_EQ(a.posts, b.posts);
    ASSERT_TRUE(b.latitude && b.longitude);
    EXPECT_DOUBLE_EQ(*a.latitude, *b.latitude);
    EXPECT_DOUBLE_EQ(*a.longitude, *b.longitude);
    ASSERT_EQ(a.subjects.size(), b.subjects.size());
    for (size_t j = 0; j < a.subjects.size(); ++j) {
      EXPECT_EQ(a.subjects[j].subject, b.subjects[j].subject);
      EXPECT_EQ(a.subjects[j].keep_min, b.subjects[j].keep_min);
      EXPECT_EQ(a.subjects[j].need, b.subjects[j].need);
    }
  }
  ASSERT_EQ(out.teachers.size(), in.teachers.size());
  for (size_t i = 0; i < in.teachers.size(); ++i) {
    const auto &a = in.teachers[i], &b = out.teachers[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.school, b.school);
    EXPECT_EQ(a.stage, b.stage);
    EXPECT_EQ(a.subject, b.subject);
    EXPECT_EQ(a.above_required, b.above_required);
    EXPECT_EQ(a.backbone, b.backbone);
    EXPECT_EQ(a.pe_arts, b.pe_arts);
    EXPECT_EQ(a.years_at_school, b.years_at_school);
    EXPECT_EQ(a.years_to_retirement, b.years_to_retirement);
    EXPECT_EQ(a.age, b.age);
    EXPECT_EQ(a.last_move_year, b.last_move_year);
  }
  ASSERT_EQ(out.pins.size(), 1u);
  EXPECT_EQ(out.pins[0].teacher, in.teachers[0].id);
  EXPECT_EQ(out.pins[0].school, in.schools[2].code);
  ASSERT_EQ(out.forbids.size(), 2u);
  EXPECT_EQ(out.forbids[0].school, "");
  EXPECT_EQ(out.forbids[1].school, in.schools[3].code);
}

TEST(RotationTable, CommittedSmallCountyReadsWithoutErrors) {
  ReadResult r = ReadRotationWorkbook(Fixture("county-small.xlsx"), "county-small.xlsx", 2025);
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].Describe();
  EXPECT_EQ(r.instance.schools.size(), 8u);
  EXPECT_EQ(r.instance.teachers.size(), 160u);
}

TEST(RotationTable, TemplateWithSchoolsOnlyReadsBackAsEmptyRoster) {
  rotation::Instance in;
  in.schools.push_back({"9900000001",
                        "城区第一小学",
                        rotation::Stage::kPrimary,
                        rotation::Locale::kUrban,
                        800,
                        {},
                        {},
                        {},
                        {}});
  auto bytes = WriteRotationWorkbook(in, "示范县");
  ASSERT_TRUE(bytes);
  auto book = xlsx::ReadXlsx(*bytes, "t.xlsx");
  ASSERT_TRUE(book);
  for (std::string_view s : {"学校", "教师", "学科需求", "指定禁止", "填写说明"}) {
    EXPECT_NE(book->Find(s), nullptr) << s;
  }
  ReadResult r = ReadRotationWorkbook(*bytes, "t.xlsx", 2025);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].id, "rotation_table.empty");
  EXPECT_EQ(r.errors[0].where.sheet, "教师");
}

TEST(RotationTable, EveryRowMistakeIsListedWithSheetRowAndColumn) {
  ReadResult r = ReadRotationWorkbook(Fixture("errors-rows.xlsx"), "errors-rows.xlsx", 2025);
  EXPECT_TRUE(r.instance.schools.empty());
  EXPECT_TRUE(r.instance.teachers.empty());
  const std::vector<std::string> want = {
      "学校!3 D rotation_table.bad_value",        // 农村 is not 城区/镇区/乡村
      "学校!4 E rotation_table.bad_number",       // 三百
      "学校!5 G rotation_table.bad_coordinates",  // 北纬30度
      "学校!6 A rotation_table.duplicate",        // 9900000001 小学 again
      "学校!7 A rotation_table.required",         // blank 学校标识码
      "教师!3 C rotation_table.unknown_school",   // 9900000009
      "教师!4 C rotation_table.unknown_school",   // 9900000001 has no 初中
      "教师!5 F rotation_table.bad_value",        // 有
      "教师!6 I rotation_table.bad_number",       // 6.5 years
      "教师!7 A rotation_table.duplicate",        // T1 again
      "教师!8 L rotation_table.bad_number",       // last move 2031 after the plan's year
      "学科需求!3 C rotation_table.duplicate",    // 数学 twice
      "指定禁止!2 A rotation_table.unknown_teacher",
      "指定禁止!3 B rotation_table.bad_value",  // 调走
      "指定禁止!4 C rotation_table.required",   // a pin without school
  };
  EXPECT_EQ(Places(r.errors), want);
  for (const Error& e : r.errors) {
    EXPECT_EQ(e.where.file, "errors-rows.xlsx");
    EXPECT_FALSE(e.message.zh.empty());
    EXPECT_FALSE(e.message.en.empty());
  }
  EXPECT_EQ(r.errors[0].message.zh, "“城乡”只能填 城区、镇区、乡村");
  EXPECT_EQ(r.errors[0].where.value, "农村");
  EXPECT_EQ(r.errors[6].message.zh, "学校 9900000001 在“学校”表中没有初中学段");
}

TEST(RotationTable, HeaderMistakesAndMissingSheetsAreReported) {
  ReadResult r = ReadRotationWorkbook(Fixture("errors-header.xlsx"), "errors-header.xlsx", 2025);
  const std::vector<std::string> want = {
      "教师!0  rotation_table.missing_sheet",
      "学校!1 D rotation_table.duplicate_column",
      "学校!1  rotation_table.missing_column",
  };
  EXPECT_EQ(Places(r.errors), want);
  EXPECT_EQ(r.errors[2].message.zh, "“学校”表缺少“城乡”列（表头应在第 1 行）");
}

TEST(RotationTable, HeadersReadWithNotesFullWidthAndOtherOrder) {
  auto bytes = TextWorkbook(
      {{"学校",
        {{"在校生数（人）", "城乡", "学段", "学校名称", "学校标识码", "备注", "经纬度"},
         {"３００", "乡村", "小学", "甲小学", "9900000001", "随便写", "30.5，110.25"}}},
       {"教师",
        {{"教师编号", "姓名", "学校标识码", "学段", "任教学科", "本校任教年限", "县级以上骨干"},
         {"T1", "张一", "9900000001", "小学", "数学", "9", "是"}}}});
  ASSERT_TRUE(bytes);
  ReadResult r = ReadRotationWorkbook(*bytes, "own.xlsx", 2025);
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].Describe();
  EXPECT_EQ(r.instance.schools[0].students, 300);
  EXPECT_EQ(r.instance.schools[0].latitude, 30.5);  // a full-width comma between
  EXPECT_EQ(r.instance.schools[0].longitude, 110.25);
  EXPECT_TRUE(r.instance.teachers[0].backbone);
  EXPECT_FALSE(r.instance.teachers[0].above_required);  // no column: 否
}

TEST(RotationTable, TooManyErrorsStopTheListWithOneNotice) {
  std::vector<std::vector<std::string>> teachers = {
      {"教师编号", "姓名", "学校标识码", "学段", "学科", "本校任教年限"}};
  for (int i = 0; i < 300; ++i) {
    teachers.push_back({fmt::format("T{}", i), "某", "9900000001", "高中", "数学", "7"});
  }
  auto bytes = TextWorkbook({{"学校",
                              {{"学校标识码", "学校名称", "学段", "城乡", "在校生数"},
                               {"9900000001", "甲小学", "小学", "城区", "300"}}},
                             {"教师", teachers}});
  ASSERT_TRUE(bytes);
  ReadResult r = ReadRotationWorkbook(*bytes, "many.xlsx", 2025);
  ASSERT_EQ(r.errors.size(), kMaxErrors + 1);
  EXPECT_EQ(r.errors[0].id, "rotation_table.bad_value");
  EXPECT_EQ(r.errors.back().id, "rotation_table.too_many_errors");
}

TEST(RotationTable, NotAWorkbookGivesTheXlsxError) {
  ReadResult r = ReadRotationWorkbook("name,school\n", "roster.xlsx", 2025);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].id, "xlsx.not_xlsx");
}

TEST(RotationTable, PlanWorkbookHasTheFourSheetsAndTheMoves) {
  rotation::Plan plan;
  plan.status = rotation::PlanStatus::kOptimal;
  plan.moved = 1;
  rotation::Move m;
  m.teacher = "T1";
  m.teacher_name = "张一";
  m.subject = "数学";
  m.from = "9900000001";
  m.from_name = "甲小学";
  m.to = "9900000002";
  m.to_name = "乙小学";
  m.km = 12.5;
  m.why = {Text("补接收校缺口", "fill")};
  plan.moves.push_back(m);
  rotation::CvResult cv;
  cv.defined = true;
  cv.before = 0.6;
  cv.after = 0.4;
  cv.limit = 0.5;
  cv.pass_before = false;
  plan.cvs.push_back(cv);
  plan.binding.push_back({"quota", Text("交流比例 10%", "quota")});
  auto bytes = WritePlanWorkbook(plan, "示范县");
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = xlsx::ReadXlsx(*bytes, "plan.xlsx");
  ASSERT_TRUE(book);
  const xlsx::Sheet* moves = book->Find("调动名单");
  ASSERT_NE(moves, nullptr);
  ASSERT_EQ(moves->rows.size(), 2u);
  EXPECT_EQ(moves->At(1, 1)->text, "T1");
  EXPECT_EQ(moves->At(1, 8)->text, "乙小学");
  EXPECT_EQ(moves->At(1, 9)->number, 12.5);
  EXPECT_EQ(moves->At(1, 14)->text, "补接收校缺口");
  const xlsx::Sheet* cvs = book->Find("差异系数对比");
  ASSERT_NE(cvs, nullptr);
  EXPECT_EQ(cvs->At(1, 6)->text, "未达标");
  EXPECT_EQ(cvs->At(1, 7)->text, "达标");
  ASSERT_NE(book->Find("学校指标对比"), nullptr);
  const xlsx::Sheet* rules = book->Find("约束情况");
  ASSERT_NE(rules, nullptr);
  bool binding = false;
  for (size_t r = 0; r < rules->rows.size(); ++r) {
    binding |= rules->At(r, 1) && rules->At(r, 1)->text == "交流比例 10%";
  }
  EXPECT_TRUE(binding);
}

}  // namespace
}  // namespace jiaodu::rotation_table
