// File: jiaodu/formats/rotation_table/text_workbook.h
//
// For the tests and the fixture generator: a workbook of plain text cells,
// sheet by sheet (what a clerk might type), to feed the reader mistakes the
// writers themselves never make.
#ifndef JIAODU_FORMATS_ROTATION_TABLE_TEXT_WORKBOOK_H_
#define JIAODU_FORMATS_ROTATION_TABLE_TEXT_WORKBOOK_H_

#include <string>
#include <utility>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::rotation_table {

using TextGrid = std::vector<std::vector<std::string>>;
Result<std::string> TextWorkbook(const std::vector<std::pair<std::string, TextGrid>>& sheets);

}  // namespace jiaodu::rotation_table

#endif  // JIAODU_FORMATS_ROTATION_TABLE_TEXT_WORKBOOK_H_
