#include "jiaodu/formats/report_xlsx/fitness_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "jiaodu/domain/fitness/rollup.h"
#include "jiaodu/domain/fitness/scorer.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using fitness::FitnessStandard;
using fitness::GroupKey;
using fitness::Item;
using fitness::ItemKind;
using fitness::kMissing;
using fitness::RollUp;
using fitness::Roster;
using fitness::Scope;
using fitness::ScoreStatus;
using fitness::Sex;
using fitness::StudentScore;
using fitness::Tally;
using fitness::ValueFormat;
using fitness::VisionStatus;
using xlsx::BorderStyle;
using xlsx::CellStyle;
using xlsx::Color;
using xlsx::Format;
using xlsx::HAlign;
using xlsx::SheetWriter;
using xlsx::VAlign;
using xlsx::WorkbookWriter;

constexpr std::string_view kDash = "—";
constexpr Color kHeaderFill = 0xDDEBF7;
constexpr Color kBlockFill = 0xF2F2F2;
constexpr Color kNoteFont = 0x595959;
constexpr double kLineHeight = 15.0;
// Rows above a table: the title, a note line, the header.
constexpr size_t kTitleRow = 0;
constexpr size_t kNoteRow = 1;
constexpr size_t kHeaderRow = 2;
constexpr size_t kFirstDataRow = 3;

// ---------------------------------------------------------------------------
// Look

// Formats registered once: AddFormat per cell would cost a lookup by a
// formatted key for each of a million rows.
struct Styles {
  Format title;
  Format note;
  Format header;
  // Table cells (thin borders); the "block" forms are bold on grey, for the
  // area and county rows.
  std::array<Format, 2> text;
  std::array<Format, 2> integer;
  std::array<Format, 2> percent;
  std::array<Format, 2> mean;  // 0.00
  std::array<Format, 2> dash;
  Format label;  // 说明's left column
  Format body;   // 说明's wrapped text
  // The student sheet: no borders (a million rows), number formats only.
  Format s_header;
  Format s_tenths;  // 0.0
  Format s_score;   // 0.0# (标准分 84.6, 14.25)
  Format s_missing;

  explicit Styles(WorkbookWriter& book) {
    title = book.AddFormat({.bold = true, .font_size = 14, .valign = VAlign::kCenter});
    note = book.AddFormat({.font_color = kNoteFont, .valign = VAlign::kCenter});
    header = book.AddFormat({.bold = true,
                             .fill_color = kHeaderFill,
                             .border = BorderStyle::kThin,
                             .align = HAlign::kCenter,
                             .valign = VAlign::kCenter,
                             .wrap = true});
    for (size_t b = 0; b < 2; ++b) {
      const bool bold = b == 1;
      const std::optional<Color> fill = bold ? std::optional<Color>(kBlockFill) : std::nullopt;
      auto cell = [&](std::string num_format, HAlign align = HAlign::kDefault,
                      std::optional<Color> font = std::nullopt) {
        return book.AddFormat({.bold = bold,
                               .font_color = font,
                               .fill_color = fill,
                               .border = BorderStyle::kThin,
                               .align = align,
                               .valign = VAlign::kCenter,
                               .num_format = std::move(num_format)});
      };
      text[b] = cell("");
      integer[b] = cell("#,##0");
      percent[b] = cell("0.00%");
      mean[b] = cell("0.00");
      dash[b] = cell("", HAlign::kCenter, kNoteFont);
    }
    label = book.AddFormat({.bold = true,
                            .fill_color = kBlockFill,
                            .border = BorderStyle::kThin,
                            .valign = VAlign::kTop,
                            .wrap = true});
    body = book.AddFormat({.border = BorderStyle::kThin, .valign = VAlign::kTop, .wrap = true});
    s_header = header;
    s_tenths = book.AddFormat({.num_format = "0.0"});
    s_score = book.AddFormat({.num_format = "0.0#"});
    s_missing = book.AddFormat({.font_color = 0xC00000});
  }
};

// Display width of text in Excel's unit: a CJK character is two "0"s.
double TextWidth(std::string_view s) {
  double w = 0;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    w += b >= 0xE0 ? 2.0 : 1.0;
    i += len;
  }
  return w;
}

// A row tall enough for `text` wrapped in `width` (explicit "\n" counts).
double FittedHeight(std::string_view text, double width) {
  size_t lines = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const double w = TextWidth(text.substr(start, end - start));
    lines += std::max<size_t>(1, static_cast<size_t>((w + width - 1) / std::max(width, 1.0)));
    start = end + 1;
  }
  return std::min(kLineHeight * static_cast<double>(lines) + 3, 409.0);
}

// The first rows of a table sheet: a title and a note across the table, the
// header row (wrapped, taller), frozen with `frozen_cols` columns, and the
// column widths.
void BeginTable(SheetWriter& sh, const Styles& st, std::string_view title, std::string_view note,
                const std::vector<std::pair<std::string, double>>& columns, size_t frozen_cols) {
  const size_t last = columns.size() - 1;
  for (size_t c = 0; c < columns.size(); ++c) sh.SetColumnWidth(c, c, columns[c].second);
  sh.SetRowHeight(kTitleRow, 24);
  sh.MergeRange({kTitleRow, 0, kTitleRow, last}, title, st.title);
  sh.MergeRange({kNoteRow, 0, kNoteRow, last}, note, st.note);
  double header_h = kLineHeight;
  for (const auto& [name, width] : columns) {
    header_h = std::max(header_h, FittedHeight(name, width - 1));
  }
  sh.SetRowHeight(kHeaderRow, header_h);
  for (size_t c = 0; c < columns.size(); ++c) {
    sh.WriteString(kHeaderRow, c, columns[c].first, st.header);
  }
  sh.FreezePanes(kFirstDataRow, frozen_cols);
}

