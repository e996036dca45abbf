// The million-student fitness benchmark (bench/run.sh fitness).
//
//   jiaodu_fitness_bench --generate DIR [--students 1000000] [--seed 2024] [--year 2024]
//       A demo city of ~1,000 schools (10 counties) with exactly --students
//       students (demo::GenerateFitnessRoster), written with the roster
//       writer as DIR/fitness.csv and DIR/fitness.xlsx, and its school codes
//       as DIR/schools.txt. Not timed as part of the figure; prints a JSON
//       line with what was made.
//   jiaodu_fitness_bench --measure FILE [--rollup-out CSV] [--store DB | --pg URL] [--schools LIST]
//       What an import does, end to end, in this fresh process: read the file
//       (ReadRosterFiles, all checks), score every student and roll up
//       (RollUpRoster: city, county, school, class, by grade and sex) and,
//       with --store, write the students into a fresh SQLite store through
//       the storage port (Storage::ApplyFitnessImport, as FitnessService::
//       Import does). Before the clock starts, the store is created and the
//       schools of LIST registered (an import needs them: the reader refuses
//       unknown school codes, as in the service). Prints seconds per step and
//       the peak RSS (VmHWM) of the whole run; --rollup-out writes the city
//       and county counts for the cross-check with pandas. --pg URL does the
//       same with the PostgreSQL adapter, in a fresh schema of that database
//       (scripts/pg.sh url; dropped when the run ends).
//   jiaodu_fitness_bench --floor FILE.xlsx
//       The least an xlsx reader must do: inflate the sheet (inflate_s), and
//       inflate it and run expat over it with empty handlers (floor_s, the
//       least a single-threaded SAX reader must do). Prints seconds and peak RSS.
#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "jiaodu/demo/demo_city.h"
#include "jiaodu/demo/demo_fitness.h"
#include "jiaodu/domain/fitness/rollup.h"
#include "jiaodu/formats/fitness_file/fitness_file.h"
#include "jiaodu/formats/fitness_roster/roster_reader.h"
#include "jiaodu/formats/fitness_roster/roster_writer.h"
#include "jiaodu/formats/standard_file/standard_file.h"
#include "jiaodu/storage/postgres/postgres_storage.h"
#include "jiaodu/storage/postgres/scratch_schema.h"
#include "jiaodu/storage/sqlite/sqlite_storage.h"

using namespace jiaodu;
using jiaodu::bench::Clock;
using jiaodu::bench::Mapped;
using jiaodu::bench::ReadText;
using jiaodu::bench::Seconds;
using jiaodu::bench::StatusKb;

