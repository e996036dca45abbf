// Evaluates a synthetic city loaded from SQLite, the way the dashboard does
// on a cold cache: load every school's year data from the database, then
// evaluate every county (indicators, per-school rule, student-weighted CVs,
// items). Prints one JSON object with the timings (median of --repeat runs)
// for bench/run.sh, which runs the pandas baseline on the same database.
//
//   jiaodu_bench --db /tmp/bench.db --schools 2000 --counties 20 --repeat 15
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "jiaodu/app/service.h"
#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/storage/sqlite/sqlite_storage.h"

using namespace jiaodu;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

long PeakRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db = "/tmp/jiaodu_bench.db";
  int schools = 2000;
  int counties = 20;
  int repeat = 15;
  std::string cv_out;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db") db = argv[i + 1];
    if (a == "--schools") schools = std::stoi(argv[i + 1]);
    if (a == "--counties") counties = std::stoi(argv[i + 1]);
    if (a == "--repeat") repeat = std::stoi(argv[i + 1]);
    if (a == "--cv-out") cv_out = argv[i + 1];
  }
  auto lib = LoadLibrary(JIAODU_SOURCE_DATA_DIR);
  if (!lib) {
    std::cerr << lib.error().Describe() << "\n";
    return 1;
  }
  auto standard = lib->Find(std::string(kDefaultStandard));
  // Build the database once.
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  {
    auto storage = SqliteStorage::Open(db);
    Service svc(*lib, std::move(*storage));
    DemoOptions opt;
    opt.schools = schools;
    opt.counties = counties;
    opt.years = 1;
    opt.first_year = 2024;
    auto t0 = Clock::now();
    auto id = svc.LoadDemo(opt, "bench");
    if (!id) {
      std::cerr << id.error().Describe() << "\n";
      return 1;
    }
    std::cerr << fmt::format("generated and stored {} schools in {:.0f} ms\n", schools,
                             Ms(Clock::now() - t0));
  }
  auto storage = SqliteStorage::Open(db);
  Storage& store = **storage;
  const FieldCatalog& catalog = *standard->catalog;
  AreaTree tree(*store.ListAreas());
  std::vector<const Area*> county_areas = tree.CountiesUnder("990100");
  Engine engine(standard);

  std::vector<double> load_ms, eval_ms, eval_remedy_ms, total_ms;
  size_t sections = 0;
  std::vector<CountyEvaluation> last;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = Clock::now();
    auto rows = store.LoadSchoolYears(catalog, AcademicYear(2024));
    auto county_rows = store.LoadCountyYears(catalog, AcademicYear(2024));
    auto t1 = Clock::now();
    auto input = [&](const Area* c) {
      return CountyInputOf(*c, AcademicYear(2024), *rows, *county_rows);
    };
    std::vector<CountyEvaluation> evals;
    EvaluationOptions no_remedy;
    no_remedy.remedies = false;
    for (const Area* c : county_areas) evals.push_back(engine.EvaluateCounty(input(c), no_remedy));
    auto t2 = Clock::now();
    for (const Area* c : county_areas) (void)engine.EvaluateCounty(input(c));
    auto t3 = Clock::now();
    load_ms.push_back(Ms(t1 - t0));
    eval_ms.push_back(Ms(t2 - t1));
    total_ms.push_back(Ms(t2 - t0));
    eval_remedy_ms.push_back(Ms(t3 - t2));
    sections = 0;
    for (const auto& e : evals) {
      for (const auto& sr : e.stages) sections += sr.sections.size();
    }
    last = std::move(evals);
  }
  if (!cv_out.empty()) {
    // Every county/stage/indicator CV, for the pandas cross-check.
    std::ofstream out(cv_out);
    out << "county,stage,indicator,cv,schools_failing\n";
    for (const auto& e : last) {
      for (const auto& sr : e.stages) {
        for (const auto& c : sr.cvs) {
          out << fmt::format("{},{},{},{:.12f},{}\n", e.county_code, StageKey(sr.stage),
                             c.indicator_id, c.cv.value_or(-1), sr.schools_failing);
        }
      }
    }
  }
  std::cout << fmt::format(
      "{{\"schools\": {}, \"counties\": {}, \"sections_evaluated\": {}, \"repeat\": {}, "
      "\"load_ms\": {:.2f}, \"evaluate_ms\": {:.2f}, \"load_and_evaluate_ms\": {:.2f}, "
      "\"evaluate_with_remedies_ms\": {:.2f}, \"peak_rss_kb\": {}}}\n",
      schools, county_areas.size(), sections, repeat, Median(load_ms), Median(eval_ms),
      Median(total_ms), Median(eval_remedy_ms), PeakRssKb());
  return 0;
}
