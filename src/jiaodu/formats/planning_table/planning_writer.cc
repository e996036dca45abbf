// Writes the planning workbook (template or filled) and the results export.
#include <fmt/format.h>

#include <variant>
#include <vector>

#include "jiaodu/formats/planning_table/planning_columns.h"
#include "jiaodu/formats/planning_table/planning_table.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu::planning_table {
namespace {

using planning::Level;
using planning::LevelName;

// A cell to write: text, a whole number, or nothing.
using Value = std::variant<std::monostate, std::string, int64_t>;
using Row = std::vector<Value>;

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(std::monostate{}); }
Value Str(std::string_view s) { return Value(std::string(s)); }

struct Styles {
  xlsx::Format head, cell, number, title;
};

Styles MakeStyles(xlsx::WorkbookWriter& book) {
  return Styles{book.AddFormat({.bold = true,
                                .fill_color = 0xDDEBF7u,
                                .border = xlsx::BorderStyle::kThin,
                                .align = xlsx::HAlign::kCenter,
                                .wrap = true}),
                book.AddFormat({.border = xlsx::BorderStyle::kThin}),
                book.AddFormat({.border = xlsx::BorderStyle::kThin, .num_format = "0"}),
                book.AddFormat({.bold = true, .font_size = 14})};
}

// A sheet: a header row (with notes), then the rows.
void WriteTable(xlsx::WorkbookWriter& book, const Styles& st, std::string_view name,
                const std::vector<std::pair<std::string, std::string>>& header,
                const std::vector<Row>& rows) {
  xlsx::SheetWriter& s = book.AddSheet(name);
  for (size_t c = 0; c < header.size(); ++c) {
    s.WriteString(0, c, header[c].first, st.head);
    if (!header[c].second.empty()) s.WriteComment(0, c, header[c].second);
    s.SetColumnWidth(c, c, header[c].first.size() > 15 ? 18 : 13);
  }
  s.FreezePanes(1, 0);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const Value& v = rows[r][c];
      if (const auto* t = std::get_if<std::string>(&v)) s.WriteString(r + 1, c, *t, st.cell);
      if (const auto* n = std::get_if<int64_t>(&v)) {
        s.WriteNumber(r + 1, c, static_cast<double>(*n), st.number);
      }
    }
  }
}

std::vector<std::pair<std::string, std::string>> InputHeader(const SheetSpec& spec) {
  std::vector<std::pair<std::string, std::string>> h;
  for (const Column& c : spec.columns) {
    h.emplace_back(std::string(*c.names.begin()),
                   fmt::format("{}{}", c.required ? "必填。" : "可空。", c.note));
  }
  return h;
}

std::vector<Row> InputRows(const PlanningInputs& in, std::string_view sheet) {
  std::vector<Row> rows;
  if (sheet == kBirthSheet) {
    for (const auto& [county, years] : in.births) {
      for (const auto& b : years)
        rows.push_back({county, int64_t{b.year}, Opt(b.huji), Opt(b.resident)});
    }
  } else if (sheet == kEnrolmentSheet) {
    for (const auto& [county, list] : in.enrolment) {
      for (const auto& e : list) {
        rows.push_back({county, fmt::format("{}-{}", e.year, e.year + 1), Str(LevelName(e.level)),
                        int64_t{e.grade}, e.students, Opt(e.migrants)});
      }
    }
  } else if (sheet == kProjectSheet) {
    for (const auto& p : in.projects) {
      rows.push_back({p.name, p.area, Str(LevelName(p.level)),
                      Str(planning::ProjectKindName(p.kind)), int64_t{p.opening_year},
                      Opt(p.places), p.classes > 0 ? Value(int64_t{p.classes}) : Value()});
    }
  } else if (sheet == kRosterSheet) {
    for (const auto& [school, classes] : in.rosters) {
      for (const auto& c : classes) {
        rows.push_back({school, Str(LevelName(c.level)),
                        c.grade > 0 ? Value(int64_t{c.grade}) : Value(), c.id, c.students});
      }
    }
  } else if (sheet == kStaffSheet) {
    for (const auto& [school, s] : in.staff) {
      rows.push_back({school, Opt(s.actual_staff), s.boarders > 0 ? Value(s.boarders) : Value()});
    }
  } else if (sheet == kSubjectSheet) {
    for (const auto& [school, list] : in.subject_teachers) {
      const auto need = in.subject_need.find(school);
      for (const auto& t : list) {
        Value n;
        if (need != in.subject_need.end()) {
          for (const auto& x : need->second) {
            if (x.subject == t.subject) n = x.teachers;
          }
        }
        rows.push_back({school, t.subject, t.teachers, n});
      }
    }
  } else if (sheet == kPoolSheet) {
    for (const auto& [county, n] : in.reserve) rows.push_back({county, n});
  }
  return rows;
}

