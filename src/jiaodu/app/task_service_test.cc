#include "jiaodu/app/task_service.h"

#include <gtest/gtest.h>

#include <map>

#include "jiaodu/app/test_util.h"
#include "jiaodu/core/civil_date.h"

namespace jiaodu {
namespace {

constexpr DemoOptions kSmall{
    .seed = 5, .counties = 2, .schools = 12, .first_year = 2024, .years = 1};

using tasks::Role;
using tasks::State;

class TaskServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::DemoService(kSmall);
    ASSERT_NE(svc_, nullptr);
    today_ = DaysFromCivil(2026, 11, 24);
    tasks_ = std::make_unique<TaskService>(*svc_, [this] { return today_; });
  }
  tasks::Task Make(const std::string& id, int64_t deadline) {
    tasks::Task t;
    t.id = id;
    t.title = "任务 " + id;
    t.lead_unit = "基础教育科";
    t.deadline = deadline;
    t.start = today_ - 100;
    return t;
  }
  std::unique_ptr<Service> svc_;
  int64_t today_ = 0;
  std::unique_ptr<TaskService> tasks_;
};

TEST_F(TaskServiceTest, ReadingSweepsTasksIntoDueSoonAndOverdueAsTheDaysPass) {
  ASSERT_TRUE(tasks_->Save({Make("A", today_ + 10), Make("B", today_ + 7)}, "督查科", false));
  auto list = tasks_->List();
  ASSERT_TRUE(list);
  EXPECT_EQ((*list)[0].status.state, State::kInProgress);
  EXPECT_EQ((*list)[1].status.state, State::kDueSoon) << "7 days before: reminded";
  EXPECT_EQ((*list)[1].days_left, 7);
  today_ += 11;
  list = tasks_->List();
  EXPECT_EQ((*list)[0].status.state, State::kOverdue) << "past its deadline after 11 days";
  EXPECT_EQ((*list)[0].days_left, -1);
  auto detail = tasks_->Get("A");
  ASSERT_TRUE(detail);
  // created, then straight to 逾期 (the reminder window was skipped while nobody read)
  ASSERT_EQ(detail->events.size(), 2u);
  EXPECT_EQ(detail->events[1].role, Role::kSystem);
  EXPECT_EQ(detail->events[1].day, today_);
}

TEST_F(TaskServiceTest, NoticesAreNumberedInOrderWithinTheYear) {
  ASSERT_TRUE(tasks_->Save({Make("A", today_ - 3), Make("B", today_ - 2)}, "督查科", false));
  tasks::Request req{State::kNotice, Role::kSupervisor, "张敏", "逾期未完成", today_ + 15, ""};
  auto a = tasks_->Transition("A", req);
  ASSERT_TRUE(a) << a.error().message.zh;
  EXPECT_EQ(a->view.status.notice_no, "督办〔2026〕1号");
  auto b = tasks_->Transition("B", req);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->view.status.notice_no, "督办〔2026〕2号");
  EXPECT_EQ(b->view.status.due, today_ + 15);
  req.role = Role::kSystem;
  auto sys = tasks_->Transition("B", req);
  ASSERT_FALSE(sys);
  EXPECT_EQ(sys.error().id, "task.transition_automatic");
}

TEST_F(TaskServiceTest, AReportKeepsItsEvidenceWithHashAndApprovalClosesTheTask) {
  ASSERT_TRUE(tasks_->Save({Make("A", today_ + 30)}, "督查科", false));
  std::vector<tasks::EvidenceInput> files{{"总结.pdf", "%PDF-1.4 body"}, {"说明.txt", "已完成"}};
  auto id = tasks_->FileReport("A", "全部完成", 100, true, files, "城关区教育局");
  ASSERT_TRUE(id) << id.error().message.zh;
  auto d = tasks_->Get("A");
  ASSERT_EQ(d->reports.size(), 1u);
  ASSERT_EQ(d->reports[0].files.size(), 2u);
  const tasks::EvidenceFile& f = d->reports[0].files[0];
  EXPECT_EQ(f.sha256, Sha256Hex("%PDF-1.4 body"));
  EXPECT_EQ(f.sha256.size(), 64u);
  EXPECT_EQ(f.uploaded_by, "城关区教育局");
  auto blob = tasks_->File(f.id);
  ASSERT_TRUE(blob);
  EXPECT_EQ(blob->bytes, "%PDF-1.4 body");
  EXPECT_EQ(d->view.status.pending, (std::vector<int64_t>{*id}));
  auto r = tasks_->Review("A", *id, tasks::Decision::kApproved, Role::kSupervisor, "张敏", "");
  ASSERT_TRUE(r) << r.error().message.zh;
  EXPECT_EQ(r->view.status.state, State::kDone);
  EXPECT_EQ(r->view.status.closed_day, today_);
  auto again = tasks_->FileReport("A", "补充", std::nullopt, false, {}, "城关区教育局");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().id, "task.report_closed");
}

