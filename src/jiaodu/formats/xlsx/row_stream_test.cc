#include "jiaodu/formats/xlsx/row_stream.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/resource.h>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "jiaodu/formats/xlsx/csv_reader.h"
#include "jiaodu/formats/xlsx/xlsx_test_util.h"

namespace jiaodu::xlsx {
namespace {

using testing::ConvertEncoding;
using testing::ExpectParallelMatchesOneThread;
using testing::FakeWorkbook;
using testing::MakeZip;
using testing::SharedStringsXml;
using testing::SheetXml;

using Grid = std::vector<std::vector<Cell>>;

// Collects streamed rows into a grid like Sheet::rows, checking the stream's
// promises on the way: rows ascending, never empty, dense up to a value.
class Collector {
 public:
  RowCallback Callback() {
    return [this](size_t row0, std::span<const CellView> cells) -> Status {
      EXPECT_TRUE(rows.empty() || row0 >= rows.size()) << "row " << row0 << " out of order";
      EXPECT_FALSE(cells.empty()) << "empty row " << row0 << " reported";
      if (!cells.empty()) {
        EXPECT_FALSE(cells.back().empty()) << "row " << row0 << " not trimmed";
      }
      rows.resize(row0 + 1);
      rows[row0] = testing::CopyCells(cells);
      ++calls;
      return Ok();
    };
  }

  Grid rows;
  size_t calls = 0;
};

void ExpectSameGrid(const Grid& got, const Grid& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t r = 0; r < want.size(); ++r) {
    ASSERT_EQ(got[r].size(), want[r].size()) << "row " << r + 1;
    for (size_t c = 0; c < want[r].size(); ++c) {
      const Cell& g = got[r][c];
      const Cell& w = want[r][c];
      const std::string at = CellRef(r, c);
      EXPECT_EQ(g.type, w.type) << at;
      EXPECT_EQ(g.text, w.text) << at;
      EXPECT_EQ(g.is_date, w.is_date) << at;
      if (w.type == Cell::Type::kNumber || w.type == Cell::Type::kBool) {
        EXPECT_EQ(g.number, w.number) << at;
      }
    }
  }
}

// Streams `sheet` of `bytes` and compares it with ReadXlsx's sheet of that
// name, and the parallel reader with the one-thread one. (Every helper here
// that streams does the latter too, so every case below also holds with
// tiny stretches.)
void ExpectStreamMatchesReadXlsx(const std::string& bytes, std::string_view sheet = "") {
  Result<Workbook> book = ReadXlsx(bytes, "t.xlsx");
  ASSERT_TRUE(book.has_value()) << book.error().Describe();
  const Sheet* want = nullptr;
  if (sheet.empty()) {
    for (const Sheet& s : book->sheets) {
      if (!s.hidden) {
        want = &s;
        break;
      }
    }
  } else {
    want = book->Find(sheet);
  }
  ASSERT_NE(want, nullptr);
  Collector got;
  Status st = StreamXlsxRows(bytes, "t.xlsx", sheet, got.Callback());
  ASSERT_TRUE(st.has_value()) << st.error().Describe();
  ExpectSameGrid(got.rows, want->rows);
  ExpectParallelMatchesOneThread(bytes, sheet);
}

std::string OneSheet(std::string_view rows, std::string shared_strings = "",
                     std::string styles = "", std::string workbook_pr = "") {
  FakeWorkbook book;
  book.AddSheet("Sheet1", SheetXml(rows));
  book.shared_strings = std::move(shared_strings);
  book.styles = std::move(styles);
  book.workbook_pr = std::move(workbook_pr);
  return book.Zip();
}

const char kDateStyles[] =
    R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy/m/d"/>)"
    R"(<numFmt numFmtId="177" formatCode="0.00&quot;天&quot;"/></numFmts>)"
    R"(<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/>)"
    R"(<xf numFmtId="177"/></cellXfs></styleSheet>)";

std::string ValidXlsx() { return testing::WrittenXlsx(/*bools=*/true); }

// --- Same cells as ReadXlsx --------------------------------------------------

TEST(StreamXlsxRows, EveryCellKindMatchesReadXlsx) {
  ExpectStreamMatchesReadXlsx(OneSheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
      R"(<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>)"
      R"(<row r="2"><c r="A2" t="inlineStr"><is><t>在校生</t></is></c>)"
      R"(<c r="B2" t="inlineStr"><is><r><t>分</t></r><r><rPr><i/></rPr><t>学段</t></r></is></c>)"
      R"(<c r="C2" t="inlineStr"><is><t>a_x000D__x000A_b</t></is></c>)"
      R"(<c r="D2" t="str"><f>A2</f><v>_x005F_x000D_</v></c></row>)"
      R"(<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c>)"
      R"(<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D3"><f>SUM(1,2)</f><v>3</v></c></row>)"
      R"(<row r="4"><c r="A4"><v>4.2</v></c><c r="B4" t="n"><v>2000</v></c>)"
      R"(<c r="C4"><v>0.30000000000000004</v></c><c r="D4"><v>1E-3</v></c>)"
      R"(<c r="E4"><v>-12.50</v></c><c r="F4"><v>12 人</v></c><c r="G4"><v>inf</v></c></row>)"
      R"(<row r="5"><c r="A5" t="d"><v>2023-03-15</v></c>)"
      R"(<c r="B5" t="d"><v>2023-03-15T12:00:00</v></c><c r="C5" t="d"><v>not a date</v></c>)"
      R"(<c r="D5" s="1"><v>45000</v></c><c r="E5" s="2"><v>45000</v></c>)"
      R"(<c r="F5" s="3"><v>3</v></c><c r="G5" s="99"><v>1</v></c></row>)",
      SharedStringsXml(
          R"(<si><t>学校名称</t></si>)"
          R"(<si><r><rPr><b/></rPr><t>在校</t></r><r><t xml:space="preserve">生数 </t></r></si>)"
          R"(<si><t>重庆</t><rPh sb="0" eb="1"><t>chong</t></rPh></si>)"
          "<si><t>第一行_x000D_\n第二行</t></si>"),
      kDateStyles));
}

