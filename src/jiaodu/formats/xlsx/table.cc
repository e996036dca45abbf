#include "jiaodu/formats/xlsx/table.h"

#include <algorithm>

#include "jiaodu/formats/xlsx/xlsx_internal.h"

namespace jiaodu::xlsx {

const Cell* Sheet::At(size_t row0, size_t col0) const {
  if (row0 >= rows.size()) return nullptr;
  const std::vector<Cell>& row = rows[row0];
  if (col0 >= row.size()) return nullptr;
  return &row[col0];
}

const Sheet* Workbook::Find(std::string_view name) const {
  return internal::FindByName(sheets, name,
                              [](const Sheet& s) -> std::string_view { return s.name; });
}

std::string ColumnLetters(size_t col0) {
  // Bijective base 26: there is no zero digit, so "Z" is followed by "AA".
  std::string out;
  size_t n = col0 + 1;
  while (n > 0) {
    --n;
    out.push_back(static_cast<char>('A' + n % 26));
    n /= 26;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string CellRef(size_t row0, size_t col0) {
  return ColumnLetters(col0) + std::to_string(row0 + 1);
}

}  // namespace jiaodu::xlsx
