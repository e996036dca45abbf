#include "jiaodu/formats/task_table/task_table.h"

#include <gtest/gtest.h>

#include "jiaodu/core/civil_date.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu::tasktable {
namespace {

TEST(TaskTableDates, DeadlinesAsPlansWriteThemMeanTheLastDayOfThePeriod) {
  EXPECT_EQ(ParseDateText("2025-12-31"), DaysFromCivil(2025, 12, 31));
  EXPECT_EQ(ParseDateText("2025/6/30").has_value(), false) << "ISO needs two-digit months";
  EXPECT_EQ(ParseDateText("2025年6月30日"), DaysFromCivil(2025, 6, 30));
  EXPECT_EQ(ParseDateText("2024年12月前"), DaysFromCivil(2024, 12, 31));
  EXPECT_EQ(ParseDateText("2024年2月底"), DaysFromCivil(2024, 2, 29)) << "a leap February";
  EXPECT_EQ(ParseDateText("2025年年底"), DaysFromCivil(2025, 12, 31));
  EXPECT_EQ(ParseDateText("2025年底"), DaysFromCivil(2025, 12, 31));
  EXPECT_EQ(ParseDateText("2025年"), DaysFromCivil(2025, 12, 31));
  EXPECT_EQ(ParseDateText("2025.9"), DaysFromCivil(2025, 9, 30));
  EXPECT_EQ(ParseDateText("2025.09.15"), DaysFromCivil(2025, 9, 15));
  EXPECT_FALSE(ParseDateText("2025年2月30日"));
  EXPECT_FALSE(ParseDateText("2025"));
  EXPECT_FALSE(ParseDateText("长期坚持"));
  EXPECT_FALSE(ParseDateText("2025年13月"));
}

// A bureau's own list: a title row, header on row 3, other column names
// and order, extra columns, a blank line and a note under the table.
std::string BureauList(const std::string& deadline2, const std::string& lead2 = "人事科") {
  auto book = xlsx::WorkbookWriter::CreateInMemory();
  EXPECT_TRUE(book);
  xlsx::SheetWriter& s = book->AddSheet("重点任务分工");
  s.WriteString(0, 0, "示范市“十四五”教育规划重点任务分工表");
  const char* head[] = {"序号", "重点任务", "责任单位", "配合单位", "完成时限", "备注"};
  for (size_t c = 0; c < 6; ++c) s.WriteString(2, c, head[c]);
  s.WriteNumber(3, 0, 1);
  s.WriteString(3, 1, "全面完成中小学校党组织领导班子配备");
  s.WriteString(3, 2, "组织人事科");
  s.WriteString(3, 3, "各县（市、区）教育局、机关党委");
  s.WriteString(3, 4, "2024年12月前");
  s.WriteNumber(4, 0, 2);
  s.WriteString(4, 1, "招聘补充中小学教师600名");
  s.WriteString(4, 2, lead2);
  s.WriteString(4, 4, deadline2);
  s.WriteString(6, 0, "注：完成时限以文件为准");
  auto bytes = book->FinishToBytes();
  EXPECT_TRUE(bytes);
  return *bytes;
}

TEST(TaskTableRead, ABureausOwnListReadsByColumnNames) {
  auto tasks = ReadTaskTable(BureauList("2025年底"), "分工表.xlsx");
  ASSERT_TRUE(tasks) << tasks.error().Describe();
  ASSERT_EQ(tasks->size(), 2u) << "the note under the table has no 任务名称 column value";
  const tasks::Task& a = (*tasks)[0];
  EXPECT_EQ(a.id, "T1");
  EXPECT_EQ(a.title, "全面完成中小学校党组织领导班子配备");
  EXPECT_EQ(a.lead_unit, "组织人事科");
  EXPECT_EQ(a.co_units, (std::vector<std::string>{"各县（市、区）教育局", "机关党委"}));
  EXPECT_EQ(a.deadline, DaysFromCivil(2024, 12, 31));
  EXPECT_TRUE(a.publish);
  EXPECT_EQ((*tasks)[1].id, "T2");
  EXPECT_EQ((*tasks)[1].deadline, DaysFromCivil(2025, 12, 31));
}

TEST(TaskTableRead, ABadCellRefusesTheFileNamingSheetRowAndColumn) {
  auto r = ReadTaskTable(BureauList("尽快完成"), "分工表.xlsx");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "task_table.bad_date");
  EXPECT_EQ(r.error().where.sheet, "重点任务分工");
  EXPECT_EQ(r.error().where.row, 5);
  EXPECT_EQ(r.error().where.column, "E (完成时限)");
  EXPECT_NE(r.error().Describe().find("尽快完成"), std::string::npos) << r.error().Describe();
  r = ReadTaskTable(BureauList("2025年底", ""), "分工表.xlsx");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "task_table.missing");
  EXPECT_EQ(r.error().where.column, "C (责任单位)");
}

