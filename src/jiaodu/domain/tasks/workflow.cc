#include "jiaodu/domain/tasks/workflow.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "jiaodu/core/civil_date.h"

namespace jiaodu::tasks {
namespace {

using R = Role;
using S = State;

const std::vector<Rule>& Table() {
  static const std::vector<Rule> rules = [] {
    const Text remind("临期提醒", "reminder");
    const Text overdue("逾期", "overdue");
    const Text notice("下发督办通知单", "issue a supervision notice");
    const Text interview("约谈", "interview the unit's head");
    const Text rectify("责令限期整改", "order rectification by a date");
    const Text recheck_pass("复查通过，办结", "re-inspection passed: close");
    const Text recheck_fail("复查未通过，继续整改", "re-inspection failed: rectify again");
    const Text reopen("重新整改", "reopen for rectification");
    const Text approve("审核通过办结报告", "approve the final report");
    const std::vector<Role> sys{R::kSystem};
    const std::vector<Role> office{R::kSupervisor};
    const std::vector<Role> heads{R::kSupervisor, R::kLeader};
    const std::vector<Role> recheck{R::kInspector, R::kSupervisor};
    return std::vector<Rule>{
        {S::kInProgress, S::kDueSoon, sys, false, false, false, remind},
        {S::kInProgress, S::kOverdue, sys, false, false, false, overdue},
        {S::kDueSoon, S::kOverdue, sys, false, false, false, overdue},
        {S::kNotice, S::kOverdue, sys, false, false, false, overdue},
        {S::kRectify, S::kOverdue, sys, false, false, false, overdue},
        {S::kOverdue, S::kNotice, office, true, true, false, notice},
        {S::kOverdue, S::kInterview, heads, true, false, false, interview},
        {S::kNotice, S::kInterview, heads, true, false, false, interview},
        {S::kNotice, S::kRectify, heads, true, true, false, rectify},
        {S::kInterview, S::kRectify, heads, true, true, false, rectify},
        {S::kRecheck, S::kDone, recheck, true, false, false, recheck_pass},
        {S::kRecheck, S::kRectify, recheck, true, true, false, recheck_fail},
        {S::kDone, S::kRectify, office, true, true, false, reopen},
        {S::kInProgress, S::kDone, heads, false, false, true, approve},
        {S::kDueSoon, S::kDone, heads, false, false, true, approve},
        {S::kOverdue, S::kDone, heads, false, false, true, approve},
        {S::kNotice, S::kRecheck, heads, false, false, true, approve},
        {S::kInterview, S::kRecheck, heads, false, false, true, approve},
        {S::kRectify, S::kRecheck, heads, false, false, true, approve},
    };
  }();
  return rules;
}

const Rule* Find(State from, State to) {
  for (const Rule& r : Table())
    if (r.from == from && r.to == to) return &r;
  return nullptr;
}

bool Has(const std::vector<Role>& roles, Role r) {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

std::string Join(const std::vector<Role>& roles, bool english) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += english ? " or " : "或";
    out += english ? RoleName(r).en : RoleName(r).zh;
  }
  return out;
}

tl::unexpected<Error> Refuse(ErrorCode code, const char* id, std::string zh, std::string en) {
  return Fail(code, id, Text(std::move(zh), std::move(en)));
}

Event Base(const Task& task, EventKind kind, Role role, const std::string& actor, int64_t today) {
  Event e;
  e.task_id = task.id;
  e.kind = kind;
  e.role = role;
  e.actor = actor;
  e.day = today;
  return e;
}

bool OverdueSweeps(State s) {
  return s == S::kInProgress || s == S::kDueSoon || s == S::kNotice || s == S::kRectify;
}

}  // namespace

std::span<const Rule> Rules() { return Table(); }

Status Fold(const Task& task, std::span<const Event> events) {
  Status st;
  st.due = task.deadline;
  bool due_set = false;
  std::vector<int64_t> finals;
  for (const Event& e : events) {
    st.last_event = std::max(st.last_event, e.id);
    switch (e.kind) {
      case EventKind::kCreated:
      case EventKind::kEdited:
        break;
      case EventKind::kTransition:
        if (!e.to) break;
        st.state = *e.to;
        if (e.due) {
          st.due = *e.due;
          due_set = true;
        }
        if (*e.to == S::kNotice) {
          ++st.notices;
          st.notice_no = e.notice_no;
        }
        if (*e.to == S::kOverdue) st.late = true;
        st.closed_day = *e.to == S::kDone ? e.day : 0;
        break;
      case EventKind::kReport:
        st.pending.push_back(e.report_id);
        if (e.final) st.pending_final.push_back(e.report_id);
        break;
      case EventKind::kReview: {
        auto it = std::find(st.pending.begin(), st.pending.end(), e.report_id);
        if (it != st.pending.end()) st.pending.erase(it);
        auto f = std::find(st.pending_final.begin(), st.pending_final.end(), e.report_id);
        if (f != st.pending_final.end()) st.pending_final.erase(f);
        (e.decision == Decision::kApproved ? st.approved : st.returned).push_back(e.report_id);
        break;
      }
    }
  }
  // An edited deadline counts until an escalation sets its own.
  if (!due_set) st.due = task.deadline;
  return st;
}

