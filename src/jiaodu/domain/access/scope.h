// File: jiaodu/domain/access/scope.h
//
// The area half of authorisation: a role says what kind of thing a user may
// do (role.h), the scope says where. Every route names the resource it
// touches (the city, a county, a school) and calls Authorize before doing
// anything, including exports and file downloads, so a school clerk cannot
// reach another school by any door.
#ifndef JIAODU_DOMAIN_ACCESS_SCOPE_H_
#define JIAODU_DOMAIN_ACCESS_SCOPE_H_

#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/access/role.h"

namespace jiaodu::access {

// Who is asking: the account's role and area.
struct Principal {
  std::string login;
  Role role = Role::kLeader;
  // 县局 and a county's 只读领导: the county's code. Empty for city-wide
  // roles (市局, a city 只读领导, 系统管理员).
  std::string county;
  // 督学: the schools assigned (责任区); school roles: exactly their school.
  std::vector<std::string> schools;
};

// A principal's area must fit its role: 县局 needs a county, 督学 at least
// one school, school roles exactly one, 市局 and 系统管理员 no area.
// access.bad_scope otherwise.
Status ValidatePrincipal(const Principal& p);

// What a request touches.
struct Resource {
  enum class Kind { kCity, kCounty, kSchool };
  Kind kind = Kind::kCity;
  std::string county;  // kCounty: the county; kSchool: the school's county
  std::string school;  // kSchool: the 学校标识码

  static Resource City() { return {}; }
  static Resource County(std::string code) { return {Kind::kCounty, std::move(code), {}}; }
  static Resource School(std::string code, std::string county) {
    return {Kind::kSchool, std::move(county), std::move(code)};
  }
};

// Whether `p`'s area covers `r` (reading or writing alike; the action is
// checked by Allowed). City-wide roles cover everything; a county covers
// itself and its schools; 督学 and school roles cover their schools only
// (not the county or city views, which would show other schools).
bool Covers(const Principal& p, const Resource& r);

// Allowed(role, action) and Covers(p, r), or why not, in Chinese:
// access.denied_role (the role never may) or access.denied_scope (not in
// the user's area). Both are ErrorCode::kPermissionDenied.
Status Authorize(const Principal& p, Action action, const Resource& r);

}  // namespace jiaodu::access

#endif  // JIAODU_DOMAIN_ACCESS_SCOPE_H_
