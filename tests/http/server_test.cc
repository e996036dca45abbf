// The HTTP API end to end: a real server on a free port over a real (in
// memory) SQLite store holding the demo city, called with a real client.
#include "jiaodu/server/server.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "jiaodu/app/service.h"
#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using nlohmann::json;

class HttpApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    DemoOptions opt;
    opt.schools = 120;
    svc_ = testing::DemoService(opt).release();
    ASSERT_NE(svc_, nullptr);
    server_ = new testing::LiveServer(*svc_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete svc_;
  }
  httplib::Client Client() { return server_->Client(); }
  json Get(const std::string& path, int want = 200) { return server_->Get(path, want); }

  static Service* svc_;
  static testing::LiveServer* server_;
};
Service* HttpApi::svc_ = nullptr;
testing::LiveServer* HttpApi::server_ = nullptr;

TEST_F(HttpApi, MetaNamesTheStandardYearsAndCity) {
  json m = Get("/api/meta");
  EXPECT_EQ(m["default_standard"], "cn-yzjh-2017");
  EXPECT_EQ(m["years"], json::array({2023, 2024}));
  EXPECT_EQ(m["root"]["name"], "示范市");
}

TEST_F(HttpApi, StandardsListVariantsWithTheirChanges) {
  json list = Get("/api/standards");
  bool variant = false;
  for (const auto& s : list["standards"]) {
    if (s["id"] == "example-province-yzjh-2017") {
      variant = true;
      EXPECT_EQ(s["parent"], "cn-yzjh-2017");
      EXPECT_GT(s["changes"].get<int>(), 3);
    }
  }
  EXPECT_TRUE(variant);
  json v = Get("/api/standards/example-province-yzjh-2017");
  bool g7 = false;
  for (const auto& c : v["changes"])
    g7 = g7 || (c["entry"] == "items[G7].checks[0].threshold" && c["variant"] == "8000");
  EXPECT_TRUE(g7);
  json trend = Get("/api/counties/990102/trend?standard=cn-jbjh-2012");
  ASSERT_EQ(trend["years"].size(), 2u);
  EXPECT_EQ(trend["years"][0]["year"]["start"], 2023);
  EXPECT_TRUE(trend["years"][1]["stages"][0]["composite_cv"].is_number());
}

TEST_F(HttpApi, OverviewListsEveryCountyWithVerdicts) {
  json o = Get("/api/overview?year=2024");
  ASSERT_EQ(o["counties"].size(), 6u);
  EXPECT_EQ(o["counties"][0]["name"], "城关区");
  EXPECT_EQ(o["totals"]["counties"], 6);
  EXPECT_EQ(o["year"]["label"], "2024-2025学年");
  for (const auto& c : o["counties"]) EXPECT_TRUE(c["verdict"].is_string());
}

TEST_F(HttpApi, CountyEvaluationAndSchoolDetail) {
  json e = Get("/api/counties/990103/evaluation?year=2024");
  EXPECT_EQ(e["county"]["name"], "东湖区");
  ASSERT_EQ(e["stages"].size(), 2u);
  std::string code = e["stages"][0]["sections"][0]["school"];
  json s = Get("/api/schools/" + code + "?year=2024");
  EXPECT_EQ(s["school"]["code"], code);
  EXPECT_FALSE(s["results"].empty());
  EXPECT_TRUE(s["county_means"].contains("primary"));
  EXPECT_EQ(s["history"].size(), 1u);
  EXPECT_EQ(s["standard"], "cn-yzjh-2017");
  // Per-school thresholds come with words, not only a formula.
  for (const auto& item : e["items"]) {
    if (item["id"] != "G3") continue;
    EXPECT_NE(item["checks"][0]["threshold_text"]["zh"].get<std::string>().find("每12个班级"),
              std::string::npos);
  }
}

TEST_F(HttpApi, ErrorsAreJsonWithStableIdsAndStatus) {
  EXPECT_EQ(Get("/api/counties/999999/evaluation", 404)["error"]["id"], "app.not_found");
  EXPECT_EQ(Get("/api/overview?year=abc", 400)["error"]["id"], "year.invalid");
  EXPECT_EQ(Get("/api/nope", 404)["error"]["id"], "http.no_route");
  auto c = Client();
  auto res = c.Put("/api/counties/990102/data?year=2024", "{not json", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = c.Post("/api/imports/1/undo", "{}", "application/json");  // not confirmed
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body)["error"]["id"], "http.confirm_required");
}

TEST_F(HttpApi, ExportsAndTemplateAreWorkbooks) {
  auto c = Client();
  for (const char* path :
       {"/api/export/county/990103.xlsx?year=2024", "/api/export/city/990100.xlsx?year=2024",
        "/api/template.xlsx?county=990103"}) {
    auto res = c.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path;
    EXPECT_EQ(res->body.substr(0, 2), "PK") << path;
    EXPECT_NE(res->get_header_value("Content-Disposition").find("filename*=UTF-8''"),
              std::string::npos);
    EXPECT_TRUE(xlsx::ReadXlsx(res->body, "x.xlsx")) << path;
  }
}

