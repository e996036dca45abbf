#include "jiaodu/domain/tasks/workflow.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "jiaodu/core/civil_date.h"

namespace jiaodu::tasks {
namespace {

const int64_t kDeadline = DaysFromCivil(2026, 6, 30);

Task MakeTask() {
  Task t;
  t.id = "T1";
  t.title = "全面完成中小学校党组织领导班子配备";
  t.lead_unit = "组织人事科";
  t.start = DaysFromCivil(2026, 1, 1);
  t.deadline = kDeadline;
  t.remind_days = 7;
  return t;
}

// A status in `state` with the deadline in force `due`.
Status At(State state, int64_t due = kDeadline) {
  Status s;
  s.state = state;
  s.due = due;
  return s;
}

bool HasChinese(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0xE4 && static_cast<unsigned char>(s[i]) <= 0xE9)
      return true;
  return false;
}

struct Allowed {
  std::string how;
};

std::map<std::tuple<std::string, std::string, std::string>, Allowed> LoadFixture() {
  std::map<std::tuple<std::string, std::string, std::string>, Allowed> out;
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/tasks/transitions.csv");
  EXPECT_TRUE(in.good());
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::stringstream ss(line);
    std::string from, to, role, how;
    std::getline(ss, from, ',');
    std::getline(ss, to, ',');
    std::getline(ss, role, ',');
    std::getline(ss, how, ',');
    out[{from, to, role}] = Allowed{how};
  }
  return out;
}

const Role kRoles[] = {Role::kSystem, Role::kSupervisor, Role::kLeader, Role::kInspector,
                       Role::kOwner};

// Every (from, to, role): the fixture's triples pass (as the sweep, by hand
// with a reason and deadline, or only through a review), everything else is
// refused with a stable id and a Chinese reason.
TEST(TaskWorkflow, ExactlyTheDocumentedTransitionsAreAllowedAndEveryOtherIsRefusedInChinese) {
  const auto allowed = LoadFixture();
  ASSERT_GE(allowed.size(), 30u);
  const Task task = MakeTask();
  int passed = 0, refused = 0;
  for (State from : kStates) {
    for (State to : kStates) {
      for (Role role : kRoles) {
        const auto key = std::make_tuple(std::string(StateKey(from)), std::string(StateKey(to)),
                                         std::string(RoleKey(role)));
        auto it = allowed.find(key);
        const std::string how = it == allowed.end() ? "" : it->second.how;
        // The sweep's time conditions hold: overdue one day after the
        // deadline, 临期 three days before it.
        const int64_t today = to == State::kOverdue ? kDeadline + 1 : kDeadline - 3;
        Request req;
        req.to = to;
        req.role = role;
        req.actor = "测试";
        req.reason = "理由";
        req.due = today + 30;
        auto e = Transition(task, At(from), req, today);
        const std::string where =
            fmt::format("{} → {} as {}", StateKey(from), StateKey(to), RoleKey(role));
        if (how == "sweep" || how == "manual" || how == "due") {
          ASSERT_TRUE(e.has_value()) << where << ": " << e.error().message.zh;
          EXPECT_EQ(e->from, from) << where;
          EXPECT_EQ(e->to, to) << where;
          EXPECT_EQ(e->due.has_value(), how == "due") << where;
          ++passed;
        } else {
          ASSERT_FALSE(e.has_value()) << where << " should be refused";
          EXPECT_TRUE(e.error().id.starts_with("task.transition_")) << where << e.error().id;
          EXPECT_TRUE(HasChinese(e.error().message.zh)) << where;
          EXPECT_FALSE(e.error().message.en.empty()) << where;
          if (how == "review") {
            EXPECT_EQ(e.error().id, "task.transition_by_review") << where;
          }
          ++refused;
        }
      }
    }
  }
  EXPECT_EQ(passed + refused, 8 * 8 * 5);
  // 19 direct rows of the fixture pass; its 12 review rows and the 289
  // triples it does not list are refused.
  EXPECT_EQ(passed, 19);
  EXPECT_EQ(refused, 12 + 289);
  // The code's table and the fixture list the same rules.
  std::set<std::tuple<std::string, std::string, std::string>> table;
  for (const Rule& r : Rules())
    for (Role role : r.roles)
      table.insert(
          {std::string(StateKey(r.from)), std::string(StateKey(r.to)), std::string(RoleKey(role))});
  std::set<std::tuple<std::string, std::string, std::string>> fixture;
  for (const auto& [k, v] : allowed) fixture.insert(k);
  EXPECT_EQ(table, fixture);
}

