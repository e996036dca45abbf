#include "jiaodu/domain/access/role.h"

#include <array>

namespace jiaodu::access {
namespace {

struct RoleInfo {
  Role role;
  std::string_view key;
  const char* zh;
  const char* en;
};
constexpr std::array<RoleInfo, 7> kRoles{{
    {Role::kAdmin, "admin", "系统管理员", "administrator"},
    {Role::kCity, "city", "市局", "city bureau"},
    {Role::kCounty, "county", "县局", "county bureau"},
    {Role::kInspector, "inspector", "督学", "inspector"},
    {Role::kSchoolClerk, "clerk", "学校填报员", "school data clerk"},
    {Role::kSchoolReviewer, "school_reviewer", "学校审核人", "school reviewer"},
    {Role::kLeader, "leader", "只读领导", "read-only leader"},
}};
// The tables are indexed by the enums' values (RoleKey, Allowed, ...), so
// their rows must be in enum order; the lists below are read off them.
template <typename Info, size_t N>
constexpr bool InEnumOrder(const std::array<Info, N>& table, auto Info::*field) {
  for (size_t i = 0; i < N; ++i) {
    if (static_cast<size_t>(table[i].*field) != i) return false;
  }
  return true;
}
template <typename Enum, typename Info, size_t N>
constexpr std::array<Enum, N> Column(const std::array<Info, N>& table, Enum Info::*field) {
  std::array<Enum, N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = table[i].*field;
  return out;
}
static_assert(InEnumOrder(kRoles, &RoleInfo::role));
constexpr std::array<Role, 7> kRoleList = Column(kRoles, &RoleInfo::role);

struct ActionInfo {
  Action action;
  std::string_view key;
  const char* zh;
  const char* en;
  // Roles in kRoles order: admin city county inspector clerk school_reviewer leader.
  std::array<bool, 7> allowed;
};
// Why each column is what it is (docs/access.md, decisions A1–A6):
// - the administrator manages accounts and reads the audit, never data (A1);
// - 只读领导 and 督学 read and export but change no school data (A2);
// - school roles read their own school only (scope), fill or review it (A3);
// - bulk imports are a bureau task: county for its county, city for all (A4);
// - 督办 is run by the city and county bureaus; the 责任单位 that reports
//   may be a county bureau or a school (A5);
// - reopening a locked year is the city's alone (the rule).
constexpr bool Y = true, N = false;
constexpr std::array<ActionInfo, 14> kActions{{
    //                                                            adm city cnty insp clrk srev lead
    {Action::kReadData, "read", "查看数据", "read data", {N, Y, Y, Y, Y, Y, Y}},
    {Action::kExport, "export", "导出数据", "export data", {N, Y, Y, Y, Y, Y, Y}},
    {Action::kFillSchool, "fill", "填报学校数据", "fill school data", {N, N, N, N, Y, N, N}},
    {Action::kReviewSchool, "review_school", "学校审核", "school review", {N, N, N, N, N, Y, N}},
    {Action::kReviewCounty, "review_county", "县级审核", "county review", {N, N, Y, N, N, N, N}},
    {Action::kReviewCity,
     "review_city",
     "市级审核与锁定",
     "city review and lock",
     {N, Y, N, N, N, N, N}},
    {Action::kReopenYear, "reopen", "解锁年度", "reopen a year", {N, Y, N, N, N, N, N}},
    {Action::kImportBulk, "import", "批量导入", "bulk import", {N, Y, Y, N, N, N, N}},
    {Action::kEditCounty,
     "edit_county",
     "编辑县级数据与规划",
     "edit county data and plans",
     {N, Y, Y, N, N, N, N}},
    {Action::kSuperviseTasks, "supervise", "督查督办", "supervise tasks", {N, Y, Y, N, N, N, N}},
    {Action::kReportTask, "report_task", "报送任务进展", "report on a task", {N, Y, Y, N, Y, Y, N}},
    {Action::kInspect, "inspect", "督导检查与复查", "inspect", {N, Y, Y, Y, N, N, N}},
    {Action::kManageUsers, "users", "管理账号", "manage accounts", {Y, N, N, N, N, N, N}},
    {Action::kReadAudit, "audit", "查看审计日志", "read the audit trail", {Y, Y, N, N, N, N, N}},
}};
static_assert(InEnumOrder(kActions, &ActionInfo::action));
constexpr std::array<Action, 14> kActionList = Column(kActions, &ActionInfo::action);

size_t Index(Role r) { return static_cast<size_t>(r); }

}  // namespace

std::span<const Role> AllRoles() { return kRoleList; }
std::string_view RoleKey(Role r) { return kRoles[Index(r)].key; }
Text RoleName(Role r) { return Text(kRoles[Index(r)].zh, kRoles[Index(r)].en); }

std::optional<Role> ParseRole(std::string_view s) {
  for (const RoleInfo& i : kRoles) {
    if (s == i.key || s == i.zh) return i.role;
  }
  return std::nullopt;
}

std::span<const Action> AllActions() { return kActionList; }
std::string_view ActionKey(Action a) { return kActions[static_cast<size_t>(a)].key; }
Text ActionName(Action a) {
  const ActionInfo& i = kActions[static_cast<size_t>(a)];
  return Text(i.zh, i.en);
}

bool Allowed(Role role, Action action) {
  return kActions[static_cast<size_t>(action)].allowed[Index(role)];
}

}  // namespace jiaodu::access
