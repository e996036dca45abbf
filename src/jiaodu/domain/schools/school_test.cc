#include "jiaodu/domain/schools/school.h"

#include <gtest/gtest.h>

namespace jiaodu {
namespace {

TEST(SchoolCode, ExactlyTenDigitsIsValid) {
  EXPECT_TRUE(ValidateSchoolCode("2133001234"));
  for (const char* bad : {"213300123", "21330012345", "21330O1234", "", "2133 01234"}) {
    auto s = ValidateSchoolCode(bad);
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.error().id, "school.code_invalid");
  }
}

TEST(AreaCode, SixOrNineDigits) {
  EXPECT_TRUE(ValidateAreaCode("330102"));
  EXPECT_TRUE(ValidateAreaCode("330102001"));
  EXPECT_FALSE(ValidateAreaCode("3301"));
}

TEST(AreaTree, CountiesUnderACityInCodeOrder) {
  AreaTree tree({{"330100", "示范市", AreaLevel::kCity, ""},
                 {"330103", "乙区", AreaLevel::kCounty, "330100"},
                 {"330102", "甲区", AreaLevel::kCounty, "330100"},
                 {"330102001", "某街道", AreaLevel::kTown, "330102"}});
  auto counties = tree.CountiesUnder("330100");
  ASSERT_EQ(counties.size(), 2u);
  EXPECT_EQ(counties[0]->name, "甲区");
  EXPECT_EQ(tree.CountiesUnder("330103").size(), 1u);
  EXPECT_EQ(tree.Roots().size(), 1u);
  EXPECT_EQ(tree.Find("999999"), nullptr);
}

}  // namespace
}  // namespace jiaodu
