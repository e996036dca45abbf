#include "jiaodu/auth/password_hash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace jiaodu::auth {
namespace {

// Cheap limits for the tests that only need some hash (libsodium's minimum
// memory is 8 KiB); the defaults are used where they matter.
const HashLimits kCheap{1, 8 * 1024};

TEST(AuthPassword, AHashVerifiesItsPasswordAndNoOther) {
  auto h = HashPassword("教育督导Ab12");
  ASSERT_TRUE(h) << h.error().message.zh;
  EXPECT_TRUE(h->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *h;
  auto ok = VerifyPassword(*h, "教育督导Ab12");
  ASSERT_TRUE(ok);
  EXPECT_TRUE(*ok);
  for (std::string_view wrong : {"教育督导Ab1", "教育督导ab12", "", "教育督导Ab12 "}) {
    auto no = VerifyPassword(*h, wrong);
    ASSERT_TRUE(no) << wrong;
    EXPECT_FALSE(*no) << wrong;
  }
}

TEST(AuthPassword, TheSamePasswordHashesDifferentlyEachTime) {
  auto a = HashPassword("Abcdef1!", kCheap);
  auto b = HashPassword("Abcdef1!", kCheap);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b) << "a fresh salt each time";
  EXPECT_TRUE(*VerifyPassword(*a, "Abcdef1!"));
  EXPECT_TRUE(*VerifyPassword(*b, "Abcdef1!"));
}

TEST(AuthPassword, AHashMadeWithOtherLimitsNeedsARehash) {
  auto old = HashPassword("Abcdef1!", kCheap);
  ASSERT_TRUE(old);
  auto r = NeedsRehash(*old);
  ASSERT_TRUE(r);
  EXPECT_TRUE(*r);
  auto same = NeedsRehash(*old, kCheap);
  ASSERT_TRUE(same);
  EXPECT_FALSE(*same);
  EXPECT_TRUE(*VerifyPassword(*old, "Abcdef1!")) << "old hashes still verify";
  auto current = HashPassword("Abcdef1!");
  ASSERT_TRUE(current);
  EXPECT_FALSE(*NeedsRehash(*current));
}

TEST(AuthPassword, AMalformedStoredHashIsAnErrorNotAFailedLoginOrACrash) {
  auto good = HashPassword("Abcdef1!", kCheap);
  ASSERT_TRUE(good);
  const std::string truncated = good->substr(0, good->size() - 10);
  std::string bad_base64 = *good;
  bad_base64[bad_base64.find("$", 30) + 1] = '!';
  const std::vector<std::string> bad = {
      "",
      "Abcdef1!",  // a plain password left by a careless import
      truncated,
      bad_base64,
      "$argon2id$v=19$m=19456,t=2,p=1$",
      "$argon2id$v=19$m=99999999999999999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
      // argon2i (not id), which jiaodu never writes
      "$argon2i$v=19$m=32768,t=4,p=1$c2FsdHNhbHRzYWx0c2E$"
      "Qq6GvjXBQ8CFamqMe8uwiQbTu6i4ZQTn4ExqjnZPyM8",
      std::string(200, 'x'),
      std::string("$argon2id$\0x", 12),
  };
  for (const auto& s : bad) {
    auto v = VerifyPassword(s, "Abcdef1!");
    ASSERT_FALSE(v) << s;
    EXPECT_EQ(v.error().id, "auth.bad_hash") << s;
    EXPECT_NE(v.error().message.zh.find("重置密码"), std::string::npos);
    auto n = NeedsRehash(s);
    ASSERT_FALSE(n) << s;
    EXPECT_EQ(n.error().id, "auth.bad_hash") << s;
  }
}

TEST(AuthPassword, LimitsLibsodiumRefusesAreAnError) {
  auto h = HashPassword("Abcdef1!", HashLimits{0, 8 * 1024});
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().id, "auth.hash_failed");
}

TEST(AuthPassword, ManyThreadsHashingAtOnceAllGetCorrectAnswers) {
  std::vector<std::thread> threads;
  std::vector<int> right(6, 0);
  for (size_t i = 0; i < right.size(); ++i) {
    threads.emplace_back([i, &right] {
      const std::string pw = "Pw-" + std::to_string(i) + "-Abc";
      auto h = HashPassword(pw, kCheap);
      if (h && *VerifyPassword(*h, pw) && !*VerifyPassword(*h, pw + "x")) right[i] = 1;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(right.begin(), right.end(), 1), 6);
}

// Not an assertion (timings vary with the machine and its load): prints the
// figure docs/access.md (A8) quotes. A login costs one VerifyPassword.
TEST(AuthPassword, MeasureTheDefaultHashTime) {
  auto h = HashPassword("Abcdef1!");
  ASSERT_TRUE(h);
  VerifyNoAccount("warm the dummy hash up");
  std::vector<double> ms;
  for (int i = 0; i < 7; ++i) {
    const auto t = std::chrono::steady_clock::now();
    ASSERT_TRUE(*VerifyPassword(*h, "Abcdef1!"));
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
  }
  const auto t = std::chrono::steady_clock::now();
  VerifyNoAccount("Abcdef1!");
  const double dummy =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  std::sort(ms.begin(), ms.end());
  std::printf(
      "Argon2id m=19456 KiB t=2 p=1: verify min %.1f ms, median %.1f ms, max %.1f ms; "
      "no-account verify %.1f ms\n",
      ms.front(), ms[ms.size() / 2], ms.back(), dummy);
}

}  // namespace
}  // namespace jiaodu::auth
