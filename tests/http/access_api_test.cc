// The server's role and area checks over real HTTP (issue 8): the
// permission matrix as data (tests/fixtures/access/routes.csv: each account,
// route, expected status and error id), then login, the forced password
// change, lockout and logout with the session cookie, the logged-in login
// recorded instead of the body's `user`, and single-user mode.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "accounts.h"
#include "jiaodu/app/access_service.h"
#include "jiaodu/app/review_service.h"
#include "jiaodu/app/test_util.h"
#include "jiaodu/server/access_guard.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using access::Role;
using nlohmann::json;

constexpr DemoOptions kSmall{
    .seed = 7, .counties = 2, .schools = 16, .first_year = 2024, .years = 1};
constexpr std::string_view kOwnPassword = "Own-Passw0rd";

std::string Replace(std::string s, const std::map<std::string, std::string>& vars) {
  for (const auto& [k, v] : vars) {
    for (size_t p = s.find(k); p != std::string::npos; p = s.find(k, p + v.size())) {
      s.replace(p, k.size(), v);
    }
  }
  return s;
}

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back().push_back(c);
    }
  }
  return out;
}

// The session cookie a response sets ("" when none).
std::string CookieOf(const httplib::Result& res) {
  const std::string set = res->get_header_value("Set-Cookie");
  const std::string key = std::string(http::kSessionCookie) + "=";
  if (set.rfind(key, 0) != 0) return {};
  return set.substr(key.size(), set.find(';') - key.size());
}

class AccessApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::DemoService(kSmall);
    ASSERT_NE(svc_, nullptr);
    access_ = std::make_unique<AccessService>(svc_->storage(), access::PasswordPolicy{},
                                              [this] { return now_; });
    review_ = std::make_unique<ReviewService>(*svc_, ReviewChecks{});
    server_ = std::make_unique<testing::LiveServer>(
        *svc_, ServerModules{.access = access_.get(), .review = review_.get()});
    // Two counties, two schools of the first and one of the second.
    auto schools = svc_->storage().ListSchools();
    ASSERT_TRUE(schools);
    for (const School& s : *schools) by_county_[s.county].push_back(s.code);
    ASSERT_GE(by_county_.size(), 2u);
    auto it = by_county_.begin();
    const auto& [a, a_schools] = *it++;
    const auto& [b, b_schools] = *it;
    ASSERT_GE(a_schools.size(), 2u);
    vars_ = {{"{A}", a},
             {"{B}", b},
             {"{a1}", a_schools[0]},
             {"{a2}", a_schools[1]},
             {"{b1}", b_schools[0]},
             {"{year}", "2024"}};
  }

  // An account whose initial password is already changed to kOwnPassword.
  void Ready(const std::string& login, Role role, std::string county = {},
             std::vector<std::string> schools = {}) {
    tokens_[login] = testing::ReadyAccount(
        *access_, access::Principal{login, role, std::move(county), std::move(schools)},
        kOwnPassword);
  }

  void AllAccounts() {
    const std::string a = vars_["{A}"];
    Ready("admin", Role::kAdmin);
    Ready("city", Role::kCity);
    Ready("county_a", Role::kCounty, a);
    Ready("leader_a", Role::kLeader, a);
    Ready("inspector", Role::kInspector, a, {vars_["{a1}"]});
    Ready("clerk", Role::kSchoolClerk, a, {vars_["{a1}"]});
    Ready("reviewer", Role::kSchoolReviewer, a, {vars_["{a1}"]});
  }

  httplib::Result Send(const std::string& method, const std::string& path, const std::string& token,
                       const std::string& body = "{}", const std::string& cookie = {}) {
    auto c = server_->Client();
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    if (!cookie.empty()) h.emplace("Cookie", std::string(http::kSessionCookie) + "=" + cookie);
    if (method == "GET") return c.Get(path.c_str(), h);
    if (method == "POST") return c.Post(path.c_str(), h, body, "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, body, "application/json");
    return c.Delete(path.c_str(), h);
  }

  int64_t now_ = 1'750'000'000;
  std::unique_ptr<Service> svc_;
  std::unique_ptr<AccessService> access_;
  std::unique_ptr<ReviewService> review_;
  std::unique_ptr<testing::LiveServer> server_;
  std::map<std::string, std::vector<std::string>> by_county_;
  std::map<std::string, std::string> vars_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(AccessApiTest, EveryRouteOfTheFixtureGivesItsStatusForEachRoleAndArea) {
  AllAccounts();
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/access/routes.csv");
  ASSERT_TRUE(in);
  std::string line;
  int rows = 0, refused = 0;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    const std::vector<std::string> f = SplitCsv(line);
    ASSERT_EQ(f.size(), 5u) << line;
    const std::string path = Replace(f[2], vars_);
    const std::string token = f[0] == "-" ? "" : tokens_.at(f[0]);
    auto res = Send(f[1], path, token);
    ASSERT_TRUE(res) << line;
    ++rows;
    EXPECT_EQ(res->status, std::stoi(f[3])) << line << " → " << path << "\n"
                                            << res->body.substr(0, 300);
    if (!f[4].empty()) {
      ++refused;
      const json body = json::parse(res->body, nullptr, false);
      EXPECT_EQ(body.is_object() ? body["error"].value("id", "") : "", f[4]) << line;
      if (f[4].rfind("access.denied", 0) == 0) {
        EXPECT_FALSE(body["error"]["message"].value("zh", "").empty()) << "refused in Chinese";
      }
    }
  }
  EXPECT_GE(rows, 90);
  EXPECT_GE(refused, 60);
}