namespace {

int Die(const std::string& what) {
  std::cerr << "jiaodu_fitness_bench: " << what << "\n";
  return 1;
}

struct Standards {
  std::shared_ptr<const fitness::FitnessStandard> standard;
  fitness::VisionRule vision;
};

Result<Standards> LoadStandards() {
  const std::string dir = JIAODU_SOURCE_DATA_DIR;
  Standards s;
  s.standard = JIAODU_TRY(
      ParseFitnessStandard(ReadText(dir + "/fitness/cn-tzjk-2014.toml"), "cn-tzjk-2014.toml"));
  s.vision = JIAODU_TRY(
      ParseVisionRule(ReadText(dir + "/fitness/ws-t-663-2020.toml"), "ws-t-663-2020.toml"));
  return s;
}

std::string CountyOf(const std::string& school) { return school.substr(0, 6); }

constexpr const char* kCity = "990100";
constexpr int kYear = 2024;  // the academic year the roster is stored under

// ---- --generate ------------------------------------------------------------

// The demo city's schools, as many as make about `students`, then class
// sizes nudged (±1 student per class in some schools) and, if a few students
// are still missing, a 教学点 with one first-grade class, so the roster has
// exactly `students`.
std::vector<demo::FitnessDemoSchool> CitySchools(const FieldCatalog& catalog, int64_t students,
                                                 uint64_t seed, int year) {
  auto make = [&](int n) {
    DemoCity city = GenerateDemoCity(
        catalog, {.seed = seed, .counties = 10, .schools = n, .first_year = year, .years = 1});
    return demo::FitnessSchoolsFromCity(city, catalog, year);
  };
  auto total = [](const std::vector<demo::FitnessDemoSchool>& v) {
    int64_t t = 0;
    for (const auto& s : v) t += demo::FitnessDemoStudents(s);
    return t;
  };
  int n = 1000;
  std::vector<demo::FitnessDemoSchool> schools = make(n);
  const int64_t first = total(schools);
  if (first > 0) {
    n = std::max(10, static_cast<int>(static_cast<double>(n) * static_cast<double>(students) /
                                      static_cast<double>(first)));
    schools = make(n);
  }
  int64_t diff = students - total(schools);
  for (bool progress = true; diff != 0 && progress;) {
    progress = false;
    for (auto& s : schools) {
      const int64_t unit = static_cast<int64_t>(s.grades.size()) * s.classes_per_grade;
      if (unit == 0 || unit > (diff > 0 ? diff : -diff)) continue;
      // Classes stay between 20 and 50 students: a class over 80 would share
      // 学籍号 numbers (demo_fitness.cc reserves 80 seats a class), and one
      // over 55 would be a 大班额 no real file of this size has by design.
      if (diff < 0 && s.class_size <= 20) continue;
      if (diff > 0 && s.class_size >= 50) continue;
      s.class_size += diff > 0 ? 1 : -1;
      diff += diff > 0 ? -unit : unit;
      progress = true;
      if (diff == 0) break;
    }
  }
  // What is left goes to added 一年级-only schools of at most 30 classes of
  // 45 (the block demo_fitness.cc reserves per school: 30 classes × 80
  // seats), then one class of the remainder.
  const std::string prefix = schools.empty() ? "990102" : schools.front().code.substr(0, 6);
  for (int extra = 9999; diff > 0; --extra) {
    const int classes = static_cast<int>(std::min<int64_t>(30, diff / 45));
    const int size = classes > 0 ? 45 : static_cast<int>(diff);
    schools.push_back({prefix + std::to_string(extra), {11}, std::max(classes, 1), size, 0.0});
    diff -= static_cast<int64_t>(std::max(classes, 1)) * size;
  }
  return schools;
}

int Generate(const std::string& dir, int64_t students, uint64_t seed, int year) {
  auto st = LoadStandards();
  if (!st) return Die(st.error().Describe());
  auto lib = LoadLibrary(JIAODU_SOURCE_DATA_DIR);
  if (!lib) return Die(lib.error().Describe());
  auto school_standard = lib->Find("cn-yzjh-2017");
  if (!school_standard) return Die("no standard cn-yzjh-2017");
  std::filesystem::create_directories(dir);
  const auto t0 = Clock::now();
  const std::vector<demo::FitnessDemoSchool> schools =
      CitySchools(*school_standard->catalog, students, seed, year);
  const fitness::Roster roster = demo::GenerateFitnessRoster(*st->standard, schools, year, seed);
  const auto t1 = Clock::now();
  {
    const std::string csv = WriteRosterCsv(*st->standard, roster);
    std::ofstream out(dir + "/fitness.csv", std::ios::binary);
    out.write(csv.data(), static_cast<std::streamsize>(csv.size()));
    if (!out) return Die("cannot write " + dir + "/fitness.csv");
  }
  const auto t2 = Clock::now();
  Status xs = WriteRosterXlsx(*st->standard, roster, dir + "/fitness.xlsx");
  if (!xs) return Die(xs.error().Describe());
  const auto t3 = Clock::now();
  std::map<std::string, int> counties;
  {
    std::ofstream list(dir + "/schools.txt");
    for (const auto& s : schools) {
      ++counties[CountyOf(s.code)];
      list << s.code << "\n";
    }
    if (!list) return Die("cannot write " + dir + "/schools.txt");
  }
  std::cout << fmt::format(
      "{{\"students\": {}, \"schools\": {}, \"counties\": {}, \"generate_s\": {:.2f}, "
      "\"write_csv_s\": {:.2f}, \"write_xlsx_s\": {:.2f}, \"csv_bytes\": {}, \"xlsx_bytes\": {}, "
      "\"roster_mb\": {:.1f}}}\n",
      roster.size(), schools.size(), counties.size(), Seconds(t1 - t0), Seconds(t2 - t1),
      Seconds(t3 - t2), std::filesystem::file_size(dir + "/fitness.csv"),
      std::filesystem::file_size(dir + "/fitness.xlsx"),
      static_cast<double>(roster.MemoryBytes()) / (1 << 20));
  return 0;
}

// ---- --measure ---------------------------------------------------------------

void WriteRollup(const std::string& path, const fitness::RollUp& ru) {
  std::ofstream out(path);
  out << "scope,code,roster,scored,exempt,deferred,incomplete,excellent,good,pass,fail,"
         "vision_screened,myopia,poor_no_refraction\n";
  for (const auto& [key, t] : ru.groups()) {
    if (key.grade != 0 || key.sex != 0) continue;
    if (key.scope != fitness::Scope::kCity && key.scope != fitness::Scope::kCounty) continue;
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                       key.scope == fitness::Scope::kCity ? "city" : "county", ru.Name(key.id),
                       t.roster, t.scored, t.exempt, t.deferred, t.incomplete, t.level[0],
                       t.level[1], t.level[2], t.level[3], t.vision_screened, t.myopia,
                       t.poor_no_refraction);
  }
}