TEST_F(TaskServiceTest, ABadEvidenceFileRefusesTheWholeReportAndStoresNothing) {
  ASSERT_TRUE(tasks_->Save({Make("A", today_ + 30)}, "督查科", false));
  std::vector<tasks::EvidenceInput> files{{"总结.pdf", "%PDF-1.4 ok"}, {"病毒.pdf", "MZ..."}};
  auto id = tasks_->FileReport("A", "全部完成", 100, true, files, "城关区教育局");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().id, "task.evidence_content");
  auto d = tasks_->Get("A");
  EXPECT_TRUE(d->reports.empty());
  EXPECT_EQ(d->events.size(), 1u);
}

TEST_F(TaskServiceTest, SavingRefusesDuplicateIdsUnlessReplacingAndKeepsTheLog) {
  ASSERT_TRUE(tasks_->Save({Make("A", today_ + 30)}, "督查科", false));
  auto dup = tasks_->Save({Make("A", today_ + 40)}, "督查科", false);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().id, "task.id_taken");
  auto twice = tasks_->Save({Make("B", today_ + 40), Make("B", today_ + 50)}, "督查科", true);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().id, "task.duplicate_id");
  EXPECT_EQ(tasks_->List()->size(), 1u) << "all or nothing";
  ASSERT_TRUE(tasks_->Save({Make("A", today_ + 40)}, "督查科", true));
  auto d = tasks_->Get("A");
  EXPECT_EQ(d->view.task.deadline, today_ + 40);
  ASSERT_EQ(d->events.size(), 2u);
  EXPECT_EQ(d->events[1].kind, tasks::EventKind::kEdited);
}

TEST_F(TaskServiceTest, AnImportedListLandsWholeAndTheSameIdsAreRefusedUnlessReplacing) {
  auto tpl = tasks_->Template();
  ASSERT_TRUE(tpl) << tpl.error().Describe();
  auto n = tasks_->ImportTable(*tpl, "模板.xlsx", "督查科", false);
  ASSERT_TRUE(n) << n.error().Describe();
  EXPECT_EQ(*n, 1);
  auto d = tasks_->Get("DB2025-01");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->view.task.target_value, 800);
  auto again = tasks_->ImportTable(*tpl, "模板.xlsx", "督查科", false);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().id, "task.id_taken");
  ASSERT_TRUE(tasks_->ImportTable(*tpl, "模板.xlsx", "督查科", true));
  // created, 逾期 (the template's example is due 2025-12-31, before "today"), edited
  auto log = tasks_->Get("DB2025-01")->events;
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].kind, tasks::EventKind::kCreated);
  EXPECT_EQ(log[1].to, State::kOverdue);
  EXPECT_EQ(log[2].kind, tasks::EventKind::kEdited);
  auto pub = tasks_->PublicityXlsx();
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->substr(0, 2), "PK");
}

TEST_F(TaskServiceTest, TheDemoHasAboutThirtyMeasuresInEveryStateWithConsistentLogs) {
  ASSERT_TRUE(tasks_->LoadDemo("demo-city-14th"));
  auto list = tasks_->List();
  ASSERT_TRUE(list);
  EXPECT_GE(list->size(), 28u);
  std::map<State, int> by_state;
  for (const TaskView& v : *list) ++by_state[v.status.state];
  for (State s : tasks::kStates) EXPECT_GT(by_state[s], 0) << tasks::StateKey(s);
  // Replaying every log through Fold gives the state the list shows, and
  // no overdue task is left without its 逾期 entry.
  for (const TaskView& v : *list) {
    if (v.status.state == State::kOverdue) {
      EXPECT_LT(v.days_left, 0) << v.task.id;
    }
    if (v.status.state == State::kDueSoon) {
      EXPECT_LE(v.days_left, v.task.remind_days) << v.task.id;
    }
  }
  // A second read changes nothing (the sweep is idempotent).
  auto events = svc_->storage().ListTaskEvents();
  ASSERT_TRUE(tasks_->List());
  EXPECT_EQ(svc_->storage().ListTaskEvents()->size(), events->size());
}

}  // namespace
}  // namespace jiaodu
