// The /api/quality routes end to end: a real server over an in-memory SQLite
// store with a small demo city and its generated 八年级 抽测, read back
// through HTTP and checked against figures computed here from the scores
// themselves; a file with a bad row refused with its file, row and column.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "jiaodu/app/quality_service.h"
#include "jiaodu/app/test_util.h"
#include "jiaodu/demo/demo_quality.h"
#include "jiaodu/formats/quality_file/quality_file.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using nlohmann::json;

constexpr const char* kTest = "demo-2025-spring-g8";

class QualityApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    DemoOptions opt;
    opt.schools = 60;
    opt.years = 1;
    opt.first_year = 2024;
    svc_ = testing::DemoService(opt).release();
    ASSERT_NE(svc_, nullptr);
    auto lib = LoadQualityLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib) << lib.error().Describe();
    quality_ = new QualityService(std::move(*lib), *svc_);
    const quality::CutScoreSet* cuts = quality_->library().FindCuts("example-2025-spring-g8");
    ASSERT_NE(cuts, nullptr);
    auto standard = svc_->FindStandard(kDefaultStandard);
    ASSERT_TRUE(standard);
    const DemoCity city = GenerateDemoCity(*(*standard)->catalog, opt);
    schools_ = demo::QualitySchoolsFromCity(city, *(*standard)->catalog, 2024);
    scores_ = new quality::ScoreSet(demo::GenerateQualityScores(*cuts, schools_, 2024, 2, 7));
    QualityTest t;
    t.id = kTest;
    t.name = "2025年春季八年级教学质量抽测";
    t.year = AcademicYear(2024);
    t.term = 2;
    t.grades = {"八年级"};
    t.subjects = scores_->subjects();
    t.cuts_id = cuts->id();
    t.cuts_toml = quality_->library().cut_texts.at(cuts->id());
    auto id = quality_->Store(t, *scores_, "测试", "测试抽测");
    ASSERT_TRUE(id) << id.error().Describe();
    server_ = new testing::LiveServer(*svc_, ServerModules{.quality = quality_});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete scores_;
    delete quality_;
    delete svc_;
  }
  json Get(const std::string& path, int want = 200) { return server_->Get(path, want); }

  // The county with the most schools in the test.
  static std::string BusiestCounty() {
    std::map<std::string, int> n;
    for (const auto& s : schools_) ++n[s.county];
    std::string best;
    for (const auto& [c, k] : n) {
      if (best.empty() || k > n[best]) best = c;
    }
    return best;
  }
  // A school's mean in a subject, from the generated rows.
  static double MeanOf(const std::string& code, const std::string& subject) {
    const uint32_t school = *scores_->FindSchool(code);
    const uint16_t sub = *scores_->FindSubject(subject);
    double sum = 0;
    int n = 0;
    for (const quality::ScoreRow& r : scores_->rows()) {
      if (r.school == school && r.subject == sub) {
        sum += r.score;
        ++n;
      }
    }
    return sum / n;
  }

  static Service* svc_;
  static QualityService* quality_;
  static std::vector<demo::QualityDemoSchool> schools_;
  static quality::ScoreSet* scores_;
  static testing::LiveServer* server_;
};
Service* QualityApi::svc_ = nullptr;
QualityService* QualityApi::quality_ = nullptr;
std::vector<demo::QualityDemoSchool> QualityApi::schools_;
quality::ScoreSet* QualityApi::scores_ = nullptr;
testing::LiveServer* QualityApi::server_ = nullptr;

TEST_F(QualityApi, TestListCountsTheStoredSchoolsAndStudents) {
  const json j = Get("/api/quality/tests");
  ASSERT_EQ(j["tests"].size(), 1u);
  EXPECT_EQ(j["latest"], kTest);
  const json& t = j["tests"][0];
  EXPECT_EQ(t["semester"], "2024-2025学年第二学期");
  EXPECT_EQ(t["schools"].get<size_t>(), schools_.size());
  EXPECT_EQ(t["students"].get<size_t>(), scores_->student_count());
  EXPECT_EQ(t["scores"].get<size_t>(), scores_->rows().size());
  EXPECT_GE(j["cut_sets"].size(), 1u);
}

TEST_F(QualityApi, CountyBulletinHasItsSchoolsWithTheirMeansAndALabelledLocalEstimate) {
  const std::string county = BusiestCounty();
  const json b = Get(fmt::format("/api/quality/tests/{}/bulletin?place={}", kTest, county));
  size_t expected = 0;
  for (const auto& s : schools_) expected += s.county == county;
  EXPECT_EQ(b["place"]["code"], county);
  EXPECT_EQ(b["schools"].get<size_t>(), expected);
  ASSERT_EQ(b["subjects"].size(), 3u);
  for (const json& s : b["subjects"]) {
    ASSERT_EQ(s["schools"].size(), expected) << s["subject"];
    const json& first = s["schools"][0];
    EXPECT_EQ(first["code"].get<std::string>().substr(0, 6), county);
    EXPECT_NEAR(first["mean"].get<double>(), MeanOf(first["code"], s["subject"]), 1e-9);
    EXPECT_EQ(s["diff_rate"]["local_label"]["zh"], "校际差异率（本地估计）");
    if (expected > 1) {
      EXPECT_TRUE(s["diff_rate"]["local"].is_number());
    }
  }
  // The demo city's counties carry a national 校际差异率; it stands beside.
  EXPECT_TRUE(b["subjects"][0]["diff_rate"]["national"].is_number());
}

