// Test helpers for domain/quality: score sets from literals and from the
// committed fixture tests/fixtures/quality/anova_check.csv (the data the
// independent numpy check, anova_check.py beside it, was run on).
#ifndef JIAODU_DOMAIN_QUALITY_TEST_UTIL_H_
#define JIAODU_DOMAIN_QUALITY_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "jiaodu/domain/quality/scores.h"

namespace jiaodu::quality::testing {

// Schools "A", "B", … with the given scores in one subject (数学, 八年级).
inline ScoreSet Groups(const std::vector<std::vector<double>>& groups) {
  ScoreSet set;
  const uint16_t subject = set.Subject("数学");
  const uint16_t grade = set.Grade("八年级");
  int student = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    const uint32_t school = set.School(std::string(1, static_cast<char>('A' + g)), "");
    for (double v : groups[g]) {
      ScoreRow r;
      r.school = school;
      r.student = set.Student("S" + std::to_string(++student));
      r.subject = subject;
      r.grade = grade;
      r.score = v;
      set.Add(r);
    }
  }
  return set;
}

// The fixture's long layout, split on commas (it has no quoted cells).
inline ScoreSet Fixture() {
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/quality/anova_check.csv");
  std::string line;
  std::getline(in, line);  // header
  ScoreSet set;
  const uint16_t grade = set.Grade("八年级");
  while (std::getline(in, line)) {
    std::vector<std::string> c;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) c.push_back(cell);
    ScoreRow r;
    r.school = set.School(c[0], "");
    r.klass = set.Class(r.school, c[1]);
    r.student = set.Student(c[2]);
    r.subject = set.Subject(c[4]);
    r.grade = grade;
    r.score = std::stod(c[5]);
    r.background = std::stod(c[6]);
    r.prior = std::stod(c[7]);
    set.Add(r);
  }
  return set;
}

}  // namespace jiaodu::quality::testing

#endif  // JIAODU_DOMAIN_QUALITY_TEST_UTIL_H_
