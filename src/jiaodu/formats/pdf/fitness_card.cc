#include "jiaodu/formats/pdf/fitness_card.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "jiaodu/core/text.h"
#include "jiaodu/formats/pdf/pdf_layout.h"
#include "jiaodu/formats/report_text/report_text.h"

namespace jiaodu {
namespace {

using fitness::FitnessStandard;
using fitness::Item;
using fitness::ItemKind;
using fitness::ItemScore;
using fitness::kMissing;
using fitness::ScoreStatus;
using fitness::StudentScore;
using pdf::Align;
using pdf::Color;
using pdf::Document;
using pdf::TextBlock;
using pdf::TextStyle;

// ---------------------------------------------------------------------------
// Look: a printed form, black on white, with the headers and the cells a
// grade does not use lightly shaded (they stay readable in black and white).

constexpr Color kRule = 0x404040;
constexpr double kRuleWidth = 0.6;
constexpr Color kHeadFill = 0xDDEBF7;
constexpr Color kLabelFill = 0xF2F2F2;
constexpr Color kShade = report::palette::kGreyFill;
constexpr Color kNoteColor = report::palette::kGreyFont;
constexpr Color kMissingColor = 0xC00000;
constexpr double kPad = 2;
constexpr double kRowHeight = 20;        // a result row
constexpr double kSignatureHeight = 30;  // room for a signature
constexpr double kInfoHeight = 19;
// Rows grow up to this factor to fill the page.
constexpr double kMaxStretch = 1.4;
// Longer values are cut ("…") so that every card fits its page.
constexpr size_t kMaxInfoChars = 40;

// 年级编号 / 10 is the 学段 in the national template's codes.
std::string_view StageName(int stage) {
  switch (stage) {
    case 1:
      return "小学";
    case 2:
      return "初中";
    case 3:
      return "高中";
    case 4:
      return "大学";
    default:
      return "";
  }
}

int StageOf(int grade_code) { return grade_code / 10; }

Error CardError(std::string id, const CardStudent& s, std::string_view zh, std::string_view en) {
  return Error{ErrorCode::kInvalidInput,
               std::move(id),
               Text(fmt::format("学生 {}（学籍号 {}）：{}", s.name, s.student_id, zh),
                    fmt::format("student {} ({}): {}", s.name, s.student_id, en)),
               {},
               {}};
}

std::string ItemLabel(const Item& item) {
  return item.unit.empty() ? item.name.zh : fmt::format("{}（{}）", item.name.zh, item.unit);
}

// ---------------------------------------------------------------------------
// One student's card, prepared: the 学段's grades as columns, the scored
// years under them, and the rows the 学段 needs for the student's sex.

struct Column {
  const fitness::Grade* grade = nullptr;
  std::string label;               // "一年级", "初一"
  const CardYear* year = nullptr;  // nullptr: not given (blank column)
  std::optional<StudentScore> score;
  const fitness::TestPlan* plan = nullptr;
  std::array<int8_t, 128> at{};  // item index → position in score.items; -1 = none
  int Position(int item) const {
    return item >= 0 && static_cast<size_t>(item) < at.size() ? at[static_cast<size_t>(item)] : -1;
  }
};

struct Prepared {
  int stage = 0;
  std::vector<Column> columns;
  std::vector<int> items;        // item indices tested in the 学段 for the sex, in order
  std::vector<int> bonus_items;  // those with 加分 somewhere in the 学段
  std::optional<int32_t> graduation;
};

Result<Prepared> Prepare(const FitnessStandard& standard, const CardStudent& s) {
  Prepared p;
  if (s.years.empty()) {
    return Fail(
        CardError("fitness.card_grade", s, "没有任何学年的测试成绩", "no school year given"));
  }
  int top = 0;
  for (const CardYear& y : s.years) {
    if (standard.FindGrade(y.grade) == nullptr || StageName(StageOf(y.grade)).empty()) {
      return Fail(CardError("fitness.card_grade", s,
                            fmt::format("年级编号 {} 不在体质健康标准中", y.grade),
                            fmt::format("grade code {} is not in the fitness standard", y.grade)));
    }
    top = std::max(top, y.grade);
  }
  p.stage = StageOf(top);
  std::vector<const fitness::Grade*> grades;
  for (const auto& g : standard.grades()) {
    if (StageOf(g.code) == p.stage) grades.push_back(&g);
  }
  std::sort(grades.begin(), grades.end(),
            [](const auto* a, const auto* b) { return a->code < b->code; });
  // A grade's label: its column heading when that tells the grades apart
  // ("一年级", "初一"), else its name without the 学段 ("大学一年级" → "一年级").
  std::set<std::string> headings;
  for (const auto* g : grades) headings.insert(g->column);
  const bool headings_unique = headings.size() == grades.size();
  for (const auto* g : grades) {
    Column c;
    c.grade = g;
    if (headings_unique && !g->column.empty()) {
      c.label = g->column;
    } else {
      c.label = g->name.zh;
      const std::string_view stage = StageName(p.stage);
      if (c.label.rfind(stage, 0) == 0 && c.label.size() > stage.size()) {
        c.label.erase(0, stage.size());
      }
    }
    c.plan = standard.Plan(g->code, s.sex);
    c.at.fill(-1);
    p.columns.push_back(std::move(c));
  }
  for (const CardYear& y : s.years) {
    if (StageOf(y.grade) != p.stage) continue;  // an earlier 学段's card
    for (Column& c : p.columns) {
      if (c.grade->code != y.grade) continue;
      if (c.year != nullptr) {
        return Fail(
            CardError("fitness.card_duplicate_grade", s,
                      fmt::format("{}有两个学年的成绩（{}、{}），一张登记卡每个年级只有一栏",
                                  c.grade->name.zh, c.year->year_label, y.year_label),
                      fmt::format("two years in {} ({}, {}); a card has one column per grade",
                                  c.grade->name.en, c.year->year_label, y.year_label)));
      }
      c.year = &y;
      fitness::StudentInput in;
      in.grade_code = y.grade;
      in.sex = s.sex;
      in.status = y.status;
      in.height = y.height;
      in.weight = y.weight;
      in.values = y.values;
      c.score = fitness::Score(standard, in);
      for (uint8_t k = 0; k < c.score->item_count; ++k) {
        const int item = c.score->items[k].item;
        if (item >= 0 && static_cast<size_t>(item) < c.at.size()) {
          c.at[static_cast<size_t>(item)] = static_cast<int8_t>(k);
        }
      }
    }
  }
  std::set<int> items;
  std::set<int> bonus;
  for (const Column& c : p.columns) {
    if (c.plan == nullptr) continue;
    for (const auto& pi : c.plan->items) {
      items.insert(pi.item);
      if (!pi.bonus.empty()) bonus.insert(pi.item);
    }
  }
  p.items.assign(items.begin(), items.end());
  p.bonus_items.assign(bonus.begin(), bonus.end());

  // 毕业成绩: given, or from the 毕业年级's 学年总分 and the other scored years.
  p.graduation = s.graduation_hundredths;
  if (!p.graduation) {
    const Column* final_year = nullptr;
    std::vector<int32_t> others;
    for (const Column& c : p.columns) {
      if (!c.score || !c.score->scored()) continue;
      if (c.grade->graduating) {
        final_year = &c;
      } else {
        others.push_back(c.score->total_hundredths);
      }
    }
    if (final_year != nullptr) {
      p.graduation =
          fitness::GraduationHundredths(standard, final_year->score->total_hundredths, others);
    }
  }
  return p;
}

// ---------------------------------------------------------------------------
// Drawing

// Text layouts are kept and reused: a school's cards repeat the same labels,
// scores and level names on every page, and a laid-out block can be drawn on
// any number of pages.
class Painter {
 public:
  explicit Painter(Document& doc) : doc_(doc) {}