// A fresh store at `path` (or, with `pg_url`, in a new schema `pg_schema`
// of that PostgreSQL database) with the city, its counties and `schools`
// registered, as the school data import leaves it before any 体测 file.
Result<std::unique_ptr<Storage>> FreshStore(const std::string& path, const std::string& pg_url,
                                            std::string& pg_schema,
                                            const std::vector<std::string>& schools) {
  std::unique_ptr<Storage> storage;
  if (!pg_url.empty()) {
    auto scratch = JIAODU_TRY(CreateScratchSchema(pg_url, "jiaodu_bench"));
    pg_schema = scratch.schema;
    storage = JIAODU_TRY(PostgresStorage::Open(scratch.url));
  } else {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    storage = JIAODU_TRY(SqliteStorage::Open(path));
  }
  auto lib = JIAODU_TRY(LoadLibrary(JIAODU_SOURCE_DATA_DIR));
  auto standard = lib.Find("cn-yzjh-2017");
  if (!standard) {
    return Fail(ErrorCode::kNotFound, "bench.no_standard",
                Text("没有标准 cn-yzjh-2017", "no standard cn-yzjh-2017"));
  }
  ImportBatch batch;
  batch.user = "bench";
  batch.description = "学校名单";
  batch.areas.push_back({kCity, "示范市", AreaLevel::kCity, ""});
  DatasetBatch ds;
  ds.catalog = standard->catalog;
  std::set<std::string> counties;
  for (const std::string& code : schools) {
    if (counties.insert(CountyOf(code)).second) {
      batch.areas.push_back({CountyOf(code), "县区" + CountyOf(code), AreaLevel::kCounty, kCity});
    }
    SchoolYearRecord r;
    r.school =
        School{code,           "学校" + code,      CountyOf(code), "",   SchoolType::kPrimary,
               Locale::kUrban, Ownership::kPublic, false,          false};
    r.year = AcademicYear(kYear);
    r.values = FieldValues(ds.catalog->size());
    ds.school_years.push_back(std::move(r));
  }
  batch.datasets.push_back(std::move(ds));
  JIAODU_TRY(storage->ApplyImport(batch));
  return storage;
}

