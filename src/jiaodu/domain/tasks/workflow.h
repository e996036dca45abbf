// File: jiaodu/domain/tasks/workflow.h
//
// The escalation state machine of a 督办 task, as one table (Rules()) read
// by every check, so the board, the API's "what can I do now" and the
// refusals all say the same thing:
//
//   推进中 ─(系统, 临期)→ 临期 ─(系统, 过期)→ 逾期 ─(督查科)→ 督办通知单 ─→ 约谈 ─→ 限期整改 ─→
//   待复查 ─(督学)→ 办结
//
// * 临期 and 逾期 are entered only by the daily sweep (Sweep), from the
//   deadline in force: the task's own, or the one the last 督办通知单 or
//   限期整改 set. A deadline missed again sends the task back to 逾期.
// * 办结 is reached only through the bureau's approval of a final report
//   (Review): directly from 推进中/临期/逾期 (late completion is still
//   recorded as late by its events), through 待复查 once the task was
//   escalated (督办通知单, 约谈, 限期整改), where a 督学's 复查 closes it.
// * Every manual step needs the right role and a reason; 督办通知单 and
//   限期整改 also a new deadline after today.
// * Nothing is undone: a closed task can be sent back to 限期整改 (复查发现
//   反弹), which is a new transition, not an erased one.
#ifndef JIAODU_DOMAIN_TASKS_WORKFLOW_H_
#define JIAODU_DOMAIN_TASKS_WORKFLOW_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/tasks/task.h"

namespace jiaodu::tasks {

struct Rule {
  State from;
  State to;
  std::vector<Role> roles;  // kSystem = only the sweep
  bool needs_reason = true;
  bool needs_due = false;  // a new deadline (after today)
  bool by_review = false;  // only as the consequence of approving a final report
  Text action;             // the button: "下发督办通知单"
};
std::span<const Rule> Rules();

// A task's state as its events leave it.
struct Status {
  State state = State::kInProgress;
  int64_t due = 0;                     // the deadline in force
  std::string notice_no;               // the latest 督办通知单
  int notices = 0;                     // how many were issued
  int64_t last_event = 0;              // id of the latest event (optimistic concurrency)
  int64_t closed_day = 0;              // day of 办结 (0 = open)
  bool late = false;                   // was 逾期 at some point
  std::vector<int64_t> pending;        // reports not reviewed yet, oldest first
  std::vector<int64_t> pending_final;  // of those, the 办结申请
  std::vector<int64_t> approved;       // reports approved
  std::vector<int64_t> returned;       // reports returned
};

// Folds a task's events (ascending id) into its status.
Status Fold(const Task& task, std::span<const Event> events);

// Days until the deadline in force (negative = overdue by that many).
int64_t DaysLeft(const Status& status, int64_t today);

// What someone asks for.
struct Request {
  State to = State::kInProgress;
  Role role = Role::kSupervisor;
  std::string actor;
  std::string reason;
  std::optional<int64_t> due;
  std::string notice_no;  // for 督办通知单 (assigned by the caller)
};

// The transition event, or why it is refused (zh/en, stable ids
// task.transition_*). `event.at` and `event.id` are left to the caller.
Result<Event> Transition(const Task& task, const Status& status, const Request& request,
                         int64_t today);

// The automatic transition due today (临期 or 逾期), if any.
std::optional<Event> Sweep(const Task& task, const Status& status, int64_t today);

// The manual rules open from the status (for the page's buttons).
std::vector<const Rule*> Open(const Status& status);

// A progress report may be filed by the owner while the task is open
// (task.report_closed otherwise); returns the kReport event (report_id to be
// filled in by the caller).
Result<Event> FileReport(const Task& task, const Status& status, const Report& report, Role role,
                         int64_t today);

// The bureau's review of a pending report: the kReview event and, for an
// approved final report, the transition it causes (to 办结, or 待复查 after
// an escalation). Returned reports need a reason.
Result<std::vector<Event>> Review(const Task& task, const Status& status, const Report& report,
                                  Decision decision, Role role, const std::string& actor,
                                  const std::string& reason, int64_t today);

}  // namespace jiaodu::tasks

#endif  // JIAODU_DOMAIN_TASKS_WORKFLOW_H_
