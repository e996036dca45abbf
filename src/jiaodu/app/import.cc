// The import use case: read and check the files (every workbook the library
// has a standard for: compulsory-school and preschool), merge county rows
// into the stored records of their dataset, and write everything as one
// import — or nothing. And the template of a standard's workbook.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "jiaodu/app/service.h"
#include "jiaodu/formats/school_workbook/school_workbook.h"

namespace jiaodu {
namespace {

// The standard each dataset's workbook is read with: the requested one for
// its own dataset (so a variant's items are the ones checked), then the
// default standard, then the first root standard of every other dataset in
// the library (cn-xqpp-2020 for the preschool workbook).
std::vector<std::shared_ptr<const Standard>> ImportStandards(
    const StandardLibrary& library, std::shared_ptr<const Standard> requested) {
  std::vector<std::shared_ptr<const Standard>> out;
  auto consider = [&](std::shared_ptr<const Standard> s) {
    if (s == nullptr) return;
    for (const auto& o : out) {
      if (o->catalog->dataset() == s->catalog->dataset()) return;
    }
    out.push_back(std::move(s));
  };
  consider(std::move(requested));
  consider(library.Find(kDefaultStandard));
  for (const auto& s : library.standards) {
    if (s->parent_id.empty()) consider(s);
  }
  return out;
}

}  // namespace

ImportOutcome Service::ImportFiles(const std::vector<UploadedFile>& files, std::string_view user,
                                   JobContext* progress, std::string_view standard_id) {
  ImportOutcome out;
  auto report = [&](double f, Text step) {
    if (progress != nullptr) progress->Progress(f, std::move(step));
  };
  auto fail = [&](const Error& e) {
    out.ok = false;
    out.errors.push_back(e);
    return out;
  };
  auto standard = FindStandard(standard_id);
  if (!standard) return fail(standard.error());
  report(0.02, Text(fmt::format("读取 {} 个文件", files.size()),
                    fmt::format("reading {} files", files.size())));
  ImportContext ctx;
  auto areas = storage_->ListAreas();
  if (!areas) return fail(areas.error());
  ctx.areas = std::move(*areas);
  auto schools = storage_->ListSchools();
  if (!schools) return fail(schools.error());
  ctx.schools = std::move(*schools);
  std::vector<InputFile> inputs;
  inputs.reserve(files.size());
  for (const auto& f : files) inputs.push_back(InputFile{f.name, f.bytes});
  // Every workbook the library has a standard for: one upload may hold the
  // compulsory-school and the preschool workbooks.
  const auto standards = ImportStandards(library_, *standard);
  ParsedImport parsed = ParseImport(inputs, standards, ctx, [&](double f) {
    report(0.05 + f * 0.8, Text("读取并校验数据", "reading and checking"));
  });
  out.summary.files = static_cast<int>(files.size());
  if (!parsed.errors.empty()) {
    out.errors = std::move(parsed.errors);
    return out;
  }
  // Areas identical to stored ones (the template's 行政区划 sheet sent back
  // untouched) change nothing: drop them, so that an unfilled template is
  // "nothing to import" rather than an empty import.
  std::erase_if(parsed.areas, [&](const Area& a) {
    for (const Area& b : ctx.areas) {
      if (a.code == b.code && a.name == b.name && a.level == b.level &&
          a.parent_code == b.parent_code) {
        return true;
      }
    }
    return false;
  });
  if (parsed.datasets.empty() && parsed.areas.empty()) {
    return fail(Error{
        ErrorCode::kInvalidInput,
        "import.empty",
        Text("文件中没有填写任何数据（示例行和未填写的预置行不会导入）",
             "the files contain no data (example rows and untouched prefilled rows are skipped)"),
        {},
        {}});
  }
  report(0.88, Text("合并县级数据", "merging county data"));
  ImportBatch batch;
  batch.kind = "import";
  batch.user = user.empty() ? "网页用户" : std::string(user);
  for (const auto& f : files) batch.files.push_back(f.name);
  std::set<std::string> school_codes;
  std::set<std::string> counties;
  std::set<int> all_years;
  std::vector<std::string> parts;  // per dataset, for the description
  // One DatasetBatch per workbook found; all of them in one ImportBatch, so
  // they land together or not at all.
  for (ParsedDataset& d : parsed.datasets) {
    const std::shared_ptr<const FieldCatalog>& catalog = d.standard->catalog;
    // County rows update only what they give: start from the stored record
    // of the same dataset.
    for (CountyYearRecord& c : d.county_years) {
      auto stored = CountyData(c.county, c.year, catalog->id());
      if (!stored) return fail(stored.error());
      if (!*stored) continue;
      CountyYearRecord merged = std::move(**stored);
      for (size_t i = 0; i < c.values.size(); ++i) {
        if (auto v = c.values.Get(i)) merged.values.Set(i, *v);
      }
      for (auto& [k, j] : c.judgments) merged.judgments[k] = j;
      for (auto& [k, v] : c.vetoes) merged.vetoes[k] = v;
      c = std::move(merged);
    }
    std::set<std::string> codes_here;
    for (const auto& s : d.school_years) {
      school_codes.insert(s.school.code);
      codes_here.insert(s.school.code);
      counties.insert(s.school.county);
      all_years.insert(s.year.start());
    }
    for (const auto& c : d.county_years) {
      counties.insert(c.county);
      all_years.insert(c.year.start());
    }
    parts.push_back(fmt::format("{}：{} {} 个，学年数据 {} 条，县级数据 {} 条", catalog->title().zh,
                                catalog->member_noun().zh, codes_here.size(), d.school_years.size(),
                                d.county_years.size()));
    out.summary.school_years += static_cast<int>(d.school_years.size());
    out.summary.county_years += static_cast<int>(d.county_years.size());
    DatasetBatch& data = batch.datasets.emplace_back();
    data.catalog = catalog;
    data.school_years = std::move(d.school_years);
    data.county_years = std::move(d.county_years);
  }
  batch.description =
      fmt::format("导入 {} 个文件：学校 {} 所，学校学年数据 {} 条，县级数据 {} 条", files.size(),
                  school_codes.size(), out.summary.school_years, out.summary.county_years);
  if (parts.size() > 1) batch.description += fmt::format("（{}）", fmt::join(parts, "；"));
  out.summary.schools = static_cast<int>(school_codes.size());
  out.summary.areas = static_cast<int>(parsed.areas.size());
  out.summary.years.assign(all_years.begin(), all_years.end());
  out.summary.counties.assign(counties.begin(), counties.end());
  batch.areas = std::move(parsed.areas);
  report(0.92, Text("写入数据库", "writing"));
  auto id = storage_->ApplyImport(batch);
  if (!id) return fail(id.error());
  out.ok = true;
  out.import_id = *id;
  report(1.0, Text("完成", "done"));
  return out;
}

Result<std::string> Service::Template(std::string_view county, std::optional<AcademicYear> year,
                                      std::string_view standard_id) {
  auto standard = JIAODU_TRY(FindStandard(standard_id));
  const FieldCatalog& catalog = *standard->catalog;
  TemplateOptions opt;
  opt.year = year;
  if (!opt.year) opt.year = JIAODU_TRY(LatestYear());
  opt.areas = JIAODU_TRY(storage_->ListAreas());
  if (!county.empty()) {
    JIAODU_TRY(FindArea(county));
    // The county's members of this workbook: schools whose type reports a
    // stage of the catalog (kindergartens in the preschool one), and those
    // that reported in it for the year (a primary school's 附设幼儿班).
    std::set<std::string> reported;
    if (opt.year) {
      const std::vector<std::string> counties = {std::string(county)};
      auto records = JIAODU_TRY(storage_->LoadSchoolYears(catalog, *opt.year, counties));
      for (const auto& r : records) reported.insert(r.school.code);
    }
    auto schools = JIAODU_TRY(storage_->ListSchools(county));
    for (School& s : schools) {
      auto own = StagesOf(s.type);
      bool member =
          std::any_of(own.begin(), own.end(), [&](Stage st) { return catalog.HasStage(st); });
      if (member || reported.count(s.code)) opt.schools.push_back(std::move(s));
    }
    // Only the county's own rows in the bureau sheets.
    std::vector<Area> keep;
    for (const Area& a : opt.areas) {
      if (a.code == county || a.level != AreaLevel::kCounty) keep.push_back(a);
    }
    opt.areas = std::move(keep);
  }
  return WriteTemplate(*standard, opt);
}

}  // namespace jiaodu