TEST(StreamXlsxRows, PositionsGapsAndBlanksMatchReadXlsx) {
  ExpectStreamMatchesReadXlsx(OneSheet(
      R"(<row r="2"><c r="C2"><v>7</v></c></row><row r="7"><c r="B7"><v>8</v></c></row>)"
      R"(<row r="8"><c r="B8"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>)"
      R"(<row><c><v>4</v></c><c r="E9" s="1"/><c r="F9" t="s" s="1"/></row>)"
      R"(<row r="10"><c r="A10" t="inlineStr"><is><t></t></is></c></row>)"
      R"(<row r="11"><c r="C11"><v>c</v></c><c r="A11"><v>a</v></c></row>)"
      R"(<row r="12"><c r="A12"><v>1</v></c></row><row r="12"><c r="B12"><v>2</v></c></row>)"
      R"(<row r="40" ht="20" customHeight="1"/>)"));
}

TEST(StreamXlsxRows, Date1904AndIsoDatesMatchReadXlsx) {
  ExpectStreamMatchesReadXlsx(OneSheet(R"(<row><c t="d"><v>2023-03-15</v></c></row>)", "", "",
                                       R"(<workbookPr date1904="1"/>)"));
}

TEST(StreamXlsxRows, PrefixedElementsAndAbsoluteTargetsMatchReadXlsx) {
  FakeWorkbook book;
  book.absolute_targets = true;
  book.AddSheet(
      "Sheet1",
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c>)"
      R"(<x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>)");
  book.shared_strings = SharedStringsXml("<si><t>绝对路径</t></si>");
  ExpectStreamMatchesReadXlsx(book.Zip());
}

TEST(StreamXlsxRows, OurWritersOutputMatchesReadXlsx) { ExpectStreamMatchesReadXlsx(ValidXlsx()); }

TEST(StreamXlsxRows, ExcelShapedFixtureMatchesReadXlsx) {
  const std::vector<testing::ZipEntry> entries = testing::FixtureEntries("xlsx/excel_zh_cn");
  ASSERT_GE(entries.size(), 6u);
  const std::string bytes = MakeZip(entries);
  ExpectStreamMatchesReadXlsx(bytes);
  ExpectStreamMatchesReadXlsx(bytes, "学校基本情况");
}

TEST(StreamXlsxRows, RandomSheetsMatchReadXlsx) {
  // Every kind of cell at random places (ascending rows, any column order
  // within a row), with and without refs.
  std::mt19937 rng(2024);
  for (int round = 0; round < 20; ++round) {
    std::string sst;
    for (int i = 0; i < 30; ++i) sst += fmt::format("<si><t>串{}_x0041_</t></si>", i);
    std::string rows;
    size_t row = 0;
    for (int r = 0; r < 60; ++r) {
      const bool row_ref = rng() % 4 != 0;
      row += row_ref ? 1 + rng() % 3 : 1;  // a row without r follows the previous one
      rows += row_ref ? fmt::format(R"(<row r="{}">)", row) : std::string("<row>");
      const size_t ncells = rng() % 8;
      for (size_t k = 0; k < ncells; ++k) {
        const size_t col = rng() % 40;
        const std::string ref = rng() % 5 == 0 || !row_ref
                                    ? std::string()
                                    : fmt::format(R"( r="{}")", CellRef(row - 1, col));
        switch (rng() % 8) {
          case 0:
            rows += fmt::format(R"(<c{} t="s"><v>{}</v></c>)", ref, rng() % 30);
            break;
          case 1:
            rows += fmt::format(R"(<c{} t="inlineStr"><is><t>行内{}</t></is></c>)", ref, rng());
            break;
          case 2:
            rows += fmt::format(R"(<c{} t="b"><v>{}</v></c>)", ref, rng() % 2);
            break;
          case 3:
            rows += fmt::format(R"(<c{} t="e"><v>#N/A</v></c>)", ref);
            break;
          case 4:
            rows += fmt::format(R"(<c{} s="{}"><v>{}.{}</v></c>)", ref, rng() % 4, rng() % 1000,
                                rng() % 100);
            break;
          case 5:
            rows += fmt::format(R"(<c{} s="1"/>)", ref);
            break;
          case 6:
            rows += fmt::format(R"(<c{} t="str"><f>X</f><v>公式{}</v></c>)", ref, rng() % 9);
            break;
          default:
            rows += fmt::format(R"(<c{} t="d"><v>2024-0{}-1{}</v></c>)", ref, 1 + rng() % 9,
                                rng() % 10);
            break;
        }
      }
      rows += "</row>";
    }
    SCOPED_TRACE(round);
    ExpectStreamMatchesReadXlsx(OneSheet(rows, SharedStringsXml(sst), kDateStyles));
  }
}

