// Runs the case files of tests/fixtures/school_eval: each scheme loaded from
// its TOML file (so the cases also exercise the loader), each year evaluated
// in order with the previous year's result, and every figure the CSV states
// compared with the engine's (README.md there describes the columns).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "jiaodu/formats/quality_file/quality_file.h"

namespace jiaodu {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(JIAODU_TEST_FIXTURE_DIR) / "school_eval";

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The case files hold no quoted cells: a plain split is enough.
std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream ss(line);
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

using Row = std::map<std::string, std::string>;

std::vector<Row> ReadCase(const fs::path& csv) {
  std::istringstream in(Slurp(csv));
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = Split(line);
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> cells = Split(line);
    Row r;
    for (size_t i = 0; i < header.size(); ++i) r[header[i]] = i < cells.size() ? cells[i] : "";
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kDir)) {
    if (e.path().extension() == ".csv") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(SchoolEvalCases, ThereAreCasesForEveryRuleTiesMissingValuesAndTwoYears) {
  const std::vector<std::string> names = CaseNames();
  for (const char* expected :
       {"rules-edges", "ties-bottom", "missing-both-ways", "rank-rule", "two-years", "tie-break"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
}

class SchoolEvalCase : public testing::TestWithParam<std::string> {};

TEST_P(SchoolEvalCase, EveryFigureOfTheCaseFileIsWhatTheEngineComputes) {
  const std::string name = GetParam();
  auto scheme = ParseHsScheme(Slurp(kDir / (name + ".toml")), name + ".toml");
  ASSERT_TRUE(scheme) << scheme.error().Describe();
  const std::vector<Row> rows = ReadCase(kDir / (name + ".csv"));
  ASSERT_FALSE(rows.empty());
  std::map<int, std::vector<const Row*>> by_year;
  for (const Row& r : rows) by_year[std::stoi(r.at("year"))].push_back(&r);
  std::optional<quality::HsEvaluation> previous;
  for (const auto& [year, year_rows] : by_year) {
    std::vector<quality::HsSchoolInput> inputs;
    for (const Row* r : year_rows) {
      quality::HsSchoolInput in{r->at("school"), r->at("school"), {}};
      for (const quality::HsIndicator& ind : scheme->indicators()) {
        const std::string& cell = r->at(ind.id);
        if (!cell.empty()) in.values[ind.id] = std::stod(cell);
      }
      inputs.push_back(std::move(in));
    }
    auto ev = quality::EvaluateHighSchools(*scheme, year, inputs, previous ? &*previous : nullptr);
    ASSERT_TRUE(ev) << ev.error().Describe();
    for (const Row* r : year_rows) {
      const std::string where = name + " " + std::to_string(year) + " " + r->at("school");
      auto it = std::find_if(
          ev->schools.begin(), ev->schools.end(),
          [&](const quality::HsSchoolResult& s) { return s.school == r->at("school"); });
      ASSERT_NE(it, ev->schools.end()) << where;
      EXPECT_NEAR(it->total, std::stod(r->at("total")), 1e-9) << where;
      const std::string& rank = r->at("rank");
      EXPECT_EQ(it->rank, rank.empty() ? 0 : std::stoi(rank)) << where;
      EXPECT_EQ(it->bottom, r->at("bottom") == "1") << where;
      EXPECT_EQ(it->follow_up, r->at("follow_up") == "1") << where;
      for (const auto& [column, cell] : *r) {
        if (column.starts_with("pts:")) {
          const int i = scheme->IndicatorIndex(column.substr(4));
          ASSERT_GE(i, 0) << where << " " << column;
          EXPECT_NEAR(it->scores[static_cast<size_t>(i)].points, std::stod(cell), 1e-9)
              << where << " " << column;
        } else if (column.starts_with("area:")) {
          const auto& areas = scheme->areas();
          const auto a = std::find(areas.begin(), areas.end(), column.substr(5));
          ASSERT_NE(a, areas.end()) << where << " " << column;
          EXPECT_NEAR(it->area_points[static_cast<size_t>(a - areas.begin())], std::stod(cell),
                      1e-9)
              << where << " " << column;
        }
      }
    }
    previous = std::move(*ev);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SchoolEvalCase, testing::ValuesIn(CaseNames()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string n = param.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace jiaodu