// ---------------------------------------------------------------------------
// Figures of a Tally

std::vector<std::string> LevelNames(const FitnessStandard& standard) {
  std::vector<std::string> names;
  for (const auto& l : standard.levels()) {
    if (names.size() >= static_cast<size_t>(fitness::kMaxLevels)) break;
    names.push_back(l.name.zh);
  }
  return names;
}

// 优良 = the two best levels; 合格 = every level but the last.
int32_t ExcellentGood(const Tally& t, size_t levels) {
  int32_t n = 0;
  for (size_t l = 0; l < std::min<size_t>(2, levels); ++l) n += t.level[l];
  return n;
}
int32_t Passing(const Tally& t, size_t levels) {
  int32_t n = 0;
  for (size_t l = 0; l + 1 < levels; ++l) n += t.level[l];
  return n;
}

std::vector<std::pair<std::string, double>> TallyColumns(const std::vector<std::string>& levels) {
  std::vector<std::pair<std::string, double>> cols = {
      {"应测人数", 9}, {"免测人数", 7}, {"缓测人数", 7}, {"实测（评定）人数", 10}, {"其中缺项", 7}};
  for (const std::string& l : levels) {
    cols.emplace_back(l + "人数", 8);
    cols.emplace_back(l + "率", 8);
  }
  const std::vector<std::pair<std::string, double>> rest = {
      {"优良人数", 8},       {"优良率", 8},       {"合格人数", 8},
      {"合格率", 8},         {"平均学年总分", 8}, {"视力筛查人数", 9},
      {"筛查性近视人数", 9}, {"近视率", 8},       {"距优良率目标还差人数", 11}};
  cols.insert(cols.end(), rest.begin(), rest.end());
  return cols;
}

class TableWriter {
 public:
  TableWriter(SheetWriter& sh, const Styles& st) : sh_(sh), st_(st) {}

  void Text(size_t row, size_t col, std::string_view s, bool bold) {
    sh_.WriteString(row, col, s, st_.text[bold ? 1 : 0]);
  }
  void Int(size_t row, size_t col, int64_t v, bool bold) {
    sh_.WriteNumber(row, col, static_cast<double>(v), st_.integer[bold ? 1 : 0]);
  }
  // count / denominator as a percentage, or "—" over no one.
  void Rate(size_t row, size_t col, int64_t count, int64_t den, bool bold) {
    if (den <= 0) {
      sh_.WriteString(row, col, kDash, st_.dash[bold ? 1 : 0]);
      return;
    }
    sh_.WriteNumber(row, col, static_cast<double>(count) / static_cast<double>(den),
                    st_.percent[bold ? 1 : 0]);
  }
  // sum / n: both integers, divided once, so 43120 / 500 reads 86.24 and
  // not 86.23999999999999.
  void Mean(size_t row, size_t col, int64_t sum, int64_t n, bool bold) {
    if (n <= 0) {
      sh_.WriteString(row, col, kDash, st_.dash[bold ? 1 : 0]);
      return;
    }
    sh_.WriteNumber(row, col, static_cast<double>(sum) / static_cast<double>(n),
                    st_.mean[bold ? 1 : 0]);
  }

  // The figures of TallyColumns from column `col` on.
  void Figures(size_t row, size_t col, const Tally& t, size_t levels, int target_bp, bool bold) {
    Int(row, col++, t.roster, bold);
    Int(row, col++, t.exempt, bold);
    Int(row, col++, t.deferred, bold);
    Int(row, col++, t.scored, bold);
    Int(row, col++, t.incomplete, bold);
    for (size_t l = 0; l < levels; ++l) {
      Int(row, col++, t.level[l], bold);
      Rate(row, col++, t.level[l], t.scored, bold);
    }
    const int32_t good = ExcellentGood(t, levels);
    const int32_t pass = Passing(t, levels);
    Int(row, col++, good, bold);
    Rate(row, col++, good, t.scored, bold);
    Int(row, col++, pass, bold);
    Rate(row, col++, pass, t.scored, bold);
    Mean(row, col++, t.total_sum, int64_t{t.scored} * 100, bold);
    Int(row, col++, t.vision_screened, bold);
    Int(row, col++, t.myopia, bold);
    Rate(row, col++, t.myopia, t.vision_screened, bold);
    Int(row, col++, fitness::StudentsNeeded(good, t.scored, target_bp), bold);
  }

 private:
  SheetWriter& sh_;
  const Styles& st_;
};

// ---------------------------------------------------------------------------
// The places: counties in code order, schools by code within them.

struct Place {
  std::string county;            // code; "" = none
  std::string county_name;       // shown
  std::vector<int32_t> schools;  // roster school indices, by code
};

