// File: jiaodu/formats/planning_file/planning_file.h
//
// Reads planning parameters (data/planning/*.toml, layout in
// docs/planning.md) into domain/planning's PlanningParams: standard 班额,
// 大班额 bands, 优质均衡 limits, 编制 ratios and additions, standard school
// sizes, forecast defaults and scenarios. Every error names the file, the
// line and the key (id planning_file.invalid); a set that loads but breaks
// PlanningParams::Validate (overlapping bands, a missing default scenario)
// fails too, with the file named, so a mistyped figure never reaches a
// forecast.
#ifndef JIAODU_FORMATS_PLANNING_FILE_PLANNING_FILE_H_
#define JIAODU_FORMATS_PLANNING_FILE_PLANNING_FILE_H_

#include <filesystem>
#include <string_view>
#include <vector>

#include "jiaodu/domain/planning/params.h"

namespace jiaodu {

Result<planning::PlanningParams> ParsePlanningParams(std::string_view toml_text,
                                                     std::string_view file_name);
Result<planning::PlanningParams> LoadPlanningParams(const std::filesystem::path& path);

struct PlanningLibrary {
  std::vector<planning::PlanningParams> sets;  // sorted by id
  const planning::PlanningParams* Find(std::string_view id) const;
};

// Every <data_dir>/planning/*.toml (a missing folder = empty library); two
// files with one id fail (planning_file.duplicate).
Result<PlanningLibrary> LoadPlanningLibrary(const std::filesystem::path& data_dir);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_PLANNING_FILE_PLANNING_FILE_H_
