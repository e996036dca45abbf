#include "jiaodu/formats/pdf/report_pdf.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/pdf/pdf_layout.h"
#include "jiaodu/formats/report_text/report_text.h"

namespace jiaodu {
namespace {

using pdf::Align;
using pdf::Cell;
using pdf::CellStyle;
using pdf::Color;
using pdf::Column;
using pdf::Document;
using pdf::Table;
using pdf::TextStyle;
using namespace report;  // NOLINT: the report's wording

// ---------------------------------------------------------------------------
// Look

// The Excel report's palette (report_text.h), so the printed and the
// downloaded results read alike. Text is also bold where it matters, for
// readers of black-and-white copies.
using report::palette::kBadFill;
using report::palette::kGoodFill;
using report::palette::kGoodFont;
using report::palette::kGreyFill;
using report::palette::kGreyFont;
using report::palette::kWarnFill;
using report::palette::kWarnFont;
// Except the bad text, which the printed report has always drawn in a
// brighter red than Excel's 0x9C0006.
constexpr Color kBadFont = 0xC00000;
// An indicator value below the standard but at or above its floor (85%).
constexpr Color kOrangeFont = 0xC55A11;

const TextStyle kTitle{.size = 15, .bold = true, .align = Align::kCenter};
const TextStyle kSubtitle{.size = 9, .align = Align::kCenter};
const TextStyle kHeading{.size = 12, .bold = true};
const TextStyle kBlock{.size = 9.5, .bold = true};
const TextStyle kBody{.size = 8.5};
const TextStyle kNote{.size = 7.5, .color = kGreyFont};
const TextStyle kWarnNote{.size = 8, .color = kWarnFont};

// A printed cell is not a place for a whole essay; the JSON and the Excel
// export keep the full text. (The layout would split a longer cell across
// pages correctly; this keeps rows readable.)
constexpr size_t kMaxCellChars = 600;
// Schools named in one cell of the items table before "…等 N 所".
constexpr size_t kMaxListedSchools = 6;
// Rows of the plan's change list; a county needing more is listed in Excel.
constexpr size_t kMaxChangeRows = 300;

CellStyle VerdictStyle(Verdict v, bool bold = false) {
  switch (v) {
    case Verdict::kPass:
      return {.bold = bold, .color = kGoodFont, .fill = kGoodFill};
    case Verdict::kFail:
      return {.bold = true, .color = kBadFont, .fill = kBadFill};
    case Verdict::kIncomplete:
      return {.bold = bold, .color = kWarnFont, .fill = kWarnFill};
    case Verdict::kNotApplicable:
      return {.bold = bold, .color = kGreyFont, .fill = kGreyFill};
  }
  return {};
}

Cell VerdictCell(Verdict v, bool bold = false) {
  return {std::string(VerdictName(v)), VerdictStyle(v, bold)};
}

Cell GreyCell(std::string_view text) {
  return {std::string(text), {.color = kGreyFont, .fill = kGreyFill, .align = Align::kCenter}};
}

Cell Plain(std::string text) { return {std::move(text), {}}; }
Cell Bold(std::string text) { return {std::move(text), {.bold = true}}; }

// ---------------------------------------------------------------------------
// Text: the wording is report_text's, shared with the Excel report.

std::string Cut(std::string_view s) { return Ellipsize(s, kMaxCellChars); }

// ---------------------------------------------------------------------------
// The annex tables

class CountyReport {
 public:
  CountyReport(const Standard& standard, const CountyEvaluation& e, Document& doc)
      : standard_(standard), e_(e), doc_(doc) {}

  void Write() {
    Cover();
    Summary();
    if (standard_.resource.compute_cv) Cvs();
    for (Stage stage : standard_.stages) Schools(stage);
    if (!standard_.items.empty() || !standard_.vetoes.empty()) Items();
    if (!e_.goals.empty()) Goals();
    if (std::any_of(e_.stages.begin(), e_.stages.end(),
                    [](const StageResult& sr) { return sr.plan.needed; })) {
      Plan();
    }
  }

 private:
  // "附表3　小学校级资源配置指标": numbered in order, each on a new page.
  // Returns the heading, for the "（续）" line of a table that continues.
  std::string Annex(std::string_view title) {
    doc_.NewPage();
    std::string heading = fmt::format("附表{}　{}", ++annex_, title);
    doc_.Paragraph(heading, kHeading, 6);
    return heading;
  }

