#include "jiaodu/formats/fitness_roster/roster_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "jiaodu/formats/fitness_roster/roster_columns.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using fitness::kMissing;

using roster::Col;

struct Column {
  Col col;  // kCount: the test item `item`
  std::string header;
  size_t item = 0;    // index into the standard's items
  double width = 10;  // Excel width
  bool text = false;  // a text column (leading zeros, 分'秒)
  std::string note;   // the template's note on the header cell
};

struct Layout {
  bool school = true;
  bool status = false;
  bool se = false;
};

std::string ItemNote(const fitness::Item& item) {
  switch (item.format) {
    case fitness::ValueFormat::kMinSec:
      return "分'秒，如 3'55（秒为两位；也可填 3.55 或 235 秒）";
    case fitness::ValueFormat::kDecimal1:
      return fmt::format("{}，保留一位小数", item.unit);
    case fitness::ValueFormat::kInteger:
      return fmt::format("{}，整数", item.unit);
  }
  return {};
}

std::vector<Column> Columns(const fitness::FitnessStandard& standard, const Layout& layout) {
  std::vector<Column> cols;
  auto add = [&](Col col, double width, bool text, std::string note) {
    cols.push_back(Column{col, std::string(roster::Header(col)), 0, width, text, std::move(note)});
  };
  if (layout.school) {
    add(Col::kSchool, 13, true,
        "10 位学校标识码（jiaodu 增加的列）。文件只有一所学校时可以删去，导入时选择学校");
  }
  add(Col::kGrade, 9, false,
      "11–16 小学一至六年级，21–23 初一至初三，31–33 高一至高三，41–44 "
      "大一至大四（见“年级编号”表）");
  add(Col::kClassCode, 10, true, "");
  add(Col::kClassName, 14, false, "");
  add(Col::kStudentId, 22, true, "全国学籍号，如 G + 身份证号");
  add(Col::kEthnic, 9, true, "两位民族代码，01 汉族");
  add(Col::kName, 10, false, "");
  add(Col::kSex, 6, false, "1 男，2 女");
  add(Col::kBirth, 11, true, "8 位数字，如 20150304");
  add(Col::kAddress, 16, false, "");
  if (layout.status) {
    add(Col::kStatus, 9, false,
        "空 = 参加测试；免测（免予执行）或 缓测（暂缓执行），须经审批（jiaodu 增加的列）");
  }
  add(Col::kHeight, 8, false, "厘米，保留一位小数");
  add(Col::kWeight, 8, false, "千克，保留一位小数");
  const auto& items = standard.items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind == fitness::ItemKind::kBmi) continue;  // computed from 身高、体重
    const bool time = items[i].format == fitness::ValueFormat::kMinSec;
    cols.push_back(Column{Col::kCount, items[i].name.zh, i,
                          std::max(8.0, 2.0 * static_cast<double>(items[i].name.zh.size()) / 3 + 1),
                          time, ItemNote(items[i])});
  }
  add(Col::kUcvaLeft, 12, false, "五分记录 3.0–5.3，如 4.9");
  add(Col::kUcvaRight, 12, false, "五分记录 3.0–5.3，如 4.9");
  if (layout.se) {
    const char* note =
        "等效球镜（D）= 球镜 + 柱镜/2，如 -0.75；未验光留空（jiaodu 增加的列，用于筛查性近视）";
    add(Col::kSeLeft, 12, false, note);
    add(Col::kSeRight, 12, false, note);
  }
  return cols;
}

Layout LayoutOf(const fitness::Roster& roster) {
  Layout l;
  for (size_t i = 0; i < roster.size() && !(l.status && l.se); ++i) {
    const fitness::StudentRow& r = roster.row(i);
    if (r.status != fitness::TestStatus::kTested) l.status = true;
    if (r.vision.se[0] != kMissing || r.vision.se[1] != kMissing) l.se = true;
  }
  return l;
}

// One cell: empty, text, or a number with the text a clerk would type.
struct CellOut {
  enum Kind { kEmpty, kText, kNumber } kind = kEmpty;
  double number = 0;
  std::string_view text;
};

class CellMaker {
 public:
  CellMaker(const fitness::FitnessStandard& standard, const fitness::Roster& roster)
      : std_(standard), roster_(roster) {}