  TextBlock Lay(std::string_view text, const TextStyle& style, double width) {
    std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", text, style.size, style.bold,
                                  style.color, static_cast<int>(style.align), width);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    TextBlock b = doc_.Layout(text, style, width);
    cache_.emplace(std::move(key), b);
    return b;
  }

  // A bordered cell with optional fill and text centred vertically.
  void Cell(double x, double y, double w, double h, std::string_view text, const TextStyle& style,
            std::optional<Color> fill = std::nullopt) {
    if (fill) doc_.FillRect(x, y, w, h, *fill);
    if (!text.empty()) {
      const TextBlock b = Lay(text, style, std::max(w - 2 * kPad, 1.0));
      doc_.DrawText(b, 0, b.lines(), x + kPad, y + (h - b.height()) / 2);
    }
    doc_.StrokeRect(x, y, w, h, kRule, kRuleWidth);
  }

  // The height `text` needs in a cell `w` wide.
  double Need(std::string_view text, const TextStyle& style, double w) {
    if (text.empty()) return 0;
    return Lay(text, style, std::max(w - 2 * kPad, 1.0)).height() + 2 * kPad;
  }

  Document& doc() { return doc_; }

 private:
  Document& doc_;
  std::unordered_map<std::string, TextBlock> cache_;
};

struct Styles {
  TextStyle title{.size = 15, .bold = true, .align = Align::kCenter};
  TextStyle info_label{.size = 8, .bold = true, .align = Align::kCenter};
  TextStyle info_value{.size = 8};
  TextStyle head{.size = 7, .bold = true, .align = Align::kCenter};
  TextStyle label{.size = 7.5};
  TextStyle label_bold{.size = 7.5, .bold = true};
  TextStyle cell{.size = 7, .align = Align::kCenter};
  TextStyle cell_bold{.size = 7.5, .bold = true, .align = Align::kCenter};
  TextStyle missing{.size = 7, .color = kMissingColor, .align = Align::kCenter};
  TextStyle note{.size = 6.5, .color = kNoteColor};

