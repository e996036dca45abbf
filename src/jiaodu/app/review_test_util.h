// File: jiaodu/app/review_test_util.h
//
// For the review chain's tests (the service's and the HTTP API's): the
// schools of a demo city they act on.
#ifndef JIAODU_APP_REVIEW_TEST_UTIL_H_
#define JIAODU_APP_REVIEW_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>

#include "jiaodu/app/service.h"

namespace jiaodu::testing {

struct ReviewSchools {
  std::string school;        // a school with compulsory data in `year`
  std::string county;        // its county
  std::string neighbour;     // another school of that county
  std::string other_county;  // a county with such a school too
};

inline ReviewSchools PickReviewSchools(Service& svc, AcademicYear year) {
  ReviewSchools out;
  auto standard = svc.FindStandard(kDefaultStandard);
  EXPECT_TRUE(standard);
  if (!standard) return out;
  auto rows = svc.storage().LoadSchoolYears(*(*standard)->catalog, year);
  EXPECT_TRUE(rows);
  if (!rows) return out;
  for (const auto& r : *rows) {
    if (r.sections.empty()) continue;
    if (out.school.empty()) {
      out.school = r.school.code;
      out.county = r.school.county;
    } else if (r.school.county == out.county && out.neighbour.empty()) {
      out.neighbour = r.school.code;
    } else if (r.school.county != out.county && out.other_county.empty()) {
      out.other_county = r.school.county;
    }
  }
  EXPECT_FALSE(out.neighbour.empty());
  EXPECT_FALSE(out.other_county.empty());
  return out;
}

}  // namespace jiaodu::testing

#endif  // JIAODU_APP_REVIEW_TEST_UTIL_H_