  void Cover() {
    doc_.Paragraph(CountyYear(e_) + ReportTitle(standard_) + "自评报告附表", kTitle, 4);
    doc_.Paragraph(fmt::format("评估依据：{}《{}》（{}）", standard_.issuer, standard_.title.zh,
                               standard_.document),
                   kSubtitle, 1);
    doc_.Paragraph(fmt::format("县（区）：{}　　行政区划代码：{}　　评估学年：{}", e_.county_name,
                               e_.county_code, e_.year.Label()),
                   kSubtitle, 12);
  }

  // 附表 汇总: verdict, parts, reasons, notes.
  void Summary() {
    const std::string heading = fmt::format("附表{}　评估结论汇总", ++annex_);
    doc_.Paragraph(heading, kHeading, 6);
    Table parts({{"评估方面", 14, Align::kCenter}, {"结论", 8, Align::kCenter}, {"说明", 78}});
    parts.SetContinuedCaption(heading + "（续）");
    parts.AddRow({Bold("总体结论"), VerdictCell(e_.verdict, /*bold=*/true),
                  Plain(OverallSummary(standard_, e_))});
    for (const PartVerdict& p : e_.parts) {
      parts.AddRow({Plain(p.name.zh), VerdictCell(p.verdict), Plain(PartDetail(standard_, e_, p))});
    }
    parts.Draw(doc_);

    Table reasons({{"序号", 6, Align::kCenter}, {"内容", 94}});
    reasons.SetCaption(e_.verdict == Verdict::kPass ? "说明" : "未达标及待定原因");
    if (e_.reasons.empty()) reasons.AddBand({"无", {.bold = false, .fill = 0xFFFFFF}});
    for (size_t i = 0; i < e_.reasons.size(); ++i) {
      reasons.AddRow({Plain(std::to_string(i + 1)), Plain(Cut(e_.reasons[i].zh))});
    }
    reasons.Draw(doc_);

    std::vector<std::string> notes;
    if (!standard_.resource.composite_note.zh.empty()) {
      notes.push_back("注：" + standard_.resource.composite_note.zh);
    }
    if (!standard_.policy.round_values_before_compare &&
        !standard_.policy.round_cv_before_compare) {
      notes.push_back("注：表中数值按显示位数四舍五入；是否达标以未舍入的计算值判定。");
    } else {
      notes.push_back("注：按本标准的规定，指标值或差异系数先四舍五入再与标准比较。");
    }
    if (!e_.excluded.empty()) {
      notes.push_back(fmt::format("注：{} 个学校学段不参加资源配置评估，名单见各学段校级指标表后。",
                                  e_.excluded.size()));
    }
    if (!e_.has_county_data && (!standard_.items.empty() || !standard_.vetoes.empty())) {
      notes.push_back("注：本县的县级数据（评定、一票否决等）尚未填报。");
    }
    for (const std::string& n : notes) doc_.Paragraph(n, kNote, 1.5);
  }