  // Six grades in a row need a smaller face.
  explicit Styles(size_t columns) {
    if (columns > 4) {
      head.size = 6.5;
      cell.size = 6.5;
      missing.size = 6.5;
      cell_bold.size = 7;
    }
  }
};

// One row of the results table: a label, then for each grade either three
// cells (成绩, 得分, 等级) or one across them.
struct RowCells {
  struct Part {
    std::string text;
    bool shaded = false;
    bool missing = false;  // drawn in red ("缺测")
    bool bold = false;
  };
  std::string label;
  std::string label_two_lines;  // used when `label` would wrap ("肺活量\n（毫升）")
  bool label_bold = false;
  bool merged = false;                     // one cell per grade
  std::vector<std::array<Part, 3>> grade;  // merged: only [0]
  double min_height = kRowHeight;
};

class CardWriter {
 public:
  CardWriter(const FitnessStandard& standard, Painter& painter)
      : standard_(standard), painter_(painter), doc_(painter.doc()) {}

  void Write(const CardStudent& s, const Prepared& p) {
    const Styles st(p.columns.size());
    const double left = doc_.left();
    const double width = doc_.content_width();

    // Title.
    const TextBlock title = painter_.Lay(
        fmt::format("《国家学生体质健康标准》登记卡（{}）", StageName(p.stage)), st.title, width);
    doc_.DrawText(title, 0, title.lines(), left, doc_.cursor());
    doc_.Advance(title.height() + 6);

    // The student.
    auto info = [&](std::string_view v) { return Ellipsize(v, kMaxInfoChars); };
    InfoRow(st, {{"学校", 0.09, true},
                 {info(s.school_name), 0.37, false},
                 {"班级", 0.09, true},
                 {info(s.class_name), 0.14, false},
                 {"学籍号", 0.09, true},
                 {info(s.student_id), 0.22, false}});
    InfoRow(st, {{"姓名", 0.09, true},
                 {info(s.name), 0.20, false},
                 {"性别", 0.09, true},
                 {std::string(fitness::SexName(s.sex)), 0.08, false},
                 {"民族", 0.09, true},
                 {info(s.ethnic), 0.14, false},
                 {"出生日期", 0.09, true},
                 {info(s.birth), 0.22, false}});
    doc_.Advance(6);

    // Results.
    const size_t n = p.columns.size();
    const double label_w = width * (n > 4 ? 0.17 : 0.2);
    const double group_w = (width - label_w) / static_cast<double>(std::max<size_t>(n, 1));
    const std::array<double, 3> part_w = {group_w * 0.38, group_w * 0.27, group_w * 0.35};
    std::vector<RowCells> rows = BuildRows(p);
    for (RowCells& r : rows) {
      if (!r.label_two_lines.empty() &&
          painter_.Lay(r.label, st.label, label_w - 2 * kPad).lines() > 1) {
        r.label = r.label_two_lines;
      }
    }

    // Header: 单项指标 over two rows; each grade over 成绩 / 得分 / 等级.
    double h1 = 0;
    std::vector<std::string> heads;
    for (const Column& c : p.columns) {
      heads.push_back(c.year != nullptr && !c.year->year_label.empty()
                          ? fmt::format("{}\n{}", c.label, c.year->year_label)
                          : c.label);
      h1 = std::max(h1, painter_.Need(heads.back(), st.head, group_w));
    }
    h1 = std::max(h1, 16.0);
    const double h2 = std::max(painter_.Need("成绩", st.head, part_w[0]), 13.0);
    double y = doc_.cursor();
    painter_.Cell(left, y, label_w, h1 + h2, "单项指标", st.head, kHeadFill);
    for (size_t g = 0; g < n; ++g) {
      const double x = left + label_w + group_w * static_cast<double>(g);
      painter_.Cell(x, y, group_w, h1, heads[g], st.head, kHeadFill);
      double px = x;
      const std::array<std::string_view, 3> parts = {"成绩", "得分", "等级"};
      for (size_t k = 0; k < 3; ++k) {
        painter_.Cell(px, y + h1, part_w[k], h2, parts[k], st.head, kHeadFill);
        px += part_w[k];
      }
    }
    y += h1 + h2;

    // Body rows, each as tall as its text needs (at least its minimum).
    std::vector<double> heights;
    double total = 0;
    for (const RowCells& r : rows) {
      double h = std::max(r.min_height, painter_.Need(r.label, st.label, label_w));
      for (size_t g = 0; g < n; ++g) {
        for (size_t k = 0; k < (r.merged ? 1 : 3); ++k) {
          const double w = r.merged ? group_w : part_w[k];
          h = std::max(h, painter_.Need(r.grade[g][k].text, st.cell, w));
        }
      }
      heights.push_back(h);
      total += h;
    }
    // Fill the page like a printed form, within reason; and never spill onto
    // a second page (a standard with many items squeezes the rows).
    const TextBlock note = painter_.Lay(Notes(), st.note, width);
    const double reserve = kRowHeight * kMaxStretch + 5 + note.height() + 2;
    const double room = doc_.content_height() - (y - ContentTop()) - reserve;
    const double stretch = total > 0 ? std::min(room / total, kMaxStretch) : 1.0;
    for (double& h : heights) h *= stretch;
    for (size_t i = 0; i < rows.size(); ++i) {
      const RowCells& r = rows[i];
      const double h = heights[i];
      painter_.Cell(left, y, label_w, h, r.label, r.label_bold ? st.label_bold : st.label,
                    kLabelFill);
      for (size_t g = 0; g < n; ++g) {
        double x = left + label_w + group_w * static_cast<double>(g);
        for (size_t k = 0; k < (r.merged ? 1 : 3); ++k) {
          const RowCells::Part& part = r.grade[g][k];
          const double w = r.merged ? group_w : part_w[k];
          const TextStyle& style = part.missing ? st.missing : part.bold ? st.cell_bold : st.cell;
          painter_.Cell(x, y, w, h, part.text, style,
                        part.shaded ? std::optional<Color>(kShade) : std::nullopt);
          x += w;
        }
      }
      y += h;
    }

    // 毕业成绩 and its 等级.
    const double rest = width - label_w;
    const double gh = kRowHeight * stretch;
    std::string grad;
    std::string grad_level;
    if (p.graduation) {
      grad = fitness::FormatScore(*p.graduation);
      grad_level =
          standard_.levels()[static_cast<size_t>(standard_.LevelOf(*p.graduation))].name.zh;
    }
    painter_.Cell(left, y, label_w, gh, "毕业成绩", st.label_bold, kLabelFill);
    painter_.Cell(left + label_w, y, rest * 0.35, gh, grad, st.cell_bold);
    painter_.Cell(left + label_w + rest * 0.35, y, rest * 0.2, gh, "等级评定", st.label_bold,
                  kLabelFill);
    painter_.Cell(left + label_w + rest * 0.55, y, rest * 0.45, gh, grad_level, st.cell_bold);
    y += gh + 5;

    // The rules, as a reminder on the form itself.
    doc_.Advance(y - doc_.cursor());
    doc_.DrawText(note, 0, note.lines(), left, doc_.cursor());
    doc_.Advance(note.height());
  }

