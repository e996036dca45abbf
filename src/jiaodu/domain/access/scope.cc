#include "jiaodu/domain/access/scope.h"

#include <fmt/format.h>

#include <algorithm>

namespace jiaodu::access {
namespace {

Error BadScope(const Principal& p, std::string_view zh, std::string_view en) {
  return Error{ErrorCode::kInvalidInput,
               "access.bad_scope",
               Text(fmt::format("账号“{}”（{}）{}", p.login, RoleName(p.role).zh, zh),
                    fmt::format("account \"{}\" ({}) {}", p.login, RoleName(p.role).en, en)),
               {},
               {}};
}

bool HasSchool(const Principal& p, std::string_view code) {
  return std::find(p.schools.begin(), p.schools.end(), code) != p.schools.end();
}

std::string Describe(const Resource& r, bool english) {
  switch (r.kind) {
    case Resource::Kind::kCity:
      return english ? "the whole city" : "全市数据";
    case Resource::Kind::kCounty:
      return english ? fmt::format("county {}", r.county) : fmt::format("县区 {} 的数据", r.county);
    case Resource::Kind::kSchool:
      return english ? fmt::format("school {}", r.school) : fmt::format("学校 {} 的数据", r.school);
  }
  return {};
}

}  // namespace

Status ValidatePrincipal(const Principal& p) {
  switch (p.role) {
    case Role::kAdmin:
    case Role::kCity:
      if (!p.county.empty() || !p.schools.empty()) {
        return Fail(
            BadScope(p, "是全市账号，不能限定县区或学校", "is city-wide: no county or school"));
      }
      return Ok();
    case Role::kCounty:
      if (p.county.empty() || !p.schools.empty()) {
        return Fail(
            BadScope(p, "必须指定一个县区，且不指定学校", "needs one county and no school"));
      }
      return Ok();
    case Role::kLeader:
      if (!p.schools.empty()) {
        return Fail(BadScope(p, "可以指定县区，但不能指定学校", "may have a county, not schools"));
      }
      return Ok();
    case Role::kInspector:
      if (p.schools.empty()) {
        return Fail(
            BadScope(p, "必须至少分配一所责任区学校", "needs at least one assigned school"));
      }
      return Ok();
    case Role::kSchoolClerk:
    case Role::kSchoolReviewer:
      if (p.schools.size() != 1) {
        return Fail(BadScope(p, "必须且只能指定一所学校", "needs exactly one school"));
      }
      return Ok();
  }
  return Ok();
}

bool Covers(const Principal& p, const Resource& r) {
  switch (p.role) {
    case Role::kAdmin:
    case Role::kCity:
      return true;
    case Role::kCounty:
    case Role::kLeader:
      if (p.county.empty()) return true;  // a city-wide 只读领导
      return r.kind != Resource::Kind::kCity && r.county == p.county;
    case Role::kInspector:
    case Role::kSchoolClerk:
    case Role::kSchoolReviewer:
      return r.kind == Resource::Kind::kSchool && HasSchool(p, r.school);
  }
  return false;
}

Status Authorize(const Principal& p, Action action, const Resource& r) {
  if (!Allowed(p.role, action)) {
    return Fail(Error{
        ErrorCode::kPermissionDenied,
        "access.denied_role",
        Text(fmt::format("{}账号不能{}", RoleName(p.role).zh, ActionName(action).zh),
             fmt::format("a {} account may not {}", RoleName(p.role).en, ActionName(action).en)),
        {},
        {}});
  }
  if (!Covers(p, r)) {
    return Fail(
        Error{ErrorCode::kPermissionDenied,
              "access.denied_scope",
              Text(fmt::format("账号“{}”无权访问{}", p.login, Describe(r, false)),
                   fmt::format("account \"{}\" may not reach {}", p.login, Describe(r, true))),
              {},
              {}});
  }
  return Ok();
}

}  // namespace jiaodu::access
