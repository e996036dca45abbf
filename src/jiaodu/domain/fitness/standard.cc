#include "jiaodu/domain/fitness/standard.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "jiaodu/core/text.h"

namespace jiaodu::fitness {
namespace {

Error SpecError(std::string id, std::string zh, std::string en) {
  return Error{ErrorCode::kInvalidInput,
               "fitness_standard." + std::move(id),
               Text(std::move(zh), std::move(en)),
               {},
               {}};
}

int ColumnIndex(const std::vector<std::string>& columns, std::string_view name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// A score table must be strictly ordered from the top score down: a higher
// score never asks for less. A mistyped cell usually breaks this.
Status CheckTable(const TableSpec& t, const Item& item) {
  if (t.rows.empty()) {
    return Fail(SpecError("table_empty", fmt::format("{}：评分表没有行", t.source),
                          fmt::format("{}: the table has no rows", t.source)));
  }
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& [score, cells] = t.rows[r];
    if (cells.size() != t.columns.size()) {
      return Fail(SpecError("row_width",
                            fmt::format("{}：{} 分一行有 {} 个值，表头有 {} 列", t.source, score,
                                        cells.size(), t.columns.size()),
                            fmt::format("{}: the {}-point row has {} cells for {} columns",
                                        t.source, score, cells.size(), t.columns.size())));
    }
    if (r > 0 && t.rows[r - 1].first <= score) {
      return Fail(SpecError("score_order",
                            fmt::format("{}：分数行须从高到低排列（{}）", t.source, score),
                            fmt::format("{}: score rows must descend ({})", t.source, score)));
    }
    if (r == 0) continue;
    for (size_t c = 0; c < cells.size(); ++c) {
      int32_t above = kMissing;
      for (size_t up = r; up-- > 0 && above == kMissing;) above = t.rows[up].second[c];
      int32_t here = cells[c];
      if (above == kMissing || here == kMissing) continue;
      bool ordered = item.better == Better::kHigher ? above > here : above < here;
      if (!ordered) {
        return Fail(SpecError(
            "not_monotone",
            fmt::format("{}：{} 列 {} 分的值与上一行顺序不符（可能抄录有误）", t.source,
                        t.columns[c], score),
            fmt::format("{}: column {} row {} is out of order with the row above (likely a "
                        "transcription error)",
                        t.source, t.columns[c], score)));
      }
    }
  }
  return Ok();
}

}  // namespace

std::string_view SexName(Sex s, bool english) {
  if (english) return s == Sex::kMale ? "male" : "female";
  return s == Sex::kMale ? "男" : "女";
}

Result<FitnessStandard> FitnessStandard::Build(FitnessStandardSpec spec) {
  FitnessStandard out;
  if (spec.levels.empty()) {
    return Fail(SpecError("no_levels", "没有等级划分", "no level bands"));
  }
  for (size_t i = 1; i < spec.levels.size(); ++i) {
    if (spec.levels[i].min_hundredths >= spec.levels[i - 1].min_hundredths) {
      return Fail(SpecError("level_order", "等级须从高到低排列", "levels must descend"));
    }
  }
  std::set<std::string> item_ids;
  for (const auto& item : spec.items) {
    if (!item_ids.insert(item.id).second) {
      return Fail(SpecError("duplicate_item", fmt::format("项目 {} 重复", item.id),
                            fmt::format("item {} is listed twice", item.id)));
    }
  }
  for (size_t g = 0; g < spec.grades.size(); ++g) {
    if (!out.grade_index_.emplace(spec.grades[g].code, static_cast<int>(g)).second) {
      return Fail(SpecError("duplicate_grade", fmt::format("年级编号 {} 重复", spec.grades[g].code),
                            fmt::format("grade code {} is listed twice", spec.grades[g].code)));
    }
  }
  auto item_index = [&](std::string_view id) { return FindItem(spec.items, id); };
  for (const auto& t : spec.tables) {
    int ii = item_index(t.item);
    if (ii < 0 || spec.items[static_cast<size_t>(ii)].kind != ItemKind::kTable) {
      return Fail(SpecError("unknown_item", fmt::format("{}：未知的评分项目 {}", t.source, t.item),
                            fmt::format("{}: unknown scored item {}", t.source, t.item)));
    }
    JIAODU_TRY_STATUS(CheckTable(t, spec.items[static_cast<size_t>(ii)]));
  }
  for (const auto& b : spec.bmi_tables) {
    for (const auto& band : b.bands) {
      if (band.ranges.size() != b.columns.size()) {
        return Fail(SpecError(
            "row_width", fmt::format("{}：{} 一行的列数与表头不符", b.source, band.name.zh),
            fmt::format("{}: band {} has the wrong number of cells", b.source, band.name.en)));
      }
    }
    // The bands of a column must tile the BMI line with no gap or overlap
    // at the printed precision (0.1): sort by lower bound and check joins.
    for (size_t c = 0; c < b.columns.size(); ++c) {
      std::vector<std::pair<int32_t, int32_t>> ranges;
      for (const auto& band : b.bands) ranges.push_back(band.ranges[c]);
      std::sort(ranges.begin(), ranges.end(), [](const auto& x, const auto& y) {
        if (x.first == kMissing) return y.first != kMissing;
        if (y.first == kMissing) return false;
        return x.first < y.first;
      });
      bool ok =
          !ranges.empty() && ranges.front().first == kMissing && ranges.back().second == kMissing;
      for (size_t i = 1; ok && i < ranges.size(); ++i) {
        ok = ranges[i - 1].second != kMissing && ranges[i].first == ranges[i - 1].second + 1;
      }
      if (!ok) {
        return Fail(SpecError("bmi_gap",
                              fmt::format("{}：{} 列的区间有空档或重叠", b.source, b.columns[c]),
                              fmt::format("{}: the bands of column {} leave a gap or overlap",
                                          b.source, b.columns[c])));
      }
    }
  }

  const auto find_table = [&](std::string_view item, Sex sex) -> const TableSpec* {
    for (const auto& t : spec.tables) {
      if (t.item == item && t.sex == sex) return &t;
    }
    return nullptr;
  };
  const auto find_bonus = [&](std::string_view item, Sex sex) -> const BonusSpec* {
    for (const auto& t : spec.bonus_tables) {
      if (t.item == item && t.sex == sex) return &t;
    }
    return nullptr;
  };
  const auto find_bmi = [&](Sex sex) -> const BmiSpec* {
    for (const auto& t : spec.bmi_tables) {
      if (t.sex == sex) return &t;
    }
    return nullptr;
  };

  for (const auto& grade : spec.grades) {
    const WeightSpec* ws = nullptr;
    for (const auto& w : spec.weights) {
      if (w.group == grade.group) ws = &w;
    }
    if (ws == nullptr) {
      return Fail(SpecError(
          "no_weights", fmt::format("年级 {} 的权重组“{}”没有权重", grade.name.zh, grade.group),
          fmt::format("grade {}: weight group \"{}\" has no weights", grade.name.en, grade.group)));
    }
    for (Sex sex : {Sex::kMale, Sex::kFemale}) {
      TestPlan plan;
      plan.sex = sex;
      int total = 0;
      for (const auto& [item_id, weight] : ws->weights[static_cast<size_t>(SexIndex(sex))]) {
        int ii = item_index(item_id);
        if (ii < 0) {
          return Fail(
              SpecError("unknown_item", fmt::format("权重组“{}”：未知项目 {}", ws->group, item_id),
                        fmt::format("weight group \"{}\": unknown item {}", ws->group, item_id)));
        }
        const Item& item = spec.items[static_cast<size_t>(ii)];
        PlanItem pi;
        pi.item = ii;
        pi.weight = weight;
        total += weight;
        auto where = fmt::format("{}（{}，{}）", item.name.zh, grade.name.zh, SexName(sex));
        auto where_en = fmt::format("{} ({}, {})", item.id, grade.code, SexName(sex, true));
        if (item.kind == ItemKind::kBmi) {
          const BmiSpec* b = find_bmi(sex);
          int c = b ? ColumnIndex(b->columns, grade.bmi_column) : -1;
          if (c < 0) {
            return Fail(SpecError("no_table", fmt::format("{}：没有体重指数评分表列", where),
                                  fmt::format("{}: no BMI table column", where_en)));
          }
          for (const auto& band : b->bands) {
            pi.bmi_bands.push_back({band.name, band.score,
                                    band.ranges[static_cast<size_t>(c)].first,
                                    band.ranges[static_cast<size_t>(c)].second});
          }
        } else {
          const TableSpec* t = find_table(item.id, sex);
          int c = t ? ColumnIndex(t->columns, grade.column) : -1;
          if (c < 0) {
            return Fail(SpecError("no_table", fmt::format("{}：没有对应的评分表列", where),
                                  fmt::format("{}: no score table column", where_en)));
          }
          for (const auto& [score, cells] : t->rows) {
            // A blank cell is a score the table does not award (the
            // pull-up tables skip 78, 74, …): the row is simply absent.
            if (cells[static_cast<size_t>(c)] == kMissing) continue;
            pi.rows.push_back({score, cells[static_cast<size_t>(c)]});
          }
          if (const BonusSpec* bs = find_bonus(item.id, sex)) {
            int bc = ColumnIndex(bs->columns, grade.column);
            if (bc >= 0) {
              for (const auto& [points, deltas] : bs->rows) {
                if (deltas.size() != bs->columns.size() ||
                    deltas[static_cast<size_t>(bc)] == kMissing)
                  continue;
                pi.bonus.push_back({points, deltas[static_cast<size_t>(bc)]});
              }
              std::sort(pi.bonus.begin(), pi.bonus.end(),
                        [](const BonusRow& a, const BonusRow& b2) { return a.points > b2.points; });
            }
          }
        }
        plan.items.push_back(std::move(pi));
      }
      // Official order (the order of [[items]]), whatever order the weight
      // table lists them in.
      std::sort(plan.items.begin(), plan.items.end(),
                [](const PlanItem& a, const PlanItem& b) { return a.item < b.item; });
      if (total != 100 || plan.items.empty() ||
          plan.items.size() > static_cast<size_t>(kMaxPlanItems)) {
        return Fail(SpecError("weights_sum",
                              fmt::format("权重组“{}”（{}）的权重合计为 {}%，应为 100%", ws->group,
                                          SexName(sex), total),
                              fmt::format("weight group \"{}\" ({}) sums to {}%, not 100%",
                                          ws->group, SexName(sex, true), total)));
      }
      out.plans_.push_back(std::move(plan));
    }
  }
  out.spec_ = std::move(spec);
  // Grade pointers are set after the move so they point into our own spec.
  for (size_t g = 0; g < out.spec_.grades.size(); ++g) {
    out.plans_[2 * g].grade = &out.spec_.grades[g];
    out.plans_[2 * g + 1].grade = &out.spec_.grades[g];
  }
  return out;
}

int FindItem(const std::vector<Item>& items, std::string_view id) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

int FitnessStandard::ItemIndex(std::string_view id) const { return FindItem(spec_.items, id); }

const Grade* FitnessStandard::FindGrade(int code) const {
  auto it = grade_index_.find(code);
  return it == grade_index_.end() ? nullptr : &spec_.grades[static_cast<size_t>(it->second)];
}

const TestPlan* FitnessStandard::Plan(int grade_code, Sex sex) const {
  auto it = grade_index_.find(grade_code);
  if (it == grade_index_.end()) return nullptr;
  return &plans_[2 * static_cast<size_t>(it->second) + static_cast<size_t>(SexIndex(sex))];
}

int FitnessStandard::LevelOf(int32_t hundredths) const {
  for (size_t i = 0; i < spec_.levels.size(); ++i) {
    if (hundredths >= spec_.levels[i].min_hundredths) return static_cast<int>(i);
  }
  return static_cast<int>(spec_.levels.size()) - 1;
}

// ---------------------------------------------------------------- values --

namespace {

Error ValueError(std::string_view text, std::string zh_reason, std::string en_reason) {
  return Error{ErrorCode::kInvalidInput,
               "fitness.value_invalid",
               Text(fmt::format("“{}”{}", Ellipsize(text, 24), zh_reason),
                    fmt::format("\"{}\" {}", Ellipsize(text, 24), en_reason)),
               {},
               {}};
}

// Parses an ASCII decimal "[-]digits[.digits]" into value × 10^decimals,
// rounding the extra fraction digits on the decimal text itself.
bool ParseDecimalTicks(std::string_view s, int decimals, Rounding rounding, int64_t* out) {
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  int64_t v = 0;
  size_t i = 0;
  int int_digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (++int_digits > 9) return false;
    v = v * 10 + (s[i] - '0');
  }
  int frac_digits = 0;
  bool round_up = false;
  bool any_rest = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (frac_digits < decimals) {
        v = v * 10 + (s[i] - '0');
        ++frac_digits;
      } else {
        if (!any_rest && rounding == Rounding::kHalfUp) round_up = s[i] >= '5';
        if (s[i] != '0') any_rest = true;
      }
    }
  }
  if (i != s.size() || (int_digits == 0 && frac_digits == 0 && !any_rest)) return false;
  for (; frac_digits < decimals; ++frac_digits) v *= 10;
  if (rounding == Rounding::kExact && any_rest) return false;
  if (rounding == Rounding::kUp && any_rest) ++v;
  if (rounding == Rounding::kHalfUp && round_up) ++v;
  *out = negative ? -v : v;
  return true;
}