TEST(TaskTableRead, AFileWithoutTheHeaderSaysWhichColumnsItNeeds) {
  auto book = xlsx::WorkbookWriter::CreateInMemory();
  book->AddSheet("Sheet1").WriteString(0, 0, "任务名称");
  auto r = ReadTaskTable(*book->FinishToBytes(), "x.xlsx");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "task_table.no_header");
  EXPECT_NE(r.error().message.zh.find("牵头单位"), std::string::npos);
}

TEST(TaskTableRead, MilestonesSplitAtFullWidthColonsAndSemicolons) {
  auto book = xlsx::WorkbookWriter::CreateInMemory();
  xlsx::SheetWriter& s = book->AddSheet("任务");
  const char* head[] = {"任务名称", "牵头单位", "完成时限", "节点"};
  for (size_t c = 0; c < 4; ++c) s.WriteString(0, c, head[c]);
  s.WriteString(1, 0, "建设劳动教育实践基地10个");
  s.WriteString(1, 1, "德育科");
  s.WriteString(1, 2, "2025年底");
  s.WriteString(1, 3, "2025-03-31：制定方案；2025-09-30 完成建设");
  auto tasks = ReadTaskTable(*book->FinishToBytes(), "x.xlsx");
  ASSERT_TRUE(tasks) << tasks.error().Describe();
  ASSERT_EQ((*tasks)[0].milestones.size(), 2u);
  EXPECT_EQ((*tasks)[0].milestones[0].date, DaysFromCivil(2025, 3, 31));
  EXPECT_EQ((*tasks)[0].milestones[0].text, "制定方案");
  EXPECT_EQ((*tasks)[0].milestones[1].text, "完成建设");
}

TEST(TaskTableTemplate, TheTemplatesExampleRowReadsBack) {
  auto bytes = WriteTaskTemplate({"发展规划科", "人事科"});
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto tasks = ReadTaskTable(*bytes, "模板.xlsx");
  ASSERT_TRUE(tasks) << tasks.error().Describe();
  ASSERT_EQ(tasks->size(), 1u);
  const tasks::Task& t = (*tasks)[0];
  EXPECT_EQ(t.id, "DB2025-01");
  EXPECT_EQ(t.lead_unit, "发展规划科");
  EXPECT_EQ(t.target_value, 800);
  EXPECT_EQ(t.start, DaysFromCivil(2025, 1, 1));
  EXPECT_EQ(t.deadline, DaysFromCivil(2025, 12, 31));
  ASSERT_EQ(t.milestones.size(), 2u);
  EXPECT_EQ(t.milestones[1].date, DaysFromCivil(2025, 9, 30));
  EXPECT_EQ(t.milestones[1].text, "主体完工");
  EXPECT_EQ(t.remind_days, 7);
  EXPECT_EQ(t.indicator, "new_public_places");
}

TEST(TaskTablePublicity, ThePublicityListIsAWorkbook) {
  auto bytes =
      WritePublicity("督办事项公示", "2026-11-25",
                     {{"DB001", "任务", "基础教育科", "", "2026-12-31", "推进中", "推进中"}});
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
}

}  // namespace
}  // namespace jiaodu::tasktable
