// File: jiaodu/domain/access/role.h
//
// Who may do what, and where. A user has one role and an area scope:
//
//   系统管理员  accounts and settings, no data (separation of duties: the
//               person who creates accounts does not also approve data)
//   市局        the whole city: reads everything, reviews after the
//               counties, locks and reopens years
//   县局        one county: its schools' data, first review
//   督学        the schools assigned to them (a 督学责任区), read and inspect
//   学校填报员  one school: fills and submits its data
//   学校审核人  one school: checks the clerk's submission before the county
//   只读领导    the whole city or one county, reading only
//
// The server checks every route against Allowed() and the scope functions
// in scope.h; the UI only hides what a role cannot do.
#ifndef JIAODU_DOMAIN_ACCESS_ROLE_H_
#define JIAODU_DOMAIN_ACCESS_ROLE_H_

#include <optional>
#include <span>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu::access {

enum class Role {
  kAdmin,           // 系统管理员
  kCity,            // 市局
  kCounty,          // 县局
  kInspector,       // 督学
  kSchoolClerk,     // 学校填报员
  kSchoolReviewer,  // 学校审核人
  kLeader,          // 只读领导
};
std::span<const Role> AllRoles();
std::string_view RoleKey(Role r);  // admin, city, county, inspector, clerk, school_reviewer, leader
Text RoleName(Role r);
std::optional<Role> ParseRole(std::string_view key_or_name);  // key or Chinese name

// What a request does. Routes map to one action each; the matrix below says
// which roles may do it (scope is checked separately, per resource).
enum class Action {
  kReadData,        // school, county and evaluation views; fitness; plans; tasks
  kExport,          // xlsx/pdf downloads of data (audited)
  kFillSchool,      // edit and submit a school's own data
  kReviewSchool,    // 学校审核: pass or return the clerk's submission
  kReviewCounty,    // 县级审核
  kReviewCity,      // 市级审核 and locking a year
  kReopenYear,      // unlock a locked year (with a reason)
  kImportBulk,      // bulk imports for many schools (school data, 体测 files)
  kEditCounty,      // county-level values, standards per county, plans
  kSuperviseTasks,  // 督办: issue notices, escalate, review task reports
  kReportTask,      // a 责任单位 reports progress on its task
  kInspect,         // 督学: inspection records and 复查
  kManageUsers,     // accounts, roles, password resets
  kReadAudit,       // the audit trail
};
std::span<const Action> AllActions();
std::string_view ActionKey(Action a);
Text ActionName(Action a);

// The role × action matrix (docs/access.md shows it as a table).
bool Allowed(Role role, Action action);

}  // namespace jiaodu::access

#endif  // JIAODU_DOMAIN_ACCESS_ROLE_H_