TEST_F(AccessApiTest, LoginForcesThePasswordChangeThenLogoutEndsTheCookieSession) {
  auto p = access_->CreateAccount(
      AccountSpec{access::Principal{"zhang", Role::kCity, {}, {}}, "张科长"}, Actor{});
  ASSERT_TRUE(p);
  auto res = Send("POST", "/api/auth/login", "",
                  json{{"login", "zhang"}, {"password", p->password}}.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string set = res->get_header_value("Set-Cookie");
  EXPECT_NE(set.find("HttpOnly"), std::string::npos) << set;
  EXPECT_NE(set.find("SameSite=Strict"), std::string::npos) << set;
  const std::string cookie = CookieOf(res);
  ASSERT_EQ(cookie.size(), 43u);
  EXPECT_FALSE(json::parse(res->body).contains("token")) << "only the cookie carries it";
  EXPECT_TRUE(json::parse(res->body)["must_change_password"].get<bool>());

  res = Send("GET", "/api/overview", "", "", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  EXPECT_NE(res->body.find("access.must_change_password"), std::string::npos);
  res = Send("GET", "/api/auth/me", "", "", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["name"], "张科长");

  res = Send("POST", "/api/auth/password", "",
             json{{"old_password", p->password}, {"new_password", "abc"}}.dump(), cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("access.weak_password"), std::string::npos);
  res = Send("POST", "/api/auth/password", "",
             json{{"old_password", p->password}, {"new_password", kOwnPassword}}.dump(), cookie);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string fresh = CookieOf(res);
  ASSERT_EQ(fresh.size(), 43u);
  EXPECT_NE(fresh, cookie);
  EXPECT_EQ(Send("GET", "/api/overview", "", "", cookie)->status, 401) << "the old session ended";
  EXPECT_EQ(Send("GET", "/api/overview", "", "", fresh)->status, 200);

  res = Send("POST", "/api/auth/logout", "", "{}", fresh);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  res = Send("GET", "/api/overview", "", "", fresh);
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(res->body.find("access.session_ended"), std::string::npos);

  // Idle for 30 minutes: the session is over.
  res = Send("POST", "/api/auth/login", "",
             json{{"login", "zhang"}, {"password", kOwnPassword}, {"token", true}}.dump());
  ASSERT_EQ(res->status, 200);
  const std::string token = json::parse(res->body)["token"];
  EXPECT_EQ(Send("GET", "/api/auth/me", token)->status, 200) << "bearer token for scripts";
  now_ += 30 * 60;
  EXPECT_EQ(Send("GET", "/api/auth/me", token)->status, 401);
}

TEST_F(AccessApiTest, TheFifthWrongPasswordLocksAndEveryRefusalReadsTheSame) {
  Ready("clerk", Role::kSchoolClerk, vars_["{A}"], {vars_["{a1}"]});
  std::set<std::string> bodies;
  auto attempt = [&](const std::string& login, std::string_view password) {
    auto res =
        Send("POST", "/api/auth/login", "", json{{"login", login}, {"password", password}}.dump());
    EXPECT_TRUE(res);
    return res ? std::make_pair(res->status, res->body) : std::make_pair(0, std::string());
  };
  for (int i = 0; i < 5; ++i) {
    auto [status, body] = attempt("clerk", "Wrong-Passw0rd");
    EXPECT_EQ(status, 401);
    bodies.insert(body);
  }
  auto [locked_status, locked_body] = attempt("clerk", kOwnPassword);
  EXPECT_EQ(locked_status, 401) << "locked: the right password too";
  bodies.insert(locked_body);
  bodies.insert(attempt("nobody", kOwnPassword).second);
  EXPECT_EQ(bodies.size(), 1u) << "wrong, locked and unknown read the same";
  now_ += 15 * 60;
  EXPECT_EQ(attempt("clerk", kOwnPassword).first, 200) << "the lock has run out";
  AuditQuery q;
  q.action = "login";
  q.actor = "clerk";
  auto entries = access_->SearchAudit(q);
  ASSERT_TRUE(entries);
  EXPECT_EQ(entries->front().outcome, "ok");
  EXPECT_EQ(entries->at(1).outcome, "locked");
}

TEST_F(AccessApiTest, WhatAHandlerRecordsIsTheLoggedInLoginNotTheBodysUser) {
  Ready("county_a", Role::kCounty, vars_["{A}"]);
  auto res = Send("PUT", "/api/counties/" + vars_["{A}"] + "/standards", tokens_["county_a"],
                  json{{"standard", "cn-yzjh-2017"}, {"user", "冒名者"}}.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto audit = svc_->storage().ListAudit(1);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].action, "standard");
  EXPECT_EQ((*audit)[0].user, "county_a");
  auto head = access_->VerifyAudit();
  ASSERT_TRUE(head) << head.error().Describe();
  EXPECT_EQ(head->seq, (*audit)[0].id);
}

TEST_F(AccessApiTest, ARefusedRequestOfALoggedInUserIsInTheAuditTrail) {
  Ready("clerk", Role::kSchoolClerk, vars_["{A}"], {vars_["{a1}"]});
  const std::string other = "/api/schools/" + vars_["{b1}"];
  auto res = Send("GET", other, tokens_["clerk"]);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 403) << res->body;
  AuditQuery q;
  q.action = "request_refused";
  auto found = svc_->storage().FindAudit(q);
  ASSERT_TRUE(found) << found.error().Describe();
  ASSERT_EQ(found->size(), 1u);
  const access::AuditEntry& e = found->front();
  EXPECT_EQ(e.actor, "clerk");
  EXPECT_EQ(e.role, "clerk");
  EXPECT_EQ(e.object.kind, "route");
  EXPECT_EQ(e.object.id, "GET " + other);
  EXPECT_EQ(e.outcome, "refused");
  EXPECT_EQ(e.new_value, "access.denied_scope");
  // Without a session nothing is recorded: anyone can send those.
  auto anonymous = Send("GET", other, "");
  ASSERT_TRUE(anonymous);
  ASSERT_EQ(anonymous->status, 401);
  auto again = svc_->storage().FindAudit(q);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->size(), 1u);
  EXPECT_TRUE(access_->VerifyAudit());
}

