// File: jiaodu/domain/planning/class_size.h
//
// 大班额 detection from class rosters: each class's band (偏大班额 46–55,
// 大班额 56–65, 超大班额 66+ by default, from the parameters), whether it
// breaks the 优质均衡 limit of its level (小学 45, 初中 50; 幼儿园 its
// grade's standard 25/30/35), and the counts per school, area and overall
// that a table or chart needs: classes per band, the 大班额 share (56+),
// classes over the limit and by how many students, the largest and the
// mean class. Decisions D14–D15 in docs/planning.md.
#ifndef JIAODU_DOMAIN_PLANNING_CLASS_SIZE_H_
#define JIAODU_DOMAIN_PLANNING_CLASS_SIZE_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/domain/planning/exact.h"
#include "jiaodu/domain/planning/params.h"

namespace jiaodu::planning {

struct ClassRecord {
  std::string id;  // the school's class name or number, e.g. "三年级2班"
  Level level = Level::kPrimary;
  int grade = 0;  // 1-based; 0 = not given (幼儿园: 混合班)
  int64_t students = 0;
};

struct SchoolRoster {
  std::string school;  // 学校标识码
  std::string name;
  std::string area;
  std::vector<ClassRecord> classes;  // empty = no roster submitted
};

// The band of a class of `students` at `level`: an index into the bands,
// or −1 (below the first band, or a level the bands are not counted for).
int BandOf(const ClassSizeParams& cs, Level level, int64_t students);

// A class worth listing: in a band, or over its limit.
struct ClassFinding {
  std::string school;
  std::string class_id;
  Level level = Level::kPrimary;
  int grade = 0;
  int64_t students = 0;
  int band = -1;
  int limit = 0;  // 0 = no limit for the level
  bool over_limit = false;
  int64_t excess = 0;  // students above the limit
};

struct SizeTally {
  int64_t classes = 0;
  int64_t students = 0;
  std::vector<int64_t> bands;  // classes per band
  int64_t within = 0;          // classes in no band
  int64_t large = 0;           // classes in the bands marked large (56+)
  int64_t over_limit = 0;
  int64_t excess_students = 0;  // Σ students above the limit
  int64_t max_size = 0;

  Rate Mean() const { return classes > 0 ? Rate::Ratio(students, classes) : Rate(); }
  Rate LargeShare() const { return classes > 0 ? Rate::Ratio(large, classes) : Rate(); }
  Rate OverLimitShare() const { return classes > 0 ? Rate::Ratio(over_limit, classes) : Rate(); }
  void Merge(const SizeTally& o);
};

struct SchoolClassSize {
  std::string school;
  std::string name;
  std::string area;
  bool has_roster = false;
  SizeTally all;
  std::array<SizeTally, 4> by_level;
  std::vector<ClassFinding> flagged;  // in a band or over the limit, largest first
};

struct AreaClassSize {
  std::string area;
  SizeTally all;
  std::array<SizeTally, 4> by_level;
  int64_t schools = 0;
  int64_t schools_without_roster = 0;
  int64_t schools_with_large = 0;  // with at least one 56+ class
  int64_t schools_over_limit = 0;  // with at least one class over its limit
};

struct ClassSizeResult {
  std::vector<ClassSizeBand> bands;  // the bands used, for column headers
  std::vector<SchoolClassSize> schools;
  std::vector<AreaClassSize> areas;  // sorted by area code
  SizeTally total;
  std::vector<Notice> notices;
};

ClassSizeResult AnalyseClassSizes(std::span<const SchoolRoster> rosters,
                                  const PlanningParams& params);

}  // namespace jiaodu::planning

#endif  // JIAODU_DOMAIN_PLANNING_CLASS_SIZE_H_
