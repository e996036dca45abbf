#include "jiaodu/formats/xlsx/xlsx_reader.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/formats/xlsx/xlsx_internal.h"

namespace jiaodu::xlsx {
namespace {

using internal::CellValue;
using internal::Package;

// Collects a sheet's cells into a grid. Cells may come in any order, so the
// grid grows as needed; every cell it creates, including the empty ones a
// dense row needs before a value and one per row slot, is charged against
// ReadLimits::max_cells first, so one cell at XFD1048576 cannot allocate the
// grid in front of it.
class GridSink : public internal::SheetCells {
 public:
  using SheetCells::SheetCells;

  std::vector<std::vector<Cell>> TakeRows() {
    while (!rows_.empty() && rows_.back().empty()) rows_.pop_back();
    return std::move(rows_);
  }

 protected:
  void OnCell(size_t row0, size_t col0, const CellValue& value) override {
    if (rows_.size() <= row0) {
      if (!Charge(row0 + 1 - rows_.size())) return;
      rows_.resize(row0 + 1);
    }
    std::vector<Cell>& row = rows_[row0];
    if (row.size() <= col0) {
      if (!Charge(col0 + 1 - row.size())) return;
      row.resize(col0 + 1);
    }
    Cell& cell = row[col0];
    cell.type = value.type;
    cell.number = value.number;
    cell.text.assign(value.text);
    cell.is_date = value.is_date;
  }

 private:
  std::vector<std::vector<Cell>> rows_;
};

Result<Workbook> ReadXlsxUnguarded(std::string_view bytes, std::string_view file_name,
                                   const ReadLimits& limits) {
  Package pkg;
  JIAODU_TRY_STATUS(internal::OpenPackage(bytes, file_name, limits, pkg));
  Workbook book;
  book.file_name = std::string(file_name);
  book.date1904 = pkg.date1904;
  for (const internal::SheetEntry& entry : pkg.sheets) {
    GridSink grid(pkg, entry.name);
    JIAODU_TRY_STATUS(internal::ParseSheet(pkg, entry, grid));
    Sheet sheet;
    sheet.name = entry.name;
    sheet.hidden = entry.hidden;
    sheet.rows = grid.TakeRows();
    book.sheets.push_back(std::move(sheet));
  }
  return book;
}

}  // namespace

Result<Workbook> ReadXlsx(std::string_view bytes, std::string_view file_name,
                          const ReadLimits& limits) {
  return internal::Guard(file_name, [&] { return ReadXlsxUnguarded(bytes, file_name, limits); });
}

Result<Workbook> ReadXlsxFile(const std::string& path, const ReadLimits& limits) {
  const std::string name = std::filesystem::path(path).filename().string();
  auto failed = [&](std::string_view why_zh, std::string_view why_en) {
    return Fail(internal::MakeError(ErrorCode::kIo, "xlsx.read_failed",
                                    fmt::format("无法读取文件 {}：{}", name, why_zh),
                                    fmt::format("Cannot read file {}: {}", name, why_en), name));
  };
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return failed("文件不存在或不是普通文件", "it does not exist or is not a regular file");
  }
  std::string bytes;
  try {
    std::ifstream in(path, std::ios::binary);
    if (!in) return failed("无法打开", "cannot open it");
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return failed("读取出错", "read error");
  } catch (const std::exception& e) {
    return failed(e.what(), e.what());
  }
  return ReadXlsx(bytes, name, limits);
}

std::string DecodeOoxmlEscapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  internal::AppendOoxmlDecoded(out, s);
  return out;
}

bool IsDateFormatId(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

bool IsDateFormatCode(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {  // literal text: "年", "days"
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '[') {  // [Red], [$-804], [DBNum1], [<=100]
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {  // escaped, padding, fill char
      ++i;
    } else {
      switch (c) {
        case 'y':
        case 'Y':
        case 'm':
        case 'M':
        case 'd':
        case 'D':
        case 'h':
        case 'H':
        case 's':
        case 'S':
          return true;
        default:
          break;
      }
    }
  }
  return false;
}

}  // namespace jiaodu::xlsx
