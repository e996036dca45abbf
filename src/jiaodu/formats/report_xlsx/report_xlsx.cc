#include "jiaodu/formats/report_xlsx/report_xlsx.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/report_text/report_text.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using xlsx::BorderStyle;
using xlsx::CellStyle;
using xlsx::Color;
using xlsx::Format;
using xlsx::HAlign;
using xlsx::Range;
using xlsx::SheetWriter;
using xlsx::VAlign;
using xlsx::WorkbookWriter;
using namespace report;  // NOLINT: the report's wording

// ---------------------------------------------------------------------------
// Look

// Good / warning / bad / grey: the shared palette (report_text.h).
using namespace report::palette;  // NOLINT
constexpr Color kHeaderFill = 0xDDEBF7;
constexpr Color kBlockFill = 0xF2F2F2;
constexpr Color kNoteFont = 0x595959;

// Excel's default row height in points, and the extra a wrapped line needs.
constexpr double kLineHeight = 15.0;

// A cell holds 32,767 characters, but a row that tall cannot be read or
// printed; long lists are cut ("…") and the full facts are in the JSON.
constexpr size_t kMaxCellChars = 1000;
// Schools named in one cell of 评估事项 before "等 N 所".
constexpr size_t kMaxListedSchools = 12;
// Rows of 错误清单: an import that produced more errors than this is a wrong
// file, and listing the first ones is enough to show why.
constexpr size_t kMaxErrorRows = 100'000;

enum class Tone { kPlain, kGood, kWarn, kBad, kGrey };

Tone ToneOf(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return Tone::kGood;
    case Verdict::kFail:
      return Tone::kBad;
    case Verdict::kIncomplete:
      return Tone::kWarn;
    case Verdict::kNotApplicable:
      return Tone::kGrey;
  }
  return Tone::kPlain;
}

Tone ToneOf(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::kMeets:
      return Tone::kGood;
    case IndicatorStatus::kAboveFloor:
      return Tone::kWarn;
    case IndicatorStatus::kBelowFloor:
      return Tone::kBad;
    case IndicatorStatus::kMissing:
      return Tone::kGrey;
    case IndicatorStatus::kNoStandard:
      return Tone::kPlain;
  }
  return Tone::kPlain;
}

// How a table cell looks: every table cell has thin borders and is centred
// vertically; the tone gives the fill and font colour.
struct Look {
  Tone tone = Tone::kPlain;
  std::string num_format = {};
  HAlign align = HAlign::kDefault;
  bool wrap = false;
  bool bold = false;
};

// The workbook's formats, registered once. WorkbookWriter::AddFormat returns
// the same Format for the same style, so Cell() may be called per cell.
class Styles {
 public:
  explicit Styles(WorkbookWriter& book)
      : book_(book),
        title_(book.AddFormat(
            {.bold = true, .font_size = 16, .align = HAlign::kCenter, .valign = VAlign::kCenter})),
        subtitle_(book.AddFormat({.valign = VAlign::kCenter})),
        note_(book.AddFormat({.font_color = kNoteFont,
                              .align = HAlign::kLeft,
                              .valign = VAlign::kTop,
                              .wrap = true})),
        header_(book.AddFormat({.bold = true,
                                .fill_color = kHeaderFill,
                                .border = BorderStyle::kThin,
                                .align = HAlign::kCenter,
                                .valign = VAlign::kCenter,
                                .wrap = true})),
        block_(book.AddFormat({.bold = true,
                               .fill_color = kBlockFill,
                               .border = BorderStyle::kThin,
                               .align = HAlign::kLeft,
                               .valign = VAlign::kCenter})) {}

  Format title() const { return title_; }        // the sheet's first row
  Format subtitle() const { return subtitle_; }  // basis, county, year
  Format note() const { return note_; }          // 注：… lines, legends
  Format header() const { return header_; }      // column headers
  Format block() const { return block_; }        // "小学（参评学校 53 所…）"

  Format Cell(const Look& look) {
    CellStyle s{.bold = look.bold,
                .border = BorderStyle::kThin,
                .align = look.align,
                .valign = VAlign::kCenter,
                .wrap = look.wrap,
                .num_format = look.num_format};
    switch (look.tone) {
      case Tone::kPlain:
        break;
      case Tone::kGood:
        s.fill_color = kGoodFill;
        s.font_color = kGoodFont;
        break;
      case Tone::kWarn:
        s.fill_color = kWarnFill;
        s.font_color = kWarnFont;
        break;
      case Tone::kBad:
        s.fill_color = kBadFill;
        s.font_color = kBadFont;
        break;
      case Tone::kGrey:
        s.fill_color = kGreyFill;
        s.font_color = kGreyFont;
        break;
    }
    return book_.AddFormat(s);
  }

  Format Plain(Tone tone = Tone::kPlain) { return Cell({.tone = tone}); }
  Format Wrapped(Tone tone = Tone::kPlain) { return Cell({.tone = tone, .wrap = true}); }
  Format Centered(Tone tone = Tone::kPlain, bool bold = false) {
    return Cell({.tone = tone, .align = HAlign::kCenter, .bold = bold});
  }
  Format Number(std::string num_format, Tone tone = Tone::kPlain) {
    return Cell({.tone = tone, .num_format = std::move(num_format)});
  }
  Format ForVerdict(Verdict v, bool bold = false) { return Centered(ToneOf(v), bold); }

 private:
  WorkbookWriter& book_;
  Format title_;
  Format subtitle_;
  Format note_;
  Format header_;
  Format block_;
};

// Number formats. Decimals come from the standard file; they are clamped so
// a typo there cannot produce a format Excel refuses.
std::string Zeros(int decimals) {
  return std::string(static_cast<size_t>(std::clamp(decimals, 0, 10)), '0');
}
std::string FixedFormat(int decimals) { return decimals <= 0 ? "0" : "0." + Zeros(decimals); }
std::string GroupedFormat(int decimals) {
  return decimals <= 0 ? "#,##0" : "#,##0." + Zeros(decimals);
}
std::string PercentFormat(int decimals) { return FixedFormat(decimals) + "%"; }

// A number format that shows the unit after the number ("6,523 元"), so a
// column mixing checks of different units stays readable and numeric.
std::string UnitFormat(int decimals, std::string_view unit) {
  std::string out = GroupedFormat(decimals);
  std::string clean;
  for (char c : unit) {
    if (c != '"' && c != '\\') clean.push_back(c);
  }
  if (!clean.empty()) out += "\" " + clean + "\"";
  return out;
}

// Resource amounts are whole lever steps (1 人, 1 平方米, 100 元); a standard
// with a fractional step still shows its decimals.
std::string AmountFormat(double v) {
  return std::floor(v) == v ? GroupedFormat(0) : GroupedFormat(2);
}

// ---------------------------------------------------------------------------
// Text

std::string Cut(std::string_view s) { return Ellipsize(s, kMaxCellChars); }

// Lines `text` wraps to in a column `width` wide (explicit newlines count),
// in Excel's width unit: a CJK character or full-width mark is two "0"s.
size_t WrappedLines(std::string_view text, double width) {
  size_t lines = 1;
  double current = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    const size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    if (text[i] == '\n') {
      ++lines;
      current = 0;
    } else {
      const double w = b >= 0xE0 ? 2.0 : 1.0;
      if (current + w > width && current > 0) {
        ++lines;
        current = 0;
      }
      current += w;
    }
    i += len;
  }
  return lines;
}

// Row heights for wrapped text. Excel never grows a row for a merged cell's
// text, and WPS (common in bureaus) does not always grow rows on open, so
// rows with long text get an explicit height from an estimate.
class RowFit {
 public:
  void Need(size_t row, std::string_view text, double width, size_t rows = 1) {
    const double h = kLineHeight * static_cast<double>(WrappedLines(text, width)) + 3;
    const double per_row = h / static_cast<double>(std::max<size_t>(rows, 1));
    for (size_t r = row; r < row + rows; ++r) need_[r] = std::max(need_[r], per_row);
  }
  void Apply(SheetWriter& sheet) const {
    for (const auto& [row, h] : need_) {
      if (h > kLineHeight + 3) sheet.SetRowHeight(row, std::min(h, 409.0));  // Excel's maximum
    }
  }

