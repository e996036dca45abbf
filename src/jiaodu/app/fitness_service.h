// File: jiaodu/app/fitness_service.h
//
// The student physical fitness use cases (国家学生体质健康标准): import the
// schools' 体测 files, roll a year up 市 → 县 → 校 → 班 with counts beside
// rates, follow the trend over the years against a 优良率 target, list a
// school's students, look one student up by 学籍号 across the years (with
// the 毕业成绩 when a graduating year is stored), and the exports.
//
// Scores are never stored: each view rescores from the stored results with
// the standard file (docs/fitness.md), so a corrected table applies to every
// year at once. A year's city-wide roll-up is cached until the data change
// (Storage::DataVersion): every summary of that year (any county, school or
// class) is then a lookup.
//
//   FitnessService fit(std::move(fitness_library), service);
//   auto s = fit.Summary("990102", std::nullopt, 5200);
#ifndef JIAODU_APP_FITNESS_SERVICE_H_
#define JIAODU_APP_FITNESS_SERVICE_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/app/jobs.h"
#include "jiaodu/app/service.h"
#include "jiaodu/domain/fitness/rollup.h"
#include "jiaodu/formats/fitness_file/fitness_file.h"

namespace jiaodu {

inline constexpr std::string_view kDefaultFitnessStandard = "cn-tzjk-2014";

// The place a fitness view is about: the city, a county or a school.
struct FitnessPlace {
  fitness::Scope scope = fitness::Scope::kCity;
  std::string code;
  std::string name;
  Area area;           // the area itself (city, county), or the school's county
  std::string county;  // the county code (county and school scopes)
};

// A group below the place: a county of the city, a school of a county, a
// class of a school.
struct FitnessChild {
  fitness::Scope scope = fitness::Scope::kCounty;
  std::string code;  // county or school code; class: its 班级编号
  std::string name;
  int grade = 0;  // classes only
  fitness::Tally total;
  int32_t needed = 0;  // students still needed at 良好 or better for the target
};

struct FitnessGradeTally {
  int grade = 0;
  fitness::Tally total, male, female;
};

struct FitnessSummary {
  std::shared_ptr<const fitness::FitnessStandard> standard;
  AcademicYear year;
  FitnessPlace place;
  fitness::Tally total, male, female;
  std::vector<FitnessGradeTally> grades;  // in the standard's grade order
  std::vector<FitnessChild> children;     // ranked by 优良率, highest first
  int32_t target_bp = 0;                  // 优良率 target, basis points
  int32_t needed = 0;
};

struct FitnessTrendPoint {
  AcademicYear year;
  fitness::Tally total, male, female;
  int32_t needed = 0;
};

// One student of a stored year, scored.
struct FitnessStudentYear {
  AcademicYear year;
  std::string school, school_name, county, county_name;
  std::string class_code, class_name;
  fitness::Roster roster;  // this student only (index 0)
  fitness::StudentScore score;
  fitness::VisionResult vision;
};

struct FitnessStudentHistory {
  std::string student_id, name;
  fitness::Sex sex = fitness::Sex::kMale;
  std::vector<FitnessStudentYear> years;  // oldest first
  // 毕业成绩 when the latest stored year is a graduating grade (the other
  // years of the same stage, as stored, are averaged).
  std::optional<int32_t> graduation_hundredths;
  std::vector<AcademicYear> graduation_years;
};

class FitnessService {
 public:
  FitnessService(FitnessLibrary library, Service& service);

  bool available() const { return standard_ != nullptr && library_.vision.has_value(); }
  // Fails with fitness.no_standard when the data folder has no fitness
  // standard or vision rule.
  Status Check() const;
  const std::shared_ptr<const fitness::FitnessStandard>& standard() const { return standard_; }
  const fitness::VisionRule& vision() const { return *library_.vision; }