  // The cell of student i in column c; text views stay valid until the next call.
  CellOut Cell(size_t i, const Column& c) {
    const fitness::StudentRow& r = roster_.row(i);
    CellOut out;
    buf_.clear();
    auto text = [&](std::string_view s) {
      if (!s.empty()) {
        out.kind = CellOut::kText;
        out.text = s;
      }
      return out;
    };
    // A decimal number (tenths, hundredths), written as its text so the
    // cell holds exactly the recorded value.
    auto fixed = [&](int32_t v, int decimals) {
      if (v == kMissing) return out;
      buf_ = fitness::FormatFixed(v, decimals);
      out.kind = CellOut::kNumber;
      constexpr double kScale[] = {1, 10, 100};
      out.number = static_cast<double>(v) / kScale[static_cast<size_t>(decimals)];
      out.text = buf_;
      return out;
    };
    auto integer = [&](int64_t v) {
      fmt::format_to(std::back_inserter(buf_), "{}", v);
      out.kind = CellOut::kNumber;
      out.number = static_cast<double>(v);
      out.text = buf_;
      return out;
    };
    const fitness::RosterClass* klass =
        r.klass >= 0 ? &roster_.classes()[static_cast<size_t>(r.klass)] : nullptr;
    switch (c.col) {
      case Col::kSchool:
        return text(roster_.schools()[static_cast<size_t>(r.school)]);
      case Col::kGrade:
        return integer(r.grade);
      case Col::kClassCode:
        return klass ? text(klass->code) : out;
      case Col::kClassName:
        return klass ? text(klass->name) : out;
      case Col::kStudentId:
        return text(roster_.student_id(i));
      case Col::kEthnic:
        return text(roster_.ethnic(i));
      case Col::kName:
        return text(roster_.name(i));
      case Col::kSex:
        return integer(r.sex == fitness::Sex::kMale ? 1 : 2);
      case Col::kBirth:
        return text(roster_.birth(i));
      case Col::kAddress:   // not kept: written as an empty column of the template
      case Col::kSphRight:  // refraction is written as 等效球镜 only
      case Col::kSphLeft:
      case Col::kCylRight:
      case Col::kCylLeft:
        return out;
      case Col::kStatus:
        return text(r.status == fitness::TestStatus::kExempt     ? "免测"
                    : r.status == fitness::TestStatus::kDeferred ? "缓测"
                                                                 : "");
      case Col::kHeight:
        return fixed(r.height, 1);
      case Col::kWeight:
        return fixed(r.weight, 1);
      case Col::kCount: {  // a test item
        const int32_t v = roster_.values(i)[c.item];
        if (v == kMissing) return out;
        const fitness::Item& item = std_.items()[c.item];
        switch (item.format) {
          case fitness::ValueFormat::kMinSec:
            // 分'秒 with two digits of seconds, as the national validator wants.
            fmt::format_to(std::back_inserter(buf_), "{}'{:02}", v / 60, v % 60);
            return text(buf_);
          case fitness::ValueFormat::kDecimal1:
            return fixed(v, 1);
          case fitness::ValueFormat::kInteger:
            return integer(v);
        }
        return out;
      }
      case Col::kUcvaLeft:
        return fixed(r.vision.ucva[1], 1);
      case Col::kUcvaRight:
        return fixed(r.vision.ucva[0], 1);
      case Col::kSeLeft:
        return fixed(r.vision.se[1], 2);
      case Col::kSeRight:
        return fixed(r.vision.se[0], 2);
    }
    return out;
  }

 private:
  const fitness::FitnessStandard& std_;
  const fitness::Roster& roster_;
  std::string buf_;
};

void AppendCsvField(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (char ch : s) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
}

xlsx::CellStyle HeaderStyle() {
  return {.bold = true,
          .fill_color = 0xDDEBF7,
          .border = xlsx::BorderStyle::kThin,
          .align = xlsx::HAlign::kCenter,
          .valign = xlsx::VAlign::kCenter,
          .wrap = true};
}

