// File: jiaodu/formats/xlsx/xlsx_reader.h
//
// Reads every sheet of an .xlsx workbook into a Workbook (see table.h):
//
//   Result<Workbook> book = ReadXlsx(upload_bytes, "学校基本情况.xlsx");
//   if (!book) return Fail(book.error());   // "xlsx.legacy_xls", "xlsx.corrupt", ...
//
// The file comes from users, so the reader is defensive: any input, including
// truncated, hostile or mislabelled files, yields either a Workbook or an
// Error, never a crash, a hang or an exception. Parts are streamed (libzip +
// expat, 64 KB at a time); only the resulting cells are kept in memory.
//
// Read: cell values (shared strings including rich-text runs, inline strings,
// formula results, booleans, errors, numbers, ISO dates), date detection from
// styles.xml, sheet names, order and visibility, the 1904 date system.
// Not read: formulas themselves (only their cached results), merged ranges
// (a merged block's value sits in its top-left cell, the rest is empty),
// comments, formatting other than "is this a date", charts.
//
// Error ids (all with ErrorCode, a Chinese and English message naming the
// file, and Error::where.file set):
//   xlsx.legacy_xls  kUnsupported  an OLE2 (.xls) file: save it as .xlsx first
//   xlsx.encrypted   kUnsupported  a password-protected workbook (also OLE2)
//   xlsx.not_xlsx    kInvalidInput empty, or not a zip at all (text, PDF, HTML)
//   xlsx.corrupt     kCorrupt      damaged zip, missing part, bad XML (names the part)
//   xlsx.too_large   kInvalidInput ReadLimits exceeded (zip bombs, huge sheets), or one
//                                  XML token or value over 16 MB (Excel stops at
//                                  32,767 characters a cell)
//   xlsx.read_failed kIo           ReadXlsxFile could not read the file
//   xlsx.internal    kInternal     a bug (an unexpected exception); never user data
// StreamXlsxRows (row_stream.h) reads one sheet row by row with the same
// package code (xlsx_internal.h), so it accepts and refuses the same files.
// Note: the messages name the file themselves, so a caller showing
// Error::Describe() (which also prefixes where.file) repeats the name.
#ifndef JIAODU_FORMATS_XLSX_XLSX_READER_H_
#define JIAODU_FORMATS_XLSX_XLSX_READER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"
#include "jiaodu/formats/xlsx/table.h"

namespace jiaodu::xlsx {

// Stops decompression bombs and grid bombs. (StreamXlsxRows holds one row,
// so it reads them differently: see row_stream.h.) A 20 KB file can legitimately
// expand to hundreds of MB of XML, or name cell XFD1048576; both would
// exhaust memory without these caps.
struct ReadLimits {
  // Total bytes decompressed over all parts read.
  size_t max_uncompressed_bytes = size_t{512} << 20;
  // Cells held in memory over all sheets, counting the empty cells a dense
  // row needs before its last value, plus one per row slot.
  size_t max_cells = 20'000'000;
};

Result<Workbook> ReadXlsx(std::string_view bytes, std::string_view file_name,
                          const ReadLimits& limits = {});

// Reads the file at `path`; messages name its final path component.
Result<Workbook> ReadXlsxFile(const std::string& path, const ReadLimits& limits = {});

// Decodes the `_xHHHH_` escapes OOXML uses for characters XML cannot carry
// ("a_x000D_b" -> "a\rb"; "_x005F_x000D_" -> "_x000D_"). Exposed for tests.
std::string DecodeOoxmlEscapes(std::string_view s);

// Whether an Excel number format code shows a date or time: built-in ids
// 14-22, 27-36, 45-47, 50-58 (27-36 and 50-58 are the CJK-locale date formats
// such as yyyy"年"m"月"d"日"), or a custom code with y/m/d/h/s outside quotes,
// brackets and escapes. Exposed for tests.
bool IsDateFormatId(int num_fmt_id);
bool IsDateFormatCode(std::string_view code);

}  // namespace jiaodu::xlsx

#endif  // JIAODU_FORMATS_XLSX_XLSX_READER_H_