int Measure(const std::string& file, const std::string& rollup_out, const std::string& store_path,
            const std::string& pg_url, const std::string& schools_path) {
  auto st = LoadStandards();
  if (!st) return Die(st.error().Describe());
  std::unique_ptr<Storage> storage;
  RosterReadOptions options;
  std::string pg_schema;
  if (!store_path.empty() || !pg_url.empty()) {
    std::ifstream list(schools_path);
    for (std::string code; std::getline(list, code);) {
      if (!code.empty()) options.known_schools.push_back(code);
    }
    if (options.known_schools.empty()) return Die("no school codes in " + schools_path);
    auto fresh = FreshStore(store_path, pg_url, pg_schema, options.known_schools);
    if (!fresh) return Die(fresh.error().Describe());
    storage = std::move(*fresh);
  }
  const long rss_before = StatusKb("VmRSS");
  const auto t0 = Clock::now();
  const std::string name = std::filesystem::path(file).filename().string();
  size_t file_bytes = 0;
  RosterRead read;
  {
    // The upload's bytes are dropped once read, as an import does.
    Mapped bytes(file);
    if (!bytes.ok()) return Die("cannot read " + file);
    file_bytes = bytes.bytes().size();
    RosterFile f{name, bytes.bytes()};
    read = ReadRosterFiles(*st->standard, st->vision, std::span<const RosterFile>(&f, 1), options);
  }
  const auto t1 = Clock::now();
  const long hwm_read = StatusKb("VmHWM");
  if (!read.ok()) {
    return Die(fmt::format("{} errors, first: {}", read.error_count,
                           read.errors.empty() ? "" : read.errors[0].Describe()));
  }
  const fitness::RollUp ru =
      fitness::RollUpRoster(*st->standard, st->vision, read.roster, kCity,
                            [](const std::string& s) { return CountyOf(s); });
  const auto t2 = Clock::now();
  const long hwm_rollup = StatusKb("VmHWM");
  if (storage) {
    FitnessImport batch;
    batch.user = "bench";
    batch.description = fmt::format("体测数据：{} 所学校，{} 名学生", read.roster.schools().size(),
                                    read.roster.size());
    batch.files = {name};
    batch.year = AcademicYear(kYear);
    batch.standard = st->standard.get();
    batch.roster = &read.roster;
    auto id = storage->ApplyFitnessImport(batch);
    if (!id) return Die(id.error().Describe());
  }
  const auto t3 = Clock::now();
  const long hwm = StatusKb("VmHWM");
  if (!rollup_out.empty()) WriteRollup(rollup_out, ru);
  std::cout << fmt::format(
      "{{\"file\": \"{}\", \"bytes\": {}, \"students\": {}, \"read_s\": {:.3f}, "
      "\"score_rollup_s\": {:.3f}, \"store_s\": {:.3f}, \"total_s\": {:.3f}, "
      "\"peak_rss_mb\": {:.1f}, \"peak_rss_read_mb\": {:.1f}, \"peak_rss_rollup_mb\": {:.1f}, "
      "\"start_rss_mb\": {:.1f}, \"roster_mb\": {:.1f}, \"groups\": {}, \"stored\": {}}}\n",
      name, file_bytes, read.roster.size(), Seconds(t1 - t0), Seconds(t2 - t1), Seconds(t3 - t2),
      Seconds(t3 - t0), static_cast<double>(hwm) / 1024, static_cast<double>(hwm_read) / 1024,
      static_cast<double>(hwm_rollup) / 1024, static_cast<double>(rss_before) / 1024,
      static_cast<double>(read.roster.MemoryBytes()) / (1 << 20), ru.groups().size(),
      storage ? "true" : "false");
  if (!pg_schema.empty()) {
    storage.reset();
    if (auto dropped = DropScratchSchema(pg_url, pg_schema); !dropped) {
      return Die(dropped.error().Describe());
    }
  }
  return 0;
}

// ---- --floor -------------------------------------------------------------------

void XMLCALL NoStart(void*, const XML_Char*, const XML_Char**) {}
void XMLCALL NoEnd(void*, const XML_Char*) {}
void XMLCALL NoChars(void*, const XML_Char*, int) {}

