// The review chain over real HTTP (issue 8, docs/api.md § 填报审核): the
// clerk saves and submits (a flagged change confirmed with a note), the
// school reviewer passes, the county returns with a note on a field, the
// clerk fixes and resubmits, school and county pass, the city locks, and
// the clerk's save is then refused in Chinese; the refusals on the way
// (another role's step, an impossible step, another school, another
// county, single-user mode).
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "accounts.h"
#include "jiaodu/app/access_service.h"
#include "jiaodu/app/review_service.h"
#include "jiaodu/app/review_test_util.h"
#include "jiaodu/app/test_util.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using access::Role;
using nlohmann::json;

constexpr DemoOptions kTwoYears{
    .seed = 7, .counties = 2, .schools = 12, .first_year = 2023, .years = 2};
constexpr std::string_view kOwnPassword = "Own-Passw0rd";

class ReviewApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::DemoService(kTwoYears);
    ASSERT_NE(svc_, nullptr);
    access_ = std::make_unique<AccessService>(svc_->storage());
    ReviewChecks checks;
    checks.factor = 2.0;
    review_ = std::make_unique<ReviewService>(*svc_, checks);
    server_ = std::make_unique<testing::LiveServer>(
        *svc_, ServerModules{.access = access_.get(), .review = review_.get()});
    const testing::ReviewSchools picked = testing::PickReviewSchools(*svc_, AcademicYear(2024));
    school_ = picked.school;
    county_ = picked.county;
    neighbour_ = picked.neighbour;
    other_county_ = picked.other_county;
    ASSERT_FALSE(other_county_.empty());
  }

  void Ready(const std::string& login, Role role, std::string county = {},
             std::vector<std::string> schools = {}) {
    tokens_[login] = testing::ReadyAccount(
        *access_, access::Principal{login, role, std::move(county), std::move(schools)},
        kOwnPassword);
  }

  void Accounts() {
    Ready("clerk", Role::kSchoolClerk, county_, {school_});
    Ready("clerk2", Role::kSchoolClerk, county_, {neighbour_});
    Ready("reviewer", Role::kSchoolReviewer, county_, {school_});
    Ready("county", Role::kCounty, county_);
    Ready("county_b", Role::kCounty, other_county_);
    Ready("city", Role::kCity);
  }

  // Sends and returns {status, body}.
  std::pair<int, json> Call(const std::string& who, const std::string& method,
                            const std::string& path, const json& body = json::object()) {
    auto c = server_->Client();
    httplib::Headers h;
    if (tokens_.count(who)) h.emplace("Authorization", "Bearer " + tokens_[who]);
    httplib::Result res = method == "GET" ? c.Get(path.c_str(), h)
                          : method == "PUT"
                              ? c.Put(path.c_str(), h, body.dump(), "application/json")
                              : c.Post(path.c_str(), h, body.dump(), "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return {0, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }

  std::string School(const std::string& code = {}) {
    return "/api/review/2024/schools/" + (code.empty() ? school_ : code);
  }
  std::pair<int, json> StepAs(const std::string& who, const std::string& step, json extra = {}) {
    json body = extra.is_object() ? extra : json::object();
    body["step"] = step;
    return Call(who, "POST", School() + "/steps", body);
  }
  static std::string Id(const json& body) {
    return body.is_object() && body.contains("error") ? body["error"].value("id", "") : "";
  }
  static std::string Zh(const json& body) { return body["error"]["message"].value("zh", ""); }

  std::unique_ptr<Service> svc_;
  std::unique_ptr<AccessService> access_;
  std::unique_ptr<ReviewService> review_;
  std::unique_ptr<testing::LiveServer> server_;
  std::string school_, neighbour_, county_, other_county_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(ReviewApiTest, ClerkSubmitsCountyReturnsAFieldClerkFixesAndTheCityLocksTheYear) {
  Accounts();
  auto [status, view] = Call("clerk", "GET", School());
  ASSERT_EQ(status, 200) << view.dump();
  EXPECT_EQ(view["state"], "draft");
  EXPECT_TRUE(view["editable"].get<bool>());
  double ground = 0;
  for (const json& f : view["fields"]) {
    if (f["section"] == "" && f["field"] == "sports_ground_area") ground = f["value"].get<double>();
  }
  ASSERT_GT(ground, 0);

  const json triple = {
      {"values",
       json::array({{{"section", ""}, {"field", "sports_ground_area"}, {"value", ground * 3}}})}};
  auto [saved, saved_body] = Call("clerk", "PUT", School() + "/values", triple);
  ASSERT_EQ(saved, 200) << saved_body.dump();
  auto [flagged, flagged_view] = Call("clerk", "GET", School());
  ASSERT_EQ(flagged_view["flags"].size(), 1u);

  auto [refused, refused_body] = StepAs("clerk", "submit");
  EXPECT_EQ(refused, 409);
  EXPECT_EQ(Id(refused_body), "review.unconfirmed_changes");
  EXPECT_NE(Zh(refused_body).find("须逐项确认"), std::string::npos) << Zh(refused_body);
  const json confirm = {{"confirmations", json::array({{{"section", ""},
                                                        {"field", "sports_ground_area"},
                                                        {"note", "新运动场投用"}}})}};
  auto [submitted, submitted_body] = StepAs("clerk", "submit", confirm);
  ASSERT_EQ(submitted, 201) << submitted_body.dump();
  EXPECT_EQ(submitted_body["to"], "school_review");

  // Not the clerk's step now, nor the county's yet.
  auto [own, own_body] = StepAs("clerk", "approve");
  EXPECT_EQ(own, 409);
  EXPECT_EQ(Id(own_body), "review.wrong_role");
  EXPECT_NE(Zh(own_body).find("学校审核人"), std::string::npos) << Zh(own_body);
  auto [early, early_body] = StepAs("county", "approve");
  EXPECT_EQ(early, 409);
  auto [queue_status, queue] = Call("reviewer", "GET", "/api/review/2024/queue");
  ASSERT_EQ(queue_status, 200);
  ASSERT_EQ(queue["waiting"].size(), 1u);
  EXPECT_EQ(queue["waiting"][0]["school"]["code"], school_);

  ASSERT_EQ(StepAs("reviewer", "approve").first, 201);
  const json note = {{"reason", "运动场面积有误"},
                     {"notes", json::array({{{"section", ""},
                                             {"field", "sports_ground_area"},
                                             {"note", "新运动场尚未验收，请按原面积填报"}}})}};
  auto [other, other_body] =
      Call("county_b", "POST", School() + "/steps", json{{"step", "return"}, {"reason", "x"}});
  EXPECT_EQ(other, 403) << "another county's user";
  auto [returned, returned_body] = StepAs("county", "return", note);
  ASSERT_EQ(returned, 201) << returned_body.dump();

  // The clerk sees the note on the field, fixes it and resubmits.
  auto [back, back_view] = Call("clerk", "GET", School());
  EXPECT_EQ(back_view["state"], "draft");
  const json& last = back_view["events"].back();
  EXPECT_EQ(last["step"], "return");
  EXPECT_EQ(last["notes"][0]["field"], "sports_ground_area");
  const json fix = {
      {"values",
       json::array({{{"section", ""}, {"field", "sports_ground_area"}, {"value", ground}}})}};
  ASSERT_EQ(Call("clerk", "PUT", School() + "/values", fix).first, 200);
  ASSERT_EQ(StepAs("clerk", "submit").first, 201);
  ASSERT_EQ(StepAs("reviewer", "approve").first, 201);
  ASSERT_EQ(StepAs("county", "approve").first, 201);
  auto [locked, locked_body] = StepAs("city", "approve");
  ASSERT_EQ(locked, 201) << locked_body.dump();
  EXPECT_EQ(locked_body["to"], "locked");

  auto [late, late_body] = Call("clerk", "PUT", School() + "/values", fix);
  EXPECT_EQ(late, 409);
  EXPECT_EQ(Id(late_body), "review.locked");
  EXPECT_NE(Zh(late_body).find("锁定"), std::string::npos);
  auto [table_status, table] = Call("county", "GET", "/api/review/2024?area=" + county_);
  ASSERT_EQ(table_status, 200);
  EXPECT_EQ(table["counts"]["locked"], 1);
  auto [reopen, reopen_body] = StepAs("city", "reopen");
  EXPECT_EQ(reopen, 409);
  EXPECT_EQ(Id(reopen_body), "review.needs_reason");
}

TEST_F(ReviewApiTest, AnImpossibleStepIsRefusedWith409InChinese) {
  Accounts();
  auto [status, body] = StepAs("city", "reopen", json{{"reason", "x"}});
  EXPECT_EQ(status, 409);
  EXPECT_EQ(Id(body), "review.not_allowed");
  EXPECT_NE(Zh(body).find("“填报中”状态下不能解锁"), std::string::npos) << Zh(body);
  auto [bad, bad_body] = StepAs("clerk", "lock");
  EXPECT_EQ(bad, 400);
  EXPECT_EQ(Id(bad_body), "review.bad_body");
}

TEST_F(ReviewApiTest, AClerkCannotReadOrChangeAnotherSchool) {
  Accounts();
  EXPECT_EQ(Call("clerk2", "GET", School()).first, 403);
  EXPECT_EQ(Call("clerk2", "PUT", School() + "/values", json{{"values", json::array()}}).first,
            403);
  EXPECT_EQ(Call("clerk2", "POST", School() + "/steps", json{{"step", "submit"}}).first, 403);
  EXPECT_EQ(Call("clerk2", "GET", School(neighbour_)).first, 200);
}

TEST_F(ReviewApiTest, WithoutAccountsReadsWorkAndStepsNeedALogin) {
  auto [status, body] = Call("", "GET", School());
  EXPECT_EQ(status, 200) << body.dump();
  auto [step, step_body] = StepAs("", "submit");
  EXPECT_EQ(step, 409);
  EXPECT_EQ(Id(step_body), "review.needs_accounts");
}

}  // namespace
}  // namespace jiaodu