 private:
  struct InfoCell {
    std::string text;
    double share;
    bool label;
  };

  // The page's content top (the cursor is `content_height - remaining` below it).
  double ContentTop() const { return doc_.cursor() - (doc_.content_height() - doc_.remaining()); }

  void InfoRow(const Styles& st, const std::vector<InfoCell>& cells) {
    const double width = doc_.content_width();
    double x = doc_.left();
    const double y = doc_.cursor();
    double h = kInfoHeight;
    for (const InfoCell& c : cells) {
      h = std::max(h,
                   painter_.Need(c.text, c.label ? st.info_label : st.info_value, width * c.share));
    }
    for (const InfoCell& c : cells) {
      const double w = width * c.share;
      painter_.Cell(x, y, w, h, c.text, c.label ? st.info_label : st.info_value,
                    c.label ? std::optional<Color>(kLabelFill) : std::nullopt);
      x += w;
    }
    doc_.Advance(h);
  }

  std::string LevelName(int level) const {
    const auto& levels = standard_.levels();
    return level >= 0 && static_cast<size_t>(level) < levels.size()
               ? levels[static_cast<size_t>(level)].name.zh
               : std::string();
  }

  std::string Notes() const {
    const auto& spec = standard_.spec();
    const auto& levels = standard_.levels();
    std::string bands;
    for (size_t l = 0; l < levels.size(); ++l) {
      if (!bands.empty()) bands += "，";
      const bool last = l + 1 == levels.size() && l > 0;
      const int32_t bound = last ? levels[l - 1].min_hundredths : levels[l].min_hundredths;
      bands += fmt::format("{} {}{}", levels[l].name.zh, last ? "<" : "≥",
                           fitness::FormatHundredths(bound));
    }
    return fmt::format(
        "注：依据《{}》（{}）。学年总分＝标准分（各单项得分×权重之和）＋附加分（满分 {} 分）；"
        "按学年总分评定等级：{}。毕业成绩＝毕业当年学年总分×{}%＋其他学年学年总分平均×{}%。"
        "缺测项目按 0 分计；灰色为该年级不测的项目。",
        spec.title.zh, spec.document, spec.max_bonus, bands,
        static_cast<int>(spec.graduation_final_weight * 100 + 0.5),
        static_cast<int>(spec.graduation_other_weight * 100 + 0.5));
  }

