#include <fmt/format.h>

#include <map>
#include <span>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/rotation_table/rotation_columns.h"
#include "jiaodu/formats/rotation_table/rotation_table.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu::rotation_table {
namespace {

using rotation::kIndicators;

struct Formats {
  xlsx::Format head, cell, number, decimal, percent, title, pass, fail;
};

Formats MakeFormats(xlsx::WorkbookWriter& book) {
  Formats f;
  f.head = book.AddFormat({.bold = true,
                           .fill_color = 0xDDEBF7u,
                           .border = xlsx::BorderStyle::kThin,
                           .align = xlsx::HAlign::kCenter,
                           .valign = xlsx::VAlign::kCenter,
                           .wrap = true});
  f.cell = book.AddFormat({.border = xlsx::BorderStyle::kThin});
  f.number = book.AddFormat({.border = xlsx::BorderStyle::kThin, .num_format = "0"});
  f.decimal = book.AddFormat({.border = xlsx::BorderStyle::kThin, .num_format = "0.00"});
  f.percent = book.AddFormat({.border = xlsx::BorderStyle::kThin, .num_format = "0.00%"});
  f.title = book.AddFormat({.bold = true, .font_size = 14});
  f.pass = book.AddFormat({.font_color = 0x006100u, .border = xlsx::BorderStyle::kThin});
  f.fail = book.AddFormat({.font_color = 0xC00000u, .border = xlsx::BorderStyle::kThin});
  return f;
}

// The header row of an input sheet, with its notes, from the shared column
// list (so what is written reads back).
void InputHeader(xlsx::SheetWriter& s, std::span<const ColSpec> cols, const Formats& f) {
  size_t c = 0;
  for (const ColSpec& spec : cols) {
    if (!spec.written) continue;
    s.WriteString(0, c, *spec.names.begin(), f.head);
    if (!spec.note.empty()) s.WriteComment(0, c, spec.note);
    s.SetColumnWidth(c, c, 14);
    ++c;
  }
  s.FreezePanes(1, 0);
}

std::string YesNo(bool v) { return v ? "是" : "否"; }

// A table written row by row: a header, then cells left to right.
class Rows {
 public:
  Rows(xlsx::SheetWriter& s, const Formats& f, std::initializer_list<std::string_view> header,
       size_t first_row = 0)
      : s_(s), f_(f), row_(first_row) {
    size_t c = 0;
    for (std::string_view h : header) {
      s_.WriteString(row_, c, h, f_.head);
      s_.SetColumnWidth(c, c, Utf8Length(h) > 6 ? 16 : 12);
      ++c;
    }
    s_.FreezePanes(row_ + 1, 0);
    ++row_;
  }
  Rows& Str(std::string_view v) {
    s_.WriteString(row_, col_++, v, f_.cell);
    return *this;
  }
  Rows& Num(double v, xlsx::Format format) {
    s_.WriteNumber(row_, col_++, v, format);
    return *this;
  }
  Rows& Int(double v) { return Num(v, f_.number); }
  Rows& Dec(double v) { return Num(v, f_.decimal); }
  Rows& Pass(bool pass) {
    s_.WriteString(row_, col_++, pass ? "达标" : "未达标", pass ? f_.pass : f_.fail);
    return *this;
  }
  void Next() {
    ++row_;
    col_ = 0;
  }

 private:
  xlsx::SheetWriter& s_;
  const Formats& f_;
  size_t row_ = 0, col_ = 0;
};

void WriteGuide(xlsx::WorkbookWriter& book, const Formats& f, std::string_view county_name) {
  xlsx::SheetWriter& s = book.AddSheet("填写说明");
  s.SetColumnWidth(0, 0, 100);
  const std::string lines[] = {
      fmt::format("{}义务教育学校教师交流轮岗测算工作簿", county_name),
      "1. “学校”表：每所学校每个学段一行（九年一贯制学校小学、初中各一行）；学段填 小学 / "
      "初中，城乡填 "
      "城区 / 镇区 / 乡村，在校生数为该学段人数。编制/岗位数、经纬度可空。",
      "2. “教师”表：本县义务教育学校全部专任教师，每人一行。学校标识码和学段须与“学校”表一致；"
      "高于规定学历、县级以上骨干、体育艺术专任填 是 / 否（空为否）。",
      "3. 是否符合交流条件由规则文件判断：本校任教年限、距退休年限（或年龄）、上次交流年份。",
      "4. "
      "“学科需求”表（可空）：某校某学科调出后至少保留的人数（保留下限）和希望增加的人数（需求）。",
      "5. “指定禁止”表（可空）：类型“指定”= 该教师必须调往所填学校；“禁止”= 不得调往所填学校，"
      "学校留空则该教师本年不参加交流。",
      "6. 上传后系统在后台求解交流方案；导入为全有或全无，任何一处错误都会列出表名、行号和列名，"
      "改正后重新上传。",
  };
  for (size_t r = 0; r < std::size(lines); ++r) {
    s.WriteString(r, 0, lines[r], r == 0 ? f.title : xlsx::Format{});
  }
}

}  // namespace

