#include "jiaodu/core/text.h"

#include <gtest/gtest.h>

namespace jiaodu {
namespace {

TEST(Text, NormalizeWidthFoldsFullWidthAndTrimsIdeographicSpace) {
  EXPECT_EQ(NormalizeWidth("\xE3\x80\x80１２３．５　"), "123.5");
  EXPECT_EQ(NormalizeWidth("（男）"), "(男)");
  EXPECT_EQ(NormalizeWidth("  plain "), "plain");
}

TEST(Text, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("学校标识码"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xE5\xAD"));      // truncated
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_EQ(Utf8Length("在校生数"), 4u);
  EXPECT_EQ(Ellipsize("一二三四五", 3), "一二三…");
}

}  // namespace
}  // namespace jiaodu
