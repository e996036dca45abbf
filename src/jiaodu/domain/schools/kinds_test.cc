#include "jiaodu/domain/schools/kinds.h"

#include <gtest/gtest.h>

namespace jiaodu {
namespace {

TEST(Kinds, SchoolTypeAcceptsOfficialNameShortFormAndEnglish) {
  EXPECT_EQ(*ParseSchoolType("九年一贯制学校"), SchoolType::kNineYear);
  EXPECT_EQ(*ParseSchoolType("九年一贯制"), SchoolType::kNineYear);
  EXPECT_EQ(*ParseSchoolType("教学点"), SchoolType::kTeachingPoint);
  EXPECT_EQ(*ParseSchoolType(" 完全中学 "), SchoolType::kComplete);
  EXPECT_EQ(*ParseSchoolType("nine_year"), SchoolType::kNineYear);
  EXPECT_EQ(*ParseSchoolType("Primary school"), SchoolType::kPrimary);
}

TEST(Kinds, UnknownSchoolTypeListsTheAcceptedNames) {
  auto r = ParseSchoolType("贵族学校");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "kind.school_type");
  EXPECT_NE(r.error().message.zh.find("九年一贯制学校"), std::string::npos);
  EXPECT_NE(r.error().message.zh.find("贵族学校"), std::string::npos);
}

TEST(Kinds, OneSchoolTypeDeterminesItsSections) {
  ASSERT_EQ(StagesOf(SchoolType::kNineYear).size(), 2u);
  EXPECT_EQ(StagesOf(SchoolType::kComplete)[0], Stage::kJunior);
  EXPECT_EQ(StagesOf(SchoolType::kComplete)[1], Stage::kSenior);
  EXPECT_EQ(StagesOf(SchoolType::kTwelveYear).size(), 3u);
  EXPECT_EQ(StagesOf(SchoolType::kTeachingPoint)[0], Stage::kPrimary);
}

TEST(Kinds, LocaleOwnershipYesNo) {
  EXPECT_EQ(*ParseLocale("乡村"), Locale::kRural);
  EXPECT_EQ(*ParseLocale("农村"), Locale::kRural);
  EXPECT_EQ(*ParseOwnership("民办"), Ownership::kPrivate);
  EXPECT_TRUE(*ParseYesNo("是"));
  EXPECT_FALSE(*ParseYesNo("否"));
  EXPECT_FALSE(ParseYesNo("可能").has_value());
  EXPECT_EQ(*ParseStage("初中部"), Stage::kJunior);
}

}  // namespace
}  // namespace jiaodu
