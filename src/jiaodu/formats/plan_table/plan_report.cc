#include "jiaodu/formats/plan_table/plan_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu::plan_table {

using plans::ProgressStatus;

std::string ValueText(const plans::Indicator& ind, std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "—";
  return FormatFixed(*v, ind.decimals) + (ind.unit == "%" ? "%" : "");
}

std::string GapText(const plans::Indicator& ind, const plans::Assessment& a) {
  if (a.status == ProgressStatus::kNoData) return "—";
  if (a.status == ProgressStatus::kMet) return "—（已达标）";
  const std::string& unit = ind.source.gap_unit.zh;
  auto positive = [](const auto& o) { return o.has_value() && *o > 0; };
  if (positive(a.units_to_path) && !unit.empty()) {
    return fmt::format("差 {} {}", FormatGrouped(static_cast<double>(*a.units_to_path), 0), unit);
  }
  if (positive(a.gap_to_path)) return fmt::format("差 {}", ValueText(ind, a.gap_to_path));
  if (positive(a.units_to_target) && !unit.empty()) {
    return fmt::format("距目标还差 {} {}",
                       FormatGrouped(static_cast<double>(*a.units_to_target), 0), unit);
  }
  if (a.status != ProgressStatus::kOnTrack && positive(a.gap_to_target)) {
    return fmt::format("距目标差 {}", ValueText(ind, a.gap_to_target));
  }
  return "符合进度";
}

std::string CountsText(const PlanTracking& t) {
  return fmt::format("已达标：{}　按进度：{}　滞后：{}　严重滞后：{}　无数据：{}", t.met,
                     t.on_track, t.behind, t.far_behind, t.no_data);
}

std::string TrackingTitle(const PlanTracking& t) {
  return fmt::format("{}指标跟踪（{}年）", t.plan->name.zh, t.year);
}

StatusColors ColorsOf(ProgressStatus s) {
  switch (s) {
    case ProgressStatus::kMet:
      return {0xC6EFCE, 0x006100};  // 绿
    case ProgressStatus::kOnTrack:
      return {0xDDEBF7, 0x1F4E79};  // 蓝
    case ProgressStatus::kBehind:
      return {0xFFEB9C, 0x9C5700};  // 黄
    case ProgressStatus::kFarBehind:
      return {0xFFC7CE, 0x9C0006};  // 红
    case ProgressStatus::kNoData:
      break;
  }
  return {0xF2F2F2, 0x7F7F7F};
}

namespace {

using xlsx::Format;
using xlsx::SheetWriter;
using xlsx::WorkbookWriter;

std::string_view OriginName(ValueOrigin o) {
  switch (o) {
    case ValueOrigin::kData:
      return "系统计算";
    case ValueOrigin::kManual:
      return "人工填报";
    case ValueOrigin::kBaseline:
      return "基期值（规划文本）";
    case ValueOrigin::kNone:
      break;
  }
  return "无数据";
}

std::string NumFormat(int decimals) {
  return decimals <= 0 ? "0" : "0." + std::string(static_cast<size_t>(decimals), '0');
}

class Writer {
 public:
  explicit Writer(const PlanTracking& t) : t_(t) {}

  Result<std::string> Write() {
    book_.emplace(JIAODU_TRY(
        WorkbookWriter::CreateInMemory({.title = TrackingTitle(t_), .subject = "规划指标跟踪"})));
    title_ = book_->AddFormat({.bold = true, .font_size = 14});
    head_ = book_->AddFormat({.bold = true,
                              .fill_color = 0xDDEBF7,
                              .border = xlsx::BorderStyle::kThin,
                              .align = xlsx::HAlign::kCenter,
                              .valign = xlsx::VAlign::kCenter,
                              .wrap = true});
    text_ = book_->AddFormat(
        {.border = xlsx::BorderStyle::kThin, .valign = xlsx::VAlign::kCenter, .wrap = true});
    center_ = book_->AddFormat({.border = xlsx::BorderStyle::kThin,
                                .align = xlsx::HAlign::kCenter,
                                .valign = xlsx::VAlign::kCenter});
    Main();
    for (const TrackedIndicator& ti : t_.indicators) {
      if (!ti.counties.empty()) Counties(ti);
    }
    return book_->FinishToBytes();
  }