int64_t DaysLeft(const Status& status, int64_t today) { return status.due - today; }

Result<Event> Transition(const Task& task, const Status& status, const Request& req,
                         int64_t today) {
  const Text from = StateName(status.state);
  const Text to = StateName(req.to);
  const Rule* rule = Find(status.state, req.to);
  if (rule == nullptr) {
    std::string open_zh, open_en;
    for (const Rule* r : Open(status)) {
      open_zh += (open_zh.empty() ? "" : "、") + r->action.zh;
      open_en += (open_en.empty() ? "" : ", ") + r->action.en;
    }
    return Refuse(
        ErrorCode::kFailedPrecondition, "task.transition_illegal",
        fmt::format(
            "任务“{}”当前为“{}”，不能转为“{}”。{}", task.title, from.zh, to.zh,
            open_zh.empty() ? "当前状态下只能由系统或审核办结报告推进" : "当前可进行：" + open_zh),
        fmt::format("task \"{}\" is {}: it cannot become {}. {}", task.title, from.en, to.en,
                    open_en.empty() ? "Only the sweep or a report review moves it now"
                                    : "Open now: " + open_en));
  }
  if (rule->by_review) {
    return Refuse(ErrorCode::kFailedPrecondition, "task.transition_by_review",
                  fmt::format("任务“{}”转为“{}”须由责任单位提交办结报告、经审核通过，不能直接设置",
                              task.title, to.zh),
                  fmt::format("task \"{}\" becomes {} only when its final report is approved",
                              task.title, to.en));
  }
  if (!Has(rule->roles, req.role)) {
    if (Has(rule->roles, R::kSystem)) {
      return Refuse(
          ErrorCode::kFailedPrecondition, "task.transition_automatic",
          fmt::format("“{}”由系统按完成时限自动转入，不能手工设置", to.zh),
          fmt::format("{} is entered automatically from the deadline, not by hand", to.en));
    }
    return Refuse(ErrorCode::kFailedPrecondition, "task.transition_role",
                  fmt::format("“{}”须由{}操作（当前身份：{}）", rule->action.zh,
                              Join(rule->roles, false), RoleName(req.role).zh),
                  fmt::format("\"{}\" is for the {} (you act as {})", rule->action.en,
                              Join(rule->roles, true), RoleName(req.role).en));
  }
  if (req.role == R::kSystem) {
    const bool ok = req.to == S::kOverdue
                        ? today > status.due
                        : today >= status.due - task.remind_days && today <= status.due;
    if (!ok) {
      return Refuse(ErrorCode::kFailedPrecondition, "task.transition_not_due",
                    fmt::format("任务“{}”的完成时限为 {}，今天（{}）不应转为“{}”", task.title,
                                IsoDate(status.due), IsoDate(today), to.zh),
                    fmt::format("task \"{}\" is due {}: today ({}) it does not become {}",
                                task.title, IsoDate(status.due), IsoDate(today), to.en));
    }
  }
  std::string reason = req.reason;
  reason.erase(0, reason.find_first_not_of(" \t\r\n"));
  if (rule->needs_reason && reason.empty()) {
    return Refuse(ErrorCode::kInvalidInput, "task.transition_reason",
                  fmt::format("“{}”须填写理由（将记入督办记录）", rule->action.zh),
                  fmt::format("\"{}\" needs a reason (it is kept in the log)", rule->action.en));
  }
  if (rule->needs_due) {
    if (!req.due) {
      return Refuse(ErrorCode::kInvalidInput, "task.transition_due_missing",
                    fmt::format("“{}”须规定新的完成时限", rule->action.zh),
                    fmt::format("\"{}\" needs a new deadline", rule->action.en));
    }
    if (*req.due <= today) {
      return Refuse(
          ErrorCode::kInvalidInput, "task.transition_due_past",
          fmt::format("新的完成时限 {} 须晚于今天（{}）", IsoDate(*req.due), IsoDate(today)),
          fmt::format("the new deadline {} must be after today ({})", IsoDate(*req.due),
                      IsoDate(today)));
    }
  }
  Event e = Base(task, EventKind::kTransition, req.role, req.actor, today);
  e.from = status.state;
  e.to = req.to;
  e.reason = reason;
  if (rule->needs_due) e.due = req.due;
  if (req.to == S::kNotice) e.notice_no = req.notice_no;
  return e;
}

