#include "jiaodu/core/academic_year.h"

#include <gtest/gtest.h>

namespace jiaodu {
namespace {

TEST(AcademicYear, ParsesTheWaysClerksWriteIt) {
  for (const char* s : {"2024", "2024-2025", "2024—2025学年", "2024/2025", "２０２４－２０２５",
                        " 2024～2025 学年"}) {
    auto y = AcademicYear::Parse(s);
    ASSERT_TRUE(y.has_value()) << s;
    EXPECT_EQ(y->start(), 2024) << s;
  }
  EXPECT_EQ(AcademicYear(2024).Label(), "2024-2025学年");
}

TEST(AcademicYear, RefusesNonConsecutiveOrGarbage) {
  for (const char* s : {"2024-2026", "24-25", "二〇二四", "", "1999", "2024-"}) {
    auto y = AcademicYear::Parse(s);
    ASSERT_FALSE(y.has_value()) << s;
    EXPECT_EQ(y.error().id, "year.invalid");
  }
}

}  // namespace
}  // namespace jiaodu