// Inflates the first sheet once, handing each 64 KB block to `scan` (null:
// inflate only). Returns the sheet's XML bytes, or -1 on failure.
template <typename Scan>
int64_t InflateSheet(std::string_view bytes, Scan&& scan) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  if (za == nullptr) return -1;
  // libxlsxwriter names the first sheet xl/worksheets/sheet1.xml.
  zip_file_t* zf = zip_fopen(za, "xl/worksheets/sheet1.xml", 0);
  int64_t xml_bytes = zf == nullptr ? -1 : 0;
  std::vector<char> buf(64 * 1024);
  while (zf != nullptr) {
    const zip_int64_t n = zip_fread(zf, buf.data(), buf.size());
    if (n < 0 || !scan(buf.data(), n)) {
      xml_bytes = -1;
      break;
    }
    xml_bytes += n;
    if (n == 0) break;
  }
  if (zf != nullptr) zip_fclose(zf);
  zip_discard(za);
  zip_error_fini(&err);
  return xml_bytes;
}

// Two floors, each a single pass over the sheet: inflate alone (no reader can
// go below it: a deflate stream is decoded by one thread), and inflate + expat
// with empty handlers (what a single-threaded SAX reader cannot beat).
int Floor(const std::string& file) {
  Mapped bytes(file);
  if (!bytes.ok()) return Die("cannot read " + file);
  const auto t0 = Clock::now();
  const int64_t inflated =
      InflateSheet(bytes.bytes(), [](const char*, zip_int64_t) { return true; });
  if (inflated < 0) return Die("cannot inflate xl/worksheets/sheet1.xml of " + file);
  const auto t1 = Clock::now();
  XML_Parser parser = XML_ParserCreate(nullptr);
  XML_SetElementHandler(parser, NoStart, NoEnd);
  XML_SetCharacterDataHandler(parser, NoChars);
  const int64_t xml_bytes = InflateSheet(bytes.bytes(), [&](const char* data, zip_int64_t n) {
    return XML_Parse(parser, data, static_cast<int>(n), n == 0) != XML_STATUS_ERROR;
  });
  XML_ParserFree(parser);
  if (xml_bytes < 0) return Die("XML error in " + file);
  const auto t2 = Clock::now();
  std::cout << fmt::format(
      "{{\"file\": \"{}\", \"xml_bytes\": {}, \"inflate_s\": {:.3f}, \"floor_s\": {:.3f}, "
      "\"peak_rss_mb\": {:.1f}}}\n",
      std::filesystem::path(file).filename().string(), xml_bytes, Seconds(t1 - t0),
      Seconds(t2 - t1), static_cast<double>(StatusKb("VmHWM")) / 1024);
  return 0;
}

}  // namespace

// ---- --province --------------------------------------------------------------