 private:
  std::map<size_t, double> need_;
};

void WriteHeaders(SheetWriter& sheet, size_t row, size_t first_col,
                  const std::vector<std::string>& names, Format f) {
  for (size_t i = 0; i < names.size(); ++i) sheet.WriteString(row, first_col + i, names[i], f);
}

// A merged full-width line of text (title, note) with a fitted height.
void WriteLine(SheetWriter& sheet, RowFit& fit, size_t row, size_t last_col, double width,
               std::string_view text, Format f) {
  sheet.MergeRange({row, 0, row, last_col}, text, f);
  fit.Need(row, text, width);
}

// Writes an optional number, or a grey "—" whose note says why it is missing.
void WriteOptional(SheetWriter& sheet, size_t row, size_t col, std::optional<double> v,
                   Format number_format, Styles& st, std::string_view why_missing) {
  if (v && std::isfinite(*v)) {
    sheet.WriteNumber(row, col, *v, number_format);
    return;
  }
  sheet.WriteString(row, col, kDash, st.Centered(Tone::kGrey));
  sheet.WriteComment(row, col, why_missing);
}

// ---------------------------------------------------------------------------
// County report: 评估结论

void WriteConclusionSheet(const Standard& standard, const CountyEvaluation& e, WorkbookWriter& book,
                          Styles& st) {
  SheetWriter& sh = book.AddSheet("评估结论");
  constexpr double kWidths[] = {18, 14, 80};
  constexpr double kAll = 18 + 14 + 80;
  for (size_t c = 0; c < 3; ++c) sh.SetColumnWidth(c, c, kWidths[c]);
  RowFit fit;
  sh.MergeRange({0, 0, 0, 2}, CountyYear(e) + ReportTitle(standard) + "结果", st.title());
  sh.SetRowHeight(0, 30);
  WriteLine(sh, fit, 1, 2, kAll,
            fmt::format("评估依据：{}《{}》（{}）", standard.issuer, standard.title.zh,
                        standard.document),
            st.subtitle());
  WriteLine(sh, fit, 2, 2, kAll,
            fmt::format("县（区）：{}　　行政区划代码：{}　　评估学年：{}", e.county_name,
                        e.county_code, e.year.Label()),
            st.subtitle());

  size_t row = 4;
  sh.WriteString(row, 0, "总体结论", st.header());
  sh.WriteString(row, 1, VerdictName(e.verdict), st.ForVerdict(e.verdict, /*bold=*/true));
  const std::string overall = OverallSummary(standard, e);
  sh.WriteString(row, 2, overall, st.Wrapped());
  fit.Need(row, overall, kWidths[2]);
  sh.SetRowHeight(row, 24);

  row = 6;
  WriteHeaders(sh, row, 0, {"评估方面", "结论", "说明"}, st.header());
  ++row;
  for (const PartVerdict& p : e.parts) {
    const std::string detail = PartDetail(standard, e, p);
    sh.WriteString(row, 0, p.name.zh, st.Plain());
    sh.WriteString(row, 1, VerdictName(p.verdict), st.ForVerdict(p.verdict));
    sh.WriteString(row, 2, detail, st.Wrapped());
    fit.Need(row, detail, kWidths[2]);
    ++row;
  }

  ++row;
  sh.MergeRange({row, 0, row, 2}, e.verdict == Verdict::kPass ? "说明" : "未达标及待定原因",
                st.header());
  ++row;
  if (e.reasons.empty()) {
    sh.WriteString(row, 0, "", st.Plain());
    sh.MergeRange({row, 1, row, 2}, "无", st.Wrapped());
    ++row;
  }
  for (size_t i = 0; i < e.reasons.size(); ++i) {
    const std::string text = Cut(e.reasons[i].zh);
    sh.WriteNumber(row, 0, static_cast<double>(i + 1), st.Centered());
    sh.MergeRange({row, 1, row, 2}, text, st.Wrapped());
    fit.Need(row, text, kWidths[1] + kWidths[2]);
    ++row;
  }

  ++row;
  std::vector<std::string> notes;
  if (!standard.resource.composite_note.zh.empty()) {
    notes.push_back("注：" + standard.resource.composite_note.zh);
  }
  if (!standard.policy.round_values_before_compare && !standard.policy.round_cv_before_compare) {
    notes.push_back("注：表中数值按显示位数四舍五入；是否达标以未舍入的计算值判定。");
  } else {
    notes.push_back("注：按本标准的规定，指标值或差异系数先四舍五入再与标准比较。");
  }
  if (!e.excluded.empty()) {
    notes.push_back(
        fmt::format("注：{} 个学校学段不参加资源配置评估，见“不参评学校”表。", e.excluded.size()));
  }
  if (!e.has_county_data) notes.push_back("注：本县的县级数据（评定、一票否决等）尚未填报。");
  for (const std::string& n : notes) {
    WriteLine(sh, fit, row, 2, kAll, n, st.note());
    ++row;
  }
  fit.Apply(sh);
}

// ---------------------------------------------------------------------------
// County report: 差异系数

