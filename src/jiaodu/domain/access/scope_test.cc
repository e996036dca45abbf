#include "jiaodu/domain/access/scope.h"

#include <gtest/gtest.h>

namespace jiaodu::access {
namespace {

Principal Make(Role role, std::string county = {}, std::vector<std::string> schools = {}) {
  return Principal{"u", role, std::move(county), std::move(schools)};
}

const Resource kCity = Resource::City();
const Resource kCountyA = Resource::County("330102");
const Resource kCountyB = Resource::County("330103");
const Resource kSchoolA1 = Resource::School("3301020001", "330102");
const Resource kSchoolA2 = Resource::School("3301020002", "330102");
const Resource kSchoolB1 = Resource::School("3301030001", "330103");

TEST(AccessScope, ACountyUserSeesItsCountyAndSchoolsButNotAnotherCountyOrTheCity) {
  const Principal p = Make(Role::kCounty, "330102");
  EXPECT_TRUE(Covers(p, kCountyA));
  EXPECT_TRUE(Covers(p, kSchoolA1));
  EXPECT_FALSE(Covers(p, kCountyB));
  EXPECT_FALSE(Covers(p, kSchoolB1));
  EXPECT_FALSE(Covers(p, kCity));
}

TEST(AccessScope, ASchoolClerkSeesOnlyItsOwnSchool) {
  const Principal p = Make(Role::kSchoolClerk, "", {"3301020001"});
  EXPECT_TRUE(Covers(p, kSchoolA1));
  EXPECT_FALSE(Covers(p, kSchoolA2)) << "same county, other school";
  EXPECT_FALSE(Covers(p, kCountyA)) << "the county view shows other schools";
  EXPECT_FALSE(Covers(p, kCity));
}

TEST(AccessScope, AnInspectorSeesOnlyAssignedSchools) {
  const Principal p = Make(Role::kInspector, "", {"3301020002", "3301030001"});
  EXPECT_TRUE(Covers(p, kSchoolA2));
  EXPECT_TRUE(Covers(p, kSchoolB1));
  EXPECT_FALSE(Covers(p, kSchoolA1));
  EXPECT_FALSE(Covers(p, kCountyA));
}

TEST(AccessScope, CityRolesAndACityLeaderSeeEverything) {
  for (const Principal& p : {Make(Role::kCity), Make(Role::kLeader)}) {
    for (const Resource& r : {kCity, kCountyA, kCountyB, kSchoolA1, kSchoolB1}) {
      EXPECT_TRUE(Covers(p, r));
    }
  }
  const Principal county_leader = Make(Role::kLeader, "330103");
  EXPECT_TRUE(Covers(county_leader, kSchoolB1));
  EXPECT_FALSE(Covers(county_leader, kSchoolA1));
}

TEST(AccessScope, AuthorizeNamesTheRoleRuleOrTheAreaRule) {
  const Principal clerk = Make(Role::kSchoolClerk, "", {"3301020001"});
  EXPECT_TRUE(Authorize(clerk, Action::kFillSchool, kSchoolA1));
  auto role = Authorize(clerk, Action::kReviewCounty, kSchoolA1);
  ASSERT_FALSE(role);
  EXPECT_EQ(role.error().id, "access.denied_role");
  EXPECT_EQ(role.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(role.error().message.zh.find("学校填报员"), std::string::npos);
  auto scope = Authorize(clerk, Action::kExport, kSchoolA2);
  ASSERT_FALSE(scope);
  EXPECT_EQ(scope.error().id, "access.denied_scope");
  EXPECT_NE(scope.error().message.zh.find("3301020002"), std::string::npos);
}

TEST(AccessScope, APrincipalsAreaMustFitItsRole) {
  EXPECT_TRUE(ValidatePrincipal(Make(Role::kCity)));
  EXPECT_TRUE(ValidatePrincipal(Make(Role::kCounty, "330102")));
  EXPECT_TRUE(ValidatePrincipal(Make(Role::kSchoolClerk, "", {"1"})));
  EXPECT_TRUE(ValidatePrincipal(Make(Role::kLeader)));
  for (const Principal& bad :
       {Make(Role::kCity, "330102"), Make(Role::kCounty), Make(Role::kInspector),
        Make(Role::kSchoolClerk, "", {"1", "2"}), Make(Role::kSchoolReviewer),
        Make(Role::kAdmin, "", {"1"}), Make(Role::kLeader, "", {"1"})}) {
    auto r = ValidatePrincipal(bad);
    ASSERT_FALSE(r) << RoleKey(bad.role);
    EXPECT_EQ(r.error().id, "access.bad_scope");
  }
}

}  // namespace
}  // namespace jiaodu::access
