#include "jiaodu/formats/task_table/task_table.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <map>
#include <set>

#include "jiaodu/core/civil_date.h"
#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu::tasktable {
namespace {

enum class Col {
  kId,
  kSeq,
  kTitle,
  kClause,
  kIndicator,
  kLead,
  kCo,
  kOwner,
  kTarget,
  kTargetValue,
  kUnit,
  kStart,
  kDeadline,
  kMilestones,
  kRemind,
  kPublish,
};

struct Header {
  Col col;
  std::vector<std::string_view> names;  // the first is the template's
  const char* hint;
};

const std::vector<Header>& Headers() {
  static const std::vector<Header> h = {
      {Col::kId, {"编号", "任务编号"}, "任务的唯一编号，如 DB2025-01；留空则按序号生成"},
      {Col::kSeq, {"序号"}, ""},
      {Col::kTitle, {"任务名称", "重点任务", "工作任务", "任务内容", "任务"}, "必填"},
      {Col::kClause, {"规划条款", "条款原文", "任务来源", "政策依据"}, "来自规划文本的原文"},
      {Col::kIndicator, {"关联指标"}, "规划指标编号（可空）"},
      {Col::kLead, {"牵头单位", "责任单位", "牵头科室"}, "必填"},
      {Col::kCo, {"配合单位", "协办单位"}, "多个单位用顿号分隔"},
      {Col::kOwner, {"责任人"}, ""},
      {Col::kTarget, {"目标", "量化目标", "目标任务", "工作目标"}, "如：增加学位800个"},
      {Col::kTargetValue, {"目标值"}, "数字（可空）"},
      {Col::kUnit, {"计量单位", "单位"}, ""},
      {Col::kStart, {"下达日期", "开始日期"}, "留空为导入当天"},
      {Col::kDeadline,
       {"完成时限", "截止日期", "完成时间", "时间节点要求"},
       "必填：2025-12-31、2025年12月底、2025年底等"},
      {Col::kMilestones,
       {"节点", "时间节点", "阶段目标"},
       "如：2025-06-30 制定方案；2025-09-30 完成招标"},
      {Col::kRemind, {"临期提醒天数", "提前提醒天数"}, "默认 7"},
      {Col::kPublish, {"公示", "是否公示"}, "是 / 否，默认 是"},
  };
  return h;
}

std::string Trim(std::string_view s) { return std::string(jiaodu::Trim(s)); }

std::string CellText(const xlsx::Cell* c) { return c == nullptr ? std::string() : Trim(c->text); }

// Reads digits at `pos`, advancing it.
std::optional<int> Digits(std::string_view t, size_t& pos, size_t max) {
  size_t start = pos;
  int v = 0;
  while (pos < t.size() && pos - start < max && t[pos] >= '0' && t[pos] <= '9') {
    v = v * 10 + (t[pos] - '0');
    ++pos;
  }
  if (pos == start) return std::nullopt;
  return v;
}

bool Eat(std::string_view t, size_t& pos, std::string_view what) {
  if (t.substr(pos).starts_with(what)) {
    pos += what.size();
    return true;
  }
  return false;
}

int64_t MonthEnd(int y, int m) {
  return m == 12 ? DaysFromCivil(y, 12, 31) : DaysFromCivil(y, m + 1, 1) - 1;
}

Error At(std::string_view id, std::string zh, std::string en, const std::string& file,
         const std::string& sheet, size_t row0, size_t col0, std::string_view header,
         std::string value) {
  Error e{ErrorCode::kInvalidInput, std::string(id), Text(std::move(zh), std::move(en)), {}, {}};
  e.where.file = file;
  e.where.sheet = sheet;
  e.where.row = static_cast<int>(row0 + 1);
  e.where.column = fmt::format("{} ({})", xlsx::ColumnLetters(col0), header);
  e.where.value = value.substr(0, 64);
  return e;
}

// Splits a cell's list at any of `seps`, but not inside brackets:
// "各县（市、区）教育局、机关党委" is two units.
std::vector<std::string> SplitList(std::string_view text,
                                   std::initializer_list<std::string_view> seps) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  auto flush = [&] {
    std::string u = Trim(cur);
    if (!u.empty()) out.push_back(u);
    cur.clear();
  };
  for (size_t i = 0; i < text.size();) {
    std::string_view rest = text.substr(i);
    if (rest.starts_with("（") || rest.starts_with("(")) ++depth;
    if ((rest.starts_with("）") || rest.starts_with(")")) && depth > 0) --depth;
    size_t sep = 0;
    for (std::string_view s : seps)
      if (rest.starts_with(s)) sep = s.size();
    if (sep != 0 && depth == 0) {
      flush();
      i += sep;
      continue;
    }
    const size_t len = rest.starts_with("（") || rest.starts_with("）") ? 3 : 1;
    cur.append(rest.substr(0, len));
    i += len;
  }
  flush();
  return out;
}

}  // namespace