  // 附表 校际差异系数: one table per stage, indicators across.
  void Cvs() {
    Annex("义务教育校际差异系数");
    const std::string weight_name = WeightName(standard_);
    doc_.Paragraph(fmt::format("差异系数＝标准差÷平均值；平均值和标准差以各校{}为权重计算。"
                               "平均值、标准差保留2位小数，差异系数保留{}位小数。{}",
                               weight_name, standard_.policy.cv_display_decimals,
                               standard_.resource.composite_note.zh),
                   kNote, 6);

    const int cv_decimals = standard_.policy.cv_display_decimals;
    const std::string op(CompareOpSymbol(standard_.resource.cv_op));
    for (const StageResult& sr : e_.stages) {
      const double* climit = standard_.resource.composite_limit.Get(sr.stage);
      std::vector<Column> cols = {{"项目", 10, Align::kCenter}};
      for (const Indicator& ind : standard_.indicators) {
        cols.push_back({IndicatorHeader(ind), 12, Align::kCenter});
      }
      cols.push_back({climit ? "综合差异系数" : "综合差异系数（参考）", 12, Align::kCenter});
      Table t(std::move(cols));
      t.SetCaption(StageBlockTitle(standard_, sr));

      const std::vector<std::string> labels = {"全县平均值", "标准差", "差异系数",
                                               "标准（" + op + "）", "是否达标"};
      std::vector<std::vector<Cell>> rows(labels.size());
      for (size_t k = 0; k < labels.size(); ++k) rows[k].push_back(Bold(labels[k]));
      std::vector<std::string> problems;
      for (size_t j = 0; j < standard_.indicators.size(); ++j) {
        const Indicator& ind = standard_.indicators[j];
        const CvResult* c = FindCv(sr, ind.id, j);
        if (c == nullptr) {
          for (auto& row : rows) row.push_back(GreyCell(kDash));
          continue;
        }
        if (!c->cv && !c->problem.zh.empty()) {
          problems.push_back(fmt::format("{} 无法计算：{}", ind.id, c->problem.zh));
        }
        rows[0].push_back(Plain(ShowOptional(c->mean, 2)));
        rows[1].push_back(Plain(ShowOptional(c->sd, 2)));
        rows[2].push_back({ShowOptional(c->cv, cv_decimals),
                           {.bold = true,
                            .color = c->verdict == Verdict::kFail ? kBadFont : pdf::kBlack,
                            .fill = c->verdict == Verdict::kFail ? std::optional<Color>(kBadFill)
                                                                 : std::nullopt}});
        if (c->limit) {
          rows[3].push_back(Plain(FormatFixed(*c->limit, 2)));
          rows[4].push_back(VerdictCell(c->verdict));
        } else {
          // Judged only through the composite (2012 method).
          rows[3].push_back(GreyCell("不单设"));
          rows[4].push_back(GreyCell(kDash));
        }
      }
      rows[0].push_back(Plain(""));
      rows[1].push_back(Plain(""));
      const bool composite_fails = climit && sr.composite_verdict == Verdict::kFail;
      rows[2].push_back(
          {ShowOptional(sr.composite_cv, cv_decimals),
           {.bold = climit != nullptr,
            .color = composite_fails ? kBadFont : pdf::kBlack,
            .fill = composite_fails ? std::optional<Color>(kBadFill) : std::nullopt}});
      if (climit != nullptr) {
        rows[3].push_back(Plain(FormatFixed(*climit, 2)));
        rows[4].push_back(VerdictCell(sr.composite_verdict));
      } else {
        rows[3].push_back(GreyCell("不设限"));
        rows[4].push_back(GreyCell("仅作参考"));
      }
      for (auto& row : rows) t.AddRow(std::move(row));
      t.Draw(doc_);
      for (const std::string& p : problems) doc_.Paragraph("注：" + p, kNote, 1.5);
    }
    Drivers();
  }

  // Which schools make an over-limit 差异系数 high: the ones to act on.
  void Drivers() {
    Table t({{"学段", 6, Align::kCenter},
             {"指标", 18},
             {"学校标识码", 12},
             {"学校名称", 24},
             {"指标值", 9, Align::kRight},
             {"在校生占比", 9, Align::kRight},
             {"贡献占比", 9, Align::kRight},
             {"相对平均值", 10, Align::kCenter}});
    t.SetCaption("超标指标的主要影响学校（按对离散程度的贡献排序）");
    for (const StageResult& sr : e_.stages) {
      for (const CvResult& c : sr.cvs) {
        if (c.verdict != Verdict::kFail) continue;
        const Indicator* ind = standard_.FindIndicator(c.indicator_id);
        const std::string name = ind ? ind->id + " " + ind->short_name.zh : c.indicator_id;
        for (const CvDriver& d : c.drivers) {
          t.AddRow({Plain(std::string(StageName(sr.stage))), Plain(name), Plain(d.school_code),
                    Plain(d.school_name), Plain(FormatFixed(d.value, ind ? ind->decimals : 2)),
                    Plain(FormatFixed(d.weight_share * 100, 1) + "%"),
                    Plain(FormatFixed(d.share * 100, 1) + "%"),
                    d.above_mean ? Plain("高于平均值")
                                 : Cell{"低于平均值", {.color = kWarnFont, .fill = kWarnFill}}});
        }
      }
    }
    if (t.rows() > 0) t.Draw(doc_);
  }