void WriteGuide(xlsx::WorkbookWriter& book, const Styles& st, std::string_view title,
                const std::vector<std::string>& lines) {
  xlsx::SheetWriter& s = book.AddSheet("填写说明");
  s.SetColumnWidth(0, 0, 110);
  s.WriteString(0, 0, title, st.title);
  for (size_t r = 0; r < lines.size(); ++r) s.WriteString(r + 1, 0, lines[r]);
}

}  // namespace

Result<std::string> WritePlanningWorkbook(const PlanningInputs& in, std::string_view county_name) {
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory({.title = "学位与编制测算工作簿"}));
  const Styles st = MakeStyles(book);
  WriteGuide(
      book, st, fmt::format("{}学位与编制测算工作簿", county_name),
      {
          "学校的学段、在校生数、班级数、专任教师数取自已导入的学校数据，这里不再填写。",
          "1. 出生人口：每个县区每个出生年份一行；户籍（公安）与常住（卫健）口径至少填一项。"
          "小学入学按 6 年前出生人口、幼儿园按 3 年前推算，请至少填到 6 年前。",
          "2. 分年级在校生：近 3–4 个学年每个学段每个年级一行（全县合计），用于估计入学率和升级率；"
          "学年填起始年份或 2024-2025。",
          "3. "
          "规划项目：新建学校和改扩建项目；新增学位与新增班数至少填一项，启用年份为首次招生的学年"
          "。",
          "4. 班级名册（可空）：每班一行，用于判定 46–55 偏大班额、56–65 大班额、66 "
          "人以上超大班额。",
          "5. 教职工（可空）：实有在编教职工与寄宿生数；不填时编制与已导入的专任教师数比较。",
          "6. 学科教师（可空）：各校各学科专任教师数与需求数，用于按学科测算余缺和周转。",
          "7. 周转池（可空）：县级编制周转池持有的空编数。",
          "上传为全有或全无：任何一处错误都会列出表名、行号和列名，改正后重新上传。也可按表分别上传"
          " "
          "CSV，文件名即表名（如 出生人口.csv）。",
      });
  for (const SheetSpec& spec : Sheets()) {
    WriteTable(book, st, spec.name, InputHeader(spec), InputRows(in, spec.name));
  }
  return book.FinishToBytes();
}

