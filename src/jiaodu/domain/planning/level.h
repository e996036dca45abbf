// File: jiaodu/domain/planning/level.h
//
// The four school levels (学段) planning works on, in the order children go
// through them, and the notice every planning computation returns beside
// its numbers when data are missing or were filled by a default.
#ifndef JIAODU_DOMAIN_PLANNING_LEVEL_H_
#define JIAODU_DOMAIN_PLANNING_LEVEL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu::planning {

enum class Level : uint8_t { kPreschool = 0, kPrimary = 1, kJunior = 2, kSenior = 3 };
inline constexpr std::array<Level, 4> kLevels = {Level::kPreschool, Level::kPrimary, Level::kJunior,
                                                 Level::kSenior};
constexpr size_t LevelIndex(Level l) { return static_cast<size_t>(l); }

// 幼儿园 / 小学 / 初中 / 高中 (English: preschool / primary / junior / senior).
std::string_view LevelName(Level l, bool english = false);
// Accepts the Chinese names (also 学前, 普通高中), the English ones and the
// engine's stage keys (primary, junior, senior); else planning.bad_level.
Result<Level> ParseLevel(std::string_view text);

// Something the caller should show beside the numbers: data that were
// missing (an area with no births, a school with no class roster) or a
// figure that came from a default rather than the county's own data. Ids
// are stable (docs/errors.md); messages are zh-CN with an English twin.
struct Notice {
  std::string id;
  Text message;
  std::string area;    // the area code it is about, if any
  std::string school;  // the school code it is about, if any
};

}  // namespace jiaodu::planning

#endif  // JIAODU_DOMAIN_PLANNING_LEVEL_H_
