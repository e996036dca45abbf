#include "jiaodu/core/civil_date.h"

#include <gtest/gtest.h>

namespace jiaodu {
namespace {

TEST(CivilDate, EpochLeapDaysAndCenturiesRoundTrip) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(CivilDigits(0), "19700101");
  EXPECT_EQ(CivilDigits(DaysFromCivil(2000, 2, 29)), "20000229");        // 400-year leap
  EXPECT_EQ(DaysFromCivil(1900, 3, 1) - DaysFromCivil(1900, 2, 28), 1);  // 1900 not leap
  EXPECT_EQ(CivilDigits(DaysFromCivil(1969, 12, 31)), "19691231");
  for (int64_t d = -800000; d <= 800000; d += 997) {
    CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
}

TEST(CivilDate, ExcelSerialsOfThe1900SystemDropTheTimeOfDay) {
  EXPECT_EQ(ExcelSerialDigits(25569), "19700101");
  EXPECT_EQ(ExcelSerialDigits(40969.75), "20120301");  // 2012-03-01 18:00
  EXPECT_EQ(ExcelSerialDigits(43831), "20200101");
}

TEST(CivilDate, IsoDatesRoundTripAndImpossibleDatesAreRefused) {
  EXPECT_EQ(IsoDate(DaysFromCivil(2026, 11, 24)), "2026-11-24");
  EXPECT_EQ(ParseIsoDate("2026-11-24"), DaysFromCivil(2026, 11, 24));
  EXPECT_EQ(ParseIsoDate("2024/02/29"), DaysFromCivil(2024, 2, 29));
  EXPECT_FALSE(ParseIsoDate("2026-02-29"));
  EXPECT_FALSE(ParseIsoDate("2026-13-01"));
  EXPECT_FALSE(ParseIsoDate("2026-1-1"));
  EXPECT_FALSE(ParseIsoDate("2026-11/24"));
  EXPECT_FALSE(ParseIsoDate(""));
}

}  // namespace
}  // namespace jiaodu