// --- Sheet selection --------------------------------------------------------------

std::string ThreeSheets() {
  FakeWorkbook book;
  book.AddSheet("下拉选项", SheetXml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"), "hidden");
  book.AddSheet("学生名单", SheetXml(R"(<row r="1"><c r="A1"><v>2</v></c></row>)"));
  book.AddSheet("Summary", SheetXml(R"(<row r="1"><c r="A1"><v>3</v></c></row>)"));
  return book.Zip();
}

std::string FirstValue(const std::string& bytes, std::string_view sheet) {
  ExpectParallelMatchesOneThread(bytes, sheet);
  Collector got;
  Status st = StreamXlsxRows(bytes, "t.xlsx", sheet, got.Callback());
  if (!st) return st.error().id;
  return got.rows.empty() || got.rows[0].empty() ? "" : got.rows[0][0].text;
}

TEST(StreamXlsxRows, EmptyNameIsTheFirstVisibleSheet) {
  EXPECT_EQ(FirstValue(ThreeSheets(), ""), "2");
}

TEST(StreamXlsxRows, ReportsTheNameOfTheSheetItStreams) {
  std::string name;
  ASSERT_TRUE(
      StreamXlsxRows(ThreeSheets(), "t.xlsx", "", Collector().Callback(), StreamLimits(), &name)
          .has_value());
  EXPECT_EQ(name, "学生名单");  // the hidden 下拉选项 is skipped
}

TEST(StreamXlsxRows, SheetsAreFoundByNameAsWorkbookFindDoes) {
  const std::string bytes = ThreeSheets();
  EXPECT_EQ(FirstValue(bytes, "学生名单"), "2");
  EXPECT_EQ(FirstValue(bytes, "SUMMARY"), "3");   // ASCII case ignored, as Excel does
  EXPECT_EQ(FirstValue(bytes, "下拉选项"), "1");  // a hidden sheet by name is fine
  ExpectStreamMatchesReadXlsx(bytes, "Summary");
}

TEST(StreamXlsxRows, MissingSheetIsNoSheetInBothLanguages) {
  ExpectParallelMatchesOneThread(ThreeSheets(), "成绩");
  Status st = StreamXlsxRows(ThreeSheets(), "体测.xlsx", "成绩", Collector().Callback());
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().id, "xlsx.no_sheet");
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(st.error().where.file, "体测.xlsx");
  EXPECT_EQ(st.error().where.sheet, "成绩");
  EXPECT_NE(st.error().message.zh.find("成绩"), std::string::npos) << st.error().message.zh;
  EXPECT_NE(st.error().message.zh.find("学生名单"), std::string::npos) << st.error().message.zh;
  EXPECT_NE(st.error().message.en.find("体测.xlsx"), std::string::npos) << st.error().message.en;
}

TEST(StreamXlsxRows, AllSheetsHiddenIsNoSheet) {
  FakeWorkbook book;
  book.AddSheet("隐藏", SheetXml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"), "veryHidden");
  ExpectParallelMatchesOneThread(book.Zip());
  Status st = StreamXlsxRows(book.Zip(), "体测.xlsx", "", Collector().Callback());
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().id, "xlsx.no_sheet");
  EXPECT_NE(st.error().message.zh.find("可见"), std::string::npos) << st.error().message.zh;
}

// --- The callback ------------------------------------------------------------------

