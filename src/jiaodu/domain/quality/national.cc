#include "jiaodu/domain/quality/national.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"

namespace jiaodu::quality {
namespace {

Error Invalid(std::string id, std::string zh, std::string en, std::string_view value = {}) {
  Error e{ErrorCode::kInvalidInput, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
  e.where.value = Ellipsize(value, 64);
  return e;
}

bool StripPrefix(std::string& s, std::string_view p) {
  if (!s.starts_with(p)) return false;
  s.erase(0, p.size());
  return true;
}
bool StripSuffix(std::string& s, std::string_view p) {
  if (!s.ends_with(p)) return false;
  s.erase(s.size() - p.size());
  return true;
}

}  // namespace

Result<int> ParseLevel(std::string_view text) {
  // NFKC folds the Roman-numeral characters to letters (Ⅲ → III) and the
  // full-width forms to ASCII.
  std::string s = NormalizeWidth(text);
  // A bracketed gloss ("Ⅲ（良好）") is dropped.
  if (size_t p = s.find('('); p != std::string::npos) s.erase(p);
  s = std::string(Trim(s));
  StripPrefix(s, "水平");
  StripPrefix(s, "等级");
  if (!StripSuffix(s, "等级")) StripSuffix(s, "级");
  s = std::string(Trim(s));
  static const std::pair<std::string_view, int> kNames[] = {
      {"I", 1}, {"II", 2}, {"III", 3}, {"IV", 4}, {"i", 1},  {"ii", 2}, {"iii", 3}, {"iv", 4},
      {"1", 1}, {"2", 2},  {"3", 3},   {"4", 4},  {"一", 1}, {"二", 2}, {"三", 3},  {"四", 4}};
  for (const auto& [name, level] : kNames) {
    if (s == name) return level;
  }
  return Fail(Invalid(
      "quality.level_invalid",
      fmt::format("学业水平“{}”无法识别（应为 水平Ⅰ–Ⅳ，如 Ⅲ、III、3）", Ellipsize(text, 32)),
      fmt::format("achievement level \"{}\" is not 水平Ⅰ–Ⅳ (Ⅲ, III or 3)", Ellipsize(text, 32)),
      text));
}

std::string LevelName(int level) {
  static const char* const kRoman[] = {"Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"};
  if (level < 1 || level > 4) return fmt::format("水平{}", level);
  return fmt::format("水平{}", kRoman[level - 1]);
}

Result<double> ParseRate(std::string_view text, bool percent) {
  std::string s = NormalizeWidth(text);
  const bool has_sign = StripSuffix(s, "%");
  if (has_sign) s = std::string(Trim(s));
  const bool as_percent = percent || has_sign;
  auto v = ParseNumber(s, as_percent ? -2 : 0);
  if (!v) {
    return Fail(
        Invalid("quality.rate_invalid", fmt::format("校际差异率“{}”不是数字", Ellipsize(text, 32)),
                fmt::format("校际差异率 \"{}\" is not a number", Ellipsize(text, 32)), text));
  }
  if (*v < 0 || *v > 1) {
    const bool fits_as_percent = !as_percent && *v <= 100;
    return Fail(Invalid(
        "quality.rate_out_of_range",
        fmt::format("校际差异率“{}”应在 0–1 之间{}", Ellipsize(text, 32),
                    fits_as_percent ? "（如果是百分数，请写成 12.5% 或在列名中注明 %）" : ""),
        fmt::format("校际差异率 \"{}\" must be within 0–1{}", Ellipsize(text, 32),
                    fits_as_percent ? " (for a percentage write 12.5% or mark the column %)" : ""),
        text));
  }
  return *v;
}

Status Validate(const NationalResult& r) {
  auto bad = [&](std::string zh, std::string en) {
    return Fail(Invalid(
        "quality.national_invalid",
        fmt::format("国家质量监测结果（{} {} 年 {}）：{}", r.county, r.year, r.subject, zh),
        fmt::format("national monitoring result ({} {} {}): {}", r.county, r.year, r.subject, en)));
  };
  if (r.county.empty()) return bad("缺少县区代码", "no county code");
  if (r.year < 2000 || r.year > 2100) return bad("监测年份无效", "the monitoring year is invalid");
  if (r.sampling == Sampling::kNotSampled) {
    if (r.level || r.diff_rate) {
      return bad("标为“本年未抽中”的记录不应有学业水平或校际差异率",
                 "a not-sampled record cannot carry a level or a rate");
    }
    return Ok();
  }
  if (r.subject.empty()) return bad("缺少科目", "no subject");
  if (r.level && (*r.level < 1 || *r.level > 4)) {
    return bad("学业水平应为 1–4（水平Ⅰ–Ⅳ）", "the level must be 1–4 (水平Ⅰ–Ⅳ)");
  }
  if (r.diff_rate && (*r.diff_rate < 0 || *r.diff_rate > 1)) {
    return bad("校际差异率应在 0–1 之间", "the rate must be within 0–1");
  }
  if (!r.level && !r.diff_rate) {
    return bad("既无学业水平也无校际差异率（未抽中请标为未抽中）",
               "neither a level nor a rate (mark a county that was not sampled as such)");
  }
  return Ok();
}

NationalCheck CheckNational(std::span<const NationalResult> results, std::string_view county,
                            int year, const NationalThresholds& t) {
  NationalCheck out;
  out.county = std::string(county);
  out.year = year;
  const int first_year = year - std::max(t.window_years, 1) + 1;
  auto relevant = [&](const std::string& subject) {
    return t.subjects.empty() ||
           std::find(t.subjects.begin(), t.subjects.end(), subject) != t.subjects.end();
  };
  // The most recent result per (subject, grade) in the window.
  std::map<std::pair<std::string, std::string>, const NationalResult*> latest;
  for (const NationalResult& r : results) {
    if (r.county != county || r.year < first_year || r.year > year) continue;
    if (r.sampling == Sampling::kNotSampled) {
      out.not_sampled_years.push_back(r.year);
      continue;
    }
    if (!relevant(r.subject)) continue;
    const NationalResult*& slot = latest[{r.subject, r.grade}];
    if (slot == nullptr || r.year > slot->year) slot = &r;
  }
  std::sort(out.not_sampled_years.begin(), out.not_sampled_years.end());
  out.not_sampled_years.erase(
      std::unique(out.not_sampled_years.begin(), out.not_sampled_years.end()),
      out.not_sampled_years.end());

  const std::string level_limit = LevelName(t.min_level);
  const std::string rate_limit = fmt::format("{}{}", t.rate_strict ? "<" : "≤", t.max_diff_rate);
  bool failed = false, pending = false;
  for (const auto& [key, r] : latest) {
    NationalLine line{r->subject,        r->grade,  r->year,      r->level,    r->diff_rate,
                      r->diff_rate_text, r->report, std::nullopt, std::nullopt};
    const std::string what = fmt::format("{} 年{}{}", r->year, r->grade, r->subject);
    if (r->level) {
      line.level_ok = *r->level >= t.min_level;
      out.min_level = std::min(out.min_level.value_or(*r->level), *r->level);
      if (!*line.level_ok) {
        failed = true;
        out.reasons.emplace_back(
            fmt::format("{}学业水平为{}，未达到{}", what, LevelName(*r->level), level_limit),
            fmt::format("{}: level {} is below {}", what, *r->level, t.min_level));
      }
    } else {
      pending = true;
      out.reasons.emplace_back(fmt::format("{}缺少学业水平等级", what),
                               fmt::format("{}: no level reported", what));
    }
    if (r->diff_rate) {
      line.rate_ok = t.rate_strict ? Less(*r->diff_rate, t.max_diff_rate)
                                   : LessOrEqual(*r->diff_rate, t.max_diff_rate);
      out.max_diff_rate = std::max(out.max_diff_rate.value_or(*r->diff_rate), *r->diff_rate);
      if (!*line.rate_ok) {
        failed = true;
        out.reasons.emplace_back(fmt::format("{}校际差异率为 {}，未满足 {}", what,
                                             FormatFixed(*r->diff_rate, 3), rate_limit),
                                 fmt::format("{}: 校际差异率 {} does not satisfy {}", what,
                                             FormatFixed(*r->diff_rate, 3), rate_limit));
      }
    } else {
      pending = true;
      out.reasons.emplace_back(fmt::format("{}缺少校际差异率", what),
                               fmt::format("{}: no 校际差异率 reported", what));
    }
    out.lines.push_back(std::move(line));
  }
  if (out.lines.empty()) {
    out.verdict = Verdict::kPending;
    out.reasons.emplace_back(
        out.not_sampled_years.empty()
            ? fmt::format("{}–{} 年没有录入本县的国家质量监测结果", first_year, year)
            : fmt::format("{}–{} 年本县未被国家质量监测抽中，或结果尚未录入", first_year, year),
        fmt::format("no national monitoring result for {}–{}{}", first_year, year,
                    out.not_sampled_years.empty() ? "" : " (not sampled)"));
    return out;
  }
  if (failed) {
    out.verdict = Verdict::kNotMet;
  } else if (pending) {
    out.verdict = Verdict::kPending;
  } else {
    out.verdict = Verdict::kMet;
    out.reasons.emplace_back(fmt::format("{} 个科目（年级）的学业水平均达到{}，校际差异率均 {}",
                                         out.lines.size(), level_limit, rate_limit),
                             fmt::format("all {} subjects reach level {} with 校际差异率 {}",
                                         out.lines.size(), t.min_level, rate_limit));
  }
  return out;
}

}  // namespace jiaodu::quality
