// File: jiaodu/app/service.h
//
// The application layer: the use cases a bureau runs (evaluate a county or
// the whole city for a year, look at a school, import files, edit county
// judgments, undo an import, load the demo), wiring the domain to a Storage
// and the standards library. The HTTP server and the CLI are thin adapters
// over this class; neither talks to storage or the engine directly.
//
//   Service svc(std::move(library), std::move(storage));
//   auto e = svc.EvaluateCounty("990103", AcademicYear(2024));
//
// Thread-safe. Evaluations are cached per (standard, year, county) and
// dropped whenever the stored data changes (Storage::DataVersion), so a
// dashboard refresh costs a lookup, not a re-evaluation.
#ifndef JIAODU_APP_SERVICE_H_
#define JIAODU_APP_SERVICE_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/app/jobs.h"
#include "jiaodu/demo/demo_city.h"
#include "jiaodu/domain/standards/engine.h"
#include "jiaodu/formats/standard_file/standard_file.h"
#include "jiaodu/storage/storage.h"

namespace jiaodu {

inline constexpr std::string_view kDefaultStandard = "cn-yzjh-2017";

struct SchoolDetail {
  // The standard it was evaluated by (the county's variant of the one asked
  // for, see Service::StandardFor); `record` is in its catalog's indices.
  std::shared_ptr<const Standard> standard;
  School school;
  Area county;
  AcademicYear year;
  SchoolYearRecord record;
  std::vector<SectionResult> results;     // its evaluated sections
  std::vector<ExcludedSection> excluded;  // its sections left out, with reasons
  std::map<Stage, std::map<std::string, double>> county_means;  // X̄ per stage and indicator
  std::vector<VersionInfo> history;
};

// A county's bureau-entered data, as an edit from the UI: values to set
// (nullopt clears), judgments and vetoes to replace.
struct CountyEdit {
  std::string user;
  std::map<std::string, std::optional<double>> values;
  std::map<std::string, Judgment> judgments;
  std::map<std::string, VetoRecord> vetoes;
};

class Service {
 public:
  Service(StandardLibrary library, std::unique_ptr<Storage> storage);

  const StandardLibrary& library() const { return library_; }
  Storage& storage() { return *storage_; }
  Result<std::shared_ptr<const Standard>> FindStandard(std::string_view id) const;
  // The standard a county is judged by when `requested` is asked for: the
  // county's chosen variant when `requested` is the family's root standard
  // (cn-yzjh-2017 → the province's variant), `requested` itself otherwise.
  Result<std::shared_ptr<const Standard>> StandardFor(std::string_view county,
                                                      std::string_view requested);
  // Chooses the variant of `standard`'s family for a county (`standard` may
  // be the root, which returns the county to the national standard).
  Status SetCountyStandard(std::string_view county, std::string_view standard,
                           std::string_view user);

  // The latest year with data, or nullopt when the database is empty. With a
  // standard: the latest year with data in its catalog's dataset (a bureau
  // may have this year's compulsory data but only last year's preschool).
  Result<std::optional<AcademicYear>> LatestYear(std::string_view standard = {});
  // The root area (the city), or nullopt.
  Result<std::optional<Area>> Root();
  Result<Area> FindArea(std::string_view code);

  Result<std::shared_ptr<const CountyEvaluation>> EvaluateCounty(
      std::string_view county, AcademicYear year, std::string_view standard = kDefaultStandard);
  // Every county under `area` (a city, or one county), in code order.
  Result<std::vector<std::shared_ptr<const CountyEvaluation>>> EvaluateArea(
      std::string_view area, AcademicYear year, std::string_view standard = kDefaultStandard);

  Result<SchoolDetail> SchoolInfo(std::string_view code, AcademicYear year,
                                  std::string_view standard = kDefaultStandard);

  Result<std::optional<CountyYearRecord>> CountyData(std::string_view county, AcademicYear year,
                                                     std::string_view catalog_id);
  Result<int64_t> EditCountyData(std::string_view county, AcademicYear year, const CountyEdit& edit,
                                 std::string_view standard = kDefaultStandard);

  // Reads, checks and stores one or more school-data files (xlsx / csv) as
  // one import: everything lands, or nothing does and `errors` lists every
  // problem with its file, sheet, row and column.
  struct UploadedFile {
    std::string name;
    std::string bytes;
  };
  ImportOutcome ImportFiles(const std::vector<UploadedFile>& files, std::string_view user,
                            JobContext* progress = nullptr,
                            std::string_view standard = kDefaultStandard);

  // The school-data template (xlsx bytes); with a county, prefilled with its
  // schools for `year`.
  Result<std::string> Template(std::string_view county, std::optional<AcademicYear> year,
                               std::string_view standard = kDefaultStandard);

  // Generates the demo city and stores it as one import.
  Result<int64_t> LoadDemo(const DemoOptions& options, std::string_view user);

 private:
  Status RefreshCacheLocked();

  StandardLibrary library_;
  std::unique_ptr<Storage> storage_;
  std::mutex mu_;
  int64_t cache_version_ = -1;
  std::map<std::string, std::shared_ptr<const CountyEvaluation>> cache_;
};

}  // namespace jiaodu

#endif  // JIAODU_APP_SERVICE_H_
