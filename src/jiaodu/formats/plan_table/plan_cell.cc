#include "jiaodu/formats/plan_table/plan_cell.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <utility>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"

namespace jiaodu::plan_table {
namespace {

using plans::Comparison;

struct Word {
  std::string_view text;
  Comparison cmp;
};

// Longest first where one word starts another (不低于 before 低于 is not
// needed: matching is at the start of the cell only).
constexpr std::array kPrefixes = {
    Word{"大于等于", Comparison::kAtLeast},
    Word{"小于等于", Comparison::kAtMost},
    Word{">=", Comparison::kAtLeast},
    Word{"≥", Comparison::kAtLeast},
    Word{"≧", Comparison::kAtLeast},
    Word{">", Comparison::kAtLeast},
    Word{"不低于", Comparison::kAtLeast},
    Word{"不少于", Comparison::kAtLeast},
    Word{"达到", Comparison::kAtLeast},
    Word{"超过", Comparison::kAtLeast},
    Word{"高于", Comparison::kAtLeast},
    Word{"<=", Comparison::kAtMost},
    Word{"≤", Comparison::kAtMost},
    Word{"≦", Comparison::kAtMost},
    Word{"<", Comparison::kAtMost},
    Word{"不高于", Comparison::kAtMost},
    Word{"不超过", Comparison::kAtMost},
    Word{"不多于", Comparison::kAtMost},
    Word{"低于", Comparison::kAtMost},
    Word{"控制在", Comparison::kAtMost},
    Word{"==", Comparison::kEqual},
    Word{"=", Comparison::kEqual},
    Word{"持续保持在", Comparison::kMaintain},
    Word{"持续保持", Comparison::kMaintain},
    Word{"保持在", Comparison::kMaintain},
    Word{"保持", Comparison::kMaintain},
    Word{"巩固在", Comparison::kMaintain},
    Word{"巩固", Comparison::kMaintain},
    Word{"稳定在", Comparison::kMaintain},
    Word{"维持在", Comparison::kMaintain},
    Word{"维持", Comparison::kMaintain},
};

constexpr std::array kSuffixes = {
    Word{"及以上", Comparison::kAtLeast}, Word{"以上", Comparison::kAtLeast},
    Word{"及以下", Comparison::kAtMost},  Word{"以下", Comparison::kAtMost},
    Word{"以内", Comparison::kAtMost},
};

constexpr std::array<std::string_view, 8> kEmpty = {"-", "—", "——", "--", "/", "无", "\\", "－"};
constexpr std::array<std::string_view, 5> kApprox = {"大约", "约", "接近", "近", "左右"};
constexpr std::array<std::string_view, 6> kRangeMarks = {"-", "~", "—", "至", "到", "–"};

tl::unexpected<Error> Bad(std::string_view cell, std::string_view why_zh, std::string_view why_en) {
  return Fail(ErrorCode::kInvalidInput, "plan.table_bad_cell",
              Text(fmt::format("“{}”不是数值{}", cell, why_zh),
                   fmt::format("\"{}\" is not a number{}", cell, why_en)));
}

bool Eat(std::string_view& s, std::string_view word) {
  if (s.substr(0, word.size()) != word) return false;
  s.remove_prefix(word.size());
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The leading number of `s` ("1,234.5"), or empty.
std::string_view LeadingNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const size_t digits_from = i;
  while (i < s.size() && (IsDigit(s[i]) || (s[i] == ',' && i > digits_from))) ++i;
  if (i == digits_from) return {};
  if (i < s.size() && s[i] == '.') {
    size_t k = i + 1;
    while (k < s.size() && IsDigit(s[k])) ++k;
    if (k > i + 1) i = k;
  }
  return s.substr(0, i);
}

}  // namespace

Result<PlanCellValue> ParsePlanCell(std::string_view text) {
  std::string folded;
  for (char c : NormalizeWidth(text)) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') folded.push_back(c);
  }
  // Ideographic spaces survive NFKC as U+0020 already; nothing else to fold.
  PlanCellValue out;
  if (folded.empty()) return out;
  for (std::string_view e : kEmpty) {
    if (folded == e) return out;
  }
  const std::string shown = Ellipsize(Trim(text), 40);
  std::string_view s = folded;
  for (std::string_view a : kApprox) {
    if (s.substr(0, a.size()) == a) {
      return Bad(shown, "：约数不能作为规划值，请写出确定的数值（如 ≥95%）",
                 ": an approximation cannot be a plan value; write a definite one (e.g. ≥95%)");
    }
  }
  for (const Word& w : kPrefixes) {
    if (Eat(s, w.text)) {
      out.comparison = w.cmp;
      break;
    }
  }
  // 保持≥95%, 巩固在95%以上: a sign after the 保持 word says nothing more.
  if (out.comparison == Comparison::kMaintain) {
    for (const Word& w : kPrefixes) {
      if (w.cmp != Comparison::kMaintain && Eat(s, w.text)) break;
    }
  }
  const std::string_view num = LeadingNumber(s);
  if (num.empty()) {
    // 保持高水平, 巩固提高: a level to keep, no figure (the baseline's).
    if (out.comparison == Comparison::kMaintain) return out;
    return Bad(shown, "", "");
  }
  auto v = ParseNumber(num);
  if (!v) return Bad(shown, "", "");
  out.value = *v;
  if (size_t dot = num.find('.'); dot != std::string_view::npos) {
    out.decimals = static_cast<int>(num.size() - dot - 1);
  }
  s.remove_prefix(num.size());
  // The unit runs up to a suffix word or the end.
  std::optional<Comparison> suffix;
  size_t unit_end = s.size();
  for (size_t i = 0; i < s.size(); ++i) {
    for (const Word& w : kSuffixes) {
      if (s.substr(i, w.text.size()) == w.text && i + w.text.size() == s.size()) {
        suffix = w.cmp;
        unit_end = i;
        break;
      }
    }
    if (suffix) break;
  }
  const std::string_view unit = s.substr(0, unit_end);
  for (std::string_view r : kRangeMarks) {
    if (unit.find(r) != std::string_view::npos) {
      return Bad(shown, "：是一个区间，请写出一个目标值（如 ≥95%）",
                 ": it is a range; write one target (e.g. ≥95%)");
    }
  }
  if (unit.find("左右") != std::string_view::npos) {
    return Bad(shown, "：约数不能作为规划值，请写出确定的数值（如 ≥95%）",
               ": an approximation cannot be a plan value; write a definite one (e.g. ≥95%)");
  }
  for (char c : unit) {
    if (IsDigit(c)) return Bad(shown, "：含有多个数", ": it holds more than one number");
  }
  for (char c : unit) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && c != '%' && !std::isalpha(u)) return Bad(shown, "", "");
  }
  for (const Word& w : kSuffixes) {
    if (unit.find(w.text) != std::string_view::npos) return Bad(shown, "", "");
  }
  if (Utf8Length(unit) > 6) return Bad(shown, "", "");
  out.unit = std::string(unit);
  if (suffix) {
    if (out.comparison && out.comparison != Comparison::kMaintain && out.comparison != suffix) {
      return Bad(shown, "：前后的比较方式相反", ": its comparison words contradict each other");
    }
    if (!out.comparison) out.comparison = suffix;
  }
  return out;
}

Result<plans::Comparison> ParseComparisonWord(std::string_view text) {
  const std::string t = NormalizeWidth(text);
  for (const Word& w : kPrefixes) {
    if (t == w.text) return w.cmp;
  }
  for (const Word& w : kSuffixes) {
    if (t == w.text) return w.cmp;
  }
  return plans::ParseComparison(t);
}

}  // namespace jiaodu::plan_table
