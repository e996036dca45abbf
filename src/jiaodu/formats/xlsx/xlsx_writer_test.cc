#include "jiaodu/formats/xlsx/xlsx_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>  // setenv, mkdtemp

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "jiaodu/core/text.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "jiaodu/formats/xlsx/xlsx_test_util.h"

namespace jiaodu::xlsx {
namespace {

using testing::ReadZipEntry;

std::string TextAt(const Sheet& s, size_t row, size_t col) {
  const Cell* c = s.At(row, col);
  return c ? c->text : "<none>";
}

bool Contains(const std::optional<std::string>& haystack, std::string_view needle) {
  return haystack && haystack->find(needle) != std::string::npos;
}

// 40 school names: far more than Excel's 255-character inline list.
std::vector<std::string> SchoolNames() {
  std::vector<std::string> names;
  for (int i = 1; i <= 40; ++i) names.push_back("重庆市第" + std::to_string(i) + "中学校");
  return names;
}

TEST(XlsxWriter, RoundTripKeepsChineseTextNumbersBooleansAndFormulas) {
  auto book = WorkbookWriter::CreateInMemory({.title = "学校基本情况"});
  ASSERT_TRUE(book.has_value()) << book.error().Describe();
  const Format header = book->AddFormat({.bold = true,
                                         .fill_color = 0xDDEBF7,
                                         .border = BorderStyle::kThin,
                                         .align = HAlign::kCenter});
  const Format date = book->AddFormat({.num_format = "yyyy\"年\"m\"月\"d\"日\""});
  const Format two_places = book->AddFormat({.num_format = "0.00"});
  SheetWriter& sheet = book->AddSheet("学校基本情况");
  sheet.WriteString(0, 0, "学校名称", header);
  sheet.WriteString(0, 1, "生师比", header);
  sheet.WriteString(1, 0, "重庆市第一中学");
  sheet.WriteNumber(1, 1, 4.2, two_places);
  sheet.WriteNumber(1, 2, 2000);
  sheet.WriteNumber(1, 3, 1e-7);
  sheet.WriteNumber(1, 4, 45000, date);
  sheet.WriteBool(1, 5, true);
  sheet.WriteFormula(1, 6, "=B2*2", {}, 8.4);
  sheet.WriteString(2, 0, "第一行\r\n第二行");  // CR travels as _x000D_
  sheet.WriteBlank(3, 0, header);
  sheet.WriteString(5, 3, "跳过的行");
  SheetWriter& second = book->AddSheet("分学段数据");
  second.WriteString(0, 0, "小学");

  auto bytes = book->FinishToBytes();
  ASSERT_TRUE(bytes.has_value()) << bytes.error().Describe();
  auto read = ReadXlsx(*bytes, "out.xlsx");
  ASSERT_TRUE(read.has_value()) << read.error().Describe();
  ASSERT_EQ(read->sheets.size(), 2u);
  const Sheet& s = read->sheets[0];
  EXPECT_EQ(s.name, "学校基本情况");
  EXPECT_EQ(TextAt(s, 0, 0), "学校名称");
  EXPECT_EQ(TextAt(s, 1, 0), "重庆市第一中学");
  EXPECT_EQ(s.At(1, 1)->type, Cell::Type::kNumber);
  EXPECT_EQ(TextAt(s, 1, 1), "4.2");  // the raw text, not 4.2000000000000002
  EXPECT_EQ(s.At(1, 1)->number, 4.2);
  EXPECT_FALSE(s.At(1, 1)->is_date);
  EXPECT_EQ(TextAt(s, 1, 2), "2000");
  EXPECT_EQ(s.At(1, 3)->number, 1e-7);
  EXPECT_TRUE(s.At(1, 4)->is_date);
  EXPECT_EQ(s.At(1, 5)->type, Cell::Type::kBool);
  EXPECT_EQ(s.At(1, 5)->number, 1);
  EXPECT_EQ(s.At(1, 6)->number, 8.4);  // the cached result
  EXPECT_EQ(TextAt(s, 2, 0), "第一行\r\n第二行");
  EXPECT_EQ(s.rows[3].size(), 0u);  // a formatted blank is no value
  EXPECT_EQ(TextAt(s, 5, 3), "跳过的行");
  EXPECT_EQ(TextAt(read->sheets[1], 0, 0), "小学");

  EXPECT_TRUE(Contains(ReadZipEntry(*bytes, "xl/worksheets/sheet1.xml"), "<f>B2*2</f>"));
  const auto core = ReadZipEntry(*bytes, "docProps/core.xml");
  EXPECT_TRUE(Contains(core, "<dc:creator>jiaodu</dc:creator>"));
  EXPECT_TRUE(Contains(core, "<dc:title>学校基本情况</dc:title>"));
}

TEST(XlsxWriter, ConstantMemoryModeWritesInlineStringsThatReadBack) {
  auto book = WorkbookWriter::CreateInMemory({.constant_memory = true});
  ASSERT_TRUE(book.has_value());
  SheetWriter& sheet = book->AddSheet("在校生");
  for (size_t r = 0; r < 100; ++r) {
    sheet.WriteString(r, 0, "学校" + std::to_string(r));
    sheet.WriteNumber(r, 1, static_cast<double>(r) + 0.5);
  }
  sheet.AddDropdown({0, 2, 99, 2}, SchoolNames());  // hidden list sheet in this mode too
  auto bytes = book->FinishToBytes();
  ASSERT_TRUE(bytes.has_value()) << bytes.error().Describe();
  EXPECT_TRUE(Contains(ReadZipEntry(*bytes, "xl/worksheets/sheet1.xml"), "t=\"inlineStr\""));
  auto read = ReadXlsx(*bytes, "out.xlsx");
  ASSERT_TRUE(read.has_value()) << read.error().Describe();
  EXPECT_EQ(TextAt(read->sheets[0], 99, 0), "学校99");
  EXPECT_EQ(TextAt(read->sheets[0], 99, 1), "99.5");
  EXPECT_EQ(TextAt(read->sheets[1], 39, 0), "重庆市第40中学校");
}

TEST(XlsxWriter, ConstantMemoryModeRefusesAnEarlierRow) {
  auto book = WorkbookWriter::CreateInMemory({.constant_memory = true});
  ASSERT_TRUE(book.has_value());
  SheetWriter& sheet = book->AddSheet("Sheet1");
  sheet.WriteNumber(5, 0, 1);
  sheet.WriteNumber(6, 0, 1);
  sheet.WriteNumber(2, 0, 1);  // already flushed
  auto bytes = book->FinishToBytes();
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().id, "xlsx.write_rejected");
  EXPECT_EQ(bytes.error().where.row, 3);
}

TEST(XlsxWriter, ShortDropdownIsInlineAndLongOneUsesAHiddenSheet) {
  auto book = WorkbookWriter::CreateInMemory();
  ASSERT_TRUE(book.has_value());
  SheetWriter& sheet = book->AddSheet("学校基本情况");
  sheet.AddDropdown({1, 0, 100, 0}, {"是", "否"});
  // 28 names of 4-5 characters: under 255 characters but far over 258 bytes,
  // which overflows libxlsxwriter 1.1.4's own list buffer.
  std::vector<std::string> medium;
  for (int i = 0; i < 28; ++i) medium.push_back("九年一贯" + std::to_string(i % 10));
  sheet.AddDropdown({1, 1, 100, 1}, medium);
  sheet.AddDropdown({1, 2, 100, 2}, SchoolNames(),
                    {.input_title = "学校", .input_message = "请从列表中选择学校"});
  sheet.AddDropdown({1, 3, 100, 3}, SchoolNames());    // same list: same column
  sheet.AddDropdown({1, 4, 100, 4}, {"甲,乙", "丙"});  // a comma cannot be inline
  auto bytes = book->FinishToBytes();
  ASSERT_TRUE(bytes.has_value()) << bytes.error().Describe();

  const auto xml = ReadZipEntry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_TRUE(Contains(xml, "<formula1>\"是,否\"</formula1>")) << *xml;
  EXPECT_TRUE(Contains(xml, "<formula1>\"九年一贯0,九年一贯1,"));
  EXPECT_TRUE(Contains(xml, "<formula1>'下拉选项'!$A$1:$A$40</formula1>"));
  EXPECT_TRUE(Contains(xml, "sqref=\"D2:D101\"><formula1>'下拉选项'!$A$1:$A$40</formula1>"));
  EXPECT_TRUE(Contains(xml, "<formula1>'下拉选项'!$B$1:$B$2</formula1>"));
  EXPECT_TRUE(Contains(xml, "prompt=\"请从列表中选择学校\""));

  auto read = ReadXlsx(*bytes, "out.xlsx");
  ASSERT_TRUE(read.has_value()) << read.error().Describe();
  const Sheet* lists = read->Find("下拉选项");
  ASSERT_NE(lists, nullptr);
  EXPECT_TRUE(lists->hidden);
  EXPECT_EQ(TextAt(*lists, 0, 0), "重庆市第1中学校");
  EXPECT_EQ(TextAt(*lists, 39, 0), "重庆市第40中学校");
  EXPECT_EQ(TextAt(*lists, 0, 1), "甲,乙");
  EXPECT_EQ(lists->rows.size(), 40u);
}

TEST(XlsxWriter, NumberValidationCarriesChineseMessages) {
  auto book = WorkbookWriter::CreateInMemory();
  ASSERT_TRUE(book.has_value());
  SheetWriter& sheet = book->AddSheet("Sheet1");
  sheet.AddNumberValidation(
      {1, 2, 500, 2},
      {.integer = false,
       .min = 0,
       .max = 100,
       .prompt = {.input_title = "生师比", .input_message = "填写 0 到 100 之间的数"}});
  sheet.AddNumberValidation({1, 3, 500, 3}, {.integer = true, .min = 0});
  auto bytes = book->FinishToBytes();
  ASSERT_TRUE(bytes.has_value()) << bytes.error().Describe();
  const auto xml = ReadZipEntry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_TRUE(Contains(xml, "type=\"decimal\"")) << *xml;
  EXPECT_TRUE(Contains(xml, "promptTitle=\"生师比\""));
  EXPECT_TRUE(Contains(xml, "prompt=\"填写 0 到 100 之间的数\""));
  EXPECT_TRUE(Contains(xml, "error=\"请输入 0 到 100 之间的数字\""));
  EXPECT_TRUE(Contains(xml, "<formula1>0</formula1><formula2>100</formula2>"));
  EXPECT_TRUE(Contains(xml, "type=\"whole\" operator=\"greaterThanOrEqual\""));
  EXPECT_TRUE(Contains(xml, "error=\"请输入不小于 0 的整数\""));
}

TEST(XlsxWriter, LayoutCallsReachTheSheetXml) {
  auto book = WorkbookWriter::CreateInMemory();
  ASSERT_TRUE(book.has_value());
  const Format title = book->AddFormat(
      {.bold = true, .font_size = 16, .align = HAlign::kCenter, .valign = VAlign::kCenter});
  const Format red = book->AddFormat({.font_color = 0x9C0006, .fill_color = 0xFFC7CE});
  const Format black = book->AddFormat({.font_color = 0x000000, .wrap = true});
  EXPECT_EQ(book->AddFormat({.font_color = 0x9C0006, .fill_color = 0xFFC7CE}),
            red);  // deduplicated
  EXPECT_NE(red, black);
  SheetWriter& sheet = book->AddSheet("评估结果");
  sheet.MergeRange({0, 0, 0, 3}, "2024年义务教育优质均衡评估结果", title);
  sheet.SetColumnWidth(0, 1, 20);
  sheet.SetRowHeight(0, 30);
  sheet.FreezePanes(2, 1);
  sheet.AutoFilter({1, 0, 9, 3});
  sheet.WriteComment(2, 1, "数据来源：2024年教育事业统计");
  sheet.WriteString(2, 2, "说明", black);
  sheet.HighlightCells({2, 3, 9, 3}, Comparison::kLess, 4.2, red);
  auto bytes = book->FinishToBytes();
  ASSERT_TRUE(bytes.has_value()) << bytes.error().Describe();

  const auto xml = ReadZipEntry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_TRUE(Contains(xml, "<mergeCell ref=\"A1:D1\"/>")) << *xml;
  EXPECT_TRUE(Contains(xml, "<col min=\"1\" max=\"2\" width=\"20.7109375\" customWidth=\"1\"/>"));
  EXPECT_TRUE(Contains(xml, "ht=\"30\" customHeight=\"1\""));
  EXPECT_TRUE(Contains(xml, "xSplit=\"1\" ySplit=\"2\" topLeftCell=\"B3\""));
  EXPECT_TRUE(Contains(xml, "<autoFilter ref=\"A2:D10\"/>"));
  EXPECT_TRUE(Contains(xml, "operator=\"lessThan\"><formula>4.2</formula>"));
  EXPECT_TRUE(Contains(ReadZipEntry(*bytes, "xl/comments1.xml"), "数据来源：2024年教育事业统计"));
  const auto styles = ReadZipEntry(*bytes, "xl/styles.xml");
  EXPECT_TRUE(Contains(styles, "<sz val=\"16\"/>"));
  EXPECT_TRUE(Contains(styles, "<color rgb=\"FF9C0006\"/>"));
  EXPECT_TRUE(Contains(styles, "<color rgb=\"FF000000\"/>"));  // black is not "unset"
  EXPECT_TRUE(Contains(styles, "wrapText=\"1\""));
  EXPECT_TRUE(Contains(styles, "FFFFC7CE"));

  auto read = ReadXlsx(*bytes, "out.xlsx");
  ASSERT_TRUE(read.has_value()) << read.error().Describe();
  EXPECT_EQ(TextAt(read->sheets[0], 0, 0), "2024年义务教育优质均衡评估结果");
}

TEST(XlsxWriter, SheetNamesFollowExcelRules) {
  auto book = WorkbookWriter::CreateInMemory();
  ASSERT_TRUE(book.has_value());
  EXPECT_EQ(book->AddSheet("2024/2025 学年:汇总[1]").name(), "2024_2025 学年_汇总_1_");
  EXPECT_EQ(book->AddSheet("'引号'").name(), "引号");
  EXPECT_EQ(book->AddSheet("").name(), "Sheet3");
  EXPECT_EQ(book->AddSheet("学校").name(), "学校");
  EXPECT_EQ(book->AddSheet("学校").name(), "学校 (2)");
  EXPECT_EQ(book->AddSheet("SHEET3").name(), "SHEET3 (2)");    // Excel ignores case
  EXPECT_EQ(book->AddSheet("History").name(), "History (2)");  // reserved by Excel
  const std::string long_name =
      "重庆市渝中区人民路小学校第一分校二〇二四学年学生体质健康监测数据汇总表";
  const std::string cut = book->AddSheet(long_name).name();
  EXPECT_EQ(Utf8Length(cut), 31u);
  EXPECT_TRUE(long_name.starts_with(cut));
  auto bytes = book->FinishToBytes();
  ASSERT_TRUE(bytes.has_value()) << bytes.error().Describe();
  auto read = ReadXlsx(*bytes, "out.xlsx");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->sheets[4].name, "学校 (2)");
}

