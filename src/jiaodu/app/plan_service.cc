#include "jiaodu/app/plan_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "jiaodu/core/number.h"
#include "jiaodu/formats/pdf/plan_pdf.h"
#include "jiaodu/formats/plan_file/plan_file.h"

namespace jiaodu {

using plans::Assessment;
using plans::ProgressStatus;
using plans::YearValue;

std::string_view PlanValueOriginKey(PlanValueOrigin o) {
  switch (o) {
    case PlanValueOrigin::kNone:
      return "none";
    case PlanValueOrigin::kData:
      return "data";
    case PlanValueOrigin::kManual:
      return "manual";
    case PlanValueOrigin::kBaseline:
      return "baseline";
  }
  return "none";
}

struct PlanService::Loaded {
  StoredPlan stored;
  plans::CompiledPlan compiled;
};

PlanService::PlanService(Service& service, FitnessService* fitness)
    : svc_(service), fitness_(fitness) {}

namespace {

constexpr std::string_view kDefaultCatalog = "compulsory-school-v1";

tl::unexpected<Error> PlanNotFound(std::string_view id) {
  return Fail(ErrorCode::kNotFound, "plan.not_found",
              Text(fmt::format("没有编号为“{}”的规划", id), fmt::format("no plan \"{}\"", id)));
}

std::string CatalogOf(const plans::Indicator& ind) {
  return ind.source.catalog.empty() ? std::string(kDefaultCatalog) : ind.source.catalog;
}

bool NeedsCatalog(const plans::Indicator& ind) {
  return ind.source.kind == plans::Source::Kind::kFormula || !ind.weight.empty();
}

// County-level fields of a city: each field summed over the counties that
// report it, missing when any county lacks it (decision P7: a city figure
// made of part of its counties would look complete and be wrong).
CountyYearRecord SumCounties(const std::vector<CountyYearRecord>& counties, size_t n_fields,
                             size_t expected) {
  CountyYearRecord out;
  out.values = FieldValues(n_fields);
  if (counties.size() != expected || counties.empty()) return out;
  for (size_t f = 0; f < n_fields; ++f) {
    double sum = 0;
    bool all = true;
    for (const CountyYearRecord& c : counties) {
      auto v = c.values.Get(f);
      if (!v) {
        all = false;
        break;
      }
      sum += *v;
    }
    if (all) out.values.Set(f, sum);
  }
  return out;
}

std::shared_ptr<const FieldCatalog> FindCatalog(const StandardLibrary& lib, std::string_view id) {
  for (const auto& c : lib.catalogs) {
    if (c->id() == id) return c;
  }
  return nullptr;
}

int Severity(const Assessment& a) {
  switch (a.status) {
    case ProgressStatus::kFarBehind:
      return 0;
    case ProgressStatus::kBehind:
      return 1;
    default:
      return 2;
  }
}

}  // namespace

Result<std::shared_ptr<const PlanService::Loaded>> PlanService::LoadLocked(
    std::string_view plan_id) {
  const int64_t version = JIAODU_TRY(svc_.storage().DataVersion());
  if (version != cache_version_) {
    plans_.clear();
    reports_.clear();
    cache_version_ = version;
  }
  if (auto it = plans_.find(std::string(plan_id)); it != plans_.end()) return it->second;
  for (StoredPlan& s : JIAODU_TRY(svc_.storage().ListPlans())) {
    if (s.plan_id != plan_id) continue;
    auto plan = JIAODU_TRY(ParsePlan(s.body, s.file_name));
    auto compiled = JIAODU_TRY(plans::CompiledPlan::Compile(
        plan, [this](std::string_view id) { return FindCatalog(svc_.library(), id); }));
    auto loaded = std::make_shared<const Loaded>(Loaded{std::move(s), std::move(compiled)});
    plans_[std::string(plan_id)] = loaded;
    return std::shared_ptr<const Loaded>(loaded);
  }
  return PlanNotFound(plan_id);
}

Result<std::vector<PlanService::Listed>> PlanService::List() {
  std::vector<Listed> out;
  std::vector<StoredPlan> stored = JIAODU_TRY(svc_.storage().ListPlans());
  std::lock_guard lock(mu_);
  for (const StoredPlan& s : stored) {
    auto loaded = JIAODU_TRY(LoadLocked(s.plan_id));
    out.push_back({loaded->compiled.shared(), loaded->stored});
  }
  return out;
}

Result<std::shared_ptr<const plans::Plan>> PlanService::Find(std::string_view plan_id) {
  std::lock_guard lock(mu_);
  auto loaded = JIAODU_TRY(LoadLocked(plan_id));
  return loaded->compiled.shared();
}

Result<std::shared_ptr<const PlanReport>> PlanService::Track(std::string_view plan_id,
                                                             std::optional<int> year) {
  std::shared_ptr<const Loaded> loaded;
  {
    std::lock_guard lock(mu_);
    loaded = JIAODU_TRY(LoadLocked(plan_id));
    auto it = reports_.find(fmt::format("{}@{}", plan_id, year ? *year : 0));
    if (it != reports_.end()) return it->second;
  }
  auto report = JIAODU_TRY(Build(*loaded, year));
  std::lock_guard lock(mu_);
  reports_[fmt::format("{}@{}", plan_id, year ? *year : 0)] = report;
  return report;
}

Result<std::shared_ptr<const PlanReport>> PlanService::Build(const Loaded& loaded,
                                                             std::optional<int> want_year) {
  const plans::CompiledPlan& cp = loaded.compiled;
  const plans::Plan& plan = cp.plan();
  Area root = JIAODU_TRY(svc_.FindArea(plan.area));
  std::vector<Area> counties;
  for (Area& a : JIAODU_TRY(svc_.storage().ListAreas())) {
    if (a.parent_code == root.code && a.level == AreaLevel::kCounty) counties.push_back(a);
  }
  std::sort(counties.begin(), counties.end(),
            [](const Area& x, const Area& y) { return x.code < y.code; });
  const bool root_is_county = root.level == AreaLevel::kCounty;

  auto report = std::make_shared<PlanReport>();
  report->plan = cp.shared();
  report->stored = loaded.stored;
  int first = plan.start_year - 1;
  for (const plans::Indicator& ind : plan.indicators) {
    if (ind.baseline_year) first = std::min(first, *ind.baseline_year);
  }
  for (int y = first; y <= plan.end_year; ++y) report->years.push_back(y);

  // The areas tracked: the plan's own, and its counties when an indicator
  // is split by county.
  std::vector<std::string> areas{root.code};
  for (const Area& c : counties) areas.push_back(c.code);

  // One AreaInput per (area, year): schools of each catalog the plan reads,
  // loaded once per catalog and year for the whole plan area.
  std::set<std::string> catalog_ids;
  for (const plans::Indicator& ind : plan.indicators) {
    if (NeedsCatalog(ind)) catalog_ids.insert(CatalogOf(ind));
  }
  struct YearData {
    std::map<std::string, std::vector<SchoolYearRecord>> schools;      // by catalog
    std::map<std::string, std::vector<CountyYearRecord>> county_rows;  // by catalog
    std::map<std::string, CountyYearRecord> root_county;  // by catalog (a city: summed)
  };
  std::map<int, YearData> data;
  std::set<int> data_years;
  for (AcademicYear y : JIAODU_TRY(svc_.storage().ListYears())) data_years.insert(y.start());
  for (int y : report->years) {
    if (!data_years.count(y)) continue;
    YearData& yd = data[y];
    for (const std::string& id : catalog_ids) {
      auto catalog = FindCatalog(svc_.library(), id);
      std::vector<std::string> scope;
      if (root_is_county) scope.push_back(root.code);
      yd.schools[id] = JIAODU_TRY(svc_.storage().LoadSchoolYears(*catalog, AcademicYear(y), scope));
      std::vector<CountyYearRecord> rows;
      for (CountyYearRecord& r :
           JIAODU_TRY(svc_.storage().LoadCountyYears(*catalog, AcademicYear(y)))) {
        if (r.county == root.code ||
            std::any_of(counties.begin(), counties.end(),
                        [&](const Area& c) { return c.code == r.county; })) {
          rows.push_back(std::move(r));
        }
      }
      if (root_is_county) {
        for (const CountyYearRecord& r : rows) {
          if (r.county == root.code) yd.root_county[id] = r;
        }
      } else {
        yd.root_county[id] = SumCounties(rows, catalog->size(), counties.size());
      }
      yd.county_rows[id] = std::move(rows);
    }
  }

  // Fitness counts per area and year.
  std::map<std::string, std::map<int, fitness::Tally>> tallies;
  if (fitness_ != nullptr && fitness_->available()) {
    for (const std::string& a : areas) {
      auto trend = fitness_->Trend(a, 0);
      if (!trend) continue;  // an area with no fitness data is not an error here
      for (const FitnessTrendPoint& p : *trend) tallies[a][p.year.start()] = p.total;
    }
  }
  const size_t n_levels =
      fitness_ != nullptr && fitness_->available() ? fitness_->standard()->levels().size() : 4;

  auto input_for = [&](const std::string& area, int y) {
    plans::AreaInput in;
    in.area = area;
    in.year = y;
    in.variables.assign(plans::DataVariables().size(), std::numeric_limits<double>::quiet_NaN());
    if (auto it = data.find(y); it != data.end()) {
      YearData& yd = it->second;
      for (auto& [id, schools] : yd.schools) {
        plans::CatalogInput& ci = in.catalogs[id];
        for (const SchoolYearRecord& s : schools) {
          if (area == root.code || s.school.county == area) ci.schools.push_back(&s);
        }
        if (area == root.code) {
          ci.county = &yd.root_county[id];
        } else {
          for (const CountyYearRecord& r : yd.county_rows[id]) {
            if (r.county == area) ci.county = &r;
          }
        }
      }
    }
    if (auto at = tallies.find(area); at != tallies.end()) {
      if (auto yt = at->second.find(y); yt != at->second.end() && yt->second.roster > 0) {
        const fitness::Tally& t = yt->second;
        const double v[] = {
            static_cast<double>(t.roster),          static_cast<double>(t.scored),
            static_cast<double>(t.level[0]),        static_cast<double>(t.level[1]),
            static_cast<double>(t.level[2]),        static_cast<double>(t.level[n_levels - 1]),
            static_cast<double>(t.Top(2)),          static_cast<double>(t.Top(n_levels - 1)),
            static_cast<double>(t.vision_screened), static_cast<double>(t.myopia)};
        std::copy(std::begin(v), std::end(v), in.variables.begin());
      }
    }
    return in;
  };

  // Hand-entered values by (indicator, area, year).
  std::map<std::tuple<std::string, std::string, int>, PlanValueEntry> manual;
  for (PlanValueEntry& e : JIAODU_TRY(svc_.storage().ListPlanValues(plan.id))) {
    if (e.value) manual[{e.indicator, e.area, e.year}] = std::move(e);
  }

  // Inputs are built once per (area, year) and shared by the indicators.
  std::map<std::pair<std::string, int>, plans::AreaInput> inputs;
  auto input = [&](const std::string& area, int y) -> const plans::AreaInput& {
    auto key = std::make_pair(area, y);
    auto it = inputs.find(key);
    if (it == inputs.end()) it = inputs.emplace(key, input_for(area, y)).first;
    return it->second;
  };

  auto track = [&](size_t i, const plans::Indicator& ind, const std::string& area,
                   const std::string& name) -> PlanAreaTrack {
    PlanAreaTrack t;
    t.area = area;
    t.area_name = name;
    t.target = ind.target;
    for (int y : report->years) {
      PlanCell c;
      c.year = y;
      auto v = cp.Compute(i, input(area, y));
      if (!v) {
        c.problem = v.error();
      } else if (v->has_value()) {
        c.value = **v;
        c.origin = PlanValueOrigin::kData;
      }
      if (!c.value) {
        if (auto m = manual.find({ind.id, area, y}); m != manual.end()) {
          c.value = YearValue{y, *m->second.value, std::nullopt, std::nullopt};
          c.origin = PlanValueOrigin::kManual;
          c.evidence = m->second.evidence;
          c.entered_by = m->second.entered_by;
          c.entered_at = m->second.entered_at;
        } else if (area == root.code && ind.baseline_year == y) {
          c.value = YearValue{y, *ind.baseline, std::nullopt, std::nullopt};
          c.origin = PlanValueOrigin::kBaseline;
        }
      }
      t.cells.push_back(std::move(c));
    }
    return t;
  };

  auto assess = [&](const plans::Indicator& ind, PlanAreaTrack& t) {
    std::vector<YearValue> values;
    for (const PlanCell& c : t.cells) {
      if (c.value) values.push_back(*c.value);
    }
    for (PlanCell& c : t.cells) c.assessment = plans::Assess(ind, values, c.year);
  };

  for (size_t i = 0; i < plan.indicators.size(); ++i) {
    const plans::Indicator& ind = plan.indicators[i];
    PlanIndicatorReport r;
    r.indicator = &ind;
    r.area = track(i, ind, root.code, root.name);
    if (ind.level == plans::Level::kCounties && !root_is_county) {
      for (const Area& c : counties) {
        // A county's path is the plan area's path shifted to the county's
        // target (decision P8): each county is expected to stand as far from
        // its own target each year as the plan area's path stands from the
        // plan's. Plans give county targets, almost never county baselines.
        plans::Indicator local = ind;
        if (auto ct = ind.county_targets.find(c.code); ct != ind.county_targets.end()) {
          local.target = ct->second;
        }
        const double shift = local.target - ind.target;
        if (local.baseline) *local.baseline += shift;
        for (plans::Milestone& m : local.milestones) m.value += shift;
        PlanAreaTrack ct = track(i, local, c.code, c.name);
        ct.target = local.target;
        assess(local, ct);
        r.counties.push_back(std::move(ct));
      }
      // A manual indicator split by county: the area's value, where not
      // entered, is the counties' values rolled up (sum or weighted mean).
      if (ind.source.kind == plans::Source::Kind::kManual) {
        for (size_t k = 0; k < r.area.cells.size(); ++k) {
          PlanCell& cell = r.area.cells[k];
          if (cell.origin == PlanValueOrigin::kManual) continue;
          double sum = 0, wsum = 0;
          bool all = !r.counties.empty();
          for (const PlanAreaTrack& ct : r.counties) {
            const PlanCell& cc = ct.cells[k];
            if (!cc.value) {
              all = false;
              break;
            }
            double w = 1;
            if (ind.rollup == "mean" && !ind.weight.empty()) {
              auto wv = cp.Weight(i, input(ct.area, cell.year));
              if (!wv || !wv->has_value()) {
                all = false;
                break;
              }
              w = **wv;
            }
            sum += (ind.rollup == "mean" ? w : 1) * cc.value->value;
            wsum += w;
          }
          if (all && wsum > 0) {
            cell.value = YearValue{cell.year, ind.rollup == "mean" ? sum / wsum : sum, std::nullopt,
                                   std::nullopt};
            cell.origin = PlanValueOrigin::kData;
          }
        }
      }
    }
    assess(ind, r.area);
    report->indicators.push_back(std::move(r));
  }

  // The report year: asked for, or the latest with a value that is not the
  // plan's own baseline.
  int year = plan.start_year;
  if (want_year) {
    year = *want_year;
  } else {
    for (const PlanIndicatorReport& r : report->indicators) {
      for (const PlanCell& c : r.area.cells) {
        if (c.value && c.origin != PlanValueOrigin::kBaseline && c.year <= plan.end_year) {
          year = std::max(year, c.year);
        }
      }
    }
  }
  report->year = year;
  for (PlanIndicatorReport& r : report->indicators) {
    auto pick = [&](PlanAreaTrack& t) {
      for (const PlanCell& c : t.cells) {
        if (c.year == year) t.latest = c.assessment;
        if (c.year == year && c.value && c.value->denominator) t.weight = c.value->denominator;
      }
    };
    pick(r.area);
    double tw = 0, tsum = 0;
    bool all = !r.counties.empty();
    for (PlanAreaTrack& ct : r.counties) {
      pick(ct);
      if (!ct.weight && !r.indicator->weight.empty()) {
        const size_t i = static_cast<size_t>(&r - report->indicators.data());
        if (auto w = cp.Weight(i, input(ct.area, year)); w && w->has_value()) ct.weight = **w;
      }
      if (r.indicator->rollup == "sum") {
        tsum += ct.target;
        tw = 1;
      } else if (ct.weight) {
        tsum += ct.target * *ct.weight;
        tw += *ct.weight;
      } else {
        all = false;
      }
      if (ct.latest.status == ProgressStatus::kBehind ||
          ct.latest.status == ProgressStatus::kFarBehind) {
        r.holding_back.push_back(ct.area);
      }
    }
    if (all && tw > 0) r.counties_target = r.indicator->rollup == "sum" ? tsum : tsum / tw;
    std::stable_sort(r.holding_back.begin(), r.holding_back.end(),
                     [&](const std::string& a, const std::string& b) {
                       auto find = [&](const std::string& code) -> const Assessment& {
                         for (const PlanAreaTrack& ct : r.counties) {
                           if (ct.area == code) return ct.latest;
                         }
                         return r.area.latest;
                       };
                       const Assessment& x = find(a);
                       const Assessment& y = find(b);
                       if (Severity(x) != Severity(y)) return Severity(x) < Severity(y);
                       return x.progress_share.value_or(0) < y.progress_share.value_or(0);
                     });
    switch (r.area.latest.status) {
      case ProgressStatus::kMet:
        ++report->counts.met;
        break;
      case ProgressStatus::kOnTrack:
        ++report->counts.on_track;
        break;
      case ProgressStatus::kBehind:
        ++report->counts.behind;
        break;
      case ProgressStatus::kFarBehind:
        ++report->counts.far_behind;
        break;
      case ProgressStatus::kNoData:
        ++report->counts.no_data;
        break;
    }
  }
  return std::shared_ptr<const PlanReport>(std::move(report));
}

Result<std::shared_ptr<const plans::Plan>> PlanService::Save(std::string_view file_name,
                                                             std::string_view toml_text,
                                                             std::string_view user) {
  auto plan = JIAODU_TRY(ParsePlan(toml_text, file_name));
  JIAODU_TRY(plans::CompiledPlan::Compile(
      plan, [this](std::string_view id) { return FindCatalog(svc_.library(), id); }));
  JIAODU_TRY(svc_.FindArea(plan->area));
  StoredPlan s;
  s.plan_id = plan->id;
  s.file_name = std::string(file_name);
  s.body = std::string(toml_text);
  s.saved_by = std::string(user);
  JIAODU_TRY_STATUS(svc_.storage().SavePlan(s));
  return plan;
}

Result<int64_t> PlanService::EnterValue(std::string_view plan_id, std::string_view indicator,
                                        std::string_view area, int year,
                                        std::optional<double> value, std::string_view evidence,
                                        std::string_view note, std::string_view user) {
  auto plan = JIAODU_TRY(Find(plan_id));
  const plans::Indicator* ind = plan->Find(indicator);
  if (ind == nullptr) {
    return Fail(ErrorCode::kNotFound, "plan.unknown_indicator",
                Text(fmt::format("规划“{}”中没有指标“{}”", plan->name.zh, indicator),
                     fmt::format("plan \"{}\" has no indicator \"{}\"", plan->name.en, indicator)));
  }
  bool area_ok = area == plan->area;
  if (!area_ok && ind->level == plans::Level::kCounties) {
    auto a = svc_.FindArea(area);
    area_ok = a && a->parent_code == plan->area;
  }
  if (!area_ok) {
    return Fail(
        ErrorCode::kInvalidInput, "plan.value_area",
        Text(fmt::format("指标“{}”不在区域 {} 跟踪", ind->name.zh, area),
             fmt::format("indicator \"{}\" is not tracked in area {}", ind->name.en, area)));
  }
  const int first = std::min(ind->baseline_year.value_or(plan->start_year), plan->start_year - 1);
  if (year < first || year > plan->end_year) {
    return Fail(ErrorCode::kInvalidInput, "plan.value_year",
                Text(fmt::format("年份 {} 不在规划期（{}—{} 年）内", year, first, plan->end_year),
                     fmt::format("year {} is outside the plan period ({}–{})", year, first,
                                 plan->end_year)));
  }
  if (value && !std::isfinite(*value)) {
    return Fail(ErrorCode::kInvalidInput, "plan.value_number",
                Text("数值无效", "the value is not a number"));
  }
  if (value && evidence.empty()) {
    return Fail(
        ErrorCode::kInvalidInput, "plan.value_evidence",
        Text(fmt::format("请填写“{}”{} 年数值的佐证材料（文件名、文号或链接）", ind->name.zh, year),
             fmt::format("give the evidence for the {} value of \"{}\" (file, document "
                         "number or link)",
                         year, ind->name.en)));
  }
  PlanValueEntry e;
  e.plan_id = std::string(plan_id);
  e.indicator = std::string(indicator);
  e.area = std::string(area);
  e.year = year;
  e.value = value;
  e.evidence = std::string(evidence);
  e.note = std::string(note);
  e.entered_by = std::string(user);
  return svc_.storage().AddPlanValue(e);
}

Result<std::vector<PlanValueEntry>> PlanService::History(std::string_view plan_id) {
  JIAODU_TRY(Find(plan_id));
  return svc_.storage().ListPlanValues(plan_id, true);
}

Result<std::shared_ptr<const plans::Plan>> PlanService::LoadDemo(std::string_view file_name,
                                                                 std::string_view toml_text,
                                                                 int last_year,
                                                                 std::string_view user) {
  auto plan = JIAODU_TRY(Save(file_name, toml_text, user));
  // Hand-entered series for the indicators jiaodu cannot compute, and the
  // years before the demo's data for those it can: a straight trend from
  // the baseline with a per-indicator pace, so the demo shows every status.
  struct Pace {
    std::string_view id;
    double per_year;  // change per year from the baseline
    bool before_data_only;
  };
  const Pace paces[] = {
      {"consolidation_rate", -0.1, false},   {"new_public_places", 0.45, false},
      {"digital_campus_share", 9.8, false},  {"fitness_top2_rate", 0.9, true},
      {"fitness_qualified_rate", 0.2, true}, {"myopia_rate", -0.9, true},
      {"primary_bachelor_share", 1.0, true}, {"junior_postgrad_share", 0.8, true},
  };
  std::set<int> data_years;
  for (AcademicYear y : JIAODU_TRY(svc_.storage().ListYears())) data_years.insert(y.start());
  for (const Pace& p : paces) {
    const plans::Indicator* ind = plan->Find(p.id);
    if (ind == nullptr || !ind->baseline_year) continue;
    for (int y = *ind->baseline_year + 1; y <= last_year; ++y) {
      if (p.before_data_only && data_years.count(y)) continue;
      const double v =
          RoundHalfUp(*ind->baseline + p.per_year * (y - *ind->baseline_year), ind->decimals);
      JIAODU_TRY(EnterValue(plan->id, ind->id, plan->area, y, v,
                            fmt::format("示教统〔{}〕{}号 教育事业统计公报", y + 1, 3 + y % 7),
                            "示范数据", user));
    }
  }
  return plan;
}

void PlanService::SetIndicatorLibrary(std::shared_ptr<const IndicatorLibrary> library) {
  std::lock_guard lock(mu_);
  library_ = std::move(library);
}

Result<std::shared_ptr<const IndicatorLibrary>> PlanService::Library() {
  std::lock_guard lock(mu_);
  if (!library_) {
    auto lib = JIAODU_TRY(LoadIndicatorLibrary(plan_table::DefaultIndicatorLibraryPath()));
    library_ = std::make_shared<const IndicatorLibrary>(std::move(lib));
  }
  return library_;
}

Result<PlanTableImported> PlanService::ImportTable(std::string_view file_name,
                                                   std::string_view bytes,
                                                   const plan_table::PlanMeta& meta,
                                                   std::string_view user) {
  auto lib = JIAODU_TRY(Library());
  auto got = JIAODU_TRY(plan_table::ReadPlanTable(bytes, file_name, meta, *lib));
  const std::string toml = WritePlanToml(
      *got.plan,
      fmt::format("由 {}（工作表 {}）导入：{} 项指标，{} 项由系统计算，{} 项人工填报", file_name,
                  got.sheet, got.plan->indicators.size(), got.computed, got.manual));
  auto plan = JIAODU_TRY(Save(fmt::format("{}.toml", got.plan->id), toml, user));
  JIAODU_TRY_STATUS(
      svc_.storage().AppendAudit(user, "import",
                                 fmt::format("导入规划指标表 {} → 规划 {}（{} 项指标）", file_name,
                                             plan->id, plan->indicators.size())));
  return PlanTableImported{plan, got.computed, got.manual};
}

Result<PlanFile> PlanService::TemplateXlsx() {
  auto lib = JIAODU_TRY(Library());
  return PlanFile{"规划主要指标导入模板.xlsx", JIAODU_TRY(plan_table::PlanTemplateXlsx(*lib))};
}

Result<PlanFile> PlanService::PlanToml(std::string_view plan_id) {
  std::lock_guard lock(mu_);
  auto loaded = JIAODU_TRY(LoadLocked(plan_id));
  return PlanFile{fmt::format("{}.toml", loaded->compiled.plan().id), loaded->stored.body};
}

Result<plan_table::PlanTracking> PlanService::Tracking(std::string_view plan_id,
                                                       std::optional<int> year) {
  auto report = JIAODU_TRY(Track(plan_id, year));
  plan_table::PlanTracking t;
  t.plan = report->plan;
  t.year = report->year;
  t.years = report->years;
  t.met = report->counts.met;
  t.on_track = report->counts.on_track;
  t.behind = report->counts.behind;
  t.far_behind = report->counts.far_behind;
  t.no_data = report->counts.no_data;
  auto area = [](const PlanAreaTrack& a) {
    plan_table::TrackedArea out;
    out.code = a.area;
    out.name = a.area_name;
    out.target = a.target;
    out.latest = a.latest;
    for (const PlanCell& c : a.cells) {
      plan_table::TrackedCell tc;
      tc.year = c.year;
      if (c.value) tc.value = c.value->value;
      tc.status = c.assessment.status;
      switch (c.origin) {
        case PlanValueOrigin::kData:
          tc.origin = plan_table::ValueOrigin::kData;
          break;
        case PlanValueOrigin::kManual:
          tc.origin = plan_table::ValueOrigin::kManual;
          break;
        case PlanValueOrigin::kBaseline:
          tc.origin = plan_table::ValueOrigin::kBaseline;
          break;
        case PlanValueOrigin::kNone:
          break;
      }
      tc.evidence = c.evidence;
      tc.entered_by = c.entered_by;
      tc.entered_at = c.entered_at;
      if (c.problem) tc.problem = c.problem->Describe();
      out.cells.push_back(std::move(tc));
    }
    return out;
  };
  for (const PlanIndicatorReport& r : report->indicators) {
    plan_table::TrackedIndicator ti;
    ti.indicator = r.indicator;
    ti.area = area(r.area);
    for (const PlanAreaTrack& c : r.counties) ti.counties.push_back(area(c));
    ti.counties_target = r.counties_target;
    ti.holding_back = r.holding_back;
    t.indicators.push_back(std::move(ti));
  }
  t.area_name = t.indicators.empty() ? report->plan->area : t.indicators[0].area.name;
  return t;
}

Result<PlanFile> PlanService::ReportXlsx(std::string_view plan_id, std::optional<int> year,
                                         std::string_view user) {
  plan_table::PlanTracking t = JIAODU_TRY(Tracking(plan_id, year));
  std::string bytes = JIAODU_TRY(plan_table::PlanTrackingXlsx(t));
  const std::string title = plan_table::TrackingTitle(t);
  JIAODU_TRY_STATUS(
      svc_.storage().AppendAudit(user, "export", fmt::format("导出{}（Excel）", title)));
  return PlanFile{title + ".xlsx", std::move(bytes)};
}

Result<PlanFile> PlanService::ReportPdf(std::string_view plan_id, std::optional<int> year,
                                        std::string_view user) {
  plan_table::PlanTracking t = JIAODU_TRY(Tracking(plan_id, year));
  std::string bytes = JIAODU_TRY(PlanTrackingPdf(t));
  const std::string title = plan_table::TrackingTitle(t);
  JIAODU_TRY_STATUS(
      svc_.storage().AppendAudit(user, "export", fmt::format("导出{}（PDF）", title)));
  return PlanFile{title + ".pdf", std::move(bytes)};
}

}  // namespace jiaodu
