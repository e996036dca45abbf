// File: jiaodu/formats/pdf/report_pdf.h
//
// The printed form of a county's evaluation: the annex tables (附表) a
// county attaches to its self-evaluation report (自评报告) for the
// provincial and national inspection. The facts are those of the Excel
// export (formats/report_xlsx) and of the JSON; only the layout differs.
// Everything is in Chinese: the readers are 教育局 staff and inspectors.
//
//   CountyEvaluation e = engine.EvaluateCounty(input);
//   std::string bytes = JIAODU_TRY(CountyReportPdf(engine.standard(), e));
//   // serve as 石门县2024-2025学年自评报告附表.pdf
//
// A4 landscape, 15 mm margins, "Noto Sans CJK SC" embedded (subsets), a
// running header "县 · 学年 · 报告名称 · 文号" and a "第 N 页 / 共 M 页"
// footer on every page. Tables, each starting on a new page and numbered
// in order (a table that does not apply is left out, not left empty):
//   附表  汇总: the overall verdict, the parts (资源配置, 政府保障程度, 教育质量,
//        社会认可度, 一票否决; a part the standard does not have is left
//        out), the reasons, and notes.
//   附表  校际差异系数: per stage, mean / SD / CV / limit / verdict of each
//        indicator and the composite (judged when the standard limits it,
//        as the 2012 method does, otherwise for reference), and the schools
//        driving each CV over its limit.
//   附表  one per stage: every school's indicator values (below the standard
//        in orange, below its floor in bold red), 达标项数 and 结论 (only when
//        the standard judges schools), and the schools left out.
//   附表  评估事项核查表 (standards with items): each item's checks with value
//        and threshold, the bureau's judgment and evidence; the 一票否决 list.
//   附表  达标所需 (when a stage needs additions): totals per resource and the
//        list of additions per school (the first 300; the rest counted).
// Long tables continue across pages with their header row repeated.
//
// Errors: pdf.font_missing (kFailedPrecondition: fonts-noto-cjk is not
// installed) and pdf.write_failed (kIo); the content comes from the engine
// and cannot be refused. Safe to call from several threads at once.
#ifndef JIAODU_FORMATS_PDF_REPORT_PDF_H_
#define JIAODU_FORMATS_PDF_REPORT_PDF_H_

#include <string>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/standards/evaluation.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu {

// One county's annex tables (the bytes of a PDF). `e` must have been
// evaluated against `standard`.
Result<std::string> CountyReportPdf(const Standard& standard, const CountyEvaluation& e);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_PDF_REPORT_PDF_H_
