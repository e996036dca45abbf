// File: jiaodu/domain/schools/kinds.h
//
// The closed vocabularies of school data: 学段 (stage), 学校类型, 城乡分类,
// 办学性质 and 行政区划层级. Each has its official Chinese name, an English
// name, and a parser that accepts what clerks type (Chinese or English,
// full-width or not). Unknown words fail with a message that lists the
// accepted ones, because the clerk has to fix the cell.
#ifndef JIAODU_DOMAIN_SCHOOLS_KINDS_H_
#define JIAODU_DOMAIN_SCHOOLS_KINDS_H_

#include <span>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu {

// 学段. Sections of a school are keyed by stage.
enum class Stage { kPrimary, kJunior, kSenior, kPreschool };
inline constexpr Stage kAllStages[] = {Stage::kPrimary, Stage::kJunior, Stage::kSenior,
                                       Stage::kPreschool};
// The 义务教育 stages evaluated by the balanced-development standards.
inline constexpr Stage kCompulsoryStages[] = {Stage::kPrimary, Stage::kJunior};

// 学校类型 (教育统计 school kinds relevant to a county bureau).
enum class SchoolType {
  kPrimary,        // 小学
  kJunior,         // 初级中学
  kNineYear,       // 九年一贯制学校
  kTwelveYear,     // 十二年一贯制学校
  kComplete,       // 完全中学
  kSenior,         // 高级中学
  kTeachingPoint,  // 小学教学点
  kSpecial,        // 特殊教育学校
  kVocational,     // 中等职业学校
  kKindergarten,  // 幼儿园 (公办园 / 普惠性民办园 / 非普惠民办园 by ownership and 普惠 recognition)
};
inline constexpr SchoolType kAllSchoolTypes[] = {
    SchoolType::kPrimary,       SchoolType::kJunior,   SchoolType::kNineYear,
    SchoolType::kTwelveYear,    SchoolType::kComplete, SchoolType::kSenior,
    SchoolType::kTeachingPoint, SchoolType::kSpecial,  SchoolType::kVocational,
    SchoolType::kKindergarten};

// 城乡分类 (统计用城乡划分: 城区 / 镇区 / 乡村).
enum class Locale { kUrban, kTown, kRural };
inline constexpr Locale kAllLocales[] = {Locale::kUrban, Locale::kTown, Locale::kRural};

// 办学性质.
enum class Ownership { kPublic, kPrivate };
inline constexpr Ownership kAllOwnerships[] = {Ownership::kPublic, Ownership::kPrivate};

// 行政区划层级. Counties (县/区/县级市) are the unit the standards judge.
enum class AreaLevel { kProvince, kCity, kCounty, kTown };

std::string_view StageName(Stage s);  // 学前 / 小学 / 初中 / 高中
std::string_view StageNameEn(Stage s);
std::string_view StageKey(Stage s);  // "preschool" / "primary" / … (storage, JSON)
Result<Stage> ParseStage(std::string_view text);

std::string_view SchoolTypeName(SchoolType t);
std::string_view SchoolTypeNameEn(SchoolType t);
std::string_view SchoolTypeKey(SchoolType t);
Result<SchoolType> ParseSchoolType(std::string_view text);
// The stages a school of this type has sections for, e.g. 九年一贯制 →
// 小学, 初中; 完全中学 → 初中, 高中; 教学点 → 小学; 幼儿园 → 学前.
std::span<const Stage> StagesOf(SchoolType t);
// Stages a school of this type may have in addition: a 小学附设幼儿班 is a
// 学前 section of a primary school.
std::span<const Stage> OptionalStagesOf(SchoolType t);
bool AllowsStage(SchoolType t, Stage s);

std::string_view LocaleName(Locale l);
std::string_view LocaleNameEn(Locale l);
std::string_view LocaleKey(Locale l);
Result<Locale> ParseLocale(std::string_view text);

std::string_view OwnershipName(Ownership o);
std::string_view OwnershipNameEn(Ownership o);
std::string_view OwnershipKey(Ownership o);
Result<Ownership> ParseOwnership(std::string_view text);

std::string_view AreaLevelName(AreaLevel l);
std::string_view AreaLevelKey(AreaLevel l);
Result<AreaLevel> ParseAreaLevel(std::string_view text);

// 是/否 cells.
Result<bool> ParseYesNo(std::string_view text);

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_SCHOOLS_KINDS_H_
