#include "jiaodu/storage/codec/quality_blob.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace jiaodu::quality_blob {
namespace {

using quality::kNoValue;
using quality::ScoreRow;
using quality::ScoreSet;

// Two schools; school 0 has two subjects, a class and one without, one
// student with a background index and one without.
ScoreSet Sample(double first_score = 87.5) {
  ScoreSet set;
  const uint32_t a = set.School("3301020001", "一中");
  const uint32_t b = set.School("3301020002", "二中");
  const uint16_t math = set.Subject("数学"), chinese = set.Subject("语文");
  const uint16_t g8 = set.Grade("八年级");
  auto add = [&](uint32_t school, std::string_view id, std::string_view klass, uint16_t subject,
                 double score, double background, double prior, uint32_t row) {
    ScoreRow r;
    r.school = school;
    r.klass = set.Class(school, klass);
    r.student = set.Student(id);
    r.subject = subject;
    r.grade = g8;
    r.sex = row % 2 == 0 ? quality::Sex::kFemale : quality::Sex::kMale;
    r.score = score;
    r.background = background;
    r.prior = prior;
    r.source_row = row;
    set.Add(r);
  };
  add(a, "S001", "八年级1班", math, first_score, 0.25, 80, 3);
  add(a, "S001", "八年级1班", chinese, 101, 0.25, 80, 4);
  add(b, "S900", "", math, 60, kNoValue, kNoValue, 3);
  add(a, "S002", "", math, 0, kNoValue, 71.5, 5);
  return set;
}

std::vector<uint32_t> RowsOf(const ScoreSet& set, uint32_t school) {
  std::vector<uint32_t> rows;
  for (uint32_t i = 0; i < set.rows().size(); ++i) {
    if (set.rows()[i].school == school) rows.push_back(i);
  }
  return rows;
}

bool SameDouble(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

TEST(QualityBlob, RoundTripKeepsEveryRowFieldBitForBit) {
  const ScoreSet in = Sample();
  const std::string blob = Encode(in, RowsOf(in, 0));
  ScoreSet out;
  ASSERT_TRUE(Decode(blob, "3301020001", out));
  ASSERT_EQ(out.rows().size(), 3u);
  ASSERT_EQ(out.schools().size(), 1u);
  EXPECT_EQ(out.schools()[0].code, "3301020001");
  const std::vector<uint32_t> src = RowsOf(in, 0);
  for (size_t i = 0; i < src.size(); ++i) {
    const ScoreRow& a = in.rows()[src[i]];
    const ScoreRow& b = out.rows()[i];
    EXPECT_EQ(in.student_id(a.student), out.student_id(b.student));
    EXPECT_EQ(in.subjects()[a.subject], out.subjects()[b.subject]);
    EXPECT_EQ(in.grades()[a.grade], out.grades()[b.grade]);
    EXPECT_EQ(in.classes()[a.klass].label, out.classes()[b.klass].label);
    EXPECT_EQ(a.sex, b.sex);
    EXPECT_EQ(a.source_row, b.source_row);
    EXPECT_TRUE(SameDouble(a.score, b.score)) << a.score << " vs " << b.score;
    EXPECT_TRUE(SameDouble(a.background, b.background));
    EXPECT_TRUE(SameDouble(a.prior, b.prior));
  }
  EXPECT_EQ(out.rows()[2].klass, 0u) << "a row without a class stays without one";
}

TEST(QualityBlob, DecimalScoresComeBackAsTheSameDoubleAsTheirText) {
  // 0.1 and 99.99 are not exact binaries: ticks ÷ 10^s must give back the
  // very double the reader parsed from the text.
  for (double x : {0.1, 99.99, 72.125, 119.5, 1e-6}) {
    const ScoreSet in = Sample(x);
    ScoreSet out;
    ASSERT_TRUE(Decode(Encode(in, RowsOf(in, 0)), "3301020001", out));
    EXPECT_TRUE(SameDouble(out.rows()[0].score, x)) << x;
  }
}

TEST(QualityBlob, ScoresWithMoreThanSixDecimalsAreStoredAsDoubles) {
  const double x = 1.0 / 3.0;
  const ScoreSet in = Sample(x);
  ScoreSet out;
  ASSERT_TRUE(Decode(Encode(in, RowsOf(in, 0)), "3301020001", out));
  EXPECT_TRUE(SameDouble(out.rows()[0].score, x));
}

TEST(QualityBlob, TwoSchoolsDecodedIntoOneSetShareSubjectsButNotClasses) {
  const ScoreSet in = Sample();
  ScoreSet out;
  ASSERT_TRUE(Decode(Encode(in, RowsOf(in, 0)), "3301020001", out));
  ASSERT_TRUE(Decode(Encode(in, RowsOf(in, 1)), "3301020002", out));
  EXPECT_EQ(out.schools().size(), 2u);
  EXPECT_EQ(out.subjects().size(), 2u);
  EXPECT_EQ(out.rows().back().school, 1u);
  EXPECT_EQ(out.subjects()[out.rows().back().subject], "数学");
}

TEST(QualityBlob, EveryTruncationIsReportedCorruptAndAddsNothing) {
  const ScoreSet in = Sample();
  const std::string blob = Encode(in, RowsOf(in, 0));
  for (size_t cut = 0; cut < blob.size(); ++cut) {
    ScoreSet out;
    Status st = Decode(std::string_view(blob).substr(0, cut), "3301020001", out);
    ASSERT_FALSE(st) << "cut at " << cut;
    EXPECT_EQ(st.error().id, "storage.bad_quality_blob");
    EXPECT_TRUE(out.rows().empty());
    EXPECT_TRUE(out.schools().empty());
  }
  ScoreSet out;
  EXPECT_FALSE(Decode(blob + "x", "3301020001", out)) << "trailing bytes";
}

TEST(QualityBlob, AnIndexOutsideItsTableIsCorrupt) {
  const ScoreSet in = Sample();
  std::string blob = Encode(in, RowsOf(in, 0));
  // The student column follows the student table; its width byte, then the
  // first entry. Point the first row at student 7 of 2.
  const size_t table_end = blob.find("S002") + 4;
  ASSERT_EQ(static_cast<uint8_t>(blob[table_end]), 1u);
  blob[table_end + 1] = 7;
  ScoreSet out;
  Status st = Decode(blob, "3301020001", out);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().id, "storage.bad_quality_blob");
}

}  // namespace
}  // namespace jiaodu::quality_blob
