// File: jiaodu/formats/task_table/task_table.h
//
// 督办 measures in and out of Excel: the list a bureau keeps of its
// measures (任务名称 / 牵头单位 / 配合单位 / 责任人 / 完成时限 …), read all or
// nothing into tasks, the template jiaodu hands out for it, and the 公示
// list for publication.
//
// The reader finds the header row by its labels (any of the first 20 rows,
// the first sheet that has one) and the columns by name, so a bureau's own
// list with extra columns or another order reads too. Dates may be Excel
// dates or text: 2024-12-31, 2024/12/31, 2024年12月31日, 2024.12.31, and the
// forms plans use for deadlines, read as the last day of the period:
// 2024年12月 / 2024年12月前 / 2024年12月底 → 2024-12-31, 2025年底 / 2025年年底 /
// 2025年 → 2025-12-31 (docs/tasks.md T9).
#ifndef JIAODU_FORMATS_TASK_TABLE_TASK_TABLE_H_
#define JIAODU_FORMATS_TASK_TABLE_TASK_TABLE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/tasks/task.h"

namespace jiaodu::tasktable {

// A deadline or date as written in a cell's text (see above); nullopt when
// it is not one.
std::optional<int64_t> ParseDateText(std::string_view text);

// Reads the measures of an xlsx list. Rows without a 任务名称 are skipped
// (blank lines, notes under the table); ids come from 编号, else "T" + the
// 序号, else "T" + the row number. Errors name file, sheet, row and column
// (task_table.* ids).
Result<std::vector<tasks::Task>> ReadTaskTable(std::string_view bytes, std::string_view file_name);

// The template: the columns above with an example row, explanations as
// comments, dropdowns for 是/否 and, when given, the units.
Result<std::string> WriteTaskTemplate(const std::vector<std::string>& units);

struct PublicityRow {
  std::string id;
  std::string title;
  std::string lead_unit;
  std::string co_units;
  std::string deadline;
  std::string state;
  std::string result;
};
// The 公示 list as a workbook (title, date, one row per task).
Result<std::string> WritePublicity(std::string_view title, std::string_view date,
                                   const std::vector<PublicityRow>& rows);

}  // namespace jiaodu::tasktable

#endif  // JIAODU_FORMATS_TASK_TABLE_TASK_TABLE_H_