void WriteCvSheet(const Standard& standard, const CountyEvaluation& e, WorkbookWriter& book,
                  Styles& st) {
  SheetWriter& sh = book.AddSheet("差异系数");
  const size_t n = standard.indicators.size();
  const size_t last = n + 1;  // the composite column
  sh.SetColumnWidth(0, 0, 14);
  sh.SetColumnWidth(1, last, 15);
  const double all_width = 14 + 15 * static_cast<double>(n + 1);
  RowFit fit;
  sh.MergeRange({0, 0, 0, last}, CountyYear(e) + "义务教育校际差异系数", st.title());
  sh.SetRowHeight(0, 30);
  const std::string weight_name = WeightName(standard);
  WriteLine(sh, fit, 1, last, all_width,
            fmt::format("差异系数＝标准差÷平均值；平均值和标准差以各校{}为权重计算。"
                        "平均值、标准差保留2位小数，差异系数保留{}位小数。",
                        weight_name, standard.policy.cv_display_decimals),
            st.note());

  const std::string cv_format = FixedFormat(standard.policy.cv_display_decimals);
  const std::string op = std::string(CompareOpSymbol(standard.resource.cv_op));
  size_t row = 3;
  for (const StageResult& sr : e.stages) {
    sh.MergeRange({row, 0, row, last}, StageBlockTitle(standard, sr), st.block());
    sh.SetRowHeight(row, 20);
    ++row;
    sh.WriteString(row, 0, "项目", st.header());
    for (size_t j = 0; j < n; ++j) {
      sh.WriteString(row, 1 + j, IndicatorHeader(standard.indicators[j]), st.header());
    }
    const double* climit = standard.resource.composite_limit.Get(sr.stage);
    sh.WriteString(row, last, climit ? "综合差异系数" : "综合差异系数（参考）", st.header());
    sh.SetRowHeight(row, 62);
    const size_t first = row + 1;
    const std::vector<std::string> labels = {"全县平均值", "标准差", "差异系数",
                                             "标准（" + op + "）", "是否达标"};
    for (size_t k = 0; k < labels.size(); ++k) {
      sh.WriteString(first + k, 0, labels[k], st.Cell({.bold = true}));
    }
    for (size_t j = 0; j < n; ++j) {
      const Indicator& ind = standard.indicators[j];
      const size_t col = 1 + j;
      const CvResult* c = FindCv(sr, ind.id, j);
      if (c == nullptr) {
        for (size_t k = 0; k < labels.size(); ++k) {
          sh.WriteString(first + k, col, kDash, st.Centered(Tone::kGrey));
        }
        continue;
      }
      const std::string why = c->problem.zh.empty() ? "无法计算" : c->problem.zh;
      WriteOptional(sh, first, col, c->mean, st.Number("0.00"), st, why);
      WriteOptional(sh, first + 1, col, c->sd, st.Number("0.00"), st, why);
      const Tone tone = c->verdict == Verdict::kFail ? Tone::kBad : Tone::kPlain;
      WriteOptional(sh, first + 2, col, c->cv,
                    st.Cell({.tone = tone, .num_format = cv_format, .bold = true}), st, why);
      if (c->limit) {
        sh.WriteNumber(first + 3, col, *c->limit, st.Number("0.00"));
        sh.WriteString(first + 4, col, VerdictName(c->verdict), st.ForVerdict(c->verdict));
      } else {
        // Judged only through the composite (2012 method).
        sh.WriteString(first + 3, col, "不单设", st.Centered(Tone::kGrey));
        sh.WriteString(first + 4, col, kDash, st.Centered(Tone::kGrey));
      }
    }
    sh.WriteBlank(first, last, st.Plain());
    sh.WriteBlank(first + 1, last, st.Plain());
    if (climit != nullptr) {
      const Tone tone = sr.composite_verdict == Verdict::kFail ? Tone::kBad : Tone::kPlain;
      WriteOptional(sh, first + 2, last, sr.composite_cv,
                    st.Cell({.tone = tone, .num_format = cv_format, .bold = true}), st,
                    "差异系数不全，无法计算综合值");
      sh.WriteNumber(first + 3, last, *climit, st.Number("0.00"));
      sh.WriteString(first + 4, last, VerdictName(sr.composite_verdict),
                     st.ForVerdict(sr.composite_verdict));
    } else {
      WriteOptional(sh, first + 2, last, sr.composite_cv, st.Number(cv_format), st,
                    "差异系数不全，无法计算综合值");
      sh.WriteString(first + 3, last, "不设限", st.Centered(Tone::kGrey));
      sh.WriteString(first + 4, last, "仅作参考", st.Centered(Tone::kGrey));
    }
    row = first + labels.size() + 1;
  }

  // Which schools make an over-limit 差异系数 high: the ones to act on.
  bool any_fail = false;
  for (const StageResult& sr : e.stages) {
    for (const CvResult& c : sr.cvs) {
      any_fail = any_fail || (c.verdict == Verdict::kFail && !c.drivers.empty());
    }
  }
  if (any_fail) {
    sh.MergeRange({row, 0, row, last}, "超标指标的主要影响学校（按对离散程度的贡献排序）",
                  st.block());
    ++row;
    WriteHeaders(sh, row, 0,
                 {"学段", "指标", "学校标识码", "学校名称", "指标值", "在校生占比", "贡献占比",
                  "相对平均值"},
                 st.header());
    ++row;
    for (const StageResult& sr : e.stages) {
      for (const CvResult& c : sr.cvs) {
        if (c.verdict != Verdict::kFail) continue;
        const Indicator* ind = standard.FindIndicator(c.indicator_id);
        const std::string ind_name = ind ? ind->id + " " + ind->short_name.zh : c.indicator_id;
        for (const CvDriver& d : c.drivers) {
          sh.WriteString(row, 0, StageName(sr.stage), st.Plain());
          sh.WriteString(row, 1, ind_name, st.Wrapped());
          sh.WriteString(row, 2, d.school_code, st.Plain());
          sh.WriteString(row, 3, d.school_name, st.Wrapped());
          sh.WriteNumber(row, 4, d.value, st.Number(FixedFormat(ind ? ind->decimals : 2)));
          sh.WriteNumber(row, 5, d.weight_share, st.Number("0.0%"));
          sh.WriteNumber(row, 6, d.share, st.Number("0.0%"));
          sh.WriteString(row, 7, d.above_mean ? "高于平均值" : "低于平均值",
                         st.Centered(d.above_mean ? Tone::kPlain : Tone::kWarn));
          fit.Need(row, d.school_name, 15);
          fit.Need(row, ind_name, 15);
          ++row;
        }
      }
    }
  }
  fit.Apply(sh);
  sh.FreezePanes(0, 1);
}

// ---------------------------------------------------------------------------
// County report: 校级指标 (one sheet per stage)

void WriteSchoolSheet(const Standard& standard, const CountyEvaluation& e, Stage stage,
                      WorkbookWriter& book, Styles& st) {
  // "小学校级指标"; a standard whose members are not 学校 names the sheet
  // after its resource part ("幼儿园办园条件指标").
  const std::string noun = MemberNoun(standard);
  const std::string table_title = MembersTableTitle(standard, stage);
  SheetWriter& sh =
      book.AddSheet(noun == "学校" ? std::string(StageName(stage)) + "校级指标" : table_title);
  const StageResult* sr = e.FindStage(stage);
  const size_t n = standard.indicators.size();
  // Columns: 6 identifying columns, the indicators, then 达标项数, 结论, 原因.
  constexpr size_t kFirstIndicator = 6;
  const size_t c_meeting = kFirstIndicator + n;
  const size_t c_verdict = c_meeting + 1;
  const size_t c_reasons = c_verdict + 1;
  constexpr double kReasonsWidth = 50;
  sh.SetColumnWidth(0, 0, 13);
  sh.SetColumnWidth(1, 1, 26);
  sh.SetColumnWidth(2, 2, 14);
  sh.SetColumnWidth(3, 3, 6);
  sh.SetColumnWidth(4, 4, 8);
  sh.SetColumnWidth(5, 5, 9);
  if (n > 0) sh.SetColumnWidth(kFirstIndicator, kFirstIndicator + n - 1, 12);
  sh.SetColumnWidth(c_meeting, c_meeting, 8);
  sh.SetColumnWidth(c_verdict, c_verdict, 8);
  sh.SetColumnWidth(c_reasons, c_reasons, kReasonsWidth);
  RowFit fit;

  const int schools = sr ? sr->schools : 0;
  sh.MergeRange({0, 0, 0, 5},
                fmt::format("{}{}（参评{} {} 所）", CountyYear(e), table_title, noun, schools),
                st.title());
  const std::string floor_pct = FloorPercent(standard);
  const std::string legend =
      standard.HasSchoolRule()
          ? fmt::format(
                "图例：绿色＝达到标准；黄色＝低于标准但不低于标准的{0}；红色＝低于标准的{0}；"
                "灰色＝无法计算（鼠标移到单元格上查看原因）。",
                floor_pct)
          : SchoolRuleNote(standard);
  sh.MergeRange({0, kFirstIndicator, 0, c_reasons}, legend, st.note());
  sh.SetRowHeight(0, 36);

  // Two header rows: names (merged down for the identifying columns), then
  // each indicator's standard under its name, as printed monitoring tables do.
  const std::vector<std::string> ids = {"学校标识码", noun + "名称", noun + "类型",
                                        "城乡",       "办学性质",    WeightName(standard)};
  for (size_t c = 0; c < ids.size(); ++c) sh.MergeRange({1, c, 2, c}, ids[c], st.header());
  for (size_t j = 0; j < n; ++j) {
    const Indicator& ind = standard.indicators[j];
    sh.WriteString(1, kFirstIndicator + j, IndicatorHeader(ind), st.header());
    sh.WriteString(2, kFirstIndicator + j, StandardText(ind, stage), st.header());
  }
  sh.WriteString(1, c_meeting, "达标项数", st.header());
  sh.WriteString(2, c_meeting,
                 standard.HasSchoolRule() ? fmt::format("≥{}", standard.resource.min_meeting) : "—",
                 st.header());
  sh.MergeRange({1, c_verdict, 2, c_verdict}, "结论", st.header());
  sh.MergeRange({1, c_reasons, 2, c_reasons}, "原因", st.header());
  sh.SetRowHeight(1, 78);

  size_t row = 3;
  if (sr == nullptr || sr->sections.empty()) {
    sh.MergeRange({row, 0, row, 5}, fmt::format("本县没有参评的{}{}。", StageName(stage), noun),
                  st.note());
    return;
  }
  for (const SectionResult& s : sr->sections) {
    sh.WriteString(row, 0, s.school_code, st.Plain());  // text: keeps the leading digits
    sh.WriteString(row, 1, s.school_name, st.Plain());
    sh.WriteString(row, 2, SchoolTypeName(s.type), st.Plain());
    sh.WriteString(row, 3, LocaleName(s.locale), st.Centered());
    sh.WriteString(row, 4, OwnershipName(s.ownership), st.Centered());
    if (s.students) {
      sh.WriteNumber(row, 5, *s.students, st.Number("#,##0"));
    } else {
      sh.WriteString(row, 5, kDash, st.Centered(Tone::kGrey));
    }
    for (size_t j = 0; j < n; ++j) {
      const Indicator& ind = standard.indicators[j];
      const size_t col = kFirstIndicator + j;
      const IndicatorValue* iv = FindValue(s, ind.id, j);
      if (iv == nullptr || iv->status == IndicatorStatus::kMissing || !iv->value ||
          !std::isfinite(*iv->value)) {
        sh.WriteString(row, col, kDash, st.Centered(Tone::kGrey));
        const std::string why =
            iv && !iv->missing_reason.zh.empty() ? iv->missing_reason.zh : "无法计算";
        sh.WriteComment(row, col, why);
        continue;
      }
      sh.WriteNumber(
          row, col, *iv->value,
          st.Cell({.tone = ToneOf(iv->status), .num_format = FixedFormat(ind.decimals)}));
    }
    if (standard.HasSchoolRule()) {
      sh.WriteNumber(row, c_meeting, s.meeting, st.Cell({.align = HAlign::kCenter}));
    } else {
      sh.WriteString(row, c_meeting, kDash, st.Centered(Tone::kGrey));
    }
    sh.WriteString(row, c_verdict, VerdictName(s.verdict), st.ForVerdict(s.verdict));
    const std::string reasons = Cut(JoinZh(s.reasons, "；"));
    sh.WriteString(row, c_reasons, reasons, st.Wrapped());
    fit.Need(row, reasons, kReasonsWidth);
    ++row;
  }
  fit.Apply(sh);
  sh.FreezePanes(3, 2);
  sh.AutoFilter({2, 0, row - 1, c_reasons});
}

