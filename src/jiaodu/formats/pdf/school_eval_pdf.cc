#include "jiaodu/formats/pdf/school_eval_pdf.h"

#include <fmt/format.h>

#include "jiaodu/core/number.h"
#include "jiaodu/formats/pdf/pdf_layout.h"

namespace jiaodu {
namespace {

using pdf::Align;

const pdf::TextStyle kTitle{.size = 15, .bold = true, .align = Align::kCenter};
const pdf::TextStyle kSubtitle{.size = 9, .align = Align::kCenter};
const pdf::TextStyle kWarning{.size = 9, .bold = true, .color = 0xC00000, .align = Align::kCenter};
const pdf::TextStyle kNote{.size = 7.5, .color = 0x595959};
constexpr pdf::Color kRed = 0xC00000;

}  // namespace

Result<std::string> SchoolEvalPdf(const SchoolEvalReport& r) {
  const quality::HsScheme& scheme = *r.scheme;
  const quality::HsSchemeSpec& spec = scheme.spec();
  const quality::HsEvaluation& ev = r.evaluation;
  const std::string scope = r.scope.empty() ? "全市" : r.scope;
  const std::string title = fmt::format("{}年办学质量评价通报（{}）", ev.year, scope);
  auto doc =
      JIAODU_TRY(pdf::Document::Create({.header = fmt::format("{} · {}年", spec.title.zh, ev.year),
                                        .footer_note = "jiaodu 办学质量评价",
                                        .title = title,
                                        .subject = "办学质量评价"}));
  doc->Paragraph(title, kTitle, 4);
  doc->Paragraph(fmt::format("评价方案：{}（{}）", spec.title.zh, spec.id), kSubtitle, 2);
  if (spec.example) doc->Paragraph("注意：本方案为格式示例，非正式方案", kWarning, 2);
  const std::string bottom =
      spec.bottom.kind == quality::BottomRule::Kind::kCount
          ? fmt::format("排名最后 {} 所", static_cast<int>(spec.bottom.value))
          : fmt::format("排名最后 {}%（向上取整）", FormatFixed(spec.bottom.value * 100, 1));
  doc->Paragraph(
      fmt::format("总分 {} 分，得分保留 {} 位小数，按所示总分排名，并列同名次；{}列为约谈"
                  "对象（与边界并列者一并列入）；上一年也排名靠后者标“连续两年靠后”。",
                  scheme.total_points(), spec.decimals, bottom),
      kSubtitle, 8);

  std::vector<pdf::Column> cols = {
      {"排名", 5, Align::kCenter}, {"学校标识码", 11}, {"学校名称", 22}, {"区县", 9}};
  for (const std::string& a : scheme.areas()) {
    double full = 0;
    for (const auto& ind : spec.indicators) full += ind.area == a ? ind.points : 0;
    cols.push_back({fmt::format("{}\n（{}分）", a, full), 8, Align::kRight});
  }
  cols.push_back({fmt::format("总分\n（{}分）", scheme.total_points()), 8, Align::kRight});
  cols.push_back({"约谈", 6, Align::kCenter});
  cols.push_back({"连续两年\n靠后", 8, Align::kCenter});
  pdf::Table table(cols, {.font_size = 8.5});
  table.SetContinuedCaption(title + "（续）");
  for (const quality::HsSchoolResult& s : ev.schools) {
    std::vector<pdf::Cell> row;
    row.push_back({s.rank > 0 ? std::to_string(s.rank) : "不排名"});
    row.push_back({s.school});
    row.push_back({s.name});
    auto county = r.county_of.find(s.school);
    row.push_back({county != r.county_of.end() ? county->second : ""});
    for (double a : s.area_points) row.push_back({FormatFixed(a, spec.decimals)});
    row.push_back({FormatFixed(s.total, spec.decimals), {.bold = true}});
    row.push_back({s.bottom ? std::string(kInterviewFlag) : "", {.bold = true, .color = kRed}});
    row.push_back({s.follow_up ? std::string(kFollowUpFlag) : "", {.bold = true, .color = kRed}});
    table.AddRow(std::move(row));
  }
  table.Draw(*doc);
  doc->Gap(6);
  for (const Text& n : ev.notes) doc->Paragraph("注：" + n.zh, kNote, 2);
  if (!spec.source.empty()) doc->Paragraph("方案来源：" + spec.source, kNote, 2);
  return doc->Finish();
}

}  // namespace jiaodu
