// The /api/school-eval routes end to end: a real server over an in-memory
// SQLite store with a small demo city, the example 义务教育 scheme's values
// stored for two years; the ranking read back whole, by county and by
// school (city ranks kept), the 通报 downloads, the template, and a bad
// workbook refused as a job with its row named.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "jiaodu/app/school_eval_service.h"
#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/quality_file/quality_file.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using nlohmann::json;

constexpr const char* kScheme = "example-compulsory-2025";

class SchoolEvalApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    svc_ = testing::SmallDemoService().release();
    ASSERT_NE(svc_, nullptr);
    auto lib = LoadQualityLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib) << lib.error().Describe();
    eval_ = new SchoolEvalService(lib->schemes, *svc_);
    auto scheme = eval_->Find(kScheme);
    ASSERT_TRUE(scheme);
    auto cohort = eval_->Cohort(**scheme);
    ASSERT_TRUE(cohort);
    ASSERT_GE(cohort->size(), 4u);
    // Every school of the cohort with all values: the i-th school's expert
    // scores fall with i, so the ranking is the cohort's order, the last
    // school is the bottom one both years.
    for (int year : {2024, 2025}) {
      std::vector<quality::HsSchoolInput> in;
      for (size_t i = 0; i < cohort->size(); ++i) {
        const double v = 100 - static_cast<double>(i);
        in.push_back({(*cohort)[i].code,
                      "",
                      {{"A1", v},
                       {"B1", v},
                       {"C1", 0.1},
                       {"D1", v},
                       {"E1", 0.5},
                       {"E2", 0.5},
                       {"E3", 0.9}}});
      }
      ASSERT_TRUE(eval_->Store(kScheme, year, in, "demo.xlsx", "测试"));
    }
    cohort_ = *cohort;
    server_ = new testing::LiveServer(*svc_, ServerModules{.school_eval = eval_});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete eval_;
    delete svc_;
  }
  json Get(const std::string& path, int want = 200) { return server_->Get(path, want); }
  static std::string CountyOf(const std::string& code) {
    const std::vector<School> schools = *svc_->storage().ListSchools();
    for (const School& s : schools) {
      if (s.code == code) return s.county;
    }
    return "";
  }

  static Service* svc_;
  static SchoolEvalService* eval_;
  static std::vector<SchoolEvalSchool> cohort_;
  static testing::LiveServer* server_;
};
Service* SchoolEvalApi::svc_ = nullptr;
SchoolEvalService* SchoolEvalApi::eval_ = nullptr;
std::vector<SchoolEvalSchool> SchoolEvalApi::cohort_;
testing::LiveServer* SchoolEvalApi::server_ = nullptr;

TEST_F(SchoolEvalApi, SchemesListTheExamplesWithTheirAreasAndStoredYears) {
  const json j = Get("/api/school-eval/schemes");
  bool found = false;
  for (const json& s : j["schemes"]) {
    if (s["id"] != kScheme) continue;
    found = true;
    EXPECT_TRUE(s["example"].get<bool>());
    EXPECT_EQ(s["years"], json::array({2024, 2025}));
    EXPECT_EQ(s["areas"].size(), 5u);
    EXPECT_EQ(s["total_points"], 100);
  }
  EXPECT_TRUE(found);
}

TEST_F(SchoolEvalApi, TheCityRankingFlagsTheLastSchoolForInterviewTwoYearsRunning) {
  const json j = Get(fmt::format("/api/school-eval/{}/2025", kScheme));
  ASSERT_EQ(j["schools"].size(), cohort_.size());
  EXPECT_EQ(j["schools"][0]["code"], cohort_[0].code);
  EXPECT_EQ(j["schools"][0]["rank"], 1);
  const json& last = j["schools"].back();
  EXPECT_EQ(last["code"], cohort_.back().code);
  EXPECT_EQ(last["rank"].get<size_t>(), cohort_.size());
  EXPECT_TRUE(last["bottom"].get<bool>());
  EXPECT_TRUE(last["follow_up"].get<bool>());
  EXPECT_TRUE(j["previous_found"].get<bool>());
  // ⌈10 % × n⌉ schools in the bottom group, no ties.
  size_t flagged = 0;
  for (const json& s : j["schools"]) flagged += s["bottom"].get<bool>() ? 1u : 0u;
  EXPECT_EQ(flagged, (cohort_.size() + 9) / 10);
  EXPECT_EQ(j["schools"][0]["scores"].size(), 7u);
  EXPECT_EQ(j["schools"][0]["areas"].size(), 5u);
}

TEST_F(SchoolEvalApi, ACountyOrASchoolSeesItsRowsWithTheirCityRanks) {
  const std::string code = cohort_.back().code;
  const std::string county = CountyOf(code);
  const json c = Get(fmt::format("/api/school-eval/{}/2025?place={}", kScheme, county));
  ASSERT_FALSE(c["schools"].empty());
  for (const json& s : c["schools"]) EXPECT_EQ(s["county"], county);
  EXPECT_EQ(c["schools"].back()["rank"].get<size_t>(), cohort_.size());
  const json one = Get(fmt::format("/api/school-eval/{}/2025?place={}", kScheme, code));
  ASSERT_EQ(one["schools"].size(), 1u);
  EXPECT_EQ(one["schools"][0]["rank"].get<size_t>(), cohort_.size());
}

TEST_F(SchoolEvalApi, TheBulletinDownloadsAndTheTemplate) {
  auto c = server_->Client();
  auto pdf = c.Get(fmt::format("/api/school-eval/{}/2025/report.pdf", kScheme).c_str());
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
  auto xlsx = c.Get(fmt::format("/api/school-eval/{}/2025/report.xlsx", kScheme).c_str());
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  auto tpl = c.Get(fmt::format("/api/school-eval/{}/2026/template.xlsx", kScheme).c_str());
  ASSERT_TRUE(tpl);
  EXPECT_EQ(tpl->status, 200);
  Get(fmt::format("/api/school-eval/{}/2023", kScheme), 404);
  Get("/api/school-eval/no-such-scheme/2025", 404);
}

TEST_F(SchoolEvalApi, ABadWorkbookIsRefusedAsAJobWithItsRowAndNothingChanges) {
  const std::string csv = fmt::format(
      "学校标识码,学校名称,A1,B1,C1,D1,E1,E2,E3\n{},,90,90,0.1,90,0.5,0.5,0.9\n3399999999,无,1,1,"
      "0,1,0.5,0.5,0.5\n",
      cohort_[0].code);
  auto c = server_->Client();
  httplib::MultipartFormDataItems items = {{"files", csv, "坏.csv", "text/csv"}};
  auto res = c.Post(fmt::format("/api/school-eval/{}/2025/imports", kScheme).c_str(), items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const std::string id = json::parse(res->body)["job"];
  json j;
  for (int i = 0; i < 400; ++i) {
    j = Get("/api/jobs/" + id);
    if (j["state"] == "done" || j["state"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(j["state"], "failed");
  ASSERT_EQ(j["result"]["errors"].size(), 1u);
  EXPECT_EQ(j["result"]["errors"][0]["id"], "school_eval_import.unknown_school");
  EXPECT_EQ(j["result"]["errors"][0]["row"], 3);
  EXPECT_EQ(Get(fmt::format("/api/school-eval/{}/2025", kScheme))["schools"].size(),
            cohort_.size());
}

}  // namespace
}  // namespace jiaodu
