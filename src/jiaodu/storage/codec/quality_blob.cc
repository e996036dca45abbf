#include "jiaodu/storage/codec/quality_blob.h"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "jiaodu/storage/codec/blob_io.h"

namespace jiaodu::quality_blob {
namespace {

using blob_io::At;
using blob_io::Cursor;
using blob_io::Narrow;
using blob_io::Put;
using blob_io::PutArray;
using blob_io::PutNarrow;
using blob_io::PutShort;

constexpr std::string_view kMagic = "JDQB";
constexpr uint8_t kVersion = 1;
constexpr uint8_t kMaxScale = 6;
constexpr uint8_t kRawDoubles = 255;
constexpr double kPow10[kMaxScale + 1] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};

Error Corrupt(std::string_view why) {
  return Error{ErrorCode::kCorrupt,
               "storage.bad_quality_blob",
               Text(fmt::format("数据库中的抽测成绩已损坏（{}）", why),
                    fmt::format("corrupt test scores in the database ({})", why)),
               {},
               {}};
}

// Local index of `key` in `table`, added when new. A school has a few
// subjects, grades and classes, so a linear search is cheapest.
int32_t Local(std::vector<uint32_t>& table, uint32_t key) {
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i] == key) return static_cast<int32_t>(i);
  }
  table.push_back(key);
  return static_cast<int32_t>(table.size() - 1);
}

// The smallest scale at which every score is a whole number of ticks that
// divides back to the very same double; kRawDoubles when none does.
uint8_t ScoreScale(const std::vector<double>& scores) {
  for (uint8_t s = 0; s <= kMaxScale; ++s) {
    bool exact = true;
    for (double x : scores) {
      const double t = std::round(x * kPow10[s]);
      if (!(std::abs(t) < 2147483647.0) || t / kPow10[s] != x) {
        exact = false;
        break;
      }
    }
    if (exact) return s;
  }
  return kRawDoubles;
}

void PutDoubles(std::string& out, const std::vector<double>& v) { PutArray(out, v); }

}  // namespace

std::string Encode(const quality::ScoreSet& set, std::span<const uint32_t> rows) {
  std::vector<uint32_t> subjects, grades, classes, students;
  std::vector<int32_t> student, subject, grade, klass;
  std::vector<uint8_t> sex;
  std::vector<uint32_t> source_row;
  std::vector<double> score, background, prior;
  bool has_background = false, has_prior = false;
  for (uint32_t i : rows) {
    const quality::ScoreRow& r = set.rows()[i];
    student.push_back(Local(students, r.student));
    subject.push_back(Local(subjects, r.subject));
    grade.push_back(Local(grades, r.grade));
    klass.push_back(r.klass == 0 ? -1 : Local(classes, r.klass));
    sex.push_back(static_cast<uint8_t>(r.sex));
    source_row.push_back(r.source_row);
    score.push_back(r.score);
    background.push_back(r.background);
    prior.push_back(r.prior);
    has_background = has_background || quality::HasValue(r.background);
    has_prior = has_prior || quality::HasValue(r.prior);
  }
  std::string out;
  out.append(kMagic);
  Put<uint8_t>(out, kVersion);
  Put<uint32_t>(out, static_cast<uint32_t>(rows.size()));
  Put<uint16_t>(out, static_cast<uint16_t>(subjects.size()));
  for (uint32_t s : subjects) PutShort(out, set.subjects()[s], 255);
  Put<uint16_t>(out, static_cast<uint16_t>(grades.size()));
  for (uint32_t g : grades) PutShort(out, set.grades()[g], 255);
  Put<uint32_t>(out, static_cast<uint32_t>(classes.size()));
  for (uint32_t c : classes) PutShort(out, set.classes()[c].label, 65535);
  Put<uint32_t>(out, static_cast<uint32_t>(students.size()));
  for (uint32_t s : students) PutShort(out, set.student_id(s), 255);
  PutNarrow(out, student);
  PutNarrow(out, subject);
  PutNarrow(out, grade);
  PutNarrow(out, klass);
  PutArray(out, sex);
  PutArray(out, source_row);
  const uint8_t scale = ScoreScale(score);
  Put<uint8_t>(out, scale);
  if (scale == kRawDoubles) {
    PutDoubles(out, score);
  } else {
    std::vector<int32_t> ticks;
    ticks.reserve(score.size());
    for (double x : score) ticks.push_back(static_cast<int32_t>(std::round(x * kPow10[scale])));
    PutNarrow(out, ticks);
  }
  Put<uint8_t>(out, static_cast<uint8_t>((has_background ? 1 : 0) | (has_prior ? 2 : 0)));
  if (has_background) PutDoubles(out, background);
  if (has_prior) PutDoubles(out, prior);
  return out;
}

