#include "jiaodu/formats/xlsx/table.h"

#include <algorithm>

namespace jiaodu::xlsx {
namespace {

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiLower(x) == AsciiLower(y);
         });
}

}  // namespace

const Cell* Sheet::At(size_t row0, size_t col0) const {
  if (row0 >= rows.size()) return nullptr;
  const std::vector<Cell>& row = rows[row0];
  if (col0 >= row.size()) return nullptr;
  return &row[col0];
}

const Sheet* Workbook::Find(std::string_view name) const {
  for (const Sheet& s : sheets) {
    if (s.name == name) return &s;
  }
  for (const Sheet& s : sheets) {
    if (EqualsIgnoringAsciiCase(s.name, name)) return &s;
  }
  return nullptr;
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
