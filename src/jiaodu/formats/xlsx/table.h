// File: jiaodu/formats/xlsx/table.h
//
// The in-memory grid that both the .xlsx reader and the CSV reader return.
// Importers only ever see this, so a spreadsheet and a CSV export of it look
// the same to them:
//
//   Workbook book = JIAODU_TRY(ReadXlsx(bytes, "学校基本情况.xlsx"));
//   const Sheet* sheet = book.Find("分学段数据");
//   const Cell* c = sheet ? sheet->At(6, 2) : nullptr;   // C7 as Excel shows it
//   if (c && c->type == Cell::Type::kNumber) Use(c->text);  // "4.2", exactly as stored
//
// Indices are 0-based everywhere in code; Excel's 1-based rows and lettered
// columns only appear in messages (ColumnLetters, CellRef).
#ifndef JIAODU_FORMATS_XLSX_TABLE_H_
#define JIAODU_FORMATS_XLSX_TABLE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jiaodu::xlsx {

struct Cell {
  enum class Type { kEmpty, kNumber, kString, kBool, kError };
  Type type = Type::kEmpty;
  // kNumber: the value; kBool: 0 or 1.
  double number = 0;
  // kString: the text (never empty: an empty string is stored as kEmpty).
  // kNumber: the decimal text exactly as stored in the file ("4.2",
  //   "0.30000000000000004"), so callers can re-parse it without a binary
  //   round trip (see core/number.h).
  // kBool: "TRUE" or "FALSE".  kError: Excel's code, e.g. "#DIV/0!".
  std::string text;
  // kNumber only: styles.xml formats this cell as a date or time, so `number`
  // is an Excel serial (days since 1899-12-30, or since 1904-01-01 when
  // Workbook::date1904 is set).
  bool is_date = false;

  bool empty() const { return type == Type::kEmpty; }
};

struct Sheet {
  std::string name;
  // Hidden or "very hidden" in Excel. Importers usually skip these (our own
  // templates keep their dropdown lists on a hidden sheet).
  bool hidden = false;
  // rows[0] is Excel row 1. Each row is dense up to its last non-empty cell
  // (a row with no values is empty); trailing empty rows are removed.
  std::vector<std::vector<Cell>> rows;

  // The cell at 0-based (row, column); nullptr beyond the stored grid, which
  // callers treat like an empty cell.
  const Cell* At(size_t row0, size_t col0) const;
};

struct Workbook {
  std::string file_name;  // as given to the reader, for messages
  // Serial dates count from 1904-01-01 (old Mac Excel); false for 1900.
  bool date1904 = false;
  std::vector<Sheet> sheets;  // in Excel's tab order

  // By exact name, then ignoring ASCII case (Excel treats "Sheet1" and
  // "SHEET1" as the same name). nullptr when absent.
  const Sheet* Find(std::string_view name) const;
};

// Excel's column letters: 0 -> "A", 25 -> "Z", 26 -> "AA", 16383 -> "XFD".
std::string ColumnLetters(size_t col0);

// Excel's cell reference: (6, 2) -> "C7".
std::string CellRef(size_t row0, size_t col0);

}  // namespace jiaodu::xlsx

#endif  // JIAODU_FORMATS_XLSX_TABLE_H_