json WaitJob(httplib::Client& c, const std::string& id) {
  for (int i = 0; i < 200; ++i) {
    auto res = c.Get(("/api/jobs/" + id).c_str());
    json j = json::parse(res->body);
    if (j["state"] == "done" || j["state"] == "failed") return j;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return json();
}

TEST_F(HttpApi, BadUploadIsRefusedWithLocatedErrorsAndAnErrorWorkbook) {
  auto c = Client();
  auto before = Get("/api/meta")["data_version"];
  httplib::MultipartFormDataItems items = {
      {"files", "这不是一个工作簿", "坏文件.xlsx", "application/octet-stream"},
      {"user", "测试员", "", ""}};
  auto res = c.Post("/api/imports", items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202);
  std::string id = json::parse(res->body)["job"];
  json j = WaitJob(c, id);
  EXPECT_EQ(j["state"], "failed");
  EXPECT_FALSE(j["result"]["ok"]);
  ASSERT_FALSE(j["result"]["errors"].empty());
  EXPECT_EQ(j["result"]["errors"][0]["id"], "xlsx.not_xlsx");
  EXPECT_EQ(j["result"]["errors"][0]["file"], "坏文件.xlsx");
  auto wb = c.Get(("/api/jobs/" + id + "/errors.xlsx").c_str());
  ASSERT_TRUE(wb);
  EXPECT_EQ(wb->body.substr(0, 2), "PK");
  EXPECT_EQ(Get("/api/meta")["data_version"], before);  // nothing written
}

TEST_F(HttpApi, CountyEditThenUndoThroughTheApi) {
  auto c = Client();
  json body = {
      {"user", "县局"},
      {"values", {{"social_recognition_rate", 0.5}}},
      {"judgments", {{"G1", {{"status", "未达标"}, {"note", "规划未批复"}, {"evidence", ""}}}}},
      {"vetoes", {{"V2", {{"occurred", false}, {"note", ""}}}}}};
  auto res = c.Put("/api/counties/990102/data?year=2024", body.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  int64_t id = json::parse(res->body)["import_id"];
  json e = Get("/api/counties/990102/evaluation?year=2024");
  EXPECT_EQ(e["parts"]["recognition"], "fail");
  json data = Get("/api/counties/990102/data?year=2024");
  EXPECT_EQ(data["county"]["judgments"]["G1"]["status"], "未达标");
  auto undo = c.Post(("/api/imports/" + std::to_string(id) + "/undo").c_str(),
                     R"({"user":"县局","confirm":true})", "application/json");
  ASSERT_TRUE(undo);
  EXPECT_EQ(undo->status, 200) << undo->body;
  EXPECT_EQ(Get("/api/counties/990102/evaluation?year=2024")["parts"]["recognition"], "pass");
  json imports = Get("/api/imports");
  EXPECT_TRUE(imports["imports"][0]["undone"]);
  json audit = Get("/api/audit");
  EXPECT_EQ(audit["entries"][0]["action"], "undo");
}

// The county PDF (自评报告附表) over HTTP: a real PDF with a Chinese file name,
// for every standard, with JSON errors like every other route.
TEST_F(HttpApi, CountyPdfExport) {
  auto c = Client();
  std::map<std::string, std::string> names;  // standard → file name
  for (const char* standard : {"cn-yzjh-2017", "cn-xqpp-2020"}) {
    std::string path = fmt::format("/api/export/county/990103.pdf?year=2024&standard={}", standard);
    auto res = c.Get(path.c_str());
    ASSERT_TRUE(res) << path;
    ASSERT_EQ(res->status, 200) << path << " " << res->body.substr(0, 300);
    EXPECT_EQ(res->body.substr(0, 5), "%PDF-") << path;
    EXPECT_GT(res->body.size(), 10000u) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/pdf") << path;
    // attachment; filename="export.pdf"; filename*=UTF-8''%E4%B8%9C… (the
    // client hands the value back percent-decoded).
    std::string cd = res->get_header_value("Content-Disposition");
    EXPECT_TRUE(cd.starts_with("attachment;")) << cd;
    EXPECT_NE(cd.find("filename=\"export.pdf\""), std::string::npos) << cd;
    size_t star = cd.find("filename*=UTF-8''");
    ASSERT_NE(star, std::string::npos) << cd;
    names[standard] = cd.substr(star + 17);
  }
  EXPECT_EQ(names["cn-yzjh-2017"],
            "东湖区2024-2025学年义务教育优质均衡发展督导评估自评报告附表.pdf");
  EXPECT_EQ(names["cn-xqpp-2020"],
            "东湖区2024-2025学年县域学前教育普及普惠督导评估自评报告附表.pdf");
  EXPECT_EQ(Get("/api/export/county/999999.pdf?year=2024", 404)["error"]["id"], "app.not_found");
  EXPECT_EQ(Get("/api/export/county/990103.pdf?year=2024&standard=nope", 404)["error"]["id"],
            "app.not_found");
  json audit = Get("/api/audit");
  EXPECT_NE(audit["entries"][0]["detail"].get<std::string>().find("自评报告附表"),
            std::string::npos);
}

// The UI offers the preschool standard: the list says which data set each
// standard evaluates.
TEST_F(HttpApi, StandardsSayWhichDatasetTheyEvaluate) {
  for (const char* path : {"/api/standards", "/api/meta"}) {
    json list = Get(path)["standards"];
    std::map<std::string, std::string> dataset;
    for (const auto& s : list) {
      dataset[s["id"]] = s["dataset"];
      EXPECT_TRUE(s["stages"].is_array()) << s["id"];
    }
    EXPECT_EQ(dataset["cn-yzjh-2017"], "compulsory") << path;
    EXPECT_EQ(dataset["cn-xqpp-2020"], "preschool") << path;
    EXPECT_EQ(dataset["example-province-xqpp-2020"], "preschool") << path;
  }
}

// The demo's kindergartens through the API with standard=cn-xqpp-2020.
TEST_F(HttpApi, PreschoolEvaluationOfTheDemo) {
  const std::string q = "year=2024&standard=cn-xqpp-2020";
  json e = Get("/api/counties/990102/evaluation?" + q);
  EXPECT_EQ(e["standard"], "cn-xqpp-2020");
  EXPECT_EQ(e["county"]["name"], "城关区");
  EXPECT_EQ(e["verdict"], "pass");
  ASSERT_EQ(e["stages"].size(), 1u);
  EXPECT_EQ(e["stages"][0]["stage"], "preschool");
  ASSERT_FALSE(e["part_list"].empty());
  EXPECT_EQ(e["part_list"][0]["key"], "coverage");
  EXPECT_EQ(e["part_list"][0]["name"]["zh"], "普及普惠水平");
  std::set<std::string> seen;
  for (const auto& item : e["items"]) {
    std::string id = item["id"];
    if (id != "P1" && id != "P2" && id != "P3") continue;
    seen.insert(id);
    EXPECT_TRUE(item["checks"][0]["value"].is_number()) << id;
    EXPECT_EQ(item["verdict"], "pass") << id;
  }
  EXPECT_EQ(seen.size(), 3u);
  // 东湖区: 公办园在园幼儿占比 under 50%.
  json dh = Get("/api/counties/990103/evaluation?" + q);
  for (const auto& item : dh["items"]) {
    if (item["id"] == "P3") {
      EXPECT_EQ(item["verdict"], "fail");
    }
  }
  // The overview without a year takes the latest year with preschool data.
  json o = Get("/api/overview?standard=cn-xqpp-2020");
  EXPECT_EQ(o["year"]["start"], 2024);
  EXPECT_EQ(o["standard"], "cn-xqpp-2020");
  ASSERT_EQ(o["counties"].size(), 6u);
  EXPECT_EQ(o["counties"][0]["verdict"], "pass");
  EXPECT_GT(o["totals"]["schools"].get<int>(), 40);

  // A kindergarten's detail names the standard and its category.
  std::string code;
  for (const auto& s : e["stages"][0]["sections"]) {
    if (s["type"] == "kindergarten" && code.empty()) code = s["school"];
  }
  ASSERT_FALSE(code.empty());
  json d = Get("/api/schools/" + code + "?" + q);
  EXPECT_EQ(d["standard"], "cn-xqpp-2020");
  EXPECT_EQ(d["catalog"], "preschool-v1");
  EXPECT_EQ(d["school"]["type"], "kindergarten");
  EXPECT_TRUE(d["school"]["category"].is_string());
  EXPECT_TRUE(d["data"]["school"].contains("fee_monthly"));
  EXPECT_FALSE(d["results"].empty());
  // Without a standard: the default one, which has no data for it.
  EXPECT_EQ(Get("/api/schools/" + code + "?year=2024", 404)["error"]["id"], "app.no_school_data");
  // The county's schools with preschool data: kindergartens and 附设幼儿班 only.
  json list = Get("/api/schools?county=990102&" + q);
  ASSERT_FALSE(list["schools"].empty());
  for (const auto& s : list["schools"]) {
    EXPECT_TRUE(s["type"] == "kindergarten" || s["type"] == "primary") << s["name"];
  }
  EXPECT_LT(list["schools"].size(), Get("/api/schools?county=990102")["schools"].size());
}

TEST_F(HttpApi, MultiRangeRequestsAreRefused) {
  auto c = Client();
  httplib::Headers h = {{"Range", "bytes=0-1,2-3"}};
  auto res = c.Get("/api/meta", h);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 416);
}

}  // namespace
}  // namespace jiaodu