  Result<std::vector<AcademicYear>> Years();
  // Computes the city roll-up of every stored year into the cache, newest
  // first, so the first page a user opens after `jiaodu serve` does not wait
  // for a city's students to be loaded and scored. The server runs it on a
  // thread at start; requests meanwhile wait for the year they need.
  Status WarmUp();
  // `year` nullopt = the latest year with fitness data.
  Result<AcademicYear> YearOr(std::optional<AcademicYear> year);
  Result<FitnessPlace> Place(std::string_view code);  // "" = the city

  Result<FitnessSummary> Summary(std::string_view code, std::optional<AcademicYear> year,
                                 int32_t target_bp);
  Result<std::vector<FitnessTrendPoint>> Trend(std::string_view code, int32_t target_bp);
  // A school's students in file order, scored.
  struct SchoolStudents {
    FitnessPlace place;
    AcademicYear year;
    fitness::Roster roster;
    std::vector<fitness::StudentScore> scores;
    std::vector<fitness::VisionResult> vision;
  };
  Result<SchoolStudents> Students(std::string_view school, std::optional<AcademicYear> year);
  Result<FitnessStudentHistory> Student(std::string_view student_id);

  // Reads the uploaded files (national upload layout) and stores them as one
  // import for `year`: all or nothing, every error placed. `school` is the
  // school of files without a 学校标识码 column.
  ImportOutcome Import(const std::vector<Service::UploadedFile>& files, AcademicYear year,
                       std::string_view school, std::string_view user,
                       JobContext* progress = nullptr);
  // The demo city's 体测 results for each of its years (the same seed and
  // schools as Service::LoadDemo; students carry over from year to year),
  // one import per year; returns the import ids.
  Result<std::vector<int64_t>> LoadDemo(const DemoOptions& options, std::string_view user);
  // The students of a place (the city, a county or a school) in a year.
  Result<fitness::Roster> PlaceRoster(const FitnessPlace& place, AcademicYear year);
  // The fitness workbook of a place (roll-up by area, grade, sex and item
  // with counts, and every student scored) as xlsx bytes. The place and
  // year are resolved by the caller (Place, YearOr), which also names the
  // download. With `progress` (a background job) it reports school by
  // school while reading the students, then the writing of the workbook;
  // without, it just runs (a school or a county inside a request).
  Result<std::string> ExportXlsx(const FitnessPlace& place, AcademicYear year, int32_t target_bp,
                                 JobContext* progress = nullptr);
  // How many students ExportXlsx would write for the place and year, from
  // the stored set sizes (nothing loaded): what decides whether an export
  // may run inside a request.
  Result<int64_t> ExportStudents(const FitnessPlace& place, AcademicYear year);
  // 学生体质健康登记卡 (PDF, one A4 page per student) of a school's students
  // in `year` (or of one student), each card with the student's earlier
  // years at this school filled in.
  Result<std::string> CardsPdf(const FitnessPlace& school, AcademicYear year,
                               std::string_view student_id);
  // Stores an already built roster (the demo); returns the import id.
  Result<int64_t> Store(const fitness::Roster& roster, AcademicYear year, std::string_view user,
                        std::string_view description);

 private:
  // The city roll-up of a year (cached per data version).
  Result<std::shared_ptr<const fitness::RollUp>> CityRollUp(AcademicYear year);
  Result<std::map<std::string, School>> SchoolsByCode();
  // The place's current fitness sets of the year (one per school, in
  // school-code order, with their student counts).
  Result<std::vector<FitnessSetInfo>> PlaceSets(const FitnessPlace& place, AcademicYear year,
                                                const std::map<std::string, School>& schools);

  FitnessLibrary library_;
  std::shared_ptr<const fitness::FitnessStandard> standard_;
  Service& svc_;
  std::mutex mu_;
  int64_t cache_version_ = -1;
  std::map<int, std::shared_ptr<const fitness::RollUp>> cache_;
};

}  // namespace jiaodu

#endif  // JIAODU_APP_FITNESS_SERVICE_H_
