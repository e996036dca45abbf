// The parallel sheet reader (parallel_sheet.h) against the one-thread one:
// the same rows and the same errors, whatever is cut where. (Every case of
// row_stream_test.cc is also run through it with tiny stretches.)
#include "jiaodu/formats/xlsx/parallel_sheet.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "jiaodu/formats/xlsx/xlsx_test_util.h"

namespace jiaodu::xlsx {
namespace {

using internal::ParallelOptions;
using internal::ParallelStats;
using testing::ExpectParallelMatchesOneThread;
using testing::ExpectSameStream;
using testing::FakeWorkbook;
using testing::OneThreadOptions;
using testing::SharedStringsXml;
using testing::SheetXml;
using testing::SplitOptions;
using testing::Streamed;
using testing::StreamWith;

std::string Book(const std::string& sheet_xml) {
  FakeWorkbook book;
  book.AddSheet("成绩", sheet_xml);
  book.shared_strings = SharedStringsXml("<si><t>甲</t></si><si><t>乙</t></si>");
  return book.Zip();
}

// Rows first..last of a number, a shared string and an inline string, one a
// line.
std::string Rows(size_t first, size_t last, std::string_view prefix = "") {
  std::string rows;
  for (size_t r = first; r <= last; ++r) {
    rows += fmt::format(
        R"(<{0}row r="{1}"><{0}c r="A{1}"><{0}v>{1}.5</{0}v></{0}c><{0}c r="B{1}" t="s">)"
        R"(<{0}v>{2}</{0}v></{0}c><{0}c r="C{1}" t="inlineStr"><{0}is><{0}t>第{1}行</{0}t>)"
        R"(</{0}is></{0}c></{0}row>)"
        "\n",
        prefix, r, r % 2);
  }
  return rows;
}

// Streams with `options` and with one thread reading as many bytes at a
// time; expects the same, and returns what the parallel reader did.
ParallelStats ExpectSame(const std::string& bytes, ParallelOptions options,
                         const ReadLimits& limits = StreamLimits(),
                         size_t fail_at = static_cast<size_t>(-1)) {
  ParallelStats stats;
  options.stats = &stats;
  const Streamed want =
      StreamWith(bytes, "", limits, OneThreadOptions(options.piece_bytes), fail_at);
  ExpectSameStream(StreamWith(bytes, "", limits, options, fail_at), want);
  return stats;
}

TEST(ParallelSheet, StretchesOfAPrefixedSheetGiveTheOneThreadRows) {
  const std::string bytes =
      Book(R"(<?xml version="1.0" encoding="utf-8"?>)"
           R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
           "<x:sheetData>" +
           Rows(1, 300, "x:") + "</x:sheetData></x:worksheet>");
  const ParallelStats stats = ExpectSame(bytes, SplitOptions(512, 1, 2));
  EXPECT_TRUE(stats.split);
  EXPECT_FALSE(stats.fell_back);
  EXPECT_GT(stats.stretches, 50u);
  ExpectParallelMatchesOneThread(bytes);
}

TEST(ParallelSheet, NoWorkersMeansTheCallingThreadParsesTheStretches) {
  const std::string bytes = Book(SheetXml(Rows(1, 200)));
  const ParallelStats stats = ExpectSame(bytes, SplitOptions(300, 1, 0, 3));
  EXPECT_TRUE(stats.split);
  EXPECT_GT(stats.stretches, 50u);
}

TEST(ParallelSheet, RowEndTagInsideACommentOrCdataFallsBackToOneThread) {
  // Cut after the "</row>" inside them, a stretch would end inside the
  // comment: it does not parse on its own, so the outer parser reads on.
  for (const std::string& trap : {
           std::string("<!-- </row> <row r=\"99\"><c r=\"A99\"><v>1</v></c></row> -->"),
           std::string(R"(<row r="41"><c r="A41" t="str"><v><![CDATA[</row>5]]></v></c></row>)"),
           std::string("<?pi </row> ?>"),
       }) {
    SCOPED_TRACE(trap);
    const std::string bytes = Book(SheetXml(Rows(1, 40) + trap + "\n" + Rows(42, 80)));
    for (const ParallelOptions& o :
         {SplitOptions(1, 1, 2, 3), SplitOptions(64, 1, 1), SplitOptions(1000, 1, 2)}) {
      SCOPED_TRACE(o.piece_bytes);
      const ParallelStats stats = ExpectSame(bytes, o);
      EXPECT_TRUE(stats.split);
      EXPECT_TRUE(stats.fell_back);
    }
  }
}

TEST(ParallelSheet, DamagedByteInTheThirdStretchReportsTheOneThreadErrorAfterTheEarlierRows) {
  std::string xml = SheetXml(Rows(1, 60));
  // Row 25 is well inside the third stretch of 9-10 rows (about 1 KB each
  // read, cut at the last row end); the byte is not UTF-8.
  const size_t at = xml.find("第25行");
  ASSERT_NE(at, std::string::npos);
  xml[at] = '\xFF';
  const std::string bytes = Book(xml);
  const ParallelStats stats = ExpectSame(bytes, SplitOptions(1000, 1, 2));
  EXPECT_GE(stats.stretches, 2u);
  EXPECT_TRUE(stats.fell_back);
  const Streamed got = StreamWith(bytes, "", StreamLimits(), SplitOptions(1000, 1, 2));
  ASSERT_TRUE(got.error.has_value());
  EXPECT_EQ(got.error->id, "xlsx.corrupt");
  EXPECT_EQ(got.error->where.sheet, "成绩");
  // The line counts the stretches the outer parser skipped: row 25 is on
  // line 25 (the rows start on the first line).
  EXPECT_NE(got.error->message.en.find("line 25:"), std::string::npos) << got.error->message.en;
  ASSERT_FALSE(got.row0s.empty());
  EXPECT_EQ(got.row0s.back(), 23u);  // row 24, flushed by cell A25
}

TEST(ParallelSheet, CallbackErrorStopsTheWorkersAndIsReturnedAsIs) {
  const std::string bytes = Book(SheetXml(Rows(1, 3000)));
  for (const int workers : {0, 1, 2}) {
    SCOPED_TRACE(workers);
    const Streamed got = StreamWith(bytes, "", StreamLimits(), SplitOptions(2000, 1, workers), 999);
    ASSERT_TRUE(got.error.has_value());
    EXPECT_EQ(got.error->id, "test.stop");
    EXPECT_EQ(got.error->code, ErrorCode::kConflict);
    EXPECT_TRUE(got.error->where.empty());  // not decorated with file or sheet
    EXPECT_EQ(got.row0s.size(), 1000u);
    EXPECT_EQ(got.row0s.back(), 999u);
    ExpectSame(bytes, SplitOptions(2000, 1, workers), StreamLimits(), 999);
  }
}

TEST(ParallelSheet, CallbackExceptionIsTheOneThreadError) {
  const std::string bytes = Book(SheetXml(Rows(1, 500)));
  for (const size_t throw_at : {size_t{300}, size_t{499}}) {  // a replayed row, the last
    std::vector<Error> errors;
    for (const ParallelOptions& o : {OneThreadOptions(), SplitOptions(1000, 1, 2)}) {
      size_t calls = 0;
      Status st = internal::StreamXlsxRowsWith(
          bytes, "报表.xlsx", "",
          [&](size_t row0, std::span<const CellView>) -> Status {
            ++calls;
            if (row0 == throw_at) throw std::runtime_error("boom");
            return Ok();
          },
          StreamLimits(), nullptr, o);
      ASSERT_FALSE(st.has_value());
      EXPECT_EQ(calls, throw_at + 1);
      errors.push_back(st.error());
    }
    EXPECT_EQ(errors[1].id, "xlsx.internal");
    EXPECT_EQ(errors[1].message.en, errors[0].message.en);
    EXPECT_EQ(errors[1].where.sheet, errors[0].where.sheet);
  }
}

TEST(ParallelSheet, MaxCellsTrippedInsideAStretchIsTheOneThreadError) {
  // Every row has a value at Z: 25 cells charged a row, over the limit in
  // row 41, well inside the stretches.
  std::string rows;
  for (int r = 1; r <= 100; ++r) {
    rows += fmt::format(R"(<row r="{0}"><c r="Z{0}"><v>1</v></c></row>)", r);
  }
  const std::string bytes = Book(SheetXml(rows));
  ReadLimits limits = StreamLimits();
  limits.max_cells = 1000;
  const ParallelStats stats = ExpectSame(bytes, SplitOptions(100, 1, 2), limits);
  EXPECT_GT(stats.stretches, 5u);
  const Streamed got = StreamWith(bytes, "", limits, SplitOptions(100, 1, 2));
  ASSERT_TRUE(got.error.has_value());
  EXPECT_EQ(got.error->id, "xlsx.too_large");
  EXPECT_EQ(got.row0s.size(), 40u);
}

TEST(ParallelSheet, ValueOverTheItemLimitInsideAStretchIsTheOneThreadError) {
  const std::string big(17 << 20, 'x');
  const std::string bytes =
      Book(SheetXml(Rows(1, 2) + R"(<row r="3"><c r="A3" t="inlineStr"><is><t>)" + big +
                    "</t></is></c></row>" + Rows(4, 5)));
  ParallelOptions o = SplitOptions(64 << 10, 1, 2);
  o.max_stretch_bytes = size_t{64} << 20;  // so that a worker holds row 3 whole
  const ParallelStats stats = ExpectSame(bytes, o);
  EXPECT_FALSE(stats.fell_back);
  const Streamed got = StreamWith(bytes, "", StreamLimits(), o);
  ASSERT_TRUE(got.error.has_value());
  EXPECT_EQ(got.error->id, "xlsx.too_large");
  EXPECT_EQ(got.error->where.row, 3);
  // With the default cap the huge row is read in one thread, same error.
  EXPECT_TRUE(ExpectSame(bytes, SplitOptions(64 << 10, 1, 2)).fell_back);
}

// `zip` with its sheet's uncompressed size understated as 1,000 bytes in both
// headers, so that the byte budget is only tripped while inflating.
std::string UnderstateSheetSize(std::string zip) {
  const std::string name = "xl/worksheets/sheet1.xml";
  for (const auto& [signature, size_at, name_at] :
       {std::tuple<std::string_view, size_t, size_t>{"PK\x03\x04", 22, 30},
        std::tuple<std::string_view, size_t, size_t>{"PK\x01\x02", 24, 46}}) {
    for (size_t at = zip.find(signature); at != std::string::npos;
         at = zip.find(signature, at + 1)) {
      if (zip.compare(at + name_at, name.size(), name) != 0) continue;
      const uint32_t size = 1000;
      std::memcpy(zip.data() + at + size_at, &size, 4);  // little-endian
    }
  }
  return zip;
}

TEST(ParallelSheet, ByteBudgetTrippedWhileStretchesAreInFlightIsTheOneThreadError) {
  const std::string bytes = UnderstateSheetSize(Book(SheetXml(Rows(1, 3000))));
  ReadLimits limits = StreamLimits();
  limits.max_uncompressed_bytes = 100 << 10;
  for (const ParallelOptions& o : {SplitOptions(4096, 1, 2), SplitOptions(4096, 20000, 1, 8)}) {
    const ParallelStats stats = ExpectSame(bytes, o, limits);
    EXPECT_TRUE(stats.split);
    const Streamed got = StreamWith(bytes, "", limits, o);
    ASSERT_TRUE(got.error.has_value());
    EXPECT_EQ(got.error->id, "xlsx.too_large");
    EXPECT_GT(got.row0s.size(), 50u);  // the rows before the limit came first
  }
}

TEST(ParallelSheet, EmptySheetAndHeaderOnlySheetGiveTheOneThreadResult) {
  for (const std::string& xml :
       {SheetXml(""), std::string(R"(<worksheet><sheetData/></worksheet>)"),
        SheetXml(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>学籍号</t></is></c></row>)")}) {
    SCOPED_TRACE(xml);
    for (const ParallelOptions& o : {SplitOptions(1, 1, 2, 3), SplitOptions(64 << 10, 1, 2)}) {
      EXPECT_EQ(ExpectSame(Book(xml), o).stretches, 0u);
    }
  }
}

TEST(ParallelSheet, RowsWithoutRefsAtAStretchStartNeedTheCursorAndFallBack) {
  std::string rows = Rows(1, 30);
  for (int r = 0; r < 30; ++r) rows += "<row><c><v>7</v></c><c t=\"s\"><v>1</v></c></row>\n";
  const std::string bytes = Book(SheetXml(rows));
  const ParallelStats stats = ExpectSame(bytes, SplitOptions(300, 1, 2));
  EXPECT_GT(stats.stretches, 3u);  // the rows with refs
  EXPECT_TRUE(stats.fell_back);
}

TEST(ParallelSheet, DoctypeOrAnotherEncodingIsReadInOneThread) {
  const std::string latin1 =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet><sheetData>" + Rows(1, 20) +
      "<row r=\"30\"><c r=\"A30\" t=\"inlineStr\"><is><t>caf\xE9</t></is></c></row>"
      "</sheetData></worksheet>";
  const std::string doctype = "<?xml version=\"1.0\"?><!DOCTYPE worksheet><worksheet><sheetData>" +
                              Rows(1, 20) + "</sheetData></worksheet>";
  for (const std::string& xml : {latin1, doctype}) {
    EXPECT_FALSE(ExpectSame(Book(xml), SplitOptions(100, 1, 2)).split);
  }
}

TEST(ParallelSheet, NestedSheetDataClosingInsideAStretchFallsBack) {
  // Well-formed: the inner sheetData ends the sheet's data for SheetCells,
  // so the rows after it are not cells, in one thread as in stretches.
  const std::string bytes =
      Book(SheetXml(Rows(1, 10) + "<row r=\"11\"><sheetData/></row>\n" + Rows(12, 30)));
  const ParallelStats stats = ExpectSame(bytes, SplitOptions(200, 1, 2));
  EXPECT_TRUE(stats.fell_back);
}

// Random sheets of everything the one-thread reader accepts or refuses:
// rows with and without refs, out of order, cells outside rows, comments,
// CDATA and processing instructions (with row end tags inside), nested rows,
// entity references, damaged bytes. Whatever is cut where, the same rows
// and the same error.
TEST(ParallelSheet, RandomHostileSheetsGiveTheOneThreadResult) {
  std::mt19937 rng(20241124);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  for (int round = 0; round < 120; ++round) {
    std::string rows;
    size_t row = 1;
    const size_t nrows = 5 + pick(40);
    for (size_t i = 0; i < nrows; ++i) {
      row += pick(10) == 0 ? 0 : 1 + pick(2);
      if (pick(30) == 0 && row > 3) row -= 2;  // out of order
      const bool ref = pick(6) != 0;
      rows += ref ? fmt::format(R"(<row r="{}">)", row) : std::string("<row>");
      for (size_t k = 0, n = pick(6); k < n; ++k) {
        const std::string at = pick(5) == 0
                                   ? std::string()
                                   : fmt::format(R"( r="{}{}")", ColumnLetters(pick(30)), row);
        switch (pick(12)) {
          case 0:
            rows += fmt::format(R"(<c{} t="s"><v>{}</v></c>)", at, pick(3));  // 2 is missing
            break;
          case 1:
            rows += fmt::format(R"(<c{} t="inlineStr"><is><t>甲&amp;乙_x000D_{}</t></is></c>)", at,
                                pick(100));
            break;
          case 2:
            rows += fmt::format(R"(<c{}><v><![CDATA[</row>{}]]></v></c>)", at, pick(9));
            break;
          case 3:
            rows += "<!-- </row> -->";
            break;
          case 4:
            rows += "<?x </row>?>";
            break;
          case 5:
            rows += fmt::format(R"(<c{} t="b"><v>{}</v></c>)", at, pick(2));
            break;
          case 6:
            rows += R"(<row r="9"></row>)";  // nested
            break;
          case 7:
            rows += "\r\n";
            break;
          default:
            rows += fmt::format(R"(<c{}><v>{}.{}</v></c>)", at, pick(1000), pick(10));
            break;
        }
      }
      rows += "</row>";
      if (pick(15) == 0) rows += R"(<c r="B2"><v>3</v></c>)";  // a cell outside rows
      if (pick(4) == 0) rows += "\n";
    }
    std::string xml = SheetXml(rows);
    if (pick(4) == 0) xml[230 + pick(xml.size() - 260)] = "\xFF<&\x01"[pick(4)];
    const std::string bytes = Book(xml);
    SCOPED_TRACE(xml);
    for (const ParallelOptions& o :
         {SplitOptions(1, 1, 2, 3), SplitOptions(17, 1, 1, 3), SplitOptions(61, 100, 2, 6)}) {
      SCOPED_TRACE(o.piece_bytes);
      ExpectSame(bytes, o);
    }
  }
}

}  // namespace
}  // namespace jiaodu::xlsx