TEST(TaskWorkflow, AWrongRoleIsNamedWithTheRoleThatMayAct) {
  Request req{State::kNotice, Role::kOwner, "某校", "逾期未完成", kDeadline + 30, ""};
  auto e = Transition(MakeTask(), At(State::kOverdue), req, kDeadline + 1);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().id, "task.transition_role");
  EXPECT_NE(e.error().message.zh.find("督查科"), std::string::npos) << e.error().message.zh;
  EXPECT_NE(e.error().message.zh.find("责任单位"), std::string::npos);
}

TEST(TaskWorkflow, OverdueAndDueSoonCannotBeSetByHand) {
  Request req{State::kOverdue, Role::kSupervisor, "督查科", "手工设置", std::nullopt, ""};
  auto e = Transition(MakeTask(), At(State::kInProgress), req, kDeadline + 5);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().id, "task.transition_automatic");
}

TEST(TaskWorkflow, AManualStepNeedsAReasonAndEscalationsANewDeadlineAfterToday) {
  const Task task = MakeTask();
  const int64_t today = kDeadline + 10;
  Request req{State::kNotice, Role::kSupervisor, "督查科", "  ", today + 15, "示教督〔2026〕1号"};
  auto e = Transition(task, At(State::kOverdue), req, today);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().id, "task.transition_reason");

  req.reason = "逾期 10 天未完成";
  req.due = std::nullopt;
  e = Transition(task, At(State::kOverdue), req, today);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().id, "task.transition_due_missing");

  req.due = today;  // the deadline must be after today: today itself is refused
  e = Transition(task, At(State::kOverdue), req, today);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().id, "task.transition_due_past");

  req.due = today + 1;
  e = Transition(task, At(State::kOverdue), req, today);
  ASSERT_TRUE(e) << e.error().message.zh;
  EXPECT_EQ(*e->due, today + 1);
  EXPECT_EQ(e->notice_no, "示教督〔2026〕1号");
  EXPECT_EQ(e->reason, "逾期 10 天未完成");
}

// 临期 from exactly remind_days before the deadline up to the deadline
// itself; 逾期 from the day after.
TEST(TaskWorkflow, TheSweepRemindsFromRemindDaysBeforeAndMarksOverdueTheDayAfterTheDeadline) {
  const Task task = MakeTask();
  EXPECT_FALSE(Sweep(task, At(State::kInProgress), kDeadline - 8));
  auto e = Sweep(task, At(State::kInProgress), kDeadline - 7);
  ASSERT_TRUE(e);
  EXPECT_EQ(*e->to, State::kDueSoon);
  EXPECT_EQ(e->role, Role::kSystem);
  e = Sweep(task, At(State::kInProgress), kDeadline);
  ASSERT_TRUE(e);
  EXPECT_EQ(*e->to, State::kDueSoon) << "the deadline day is not late yet";
  EXPECT_FALSE(Sweep(task, At(State::kDueSoon), kDeadline)) << "reminded once";
  e = Sweep(task, At(State::kDueSoon), kDeadline + 1);
  ASSERT_TRUE(e);
  EXPECT_EQ(*e->to, State::kOverdue);
  // A task first seen after its deadline goes straight to 逾期.
  e = Sweep(task, At(State::kInProgress), kDeadline + 40);
  ASSERT_TRUE(e);
  EXPECT_EQ(*e->to, State::kOverdue);
  // remind_days = 0: reminded on the deadline day only.
  Task zero = task;
  zero.remind_days = 0;
  EXPECT_FALSE(Sweep(zero, At(State::kInProgress), kDeadline - 1));
  EXPECT_TRUE(Sweep(zero, At(State::kInProgress), kDeadline));
}

