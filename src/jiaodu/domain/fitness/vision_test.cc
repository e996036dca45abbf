#include "jiaodu/domain/fitness/vision.h"

#include <gtest/gtest.h>

namespace jiaodu::fitness {
namespace {

VisionRule Rule() {
  VisionRule r;
  r.poor_grades = {
      {Text("轻度", "mild"), 49}, {Text("中度", "moderate"), 46}, {Text("重度", "severe"), 0}};
  return r;
}

VisionResult Eyes(int32_t r, int32_t l, int32_t se_r = kMissing, int32_t se_l = kMissing) {
  VisionInput in;
  in.ucva = {r, l};
  in.se = {se_r, se_l};
  return Screen(Rule(), in);
}

TEST(ScreeningMyopia, AcuityBelowFiveWithSeAtMinusHalfIsMyopia) {
  EXPECT_EQ(Eyes(49, 50, -50, 0).status, VisionStatus::kMyopia);  // exactly −0.50 D
  EXPECT_EQ(Eyes(49, 50, -25, 0).status, VisionStatus::kPoorNotMyopic);
}

TEST(ScreeningMyopia, AcuityExactlyFiveIsNormalWhateverTheSe) {
  EXPECT_EQ(Eyes(50, 50, -100, -100).status, VisionStatus::kNormal);
}

TEST(ScreeningMyopia, EitherEyeMakesTheStudentMyopic) {
  EXPECT_EQ(Eyes(50, 47, kMissing, -125).status, VisionStatus::kMyopia);
}

TEST(ScreeningMyopia, PoorAcuityWithoutRefractionIsCountedApart) {
  auto v = Eyes(48, 50);
  EXPECT_EQ(v.status, VisionStatus::kPoorNoRefraction);
  EXPECT_EQ(v.poor_grade, 1);  // 4.8 → 中度
}

TEST(ScreeningMyopia, OneEyeMissingIsNotScreened) {
  EXPECT_EQ(Eyes(kMissing, 50).status, VisionStatus::kNotScreened);
}

TEST(ScreeningMyopia, PoorVisionGradeFollowsTheWorseEye) {
  EXPECT_EQ(Eyes(49, 50, -75, 0).poor_grade, 0);
  EXPECT_EQ(Eyes(46, 49, -75, -75).poor_grade, 1);
  EXPECT_EQ(Eyes(45, 49, -75, -75).poor_grade, 2);
  EXPECT_EQ(Eyes(50, 51).poor_grade, -1);
}

TEST(ParseDioptre, SignsAndSuffixes) {
  EXPECT_EQ(*ParseDioptre("-0.75"), -75);
  EXPECT_EQ(*ParseDioptre("−1.25D"), -125);
  EXPECT_EQ(*ParseDioptre("+0.5"), 50);
  EXPECT_EQ(*ParseDioptre("0"), 0);
  EXPECT_FALSE(ParseDioptre("abc"));
  EXPECT_FALSE(ParseDioptre("-0.755"));
}

}  // namespace
}  // namespace jiaodu::fitness
