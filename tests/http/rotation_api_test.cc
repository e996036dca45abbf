// The 交流轮岗 routes over a real HTTP server: the template needs a county,
// an uploaded workbook is solved as a background job polled to its end, the
// plan comes back as JSON and as Excel under a Chinese file name, a forbid
// sent with a re-solve holds, and a bad workbook or malformed decisions are
// refused with every error placed and explained in Chinese.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "jiaodu/app/rotation_service.h"
#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/rotation_file/rotation_file.h"
#include "jiaodu/optim/cbc/cbc_solver.h"
#include "jiaodu/server/server.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/rotation/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class RotationApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    svc_ = testing::DemoService(
               {.seed = 11, .counties = 2, .schools = 24, .first_year = 2024, .years = 1})
               .release();
    ASSERT_NE(svc_, nullptr);
    auto rules =
        LoadRotationRules(std::string(JIAODU_TEST_DATA_DIR) + "/rotation/cn-rotation-2017.toml");
    ASSERT_TRUE(rules) << rules.error().Describe();
    rot_ = new RotationService(*svc_, *rules, [] { return optim::MakeCbcSolver(); });
    server_ = new testing::LiveServer(*svc_, {.rotation = rot_});
    auto areas = svc_->storage().ListAreas();
    ASSERT_TRUE(areas);
    for (const Area& a : *areas) {
      if (a.level == AreaLevel::kCounty) {
        county_ = a.code;
        break;
      }
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    delete rot_;
    delete svc_;
  }

  // POSTs a workbook to /solve; returns the response.
  static httplib::Result Solve(const std::string& file, const std::string& decisions = "") {
    httplib::MultipartFormDataItems form = {
        {"file", Fixture(file), file,
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"user", "接口测试", "", ""}};
    if (!decisions.empty()) form.push_back({"decisions", decisions, "", ""});
    return server_->Client().Post(("/api/rotation/" + county_ + "/solve").c_str(), form);
  }

  // Polls the job until it is no longer queued or running.
  static json WaitJob(const std::string& id) {
    const auto end = std::chrono::steady_clock::now() + 120s;
    json s;
    while (std::chrono::steady_clock::now() < end) {
      s = server_->Get("/api/rotation/jobs/" + id);
      if (s.value("state", "") != "queued" && s.value("state", "") != "running") return s;
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "job " << id << " did not finish: " << s.dump();
    return s;
  }

  static Service* svc_;
  static RotationService* rot_;
  static testing::LiveServer* server_;
  static std::string county_;
};
Service* RotationApiTest::svc_ = nullptr;
RotationService* RotationApiTest::rot_ = nullptr;
testing::LiveServer* RotationApiTest::server_ = nullptr;
std::string RotationApiTest::county_;

TEST_F(RotationApiTest, TemplateNeedsACountyAndIsAnXlsxUnderAChineseName) {
  json no_county = server_->Get("/api/rotation/template.xlsx", 400);
  EXPECT_EQ(no_county["error"]["id"], "rotation.no_county");
  EXPECT_EQ(no_county["error"]["message"]["zh"], "请先选择县区");

  auto res = server_->Client().Get(("/api/rotation/template.xlsx?county=" + county_).c_str());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
  EXPECT_EQ(res->body.substr(0, 2), "PK");  // a zip container
  EXPECT_NE(res->get_header_value("Content-Disposition").find("filename*=UTF-8''"),
            std::string::npos);
}

