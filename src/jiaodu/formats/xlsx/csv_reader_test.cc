#include "jiaodu/formats/xlsx/csv_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "jiaodu/formats/xlsx/xlsx_test_util.h"

namespace jiaodu::xlsx {
namespace {

using testing::ConvertEncoding;

Sheet Read(std::string_view bytes, std::string_view name = "在校生.csv") {
  Result<Sheet> r = ReadCsv(bytes, name);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().Describe());
  return r ? *r : Sheet{};
}

std::string TextAt(const Sheet& s, size_t row, size_t col) {
  const Cell* c = s.At(row, col);
  return c ? c->text : "<none>";
}

TEST(CsvReader, Utf8WithBomIsRead) {
  Sheet s = Read("\xEF\xBB\xBF学校标识码,在校生数\n3111000001,2000\n");
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(TextAt(s, 0, 0), "学校标识码");  // the BOM is not part of the first cell
  EXPECT_EQ(TextAt(s, 1, 1), "2000");
  EXPECT_EQ(s.At(1, 1)->type, Cell::Type::kString);  // numbers stay text for the importer
}

TEST(CsvReader, Gb18030BytesAreConvertedToUtf8) {
  const std::string gbk =
      ConvertEncoding("学校标识码,在校生数\r\n3111000001,重庆市第一中学\r\n", "GB18030");
  ASSERT_NE(gbk, "学校标识码,在校生数\r\n3111000001,重庆市第一中学\r\n");  // really re-encoded
  Sheet s = Read(gbk);
  EXPECT_EQ(TextAt(s, 0, 0), "学校标识码");
  EXPECT_EQ(TextAt(s, 0, 1), "在校生数");
  EXPECT_EQ(TextAt(s, 1, 1), "重庆市第一中学");
}

TEST(CsvReader, Gb18030FourByteCharactersAreConverted) {
  // 𠀀 (U+20000) is a four-byte GB18030 sequence whose bytes include digits.
  Sheet s = Read(ConvertEncoding("姓名,备注\n\xF0\xA0\x80\x80,是\n", "GB18030"));
  EXPECT_EQ(TextAt(s, 1, 0), "\xF0\xA0\x80\x80");
  EXPECT_EQ(TextAt(s, 1, 1), "是");
}

TEST(CsvReader, QuotedFieldsKeepCommasLineBreaksAndDoubledQuotes) {
  Sheet s = Read(
      "名称,备注\r\n\"第二中学,分校\",\"含\"\"国际部\"\"\"\r\n\"第三中学\r\n（新校区）\",x\r\n");
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(TextAt(s, 1, 0), "第二中学,分校");
  EXPECT_EQ(TextAt(s, 1, 1), "含\"国际部\"");
  EXPECT_EQ(TextAt(s, 2, 0), "第三中学\n（新校区）");  // CRLF inside quotes comes back as \n
  EXPECT_EQ(TextAt(s, 2, 1), "x");
}

TEST(CsvReader, CrLfLfAndCrAllEndRows) {
  Sheet s = Read("a\r\nb\nc\rd");
  ASSERT_EQ(s.rows.size(), 4u);
  EXPECT_EQ(TextAt(s, 3, 0), "d");  // no final line break needed
}

TEST(CsvReader, TabSeparatedWhenTheFirstLineHasTabsAndNoCommas) {
  Sheet s = Read("学校\t人数,万人\n一中\t1,200\n");
  // The first line has a comma too: commas win, tabs stay in the text.
  EXPECT_EQ(TextAt(s, 0, 0), "学校\t人数");
  Sheet t = Read("学校\t人数\n一中\t1,200\n");
  EXPECT_EQ(TextAt(t, 0, 1), "人数");
  EXPECT_EQ(TextAt(t, 1, 1), "1,200");
}

TEST(CsvReader, Utf16WithBomIsConverted) {
  // Excel's "Unicode 文本" export: UTF-16LE with a BOM, tab-separated.
  std::string bytes = "\xFF\xFE" + ConvertEncoding("学校\t人数\r\n一中\t1200\r\n", "UTF-16LE");
  Sheet s = Read(bytes);
  EXPECT_EQ(TextAt(s, 0, 0), "学校");
  EXPECT_EQ(TextAt(s, 1, 1), "1200");
}

TEST(CsvReader, EmptyFieldsAreEmptyCellsAndRowsEndAtTheLastValue) {
  Sheet s = Read("a,,c,,\n,,\n\nd\n,\n\n");
  ASSERT_EQ(s.rows.size(), 4u);  // trailing empty rows removed
  ASSERT_EQ(s.rows[0].size(), 3u);
  EXPECT_TRUE(s.rows[0][1].empty());
  EXPECT_TRUE(s.rows[1].empty());
  EXPECT_TRUE(s.rows[2].empty());
  EXPECT_EQ(TextAt(s, 3, 0), "d");
  EXPECT_TRUE(Read("").rows.empty());
}

TEST(CsvReader, TextAroundQuotesIsKeptLikeExcel) {
  Sheet s = Read("\"ab\"c,d\"e\"\n");
  EXPECT_EQ(TextAt(s, 0, 0), "abc");
  EXPECT_EQ(TextAt(s, 0, 1), "d\"e\"");  // a quote inside an unquoted field is literal
}

TEST(CsvReader, SheetNameIsTheFileNameWithoutExtension) {
  EXPECT_EQ(Read("a", "上传/2024/在校生.csv").name, "在校生");
  EXPECT_EQ(Read("a", "C:\\数据\\学校.名单.txt").name, "学校.名单");
  EXPECT_EQ(Read("a", "无扩展名").name, "无扩展名");
}

TEST(CsvReader, UnterminatedQuoteReportsTheRowWhereItOpened) {
  Result<Sheet> r = ReadCsv("名称,备注\n一中,ok\n二中,\"没有结束\n三中,x\n", "在校生.csv");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().id, "csv.unterminated_quote");
  EXPECT_EQ(r.error().where.file, "在校生.csv");
  EXPECT_EQ(r.error().where.row, 3);
  EXPECT_EQ(r.error().where.column, "B");
  EXPECT_NE(r.error().message.zh.find("第 3 行"), std::string::npos) << r.error().message.zh;
}