TEST_F(QualityApi, CityBulletinCoversEverySchoolAndTheCityHasNoNationalFigure) {
  const json b = Get(fmt::format("/api/quality/tests/{}/bulletin", kTest));
  EXPECT_EQ(b["schools"].get<size_t>(), schools_.size());
  EXPECT_EQ(b["students"].get<size_t>(), scores_->student_count());
  EXPECT_TRUE(b["national"].is_null());
  EXPECT_TRUE(b["subjects"][0]["diff_rate"]["national"].is_null());
  // The city's own code names the same 通报.
  const json by_code = Get(fmt::format("/api/quality/tests/{}/bulletin?place=990100", kTest));
  EXPECT_EQ(by_code["subjects"][1]["overall"]["mean"], b["subjects"][1]["overall"]["mean"]);
}

TEST_F(QualityApi, UnknownTestIsNotFoundInChinese) {
  const json e = Get("/api/quality/tests/nope/bulletin", 404);
  EXPECT_EQ(e["error"]["id"], "quality.unknown_test");
  EXPECT_NE(e["error"]["text"]["zh"].get<std::string>().find("不存在"), std::string::npos);
  EXPECT_EQ(Get("/api/quality/tests/nope/schools/9901020001", 404)["error"]["id"],
            "quality.unknown_test");
}

TEST_F(QualityApi, SchoolAgainstItsCountyAndTheTrendAndTheWorkbook) {
  const demo::QualityDemoSchool& s = schools_.front();
  const json j = Get(fmt::format("/api/quality/tests/{}/schools/{}", kTest, s.code));
  EXPECT_EQ(j["county"]["code"], s.county);
  ASSERT_EQ(j["subjects"].size(), 3u);
  const json& math = j["subjects"][1];
  EXPECT_NEAR(math["school"]["mean"].get<double>(), MeanOf(s.code, math["subject"]), 1e-9);
  EXPECT_NEAR(math["difference"].get<double>(),
              math["school"]["mean"].get<double>() - math["county"]["mean"].get<double>(), 1e-9);
  EXPECT_GE(math["rank"].get<int>(), 1);
  EXPECT_LE(math["rank"].get<int>(), math["of"].get<int>());
  const json trend = Get("/api/quality/trend?subject=数学&grade=八年级");
  ASSERT_EQ(trend["points"].size(), 1u);
  EXPECT_EQ(trend["points"][0]["test"]["id"], kTest);
  EXPECT_EQ(Get("/api/quality/trend", 400)["error"]["id"], "quality.no_subject");
  auto c = server_->Client();
  auto x = c.Get(fmt::format("/api/quality/tests/{}/bulletin.xlsx?place={}", kTest, s.county));
  ASSERT_TRUE(x);
  EXPECT_EQ(x->status, 200);
  EXPECT_EQ(x->body.substr(0, 2), "PK");
  auto tpl = c.Get("/api/quality/template.xlsx?cuts=example-2025-spring-g8&wide=1");
  ASSERT_TRUE(tpl);
  EXPECT_EQ(tpl->status, 200);
  EXPECT_EQ(tpl->body.substr(0, 2), "PK");
}

TEST_F(QualityApi, ImportWithABadRowFailsNamingFileRowAndColumnAndChangesNothing) {
  auto before = Get("/api/meta")["data_version"];
  const std::string code = schools_.front().code;
  const std::string csv =
      fmt::format("学校标识码,学籍号,科目,成绩\n{0},X001,数学,88\n{0},X002,数学,八十\n", code);
  auto c = server_->Client();
  httplib::MultipartFormDataItems items = {{"files", csv, "坏.csv", "text/csv"},
                                           {"test", "t-bad", "", ""},
                                           {"name", "坏文件抽测", "", ""},
                                           {"year", "2024", "", ""},
                                           {"term", "2", "", ""},
                                           {"grade", "八年级", "", ""},
                                           {"cuts", "example-2025-spring-g8", "", ""}};
  auto res = c.Post("/api/quality/imports", items);
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
  ASSERT_FALSE(j["result"]["errors"].empty());
  const json& e = j["result"]["errors"][0];
  EXPECT_EQ(e["file"], "坏.csv");
  EXPECT_EQ(e["row"], 3);
  EXPECT_NE(e["column"].get<std::string>().find("成绩"), std::string::npos);
  EXPECT_EQ(Get("/api/meta")["data_version"], before);
  EXPECT_EQ(Get("/api/quality/tests")["tests"].size(), 1u);
  // No year: refused before any work starts.
  httplib::MultipartFormDataItems no_year = {{"files", csv, "a.csv", "text/csv"}};
  auto r2 = c.Post("/api/quality/imports", no_year);
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 400);
}

}  // namespace
}  // namespace jiaodu