// ---------------------------------------------------------------------------
// County report: 达标所需

constexpr size_t kPlanColumns = 10;

void WriteChangeRow(const Standard& standard, SheetWriter& sh, Styles& st, size_t row,
                    const Change& c) {
  const Indicator* ind = standard.FindIndicator(c.indicator_id);
  const int decimals = ind ? ind->decimals : 2;
  sh.WriteString(row, 0, StageName(c.stage), st.Centered());
  sh.WriteString(row, 1, c.school_code, st.Plain());
  sh.WriteString(row, 2, c.school_name, st.Plain());
  sh.WriteString(row, 3, ind ? ind->id + " " + ind->short_name.zh : c.indicator_id, st.Plain());
  sh.WriteString(row, 4, c.resource.zh, st.Plain());
  sh.WriteNumber(row, 5, c.amount, st.Number(AmountFormat(c.amount)));
  sh.WriteString(row, 6, c.unit.zh, st.Centered());
  sh.WriteNumber(row, 7, c.from_value, st.Number(FixedFormat(decimals)));
  sh.WriteNumber(row, 8, c.to_value, st.Number(FixedFormat(decimals)));
  sh.WriteString(row, 9, PurposeName(standard, c), st.Centered());
}

std::vector<std::string> ChangeHeaders() {
  return {"学段", "学校标识码", "学校名称", "指标",   "需增加",
          "数量", "单位",       "当前值",   "补足后", "目的"};
}

void WritePlanSheet(const Standard& standard, const CountyEvaluation& e, WorkbookWriter& book,
                    Styles& st) {
  SheetWriter& sh = book.AddSheet("达标所需");
  constexpr double kWidths[kPlanColumns] = {8, 22, 26, 22, 20, 12, 8, 10, 10, 14};
  double all_width = 0;
  for (size_t c = 0; c < kPlanColumns; ++c) {
    sh.SetColumnWidth(c, c, kWidths[c]);
    all_width += kWidths[c];
  }
  constexpr size_t kLast = kPlanColumns - 1;
  RowFit fit;
  sh.MergeRange({0, 0, 0, kLast}, CountyYear(e) + "资源配置达标所需", st.title());
  sh.SetRowHeight(0, 30);
  WriteLine(sh, fit, 1, kLast, all_width,
            "按下列数量补充资源后，各学段全部参评学校达到校级标准，且各项差异系数达到要求"
            "（已用补足后的数据重新评估验证）。数量为满足要求的最少数量，按各项资源的最小单位"
            "取整（如教师按整人计）；单位见“单位”列。",
            st.note());

  size_t row = 3;
  bool any_change = false;
  for (const StageResult& sr : e.stages) {
    const PassPlan& plan = sr.plan;
    std::string status;
    if (!plan.needed && plan.note.zh.empty()) {
      status = "全部学校及差异系数均已达标，无需补充。";
    } else if (plan.needed && plan.verified) {
      status = "需补充以下资源（已验证：补足后本学段达标）。";
    } else if (plan.needed) {
      status = "需补充以下资源，但补足后仍未全部达标，请人工研判。";
    } else {
      status = "暂不能给出补足方案。";
    }
    sh.MergeRange({row, 0, row, kLast}, fmt::format("{}：{}", StageName(sr.stage), status),
                  st.block());
    ++row;
    if (!plan.note.zh.empty()) {
      const std::string note = "说明：" + plan.note.zh;
      sh.MergeRange({row, 0, row, kLast}, note, st.Cell({.tone = Tone::kWarn, .wrap = true}));
      fit.Need(row, note, all_width);
      ++row;
    }
    if (!plan.totals.empty()) {
      WriteHeaders(sh, row, 0, {"学段", "资源", "合计数量", "单位", "涉及学校数"}, st.header());
      ++row;
      for (const PassPlan::Total& t : plan.totals) {
        sh.WriteString(row, 0, StageName(sr.stage), st.Centered());
        sh.WriteString(row, 1, t.resource.zh, st.Plain());
        sh.WriteNumber(row, 2, t.amount, st.Number(AmountFormat(t.amount)));
        sh.WriteString(row, 3, t.unit.zh, st.Centered());
        sh.WriteNumber(row, 4, t.schools, st.Number("0"));
        ++row;
      }
    }
    any_change = any_change || !plan.changes.empty();
    ++row;
  }

  if (any_change) {
    sh.MergeRange({row, 0, row, kLast}, "补足明细（每校每项资源一行）", st.block());
    ++row;
    const size_t header_row = row;
    WriteHeaders(sh, row, 0, ChangeHeaders(), st.header());
    ++row;
    for (const StageResult& sr : e.stages) {
      for (const Change& c : sr.plan.changes) WriteChangeRow(standard, sh, st, row++, c);
    }
    sh.AutoFilter({header_row, 0, row - 1, kLast});
    ++row;
  }

  // Per school: what each failing school alone needs to meet the school
  // rule. A principal asks "what does my school need", and a school whose
  // shortfall no resource fixes (remedy_complete false) must be flagged.
  bool any_failing = false;
  for (const StageResult& sr : e.stages) {
    for (const SectionResult& s : sr.sections) {
      any_failing = any_failing || s.verdict == Verdict::kFail;
    }
  }
  if (any_failing) {
    const std::string title =
        "附：未达标学校单独补足所需（仅使该校达到校级标准，不含降低差异系数所需）";
    sh.MergeRange({row, 0, row, kLast}, title, st.block());
    ++row;
    WriteHeaders(sh, row, 0, ChangeHeaders(), st.header());
    ++row;
    for (const StageResult& sr : e.stages) {
      for (const SectionResult& s : sr.sections) {
        if (s.verdict != Verdict::kFail) continue;
        for (const Change& c : s.remedy) WriteChangeRow(standard, sh, st, row++, c);
        if (!s.remedy_complete) {
          sh.WriteString(row, 0, StageName(sr.stage), st.Centered());
          sh.WriteString(row, 1, s.school_code, st.Plain());
          sh.WriteString(row, 2, s.school_name, st.Plain());
          sh.MergeRange({row, 3, row, kLast},
                        "部分指标无法通过增加资源达标（如数据缺失或在校生为0），请人工研判",
                        st.Cell({.tone = Tone::kWarn}));
          ++row;
        }
      }
    }
  }
  fit.Apply(sh);
}