TEST(XlsxWriter, ErrorsAreStickyAndReturnedWhenFinishing) {
  auto book = WorkbookWriter::CreateInMemory();
  ASSERT_TRUE(book.has_value());
  SheetWriter& sheet = book->AddSheet("导出");
  sheet.WriteNumber(0, 0, 1);
  EXPECT_TRUE(book->status().has_value());
  sheet.WriteNumber(2'000'000, 0, 1);                                 // beyond Excel's grid
  sheet.WriteNumber(1, 0, std::numeric_limits<double>::quiet_NaN());  // ignored: already failed
  EXPECT_FALSE(book->status().has_value());
  auto bytes = book->FinishToBytes();
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().id, "xlsx.write_rejected");
  EXPECT_EQ(bytes.error().where.sheet, "导出");
  EXPECT_NE(bytes.error().message.zh.find("导出"), std::string::npos);
  EXPECT_FALSE(book->Close().has_value());  // the same outcome again
}

TEST(XlsxWriter, NanEmptyFormulaAndEmptyDropdownAreRefused) {
  for (int which = 0; which < 3; ++which) {
    auto book = WorkbookWriter::CreateInMemory();
    ASSERT_TRUE(book.has_value());
    SheetWriter& sheet = book->AddSheet("S");
    if (which == 0) sheet.WriteNumber(0, 0, std::nan(""));
    if (which == 1) sheet.WriteFormula(0, 0, "=");
    if (which == 2) sheet.AddDropdown({0, 0, 9, 0}, {"", ""});
    auto bytes = book->FinishToBytes();
    ASSERT_FALSE(bytes.has_value()) << which;
    EXPECT_EQ(bytes.error().id, "xlsx.write_rejected");
  }
}