  std::vector<RowCells> BuildRows(const Prepared& p) const {
    const size_t n = p.columns.size();
    const auto& items = standard_.items();
    std::vector<RowCells> rows;
    auto row = [&](std::string label, bool merged) {
      RowCells r;
      r.label = std::move(label);
      r.merged = merged;
      r.grade.resize(n);
      return r;
    };
    auto tested = [](const Column& c) { return c.score && c.score->scored(); };

    // 身高, 体重: measured, not scored.
    for (int which = 0; which < 2; ++which) {
      RowCells r = row(which == 0 ? "身高（厘米）" : "体重（千克）", false);
      for (size_t g = 0; g < n; ++g) {
        const Column& c = p.columns[g];
        r.grade[g][1].shaded = true;
        r.grade[g][2].shaded = true;
        if (c.year == nullptr) continue;
        const int32_t v = which == 0 ? c.year->height : c.year->weight;
        if (v != kMissing) r.grade[g][0].text = fitness::FormatFixed(v, 1);
      }
      rows.push_back(std::move(r));
    }

    // Each item the 学段 tests for this sex.
    for (int item : p.items) {
      const Item& it = items[static_cast<size_t>(item)];
      RowCells r = row(ItemLabel(it), false);
      if (!it.unit.empty()) r.label_two_lines = fmt::format("{}\n（{}）", it.name.zh, it.unit);
      for (size_t g = 0; g < n; ++g) {
        const Column& c = p.columns[g];
        const fitness::PlanItem* pi = nullptr;
        if (c.plan != nullptr) {
          for (const auto& candidate : c.plan->items) {
            if (candidate.item == item) pi = &candidate;
          }
        }
        if (pi == nullptr) {  // this grade does not test it
          for (auto& part : r.grade[g]) part.shaded = true;
          continue;
        }
        if (c.year == nullptr) continue;
        const int pos = c.Position(item);
        if (!tested(c) || pos < 0) {
          // 免测 / 缓测: no results; still show what was recorded.
          const int32_t v = it.kind == ItemKind::kBmi
                                ? fitness::BmiTenths(c.year->height, c.year->weight)
                                : (static_cast<size_t>(item) < c.year->values.size()
                                       ? c.year->values[static_cast<size_t>(item)]
                                       : kMissing);
          if (v != kMissing) r.grade[g][0].text = fitness::FormatItemValue(it, v);
          continue;
        }
        const ItemScore& is = c.score->items[static_cast<size_t>(pos)];
        if (is.missing) {
          r.grade[g][0] = {"缺测", false, true, false};
          // assign(n, c), not = "0": GCC 12 -O2 misreports -Wrestrict on
          // assigning a literal here (as in commit 4ffc4bc).
          r.grade[g][1].text.assign(1, '0');
          continue;
        }
        r.grade[g][0].text = fitness::FormatItemValue(it, is.value);
        r.grade[g][1].text = fmt::format("{}", is.score);
        if (it.kind == ItemKind::kBmi) {
          if (is.level >= 0 && static_cast<size_t>(is.level) < pi->bmi_bands.size()) {
            r.grade[g][2].text = pi->bmi_bands[static_cast<size_t>(is.level)].name.zh;
          }
        } else {
          r.grade[g][2].text = LevelName(is.level);
        }
      }
      rows.push_back(std::move(r));
    }

    auto merged_row = [&](std::string label, bool bold, auto value) {
      RowCells r = row(std::move(label), true);
      r.label_bold = bold;
      for (size_t g = 0; g < n; ++g) {
        const Column& c = p.columns[g];
        if (c.year != nullptr) r.grade[g][0] = value(c);
        r.grade[g][0].bold = r.grade[g][0].bold || bold;
      }
      return r;
    };
    rows.push_back(merged_row("标准分", true, [&](const Column& c) {
      return RowCells::Part{tested(c) ? fitness::FormatScore(c.score->standard_hundredths)
                                      : std::string()};
    }));
    for (int item : p.bonus_items) {
      const Item& it = items[static_cast<size_t>(item)];
      RowCells r = row(fmt::format("加分指标：{}", it.name.zh), true);
      for (size_t g = 0; g < n; ++g) {
        const Column& c = p.columns[g];
        bool has_bonus = false;
        if (c.plan != nullptr) {
          for (const auto& pi : c.plan->items) {
            if (pi.item == item && !pi.bonus.empty()) has_bonus = true;
          }
        }
        if (!has_bonus) {
          r.grade[g][0].shaded = true;
          continue;
        }
        const int pos = c.Position(item);
        if (c.year == nullptr || !tested(c) || pos < 0) continue;
        r.grade[g][0].text = fmt::format("{}", c.score->items[static_cast<size_t>(pos)].bonus);
      }
      rows.push_back(std::move(r));
    }
    rows.push_back(merged_row("附加分", true, [&](const Column& c) {
      return RowCells::Part{tested(c) ? fmt::format("{}", c.score->bonus) : std::string()};
    }));
    rows.push_back(merged_row("学年总分", true, [&](const Column& c) {
      return RowCells::Part{tested(c) ? fitness::FormatScore(c.score->total_hundredths)
                                      : std::string()};
    }));
    rows.push_back(merged_row("等级评定", true, [&](const Column& c) {
      switch (c.score->status) {
        case ScoreStatus::kComplete:
          return RowCells::Part{LevelName(c.score->level)};
        case ScoreStatus::kIncomplete:
          return RowCells::Part{LevelName(c.score->level) + "\n缺项"};
        case ScoreStatus::kExempt:
          return RowCells::Part{"免予执行"};
        case ScoreStatus::kDeferred:
          return RowCells::Part{"暂缓执行"};
        case ScoreStatus::kNoPlan:
          break;
      }
      return RowCells::Part{"无测试标准"};
    }));
    for (const char* who : {"体育教师签字", "班主任签字"}) {
      RowCells r = row(who, true);
      r.label_bold = true;
      r.min_height = kSignatureHeight;
      rows.push_back(std::move(r));
    }
    return rows;
  }

