#include "jiaodu/domain/access/role.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace jiaodu::access {
namespace {

std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}

// Every role × action cell against tests/fixtures/access/matrix.csv, which
// was written from docs/access.md without looking at role.cc.
TEST(AccessMatrix, EveryRoleAndActionMatchesTheDocumentedMatrix) {
  auto rows = ReadCsv(JIAODU_TEST_FIXTURE_DIR "/access/matrix.csv");
  ASSERT_EQ(rows.size(), AllActions().size() + 1);
  const std::vector<std::string>& header = rows[0];
  ASSERT_EQ(header.size(), AllRoles().size() + 1);
  int checked = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto action = std::find_if(AllActions().begin(), AllActions().end(),
                                     [&](Action a) { return ActionKey(a) == rows[r][0]; });
    ASSERT_NE(action, AllActions().end()) << rows[r][0];
    for (size_t c = 1; c < header.size(); ++c) {
      auto role = ParseRole(header[c]);
      ASSERT_TRUE(role) << header[c];
      EXPECT_EQ(Allowed(*role, *action), rows[r][c] == "1") << header[c] << " × " << rows[r][0];
      ++checked;
    }
  }
  EXPECT_EQ(checked, 7 * 14);
}

TEST(AccessMatrix, TheAdministratorTouchesNoDataAndNobodyElseManagesAccounts) {
  for (Action a : AllActions()) {
    const bool admin_only = a == Action::kManageUsers;
    EXPECT_EQ(Allowed(Role::kAdmin, a), admin_only || a == Action::kReadAudit) << ActionKey(a);
    for (Role r : AllRoles()) {
      if (r != Role::kAdmin && admin_only) {
        EXPECT_FALSE(Allowed(r, a)) << RoleKey(r);
      }
    }
  }
}

TEST(AccessRoles, ParseTakesKeysAndChineseNames) {
  for (Role r : AllRoles()) {
    EXPECT_EQ(ParseRole(RoleKey(r)), r);
    EXPECT_EQ(ParseRole(RoleName(r).zh), r);
  }
  EXPECT_FALSE(ParseRole("校长"));
}

}  // namespace
}  // namespace jiaodu::access
