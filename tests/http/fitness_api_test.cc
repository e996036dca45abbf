// The /api/fitness routes end to end: a real server over a real (in-memory)
// SQLite store with the demo city's schools, a school's 体测 file uploaded
// as a user would, then every view read back through HTTP.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "jiaodu/app/fitness_service.h"
#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "jiaodu/server/server.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using nlohmann::json;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/fitness/" + name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class FitnessApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    DemoOptions opt;
    opt.schools = 30;
    opt.years = 1;
    opt.first_year = 2024;
    svc_ = testing::DemoService(opt).release();
    ASSERT_NE(svc_, nullptr);
    fit_ = testing::ShippedFitnessService(*svc_).release();
    ASSERT_NE(fit_, nullptr);
    server_ = new testing::LiveServer(*svc_, {.fitness = fit_});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete fit_;
    delete svc_;
  }
  httplib::Client Client() { return server_->Client(); }
  json Get(const std::string& path, int want = 200) { return server_->Get(path, want); }
  std::string SchoolCode() {
    const json all = Get("/api/schools");  // kept: a temporary would die before the loop
    for (const auto& s : all["schools"]) {
      if (s["type"] != "kindergarten" && s["type"] != "幼儿园") return s["code"];
    }
    return "";
  }
  // Uploads one file and waits for the job.
  json Upload(const std::string& name, const std::string& bytes, const std::string& school,
              const std::string& year = "2024") {
    auto c = Client();
    httplib::MultipartFormDataItems items = {{"files", bytes, name, "text/csv"},
                                             {"year", year, "", ""},
                                             {"school", school, "", ""},
                                             {"user", "测试员", "", ""}};
    auto res = c.Post("/api/fitness/imports", items);
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, 202) << res->body;
    std::string id = json::parse(res->body)["job"];
    for (int i = 0; i < 400; ++i) {
      json j = Get("/api/jobs/" + id);
      if (j["state"] == "done" || j["state"] == "failed") return j;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return json();
  }

  static Service* svc_;
  static FitnessService* fit_;
  static testing::LiveServer* server_;
};
Service* FitnessApi::svc_ = nullptr;
FitnessService* FitnessApi::fit_ = nullptr;
testing::LiveServer* FitnessApi::server_ = nullptr;

TEST_F(FitnessApi, BeforeAnyImportTheViewsSayThereIsNoDataAndMetaNamesTheStandard) {
  json meta = Get("/api/fitness/meta");
  EXPECT_EQ(meta["standard"]["id"], "cn-tzjk-2014");
  EXPECT_EQ(meta["levels"].size(), 4u);
  EXPECT_EQ(meta["levels"][0]["zh"], "优秀");
  EXPECT_EQ(meta["bmi_bands"].size(), 4u);
  EXPECT_EQ(meta["grades"].size(), 16u);
  if (meta["years"].empty()) {
    json e = Get("/api/fitness/summary", 404);
    EXPECT_EQ(e["error"]["id"], "fitness.no_data");
  }
  EXPECT_EQ(Get("/api/fitness/summary?target=120", 400)["error"]["id"], "fitness.target_invalid");
}

