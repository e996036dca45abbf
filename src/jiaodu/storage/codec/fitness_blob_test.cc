#include "jiaodu/storage/codec/fitness_blob.h"

#include <gtest/gtest.h>

#include <numeric>

#include "jiaodu/domain/fitness/test_spec.h"

namespace jiaodu::fitness_blob {
namespace {

const fitness::FitnessStandard& Standard() {
  static const fitness::FitnessStandard s =
      *fitness::FitnessStandard::Build(fitness::testing::SmallSpec());
  return s;
}

size_t Item(std::string_view id) { return static_cast<size_t>(Standard().ItemIndex(id)); }

// Three students of one school: two in one class, one without a class, one
// 免测 with nothing measured.
fitness::Roster Sample() {
  fitness::Roster r(Standard().items().size());
  const int32_t school = r.School("3301020001");
  for (int k = 0; k < 3; ++k) {
    fitness::StudentRow row;
    row.school = school;
    row.grade = 11;
    row.klass = k < 2 ? r.Class(school, 11, "1101", "一年级1班") : -1;
    row.sex = k == 1 ? fitness::Sex::kFemale : fitness::Sex::kMale;
    row.status = k == 2 ? fitness::TestStatus::kExempt : fitness::TestStatus::kTested;
    row.height = k == 2 ? fitness::kMissing : 1253 + k;
    row.weight = k == 2 ? fitness::kMissing : 241;
    row.vision.ucva = {49, k == 0 ? fitness::kMissing : 50};
    row.vision.se = {-75, fitness::kMissing};
    row.source_row = static_cast<uint32_t>(7 + k);
    std::vector<int32_t> v(Standard().items().size(), fitness::kMissing);
    if (k < 2) {
      v[Item("vital_capacity")] = 1500 + k;
      v[Item("run_50m")] = 104;
    }
    r.Add(row, v, "G33010220180305" + std::to_string(k), k == 1 ? "李小红" : "王明", "01",
          "2018-03-05");
  }
  return r;
}

std::vector<uint32_t> All(const fitness::Roster& r) {
  std::vector<uint32_t> rows(r.size());
  std::iota(rows.begin(), rows.end(), 0u);
  return rows;
}

TEST(FitnessBlob, RoundTripKeepsEveryFieldIncludingMissingValues) {
  const fitness::Roster in = Sample();
  const std::string blob = Encode(Standard(), in, All(in));
  fitness::Roster out(Standard().items().size());
  ASSERT_TRUE(Decode(Standard(), blob, "3301020001", out));
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const auto &a = in.row(i), &b = out.row(i);
    EXPECT_EQ(b.grade, a.grade);
    EXPECT_EQ(b.sex, a.sex);
    EXPECT_EQ(b.status, a.status);
    EXPECT_EQ(b.height, a.height);
    EXPECT_EQ(b.weight, a.weight);
    EXPECT_EQ(b.vision.ucva, a.vision.ucva);
    EXPECT_EQ(b.vision.se, a.vision.se);
    EXPECT_EQ(b.source_row, a.source_row);
    EXPECT_EQ(b.klass >= 0, a.klass >= 0);
    EXPECT_EQ(out.student_id(i), in.student_id(i));
    EXPECT_EQ(out.name(i), in.name(i));
    EXPECT_EQ(out.birth(i), in.birth(i));
    const auto va = in.values(i), vb = out.values(i);
    for (size_t k = 0; k < va.size(); ++k) {
      // BMI is not stored (computed), so it comes back missing.
      if (Standard().items()[k].kind == fitness::ItemKind::kBmi) continue;
      EXPECT_EQ(vb[k], va[k]) << "student " << i << " item " << k;
    }
  }
  ASSERT_EQ(out.classes().size(), 1u);
  EXPECT_EQ(out.classes()[0].name, "一年级1班");
  EXPECT_EQ(out.schools(), std::vector<std::string>{"3301020001"});
}

TEST(FitnessBlob, OnlyDecodesTheOneStudentAsked) {
  const fitness::Roster in = Sample();
  const std::string blob = Encode(Standard(), in, All(in));
  fitness::Roster out(Standard().items().size());
  ASSERT_TRUE(Decode(Standard(), blob, "3301020001", out, 1));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out.name(0), "李小红");
  EXPECT_FALSE(Decode(Standard(), blob, "3301020001", out, 3)) << "position past the end";
}

