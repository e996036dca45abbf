// File: jiaodu/formats/plan_table/plan_cell.h
//
// One cell of a published indicator table (主要指标) as counties write it:
//
//   "100.23%"      value 100.23, unit %, 2 decimals
//   "≥100%"        ≥ 100 %              ">=100%", "≧100%" alike
//   "不低于98%"    ≥ 98 %               also 不少于 / 达到 / 超过 / 高于 / 大于等于
//   "95%以上"      ≥ 95 %               also 及以上
//   "≤41.2%"       ≤ 41.2 %             also 不高于 / 不超过 / 低于 / 控制在
//   "5%以内"       ≤ 5 %                also 以下 / 及以下
//   "1.5万"        1.5, unit 万         "2.34万个": unit 万个
//   "保持高水平"   保持, no value       "保持100%", "巩固在95%以上": 保持 a value
//   "—", "/", ""   no value             "-", "——", "无" alike
//
// Refused (plan.table_bad_cell, the message quotes the cell and says why):
// approximations ("约95", "95%左右"), ranges ("95%—98%"), two numbers,
// text that is not a number ("较大提升"), and a sign contradicting its
// suffix ("≥95%以下"). Full-width forms ("≥９５％") are folded first.
//
//   auto c = ParsePlanCell("≥93%");   // c->comparison = kAtLeast, c->value = 93
#ifndef JIAODU_FORMATS_PLAN_TABLE_PLAN_CELL_H_
#define JIAODU_FORMATS_PLAN_TABLE_PLAN_CELL_H_

#include <optional>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/plans/plan.h"

namespace jiaodu::plan_table {

struct PlanCellValue {
  // Written before or after the number (or the whole word 保持); none for a
  // bare number.
  std::optional<plans::Comparison> comparison;
  std::optional<double> value;  // none: an empty cell, or 保持 without a number
  std::string unit;             // as written after the number: "%", "万", "万个", ""
  int decimals = 0;             // digits written after the decimal point
  bool empty() const { return !comparison && !value; }
};

// Parses the cell text (see above). Error id plan.table_bad_cell; the caller
// adds where the cell is.
Result<PlanCellValue> ParsePlanCell(std::string_view text);

// A comparison written on its own (the template's 比较方式 column): the
// words above and plans::ParseComparison's (≥ ≤ = 保持 >= <= 不低于 …).
// Error id plan.bad_comparison.
Result<plans::Comparison> ParseComparisonWord(std::string_view text);

}  // namespace jiaodu::plan_table

#endif  // JIAODU_FORMATS_PLAN_TABLE_PLAN_CELL_H_
