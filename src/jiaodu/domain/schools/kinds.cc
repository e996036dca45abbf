#include "jiaodu/domain/schools/kinds.h"

#include <fmt/format.h>

#include <cctype>
#include <string>

#include "jiaodu/core/text.h"

namespace jiaodu {
namespace {

// One row per value: official name, English, storage key, then extra
// spellings clerks use. The first column is what templates offer.
template <typename E>
struct Spelling {
  E value;
  std::string_view zh;
  std::string_view en;
  std::string_view key;
  std::vector<std::string_view> aliases;
};

const std::vector<Spelling<Stage>>& Stages() {
  static const std::vector<Spelling<Stage>> k = {
      {Stage::kPrimary, "小学", "Primary", "primary", {"小学部", "小学段"}},
      {Stage::kJunior, "初中", "Junior secondary", "junior", {"初中部", "初中段", "初级中学"}},
      {Stage::kSenior, "高中", "Senior secondary", "senior", {"高中部", "高中段"}},
      {Stage::kPreschool,
       "学前",
       "Preschool",
       "preschool",
       {"幼儿园", "学前教育", "附设幼儿班", "学前班"}},
  };
  return k;
}

const std::vector<Spelling<SchoolType>>& Types() {
  static const std::vector<Spelling<SchoolType>> k = {
      {SchoolType::kPrimary, "小学", "Primary school", "primary", {"完全小学", "中心小学", "村小"}},
      {SchoolType::kJunior, "初级中学", "Junior secondary school", "junior", {"初中"}},
      {SchoolType::kNineYear, "九年一贯制学校", "Nine-year school", "nine_year", {"九年一贯制"}},
      {SchoolType::kTwelveYear,
       "十二年一贯制学校",
       "Twelve-year school",
       "twelve_year",
       {"十二年一贯制"}},
      {SchoolType::kComplete, "完全中学", "Complete secondary school", "complete", {}},
      {SchoolType::kSenior, "高级中学", "Senior secondary school", "senior", {"高中"}},
      {SchoolType::kTeachingPoint, "小学教学点", "Teaching point", "teaching_point", {"教学点"}},
      {SchoolType::kSpecial,
       "特殊教育学校",
       "Special education school",
       "special",
       {"特教学校", "特殊教育"}},
      {SchoolType::kVocational,
       "中等职业学校",
       "Vocational school",
       "vocational",
       {"职业学校", "中职"}},
      {SchoolType::kKindergarten,
       "幼儿园",
       "Kindergarten",
       "kindergarten",
       {"公办园", "民办园", "普惠性民办园", "非普惠民办园", "非普惠性民办园", "公办幼儿园",
        "民办幼儿园"}},
  };
  return k;
}

const std::vector<Spelling<Locale>>& Locales() {
  static const std::vector<Spelling<Locale>> k = {
      {Locale::kUrban, "城区", "Urban", "urban", {"城市"}},
      {Locale::kTown, "镇区", "Town", "town", {"县镇", "镇"}},
      {Locale::kRural, "乡村", "Rural", "rural", {"农村"}},
  };
  return k;
}

const std::vector<Spelling<Ownership>>& Ownerships() {
  static const std::vector<Spelling<Ownership>> k = {
      {Ownership::kPublic, "公办", "Public", "public", {"公立"}},
      {Ownership::kPrivate, "民办", "Private", "private", {"私立"}},
  };
  return k;
}

const std::vector<Spelling<AreaLevel>>& Levels() {
  static const std::vector<Spelling<AreaLevel>> k = {
      {AreaLevel::kProvince, "省", "Province", "province", {"省级", "自治区", "直辖市"}},
      {AreaLevel::kCity, "市", "City", "city", {"地级市", "市级", "州", "盟"}},
      {AreaLevel::kCounty, "县", "County", "county", {"县区", "县级", "区", "县级市", "旗"}},
      {AreaLevel::kTown, "乡镇", "Town", "town", {"乡", "镇", "街道", "乡镇街道"}},
  };
  return k;
}

template <typename E>
const Spelling<E>& Find(const std::vector<Spelling<E>>& table, E v) {
  for (const auto& s : table) {
    if (s.value == v) return s;
  }
  return table.front();  // unreachable for valid enums
}

template <typename E>
Result<E> Parse(const std::vector<Spelling<E>>& table, std::string_view raw,
                std::string_view what_zh, std::string_view what_en, std::string_view id) {
  // Fast path: storage keys and official names, as written by jiaodu itself.
  for (const auto& s : table) {
    if (raw == s.key || raw == s.zh) return s.value;
  }
  std::string norm = NormalizeWidth(raw);
  std::string lower = norm;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& s : table) {
    std::string en_lower(s.en);
    for (char& c : en_lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (norm == s.zh || lower == s.key || lower == en_lower) return s.value;
    for (auto a : s.aliases) {
      if (norm == a) return s.value;
    }
  }
  std::vector<std::string_view> names;
  for (const auto& s : table) names.push_back(s.zh);
  return Fail(ErrorCode::kInvalidInput, std::string(id),
              Text(fmt::format("{}“{}”无法识别，应为：{}", what_zh, Ellipsize(norm, 20),
                               fmt::join(names, "、")),
                   fmt::format("unknown {} \"{}\"; expected one of: {}", what_en,
                               Ellipsize(norm, 20), fmt::join(names, ", "))));
}

}  // namespace

std::string_view StageName(Stage s) { return Find(Stages(), s).zh; }
std::string_view StageNameEn(Stage s) { return Find(Stages(), s).en; }
std::string_view StageKey(Stage s) { return Find(Stages(), s).key; }
Result<Stage> ParseStage(std::string_view t) {
  return Parse(Stages(), t, "学段", "stage", "kind.stage");
}

std::string_view SchoolTypeName(SchoolType t) { return Find(Types(), t).zh; }
std::string_view SchoolTypeNameEn(SchoolType t) { return Find(Types(), t).en; }
std::string_view SchoolTypeKey(SchoolType t) { return Find(Types(), t).key; }
Result<SchoolType> ParseSchoolType(std::string_view t) {
  return Parse(Types(), t, "学校类型", "school type", "kind.school_type");
}

std::span<const Stage> StagesOf(SchoolType t) {
  static constexpr Stage kP[] = {Stage::kPrimary};
  static constexpr Stage kJ[] = {Stage::kJunior};
  static constexpr Stage kS[] = {Stage::kSenior};
  static constexpr Stage kPJ[] = {Stage::kPrimary, Stage::kJunior};
  static constexpr Stage kJS[] = {Stage::kJunior, Stage::kSenior};
  static constexpr Stage kPJS[] = {Stage::kPrimary, Stage::kJunior, Stage::kSenior};
  switch (t) {
    case SchoolType::kPrimary:
    case SchoolType::kTeachingPoint:
      return kP;
    case SchoolType::kJunior:
      return kJ;
    case SchoolType::kNineYear:
      return kPJ;
    case SchoolType::kTwelveYear:
      return kPJS;
    case SchoolType::kComplete:
      return kJS;
    case SchoolType::kSenior:
    case SchoolType::kVocational:
      return kS;
    // Special schools teach all ages; their sections are not evaluated for
    // resource allocation but may carry counts.
    case SchoolType::kSpecial:
      return kPJS;
    case SchoolType::kKindergarten: {
      static constexpr Stage kK[] = {Stage::kPreschool};
      return kK;
    }
  }
  return kP;
}

std::span<const Stage> OptionalStagesOf(SchoolType t) {
  static constexpr Stage kPre[] = {Stage::kPreschool};
  switch (t) {
    case SchoolType::kPrimary:
    case SchoolType::kNineYear:
    case SchoolType::kTwelveYear:
    case SchoolType::kTeachingPoint:
      return kPre;  // 小学附设幼儿班
    default:
      return {};
  }
}

bool AllowsStage(SchoolType t, Stage s) {
  for (Stage x : StagesOf(t)) {
    if (x == s) return true;
  }
  for (Stage x : OptionalStagesOf(t)) {
    if (x == s) return true;
  }
  return false;
}

std::string_view LocaleName(Locale l) { return Find(Locales(), l).zh; }
std::string_view LocaleNameEn(Locale l) { return Find(Locales(), l).en; }
std::string_view LocaleKey(Locale l) { return Find(Locales(), l).key; }
Result<Locale> ParseLocale(std::string_view t) {
  return Parse(Locales(), t, "城乡类型", "locale", "kind.locale");
}

std::string_view OwnershipName(Ownership o) { return Find(Ownerships(), o).zh; }
std::string_view OwnershipNameEn(Ownership o) { return Find(Ownerships(), o).en; }
std::string_view OwnershipKey(Ownership o) { return Find(Ownerships(), o).key; }
Result<Ownership> ParseOwnership(std::string_view t) {
  return Parse(Ownerships(), t, "办学性质", "ownership", "kind.ownership");
}

std::string_view AreaLevelName(AreaLevel l) { return Find(Levels(), l).zh; }
std::string_view AreaLevelKey(AreaLevel l) { return Find(Levels(), l).key; }
Result<AreaLevel> ParseAreaLevel(std::string_view t) {
  return Parse(Levels(), t, "区划层级", "area level", "kind.area_level");
}

Result<bool> ParseYesNo(std::string_view raw) {
  std::string s = NormalizeWidth(raw);
  if (s == "是" || s == "Y" || s == "y" || s == "yes" || s == "Yes" || s == "1" || s == "TRUE" ||
      s == "true") {
    return true;
  }
  if (s == "否" || s == "N" || s == "n" || s == "no" || s == "No" || s == "0" || s == "FALSE" ||
      s == "false") {
    return false;
  }
  return Fail(ErrorCode::kInvalidInput, "kind.yes_no",
              Text(fmt::format("“{}”应填“是”或“否”", Ellipsize(s, 20)),
                   fmt::format("\"{}\" must be 是 (yes) or 否 (no)", Ellipsize(s, 20))));
}

}  // namespace jiaodu