TEST_F(AccessApiTest, ABackgroundJobIsSeenByWhoSubmittedItOnly) {
  Ready("city", Role::kCity);
  Ready("city2", Role::kCity);
  // An import (it fails its checks in the background; the job stays).
  auto c = server_->Client();
  httplib::MultipartFormDataItems items{{"files", "不是表格", "坏文件.csv", "text/csv"}};
  auto posted = c.Post("/api/imports", {{"Authorization", "Bearer " + tokens_["city"]}}, items);
  ASSERT_TRUE(posted);
  ASSERT_EQ(posted->status, 202) << posted->body;
  const std::string job = "/api/jobs/" + json::parse(posted->body)["job"].get<std::string>();
  // Finished (refused whole: the file is no workbook), as its owner sees it.
  for (int i = 0; i < 200; ++i) {
    auto res = Send("GET", job, tokens_["city"]);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    if (json::parse(res->body)["state"] != "queued" && json::parse(res->body)["state"] != "running")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (const auto& [login, status] :
       std::vector<std::pair<std::string, int>>{{"city", 200}, {"city2", 404}}) {
    for (const std::string& path : {job, job + "/errors.xlsx"}) {
      auto res = Send("GET", path, tokens_[login]);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, status) << login << " " << path << ": " << res->body;
    }
  }
}

TEST_F(AccessApiTest, WithoutAccountsTheServerIsSingleUserAndLoopbackOnly) {
  EXPECT_FALSE(*access_->LoginRequired());
  EXPECT_EQ(server_->Get("/api/auth/state")["login_required"], false);
  server_->Get("/api/overview", 200);
  EXPECT_EQ(server_->Get("/api/auth/me")["login_required"], false);
  auto admin = Send("GET", "/api/auth/accounts", "");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->status, 409) << "accounts are created on the command line first";
  EXPECT_TRUE(http::CheckListenAddress("127.0.0.1", access_.get()));
  EXPECT_TRUE(http::CheckListenAddress("::1", access_.get()));
  auto remote = http::CheckListenAddress("0.0.0.0", access_.get());
  ASSERT_FALSE(remote);
  EXPECT_EQ(remote.error().id, "server.single_user_remote");
  EXPECT_NE(remote.error().message.zh.find("jiaodu user add"), std::string::npos);
  Ready("admin", Role::kAdmin);
  EXPECT_TRUE(http::CheckListenAddress("0.0.0.0", access_.get())) << "login is on";
  EXPECT_EQ(Send("GET", "/api/overview", "")->status, 401);
}

}  // namespace
}  // namespace jiaodu
