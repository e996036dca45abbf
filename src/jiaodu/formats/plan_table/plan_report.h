// File: jiaodu/formats/plan_table/plan_report.h
//
// A plan's tracking table for a report year, as the exports print it (the
// Excel workbook here, the one-page PDF in formats/pdf/plan_pdf.h): the
// facts of the web page (PlanDetail) — values by year coloured by status,
// target, path value, status, gap in real units, projection, evidence of
// hand-entered values — in a form the formats layer owns, filled by the app
// from its PlanReport.
//
//   PlanTracking t = ...;                        // app/plan_service.cc
//   std::string bytes = JIAODU_TRY(PlanTrackingXlsx(t));
#ifndef JIAODU_FORMATS_PLAN_TABLE_PLAN_REPORT_H_
#define JIAODU_FORMATS_PLAN_TABLE_PLAN_REPORT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/plans/plan.h"
#include "jiaodu/domain/plans/progress.h"

namespace jiaodu::plan_table {

enum class ValueOrigin { kNone, kData, kManual, kBaseline };

struct TrackedCell {
  int year = 0;
  std::optional<double> value;
  ValueOrigin origin = ValueOrigin::kNone;
  plans::ProgressStatus status = plans::ProgressStatus::kNoData;
  std::string evidence;  // manual: 佐证, who, when
  std::string entered_by;
  std::string entered_at;
  std::string problem;  // data exist but the value could not be computed
};

struct TrackedArea {
  std::string code;
  std::string name;
  double target = 0;
  std::vector<TrackedCell> cells;  // one per PlanTracking::years
  plans::Assessment latest;        // the report year
};

struct TrackedIndicator {
  const plans::Indicator* indicator = nullptr;
  TrackedArea area;
  std::vector<TrackedArea> counties;  // level = counties only
  std::optional<double> counties_target;
  std::vector<std::string> holding_back;  // county codes, worst first
};

struct PlanTracking {
  std::shared_ptr<const plans::Plan> plan;
  std::string area_name;
  int year = 0;            // the report year
  std::vector<int> years;  // columns
  int met = 0, on_track = 0, behind = 0, far_behind = 0, no_data = 0;
  std::vector<TrackedIndicator> indicators;
};

// "58.00%" / "2.34" (the indicator's decimals; "%" when its unit is %), or "—".
std::string ValueText(const plans::Indicator& ind, std::optional<double> v);
// What the web page's 状态与差距 column says: "差 86 名学生达到良好及以上",
// "差 1.20%", "距目标还差 …", "符合进度", "—（已达标）", "—".
std::string GapText(const plans::Indicator& ind, const plans::Assessment& a);
// "已达标：3　按进度：5　滞后：2　严重滞后：1　无数据：1".
std::string CountsText(const PlanTracking& t);
// "示范市“十四五”教育事业发展规划指标跟踪（2024年）" — also the file name's stem.
std::string TrackingTitle(const PlanTracking& t);

// Status colours shared by the Excel and PDF exports: fill and font per
// status (绿 已达标, 蓝 按进度, 黄 滞后, 红 严重滞后, 灰 无数据).
struct StatusColors {
  uint32_t fill;
  uint32_t font;
};
StatusColors ColorsOf(plans::ProgressStatus s);

// The workbook: sheet 跟踪表 (one row per indicator, grouped as the plan
// table is), then one sheet per indicator tracked by county. Errors: the
// writer's xlsx.* ids.
Result<std::string> PlanTrackingXlsx(const PlanTracking& t);

}  // namespace jiaodu::plan_table

#endif  // JIAODU_FORMATS_PLAN_TABLE_PLAN_REPORT_H_