TEST(TaskWorkflow, ANoticeDeadlineMissedSendsTheTaskBackToOverdueButAnInterviewWaits) {
  const Task task = MakeTask();
  const int64_t due = kDeadline + 30;
  EXPECT_FALSE(Sweep(task, At(State::kNotice, due), due));
  auto e = Sweep(task, At(State::kNotice, due), due + 1);
  ASSERT_TRUE(e);
  EXPECT_EQ(*e->to, State::kOverdue);
  EXPECT_TRUE(Sweep(task, At(State::kRectify, due), due + 1));
  EXPECT_FALSE(Sweep(task, At(State::kInterview, due), due + 100));
  EXPECT_FALSE(Sweep(task, At(State::kRecheck, due), due + 100));
  EXPECT_FALSE(Sweep(task, At(State::kDone, due), due + 100));
}

TEST(TaskWorkflow, FoldTakesTheDeadlineOfTheLatestEscalationAndCountsNotices) {
  const Task task = MakeTask();
  std::vector<Event> ev;
  auto add = [&](Event e) {
    e.id = static_cast<int64_t>(ev.size()) + 1;
    ev.push_back(e);
    return Fold(task, ev);
  };
  Status s = Fold(task, ev);
  EXPECT_EQ(s.state, State::kInProgress);
  EXPECT_EQ(s.due, kDeadline);
  s = add(*Sweep(task, s, kDeadline + 1));
  EXPECT_EQ(s.state, State::kOverdue);
  EXPECT_TRUE(s.late);
  s = add(*Transition(task, s,
                      {State::kNotice, Role::kSupervisor, "督查科", "逾期", kDeadline + 20, "N1"},
                      kDeadline + 2));
  EXPECT_EQ(s.state, State::kNotice);
  EXPECT_EQ(s.due, kDeadline + 20);
  EXPECT_EQ(s.notices, 1);
  EXPECT_EQ(s.notice_no, "N1");
  EXPECT_EQ(DaysLeft(s, kDeadline + 5), 15);
  s = add(*Sweep(task, s, kDeadline + 21));
  EXPECT_EQ(s.state, State::kOverdue);
  s = add(*Transition(
      task, s, {State::kNotice, Role::kSupervisor, "督查科", "再次逾期", kDeadline + 40, "N2"},
      kDeadline + 22));
  EXPECT_EQ(s.notices, 2);
  EXPECT_EQ(s.notice_no, "N2");
  EXPECT_EQ(s.last_event, 4);
}

Report MakeReport(int64_t id, bool final) {
  Report r;
  r.id = id;
  r.task_id = "T1";
  r.by = "某区教育局";
  r.text = "已完成配备";
  r.final = final;
  return r;
}

TEST(TaskWorkflow, ApprovingAFinalReportClosesAnOpenTaskAndSendsAnEscalatedOneToRecheck) {
  const Task task = MakeTask();
  for (State s : {State::kInProgress, State::kDueSoon, State::kOverdue}) {
    Status st = At(s);
    st.pending = {5};
    auto ev = Review(task, st, MakeReport(5, true), Decision::kApproved, Role::kSupervisor,
                     "督查科", "", kDeadline);
    ASSERT_TRUE(ev) << ev.error().message.zh;
    ASSERT_EQ(ev->size(), 2u);
    EXPECT_EQ((*ev)[0].kind, EventKind::kReview);
    EXPECT_EQ(*(*ev)[1].to, State::kDone) << StateKey(s);
  }
  for (State s : {State::kNotice, State::kInterview, State::kRectify}) {
    Status st = At(s);
    st.pending = {5};
    auto ev = Review(task, st, MakeReport(5, true), Decision::kApproved, Role::kLeader, "局长",
                     "整改到位", kDeadline);
    ASSERT_TRUE(ev);
    ASSERT_EQ(ev->size(), 2u);
    EXPECT_EQ(*(*ev)[1].to, State::kRecheck) << StateKey(s);
  }
  // A progress (not final) report approved changes nothing.
  Status st = At(State::kInProgress);
  st.pending = {6};
  auto ev = Review(task, st, MakeReport(6, false), Decision::kApproved, Role::kSupervisor, "督查科",
                   "", kDeadline);
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->size(), 1u);
}