// The province-sized load of issue 8 on PostgreSQL: `students` 体测 results in
// `schools` schools (the demo generator's 60 counties, classes scaled to the
// number asked for), imported as `chunks` files' worth each through the
// storage port (ApplyFitnessImport, COPY), then the reads behind the fitness
// pages timed on the full tables. The schema is left in place for run.sh to
// measure its size, and named on the last line.
int Province(const std::string& pg_url, int64_t students, int school_count, int chunks,
             uint64_t seed, int year) {
  auto st = LoadStandards();
  if (!st) return Die(st.error().Describe());
  auto lib = LoadLibrary(JIAODU_SOURCE_DATA_DIR);
  if (!lib) return Die(lib.error().Describe());
  auto school_standard = lib->Find("cn-yzjh-2017");
  if (!school_standard) return Die("no standard cn-yzjh-2017");
  const auto t0 = Clock::now();
  DemoCity city = GenerateDemoCity(
      *school_standard->catalog,
      {.seed = seed, .counties = 60, .schools = school_count, .first_year = year, .years = 1});
  std::vector<demo::FitnessDemoSchool> schools =
      demo::FitnessSchoolsFromCity(city, *school_standard->catalog, year);
  int64_t total = 0;
  for (const auto& s : schools) total += demo::FitnessDemoStudents(s);
  const double ratio =
      static_cast<double>(students) / static_cast<double>(std::max<int64_t>(total, 1));
  total = 0;
  for (auto& s : schools) {
    s.classes_per_grade = std::max(
        1, static_cast<int>(std::lround(static_cast<double>(s.classes_per_grade) * ratio)));
    total += demo::FitnessDemoStudents(s);
  }
  std::vector<std::string> codes;
  for (const auto& s : schools) codes.push_back(s.code);
  std::string schema;
  auto storage = FreshStore("", pg_url, schema, codes);
  if (!storage) return Die(storage.error().Describe());
  const auto t1 = Clock::now();
  std::cout << fmt::format(
                   "{{\"schema\": \"{}\", \"schools\": {}, \"students_planned\": {}, \"setup_s\": "
                   "{:.1f}}}\n",
                   schema, schools.size(), total, Seconds(t1 - t0))
            << std::flush;
  // Chunks of whole schools in code order (so mostly whole counties), as
  // the counties' files would arrive.
  std::vector<std::string> probes;  // 学籍号 to look up afterwards
  int64_t stored = 0;
  double import_s = 0, generate_s = 0;
  const size_t per =
      (schools.size() + static_cast<size_t>(chunks) - 1) / static_cast<size_t>(chunks);
  for (size_t at = 0, k = 0; at < schools.size(); at += per, ++k) {
    const std::vector<demo::FitnessDemoSchool> part(
        schools.begin() + static_cast<ptrdiff_t>(at),
        schools.begin() + static_cast<ptrdiff_t>(std::min(schools.size(), at + per)));
    const auto g0 = Clock::now();
    fitness::Roster roster = demo::GenerateFitnessRoster(*st->standard, part, year, seed + k);
    const auto g1 = Clock::now();
    for (size_t i = 0; i < roster.size(); i += roster.size() / 7 + 1) {
      probes.emplace_back(roster.student_id(i));
    }
    FitnessImport batch;
    batch.user = "bench";
    batch.description = fmt::format("体测数据 第 {} 批：{} 所学校，{} 名学生", k + 1,
                                    roster.schools().size(), roster.size());
    batch.files = {fmt::format("part{}.csv", k + 1)};
    batch.year = AcademicYear(year);
    batch.standard = st->standard.get();
    batch.roster = &roster;
    auto id = (*storage)->ApplyFitnessImport(batch);
    if (!id) return Die(id.error().Describe());
    const auto g2 = Clock::now();
    stored += static_cast<int64_t>(roster.size());
    generate_s += Seconds(g1 - g0);
    import_s += Seconds(g2 - g1);
    std::cout << fmt::format(
                     "{{\"chunk\": {}, \"schools\": {}, \"students\": {}, \"import_s\": {:.2f}, "
                     "\"stored_total\": {}}}\n",
                     k + 1, part.size(), roster.size(), Seconds(g2 - g1), stored)
              << std::flush;
  }
  // The reads behind the fitness pages (FitnessService::CityRollUp and its
  // county and school views): load the stored results, score and roll up.
  auto view = [&](std::span<const std::string> which, const std::string& label) -> int {
    const auto v0 = Clock::now();
    auto roster = (*storage)->LoadFitness(*st->standard, AcademicYear(year), which);
    if (!roster) return Die(roster.error().Describe());
    const auto v1 = Clock::now();
    const fitness::RollUp ru =
        fitness::RollUpRoster(*st->standard, st->vision, *roster, kCity,
                              [](const std::string& s) { return CountyOf(s); });
    const auto v2 = Clock::now();
    std::cout << fmt::format(
                     "{{\"view\": \"{}\", \"schools\": {}, \"students\": {}, \"load_s\": {:.3f}, "
                     "\"rollup_s\": {:.3f}, \"groups\": {}, \"rss_mb\": {:.0f}}}\n",
                     label, roster->schools().size(), roster->size(), Seconds(v1 - v0),
                     Seconds(v2 - v1), ru.groups().size(),
                     static_cast<double>(StatusKb("VmRSS")) / 1024)
              << std::flush;
    return 0;
  };
  const std::string county = CountyOf(codes[codes.size() / 2]);
  std::vector<std::string> county_codes;
  for (const std::string& c : codes) {
    if (CountyOf(c) == county) county_codes.push_back(c);
  }
  const std::vector<std::string> one_school{codes[codes.size() / 3]};
  if (int rc = view(one_school, "school"); rc != 0) return rc;
  if (int rc = view(county_codes, "county"); rc != 0) return rc;
  if (int rc = view({}, "province"); rc != 0) return rc;
  std::vector<double> lookups;
  for (const std::string& id : probes) {
    const auto l0 = Clock::now();
    auto found = (*storage)->FindFitnessStudent(*st->standard, id);
    if (!found) return Die(found.error().Describe());
    if (found->empty()) return Die("学籍号 not found: " + id);
    lookups.push_back(Seconds(Clock::now() - l0) * 1000);
  }
  std::sort(lookups.begin(), lookups.end());
  std::cout << fmt::format(
      "{{\"students\": {}, \"generate_s\": {:.1f}, \"import_s\": {:.1f}, "
      "\"lookups\": {}, \"lookup_median_ms\": {:.2f}, \"lookup_max_ms\": {:.2f}, "
      "\"peak_rss_mb\": {:.0f}, \"schema\": \"{}\"}}\n",
      stored, generate_s, import_s, lookups.size(), lookups[lookups.size() / 2], lookups.back(),
      static_cast<double>(StatusKb("VmHWM")) / 1024, schema);
  return 0;
}

