#include "jiaodu/domain/fitness/roster.h"

#include <algorithm>
#include <charconv>

namespace jiaodu::fitness {

int32_t Roster::School(std::string_view code) {
  if (last_school_ >= 0 && schools_[static_cast<size_t>(last_school_)] == code) {
    return last_school_;
  }
  auto [it, inserted] =
      school_index_.emplace(std::string(code), static_cast<int32_t>(schools_.size()));
  if (inserted) schools_.emplace_back(code);
  last_school_ = it->second;
  return it->second;
}

int32_t Roster::Class(int32_t school, int grade, std::string_view code, std::string_view name) {
  if (last_class_ >= 0) {
    const RosterClass& last = classes_[static_cast<size_t>(last_class_)];
    if (last.school == school && last.grade == grade && last.code == code) return last_class_;
  }
  // The key is "school␟grade␟code", built in a reused buffer.
  char digits[24];
  key_.clear();
  auto put = [&](int64_t v) {
    const auto r = std::to_chars(std::begin(digits), std::end(digits), v);
    key_.append(digits, static_cast<size_t>(r.ptr - digits));
    key_.push_back('\x1f');
  };
  put(school);
  put(grade);
  key_.append(code);
  auto it = class_index_.find(key_);
  if (it == class_index_.end()) {
    it = class_index_.emplace(key_, static_cast<int32_t>(classes_.size())).first;
    classes_.push_back(RosterClass{school, grade, std::string(code), std::string(name)});
  }
  last_class_ = it->second;
  return it->second;
}

Roster::Block& Roster::BlockForNext() {
  if (!blocks_.empty() && blocks_.back().rows.size() < kBlockSize) return blocks_.back();
  if (!blocks_.empty()) {
    // The block is full: give back what its pool over-reserved.
    std::string& pool = blocks_.back().pool;
    if (pool.capacity() - pool.size() > pool.size() / 16) pool.shrink_to_fit();
  }
  const size_t prev_pool = blocks_.empty() ? 0 : blocks_.back().pool.size();
  Block& b = blocks_.emplace_back();
  // The first block grows as needed (most rosters are one school or one
  // student); later ones are sized once, the pool from the block before.
  if (blocks_.size() > 1) {
    b.rows.reserve(kBlockSize);
    b.values.reserve(kBlockSize * item_count_);
    b.pool.reserve(prev_pool + prev_pool / 16);
  }
  return b;
}

void Roster::Add(const StudentRow& row, std::span<const int32_t> values,
                 std::string_view student_id, std::string_view name, std::string_view ethnic,
                 std::string_view birth) {
  Block& b = BlockForNext();
  StudentRow& r = b.rows.emplace_back(row);
  r.strings = static_cast<uint32_t>(b.pool.size());
  for (std::string_view s : {student_id, name, ethnic, birth}) {
    // Each string is at most 255 bytes: 学籍号 are 19–20 characters and
    // names a few; the importer refuses longer cells before they get here.
    size_t n = std::min<size_t>(s.size(), 255);
    b.pool.push_back(static_cast<char>(static_cast<unsigned char>(n)));
    b.pool.append(s.substr(0, n));
  }
  const size_t given = std::min(values.size(), item_count_);
  b.values.insert(b.values.end(), values.begin(), values.begin() + static_cast<ptrdiff_t>(given));
  b.values.insert(b.values.end(), item_count_ - given, kMissing);
  ++size_;
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
  const Block& b = BlockOf(i);
  size_t p = b.rows[i & kBlockMask].strings;
  for (int k = 0; k < which; ++k)
    p += 1 + static_cast<size_t>(static_cast<unsigned char>(b.pool[p]));
  size_t n = static_cast<unsigned char>(b.pool[p]);
  return std::string_view(b.pool).substr(p + 1, n);
}

StudentInput Roster::Input(size_t i) const {
  const StudentRow& r = row(i);
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
  size_t n = blocks_.capacity() * sizeof(Block);
  for (const Block& b : blocks_) {
    n += b.rows.capacity() * sizeof(StudentRow) + b.values.capacity() * sizeof(int32_t) +
         b.pool.capacity();
  }
  return n;
}

}  // namespace jiaodu::fitness