 private:
  Format Value(int decimals, ProgressStatus s, bool bold = false) {
    const StatusColors c = ColorsOf(s);
    return book_->AddFormat({.bold = bold,
                             .font_color = c.font,
                             .fill_color = c.fill,
                             .border = xlsx::BorderStyle::kThin,
                             .align = xlsx::HAlign::kRight,
                             .num_format = NumFormat(decimals)});
  }
  Format Plain(int decimals) {
    return book_->AddFormat({.border = xlsx::BorderStyle::kThin,
                             .align = xlsx::HAlign::kRight,
                             .num_format = NumFormat(decimals)});
  }
  Format Status(ProgressStatus s) {
    const StatusColors c = ColorsOf(s);
    return book_->AddFormat({.bold = true,
                             .font_color = c.font,
                             .fill_color = c.fill,
                             .border = xlsx::BorderStyle::kThin,
                             .align = xlsx::HAlign::kCenter});
  }

  void Number(SheetWriter& s, size_t r, size_t c, std::optional<double> v, Format f) {
    if (v && std::isfinite(*v)) {
      s.WriteNumber(r, c, *v, f);
    } else {
      s.WriteString(r, c, "—", f);
    }
  }

  // Sheet 跟踪表: the page's table.
  void Main() {
    SheetWriter& s = book_->AddSheet("跟踪表");
    const plans::Plan& plan = *t_.plan;
    std::vector<std::string> head = {"分组", "指标", "单位", "指标属性", "数据来源", "比较"};
    const size_t first_year = head.size();
    for (int y : t_.years) head.push_back(fmt::format("{}年", y));
    const size_t after_years = head.size();
    for (const char* h : {"目标值", "目标年", "按进度应达", "状态", "差距"}) head.push_back(h);
    head.push_back(fmt::format("预计{}年", plan.end_year));
    head.push_back("人工填报佐证");
    s.MergeRange({0, 0, 0, head.size() - 1}, TrackingTitle(t_), title_);
    std::vector<std::string> meta;
    for (const std::string& m : {plan.issuer, plan.doc_number}) {
      if (!m.empty()) meta.push_back(m);
    }
    meta.push_back(fmt::format("规划期 {}—{} 年", plan.start_year, plan.end_year));
    meta.push_back(fmt::format("地区 {}（{}）", t_.area_name, plan.area));
    s.MergeRange({1, 0, 1, head.size() - 1}, fmt::format("{}", fmt::join(meta, " · ")));
    s.MergeRange({2, 0, 2, head.size() - 1},
                 fmt::format("报告年度 {} 年　{}　（年份列按状态着色：绿 已达标、蓝 按进度、黄 "
                             "滞后、红 严重滞后；加粗为报告年度）",
                             t_.year, CountsText(t_)));
    const size_t hr = 4;
    for (size_t c = 0; c < head.size(); ++c) s.WriteString(hr, c, head[c], head_);
    s.SetRowHeight(hr, 30);
    s.SetColumnWidth(0, 0, 10);
    s.SetColumnWidth(1, 1, 34);
    s.SetColumnWidth(2, 5, 8);
    s.SetColumnWidth(first_year, after_years - 1, 9);
    s.SetColumnWidth(after_years, after_years + 2, 10);
    s.SetColumnWidth(after_years + 3, after_years + 3, 9);
    s.SetColumnWidth(after_years + 4, after_years + 4, 26);
    s.SetColumnWidth(after_years + 5, after_years + 5, 11);
    s.SetColumnWidth(after_years + 6, after_years + 6, 48);
    s.FreezePanes(hr + 1, 2);

    size_t r = hr + 1;
    for (const TrackedIndicator& ti : t_.indicators) {
      const plans::Indicator& ind = *ti.indicator;
      const plans::Assessment& a = ti.area.latest;
      s.WriteString(r, 0, ind.group, text_);
      s.WriteString(r, 1, ind.name.zh, text_);
      s.WriteString(r, 2, ind.unit, center_);
      s.WriteString(r, 3, plans::AttributeName(ind.attribute), center_);
      s.WriteString(r, 4,
                    ind.source.kind == plans::Source::Kind::kFormula ? "系统计算" : "人工填报",
                    center_);
      s.WriteString(r, 5, plans::ComparisonSymbol(ind.comparison), center_);
      std::vector<std::string> evidence;
      for (size_t k = 0; k < t_.years.size() && k < ti.area.cells.size(); ++k) {
        const TrackedCell& c = ti.area.cells[k];
        const bool report_year = c.year == t_.year;
        if (c.value) {
          s.WriteNumber(r, first_year + k, *c.value, Value(ind.decimals, c.status, report_year));
          if (c.origin != ValueOrigin::kData) {
            s.WriteComment(
                r, first_year + k,
                std::string(OriginName(c.origin)) + (c.evidence.empty() ? "" : "：" + c.evidence));
          }
        } else {
          s.WriteString(r, first_year + k, "", text_);
          if (!c.problem.empty()) s.WriteComment(r, first_year + k, c.problem);
        }
        if (c.origin == ValueOrigin::kManual) {
          evidence.push_back(
              fmt::format("{}年：{}（{}，{}）", c.year, c.evidence, c.entered_by, c.entered_at));
        }
      }
      size_t c = after_years;
      Number(s, r, c++, ind.target, Plain(ind.decimals));
      s.WriteNumber(r, c++, ind.target_year, center_);
      Number(s, r, c++, a.required, Plain(ind.decimals));
      s.WriteString(r, c++, plans::ProgressStatusName(a.status), Status(a.status));
      s.WriteString(r, c++, GapText(ind, a), text_);
      if (a.projected && std::isfinite(*a.projected)) {
        const ProgressStatus ps =
            a.projected_meets.value_or(false) ? ProgressStatus::kMet : ProgressStatus::kFarBehind;
        s.WriteNumber(r, c++, *a.projected, Value(ind.decimals, ps));
      } else {
        s.WriteString(r, c++, "—", center_);
      }
      s.WriteString(r, c++, fmt::format("{}", fmt::join(evidence, "；")), text_);
      ++r;
    }
    s.AutoFilter({hr, 0, r - 1, head.size() - 1});
    ++r;
    s.MergeRange(
        {r, 0, r, head.size() - 1},
        "注：数值按指标的小数位数四舍五入后与目标比较；“按进度应达”为基期经各阶段目标到目标值的"
        "直线在报告年度的值；人工填报值的佐证见最后一列及单元格批注。");
  }