// ---------------------------------------------------------------------------
// County report: 评估事项

void WriteItemsSheet(const Standard& standard, const CountyEvaluation& e, WorkbookWriter& book,
                     Styles& st) {
  SheetWriter& sh = book.AddSheet("评估事项");
  constexpr double kWidths[] = {6, 12, 40, 8, 22, 14, 16, 8, 40, 34, 30, 40};
  constexpr size_t kColumns = std::size(kWidths);
  for (size_t c = 0; c < kColumns; ++c) sh.SetColumnWidth(c, c, kWidths[c]);
  RowFit fit;
  sh.MergeRange({0, 0, 0, kColumns - 1}, CountyYear(e) + ItemPartsTitle(standard) + "评估事项",
                st.title());
  sh.SetRowHeight(0, 30);
  WriteHeaders(sh, 1, 0,
               {"编号", "方面", "内容", "结论", "检测项目", "指标值", "标准", "检测结论",
                "不达标" + MemberNoun(standard), "评定说明", "佐证材料", "达标所需（县级措施）"},
               st.header());
  size_t row = 2;
  for (const ItemResult& it : e.items) {
    const size_t rows = std::max<size_t>(it.checks.size(), 1);
    const size_t last = row + rows - 1;
    const Item* def = standard.FindItem(it.id);

    // 评定说明: the bureau's judgment when it is 达标 (a 未达标 or missing
    // judgment is already one of the reasons), then the reasons.
    std::vector<std::string> notes;
    if (it.needs_judgment && it.judgment.status == JudgmentStatus::kMet) {
      notes.push_back(it.judgment.note.empty() ? "县级评定：达标"
                                               : "县级评定：达标（" + it.judgment.note + "）");
    }
    for (const Text& r : it.reasons) notes.push_back(r.zh);
    const std::string note_text = Cut(Join(notes, "\n"));
    std::string evidence = it.judgment.evidence;
    if (evidence.empty() && it.needs_judgment) {
      evidence = def && !def->evidence_hint.zh.empty() ? "未提供。应提供：" + def->evidence_hint.zh
                                                       : "未提供";
    }
    evidence = Cut(evidence);

    sh.MergeRange({row, 0, last, 0}, it.id, st.Centered());
    sh.MergeRange({row, 1, last, 1}, it.part_name.zh, st.Wrapped());
    sh.MergeRange({row, 2, last, 2}, it.text.zh, st.Wrapped());
    sh.MergeRange({row, 3, last, 3}, VerdictName(it.verdict),
                  st.ForVerdict(it.verdict, /*bold=*/true));
    sh.MergeRange({row, 9, last, 9}, note_text, st.Wrapped());
    sh.MergeRange(
        {row, 10, last, 10}, evidence,
        st.Wrapped(it.needs_judgment && it.judgment.evidence.empty() ? Tone::kWarn : Tone::kPlain));
    fit.Need(row, it.text.zh, kWidths[2], rows);
    fit.Need(row, note_text, kWidths[9], rows);
    fit.Need(row, evidence, kWidths[10], rows);

    if (it.checks.empty()) {
      sh.WriteString(row, 4, it.needs_judgment ? "县级评定" : "", st.Plain());
      sh.WriteString(row, 5, "", st.Plain());
      sh.WriteString(row, 6, "", st.Plain());
      sh.WriteString(row, 7, JudgmentStatusName(it.judgment.status), st.ForVerdict(it.verdict));
      sh.WriteString(row, 8, "", st.Plain());
      sh.WriteString(row, 11, "", st.Plain());
    }
    for (size_t k = 0; k < it.checks.size(); ++k) {
      const CheckResult& c = it.checks[k];
      const size_t r = row + k;
      sh.WriteString(r, 4, c.label.zh, st.Wrapped());
      fit.Need(r, c.label.zh, kWidths[4]);
      if (c.scope == CheckScope::kCounty) {
        const std::string num =
            c.percent ? PercentFormat(c.decimals) : UnitFormat(c.decimals, c.unit.zh);
        WriteOptional(sh, r, 5, c.value, st.Number(num), st,
                      c.problem.zh.empty() ? "无法计算" : c.problem.zh);
      } else {
        std::string counted =
            c.members == 0 ? "无适用" + MemberNoun(standard)
                           : fmt::format("检查 {} 所，未达标 {} 所", c.members, c.failing.size());
        if (!c.missing.empty()) counted += fmt::format("，数据不全 {} 所", c.missing.size());
        sh.WriteString(r, 5, counted, st.Wrapped());
        fit.Need(r, counted, kWidths[5]);
      }
      const std::string threshold = ThresholdText(c);
      sh.WriteString(r, 6, threshold, st.Wrapped());
      if (!c.threshold_formula.empty()) sh.WriteComment(r, 6, "计算式：" + c.threshold_formula);
      fit.Need(r, threshold, kWidths[6]);
      sh.WriteString(r, 7, VerdictName(c.verdict), st.ForVerdict(c.verdict));
      const std::string schools = Cut(SchoolsText(c, kMaxListedSchools));
      sh.WriteString(r, 8, schools, st.Wrapped(c.failing.empty() ? Tone::kPlain : Tone::kBad));
      fit.Need(r, schools, kWidths[8]);
      std::vector<std::string> remedies;
      for (const CheckRemedyResult& rem : c.remedies) remedies.push_back(RemedyText(c, rem));
      const std::string needs = Join(remedies, "\n");
      sh.WriteString(r, 11, needs, st.Wrapped(needs.empty() ? Tone::kPlain : Tone::kWarn));
      fit.Need(r, needs, kWidths[11]);
    }
    row = last + 1;
  }
  fit.Apply(sh);
  sh.FreezePanes(2, 1);
  sh.AutoFilter({1, 0, row - 1, kColumns - 1});
}

// ---------------------------------------------------------------------------
// County report: 发展目标对照 (policy targets beside the standard)