// A blob written under another standard: its columns are mapped by id, an
// id this standard lacks is skipped, and a column stored with more decimals
// than the item keeps is rounded half up (the rule the importer uses).
TEST(FitnessBlob, ColumnsMapByIdAndRescaleHalfUp) {
  Writer w({{"run_50m", 2}, {"no_such_item", 0}, {"vital_capacity", 0}});
  fitness::StudentRow row;
  row.grade = 11;
  row.sex = fitness::Sex::kMale;
  const int32_t runs[] = {1045, 1044, -1045};  // 10.45 → 10.5, 10.44 → 10.4, -10.45 → -10.5
  for (int32_t run : runs) {
    const int32_t v[] = {run, 7, 1600};
    w.Add(row, "", "", v, "G1", "甲", "01", "2018-01-01");
  }
  const std::string blob = w.Finish();
  fitness::Roster out(Standard().items().size());
  ASSERT_TRUE(Decode(Standard(), blob, "S", out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out.values(0)[Item("run_50m")], 105);
  EXPECT_EQ(out.values(1)[Item("run_50m")], 104);
  EXPECT_EQ(out.values(2)[Item("run_50m")], -105);
  EXPECT_EQ(out.values(0)[Item("vital_capacity")], 1600);
  EXPECT_EQ(out.values(0)[Item("rope_skipping")], fitness::kMissing) << "not in the blob";
}

// Every truncation and a trailing byte are refused as corrupt, never read
// past the end (the ASan build runs this too).
TEST(FitnessBlob, EveryTruncatedOrPaddedBlobIsRefusedAsCorrupt) {
  const fitness::Roster in = Sample();
  const std::string blob = Encode(Standard(), in, All(in));
  for (size_t n = 0; n < blob.size(); ++n) {
    fitness::Roster out(Standard().items().size());
    auto r = Decode(Standard(), std::string_view(blob).substr(0, n), "S", out);
    ASSERT_FALSE(r) << "length " << n;
    EXPECT_EQ(r.error().id, "storage.bad_fitness_blob");
  }
  fitness::Roster out(Standard().items().size());
  EXPECT_FALSE(Decode(Standard(), blob + "x", "S", out));
}

TEST(FitnessBlob, AScaleBeyondNineDecimalsIsRefusedAsCorrupt) {
  fitness::StudentRow row;
  row.grade = 11;
  row.sex = fitness::Sex::kMale;
  const int32_t v[] = {1045};
  for (int scale : {9, 10, 200}) {
    Writer w({{"run_50m", scale}});
    w.Add(row, "", "", v, "G1", "甲", "01", "2018-01-01");
    fitness::Roster out(Standard().items().size());
    auto r = Decode(Standard(), w.Finish(), "S", out);
    EXPECT_EQ(bool(r), scale <= 9) << scale;
    if (!r) {
      EXPECT_EQ(r.error().id, "storage.bad_fitness_blob");
    }
  }
}

TEST(FitnessBlob, AnImpossibleCodeIsRefusedAsCorrupt) {
  const fitness::Roster in = Sample();
  std::string blob = Encode(Standard(), in, All(in));
  // The sex column starts right after the class table; find it by writing
  // a blob whose only difference is the first student's sex.
  fitness::Roster other = Sample();
  fitness::Roster changed(Standard().items().size());
  for (size_t i = 0; i < other.size(); ++i) {
    fitness::StudentRow r = other.row(i);
    r.school = changed.School("3301020001");
    if (r.klass >= 0) r.klass = changed.Class(r.school, 11, "1101", "一年级1班");
    if (i == 0) r.sex = fitness::Sex::kFemale;
    changed.Add(r, other.values(i), other.student_id(i), other.name(i), other.ethnic(i),
                other.birth(i));
  }
  const std::string b2 = Encode(Standard(), changed, All(changed));
  ASSERT_EQ(b2.size(), blob.size());
  size_t at = 0;
  while (at < blob.size() && blob[at] == b2[at]) ++at;
  ASSERT_LT(at, blob.size());
  blob[at] = 3;  // neither 1 (男) nor 2 (女)
  fitness::Roster out(Standard().items().size());
  auto r = Decode(Standard(), blob, "S", out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "storage.bad_fitness_blob");
}

}  // namespace
}  // namespace jiaodu::fitness_blob
