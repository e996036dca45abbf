#include "jiaodu/formats/quality_table/score_template.h"

#include <fmt/format.h>

#include <algorithm>

#include "jiaodu/formats/quality_table/score_columns.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using quality_table::Col;

struct Column {
  std::string header;
  std::string note;
  double width = 12;
  double full_marks = 0;  // score columns: the upper bound of the input check
  Col col = Col::kCount;  // kCount: a wide-layout subject column
};

std::string NoteOf(Col col) {
  for (const auto& c : quality_table::KnownColumns()) {
    if (c.col == col) return std::string(c.note);
  }
  return {};
}

Column Known(Col col, double width) {
  return {std::string(quality_table::Header(col)), NoteOf(col), width, 0, col};
}

// The subjects with their full marks: the cut-score set's (the largest
// full marks over its grades), or the plain list.
std::vector<std::pair<std::string, double>> Subjects(const ScoreTemplateOptions& o) {
  std::vector<std::pair<std::string, double>> out;
  if (o.cuts != nullptr) {
    for (const quality::SubjectCuts& s : o.cuts->subjects()) {
      auto it =
          std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == s.subject; });
      if (it == out.end()) {
        out.emplace_back(s.subject, s.full_marks);
      } else {
        it->second = std::max(it->second, s.full_marks);
      }
    }
  }
  for (const std::string& s : o.subjects) {
    if (std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == s; })) {
      out.emplace_back(s, 0);
    }
  }
  return out;
}

}  // namespace

