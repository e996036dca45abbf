// File: jiaodu/storage/codec/fitness_blob.h
//
// One school's fitness test results for one year as a single binary value
// (a "fitness blob"), which every storage adapter stores as one BLOB/bytea.
//
// Why not one SQL row per student: a city imports a million students at
// once, and a 19-column row per student costs SQLite about 8 µs to insert
// (10 s per million before any index, measured in bench/RESULTS.md), while
// every reader wants whole schools anyway (roll-ups, exports, the class
// lists). A school is read and written as one value; the 学籍号 lookup has
// its own narrow index table in the adapter.
//
// Format 1 (all integers little-endian; documented in docs/data-formats.md):
//   "JDFB" u8 version=1  u32 students
//   u16 columns, each: u8 id length, item id, u8 scale 0–9 (result = v / 10^scale)
//   u32 classes, each: u8 grade, u16 code length, code, u16 name length, name
//   per student, column by column (n entries each):
//     u8 sex, u8 grade, u8 status, class (-1 none),
//     height (0.1 cm), weight (0.1 kg), ucva right, ucva left (0.1),
//         se right, se left (0.01 D), u32 source row,
//     one column per result column;
//   each column not given a type is "narrow": u8 width (1, 2 or 4), then
//   n signed integers of that width, the width's minimum meaning missing;
//   then per student 4 strings (学籍号, 姓名, 民族, 出生日期): u8 length + bytes.
// In memory a missing number is INT32_MIN (fitness::kMissing). Result columns name items by id with
// their own scale, so a later standard with other items or precisions still reads an old blob:
// unknown ids are skipped, scales converted (half up).
#ifndef JIAODU_STORAGE_CODEC_FITNESS_BLOB_H_
#define JIAODU_STORAGE_CODEC_FITNESS_BLOB_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/fitness/roster.h"
#include "jiaodu/domain/fitness/standard.h"

namespace jiaodu::fitness_blob {

struct Column {
  std::string id;  // item id, e.g. "run_50m"
  int scale = 0;   // decimal places of the stored integers
};

// Builds one blob student by student. Used directly by the migration that
// converts the old one-row-per-student table; Encode below serves imports.
class Writer {
 public:
  explicit Writer(std::vector<Column> columns);

  // `values` has one entry per column (INT32_MIN = missing).
  void Add(const fitness::StudentRow& row, std::string_view class_code, std::string_view class_name,
           std::span<const int32_t> values, std::string_view student_id, std::string_view name,
           std::string_view ethnic, std::string_view birth);
  size_t size() const { return n_; }
  std::string Finish();

 private:
  std::vector<Column> columns_;
  size_t n_ = 0;
  std::vector<uint8_t> sex_, grade_, status_;
  std::vector<int32_t> class_;
  std::vector<int32_t> nums_[6];
  std::vector<uint32_t> source_row_;
  std::vector<std::vector<int32_t>> values_;
  std::string strings_;
  struct ClassKey {
    uint8_t grade;
    std::string code, name;
  };
  std::vector<ClassKey> classes_;
  int32_t last_class_ = -1;
};

// The students `rows` of `roster` (all of one school, in this order) with
// the standard's table items as columns at the standard's precision.
std::string Encode(const fitness::FitnessStandard& standard, const fitness::Roster& roster,
                   std::span<const uint32_t> rows);

// Appends the students of `blob` to `roster` as school `school`, results
// mapped onto `standard`'s items. With `only`, just the student at that
// 0-based position. A malformed blob is kCorrupt ("storage.bad_fitness_blob").
Status Decode(const fitness::FitnessStandard& standard, std::string_view blob,
              std::string_view school, fitness::Roster& roster,
              std::optional<size_t> only = std::nullopt);

// The 学籍号's key in the adapters' lookup index: FNV-1a 64 of its bytes as
// a signed integer. Stable across builds and machines (it is stored), not
// unique: readers confirm a hit against the student's id.
int64_t StudentKey(std::string_view student_id);

}  // namespace jiaodu::fitness_blob

#endif  // JIAODU_STORAGE_CODEC_FITNESS_BLOB_H_
