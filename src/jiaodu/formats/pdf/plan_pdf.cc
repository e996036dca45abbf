#include "jiaodu/formats/pdf/plan_pdf.h"

#include <fmt/format.h>

#include "jiaodu/formats/pdf/pdf_layout.h"

namespace jiaodu {
namespace {

using pdf::Align;
using pdf::Cell;
using plan_table::ColorsOf;
using plan_table::PlanTracking;
using plan_table::TrackedIndicator;

const pdf::TextStyle kTitle{.size = 15, .bold = true, .align = Align::kCenter};
const pdf::TextStyle kSubtitle{.size = 9, .align = Align::kCenter};
const pdf::TextStyle kCounts{.size = 10, .bold = true, .align = Align::kCenter};
const pdf::TextStyle kNote{.size = 7.5, .color = 0x595959};

Cell StatusCell(plans::ProgressStatus s) {
  const plan_table::StatusColors c = ColorsOf(s);
  return {std::string(plans::ProgressStatusName(s)),
          {.bold = true, .color = c.font, .fill = c.fill}};
}

}  // namespace

Result<std::string> PlanTrackingPdf(const PlanTracking& t) {
  const plans::Plan& plan = *t.plan;
  auto doc = JIAODU_TRY(pdf::Document::Create(
      {.header = fmt::format("{} · {}年 · 规划指标跟踪", plan.name.zh, t.year),
       .footer_note = "jiaodu 规划指标跟踪",
       .title = plan_table::TrackingTitle(t),
       .subject = "规划指标跟踪"}));
  doc->Paragraph(plan_table::TrackingTitle(t), kTitle, 4);
  std::vector<std::string> meta;
  if (!plan.issuer.empty()) meta.push_back(fmt::format("印发机关：{}", plan.issuer));
  if (!plan.doc_number.empty()) meta.push_back(fmt::format("文号：{}", plan.doc_number));
  meta.push_back(fmt::format("规划期：{}—{}年", plan.start_year, plan.end_year));
  meta.push_back(fmt::format("报告年度：{}年", t.year));
  doc->Paragraph(fmt::format("{}", fmt::join(meta, "　　")), kSubtitle, 4);
  doc->Paragraph(plan_table::CountsText(t), kCounts, 8);

  pdf::Table table({{"指标", 34},
                    {"单位", 6, Align::kCenter},
                    {"属性", 7, Align::kCenter},
                    {"基期", 11, Align::kRight},
                    {fmt::format("{}年", t.year), 10, Align::kRight},
                    {"目标", 11, Align::kRight},
                    {"状态", 8, Align::kCenter},
                    {"差距", 25}},
                   {.font_size = 8.5});
  table.SetContinuedCaption(plan_table::TrackingTitle(t) + "（续）");
  std::string group = "\x01";
  for (const TrackedIndicator& ti : t.indicators) {
    const plans::Indicator& ind = *ti.indicator;
    if (ind.group != group) {
      group = ind.group;
      table.AddBand({group.empty() ? "其他指标" : group, {.bold = true}});
    }
    std::optional<double> now;
    for (const plan_table::TrackedCell& c : ti.area.cells) {
      if (c.year == t.year && c.value) now = c.value;
    }
    std::string base = "—";
    if (ind.baseline_year && ind.baseline) {
      base = fmt::format("{}（{}）", plan_table::ValueText(ind, ind.baseline), *ind.baseline_year);
    }
    const std::string cmp = ind.comparison == plans::Comparison::kEqual
                                ? ""
                                : std::string(plans::ComparisonSymbol(ind.comparison));
    std::string name = ind.name.zh;
    if (ind.source.kind == plans::Source::Kind::kManual) name += "（填报）";
    table.AddRow({{name},
                  {ind.unit},
                  {std::string(plans::AttributeName(ind.attribute))},
                  {base},
                  {plan_table::ValueText(ind, now), {.bold = true}},
                  {fmt::format("{}{}", cmp, plan_table::ValueText(ind, ind.target))},
                  StatusCell(ti.area.latest.status),
                  {plan_table::GapText(ind, ti.area.latest)}});
  }
  table.Draw(*doc);
  doc->Paragraph(
      "注：数值按指标的小数位数四舍五入后与目标比较；“按进度”指达到基期经阶段目标到目标值的直线在报"
      "告"
      "年度的值；标“（填报）”的指标由责任单位凭佐证材料填报，其余由本系统数据计算。差距以实际单位表"
      "示"
      "（如还需达到良好及以上的学生数）。",
      kNote, 0);
  return doc->Finish();
}

}  // namespace jiaodu