std::optional<int64_t> ParseDateText(std::string_view raw) {
  const std::string s = Trim(raw);
  std::string_view t = s;
  if (auto iso = ParseIsoDate(t)) return iso;
  size_t pos = 0;
  auto y = Digits(t, pos, 4);
  if (!y || pos != 4 || *y < 1990 || *y > 2100) return std::nullopt;
  if (pos == t.size()) return std::nullopt;  // a bare number is not a date
  // 2025年 / 2025年底 / 2025年年底 / 2025年末
  if (Eat(t, pos, "年")) {
    if (pos == t.size() || t.substr(pos) == "底" || t.substr(pos) == "年底" ||
        t.substr(pos) == "末" || t.substr(pos) == "年末" || t.substr(pos) == "前") {
      return DaysFromCivil(*y, 12, 31);
    }
    auto m = Digits(t, pos, 2);
    if (!m || *m < 1 || *m > 12 || !Eat(t, pos, "月")) return std::nullopt;
    if (pos == t.size() || t.substr(pos) == "底" || t.substr(pos) == "末" ||
        t.substr(pos) == "前" || t.substr(pos) == "份") {
      return MonthEnd(*y, *m);
    }
    auto d = Digits(t, pos, 2);
    if (!d) return std::nullopt;
    Eat(t, pos, "日") || Eat(t, pos, "号");
    if (pos != t.size() && t.substr(pos) != "前") return std::nullopt;
    return CheckedDaysFromCivil(*y, *m, *d);
  }
  // 2025.12.31 / 2025.12
  if (Eat(t, pos, ".")) {
    auto m = Digits(t, pos, 2);
    if (!m || *m < 1 || *m > 12) return std::nullopt;
    if (pos == t.size()) return MonthEnd(*y, *m);
    if (!Eat(t, pos, ".")) return std::nullopt;
    auto d = Digits(t, pos, 2);
    if (!d || pos != t.size()) return std::nullopt;
    return CheckedDaysFromCivil(*y, *m, *d);
  }
  return std::nullopt;
}

