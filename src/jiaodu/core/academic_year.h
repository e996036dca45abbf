// File: jiaodu/core/academic_year.h
//
// A school year (学年), named by the calendar year it starts in: the
// 2024-2025学年 starts in September 2024 and is what the 2024 education
// statistics (教育事业统计, taken in September) describe. Every figure in
// jiaodu carries one.
//
//   auto y = AcademicYear::Parse("2024—2025学年");   // y->start() == 2024
//   y->Label()                                       // "2024-2025学年"
#ifndef JIAODU_CORE_ACADEMIC_YEAR_H_
#define JIAODU_CORE_ACADEMIC_YEAR_H_

#include <compare>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu {

class AcademicYear {
 public:
  static constexpr int kMin = 2000;
  static constexpr int kMax = 2100;

  constexpr AcademicYear() = default;
  constexpr explicit AcademicYear(int start_year) : start_(start_year) {}

  // Accepts "2024", "2024-2025", "2024—2025学年", "2024/2025", "2024～2025"
  // and full-width digits. The two years must be consecutive.
  static Result<AcademicYear> Parse(std::string_view text);

  constexpr int start() const { return start_; }
  constexpr bool valid() const { return start_ >= kMin && start_ <= kMax; }
  std::string Label() const;    // "2024-2025学年"
  std::string LabelEn() const;  // "2024-2025"
  std::string Key() const;      // "2024" (storage and URLs)

  constexpr auto operator<=>(const AcademicYear&) const = default;

 private:
  int start_ = 0;
};

}  // namespace jiaodu

#endif  // JIAODU_CORE_ACADEMIC_YEAR_H_
