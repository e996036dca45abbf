// Test helper: builds school-year records from the case CSV files under
// tests/standards/<standard>/ (see the README there). Plain comma-separated
// text without quoting: the case files never need it.
#ifndef JIAODU_TESTS_STANDARDS_CASE_LOADER_H_
#define JIAODU_TESTS_STANDARDS_CASE_LOADER_H_

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "jiaodu/core/number.h"
#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/standards/engine.h"
#include "jiaodu/formats/standard_file/standard_file.h"

namespace jiaodu::testing {

using Row = std::map<std::string, std::string>;

inline std::vector<Row> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::vector<Row> rows;
  std::string line;
  std::vector<std::string> header;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::string cell;
    std::stringstream ss(s);
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    if (!s.empty() && s.back() == ',') out.emplace_back();
    return out;
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF files
    if (line.empty() || line[0] == '#') continue;
    auto cells = split(line);
    if (header.empty()) {
      header = cells;
      continue;
    }
    Row r;
    for (size_t i = 0; i < header.size(); ++i) r[header[i]] = i < cells.size() ? cells[i] : "";
    rows.push_back(std::move(r));
  }
  return rows;
}

inline std::shared_ptr<const Standard> LoadShippedStandard(const std::string& id) {
  auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
  EXPECT_TRUE(lib) << (lib ? "" : lib.error().Describe());
  if (!lib) return nullptr;
  return lib->Find(id);
}

// All records of one case, keyed by school code (stable addresses).
struct CaseData {
  std::map<std::string, std::unique_ptr<SchoolYearRecord>> schools;
  std::unique_ptr<CountyYearRecord> county;  // from county.csv, when the case has a row

  CountyInput Input() const {
    CountyInput in;
    in.county_code = "330100";
    in.county_name = "测试县";
    in.year = AcademicYear(2024);
    for (const auto& [code, rec] : schools) in.schools.push_back(rec.get());
    in.county = county.get();
    return in;
  }
};

inline void SetFields(const FieldCatalog& catalog, const Row& row, FieldValues& values,
                      FieldValues* overrides) {
  for (const auto& [key, text] : row) {
    if (text.empty()) continue;
    std::string id = key;
    FieldValues* target = &values;
    if (id.starts_with("override.")) {
      id = id.substr(9);
      target = overrides;
    }
    auto idx = catalog.IndexOf(id);
    if (!idx || target == nullptr) continue;
    auto v = ParseNumber(text);
    ASSERT_TRUE(v) << key << "=" << text;
    target->Set(*idx, *v);
  }
}

inline CaseData LoadCase(const Standard& standard, const std::string& dir,
                         const std::string& name) {
  const FieldCatalog& catalog = *standard.catalog;
  CaseData data;
  for (const Row& r : ReadCsv(dir + "/schools.csv")) {
    if (r.at("case") != name) continue;
    auto rec = std::make_unique<SchoolYearRecord>();
    rec->year = AcademicYear(2024);
    rec->school.code = r.at("school");
    rec->school.name = r.at("name");
    rec->school.county = "330100";
    rec->school.type = *ParseSchoolType(r.at("type"));
    rec->school.locale = *ParseLocale(r.at("locale"));
    rec->school.ownership = *ParseOwnership(r.at("ownership"));
    if (auto inc = r.find("inclusive"); inc != r.end()) rec->school.inclusive = inc->second == "是";
    rec->values = FieldValues(catalog.size());
    SetFields(catalog, r, rec->values, nullptr);
    data.schools[rec->school.code] = std::move(rec);
  }
  for (const Row& r : ReadCsv(dir + "/sections.csv")) {
    if (r.at("case") != name) continue;
    auto it = data.schools.find(r.at("school"));
    EXPECT_NE(it, data.schools.end()) << "section of unknown school " << r.at("school");
    if (it == data.schools.end()) continue;
    SectionRecord sec;
    sec.stage = *ParseStage(r.at("stage"));
    sec.values = FieldValues(catalog.size());
    sec.overrides = FieldValues(catalog.size());
    SetFields(catalog, r, sec.values, &sec.overrides);
    it->second->sections.push_back(std::move(sec));
  }
  // county.csv (optional): the bureau's figures for the case.
  if (std::ifstream(dir + "/county.csv").good()) {
    for (const Row& r : ReadCsv(dir + "/county.csv")) {
      if (r.at("case") != name) continue;
      data.county = std::make_unique<CountyYearRecord>();
      data.county->county = "330100";
      data.county->year = AcademicYear(2024);
      data.county->values = FieldValues(catalog.size());
      SetFields(catalog, r, data.county->values, nullptr);
    }
  }
  EXPECT_FALSE(data.schools.empty()) << "no schools in case " << name;
  return data;
}

}  // namespace jiaodu::testing

#endif  // JIAODU_TESTS_STANDARDS_CASE_LOADER_H_