struct Context {
  const FitnessReportInput& in;
  const FitnessStandard& standard;
  const Roster& roster;
  std::vector<std::string> levels;
  bool has_counties = false;
  std::vector<Place> counties;             // by code; the county-less last
  std::vector<std::string> school_names;   // per roster school
  std::vector<std::string> school_county;  // per roster school: county code
  std::vector<int32_t> school_rank;        // per roster school: position in 汇总's order
  RollUp rollup;

  explicit Context(const FitnessReportInput& input)
      : in(input),
        standard(*input.standard),
        roster(*input.roster),
        levels(LevelNames(*input.standard)),
        has_counties(static_cast<bool>(input.county_of)) {
    const auto& schools = roster.schools();
    std::map<std::string, std::vector<int32_t>> by_county;
    for (size_t s = 0; s < schools.size(); ++s) {
      std::string name = in.school_name ? in.school_name(schools[s]) : std::string();
      school_names.push_back(name.empty() ? schools[s] : std::move(name));
      school_county.push_back(has_counties ? in.county_of(schools[s]) : std::string());
      by_county[school_county.back()].push_back(static_cast<int32_t>(s));
    }
    for (auto& [code, list] : by_county) {
      std::sort(list.begin(), list.end(), [&](int32_t a, int32_t b) {
        return schools[static_cast<size_t>(a)] < schools[static_cast<size_t>(b)];
      });
      Place p{code, {}, std::move(list)};
      if (code.empty()) {
        p.county_name = "未指定县（市、区）";
      } else {
        p.county_name = in.county_name ? in.county_name(code) : code;
        if (p.county_name.empty()) p.county_name = code;
      }
      counties.push_back(std::move(p));
    }
    // The county-less schools after the named counties.
    std::stable_partition(counties.begin(), counties.end(),
                          [](const Place& p) { return !p.county.empty(); });
    school_rank.assign(schools.size(), 0);
    int32_t rank = 0;
    for (const Place& p : counties) {
      for (int32_t s : p.schools) school_rank[static_cast<size_t>(s)] = rank++;
    }
    rollup = fitness::RollUpRoster(
        standard, *in.vision, roster, in.area_name,
        has_counties ? in.county_of : std::function<std::string(const std::string&)>());
  }

  std::string GradeName(int code) const {
    const fitness::Grade* g = standard.FindGrade(code);
    return g != nullptr ? g->name.zh : fmt::format("年级 {}", code);
  }
};

const Tally& TallyOf(Context& c, Scope scope, const std::string& id, int grade, int sex) {
  static const Tally kEmpty;
  const Tally* t = c.rollup.Find(GroupKey{scope, c.rollup.Intern(id), grade, sex});
  return t != nullptr ? *t : kEmpty;
}

// Grades with students, by 年级编号.
std::vector<int> GradesPresent(const Context& c) {
  std::set<int> grades;
  for (const auto& [key, tally] : c.rollup.groups()) {
    if (key.scope == Scope::kCity && key.grade != 0) grades.insert(key.grade);
  }
  return {grades.begin(), grades.end()};
}

std::string Title(const FitnessReportInput& in) {
  return fmt::format("{}{}学生体质健康测试结果", in.area_name, in.year_label);
}

std::string TargetText(int bp) { return fitness::FormatFixed(bp, 2) + "%"; }

// ---------------------------------------------------------------------------
// 说明

