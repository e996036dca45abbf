// File: jiaodu/domain/fitness/roster.h
//
// One year's fitness test results for a set of schools: a compact columnar
// store, because a city has a million students and each one is a few dozen
// bytes here (strings live in one pool, results in one int32 array) instead
// of a few hundred as objects with std::strings.
//
// Students are kept in blocks of 4,096 (rows, results and strings each), so
// a growing roster never holds its data twice: one flat vector per column
// would, at a million students, copy everything at each doubling and keep up
// to half its capacity unused (~40 MB of a 168 MB roster, and 1.5× that for a
// moment while it moves).
//
// Results are ticks by the standard's item index (see standard.h), so a
// roster belongs to one FitnessStandard. Scoring is not stored: it is cheap
// and always recomputed from the results with the current standard file.
#ifndef JIAODU_DOMAIN_FITNESS_ROSTER_H_
#define JIAODU_DOMAIN_FITNESS_ROSTER_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jiaodu/domain/fitness/scorer.h"
#include "jiaodu/domain/fitness/vision.h"

namespace jiaodu::fitness {

struct RosterClass {
  int32_t school = 0;  // index into Roster::schools()
  int grade = 0;       // 年级编号
  std::string code;    // 班级编号
  std::string name;    // 班级名称
};

struct StudentRow {
  int32_t school = 0;
  int32_t klass = -1;  // index into classes(); -1 = none
  uint8_t grade = 0;
  Sex sex = Sex::kMale;
  TestStatus status = TestStatus::kTested;
  int32_t height = kMissing;
  int32_t weight = kMissing;
  VisionInput vision;
  uint32_t strings = 0;     // offset of this student's strings in its block's pool
  uint32_t source_row = 0;  // 1-based row in the file it came from (for messages)
};

class Roster {
 public:
  explicit Roster(size_t item_count = 0) : item_count_(item_count) {}

  size_t item_count() const { return item_count_; }
  size_t size() const { return size_; }

  int32_t School(std::string_view code);  // interns
  int32_t Class(int32_t school, int grade, std::string_view code, std::string_view name);
  // Appends a student; `values` has item_count() ticks.
  void Add(const StudentRow& row, std::span<const int32_t> values, std::string_view student_id,
           std::string_view name, std::string_view ethnic, std::string_view birth);
  // Appends every student of `other` (same item count).
  void Append(const Roster& other);

  const StudentRow& row(size_t i) const { return BlockOf(i).rows[i & kBlockMask]; }
  std::span<const int32_t> values(size_t i) const {
    return {BlockOf(i).values.data() + (i & kBlockMask) * item_count_, item_count_};
  }
  std::string_view student_id(size_t i) const { return Str(i, 0); }
  std::string_view name(size_t i) const { return Str(i, 1); }
  std::string_view ethnic(size_t i) const { return Str(i, 2); }
  std::string_view birth(size_t i) const { return Str(i, 3); }
  const std::vector<std::string>& schools() const { return schools_; }
  const std::vector<RosterClass>& classes() const { return classes_; }

  StudentInput Input(size_t i) const;

  // Bytes held by the students' rows, results and strings (capacity).
  size_t MemoryBytes() const;

 private:
  static constexpr size_t kBlockBits = 12;
  static constexpr size_t kBlockSize = size_t{1} << kBlockBits;
  static constexpr size_t kBlockMask = kBlockSize - 1;
  struct Block {
    std::vector<StudentRow> rows;
    std::vector<int32_t> values;  // item_count_ per row
    std::string pool;             // per student: 4 strings, each uint8 length + bytes
  };
  const Block& BlockOf(size_t i) const { return blocks_[i >> kBlockBits]; }
  Block& BlockForNext();
  std::string_view Str(size_t i, int which) const;

  size_t item_count_ = 0;
  size_t size_ = 0;
  std::vector<Block> blocks_;
  std::vector<std::string> schools_;
  std::unordered_map<std::string, int32_t> school_index_;
  std::vector<RosterClass> classes_;
  std::unordered_map<std::string, int32_t> class_index_;
  // Files list a class's students together, so most calls of School and
  // Class ask for the same one as the call before: answered without hashing.
  int32_t last_school_ = -1;
  int32_t last_class_ = -1;
  std::string key_;  // Class's lookup key, reused so a lookup does not allocate
};

}  // namespace jiaodu::fitness

#endif  // JIAODU_DOMAIN_FITNESS_ROSTER_H_
