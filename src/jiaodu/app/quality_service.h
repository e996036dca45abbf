// File: jiaodu/app/quality_service.h
//
// The 教学质量抽测 use cases (issue 9, docs/quality.md): import a test's score
// files as one all-or-nothing import, list the stored tests, and compute a
// place's 通报 (a county, or the city) for one test — per subject and grade
// the distribution, rates and levels from the test's own cut scores, every
// school's mean with its interval, the variance components with the ICC as
// the local estimate of the 校际差异率, the CV of school means, the 城乡 gaps
// and value-added with shrinkage — a school against its county, the trend
// of a place across the stored tests of one grade and subject, and the 通报
// workbook.
//
// A 通报 is computed from the stored scores and cached per (test, place)
// until the data change (Storage::DataVersion): a county's page, its
// schools' pages and its workbook then share one computation.
#ifndef JIAODU_APP_QUALITY_SERVICE_H_
#define JIAODU_APP_QUALITY_SERVICE_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/app/jobs.h"
#include "jiaodu/app/service.h"
#include "jiaodu/formats/quality_file/quality_file.h"
#include "jiaodu/formats/quality_table/bulletin.h"

namespace jiaodu {

// A stored test with how much of it is stored.
struct QualityTestSummary {
  QualityTest test;
  std::string semester;  // "2024-2025学年第二学期"
  int schools = 0;
  int students = 0;
  int scores = 0;
};

// What an import is told about the test its files belong to.
struct QualityImportRequest {
  std::string test_id;
  std::string name;
  AcademicYear year;
  int term = 2;
  std::string grade;    // of rows without a 年级 column
  std::string cuts_id;  // a cut-score set of data/quality; "" = none
};

struct QualityTrendPoint {
  QualityTest test;
  std::string semester;
  const BulletinSubject* subject = nullptr;  // into `bulletins`
};

struct QualityTrend {
  std::vector<std::shared_ptr<const QualityBulletin>> bulletins;  // keep points alive
  std::vector<QualityTrendPoint> points;                          // oldest first
};

class QualityService {
 public:
  QualityService(QualityLibrary library, Service& service);

  const QualityLibrary& library() const { return library_; }

  Result<std::vector<QualityTestSummary>> Tests();
  Result<QualityTest> FindTest(std::string_view test_id);
  // The 通报 of a place for a test: `place` is a county code, or "" / the
  // city's code for the whole city.
  Result<std::shared_ptr<const QualityBulletin>> Bulletin(std::string_view test_id,
                                                          std::string_view place);
  // The place's figures for one grade and subject across every stored test
  // that has them, oldest first.
  Result<QualityTrend> Trend(std::string_view place, std::string_view grade,
                             std::string_view subject);
  // The 通报 workbook (xlsx bytes), audited as an export.
  Result<std::string> BulletinXlsx(std::string_view test_id, std::string_view place,
                                   std::string_view user);
  // The score template for a cut-score set ("" = subjects only) and a
  // county's schools ("" = none listed).
  Result<std::string> Template(std::string_view cuts_id, std::string_view county, bool wide);

  // Reads the files (all or nothing, every error placed) and stores them as
  // one import of the test.
  ImportOutcome Import(const std::vector<Service::UploadedFile>& files,
                       const QualityImportRequest& request, std::string_view user,
                       JobContext* progress = nullptr);
  // Stores already built scores (the demo); returns the import id.
  Result<int64_t> Store(const QualityTest& test, const quality::ScoreSet& scores,
                        std::string_view user, std::string_view description);

  static std::string SemesterLabel(AcademicYear year, int term);

 private:
  Result<std::shared_ptr<const QualityBulletin>> Compute(const QualityTest& test,
                                                         std::string_view place);

  QualityLibrary library_;
  Service& svc_;
  std::mutex mu_;
  int64_t cache_version_ = -1;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const QualityBulletin>> cache_;
};

}  // namespace jiaodu

#endif  // JIAODU_APP_QUALITY_SERVICE_H_
