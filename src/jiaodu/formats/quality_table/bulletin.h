// File: jiaodu/formats/quality_table/bulletin.h
//
// The 通报 of one 抽测 for a place (a county or the city): per subject and
// grade the distribution, every school's summary with its name and 城乡 and
// its value-added effect, the between-school figures. It is what the
// application computes (app/quality_service) and what the JSON, the charts
// and the workbook show, so all of them print the same numbers.
//
// BulletinXlsx writes the workbook the bureau sends to a county: 总体情况
// (per subject: n, mean, SD, percentiles, rates with their counts, the local
// estimate of the 校际差异率 labelled as such, CV of school means, 城乡
// gaps), 学校均值 (every school's mean with its interval and counts beside
// rates), 增值评价 (shrunken effects with intervals, above/below) and 等级分布
// (level counts per school).
#ifndef JIAODU_FORMATS_QUALITY_TABLE_BULLETIN_H_
#define JIAODU_FORMATS_QUALITY_TABLE_BULLETIN_H_

#include <optional>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/quality/scores.h"
#include "jiaodu/domain/quality/value_added.h"
#include "jiaodu/domain/quality/variance.h"

namespace jiaodu {

struct BulletinSchool {
  std::string code;
  std::string name;
  std::string county;
  std::string locale;  // 城区 / 镇区 / 乡村
  quality::SchoolSummary summary;
  std::optional<quality::SchoolEffect> effect;  // value-added, when estimated
};

struct BulletinSubject {
  std::string subject;
  std::string grade;
  std::optional<quality::SubjectCuts> cuts;
  quality::Distribution overall;
  std::vector<BulletinSchool> schools;  // by school code
  quality::BetweenSchools between;
  // The model (its `schools` emptied: the effects are on BulletinSchool),
  // or why there is none.
  std::optional<quality::ValueAdded> value_added;
  std::optional<Error> value_added_error;
};

struct QualityBulletin {
  std::string test_id;
  std::string test_name;
  std::string semester;  // "2024-2025学年第二学期"
  std::string place_code;
  std::string place_name;
  size_t schools = 0;
  size_t students = 0;
  std::vector<BulletinSubject> subjects;
};

Result<std::string> BulletinXlsx(const QualityBulletin& bulletin);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_QUALITY_TABLE_BULLETIN_H_