TEST_F(FitnessApi, UploadedFileIsSummarisedListedAndEachStudentFound) {
  const std::string school = SchoolCode();
  ASSERT_FALSE(school.empty());
  json j = Upload("体测.csv", Fixture("sample-school.csv"), school);
  ASSERT_EQ(j["state"], "done") << j.dump();
  EXPECT_EQ(j["result"]["summary"]["students"], 3);
  json s = Get("/api/fitness/summary?area=" + school + "&year=2024&target=52");
  EXPECT_EQ(s["scope"], "school");
  EXPECT_EQ(s["total"]["roster"], 3);
  EXPECT_EQ(s["target"]["excellent_good"], 52.0);
  // Counts beside rates: the 优良率 is the top two levels over those scored.
  const json& t = s["total"];
  const int top2 = t["levels"][0].get<int>() + t["levels"][1].get<int>();
  EXPECT_EQ(t["excellent_good_count"], top2);
  EXPECT_DOUBLE_EQ(t["excellent_good"].get<double>(), top2 * 100.0 / t["scored"].get<int>());
  ASSERT_FALSE(t["items"].empty());
  EXPECT_EQ(s["children"].size(), 2u);
  EXPECT_EQ(s["children"][0]["kind"], "class");
  json city = Get("/api/fitness/summary");
  EXPECT_EQ(city["scope"], "city");
  EXPECT_EQ(city["total"]["roster"], 3);
  ASSERT_EQ(city["children"].size(), 1u);
  EXPECT_EQ(city["children"][0]["kind"], "county");
  json list = Get("/api/fitness/schools/" + school + "/students?year=2024&grade=22");
  ASSERT_EQ(list["students"].size(), 2u);
  const std::string id = list["students"][0]["student_id"];
  json st = Get("/api/fitness/students/" + id);
  ASSERT_EQ(st["records"].size(), 1u);
  EXPECT_EQ(st["records"][0]["school"]["code"], school);
  EXPECT_EQ(st["records"][0]["total"], list["students"][0]["total"]);
  EXPECT_FALSE(st["records"][0]["items"].empty());
  json trend = Get("/api/fitness/trend?area=" + school);
  ASSERT_EQ(trend["years"].size(), 1u);
  EXPECT_EQ(trend["years"][0]["total"]["roster"], 3);
  EXPECT_EQ(Get("/api/fitness/students/NOBODY", 404)["error"]["id"], "fitness.no_student");
  // Downloads: the workbook, one 登记卡 per student, the upload template.
  auto c = Client();
  auto xlsx = c.Get(("/api/fitness/export.xlsx?area=" + school).c_str());
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200) << xlsx->body.substr(0, 300);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  EXPECT_NE(xlsx->get_header_value("Content-Disposition").find(".xlsx"), std::string::npos);
  auto pdf = c.Get(("/api/fitness/schools/" + school + "/cards.pdf?student=" + id).c_str());
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200) << pdf->body.substr(0, 200);
  EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
  auto tpl = c.Get("/api/fitness/template.xlsx");
  ASSERT_TRUE(tpl);
  EXPECT_EQ(tpl->body.substr(0, 2), "PK");
}

