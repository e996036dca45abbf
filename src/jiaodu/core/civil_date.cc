#include "jiaodu/core/civil_date.h"

#include <fmt/format.h>

#include <cmath>

namespace jiaodu {

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<int64_t> CheckedDaysFromCivil(int64_t y, int64_t m, int64_t d) {
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const int64_t days = DaysFromCivil(y, m, d);
  const CivilDate back = CivilFromDays(days);  // 2026-02-30 does not come back
  if (back.month != m || back.day != d) return std::nullopt;
  return days;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  return CivilDate{y, static_cast<int>(m), static_cast<int>(d)};
}

std::string CivilDigits(int64_t days) {
  const CivilDate c = CivilFromDays(days);
  return fmt::format("{:04}{:02}{:02}", c.year, c.month, c.day);
}

std::string ExcelSerialDigits(double serial) {
  return CivilDigits(static_cast<int64_t>(std::floor(serial)) - 25569);
}

std::string IsoDate(int64_t days) {
  const CivilDate c = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::optional<int64_t> ParseIsoDate(std::string_view t) {
  if (t.size() != 10 || (t[4] != '-' && t[4] != '/') || t[7] != t[4]) return std::nullopt;
  int v[3] = {0, 0, 0};
  const size_t start[3] = {0, 5, 8}, len[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (size_t i = start[k]; i < start[k] + len[k]; ++i) {
      if (t[i] < '0' || t[i] > '9') return std::nullopt;
      v[k] = v[k] * 10 + (t[i] - '0');
    }
  }
  return CheckedDaysFromCivil(v[0], v[1], v[2]);
}

}  // namespace jiaodu