Result<std::string> WriteRotationWorkbook(const rotation::Instance& in,
                                          std::string_view county_name) {
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory(
      {.title = fmt::format("{}教师交流轮岗测算", county_name)}));
  const Formats f = MakeFormats(book);

  xlsx::SheetWriter& schools = book.AddSheet(kSchoolSheet);
  InputHeader(schools, SchoolColumns(), f);
  size_t r = 1;
  for (const rotation::School& s : in.schools) {
    schools.WriteString(r, 0, s.code, f.cell);
    schools.WriteString(r, 1, s.name, f.cell);
    schools.WriteString(r, 2, rotation::StageName(s.stage), f.cell);
    schools.WriteString(r, 3, rotation::LocaleName(s.locale), f.cell);
    schools.WriteNumber(r, 4, s.students, f.number);
    if (s.posts) schools.WriteNumber(r, 5, *s.posts, f.number);
    if (s.latitude && s.longitude) {
      schools.WriteString(r, 6, fmt::format("{},{}", *s.latitude, *s.longitude), f.cell);
    }
    ++r;
  }
  schools.AddDropdown({1, 2, 2000, 2}, {"小学", "初中"});
  schools.AddDropdown({1, 3, 2000, 3}, {"城区", "镇区", "乡村"});

  xlsx::SheetWriter& teachers = book.AddSheet(kTeacherSheet);
  InputHeader(teachers, TeacherColumns(), f);
  r = 1;
  for (const rotation::Teacher& t : in.teachers) {
    teachers.WriteString(r, 0, t.id, f.cell);
    teachers.WriteString(r, 1, t.name, f.cell);
    teachers.WriteString(r, 2, t.school, f.cell);
    teachers.WriteString(r, 3, rotation::StageName(t.stage), f.cell);
    teachers.WriteString(r, 4, t.subject, f.cell);
    teachers.WriteString(r, 5, YesNo(t.above_required), f.cell);
    teachers.WriteString(r, 6, YesNo(t.backbone), f.cell);
    teachers.WriteString(r, 7, YesNo(t.pe_arts), f.cell);
    teachers.WriteNumber(r, 8, t.years_at_school, f.number);
    if (t.years_to_retirement) teachers.WriteNumber(r, 9, *t.years_to_retirement, f.number);
    if (t.age) teachers.WriteNumber(r, 10, *t.age, f.number);
    if (t.last_move_year) teachers.WriteNumber(r, 11, *t.last_move_year, f.number);
    ++r;
  }
  const size_t last = std::max<size_t>(r + 500, 5000);
  teachers.AddDropdown({1, 3, last, 3}, {"小学", "初中"});
  for (size_t c = 5; c <= 7; ++c) teachers.AddDropdown({1, c, last, c}, {"是", "否"});

  xlsx::SheetWriter& needs = book.AddSheet(kNeedSheet);
  InputHeader(needs, NeedColumns(), f);
  r = 1;
  for (const rotation::School& s : in.schools) {
    for (const rotation::SubjectStaffing& j : s.subjects) {
      needs.WriteString(r, 0, s.code, f.cell);
      needs.WriteString(r, 1, rotation::StageName(s.stage), f.cell);
      needs.WriteString(r, 2, j.subject, f.cell);
      needs.WriteNumber(r, 3, j.keep_min, f.number);
      needs.WriteNumber(r, 4, j.need, f.number);
      ++r;
    }
  }

  xlsx::SheetWriter& pins = book.AddSheet(kPinSheet);
  InputHeader(pins, PinColumns(), f);
  r = 1;
  for (const rotation::PinnedMove& p : in.pins) {
    pins.WriteString(r, 0, p.teacher, f.cell);
    pins.WriteString(r, 1, "指定", f.cell);
    pins.WriteString(r++, 2, p.school, f.cell);
  }
  for (const rotation::ForbiddenMove& p : in.forbids) {
    pins.WriteString(r, 0, p.teacher, f.cell);
    pins.WriteString(r, 1, "禁止", f.cell);
    if (!p.school.empty()) pins.WriteString(r, 2, p.school, f.cell);
    ++r;
  }
  pins.AddDropdown({1, 1, 1000, 1}, {"指定", "禁止"});

  WriteGuide(book, f, county_name);
  return book.FinishToBytes();
}

