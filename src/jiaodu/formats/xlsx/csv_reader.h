// File: jiaodu/formats/xlsx/csv_reader.h
//
// Reads a CSV (or tab-separated) file into the same Sheet the .xlsx reader
// produces, so importers accept both without caring which one the clerk
// uploaded:
//
//   Result<Sheet> sheet = ReadCsv(bytes, "在校生.csv");   // sheet->name == "在校生"
//
// Format: RFC 4180 — quoted fields with "" escapes, commas and line breaks
// inside quotes, CRLF or LF (or old-Mac CR) line ends, an optional UTF-8 BOM.
// Tab-separated when the first line has tabs and no commas (Excel's "文本文件
// (制表符分隔)" and "Unicode 文本" exports). Leniencies match Excel: text after
// a closing quote is kept ("ab"c -> abc), a quote inside an unquoted field is
// literal, line breaks inside quotes come back as "\n".
//
// Encoding: Excel on Chinese Windows saves "CSV (逗号分隔)" in the ANSI code
// page (GBK), and only "CSV UTF-8" in UTF-8. If the bytes are valid UTF-8 they
// are taken as UTF-8; otherwise every field is converted from GB18030 (a
// superset of GBK and GB2312) with glibc iconv. A UTF-16 BOM (Excel's
// "Unicode 文本") is honoured too.
//
// Built on StreamCsvRows (row_stream.h): one parser for both. The bytes are
// never copied whole (a UTF-16 file is converted 64 KB at a time); errors
// come in file order, so a row with a bad encoding is reported before an
// unterminated quote further down.
//
// Every cell is kString, or kEmpty for an empty field; numbers are left as
// text for the importer to parse (core/number.h). Rows are dense up to their
// last non-empty cell and trailing empty rows are removed, as in table.h.
//
// Error ids (Error::where.file set, and row/column where known):
//   csv.unterminated_quote  kInvalidInput  a quote opened on row N is never closed
//   csv.encoding            kInvalidInput  row N is neither UTF-8 nor GB18030
//                                          (kUnsupported if iconv lacks GB18030)
//   csv.too_large           kInvalidInput  out of memory
#ifndef JIAODU_FORMATS_XLSX_CSV_READER_H_
#define JIAODU_FORMATS_XLSX_CSV_READER_H_

#include <string_view>

#include "jiaodu/core/error.h"
#include "jiaodu/formats/xlsx/table.h"

namespace jiaodu::xlsx {

// `file_name` is used for messages and, without its extension, as the sheet
// name ("data/在校生.csv" -> "在校生").
Result<Sheet> ReadCsv(std::string_view bytes, std::string_view file_name);

}  // namespace jiaodu::xlsx

#endif  // JIAODU_FORMATS_XLSX_CSV_READER_H_