TEST(StreamXlsxRows, CallbackErrorStopsTheStreamAndIsReturnedUnchanged) {
  std::string rows;
  for (int r = 1; r <= 50; ++r)
    rows += fmt::format(R"(<row r="{0}"><c r="A{0}"><v>{0}</v></c></row>)", r);
  const std::string bytes = OneSheet(rows);
  ExpectParallelMatchesOneThread(bytes);
  size_t calls = 0;
  Status st = StreamXlsxRows(bytes, "t.xlsx", "", [&](size_t row0, std::span<const CellView>) {
    ++calls;
    if (row0 == 2) return Status(Fail(ErrorCode::kConflict, "test.stop", Text::Same("stop")));
    return Ok();
  });
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(calls, 3u);
  EXPECT_EQ(st.error().id, "test.stop");
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(st.error().where.empty());  // not decorated with file or sheet

  // On the last row too (reported after the sheet ends).
  st = StreamXlsxRows(bytes, "t.xlsx", "", [&](size_t row0, std::span<const CellView>) {
    if (row0 == 49) return Status(Fail(ErrorCode::kConflict, "test.last", Text::Same("x")));
    return Ok();
  });
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().id, "test.last");
  EXPECT_TRUE(st.error().where.empty());
}

TEST(StreamXlsxRows, ViewsOfOneRowDoNotSurviveButTheirTextIsRight) {
  // Long inline strings force the row's text buffer to grow while the row
  // fills; every view must still point at its own text.
  std::string rows = "<row r=\"1\">";
  for (int c = 0; c < 200; ++c) {
    rows += fmt::format(R"(<c r="{}" t="inlineStr"><is><t>{}</t></is></c>)",
                        ColumnLetters(static_cast<size_t>(c)),
                        std::string(static_cast<size_t>(50 + c), static_cast<char>('a' + c % 26)));
  }
  rows += "</row>";
  ExpectStreamMatchesReadXlsx(OneSheet(rows));
}

// --- Errors are ReadXlsx's ----------------------------------------------------------

std::string StreamErrorId(std::string_view bytes, const ReadLimits& limits = StreamLimits()) {
  ExpectParallelMatchesOneThread(bytes, "", limits);
  Status st = StreamXlsxRows(bytes, "报表.xlsx", "", Collector().Callback(), limits);
  if (st) return "ok";
  EXPECT_EQ(st.error().where.file, "报表.xlsx") << st.error().id;
  return st.error().id;
}

std::string ReadErrorId(std::string_view bytes, const ReadLimits& limits = {}) {
  Result<Workbook> r = ReadXlsx(bytes, "报表.xlsx", limits);
  return r ? "ok" : r.error().id;
}

TEST(StreamXlsxRows, SniffingErrorsAreReadXlsxs) {
  std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  xls.append(504, '\0');
  std::string encrypted = xls;
  for (char c : std::string("EncryptedPackage")) {
    encrypted.push_back(c);
    encrypted.push_back('\0');
  }
  for (const std::string& bytes : {std::string(), std::string("学校名称,在校生数\n一中,1200\n"),
                                   std::string("<html><table></table></html>"), xls, encrypted,
                                   MakeZip({{"word/document.xml", "<w:document/>"}})}) {
    EXPECT_EQ(StreamErrorId(bytes), ReadErrorId(bytes));
  }
  EXPECT_EQ(StreamErrorId(""), "xlsx.not_xlsx");
  EXPECT_EQ(StreamErrorId(xls), "xlsx.legacy_xls");
  EXPECT_EQ(StreamErrorId(encrypted), "xlsx.encrypted");
}

TEST(StreamXlsxRows, TruncatedZipsFailLikeReadXlsx) {
  const std::string valid = ValidXlsx();
  for (size_t len = 1; len < valid.size(); len += 53) {
    const std::string_view cut = std::string_view(valid).substr(0, len);
    EXPECT_EQ(StreamErrorId(cut), ReadErrorId(cut)) << "cut at " << len;
  }
  EXPECT_EQ(StreamErrorId(std::string_view(valid).substr(0, valid.size() - 1)), "xlsx.corrupt");
}

