// File: jiaodu/formats/quality_file/quality_file.h
//
// Reads the quality module's data files (data/quality/*.toml, format in
// docs/quality.md §数据文件) into domain/quality. The kind of a file is its
// top table:
//   [cut_scores]      a test's cut-score set (levels per subject and grade)
//   [national_check]  the thresholds of the 优质均衡 national-monitoring item
//   [hs_scheme]       a 高中办学质量评价 scheme (indicators, points, rules)
// Errors name the file, the line and the entry, in Chinese and English
// (quality_file.invalid, standard_file.syntax); a file that breaks the
// domain's checks (cuts out of order, bands not from the best down, …)
// fails with the domain's id and the file named.
#ifndef JIAODU_FORMATS_QUALITY_FILE_QUALITY_FILE_H_
#define JIAODU_FORMATS_QUALITY_FILE_QUALITY_FILE_H_

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/domain/quality/cut_scores.h"
#include "jiaodu/domain/quality/hs_evaluation.h"
#include "jiaodu/domain/quality/national.h"

namespace jiaodu {

Result<quality::CutScoreSet> ParseCutScoreSet(std::string_view toml_text,
                                              std::string_view file_name);
Result<quality::NationalThresholds> ParseNationalThresholds(std::string_view toml_text,
                                                            std::string_view file_name);
Result<quality::HsScheme> ParseHsScheme(std::string_view toml_text, std::string_view file_name);

struct QualityLibrary {
  std::vector<quality::CutScoreSet> cut_sets;
  // Each cut-score set's file text by id: a 抽测 stores the text it was
  // marked with, so editing the file later changes no published figure.
  std::map<std::string, std::string, std::less<>> cut_texts;
  std::vector<quality::NationalThresholds> national;
  std::vector<quality::HsScheme> schemes;
  const quality::CutScoreSet* FindCuts(std::string_view id) const;
  const quality::NationalThresholds* FindNational(std::string_view id) const;
  const quality::HsScheme* FindScheme(std::string_view id) const;
};

// Every <data_dir>/quality/*.toml, in name order (a missing folder = an
// empty library). Two files with the same id: quality_file.duplicate.
Result<QualityLibrary> LoadQualityLibrary(const std::filesystem::path& data_dir);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_QUALITY_FILE_QUALITY_FILE_H_
