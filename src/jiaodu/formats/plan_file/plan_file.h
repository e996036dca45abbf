// File: jiaodu/formats/plan_file/plan_file.h
//
// Reads a plan's indicator table from TOML (data/plans/*.toml; the format
// is in docs/plans.md), and writes one back (WritePlanToml: a plan made
// from an xlsx table is stored as an ordinary plan file). Every problem
// names the file, the line and the indicator, like the standard files.
//
//   auto plan = LoadPlanFile("data/plans/demo-city-14th.toml");
//   std::string text = WritePlanToml(**plan);   // ParsePlan(text) gives the same plan
//
// Also the indicator library (data/plans/indicator_library.toml): the
// indicators jiaodu knows how to compute, by name and aliases, so that an
// imported table's "中小学生体质健康优良率" gets its formula.
#ifndef JIAODU_FORMATS_PLAN_FILE_PLAN_FILE_H_
#define JIAODU_FORMATS_PLAN_FILE_PLAN_FILE_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/domain/plans/plan.h"

namespace jiaodu {

Result<std::shared_ptr<const plans::Plan>> ParsePlan(std::string_view toml_text,
                                                     std::string_view file_name);
Result<std::shared_ptr<const plans::Plan>> LoadPlanFile(const std::filesystem::path& path);
// Every *.toml under `dir` (absent dir: none), sorted by file name.
Result<std::vector<std::shared_ptr<const plans::Plan>>> LoadPlanDir(
    const std::filesystem::path& dir);

// The plan as TOML text in the layout of docs/plans.md: [plan], then one
// [[indicators]] per indicator in order, with only the keys that differ
// from the defaults. Strings are escaped, numbers written in their shortest
// round-trip form, so ParsePlan(WritePlanToml(p)) reads back p exactly.
// `header_comment` (may be empty) becomes leading "# " lines.
std::string WritePlanToml(const plans::Plan& plan, std::string_view header_comment = {});

// One entry of the indicator library: a computed indicator jiaodu knows.
struct LibraryIndicator {
  std::string id;                    // becomes the plan indicator's id
  Text name;                         // the usual wording
  std::vector<std::string> aliases;  // other wordings seen in published tables
  std::string unit;
  int decimals = 2;
  std::optional<bool> higher_better;  // `better`; absent: from the comparison
  std::string note;
  plans::Source source;  // always kFormula
};

struct IndicatorLibrary {
  std::vector<LibraryIndicator> indicators;

  const LibraryIndicator* FindId(std::string_view id) const;
  // By name or alias, compared after NormalizeIndicatorName.
  const LibraryIndicator* FindName(std::string_view name) const;
};

// The form names are compared in: full-width folded, blanks removed, a
// leading number ("1.", "（一）", "一、") and a trailing unit in brackets
// ("（%）", "(万个)") dropped. "1. 学前教育毛入园率（%）" → "学前教育毛入园率".
std::string NormalizeIndicatorName(std::string_view name);

// Errors: plan_file.invalid (names file, line and entry), plan.library_duplicate
// (a name or alias used by two entries).
Result<IndicatorLibrary> ParseIndicatorLibrary(std::string_view toml_text,
                                               std::string_view file_name);
Result<IndicatorLibrary> LoadIndicatorLibrary(const std::filesystem::path& path);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_PLAN_FILE_PLAN_FILE_H_