TEST(StreamXlsxRows, DamagedZipsFailLikeReadXlsx) {
  const std::string valid = ValidXlsx();
  std::mt19937 rng(7);
  for (int i = 0; i < 150; ++i) {
    std::string damaged = valid;
    for (int k = 0; k < 3; ++k)
      damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
    EXPECT_EQ(StreamErrorId(damaged), ReadErrorId(damaged)) << "round " << i;
  }
  for (int i = 0; i < 50; ++i) {
    std::string bytes(static_cast<size_t>(rng() % 2000), '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    if (i % 2 == 0 && bytes.size() >= 4) bytes.replace(0, 4, "PK\x03\x04", 4);
    EXPECT_EQ(StreamErrorId(bytes), ReadErrorId(bytes));
  }
}

TEST(StreamXlsxRows, HostileXmlFailsLikeReadXlsx) {
  const std::vector<std::string> sheets = {
      SheetXml(R"(<row r="1"><c r="A1"><v>1</v></row>)"),  // malformed
      R"(<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>)"
      R"(<worksheet><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>)",
      SheetXml(R"(<row r="4"><c r="C4" t="s"><v>5</v></c></row>)"),  // no such shared string
      SheetXml(R"(<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>)"),  // past XFD
      SheetXml(R"(<row r="1"><c r="XFE1"><v>1</v></c><c r="A1048577"><v>1</v></c></row>)"),
  };
  for (const std::string& xml : sheets) {
    FakeWorkbook book;
    book.AddSheet("分学段数据", xml);
    book.shared_strings = SharedStringsXml("<si><t>a</t></si>");
    const std::string bytes = book.Zip();
    EXPECT_EQ(StreamErrorId(bytes), ReadErrorId(bytes)) << xml;
  }
  FakeWorkbook bad;
  bad.AddSheet("分学段数据", sheets[2]);
  bad.shared_strings = SharedStringsXml("<si><t>a</t></si>");
  Status st = StreamXlsxRows(bad.Zip(), "报表.xlsx", "", Collector().Callback());
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().id, "xlsx.corrupt");
  EXPECT_EQ(st.error().where.sheet, "分学段数据");
  EXPECT_EQ(st.error().where.row, 4);
  EXPECT_EQ(st.error().where.column, "C");
}

TEST(StreamXlsxRows, HugeXmlTokensAndValuesAreTooLarge) {
  // Expat must hold a comment or tag whole, and we hold a value whole: one
  // of 17 MB is refused instead of growing with the byte budget.
  const std::string big(17 << 20, 'x');
  for (const std::string& xml :
       {SheetXml("<!--" + big + "-->"),
        SheetXml(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>)" + big + "</t></is></c></row>")}) {
    FakeWorkbook book;
    book.AddSheet("Sheet1", xml);
    const std::string bytes = book.Zip();
    EXPECT_EQ(StreamErrorId(bytes), "xlsx.too_large");
    EXPECT_EQ(ReadErrorId(bytes), "xlsx.too_large");
  }
}

TEST(StreamXlsxRows, ZipBombOverTheByteLimitIsTooLarge) {
  std::string rows;
  for (int i = 0; i < 30000; ++i) rows += R"(<row><c><v>1</v></c></row>)";
  const std::string bytes = OneSheet(rows);
  ReadLimits limits;
  limits.max_uncompressed_bytes = 256 << 10;
  EXPECT_EQ(StreamErrorId(bytes, limits), "xlsx.too_large");
  EXPECT_EQ(StreamErrorId(bytes), "ok");
}

TEST(StreamXlsxRows, EmptyCellsInFrontOfFarAwayValuesAreCharged) {
  // Each row's one value at XFD means 16,383 empty cells reported before it.
  std::string rows;
  for (int r = 1; r <= 100; ++r) rows += fmt::format(R"(<row><c r="XFD{}"><v>1</v></c></row>)", r);
  const std::string bytes = OneSheet(rows);
  ReadLimits limits = StreamLimits();
  limits.max_cells = 100'000;
  EXPECT_EQ(StreamErrorId(bytes, limits), "xlsx.too_large");
  Collector got;
  ASSERT_TRUE(StreamXlsxRows(bytes, "t.xlsx", "", got.Callback()).has_value());
  ASSERT_EQ(got.rows.size(), 100u);
  EXPECT_EQ(got.rows[99].size(), 16384u);
}

TEST(StreamXlsxRows, RowsOutOfOrderAreCorruptAtTheCell) {
  // Excel always writes rows ascending; a stream cannot go back to a row it
  // already reported (ReadXlsx, holding the grid, merges instead).
  const std::string bytes =
      OneSheet(R"(<row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row>)");
  EXPECT_EQ(ReadErrorId(bytes), "ok");
  ExpectParallelMatchesOneThread(bytes);
  Status st = StreamXlsxRows(bytes, "报表.xlsx", "", Collector().Callback());
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().id, "xlsx.corrupt");
  EXPECT_EQ(st.error().where.row, 3);
  EXPECT_EQ(st.error().where.column, "B");
  // A cell of an earlier row inside a later <row> is the same thing.
  EXPECT_EQ(
      StreamErrorId(OneSheet(R"(<row r="5"><c r="A5"><v>1</v></c><c r="A4"><v>1</v></c></row>)")),
      "xlsx.corrupt");
}

// --- Memory and speed -------------------------------------------------------------

// A generated sheet of `rows` rows, produced by libzip as it deflates so the
// test never holds the XML: A is a shared string (a name), B an inline string,
// C..L numbers with every seventh cell left empty.
constexpr size_t kCols = 12;

std::string NumberAt(size_t r, size_t c) {
  return fmt::format("{}.{}", (r * 7 + c * 13) % 1000, (r + c) % 10);
}

class GeneratedSheet {
 public:
  explicit GeneratedSheet(size_t rows) : rows_(rows) { zip_error_init(&error_); }
  ~GeneratedSheet() { zip_error_fini(&error_); }

