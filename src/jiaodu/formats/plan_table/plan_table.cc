// ReadPlanTable: a published 主要指标 table or jiaodu's template → a plan.
// The layout rules and the decisions taken where a layout is ambiguous are
// in docs/plans.md ("Indicator tables in Excel").
#include "jiaodu/formats/plan_table/plan_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <vector>

#include "jiaodu/core/text.h"
#include "jiaodu/formats/plan_table/plan_cell.h"
#include "jiaodu/formats/plan_table/plan_text.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu::plan_table {
namespace {

using plans::Comparison;
using xlsx::Sheet;

// A plan table has tens of rows; a workbook far larger than that is not one.
constexpr size_t kMaxCells = 200'000;
constexpr size_t kMaxBytes = size_t{64} << 20;
constexpr size_t kHeaderSearchRows = 30;
constexpr size_t kMaxErrors = 20;
constexpr int kMaxInferredDecimals = 4;

enum class Role {
  kNone,
  kSeq,
  kId,
  kGroup,
  kName,
  kUnit,
  kAttr,
  kCmp,
  kSource,
  kNote,
  kDecimals,
  kYear,  // a published year column: 2020年, 2025年目标
  kBaseYear,
  kBaseValue,
  kMilestones,
  kTargetYear,
  kTargetValue,
};

enum class YearHint { kNone, kBaseline, kMilestone, kTarget };

struct Column {
  Role role = Role::kNone;
  int year = 0;
  YearHint hint = YearHint::kNone;
  std::string label;  // as written, for messages
};

std::string CellText(const xlsx::Cell* c) {
  if (c == nullptr || c->empty()) return {};
  return std::string(Trim(c->text));
}

// The label without blanks and bracketed parts, full-width folded:
// "指标属性（约束性/预期性）" → "指标属性".
std::string Bare(std::string_view label) {
  std::string out;
  int depth = 0;
  for (char c : NormalizeWidth(label)) {
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      depth = std::max(0, depth - 1);
    } else if (depth == 0 && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      out.push_back(c);
    }
  }
  return out;
}

// The first four-digit year 1990–2100 in the label, else 0.
int YearIn(std::string_view label) {
  const std::string s = NormalizeWidth(label);
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    bool digits = true;
    for (size_t k = 0; k < 4; ++k) digits = digits && s[i + k] >= '0' && s[i + k] <= '9';
    const bool before_ok = i == 0 || s[i - 1] < '0' || s[i - 1] > '9';
    const bool after_ok = i + 4 == s.size() || s[i + 4] < '0' || s[i + 4] > '9';
    if (digits && before_ok && after_ok) {
      const int y = std::stoi(s.substr(i, 4));
      if (y >= 1990 && y <= 2100) return y;
    }
  }
  return 0;
}

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

bool OneOf(std::string_view s, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), s) != words.end();
}

Column Classify(std::string_view label) {
  Column col;
  col.label = std::string(Trim(label));
  const std::string b = Bare(label);
  if (b.empty()) return col;
  if (OneOf(b, {"基期年", "基期年份", "基准年"})) {
    col.role = Role::kBaseYear;
  } else if (OneOf(b, {"基期值", "基期数", "基准值"})) {
    col.role = Role::kBaseValue;
  } else if (OneOf(b, {"中期目标", "阶段目标", "中期目标值", "阶段性目标"})) {
    col.role = Role::kMilestones;
  } else if (OneOf(b, {"目标年", "目标年份"})) {
    col.role = Role::kTargetYear;
  } else if (OneOf(b, {"目标值", "目标"})) {
    col.role = Role::kTargetValue;
  } else if (const int y = YearIn(label); y != 0) {
    col.role = Role::kYear;
    col.year = y;
    if (Contains(b, "基期") || Contains(b, "基数") || Contains(b, "现状") || Contains(b, "基础")) {
      col.hint = YearHint::kBaseline;
    } else if (Contains(b, "中期") || Contains(b, "阶段")) {
      col.hint = YearHint::kMilestone;
    } else if (Contains(b, "目标")) {
      col.hint = YearHint::kTarget;
    }
  } else if (OneOf(b, {"序号", "序"})) {
    col.role = Role::kSeq;
  } else if (OneOf(b, {"编号", "指标编号", "指标代码"})) {
    col.role = Role::kId;
  } else if (OneOf(b, {"类别", "分组", "类型", "领域", "分类", "板块", "指标类别", "一级指标",
                       "类别名称", "方面"})) {
    col.role = Role::kGroup;
  } else if (OneOf(b, {"指标", "指标名称", "主要指标", "具体指标", "二级指标", "指标内容", "项目",
                       "指标项"})) {
    col.role = Role::kName;
  } else if (OneOf(b, {"单位", "计量单位"})) {
    col.role = Role::kUnit;
  } else if (OneOf(b, {"指标属性", "属性", "指标性质", "性质"})) {
    col.role = Role::kAttr;
  } else if (OneOf(b, {"比较方式", "比较"})) {
    col.role = Role::kCmp;
  } else if (OneOf(b, {"数据来源", "来源", "取数方式"})) {
    col.role = Role::kSource;
  } else if (OneOf(b, {"说明", "备注", "指标说明", "口径", "统计口径"})) {
    col.role = Role::kNote;
  } else if (OneOf(b, {"小数位数", "小数位"})) {
    col.role = Role::kDecimals;
  }
  return col;
}

