// File: jiaodu/domain/tasks/task.h
//
// 督办 tasks: the measures of a plan ("2024年12月前，全面完成…") followed up
// by the bureau. A task is a definition (title, the plan clause, 牵头单位 and
// 配合单位, 责任人, target, deadline, milestones) plus a log of events:
// escalation transitions, progress reports and their reviews. Nothing is
// changed in place: an edited definition is a new version, and the task's
// current state is the fold of its events (workflow.h), so the log is the
// truth and every state can be explained by the entry that made it.
//
// Dates are day numbers (core/civil_date.h) in the bureau's local calendar;
// "today" is always passed in, never read from a clock here.
#ifndef JIAODU_DOMAIN_TASKS_TASK_H_
#define JIAODU_DOMAIN_TASKS_TASK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::tasks {

// The escalation chain 临期提醒 → 逾期 → 督办通知单 → 约谈 → 限期整改 → 复查 → 办结,
// with 推进中 before it. Order matters: the board shows columns in it.
enum class State {
  kInProgress,  // 推进中
  kDueSoon,     // 临期 (a reminder was sent)
  kOverdue,     // 逾期
  kNotice,      // 已发督办通知单
  kInterview,   // 已约谈
  kRectify,     // 限期整改
  kRecheck,     // 待复查
  kDone,        // 办结
};
inline constexpr State kStates[] = {State::kInProgress, State::kDueSoon,   State::kOverdue,
                                    State::kNotice,     State::kInterview, State::kRectify,
                                    State::kRecheck,    State::kDone};
std::string_view StateKey(State s);  // in_progress, due_soon, …
Text StateName(State s);             // 推进中, 临期, …
std::optional<State> ParseState(std::string_view key);

// Who acts. Until accounts exist (issue 8) the role is declared by the
// request; the rules below are the ones the server will enforce per user.
enum class Role {
  kSystem,      // 系统: the daily sweep (临期, 逾期)
  kSupervisor,  // 督查科 (the bureau's supervision office)
  kLeader,      // 局领导 (约谈)
  kInspector,   // 督学 (复查)
  kOwner,       // 责任单位 (reports progress)
};
std::string_view RoleKey(Role r);  // system, supervisor, leader, inspector, owner
Text RoleName(Role r);
std::optional<Role> ParseRole(std::string_view key);

struct Milestone {
  int64_t date = 0;  // day number
  std::string text;
};

// A task's definition (one version).
struct Task {
  std::string id;                      // stable, e.g. "T2025-007"
  std::string title;                   // 任务名称
  std::string plan_id;                 // the plan it comes from ("" = none)
  std::string clause;                  // the plan's text it carries out (条款原文)
  std::string indicator;               // a plan indicator it moves (optional)
  std::string lead_unit;               // 牵头单位 (an area name or an office)
  std::vector<std::string> co_units;   // 配合单位
  std::string owner;                   // 责任人
  std::string target;                  // quantitative target in words ("增加学位800个")
  std::optional<double> target_value;  // the figure, when the target has one
  std::string target_unit;
  int64_t start = 0;     // day number the task was assigned
  int64_t deadline = 0;  // day number: 完成时限
  std::vector<Milestone> milestones;
  int remind_days = 7;  // 临期提醒: this many days before the deadline in force
  bool publish = true;  // on the 公示 list
};

// Checks a definition: required fields, deadline after start, milestones
// within start … deadline and ascending, remind_days 0…90.
Status Validate(const Task& task);

enum class EventKind {
  kCreated,     // the task was assigned (or imported)
  kEdited,      // its definition changed (a new version)
  kTransition,  // the state changed
  kReport,      // the owner filed a progress report
  kReview,      // the bureau reviewed a report
};
std::string_view EventKindKey(EventKind k);
std::optional<EventKind> ParseEventKind(std::string_view key);

enum class Decision { kNone, kApproved, kReturned };
std::string_view DecisionKey(Decision d);  // "", approved, returned

// One entry of a task's log. Entries are only ever appended.
struct Event {
  int64_t id = 0;  // ascending in the order they happened (storage assigns)
  std::string task_id;
  EventKind kind = EventKind::kCreated;
  std::string at;   // ISO 8601 UTC timestamp
  int64_t day = 0;  // the bureau's date of the event (day number)
  std::string actor;
  Role role = Role::kSystem;
  std::string reason;
  // kTransition
  std::optional<State> from;
  std::optional<State> to;
  std::optional<int64_t> due;  // the new deadline in force (督办通知单, 限期整改)
  std::string notice_no;       // 督办通知单 number, e.g. "示教督〔2026〕3号"
  // kReport / kReview
  int64_t report_id = 0;
  Decision decision = Decision::kNone;
  bool final = false;  // kReport: the report asks for closing (办结申请)
};

struct EvidenceFile {
  int64_t id = 0;
  std::string name;
  std::string content_type;
  int64_t size = 0;
  std::string sha256;  // hex
  std::string uploaded_by;
  std::string uploaded_at;
};

// A progress report (进展报告). `final` asks for the task to be closed
// (办结申请). Reports are never edited: a returned one is followed by a
// new report.
struct Report {
  int64_t id = 0;
  std::string task_id;
  std::string at;
  int64_t day = 0;
  std::string by;
  std::string text;
  std::optional<double> value;  // progress against target_value
  bool final = false;
  std::vector<EvidenceFile> files;
};

}  // namespace jiaodu::tasks

#endif  // JIAODU_DOMAIN_TASKS_TASK_H_