Result<std::vector<tasks::Task>> ReadTaskTable(std::string_view bytes, std::string_view file_name) {
  const xlsx::Workbook book = JIAODU_TRY(xlsx::ReadXlsx(bytes, file_name));
  const std::string file(file_name);
  // The header row: the first row (of the first 20, on the first visible
  // sheet that has one) naming a title column, a lead unit and a deadline.
  const xlsx::Sheet* sheet = nullptr;
  size_t header_row = 0;
  std::map<Col, size_t> cols;
  for (const xlsx::Sheet& s : book.sheets) {
    if (s.hidden) continue;
    for (size_t r = 0; r < std::min<size_t>(20, s.rows.size()); ++r) {
      std::map<Col, size_t> found;
      for (size_t c = 0; c < s.rows[r].size(); ++c) {
        const std::string label = CellText(&s.rows[r][c]);
        for (const Header& h : Headers()) {
          for (std::string_view n : h.names) {
            if (label == n && !found.count(h.col)) found[h.col] = c;
          }
        }
      }
      if (found.count(Col::kTitle) && found.count(Col::kLead) && found.count(Col::kDeadline)) {
        sheet = &s;
        header_row = r;
        cols = found;
        break;
      }
    }
    if (sheet) break;
  }
  if (sheet == nullptr) {
    return Fail(
        ErrorCode::kInvalidInput, "task_table.no_header",
        Text(fmt::format("文件 {} 中找不到任务清单的表头：需要“任务名称”“牵头单位”“完成时限”三列"
                         "（可下载模板对照）",
                         file),
             fmt::format("{}: no header row with 任务名称, 牵头单位 and 完成时限 (see the "
                         "template)",
                         file)));
  }
  auto header_of = [&](Col c) {
    for (const Header& h : Headers())
      if (h.col == c) {
        const xlsx::Cell* cell = sheet->At(header_row, cols.at(c));
        return cell ? cell->text : std::string(h.names.front());
      }
    return std::string();
  };
  auto text = [&](size_t r, Col c) {
    auto it = cols.find(c);
    return it == cols.end() ? std::string() : CellText(sheet->At(r, it->second));
  };
  auto fail = [&](size_t r, Col c, const char* id, std::string zh, std::string en) {
    return Fail(At(id, std::move(zh), std::move(en), file, sheet->name, r, cols.at(c), header_of(c),
                   text(r, c)));
  };
  auto date = [&](size_t r, Col c) -> Result<std::optional<int64_t>> {
    auto it = cols.find(c);
    if (it == cols.end()) return std::optional<int64_t>();
    const xlsx::Cell* cell = sheet->At(r, it->second);
    if (cell == nullptr || cell->empty()) return std::optional<int64_t>();
    if (cell->type == xlsx::Cell::Type::kNumber && cell->is_date) {
      const double serial = cell->number + (book.date1904 ? 1462 : 0);
      return std::optional<int64_t>(static_cast<int64_t>(std::floor(serial)) - 25569);
    }
    auto d = ParseDateText(cell->text);
    if (!d) {
      return fail(
          r, c, "task_table.bad_date",
          fmt::format("“{}”不是日期（可写 2025-12-31、2025年12月底、2025年底）", cell->text),
          fmt::format("\"{}\" is not a date (2025-12-31, 2025年12月底, 2025年底)", cell->text));
    }
    return std::optional<int64_t>(*d);
  };

  std::vector<tasks::Task> out;
  std::set<std::string> ids;
  for (size_t r = header_row + 1; r < sheet->rows.size(); ++r) {
    tasks::Task t;
    t.title = text(r, Col::kTitle);
    if (t.title.empty()) continue;
    t.id = text(r, Col::kId);
    if (t.id.empty()) {
      const std::string seq = text(r, Col::kSeq);
      t.id = seq.empty() ? fmt::format("T{}", r + 1) : "T" + seq;
    }
    for (char ch : t.id) {
      const bool ok = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= 'a' && ch <= 'z') || ch == '-' || ch == '_' || ch == '.';
      if (!ok) {
        return fail(r, cols.count(Col::kId) ? Col::kId : Col::kTitle, "task_table.bad_id",
                    fmt::format("编号“{}”只能用字母、数字和 - _ .", t.id),
                    fmt::format("id \"{}\" may use letters, digits and - _ . only", t.id));
      }
    }
    if (!ids.insert(t.id).second) {
      return fail(r, cols.count(Col::kId) ? Col::kId : Col::kTitle, "task_table.duplicate_id",
                  fmt::format("编号 {} 与上面的行重复", t.id),
                  fmt::format("id {} repeats an earlier row", t.id));
    }
    t.clause = text(r, Col::kClause);
    t.indicator = text(r, Col::kIndicator);
    t.lead_unit = text(r, Col::kLead);
    if (t.lead_unit.empty()) {
      return fail(r, Col::kLead, "task_table.missing", "牵头单位不能为空",
                  "the lead unit is empty");
    }
    t.co_units = SplitList(text(r, Col::kCo), {"、", "，", "；", ",", ";", "/", "\n"});
    t.owner = text(r, Col::kOwner);
    t.target = text(r, Col::kTarget);
    if (const std::string v = text(r, Col::kTargetValue); !v.empty()) {
      auto n = ParseNumber(v);
      if (!n) {
        return fail(r, Col::kTargetValue, "task_table.bad_number",
                    fmt::format("目标值“{}”不是数字", v), fmt::format("\"{}\" is not a number", v));
      }
      t.target_value = *n;
    }
    t.target_unit = text(r, Col::kUnit);
    t.start = JIAODU_TRY(date(r, Col::kStart)).value_or(0);
    auto deadline = JIAODU_TRY(date(r, Col::kDeadline));
    if (!deadline) {
      return fail(r, Col::kDeadline, "task_table.missing", "完成时限不能为空",
                  "the deadline is empty");
    }
    t.deadline = *deadline;
    if (const std::string ms = text(r, Col::kMilestones); !ms.empty()) {
      for (const std::string& item : SplitList(ms, {"；", ";", "\n"})) {
        // The date ends at the first blank or colon ("：" is 3 bytes: a
        // byte-wise find_first_of would also stop inside other characters).
        size_t sp = std::string::npos, sep_len = 0;
        for (std::string_view sep : {" ", "\t", "：", ":"}) {
          const size_t at = item.find(sep);
          if (at < sp) {
            sp = at;
            sep_len = sep.size();
          }
        }
        const std::string when = item.substr(0, sp);
        auto d = ParseDateText(when);
        if (!d) {
          return fail(r, Col::kMilestones, "task_table.bad_milestone",
                      fmt::format("节点“{}”应以日期开头（如 2025-06-30 制定方案）", item),
                      fmt::format("milestone \"{}\" must start with a date", item));
        }
        std::string what =
            sp == std::string::npos ? std::string() : Trim(item.substr(sp + sep_len));
        if (what.starts_with("：") || what.starts_with(":")) {
          what = Trim(what.substr(what.starts_with(":") ? 1 : 3));
        }
        t.milestones.push_back(tasks::Milestone{*d, what});
      }
    }
    if (const std::string v = text(r, Col::kRemind); !v.empty()) {
      auto n = ParseNumber(v);
      if (!n || *n != std::floor(*n)) {
        return fail(r, Col::kRemind, "task_table.bad_number",
                    fmt::format("临期提醒天数“{}”应为整数", v),
                    fmt::format("\"{}\" is not a whole number of days", v));
      }
      t.remind_days = static_cast<int>(*n);
    }
    if (const std::string v = text(r, Col::kPublish); !v.empty()) {
      if (v == "是" || v == "Y" || v == "y" || v == "1") {
        t.publish = true;
      } else if (v == "否" || v == "N" || v == "n" || v == "0") {
        t.publish = false;
      } else {
        return fail(r, Col::kPublish, "task_table.bad_flag", fmt::format("“{}”应为“是”或“否”", v),
                    fmt::format("\"{}\" is not 是/否", v));
      }
    }
    // The domain's own checks, located at this row.
    if (auto st = tasks::Validate(t); !st) {
      Error e = st.error();
      e.where.file = file;
      e.where.sheet = sheet->name;
      e.where.row = static_cast<int>(r + 1);
      return Fail(std::move(e));
    }
    out.push_back(std::move(t));
  }
  if (out.empty()) {
    return Fail(ErrorCode::kInvalidInput, "task_table.no_rows",
                Text(fmt::format("文件 {} 的工作表“{}”表头下没有任务", file, sheet->name),
                     fmt::format("{}: no task under the header of sheet {}", file, sheet->name)));
  }
  return out;
}

