#include "jiaodu/domain/planning/exact.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "jiaodu/core/number.h"

namespace jiaodu::planning {
namespace {

// 128-bit intermediates: a product of two int64 never overflows here.
// __extension__ keeps -Wpedantic quiet about the GNU type.
__extension__ typedef __int128 Wide;

int64_t Pow10(int n) {
  int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// q ÷ c rounded by `rounding`, symmetric around zero; c > 0.
Wide DivRound(Wide q, Wide c, Rounding rounding) {
  const bool negative = q < 0;
  if (negative) q = -q;
  Wide quotient = q / c;
  const Wide remainder = q % c;
  switch (rounding) {
    case Rounding::kHalfUp:
      if (2 * remainder >= c) ++quotient;
      break;
    case Rounding::kUp:
      if (remainder > 0) ++quotient;
      break;
    case Rounding::kDown:
      break;
  }
  return negative ? -quotient : quotient;
}

Wide Gcd(Wide a, Wide b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    Wide t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// `scaled` holds a value × 10^decimals; prints it with the point put back.
std::string FormatScaled(int64_t scaled, int decimals) {
  const bool negative = scaled < 0;
  // Magnitude as unsigned so INT64_MIN cannot overflow.
  uint64_t mag = negative ? 0 - static_cast<uint64_t>(scaled) : static_cast<uint64_t>(scaled);
  const auto p = static_cast<uint64_t>(Pow10(decimals));
  std::string out = fmt::format("{}{}", negative ? "-" : "", mag / p);
  if (decimals > 0) out += fmt::format(".{:0{}}", mag % p, decimals);
  return out;
}

Fraction Reduced(Wide num, Wide den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Wide g = Gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  return Fraction::Of(static_cast<int64_t>(num), static_cast<int64_t>(den));
}

}  // namespace

std::string_view RoundingName(Rounding r, bool english) {
  switch (r) {
    case Rounding::kHalfUp:
      return english ? "half up" : "四舍五入";
    case Rounding::kUp:
      return english ? "up" : "进一";
    case Rounding::kDown:
      return english ? "down" : "去尾";
  }
  return "?";
}

Result<Rounding> ParseRounding(std::string_view text) {
  if (text == "half_up" || text == "四舍五入") return Rounding::kHalfUp;
  if (text == "up" || text == "进一") return Rounding::kUp;
  if (text == "down" || text == "去尾") return Rounding::kDown;
  return Fail(ErrorCode::kInvalidInput, "planning.bad_rounding",
              Text(fmt::format("取整方式“{}”无效，应为 half_up（四舍五入）、up（进一）或 "
                               "down（去尾）",
                               text),
                   fmt::format("rounding \"{}\" is not half_up, up or down", text)));
}

int64_t MulDiv(int64_t a, int64_t b, int64_t c, Rounding rounding) {
  return static_cast<int64_t>(DivRound(static_cast<Wide>(a) * b, c, rounding));
}

Rate Rate::Ratio(int64_t num, int64_t den) { return Rate(MulDiv(num, kScale, den)); }

Result<Rate> Rate::Parse(std::string_view text) {
  // ParseNumber applies the 10^6 on the decimal text, so "0.95" gives
  // exactly 950000 and "0.9500001" gives 950000.1, which we refuse.
  auto scaled = ParseNumber(text, 6);
  if (!scaled || std::fabs(*scaled - std::round(*scaled)) > 1e-6 || std::fabs(*scaled) > 9e15) {
    return Fail(ErrorCode::kInvalidInput, "planning.rate_precision",
                Text(fmt::format("“{}”应为最多 6 位小数的数", text),
                     fmt::format("\"{}\" must be a number with at most 6 decimals", text)));
  }
  return Rate(std::llround(*scaled));
}

std::string Rate::ToString() const {
  std::string s = FormatScaled(m_, 6);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string Rate::ToFixed(int decimals) const {
  return FormatScaled(MulDiv(m_, 1, Pow10(6 - decimals)), decimals);
}

std::string Rate::PercentText(int decimals) const {
  // m_ millionths = m_ ÷ 10^4 percent.
  return FormatScaled(MulDiv(m_, 1, Pow10(4 - decimals)), decimals);
}

int64_t Rate::Apply(int64_t count, Rounding rounding) const {
  return MulDiv(count, m_, kScale, rounding);
}

Rate Rate::Times(Rate other) const { return Rate(MulDiv(m_, other.m_, kScale)); }

Fraction Fraction::Of(int64_t num, int64_t den) {
  Fraction f;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const auto g = static_cast<int64_t>(Gcd(num, den));
  f.num_ = g > 1 ? num / g : num;
  f.den_ = g > 1 ? den / g : den;
  return f;
}

Fraction Fraction::operator+(const Fraction& o) const {
  return Reduced(static_cast<Wide>(num_) * o.den_ + static_cast<Wide>(o.num_) * den_,
                 static_cast<Wide>(den_) * o.den_);
}

Fraction Fraction::operator-(const Fraction& o) const {
  return Reduced(static_cast<Wide>(num_) * o.den_ - static_cast<Wide>(o.num_) * den_,
                 static_cast<Wide>(den_) * o.den_);
}

Fraction Fraction::operator*(const Fraction& o) const {
  return Reduced(static_cast<Wide>(num_) * o.num_, static_cast<Wide>(den_) * o.den_);
}

Fraction Fraction::operator/(const Fraction& o) const {
  return Reduced(static_cast<Wide>(num_) * o.den_, static_cast<Wide>(den_) * o.num_);
}

std::strong_ordering Fraction::operator<=>(const Fraction& o) const {
  const Wide l = static_cast<Wide>(num_) * o.den_;
  const Wide r = static_cast<Wide>(o.num_) * den_;
  if (l < r) return std::strong_ordering::less;
  if (l > r) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

int64_t Fraction::Round(Rounding rounding) const { return MulDiv(num_, 1, den_, rounding); }

std::string Fraction::ToFixed(int decimals) const {
  return FormatScaled(MulDiv(num_, Pow10(decimals), den_), decimals);
}

}  // namespace jiaodu::planning
