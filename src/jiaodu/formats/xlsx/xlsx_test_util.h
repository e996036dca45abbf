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
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Converts with glibc iconv (e.g. to "GB18030"); aborts the test on failure.
std::string ConvertEncoding(std::string_view utf8, const char* to);

}  // namespace jiaodu::xlsx::testing

#endif  // JIAODU_FORMATS_XLSX_XLSX_TEST_UTIL_H_