Result<std::string> WriteTaskTemplate(const std::vector<std::string>& units) {
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory({.title = "督办任务清单模板"}));
  xlsx::SheetWriter& s = book.AddSheet("督办任务");
  const xlsx::Format head = book.AddFormat({.bold = true,
                                            .fill_color = 0xDDEBF7u,
                                            .border = xlsx::BorderStyle::kThin,
                                            .align = xlsx::HAlign::kCenter,
                                            .valign = xlsx::VAlign::kCenter,
                                            .wrap = true});
  const xlsx::Format cell = book.AddFormat({.border = xlsx::BorderStyle::kThin, .wrap = true});
  const xlsx::Format title =
      book.AddFormat({.bold = true, .font_size = 14, .align = xlsx::HAlign::kCenter});
  std::vector<const Header*> cols;
  for (const Header& h : Headers())
    if (h.col != Col::kSeq) cols.push_back(&h);
  s.MergeRange({0, 0, 0, cols.size() - 1}, "督查督办任务清单", title);
  for (size_t c = 0; c < cols.size(); ++c) {
    s.WriteString(1, c, cols[c]->names.front(), head);
    if (*cols[c]->hint) s.WriteComment(1, c, cols[c]->hint);
    const bool wide = cols[c]->col == Col::kTitle || cols[c]->col == Col::kClause ||
                      cols[c]->col == Col::kMilestones || cols[c]->col == Col::kCo;
    s.SetColumnWidth(c, c, wide ? 36 : 14);
  }
  const std::vector<std::string> example = {
      "DB2025-01",
      "规划实施教育建设项目28个，增加学位800个",
      "《“十四五”教育事业发展规划》：2024—2025年，规划实施教育建设项目28个",
      "new_public_places",
      units.empty() ? "发展规划科" : units.front(),
      "财务科、各县（市、区）教育局",
      "刘建国",
      "增加学位800个",
      "800",
      "个",
      "2025-01-01",
      "2025年12月底",
      "2025-03-31 完成项目立项；2025-09-30 主体完工",
      "7",
      "是"};
  for (size_t c = 0; c < cols.size() && c < example.size(); ++c)
    s.WriteString(2, c, example[c], cell);
  for (size_t r = 3; r < 60; ++r)
    for (size_t c = 0; c < cols.size(); ++c) s.WriteBlank(r, c, cell);
  for (size_t c = 0; c < cols.size(); ++c) {
    if (cols[c]->col == Col::kPublish) s.AddDropdown({2, c, 200, c}, {"是", "否"});
    if (cols[c]->col == Col::kLead && !units.empty())
      s.AddDropdown({2, c, 200, c}, units,
                    {.input_title = "牵头单位", .input_message = "可从列表选择，也可填写其他单位"});
  }
  s.FreezePanes(2, 2);
  return book.FinishToBytes();
}

