// File: jiaodu/core/civil_date.h
//
// Proleptic Gregorian dates as day counts since 1970-01-01 and back
// (H. Hinnant's algorithms), for the few places that turn a number into a
// date: Excel serial dates in uploaded files (1900 system: serial 25569 =
// 1970-01-01) and the demo's birth dates. No time zones, no locale.
#ifndef JIAODU_CORE_CIVIL_DATE_H_
#define JIAODU_CORE_CIVIL_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jiaodu {

struct CivilDate {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day);
// The same for a date typed by a user: nullopt unless it exists (no
// 2026-02-30, no month 13).
std::optional<int64_t> CheckedDaysFromCivil(int64_t year, int64_t month, int64_t day);
CivilDate CivilFromDays(int64_t days);
// "20120301": the 8-digit form the national fitness template uses.
std::string CivilDigits(int64_t days);
// An Excel 1900-system serial (fraction = time of day, dropped) → "YYYYMMDD".
// Workbooks in the 1904 system (a Mac option, rare) would be 4 years off:
// their serials are 1462 days smaller.
std::string ExcelSerialDigits(double serial);
// "2026-11-24" ↔ day number (the API's and the task log's dates). Parsing
// accepts exactly YYYY-MM-DD (also YYYY/MM/DD) with a real calendar date.
std::string IsoDate(int64_t days);
std::optional<int64_t> ParseIsoDate(std::string_view text);

}  // namespace jiaodu

#endif  // JIAODU_CORE_CIVIL_DATE_H_