void WriteAbout(Context& c, WorkbookWriter& book, const Styles& st) {
  SheetWriter& sh = book.AddSheet("说明");
  constexpr double kLabelWidth = 18;
  constexpr double kBodyWidth = 96;
  sh.SetColumnWidth(0, 0, kLabelWidth);
  sh.SetColumnWidth(1, 1, kBodyWidth);
  sh.SetRowHeight(0, 26);
  sh.MergeRange({0, 0, 0, 1}, Title(c.in), st.title);

  const auto& spec = c.standard.spec();
  const Tally& all = TallyOf(c, Scope::kCity, c.in.area_name, 0, 0);
  std::string levels;
  const auto& bands = c.standard.levels();
  for (size_t l = 0; l < bands.size(); ++l) {
    if (!levels.empty()) levels += "；";
    const std::string lo = fitness::FormatScore(bands[l].min_hundredths);
    if (l == 0) {
      levels += fmt::format("{} {} 分及以上", bands[l].name.zh, lo);
    } else if (l + 1 == bands.size() && bands[l].min_hundredths <= 0) {
      levels += fmt::format("{} 不足 {} 分", bands[l].name.zh,
                            fitness::FormatScore(bands[l - 1].min_hundredths));
    } else {
      levels += fmt::format("{} {} 分至不足 {} 分", bands[l].name.zh, lo,
                            fitness::FormatScore(bands[l - 1].min_hundredths));
    }
  }
  size_t school_count = 0;
  for (const Place& p : c.counties) school_count += p.schools.size();
  const std::string target = TargetText(c.in.target_excellent_good_bp);
  const fitness::VisionRule& v = *c.in.vision;
  const std::string excellent = c.levels.empty() ? "优秀" : c.levels[0];

  std::vector<std::pair<std::string, std::string>> rows = {
      {"区域", c.in.area_name},
      {"学年", c.in.year_label},
      {"测试标准", fmt::format("《{}》（{}），{} {} 印发", spec.title.zh, spec.document,
                               spec.issuer, spec.issued)},
      {"视力筛查依据",
       fmt::format("{}：任一眼裸眼视力低于 {}.{} 且等效球镜不高于 {}{}.{:02} D 为筛查性近视",
                   v.document.empty() ? v.id : v.document, v.ucva_normal_min / 10,
                   v.ucva_normal_min % 10, v.se_myopia_max < 0 ? "−" : "",
                   std::abs(v.se_myopia_max) / 100, std::abs(v.se_myopia_max) % 100)},
      {"范围", c.has_counties
                   ? fmt::format("{} 个县（市、区），{} 所学校，学生 {} 人", c.counties.size(),
                                 school_count, c.roster.size())
                   : fmt::format("{} 所学校，学生 {} 人", school_count, c.roster.size())},
      {"学年总分与等级",
       fmt::format("学年总分＝标准分（各单项得分×权重之和，满分 {} 分）＋附加分（加分指标，满分 {} "
                   "分）。按学年总分评定等级：{}。",
                   spec.max_standard_score, spec.max_bonus, levels)},
      {"应测人数", "名册中的全部学生。"},
      {"免测、缓测",
       "免予执行（免测）和暂缓执行（缓测）的学生单独计数，不计入任何比率的分母；每个比率旁都列出"
       "了其分子人数。"},
      {"实测（评定）人数",
       "参加测试并评定等级的学生，是各等级率、优良率、合格率和平均学年总分的分母。"},
      {"缺项",
       "参加测试但有单项没有成绩（且未免测）的学生，该项按 0 分计，计入实测人数和各项比率，"
       "并在“其中缺项”列出人数，以便补测。"},
      {"优良率、合格率",
       fmt::format("优良率＝（{}＋{}）人数÷实测人数；合格率＝{}及以上人数÷实测人数。", excellent,
                   c.levels.size() > 1 ? c.levels[1] : "良好",
                   c.levels.size() > 2 ? c.levels[c.levels.size() - 2] : "及格")},
      {"近视率",
       "筛查性近视人数÷视力筛查人数（双眼裸眼视力均有记录的学生）。裸眼视力低于标准但没有验光"
       "结果的学生不计为近视，在“学生成绩”表中标为“视力不良（未验光）”。"},
      {"距优良率目标还差人数",
       fmt::format("使优良率达到目标 {} 还需增加的{}或良好学生的最少人数（已达到为 0）。", target,
                   excellent)},
      {"单项",
       "各等级比例以该项有成绩的人数为分母，缺测人数另列；体重指数（BMI）按正常、低体重、"
       "超重、肥胖分类。"},
      {"学生成绩",
       "成绩按标准规定的记录精度和写法记录（时间记为 "
       "分'秒\"）；“缺测”为该年级应测而没有成绩的项目。"
       "学生多于 1,048,575 人时续写在“学生成绩(2)”等工作表。"},
  };
  if (all.no_plan > 0) {
    rows.emplace_back(
        "未评定",
        fmt::format("{} 名学生所在年级没有测试标准，未评定等级，计入应测人数。", all.no_plan));
  }
  size_t row = 2;
  for (const auto& [label, text] : rows) {
    sh.SetRowHeight(row, FittedHeight(text, kBodyWidth - 2));
    sh.WriteString(row, 0, label, st.label);
    sh.WriteString(row, 1, text, st.body);
    ++row;
  }
  ++row;
  sh.WriteString(row, 0, "jiaodu 生成", st.note);
}

// ---------------------------------------------------------------------------
// 汇总

void WriteSummary(Context& c, WorkbookWriter& book, const Styles& st) {
  SheetWriter& sh = book.AddSheet("汇总");
  std::vector<std::pair<std::string, double>> cols = {
      {"县（市、区）", 14}, {"学校名称", 26}, {"学校标识码", 12}};
  const size_t first_figure = cols.size();
  const auto figures = TallyColumns(c.levels);
  cols.insert(cols.end(), figures.begin(), figures.end());
  BeginTable(
      sh, st, Title(c.in) + "汇总",
      fmt::format("比率的分母为实测（评定）人数，免测、缓测不计入；近视率的分母为视力筛查人数。"
                  "优良率目标 {}。",
                  TargetText(c.in.target_excellent_good_bp)),
      cols, 3);
  TableWriter tw(sh, st);
  const int target = c.in.target_excellent_good_bp;
  const size_t levels = c.levels.size();
  size_t row = kFirstDataRow;
  tw.Text(row, 0, c.in.area_name, true);
  tw.Text(row, 1, "合计", true);
  tw.Text(row, 2, "", true);
  tw.Figures(row, first_figure, TallyOf(c, Scope::kCity, c.in.area_name, 0, 0), levels, target,
             true);
  ++row;
  const auto& codes = c.roster.schools();
  for (const Place& p : c.counties) {
    if (c.has_counties) {
      tw.Text(row, 0, p.county_name, true);
      tw.Text(row, 1, "小计", true);
      tw.Text(row, 2, p.county, true);
      tw.Figures(row, first_figure, TallyOf(c, Scope::kCounty, p.county, 0, 0), levels, target,
                 true);
      ++row;
    }
    for (int32_t s : p.schools) {
      const auto si = static_cast<size_t>(s);
      tw.Text(row, 0, c.has_counties ? p.county_name : std::string(), false);
      tw.Text(row, 1, c.school_names[si], false);
      tw.Text(row, 2, codes[si], false);
      tw.Figures(row, first_figure, TallyOf(c, Scope::kSchool, codes[si], 0, 0), levels, target,
                 false);
      ++row;
    }
  }
  sh.AutoFilter({kHeaderRow, 0, row - 1, cols.size() - 1});
}

