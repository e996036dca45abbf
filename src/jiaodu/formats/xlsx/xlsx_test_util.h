// File: jiaodu/formats/xlsx/xlsx_test_util.h
//
// Test helpers: build .xlsx files from XML strings in memory (libzip), so
// that each reader test states the exact XML it feeds in:
//
//   FakeWorkbook book;
//   book.AddSheet("Sheet1", SheetXml(R"(<row r="1"><c r="A1" t="b"><v>1</v></c></row>)"));
//   Workbook read = *ReadXlsx(book.Zip(), "t.xlsx");
#ifndef JIAODU_FORMATS_XLSX_XLSX_TEST_UTIL_H_
#define JIAODU_FORMATS_XLSX_XLSX_TEST_UTIL_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/formats/xlsx/parallel_sheet.h"
#include "jiaodu/formats/xlsx/row_stream.h"
#include "jiaodu/formats/xlsx/table.h"

namespace jiaodu::xlsx::testing {

struct ZipEntry {
  std::string name;
  std::string data;
};

// A zip archive (deflated entries) holding `entries`, as bytes.
std::string MakeZip(const std::vector<ZipEntry>& entries);

// The files under tests/fixtures/<dir> (kept as text so diffs stay
// readable), zipped with their relative paths as entry names.
std::vector<ZipEntry> FixtureEntries(const std::string& dir);

// The contents of `name` in the zip `bytes`; nullopt if absent or unreadable.
std::optional<std::string> ReadZipEntry(std::string_view bytes, const std::string& name);

// "<worksheet ...><sheetData>" + rows + "</sheetData></worksheet>".
std::string SheetXml(std::string_view rows);
// A valid workbook as our writer produces it (20 rows of a school name and
// a number; with `bools`, a boolean in every third row), for the damage and
// stream-vs-whole tests.
std::string WrittenXlsx(bool bools);
// "<sst ...>" + items + "</sst>".
std::string SharedStringsXml(std::string_view items);

// The smallest package Excel accepts: content types, package rels,
// workbook, workbook rels and one part per sheet.
struct FakeWorkbook {
  struct FakeSheet {
    std::string name;
    std::string xml;
    std::string state;  // "", "hidden", "veryHidden"
  };
  std::vector<FakeSheet> sheets;
  std::string shared_strings;     // full part, or empty for none
  std::string styles;             // full part, or empty for none
  std::string workbook_pr;        // e.g. R"(<workbookPr date1904="1"/>)"
  bool absolute_targets = false;  // "/xl/worksheets/sheet1.xml" instead of "worksheets/sheet1.xml"

  void AddSheet(std::string name, std::string xml, std::string state = "") {
    sheets.push_back({std::move(name), std::move(xml), std::move(state)});
  }
  std::vector<ZipEntry> Entries() const;
  std::string Zip() const { return MakeZip(Entries()); }
};

// A streamed row's cells, copied out of the views.
std::vector<Cell> CopyCells(std::span<const CellView> cells);

// Everything a row callback saw in one stream, and how the stream ended.
struct Streamed {
  std::vector<size_t> row0s;
  std::vector<std::vector<Cell>> rows;
  std::optional<Error> error;
  std::string sheet_name;  // StreamXlsxRows' streamed_sheet
};
// Streams with `options`; the callback fails (test.stop) at row0 `fail_at`.
Streamed StreamWith(std::string_view bytes, std::string_view sheet, const ReadLimits& limits,
                    const internal::ParallelOptions& options,
                    size_t fail_at = static_cast<size_t>(-1));
// The options that read every sheet in one thread, and ones that force the
// parallel reader on any sheet, with the given sizes.
internal::ParallelOptions OneThreadOptions(size_t piece_bytes = internal::kChunkSize);
internal::ParallelOptions SplitOptions(size_t piece_bytes, size_t stretch_bytes, int workers,
                                       size_t slots = 4);
// Expects the same rows (row0, type, text, number bit for bit, is_date),
// the same error (id, code, both messages, place) and the same sheet name.
void ExpectSameStream(const Streamed& got, const Streamed& want);
// Streams `bytes` in one thread and with tiny stretches (cut after nearly
// every row, 0, 1 and 2 workers, reading 1 byte to 64 KB at a time), also
// with the callback failing at the second and the last row, and expects the
// same every time. The one-thread reading it compares with reads as many
// bytes at a time (in a damaged zip, that decides how much comes out before
// the damage). Sheets over 256 KB are only read 64 KB at a time.
void ExpectParallelMatchesOneThread(std::string_view bytes, std::string_view sheet = "",
                                    const ReadLimits& limits = StreamLimits());

// Converts with glibc iconv (e.g. to "GB18030"); aborts the test on failure.
std::string ConvertEncoding(std::string_view utf8, const char* to);

}  // namespace jiaodu::xlsx::testing

#endif  // JIAODU_FORMATS_XLSX_XLSX_TEST_UTIL_H_
