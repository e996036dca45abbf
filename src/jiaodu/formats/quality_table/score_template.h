// File: jiaodu/formats/quality_table/score_template.h
//
// The score template a bureau hands to schools (or to the marking centre)
// for a 抽测: one sheet 成绩 with the note row, the header row and input
// checks (dropdowns for 性别 and, in the long layout, 科目; scores limited to
// 0–full marks per subject where the cut scores give them), and a sheet
// 填表说明 with the rules. It reads back with ReadScoreFiles.
#ifndef JIAODU_FORMATS_QUALITY_TABLE_SCORE_TEMPLATE_H_
#define JIAODU_FORMATS_QUALITY_TABLE_SCORE_TEMPLATE_H_

#include <string>
#include <utility>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/quality/cut_scores.h"

namespace jiaodu {

struct ScoreTemplateOptions {
  const quality::CutScoreSet* cuts = nullptr;  // subjects and full marks; may be null
  std::vector<std::string> subjects = {};      // used when there are no cuts
  bool wide = false;                           // one column per subject
  bool intake = true;                          // 家庭背景指数 and 前测成绩 columns
  // Schools to offer in the 学校名称 dropdown (code, name); empty = none.
  std::vector<std::pair<std::string, std::string>> schools = {};
};

// The .xlsx bytes. Errors: the writer's (xlsx.write_failed, xlsx.write_rejected).
Result<std::string> ScoreTemplateXlsx(const ScoreTemplateOptions& options);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_QUALITY_TABLE_SCORE_TEMPLATE_H_
