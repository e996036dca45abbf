#include "jiaodu/core/academic_year.h"

#include <fmt/format.h>

#include <charconv>

#include "jiaodu/core/text.h"

namespace jiaodu {
namespace {

Error BadYear(std::string_view text) {
  return Error{
      ErrorCode::kInvalidInput,
      "year.invalid",
      Text(fmt::format("学年“{}”无法识别，应写作“2024-2025”或“2024”", text),
           fmt::format("academic year \"{}\" not recognised; write \"2024-2025\" or \"2024\"",
                       text)),
      {},
      {}};
}

}  // namespace

Result<AcademicYear> AcademicYear::Parse(std::string_view raw) {
  std::string text = NormalizeWidth(raw);
  std::string_view s = Trim(text);
  constexpr std::string_view kSuffix = "学年";
  if (s.ends_with(kSuffix)) s.remove_suffix(kSuffix.size());
  s = Trim(s);
  // Leading 4 digits.
  int first = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), first);
  if (ec != std::errc() || p - s.data() != 4) return Fail(BadYear(raw));
  std::string_view rest = s.substr(4);
  if (!rest.empty()) {
    // A separator, then the second year.
    for (std::string_view sep : {"-", "—", "–", "/", "~", "～", "至"}) {
      if (rest.starts_with(sep)) {
        rest.remove_prefix(sep.size());
        break;
      }
    }
    int second = 0;
    auto [q, ec2] = std::from_chars(rest.data(), rest.data() + rest.size(), second);
    if (ec2 != std::errc() || q != rest.data() + rest.size() || second != first + 1) {
      return Fail(BadYear(raw));
    }
  }
  AcademicYear y(first);
  if (!y.valid()) return Fail(BadYear(raw));
  return y;
}

std::string AcademicYear::Label() const { return fmt::format("{}-{}学年", start_, start_ + 1); }
std::string AcademicYear::LabelEn() const { return fmt::format("{}-{}", start_, start_ + 1); }
std::string AcademicYear::Key() const { return std::to_string(start_); }

}  // namespace jiaodu
