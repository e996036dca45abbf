// File: jiaodu/formats/fitness_file/fitness_file.h
//
// Reads fitness standards (data/fitness/*.toml, format in
// docs/fitness-standard-file.md) into domain/fitness. A file with a
// [standard] table is a scoring standard (国家学生体质健康标准); a file with a
// [vision] table is a vision screening rule (WS/T 663-2020). Errors name the
// file, line and table, and a table that breaks the checks of
// FitnessStandard::Build (a non-monotone column, weights not summing to 100)
// fails the load: a mistyped official cell never reaches a student's score.
#ifndef JIAODU_FORMATS_FITNESS_FILE_FITNESS_FILE_H_
#define JIAODU_FORMATS_FITNESS_FILE_FITNESS_FILE_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "jiaodu/domain/fitness/standard.h"
#include "jiaodu/domain/fitness/vision.h"

namespace jiaodu {

Result<std::shared_ptr<const fitness::FitnessStandard>> ParseFitnessStandard(
    std::string_view toml_text, std::string_view file_name);
Result<fitness::VisionRule> ParseVisionRule(std::string_view toml_text, std::string_view file_name);

struct FitnessLibrary {
  std::vector<std::shared_ptr<const fitness::FitnessStandard>> standards;
  std::optional<fitness::VisionRule> vision;
  std::shared_ptr<const fitness::FitnessStandard> Find(std::string_view id) const;
};

// Everything under <data_dir>/fitness/*.toml (a missing folder = empty library).
Result<FitnessLibrary> LoadFitnessLibrary(const std::filesystem::path& data_dir);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_FITNESS_FILE_FITNESS_FILE_H_
