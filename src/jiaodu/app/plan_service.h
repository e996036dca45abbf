// File: jiaodu/app/plan_service.h
//
// Plan tracking (issue 6, first half): the bureau's plans with each
// indicator's value year by year — computed from jiaodu's own data where the
// plan file gives a formula, entered by hand with evidence otherwise — and
// its status against the path (domain/plans/progress.h). Indicators split
// by county are tracked for every county too, with the counties' targets
// rolled back up and the counties that hold the plan area back.
//
//   PlanService plans(service, &fitness);
//   auto report = plans.Track("demo-city-14th", std::nullopt);  // latest year with data
//
// Reports are cached per plan and Storage::DataVersion, so a re-import of
// school or fitness data (or a new hand-entered value) recomputes them.
#ifndef JIAODU_APP_PLAN_SERVICE_H_
#define JIAODU_APP_PLAN_SERVICE_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/app/fitness_service.h"
#include "jiaodu/app/service.h"
#include "jiaodu/domain/plans/compiled_plan.h"
#include "jiaodu/domain/plans/progress.h"
#include "jiaodu/formats/plan_file/plan_file.h"
#include "jiaodu/formats/plan_table/plan_report.h"
#include "jiaodu/formats/plan_table/plan_table.h"

namespace jiaodu {

// Where one year's value came from.
enum class PlanValueOrigin { kNone, kData, kManual, kBaseline };
std::string_view PlanValueOriginKey(PlanValueOrigin o);  // none, data, manual, baseline

struct PlanCell {
  int year = 0;
  PlanValueOrigin origin = PlanValueOrigin::kNone;
  std::optional<plans::YearValue> value;
  std::string evidence;          // manual: 佐证
  std::string entered_by;        // manual
  std::string entered_at;        // manual
  std::optional<Error> problem;  // data exist but the value could not be computed
  plans::Assessment assessment;
};

// One indicator in one area: every year of the plan period (from the
// baseline year) and the assessment of the latest year with a value.
struct PlanAreaTrack {
  std::string area;
  std::string area_name;
  double target = 0;
  std::vector<PlanCell> cells;  // ascending years
  plans::Assessment latest;     // status of the report year (no_data when none)
  std::optional<double>
      weight;  // this area's weight in the roll-up (denominator or weight formula)
};

struct PlanIndicatorReport {
  const plans::Indicator* indicator = nullptr;
  PlanAreaTrack area;                   // the plan's own area
  std::vector<PlanAreaTrack> counties;  // level = counties only, in code order
  // The county targets rolled back up (weighted by each county's weight in
  // the report year, or summed): compared with the plan area's target, it
  // shows whether the split adds up.
  std::optional<double> counties_target;
  // Counties whose status in the report year is behind or far behind (or
  // not met after the target year), worst first.
  std::vector<std::string> holding_back;
};

// A plan made from an xlsx indicator table (ImportTable).
struct PlanTableImported {
  std::shared_ptr<const plans::Plan> plan;
  int computed = 0;  // indicators with a library formula
  int manual = 0;    // entered by hand
};

// A file for download: its name (Chinese, for Content-Disposition) and bytes.
struct PlanFile {
  std::string name;
  std::string bytes;
};

struct PlanStatusCount {
  int met = 0, on_track = 0, behind = 0, far_behind = 0, no_data = 0;
};

struct PlanReport {
  std::shared_ptr<const plans::Plan> plan;
  int year = 0;            // the assessed year
  std::vector<int> years;  // columns: baseline year … plan end
  std::vector<PlanIndicatorReport> indicators;
  PlanStatusCount counts;
  StoredPlan stored;  // who saved it, when
};

class PlanService {
 public:
  // `fitness` may be null (then fitness variables have no data).
  PlanService(Service& service, FitnessService* fitness);

  struct Listed {
    std::shared_ptr<const plans::Plan> plan;
    StoredPlan stored;
  };
  Result<std::vector<Listed>> List();
  Result<std::shared_ptr<const plans::Plan>> Find(std::string_view plan_id);

  // The tracking report for `year` (nullopt = the latest year up to the
  // plan's end that has a value for any indicator, else the plan's start).
  Result<std::shared_ptr<const PlanReport>> Track(std::string_view plan_id,
                                                  std::optional<int> year);

  // Checks the text (it must load and its formulas compile against the
  // catalogs) and stores it as the plan's current version.
  Result<std::shared_ptr<const plans::Plan>> Save(std::string_view file_name,
                                                  std::string_view toml_text,
                                                  std::string_view user);

  // Records a hand-entered value (nullopt withdraws it). Refused for
  // indicators jiaodu computes, for areas the indicator is not tracked in,
  // and for years outside baseline … plan end; evidence is required.
  Result<int64_t> EnterValue(std::string_view plan_id, std::string_view indicator,
                             std::string_view area, int year, std::optional<double> value,
                             std::string_view evidence, std::string_view note,
                             std::string_view user);
  Result<std::vector<PlanValueEntry>> History(std::string_view plan_id);

  // An indicator table (xlsx: a county's published 主要指标 or jiaodu's
  // template, formats/plan_table) made into a plan, written as TOML and
  // stored with Save, so it is an ordinary plan file from then on. All or
  // nothing; the errors name the sheet, row and column.
  Result<PlanTableImported> ImportTable(std::string_view file_name, std::string_view bytes,
                                        const plan_table::PlanMeta& meta, std::string_view user);
  // The indicator-table template (with the library's ids in its dropdown).
  Result<PlanFile> TemplateXlsx();
  // The stored plan file itself (TOML), as saved.
  Result<PlanFile> PlanToml(std::string_view plan_id);
  // The tracking table for `year` as a workbook or a one-page PDF; each
  // export is written to the audit log.
  Result<PlanFile> ReportXlsx(std::string_view plan_id, std::optional<int> year,
                              std::string_view user);
  Result<PlanFile> ReportPdf(std::string_view plan_id, std::optional<int> year,
                             std::string_view user);

  // The indicator library used by ImportTable and the template; when none is
  // set, plan_table::DefaultIndicatorLibraryPath() is loaded on first use.
  void SetIndicatorLibrary(std::shared_ptr<const IndicatorLibrary> library);
  Result<std::shared_ptr<const IndicatorLibrary>> Library();

  // Stores `toml_text` as a plan and the demo's hand-entered values for its
  // manual indicators (a plausible series up to `last_year`).
  Result<std::shared_ptr<const plans::Plan>> LoadDemo(std::string_view file_name,
                                                      std::string_view toml_text, int last_year,
                                                      std::string_view user);

 private:
  struct Loaded;
  Result<std::shared_ptr<const Loaded>> LoadLocked(std::string_view plan_id);
  Result<std::shared_ptr<const PlanReport>> Build(const Loaded& loaded, std::optional<int> year);

  Result<plan_table::PlanTracking> Tracking(std::string_view plan_id, std::optional<int> year);

  Service& svc_;
  FitnessService* fitness_;
  std::shared_ptr<const IndicatorLibrary> library_;  // guarded by mu_
  std::mutex mu_;
  int64_t cache_version_ = -1;
  std::map<std::string, std::shared_ptr<const Loaded>> plans_;
  std::map<std::string, std::shared_ptr<const PlanReport>> reports_;  // "plan@year"
};

}  // namespace jiaodu

#endif  // JIAODU_APP_PLAN_SERVICE_H_
