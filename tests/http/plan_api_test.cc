// The plan indicator-table routes over a real HTTP server: the template
// download, an xlsx table imported and then tracked, the tracking table as
// Excel and as PDF (Chinese file names, audited), the stored plan file, and
// a refused table whose error names sheet, row and column.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "jiaodu/app/plan_service.h"
#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/plan_file/plan_file.h"
#include "jiaodu/formats/plan_table/plan_table.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"
#include "jiaodu/server/server.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using nlohmann::json;

constexpr DemoOptions kSmall{
    .seed = 5, .counties = 2, .schools = 30, .first_year = 2024, .years = 1};

// A published-style table: 指标 / 2020年 / 2025年 / 指标属性.
std::string Table(const std::vector<std::vector<std::string>>& rows) {
  auto book = xlsx::WorkbookWriter::CreateInMemory();
  EXPECT_TRUE(book);
  xlsx::SheetWriter& s = book->AddSheet("主要指标表");
  const std::vector<std::string> head = {"指标", "2020年", "2025年", "指标属性"};
  for (size_t c = 0; c < head.size(); ++c) s.WriteString(0, c, head[c]);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) s.WriteString(r + 1, c, rows[r][c]);
  }
  auto bytes = book->FinishToBytes();
  EXPECT_TRUE(bytes);
  return bytes ? *bytes : std::string();
}

httplib::MultipartFormDataItems Form(const std::string& xlsx, const std::string& id) {
  return {{"file", xlsx, "主要指标.xlsx",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
          {"id", id, "", ""},
          {"name", "测试市“十四五”教育规划", "", ""},
          {"issuer", "测试市人民政府", "", ""},
          {"doc_number", "测政发〔2021〕1号", "", ""},
          {"area", "990100", "", ""},
          {"period_from", "2021", "", ""},
          {"period_to", "2025", "", ""},
          {"user", "接口测试", "", ""}};
}

class PlanApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    svc_ = testing::DemoService(kSmall).release();
    ASSERT_NE(svc_, nullptr);
    plans_ = new PlanService(*svc_, nullptr);
    server_ = new testing::LiveServer(*svc_, {.plans = plans_});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete plans_;
    delete svc_;
  }
  static Service* svc_;
  static PlanService* plans_;
  static testing::LiveServer* server_;
};
Service* PlanApiTest::svc_ = nullptr;
PlanService* PlanApiTest::plans_ = nullptr;
testing::LiveServer* PlanApiTest::server_ = nullptr;

TEST_F(PlanApiTest, TemplateDownloadIsAnXlsxWithBothSheets) {
  auto res = server_->Client().Get("/api/plans/template.xlsx");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
  EXPECT_NE(res->get_header_value("Content-Disposition").find("filename*=UTF-8''"),
            std::string::npos);
  auto book = xlsx::ReadXlsx(res->body, "t.xlsx");
  ASSERT_TRUE(book) << book.error().Describe();
  EXPECT_NE(book->Find(plan_table::kInfoSheet), nullptr);
  EXPECT_NE(book->Find(plan_table::kIndicatorSheet), nullptr);
}

TEST_F(PlanApiTest, ImportedTableIsTrackedAndExportsAsExcelAndPdf) {
  const std::string xlsx = Table({{"小学本科及以上学历专任教师占比", "70.5%", "≥78%", "预期性"},
                                  {"九年义务教育巩固率", "99.1%", "保持高水平", "约束性"},
                                  {"新增公办基础教育学位（万个）", "0", "2.34万", "预期性"}});
  auto c = server_->Client();
  auto res = c.Post("/api/plans/import", Form(xlsx, "http-import"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const json body = json::parse(res->body);
  EXPECT_EQ(body["id"], "http-import");
  EXPECT_EQ(body["indicators"], 3);
  EXPECT_EQ(body["computed"], 1);
  EXPECT_EQ(body["manual"], 2);

  // Tracked like any plan: the library indicator is computed from the data.
  auto tracked = c.Get("/api/plans/http-import?year=2024");
  ASSERT_TRUE(tracked);
  ASSERT_EQ(tracked->status, 200) << tracked->body.substr(0, 300);
  const json report = json::parse(tracked->body);
  ASSERT_EQ(report["indicators"].size(), 3u);
  EXPECT_EQ(report["plan"]["doc_number"], "测政发〔2021〕1号");
  const json& first = report["indicators"][0];
  EXPECT_EQ(first["source"], "data");
  bool computed_2024 = false;
  for (const json& cell : first["area_track"]["cells"]) {
    if (cell["year"] == 2024) computed_2024 = cell["origin"] == "data" && cell["value"].is_number();
  }
  EXPECT_TRUE(computed_2024);

  // The stored plan is an ordinary plan file.
  auto toml = c.Get("/api/plans/http-import/plan.toml");
  ASSERT_TRUE(toml);
  ASSERT_EQ(toml->status, 200);
  auto parsed = ParsePlan(toml->body, "back.toml");
  ASSERT_TRUE(parsed) << parsed.error().Describe();
  EXPECT_EQ((*parsed)->indicators.size(), 3u);

  auto x = c.Get("/api/plans/http-import/report.xlsx?year=2024");
  ASSERT_TRUE(x);
  ASSERT_EQ(x->status, 200) << x->body.substr(0, 300);
  EXPECT_EQ(x->body.substr(0, 2), "PK");
  EXPECT_NE(x->get_header_value("Content-Disposition").find(".xlsx"), std::string::npos);
  auto book = xlsx::ReadXlsx(x->body, "r.xlsx");
  ASSERT_TRUE(book) << book.error().Describe();
  EXPECT_EQ(book->sheets[0].name, "跟踪表");

  auto p = c.Get("/api/plans/http-import/report.pdf?year=2024");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->status, 200) << p->body.substr(0, 300);
  EXPECT_EQ(p->body.substr(0, 5), "%PDF-");
  EXPECT_EQ(p->get_header_value("Content-Type"), "application/pdf");

  // Both exports are in the audit log.
  auto audit = svc_->storage().ListAudit(50);
  ASSERT_TRUE(audit);
  int exports = 0;
  for (const AuditEntry& a : *audit) {
    if (a.action == "export" && a.detail.find("测试市") != std::string::npos) ++exports;
  }
  EXPECT_EQ(exports, 2);
}

TEST_F(PlanApiTest, RefusedTableNamesSheetRowAndColumnAndStoresNothing) {
  const std::string xlsx = Table({{"指标甲", "80%", "≥90%", ""}, {"指标乙", "80%", "约95", ""}});
  auto res = server_->Client().Post("/api/plans/import", Form(xlsx, "http-refused"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 400) << res->body;
  const json err = json::parse(res->body)["error"];
  EXPECT_EQ(err["id"], "plan.table_bad_cell");
  EXPECT_EQ(err["sheet"], "主要指标表");
  EXPECT_EQ(err["row"], 3);
  EXPECT_EQ(err["column"].get<std::string>().substr(0, 1), "C");
  auto after = server_->Client().Get("/api/plans/http-refused");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 404);
}

TEST_F(PlanApiTest, ExportOfAnUnknownPlanIsNotFound) {
  auto res = server_->Client().Get("/api/plans/no-such-plan/report.pdf");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

}  // namespace
}  // namespace jiaodu
