// StreamXlsxRows. (StreamCsvRows lives in csv_reader.cc, where ReadCsv is
// built on it.)
#include "jiaodu/formats/xlsx/row_stream.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/formats/xlsx/parallel_sheet.h"
#include "jiaodu/formats/xlsx/xlsx_internal.h"

namespace jiaodu::xlsx {
namespace {

using internal::CellValue;
using internal::Package;
using internal::SheetEntry;

// Holds one row at a time and reports it to the callback once a cell of a
// later row (or the end of the sheet) shows that it is complete. Rows are
// merged until then, so two <row> elements with the same number still make
// one row, as in ReadXlsx. The buffers keep their capacity from row to row:
// in the steady state a row costs no allocation.
class RowSink : public internal::SheetCells {
 public:
  RowSink(Package& pkg, std::string sheet_name, const RowCallback& on_row)
      : SheetCells(pkg, std::move(sheet_name)), on_row_(on_row) {}

  // Reports the last row; call after the sheet parsed without error.
  Status Finish() {
    if (has_row_ && !Flush()) return Fail(std::move(*error));
    return Ok();
  }

 protected:
  void OnCell(size_t row0, size_t col0, const CellValue& value) override {
    if (has_row_ && row0 > row_ && !Flush()) return;
    // The latest row seen (1-based): the buffered one, else the last reported.
    const size_t latest1 = has_row_ ? row_ + 1 : next_row_;
    if (row0 + 1 < latest1 || (row0 + 1 == latest1 && !has_row_)) {
      error = CellError(
          fmt::format("行顺序错乱：单元格 {} 出现在第 {} 行之后", CellRef(row0, col0), latest1),
          fmt::format("rows are out of order: cell {} comes after row {}", CellRef(row0, col0),
                      latest1));
      return;
    }
    if (!has_row_) {
      has_row_ = true;
      row_ = row0;
    }
    Place(col0, value);
  }

 private:
  // Where a cell's text sits in arena_; kStable: the view already points at
  // text that outlives the row (shared strings, literals).
  struct ArenaText {
    size_t begin = kStable;
    size_t size = 0;
  };
  static constexpr size_t kStable = static_cast<size_t>(-1);

  void Place(size_t col0, const CellValue& value) {
    if (cells_.size() <= col0) {
      cells_.resize(col0 + 1);
      texts_.resize(col0 + 1);
    }
    CellView& cell = cells_[col0];
    if (cell.empty()) ++values_;
    cell.type = value.type;
    cell.number = value.number;
    cell.is_date = value.is_date;
    if (value.text_is_stable) {
      cell.text = value.text;
      texts_[col0] = ArenaText{};
    } else {
      // The arena may move while the row fills; views are made in Flush.
      texts_[col0] = ArenaText{arena_.size(), value.text.size()};
      arena_.append(value.text);
    }
  }

  // Reports the buffered row. False (with `error` set) when the empty cells
  // in front of its values exceed the limit or the callback fails.
  bool Flush() {
    has_row_ = false;
    next_row_ = row_ + 1;
    bool ok = Charge(cells_.size() - values_);
    if (ok) {
      const std::string_view arena(arena_);
      for (size_t i = 0; i < cells_.size(); ++i) {
        if (texts_[i].begin != kStable)
          cells_[i].text = arena.substr(texts_[i].begin, texts_[i].size);
      }
      Status st = on_row_(row_, std::span<const CellView>(cells_));
      if (!st) {
        error = std::move(st).error();
        error_is_callers = true;
        ok = false;
      }
    }
    cells_.clear();
    texts_.clear();
    arena_.clear();
    values_ = 0;
    return ok;
  }

