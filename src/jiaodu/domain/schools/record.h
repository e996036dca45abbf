// File: jiaodu/domain/schools/record.h
//
// One year of reported data: per school (with its sections) and per county.
// Values are indexed by the catalog's field indices; a value is either
// present or missing (never a NaN sentinel), so "not reported" can never be
// mistaken for a number.
#ifndef JIAODU_DOMAIN_SCHOOLS_RECORD_H_
#define JIAODU_DOMAIN_SCHOOLS_RECORD_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/core/academic_year.h"
#include "jiaodu/domain/schools/catalog.h"
#include "jiaodu/domain/schools/school.h"

namespace jiaodu {

class FieldValues {
 public:
  FieldValues() = default;
  explicit FieldValues(size_t n) : values_(n, 0.0), present_(n, 0) {}

  size_t size() const { return values_.size(); }
  void Set(size_t i, double v) {
    values_[i] = v;
    present_[i] = 1;
  }
  void Clear(size_t i) {
    values_[i] = 0.0;
    present_[i] = 0;
  }
  bool Has(size_t i) const { return i < present_.size() && present_[i] != 0; }
  std::optional<double> Get(size_t i) const {
    if (!Has(i)) return std::nullopt;
    return values_[i];
  }
  bool empty() const;

 private:
  std::vector<double> values_;
  std::vector<unsigned char> present_;
};

struct SectionRecord {
  Stage stage = Stage::kPrimary;
  FieldValues values;     // section-level fields
  FieldValues overrides;  // explicit split of prorated school fields (optional)
};

struct SchoolYearRecord {
  School school;  // attributes as reported for this year
  AcademicYear year;
  FieldValues values;  // school-level fields
  std::vector<SectionRecord> sections;

  const SectionRecord* Section(Stage s) const;
};

// A bureau's judgment of an item that cannot be computed (规划布局合理, ...).
enum class JudgmentStatus { kUnset, kMet, kNotMet };
std::string_view JudgmentStatusName(JudgmentStatus s);  // 未评定 / 达标 / 未达标
Result<JudgmentStatus> ParseJudgmentStatus(std::string_view text);

struct Judgment {
  JudgmentStatus status = JudgmentStatus::kUnset;
  std::string note;      // 说明
  std::string evidence;  // 佐证材料 (document numbers, file names, links)
};

struct VetoRecord {
  bool occurred = false;  // 是否存在
  std::string note;
};

struct CountyYearRecord {
  std::string county;  // 行政区划代码
  AcademicYear year;
  FieldValues values;                         // county-level fields
  std::map<std::string, Judgment> judgments;  // by item id (G1, Q3, ...)
  std::map<std::string, VetoRecord> vetoes;   // by veto id
};

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_SCHOOLS_RECORD_H_
