#include "jiaodu/formats/school_eval_table/school_eval_workbook.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/xlsx/csv_reader.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

constexpr std::string_view kCode = "学校标识码";
constexpr std::string_view kName = "学校名称";

std::string Num(double v) { return fmt::format("{}", v); }

std::string NoteOf(const quality::HsIndicator& ind) {
  const auto [lo, hi] = SchoolEvalRange(ind);
  std::string range;
  if (std::isfinite(lo) && std::isfinite(hi)) {
    range = fmt::format("，{}–{}", Num(lo), Num(hi));
  } else if (std::isfinite(lo)) {
    range = fmt::format("，≥ {}", Num(lo));
  } else if (std::isfinite(hi)) {
    range = fmt::format("，≤ {}", Num(hi));
  }
  std::string text = fmt::format("{}（{} 分{}{}）", ind.name.zh, Num(ind.points),
                                 ind.unit.empty() ? "" : "，" + ind.unit, range);
  if (!ind.note.empty()) text += "。" + ind.note;
  return text;
}

Error Placed(std::string id, const std::string& file, const std::string& sheet, size_t row0,
             size_t col0, std::string value, std::string zh, std::string en) {
  Error e{ErrorCode::kInvalidInput, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
  e.where.file = file;
  e.where.sheet = sheet;
  e.where.row = static_cast<int>(row0 + 1);
  e.where.column = xlsx::ColumnLetters(col0);
  e.where.value = Ellipsize(value, 64);
  return e;
}

std::string CellText(const xlsx::Sheet& sheet, size_t row0, size_t col0) {
  const xlsx::Cell* c = sheet.At(row0, col0);
  if (c == nullptr || c->empty()) return {};
  return std::string(Trim(NormalizeWidth(c->text)));
}

// The header row: the first of the first 10 with a 学校标识码 or 学校名称 cell.
std::optional<size_t> HeaderRow(const xlsx::Sheet& sheet) {
  for (size_t r = 0; r < std::min<size_t>(10, sheet.rows.size()); ++r) {
    for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const std::string t = CellText(sheet, r, c);
      if (t == kCode || t == kName) return r;
    }
  }
  return std::nullopt;
}

// "A1 学业水平考试合格率" or "A1" or the name alone.
bool HeaderNames(std::string_view header, const quality::HsIndicator& ind) {
  if (header == ind.id || header == ind.name.zh) return true;
  if (header.starts_with(ind.id) && header.size() > ind.id.size() &&
      (header[ind.id.size()] == ' ' || header[ind.id.size()] == '\t')) {
    return true;
  }
  return false;
}

// A value as typed: a number, or a percentage "95%" (exactly 0.95).
Result<double> ValueOf(const xlsx::Cell& cell) {
  if (cell.type == xlsx::Cell::Type::kNumber) return ParseNumber(cell.text);
  std::string t(Trim(NormalizeWidth(cell.text)));
  if (t.ends_with("%")) {
    t.pop_back();
    return ParseNumber(Trim(t), -2);
  }
  return ParseNumber(t);
}

}  // namespace

std::string SchoolEvalColumnHeader(const quality::HsIndicator& ind) {
  return fmt::format("{} {}", ind.id, ind.name.zh);
}

std::pair<double, double> SchoolEvalRange(const quality::HsIndicator& ind) {
  const bool expert = ind.rule.kind == quality::RuleKind::kExpert;
  return {ind.min.value_or(expert ? 0 : -HUGE_VAL), ind.max.value_or(expert ? 100 : HUGE_VAL)};
}