TEST(TaskWorkflow, AReturnedReportNeedsAReasonAndAReportIsReviewedOnce) {
  const Task task = MakeTask();
  Status st = At(State::kInProgress);
  st.pending = {7};
  auto ev = Review(task, st, MakeReport(7, true), Decision::kReturned, Role::kSupervisor, "督查科",
                   " ", kDeadline);
  ASSERT_FALSE(ev);
  EXPECT_EQ(ev.error().id, "task.review_reason");
  ev = Review(task, st, MakeReport(7, true), Decision::kReturned, Role::kSupervisor, "督查科",
              "佐证材料不全", kDeadline);
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->size(), 1u) << "a returned final report does not close";
  st.pending.clear();
  ev = Review(task, st, MakeReport(7, true), Decision::kApproved, Role::kSupervisor, "督查科", "",
              kDeadline);
  ASSERT_FALSE(ev);
  EXPECT_EQ(ev.error().id, "task.review_done");
  st.pending = {7};
  ev = Review(task, st, MakeReport(7, true), Decision::kApproved, Role::kOwner, "某校", "",
              kDeadline);
  ASSERT_FALSE(ev);
  EXPECT_EQ(ev.error().id, "task.review_role");
}

TEST(TaskWorkflow, ReportsComeFromTheOwnerWhileOpenAndOneFinalReportWaitsAtATime) {
  const Task task = MakeTask();
  auto e = FileReport(task, At(State::kDone), MakeReport(1, false), Role::kOwner, kDeadline);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().id, "task.report_closed");
  e = FileReport(task, At(State::kInProgress), MakeReport(1, false), Role::kSupervisor, kDeadline);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().id, "task.report_role");
  Report empty = MakeReport(1, false);
  empty.text = "\n ";
  e = FileReport(task, At(State::kInProgress), empty, Role::kOwner, kDeadline);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().id, "task.report_text");
  Status st = At(State::kOverdue);
  st.pending = {3};
  st.pending_final = {3};
  e = FileReport(task, st, MakeReport(4, true), Role::kOwner, kDeadline);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().id, "task.report_final_pending");
  e = FileReport(task, st, MakeReport(4, false), Role::kOwner, kDeadline);
  ASSERT_TRUE(e) << "progress reports may still be filed";
  EXPECT_EQ(e->report_id, 4);
}

TEST(TaskWorkflow, OpenListsTheManualStepsOfAState) {
  std::set<State> to;
  for (const Rule* r : Open(At(State::kOverdue))) to.insert(r->to);
  EXPECT_EQ(to, (std::set<State>{State::kNotice, State::kInterview}));
  EXPECT_TRUE(Open(At(State::kInProgress)).empty());
  to.clear();
  for (const Rule* r : Open(At(State::kRecheck))) to.insert(r->to);
  EXPECT_EQ(to, (std::set<State>{State::kDone, State::kRectify}));
}

TEST(TaskDefinition, ValidateRequiresTitleLeadUnitAndOrderedMilestonesWithinTheDeadline) {
  Task t = MakeTask();
  EXPECT_TRUE(Validate(t));
  t.milestones = {{DaysFromCivil(2026, 3, 1), "方案"}, {kDeadline, "完成"}};
  EXPECT_TRUE(Validate(t)) << "a milestone on the deadline itself is fine";
  t.milestones = {{DaysFromCivil(2026, 5, 1), "b"}, {DaysFromCivil(2026, 3, 1), "a"}};
  EXPECT_EQ(Validate(t).error().id, "task.milestone_order");
  t.milestones = {{kDeadline + 1, "late"}};
  EXPECT_EQ(Validate(t).error().id, "task.milestone_order");
  t = MakeTask();
  t.lead_unit.clear();
  EXPECT_EQ(Validate(t).error().id, "task.lead_missing");
  t = MakeTask();
  t.deadline = t.start - 1;
  EXPECT_EQ(Validate(t).error().id, "task.deadline_before_start");
  t = MakeTask();
  t.remind_days = 91;
  EXPECT_EQ(Validate(t).error().id, "task.remind_days");
}

}  // namespace
}  // namespace jiaodu::tasks
