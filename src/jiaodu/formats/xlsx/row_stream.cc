#include "jiaodu/formats/xlsx/row_stream.h"

#include <fmt/format.h>

#include <vector>

#include "jiaodu/formats/xlsx/csv_reader.h"

namespace jiaodu::xlsx {
namespace {

// Interim implementation over the whole-sheet readers (a streaming reader
// replaces it; the interface stays).
Status EmitSheet(const Sheet& s, const RowCallback& on_row) {
  std::vector<CellView> views;
  for (size_t r = 0; r < s.rows.size(); ++r) {
    const auto& row = s.rows[r];
    if (row.empty()) continue;
    views.clear();
    for (const Cell& c : row) views.push_back(CellView{c.type, c.text, c.number, c.is_date});
    JIAODU_TRY_STATUS(on_row(r, views));
  }
  return Ok();
}

}  // namespace

Status StreamXlsxRows(std::string_view bytes, std::string_view file_name, std::string_view sheet,
                      const RowCallback& on_row, const ReadLimits& limits) {
  Workbook book = JIAODU_TRY(ReadXlsx(bytes, file_name, limits));
  const Sheet* s = nullptr;
  if (sheet.empty()) {
    for (const Sheet& candidate : book.sheets) {
      if (!candidate.hidden) {
        s = &candidate;
        break;
      }
    }
  } else {
    s = book.Find(sheet);
  }
  if (s == nullptr) {
    Error e{ErrorCode::kInvalidInput, "xlsx.no_sheet",
            Text(fmt::format("文件 {} 中没有工作表“{}”", file_name, sheet),
                 fmt::format("{} has no sheet \"{}\"", file_name, sheet)),
            {}, {}};
    e.where.file = std::string(file_name);
    return Fail(std::move(e));
  }
  return EmitSheet(*s, on_row);
}

Status StreamCsvRows(std::string_view bytes, std::string_view file_name, const RowCallback& on_row) {
  Sheet s = JIAODU_TRY(ReadCsv(bytes, file_name));
  return EmitSheet(s, on_row);
}

}  // namespace jiaodu::xlsx