// ---------------------------------------------------------------------------
// 分年级

void WriteByGrade(Context& c, WorkbookWriter& book, const Styles& st) {
  SheetWriter& sh = book.AddSheet("分年级");
  std::vector<std::pair<std::string, double>> cols = {
      {"区域", 14}, {"年级", 12}, {"年级编号", 6}, {"性别", 6}};
  const size_t first_figure = cols.size();
  const auto figures = TallyColumns(c.levels);
  cols.insert(cols.end(), figures.begin(), figures.end());
  BeginTable(sh, st, Title(c.in) + "（分年级、分性别）",
             "每个年级依次列出男、女和合计；比率的分母同“汇总”。", cols, 4);
  TableWriter tw(sh, st);
  const std::vector<int> grades = GradesPresent(c);
  size_t row = kFirstDataRow;
  struct Area {
    Scope scope;
    std::string id;
    std::string name;
  };
  std::vector<Area> areas = {{Scope::kCity, c.in.area_name, c.in.area_name}};
  if (c.has_counties) {
    for (const Place& p : c.counties) areas.push_back({Scope::kCounty, p.county, p.county_name});
  }
  for (const Area& a : areas) {
    for (int g : grades) {
      for (int sex : {1, 2, 0}) {
        const Tally& t = TallyOf(c, a.scope, a.id, g, sex);
        if (t.roster == 0 && sex != 0) continue;  // e.g. no girls in the grade
        if (t.roster == 0) continue;              // the county has no such grade
        const bool bold = sex == 0;
        tw.Text(row, 0, a.name, bold);
        tw.Text(row, 1, c.GradeName(g), bold);
        tw.Int(row, 2, g, bold);
        tw.Text(row, 3, sex == 0 ? "合计" : fitness::SexName(static_cast<Sex>(sex)), bold);
        tw.Figures(row, first_figure, t, c.levels.size(), c.in.target_excellent_good_bp, bold);
        ++row;
      }
    }
  }
  if (row > kFirstDataRow) sh.AutoFilter({kHeaderRow, 0, row - 1, cols.size() - 1});
}

// ---------------------------------------------------------------------------
// 单项

// The BMI classes by band index, from the first plan with a BMI item (the
// standard file lists them in the same order for every grade and sex).
std::vector<std::string> BmiClassNames(const FitnessStandard& standard) {
  for (const auto& g : standard.grades()) {
    for (Sex sex : {Sex::kMale, Sex::kFemale}) {
      const fitness::TestPlan* plan = standard.Plan(g.code, sex);
      if (plan == nullptr) continue;
      for (const auto& pi : plan->items) {
        if (pi.bmi_bands.empty()) continue;
        std::vector<std::string> names;
        for (const auto& b : pi.bmi_bands) {
          if (names.size() >= static_cast<size_t>(fitness::kMaxLevels)) break;
          names.push_back(b.name.zh);
        }
        return names;
      }
    }
  }
  return {};
}

std::string ItemHeading(const Item& item) {
  return item.unit.empty() ? item.name.zh : fmt::format("{}（{}）", item.name.zh, item.unit);
}

void WriteItems(Context& c, WorkbookWriter& book, const Styles& st) {
  SheetWriter& sh = book.AddSheet("单项");
  const std::vector<std::string> bmi = BmiClassNames(c.standard);
  std::vector<std::pair<std::string, double>> cols = {{"年级", 12},     {"年级编号", 6},
                                                      {"单项指标", 22}, {"测试人数", 8},
                                                      {"缺测人数", 7},  {"平均得分", 8}};
  const size_t first_level = cols.size();
  for (const std::string& l : c.levels) {
    cols.emplace_back(l + "人数", 7);
    cols.emplace_back(l + "比例", 8);
  }
  const size_t first_bmi = cols.size();
  for (const std::string& b : bmi) {
    cols.emplace_back(b + "人数", 7);
    cols.emplace_back(b + "比例", 8);
  }
  const size_t bonus_col = cols.size();
  cols.emplace_back("获加分人数", 8);
  BeginTable(sh, st, Title(c.in) + "（单项指标）",
             "单项等级按单项得分评定（体重指数按 BMI 分类）；比例的分母为该项有成绩的人数。", cols,
             3);
  TableWriter tw(sh, st);
  const auto& items = c.standard.items();
  size_t row = kFirstDataRow;
  for (int g : GradesPresent(c)) {
    const Tally& t = TallyOf(c, Scope::kCity, c.in.area_name, g, 0);
    for (size_t i = 0; i < items.size() && i < static_cast<size_t>(fitness::kMaxItems); ++i) {
      const fitness::ItemTally& it = t.items[i];
      if (it.scored + it.missing == 0) continue;  // not tested in this grade
      const bool is_bmi = items[i].kind == ItemKind::kBmi;
      tw.Text(row, 0, c.GradeName(g), false);
      tw.Int(row, 1, g, false);
      tw.Text(row, 2, ItemHeading(items[i]), false);
      tw.Int(row, 3, it.scored, false);
      tw.Int(row, 4, it.missing, false);
      tw.Mean(row, 5, it.score_sum, it.scored, false);
      for (size_t l = 0; l < c.levels.size(); ++l) {
        const size_t col = first_level + 2 * l;
        if (is_bmi) {
          tw.Text(row, col, "", false);
          tw.Text(row, col + 1, "", false);
        } else {
          tw.Int(row, col, it.level[l], false);
          tw.Rate(row, col + 1, it.level[l], it.scored, false);
        }
      }
      for (size_t b = 0; b < bmi.size(); ++b) {
        const size_t col = first_bmi + 2 * b;
        if (is_bmi) {
          tw.Int(row, col, it.level[b], false);
          tw.Rate(row, col + 1, it.level[b], it.scored, false);
        } else {
          tw.Text(row, col, "", false);
          tw.Text(row, col + 1, "", false);
        }
      }
      tw.Int(row, bonus_col, it.bonus_students, false);
      ++row;
    }
  }
  if (row > kFirstDataRow) sh.AutoFilter({kHeaderRow, 0, row - 1, cols.size() - 1});
}