  const RowCallback& on_row_;
  bool has_row_ = false;
  size_t row_ = 0;       // the buffered row
  size_t next_row_ = 0;  // rows before this one were reported
  std::vector<CellView> cells_;
  std::vector<ArenaText> texts_;
  std::string arena_;  // the row's texts that do not outlive the cell
  size_t values_ = 0;  // non-empty cells in cells_
};

Error NoSheet(std::string_view file_name, std::string_view sheet,
              const std::vector<SheetEntry>& sheets) {
  std::string names_zh;
  std::string names_en;
  for (const SheetEntry& s : sheets) {
    if (!names_zh.empty()) {
      names_zh += "、";
      names_en += ", ";
    }
    names_zh += fmt::format("“{}”", s.name);
    names_en += fmt::format("\"{}\"", s.name);
  }
  const std::string have_zh = names_zh.empty() ? "文件中没有任何工作表" : "现有工作表：" + names_zh;
  const std::string have_en =
      names_en.empty() ? "it has no sheets at all" : "its sheets are " + names_en;
  Error e =
      sheet.empty()
          ? internal::MakeError(
                ErrorCode::kInvalidInput, "xlsx.no_sheet",
                fmt::format("文件 {} 中没有可见的工作表（{}，均已隐藏）", file_name, have_zh),
                fmt::format("File {} has no visible sheet ({}, all hidden)", file_name, have_en),
                file_name)
          : internal::MakeError(
                ErrorCode::kInvalidInput, "xlsx.no_sheet",
                fmt::format("文件 {} 中没有名为“{}”的工作表（{}）", file_name, sheet, have_zh),
                fmt::format("File {} has no sheet named \"{}\" ({})", file_name, sheet, have_en),
                file_name);
  e.where.sheet = std::string(sheet);
  return e;
}

Status StreamXlsxRowsUnguarded(std::string_view bytes, std::string_view file_name,
                               std::string_view sheet, const RowCallback& on_row,
                               const ReadLimits& limits, std::string* streamed_sheet,
                               const internal::ParallelOptions& options) {
  // The parts read before the sheet are held in memory: they keep ReadXlsx's
  // default budget even when the caller allows a longer stream.
  ReadLimits held = limits;
  held.max_uncompressed_bytes =
      std::min(limits.max_uncompressed_bytes, ReadLimits{}.max_uncompressed_bytes);
  Package pkg;
  JIAODU_TRY_STATUS(internal::OpenPackage(bytes, file_name, held, pkg));
  pkg.reading.limits = limits;

  const SheetEntry* entry = nullptr;
  if (sheet.empty()) {
    auto visible = std::find_if(pkg.sheets.begin(), pkg.sheets.end(),
                                [](const SheetEntry& s) { return !s.hidden; });
    if (visible != pkg.sheets.end()) entry = &*visible;
  } else {
    entry = internal::FindByName(pkg.sheets, sheet,
                                 [](const SheetEntry& s) -> std::string_view { return s.name; });
  }
  if (entry == nullptr) return Fail(NoSheet(file_name, sheet, pkg.sheets));
  if (streamed_sheet != nullptr) *streamed_sheet = entry->name;

  RowSink sink(pkg, entry->name, on_row);
  JIAODU_TRY_STATUS(internal::ParseSheetParallel(pkg, *entry, sink, options));
  return sink.Finish();
}

}  // namespace

Status StreamXlsxRows(std::string_view bytes, std::string_view file_name, std::string_view sheet,
                      const RowCallback& on_row, const ReadLimits& limits,
                      std::string* streamed_sheet) {
  return internal::StreamXlsxRowsWith(bytes, file_name, sheet, on_row, limits, streamed_sheet,
                                      internal::ParallelOptions{});
}

namespace internal {

Status StreamXlsxRowsWith(std::string_view bytes, std::string_view file_name,
                          std::string_view sheet, const RowCallback& on_row,
                          const ReadLimits& limits, std::string* streamed_sheet,
                          const ParallelOptions& options) {
  return Guard(file_name, [&] {
    return StreamXlsxRowsUnguarded(bytes, file_name, sheet, on_row, limits, streamed_sheet,
                                   options);
  });
}

}  // namespace internal

}  // namespace jiaodu::xlsx