Result<std::string> ScoreTemplateXlsx(const ScoreTemplateOptions& o) {
  const auto subjects = Subjects(o);
  std::vector<Column> cols = {Known(Col::kSchoolCode, 14), Known(Col::kSchoolName, 24),
                              Known(Col::kGrade, 10),      Known(Col::kClass, 14),
                              Known(Col::kStudentId, 22),  Known(Col::kName, 10),
                              Known(Col::kSex, 6)};
  if (o.wide) {
    for (const auto& [name, full] : subjects) {
      Column c{name,
               full > 0 ? fmt::format("{}成绩，0–{}；缺考填“缺考”或留空", name, full)
                        : fmt::format("{}成绩；缺考填“缺考”或留空", name),
               10, full, Col::kCount};
      cols.push_back(std::move(c));
    }
  } else {
    cols.push_back(Known(Col::kSubject, 10));
    cols.push_back(Known(Col::kScore, 10));
  }
  if (o.intake) {
    cols.push_back(Known(Col::kBackground, 14));
    cols.push_back(Known(Col::kPrior, 12));
  }

  const std::string title = o.cuts != nullptr ? o.cuts->test() : std::string("教学质量抽测");
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory(
      {.title = fmt::format("{} 成绩上报模板", title), .subject = "教学质量抽测"}));
  const xlsx::Format header = book.AddFormat({.bold = true,
                                              .fill_color = 0xDDEBF7,
                                              .border = xlsx::BorderStyle::kThin,
                                              .align = xlsx::HAlign::kCenter,
                                              .valign = xlsx::VAlign::kCenter,
                                              .wrap = true});
  const xlsx::Format text = book.AddFormat({.num_format = "@"});
  const xlsx::Format note = book.AddFormat({.font_color = 0x7F6000,
                                            .fill_color = 0xFFF2CC,
                                            .align = xlsx::HAlign::kLeft,
                                            .valign = xlsx::VAlign::kTop,
                                            .wrap = true});
  xlsx::SheetWriter& sheet = book.AddSheet("成绩");
  for (size_t c = 0; c < cols.size(); ++c) {
    // Identifiers as text, so Excel keeps 学籍号 digits and leading zeros.
    const bool is_text = cols[c].col == Col::kSchoolCode || cols[c].col == Col::kStudentId ||
                         cols[c].col == Col::kClass;
    sheet.SetColumnWidth(c, c, cols[c].width, is_text ? text : xlsx::Format());
  }
  sheet.MergeRange(
      {0, 0, 0, cols.size() - 1},
      fmt::format("填表说明：第 2 行为表头，请勿修改；从第 3 "
                  "行起{}。《{}》。学校标识码与学校名称至少填一项；"
                  "学籍号（考号）每名学生唯一；缺考填“缺考”或留空。鼠标停在表头上可看每列的说明。",
                  o.wide ? "每行一名学生，每个科目一列" : "每行一名学生的一个科目", title),
      note);
  sheet.SetRowHeight(0, 48);
  sheet.SetRowHeight(1, 30);
  for (size_t c = 0; c < cols.size(); ++c) {
    sheet.WriteString(1, c, cols[c].header, header);
    if (!cols[c].note.empty()) sheet.WriteComment(1, c, cols[c].note);
  }
  sheet.FreezePanes(2, 0);
  constexpr size_t kFirst = 2, kLast = 20001;  // rows with input checks
  double max_full = 0;
  std::vector<std::string> subject_names;
  for (const auto& [name, full] : subjects) {
    subject_names.push_back(name);
    max_full = std::max(max_full, full);
  }
  for (size_t c = 0; c < cols.size(); ++c) {
    const xlsx::Range range{kFirst, c, kLast, c};
    switch (cols[c].col) {
      case Col::kSex:
        sheet.AddDropdown(range, {"男", "女"},
                          {.input_title = "性别", .input_message = "男 或 女"});
        break;
      case Col::kSubject:
        if (!subject_names.empty()) {
          sheet.AddDropdown(range, subject_names, {.input_title = "科目"});
        }
        break;
      case Col::kSchoolName:
        if (!o.schools.empty()) {
          std::vector<std::string> names;
          for (const auto& [code, name] : o.schools) names.push_back(name);
          sheet.AddDropdown(range, names, {.input_title = "学校名称"});
        }
        break;
      case Col::kScore:
        // A long table mixes subjects: the check can only use the largest full marks.
        if (max_full > 0)
          sheet.AddNumberValidation(range, {.integer = false, .min = 0, .max = max_full});
        break;
      case Col::kCount:
        if (cols[c].full_marks > 0) {
          sheet.AddNumberValidation(range, {.integer = false, .min = 0, .max = cols[c].full_marks});
        }
        break;
      default:
        break;
    }
  }
  // Prefilled schools help the clerk: one example row per school is not
  // written (it would be imported); the list is on its own sheet.
  if (!o.schools.empty()) {
    xlsx::SheetWriter& list = book.AddSheet("学校名单");
    list.SetColumnWidth(0, 0, 14, text);
    list.SetColumnWidth(1, 1, 30);
    list.WriteString(0, 0, "学校标识码", header);
    list.WriteString(0, 1, "学校名称", header);
    for (size_t i = 0; i < o.schools.size(); ++i) {
      list.WriteString(i + 1, 0, o.schools[i].first);
      list.WriteString(i + 1, 1, o.schools[i].second);
    }
  }
  xlsx::SheetWriter& help = book.AddSheet("填表说明");
  help.SetColumnWidth(0, 0, 16);
  help.SetColumnWidth(1, 1, 70);
  help.WriteString(0, 0, "列", header);
  help.WriteString(0, 1, "说明", header);
  for (size_t c = 0; c < cols.size(); ++c) {
    help.WriteString(c + 1, 0, cols[c].header);
    help.WriteString(c + 1, 1, cols[c].note);
  }
  if (o.cuts != nullptr) {
    size_t row = cols.size() + 3;
    help.WriteString(row, 0, "等级划分", header);
    help.WriteString(row, 1, o.cuts->title().zh, header);
    for (const quality::SubjectCuts& s : o.cuts->subjects()) {
      std::string line;
      for (const quality::CutLevel& l : s.levels) {
        line += l.min ? fmt::format("{} ≥ {}；", l.name, *l.min) : fmt::format("{} 其余", l.name);
      }
      help.WriteString(++row, 0, s.grade.empty() ? s.subject : s.subject + "（" + s.grade + "）");
      help.WriteString(row, 1, fmt::format("满分 {}：{}", s.full_marks, line));
    }
  }
  return book.FinishToBytes();
}

}  // namespace jiaodu
