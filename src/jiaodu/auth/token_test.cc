#include "jiaodu/auth/token.h"

#include <gtest/gtest.h>

#include <set>

#include "jiaodu/auth/sha256.h"

namespace jiaodu::auth {
namespace {

TEST(AuthToken, TokensDifferAndDecodeToThirtyTwoBytes) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto t = NewSessionToken();
    ASSERT_TRUE(t) << t.error().message.zh;
    EXPECT_EQ(t->token.size(), 43u);
    EXPECT_EQ(t->token.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << t->token;
    auto raw = DecodeToken(t->token);
    ASSERT_TRUE(raw) << t->token;
    EXPECT_EQ(raw->size(), 32u);
    EXPECT_TRUE(seen.insert(t->token).second) << "repeated token " << t->token;
  }
}

TEST(AuthToken, TheStoredDigestIsTheSha256OfTheTokensBytesNotTheToken) {
  auto t = NewSessionToken();
  ASSERT_TRUE(t);
  auto raw = DecodeToken(t->token);
  ASSERT_TRUE(raw);
  const std::string bytes(reinterpret_cast<const char*>(raw->data()), raw->size());
  EXPECT_EQ(t->digest, Sha256Hex(bytes));
  EXPECT_EQ(t->digest.size(), 64u);
  EXPECT_EQ(t->digest.find(t->token), std::string::npos);
  auto again = TokenDigest(t->token);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, t->digest);
}

TEST(AuthToken, MalformedTokensAreRefusedNotGuessed) {
  auto t = NewSessionToken();
  ASSERT_TRUE(t);
  const std::string good = t->token;
  std::string plus = good;
  plus[5] = '+';  // standard base64, not base64url
  std::string padded = good + "=";
  // 32 bytes leave 2 spare bits in the last character: "A" → "B" sets one,
  // a second spelling of the same bytes that must not be accepted.
  std::string all_a(43, 'A');
  std::string spare_bits = all_a;
  spare_bits.back() = 'B';
  ASSERT_TRUE(DecodeToken(all_a));
  for (const std::string& bad : {std::string(), good.substr(0, 42), good + "A", plus, padded,
                                 spare_bits, std::string(43, '.'), good.substr(0, 42) + "\n"}) {
    auto r = TokenDigest(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().id, "auth.bad_token") << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
}

TEST(AuthToken, ConstantTimeEqualComparesWholeContents) {
  EXPECT_TRUE(ConstantTimeEqual("", ""));
  EXPECT_TRUE(ConstantTimeEqual("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEqual("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEqual("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEqual(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace jiaodu::auth
