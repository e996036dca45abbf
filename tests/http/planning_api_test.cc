// The 学位与编制 routes over a real HTTP server: the demo planning workbook
// uploaded for the city, then a county's forecast (the gap of each year is
// supply − demand, the first short year the first negative one), its
// capacity and 编制 as JSON, the results as Excel under a Chinese file name;
// the template needs an area; a bad workbook is refused with every error
// placed and nothing kept; an unknown scenario or area is refused.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "jiaodu/app/planning_service.h"
#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/planning_file/planning_file.h"
#include "jiaodu/server/server.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using nlohmann::json;

class PlanningApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    svc_ = testing::DemoService(
               {.seed = 11, .counties = 2, .schools = 40, .first_year = 2023, .years = 2})
               .release();
    ASSERT_NE(svc_, nullptr);
    auto params =
        LoadPlanningParams(std::string(JIAODU_TEST_DATA_DIR) + "/planning/cn-planning-2017.toml");
    ASSERT_TRUE(params) << params.error().Describe();
    plan_ = new PlanningService(*svc_, *params);
    server_ = new testing::LiveServer(*svc_, {.planning = plan_});
    auto root = svc_->Root();
    ASSERT_TRUE(root && *root);
    city_ = (*root)->code;
    auto book = plan_->DemoWorkbook();
    ASSERT_TRUE(book) << book.error().Describe();
    demo_book_ = *book;
  }
  static void TearDownTestSuite() {
    delete server_;
    delete plan_;
    delete svc_;
  }

  static httplib::Result Upload(const std::string& code, const std::string& name,
                                const std::string& bytes) {
    httplib::MultipartFormDataItems form = {{"file", bytes, name, "application/octet-stream"}};
    return server_->Client().Post(("/api/planning/" + code + "/inputs").c_str(), form);
  }

  static inline Service* svc_ = nullptr;
  static inline PlanningService* plan_ = nullptr;
  static inline testing::LiveServer* server_ = nullptr;
  static inline std::string city_;
  static inline std::string demo_book_;
};

TEST_F(PlanningApiTest, TheCityUploadFeedsEachCountysForecastAndItsGapsAddUp) {
  auto up = Upload(city_, "示范市学位与编制测算.xlsx", demo_book_);
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 200) << up->body.substr(0, 400);
  const json held = json::parse(up->body)["held"];
  ASSERT_EQ(held.size(), 2u);
  const std::string county = held[1]["county"];
  EXPECT_GT(held[1]["birth_years"].get<int>(), 0);

  const json info = server_->Get("/api/planning/" + county);
  EXPECT_EQ(info["held"][0]["file_name"], "示范市学位与编制测算.xlsx");
  EXPECT_EQ(info["scope"]["city"], false);
  EXPECT_GE(info["scenarios"].size(), 3u);

  const json f = server_->Get("/api/planning/" + county + "/forecast?scenario=medium");
  EXPECT_EQ(f["forecast"]["scenario"], "medium");
  ASSERT_FALSE(f["capacity"]["areas"].empty());
  for (const json& a : f["capacity"]["areas"]) {
    json first_short;
    for (const json& y : a["years"]) {
      if (y["demand"].is_null()) continue;
      EXPECT_EQ(y["gap"].get<int64_t>(), y["supply"].get<int64_t>() - y["demand"].get<int64_t>());
      EXPECT_EQ(y["supply"].get<int64_t>(),
                y["existing"].get<int64_t>() + y["added"].get<int64_t>());
      if (first_short.is_null() && y["gap"].get<int64_t>() < 0) first_short = y["year"];
    }
    EXPECT_EQ(a["first_short_year"], first_short) << a["level"]["key"];
  }
  // A higher birth scenario never forecasts fewer 小学 pupils at the horizon.
  const json high = server_->Get("/api/planning/" + county + "/forecast?scenario=high");
  auto last_primary = [](const json& doc) {
    for (const json& a : doc["capacity"]["areas"]) {
      if (a["level"]["key"] == "primary") return a["years"].back()["demand"].get<int64_t>();
    }
    return int64_t{-1};
  };
  EXPECT_GE(last_primary(high), last_primary(f));
  EXPECT_GT(last_primary(f), 0);
}

TEST_F(PlanningApiTest, CapacityAndStaffingComeFromTheStoredSchools) {
  const json c = server_->Get("/api/planning/" + city_ + "/capacity");
  ASSERT_FALSE(c["sections"].empty());
  for (const json& s : c["sections"]) {
    EXPECT_EQ(s["places"].get<int64_t>(),
              s["classes"].get<int64_t>() * s["standard"].get<int64_t>());
  }
  const json s = server_->Get("/api/planning/" + city_ + "/staffing");
  ASSERT_EQ(s["staffing"]["areas"].size(), 2u);
  int64_t quota = 0;
  for (const json& school : s["staffing"]["schools"]) quota += school["quota"].get<int64_t>();
  int64_t area_quota = 0;
  for (const json& a : s["staffing"]["areas"]) area_quota += a["quota"].get<int64_t>();
  EXPECT_EQ(quota, area_quota);
}

TEST_F(PlanningApiTest, TheResultsDownloadAsAWorkbookAndTheTemplateNeedsAnArea) {
  auto c = server_->Client();
  auto x = c.Get(("/api/planning/" + city_ + "/plan.xlsx").c_str());
  ASSERT_TRUE(x);
  EXPECT_EQ(x->status, 200);
  EXPECT_EQ(x->body.substr(0, 2), "PK");
  EXPECT_NE(x->get_header_value("Content-Disposition").find("filename*=UTF-8''"),
            std::string::npos);
  auto t = c.Get(("/api/planning/template.xlsx?area=" + city_).c_str());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->status, 200);
  EXPECT_EQ(t->body.substr(0, 2), "PK");
  const json no_area = server_->Get("/api/planning/template.xlsx", 400);
  EXPECT_EQ(no_area["error"]["id"], "planning_service.no_area");
}

TEST_F(PlanningApiTest, ABadWorkbookIsRefusedWithEveryErrorPlacedAndNothingKept) {
  const json before = server_->Get("/api/planning/" + city_);
  auto up = Upload(city_, "规划项目.csv",
                   "项目名称,县区代码,学段,类型,启用年份,新增学位\n新校,990199,初中,新建,2027,900\n"
                   "新校二,,小学,迁建,2027,\n");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 400);
  const json body = json::parse(up->body);
  ASSERT_EQ(body["errors"].size(), 3u);
  EXPECT_EQ(body["error"]["id"], "planning_table.unknown_county");
  EXPECT_EQ(body["errors"][0]["row"], 2);
  EXPECT_EQ(body["errors"][0]["column"], "B (县区代码)");
  EXPECT_EQ(body["errors"][1]["id"], "planning_table.required");
  EXPECT_EQ(body["errors"][2]["id"], "planning_table.bad_kind");
  EXPECT_EQ(server_->Get("/api/planning/" + city_)["held"], before["held"]);
}

TEST_F(PlanningApiTest, AnUnknownScenarioOrAreaIsRefused) {
  const json bad = server_->Get("/api/planning/" + city_ + "/forecast?scenario=extreme", 404);
  EXPECT_EQ(bad["error"]["id"], "planning.unknown_scenario");
  server_->Get("/api/planning/999999/staffing", 404);
}

}  // namespace
}  // namespace jiaodu
