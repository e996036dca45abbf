#include "jiaodu/app/service.h"

#include <fmt/format.h>

#include <map>
#include <set>

namespace jiaodu {
namespace {

Error NotFound(std::string_view what_zh, std::string_view what_en, std::string_view code) {
  return Error{ErrorCode::kNotFound,
               "app.not_found",
               Text(fmt::format("{}“{}”不存在", what_zh, code),
                    fmt::format("{} \"{}\" not found", what_en, code)),
               {},
               {}};
}

}  // namespace

Service::Service(StandardLibrary library, std::unique_ptr<Storage> storage)
    : library_(std::move(library)), storage_(std::move(storage)) {}

Result<std::shared_ptr<const Standard>> Service::FindStandard(std::string_view id) const {
  auto s = library_.Find(id);
  if (!s) return Fail(NotFound("评估标准", "standard", id));
  return s;
}

Result<std::shared_ptr<const Standard>> Service::StandardFor(std::string_view county,
                                                             std::string_view requested) {
  auto standard = JIAODU_TRY(FindStandard(requested));
  if (!standard->parent_id.empty()) return standard;  // a variant asked for explicitly
  for (const CountyStandard& cs : JIAODU_TRY(storage_->ListCountyStandards())) {
    if (cs.county != county || cs.family != standard->id) continue;
    auto chosen = library_.Find(cs.standard);
    // A choice naming a standard this installation no longer ships falls
    // back to the root rather than failing every page.
    if (chosen) return chosen;
  }
  return standard;
}

Status Service::SetCountyStandard(std::string_view county, std::string_view standard_id,
                                  std::string_view user) {
  auto standard = JIAODU_TRY(FindStandard(standard_id));
  Area area = JIAODU_TRY(FindArea(county));
  if (area.level != AreaLevel::kCounty) {
    return Fail(ErrorCode::kInvalidInput, "app.not_county",
                Text(fmt::format("“{}”不是县级区划", area.name),
                     fmt::format("\"{}\" is not a county", area.name)));
  }
  return storage_->SetCountyStandard(county, standard->family_id, standard->id, user);
}

Result<std::optional<AcademicYear>> Service::LatestYear(std::string_view standard_id) {
  auto years = JIAODU_TRY(storage_->ListYears());
  if (standard_id.empty()) {
    if (years.empty()) return std::optional<AcademicYear>();
    return std::optional<AcademicYear>(years.back());
  }
  auto standard = JIAODU_TRY(FindStandard(standard_id));
  const FieldCatalog& catalog = *standard->catalog;
  // Newest first; the county rows are the cheap test, schools the sure one.
  for (auto y = years.rbegin(); y != years.rend(); ++y) {
    if (!JIAODU_TRY(storage_->LoadCountyYears(catalog, *y)).empty() ||
        !JIAODU_TRY(storage_->LoadSchoolYears(catalog, *y)).empty()) {
      return std::optional<AcademicYear>(*y);
    }
  }
  return std::optional<AcademicYear>();
}

Result<std::optional<Area>> Service::Root() {
  auto areas = JIAODU_TRY(storage_->ListAreas());
  AreaTree tree(std::move(areas));
  auto roots = tree.Roots();
  if (roots.empty()) return std::optional<Area>();
  return std::optional<Area>(*roots.front());
}

Result<Area> Service::FindArea(std::string_view code) {
  auto areas = JIAODU_TRY(storage_->ListAreas());
  for (const Area& a : areas) {
    if (a.code == code) return a;
  }
  return Fail(NotFound("行政区划", "area", code));
}

Status Service::RefreshCacheLocked() {
  int64_t v = JIAODU_TRY(storage_->DataVersion());
  if (v != cache_version_) {
    cache_.clear();
    cache_version_ = v;
  }
  return Ok();
}

Result<std::shared_ptr<const CountyEvaluation>> Service::EvaluateCounty(
    std::string_view county, AcademicYear year, std::string_view standard_id) {
  auto all = JIAODU_TRY(EvaluateArea(county, year, standard_id));
  if (all.empty()) return Fail(NotFound("县区", "county", county));
  return all.front();
}

Result<std::vector<std::shared_ptr<const CountyEvaluation>>> Service::EvaluateArea(
    std::string_view area, AcademicYear year, std::string_view standard_id) {
  JIAODU_TRY(FindStandard(standard_id));
  AreaTree tree(JIAODU_TRY(storage_->ListAreas()));
  if (tree.Find(area) == nullptr) return Fail(NotFound("行政区划", "area", area));
  std::vector<const Area*> counties = tree.CountiesUnder(area);
  // Each county may be judged by its own variant of the family.
  std::vector<std::shared_ptr<const Standard>> standards;
  for (const Area* c : counties) standards.push_back(JIAODU_TRY(StandardFor(c->code, standard_id)));
  std::lock_guard lock(mu_);
  JIAODU_TRY_STATUS(RefreshCacheLocked());
  auto key = [&](size_t i) {
    return fmt::format("{}|{}|{}", standards[i]->id, year.start(), counties[i]->code);
  };
  // Group the counties still to evaluate by catalog: one storage round trip each.
  std::map<const FieldCatalog*, std::vector<size_t>> todo;
  for (size_t i = 0; i < counties.size(); ++i) {
    if (!cache_.count(key(i))) todo[standards[i]->catalog.get()].push_back(i);
  }
  for (const auto& [catalog, idx] : todo) {
    std::vector<std::string> codes;
    for (size_t i : idx) codes.push_back(counties[i]->code);
    auto schools = JIAODU_TRY(storage_->LoadSchoolYears(*catalog, year, codes));
    auto county_rows = JIAODU_TRY(storage_->LoadCountyYears(*catalog, year));
    for (size_t i : idx) {
      const CountyInput in = CountyInputOf(*counties[i], year, schools, county_rows);
      cache_[key(i)] =
          std::make_shared<const CountyEvaluation>(Engine(standards[i]).EvaluateCounty(in));
    }
  }
  std::vector<std::shared_ptr<const CountyEvaluation>> out;
  for (size_t i = 0; i < counties.size(); ++i) out.push_back(cache_.at(key(i)));
  return out;
}

Result<SchoolDetail> Service::SchoolInfo(std::string_view code, AcademicYear year,
                                         std::string_view standard_id) {
  auto school = JIAODU_TRY(storage_->FindSchool(code));
  if (!school) return Fail(NotFound("学校", "school", code));
  auto standard = JIAODU_TRY(StandardFor(school->county, standard_id));
  SchoolDetail d;
  d.standard = standard;
  d.school = *school;
  d.year = year;
  d.county = JIAODU_TRY(FindArea(school->county));
  std::vector<std::string> one = {school->county};
  auto rows = JIAODU_TRY(storage_->LoadSchoolYears(*standard->catalog, year, one));
  bool found = false;
  for (auto& r : rows) {
    if (r.school.code == code) {
      d.record = std::move(r);
      found = true;
    }
  }
  if (!found) {
    return Fail(ErrorCode::kNotFound, "app.no_school_data",
                Text(fmt::format("“{}”没有{}的{}", school->name, year.Label(),
                                 standard->catalog->title().zh),
                     fmt::format("\"{}\" has no {} for {}", school->name,
                                 standard->catalog->title().en, year.LabelEn())));
  }
  auto eval = JIAODU_TRY(EvaluateCounty(school->county, year, standard_id));
  for (const StageResult& sr : eval->stages) {
    for (const SectionResult& s : sr.sections) {
      if (s.school_code == code) d.results.push_back(s);
    }
    for (const CvResult& c : sr.cvs) {
      if (c.mean) d.county_means[sr.stage][c.indicator_id] = *c.mean;
    }
  }
  for (const ExcludedSection& x : eval->excluded) {
    if (x.school_code == code) d.excluded.push_back(x);
  }
  d.history = JIAODU_TRY(storage_->SchoolHistory(code, year, standard->catalog->dataset()));
  return d;
}

Result<std::optional<CountyYearRecord>> Service::CountyData(std::string_view county,
                                                            AcademicYear year,
                                                            std::string_view catalog_id) {
  const FieldCatalog* catalog = library_.FindCatalog(catalog_id);
  if (catalog == nullptr) return Fail(NotFound("字段目录", "catalog", catalog_id));
  auto rows = JIAODU_TRY(storage_->LoadCountyYears(*catalog, year));
  for (auto& r : rows) {
    if (r.county == county) return std::optional<CountyYearRecord>(std::move(r));
  }
  return std::optional<CountyYearRecord>();
}

Result<int64_t> Service::EditCountyData(std::string_view county, AcademicYear year,
                                        const CountyEdit& edit, std::string_view standard_id) {
  auto standard = JIAODU_TRY(StandardFor(county, standard_id));
  Area area = JIAODU_TRY(FindArea(county));
  if (area.level != AreaLevel::kCounty) {
    return Fail(ErrorCode::kInvalidInput, "app.not_county",
                Text(fmt::format("“{}”不是县级区划", area.name),
                     fmt::format("\"{}\" is not a county", area.name)));
  }
  const FieldCatalog& catalog = *standard->catalog;
  auto current = JIAODU_TRY(CountyData(county, year, catalog.id()));
  CountyYearRecord r = current ? *current : CountyYearRecord{};
  r.county = std::string(county);
  r.year = year;
  if (r.values.size() != catalog.size()) r.values = FieldValues(catalog.size());
  for (const auto& [id, v] : edit.values) {
    auto idx = catalog.IndexOf(id);
    if (!idx || catalog.at(*idx).level != FieldLevel::kCounty) {
      return Fail(ErrorCode::kInvalidInput, "app.unknown_field",
                  Text(fmt::format("县级数据字段“{}”不存在", id),
                       fmt::format("no county field \"{}\"", id)));
    }
    if (!v) {
      r.values.Clear(*idx);
      continue;
    }
    JIAODU_TRY_STATUS(ValidateFieldValue(catalog.at(*idx), *v));
    r.values.Set(*idx, *v);
  }
  for (const auto& [id, j] : edit.judgments) {
    const Item* item = standard->FindItem(id);
    if (item == nullptr || !item->needs_judgment) {
      return Fail(ErrorCode::kInvalidInput, "app.unknown_item",
                  Text(fmt::format("评估事项“{}”不存在或不需评定", id),
                       fmt::format("item \"{}\" does not exist or takes no judgment", id)));
    }
    r.judgments[id] = j;
  }
  for (const auto& [id, v] : edit.vetoes) {
    bool known = false;
    for (const Veto& veto : standard->vetoes) known = known || veto.id == id;
    if (!known) {
      return Fail(ErrorCode::kInvalidInput, "app.unknown_veto",
                  Text(fmt::format("一票否决情形“{}”不存在", id),
                       fmt::format("veto \"{}\" does not exist", id)));
    }
    r.vetoes[id] = v;
  }
  ImportBatch batch;
  batch.kind = "edit";
  batch.user = edit.user.empty() ? "网页用户" : edit.user;
  batch.description = fmt::format("修改{}{}县级数据与评定", area.name, year.Label());
  DatasetBatch& data = batch.datasets.emplace_back();
  data.catalog = standard->catalog;
  data.county_years.push_back(std::move(r));
  return storage_->ApplyImport(batch);
}

Result<int64_t> Service::LoadDemo(const DemoOptions& options, std::string_view user) {
  auto standard = JIAODU_TRY(FindStandard(kDefaultStandard));
  DemoCity city = GenerateDemoCity(*standard->catalog, options);
  // The kindergartens, in the catalog of the library's preschool standard
  // (none when the data directory has no preschool standard).
  std::shared_ptr<const FieldCatalog> preschool;
  for (const auto& s : library_.standards) {
    if (s->parent_id.empty() && s->catalog->dataset() == "preschool") {
      preschool = s->catalog;
      break;
    }
  }
  DemoPreschool kindergartens;
  if (preschool) kindergartens = GeneratePreschool(*preschool, city, options);
  std::set<std::string> kindergarten_codes;
  for (const auto& r : kindergartens.schools) kindergarten_codes.insert(r.school.code);
  ImportBatch batch;
  batch.kind = "demo";
  batch.user = std::string(user);
  batch.description = fmt::format(
      "示范数据：{}个县区、{}所学校、{}所幼儿园（含小学附设幼儿班）、{}个学年（种子 {}）",
      options.counties, options.schools, kindergarten_codes.size(), options.years, options.seed);
  batch.areas = std::move(city.areas);
  DatasetBatch& data = batch.datasets.emplace_back();
  data.catalog = standard->catalog;
  data.school_years = std::move(city.schools);
  data.county_years = std::move(city.counties);
  if (preschool) {
    DatasetBatch& kg = batch.datasets.emplace_back();
    kg.catalog = preschool;
    kg.school_years = std::move(kindergartens.schools);
    kg.county_years = std::move(kindergartens.counties);
  }
  return storage_->ApplyImport(batch);
}

}  // namespace jiaodu