TEST_F(FitnessApi, BadFileFailsWithRowAndColumnAndChangesNothing) {
  const std::string school = SchoolCode();
  auto before = Get("/api/meta")["data_version"];
  json j = Upload("坏.csv", Fixture("bad-school.csv"), school);
  EXPECT_EQ(j["state"], "failed");
  ASSERT_FALSE(j["result"]["errors"].empty());
  const json& e = j["result"]["errors"][0];
  EXPECT_EQ(e["file"], "坏.csv");
  EXPECT_GT(e["row"].get<int>(), 0);
  EXPECT_FALSE(e["column"].get<std::string>().empty());
  EXPECT_EQ(Get("/api/meta")["data_version"], before);
  // A missing year is refused before any work starts.
  auto c = Client();
  httplib::MultipartFormDataItems items = {{"files", "x", "a.csv", "text/csv"}};
  auto res = c.Post("/api/fitness/imports", items);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

// The workbook as a background job: POST /api/fitness/exports answers at
// once with a job, the job reports progress and ends with a file, and
// /api/jobs/{id}/file serves it with its Chinese name.
TEST_F(FitnessApi, ExportJobRunsToAFileThatDownloadsAsTheWorkbook) {
  const std::string school = SchoolCode();
  ASSERT_FALSE(school.empty());
  ASSERT_EQ(Upload("体测.csv", Fixture("sample-school.csv"), school)["state"], "done");
  const json place = Get("/api/fitness/summary?area=" + school + "&year=2024");
  const std::string county = place["area"]["parent"];
  ASSERT_FALSE(county.empty());
  auto c = Client();
  auto started = c.Post(("/api/fitness/exports?area=" + county + "&year=2024&target=52").c_str(),
                        "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 202) << started->body;
  const std::string id = json::parse(started->body)["job"];
  json j;
  for (int i = 0; i < 1200; ++i) {  // up to 30 s
    j = Get("/api/jobs/" + id);
    if (j["state"] == "done" || j["state"] == "failed") break;
    EXPECT_EQ(j["kind"], "export");
    EXPECT_TRUE(j["file"].is_null()) << "no file before the job is done";
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_EQ(j["state"], "done") << j.dump();
  EXPECT_EQ(j["kind"], "export");
  EXPECT_EQ(j["progress"], 1.0);
  EXPECT_TRUE(j["result"].is_null());
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_EQ(j["file_expired"], false);
  const std::string name = j["file"]["name"];
  const std::string county_name =
      Get("/api/fitness/summary?area=" + county + "&year=2024")["area"]["name"];
  EXPECT_EQ(name, county_name + "2024-2025学年学生体质健康测试结果.xlsx");

  auto file = c.Get(("/api/jobs/" + id + "/file").c_str());
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200) << file->body.substr(0, 300);
  EXPECT_EQ(file->body.size(), j["file"]["size"].get<size_t>());
  EXPECT_GT(file->body.size(), 5000u);
  EXPECT_EQ(file->body.substr(0, 4), std::string("PK\x03\x04", 4));  // a zip
  EXPECT_EQ(file->get_header_value("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const std::string disposition = file->get_header_value("Content-Disposition");
  EXPECT_NE(disposition.find("filename=\"export.xlsx\""), std::string::npos) << disposition;
  // The Chinese name after filename*= (sent percent-encoded; the client
  // hands the value back decoded).
  const size_t star = disposition.find("filename*=UTF-8''");
  ASSERT_NE(star, std::string::npos) << disposition;
  EXPECT_EQ(disposition.substr(star + 17), name);
  // It opens as the workbook: its sheets, and the uploaded students on 学生成绩.
  auto book = xlsx::ReadXlsx(file->body, name);
  ASSERT_TRUE(book) << book.error().Describe();
  std::vector<std::string> sheets;
  for (const auto& sh : book->sheets) sheets.push_back(sh.name);
  EXPECT_EQ(sheets, (std::vector<std::string>{"说明", "汇总", "分年级", "单项", "学生成绩"}));
  const xlsx::Sheet* students = book->Find("学生成绩");
  ASSERT_NE(students, nullptr);
  EXPECT_EQ(students->rows.size(), 1u + 3u);  // header + the file's 3 students

  // The file can be downloaded again: retention is by time and bytes, not
  // by download.
  auto again = c.Get(("/api/jobs/" + id + "/file").c_str());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, file->body);

  // Refusals: before any job for a wrong place or target; no file for an
  // unknown job or an import's job.
  auto bad = c.Post("/api/fitness/exports?area=0000000000&year=2024", "",
                    "application/x-www-form-urlencoded");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 404);
  EXPECT_EQ(json::parse(bad->body)["error"]["id"], "fitness.unknown_place");
  auto target = c.Post("/api/fitness/exports?target=120", "", "application/x-www-form-urlencoded");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->status, 400);
  EXPECT_EQ(Get("/api/jobs/1-00000000/file", 404)["error"]["id"], "job.not_found");
  const json import = Upload("体测.csv", Fixture("sample-school.csv"), school);
  EXPECT_EQ(Get("/api/jobs/" + import["id"].get<std::string>() + "/file", 404)["error"]["id"],
            "job.no_file");
  EXPECT_EQ(import["kind"], "import");
  // Small places still export inside the request.
  auto direct = c.Get(("/api/fitness/export.xlsx?area=" + county + "&year=2024").c_str());
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->status, 200);
  EXPECT_EQ(direct->body.substr(0, 2), "PK");
}

}  // namespace
}  // namespace jiaodu
