// Loads the shipped fitness standard and vision rule for the tests.
#ifndef JIAODU_FORMATS_FITNESS_FILE_TEST_UTIL_H_
#define JIAODU_FORMATS_FITNESS_FILE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "jiaodu/formats/fitness_file/fitness_file.h"

namespace jiaodu::testing {

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::shared_ptr<const fitness::FitnessStandard> ShippedFitnessStandard() {
  static std::shared_ptr<const fitness::FitnessStandard> s = [] {
    auto r = ParseFitnessStandard(
        ReadText(std::string(JIAODU_TEST_DATA_DIR) + "/fitness/cn-tzjk-2014.toml"),
        "cn-tzjk-2014.toml");
    EXPECT_TRUE(r) << (r ? "" : r.error().Describe());
    return r ? *r : nullptr;
  }();
  return s;
}

inline fitness::VisionRule ShippedVisionRule() {
  auto r =
      ParseVisionRule(ReadText(std::string(JIAODU_TEST_DATA_DIR) + "/fitness/ws-t-663-2020.toml"),
                      "ws-t-663-2020.toml");
  EXPECT_TRUE(r) << (r ? "" : r.error().Describe());
  return r ? *r : fitness::VisionRule{};
}

}  // namespace jiaodu::testing

#endif  // JIAODU_FORMATS_FITNESS_FILE_TEST_UTIL_H_
