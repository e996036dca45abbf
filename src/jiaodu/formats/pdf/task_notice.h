// File: jiaodu/formats/pdf/task_notice.h
//
// The 督办通知单: the printed notice a bureau sends to the unit behind an
// overdue task (A4 portrait, one page): its number, the unit it goes to,
// the task, why it is being supervised, the new deadline, what the unit
// must do, and the issuing office with the date. Every figure comes from
// the task's log entry that issued the notice, so a reprint years later
// reads the same.
//
//   std::string bytes = JIAODU_TRY(SupervisionNoticePdf(notice));
//
// Errors: pdf.font_missing, pdf.write_failed (see pdf_layout.h).
#ifndef JIAODU_FORMATS_PDF_TASK_NOTICE_H_
#define JIAODU_FORMATS_PDF_TASK_NOTICE_H_

#include <string>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu {

struct SupervisionNotice {
  std::string issuer;                 // 示范市教育局
  std::string office;                 // 督查科 (who signs)
  std::string number;                 // 督办〔2026〕1号
  std::string date;                   // issue date, YYYY-MM-DD
  std::string to_unit;                // 主送: the 牵头单位
  std::vector<std::string> co_units;  // 抄送: the 配合单位
  std::string task_id;
  std::string title;
  std::string clause;
  std::string target;
  std::string owner;
  std::string deadline;  // the task's own 完成时限
  std::string overdue;   // "逾期 12 天" (as of the date)
  std::string reason;    // 督办事由, from the log
  std::string new_due;   // 限期完成时间
  int sequence = 1;      // the how-many-th notice on this task
};

Result<std::string> SupervisionNoticePdf(const SupervisionNotice& n);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_PDF_TASK_NOTICE_H_
