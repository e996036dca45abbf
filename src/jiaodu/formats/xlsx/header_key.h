// File: jiaodu/formats/xlsx/header_key.h
//
// How readers that find their columns by label compare a header cell with
// the labels they know: clerks write "成绩（满分120）", "数 学" or a
// full-width "（人）" after a label, so the key folds full-width characters
// and drops blanks and bracketed notes. Shared by the 抽测 score reader and
// the rotation workbook reader, so both accept the same spellings.
#ifndef JIAODU_FORMATS_XLSX_HEADER_KEY_H_
#define JIAODU_FORMATS_XLSX_HEADER_KEY_H_

#include <string>
#include <string_view>

namespace jiaodu::xlsx {

// "成绩（满分120）" → "成绩", "数 学" → "数学", "编制数(人)" → "编制数".
std::string HeaderKey(std::string_view header);

}  // namespace jiaodu::xlsx

#endif  // JIAODU_FORMATS_XLSX_HEADER_KEY_H_