TEST(XlsxWriter, InvalidUtf8IsReplacedSoExcelCanOpenTheFile) {
  auto book = WorkbookWriter::CreateInMemory();
  ASSERT_TRUE(book.has_value());
  book->AddSheet("S").WriteString(0, 0, "学\xFF校");
  auto bytes = book->FinishToBytes();
  ASSERT_TRUE(bytes.has_value());
  auto read = ReadXlsx(*bytes, "out.xlsx");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(TextAt(read->sheets[0], 0, 0), "学\xEF\xBF\xBD校");
}

class XlsxWriterFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ =
        (std::filesystem::temp_directory_path() / "jiaodu-xlsx-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(XlsxWriterFiles, CreateWritesThePathOnClose) {
  const std::string path = (dir_ / "评估结果.xlsx").string();
  auto book = WorkbookWriter::Create(path);
  ASSERT_TRUE(book.has_value());
  book->AddSheet("结果").WriteNumber(0, 0, 0.52);
  ASSERT_TRUE(book->Close().has_value());
  auto read = ReadXlsxFile(path);
  ASSERT_TRUE(read.has_value()) << read.error().Describe();
  EXPECT_EQ(read->file_name, "评估结果.xlsx");
  EXPECT_EQ(TextAt(read->sheets[0], 0, 0), "0.52");
}

TEST_F(XlsxWriterFiles, AnAbandonedWriterLeavesNoFile) {
  const std::string path = (dir_ / "abandoned.xlsx").string();
  {
    auto book = WorkbookWriter::Create(path);
    ASSERT_TRUE(book.has_value());
    book->AddSheet("S").WriteString(0, 0, "x");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(XlsxWriterFiles, InMemoryWritersLeaveNothingInTheTempDirectory) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", dir_.c_str(), 1);
  {
    auto finished = WorkbookWriter::CreateInMemory();
    ASSERT_TRUE(finished.has_value());
    finished->AddSheet("S").WriteString(0, 0, "x");
    auto abandoned = WorkbookWriter::CreateInMemory();
    ASSERT_TRUE(abandoned.has_value());
    EXPECT_FALSE(std::filesystem::is_empty(dir_));  // the reserved temp files
    ASSERT_TRUE(finished->FinishToBytes().has_value());
    EXPECT_FALSE(finished->FinishToBytes().has_value());  // the bytes were handed out once
  }
  if (old) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

}  // namespace
}  // namespace jiaodu::xlsx