  // 附表 校级指标, one per stage.
  void Schools(Stage stage) {
    const StageResult* sr = e_.FindStage(stage);
    const std::string noun = MemberNoun(standard_);
    const std::string table_title = MembersTableTitle(standard_, stage);
    Annex(fmt::format("{}（参评{} {} 所）", table_title, noun, sr ? sr->schools : 0));
    const bool rule = standard_.HasSchoolRule();
    doc_.Paragraph(SchoolRuleNote(standard_), kNote, 4);
    if (sr == nullptr || sr->sections.empty()) {
      doc_.Paragraph(fmt::format("本县没有参评的{}{}。", StageName(stage), noun), kBody);
    } else {
      std::vector<Column> cols = {{"序号", 4, Align::kCenter},
                                  {noun + "名称", 17},
                                  {WeightName(standard_), 7, Align::kRight}};
      for (const Indicator& ind : standard_.indicators) {
        std::string title = IndicatorHeader(ind);
        const std::string st = StandardText(ind, stage);
        if (!st.empty()) title += "\n" + st;
        cols.push_back({std::move(title), 9, Align::kRight});
      }
      if (rule) {
        cols.push_back(
            {fmt::format("达标项数\n≥{}", standard_.resource.min_meeting), 6, Align::kCenter});
        cols.push_back({"结论", 6, Align::kCenter});
      }
      Table t(std::move(cols));
      t.SetContinuedCaption(fmt::format("附表{}　{}（续）", annex_, table_title));
      size_t seq = 0;
      for (const SectionResult& s : sr->sections) {
        std::vector<Cell> row = {
            Plain(std::to_string(++seq)), Plain(s.school_name),
            s.students ? Plain(FormatGrouped(*s.students, 0)) : GreyCell(kDash)};
        for (size_t j = 0; j < standard_.indicators.size(); ++j) {
          row.push_back(
              ValueCell(standard_.indicators[j], FindValue(s, standard_.indicators[j].id, j)));
        }
        if (rule) {
          row.push_back(Plain(std::to_string(s.meeting)));
          row.push_back(VerdictCell(s.verdict));
        }
        t.AddRow(std::move(row));
      }
      t.Draw(doc_);
    }

    // Schools left out of this stage, and why.
    std::vector<std::string> excluded;
    for (const ExcludedSection& x : e_.excluded) {
      if (x.stage == stage) excluded.push_back(fmt::format("{}（{}）", x.school_name, x.reason.zh));
    }
    if (!excluded.empty()) {
      doc_.Paragraph(fmt::format("注：另有 {} 所学校不参加{}资源配置评估：{}。", excluded.size(),
                                 StageName(stage), Cut(Join(excluded, "；"))),
                     kNote, 1.5);
    }
  }

  static Cell ValueCell(const Indicator& ind, const IndicatorValue* iv) {
    if (iv == nullptr || iv->status == IndicatorStatus::kMissing || !iv->value ||
        !std::isfinite(*iv->value)) {
      return GreyCell(kDash);
    }
    Cell c = Plain(FormatFixed(*iv->value, ind.decimals));
    switch (iv->status) {
      case IndicatorStatus::kAboveFloor:
        c.style = {.color = kOrangeFont, .fill = kWarnFill};
        break;
      case IndicatorStatus::kBelowFloor:
        c.style = {.bold = true, .color = kBadFont, .fill = kBadFill};
        break;
      case IndicatorStatus::kMeets:
      case IndicatorStatus::kMissing:
      case IndicatorStatus::kNoStandard:
        break;
    }
    return c;
  }