// libxlsxwriter prints numbers with 16 significant digits ("%.16G"), so
// 9.8 (whose nearest double is 9.80000000000000071…) lands in the file as
// 9.800000000000001, and a reader that applies the item's rounding to that
// text would carry a 50米跑 of 9.8 s up to 9.9 s. Excel itself writes up to
// 17 digits (9.8000000000000007), so readers must allow for it; until ours
// does, the ~5% of values that would print with such a tail are written as
// text in their exact decimal form, as a clerk's text cell would be.
bool PrintsClean(const CellOut& cell) {
  const std::string printed = fmt::format("{:.16G}", cell.number);
  if (printed == cell.text) return true;
  // "152" for 152.0 and "0.5" for 0.50 are the same decimal.
  std::string_view want = cell.text;
  if (want.find('.') != std::string_view::npos) {
    while (want.ends_with('0')) want.remove_suffix(1);
    if (want.ends_with('.')) want.remove_suffix(1);
  }
  return printed == want || (want == "-0" && printed == "0");
}

// Excel's last row (1,048,576) minus the header.
constexpr size_t kMaxStudentsPerSheet = 1'048'575;

}  // namespace

std::string WriteRosterCsv(const fitness::FitnessStandard& standard,
                           const fitness::Roster& roster) {
  const std::vector<Column> cols = Columns(standard, LayoutOf(roster));
  std::string out = "\xEF\xBB\xBF";
  out.reserve(roster.size() * 140 + 512);
  for (size_t c = 0; c < cols.size(); ++c) {
    if (c > 0) out.push_back(',');
    AppendCsvField(out, cols[c].header);
  }
  out += "\r\n";
  CellMaker cells(standard, roster);
  for (size_t i = 0; i < roster.size(); ++i) {
    for (size_t c = 0; c < cols.size(); ++c) {
      if (c > 0) out.push_back(',');
      const CellOut cell = cells.Cell(i, cols[c]);
      if (cell.kind != CellOut::kEmpty) AppendCsvField(out, cell.text);
    }
    out += "\r\n";
  }
  return out;
}

Status WriteRosterXlsx(const fitness::FitnessStandard& standard, const fitness::Roster& roster,
                       const std::string& path) {
  if (roster.size() > kMaxStudentsPerSheet) {
    return Fail(
        ErrorCode::kInvalidInput, "fitness_export.too_many_rows",
        Text(fmt::format("{} 名学生超过 Excel 一张工作表的上限（{} 行），请按县或学校分文件导出",
                         roster.size(), kMaxStudentsPerSheet),
             fmt::format("{} students exceed Excel's {} rows per sheet; export per county "
                         "or school",
                         roster.size(), kMaxStudentsPerSheet)));
  }
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::Create(
      path, {.constant_memory = true, .title = "学生体质健康测试成绩", .subject = standard.id()}));
  const std::vector<Column> cols = Columns(standard, LayoutOf(roster));
  const xlsx::Format header = book.AddFormat(HeaderStyle());
  const xlsx::Format text = book.AddFormat({.num_format = "@"});
  xlsx::SheetWriter& sheet = book.AddSheet("体测成绩");
  for (size_t c = 0; c < cols.size(); ++c) {
    sheet.SetColumnWidth(c, c, cols[c].width, cols[c].text ? text : xlsx::Format());
  }
  sheet.FreezePanes(1, 0);
  for (size_t c = 0; c < cols.size(); ++c) sheet.WriteString(0, c, cols[c].header, header);
  CellMaker cells(standard, roster);
  for (size_t i = 0; i < roster.size(); ++i) {
    const size_t row = i + 1;
    for (size_t c = 0; c < cols.size(); ++c) {
      const CellOut cell = cells.Cell(i, cols[c]);
      if (cell.kind == CellOut::kNumber && PrintsClean(cell)) {
        sheet.WriteNumber(row, c, cell.number);
      } else if (cell.kind != CellOut::kEmpty) {
        sheet.WriteString(row, c, cell.text, cols[c].text ? text : xlsx::Format());
      }
    }
    // Errors are sticky: stop at the first instead of formatting a million more rows.
    if ((i & 0xFFFF) == 0xFFFF) JIAODU_TRY_STATUS(book.status());
  }
  return book.Close();
}

