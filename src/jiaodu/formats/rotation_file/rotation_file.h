// File: jiaodu/formats/rotation_file/rotation_file.h
//
// Reads the rotation rules (data/rotation/*.toml, described in
// docs/rotation.md) into rotation::Rules: the national quota and backbone
// share, the eligibility rules a province chooses, the direction and
// distance rules and the objective's weights, each with its source. Errors
// name the file, the line and the key, in Chinese and English.
//
// TargetsFromStandard takes the L1–L3 thresholds and the CV limits from an
// evaluated standard (cn-yzjh-2017 or a province variant), so the optimiser
// aims at exactly what the evaluation will judge.
#ifndef JIAODU_FORMATS_ROTATION_FILE_ROTATION_FILE_H_
#define JIAODU_FORMATS_ROTATION_FILE_ROTATION_FILE_H_

#include <filesystem>
#include <string_view>

#include "jiaodu/domain/rotation/rotation.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu {

Result<rotation::Rules> ParseRotationRules(std::string_view toml_text, std::string_view file_name);
Result<rotation::Rules> LoadRotationRules(const std::filesystem::path& path);

// Fails with "rotation_file.no_target" when the standard lacks L1, L2 or L3.
Result<rotation::Targets> TargetsFromStandard(const Standard& standard);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_ROTATION_FILE_ROTATION_FILE_H_
