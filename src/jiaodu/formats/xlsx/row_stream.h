// File: jiaodu/formats/xlsx/row_stream.h
//
// Row-at-a-time reading for files too large to hold as a Workbook: a
// school's fitness test file has one row per student, and a city's has a
// million. The callback sees each row's cells as views that are valid only
// during the call; nothing but the shared-string table and one row is kept,
// so memory stays flat whatever the file's size.
//
//   JIAODU_TRY_STATUS(StreamXlsxRows(bytes, "体测.xlsx", "", [&](size_t row0, auto cells) {
//     ...  // return Ok() to go on, an Error to stop (it is returned as is)
//   }));
//
// The same errors as ReadXlsx / ReadCsv (xlsx.*, csv.*), with the same
// hostile-input guarantees.
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

// row0 is the 0-based Excel row; `cells` is dense up to the row's last
// non-empty cell. Rows with no values are not reported.
using RowCallback = std::function<Status(size_t row0, std::span<const CellView> cells)>;

// Streams the sheet named `sheet` (empty = the first visible sheet).
// Fails with xlsx.no_sheet when the named sheet does not exist.
Status StreamXlsxRows(std::string_view bytes, std::string_view file_name, std::string_view sheet,
                      const RowCallback& on_row, const ReadLimits& limits = {});

// Streams a CSV (encodings and leniencies as ReadCsv).
Status StreamCsvRows(std::string_view bytes, std::string_view file_name, const RowCallback& on_row);

}  // namespace jiaodu::xlsx

#endif  // JIAODU_FORMATS_XLSX_ROW_STREAM_H_
