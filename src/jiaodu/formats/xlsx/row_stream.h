// File: jiaodu/formats/xlsx/row_stream.h
//
// Row-at-a-time reading for files too large to hold as a Workbook: a
// school's fitness test file has one row per student, and a city's has a
// million. The callback sees each row's cells as views that are valid only
// during the call; nothing but the shared-string table, one row and (for a
// big sheet) a few stretches of rows is kept, so memory stays flat whatever
// the file's size.
//
//   JIAODU_TRY_STATUS(StreamXlsxRows(bytes, "体测.xlsx", "", [&](size_t row0, auto cells) {
//     ...  // return Ok() to go on, an Error to stop (it is returned as is)
//   }));
//
// The same errors as ReadXlsx / ReadCsv (xlsx.*, csv.*), with the same
// hostile-input guarantees, and the same cell values: a row's cells equal
// ReadXlsx's / ReadCsv's row cell by cell (type, text, number, is_date).
//
// Streaming has consequences a caller must allow for:
//   - An error can come after some rows were reported (a file damaged in the
//     middle is only found there). Treat the rows of a failed stream as not
//     imported.
//   - xlsx: rows are reported in file order, which Excel always writes
//     ascending. A cell for a row that was already reported (rows out of
//     order, which only hand-made files have) fails with xlsx.corrupt naming
//     the cell; ReadXlsx merges such files instead.
//   - xlsx: ReadLimits::max_uncompressed_bytes bounds all parts together, as
//     in ReadXlsx, but the sheet streams, so it bounds time, not memory. A
//     million rows of 25 columns are 830 MB of XML, over ReadXlsx's default
//     of 512 MB, so StreamLimits() allows 2 GB. The parts that are held
//     (shared strings, styles) stay under ReadXlsx's 512 MB whatever `limits`
//     says, and no single value or XML token may pass 16 MB.
//   - xlsx: ReadLimits::max_cells bounds the empty cells reported in front
//     of values (a row whose only value sits at XFD is 16,383 of them);
//     values themselves are bounded by the bytes. Over it: xlsx.too_large.
//
// Threads (xlsx): a sheet the zip declares at 8 MB or more is read on two
// cores (parallel_sheet.h): the calling thread inflates it and cuts it into
// stretches of about 1 MB of whole rows, worker threads (one on a 2-core
// machine, two with more cores; none on one core) decode their cells, and
// the calling thread reports the rows in file order. The 1,000,000-row
// national fitness file (861 MB of XML) reads in about a fifth of the time
// (34 s -> 6.4 s on the project's 2-core machine, roster included).
// Nothing changes for the caller: `on_row` is only ever called on the
// calling thread, one row at a time, in order, with the same rows, values
// and errors as reading in one thread (an error is reported after exactly
// the rows that precede it); a failing callback stops and joins the workers
// before StreamXlsxRows returns. Memory grows by the stretches in flight,
// about 10 MB. Sheets with comments, CDATA, a DOCTYPE, another encoding or
// rows without positions fall back to one thread, entirely or from there on.
#ifndef JIAODU_FORMATS_XLSX_ROW_STREAM_H_
#define JIAODU_FORMATS_XLSX_ROW_STREAM_H_

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>

#include "jiaodu/core/error.h"
#include "jiaodu/formats/xlsx/table.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu::xlsx {

struct CellView {
  Cell::Type type = Cell::Type::kEmpty;
  std::string_view text;  // as Cell::text
  double number = 0;
  bool is_date = false;
  bool empty() const { return type == Cell::Type::kEmpty; }
};

// row0 is the 0-based Excel row (the 0-based record for CSV); `cells` is
// dense up to the row's last non-empty cell. Rows with no values are not
// reported. Rows come in increasing row0 order.
using RowCallback = std::function<Status(size_t row0, std::span<const CellView> cells)>;

// The limits StreamXlsxRows uses by default (see the header comment).
constexpr ReadLimits StreamLimits() {
  ReadLimits limits;
  limits.max_uncompressed_bytes = size_t{2} << 30;
  return limits;
}

// Streams the sheet named `sheet` (empty = the first visible sheet; a name
// is matched as Workbook::Find does). Fails with xlsx.no_sheet when the named
// sheet does not exist, or when `sheet` is empty and no sheet is visible.
// `streamed_sheet`, when given, receives the name of the sheet streamed
// before its first row, so callers' own errors can name it.
Status StreamXlsxRows(std::string_view bytes, std::string_view file_name, std::string_view sheet,
                      const RowCallback& on_row, const ReadLimits& limits = StreamLimits(),
                      std::string* streamed_sheet = nullptr);

// Streams a CSV (encodings and leniencies as ReadCsv, which is built on it).
// Memory: the row being read, plus a 64 KB window of converted text for
// UTF-16 files; the bytes themselves are never copied whole.
Status StreamCsvRows(std::string_view bytes, std::string_view file_name, const RowCallback& on_row);

}  // namespace jiaodu::xlsx

#endif  // JIAODU_FORMATS_XLSX_ROW_STREAM_H_