  // One sheet per indicator tracked by county.
  void Counties(const TrackedIndicator& ti) {
    const plans::Indicator& ind = *ti.indicator;
    SheetWriter& s = book_->AddSheet(Ellipsize(ind.name.zh, 28));
    std::vector<std::string> head = {"县（市、区）", "代码", "目标值"};
    const size_t first_year = head.size();
    for (int y : t_.years) head.push_back(fmt::format("{}年", y));
    const size_t after = head.size();
    for (const char* h : {"按进度应达", "状态", "差距", "拖后腿"}) head.push_back(h);
    s.MergeRange({0, 0, 0, head.size() - 1},
                 fmt::format("{}：分县（市、区）目标与进度（{}年）", ind.name.zh, t_.year), title_);
    std::string sub = fmt::format("{}目标 {}", t_.area_name, ValueText(ind, ind.target));
    if (ti.counties_target) {
      sub += fmt::format("；各县目标汇总 {}", ValueText(ind, ti.counties_target));
    }
    s.MergeRange({1, 0, 1, head.size() - 1}, sub);
    const size_t hr = 3;
    for (size_t c = 0; c < head.size(); ++c) s.WriteString(hr, c, head[c], head_);
    s.SetColumnWidth(0, 0, 16);
    s.SetColumnWidth(1, 2, 10);
    s.SetColumnWidth(first_year, after - 1, 9);
    s.SetColumnWidth(after, after + 1, 10);
    s.SetColumnWidth(after + 2, after + 2, 26);
    s.SetColumnWidth(after + 3, after + 3, 8);
    s.FreezePanes(hr + 1, 1);
    size_t r = hr + 1;
    auto row = [&](const TrackedArea& a, bool total) {
      s.WriteString(r, 0, total ? a.name + "（全域）" : a.name, text_);
      s.WriteString(r, 1, a.code, center_);
      s.WriteNumber(r, 2, a.target, Plain(ind.decimals));
      for (size_t k = 0; k < t_.years.size() && k < a.cells.size(); ++k) {
        const TrackedCell& c = a.cells[k];
        if (c.value) {
          s.WriteNumber(r, first_year + k, *c.value,
                        Value(ind.decimals, c.status, c.year == t_.year));
        } else {
          s.WriteString(r, first_year + k, "", text_);
        }
      }
      Number(s, r, after, a.latest.required, Plain(ind.decimals));
      s.WriteString(r, after + 1, plans::ProgressStatusName(a.latest.status),
                    Status(a.latest.status));
      s.WriteString(r, after + 2, GapText(ind, a.latest), text_);
      const bool back = std::find(ti.holding_back.begin(), ti.holding_back.end(), a.code) !=
                        ti.holding_back.end();
      s.WriteString(r, after + 3, back ? "是" : "", center_);
      ++r;
    };
    row(ti.area, true);
    for (const TrackedArea& c : ti.counties) row(c, false);
  }

  const PlanTracking& t_;
  std::optional<WorkbookWriter> book_;
  Format title_, head_, text_, center_;
};

}  // namespace

Result<std::string> PlanTrackingXlsx(const PlanTracking& t) { return Writer(t).Write(); }

}  // namespace jiaodu::plan_table
