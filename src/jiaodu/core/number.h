// File: jiaodu/core/number.h
//
// Numbers as users write them, and comparisons as the standards mean them.
//
// ParseNumber("１,234.5") == 1234.5; ParseNumber("12.34", /*pow10=*/4) ==
// 123400 exactly: a unit change (万元 → 元) is applied to the decimal text,
// not by multiplying a binary double, so an entry of exactly the threshold
// stays exactly the threshold.
#ifndef JIAODU_CORE_NUMBER_H_
#define JIAODU_CORE_NUMBER_H_

#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu {

// Parses a decimal number typed by a user: optional sign, digits with
// optional thousands separators (","), optional fraction, optional exponent,
// full-width forms folded. Empty or non-numeric text fails with
// id "number.invalid". `pow10` scales the value by 10^pow10 exactly.
Result<double> ParseNumber(std::string_view text, int pow10 = 0);

// Comparisons used for every threshold check. Indicator values are ratios of
// decimal inputs; a value that is exactly on a threshold on paper can come
// out one ulp below it in binary (e.g. 0.3 / 0.1). We therefore treat values
// within a relative 1e-9 of the threshold as equal to it. That is nine orders
// of magnitude below any precision a standard prints, so it never changes a
// real verdict: it only removes binary noise (see docs/standards.md, D2).
inline constexpr double kRelativeTolerance = 1e-9;
bool ApproxEqual(double a, double b);
bool GreaterOrEqual(double a, double b);  // a ≥ b (with the tolerance)
bool LessOrEqual(double a, double b);     // a ≤ b
bool Greater(double a, double b);         // a > b and not ≈ b
bool Less(double a, double b);            // a < b and not ≈ b

// Rounds half away from zero (四舍五入) at `decimals` places, working on the
// shortest decimal representation of `v` so that 2.675 → 2.68 as on paper.
double RoundHalfUp(double v, int decimals);

// Formats with exactly `decimals` places after RoundHalfUp ("0.52", "2000.00").
std::string FormatFixed(double v, int decimals);

// Formats with thousands separators for money and areas ("84,000").
std::string FormatGrouped(double v, int decimals);

}  // namespace jiaodu

#endif  // JIAODU_CORE_NUMBER_H_