Result<std::string> SchoolEvalTemplateXlsx(const quality::HsScheme& scheme, int year,
                                           std::span<const SchoolEvalSchool> schools) {
  const quality::HsSchemeSpec& spec = scheme.spec();
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory(
      {.title = fmt::format("{} {}年 评价数据", spec.title.zh, year), .subject = "办学质量评价"}));
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
  xlsx::SheetWriter& sheet = book.AddSheet(kSchoolEvalSheet);
  const size_t n = spec.indicators.size();
  sheet.SetColumnWidth(0, 0, 14, text);  // 学校标识码 as text: leading zeros stay
  sheet.SetColumnWidth(1, 1, 28);
  sheet.SetColumnWidth(2, n + 1, 16);
  sheet.MergeRange({0, 0, 0, n + 1},
                   fmt::format("填表说明：《{}》{}年。第 2 行为表头，请勿修改；每行一所学校，"
                               "每个指标一列；不知道的值请留空（按方案的缺项规则处理）。比率填小数"
                               "（0.95）或百分数（95%）。鼠标停在表头上可看每列的说明。",
                               spec.title.zh, year),
                   note);
  sheet.SetRowHeight(0, 48);
  sheet.SetRowHeight(1, 44);
  sheet.WriteString(1, 0, kCode, header);
  sheet.WriteString(1, 1, kName, header);
  for (size_t i = 0; i < n; ++i) {
    const quality::HsIndicator& ind = spec.indicators[i];
    sheet.WriteString(1, i + 2, SchoolEvalColumnHeader(ind), header);
    sheet.WriteComment(1, i + 2, NoteOf(ind));
  }
  sheet.FreezePanes(2, 2);
  for (size_t s = 0; s < schools.size(); ++s) {
    sheet.WriteString(s + 2, 0, schools[s].code);
    sheet.WriteString(s + 2, 1, schools[s].name);
  }
  const size_t last = std::max<size_t>(schools.size() + 1, 2) + 200;
  for (size_t i = 0; i < n; ++i) {
    const auto [lo, hi] = SchoolEvalRange(spec.indicators[i]);
    xlsx::NumberRule rule;
    if (std::isfinite(lo)) rule.min = lo;
    if (std::isfinite(hi)) rule.max = hi;
    if (rule.min || rule.max) sheet.AddNumberValidation({2, i + 2, last, i + 2}, rule);
  }
  xlsx::SheetWriter& help = book.AddSheet("指标说明");
  help.SetColumnWidth(0, 0, 8);
  help.SetColumnWidth(1, 1, 12);
  help.SetColumnWidth(2, 2, 70);
  help.WriteString(0, 0, "编号", header);
  help.WriteString(0, 1, "评价内容", header);
  help.WriteString(0, 2, "说明", header);
  for (size_t i = 0; i < n; ++i) {
    const quality::HsIndicator& ind = spec.indicators[i];
    help.WriteString(i + 1, 0, ind.id);
    help.WriteString(i + 1, 1, ind.area);
    help.WriteString(i + 1, 2, NoteOf(ind));
  }
  return book.FinishToBytes();
}

