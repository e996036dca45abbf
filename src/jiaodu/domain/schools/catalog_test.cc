#include "jiaodu/domain/schools/catalog.h"

#include <gtest/gtest.h>

namespace jiaodu {
namespace {

FieldDef Students() {
  FieldDef f;
  f.id = "students";
  f.name = Text("在校生数", "Students");
  f.unit = Text("人", "persons");
  f.kind = FieldKind::kInteger;
  f.max = 10000;
  return f;
}

TEST(FieldValidation, NegativeValueIsRefusedInChinese) {
  auto s = ValidateFieldValue(Students(), -3);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "field.negative");
  EXPECT_NE(s.error().message.zh.find("不能为负数"), std::string::npos);
}

TEST(FieldValidation, FractionalCountIsRefused) {
  auto s = ValidateFieldValue(Students(), 12.5);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "field.not_integer");
}

TEST(FieldValidation, ImplausiblyLargeValueIsRefused) {
  EXPECT_TRUE(ValidateFieldValue(Students(), 10000));
  auto s = ValidateFieldValue(Students(), 10001);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "field.above_max");
}

TEST(FieldCatalog, IndexLookup) {
  FieldCatalog c("t", Text::Same("t"), {Students()});
  EXPECT_EQ(c.IndexOf("students"), 0u);
  EXPECT_FALSE(c.IndexOf("nope"));
}

}  // namespace
}  // namespace jiaodu