std::vector<Column> RowColumns(const Sheet& sheet, size_t row) {
  std::vector<Column> cols;
  if (row >= sheet.rows.size()) return cols;
  for (size_t c = 0; c < sheet.rows[row].size(); ++c) {
    cols.push_back(Classify(CellText(&sheet.rows[row][c])));
  }
  return cols;
}

bool Has(const std::vector<Column>& cols, Role r) {
  return std::any_of(cols.begin(), cols.end(), [r](const Column& c) { return c.role == r; });
}

bool IsHeader(const std::vector<Column>& cols) {
  return Has(cols, Role::kName) && (Has(cols, Role::kYear) || Has(cols, Role::kTargetValue));
}

// Two header rows read as one (a merged "指标" over two rows, the years in
// the second): each column takes its second-row role where the first row
// has none.
std::vector<Column> Combine(std::vector<Column> top, const std::vector<Column>& second) {
  top.resize(std::max(top.size(), second.size()));
  for (size_t c = 0; c < second.size(); ++c) {
    if (second[c].role == Role::kNone) continue;
    if (top[c].role == Role::kNone || second[c].role == Role::kYear) top[c] = second[c];
  }
  return top;
}

struct Header {
  size_t first_row = 0;  // 0-based
  size_t data_row = 0;   // first row after the header
  std::vector<Column> cols;
};

std::optional<Header> FindHeader(const Sheet& sheet) {
  const size_t n = std::min(sheet.rows.size(), kHeaderSearchRows);
  for (size_t r = 0; r < n; ++r) {
    std::vector<Column> one = RowColumns(sheet, r);
    if (IsHeader(one)) return Header{r, r + 1, std::move(one)};
    if (!Has(one, Role::kName) || r + 1 >= sheet.rows.size()) continue;
    std::vector<Column> next = RowColumns(sheet, r + 1);
    if (IsHeader(next)) continue;  // this row is a title above the header
    std::vector<Column> both = Combine(one, next);
    if (IsHeader(both)) return Header{r, r + 2, std::move(both)};
  }
  return std::nullopt;
}

// Where a problem is: file, sheet, row and column (letter and header).
struct Place {
  const std::string* file;
  const std::string* sheet;
  const std::vector<Column>* cols;

  Error At(Error e, size_t row0, std::optional<size_t> col0, std::string_view value = {}) const {
    e.where.file = *file;
    e.where.sheet = *sheet;
    e.where.row = static_cast<int>(row0 + 1);
    if (col0) {
      const std::string& label = *col0 < cols->size() ? (*cols)[*col0].label : std::string();
      e.where.column = label.empty() ? xlsx::ColumnLetters(*col0)
                                     : fmt::format("{} ({})", xlsx::ColumnLetters(*col0), label);
    }
    e.where.value = Ellipsize(value, 64);
    return e;
  }
};

