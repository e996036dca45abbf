#include "jiaodu/formats/xlsx/xlsx_test_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <iconv.h>
#include <zip.h>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu::xlsx::testing {

std::vector<ZipEntry> FixtureEntries(const std::string& dir) {
  const std::filesystem::path root = std::filesystem::path(JIAODU_TEST_FIXTURE_DIR) / dir;
  std::vector<ZipEntry> entries;
  for (const auto& f : std::filesystem::recursive_directory_iterator(root)) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    entries.push_back(
        {std::filesystem::relative(f.path(), root).generic_string(), std::move(data)});
  }
  return entries;
}

std::string MakeZip(const std::vector<ZipEntry>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  EXPECT_NE(out, nullptr);
  zip_source_keep(out);  // survive zip_close so we can read the result
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  EXPECT_NE(za, nullptr);
  for (const ZipEntry& e : entries) {
    zip_source_t* src = zip_source_buffer(za, e.data.data(), e.data.size(), 0);
    EXPECT_GE(zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(za), 0);
  std::string bytes;
  EXPECT_EQ(zip_source_open(out), 0);
  char buf[65536];
  for (;;) {
    const zip_int64_t n = zip_source_read(out, buf, sizeof(buf));
    if (n <= 0) break;
    bytes.append(buf, static_cast<size_t>(n));
  }
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&err);
  return bytes;
}

std::optional<std::string> ReadZipEntry(std::string_view bytes, const std::string& name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  zip_error_fini(&err);
  if (za == nullptr) {
    if (src) zip_source_free(src);
    return std::nullopt;
  }
  std::optional<std::string> result;
  if (zip_file_t* f = zip_fopen(za, name.c_str(), 0)) {
    std::string data;
    char buf[65536];
    zip_int64_t n = 0;
    while ((n = zip_fread(f, buf, sizeof(buf))) > 0) data.append(buf, static_cast<size_t>(n));
    if (n == 0) result = std::move(data);
    zip_fclose(f);
  }
  zip_discard(za);
  return result;
}

std::string SheetXml(std::string_view rows) {
  return fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
      R"(<sheetData>{}</sheetData></worksheet>)",
      rows);
}

std::string SharedStringsXml(std::string_view items) {
  return fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>)",
      items);
}

std::vector<ZipEntry> FakeWorkbook::Entries() const {
  std::string types =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)";
  std::string sheets_xml;
  std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  std::vector<ZipEntry> entries;
  for (size_t i = 0; i < sheets.size(); ++i) {
    const std::string part = fmt::format("worksheets/sheet{}.xml", i + 1);
    types += fmt::format(
        R"(<Override PartName="/xl/{}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)",
        part);
    sheets_xml += fmt::format(
        R"(<sheet name="{}" sheetId="{}"{} r:id="rId{}"/>)", sheets[i].name, i + 1,
        sheets[i].state.empty() ? "" : fmt::format(R"( state="{}")", sheets[i].state), i + 1);
    rels += fmt::format(
        R"(<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{}{}"/>)",
        i + 1, absolute_targets ? "/xl/" : "", part);
    entries.push_back({"xl/" + part, sheets[i].xml});
  }
  if (!shared_strings.empty()) {
    rels += fmt::format(
        R"(<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="{}sharedStrings.xml"/>)",
        sheets.size() + 1, absolute_targets ? "/xl/" : "");
    entries.push_back({"xl/sharedStrings.xml", shared_strings});
  }
  if (!styles.empty()) {
    rels += fmt::format(
        R"(<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="{}styles.xml"/>)",
        sheets.size() + 2, absolute_targets ? "/xl/" : "");
    entries.push_back({"xl/styles.xml", styles});
  }
  rels += "</Relationships>";
  types += "</Types>";
  const std::string workbook = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
      R"({}<sheets>{}</sheets></workbook>)",
      workbook_pr, sheets_xml);
  const std::string package_rels =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
      R"(</Relationships>)";
  entries.insert(entries.begin(), {{"[Content_Types].xml", types},
                                   {"_rels/.rels", package_rels},
                                   {"xl/workbook.xml", workbook},
                                   {"xl/_rels/workbook.xml.rels", rels}});
  return entries;
}