Result<std::string> FitnessTemplateXlsx(const fitness::FitnessStandard& standard) {
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory(
      {.title = "学生体质健康测试成绩上报模板", .subject = standard.id()}));
  const std::vector<Column> cols = Columns(standard, Layout{true, true, true});
  const xlsx::Format header = book.AddFormat(HeaderStyle());
  const xlsx::Format text = book.AddFormat({.num_format = "@"});
  const xlsx::Format note = book.AddFormat({.font_color = 0x7F6000,
                                            .fill_color = 0xFFF2CC,
                                            .align = xlsx::HAlign::kLeft,
                                            .valign = xlsx::VAlign::kTop,
                                            .wrap = true});
  xlsx::SheetWriter& sheet = book.AddSheet("体测成绩");
  for (size_t c = 0; c < cols.size(); ++c) {
    sheet.SetColumnWidth(c, c, cols[c].width, cols[c].text ? text : xlsx::Format());
  }
  const size_t last = cols.size() - 1;
  sheet.MergeRange(
      {0, 0, 0, last},
      fmt::format(
          "填表说明：第 2 行为表头，请勿修改；从第 3 行起每行一名学生。《{}》。性别填 1（男）或 "
          "2（女）；"
          "年级编号见“年级编号”表；身高（厘米）、体重（千克）保留一位小数；时间类项目填 分'秒，如 "
          "3'55；"
          "学生未测试的项目留空，免测、缓测学生在“测试状态”列注明。鼠标停在表头上可看每列的说明。",
          standard.spec().title.zh),
      note);
  sheet.SetRowHeight(0, 62);
  sheet.SetRowHeight(1, 30);
  for (size_t c = 0; c < cols.size(); ++c) {
    sheet.WriteString(1, c, cols[c].header, header);
    if (!cols[c].note.empty()) sheet.WriteComment(1, c, cols[c].note);
  }
  sheet.FreezePanes(2, 0);
  constexpr size_t kFirst = 2, kLast = 10001;  // rows with dropdowns
  std::vector<std::string> grade_codes;
  for (const fitness::Grade& g : standard.grades()) grade_codes.push_back(std::to_string(g.code));
  for (size_t c = 0; c < cols.size(); ++c) {
    switch (cols[c].col) {
      case Col::kGrade:
        sheet.AddDropdown({kFirst, c, kLast, c}, grade_codes,
                          {.input_title = "年级编号", .input_message = "见“年级编号”表"});
        break;
      case Col::kSex:
        sheet.AddDropdown({kFirst, c, kLast, c}, {"1", "2"},
                          {.input_title = "性别", .input_message = "1 男，2 女"});
        break;
      case Col::kStatus:
        sheet.AddDropdown({kFirst, c, kLast, c}, {"免测", "缓测"},
                          {.input_title = "测试状态", .input_message = "参加测试的学生留空"});
        break;
      default:
        break;
    }
  }

  xlsx::SheetWriter& codes = book.AddSheet("年级编号");
  codes.SetColumnWidth(0, 0, 10);
  codes.SetColumnWidth(1, 1, 14);
  codes.SetColumnWidth(2, 2, 4);
  codes.SetColumnWidth(3, 3, 10);
  codes.SetColumnWidth(4, 4, 26);
  codes.WriteString(0, 0, "年级编号", header);
  codes.WriteString(0, 1, "年级", header);
  size_t row = 1;
  for (const fitness::Grade& g : standard.grades()) {
    codes.WriteNumber(row, 0, g.code);
    codes.WriteString(row, 1, g.name.zh);
    ++row;
  }
  codes.WriteString(0, 3, "性别", header);
  codes.WriteString(0, 4, "含义", header);
  codes.WriteNumber(1, 3, 1);
  codes.WriteString(1, 4, "男");
  codes.WriteNumber(2, 3, 2);
  codes.WriteString(2, 4, "女");
  codes.WriteString(4, 3, "测试状态", header);
  codes.WriteString(4, 4, "含义", header);
  codes.WriteString(5, 3, "（空）");
  codes.WriteString(5, 4, "参加测试");
  codes.WriteString(6, 3, "免测");
  codes.WriteString(6, 4, "免予执行（伤病、残疾，经审批）");
  codes.WriteString(7, 3, "缓测");
  codes.WriteString(7, 4, "暂缓执行（疾病、受伤，经审批）");
  return book.FinishToBytes();
}

}  // namespace jiaodu