std::optional<Event> Sweep(const Task& task, const Status& status, int64_t today) {
  Request req;
  req.role = R::kSystem;
  req.actor = "系统";
  if (OverdueSweeps(status.state) && today > status.due) {
    req.to = S::kOverdue;
    req.reason = fmt::format("已超过完成时限 {}", IsoDate(status.due));
  } else if (status.state == S::kInProgress && today >= status.due - task.remind_days &&
             today <= status.due) {
    req.to = S::kDueSoon;
    req.reason = fmt::format("距完成时限 {} 还有 {} 天", IsoDate(status.due), status.due - today);
  } else {
    return std::nullopt;
  }
  auto e = Transition(task, status, req, today);
  if (!e) return std::nullopt;
  return *e;
}

std::vector<const Rule*> Open(const Status& status) {
  std::vector<const Rule*> out;
  for (const Rule& r : Table()) {
    if (r.from != status.state || r.by_review) continue;
    if (r.roles.size() == 1 && r.roles[0] == R::kSystem) continue;
    out.push_back(&r);
  }
  return out;
}

Result<Event> FileReport(const Task& task, const Status& status, const Report& report, Role role,
                         int64_t today) {
  if (status.state == S::kDone) {
    return Refuse(ErrorCode::kFailedPrecondition, "task.report_closed",
                  fmt::format("任务“{}”已办结，不能再提交进展报告", task.title),
                  fmt::format("task \"{}\" is closed: no more reports", task.title));
  }
  if (role != R::kOwner) {
    return Refuse(ErrorCode::kFailedPrecondition, "task.report_role",
                  fmt::format("进展报告由责任单位提交（当前身份：{}）", RoleName(role).zh),
                  fmt::format("reports are filed by the responsible unit (you act as {})",
                              RoleName(role).en));
  }
  if (report.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Refuse(ErrorCode::kInvalidInput, "task.report_text", "进展报告须写明完成情况",
                  "a report needs its text");
  }
  if (report.final && !status.pending_final.empty()) {
    // One 办结申请 at a time: the bureau decides on it first.
    return Refuse(ErrorCode::kFailedPrecondition, "task.report_final_pending",
                  fmt::format("任务“{}”已有待审核的办结申请（报告 #{}），请等待审核结果",
                              task.title, status.pending_final.front()),
                  fmt::format("task \"{}\" already has a final report awaiting review (#{})",
                              task.title, status.pending_final.front()));
  }
  Event e = Base(task, EventKind::kReport, role, report.by, today);
  e.report_id = report.id;
  e.final = report.final;
  e.reason = report.final ? "办结申请" : "进展报告";
  return e;
}

Result<std::vector<Event>> Review(const Task& task, const Status& status, const Report& report,
                                  Decision decision, Role role, const std::string& actor,
                                  const std::string& reason, int64_t today) {
  if (role != R::kSupervisor && role != R::kLeader) {
    return Refuse(ErrorCode::kFailedPrecondition, "task.review_role",
                  fmt::format("进展报告由督查科或局领导审核（当前身份：{}）", RoleName(role).zh),
                  fmt::format("reports are reviewed by the supervision office or a leader (you "
                              "act as {})",
                              RoleName(role).en));
  }
  if (std::find(status.pending.begin(), status.pending.end(), report.id) == status.pending.end()) {
    return Refuse(ErrorCode::kFailedPrecondition, "task.review_done",
                  fmt::format("报告 #{} 已审核过或不属于任务“{}”", report.id, task.title),
                  fmt::format("report #{} was already reviewed or is not of task \"{}\"", report.id,
                              task.title));
  }
  if (decision == Decision::kNone) {
    return Refuse(ErrorCode::kInvalidInput, "task.review_decision", "审核结论须为“通过”或“退回”",
                  "the decision must be approved or returned");
  }
  std::string why = reason;
  why.erase(0, why.find_first_not_of(" \t\r\n"));
  if (decision == Decision::kReturned && why.empty()) {
    return Refuse(ErrorCode::kInvalidInput, "task.review_reason", "退回报告须写明退回理由",
                  "a returned report needs the reason");
  }
  std::vector<Event> out;
  Event review = Base(task, EventKind::kReview, role, actor, today);
  review.report_id = report.id;
  review.decision = decision;
  review.reason = why;
  out.push_back(review);
  if (decision == Decision::kApproved && report.final) {
    const State to =
        status.state == S::kInProgress || status.state == S::kDueSoon || status.state == S::kOverdue
            ? S::kDone
            : S::kRecheck;
    const Rule* rule = Find(status.state, to);
    if (rule != nullptr && rule->by_review) {
      Event e = Base(task, EventKind::kTransition, role, actor, today);
      e.from = status.state;
      e.to = to;
      e.report_id = report.id;
      e.reason = why.empty() ? fmt::format("审核通过办结报告 #{}", report.id)
                             : fmt::format("审核通过办结报告 #{}：{}", report.id, why);
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace jiaodu::tasks