Result<std::string> WritePlanReport(const PlanReport& r) {
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory({.title = "学位与编制测算结果"}));
  const Styles st = MakeStyles(book);
  std::vector<std::string> guide = {
      fmt::format("情景：{}", r.scenario_name),
      "学位缺口 = 学位供给 − "
      "需求（负数为缺口）；需新增学位为截至当年缺口的最大值（已建学位不会消失）。",
      "编制按学段生师比（小学 1:19、初中 1:13.5、高中 "
      "1:12.5）加参数文件中启用的附加编制，每校取整一次；"
      "余缺 = 实有 − 编制。",
  };
  for (const auto& n : r.notices) guide.push_back(fmt::format("提示：{}", n.message.zh));
  WriteGuide(book, st, fmt::format("{}学位与编制测算结果", r.county_name), guide);

  std::vector<Row> gaps;
  if (r.capacity != nullptr) {
    for (const auto& a : r.capacity->areas) {
      for (const auto& y : a.years) {
        gaps.push_back({a.area, Str(LevelName(a.level)), int64_t{y.year},
                        Str(y.observed ? "实际" : "预测"), Opt(y.demand), y.existing, y.added,
                        y.supply, Opt(y.gap), y.needed, y.needed_new, y.schools_needed});
      }
    }
  }
  WriteTable(book, st, "学位缺口",
             {{"县区", ""},
              {"学段", ""},
              {"学年", ""},
              {"类别", ""},
              {"需求", ""},
              {"现有学位", ""},
              {"规划新增", ""},
              {"供给", ""},
              {"缺口(供给-需求)", ""},
              {"需新增学位", ""},
              {"当年需建成", ""},
              {"折合标准学校", ""}},
             gaps);

  std::vector<Row> projects, sections;
  if (r.capacity != nullptr) {
    for (const auto& p : r.capacity->projects) {
      projects.push_back({p.project.name, p.project.area, Str(LevelName(p.project.level)),
                          Str(planning::ProjectKindName(p.project.kind)),
                          int64_t{p.project.opening_year}, p.places, Str(p.counted ? "是" : "否")});
    }
    for (const auto& s : r.capacity->sections) {
      sections.push_back({s.section.school, s.section.school_name, Str(LevelName(s.section.level)),
                          int64_t{s.section.classes}, s.by_classes, s.places});
    }
  }
  WriteTable(book, st, "规划项目",
             {{"项目", ""},
              {"县区", ""},
              {"学段", ""},
              {"类型", ""},
              {"启用年份", ""},
              {"新增学位", ""},
              {"计入预测", "启用年份不晚于基准年的项目视为已在现有学位中"}},
             projects);
  WriteTable(book, st, "学段容量",
             {{"学校标识码", ""},
              {"学校名称", ""},
              {"学段", ""},
              {"班级数", ""},
              {"班级数×标准班额", ""},
              {"计入学位", ""}},
             sections);

  std::vector<Row> classes;
  if (r.class_size != nullptr) {
    for (const auto& s : r.class_size->schools) {
      if (!s.has_roster) continue;
      for (const auto& f : s.flagged) {
        classes.push_back({s.school, s.name, f.class_id, Str(LevelName(f.level)),
                           f.grade > 0 ? Value(int64_t{f.grade}) : Value(), f.students,
                           f.band >= 0 ? Str(r.class_size->bands[size_t(f.band)].name.zh) : Str(""),
                           Str(f.over_limit ? "超过" : "未超过"), f.excess});
      }
    }
  }
  WriteTable(book, st, "班额",
             {{"学校标识码", ""},
              {"学校名称", ""},
              {"班级", ""},
              {"学段", ""},
              {"年级", ""},
              {"学生数", ""},
              {"班额分档", ""},
              {"优质均衡班额上限", ""},
              {"超出人数", ""}},
             classes);

  std::vector<Row> staff, pools;
  if (r.staffing != nullptr) {
    for (const auto& s : r.staffing->schools) {
      staff.push_back({s.school, s.name, s.exact.ToFixed(2), s.quota, Opt(s.actual), Opt(s.gap)});
    }
    for (const auto& p : r.staffing->pools) {
      for (const auto& t : p.transfers) {
        pools.push_back({p.area, Str(t.from.empty() ? "周转池空编" : t.from), t.to, t.amount});
      }
    }
  }
  WriteTable(book, st, "编制",
             {{"学校标识码", ""},
              {"学校名称", ""},
              {"编制（精确）", ""},
              {"核算编制", ""},
              {"实有", ""},
              {"余缺(+超编/-缺编)", ""}},
             staff);
  WriteTable(book, st, "周转池", {{"县区", ""}, {"调出", ""}, {"调入", ""}, {"编制数", ""}}, pools);
  return book.FinishToBytes();
}

}  // namespace jiaodu::planning_table