int main(int argc, char** argv) {
  std::string mode, target, rollup_out, store, pg, schools;
  int64_t students = 1'000'000;
  int school_count = 20'000, chunks = 10;
  uint64_t seed = 2024;
  int year = 2024;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--province") {
      mode = a;
    } else if (a == "--school-count" && has_value) {
      school_count = std::stoi(argv[++i]);
    } else if (a == "--chunks" && has_value) {
      chunks = std::stoi(argv[++i]);
    } else if ((a == "--generate" || a == "--measure" || a == "--floor") && has_value) {
      mode = a;
      target = argv[++i];
    } else if (a == "--students" && has_value) {
      students = std::stoll(argv[++i]);
    } else if (a == "--seed" && has_value) {
      seed = std::stoull(argv[++i]);
    } else if (a == "--year" && has_value) {
      year = std::stoi(argv[++i]);
    } else if (a == "--rollup-out" && has_value) {
      rollup_out = argv[++i];
    } else if (a == "--store" && has_value) {
      store = argv[++i];
    } else if (a == "--pg" && has_value) {
      pg = argv[++i];
    } else if (a == "--schools" && has_value) {
      schools = argv[++i];
    } else {
      return Die(
          "usage: --generate DIR [--students N] [--seed S] [--year Y] | "
          "--measure FILE [--rollup-out CSV] [--store DB | --pg URL] [--schools LIST] | --floor "
          "FILE.xlsx | --province --pg URL [--students N] [--school-count S] [--chunks C]");
    }
  }
  if (mode == "--generate") return Generate(target, students, seed, year);
  if (mode == "--measure") {
    if (!store.empty() && !pg.empty()) return Die("--store or --pg, not both");
    if ((store.empty() && pg.empty()) != schools.empty()) {
      return Die("--store (or --pg) and --schools go together");
    }
    return Measure(target, rollup_out, store, pg, schools);
  }
  if (mode == "--floor") return Floor(target);
  if (mode == "--province") {
    if (pg.empty()) return Die("--province needs --pg URL");
    return Province(pg, students, school_count, chunks, seed, year);
  }
  return Die("usage: --generate DIR | --measure FILE | --floor FILE.xlsx");
}