  const FitnessStandard& standard_;
  Painter& painter_;
  Document& doc_;
};

}  // namespace

std::string EthnicName(std::string_view code) {
  // GB/T 3304 中国各民族名称的罗马字母拼写法和代码, in code order.
  static constexpr std::array<std::string_view, 56> kNames = {
      "汉族",       "蒙古族",   "回族",     "藏族",   "维吾尔族", "苗族",     "彝族",
      "壮族",       "布依族",   "朝鲜族",   "满族",   "侗族",     "瑶族",     "白族",
      "土家族",     "哈尼族",   "哈萨克族", "傣族",   "黎族",     "傈僳族",   "佤族",
      "畲族",       "高山族",   "拉祜族",   "水族",   "东乡族",   "纳西族",   "景颇族",
      "柯尔克孜族", "土族",     "达斡尔族", "仫佬族", "羌族",     "布朗族",   "撒拉族",
      "毛南族",     "仡佬族",   "锡伯族",   "阿昌族", "普米族",   "塔吉克族", "怒族",
      "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族",   "裕固族",   "京族",
      "塔塔尔族",   "独龙族",   "鄂伦春族", "赫哲族", "门巴族",   "珞巴族",   "基诺族"};
  const std::string_view t = Trim(code);
  if (t.empty() || t.size() > 2 ||
      !std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return std::string(code);
  }
  const int n = t.size() == 1 ? t[0] - '0' : (t[0] - '0') * 10 + (t[1] - '0');
  if (n >= 1 && n <= 56) return std::string(kNames[static_cast<size_t>(n - 1)]);
  if (n == 97) return "其他";
  if (n == 98) return "外国血统中国籍人士";
  return std::string(code);
}

