#include "jiaodu/domain/fitness/roster.h"

#include <algorithm>

namespace jiaodu::fitness {

int32_t Roster::School(std::string_view code) {
  auto [it, inserted] =
      school_index_.emplace(std::string(code), static_cast<int32_t>(schools_.size()));
  if (inserted) schools_.emplace_back(code);
  return it->second;
}

int32_t Roster::Class(int32_t school, int grade, std::string_view code, std::string_view name) {
  std::string key =
      std::to_string(school) + '\x1f' + std::to_string(grade) + '\x1f' + std::string(code);
  auto [it, inserted] = class_index_.emplace(std::move(key), static_cast<int32_t>(classes_.size()));
  if (inserted)
    classes_.push_back(RosterClass{school, grade, std::string(code), std::string(name)});
  return it->second;
}

void Roster::Add(const StudentRow& row, std::span<const int32_t> values,
                 std::string_view student_id, std::string_view name, std::string_view ethnic,
                 std::string_view birth) {
  StudentRow r = row;
  r.strings = static_cast<uint32_t>(pool_.size());
  for (std::string_view s : {student_id, name, ethnic, birth}) {
    // Each string is at most 255 bytes: 学籍号 are 19–20 characters and
    // names a few; the importer refuses longer cells before they get here.
    size_t n = std::min<size_t>(s.size(), 255);
    pool_.push_back(static_cast<char>(static_cast<unsigned char>(n)));
    pool_.append(s.substr(0, n));
  }
  students_.push_back(r);
  for (size_t k = 0; k < item_count_; ++k)
    values_.push_back(k < values.size() ? values[k] : kMissing);
}

void Roster::Append(const Roster& other) {
  for (size_t i = 0; i < other.size(); ++i) {
    StudentRow r = other.row(i);
    r.school = School(other.schools_[static_cast<size_t>(r.school)]);
    if (r.klass >= 0) {
      const RosterClass& c = other.classes_[static_cast<size_t>(r.klass)];
      r.klass = Class(r.school, c.grade, c.code, c.name);
    }
    Add(r, other.values(i), other.student_id(i), other.name(i), other.ethnic(i), other.birth(i));
  }
}

std::string_view Roster::Str(size_t i, int which) const {
  size_t p = students_[i].strings;
  for (int k = 0; k < which; ++k)
    p += 1 + static_cast<size_t>(static_cast<unsigned char>(pool_[p]));
  size_t n = static_cast<unsigned char>(pool_[p]);
  return std::string_view(pool_).substr(p + 1, n);
}

StudentInput Roster::Input(size_t i) const {
  const StudentRow& r = students_[i];
  StudentInput in;
  in.grade_code = r.grade;
  in.sex = r.sex;
  in.status = r.status;
  in.height = r.height;
  in.weight = r.weight;
  in.values = values(i);
  return in;
}

size_t Roster::MemoryBytes() const {
  return students_.capacity() * sizeof(StudentRow) + values_.capacity() * sizeof(int32_t) +
         pool_.capacity();
}

}  // namespace jiaodu::fitness