// ---------------------------------------------------------------------------
// 学生成绩

std::string_view StatusName(ScoreStatus s) {
  switch (s) {
    case ScoreStatus::kComplete:
      return "已测";
    case ScoreStatus::kIncomplete:
      return "缺项";
    case ScoreStatus::kExempt:
      return "免测";
    case ScoreStatus::kDeferred:
      return "缓测";
    case ScoreStatus::kNoPlan:
      return "无测试标准";
  }
  return {};
}

// One column of the student sheet.
struct StudentColumn {
  enum class Kind {
    kCounty,
    kSchool,
    kGrade,
    kClass,
    kStudentId,
    kName,
    kSex,
    kHeight,
    kWeight,
    kBmi,
    kBmiScore,
    kBmiClass,
    kResult,  // item's 成绩
    kScore,   // item's 得分
    kBonus,   // item's 加分
    kStandard,
    kBonusTotal,
    kTotal,
    kLevel,
    kStatus,
    kLeftEye,
    kRightEye,
    kVision,
    kPoorGrade,
  };
  Kind kind;
  std::string title;
  double width;
  int item = -1;
};

std::vector<StudentColumn> StudentColumns(const Context& c) {
  using K = StudentColumn::Kind;
  std::vector<StudentColumn> cols;
  if (c.has_counties) cols.push_back({K::kCounty, "县（市、区）", 12});
  cols.push_back({K::kSchool, "学校", 22});
  cols.push_back({K::kGrade, "年级", 11});
  cols.push_back({K::kClass, "班级", 9});
  cols.push_back({K::kStudentId, "学籍号", 21});
  cols.push_back({K::kName, "姓名", 9});
  cols.push_back({K::kSex, "性别", 5});
  cols.push_back({K::kHeight, "身高（厘米）", 7});
  cols.push_back({K::kWeight, "体重（千克）", 7});
  // Items with 加分 somewhere in the standard get a 加分 column.
  std::set<int> with_bonus;
  for (const auto& g : c.standard.grades()) {
    for (Sex sex : {Sex::kMale, Sex::kFemale}) {
      if (const fitness::TestPlan* plan = c.standard.Plan(g.code, sex)) {
        for (const auto& pi : plan->items) {
          if (!pi.bonus.empty()) with_bonus.insert(pi.item);
        }
      }
    }
  }
  const auto& items = c.standard.items();
  for (size_t i = 0; i < items.size() && i < static_cast<size_t>(fitness::kMaxItems); ++i) {
    const Item& item = items[i];
    const int ii = static_cast<int>(i);
    if (item.kind == ItemKind::kBmi) {
      cols.push_back({K::kBmi, item.name.zh, 8, ii});
      cols.push_back({K::kBmiScore, item.name.zh + "得分", 8, ii});
      cols.push_back({K::kBmiClass, item.name.zh + "分类", 8, ii});
      continue;
    }
    cols.push_back({K::kResult, ItemHeading(item), 9, ii});
    cols.push_back({K::kScore, item.name.zh + "得分", 7, ii});
    if (with_bonus.count(ii) != 0) cols.push_back({K::kBonus, item.name.zh + "加分", 7, ii});
  }
  cols.push_back({K::kStandard, "标准分", 7});
  cols.push_back({K::kBonusTotal, "附加分", 6});
  cols.push_back({K::kTotal, "学年总分", 7});
  cols.push_back({K::kLevel, "等级", 7});
  cols.push_back({K::kStatus, "测试状态", 8});
  cols.push_back({K::kLeftEye, "左眼裸眼视力", 7});
  cols.push_back({K::kRightEye, "右眼裸眼视力", 7});
  cols.push_back({K::kVision, "视力筛查结果", 16});
  cols.push_back({K::kPoorGrade, "视力不良程度", 8});
  return cols;
}

