// File: jiaodu/formats/plan_table/plan_text.h
//
// Internal: indicator and group names as published tables write them.
#ifndef JIAODU_FORMATS_PLAN_TABLE_PLAN_TEXT_H_
#define JIAODU_FORMATS_PLAN_TABLE_PLAN_TEXT_H_

#include <string>
#include <string_view>

namespace jiaodu::plan_table {

// Drops a leading number: "1. ", "1、", "（一）", "一、", "①". The rest is
// kept as written (full-width brackets stay).
std::string StripNumbering(std::string_view s);

struct NameAndUnit {
  std::string name;  // without numbering and without a trailing unit
  std::string unit;  // "万个" from "新增公办基础教育学位（万个）"; "" when none
};
// A trailing bracket is a unit when it is short and made of unit words
// (%, ‰, 万, 个, 所, 人, 元, 平方米, …); "（含政府购买学位）" is not one.
NameAndUnit SplitName(std::string_view raw);

}  // namespace jiaodu::plan_table

#endif  // JIAODU_FORMATS_PLAN_TABLE_PLAN_TEXT_H_
