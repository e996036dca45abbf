// File: jiaodu/domain/fitness/rollup.h
//
// The four-level roll-up (市、县、校、生) of scored students: counts per level
// of the 学年总分 and of every item, per class, grade, school, county and
// city, each for both sexes together and for each sex, and per grade at the
// school, county and city levels. Every rate is computed from counts that
// are kept beside it, so a figure can always be traced to the students
// behind it.
//
// Denominators (decisions F4/F5): rates of levels are over scored students
// (complete or incomplete); 免测 and 缓测 students are counted but excluded;
// the 近视率 is over students whose two eyes were screened.
#ifndef JIAODU_DOMAIN_FITNESS_ROLLUP_H_
#define JIAODU_DOMAIN_FITNESS_ROLLUP_H_

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "jiaodu/domain/fitness/scorer.h"
#include "jiaodu/domain/fitness/vision.h"

namespace jiaodu::fitness {

inline constexpr int kMaxLevels = 6;
inline constexpr int kMaxItems = 16;

struct ItemTally {
  int32_t scored = 0;                       // students with a result for the item
  int32_t missing = 0;                      // in the test but no result
  std::array<int32_t, kMaxLevels> level{};  // table items: level bands; BMI: bands
  int64_t score_sum = 0;                    // Σ item scores (for means)
  int32_t bonus_students = 0;               // students earning 加分 on the item
};

struct Tally {
  int32_t roster = 0;      // every student on the roster
  int32_t exempt = 0;      // 免测
  int32_t deferred = 0;    // 缓测
  int32_t no_plan = 0;     // grade the standard does not test
  int32_t scored = 0;      // denominator of the level rates
  int32_t incomplete = 0;  // scored with missing items
  std::array<int32_t, kMaxLevels> level{};
  int64_t total_sum = 0;  // Σ 学年总分 in hundredths
  std::array<ItemTally, kMaxItems> items{};
  int32_t vision_screened = 0;
  int32_t myopia = 0;
  int32_t poor_no_refraction = 0;
  int32_t poor_not_myopic = 0;
  std::array<int32_t, 4> poor_grade{};

  void Add(const StudentScore& s, const VisionResult& v);
  void Merge(const Tally& other);
  // Students in the best `n` level bands: Top(2) = 优秀 + 良好 (the 优良
  // count), Top(levels − 1) = all but 不及格 (合格).
  int32_t Top(size_t n) const;
};

enum class Scope : uint8_t { kCity = 0, kCounty = 1, kSchool = 2, kClass = 3 };
std::string_view ScopeName(Scope s, bool english = false);

// One group of the roll-up. `id` is the caller's identifier (county or
// school code, "school/class"); grade 0 = all grades; sex 0 = both.
struct GroupKey {
  Scope scope = Scope::kCity;
  int32_t id = 0;  // index into the caller's id table (see RollUp::Intern)
  int grade = 0;
  int sex = 0;
  bool operator==(const GroupKey&) const = default;
};

class Roster;

class RollUp {
 public:
  // Interns an identifier (county code, school code, class key) to a small
  // integer used in keys; the same text always gets the same number.
  int32_t Intern(const std::string& id);
  const std::string& Name(int32_t id) const { return names_[static_cast<size_t>(id)]; }
  // The number interned for `id`, or -1 when no student had it.
  int32_t FindId(const std::string& id) const;

  // Adds one student to every group it belongs to: city, county, school and
  // class, each for all grades and for its grade, each for both sexes and
  // for its sex. `klass` < 0 = no class given.
  void Add(int32_t city, int32_t county, int32_t school, int32_t klass, int grade, Sex sex,
           const StudentScore& score, const VisionResult& vision);

  const Tally* Find(const GroupKey& key) const;
  // All groups, in insertion order.
  const std::vector<std::pair<GroupKey, Tally>>& groups() const { return groups_; }

 private:
  friend RollUp RollUpRoster(
      const FitnessStandard& standard, const VisionRule& vision, const Roster& roster,
      const std::string& city,
      const std::function<std::string(const std::string& school)>& county_of);
  // The groups of a (city, county, school, class, grade) for each sex.
  struct Place {
    std::array<int32_t, 5> key{};  // city, county, school, class, grade
    bool set = false;
    std::array<std::array<uint32_t, 14>, 3> groups{};  // by sex code (1, 2; 0 unused)
    std::array<uint8_t, 3> count{};                    // 0 = not resolved yet
  };
  // The group indices of a student in `place` (creating the groups on first
  // use, in the order city, county, school × all/own grade × both/own sex,
  // then the class).
  std::span<const uint32_t> PlaceGroups(Place& place, int32_t city, int32_t county, int32_t school,
                                        int32_t klass, int grade, int sex);
  size_t GroupIndex(const GroupKey& key);  // creates the group if new
  static uint64_t Pack(const GroupKey& k);
  std::vector<std::string> names_;
  std::unordered_map<std::string, int32_t> name_index_;
  std::vector<std::pair<GroupKey, Tally>> groups_;
  std::unordered_map<uint64_t, size_t> index_;
  // Rosters are sorted by class, so most students of Add share the last
  // student's place (whatever their sex) and reuse its group indices.
  Place last_;
};

// Scores every student of a roster and rolls them up: city → county (from
// `county_of(school code)`, "" = none) → school → class. Scores are not kept
// (a million StudentScores would be 150 MB); callers that need them per
// student call Score() again, which is cheap.
RollUp RollUpRoster(const FitnessStandard& standard, const VisionRule& vision, const Roster& roster,
                    const std::string& city,
                    const std::function<std::string(const std::string& school)>& county_of);

// Students still needed at a level (or better) to reach a target rate:
// the smallest k ≥ 0 with (count + k) / denominator ≥ target_basis_points /
// 10000, in integers. 0 when already met; denominator 0 → 0.
int32_t StudentsNeeded(int32_t count, int32_t denominator, int32_t target_basis_points);

// A rate in basis points (1/100 of a percent), rounded half-up; -1 if the
// denominator is 0.
int32_t RateBasisPoints(int64_t count, int64_t denominator);

}  // namespace jiaodu::fitness

#endif  // JIAODU_DOMAIN_FITNESS_ROLLUP_H_
