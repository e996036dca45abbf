#include "jiaodu/domain/planning/level.h"

#include <gtest/gtest.h>

namespace jiaodu::planning {
namespace {

TEST(Level, ChineseEnglishAndStageNamesAllParse) {
  EXPECT_EQ(*ParseLevel("幼儿园"), Level::kPreschool);
  EXPECT_EQ(*ParseLevel("学前"), Level::kPreschool);
  EXPECT_EQ(*ParseLevel("小学"), Level::kPrimary);
  EXPECT_EQ(*ParseLevel("junior"), Level::kJunior);
  EXPECT_EQ(*ParseLevel("普通高中"), Level::kSenior);
  for (Level l : kLevels) {
    EXPECT_EQ(*ParseLevel(LevelName(l)), l);
    EXPECT_EQ(*ParseLevel(LevelName(l, true)), l);
  }
}

TEST(Level, UnknownLevelIsAnErrorWithItsId) {
  auto r = ParseLevel("大学");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "planning.bad_level");
  EXPECT_NE(r.error().message.zh.find("大学"), std::string::npos);
}

}  // namespace
}  // namespace jiaodu::planning
