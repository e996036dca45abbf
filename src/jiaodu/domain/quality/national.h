// File: jiaodu/domain/quality/national.h
//
// 国家义务教育质量监测 results as the bureau receives them. The monitoring
// centre samples a few hundred counties a year and sends each a report: per
// subject (and grade, 四年级 / 八年级), the county's achievement level
// 水平Ⅰ–Ⅳ and its 校际差异率. Neither can be recomputed locally (the cut
// scores are not published and the rate's definition is not citable,
// docs/standards-notes.md §4), so they are kept exactly as reported, with
// the report they come from; a county not sampled in a year is a normal,
// recorded state, not missing data.
//
// These figures feed the 优质均衡 教育质量 item (教督〔2017〕6号, item 9:
// "相关科目学生学业水平达到Ⅲ级以上，且校际差异率低于0.15"): CheckNational
// gives the county's lowest level and largest rate (the fields qm_min_level
// and qm_max_diff_rate of the standard) and the verdict, with thresholds
// from data/quality/ — never from code.
#ifndef JIAODU_DOMAIN_QUALITY_NATIONAL_H_
#define JIAODU_DOMAIN_QUALITY_NATIONAL_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::quality {

// 水平Ⅰ–Ⅳ as 1–4. Accepts "Ⅲ", "III", "3", "三", with "水平" before or "级"
// after ("水平Ⅲ", "Ⅲ级"), full-width or not. Error quality.level_invalid.
Result<int> ParseLevel(std::string_view text);
// "水平Ⅲ".
std::string LevelName(int level);

// A rate as reported, as a ratio in [0, 1]. "12.5%" is always a percentage;
// a bare number is a percentage when `percent` is set (a column headed
// "校际差异率（%）"), a ratio otherwise. The scale is applied to the decimal
// text, so "15" % is exactly 0.15. Errors: quality.rate_invalid (not a
// number), quality.rate_out_of_range (outside [0, 1] as a ratio; the
// message suggests the percent flag when the value would fit as one).
Result<double> ParseRate(std::string_view text, bool percent);

enum class Sampling { kReported, kNotSampled };

struct NationalResult {
  std::string county;  // 区划代码
  int year = 0;        // monitoring year
  Sampling sampling = Sampling::kReported;
  // kReported only:
  std::string subject;              // "数学"
  std::string grade;                // "四年级", "八年级" (as the report says)
  std::optional<int> level;         // 1–4
  std::optional<double> diff_rate;  // ratio in [0, 1]
  std::string diff_rate_text;       // exactly as the report prints it ("0.12", "12%")
  std::string report;               // the report's reference (title, number, page)
};

// Checks one record: county and year given; a reported record names a
// subject and has a level in 1–4 or a rate in [0, 1] (a report may lack
// one; CheckNational then leaves the item 待定); a not-sampled record has
// neither. Error quality.national_invalid.
Status Validate(const NationalResult& r);

// The thresholds of the national check, from data (data/quality/).
struct NationalThresholds {
  std::string id;
  int min_level = 0;  // the level every relevant subject must reach ("Ⅲ级以上": 3, included)
  double max_diff_rate = 0;  // the rate every relevant subject must stay under
  bool rate_strict = true;   // "低于": rate < max; false: rate ≤ max
  int window_years = 0;  // results of the last `window_years` years count (one monitoring cycle)
  std::vector<std::string> subjects;  // the relevant subjects; empty = every monitored subject
  std::string source;                 // the text the thresholds come from
};

enum class Verdict { kMet, kNotMet, kPending };

struct NationalLine {
  std::string subject;
  std::string grade;
  int year = 0;
  std::optional<int> level;
  std::optional<double> diff_rate;
  std::string diff_rate_text;
  std::string report;
  std::optional<bool> level_ok;  // absent when the report gave no level
  std::optional<bool> rate_ok;
};

struct NationalCheck {
  std::string county;
  int year = 0;  // the evaluation year; results from year − window + 1 … year count
  Verdict verdict = Verdict::kPending;
  // The figures the standard checks: qm_min_level and qm_max_diff_rate.
  std::optional<int> min_level;
  std::optional<double> max_diff_rate;
  std::vector<NationalLine> lines;  // the results that counted, one per subject and grade
  std::vector<int> not_sampled_years;
  std::vector<Text> reasons;  // why met / not met / 待定, one line each
};

// The county's verdict for evaluation year `year` (decision Q1): for each
// relevant subject and grade the most recent reported result in the window
// counts; the county meets the item when every counted level ≥ min_level
// and every counted rate is under the limit. Nothing reported in the window
// (not sampled, or not yet entered) → 待定 with the reason; a counted result
// lacking its level or rate → 待定 unless another line already fails.
NationalCheck CheckNational(std::span<const NationalResult> results, std::string_view county,
                            int year, const NationalThresholds& thresholds);

}  // namespace jiaodu::quality

#endif  // JIAODU_DOMAIN_QUALITY_NATIONAL_H_
