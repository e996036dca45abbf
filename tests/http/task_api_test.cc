// The 督办 routes over a real HTTP server: tasks posted as JSON, a step by
// the wrong role refused with its Chinese reason (409) and nothing logged,
// evidence uploaded as multipart (a renamed file refused whole, a good one
// downloaded byte for byte with its SHA-256), and the review closing the
// task.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "jiaodu/app/task_service.h"
#include "jiaodu/app/test_util.h"
#include "jiaodu/core/civil_date.h"
#include "live_server.h"

namespace jiaodu {
namespace {

using nlohmann::json;

constexpr DemoOptions kSmall{
    .seed = 5, .counties = 2, .schools = 12, .first_year = 2024, .years = 1};

class TaskApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::DemoService(kSmall);
    ASSERT_NE(svc_, nullptr);
    today_ = DaysFromCivil(2026, 11, 24);
    tasks_ = std::make_unique<TaskService>(*svc_, [this] { return today_; });
    server_ = std::make_unique<testing::LiveServer>(*svc_, ServerModules{.tasks = tasks_.get()});
  }
  httplib::Result PostJson(const std::string& path, const json& body) {
    auto c = server_->Client();
    return c.Post(path.c_str(), body.dump(), "application/json");
  }
  std::unique_ptr<Service> svc_;
  int64_t today_ = 0;
  std::unique_ptr<TaskService> tasks_;
  std::unique_ptr<testing::LiveServer> server_;
};

TEST_F(TaskApiTest, StepsReportsAndReviewsGoThroughTheRulesOverHttp) {
  auto res = PostJson("/api/tasks", {{"user", "督查科"},
                                     {"tasks",
                                      {{{"id", "A1"},
                                        {"title", "消除大班额"},
                                        {"lead_unit", "基础教育科"},
                                        {"start", "2026-01-01"},
                                        {"deadline", "2026-11-20"}}}}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  json list = server_->Get("/api/tasks");
  ASSERT_EQ(list["tasks"].size(), 1u);
  EXPECT_EQ(list["today"], "2026-11-24");
  EXPECT_EQ(list["tasks"][0]["state"], "overdue") << "swept on the first read";
  EXPECT_EQ(list["tasks"][0]["days_left"], -4);

  // The wrong role: refused in Chinese, nothing logged.
  res = PostJson("/api/tasks/A1/transitions",
                 {{"to", "notice"}, {"role", "owner"}, {"reason", "逾期"}, {"due", "2026-12-20"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409) << res->body;
  json err = json::parse(res->body);
  EXPECT_EQ(err["error"]["id"], "task.transition_role");
  EXPECT_NE(err["error"]["text"]["zh"].get<std::string>().find("督查科"), std::string::npos);
  EXPECT_EQ(server_->Get("/api/tasks/A1")["events"].size(), 2u);
  res = PostJson("/api/tasks/A1/transitions", {{"to", "notice"}, {"role", "system"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << "the system role is not for requests";
  res = PostJson(
      "/api/tasks/A1/transitions",
      {{"to", "notice"}, {"role", "supervisor"}, {"reason", "逾期未完成"}, {"due", "2026-12-20"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json noticed = json::parse(res->body);
  EXPECT_EQ(noticed["notice_no"], "督办〔2026〕1号");
  const int64_t notice_event = noticed["events"].back()["id"];
  auto pdf = server_->Client().Get(
      ("/api/tasks/A1/notices/" + std::to_string(notice_event) + ".pdf").c_str());
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
  auto not_notice = server_->Client().Get("/api/tasks/A1/notices/1.pdf");
  ASSERT_TRUE(not_notice);
  EXPECT_EQ(not_notice->status, 404) << "the creation entry is not a notice";

  // A renamed file refuses the whole report.
  auto c = server_->Client();
  httplib::MultipartFormDataItems bad = {
      {"text", "已整改", "", ""},
      {"final", "true", "", ""},
      {"user", "基础教育科", "", ""},
      {"files", "%PDF-1.4 ok", "a.pdf", "application/pdf"},
      {"files", "MZ\x90", "b.pdf", "application/pdf"},
  };
  res = c.Post("/api/tasks/A1/reports", bad);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(json::parse(res->body)["error"]["id"], "task.evidence_content");
  EXPECT_TRUE(server_->Get("/api/tasks/A1")["reports"].empty());

  httplib::MultipartFormDataItems good = {
      {"text", "已整改", "", ""},
      {"final", "true", "", ""},
      {"value", "0", "", ""},
      {"user", "基础教育科", "", ""},
      {"files", std::string("%PDF-1.4\0bin", 12), "整改报告.pdf", "application/pdf"},
  };
  res = c.Post("/api/tasks/A1/reports", good);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const int64_t rid = json::parse(res->body)["id"];
  json task = server_->Get("/api/tasks/A1");
  ASSERT_EQ(task["reports"].size(), 1u);
  const json& file = task["reports"][0]["files"][0];
  EXPECT_EQ(file["size"], 12);
  EXPECT_EQ(file["sha256"], Sha256Hex(std::string("%PDF-1.4\0bin", 12)));
  auto dl = c.Get(("/" + file["url"].get<std::string>()).c_str());
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->body, std::string("%PDF-1.4\0bin", 12));
  EXPECT_EQ(dl->get_header_value("X-Content-SHA256"), file["sha256"]);

  res = PostJson("/api/tasks/A1/reports/" + std::to_string(rid) + "/review",
                 {{"decision", "approved"}, {"role", "supervisor"}, {"user", "张敏"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["state"], "recheck") << "escalated tasks go to 复查";
  auto tpl = c.Get("/api/tasks/template.xlsx");
  ASSERT_TRUE(tpl);
  EXPECT_EQ(tpl->status, 200);
  EXPECT_EQ(tpl->body.substr(0, 2), "PK");
}

}  // namespace
}  // namespace jiaodu
