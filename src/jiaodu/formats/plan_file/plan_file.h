// File: jiaodu/formats/plan_file/plan_file.h
//
// Reads a plan's indicator table from TOML (data/plans/*.toml; the format
// is in docs/plans.md). Every problem names the file, the line and the
// indicator, like the standard files.
//
//   auto plan = LoadPlanFile("data/plans/demo-city-14th.toml");
#ifndef JIAODU_FORMATS_PLAN_FILE_PLAN_FILE_H_
#define JIAODU_FORMATS_PLAN_FILE_PLAN_FILE_H_

#include <filesystem>
#include <memory>
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

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_PLAN_FILE_PLAN_FILE_H_