  // 附表 评估事项核查表 and the 一票否决 list.
  void Items() {
    const std::string parts = ItemPartsTitle(standard_);
    const std::string heading =
        Annex(parts.empty() ? "一票否决情形核查表" : parts + "评估事项核查表");
    if (!standard_.items.empty()) {
      Table t({{"编号", 5, Align::kCenter},
               {"方面", 8, Align::kCenter},
               {"内容", 27},
               {"结论", 6, Align::kCenter},
               {"检测结果（指标值与标准）", 30},
               {"评定说明／佐证材料", 24}});
      t.SetContinuedCaption(heading + "（续）");
      for (const ItemResult& it : e_.items) {
        std::vector<std::string> checks;
        for (const CheckResult& c : it.checks) checks.push_back(CheckText(c, kMaxListedSchools));
        if (it.checks.empty() && it.needs_judgment) {
          checks.push_back(fmt::format("县级评定：{}", JudgmentStatusName(it.judgment.status)));
        }
        t.AddRow({Plain(it.id), Plain(it.part_name.zh), Plain(Cut(it.text.zh)),
                  VerdictCell(it.verdict, /*bold=*/true), Plain(Cut(Join(checks, "\n"))),
                  NoteCell(it)});
      }
      t.Draw(doc_);
    }
    if (!standard_.vetoes.empty()) {
      Table t({{"编号", 6, Align::kCenter},
               {"情形", 54},
               {"是否存在", 10, Align::kCenter},
               {"说明", 30}});
      t.SetCaption("一票否决情形（存在任一情形即一票否决；未填报的情形使结论待定）");
      for (const VetoResult& v : e_.vetoes) {
        const std::string_view occurred = !v.occurred ? "未填报" : *v.occurred ? "是" : "否";
        t.AddRow({Plain(v.id),
                  Plain(Cut(v.text.zh)),
                  {std::string(occurred), VerdictStyle(v.verdict, /*bold=*/true)},
                  Plain(Cut(v.note))});
      }
      t.Draw(doc_);
    }
  }

  // 附表 发展目标对照: policy targets beside the standard (5080, 十四五),
  // which never change the verdict — the heading says so.
  void Goals() {
    Annex("发展目标对照（规划目标，不作为评估结论）");
    doc_.Paragraph(
        "下列目标与本办法的达标要求并列显示，供对照规划进度；评估结论只依据本办法的标准。", kNote,
        4);
    for (const GoalResult& g : e_.goals) {
      Table t({{"指标", 26},
               {"当前值", 11, Align::kRight},
               {"目标", 11, Align::kCenter},
               {"是否达到", 9, Align::kCenter},
               {"达到目标所需", 43}});
      t.SetCaption(fmt::format("{}：{}", g.name.zh, GoalStateName(g.verdict)));
      for (const GoalTargetResult& target : g.targets) {
        std::vector<std::string> needs;
        for (const CheckRemedyResult& r : target.remedies) needs.push_back(RemedyText(target, r));
        t.AddRow({Plain(target.label.zh),
                  target.value ? Plain(ShowValue(*target.value, target.percent, target.decimals))
                               : GreyCell(kDash),
                  Plain(std::string(CompareOpSymbol(target.op)) +
                        ShowValue(target.threshold, target.percent, target.decimals)),
                  {std::string(GoalStateName(target.verdict)), VerdictStyle(target.verdict, true)},
                  target.verdict == Verdict::kPass ? Plain("") : Plain(Cut(Join(needs, "\n")))});
      }
      t.Draw(doc_);
      if (!g.note.zh.empty()) doc_.Paragraph("注：" + g.note.zh, kNote, 4);
    }
  }

  // 评定说明 (the bureau's judgment when 达标 — a 未达标 or missing one is
  // among the reasons — then the reasons) and the evidence, or what is due.
  Cell NoteCell(const ItemResult& it) const {
    std::vector<std::string> lines;
    if (it.needs_judgment && it.judgment.status == JudgmentStatus::kMet) {
      lines.push_back(it.judgment.note.empty() ? "县级评定：达标"
                                               : "县级评定：达标（" + it.judgment.note + "）");
    }
    for (const Text& r : it.reasons) lines.push_back(r.zh);
    bool missing_evidence = false;
    if (!it.judgment.evidence.empty()) {
      lines.push_back("佐证材料：" + it.judgment.evidence);
    } else if (it.needs_judgment) {
      missing_evidence = true;
      const Item* def = standard_.FindItem(it.id);
      lines.push_back(def && !def->evidence_hint.zh.empty()
                          ? "佐证材料：未提供。应提供：" + def->evidence_hint.zh
                          : "佐证材料：未提供");
    }
    Cell c = Plain(Cut(Join(lines, "\n")));
    if (missing_evidence) c.style = {.color = kWarnFont};
    return c;
  }

