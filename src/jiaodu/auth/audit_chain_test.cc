// The domain's audit chain (domain/access/audit.h) with the real SHA-256,
// against tests/fixtures/access/audit_chain.csv: the output of
// audit_chain.py, a Python implementation written from docs/access.md. Equal
// hashes show that the documented format is the one the code writes.
#include <gtest/gtest.h>

#include <fstream>
#include <vector>

#include "jiaodu/auth/sha256.h"
#include "jiaodu/domain/access/audit.h"

namespace jiaodu::auth {
namespace {

using access::AuditEntry;

// The same three entries as ENTRIES in audit_chain.py.
std::vector<AuditEntry> Entries() {
  // seq, time, actor, role, from, action, object, old, new, reason, outcome,
  // and the chain (set by Chain below).
  const AuditEntry entries[] = {
      {0,
       1740787200,
       "wang.li",
       "clerk",
       "10.1.2.3",
       "login",
       {"account", "wang.li", ""},
       "",
       "",
       "",
       "ok",
       "",
       ""},
      {0,
       1740787260,
       "li.county",
       "county",
       "2001:db8::7",
       "edit",
       {"school_year", "3401020001/2024-2025", "340102"},
       R"({"students":1234})",
       R"({"students":1243})",
       "与学籍系统核对：原数据录入时\\数字颠倒\n见附件",
       "ok",
       "",
       ""},
      {0,
       -1,
       "nobody",
       "",
       "10.9.9.9",
       "login",
       {"account", "nobody", ""},
       "",
       "a\r\nb",
       "",
       "unknown_login",
       "",
       ""},
  };
  std::vector<AuditEntry> v;
  for (const AuditEntry& e : entries) {
    v.push_back(access::Chain(v.empty() ? nullptr : &v.back(), e, &Sha256Hex));
  }
  return v;
}

TEST(AuthAuditChain, TheSha256ChainMatchesTheIndependentPythonImplementation) {
  std::ifstream in(JIAODU_TEST_FIXTURE_DIR "/access/audit_chain.csv");
  ASSERT_TRUE(in);
  std::vector<std::string> expected;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("seq,", 0) == 0 || line.empty()) continue;
    expected.push_back(line);
  }
  const auto v = Entries();
  ASSERT_EQ(expected.size(), v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(expected[i], std::to_string(v[i].seq) + "," + v[i].hash);
  }
  EXPECT_TRUE(access::VerifyChain(v, &Sha256Hex, access::ChainAnchor{3, v[2].hash}));
}

TEST(AuthAuditChain, ChangingOneByteOfAnEntryIsCaughtWithSha256) {
  auto v = Entries();
  v[1].new_value = R"({"students":1244})";
  const auto b = access::FindChainBreak(v, &Sha256Hex);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->seq, 2);
}

}  // namespace
}  // namespace jiaodu::auth
