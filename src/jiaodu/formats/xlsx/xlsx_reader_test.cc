#include "jiaodu/formats/xlsx/xlsx_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "jiaodu/formats/xlsx/xlsx_test_util.h"

namespace jiaodu::xlsx {
namespace {

using testing::FakeWorkbook;
using testing::MakeZip;
using testing::SharedStringsXml;
using testing::SheetXml;

// Reads a one-sheet workbook and returns that sheet (fails the test on error).
Sheet ReadOne(const FakeWorkbook& book) {
  Result<Workbook> read = ReadXlsx(book.Zip(), "t.xlsx");
  EXPECT_TRUE(read.has_value()) << (read ? "" : read.error().Describe());
  if (!read || read->sheets.empty()) return {};
  return read->sheets[0];
}

Sheet ReadRows(std::string_view rows, std::string shared_strings = "", std::string styles = "") {
  FakeWorkbook book;
  book.AddSheet("Sheet1", SheetXml(rows));
  book.shared_strings = std::move(shared_strings);
  book.styles = std::move(styles);
  return ReadOne(book);
}

std::string TextAt(const Sheet& s, size_t row, size_t col) {
  const Cell* c = s.At(row, col);
  return c ? c->text : "<none>";
}

// A valid workbook as our writer produces it, for the damage tests.
std::string ValidXlsx() { return testing::WrittenXlsx(/*bools=*/false); }

// --- Cell types -------------------------------------------------------------

TEST(XlsxReader, SharedStringRichTextRunsAreJoined) {
  Sheet s = ReadRows(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>)",
      SharedStringsXml(
          R"(<si><t>学校名称</t></si>)"
          R"(<si><r><rPr><b/></rPr><t>在校</t></r><r><t xml:space="preserve">生数 </t></r></si>)"));
  EXPECT_EQ(TextAt(s, 0, 0), "学校名称");
  EXPECT_EQ(TextAt(s, 0, 1), "在校生数 ");
  EXPECT_EQ(s.At(0, 1)->type, Cell::Type::kString);
}

TEST(XlsxReader, SharedStringPhoneticRunsAreIgnored) {
  // Excel (zh-CN and ja-JP) stores a reading guide after the text; it is not
  // part of the value.
  Sheet s = ReadRows(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)",
                     SharedStringsXml(R"(<si><t>重庆</t><rPh sb="0" eb="1"><t>chong</t></rPh>)"
                                      R"(<phoneticPr fontId="1" type="noConversion"/></si>)"));
  EXPECT_EQ(TextAt(s, 0, 0), "重庆");
}

TEST(XlsxReader, InlineStringsIncludingRichRunsAreRead) {
  Sheet s = ReadRows(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>在校生</t></is></c>)"
      R"(<c r="B1" t="inlineStr"><is><r><t>分</t></r><r><rPr><i/></rPr><t>学段</t></r></is></c></row>)");
  EXPECT_EQ(TextAt(s, 0, 0), "在校生");
  EXPECT_EQ(TextAt(s, 0, 1), "分学段");
}

TEST(XlsxReader, FormulaStringResultIsTextAndFormulaIsNotRead) {
  Sheet s = ReadRows(R"(<row r="1"><c r="A1" t="str"><f>A2&amp;"校"</f><v>一中校</v></c>)"
                     R"(<c r="B1"><f>SUM(1,2)</f><v>3</v></c></row>)");
  EXPECT_EQ(s.At(0, 0)->type, Cell::Type::kString);
  EXPECT_EQ(TextAt(s, 0, 0), "一中校");
  EXPECT_EQ(s.At(0, 1)->type, Cell::Type::kNumber);
  EXPECT_EQ(TextAt(s, 0, 1), "3");
}

TEST(XlsxReader, BooleansAreZeroOrOneWithTrueFalseText) {
  Sheet s =
      ReadRows(R"(<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c></row>)");
  EXPECT_EQ(s.At(0, 0)->type, Cell::Type::kBool);
  EXPECT_EQ(s.At(0, 0)->number, 1);
  EXPECT_EQ(s.At(0, 0)->text, "TRUE");
  EXPECT_EQ(s.At(0, 1)->number, 0);
  EXPECT_EQ(s.At(0, 1)->text, "FALSE");
}

TEST(XlsxReader, ErrorCellsKeepExcelsCode) {
  Sheet s = ReadRows(R"(<row r="1"><c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>)");
  EXPECT_EQ(s.At(0, 0)->type, Cell::Type::kError);
  EXPECT_EQ(s.At(0, 0)->text, "#DIV/0!");
}