Result<std::string> WritePlanWorkbook(const rotation::Plan& plan, std::string_view county_name) {
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory(
      {.title = fmt::format("{}教师交流轮岗方案", county_name)}));
  const Formats f = MakeFormats(book);

  {
    xlsx::SheetWriter& s = book.AddSheet("调动名单");
    Rows rows(s, f,
              {"序号", "教师编号", "姓名", "学段", "学科", "调出学校标识码", "调出学校",
               "调入学校标识码", "调入学校", "距离（公里）", "高于规定学历", "县级以上骨干",
               "体育艺术专任", "指定调动", "调动理由"});
    s.SetColumnWidth(14, 14, 60);
    int n = 0;
    for (const rotation::Move& m : plan.moves) {
      std::string why;
      for (const Text& w : m.why) why += (why.empty() ? "" : "；") + w.zh;
      rows.Int(++n).Str(m.teacher).Str(m.teacher_name).Str(rotation::StageName(m.stage));
      rows.Str(m.subject).Str(m.from).Str(m.from_name).Str(m.to).Str(m.to_name);
      if (m.km) {
        rows.Dec(*m.km);
      } else {
        rows.Str("");
      }
      rows.Str(YesNo(m.above_required)).Str(YesNo(m.backbone)).Str(YesNo(m.pe_arts));
      rows.Str(YesNo(m.pinned)).Str(why);
      rows.Next();
    }
  }
  {
    xlsx::SheetWriter& s = book.AddSheet("学校指标对比");
    Rows rows(s, f,
              {"学校标识码",
               "学校名称",
               "学段",
               "城乡",
               "在校生数",
               "调出",
               "调入",
               "教师数（前）",
               "教师数（后）",
               "L1 达标所需",
               "L1 人数（前）",
               "L1 人数（后）",
               "L1 每百名（前）",
               "L1 每百名（后）",
               "L1 前",
               "L1 后",
               "L2 达标所需",
               "L2 人数（前）",
               "L2 人数（后）",
               "L2 每百名（前）",
               "L2 每百名（后）",
               "L2 前",
               "L2 后",
               "L3 达标所需",
               "L3 人数（前）",
               "L3 人数（后）",
               "L3 每百名（前）",
               "L3 每百名（后）",
               "L3 前",
               "L3 后"});
    for (const rotation::SchoolResult& r : plan.schools) {
      rows.Str(r.code)
          .Str(r.name)
          .Str(rotation::StageName(r.stage))
          .Str(rotation::LocaleName(r.locale));
      rows.Int(r.students).Int(r.moves_out).Int(r.moves_in).Int(r.staff_before).Int(r.staff_after);
      for (size_t i = 0; i < size_t{kIndicators}; ++i) {
        rows.Int(r.required[i]).Int(r.count_before[i]).Int(r.count_after[i]);
        rows.Dec(r.value_before[i]).Dec(r.value_after[i]);
        rows.Pass(r.pass_before[i]).Pass(r.pass_after[i]);
      }
      rows.Next();
    }
  }
  {
    xlsx::SheetWriter& s = book.AddSheet("差异系数对比");
    Rows rows(
        s, f,
        {"学段", "指标", "均值（每百名学生）", "调整前", "调整后", "限值", "调整前", "调整后"});
    for (const rotation::CvResult& c : plan.cvs) {
      rows.Str(rotation::StageName(c.stage))
          .Str(fmt::format("{} {}", rotation::IndicatorId(c.indicator),
                           rotation::IndicatorName(c.indicator).zh));
      if (!c.defined) {
        rows.Str("无此类教师，差异系数无定义");
        rows.Next();
        continue;
      }
      rows.Dec(c.mean).Num(c.before, f.decimal).Num(c.after, f.decimal).Num(c.limit, f.decimal);
      rows.Pass(c.pass_before).Pass(c.pass_after);
      rows.Next();
    }
  }
  {
    xlsx::SheetWriter& s = book.AddSheet("约束情况");
    Rows rows(s, f, {"项目", "内容"});
    s.SetColumnWidth(1, 1, 80);
    const rotation::Eligibility& e = plan.eligibility;
    auto line = [&](std::string_view k, std::string v) {
      rows.Str(k).Str(v);
      rows.Next();
    };
    line("方案状态", rotation::PlanStatusText(plan.status).zh);
    if (plan.status == rotation::PlanStatus::kOptimal ||
        plan.status == rotation::PlanStatus::kFeasible ||
        plan.status == rotation::PlanStatus::kCancelled) {
      line("目标值", FormatFixed(plan.objective, 2));
      line("已证明下界", FormatFixed(plan.bound, 2));
      line("与最优的差距（已证明）", FormatFixed(plan.gap * 100, 2) + "%");
    }
    line("求解用时（秒）", FormatFixed(plan.seconds, 1));
    line("教师总数", std::to_string(e.teachers));
    line("符合交流条件", std::to_string(e.eligible));
    line("应交流人数（10%）", std::to_string(e.quota));
    line("拟交流人数", std::to_string(plan.moved));
    line("其中骨干教师", fmt::format("{}（应不少于拟交流人数的 20%）", plan.backbone_moved));
    for (const rotation::BindingRule& b : plan.binding) line("起约束作用的规则", b.label.zh);
    for (const rotation::Conflict& c : plan.conflicts) line("无法满足的规则", c.message.zh);
  }
  return book.FinishToBytes();
}

}  // namespace jiaodu::rotation_table