void WriteGoalsSheet(const CountyEvaluation& e, WorkbookWriter& book, Styles& st) {
  SheetWriter& sh = book.AddSheet("发展目标对照");
  constexpr double kWidths[] = {26, 26, 12, 12, 10, 50};
  constexpr size_t kColumns = std::size(kWidths);
  constexpr double kAll = 26 + 26 + 12 + 12 + 10 + 50;
  for (size_t c = 0; c < kColumns; ++c) sh.SetColumnWidth(c, c, kWidths[c]);
  RowFit fit;
  sh.MergeRange({0, 0, 0, kColumns - 1}, CountyYear(e) + "发展目标对照", st.title());
  sh.SetRowHeight(0, 30);
  WriteLine(sh, fit, 1, kColumns - 1, kAll,
            "规划目标与本办法的达标要求并列显示，供对照规划进度；评估结论只依据本办法的标准。",
            st.note());
  WriteHeaders(sh, 2, 0, {"目标", "指标", "当前值", "目标值", "是否达到", "达到目标所需"},
               st.header());
  size_t row = 3;
  for (const GoalResult& g : e.goals) {
    const size_t first = row;
    for (const GoalTargetResult& t : g.targets) {
      const std::string num = t.percent ? PercentFormat(t.decimals) : FixedFormat(t.decimals);
      sh.WriteString(row, 1, t.label.zh, st.Wrapped());
      WriteOptional(sh, row, 2, t.value, st.Number(num), st, "无法计算");
      sh.WriteString(
          row, 3,
          std::string(CompareOpSymbol(t.op)) + ShowValue(t.threshold, t.percent, t.decimals),
          st.Centered());
      sh.WriteString(row, 4, GoalStateName(t.verdict), st.ForVerdict(t.verdict, /*bold=*/true));
      std::vector<std::string> needs;
      if (t.verdict != Verdict::kPass) {
        for (const CheckRemedyResult& r : t.remedies) needs.push_back(RemedyText(t, r));
      }
      const std::string text = Join(needs, "\n");
      sh.WriteString(row, 5, text, st.Wrapped());
      fit.Need(row, text, kWidths[5]);
      ++row;
    }
    if (row == first) ++row;
    std::string name = g.name.zh;
    if (!g.note.zh.empty()) name += "\n" + g.note.zh;
    if (row - 1 > first) {
      sh.MergeRange({first, 0, row - 1, 0}, name, st.Wrapped());
    } else {
      sh.WriteString(first, 0, name, st.Wrapped());
    }
    fit.Need(first, name, kWidths[0], row - first);
  }
  fit.Apply(sh);
  sh.FreezePanes(3, 0);
}

// ---------------------------------------------------------------------------
// County report: 一票否决, 不参评学校

void WriteVetoSheet(const CountyEvaluation& e, WorkbookWriter& book, Styles& st) {
  SheetWriter& sh = book.AddSheet("一票否决");
  constexpr double kWidths[] = {8, 44, 12, 50};
  for (size_t c = 0; c < 4; ++c) sh.SetColumnWidth(c, c, kWidths[c]);
  RowFit fit;
  sh.MergeRange({0, 0, 0, 3}, CountyYear(e) + "一票否决情形", st.title());
  sh.SetRowHeight(0, 30);
  WriteLine(sh, fit, 1, 3, 114,
            "存在任一情形即一票否决，总体结论为未达标；未填报的情形使结论待定。", st.note());
  WriteHeaders(sh, 2, 0, {"编号", "情形", "是否存在", "说明"}, st.header());
  size_t row = 3;
  for (const VetoResult& v : e.vetoes) {
    const std::string_view occurred = !v.occurred ? "未填报" : *v.occurred ? "是" : "否";
    sh.WriteString(row, 0, v.id, st.Centered());
    sh.WriteString(row, 1, v.text.zh, st.Wrapped());
    sh.WriteString(row, 2, occurred, st.ForVerdict(v.verdict, /*bold=*/true));
    sh.WriteString(row, 3, Cut(v.note), st.Wrapped());
    fit.Need(row, v.text.zh, kWidths[1]);
    fit.Need(row, v.note, kWidths[3]);
    ++row;
  }
  fit.Apply(sh);
}

void WriteExcludedSheet(const CountyEvaluation& e, WorkbookWriter& book, Styles& st) {
  SheetWriter& sh = book.AddSheet("不参评学校");
  constexpr double kWidths[] = {13, 28, 8, 50};
  for (size_t c = 0; c < 4; ++c) sh.SetColumnWidth(c, c, kWidths[c]);
  sh.MergeRange({0, 0, 0, 3}, CountyYear(e) + "不参加资源配置评估的学校", st.title());
  sh.SetRowHeight(0, 30);
  sh.MergeRange(
      {1, 0, 1, 3},
      fmt::format("共 {} 个学校学段。这些学校不计入校级指标和差异系数，但仍参加其他评估事项。",
                  e.excluded.size()),
      st.note());
  WriteHeaders(sh, 2, 0, {"学校标识码", "学校名称", "学段", "原因"}, st.header());
  size_t row = 3;
  if (e.excluded.empty()) {
    sh.MergeRange({row, 0, row, 3}, "无", st.Plain());
    return;
  }
  for (const ExcludedSection& x : e.excluded) {
    sh.WriteString(row, 0, x.school_code, st.Plain());
    sh.WriteString(row, 1, x.school_name, st.Plain());
    sh.WriteString(row, 2, StageName(x.stage), st.Centered());
    sh.WriteString(row, 3, x.reason.zh, st.Wrapped());
    ++row;
  }
  sh.FreezePanes(3, 0);
  sh.AutoFilter({2, 0, row - 1, 3});
}

// ---------------------------------------------------------------------------
// City report

int CvOverLimit(const StageResult& sr) {
  int n = 0;
  for (const CvResult& c : sr.cvs) n += c.verdict == Verdict::kFail ? 1 : 0;
  return n;
}

void WriteCitySummarySheet(const Standard& standard, std::string_view city,
                           const AcademicYear& year, std::span<const CountyEvaluation> counties,
                           WorkbookWriter& book, Styles& st) {
  SheetWriter& sh = book.AddSheet("各县汇总");
  // The parts the standard has, named its way (the verdicts come from each
  // county's own e.parts, which CountyParts lists in the same order).
  const std::vector<PartVerdict> part_list = CountyParts(standard, CountyEvaluation{});
  const size_t kParts = part_list.size();
  constexpr size_t kPerStage = 4;
  const size_t kFirstStage = 2 + kParts;
  const size_t stages = standard.stages.size();
  const size_t c_reasons = kFirstStage + kPerStage * stages;
  constexpr double kReasonsWidth = 60;
  sh.SetColumnWidth(0, 0, 12);
  sh.SetColumnWidth(1, 1, 10);
  sh.SetColumnWidth(2, kFirstStage - 1, 10);
  if (stages > 0) sh.SetColumnWidth(kFirstStage, c_reasons - 1, 9);
  sh.SetColumnWidth(c_reasons, c_reasons, kReasonsWidth);
  RowFit fit;
  sh.MergeRange({0, 0, 0, c_reasons},
                fmt::format("{}{}县域{}汇总", city, year.Label(), ReportTitle(standard)),
                st.title());
  sh.SetRowHeight(0, 30);

  sh.MergeRange({1, 0, 2, 0}, "县区", st.header());
  sh.MergeRange({1, 1, 2, 1}, "总体结论", st.header());
  sh.MergeRange({1, 2, 1, kFirstStage - 1}, "分项结论", st.header());
  std::vector<std::string> parts;
  for (const PartVerdict& p : part_list) parts.push_back(p.name.zh);
  WriteHeaders(sh, 2, 2, parts, st.header());
  for (size_t s = 0; s < stages; ++s) {
    const size_t c0 = kFirstStage + kPerStage * s;
    sh.MergeRange({1, c0, 1, c0 + kPerStage - 1}, StageName(standard.stages[s]), st.header());
    const std::string noun = MemberNoun(standard);
    WriteHeaders(sh, 2, c0,
                 {"参评" + noun + "数", "达标" + noun + "数", "未达标" + noun + "数",
                  standard.resource.compute_cv ? "差异系数超标项数" : "差异系数（不计算）"},
                 st.header());
  }
  sh.MergeRange({1, c_reasons, 2, c_reasons}, "主要问题", st.header());
  sh.SetRowHeight(2, 48);

  size_t row = 3;
  std::map<Verdict, int> tally;
  for (const CountyEvaluation& e : counties) {
    ++tally[e.verdict];
    sh.WriteString(row, 0, e.county_name, st.Cell({.bold = true}));
    sh.WriteString(row, 1, VerdictName(e.verdict), st.ForVerdict(e.verdict, /*bold=*/true));
    for (size_t p = 0; p < e.parts.size() && p < kParts; ++p) {
      sh.WriteString(row, 2 + p, VerdictName(e.parts[p].verdict),
                     st.ForVerdict(e.parts[p].verdict));
    }
    for (size_t s = 0; s < stages; ++s) {
      const size_t c0 = kFirstStage + kPerStage * s;
      const StageResult* sr = e.FindStage(standard.stages[s]);
      if (sr == nullptr) {
        for (size_t k = 0; k < kPerStage; ++k) {
          sh.WriteString(row, c0 + k, kDash, st.Centered(Tone::kGrey));
        }
        continue;
      }
      sh.WriteNumber(row, c0, sr->schools, st.Number("0"));
      sh.WriteNumber(row, c0 + 1, sr->schools_passing, st.Number("0"));
      sh.WriteNumber(row, c0 + 2, sr->schools_failing,
                     st.Number("0", sr->schools_failing > 0 ? Tone::kBad : Tone::kPlain));
      const int over = CvOverLimit(*sr);
      const Tone cv_tone = over > 0 ? Tone::kBad : ToneOf(sr->cv_verdict);
      sh.WriteNumber(row, c0 + 3, over, st.Number("0", cv_tone));
      if (sr->schools_incomplete > 0) {
        sh.WriteComment(row, c0,
                        fmt::format("另有 {} 所学校数据不全，结论待定", sr->schools_incomplete));
      }
    }
    const std::string reasons = Cut(JoinZh(e.reasons, "\n"));
    sh.WriteString(row, c_reasons, reasons, st.Wrapped());
    fit.Need(row, reasons, kReasonsWidth);
    ++row;
  }
  const size_t last_data = row - 1;
  ++row;
  WriteLine(sh, fit, row, c_reasons, 200,
            fmt::format("共 {} 个县（区）：达标 {} 个，未达标 {} 个，待定 {} 个。", counties.size(),
                        tally[Verdict::kPass], tally[Verdict::kFail], tally[Verdict::kIncomplete]),
            st.note());
  fit.Apply(sh);
  sh.FreezePanes(3, 1);
  if (!counties.empty()) sh.AutoFilter({2, 0, last_data, c_reasons});
}