TEST(XlsxReader, NumbersKeepTheirDecimalTextExactlyAsStored) {
  Sheet s = ReadRows(R"(<row r="1"><c r="A1"><v>4.2</v></c><c r="B1" t="n"><v>2000</v></c>)"
                     R"(<c r="C1"><v>0.30000000000000004</v></c><c r="D1"><v>1E-3</v></c>)"
                     R"(<c r="E1"><v>-12.50</v></c></row>)");
  EXPECT_EQ(s.At(0, 0)->type, Cell::Type::kNumber);
  EXPECT_EQ(s.At(0, 0)->number, 4.2);
  EXPECT_EQ(TextAt(s, 0, 0), "4.2");
  EXPECT_EQ(TextAt(s, 0, 1), "2000");
  EXPECT_EQ(TextAt(s, 0, 2), "0.30000000000000004");
  EXPECT_EQ(s.At(0, 3)->number, 0.001);
  EXPECT_EQ(TextAt(s, 0, 3), "1E-3");
  EXPECT_EQ(TextAt(s, 0, 4), "-12.50");
  EXPECT_FALSE(s.At(0, 0)->is_date);
}

TEST(XlsxReader, NonNumericNumberCellIsKeptAsTextForTheImporterToReport) {
  Sheet s = ReadRows(R"(<row r="1"><c r="A1"><v>12 人</v></c><c r="B1"><v>inf</v></c></row>)");
  EXPECT_EQ(s.At(0, 0)->type, Cell::Type::kString);
  EXPECT_EQ(TextAt(s, 0, 0), "12 人");
  EXPECT_EQ(s.At(0, 1)->type, Cell::Type::kString);
}

TEST(XlsxReader, IsoDateCellsBecomeDateSerials) {
  Sheet s = ReadRows(R"(<row r="1"><c r="A1" t="d"><v>2023-03-15</v></c>)"
                     R"(<c r="B1" t="d"><v>2023-03-15T12:00:00</v></c></row>)");
  EXPECT_EQ(s.At(0, 0)->number, 45000);  // checked against Excel
  EXPECT_TRUE(s.At(0, 0)->is_date);
  EXPECT_EQ(s.At(0, 1)->number, 45000.5);
}

// --- Positions ----------------------------------------------------------------

TEST(XlsxReader, CellReferencesAreRespectedAndGapsAreEmpty) {
  Sheet s =
      ReadRows(R"(<row r="2"><c r="C2"><v>7</v></c></row><row r="7"><c r="B7"><v>8</v></c></row>)");
  ASSERT_EQ(s.rows.size(), 7u);
  EXPECT_TRUE(s.rows[0].empty());
  ASSERT_EQ(s.rows[1].size(), 3u);  // dense up to C
  EXPECT_TRUE(s.rows[1][0].empty());
  EXPECT_EQ(TextAt(s, 1, 2), "7");
  EXPECT_TRUE(s.rows[2].empty());
  EXPECT_EQ(TextAt(s, 6, 1), "8");
}

TEST(XlsxReader, CellsWithoutRefFollowThePreviousCell) {
  Sheet s = ReadRows(R"(<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>)"
                     R"(<row><c><v>4</v></c></row>)");
  EXPECT_EQ(TextAt(s, 2, 1), "1");
  EXPECT_EQ(TextAt(s, 2, 2), "2");
  EXPECT_EQ(TextAt(s, 2, 3), "3");
  EXPECT_EQ(TextAt(s, 3, 0), "4");  // a row without r follows the previous row
}

TEST(XlsxReader, StyledBlanksAndTrailingEmptyRowsAreDropped) {
  // Excel writes formatted empty cells (borders on an input form).
  Sheet s = ReadRows(
      R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"/><c r="Z1" s="1"/></row>)"
      R"(<row r="2"><c r="A2" t="s" s="1"/><c r="B2" t="inlineStr"><is><t></t></is></c></row>)"
      R"(<row r="40" ht="20" customHeight="1"/>)");
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(s.rows[0].size(), 1u);
}

// --- Package structure ----------------------------------------------------------

