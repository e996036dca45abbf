// File: jiaodu/formats/json/quality_json.h
//
// The JSON shapes of the 教学质量抽测 API (docs/api.md § 质量监测): a stored
// test, a place's 通报 (per subject and grade: the distribution, rates and
// levels, every school's mean with its interval and value-added effect, the
// variance components with the ICC as the LOCAL ESTIMATE of the 校际差异率
// beside the national figure when there is one, the CV of school means, the
// 城乡 gaps), one school against its county, and one point of a trend.
//
// Rates and shares are unrounded ratios in [0, 1] (as the domain computes
// them), null when undefined; intervals are null where the domain gives
// none (a school of one student). Texts are {zh, en}. The JSON and the 通报
// workbook print the same QualityBulletin, so they agree to the digit.
#ifndef JIAODU_FORMATS_JSON_QUALITY_JSON_H_
#define JIAODU_FORMATS_JSON_QUALITY_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "jiaodu/formats/quality_table/bulletin.h"
#include "jiaodu/storage/storage.h"

namespace jiaodu::wire {

// The national monitoring's figures for a county, as the bureau entered
// them (the county data's qm_min_level / qm_max_diff_rate: the lowest level
// and the largest 校际差异率 over the monitored subjects), for showing next
// to the local estimate — never in its place (docs/quality.md Q8).
struct NationalFigures {
  std::optional<int> min_level;
  std::optional<double> max_diff_rate;
  std::string year;  // the academic year the figures were entered for
};

std::string_view StandingKey(quality::Standing s);    // "above" / "below" / "within"
std::string_view IccStatusKey(quality::IccStatus s);  // "ok", "one_group", …

// {id, name, year, term, semester, grades, subjects, cuts_id, created_at,
//  created_by, schools, students, scores}
nlohmann::json QualityTestJson(const QualityTest& test, std::string_view semester, int schools,
                               int students, int scores);

// A place's 通报; `national` only for a county that has the figures.
nlohmann::json QualityBulletinJson(const QualityBulletin& bulletin,
                                   const std::optional<NationalFigures>& national);

// The school `code` of a county's 通报 against that county, per subject and
// grade: its figures, the county's, the difference, its rank by mean among
// the county's schools (competition ranks, 1 = highest) and its value-added
// effect. nullopt when the school has no score in the 通报.
std::optional<nlohmann::json> QualitySchoolJson(const QualityBulletin& county_bulletin,
                                                std::string_view code);

// One point of a trend: the test and the place's figures for one subject
// and grade in it.
nlohmann::json QualityTrendPointJson(const QualityTest& test, std::string_view semester,
                                     const BulletinSubject& subject);

}  // namespace jiaodu::wire

#endif  // JIAODU_FORMATS_JSON_QUALITY_JSON_H_
