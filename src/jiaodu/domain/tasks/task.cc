#include "jiaodu/domain/tasks/task.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "jiaodu/core/civil_date.h"

namespace jiaodu::tasks {
namespace {

struct StateInfo {
  State state;
  std::string_view key;
  const char* zh;
  const char* en;
};
constexpr std::array<StateInfo, 8> kStateInfo{{
    {State::kInProgress, "in_progress", "推进中", "in progress"},
    {State::kDueSoon, "due_soon", "临期", "due soon"},
    {State::kOverdue, "overdue", "逾期", "overdue"},
    {State::kNotice, "notice", "已发督办通知单", "notice issued"},
    {State::kInterview, "interview", "已约谈", "interviewed"},
    {State::kRectify, "rectify", "限期整改", "rectification"},
    {State::kRecheck, "recheck", "待复查", "awaiting re-inspection"},
    {State::kDone, "done", "办结", "closed"},
}};

struct RoleInfo {
  Role role;
  std::string_view key;
  const char* zh;
  const char* en;
};
constexpr std::array<RoleInfo, 5> kRoleInfo{{
    {Role::kSystem, "system", "系统", "system"},
    {Role::kSupervisor, "supervisor", "督查科", "supervision office"},
    {Role::kLeader, "leader", "局领导", "bureau leader"},
    {Role::kInspector, "inspector", "督学", "inspector (督学)"},
    {Role::kOwner, "owner", "责任单位", "responsible unit"},
}};

constexpr std::array<std::pair<EventKind, std::string_view>, 5> kEventKeys{{
    {EventKind::kCreated, "created"},
    {EventKind::kEdited, "edited"},
    {EventKind::kTransition, "transition"},
    {EventKind::kReport, "report"},
    {EventKind::kReview, "review"},
}};

Status Invalid(const std::string& id, std::string zh, std::string en) {
  return Fail(ErrorCode::kInvalidInput, id, Text(std::move(zh), std::move(en)));
}

}  // namespace

std::string_view StateKey(State s) { return kStateInfo[static_cast<size_t>(s)].key; }
Text StateName(State s) {
  const auto& i = kStateInfo[static_cast<size_t>(s)];
  return Text(i.zh, i.en);
}
std::optional<State> ParseState(std::string_view key) {
  for (const auto& i : kStateInfo)
    if (i.key == key) return i.state;
  return std::nullopt;
}

std::string_view RoleKey(Role r) { return kRoleInfo[static_cast<size_t>(r)].key; }
Text RoleName(Role r) {
  const auto& i = kRoleInfo[static_cast<size_t>(r)];
  return Text(i.zh, i.en);
}
std::optional<Role> ParseRole(std::string_view key) {
  for (const auto& i : kRoleInfo)
    if (i.key == key) return i.role;
  return std::nullopt;
}

std::string_view EventKindKey(EventKind k) { return kEventKeys[static_cast<size_t>(k)].second; }
std::optional<EventKind> ParseEventKind(std::string_view key) {
  for (const auto& [k, name] : kEventKeys)
    if (name == key) return k;
  return std::nullopt;
}

std::string_view DecisionKey(Decision d) {
  switch (d) {
    case Decision::kApproved:
      return "approved";
    case Decision::kReturned:
      return "returned";
    case Decision::kNone:
      break;
  }
  return "";
}

Status Validate(const Task& t) {
  if (t.id.empty()) return Invalid("task.id_missing", "任务缺少编号", "the task has no id");
  if (t.title.empty())
    return Invalid("task.title_missing", fmt::format("任务 {} 缺少任务名称", t.id),
                   fmt::format("task {} has no title", t.id));
  if (t.lead_unit.empty())
    return Invalid("task.lead_missing", fmt::format("任务“{}”缺少牵头单位", t.title),
                   fmt::format("task \"{}\" has no lead unit (牵头单位)", t.title));
  if (t.deadline == 0)
    return Invalid("task.deadline_missing", fmt::format("任务“{}”缺少完成时限", t.title),
                   fmt::format("task \"{}\" has no deadline", t.title));
  if (t.start != 0 && t.deadline < t.start)
    return Invalid("task.deadline_before_start",
                   fmt::format("任务“{}”的完成时限 {} 早于下达日期 {}", t.title,
                               IsoDate(t.deadline), IsoDate(t.start)),
                   fmt::format("task \"{}\": deadline {} is before its start {}", t.title,
                               IsoDate(t.deadline), IsoDate(t.start)));
  int64_t prev = t.start;
  for (const Milestone& m : t.milestones) {
    if (m.date < prev || m.date > t.deadline)
      return Invalid(
          "task.milestone_order",
          fmt::format("任务“{}”的节点 {}（{}）须在下达日期与完成时限之间并按时间先后排列", t.title,
                      IsoDate(m.date), m.text),
          fmt::format("task \"{}\": milestone {} ({}) must lie between start and deadline, in "
                      "order",
                      t.title, IsoDate(m.date), m.text));
    prev = m.date;
  }
  if (t.remind_days < 0 || t.remind_days > 90)
    return Invalid("task.remind_days", fmt::format("临期提醒天数 {} 须在 0–90 之间", t.remind_days),
                   fmt::format("reminder days {} must be 0–90", t.remind_days));
  return Ok();
}

}  // namespace jiaodu::tasks