// Student order: 汇总's school order, then grade, then class (by code), then
// the roster's order.
std::vector<uint32_t> StudentOrder(const Context& c) {
  const auto& classes = c.roster.classes();
  std::vector<uint32_t> class_rank(classes.size());
  {
    std::vector<uint32_t> idx(classes.size());
    std::iota(idx.begin(), idx.end(), 0u);
    std::sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) {
      const auto& x = classes[a];
      const auto& y = classes[b];
      const int32_t sx = c.school_rank[static_cast<size_t>(x.school)];
      const int32_t sy = c.school_rank[static_cast<size_t>(y.school)];
      if (sx != sy) return sx < sy;
      if (x.grade != y.grade) return x.grade < y.grade;
      if (x.code.size() != y.code.size()) return x.code.size() < y.code.size();  // "2" < "10"
      return x.code < y.code;
    });
    for (uint32_t r = 0; r < idx.size(); ++r) class_rank[idx[r]] = r;
  }
  std::vector<uint32_t> order(c.roster.size());
  std::iota(order.begin(), order.end(), 0u);
  auto key = [&](uint32_t i) {
    const fitness::StudentRow& r = c.roster.row(i);
    return std::make_tuple(
        c.school_rank[static_cast<size_t>(r.school)], r.grade,
        r.klass < 0 ? -1 : static_cast<int64_t>(class_rank[static_cast<size_t>(r.klass)]));
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  return order;
}