TEST(XlsxReader, SheetsComeInWorkbookOrderWithNamesAndVisibility) {
  FakeWorkbook book;
  book.AddSheet("学校基本情况", SheetXml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"));
  book.AddSheet("下拉选项", SheetXml(R"(<row r="1"><c r="A1"><v>2</v></c></row>)"), "hidden");
  book.AddSheet("分学段数据", SheetXml(""));
  Result<Workbook> read = ReadXlsx(book.Zip(), "学校.xlsx");
  ASSERT_TRUE(read.has_value()) << read.error().Describe();
  EXPECT_EQ(read->file_name, "学校.xlsx");
  ASSERT_EQ(read->sheets.size(), 3u);
  EXPECT_EQ(read->sheets[0].name, "学校基本情况");
  EXPECT_FALSE(read->sheets[0].hidden);
  EXPECT_TRUE(read->sheets[1].hidden);
  EXPECT_TRUE(read->sheets[2].rows.empty());
  EXPECT_EQ(read->Find("分学段数据"), &read->sheets[2]);
}

TEST(XlsxReader, AbsoluteRelationshipTargetsAreResolved) {
  FakeWorkbook book;
  book.absolute_targets = true;  // "/xl/worksheets/sheet1.xml", as some generators write
  book.AddSheet("Sheet1", SheetXml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"));
  book.shared_strings = SharedStringsXml("<si><t>绝对路径</t></si>");
  EXPECT_EQ(TextAt(ReadOne(book), 0, 0), "绝对路径");
}

TEST(XlsxReader, WorkbookPartIsFoundThroughPackageRelationships) {
  // Not every producer uses xl/workbook.xml; the package rels say where it is.
  const std::string sheet = SheetXml(R"(<row r="1"><c r="A1"><v>5</v></c></row>)");
  std::string bytes = MakeZip({
      {"_rels/.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book/main.xml"/>)"
       R"(</Relationships>)"},
      {"book/main.xml",
       R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
       R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
       R"(<x:sheets><x:sheet name="数据" sheetId="1" r:id="R1"/></x:sheets></x:workbook>)"},
      {"book/_rels/main.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="R1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../sheets/./s1.xml"/>)"
       R"(</Relationships>)"},
      {"sheets/s1.xml", sheet},
  });
  Result<Workbook> read = ReadXlsx(bytes, "t.xlsx");
  ASSERT_TRUE(read.has_value()) << read.error().Describe();
  ASSERT_EQ(read->sheets.size(), 1u);
  EXPECT_EQ(read->sheets[0].name, "数据");
  EXPECT_EQ(TextAt(read->sheets[0], 0, 0), "5");
}

TEST(XlsxReader, NamespacePrefixedElementsAreRead) {
  // The .NET Open XML SDK writes <x:row>, <x:c>.
  FakeWorkbook book;
  book.AddSheet(
      "Sheet1",
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c>)"
      R"(</x:row></x:sheetData></x:worksheet>)");
  EXPECT_EQ(TextAt(ReadOne(book), 0, 0), "前缀");
}

TEST(XlsxReader, Date1904IsReported) {
  FakeWorkbook book;
  book.workbook_pr = R"(<workbookPr date1904="1"/>)";
  book.AddSheet("Sheet1", SheetXml(""));
  Result<Workbook> read = ReadXlsx(book.Zip(), "mac.xlsx");
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->date1904);
}

// --- Dates and escapes -------------------------------------------------------------

TEST(XlsxReader, DateStylesComeFromBuiltInIdsAndCustomFormatCodes) {
  const std::string styles =
      R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<numFmts count="4"><numFmt numFmtId="176" formatCode="yyyy/m/d"/>)"
      R"(<numFmt numFmtId="177" formatCode="0.00&quot;天&quot;"/>)"
      R"x(<numFmt numFmtId="178" formatCode="[Red]#,##0.00_);\(0.00\)"/>)x"
      R"(<numFmt numFmtId="179" formatCode="[h]:mm"/></numFmts>)"
      R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>)"
      R"(<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/>)"
      R"(<xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="178"/><xf numFmtId="179"/></cellXfs>)"
      R"(</styleSheet>)";
  Sheet s = ReadRows(R"(<row r="1"><c r="A1"><v>45000</v></c><c r="B1" s="1"><v>45000</v></c>)"
                     R"(<c r="C1" s="2"><v>45000</v></c><c r="D1" s="3"><v>45000</v></c>)"
                     R"(<c r="E1" s="4"><v>3</v></c><c r="F1" s="5"><v>3</v></c>)"
                     R"(<c r="G1" s="6"><v>0.5</v></c><c r="H1" s="99"><v>1</v></c></row>)",
                     "", styles);
  EXPECT_FALSE(s.At(0, 0)->is_date);  // General
  EXPECT_TRUE(s.At(0, 1)->is_date);   // built-in 14 (yyyy/m/d in zh-CN)
  EXPECT_TRUE(s.At(0, 2)->is_date);   // built-in 31: yyyy"年"m"月"d"日" in CJK locales
  EXPECT_TRUE(s.At(0, 3)->is_date);   // custom yyyy/m/d
  EXPECT_FALSE(s.At(0, 4)->is_date);  // "天" is quoted text
  EXPECT_FALSE(s.At(0, 5)->is_date);  // [Red] is a colour
  EXPECT_TRUE(s.At(0, 6)->is_date);   // elapsed time
  EXPECT_FALSE(s.At(0, 7)->is_date);  // style index out of range: not a date, no crash
}

