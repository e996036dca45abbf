#include <fmt/format.h>

#include "jiaodu/core/number.h"
#include "jiaodu/domain/quality/stats.h"
#include "jiaodu/formats/school_eval_table/school_eval_report.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : "、") + s;
  return out;
}

std::string BottomRuleText(const quality::BottomRule& b) {
  if (b.kind == quality::BottomRule::Kind::kCount) {
    return fmt::format("排名最后 {} 所（与边界并列的学校一并列入）", static_cast<int>(b.value));
  }
  return fmt::format("排名最后 {}%（向上取整；与边界并列的学校一并列入）",
                     FormatFixed(b.value * 100, 1));
}

}  // namespace

Result<std::string> SchoolEvalReportXlsx(const SchoolEvalReport& r) {
  const quality::HsScheme& scheme = *r.scheme;
  const quality::HsSchemeSpec& spec = scheme.spec();
  const quality::HsEvaluation& ev = r.evaluation;
  const std::string title = fmt::format("{} {}年 办学质量评价通报（{}）", spec.title.zh, ev.year,
                                        r.scope.empty() ? "全市" : r.scope);
  auto book =
      JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory({.title = title, .subject = "办学质量评价"}));
  const xlsx::Format head = book.AddFormat({.bold = true,
                                            .fill_color = 0xDDEBF7,
                                            .border = xlsx::BorderStyle::kThin,
                                            .align = xlsx::HAlign::kCenter,
                                            .valign = xlsx::VAlign::kCenter,
                                            .wrap = true});
  const xlsx::Format big = book.AddFormat({.bold = true, .font_size = 14});
  const std::string decimals =
      spec.decimals > 0 ? "0." + std::string(static_cast<size_t>(spec.decimals), '0') : "0";
  const xlsx::Format points = book.AddFormat({.num_format = decimals});
  const xlsx::Format flagged = book.AddFormat({.bold = true, .font_color = 0xC00000});
  const xlsx::Format text = book.AddFormat({.num_format = "@"});

  xlsx::SheetWriter& main = book.AddSheet("通报");
  const std::vector<std::string>& areas = scheme.areas();
  std::vector<std::string> cols = {"排名", "学校标识码", "学校名称", "区县"};
  for (const std::string& a : areas) {
    double full = 0;
    for (const auto& ind : spec.indicators) full += ind.area == a ? ind.points : 0;
    cols.push_back(fmt::format("{}（{} 分）", a, full));
  }
  cols.push_back(fmt::format("总分（{} 分）", scheme.total_points()));
  cols.push_back("约谈");
  cols.push_back("连续两年排名靠后");
  cols.push_back("缺项");
  main.WriteString(0, 0, title, big);
  if (spec.example) main.WriteString(1, 0, "注意：本方案为格式示例，非正式方案。", flagged);
  main.SetColumnWidth(0, 0, 6);
  main.SetColumnWidth(1, 1, 14, text);
  main.SetColumnWidth(2, 2, 28);
  main.SetColumnWidth(3, cols.size() - 1, 12);
  constexpr size_t kHead = 2;
  for (size_t c = 0; c < cols.size(); ++c) main.WriteString(kHead, c, cols[c], head);
  main.FreezePanes(kHead + 1, 3);
  size_t row = kHead + 1;
  for (const quality::HsSchoolResult& s : ev.schools) {
    size_t c = 0;
    if (s.rank > 0) {
      main.WriteNumber(row, c++, s.rank);
    } else {
      main.WriteString(row, c++, "不排名");
    }
    main.WriteString(row, c++, s.school);
    main.WriteString(row, c++, s.name);
    auto county = r.county_of.find(s.school);
    main.WriteString(row, c++, county != r.county_of.end() ? county->second : "");
    for (double a : s.area_points) main.WriteNumber(row, c++, a, points);
    main.WriteNumber(row, c++, s.total, points);
    if (s.bottom) main.WriteString(row, c, kInterviewFlag, flagged);
    ++c;
    if (s.follow_up) main.WriteString(row, c, kFollowUpFlag, flagged);
    ++c;
    main.WriteString(row, c, Joined(s.missing));
    ++row;
  }

  xlsx::SheetWriter& detail = book.AddSheet("指标得分");
  detail.SetColumnWidth(0, 0, 14, text);
  detail.SetColumnWidth(1, 1, 28);
  detail.SetColumnWidth(2, 1 + 2 * spec.indicators.size(), 11);
  detail.WriteString(0, 0, "学校标识码", head);
  detail.WriteString(0, 1, "学校名称", head);
  for (size_t i = 0; i < spec.indicators.size(); ++i) {
    const auto& ind = spec.indicators[i];
    detail.WriteString(0, 2 + 2 * i, fmt::format("{} {} 值", ind.id, ind.name.zh), head);
    detail.WriteString(0, 3 + 2 * i, fmt::format("{} 得分（{} 分）", ind.id, ind.points), head);
  }
  row = 1;
  for (const quality::HsSchoolResult& s : ev.schools) {
    detail.WriteString(row, 0, s.school);
    detail.WriteString(row, 1, s.name);
    for (size_t i = 0; i < s.scores.size(); ++i) {
      if (quality::HasValue(s.scores[i].value)) {
        detail.WriteNumber(row, 2 + 2 * i, s.scores[i].value);
      } else {
        detail.WriteString(row, 2 + 2 * i, "缺");
      }
      detail.WriteNumber(row, 3 + 2 * i, s.scores[i].points, points);
    }
    ++row;
  }

  xlsx::SheetWriter& notes = book.AddSheet("说明");
  notes.SetColumnWidth(0, 0, 18);
  notes.SetColumnWidth(1, 1, 90);
  std::vector<std::pair<std::string, std::string>> lines = {
      {"方案", fmt::format("{}（{}）", spec.title.zh, spec.id)},
      {"来源", spec.source},
      {"计分", fmt::format("各指标得分按方案规则计算，四舍五入到 {} 位小数；总分为各指标得分之和，"
                           "按通报所示的总分排名（并列同名次，下一名次顺延：1、2、2、4）{}",
                           spec.decimals,
                           spec.tie_break.empty()
                               ? ""
                               : fmt::format("；总分相同时比较指标 {} 的得分", spec.tie_break))},
      {"排名靠后", BottomRuleText(spec.bottom) + "，列为约谈对象"},
      {"连续两年",
       "上一年同一方案系列的评价中也排名靠后的学校，列入岗位调整研判（由教育局决定，"
       "非自动处理）"},
  };
  for (const Text& n : ev.notes) lines.emplace_back("提示", n.zh);
  for (size_t i = 0; i < lines.size(); ++i) {
    notes.WriteString(i, 0, lines[i].first, head);
    notes.WriteString(i, 1, lines[i].second);
  }
  return book.FinishToBytes();
}

}  // namespace jiaodu