SchoolEvalRead ReadSchoolEvalWorkbook(std::string_view bytes, std::string_view file_name,
                                      const quality::HsScheme& scheme,
                                      std::span<const SchoolEvalSchool> known) {
  SchoolEvalRead out;
  const std::string file(file_name);
  auto fail = [&](Error e) {
    if (e.where.file.empty()) e.where.file = file;
    out.errors.push_back(std::move(e));
    return out;
  };
  std::optional<xlsx::Sheet> sheet;
  if (file_name.ends_with(".csv") || file_name.ends_with(".txt") || file_name.ends_with(".CSV")) {
    auto s = xlsx::ReadCsv(bytes, file_name);
    if (!s) return fail(s.error());
    sheet = std::move(*s);
  } else {
    auto book = xlsx::ReadXlsx(bytes, file_name);
    if (!book) return fail(book.error());
    const xlsx::Sheet* found = book->Find(kSchoolEvalSheet);
    for (size_t i = 0; found == nullptr && i < book->sheets.size(); ++i) {
      if (!book->sheets[i].hidden) found = &book->sheets[i];
    }
    if (found == nullptr) {
      return fail(Placed("school_eval_import.no_header", file, "", 0, 0, "",
                         "工作簿中没有可读的工作表", "the workbook has no visible sheet"));
    }
    sheet = *found;
  }
  const std::optional<size_t> head = HeaderRow(*sheet);
  if (!head) {
    return fail(Placed("school_eval_import.no_header", file, sheet->name, 0, 0, "",
                       "前 10 行中没有含“学校标识码”或“学校名称”的表头行",
                       "no header row with 学校标识码 or 学校名称 in the first 10 rows"));
  }
  // The columns: school code and name, then one per indicator.
  std::optional<size_t> code_col, name_col;
  const quality::HsSchemeSpec& spec = scheme.spec();
  std::vector<std::optional<size_t>> ind_col(spec.indicators.size());
  const size_t width = sheet->rows[*head].size();
  for (size_t c = 0; c < width; ++c) {
    const std::string h = CellText(*sheet, *head, c);
    if (h.empty()) continue;
    if (h == kCode) code_col = c;
    if (h == kName) name_col = c;
    for (size_t i = 0; i < spec.indicators.size(); ++i) {
      if (!HeaderNames(h, spec.indicators[i])) continue;
      if (ind_col[i]) {
        out.errors.push_back(
            Placed("school_eval_import.duplicate_column", file, sheet->name, *head, c, h,
                   fmt::format("指标 {} 的列出现了两次", spec.indicators[i].id),
                   fmt::format("indicator {} has two columns", spec.indicators[i].id)));
      }
      ind_col[i] = c;
    }
  }
  for (size_t i = 0; i < spec.indicators.size(); ++i) {
    if (ind_col[i]) continue;
    const std::string header = SchoolEvalColumnHeader(spec.indicators[i]);
    out.errors.push_back(Placed("school_eval_import.missing_column", file, sheet->name, *head, 0,
                                "", fmt::format("表头缺少指标列“{}”", header),
                                fmt::format("the header lacks the column \"{}\"", header)));
  }
  if (!out.errors.empty()) return out;
  std::map<std::string, const SchoolEvalSchool*, std::less<>> by_code, by_name;
  for (const SchoolEvalSchool& s : known) {
    by_code[s.code] = &s;
    by_name[s.name] = &s;
  }
  std::map<std::string, size_t> seen;  // code → the Excel row it was first on
  for (size_t r = *head + 1; r < sheet->rows.size(); ++r) {
    const std::string code = code_col ? CellText(*sheet, r, *code_col) : std::string();
    const std::string name = name_col ? CellText(*sheet, r, *name_col) : std::string();
    bool any_value = false;
    for (const auto& c : ind_col) any_value |= !CellText(*sheet, r, *c).empty();
    if (code.empty() && name.empty()) {
      if (any_value) {
        out.errors.push_back(Placed("school_eval_import.no_school", file, sheet->name, r,
                                    code_col.value_or(name_col.value_or(0)), "",
                                    "学校标识码和学校名称都为空", "no 学校标识码 and no 学校名称"));
      }
      continue;
    }
    ++out.rows;
    const SchoolEvalSchool* school = nullptr;
    if (!code.empty()) {
      if (auto it = by_code.find(code); it != by_code.end()) school = it->second;
    } else if (auto it = by_name.find(name); it != by_name.end()) {
      school = it->second;
    }
    if (school == nullptr) {
      const std::string shown = code.empty() ? name : code;
      out.errors.push_back(Placed(
          "school_eval_import.unknown_school", file, sheet->name, r,
          code.empty() ? *name_col : *code_col, shown,
          fmt::format("学校“{}”不在本方案的参评学校中（未登记，或没有方案评价的学段）", shown),
          fmt::format("school \"{}\" is not one the scheme evaluates (not registered, or of "
                      "another section)",
                      shown)));
      continue;
    }
    if (auto [it, fresh] = seen.emplace(school->code, r + 1); !fresh) {
      out.errors.push_back(
          Placed("school_eval_import.duplicate_school", file, sheet->name, r,
                 code.empty() ? *name_col : *code_col, school->code,
                 fmt::format("学校“{}”已在第 {} 行出现过", school->name, it->second),
                 fmt::format("school \"{}\" already appears on row {}", school->name, it->second)));
      continue;
    }
    quality::HsSchoolInput in{school->code, school->name, {}};
    for (size_t i = 0; i < spec.indicators.size(); ++i) {
      const quality::HsIndicator& ind = spec.indicators[i];
      const xlsx::Cell* cell = sheet->At(r, *ind_col[i]);
      if (cell == nullptr || cell->empty() || Trim(cell->text).empty()) continue;
      auto v = ValueOf(*cell);
      if (!v) {
        out.errors.push_back(
            Placed("school_eval_import.not_a_number", file, sheet->name, r, *ind_col[i], cell->text,
                   fmt::format("指标 {} 应为数字（或百分数）", ind.id),
                   fmt::format("indicator {} must be a number (or a percentage)", ind.id)));
        continue;
      }
      const auto [lo, hi] = SchoolEvalRange(ind);
      if (Less(*v, lo) || Greater(*v, hi)) {
        out.errors.push_back(Placed(
            "school_eval_import.out_of_range", file, sheet->name, r, *ind_col[i], cell->text,
            fmt::format("指标 {} 的值 {} 超出 {}–{}", ind.id, Num(*v), Num(lo), Num(hi)),
            fmt::format("indicator {}: {} is outside {}–{}", ind.id, Num(*v), Num(lo), Num(hi))));
        continue;
      }
      in.values[ind.id] = *v;
      ++out.values;
    }
    out.inputs.push_back(std::move(in));
  }
  if (out.errors.empty() && out.rows == 0) {
    out.errors.push_back(Placed("school_eval_import.empty", file, sheet->name, *head, 0, "",
                                "表头下没有任何学校的数据", "no school rows below the header"));
  }
  return out;
}

}  // namespace jiaodu