void WriteStudents(Context& c, WorkbookWriter& book, const Styles& st) {
  using K = StudentColumn::Kind;
  const std::vector<StudentColumn> cols = StudentColumns(c);
  const auto& items = c.standard.items();
  const auto& classes = c.roster.classes();
  const auto& vision = *c.in.vision;
  const size_t per_sheet = std::clamp<size_t>(c.in.students_per_sheet, 1, 1'048'575);
  size_t frozen = 0;
  for (size_t k = 0; k < cols.size(); ++k) {
    if (cols[k].kind == K::kName) frozen = k + 1;
  }
  std::array<std::string, 256> grade_names;
  for (size_t g = 0; g < grade_names.size(); ++g) {
    grade_names[g] = c.GradeName(static_cast<int>(g));
  }
  std::vector<std::string> county_names(c.school_county.size());
  for (const Place& p : c.counties) {
    for (int32_t s : p.schools) county_names[static_cast<size_t>(s)] = p.county_name;
  }

  SheetWriter* sh = nullptr;
  size_t sheet_no = 0;
  size_t row = 0;
  auto finish_sheet = [&]() {
    if (sh != nullptr && row > 1) sh->AutoFilter({0, 0, row - 1, cols.size() - 1});
  };
  auto start_sheet = [&]() {
    finish_sheet();
    ++sheet_no;
    sh = &book.AddSheet(sheet_no == 1 ? std::string("学生成绩")
                                      : fmt::format("学生成绩({})", sheet_no));
    double header_h = kLineHeight;
    for (size_t k = 0; k < cols.size(); ++k) {
      sh->SetColumnWidth(k, k, cols[k].width);
      header_h = std::max(header_h, FittedHeight(cols[k].title, cols[k].width - 1));
    }
    sh->SetRowHeight(0, header_h);
    for (size_t k = 0; k < cols.size(); ++k) sh->WriteString(0, k, cols[k].title, st.s_header);
    sh->FreezePanes(1, frozen);
    row = 1;
  };

  const std::vector<uint32_t> order = StudentOrder(c);
  if (order.empty()) start_sheet();
  for (size_t n = 0; n < order.size(); ++n) {
    if (n % per_sheet == 0) start_sheet();
    const uint32_t i = order[n];
    const fitness::StudentRow& r = c.roster.row(i);
    const fitness::StudentInput input = c.roster.Input(i);
    const StudentScore s = fitness::Score(c.standard, input);
    const fitness::VisionResult v = fitness::Screen(vision, r.vision);
    // Where each item sits in the student's plan.
    std::array<int8_t, fitness::kMaxItems> at;
    at.fill(-1);
    for (uint8_t k = 0; k < s.item_count; ++k) {
      const int8_t item = s.items[k].item;
      if (item >= 0 && item < fitness::kMaxItems)
        at[static_cast<size_t>(item)] = static_cast<int8_t>(k);
    }
    auto scored_item = [&](int item) -> const fitness::ItemScore* {
      const int8_t k = at[static_cast<size_t>(item)];
      return k < 0 ? nullptr : &s.items[static_cast<size_t>(k)];
    };
    const auto school = static_cast<size_t>(r.school);
    for (size_t col = 0; col < cols.size(); ++col) {
      const StudentColumn& sc = cols[col];
      switch (sc.kind) {
        case K::kCounty:
          sh->WriteString(row, col, county_names[school]);
          break;
        case K::kSchool:
          sh->WriteString(row, col, c.school_names[school]);
          break;
        case K::kGrade:
          sh->WriteString(row, col, grade_names[r.grade]);
          break;
        case K::kClass:
          if (r.klass >= 0) {
            const auto& k = classes[static_cast<size_t>(r.klass)];
            sh->WriteString(row, col, k.name.empty() ? k.code : k.name);
          }
          break;
        case K::kStudentId:
          sh->WriteString(row, col, c.roster.student_id(i));
          break;
        case K::kName:
          sh->WriteString(row, col, c.roster.name(i));
          break;
        case K::kSex:
          sh->WriteString(row, col, fitness::SexName(r.sex));
          break;
        case K::kHeight:
          if (r.height != kMissing) {
            sh->WriteNumber(row, col, static_cast<double>(r.height) / 10.0, st.s_tenths);
          }
          break;
        case K::kWeight:
          if (r.weight != kMissing) {
            sh->WriteNumber(row, col, static_cast<double>(r.weight) / 10.0, st.s_tenths);
          }
          break;
        case K::kBmi: {
          const int32_t bmi = fitness::BmiTenths(r.height, r.weight);
          if (bmi != kMissing)
            sh->WriteNumber(row, col, static_cast<double>(bmi) / 10.0, st.s_tenths);
          break;
        }
        case K::kBmiScore:
        case K::kBmiClass: {
          const fitness::ItemScore* is = scored_item(sc.item);
          if (is == nullptr) break;
          if (is->missing) {
            if (sc.kind == K::kBmiScore)
              sh->WriteNumber(row, col, 0);
            else
              sh->WriteString(row, col, "缺测", st.s_missing);
            break;
          }
          if (sc.kind == K::kBmiScore) {
            sh->WriteNumber(row, col, is->score);
          } else if (const fitness::TestPlan* plan = c.standard.Plan(r.grade, r.sex)) {
            const size_t k = static_cast<size_t>(at[static_cast<size_t>(sc.item)]);
            const auto& bands = plan->items[k].bmi_bands;
            if (is->level >= 0 && static_cast<size_t>(is->level) < bands.size()) {
              sh->WriteString(row, col, bands[static_cast<size_t>(is->level)].name.zh);
            }
          }
          break;
        }
        case K::kResult: {
          const Item& item = items[static_cast<size_t>(sc.item)];
          const int32_t ticks = input.values.size() > static_cast<size_t>(sc.item)
                                    ? input.values[static_cast<size_t>(sc.item)]
                                    : kMissing;
          if (ticks == kMissing) {
            const fitness::ItemScore* is = scored_item(sc.item);
            if (is != nullptr && is->missing) sh->WriteString(row, col, "缺测", st.s_missing);
            break;
          }
          switch (item.format) {
            case ValueFormat::kInteger:
              sh->WriteNumber(row, col, static_cast<double>(ticks));
              break;
            case ValueFormat::kDecimal1:
              sh->WriteNumber(row, col, static_cast<double>(ticks) / 10.0, st.s_tenths);
              break;
            case ValueFormat::kMinSec:
              sh->WriteString(row, col, fitness::FormatItemValue(item, ticks));
              break;
          }
          break;
        }
        case K::kScore:
        case K::kBonus: {
          const fitness::ItemScore* is = scored_item(sc.item);
          if (is == nullptr) break;
          sh->WriteNumber(row, col, sc.kind == K::kScore ? is->score : is->bonus);
          break;
        }
        case K::kStandard:
          if (s.scored()) {
            sh->WriteNumber(row, col, static_cast<double>(s.standard_hundredths) / 100.0,
                            st.s_score);
          }
          break;
        case K::kBonusTotal:
          if (s.scored()) sh->WriteNumber(row, col, s.bonus);
          break;
        case K::kTotal:
          if (s.scored()) {
            sh->WriteNumber(row, col, static_cast<double>(s.total_hundredths) / 100.0, st.s_score);
          }
          break;
        case K::kLevel:
          if (s.scored() && s.level >= 0 && static_cast<size_t>(s.level) < c.levels.size()) {
            sh->WriteString(row, col, c.levels[static_cast<size_t>(s.level)]);
          }
          break;
        case K::kStatus:
          sh->WriteString(row, col, StatusName(s.status));
          break;
        case K::kLeftEye:
        case K::kRightEye: {
          const int32_t ucva = r.vision.ucva[sc.kind == K::kRightEye ? 0 : 1];
          if (ucva != kMissing) {
            sh->WriteNumber(row, col, static_cast<double>(ucva) / 10.0, st.s_tenths);
          }
          break;
        }
        case K::kVision:
          sh->WriteString(row, col, fitness::VisionStatusName(v.status));
          break;
        case K::kPoorGrade:
          if (v.poor_grade >= 0 && static_cast<size_t>(v.poor_grade) < vision.poor_grades.size()) {
            sh->WriteString(row, col,
                            vision.poor_grades[static_cast<size_t>(v.poor_grade)].name.zh);
          }
          break;
      }
    }
    ++row;
  }
  finish_sheet();
}

}  // namespace

Result<std::string> FitnessWorkbookXlsx(const FitnessReportInput& in) {
  if (in.standard == nullptr || in.vision == nullptr || in.roster == nullptr) {
    return Fail(ErrorCode::kInternal, "xlsx.write_rejected",
                Text("体质健康报表缺少标准、视力规则或学生名册",
                     "the fitness workbook needs a standard, a vision rule and a roster"));
  }
  Context c(in);
  auto book = JIAODU_TRY(WorkbookWriter::CreateInMemory(
      {.constant_memory = true, .title = Title(in), .subject = in.standard->spec().title.zh}));
  Styles st(book);
  WriteAbout(c, book, st);
  WriteSummary(c, book, st);
  WriteByGrade(c, book, st);
  WriteItems(c, book, st);
  WriteStudents(c, book, st);
  return book.FinishToBytes();
}

}  // namespace jiaodu