Status Decode(std::string_view blob, std::string_view school, quality::ScoreSet& set) {
  Cursor in(blob);
  std::string_view magic;
  uint8_t version = 0;
  uint32_t n = 0;
  if (!in.Bytes(kMagic.size(), magic) || magic != kMagic) return Fail(Corrupt("标识"));
  if (!in.Get(version) || version != kVersion) return Fail(Corrupt("格式版本"));
  if (!in.Get(n)) return Fail(Corrupt("表头"));
  // The name tables as views first: nothing is interned into `set` until
  // the whole blob has been checked.
  std::vector<std::string_view> subjects, grades, classes, students;
  auto table = [&](auto count, std::vector<std::string_view>& names, bool wide) {
    if (!in.Get(count)) return false;
    for (size_t i = 0; i < count; ++i) {
      std::string_view s;
      if (!(wide ? in.Short<uint16_t>(s) : in.Short<uint8_t>(s))) return false;
      names.push_back(s);
    }
    return true;
  };
  if (!table(uint16_t{}, subjects, false)) return Fail(Corrupt("科目表"));
  if (!table(uint16_t{}, grades, false)) return Fail(Corrupt("年级表"));
  if (!table(uint32_t{}, classes, true)) return Fail(Corrupt("班级表"));
  if (!table(uint32_t{}, students, false)) return Fail(Corrupt("学生表"));
  Narrow student, subject, grade, klass;
  const char *sex = nullptr, *source_row = nullptr;
  if (!in.Column(n, student) || !in.Column(n, subject) || !in.Column(n, grade) ||
      !in.Column(n, klass) || !in.Array(n, 1, sex) || !in.Array(n, 4, source_row)) {
    return Fail(Corrupt("成绩列"));
  }
  uint8_t scale = 0;
  Narrow ticks;
  const char* raw = nullptr;
  if (!in.Get(scale)) return Fail(Corrupt("分数"));
  if (scale == kRawDoubles) {
    if (!in.Array(n, 8, raw)) return Fail(Corrupt("分数"));
  } else if (scale > kMaxScale || !in.Column(n, ticks)) {
    return Fail(Corrupt("分数"));
  }
  uint8_t flags = 0;
  const char *background = nullptr, *prior = nullptr;
  if (!in.Get(flags) || flags > 3) return Fail(Corrupt("背景列"));
  if ((flags & 1) != 0 && !in.Array(n, 8, background)) return Fail(Corrupt("背景列"));
  if ((flags & 2) != 0 && !in.Array(n, 8, prior)) return Fail(Corrupt("前测列"));
  if (in.at() != blob.size()) return Fail(Corrupt("多余字节"));
  auto in_range = [](int32_t v, size_t size) { return v >= 0 && static_cast<size_t>(v) < size; };
  for (size_t i = 0; i < n; ++i) {
    if (!in_range(student[i], students.size()) || !in_range(subject[i], subjects.size()) ||
        !in_range(grade[i], grades.size()) ||
        !(klass[i] == -1 || in_range(klass[i], classes.size())) || At<uint8_t>(sex, i) > 2 ||
        (raw == nullptr && ticks[i] == blob_io::kNone)) {
      return Fail(Corrupt(fmt::format("第 {} 条成绩", i + 1)));
    }
  }

  const uint32_t school_index = set.School(school, {});
  std::vector<uint32_t> student_of, class_of;
  std::vector<uint16_t> subject_of, grade_of;
  for (std::string_view s : students) student_of.push_back(set.Student(s));
  for (std::string_view s : subjects) subject_of.push_back(set.Subject(s));
  for (std::string_view g : grades) grade_of.push_back(set.Grade(g));
  for (std::string_view c : classes) class_of.push_back(set.Class(school_index, c));
  // No Reserve here: sets are decoded school after school into one
  // ScoreSet, and reserving the exact size each time would copy every row
  // already read on every school (quadratic); the vector grows geometrically.
  for (size_t i = 0; i < n; ++i) {
    quality::ScoreRow r;
    r.school = school_index;
    r.student = student_of[static_cast<size_t>(student[i])];
    r.subject = subject_of[static_cast<size_t>(subject[i])];
    r.grade = grade_of[static_cast<size_t>(grade[i])];
    r.klass = klass[i] < 0 ? 0 : class_of[static_cast<size_t>(klass[i])];
    r.sex = static_cast<quality::Sex>(At<uint8_t>(sex, i));
    r.source_row = At<uint32_t>(source_row, i);
    r.score = raw != nullptr ? At<double>(raw, i) : ticks[i] / kPow10[scale];
    if (background != nullptr) r.background = At<double>(background, i);
    if (prior != nullptr) r.prior = At<double>(prior, i);
    set.Add(r);
  }
  return Ok();
}

}  // namespace jiaodu::quality_blob