TEST(XlsxReader, DateFormatCodeRules) {
  EXPECT_TRUE(IsDateFormatCode("yyyy\"年\"m\"月\"d\"日\""));
  EXPECT_TRUE(IsDateFormatCode("[$-F800]dddd, mmmm dd, yyyy"));
  EXPECT_TRUE(IsDateFormatCode("h:mm AM/PM"));
  EXPECT_FALSE(IsDateFormatCode("General"));
  EXPECT_FALSE(IsDateFormatCode("0.00%"));
  EXPECT_FALSE(IsDateFormatCode("#,##0.00 \"元\""));
  EXPECT_FALSE(IsDateFormatCode("[DBNum1][$-804]General"));
  EXPECT_FALSE(IsDateFormatCode("0.0\\d"));  // escaped literal d
  EXPECT_FALSE(IsDateFormatCode("0.00_);[Red]\\(0.00\\)"));
  EXPECT_TRUE(IsDateFormatId(14));
  EXPECT_TRUE(IsDateFormatId(58));
  EXPECT_FALSE(IsDateFormatId(2));
  EXPECT_FALSE(IsDateFormatId(49));  // "@", text
}

TEST(XlsxReader, OoxmlEscapesAreDecoded) {
  Sheet s = ReadRows(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>a_x000D__x000A_b</t></is></c>)"
      R"(<c r="C1" t="str"><v>_x005F_x000D_</v></c></row>)",
      SharedStringsXml("<si><t>第一行_x000D_\n第二行</t></si>"));
  EXPECT_EQ(TextAt(s, 0, 0), "第一行\r\n第二行");
  EXPECT_EQ(TextAt(s, 0, 1), "a\r\nb");
  EXPECT_EQ(TextAt(s, 0, 2), "_x000D_");  // an escaped underscore keeps the literal text
  EXPECT_EQ(DecodeOoxmlEscapes("_xD83D__xDE00_"), "\xF0\x9F\x98\x80");  // surrogate pair
  EXPECT_EQ(DecodeOoxmlEscapes("_xD83D_x"),
            "\xEF\xBF\xBD"
            "x");                                                   // lone surrogate
  EXPECT_EQ(DecodeOoxmlEscapes("_x00G1_ _x12_"), "_x00G1_ _x12_");  // not escapes
}

// --- Errors ---------------------------------------------------------------------

void ExpectError(const Result<Workbook>& r, std::string_view id) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().id, id) << r.error().Describe();
  EXPECT_EQ(r.error().where.file, "报表.xlsx");
  EXPECT_NE(r.error().message.zh.find("报表.xlsx"), std::string::npos) << r.error().message.zh;
  EXPECT_NE(r.error().message.en.find("报表.xlsx"), std::string::npos) << r.error().message.en;
}

TEST(XlsxReader, EmptyInputIsNotXlsx) { ExpectError(ReadXlsx("", "报表.xlsx"), "xlsx.not_xlsx"); }