CardStudent CardStudentFromRoster(const fitness::Roster& roster, size_t i, std::string school_name,
                                  std::string year_label) {
  const fitness::StudentRow& r = roster.row(i);
  CardStudent s;
  s.school_name = std::move(school_name);
  if (r.klass >= 0) {
    const auto& k = roster.classes()[static_cast<size_t>(r.klass)];
    s.class_name = k.name.empty() ? k.code : k.name;
  }
  s.student_id = std::string(roster.student_id(i));
  s.name = std::string(roster.name(i));
  s.sex = r.sex;
  s.ethnic = EthnicName(roster.ethnic(i));
  const std::string_view birth = roster.birth(i);
  if (birth.size() == 8 &&
      std::all_of(birth.begin(), birth.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    s.birth = fmt::format("{}-{}-{}", birth.substr(0, 4), birth.substr(4, 2), birth.substr(6, 2));
  } else {
    s.birth = std::string(birth);
  }
  CardYear y;
  y.year_label = std::move(year_label);
  y.grade = r.grade;
  y.status = r.status;
  y.height = r.height;
  y.weight = r.weight;
  const auto values = roster.values(i);
  y.values.assign(values.begin(), values.end());
  s.years.push_back(std::move(y));
  return s;
}

Result<std::string> FitnessCardsPdf(const fitness::FitnessStandard& standard,
                                    std::span<const CardStudent> students,
                                    std::string_view title_year_label) {
  // Check every student before any drawing: a bad card fails the file.
  std::vector<Prepared> prepared;
  prepared.reserve(students.size());
  for (const CardStudent& s : students) prepared.push_back(JIAODU_TRY(Prepare(standard, s)));

  const std::string header =
      title_year_label.empty()
          ? std::string("《国家学生体质健康标准》登记卡")
          : fmt::format("{} · 《国家学生体质健康标准》登记卡", title_year_label);
  auto doc = JIAODU_TRY(Document::Create({.page_width = pdf::kA4Short,
                                          .page_height = pdf::kA4Long,
                                          .margin = 14 * pdf::kPointsPerMm,
                                          .header = header,
                                          .footer_note = "jiaodu 生成",
                                          .title = "学生体质健康登记卡",
                                          .subject = standard.spec().title.zh}));
  Painter painter(*doc);
  CardWriter writer(standard, painter);
  for (size_t i = 0; i < students.size(); ++i) {
    if (i > 0) doc->NewPage();
    writer.Write(students[i], prepared[i]);
  }
  return doc->Finish();
}

}  // namespace jiaodu
