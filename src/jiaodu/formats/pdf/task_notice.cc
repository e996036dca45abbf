#include "jiaodu/formats/pdf/task_notice.h"

#include <fmt/format.h>

#include "jiaodu/formats/pdf/pdf_layout.h"

namespace jiaodu {
namespace {

// "2026-12-20" → "2026年12月20日", as official documents write dates.
std::string ChineseDate(const std::string& iso) {
  if (iso.size() != 10) return iso;
  const int m = std::stoi(iso.substr(5, 2));
  const int d = std::stoi(iso.substr(8, 2));
  return fmt::format("{}年{}月{}日", iso.substr(0, 4), m, d);
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : "、") + s;
  return out;
}

}  // namespace

Result<std::string> SupervisionNoticePdf(const SupervisionNotice& n) {
  auto doc = JIAODU_TRY(pdf::Document::Create({.page_width = pdf::kA4Short,
                                               .page_height = pdf::kA4Long,
                                               .margin = 22 * pdf::kPointsPerMm,
                                               .header = n.issuer + " · 督查督办",
                                               .footer_note = n.number,
                                               .title = "督办通知单 " + n.number,
                                               .subject = n.title}));
  doc->Gap(10);
  doc->Paragraph("督 办 通 知 单",
                 {.size = 22, .bold = true, .color = 0xC00000, .align = pdf::Align::kCenter}, 6);
  doc->Paragraph(n.number, {.size = 11, .align = pdf::Align::kCenter}, 14);
  doc->Paragraph(n.to_unit + "：", {.size = 12, .bold = true}, 6);
  const std::string times = n.sequence > 1 ? fmt::format("（第 {} 次督办）", n.sequence) : "";
  doc->Paragraph(
      fmt::format("　　你单位牵头负责的“{}”任务，原定完成时限为{}，截至{}{}。根据督查督办工作"
                  "规定，现予督办{}，请按以下要求办理。",
                  n.title, ChineseDate(n.deadline), ChineseDate(n.date), n.overdue, times),
      {.size = 11}, 10);

  pdf::Table t({{"项目", 22}, {"内容", 78}}, {.font_size = 10, .padding_x = 5, .padding_y = 4});
  t.AddRow({{"任务编号"}, {n.task_id}});
  t.AddRow({{"任务名称"}, {n.title, {.bold = true}}});
  if (!n.clause.empty()) t.AddRow({{"规划条款"}, {n.clause}});
  if (!n.target.empty()) t.AddRow({{"目标要求"}, {n.target}});
  t.AddRow({{"牵头单位"}, {n.to_unit}});
  if (!n.co_units.empty()) t.AddRow({{"配合单位"}, {Join(n.co_units)}});
  if (!n.owner.empty()) t.AddRow({{"责任人"}, {n.owner}});
  t.AddRow({{"原完成时限"}, {ChineseDate(n.deadline)}});
  t.AddRow({{"督办事由"}, {n.reason}});
  t.AddRow({{"限期完成时间"}, {ChineseDate(n.new_due), {.bold = true, .color = 0xC00000}}});
  t.AddRow({{"办理要求"},
            {"一、接到本通知单后，请立即研究整改措施，明确责任人和时间表；\n"
             "二、请于限期完成时间前完成任务，并在系统中提交办结申请及佐证材料；\n"
             "三、限期内仍未完成的，将按程序约谈单位主要负责人并责令限期整改；\n"
             "四、办理情况将纳入年度督导考核，并按规定公示。"}});
  t.Draw(*doc);

  doc->Gap(28);
  doc->Paragraph(n.issuer + (n.office.empty() ? "" : "（" + n.office + "）"),
                 {.size = 11, .align = pdf::Align::kRight}, 4);
  doc->Paragraph(ChineseDate(n.date), {.size = 11, .align = pdf::Align::kRight}, 16);
  if (!n.co_units.empty())
    doc->Paragraph("抄送：" + Join(n.co_units), {.size = 9, .color = 0x595959}, 2);
  return doc->Finish();
}

}  // namespace jiaodu
