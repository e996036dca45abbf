// File: jiaodu/domain/planning/exact.h
//
// Exact arithmetic for planning. People are counted in whole numbers, and a
// county's 编制 or a forecast must come out the same on every machine and on
// paper, so nothing here is a binary double:
//
//   Rate     a decimal with exactly six places (millionths), for rates and
//            ratios: entry rates, progression ratios, 1:13.5 编制 ratios.
//            0.95 is 950000 millionths; "1/3" does not exist (ratios of
//            counts are rounded half up at the sixth place, decision D2).
//   Fraction an exact rational, for sums of quotients whose denominators
//            differ (students ÷ 19 + students ÷ 13.5 + boarders ÷ 50), rounded
//            to whole posts only once at the end (decision D16).
//
// Rounding is always explicit: RoundHalfUp (四舍五入, half away from zero),
// RoundUp, RoundDown.
#ifndef JIAODU_DOMAIN_PLANNING_EXACT_H_
#define JIAODU_DOMAIN_PLANNING_EXACT_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu::planning {

// How a fractional count becomes whole: 四舍五入, 进一 or 去尾.
enum class Rounding { kHalfUp, kUp, kDown };
std::string_view RoundingName(Rounding r, bool english = false);
// "half_up" / "四舍五入", "up" / "进一", "down" / "去尾" (id planning.bad_rounding).
Result<Rounding> ParseRounding(std::string_view text);

// round(a × b ÷ c) with the given rule, exactly (128-bit intermediate);
// c > 0. The building block of every projection step.
int64_t MulDiv(int64_t a, int64_t b, int64_t c, Rounding rounding = Rounding::kHalfUp);

class Rate {
 public:
  static constexpr int64_t kScale = 1'000'000;

  constexpr Rate() = default;
  static constexpr Rate FromMillionths(int64_t m) { return Rate(m); }
  static constexpr Rate Whole(int64_t n) { return Rate(n * kScale); }
  // num ÷ den rounded half up at the sixth decimal; den > 0.
  static Rate Ratio(int64_t num, int64_t den);
  // Decimal text as written in a data file ("0.95", "13.5", "-0.005", "1");
  // more than six decimals is an error (planning.rate_precision), not a
  // silent rounding: a parameter means exactly what it says.
  static Result<Rate> Parse(std::string_view text);

  constexpr int64_t millionths() const { return m_; }
  constexpr bool positive() const { return m_ > 0; }
  constexpr bool zero() const { return m_ == 0; }
  double ToDouble() const { return static_cast<double>(m_) / static_cast<double>(kScale); }
  // Shortest exact text: 0.95 → "0.95", 19 → "19", -0.005 → "-0.005".
  std::string ToString() const;
  // Rounded half up at `decimals` (≤ 6) places, zeros kept: "0.950".
  std::string ToFixed(int decimals) const;
  // As a percentage with `decimals` places: 0.0514 → "5.1" (decimals 1).
  std::string PercentText(int decimals) const;

  // count × rate, rounded to a whole count.
  int64_t Apply(int64_t count, Rounding rounding = Rounding::kHalfUp) const;
  // this × other, rounded half up at the sixth decimal.
  Rate Times(Rate other) const;
  constexpr Rate operator+(Rate o) const { return Rate(m_ + o.m_); }
  constexpr Rate operator-(Rate o) const { return Rate(m_ - o.m_); }
  constexpr auto operator<=>(const Rate&) const = default;

 private:
  constexpr explicit Rate(int64_t m) : m_(m) {}
  int64_t m_ = 0;
};

// An exact non-negative or negative rational num/den, always reduced with
// den > 0. Denominators in planning stay small (19, 27, 25, 50 ...), so
// int64 holds every realistic county; intermediates use 128 bits.
class Fraction {
 public:
  constexpr Fraction() = default;
  static Fraction Of(int64_t num, int64_t den = 1);  // den ≠ 0
  static Fraction FromRate(Rate r) { return Of(r.millionths(), Rate::kScale); }

  constexpr int64_t num() const { return num_; }
  constexpr int64_t den() const { return den_; }

  Fraction operator+(const Fraction& o) const;
  Fraction operator-(const Fraction& o) const;
  Fraction operator*(const Fraction& o) const;
  Fraction operator/(const Fraction& o) const;  // o ≠ 0
  std::strong_ordering operator<=>(const Fraction& o) const;
  bool operator==(const Fraction& o) const = default;

  int64_t Round(Rounding rounding) const;
  // Decimal text rounded half up: Of(191, 19).ToFixed(2) == "10.05".
  std::string ToFixed(int decimals) const;

 private:
  int64_t num_ = 0;
  int64_t den_ = 1;
};

}  // namespace jiaodu::planning

#endif  // JIAODU_DOMAIN_PLANNING_EXACT_H_
