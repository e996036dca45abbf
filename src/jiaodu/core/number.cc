#include "jiaodu/core/number.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "jiaodu/core/text.h"

namespace jiaodu {
namespace {

Error Invalid(std::string_view text) {
  return Error{ErrorCode::kInvalidInput,
               "number.invalid",
               Text(fmt::format("“{}”不是有效的数字", Ellipsize(text, 32)),
                    fmt::format("\"{}\" is not a valid number", Ellipsize(text, 32))),
               {},
               {}};
}

double Scale(double a, double b) { return std::max({1.0, std::fabs(a), std::fabs(b)}); }

}  // namespace

Result<double> ParseNumber(std::string_view raw, int pow10) {
  std::string norm = NormalizeWidth(raw);
  if (norm.empty()) return Fail(Invalid(raw));
  // Remove thousands separators, but only between digits ("1,234" yes, ",1" no).
  std::string digits;
  digits.reserve(norm.size() + 8);
  for (size_t i = 0; i < norm.size(); ++i) {
    char c = norm[i];
    if (c == ',') {
      bool between = i > 0 && i + 1 < norm.size() &&
                     std::isdigit(static_cast<unsigned char>(norm[i - 1])) &&
                     std::isdigit(static_cast<unsigned char>(norm[i + 1]));
      if (!between) return Fail(Invalid(raw));
      continue;
    }
    digits.push_back(c);
  }
  std::string_view s = digits;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return Fail(Invalid(raw));
  // from_chars accepts "inf"/"nan" and hex only in some modes; refuse any
  // letters other than an exponent marker.
  for (char c : s) {
    bool ok = std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == 'e' ||
              c == 'E' || c == '+';
    if (!ok) return Fail(Invalid(raw));
  }
  std::string scaled(s);
  if (pow10 != 0) {
    // Fold the scale into the exponent so the decimal is converted once,
    // correctly rounded.
    auto epos = scaled.find_first_of("eE");
    if (epos == std::string::npos) {
      scaled += fmt::format("e{}", pow10);
    } else {
      int exp = 0;
      std::string_view ev(scaled.c_str() + epos + 1);
      if (!ev.empty() && ev.front() == '+') ev.remove_prefix(1);
      auto [p, ec] = std::from_chars(ev.data(), ev.data() + ev.size(), exp);
      if (ec != std::errc() || p != ev.data() + ev.size()) return Fail(Invalid(raw));
      scaled = scaled.substr(0, epos) + fmt::format("e{}", exp + pow10);
    }
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(scaled.data(), scaled.data() + scaled.size(), value);
  if (ec != std::errc() || ptr != scaled.data() + scaled.size() || !std::isfinite(value)) {
    return Fail(Invalid(raw));
  }
  if (value == 0.0) value = 0.0;  // normalise -0
  return value;
}

bool ApproxEqual(double a, double b) {
  return std::fabs(a - b) <= kRelativeTolerance * Scale(a, b);
}
bool GreaterOrEqual(double a, double b) { return a >= b || ApproxEqual(a, b); }
bool LessOrEqual(double a, double b) { return a <= b || ApproxEqual(a, b); }
bool Greater(double a, double b) { return a > b && !ApproxEqual(a, b); }
bool Less(double a, double b) { return a < b && !ApproxEqual(a, b); }

double RoundHalfUp(double v, int decimals) {
  if (!std::isfinite(v) || decimals < 0 || decimals > 15) return v;
  // Shortest round-trip decimal in fixed notation: 2.675 → "2.675".
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::fixed);
  if (res.ec != std::errc()) return v;
  std::string s(buf, res.ptr);
  auto dot = s.find('.');
  if (dot == std::string::npos || s.size() - dot - 1 <= static_cast<size_t>(decimals)) return v;
  // Digits without the point; round at index `cut`.
  std::string digits = s.substr(0, dot) + s.substr(dot + 1);
  size_t cut = dot + static_cast<size_t>(decimals);
  bool up = digits[cut] >= '5';
  digits.resize(cut);
  if (up) {
    size_t i = digits.size();
    while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
    if (i == 0) {
      digits.insert(digits.begin(), '1');
    } else {
      ++digits[i - 1];
    }
  }
  std::string text = digits + "e-" + std::to_string(decimals);
  double out = 0;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return v < 0 ? -out : out;
}

std::string FormatFixed(double v, int decimals) {
  if (!std::isfinite(v)) return "—";
  double r = RoundHalfUp(v, decimals);
  if (r == 0.0) r = 0.0;
  return fmt::format("{:.{}f}", r, decimals);
}

std::string FormatGrouped(double v, int decimals) {
  std::string s = FormatFixed(v, decimals);
  if (s == "—") return s;
  bool neg = !s.empty() && s.front() == '-';
  if (neg) s.erase(0, 1);
  auto dot = s.find('.');
  std::string int_part = s.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : s.substr(dot);
  std::string grouped;
  int count = 0;
  for (auto it = int_part.rbegin(); it != int_part.rend(); ++it) {
    if (count > 0 && count % 3 == 0) grouped.push_back(',');
    grouped.push_back(*it);
    ++count;
  }
  std::reverse(grouped.begin(), grouped.end());
  return (neg ? "-" : "") + grouped + frac;
}

}  // namespace jiaodu
