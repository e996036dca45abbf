#include "jiaodu/storage/codec/fitness_blob.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "jiaodu/storage/codec/blob_io.h"

namespace jiaodu::fitness_blob {
namespace {

using blob_io::At;
using blob_io::Cursor;
using blob_io::Narrow;
using blob_io::Put;
using blob_io::PutArray;
using blob_io::PutNarrow;
using blob_io::PutShort;

constexpr std::string_view kMagic = "JDFB";
constexpr uint8_t kVersion = 1;
constexpr uint8_t kMaxScale = 9;  // 10^9 still fits the int64 arithmetic of Rescale
constexpr int32_t kNone = blob_io::kNone;
static_assert(kNone == fitness::kMissing, "the blob's missing marker is the roster's");

Error Corrupt(std::string_view why) {
  return Error{ErrorCode::kCorrupt,
               "storage.bad_fitness_blob",
               Text(fmt::format("数据库中的体测数据已损坏（{}）", why),
                    fmt::format("corrupt fitness data in the database ({})", why)),
               {},
               {}};
}

// v at `from` decimals as ticks at `to` decimals; half up (away from zero)
// when precision is lost, as the importer rounds results it reads.
int32_t Rescale(int32_t v, int from, int to) {
  if (v == kNone || from == to) return v;
  int64_t x = v;
  if (to > from) {
    for (int i = from; i < to; ++i) x *= 10;
  } else {
    int64_t d = 1;
    for (int i = to; i < from; ++i) d *= 10;
    const int64_t a = x < 0 ? -x : x;
    const int64_t q = (a + d / 2) / d;
    x = x < 0 ? -q : q;
  }
  if (x <= std::numeric_limits<int32_t>::min() || x > std::numeric_limits<int32_t>::max()) {
    return kNone;
  }
  return static_cast<int32_t>(x);
}

}  // namespace

Writer::Writer(std::vector<Column> columns)
    : columns_(std::move(columns)), values_(columns_.size()) {}

void Writer::Add(const fitness::StudentRow& row, std::string_view class_code,
                 std::string_view class_name, std::span<const int32_t> values,
                 std::string_view student_id, std::string_view name, std::string_view ethnic,
                 std::string_view birth) {
  ++n_;
  sex_.push_back(static_cast<uint8_t>(row.sex));
  grade_.push_back(row.grade);
  status_.push_back(static_cast<uint8_t>(row.status));
  int32_t klass = -1;
  if (!class_code.empty()) {
    // Students of a class come together in a file, so the previous class
    // is almost always the one; otherwise a linear search over the
    // school's few dozen classes.
    auto same = [&](const ClassKey& c) {
      return c.grade == row.grade && c.code == class_code && c.name == class_name;
    };
    if (last_class_ >= 0 && same(classes_[static_cast<size_t>(last_class_)])) {
      klass = last_class_;
    } else {
      auto it = std::find_if(classes_.begin(), classes_.end(), same);
      if (it == classes_.end()) {
        classes_.push_back(ClassKey{row.grade, std::string(class_code), std::string(class_name)});
        it = classes_.end() - 1;
      }
      klass = static_cast<int32_t>(it - classes_.begin());
    }
    last_class_ = klass;
  }
  class_.push_back(klass);
  const int32_t nums[6] = {row.height,         row.weight,       row.vision.ucva[0],
                           row.vision.ucva[1], row.vision.se[0], row.vision.se[1]};
  for (int k = 0; k < 6; ++k) nums_[k].push_back(nums[k]);
  source_row_.push_back(row.source_row);
  for (size_t c = 0; c < columns_.size(); ++c) {
    values_[c].push_back(c < values.size() ? values[c] : kNone);
  }
  for (std::string_view s : {student_id, name, ethnic, birth}) PutShort(strings_, s, 255);
}

std::string Writer::Finish() {
  std::string out;
  out.reserve(64 + n_ * (3 + 4 * (8 + columns_.size())) + strings_.size());
  out.append(kMagic);
  Put<uint8_t>(out, kVersion);
  Put<uint32_t>(out, static_cast<uint32_t>(n_));
  Put<uint16_t>(out, static_cast<uint16_t>(columns_.size()));
  for (const Column& c : columns_) {
    PutShort(out, c.id, 255);
    Put<uint8_t>(out, static_cast<uint8_t>(c.scale));
  }
  Put<uint32_t>(out, static_cast<uint32_t>(classes_.size()));
  for (const ClassKey& c : classes_) {
    Put<uint8_t>(out, c.grade);
    PutShort(out, c.code, 65535);
    PutShort(out, c.name, 65535);
  }
  PutArray(out, sex_);
  PutArray(out, grade_);
  PutArray(out, status_);
  PutNarrow(out, class_);
  for (const auto& v : nums_) PutNarrow(out, v);
  PutArray(out, source_row_);
  for (const auto& v : values_) PutNarrow(out, v);
  out += strings_;
  return out;
}

std::string Encode(const fitness::FitnessStandard& standard, const fitness::Roster& roster,
                   std::span<const uint32_t> rows) {
  // Table items only: BMI is computed from height and weight.
  std::vector<Column> columns;
  std::vector<size_t> item_of;
  for (size_t k = 0; k < standard.items().size(); ++k) {
    const fitness::Item& item = standard.items()[k];
    if (item.kind != fitness::ItemKind::kTable) continue;
    columns.push_back(Column{item.id, item.decimals()});
    item_of.push_back(k);
  }
  Writer w(std::move(columns));
  std::vector<int32_t> values(item_of.size());
  for (uint32_t i : rows) {
    const fitness::StudentRow& r = roster.row(i);
    const fitness::RosterClass* c =
        r.klass >= 0 ? &roster.classes()[static_cast<size_t>(r.klass)] : nullptr;
    std::span<const int32_t> all = roster.values(i);
    for (size_t c2 = 0; c2 < item_of.size(); ++c2) {
      values[c2] = item_of[c2] < all.size() ? all[item_of[c2]] : kNone;
    }
    w.Add(r, c ? std::string_view(c->code) : std::string_view(),
          c ? std::string_view(c->name) : std::string_view(), values, roster.student_id(i),
          roster.name(i), roster.ethnic(i), roster.birth(i));
  }
  return w.Finish();
}

Status Decode(const fitness::FitnessStandard& standard, std::string_view blob,
              std::string_view school, fitness::Roster& roster, std::optional<size_t> only) {
  Cursor in(blob);
  std::string_view magic;
  uint8_t version = 0;
  uint32_t n = 0;
  uint16_t ncols = 0;
  if (!in.Bytes(kMagic.size(), magic) || magic != kMagic) return Fail(Corrupt("标识"));
  if (!in.Get(version) || version != kVersion) return Fail(Corrupt("格式版本"));
  if (!in.Get(n) || !in.Get(ncols)) return Fail(Corrupt("表头"));
  if (only && *only >= n) return Fail(Corrupt("学生序号"));
  struct Mapped {
    int item = -1;  // index into standard.items(), -1 = not in this standard
    int scale = 0;
  };
  std::vector<Mapped> cols(ncols);
  for (Mapped& m : cols) {
    uint8_t len = 0, scale = 0;
    std::string_view id;
    // A result has at most a few decimals; a larger scale is damage, and
    // would overflow Rescale's power of ten.
    if (!in.Get(len) || !in.Bytes(len, id) || !in.Get(scale) || scale > kMaxScale) {
      return Fail(Corrupt("成绩列"));
    }
    m.item = standard.ItemIndex(id);
    m.scale = scale;
  }
  uint32_t nclasses = 0;
  if (!in.Get(nclasses)) return Fail(Corrupt("班级表"));
  struct ClassRef {
    uint8_t grade = 0;
    std::string_view code, name;
  };
  std::vector<ClassRef> classes;
  for (uint32_t c = 0; c < nclasses; ++c) {
    ClassRef k;
    uint16_t len = 0;
    if (!in.Get(k.grade) || !in.Get(len) || !in.Bytes(len, k.code) || !in.Get(len) ||
        !in.Bytes(len, k.name)) {
      return Fail(Corrupt("班级表"));
    }
    classes.push_back(k);
  }
  const char *sex, *grade, *status, *source_row;
  Narrow klass, nums[6];
  if (!in.Array(n, 1, sex) || !in.Array(n, 1, grade) || !in.Array(n, 1, status) ||
      !in.Column(n, klass)) {
    return Fail(Corrupt("学生列"));
  }
  for (auto& c : nums) {
    if (!in.Column(n, c)) return Fail(Corrupt("学生列"));
  }
  if (!in.Array(n, 4, source_row)) return Fail(Corrupt("学生列"));
  std::vector<Narrow> values(ncols);
  for (auto& c : values) {
    if (!in.Column(n, c)) return Fail(Corrupt("成绩列"));
  }

  const int32_t school_index = roster.School(school);
  std::vector<int32_t> class_index(nclasses, -2);  // -2 = not interned yet
  std::vector<int32_t> ticks(standard.items().size());
  for (size_t i = 0; i < n; ++i) {
    std::string_view s[4];
    for (auto& str : s) {
      uint8_t len = 0;
      if (!in.Get(len) || !in.Bytes(len, str)) return Fail(Corrupt("学生文字"));
    }
    if (only && i != *only) continue;
    fitness::StudentRow r;
    r.school = school_index;
    const uint8_t sx = At<uint8_t>(sex, i), st = At<uint8_t>(status, i);
    if (sx != 1 && sx != 2) return Fail(Corrupt("性别"));
    if (st > 2) return Fail(Corrupt("测试状态"));
    r.sex = static_cast<fitness::Sex>(sx);
    r.status = static_cast<fitness::TestStatus>(st);
    r.grade = At<uint8_t>(grade, i);
    const int32_t c = klass[i];
    if (c >= 0) {
      if (static_cast<uint32_t>(c) >= nclasses) return Fail(Corrupt("班级"));
      int32_t& idx = class_index[static_cast<size_t>(c)];
      if (idx == -2) {
        const ClassRef& k = classes[static_cast<size_t>(c)];
        idx = roster.Class(school_index, k.grade, k.code, k.name);
      }
      r.klass = idx;
    }
    r.height = nums[0][i];
    r.weight = nums[1][i];
    r.vision.ucva = {nums[2][i], nums[3][i]};
    r.vision.se = {nums[4][i], nums[5][i]};
    r.source_row = At<uint32_t>(source_row, i);
    std::fill(ticks.begin(), ticks.end(), kNone);
    for (size_t col = 0; col < ncols; ++col) {
      const Mapped& m = cols[col];
      if (m.item < 0) continue;
      const auto item = static_cast<size_t>(m.item);
      ticks[item] = Rescale(values[col][i], m.scale, standard.items()[item].decimals());
    }
    roster.Add(r, ticks, s[0], s[1], s[2], s[3]);
  }
  if (in.at() != blob.size()) return Fail(Corrupt("多余字节"));
  return Ok();
}

int64_t StudentKey(std::string_view student_id) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a 64 offset basis and prime
  for (char c : student_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<int64_t>(h);
}

}  // namespace jiaodu::fitness_blob
