// File: jiaodu/formats/plan_table/plan_table_test_util.h
//
// For tests: workbooks written with the xlsx writer from a grid of cells
// (text or numbers), the published-layout fixture, and a synthetic
// tracking of a plan (values on a straight trend, assessed by the status
// rules) for the export tests.
#ifndef JIAODU_FORMATS_PLAN_TABLE_PLAN_TABLE_TEST_UTIL_H_
#define JIAODU_FORMATS_PLAN_TABLE_PLAN_TABLE_TEST_UTIL_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/formats/plan_table/plan_report.h"

namespace jiaodu::plan_table::testing {

struct TestCell {
  enum class Kind { kEmpty, kText, kNumber };
  Kind kind = Kind::kEmpty;
  std::string text;
  double number = 0;
  TestCell() = default;
  TestCell(const char* t) : kind(*t ? Kind::kText : Kind::kEmpty), text(t) {}  // NOLINT
  TestCell(std::string t)
      : kind(t.empty() ? Kind::kEmpty : Kind::kText), text(std::move(t)) {}  // NOLINT
  TestCell(double n) : kind(Kind::kNumber), number(n) {}                     // NOLINT
  TestCell(int n) : kind(Kind::kNumber), number(n) {}                        // NOLINT
};
using Grid = std::vector<std::vector<TestCell>>;

struct TestSheet {
  std::string name;
  Grid rows;
  // Merged blocks (0-based, inclusive): the first cell's value shows, the
  // rest read as empty, as in Excel.
  std::vector<std::pair<std::pair<size_t, size_t>, std::pair<size_t, size_t>>> merges = {};
};

std::string GridXlsx(const std::vector<TestSheet>& sheets);

// A county's published 主要指标 table: a title row, a two-row header with
// merged cells (主要指标值 over the years), 类别 merged down its rows, cells
// as published (100.23%, ≥100%, 85%以上, 不低于50%, 保持高水平, 1.5万,
// ≤41.2%, numbers), and a note under the table. The rows are kPublished.
struct PublishedRow {
  const char* group;
  const char* name;
  TestCell y2020, y2023, y2025;
  const char* attribute;
};
const std::vector<PublishedRow>& PublishedRows();
TestSheet PublishedSheet();
// 1-based Excel row of PublishedRows()[i].
size_t PublishedExcelRow(size_t i);

// Values for each indicator on a straight line from its baseline (or the
// target) at `pace` × the path's yearly change, years baseline … year;
// assessed as the app does. `manual` cells carry evidence.
PlanTracking SyntheticTracking(std::shared_ptr<const plans::Plan> plan, int year);

// The fill colour (0xRRGGBB) of cell `ref` ("G6") of the `sheet_index`-th
// sheet (1-based) of an xlsx written by libxlsxwriter; nullopt without one.
std::optional<uint32_t> FillOf(std::string_view xlsx_bytes, int sheet_index,
                               const std::string& ref);

}  // namespace jiaodu::plan_table::testing

#endif  // JIAODU_FORMATS_PLAN_TABLE_PLAN_TABLE_TEST_UTIL_H_