TEST(XlsxReader, TextFilesAndPdfsAreNotXlsx) {
  ExpectError(ReadXlsx("学校名称,在校生数\n一中,1200\n", "报表.xlsx"), "xlsx.not_xlsx");
  ExpectError(ReadXlsx("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "报表.xlsx"), "xlsx.not_xlsx");
  // An HTML table saved as .xls by another system: the message says so.
  Result<Workbook> html =
      ReadXlsx("\xEF\xBB\xBF  <html><table><tr><td>1</td></tr></table>", "报表.xlsx");
  ExpectError(html, "xlsx.not_xlsx");
  EXPECT_NE(html.error().message.zh.find("网页"), std::string::npos);
}

TEST(XlsxReader, RandomBytesNeverCrash) {
  std::mt19937 rng(42);
  for (int i = 0; i < 50; ++i) {
    std::string bytes(static_cast<size_t>(rng() % 2000), '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (i % 2 == 0 && bytes.size() >= 4) bytes.replace(0, 4, "PK\x03\x04", 4);  // past the sniffing
    Result<Workbook> r = ReadXlsx(bytes, "报表.xlsx");
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(r.error().id == "xlsx.not_xlsx" || r.error().id == "xlsx.corrupt") << r.error().id;
  }
}

TEST(XlsxReader, Ole2HeaderIsLegacyXls) {
  std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  xls.append(504, '\0');
  Result<Workbook> r = ReadXlsx(xls, "报表.xlsx");
  ExpectError(r, "xlsx.legacy_xls");
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(r.error().message.zh.find("另存为"), std::string::npos);
}

TEST(XlsxReader, PasswordProtectedWorkbookIsNotCalledXls) {
  // Excel encrypts an .xlsx by wrapping it in OLE2 with these streams.
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole.append(504, '\0');
  for (char c : std::string("EncryptedPackage")) {
    ole.push_back(c);
    ole.push_back('\0');
  }
  ExpectError(ReadXlsx(ole, "报表.xlsx"), "xlsx.encrypted");
}

TEST(XlsxReader, TruncatedCopiesOfAValidFileAllFailCleanly) {
  const std::string valid = ValidXlsx();
  ASSERT_TRUE(ReadXlsx(valid, "报表.xlsx").has_value());
  for (size_t len = 1; len < valid.size(); len += 97) {
    Result<Workbook> r = ReadXlsx(std::string_view(valid).substr(0, len), "报表.xlsx");
    ASSERT_FALSE(r.has_value()) << "cut at " << len;
    EXPECT_TRUE(r.error().id == "xlsx.corrupt" || r.error().id == "xlsx.not_xlsx") << r.error().id;
  }
  Result<Workbook> last_byte_missing =
      ReadXlsx(std::string_view(valid).substr(0, valid.size() - 1), "报表.xlsx");
  ExpectError(last_byte_missing, "xlsx.corrupt");
}

TEST(XlsxReader, FlippedBytesNeverCrash) {
  const std::string valid = ValidXlsx();
  std::mt19937 rng(7);
  for (int i = 0; i < 150; ++i) {
    std::string damaged = valid;
    for (int k = 0; k < 3; ++k)
      damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
    Result<Workbook> r = ReadXlsx(damaged, "报表.xlsx");  // either outcome; never a crash
    if (!r) {
      EXPECT_EQ(r.error().id.rfind("xlsx.", 0), 0u) << r.error().id;
    }
  }
}

TEST(XlsxReader, ZipWithoutWorkbookIsCorrupt) {
  Result<Workbook> r = ReadXlsx(MakeZip({{"word/document.xml", "<w:document/>"}}), "报表.xlsx");
  ExpectError(r, "xlsx.corrupt");
  EXPECT_NE(r.error().message.zh.find("xl/workbook.xml"), std::string::npos);
}

TEST(XlsxReader, MalformedXmlIsCorruptAndNamesThePart) {
  FakeWorkbook book;
  book.AddSheet("分学段数据", SheetXml(R"(<row r="1"><c r="A1"><v>1</v></row>)"));
  Result<Workbook> r = ReadXlsx(book.Zip(), "报表.xlsx");
  ExpectError(r, "xlsx.corrupt");
  EXPECT_NE(r.error().message.zh.find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_EQ(r.error().where.sheet, "分学段数据");
}

TEST(XlsxReader, MissingSheetPartIsCorrupt) {
  FakeWorkbook book;
  book.AddSheet("Sheet1", SheetXml(""));
  std::vector<testing::ZipEntry> entries = book.Entries();
  std::erase_if(entries, [](const auto& e) { return e.name == "xl/worksheets/sheet1.xml"; });
  ExpectError(ReadXlsx(MakeZip(entries), "报表.xlsx"), "xlsx.corrupt");
}

TEST(XlsxReader, SharedStringIndexOutOfRangeIsCorruptAtTheCell) {
  Result<Workbook> r = [] {
    FakeWorkbook book;
    book.AddSheet("Sheet1", SheetXml(R"(<row r="4"><c r="C4" t="s"><v>5</v></c></row>)"));
    book.shared_strings = SharedStringsXml("<si><t>a</t></si>");
    return ReadXlsx(book.Zip(), "报表.xlsx");
  }();
  ExpectError(r, "xlsx.corrupt");
  EXPECT_EQ(r.error().where.row, 4);
  EXPECT_EQ(r.error().where.column, "C");
}

TEST(XlsxReader, EntityDeclarationsAreRefused) {
  FakeWorkbook book;
  book.AddSheet(
      "Sheet1",
      R"(<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>)"
      R"(<worksheet><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>)");
  ExpectError(ReadXlsx(book.Zip(), "报表.xlsx"), "xlsx.corrupt");
}

TEST(XlsxReader, ZipBombOverTheByteLimitIsTooLarge) {
  // 800 KB of XML that deflates to a few KB.
  std::string rows;
  for (int i = 0; i < 30000; ++i) rows += R"(<row><c><v>1</v></c></row>)";
  FakeWorkbook book;
  book.AddSheet("Sheet1", SheetXml(rows));
  const std::string bytes = book.Zip();
  EXPECT_LT(bytes.size(), 20'000u);
  ReadLimits limits;
  limits.max_uncompressed_bytes = 256 << 10;
  Result<Workbook> r = ReadXlsx(bytes, "报表.xlsx", limits);
  ExpectError(r, "xlsx.too_large");
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(ReadXlsx(bytes, "报表.xlsx").has_value());  // fine under the default limit
}

TEST(XlsxReader, FarAwayCellOverTheCellLimitIsTooLarge) {
  // One cell at XFD1048576 needs the whole grid in front of it.
  FakeWorkbook book;
  book.AddSheet("Sheet1", SheetXml(R"(<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>)"));
  ReadLimits limits;
  limits.max_cells = 100'000;
  ExpectError(ReadXlsx(book.Zip(), "报表.xlsx", limits), "xlsx.too_large");

  limits.max_cells = 2'000'000;  // enough for 1,048,576 row slots + 16,384 cells
  Result<Workbook> r = ReadXlsx(book.Zip(), "报表.xlsx", limits);
  ASSERT_TRUE(r.has_value()) << r.error().Describe();
  ASSERT_NE(r->sheets[0].At(1048575, 16383), nullptr);
  EXPECT_EQ(r->sheets[0].At(1048575, 16383)->text, "1");
}

TEST(XlsxReader, ReadXlsxFileReportsAMissingFile) {
  Result<Workbook> r = ReadXlsxFile("/nonexistent/dir/报表.xlsx");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().id, "xlsx.read_failed");
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().where.file, "报表.xlsx");
}

// --- A workbook in the shape Excel 2016 (zh-CN) saves --------------------------

TEST(XlsxReader, ExcelShapedFixtureIsRead) {
  // tests/fixtures/xlsx/excel_zh_cn/ holds the parts as text; zipped here.
  const std::vector<testing::ZipEntry> entries = testing::FixtureEntries("xlsx/excel_zh_cn");
  ASSERT_GE(entries.size(), 6u);
  Result<Workbook> r = ReadXlsx(MakeZip(entries), "学校基本情况.xlsx");
  ASSERT_TRUE(r.has_value()) << r.error().Describe();
  ASSERT_EQ(r->sheets.size(), 2u);
  const Sheet& s = r->sheets[0];
  EXPECT_EQ(s.name, "学校基本情况");
  EXPECT_EQ(TextAt(s, 0, 0), "2024学年学校基本情况表");  // merged title, top-left cell
  EXPECT_EQ(TextAt(s, 1, 0), "学校标识码");
  EXPECT_EQ(TextAt(s, 1, 1), "学校名称");  // phonetic guide dropped
  EXPECT_EQ(TextAt(s, 2, 0), "3111000001");
  EXPECT_EQ(TextAt(s, 2, 1), "重庆市第一中学");
  EXPECT_EQ(s.At(2, 2)->number, 2000);
  EXPECT_EQ(TextAt(s, 2, 3), "4.2");
  EXPECT_TRUE(s.At(2, 4)->is_date);  // yyyy"年"m"月"d"日"
  EXPECT_EQ(s.At(2, 4)->number, 45000);
  EXPECT_EQ(TextAt(s, 3, 1), "第二中学\n（分校）");
  EXPECT_EQ(TextAt(s, 4, 1), "合计");
  EXPECT_EQ(TextAt(s, 4, 2), "3500");  // cached SUM result
  EXPECT_EQ(s.rows.size(), 5u);        // the formatted empty rows below are dropped
  EXPECT_TRUE(r->sheets[1].hidden);
}

}  // namespace
}  // namespace jiaodu::xlsx