void WriteCityCvSheet(const Standard& standard, std::string_view city, const AcademicYear& year,
                      std::span<const CountyEvaluation> counties, WorkbookWriter& book,
                      Styles& st) {
  SheetWriter& sh = book.AddSheet("差异系数对比");
  const size_t n = standard.indicators.size();
  const size_t c_composite = 2 + n;
  const size_t c_over = c_composite + 1;
  sh.SetColumnWidth(0, 0, 8);
  sh.SetColumnWidth(1, 1, 12);
  sh.SetColumnWidth(2, c_composite, 14);
  sh.SetColumnWidth(c_over, c_over, 10);
  RowFit fit;
  sh.MergeRange({0, 0, 0, c_over},
                fmt::format("{}{}各县（区）义务教育校际差异系数对比", city, year.Label()),
                st.title());
  sh.SetRowHeight(0, 30);
  WriteLine(sh, fit, 1, c_over, 8 + 12 + 14 * static_cast<double>(n + 1) + 10,
            fmt::format("差异系数保留{}位小数；红色为超过标准。{}",
                        standard.policy.cv_display_decimals, standard.resource.composite_note.zh),
            st.note());
  WriteHeaders(sh, 2, 0, {"学段", "县区"}, st.header());
  for (size_t j = 0; j < n; ++j) {
    sh.WriteString(2, 2 + j, IndicatorHeader(standard.indicators[j]), st.header());
  }
  sh.WriteString(2, c_composite, "综合差异系数（参考）", st.header());
  sh.WriteString(2, c_over, "超标项数", st.header());
  sh.SetRowHeight(2, 62);

  const std::string cv_format = FixedFormat(standard.policy.cv_display_decimals);
  const std::string op(CompareOpSymbol(standard.resource.cv_op));
  size_t row = 3;
  for (Stage stage : standard.stages) {
    // The limit first, so every county row below reads against it.
    const double* limit = standard.resource.cv_limit.Get(stage);
    sh.WriteString(row, 0, StageName(stage), st.Centered(Tone::kGrey, /*bold=*/true));
    sh.WriteString(row, 1, "标准（" + op + "）", st.Cell({.tone = Tone::kGrey, .bold = true}));
    for (size_t j = 0; j < n; ++j) {
      if (limit) {
        sh.WriteNumber(row, 2 + j, *limit,
                       st.Cell({.tone = Tone::kGrey, .num_format = "0.00", .bold = true}));
      } else {
        sh.WriteString(row, 2 + j, kDash, st.Centered(Tone::kGrey));
      }
    }
    sh.WriteString(row, c_composite, "不设限", st.Centered(Tone::kGrey));
    sh.WriteBlank(row, c_over, st.Plain(Tone::kGrey));
    ++row;
    for (const CountyEvaluation& e : counties) {
      const StageResult* sr = e.FindStage(stage);
      sh.WriteString(row, 0, StageName(stage), st.Centered());
      sh.WriteString(row, 1, e.county_name, st.Plain());
      for (size_t j = 0; j < n; ++j) {
        const CvResult* c = sr ? FindCv(*sr, standard.indicators[j].id, j) : nullptr;
        if (c == nullptr) {
          sh.WriteString(row, 2 + j, kDash, st.Centered(Tone::kGrey));
          continue;
        }
        const Tone tone = c->verdict == Verdict::kFail ? Tone::kBad : Tone::kPlain;
        WriteOptional(sh, row, 2 + j, c->cv, st.Number(cv_format, tone), st,
                      c->problem.zh.empty() ? "无法计算" : c->problem.zh);
      }
      if (sr) {
        WriteOptional(sh, row, c_composite, sr->composite_cv, st.Number(cv_format), st,
                      "差异系数不全，无法计算综合值");
        const int over = CvOverLimit(*sr);
        sh.WriteNumber(row, c_over, over,
                       st.Number("0", over > 0 ? Tone::kBad : ToneOf(sr->cv_verdict)));
      } else {
        sh.WriteString(row, c_composite, kDash, st.Centered(Tone::kGrey));
        sh.WriteString(row, c_over, kDash, st.Centered(Tone::kGrey));
      }
      ++row;
    }
  }
  fit.Apply(sh);
  sh.FreezePanes(3, 2);
}

