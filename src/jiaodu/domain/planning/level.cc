#include "jiaodu/domain/planning/level.h"

#include <fmt/format.h>

namespace jiaodu::planning {

std::string_view LevelName(Level l, bool english) {
  switch (l) {
    case Level::kPreschool:
      return english ? "preschool" : "幼儿园";
    case Level::kPrimary:
      return english ? "primary" : "小学";
    case Level::kJunior:
      return english ? "junior" : "初中";
    case Level::kSenior:
      return english ? "senior" : "高中";
  }
  return "?";
}

Result<Level> ParseLevel(std::string_view text) {
  if (text == "幼儿园" || text == "学前" || text == "学前教育" || text == "preschool")
    return Level::kPreschool;
  if (text == "小学" || text == "primary") return Level::kPrimary;
  if (text == "初中" || text == "junior") return Level::kJunior;
  if (text == "高中" || text == "普通高中" || text == "senior") return Level::kSenior;
  return Fail(ErrorCode::kInvalidInput, "planning.bad_level",
              Text(fmt::format("学段“{}”无效，应为 幼儿园、小学、初中 或 高中", text),
                   fmt::format("level \"{}\" is not 幼儿园, 小学, 初中 or 高中", text)));
}

}  // namespace jiaodu::planning