  static zip_int64_t Callback(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    auto* self = static_cast<GeneratedSheet*>(state);
    switch (cmd) {
      case ZIP_SOURCE_OPEN:
        self->next_row_ = 0;
        self->pending_.clear();
        self->pos_ = 0;
        self->stage_ = 0;
        return 0;
      case ZIP_SOURCE_READ:
        return static_cast<zip_int64_t>(self->Read(static_cast<char*>(data), len));
      case ZIP_SOURCE_CLOSE:
      case ZIP_SOURCE_FREE:
        return 0;
      case ZIP_SOURCE_STAT: {
        auto* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        st->mtime = 0;
        st->valid |= ZIP_STAT_MTIME;
        return sizeof(zip_stat_t);
      }
      case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&self->error_, data, len);
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
      default:
        zip_error_set(&self->error_, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
  }

 private:
  size_t Read(char* out, zip_uint64_t len) {
    while (pending_.size() - pos_ < len && stage_ < 3) Produce();
    const size_t n = std::min(static_cast<size_t>(len), pending_.size() - pos_);
    std::memcpy(out, pending_.data() + pos_, n);
    pos_ += n;
    if (pos_ > (1 << 20)) {
      pending_.erase(0, pos_);
      pos_ = 0;
    }
    return n;
  }

  void Produce() {
    if (stage_ == 0) {
      pending_ += SheetXml("").substr(0, SheetXml("").find("</sheetData>"));
      stage_ = 1;
    } else if (stage_ == 1 && next_row_ < rows_) {
      const size_t r = next_row_++;
      fmt::format_to(std::back_inserter(pending_),
                     R"(<row r="{0}"><c r="A{0}" t="s"><v>{1}</v></c>)"
                     R"(<c r="B{0}" t="inlineStr"><is><t>{2}年级{3}班</t></is></c>)",
                     r + 1, r, 1 + r % 6, 1 + r % 12);
      for (size_t c = 2; c < kCols; ++c) {
        if ((r + c) % 7 == 0) continue;
        fmt::format_to(std::back_inserter(pending_), R"(<c r="{}{}"><v>{}</v></c>)",
                       ColumnLetters(c), r + 1, NumberAt(r, c));
      }
      pending_ += "</row>";
    } else {
      pending_ += "</sheetData></worksheet>";
      stage_ = 3;
    }
  }

  const size_t rows_;
  size_t next_row_ = 0;
  int stage_ = 0;
  std::string pending_;
  size_t pos_ = 0;
  zip_error_t error_;
};

std::string GeneratedWorkbook(size_t rows) {
  FakeWorkbook book;
  book.AddSheet("体测成绩", "placeholder");
  std::string sst;
  for (size_t r = 0; r < rows; ++r) sst += fmt::format("<si><t>学生{}</t></si>", r);
  book.shared_strings = SharedStringsXml(sst);
  sst = std::string();

  GeneratedSheet generated(rows);
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(out);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  const std::vector<testing::ZipEntry> entries = book.Entries();
  for (const testing::ZipEntry& e : entries) {
    zip_source_t* src = e.name == "xl/worksheets/sheet1.xml"
                            ? zip_source_function(za, &GeneratedSheet::Callback, &generated)
                            : zip_source_buffer(za, e.data.data(), e.data.size(), 0);
    const zip_int64_t index = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(index, 0);
    zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
  }
  EXPECT_EQ(zip_close(za), 0);
  std::string bytes;
  EXPECT_EQ(zip_source_open(out), 0);
  std::vector<char> buf(1 << 16);
  for (;;) {
    const zip_int64_t n = zip_source_read(out, buf.data(), buf.size());
    if (n <= 0) break;
    bytes.append(buf.data(), static_cast<size_t>(n));
  }
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&err);
  return bytes;
}

// Bytes malloc has handed out and not got back, including large blocks it
// mapped separately.
size_t HeapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

size_t MaxRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<size_t>(usage.ru_maxrss) * 1024;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan's allocator: mallinfo2 is empty, RSS is inflated
constexpr size_t kBigRows = 50'000;
#else
constexpr bool kSanitized = false;
constexpr size_t kBigRows = 200'000;
#endif