// 各县检测值: every county-level check (毛入园率, 普惠覆盖率, 教师交流比例 …)
// side by side, so the city sees which counties hold which figure back.
void WriteCityChecksSheet(const Standard& standard, std::string_view city, const AcademicYear& year,
                          std::span<const CountyEvaluation> counties, WorkbookWriter& book,
                          Styles& st) {
  struct Column {
    size_t item;
    size_t check;
    std::string header;
  };
  std::vector<Column> cols;
  for (size_t i = 0; i < standard.items.size(); ++i) {
    const Item& it = standard.items[i];
    for (size_t k = 0; k < it.checks.size(); ++k) {
      if (it.checks[k].scope != CheckScope::kCounty) continue;
      cols.push_back({i, k, fmt::format("{} {}", it.id, it.checks[k].label.zh)});
    }
  }
  if (cols.empty()) return;
  SheetWriter& sh = book.AddSheet("各县检测值");
  sh.SetColumnWidth(0, 0, 12);
  sh.SetColumnWidth(1, cols.size(), 14);
  RowFit fit;
  sh.MergeRange({0, 0, 0, cols.size()}, fmt::format("{}{}各县（区）县级检测值", city, year.Label()),
                st.title());
  sh.SetRowHeight(0, 30);
  WriteLine(sh, fit, 1, cols.size(), 12 + 14 * static_cast<double>(cols.size()),
            "红色为未达到标准；灰色为无法计算（鼠标移到单元格上查看原因）。第 4 行为标准。",
            st.note());
  sh.WriteString(2, 0, "县区", st.header());
  sh.WriteString(3, 0, "标准", st.Cell({.tone = Tone::kGrey, .bold = true}));
  for (size_t j = 0; j < cols.size(); ++j) {
    sh.WriteString(2, 1 + j, cols[j].header, st.header());
  }
  sh.SetRowHeight(2, 62);
  size_t row = 4;
  // The standard row: from the first county that has the check (a threshold
  // may come from county data, e.g. the 收费 cap).
  std::vector<bool> threshold_written(cols.size(), false);
  for (const CountyEvaluation& e : counties) {
    sh.WriteString(row, 0, e.county_name, st.Cell({.bold = true}));
    for (size_t j = 0; j < cols.size(); ++j) {
      const Item& def = standard.items[cols[j].item];
      const ItemResult* it = nullptr;
      for (const ItemResult& r : e.items) {
        if (r.id == def.id) it = &r;
      }
      if (it == nullptr || cols[j].check >= it->checks.size()) {
        sh.WriteString(row, 1 + j, kDash, st.Centered(Tone::kGrey));
        continue;
      }
      const CheckResult& c = it->checks[cols[j].check];
      if (!threshold_written[j]) {
        sh.WriteString(3, 1 + j, ThresholdText(c), st.Centered(Tone::kGrey));
        threshold_written[j] = true;
      }
      const std::string num =
          c.percent ? PercentFormat(c.decimals) : UnitFormat(c.decimals, c.unit.zh);
      WriteOptional(sh, row, 1 + j, c.value,
                    st.Number(num, c.verdict == Verdict::kFail ? Tone::kBad : Tone::kPlain), st,
                    c.problem.zh.empty() ? "无法计算" : c.problem.zh);
    }
    ++row;
  }
  fit.Apply(sh);
  sh.FreezePanes(4, 1);
}

}  // namespace

Result<std::string> CountyReportXlsx(const Standard& standard, const CountyEvaluation& e) {
  const std::string title = CountyYear(e) + ReportTitle(standard) + "结果";
  auto book = JIAODU_TRY(WorkbookWriter::CreateInMemory(
      {.title = title, .subject = fmt::format("{}（{}）", standard.title.zh, standard.document)}));
  Styles st(book);
  WriteConclusionSheet(standard, e, book, st);
  // The preschool standard computes no 差异系数 and judges no resources:
  // no CV sheet and no resource plan for it.
  if (standard.resource.compute_cv) WriteCvSheet(standard, e, book, st);
  for (Stage stage : standard.stages) WriteSchoolSheet(standard, e, stage, book, st);
  if (standard.JudgesResources()) WritePlanSheet(standard, e, book, st);
  // A monitoring standard has no items or vetoes: no empty sheets for them.
  if (!standard.items.empty()) WriteItemsSheet(standard, e, book, st);
  if (!e.goals.empty()) WriteGoalsSheet(e, book, st);
  if (!standard.vetoes.empty()) WriteVetoSheet(e, book, st);
  WriteExcludedSheet(e, book, st);
  return book.FinishToBytes();
}

Result<std::string> CityReportXlsx(const Standard& standard, std::string_view city_name,
                                   const AcademicYear& year,
                                   std::span<const CountyEvaluation> counties) {
  const std::string title =
      fmt::format("{}{}县域{}汇总", city_name, year.Label(), ReportTitle(standard));
  auto book = JIAODU_TRY(WorkbookWriter::CreateInMemory(
      {.title = title, .subject = fmt::format("{}（{}）", standard.title.zh, standard.document)}));
  Styles st(book);
  WriteCitySummarySheet(standard, city_name, year, counties, book, st);
  if (standard.resource.compute_cv) WriteCityCvSheet(standard, city_name, year, counties, book, st);
  WriteCityChecksSheet(standard, city_name, year, counties, book, st);
  return book.FinishToBytes();
}

Result<std::string> ErrorWorkbookXlsx(std::span<const Error> errors, std::string_view title) {
  auto book = JIAODU_TRY(
      WorkbookWriter::CreateInMemory({.title = std::string(title), .subject = "导入错误清单"}));
  Styles st(book);
  SheetWriter& sh = book.AddSheet("错误清单");
  constexpr double kWidths[] = {6, 24, 16, 7, 18, 20, 26, 60};
  constexpr size_t kColumns = std::size(kWidths);
  for (size_t c = 0; c < kColumns; ++c) sh.SetColumnWidth(c, c, kWidths[c]);
  RowFit fit;
  sh.MergeRange({0, 0, 0, kColumns - 1}, title, st.title());
  sh.SetRowHeight(0, 30);
  const size_t shown = std::min(errors.size(), kMaxErrorRows);
  std::string summary = fmt::format(
      "共 {} 处错误。本次导入没有保存任何数据：请按下表逐条修改原文件后重新导入。", errors.size());
  if (shown < errors.size()) summary += fmt::format("（仅列出前 {} 条）", shown);
  WriteLine(sh, fit, 1, kColumns - 1, 177, summary, st.note());
  WriteHeaders(sh, 2, 0, {"序号", "文件", "工作表", "行", "列", "填写内容", "错误代码", "错误说明"},
               st.header());
  size_t row = 3;
  for (size_t i = 0; i < shown; ++i) {
    const Error& err = errors[i];
    sh.WriteNumber(row, 0, static_cast<double>(i + 1), st.Centered());
    sh.WriteString(row, 1, err.where.file, st.Wrapped());
    sh.WriteString(row, 2, err.where.sheet, st.Wrapped());
    if (err.where.row > 0) {
      sh.WriteNumber(row, 3, err.where.row, st.Centered());
    } else {
      sh.WriteString(row, 3, "", st.Plain());
    }
    sh.WriteString(row, 4, err.where.column, st.Wrapped());
    sh.WriteString(row, 5, err.where.value, st.Wrapped());
    sh.WriteString(row, 6, err.id, st.Plain());
    std::string message = err.message.zh;
    if (!err.context.empty()) message += "\n（" + JoinZh(err.context, "，") + "）";
    message = Cut(message);
    sh.WriteString(row, 7, message, st.Wrapped());
    fit.Need(row, message, kWidths[7]);
    fit.Need(row, err.where.value, kWidths[5]);
    fit.Need(row, err.where.file, kWidths[1]);
    ++row;
  }
  if (errors.empty()) {
    sh.MergeRange({row, 0, row, kColumns - 1}, "没有发现错误。", st.Plain());
    ++row;
  }
  fit.Apply(sh);
  sh.FreezePanes(3, 0);
  if (!errors.empty()) sh.AutoFilter({2, 0, row - 1, kColumns - 1});

  SheetWriter& help = book.AddSheet("说明");
  help.SetColumnWidth(0, 0, 100);
  const std::vector<std::string> steps = {
      "本次导入没有保存任何数据：文件中只要有一处错误，整个文件都不会导入，"
      "系统中的数据保持导入前的样子。",
      "请打开“错误清单”中“文件”列所列的原文件，按“工作表”“行”“列”找到每个单元格，"
      "按“错误说明”修改。“填写内容”是您原来填写的内容。",
      "行号与 Excel 左侧显示的行号一致；列为 Excel 顶部的列字母及该列标题。",
      "全部修改后保存原文件（保持 .xlsx 格式，不要改动表头和工作表名称），再重新导入。",
      "如对某条错误有疑问，请将本文件和原文件一并发给系统管理员；"
      "“错误代码”列便于管理员查找原因。",
  };
  help.WriteString(0, 0, "如何处理本错误清单", st.Cell({.bold = true}));
  for (size_t i = 0; i < steps.size(); ++i) {
    const std::string line = fmt::format("{}. {}", i + 1, steps[i]);
    help.WriteString(i + 2, 0, line, st.note());
    help.SetRowHeight(i + 2, kLineHeight * static_cast<double>(WrappedLines(line, 100)) + 3);
  }
  return book.FinishToBytes();
}

}  // namespace jiaodu
