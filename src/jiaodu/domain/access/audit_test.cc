#include "jiaodu/domain/access/audit.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

namespace jiaodu::access {
namespace {

// A stand-in for SHA-256 (the domain test links no crypto): FNV-1a 64 in hex.
// Any change of a byte changes it, which is all these tests rely on; the real
// SHA-256 chain is checked in auth/audit_chain_test.cc.
std::string Fnv(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

AuditEntry Edit(int64_t time, std::string old_value, std::string new_value) {
  return AuditEntry{0,
                    time,
                    "li.county",
                    "county",
                    "10.0.0.8",
                    "edit",
                    {"school_year", "3401020001/2024-2025", "340102"},
                    std::move(old_value),
                    std::move(new_value),
                    "与学籍系统核对",
                    "ok",
                    "",
                    ""};
}

std::vector<AuditEntry> ChainOf(int n) {
  std::vector<AuditEntry> v;
  for (int i = 0; i < n; ++i) {
    v.push_back(Chain(v.empty() ? nullptr : &v.back(),
                      Edit(1'740'787'200 + 60 * i, "{\"students\":" + std::to_string(100 + i) + "}",
                           "{\"students\":" + std::to_string(101 + i) + "}"),
                      &Fnv));
  }
  return v;
}

int64_t BrokenAt(const std::vector<AuditEntry>& v,
                 const std::optional<ChainAnchor>& anchor = std::nullopt) {
  auto b = FindChainBreak(v, &Fnv, anchor);
  return b ? b->seq : 0;
}

// The first break is at `seq` and its Chinese message says `words`.
testing::AssertionResult BreaksAt(const std::vector<AuditEntry>& v, int64_t seq,
                                  std::string_view words) {
  auto b = FindChainBreak(v, &Fnv);
  if (!b) return testing::AssertionFailure() << "no break found";
  if (b->seq != seq || b->message.zh.find(words) == std::string::npos) {
    return testing::AssertionFailure() << "break at " << b->seq << ": " << b->message.zh;
  }
  return testing::AssertionSuccess();
}

TEST(AuditChain, TheCanonicalFormIsExactlyTheDocumentedBytes) {
  AuditEntry e;
  e.seq = 7;
  e.time = -5;
  e.actor = "zhang";
  e.role = "city";
  e.from = "::1";
  e.action = "reopen";
  e.object = {"school_year", "3401020001/2024-2025", "340102"};
  e.old_value = "a\\b";
  e.new_value = "line1\nline2\r\n";
  e.reason = "复查发现=错误";
  e.outcome = "ok";
  e.hash = "not part of the input";
  const std::string expected =
      "jiaodu-audit-v1\n"
      "prev=ab12\n"
      "seq=7\n"
      "time=-5\n"
      "actor=zhang\n"
      "role=city\n"
      "from=::1\n"
      "action=reopen\n"
      "object_kind=school_year\n"
      "object_id=3401020001/2024-2025\n"
      "object_area=340102\n"
      "old=a\\\\b\n"
      "new=line1\\nline2\\r\\n\n"
      "reason=复查发现=错误\n"
      "outcome=ok\n";
  EXPECT_EQ(ChainInput("ab12", e), expected);
  EXPECT_EQ(ChainHash("ab12", e, &Fnv), Fnv(expected));
}

TEST(AuditChain, AnEscapedNewlineCannotPassForAFieldBoundary) {
  // Without escaping, these two entries would serialise to the same bytes.
  AuditEntry a, b;
  a.old_value = "x\nnew=y";
  b.old_value = "x";
  b.new_value = "y";
  EXPECT_NE(ChainInput(kGenesisHash, a), ChainInput(kGenesisHash, b));
}

TEST(AuditChain, AnUntouchedChainVerifiesAndLinksFromTheGenesisHash) {
  const auto v = ChainOf(5);
  EXPECT_EQ(v[0].seq, 1);
  EXPECT_EQ(v[0].prev_hash, kGenesisHash);
  EXPECT_EQ(v[4].seq, 5);
  EXPECT_EQ(v[3].prev_hash, v[2].hash);
  EXPECT_TRUE(VerifyChain(v, &Fnv));
  EXPECT_TRUE(VerifyChain(v, &Fnv, ChainAnchor{5, v[4].hash}));
  EXPECT_TRUE(VerifyChain({}, &Fnv));
}

TEST(AuditChain, AnEditedEntryIsNamedBySeq) {
  auto v = ChainOf(5);
  v[2].new_value = "{\"students\":999}";
  EXPECT_EQ(BrokenAt(v), 3);
  const auto st = VerifyChain(v, &Fnv);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().id, "access.audit_broken");
  EXPECT_EQ(st.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(st.error().message.zh.find("第 3 条的内容与其摘要不符"), std::string::npos)
      << st.error().message.zh;
}

TEST(AuditChain, AnEditedAndRehashedEntryIsCaughtAtTheNextLink) {
  auto v = ChainOf(5);
  v[2].reason = "改过";
  v[2].hash = ChainHash(v[2].prev_hash, v[2], &Fnv);
  EXPECT_TRUE(BreaksAt(v, 4, "与第 3 条的摘要不符"));
}

TEST(AuditChain, ARemovedEntryIsNamedBySeq) {
  auto v = ChainOf(5);
  v.erase(v.begin() + 1);
  EXPECT_TRUE(BreaksAt(v, 2, "缺少第 2 条"));
  auto w = ChainOf(6);
  w.erase(w.begin() + 2, w.begin() + 4);
  EXPECT_TRUE(BreaksAt(w, 3, "缺少第 3 至 4 条"));
}

TEST(AuditChain, ReorderedEntriesAreNamedBySeq) {
  auto v = ChainOf(5);
  std::swap(v[2], v[3]);
  EXPECT_TRUE(BreaksAt(v, 3, "顺序被打乱"));
}

TEST(AuditChain, AnInsertedEntryIsNamedBySeq) {
  auto v = ChainOf(5);
  // A forged entry made to follow entry 2 correctly, slipped in before 3.
  const AuditEntry forged = Chain(&v[1], Edit(1'740'787'290, "{}", "{\"students\":1}"), &Fnv);
  v.insert(v.begin() + 2, forged);
  EXPECT_TRUE(BreaksAt(v, 3, "重复序号"));
  // The same with the rest renumbered to hide it: the link after the forgery breaks.
  for (size_t i = 3; i < v.size(); ++i) v[i].seq += 1;
  EXPECT_TRUE(BreaksAt(v, 4, "与第 3 条的摘要不符"));
}

TEST(AuditChain, ACutOffTailOrARewrittenChainIsCaughtOnlyWithTheAnchor) {
  auto v = ChainOf(5);
  const ChainAnchor head{5, v[4].hash};
  v.pop_back();
  EXPECT_EQ(BrokenAt(v), 0) << "what is left is a valid chain on its own";
  EXPECT_EQ(BrokenAt(v, head), 5);
  // Rewritten from entry 2 on, every hash recomputed: consistent, but not the anchor.
  auto w = ChainOf(5);
  w[1].new_value = "{\"students\":0}";
  for (size_t i = 1; i < w.size(); ++i) w[i] = Chain(&w[i - 1], w[i], &Fnv);
  EXPECT_EQ(BrokenAt(w), 0);
  EXPECT_EQ(BrokenAt(w, head), 5);
}

TEST(AuditChain, ARunFromTheMiddleVerifiesButTheFirstEntryMustStartFromGenesis) {
  auto v = ChainOf(6);
  const std::vector<AuditEntry> run(v.begin() + 2, v.end());
  EXPECT_EQ(BrokenAt(run), 0);
  v[0].prev_hash = std::string(64, 'f');
  v[0].hash = ChainHash(v[0].prev_hash, v[0], &Fnv);
  EXPECT_EQ(BrokenAt(v), 1);
}

}  // namespace
}  // namespace jiaodu::access