Error Problem(std::string id, std::string zh, std::string en) {
  return Error{ErrorCode::kInvalidInput, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

// A year written in a cell: 2020, "2020", "2020年".
std::optional<int> YearCell(const std::string& text) {
  std::string t = NormalizeWidth(text);
  if (t.size() >= 3 && t.substr(t.size() - 3) == "年") t.resize(t.size() - 3);
  if (t.size() != 4 ||
      !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const int y = std::stoi(t);
  if (y < 1990 || y > 2100) return std::nullopt;
  return y;
}

std::optional<plans::Attribute> AttributeWord(const std::string& text) {
  const std::string t = Bare(text);
  if (t.empty() || OneOf(t, {"预期性", "预期", "expected"})) return plans::Attribute::kExpected;
  if (OneOf(t, {"约束性", "约束", "binding"})) return plans::Attribute::kBinding;
  return std::nullopt;
}

bool IsManualWord(const std::string& text) {
  return OneOf(Bare(text), {"人工填报", "人工", "手工填报", "填报", "manual"});
}

// One value cell of a row, parsed, with where it is.
struct Parsed {
  size_t col = 0;
  int year = 0;
  PlanCellValue cell;
};

// ---------------------------------------------------------------------------

class Reader {
 public:
  Reader(const std::string& file, const IndicatorLibrary& lib) : file_(file), lib_(lib) {}

  Result<PlanTableImport> Read(const xlsx::Workbook& book, const PlanMeta& form) {
    const Sheet* sheet = nullptr;
    std::optional<Header> header;
    if (const Sheet* s = book.Find(kIndicatorSheet); s != nullptr) {
      sheet = s;
      header = FindHeader(*s);
    }
    if (!header) {
      for (const Sheet& s : book.sheets) {
        if (s.hidden || s.name == kInfoSheet) continue;
        if (auto h = FindHeader(s)) {
          sheet = &s;
          header = std::move(h);
          break;
        }
      }
    }
    if (!header) return NoHeader(book);
    sheet_ = sheet->name;
    header_ = *header;
    place_ = Place{&file_, &sheet_, &header_.cols};
    JIAODU_TRY_STATUS(CheckHeader());

    PlanTableImport out;
    out.sheet = sheet_;
    out.template_layout = Has(header_.cols, Role::kTargetValue);
    auto plan = std::make_shared<plans::Plan>();
    ReadRows(*sheet, *plan);
    if (errors_.empty() && plan->indicators.empty()) {
      return Fail(place_.At(Problem("plan.table_no_rows", "表头下没有指标行",
                                    "there are no indicator rows under the header"),
                            header_.first_row, std::nullopt));
    }
    ReadMeta(book, form, *plan);
    if (!errors_.empty()) return Fail(Combined());
    if (auto ok = plans::Validate(*plan); !ok) {
      Error e = ok.error();
      e.where.file = file_;
      return Fail(std::move(e));
    }
    for (const plans::Indicator& ind : plan->indicators) {
      (ind.source.kind == plans::Source::Kind::kFormula ? out.computed : out.manual)++;
    }
    out.plan = std::move(plan);
    return out;
  }

 private:
  tl::unexpected<Error> NoHeader(const xlsx::Workbook& book) const {
    std::vector<std::string> names;
    for (const Sheet& s : book.sheets) {
      if (!s.hidden) names.push_back(s.name);
    }
    Error e = Problem(
        "plan.table_no_sheet",
        fmt::format(
            "在工作表 {} 的前 {} 行中没有找到指标表的表头：需要“指标”列和年份列（如 "
            "2020年、2025年），或本系统模板的“目标值”列",
            names.empty() ? std::string("（无）") : fmt::format("{}", fmt::join(names, "、")),
            kHeaderSearchRows),
        fmt::format("no indicator table header in the first {} rows of sheets {}: an 指标 column "
                    "and year columns (2020年, 2025年) are needed, or the template's 目标值 column",
                    kHeaderSearchRows, fmt::join(names, ", ")));
    e.where.file = file_;
    return Fail(std::move(e));
  }

  Status CheckHeader() {
    std::map<Role, size_t> seen;
    std::map<int, size_t> years;
    for (size_t c = 0; c < header_.cols.size(); ++c) {
      const Column& col = header_.cols[c];
      if (col.role == Role::kNone || col.role == Role::kSeq) continue;
      if (col.role == Role::kYear) {
        if (auto [it, fresh] = years.emplace(col.year, c); !fresh) {
          return Fail(place_.At(
              Problem("plan.table_conflict",
                      fmt::format("{} 年有两列（{} 列和 {} 列），无法判断哪一列是规划值", col.year,
                                  xlsx::ColumnLetters(it->second), xlsx::ColumnLetters(c)),
                      fmt::format("year {} has two columns ({} and {})", col.year,
                                  xlsx::ColumnLetters(it->second), xlsx::ColumnLetters(c))),
              header_.first_row, c, col.label));
        }
        continue;
      }
      if (auto [it, fresh] = seen.emplace(col.role, c); !fresh) {
        // Two name columns: the first is the group (一级指标 / 二级指标 tables).
        if (col.role == Role::kName && !Has(header_.cols, Role::kGroup)) {
          header_.cols[it->second].role = Role::kGroup;
          it->second = c;
          continue;
        }
        return Fail(place_.At(
            Problem("plan.table_conflict",
                    fmt::format("表头“{}”出现了两次（{} 列和 {} 列）", col.label,
                                xlsx::ColumnLetters(it->second), xlsx::ColumnLetters(c)),
                    fmt::format("header \"{}\" appears twice (columns {} and {})", col.label,
                                xlsx::ColumnLetters(it->second), xlsx::ColumnLetters(c))),
            header_.first_row, c, col.label));
      }
    }
    const bool tmpl = Has(header_.cols, Role::kTargetValue);
    if (tmpl && !Has(header_.cols, Role::kTargetYear) && !Has(header_.cols, Role::kYear)) {
      return Fail(place_.At(Problem("plan.table_missing", "有“目标值”列但没有“目标年”列",
                                    "a 目标值 column but no 目标年 column"),
                            header_.first_row, std::nullopt));
    }
    return Ok();
  }

  std::optional<size_t> ColOf(Role r) const {
    for (size_t c = 0; c < header_.cols.size(); ++c) {
      if (header_.cols[c].role == r) return c;
    }
    return std::nullopt;
  }

  void Add(Error e) {
    if (errors_.size() < kMaxErrors + 1) errors_.push_back(std::move(e));
  }

  Error Combined() const {
    Error first = errors_.front();
    if (errors_.size() == 1) {
      first.context.push_back(Text("整个文件未导入", "nothing was imported"));
      return first;
    }
    std::vector<std::string> zh, en;
    for (size_t i = 1; i < errors_.size() && i <= kMaxErrors; ++i) {
      Error e = errors_[i];
      e.where.file.clear();
      zh.push_back(e.Describe(false));
      en.push_back(e.Describe(true));
    }
    const std::string more_zh = errors_.size() > kMaxErrors ? "……" : "";
    const std::string more_en = errors_.size() > kMaxErrors ? " …" : "";
    first.context.push_back(
        Text(fmt::format("整个文件未导入；另有 {}{} 处问题：{}{}", errors_.size() - 1,
                         errors_.size() > kMaxErrors ? "多" : "", fmt::join(zh, "；"), more_zh),
             fmt::format("nothing was imported; {}{} more problems: {}{}", errors_.size() - 1,
                         errors_.size() > kMaxErrors ? "+" : "", fmt::join(en, "; "), more_en)));
    return first;
  }

  // Every row under the header.
  void ReadRows(const Sheet& sheet, plans::Plan& plan) {
    std::string group;
    std::map<std::string, size_t> names;  // normalized name → row
    std::map<std::string, size_t> ids;    // id → row
    const auto name_col = ColOf(Role::kName);
    for (size_t r = header_.data_row; r < sheet.rows.size(); ++r) {
      auto text = [&](std::optional<size_t> c) {
        return c ? CellText(sheet.At(r, *c)) : std::string();
      };
      // A note under the table ends it: "注：…", "备注：…", "资料来源：…".
      std::string first;
      for (const xlsx::Cell& c : sheet.rows[r]) {
        if (!(first = CellText(&c)).empty()) break;
      }
      if (first.empty()) continue;
      const std::string ff = NormalizeWidth(first);
      if (ff.rfind("注:", 0) == 0 || ff.rfind("注1", 0) == 0 || ff.rfind("备注:", 0) == 0 ||
          ff.rfind("说明:", 0) == 0 || ff.rfind("资料来源:", 0) == 0 || ff.rfind("注释:", 0) == 0)
        break;

      if (auto g = text(ColOf(Role::kGroup)); !g.empty()) group = CleanGroup(g);
      const std::string raw_name = text(name_col);
      bool has_values = false;
      for (size_t c = 0; c < header_.cols.size(); ++c) {
        const Role role = header_.cols[c].role;
        if ((role == Role::kYear || role == Role::kBaseValue || role == Role::kTargetValue ||
             role == Role::kMilestones || role == Role::kUnit || role == Role::kAttr) &&
            !text(c).empty()) {
          has_values = true;
        }
      }
      if (raw_name.empty()) {
        if (has_values) {
          Add(place_.At(Problem("plan.table_missing", "这一行有数值但没有指标名称",
                                "this row has values but no indicator name"),
                        r, name_col));
        }
        continue;
      }
      if (!has_values) {  // a section heading inside the table: 一、学前教育
        group = CleanGroup(raw_name);
        continue;
      }
      const size_t before = errors_.size();
      auto ind = ReadIndicator(sheet, r, raw_name, group);
      if (errors_.size() != before || !ind) continue;
      const std::string key = NormalizeIndicatorName(ind->name.zh);
      if (auto [it, fresh] = names.emplace(key, r); !fresh) {
        Add(place_.At(
            Problem("plan.table_duplicate",
                    fmt::format("指标“{}”与第 {} 行重复", ind->name.zh, it->second + 1),
                    fmt::format("indicator \"{}\" repeats row {}", ind->name.zh, it->second + 1)),
            r, name_col, raw_name));
        continue;
      }
      if (auto [it, fresh] = ids.emplace(ind->id, r); !fresh) {
        Add(place_.At(
            Problem(
                "plan.table_duplicate",
                fmt::format("指标编号 {} 与第 {} 行相同（两个名称指向同一指标库条目，或编号重复）",
                            ind->id, it->second + 1),
                fmt::format("indicator id {} is that of row {} too", ind->id, it->second + 1)),
            r, ColOf(Role::kId) ? ColOf(Role::kId) : name_col, raw_name));
        continue;
      }
      plan.indicators.push_back(std::move(*ind));
    }
  }

  static std::string CleanGroup(const std::string& g) {
    return std::string(Trim(StripNumbering(g)));
  }

  std::optional<PlanCellValue> Cell(const Sheet& sheet, size_t r, size_t c) {
    const std::string t = CellText(sheet.At(r, c));
    auto v = ParsePlanCell(t);
    if (!v) {
      Add(place_.At(v.error(), r, c, t));
      return std::nullopt;
    }
    return *v;
  }

  // The indicator of row r; problems are added to errors_.
  std::optional<plans::Indicator> ReadIndicator(const Sheet& sheet, size_t r,
                                                const std::string& raw_name,
                                                const std::string& group) {
    auto text = [&](std::optional<size_t> c) {
      return c ? CellText(sheet.At(r, *c)) : std::string();
    };
    const size_t start_errors = errors_.size();
    plans::Indicator ind;
    ind.group = group;
    NameAndUnit nu = SplitName(raw_name);
    ind.name = Text::Same(nu.name);
    std::string unit = NormalizeWidth(text(ColOf(Role::kUnit)));
    if (unit.empty()) unit = nu.unit;
    const bool unit_given = !unit.empty();

    // Where the value comes from: the library, unless the row says 人工填报.
    const LibraryIndicator* li = nullptr;
    const std::string source_text = text(ColOf(Role::kSource));
    if (source_text.empty()) {
      li = lib_.FindName(nu.name);
    } else if (!IsManualWord(source_text)) {
      li = lib_.FindId(Bare(source_text));
      if (li == nullptr) {
        std::vector<std::string> known;
        for (const LibraryIndicator& k : lib_.indicators) known.push_back(k.id);
        Add(place_.At(
            Problem("plan.table_source",
                    fmt::format("数据来源“{}”无效：应为“人工填报”或指标库中的编号（{}）",
                                source_text, fmt::join(known, "、")),
                    fmt::format("data source \"{}\" is neither 人工填报 nor a library id ({})",
                                source_text, fmt::join(known, ", "))),
            r, ColOf(Role::kSource), source_text));
        return std::nullopt;
      }
    }

    // The values: baseline, milestones, target.
    std::optional<Parsed> base, target;
    std::vector<Parsed> milestones;
    std::vector<Parsed> all;
    std::vector<size_t> year_cols;
    for (size_t c = 0; c < header_.cols.size(); ++c) {
      if (header_.cols[c].role == Role::kYear) year_cols.push_back(c);
    }
    std::sort(year_cols.begin(), year_cols.end(),
              [&](size_t a, size_t b) { return header_.cols[a].year < header_.cols[b].year; });
    auto year_of_cell = [&](Role role) -> std::optional<int> {
      auto c = ColOf(role);
      if (!c) return std::nullopt;
      const std::string t = text(c);
      if (t.empty()) return std::nullopt;
      auto y = YearCell(t);
      if (!y) {
        Add(place_.At(Problem("plan.table_bad_cell", fmt::format("“{}”不是年份（如 2025）", t),
                              fmt::format("\"{}\" is not a year (e.g. 2025)", t)),
                      r, c, t));
        return std::nullopt;
      }
      return y;
    };
    if (auto c = ColOf(Role::kBaseValue)) {
      auto y = year_of_cell(Role::kBaseYear);
      if (auto v = Cell(sheet, r, *c); v && !v->empty()) {
        if (!y) {
          if (ColOf(Role::kBaseYear) && text(ColOf(Role::kBaseYear)).empty()) {
            Add(place_.At(Problem("plan.table_missing", "填了基期值但没有填基期年",
                                  "a baseline value without its year"),
                          r, ColOf(Role::kBaseYear)));
          }
        } else {
          base = Parsed{*c, *y, *v};
        }
      }
    }
    if (auto c = ColOf(Role::kTargetValue)) {
      auto y = year_of_cell(Role::kTargetYear);
      if (auto v = Cell(sheet, r, *c); v && !v->empty()) {
        if (!y && ColOf(Role::kTargetYear)) {
          Add(place_.At(Problem("plan.table_missing", "填了目标值但没有填目标年",
                                "a target value without its year"),
                        r, ColOf(Role::kTargetYear)));
        } else if (y) {
          target = Parsed{*c, *y, *v};
        }
      }
    }
    if (auto c = ColOf(Role::kMilestones)) ReadMilestones(text(c), r, *c, milestones);
    // Published year columns: the baseline (hinted, or the earliest of two or
    // more), the target (hinted, or the latest), milestones in between.
    if (!year_cols.empty()) {
      std::optional<size_t> base_col, target_col;
      for (size_t c : year_cols) {
        if (header_.cols[c].hint == YearHint::kBaseline && !base_col) base_col = c;
        if (header_.cols[c].hint == YearHint::kTarget) target_col = c;
      }
      if (!target_col && !target) target_col = year_cols.back();
      if (!base_col && !base && year_cols.size() >= 2 && year_cols.front() != target_col) {
        base_col = year_cols.front();
      }
      for (size_t c : year_cols) {
        auto v = Cell(sheet, r, c);
        if (!v || v->empty()) continue;
        const int y = header_.cols[c].year;
        if (c == target_col) {
          target = Parsed{c, y, *v};
        } else if (c == base_col) {
          base = Parsed{c, y, *v};
        } else {
          milestones.push_back(Parsed{c, y, *v});
        }
      }
    }
    if (errors_.size() != start_errors) return std::nullopt;
    if (!target) {
      // (not a conditional of optionals: g++ 12 -O2 warns of an
      // uninitialized payload there)
      std::optional<size_t> c = ColOf(Role::kTargetValue);
      if (!c.has_value() && !year_cols.empty()) c.emplace(year_cols.back());
      Add(place_.At(Problem("plan.table_missing", fmt::format("指标“{}”没有目标值", nu.name),
                            fmt::format("indicator \"{}\" has no target", nu.name)),
                    r, c));
      return std::nullopt;
    }
    if (base && !base->cell.value) {
      Add(place_.At(
          Problem("plan.table_bad_cell", fmt::format("基期值“{}”不是数值", text(base->col)),
                  fmt::format("baseline \"{}\" is not a number", text(base->col))),
          r, base->col, text(base->col)));
      return std::nullopt;
    }
    for (const Parsed& m : milestones) {
      if (!m.cell.value) {
        Add(place_.At(
            Problem("plan.table_bad_cell", fmt::format("{} 年的阶段目标须写出数值", m.year),
                    fmt::format("the {} milestone needs a figure", m.year)),
            r, m.col, text(m.col)));
        return std::nullopt;
      }
    }

    // Units: every cell's unit agrees with the indicator's (万 is 万个's).
    if (base) all.push_back(*base);
    all.insert(all.end(), milestones.begin(), milestones.end());
    all.push_back(*target);
    for (const Parsed& p : all) {
      const std::string& u = p.cell.unit;
      if (u.empty()) continue;
      if (unit.empty()) {
        unit = u;
        continue;
      }
      if (u == unit || unit.rfind(u, 0) == 0) continue;
      if (!unit_given && u.rfind(unit, 0) == 0) {
        unit = u;
        continue;
      }
      Add(place_.At(
          Problem("plan.table_unit", fmt::format("单位“{}”与指标的单位“{}”不一致", u, unit),
                  fmt::format("unit \"{}\" differs from the indicator's \"{}\"", u, unit)),
          r, p.col, text(p.col)));
      return std::nullopt;
    }
    ind.unit = unit;

    // Comparison: the 比较方式 column, else the target cell's, else the
    // direction of the plan (a bare target below the baseline is a ceiling).
    std::optional<Comparison> cmp = target->cell.comparison;
    if (auto c = ColOf(Role::kCmp); c && !text(c).empty()) {
      auto w = ParseComparisonWord(text(c));
      if (!w) {
        Add(place_.At(w.error(), r, c, text(c)));
        return std::nullopt;
      }
      if (cmp && *cmp != *w && *cmp != Comparison::kMaintain && *w != Comparison::kMaintain) {
        Add(place_.At(
            Problem("plan.table_conflict",
                    fmt::format("比较方式“{}”与目标值“{}”中的不一致", text(c), text(target->col)),
                    fmt::format("comparison \"{}\" contradicts the target \"{}\"", text(c),
                                text(target->col))),
            r, c, text(c)));
        return std::nullopt;
      }
      if (!cmp || *w == Comparison::kMaintain) cmp = *w;
    }
    // The library's direction: 1 higher is better, 0 lower, -1 unknown (an
    // int, not an optional<bool>: g++ 12 -O2 warns of its payload).
    const int lib_better = li && li->higher_better.has_value() ? (*li->higher_better ? 1 : 0) : -1;
    if (!cmp) {
      if (lib_better >= 0) {
        cmp = lib_better == 1 ? Comparison::kAtLeast : Comparison::kAtMost;
      } else if (base && base->cell.value && target->cell.value &&
                 *target->cell.value < *base->cell.value) {
        cmp = Comparison::kAtMost;
      } else {
        cmp = Comparison::kAtLeast;
      }
    }
    ind.comparison = *cmp;
    if (*cmp == Comparison::kAtLeast) {
      ind.higher_better = true;
    } else if (*cmp == Comparison::kAtMost) {
      ind.higher_better = false;
    } else if (lib_better >= 0) {
      ind.higher_better = lib_better == 1;
    } else if (*cmp == Comparison::kEqual && base && target->cell.value) {
      ind.higher_better = *target->cell.value >= *base->cell.value;
    }

    if (base) {
      ind.baseline_year = base->year;
      ind.baseline = base->cell.value;
    }
    for (const Parsed& m : milestones) ind.milestones.push_back({m.year, *m.cell.value});
    std::sort(ind.milestones.begin(), ind.milestones.end(),
              [](const plans::Milestone& a, const plans::Milestone& b) { return a.year < b.year; });
    ind.target_year = target->year;
    if (target->cell.value) {
      ind.target = *target->cell.value;
    } else if (base) {  // 保持高水平: the level of the baseline
      ind.target = *base->cell.value;
    } else {
      Add(place_.At(
          Problem("plan.table_missing",
                  fmt::format("“{}”没有写出数值，也没有基期值可以保持", text(target->col)),
                  fmt::format("\"{}\" gives no figure and there is no baseline to keep",
                              text(target->col))),
          r, target->col, text(target->col)));
      return std::nullopt;
    }

    // Attribute, note, decimals, id, source.
    if (auto c = ColOf(Role::kAttr)) {
      auto a = AttributeWord(text(c));
      if (!a) {
        Add(place_.At(
            Problem("plan.bad_attribute",
                    fmt::format("指标属性“{}”无效，应为 约束性 或 预期性", text(c)),
                    fmt::format("attribute \"{}\" is neither 约束性 nor 预期性", text(c))),
            r, c, text(c)));
        return std::nullopt;
      }
      ind.attribute = *a;
    }
    ind.note = text(ColOf(Role::kNote));
    if (ind.note.empty() && li != nullptr) ind.note = li->note;
    int decimals = 0;
    for (const Parsed& p : all) decimals = std::max(decimals, p.cell.decimals);
    ind.decimals = li != nullptr ? li->decimals : std::min(decimals, kMaxInferredDecimals);
    if (auto c = ColOf(Role::kDecimals); c && !text(c).empty()) {
      const std::string t = NormalizeWidth(text(c));
      if (t.size() != 1 || t[0] < '0' || t[0] > '6') {
        Add(place_.At(
            Problem("plan.table_bad_cell", fmt::format("小数位数“{}”应为 0 到 6 的整数", t),
                    fmt::format("decimals \"{}\" must be a whole number 0–6", t)),
            r, c, t));
        return std::nullopt;
      }
      ind.decimals = t[0] - '0';
    }
    if (li != nullptr) {
      ind.source = li->source;
      if (ind.name.en == ind.name.zh &&
          NormalizeIndicatorName(li->name.zh) == NormalizeIndicatorName(ind.name.zh)) {
        ind.name.en = li->name.en;
      }
    }
    const std::string id_text = NormalizeWidth(text(ColOf(Role::kId)));
    if (!id_text.empty()) {
      if (!ValidId(id_text)) {
        Add(place_.At(
            Problem(
                "plan.table_bad_cell",
                fmt::format("指标编号“{}”只能由字母、数字、下划线、点和连字符组成", id_text),
                fmt::format("indicator id \"{}\" may only hold letters, digits, _ . -", id_text)),
            r, ColOf(Role::kId), id_text));
        return std::nullopt;
      }
      ind.id = id_text;
    } else {
      ind.id = li != nullptr ? li->id : GeneratedIndicatorId(ind.name.zh);
    }

    // The rules a plan file is held to, placed on this row.
    plans::Plan one;
    one.start_year = 0;
    one.end_year = 0;
    one.indicators.push_back(ind);
    if (auto ok = plans::Validate(one); !ok) {
      Add(place_.At(ok.error(), r, std::nullopt));
      return std::nullopt;
    }
    return ind;
  }

  // 中期目标: "2023年：52", "2023 52%；2024年 ≥55%".
  void ReadMilestones(const std::string& cell, size_t r, size_t c, std::vector<Parsed>& out) {
    if (cell.empty()) return;
    // Every separator becomes "|" (built afresh: g++ 12 -O2 misreads an
    // in-place replace of a 3-byte separator as an overlapping memcpy).
    const std::string wide = NormalizeWidth(cell);
    std::string t;
    for (size_t i = 0; i < wide.size();) {
      size_t len = 0;
      for (std::string_view sep : {"；", "，", "、", ";", ",", "\n"}) {
        if (std::string_view(wide).substr(i).starts_with(sep)) len = sep.size();
      }
      if (len != 0) {
        t += '|';
        i += len;
      } else {
        t += wide[i++];
      }
    }
    size_t start = 0;
    while (start <= t.size()) {
      size_t end = t.find('|', start);
      if (end == std::string::npos) end = t.size();
      std::string part(Trim(std::string_view(t).substr(start, end - start)));
      start = end + 1;
      if (part.empty()) continue;
      const int y = part.size() >= 4 ? YearIn(part.substr(0, 4)) : 0;
      std::string rest = y ? part.substr(4) : std::string();
      if (rest.rfind("年", 0) == 0) rest = rest.substr(3);
      rest = std::string(Trim(rest));
      if (!rest.empty() && rest[0] == ':') rest = rest.substr(1);
      auto v = y ? ParsePlanCell(rest) : Result<PlanCellValue>(PlanCellValue{});
      if (!y || !v || !v->value) {
        Add(place_.At(Problem("plan.table_bad_cell",
                              fmt::format("中期目标“{}”应写成“年份：数值”，如“2023年：52”", part),
                              fmt::format("milestone \"{}\" must be \"year: value\", e.g. "
                                          "\"2023年：52\"",
                                          part)),
                      r, c, cell));
        return;
      }
      out.push_back(Parsed{c, y, *v});
    }
  }

  // 规划信息 (the template's first sheet) and the form.
  void ReadMeta(const xlsx::Workbook& book, const PlanMeta& form, plans::Plan& plan) {
    PlanMeta m;
    std::optional<size_t> row_of_period;
    const Sheet* info = book.Find(kInfoSheet);
    std::string info_name = info ? info->name : std::string();
    Place info_place{&file_, &info_name, &no_cols_};
    if (info != nullptr) {
      for (size_t r = 0; r < info->rows.size(); ++r) {
        // 项目 in column A, 内容 in column B (C is the explanation).
        const std::string key = Bare(CellText(info->At(r, 0)));
        const std::string value = CellText(info->At(r, 1));
        const size_t value_col = 1;
        if (key.empty() || value.empty()) continue;
        if (OneOf(key, {"规划编号", "编号"})) {
          m.id = value;
        } else if (OneOf(key, {"规划名称", "名称"})) {
          m.name = value;
        } else if (OneOf(key, {"印发机关", "发文机关", "印发单位"})) {
          m.issuer = value;
        } else if (OneOf(key, {"文号", "发文字号", "印发文号"})) {
          m.doc_number = value;
        } else if (OneOf(key, {"行政区划代码", "区域代码", "地区代码"})) {
          m.area = value;
        } else if (OneOf(key, {"出处", "来源", "文本出处"})) {
          m.source = value;
        } else if (OneOf(key, {"规划期起", "起始年份", "规划期开始"})) {
          m.start_year = YearCell(value);
          if (!m.start_year) Add(info_place.At(BadYear(value), r, value_col, value));
        } else if (OneOf(key, {"规划期止", "截止年份", "规划期结束"})) {
          m.end_year = YearCell(value);
          if (!m.end_year) Add(info_place.At(BadYear(value), r, value_col, value));
        } else if (OneOf(key, {"规划期", "规划期限"})) {
          row_of_period = r;
          const std::string v = NormalizeWidth(value);
          const int a = YearIn(v);
          const size_t at = v.find(std::to_string(a));
          const int b = a ? YearIn(v.substr(at + 4)) : 0;
          if (!a || !b) {
            Add(info_place.At(
                Problem("plan.table_meta", fmt::format("规划期“{}”应写成“2021—2025”", value),
                        fmt::format("period \"{}\" must be like 2021—2025", value)),
                r, value_col, value));
          } else {
            m.start_year = a;
            m.end_year = b;
          }
        }
      }
    }
    auto pick = [](const std::string& f, const std::string& s) {
      return std::string(Trim(f.empty() ? s : f));
    };
    plan.name = Text::Same(pick(form.name, m.name));
    plan.issuer = pick(form.issuer, m.issuer);
    plan.doc_number = pick(form.doc_number, m.doc_number);
    plan.area = pick(form.area, m.area);
    plan.source = pick(form.source, m.source);
    std::optional<int> start = form.start_year ? form.start_year : m.start_year;
    std::optional<int> end = form.end_year ? form.end_year : m.end_year;
    // No period given: it ends with the latest target year and starts the
    // year after the earliest baseline (or five years before its end).
    int latest = 0, earliest = 0;
    for (const plans::Indicator& ind : plan.indicators) {
      latest = std::max(latest, ind.target_year);
      if (ind.baseline_year) {
        earliest = earliest == 0 ? *ind.baseline_year : std::min(earliest, *ind.baseline_year);
      }
    }
    if (!end && latest) end = latest;
    if (!start && end) start = earliest ? earliest + 1 : *end - 4;
    plan.start_year = start.value_or(0);
    plan.end_year = end.value_or(0);
    plan.id = pick(form.id, m.id);
    if (plan.id.empty() && !plan.area.empty()) {
      plan.id = fmt::format("{}-{}-{}", plan.area, plan.start_year, plan.end_year);
    }
    auto meta_error = [&](std::string zh, std::string en) {
      Error e = Problem("plan.table_meta", std::move(zh), std::move(en));
      e.where.file = file_;
      if (info != nullptr) e.where.sheet = info->name;
      Add(std::move(e));
    };
    if (plan.name.zh.empty()) {
      meta_error("请填写规划名称（上传表单或“规划信息”工作表）",
                 "the plan's name is missing (upload form or the 规划信息 sheet)");
    }
    if (plan.area.empty()) {
      meta_error("请填写规划所属地区的行政区划代码（上传表单或“规划信息”工作表）",
                 "the area code is missing (upload form or the 规划信息 sheet)");
    }
    if (!plan.id.empty() && !ValidId(plan.id)) {
      meta_error(fmt::format("规划编号“{}”只能由字母、数字、下划线、点和连字符组成", plan.id),
                 fmt::format("plan id \"{}\" may only hold letters, digits, _ . -", plan.id));
    }
    if (plan.start_year == 0 || plan.end_year == 0) {
      // Without rows read there is no year to take it from: that is said.
      if (errors_.empty()) meta_error("请填写规划期（起止年份）", "the plan period is missing");
    } else if (plan.start_year > plan.end_year) {
      meta_error(
          fmt::format("规划期 {}—{} 无效：起始年份晚于截止年份", plan.start_year, plan.end_year),
          fmt::format("plan period {}–{} ends before it starts", plan.start_year, plan.end_year));
    }
    (void)row_of_period;
  }

  static Error BadYear(const std::string& v) {
    return Problem("plan.table_meta", fmt::format("“{}”不是年份（如 2021）", v),
                   fmt::format("\"{}\" is not a year (e.g. 2021)", v));
  }

  const std::string& file_;
  const IndicatorLibrary& lib_;
  std::string sheet_;
  Header header_;
  Place place_{nullptr, nullptr, nullptr};
  std::vector<Column> no_cols_;
  std::vector<Error> errors_;
};

}  // namespace

std::filesystem::path DefaultIndicatorLibraryPath() {
  if (const char* env = std::getenv("JIAODU_DATA_DIR"); env != nullptr && *env != '\0') {
    return std::filesystem::path(env) / "plans" / "indicator_library.toml";
  }
  return JIAODU_SOURCE_PLAN_LIBRARY;
}

std::string GeneratedIndicatorId(std::string_view name) {
  // FNV-1a, 32 bits: short, stable across platforms and releases.
  uint32_t h = 2166136261u;
  for (char c : NormalizeIndicatorName(name)) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return fmt::format("i_{:08x}", h);
}

Result<PlanTableImport> ReadPlanTable(std::string_view bytes, std::string_view file_name,
                                      const PlanMeta& form, const IndicatorLibrary& library) {
  xlsx::ReadLimits limits;
  limits.max_cells = kMaxCells;
  limits.max_uncompressed_bytes = kMaxBytes;
  xlsx::Workbook book = JIAODU_TRY(xlsx::ReadXlsx(bytes, file_name, limits));
  const std::string file(file_name);
  Reader reader(file, library);
  return reader.Read(book, form);
}

}  // namespace jiaodu::plan_table