std::string ConvertEncoding(std::string_view utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(static_cast<intptr_t>(-1)));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  EXPECT_NE(rc, static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

std::string WrittenXlsx(bool bools) {
  auto book = WorkbookWriter::CreateInMemory();
  EXPECT_TRUE(book.has_value());
  SheetWriter& sheet = book->AddSheet("学校基本情况");
  for (size_t r = 0; r < 20; ++r) {
    sheet.WriteString(r, 0, "北京市第" + std::to_string(r) + "中学");
    sheet.WriteNumber(r, 1, 4.2 * static_cast<double>(r));
    if (bools && r % 3 == 0) sheet.WriteBool(r, 3, r % 2 == 0);
  }
  auto bytes = book->FinishToBytes();
  EXPECT_TRUE(bytes.has_value());
  return bytes ? *bytes : std::string();
}

std::vector<Cell> CopyCells(std::span<const CellView> cells) {
  std::vector<Cell> row;
  row.reserve(cells.size());
  for (const CellView& v : cells) {
    Cell c;
    c.type = v.type;
    c.text = std::string(v.text);
    c.number = v.number;
    c.is_date = v.is_date;
    row.push_back(std::move(c));
  }
  return row;
}

Streamed StreamWith(std::string_view bytes, std::string_view sheet, const ReadLimits& limits,
                    const internal::ParallelOptions& options, size_t fail_at) {
  Streamed out;
  Status st = internal::StreamXlsxRowsWith(
      bytes, "报表.xlsx", sheet,
      [&](size_t row0, std::span<const CellView> cells) -> Status {
        out.row0s.push_back(row0);
        out.rows.push_back(CopyCells(cells));
        if (row0 == fail_at) return Fail(ErrorCode::kConflict, "test.stop", Text::Same("stop"));
        return Ok();
      },
      limits, &out.sheet_name, options);
  if (!st) out.error = st.error();
  return out;
}

internal::ParallelOptions OneThreadOptions(size_t piece_bytes) {
  internal::ParallelOptions o;
  o.min_sheet_bytes = std::numeric_limits<size_t>::max();
  o.piece_bytes = piece_bytes;
  return o;
}

internal::ParallelOptions SplitOptions(size_t piece_bytes, size_t stretch_bytes, int workers,
                                       size_t slots) {
  internal::ParallelOptions o;
  o.min_sheet_bytes = 0;
  o.piece_bytes = piece_bytes;
  o.stretch_bytes = stretch_bytes;
  o.workers = workers;
  o.slots = slots;
  return o;
}

void ExpectSameStream(const Streamed& got, const Streamed& want) {
  EXPECT_EQ(got.sheet_name, want.sheet_name);
  ASSERT_EQ(got.row0s, want.row0s) << got.row0s.size() << " rows, want " << want.row0s.size();
  for (size_t r = 0; r < want.rows.size(); ++r) {
    ASSERT_EQ(got.rows[r].size(), want.rows[r].size()) << "row0 " << want.row0s[r];
    for (size_t c = 0; c < want.rows[r].size(); ++c) {
      const Cell& g = got.rows[r][c];
      const Cell& w = want.rows[r][c];
      const std::string at = CellRef(want.row0s[r], c);
      EXPECT_EQ(g.type, w.type) << at;
      EXPECT_EQ(g.text, w.text) << at;
      EXPECT_EQ(std::bit_cast<uint64_t>(g.number), std::bit_cast<uint64_t>(w.number)) << at;
      EXPECT_EQ(g.is_date, w.is_date) << at;
    }
  }
  ASSERT_EQ(got.error.has_value(), want.error.has_value())
      << (got.error ? got.error->Describe() : want.error->Describe());
  if (!want.error) return;
  const Error& g = *got.error;
  const Error& w = *want.error;
  EXPECT_EQ(g.id, w.id);
  EXPECT_EQ(g.code, w.code);
  EXPECT_EQ(g.message.zh, w.message.zh);
  EXPECT_EQ(g.message.en, w.message.en);
  EXPECT_EQ(g.where.file, w.where.file);
  EXPECT_EQ(g.where.sheet, w.where.sheet);
  EXPECT_EQ(g.where.row, w.where.row);
  EXPECT_EQ(g.where.column, w.where.column);
  EXPECT_EQ(g.where.value, w.where.value);
}

void ExpectParallelMatchesOneThread(std::string_view bytes, std::string_view sheet,
                                    const ReadLimits& limits) {
  std::vector<internal::ParallelOptions> settings = {SplitOptions(64 << 10, 1, 2),
                                                     SplitOptions(64 << 10, 64 << 10, 1, 3)};
  // The sheet's size decides how small the pieces may be (reading 1 byte at
  // a time is slow); the first part named like a sheet stands for it.
  const std::optional<std::string> xml = ReadZipEntry(bytes, "xl/worksheets/sheet1.xml");
  if (!xml || xml->size() <= (256 << 10)) {
    settings.push_back(SplitOptions(1, 1, 2, 3));
    settings.push_back(SplitOptions(7, 1, 0, 3));
    settings.push_back(SplitOptions(13, 40, 1, 5));
  }
  const Streamed whole = StreamWith(bytes, sheet, limits, OneThreadOptions());
  std::vector<size_t> fail_at = {static_cast<size_t>(-1)};
  if (whole.row0s.size() >= 2) {
    fail_at.push_back(whole.row0s[1]);
    fail_at.push_back(whole.row0s.back());
  }
  for (const size_t fail : fail_at) {
    for (const internal::ParallelOptions& o : settings) {
      SCOPED_TRACE(fmt::format("piece {} stretch {} workers {} slots {} fail at {}", o.piece_bytes,
                               o.stretch_bytes, o.workers, o.slots, static_cast<long>(fail)));
      ExpectSameStream(StreamWith(bytes, sheet, limits, o, fail),
                       StreamWith(bytes, sheet, limits, OneThreadOptions(o.piece_bytes), fail));
    }
  }
}

}  // namespace jiaodu::xlsx::testing