TEST(StreamXlsxRows, BigSheetStreamsInBoundedMemory) {
  // As a Workbook, these 200,000 rows x 12 columns are 2,400,000 Cells of 48
  // bytes plus their rows: over 120 MB (the city file's million rows of 25
  // columns would be 1.2 GB). Streamed, the heap holds the shared strings
  // (about 4 MB), libzip's and expat's buffers and one row.
  const std::string bytes = GeneratedWorkbook(kBigRows);
  malloc_trim(0);
  const size_t heap_before = HeapInUse();
  const size_t rss_before = MaxRssBytes();
  size_t heap_peak = heap_before;
  size_t rows = 0;
  size_t cells = 0;
  double sum = 0;
  const auto start = std::chrono::steady_clock::now();
  Status st = StreamXlsxRows(bytes, "体测.xlsx", "", [&](size_t row0, std::span<const CellView> c) {
    if (row0 % 4096 == 0) heap_peak = std::max(heap_peak, HeapInUse());
    // The last column is empty on every seventh row.
    const size_t width = (row0 + kCols - 1) % 7 == 0 ? kCols - 1 : kCols;
    if (row0 != rows || c.size() != width) {
      return Status(
          Fail(ErrorCode::kInternal, "test.shape", Text::Same(fmt::format("row {}", row0))));
    }
    const bool c3_empty = (row0 + 3) % 7 == 0;
    if (c[0].text != fmt::format("学生{}", row0) ||
        c[3].type != (c3_empty ? Cell::Type::kEmpty : Cell::Type::kNumber) ||
        c[3].text != (c3_empty ? "" : NumberAt(row0, 3))) {
      return Status(
          Fail(ErrorCode::kInternal, "test.value", Text::Same(fmt::format("row {}", row0))));
    }
    for (const CellView& v : c) sum += v.number;
    cells += c.size();
    ++rows;
    return Ok();
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(st.has_value()) << st.error().id << " " << st.error().Describe();
  EXPECT_EQ(rows, kBigRows);
  EXPECT_GT(sum, 0);
  const double heap_mb = static_cast<double>(heap_peak - heap_before) / (1 << 20);
  const double rss_mb = static_cast<double>(MaxRssBytes() - rss_before) / (1 << 20);
  std::printf(
      "[ stream   ] %zu rows, %zu cells, %.2f s, %.0f rows/s; zip %.1f MB; "
      "heap growth %.1f MB, max RSS growth %.1f MB\n",
      rows, cells, seconds, static_cast<double>(rows) / seconds,
      static_cast<double>(bytes.size()) / (1 << 20), heap_mb, rss_mb);
  RecordProperty("rows_per_second", static_cast<int>(static_cast<double>(rows) / seconds));
  if (!kSanitized) {
    EXPECT_LT(heap_mb, 60.0);
    EXPECT_LT(rss_mb, 60.0);
  }
}

TEST(StreamXlsxRows, BigSheetReadInStretchesGivesTheOneThreadRows) {
  // The default sizes (1 MB stretches, the default workers), on a sheet of
  // tens of MB: cut hundreds of times, never falling back.
  const std::string bytes = GeneratedWorkbook(kBigRows);
  internal::ParallelStats stats;
  internal::ParallelOptions split;
  split.min_sheet_bytes = 0;
  split.workers = 2;
  split.stats = &stats;
  const testing::Streamed want =
      testing::StreamWith(bytes, "", StreamLimits(), testing::OneThreadOptions());
  ASSERT_FALSE(want.error.has_value()) << want.error->Describe();
  EXPECT_EQ(want.rows.size(), kBigRows);
  testing::ExpectSameStream(testing::StreamWith(bytes, "", StreamLimits(), split), want);
  EXPECT_TRUE(stats.split);
  EXPECT_FALSE(stats.fell_back);
  EXPECT_GT(stats.stretches, kSanitized ? 5u : 20u);
}

// --- CSV --------------------------------------------------------------------------

void ExpectCsvStreamMatchesReadCsv(std::string_view bytes) {
  Result<Sheet> want = ReadCsv(bytes, "在校生.csv");
  ASSERT_TRUE(want.has_value()) << want.error().Describe();
  Collector got;
  Status st = StreamCsvRows(bytes, "在校生.csv", got.Callback());
  ASSERT_TRUE(st.has_value()) << st.error().Describe();
  ExpectSameGrid(got.rows, want->rows);
}

TEST(StreamCsvRows, MatchesReadCsv) {
  const std::vector<std::string> files = {
      "\xEF\xBB\xBF学校标识码,在校生数\n3111000001,2000\n",
      ConvertEncoding("学校标识码,在校生数\r\n3111000001,重庆市第一中学\r\n", "GB18030"),
      ConvertEncoding("姓名,备注\n\xF0\xA0\x80\x80,是\n", "GB18030"),
      "名称,备注\r\n\"第二中学,分校\",\"含\"\"国际部\"\"\"\r\n\"第三中学\r\n（新校区）\",x\r\n",
      "a\r\nb\nc\rd",
      "学校\t人数,万人\n一中\t1,200\n",
      "学校\t人数\n一中\t1,200\n",
      "\xFF\xFE" + ConvertEncoding("学校\t人数\r\n一中\t1200\r\n", "UTF-16LE"),
      "\xFE\xFF" + ConvertEncoding("学校,人数\r\n\"一中\r\n二部\",1200\r\n", "UTF-16BE"),
      "a,,c,,\n,,\n\nd\n,\n\n",
      "\"ab\"c,d\"e\"\n",
      "\"a\rb\",\"\"\"\",\"\"\n",
      "",
      "\"\"",
      "x,\"y\"",
  };
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    ExpectCsvStreamMatchesReadCsv(f);
  }
}

TEST(StreamCsvRows, Utf16ConvertedInPiecesMatchesTheSameTextInUtf8) {
  // Over 64 KB of UTF-16, so the converted text reaches the parser in
  // several windows; shifting the content by one character at a time puts
  // every parser state (inside quotes, after a quote, after a CR) on a
  // window boundary somewhere.
  std::string text;
  std::mt19937 rng(99);
  const std::vector<std::string> pieces = {
      "一中", "\"含\"\"引号\"\"\"", "\"多\r\n行\"", "\"a\rb\"", "", "12.5", "x\"y", "\"\""};
  while (text.size() < 100'000) {
    for (int c = 0; c < 5; ++c) {
      if (c > 0) text += '\t';
      text += pieces[rng() % pieces.size()];
    }
    text += rng() % 3 == 0 ? "\r\n" : (rng() % 2 ? "\n" : "\r");
  }
  for (size_t shift = 0; shift < 12; ++shift) {
    const std::string utf8 = std::string(shift, 'p') + "\t" + text;
    Result<Sheet> want = ReadCsv(utf8, "x.csv");
    ASSERT_TRUE(want.has_value());
    Collector got;
    const std::string utf16 = "\xFF\xFE" + ConvertEncoding(utf8, "UTF-16LE");
    ASSERT_TRUE(StreamCsvRows(utf16, "x.csv", got.Callback()).has_value());
    ExpectSameGrid(got.rows, want->rows);
  }
}

TEST(StreamCsvRows, RandomCsvMatchesReadCsv) {
  std::mt19937 rng(5);
  const std::string alphabet = "ab,\"\r\n\t 中";
  for (int round = 0; round < 300; ++round) {
    std::string f;
    const size_t n = rng() % 60;
    for (size_t i = 0; i < n; ++i) f += alphabet[rng() % alphabet.size()];
    Result<Sheet> want = ReadCsv(f, "r.csv");
    Collector got;
    Status st = StreamCsvRows(f, "r.csv", got.Callback());
    ASSERT_EQ(want.has_value(), st.has_value()) << f;
    if (!want) {
      EXPECT_EQ(want.error().id, st.error().id);
      EXPECT_EQ(want.error().where.row, st.error().where.row);
      continue;
    }
    ExpectSameGrid(got.rows, want->rows);
  }
}

TEST(StreamCsvRows, ErrorsAreReadCsvs) {
  const std::vector<std::string> files = {
      "名称,备注\n一中,ok\n二中,\"没有结束\n三中,x\n",
      ConvertEncoding("学校,人数\n一中,1\n", "GB18030") + "\x81\x20,2\n",
      "a,b\n\xFF\xFF,c\n",
      // A lone surrogate in UTF-16.
      "\xFF\xFE" + ConvertEncoding("a\nb\n", "UTF-16LE") +
          std::string("\x00\xD8"
                      "a\x00",
                      4),
  };
  for (const std::string& f : files) {
    Result<Sheet> want = ReadCsv(f, "在校生.csv");
    Status st = StreamCsvRows(f, "在校生.csv", Collector().Callback());
    ASSERT_FALSE(want.has_value());
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().id, want.error().id);
    EXPECT_EQ(st.error().where.row, want.error().where.row);
    EXPECT_EQ(st.error().where.column, want.error().where.column);
    EXPECT_EQ(st.error().message.zh, want.error().message.zh);
  }
}

TEST(StreamCsvRows, CallbackErrorStopsTheStreamAndIsReturnedUnchanged) {
  size_t calls = 0;
  Status st = StreamCsvRows("a\nb\nc\nd\n", "x.csv", [&](size_t row0, std::span<const CellView>) {
    ++calls;
    if (row0 == 1) return Status(Fail(ErrorCode::kConflict, "test.stop", Text::Same("stop")));
    return Ok();
  });
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(calls, 2u);
  EXPECT_EQ(st.error().id, "test.stop");
  EXPECT_TRUE(st.error().where.empty());
}

TEST(StreamCsvRows, EmptyRowsAreSkippedButCounted) {
  std::vector<size_t> seen;
  ASSERT_TRUE(
      StreamCsvRows("a\n,,\n\nb,\n", "x.csv", [&](size_t row0, std::span<const CellView> c) {
        EXPECT_EQ(c.size(), 1u);
        seen.push_back(row0);
        return Ok();
      }).has_value());
  EXPECT_EQ(seen, (std::vector<size_t>{0, 3}));
}

}  // namespace
}  // namespace jiaodu::xlsx