TEST(CsvReader, BytesNeitherUtf8NorGb18030ReportTheRow) {
  // 0xFF never occurs in GB18030; 0x81 0x20 is a lead byte without a trail.
  std::string bytes = ConvertEncoding("学校,人数\n一中,1\n", "GB18030") + "\x81\x20,2\n";
  Result<Sheet> r = ReadCsv(bytes, "在校生.csv");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().id, "csv.encoding");
  EXPECT_EQ(r.error().where.row, 3);
  EXPECT_EQ(r.error().where.column, "A");

  Result<Sheet> ff = ReadCsv("a,b\n\xFF\xFF,c\n", "x.csv");
  ASSERT_FALSE(ff.has_value());
  EXPECT_EQ(ff.error().id, "csv.encoding");
  EXPECT_EQ(ff.error().where.row, 2);
}

TEST(CsvReader, ExcelSavedGb18030FixtureIsRead) {
  const auto path = std::filesystem::path(JIAODU_TEST_FIXTURE_DIR) / "xlsx" / "gb18030_excel.csv";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path;
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Sheet s = Read(bytes, "gb18030_excel.csv");
  EXPECT_EQ(s.name, "gb18030_excel");
  ASSERT_EQ(s.rows.size(), 4u);
  EXPECT_EQ(TextAt(s, 0, 3), "备注");
  EXPECT_EQ(TextAt(s, 1, 1), "重庆市第一中学");
  EXPECT_EQ(s.rows[1].size(), 3u);  // the empty 备注 is not stored
  EXPECT_EQ(TextAt(s, 2, 1), "第二中学,分校");
  EXPECT_EQ(TextAt(s, 2, 3), "含\"国际部\"");
  EXPECT_EQ(TextAt(s, 3, 1), "第三中学\n（新校区）");
}

}  // namespace
}  // namespace jiaodu::xlsx
