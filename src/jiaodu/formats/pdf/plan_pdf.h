// File: jiaodu/formats/pdf/plan_pdf.h
//
// A plan's tracking on one printed page (A4 landscape): title, issuer,
// document number, report year, the status counts, and the table —
// indicator, baseline, the report year's value, target, status (coloured
// as in the Excel export: 绿 已达标, 蓝 按进度, 黄 滞后, 红 严重滞后) and
// the gap in real units — grouped as the plan's table is. A plan of up to
// about 20 indicators fits one page; a longer one continues on the next
// with the header row repeated, never clipped.
//
//   std::string bytes = JIAODU_TRY(PlanTrackingPdf(tracking));
//
// Errors: pdf.font_missing, pdf.write_failed (see pdf_layout.h).
#ifndef JIAODU_FORMATS_PDF_PLAN_PDF_H_
#define JIAODU_FORMATS_PDF_PLAN_PDF_H_

#include <string>

#include "jiaodu/core/error.h"
#include "jiaodu/formats/plan_table/plan_report.h"

namespace jiaodu {

Result<std::string> PlanTrackingPdf(const plan_table::PlanTracking& t);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_PDF_PLAN_PDF_H_