bool IsAsciiDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Result<int32_t> ParseTenths(std::string_view text, Rounding rounding) {
  return ParseFixed(text, 1, rounding);
}

Result<int32_t> ParseFixed(std::string_view text, int decimals, Rounding rounding) {
  std::string_view s = Trim(text);
  int64_t v = 0;
  if (!ParseDecimalTicks(s, decimals, rounding, &v)) {
    std::string norm = NormalizeWidth(s);
    if (!ParseDecimalTicks(norm, decimals, rounding, &v)) {
      return Fail(ValueError(text, "不是有效的数值", "is not a valid number"));
    }
  }
  return static_cast<int32_t>(v);
}

Result<int32_t> ParseItemValue(const Item& item, std::string_view text) {
  std::string_view s = Trim(text);
  std::string norm;
  bool ascii =
      std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) {
    // Minute/second marks as typed with Chinese input methods, replaced
    // before NFKC (which would turn ″ into two primes).
    // (Copied mark by mark: GCC 12's -Wrestrict misfires on
    // std::string::replace at -O2.)
    static constexpr std::pair<std::string_view, char> kMarks[] = {
        {"″", '"'},  {"”", '"'},  {"“", '"'},  {"秒", '"'},
        {"′", '\''}, {"’", '\''}, {"‘", '\''}, {"分", '\''}};
    std::string marked;
    for (size_t i = 0; i < s.size();) {
      bool hit = false;
      for (const auto& [from, to] : kMarks) {
        if (s.substr(i).starts_with(from)) {
          marked.push_back(to);
          i += from.size();
          hit = true;
          break;
        }
      }
      if (!hit) marked.push_back(s[i++]);
    }
    norm = NormalizeWidth(marked);
    s = norm;
  }
  int64_t v = 0;
  if (item.format != ValueFormat::kMinSec) {
    if (!ParseDecimalTicks(s, item.decimals(), item.rounding, &v)) {
      return Fail(ValueError(text, "不是有效的数值", "is not a valid number"));
    }
    return static_cast<int32_t>(v);
  }
  // Minutes and seconds: m'ss, m'ss", m:ss, m.ss (分.秒, exactly two second
  // digits), or whole seconds.
  if (!s.empty() && s.back() == '"') s.remove_suffix(1);
  size_t sep = s.find_first_of("':");
  bool dotted = false;
  if (sep == std::string_view::npos) {
    size_t dot = s.find('.');
    // 分.秒 with one or two second digits: "3.55" = 3'55", and "3.5" =
    // 3'50" because Excel drops the trailing zero of a typed 3.50 (F6).
    const size_t frac = dot == std::string_view::npos ? 0 : s.size() - dot - 1;
    if (dot != std::string_view::npos && (frac == 1 || frac == 2) &&
        IsAsciiDigits(s.substr(0, dot)) && IsAsciiDigits(s.substr(dot + 1))) {
      sep = dot;
      dotted = true;
    }
  }
  if (sep == std::string_view::npos) {
    // Whole seconds only: "3.5" could be 3.5 minutes or 分.秒 with a digit
    // missing, so a decimal without a minute mark is refused, not guessed.
    if (s.find('.') != std::string_view::npos || !ParseDecimalTicks(s, 0, item.rounding, &v) ||
        v < 0) {
      return Fail(ValueError(text, "不是有效的时间（应为 分'秒，如 3'55）",
                             "is not a valid time (expected m'ss, e.g. 3'55)"));
    }
    return static_cast<int32_t>(v);
  }
  std::string_view min = s.substr(0, sep);
  std::string_view sec = s.substr(sep + 1);
  int64_t secs = 0;
  if (!IsAsciiDigits(min) || min.size() > 2 || !ParseDecimalTicks(sec, 0, item.rounding, &secs) ||
      secs < 0 || sec.empty() || sec.front() == '-' || sec.front() == '+') {
    return Fail(ValueError(text, "不是有效的时间（应为 分'秒，如 3'55）",
                           "is not a valid time (expected m'ss, e.g. 3'55)"));
  }
  if (dotted && sec.size() == 1) secs *= 10;
  // Seconds at 60 or beyond are a typo (or 分.秒 misread as decimal minutes).
  if (secs >= 60 && !(secs == 60 && sec.find('.') != std::string_view::npos)) {
    return Fail(ValueError(
        text, dotted ? "的秒数不小于 60（“分.秒”格式的秒应为两位且小于 60）" : "的秒数不小于 60",
        "has 60 or more seconds"));
  }
  int64_t m = 0;
  for (char c : min) m = m * 10 + (c - '0');
  return static_cast<int32_t>(m * 60 + secs);
}

std::string FormatFixed(int64_t ticks, int decimals) {
  if (decimals <= 0) return std::to_string(ticks);
  int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const bool neg = ticks < 0;
  const int64_t a = neg ? -ticks : ticks;
  return fmt::format("{}{}.{:0{}}", neg ? "-" : "", a / scale, a % scale, decimals);
}

std::string FormatItemValue(const Item& item, int32_t ticks) {
  if (ticks == kMissing) return {};
  switch (item.format) {
    case ValueFormat::kInteger:
      return std::to_string(ticks);
    case ValueFormat::kDecimal1:
      return FormatFixed(ticks, 1);
    case ValueFormat::kMinSec:
      return fmt::format("{}'{:02}\"", ticks / 60, ticks % 60);
  }
  return {};
}

}  // namespace jiaodu::fitness
