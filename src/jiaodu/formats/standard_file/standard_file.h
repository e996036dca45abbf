// File: jiaodu/formats/standard_file/standard_file.h
//
// Reads the data files that define what jiaodu measures: field catalogs
// (data/fields/*.toml) and standards (data/standards/*.toml). TOML because
// these files are written and reviewed by people: comments, citations and
// Chinese text read naturally, and a diff shows exactly which threshold a
// province changed. docs/standard-files.md describes the format.
//
//   auto lib = LoadLibrary("data");            // all catalogs and standards
//   const Standard* yzjh = lib->Find("cn-yzjh-2017");
//
// Every problem (a missing key, a formula naming an unknown field, a
// threshold for a stage the standard does not cover) is an Error naming the
// file, the line and the entry, so a data author can fix it without reading
// C++.
#ifndef JIAODU_FORMATS_STANDARD_FILE_STANDARD_FILE_H_
#define JIAODU_FORMATS_STANDARD_FILE_STANDARD_FILE_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "jiaodu/domain/schools/catalog.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu {

Result<std::shared_ptr<const FieldCatalog>> LoadCatalogFile(const std::filesystem::path& path);
Result<std::shared_ptr<const FieldCatalog>> ParseCatalog(std::string_view toml_text,
                                                         std::string_view file_name);

using CatalogResolver = std::function<std::shared_ptr<const FieldCatalog>(std::string_view id)>;

Result<std::shared_ptr<const Standard>> LoadStandardFile(const std::filesystem::path& path,
                                                         const CatalogResolver& catalogs);
Result<std::shared_ptr<const Standard>> ParseStandard(std::string_view toml_text,
                                                      std::string_view file_name,
                                                      const CatalogResolver& catalogs);

// Everything under a data directory: <dir>/fields/*.toml, <dir>/standards/*.toml.
struct StandardLibrary {
  std::vector<std::shared_ptr<const FieldCatalog>> catalogs;
  std::vector<std::shared_ptr<const Standard>> standards;

  const FieldCatalog* FindCatalog(std::string_view id) const;
  std::shared_ptr<const Standard> Find(std::string_view id) const;
};

Result<StandardLibrary> LoadLibrary(const std::filesystem::path& data_dir);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_STANDARD_FILE_STANDARD_FILE_H_
