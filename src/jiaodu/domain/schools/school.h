// File: jiaodu/domain/schools/school.h
//
// Areas (行政区划) and schools. An area is identified by its 行政区划代码
// (6 digits for provinces, cities and counties; 9 for 乡镇/街道); a school by
// its 10-digit 学校标识码. A school belongs to exactly one county; the
// optional town is for display and filtering only.
//
// A school is evaluated as its sections (小学部 / 初中部 / 高中部): a
// 九年一贯制学校 appears in the 小学 table with its 小学部 and in the 初中
// table with its 初中部, each with its own students and teachers.
#ifndef JIAODU_DOMAIN_SCHOOLS_SCHOOL_H_
#define JIAODU_DOMAIN_SCHOOLS_SCHOOL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/schools/kinds.h"

namespace jiaodu {

struct Area {
  std::string code;  // 行政区划代码
  std::string name;
  AreaLevel level = AreaLevel::kCounty;
  std::string parent_code;  // empty for the root
};

// Validates a 行政区划代码: 6 digits (省/市/县) or 9 digits (乡镇/街道).
Status ValidateAreaCode(std::string_view code);

// Validates a 学校标识码: exactly 10 ASCII digits (full-width digits are
// folded by the caller). The code has no published check digit, so nothing
// more can be verified offline.
Status ValidateSchoolCode(std::string_view code);

struct School {
  std::string code;    // 学校标识码
  std::string name;    // 学校名称
  std::string county;  // 行政区划代码 of its county
  std::string town;    // 乡镇/街道 name (optional)
  SchoolType type = SchoolType::kPrimary;
  Locale locale = Locale::kUrban;
  Ownership ownership = Ownership::kPublic;
  bool boarding = false;  // 寄宿制学校
  // 普惠性: a private kindergarten recognised as 普惠性民办园 (public ones are
  // 普惠 by definition). With `ownership` it gives the kindergarten category
  // the preschool standard counts: 公办园, 普惠性民办园, 非普惠民办园.
  bool inclusive = false;
};

// 公办园 / 普惠性民办园 / 非普惠民办园 (for a primary school's 附设幼儿班 too).
std::string_view KindergartenCategory(const School& s);

// The area tree of one installation (usually one city and its counties).
class AreaTree {
 public:
  AreaTree() = default;
  explicit AreaTree(std::vector<Area> areas);

  const Area* Find(std::string_view code) const;
  std::vector<const Area*> Children(std::string_view code) const;
  // Counties under `code` (itself if it is a county), in code order.
  std::vector<const Area*> CountiesUnder(std::string_view code) const;
  // The topmost areas (normally one city).
  std::vector<const Area*> Roots() const;
  const std::vector<Area>& all() const { return areas_; }

 private:
  std::vector<Area> areas_;  // sorted by code
};

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_SCHOOLS_SCHOOL_H_
