#include "jiaodu/demo/demo_school_eval.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "jiaodu/formats/quality_file/quality_file.h"

namespace jiaodu::demo {
namespace {

quality::HsScheme Example() {
  auto lib = LoadQualityLibrary(JIAODU_TEST_DATA_DIR);
  EXPECT_TRUE(lib);
  return *lib->FindScheme("example-hs-2025");
}

std::vector<std::string> Codes(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(fmt::format("33010{:05d}", i));
  return out;
}

TEST(DemoSchoolEval, ValuesAreDeterministicInRangeWithOneMissingValuePerYear) {
  const quality::HsScheme scheme = Example();
  const auto codes = Codes(12);
  const auto a = GenerateSchoolEvalInputs(scheme, codes, 2025, 7);
  const auto b = GenerateSchoolEvalInputs(scheme, codes, 2025, 7);
  ASSERT_EQ(a.size(), 12u);
  size_t missing = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].values, b[i].values);
    missing += scheme.indicators().size() - a[i].values.size();
  }
  EXPECT_EQ(missing, 1u);
  // In range: the engine refuses values outside an indicator's range.
  auto ev = quality::EvaluateHighSchools(scheme, 2025, a);
  ASSERT_TRUE(ev) << ev.error().Describe();
  // Spread: not every school on the same total.
  EXPECT_NE(ev->schools.front().total, ev->schools.back().total);
}

TEST(DemoSchoolEval, TwoYearsGiveAtLeastOneSchoolInTheBottomGroupBothYears) {
  const quality::HsScheme scheme = Example();
  const auto codes = Codes(12);
  auto last =
      quality::EvaluateHighSchools(scheme, 2024, GenerateSchoolEvalInputs(scheme, codes, 2024, 7));
  ASSERT_TRUE(last);
  auto now = quality::EvaluateHighSchools(scheme, 2025,
                                          GenerateSchoolEvalInputs(scheme, codes, 2025, 7), &*last);
  ASSERT_TRUE(now);
  size_t follow_up = 0;
  for (const auto& s : now->schools) follow_up += s.follow_up ? 1u : 0u;
  EXPECT_GE(follow_up, 1u);
}

}  // namespace
}  // namespace jiaodu::demo
