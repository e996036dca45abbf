// File: jiaodu/formats/pdf/school_eval_pdf.h
//
// The 办学质量评价 通报 printed (A4 landscape): title, the scheme (with the
// example label when it is one), the rules the ranking used, then the table
// — rank, school, county, each area's subtotal against its full points, the
// total, and the flags 约谈 / 连续两年靠后 in red — and the notes. Longer
// tables continue on the next page with the header repeated. The figures
// are the evaluation's, rounded as the scheme says: what is printed is
// what was ranked (E3).
//
// Errors: pdf.font_missing, pdf.write_failed (see pdf_layout.h).
#ifndef JIAODU_FORMATS_PDF_SCHOOL_EVAL_PDF_H_
#define JIAODU_FORMATS_PDF_SCHOOL_EVAL_PDF_H_

#include <string>

#include "jiaodu/core/error.h"
#include "jiaodu/formats/school_eval_table/school_eval_report.h"

namespace jiaodu {

Result<std::string> SchoolEvalPdf(const SchoolEvalReport& report);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_PDF_SCHOOL_EVAL_PDF_H_