Result<std::string> WritePublicity(std::string_view title, std::string_view date,
                                   const std::vector<PublicityRow>& rows) {
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory({.title = std::string(title)}));
  xlsx::SheetWriter& s = book.AddSheet("公示清单");
  const xlsx::Format head = book.AddFormat({.bold = true,
                                            .fill_color = 0xDDEBF7u,
                                            .border = xlsx::BorderStyle::kThin,
                                            .align = xlsx::HAlign::kCenter,
                                            .wrap = true});
  const xlsx::Format cell = book.AddFormat({.border = xlsx::BorderStyle::kThin, .wrap = true});
  const xlsx::Format big =
      book.AddFormat({.bold = true, .font_size = 14, .align = xlsx::HAlign::kCenter});
  const std::array<const char*, 8> heads{"序号",     "编号",     "任务",     "牵头单位",
                                         "配合单位", "完成时限", "办理状态", "办理结果"};
  s.MergeRange({0, 0, 0, heads.size() - 1}, title, big);
  s.MergeRange({1, 0, 1, heads.size() - 1}, fmt::format("截至 {}", date));
  for (size_t c = 0; c < heads.size(); ++c) s.WriteString(2, c, heads[c], head);
  const std::array<double, 8> widths{6, 12, 44, 16, 24, 12, 14, 28};
  for (size_t c = 0; c < widths.size(); ++c) s.SetColumnWidth(c, c, widths[c]);
  for (size_t i = 0; i < rows.size(); ++i) {
    const PublicityRow& p = rows[i];
    const size_t r = i + 3;
    s.WriteNumber(r, 0, static_cast<double>(i + 1), cell);
    s.WriteString(r, 1, p.id, cell);
    s.WriteString(r, 2, p.title, cell);
    s.WriteString(r, 3, p.lead_unit, cell);
    s.WriteString(r, 4, p.co_units, cell);
    s.WriteString(r, 5, p.deadline, cell);
    s.WriteString(r, 6, p.state, cell);
    s.WriteString(r, 7, p.result, cell);
  }
  s.FreezePanes(3, 0);
  return book.FinishToBytes();
}

}  // namespace jiaodu::tasktable
