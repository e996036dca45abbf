// File: jiaodu/formats/plan_table/plan_table.h
//
// A plan's indicator table (主要指标) in and out of Excel (docs/plans.md,
// "Indicator tables in Excel"):
//
//   ReadPlanTable      a workbook → plans::Plan: either a county's published
//                      table (指标 / 2020年 / 2025年 / 指标属性, optional 序号,
//                      类别, 单位, milestone years) or jiaodu's own template
//                      (sheets 规划信息 and 主要指标). Cells follow the grammar
//                      of plan_cell.h. Indicators the library knows by name get
//                      its formula; all others are entered by hand.
//   PlanTemplateXlsx   that template, empty but for an example row, or filled
//                      with a plan (then ReadPlanTable gives the plan back, as
//                      far as a table carries it).
//
// All or nothing: one bad cell refuses the whole file. The error names the
// file, the sheet, the row and the column (letter and header) and says why;
// further problems (up to 20) are listed in its context.
//
//   PlanMeta meta{.name = "城关区“十四五”教育发展规划", .area = "990103"};
//   auto got = ReadPlanTable(bytes, "主要指标.xlsx", meta, library);
//   std::string toml = WritePlanToml(*got->plan);   // stored as a plan file
//
// Error ids: plan.table_no_sheet (no sheet with an indicator header),
// plan.table_bad_cell, plan.table_missing (a required cell is empty),
// plan.table_duplicate (an indicator name or id twice), plan.table_unit
// (units that disagree), plan.table_conflict (two comparisons that
// disagree), plan.table_source (数据来源 names no library entry),
// plan.table_meta (plan metadata missing or invalid), plan.table_no_rows,
// the plans::Validate ids (placed on the indicator's row), and the xlsx.*
// ids of the reader for files that are not readable workbooks.
#ifndef JIAODU_FORMATS_PLAN_TABLE_PLAN_TABLE_H_
#define JIAODU_FORMATS_PLAN_TABLE_PLAN_TABLE_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/plans/plan.h"
#include "jiaodu/formats/plan_file/plan_file.h"

namespace jiaodu::plan_table {

// The sheet names of the template.
inline constexpr std::string_view kInfoSheet = "规划信息";
inline constexpr std::string_view kIndicatorSheet = "主要指标";

// A plan's metadata as given with an upload; empty fields are taken from the
// workbook's 规划信息 sheet (the form wins where both give one).
struct PlanMeta {
  std::string id = {};
  std::string name = {};
  std::string issuer = {};
  std::string doc_number = {};
  std::string area = {};
  std::string source = {};
  std::optional<int> start_year = {};
  std::optional<int> end_year = {};
};

struct PlanTableImport {
  std::shared_ptr<const plans::Plan> plan;
  std::string sheet;             // where the indicators were read
  bool template_layout = false;  // jiaodu's template (else a published table)
  int computed = 0;              // indicators that got a library formula
  int manual = 0;                // entered by hand
};

Result<PlanTableImport> ReadPlanTable(std::string_view bytes, std::string_view file_name,
                                      const PlanMeta& form, const IndicatorLibrary& library);

// The template's bytes. With `plan`, its indicators fill the table (and its
// metadata the 规划信息 sheet); without, one example row shows the forms.
Result<std::string> PlanTemplateXlsx(const IndicatorLibrary& library,
                                     const plans::Plan* plan = nullptr);

// The shipped library: $JIAODU_DATA_DIR/plans/indicator_library.toml when
// that variable is set (as `jiaodu --data` does for the rest of data/),
// else the source tree's data/plans/indicator_library.toml.
std::filesystem::path DefaultIndicatorLibraryPath();

// The id an indicator gets when neither the table nor the library gives
// one: "i_" and 8 hex digits of a hash of its normalized name, so the same
// name keeps its id (and its hand-entered values) across re-imports.
std::string GeneratedIndicatorId(std::string_view name);

}  // namespace jiaodu::plan_table

#endif  // JIAODU_FORMATS_PLAN_TABLE_PLAN_TABLE_H_