  // 附表 达标所需: status per stage, totals, then the additions.
  void Plan() {
    Annex("资源配置达标所需");
    const bool rule = standard_.HasSchoolRule();
    doc_.Paragraph(std::string(rule ? "按下列数量补充资源后，各学段全部参评学校达到校级标准，"
                                      "且各项差异系数达到要求"
                                    : "按下列数量补充资源后，各学段差异系数达到要求") +
                       "（已用补足后的数据重新评估验证）。数量为满足要求的最少数量，"
                       "按各项资源的最小单位取整（如教师按整人计）。",
                   kNote, 4);
    Table totals({{"学段", 8, Align::kCenter},
                  {"资源", 40},
                  {"合计数量", 16, Align::kRight},
                  {"单位", 10, Align::kCenter},
                  {"涉及学校数", 12, Align::kRight}});
    totals.SetCaption("需补充的资源合计");
    size_t changes = 0;
    for (const StageResult& sr : e_.stages) {
      const PassPlan& plan = sr.plan;
      std::string status;
      if (!plan.needed && plan.note.zh.empty()) {
        status = rule ? "全部学校及差异系数均已达标，无需补充。" : "差异系数已达标，无需补充。";
      } else if (plan.needed && plan.verified) {
        status = "需补充以下资源（已验证：补足后本学段达标）。";
      } else if (plan.needed) {
        status = "需补充以下资源，但补足后仍未全部达标，请人工研判。";
      } else {
        status = "暂不能给出补足方案。";
      }
      doc_.Paragraph(fmt::format("{}：{}", StageName(sr.stage), status), kBlock, 1.5);
      if (!plan.note.zh.empty()) doc_.Paragraph("说明：" + plan.note.zh, kWarnNote, 1.5);
      for (const PassPlan::Total& t : plan.totals) {
        totals.AddRow({Plain(std::string(StageName(sr.stage))), Plain(t.resource.zh),
                       Plain(ShowAmount(t.amount)), Plain(t.unit.zh),
                       Plain(std::to_string(t.schools))});
      }
      changes += plan.changes.size();
    }
    doc_.Gap(4);
    if (totals.rows() > 0) totals.Draw(doc_);
    if (changes == 0) return;

    Table list({{"学段", 5, Align::kCenter},
                {"学校名称", 20},
                {"指标", 18},
                {"需增加", 15},
                {"数量", 9, Align::kRight},
                {"单位", 6, Align::kCenter},
                {"当前值", 9, Align::kRight},
                {"补足后", 9, Align::kRight},
                {"目的", 10, Align::kCenter}});
    list.SetCaption("补足明细（每校每项资源一行）");
    size_t shown = 0;
    for (const StageResult& sr : e_.stages) {
      for (const Change& c : sr.plan.changes) {
        if (shown == kMaxChangeRows) break;
        ++shown;
        const Indicator* ind = standard_.FindIndicator(c.indicator_id);
        const int decimals = ind ? ind->decimals : 2;
        list.AddRow({Plain(std::string(StageName(c.stage))), Plain(c.school_name),
                     Plain(ind ? ind->id + " " + ind->short_name.zh : c.indicator_id),
                     Plain(c.resource.zh), Plain(ShowAmount(c.amount)), Plain(c.unit.zh),
                     Plain(FormatFixed(c.from_value, decimals)),
                     Plain(FormatFixed(c.to_value, decimals)), Plain(PurposeName(standard_, c))});
      }
    }
    if (shown < changes) {
      list.AddBand({fmt::format("…等 {} 项（以上列出前 {} 项；完整清单见 Excel 结果表“达标所需”）",
                                changes, shown),
                    {.color = kGreyFont}});
    }
    list.Draw(doc_);
  }

  const Standard& standard_;
  const CountyEvaluation& e_;
  Document& doc_;
  int annex_ = 0;
};

}  // namespace

Result<std::string> CountyReportPdf(const Standard& standard, const CountyEvaluation& e) {
  const std::string title = CountyYear(e) + ReportTitle(standard) + "自评报告附表";
  auto doc = JIAODU_TRY(pdf::Document::Create({
      .header = fmt::format("{} · {} · {} · {}", e.county_name, e.year.Label(),
                            ReportTitle(standard), standard.document),
      .footer_note = "jiaodu 生成",
      .title = title,
      .subject = fmt::format("{}（{}）", standard.title.zh, standard.document),
  }));
  CountyReport(standard, e, *doc).Write();
  return doc->Finish();
}

}  // namespace jiaodu