TEST_F(RotationApiTest, UploadedWorkbookIsSolvedAsAJobAndThePlanComesBackAsJsonAndExcel) {
  // A second county has nothing held, whatever the other tests did.
  std::string other;
  auto areas = svc_->storage().ListAreas();
  ASSERT_TRUE(areas);
  for (const Area& a : *areas) {
    if (a.level == AreaLevel::kCounty && a.code != county_) other = a.code;
  }
  ASSERT_FALSE(other.empty());
  json held = server_->Get("/api/rotation/" + other);
  EXPECT_TRUE(held["file_name"].is_null());
  EXPECT_FALSE(held["has_plan"].get<bool>());
  EXPECT_EQ(server_->Get("/api/rotation/" + other + "/plan", 404)["error"]["id"],
            "rotation.no_plan");

  auto res = Solve("county-small.xlsx");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body.substr(0, 500);
  const std::string job = json::parse(res->body)["job"];
  json done = WaitJob(job);
  ASSERT_EQ(done["state"], "done") << done.dump();
  EXPECT_EQ(done["progress"], 1.0);

  held = server_->Get("/api/rotation/" + county_);
  EXPECT_EQ(held["file_name"], "county-small.xlsx");
  EXPECT_TRUE(held["has_plan"].get<bool>());

  json plan = server_->Get("/api/rotation/" + county_ + "/plan");
  EXPECT_EQ(plan["status"], "optimal");
  EXPECT_EQ(plan["county"]["code"], county_);
  EXPECT_TRUE(plan["quota"]["met"].get<bool>());
  EXPECT_FALSE(plan["moves"].empty());
  // The JSON is the service's own plan.
  auto last = rot_->LastPlan(county_);
  ASSERT_TRUE(last);
  EXPECT_EQ(plan["moves"].size(), (*last)->plan.moves.size());

  auto xlsx = server_->Client().Get(("/api/rotation/" + county_ + "/plan.xlsx").c_str());
  ASSERT_TRUE(xlsx);
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  EXPECT_NE(xlsx->get_header_value("Content-Disposition").find("filename*=UTF-8''"),
            std::string::npos);
}

TEST_F(RotationApiTest, AForbidSentWithAReSolveKeepsThatTeacherAtHome) {
  auto res = Solve("county-small.xlsx");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body.substr(0, 500);
  ASSERT_EQ(WaitJob(json::parse(res->body)["job"])["state"], "done");
  json first = server_->Get("/api/rotation/" + county_ + "/plan");
  ASSERT_FALSE(first["moves"].empty());
  const std::string teacher = first["moves"][0]["teacher"];

  json body{{"forbids", json::array({json{{"teacher", teacher}}})}};
  auto again = server_->Client().Post(("/api/rotation/" + county_ + "/resolve").c_str(),
                                      body.dump(), "application/json");
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 202) << again->body.substr(0, 500);
  ASSERT_EQ(WaitJob(json::parse(again->body)["job"])["state"], "done");
  json second = server_->Get("/api/rotation/" + county_ + "/plan");
  std::set<std::string> moved;
  for (const json& m : second["moves"]) moved.insert(m["teacher"].get<std::string>());
  EXPECT_FALSE(moved.contains(teacher));
  EXPECT_TRUE(second["quota"]["met"].get<bool>());
}

TEST_F(RotationApiTest, BadWorkbookIsRefusedWithEveryErrorPlacedAndNothingStarted) {
  auto res = Solve("errors-rows.xlsx");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 400) << res->body.substr(0, 500);
  json body = json::parse(res->body);
  ASSERT_TRUE(body["errors"].is_array());
  EXPECT_EQ(body["errors"].size(), 15u);  // as RotationServiceTest counts them
  EXPECT_EQ(body["error"], body["errors"][0]);
  for (const json& e : body["errors"]) {
    EXPECT_EQ(e["file"], "errors-rows.xlsx");
    EXPECT_FALSE(e["sheet"].get<std::string>().empty()) << e.dump();
    EXPECT_GT(e["row"].get<int>(), 0) << e.dump();
    EXPECT_FALSE(e["message"]["zh"].get<std::string>().empty());
  }
}

TEST_F(RotationApiTest, MalformedDecisionsAreRefusedInChinese) {
  auto res = Solve("county-small.xlsx", R"({"pins": [{"teacher": "T1"}]})");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 400) << res->body.substr(0, 300);
  json e = json::parse(res->body)["error"];
  EXPECT_EQ(e["id"], "rotation.bad_request");
  EXPECT_NE(e["message"]["zh"].get<std::string>().find("指定调动必须给出调入学校"),
            std::string::npos);

  auto not_json = server_->Client().Post(("/api/rotation/" + county_ + "/resolve").c_str(), "{pins",
                                         "application/json");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  EXPECT_EQ(json::parse(not_json->body)["error"]["id"], "rotation.bad_request");
}

TEST_F(RotationApiTest, UnknownJobIsNotFound) {
  EXPECT_EQ(server_->Get("/api/rotation/jobs/no-such-job", 404)["error"]["id"], "job.not_found");
  auto cancel = server_->Client().Post("/api/rotation/jobs/no-such-job/cancel", "", "text/plain");
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->status, 404);
}

}  // namespace
}  // namespace jiaodu
