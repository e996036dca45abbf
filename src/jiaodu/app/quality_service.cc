#include "jiaodu/app/quality_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "jiaodu/domain/schools/kinds.h"
#include "jiaodu/formats/quality_table/score_reader.h"
#include "jiaodu/formats/quality_table/score_template.h"

namespace jiaodu {
namespace {

Error UnknownTest(std::string_view id) {
  return Error{ErrorCode::kNotFound,
               "quality.unknown_test",
               Text(fmt::format("抽测“{}”不存在", id), fmt::format("test \"{}\" not found", id)),
               {},
               {}};
}

Error UnknownCuts(std::string_view id) {
  return Error{ErrorCode::kInvalidInput,
               "quality.unknown_cuts",
               Text(fmt::format("分数线“{}”不存在（data/quality 中没有这个编号）", id),
                    fmt::format("cut-score set \"{}\" not found in data/quality", id)),
               {},
               {}};
}

// The stored test's own cut scores (its TOML text as used at import).
Result<std::optional<quality::CutScoreSet>> CutsOf(const QualityTest& t) {
  if (t.cuts_toml.empty()) return std::optional<quality::CutScoreSet>();
  return std::optional<quality::CutScoreSet>(
      JIAODU_TRY(ParseCutScoreSet(t.cuts_toml, fmt::format("抽测 {} 的分数线", t.id))));
}

}  // namespace

QualityService::QualityService(QualityLibrary library, Service& service)
    : library_(std::move(library)), svc_(service) {}

std::string QualityService::SemesterLabel(AcademicYear year, int term) {
  return fmt::format("{}第{}学期", year.Label(), term == 1 ? "一" : "二");
}

Result<std::vector<QualityTestSummary>> QualityService::Tests() {
  std::vector<QualityTestSummary> out;
  for (QualityTest& t : JIAODU_TRY(svc_.storage().ListQualityTests())) {
    QualityTestSummary s;
    for (const QualitySetInfo& set : JIAODU_TRY(svc_.storage().ListQualitySets(t.id))) {
      ++s.schools;
      s.students += set.students;
      s.scores += set.scores;
    }
    s.semester = SemesterLabel(t.year, t.term);
    s.test = std::move(t);
    out.push_back(std::move(s));
  }
  return out;
}

Result<QualityTest> QualityService::FindTest(std::string_view test_id) {
  for (QualityTest& t : JIAODU_TRY(svc_.storage().ListQualityTests())) {
    if (t.id == test_id) return std::move(t);
  }
  return Fail(UnknownTest(test_id));
}

Result<std::shared_ptr<const QualityBulletin>> QualityService::Bulletin(std::string_view test_id,
                                                                        std::string_view place) {
  const QualityTest test = JIAODU_TRY(FindTest(test_id));
  auto root = JIAODU_TRY(svc_.Root());
  // The city is asked for by "" or by its code; one cache entry for both.
  const std::string key_place = (root && place == root->code) ? std::string() : std::string(place);
  const int64_t version = JIAODU_TRY(svc_.storage().DataVersion());
  {
    std::lock_guard lock(mu_);
    if (version != cache_version_) {
      cache_.clear();
      cache_version_ = version;
    }
    auto it = cache_.find({test.id, key_place});
    if (it != cache_.end()) return it->second;
  }
  // Computed outside the lock: two requests for the same place may both
  // compute, which costs time but never a wrong figure.
  auto b = JIAODU_TRY(Compute(test, key_place));
  std::lock_guard lock(mu_);
  if (version == cache_version_) cache_[{test.id, key_place}] = b;
  return b;
}

Result<std::shared_ptr<const QualityBulletin>> QualityService::Compute(const QualityTest& test,
                                                                       std::string_view place) {
  auto bulletin = std::make_shared<QualityBulletin>();
  QualityBulletin& b = *bulletin;
  b.test_id = test.id;
  b.test_name = test.name;
  b.semester = SemesterLabel(test.year, test.term);
  std::vector<School> schools;
  if (place.empty()) {
    auto root = JIAODU_TRY(svc_.Root());
    b.place_code = root ? root->code : "";
    b.place_name = root ? root->name : "全市";
    schools = JIAODU_TRY(svc_.storage().ListSchools());
  } else {
    const Area area = JIAODU_TRY(svc_.FindArea(place));
    b.place_code = area.code;
    b.place_name = area.name;
    schools = JIAODU_TRY(svc_.storage().ListSchools(area.code));
  }
  std::vector<std::string> codes;
  for (const School& s : schools) codes.push_back(s.code);
  quality::ScoreSet set;
  if (!codes.empty()) {
    // The city reads every set of the test; a county only its schools'.
    set = JIAODU_TRY(svc_.storage().LoadQualityScores(
        test.id, place.empty() ? std::span<const std::string>() : std::span(codes)));
  }
  const std::optional<quality::CutScoreSet> cuts = JIAODU_TRY(CutsOf(test));
  std::map<std::string, const School*> by_code;
  for (const School& s : schools) by_code[s.code] = &s;
  // 城区 / 镇区 / 乡村 of each school of the set, for the gaps.
  std::vector<std::string> labels;
  for (const quality::SchoolName& n : set.schools()) {
    auto it = by_code.find(n.code);
    labels.emplace_back(it == by_code.end() ? "" : LocaleName(it->second->locale));
  }
  const std::vector<std::string> order = {std::string(LocaleName(Locale::kUrban)),
                                          std::string(LocaleName(Locale::kTown)),
                                          std::string(LocaleName(Locale::kRural))};
  std::set<uint32_t> students;
  std::set<uint32_t> with_scores;
  for (const quality::ScoreRow& r : set.rows()) {
    students.insert(r.student);
    with_scores.insert(r.school);
  }
  b.students = students.size();
  b.schools = with_scores.size();
  for (const quality::SubjectReport& rep :
       quality::Summarize(set, cuts ? &*cuts : nullptr, {}, {})) {
    BulletinSubject s;
    s.subject = rep.subject_name;
    s.grade = rep.grade_name;
    if (rep.cuts != nullptr) s.cuts = *rep.cuts;
    s.overall = rep.overall;
    s.between = quality::AnalyseBetweenSchools(rep, labels, order, order.front());
    auto va = quality::EstimateValueAdded(set, rep.subject, rep.grade, {});
    std::map<uint32_t, quality::SchoolEffect> effects;
    if (va) {
      for (const quality::SchoolEffect& e : va->schools) effects[e.school] = e;
      va->schools.clear();
      s.value_added = std::move(*va);
    } else {
      s.value_added_error = va.error();
    }
    for (const quality::SchoolSummary& m : rep.schools) {
      if (m.n == 0) continue;
      BulletinSchool row;
      row.code = set.schools()[m.school].code;
      auto it = by_code.find(row.code);
      if (it != by_code.end()) {
        row.name = it->second->name;
        row.county = it->second->county;
        row.locale = std::string(LocaleName(it->second->locale));
      }
      row.summary = m;
      if (auto e = effects.find(m.school); e != effects.end()) row.effect = e->second;
      s.schools.push_back(std::move(row));
    }
    std::sort(s.schools.begin(), s.schools.end(),
              [](const BulletinSchool& x, const BulletinSchool& y) { return x.code < y.code; });
    b.subjects.push_back(std::move(s));
  }
  return std::shared_ptr<const QualityBulletin>(std::move(bulletin));
}

Result<QualityTrend> QualityService::Trend(std::string_view place, std::string_view grade,
                                           std::string_view subject) {
  QualityTrend out;
  for (const QualityTest& t : JIAODU_TRY(svc_.storage().ListQualityTests())) {
    auto b = JIAODU_TRY(Bulletin(t.id, place));
    for (const BulletinSubject& s : b->subjects) {
      if (s.subject != subject || (!grade.empty() && s.grade != grade)) continue;
      out.points.push_back(QualityTrendPoint{t, SemesterLabel(t.year, t.term), &s});
    }
    out.bulletins.push_back(std::move(b));
  }
  return out;
}

Result<std::string> QualityService::BulletinXlsx(std::string_view test_id, std::string_view place,
                                                 std::string_view user) {
  auto b = JIAODU_TRY(Bulletin(test_id, place));
  auto bytes = JIAODU_TRY(jiaodu::BulletinXlsx(*b));
  JIAODU_TRY_STATUS(svc_.storage().AppendAudit(
      user, "export", fmt::format("导出抽测通报 {} {}", b->place_name, b->test_name)));
  return bytes;
}

Result<std::string> QualityService::Template(std::string_view cuts_id, std::string_view county,
                                             bool wide) {
  ScoreTemplateOptions options;
  if (!cuts_id.empty()) {
    options.cuts = library_.FindCuts(cuts_id);
    if (options.cuts == nullptr) return Fail(UnknownCuts(cuts_id));
  } else {
    options.subjects = {"语文", "数学", "英语"};
  }
  options.wide = wide;
  if (!county.empty()) {
    for (const School& s : JIAODU_TRY(svc_.storage().ListSchools(county)))
      options.schools.emplace_back(s.code, s.name);
  }
  return ScoreTemplateXlsx(options);
}

ImportOutcome QualityService::Import(const std::vector<Service::UploadedFile>& files,
                                     const QualityImportRequest& request, std::string_view user,
                                     JobContext* progress) {
  ImportOutcome out;
  out.summary.files = static_cast<int>(files.size());
  auto fail = [&](const Error& e) {
    out.ok = false;
    out.errors.push_back(e);
    return out;
  };
  QualityTest test;
  test.id = request.test_id;
  test.name = request.name;
  test.year = request.year;
  test.term = request.term;
  if (test.id.empty() || test.name.empty() || (test.term != 1 && test.term != 2)) {
    return fail(Error{ErrorCode::kInvalidInput,
                      "storage.bad_quality_test",
                      Text("请填写抽测编号、名称和学期（第一/第二学期）",
                           "give the test an id, a name and a term (1 or 2)"),
                      {},
                      {}});
  }
  const quality::CutScoreSet* cuts = nullptr;
  if (!request.cuts_id.empty()) {
    cuts = library_.FindCuts(request.cuts_id);
    if (cuts == nullptr) return fail(UnknownCuts(request.cuts_id));
    test.cuts_id = request.cuts_id;
    // The set's own file text, so the stored test keeps the cuts it was
    // marked with whatever later happens to data/quality.
    auto text = library_.cut_texts.find(request.cuts_id);
    if (text == library_.cut_texts.end()) return fail(UnknownCuts(request.cuts_id));
    test.cuts_toml = text->second;
  }
  auto schools = svc_.storage().ListSchools();
  if (!schools) return fail(schools.error());
  ScoreReadOptions options;
  options.cuts = cuts;
  options.grade = request.grade;
  std::map<std::string, std::vector<std::string>> codes_of_name;
  for (const School& s : *schools) {
    options.known_schools.push_back(s.code);
    options.known_schools.push_back(s.name);
    codes_of_name[s.name].push_back(s.code);
  }
  std::vector<ScoreFile> in;
  for (const auto& f : files) in.push_back(ScoreFile{f.name, f.bytes});
  if (progress) progress->Progress(0.0, Text("读取成绩文件", "reading the score files"));
  ScoreRead read = ReadScoreFiles(in, options, [&](double f) {
    if (progress) progress->Progress(0.8 * f, Text("读取并检查成绩文件", "reading and checking"));
  });
  out.summary.students = static_cast<int>(read.rows);
  if (!read.ok()) {
    out.errors = std::move(read.errors);
    return out;
  }
  // Each school of the file as its stored code: the code when the file
  // gives one, else the one school of that name.
  std::vector<std::string> codes;
  for (const quality::SchoolName& n : read.scores.schools()) {
    if (!n.code.empty()) {
      codes.push_back(n.code);
      continue;
    }
    const auto& found = codes_of_name[n.name];
    if (found.size() != 1) {
      return fail(Error{ErrorCode::kInvalidInput,
                        "quality_import.ambiguous_school",
                        Text(fmt::format("学校名称“{}”对应 {} 所学校，请在文件中填写学校标识码",
                                         n.name, found.size()),
                             fmt::format("school name \"{}\" matches {} schools; give the "
                                         "学校标识码 in the file",
                                         n.name, found.size())),
                        {},
                        {}});
    }
    codes.push_back(found.front());
  }
  std::set<std::string> grades(read.scores.grades().begin(), read.scores.grades().end());
  grades.erase("");
  test.grades.assign(grades.begin(), grades.end());
  test.subjects = read.scores.subjects();
  if (progress) progress->Progress(0.85, Text("保存", "saving"));
  QualityImport batch;
  batch.user = std::string(user);
  batch.description = fmt::format("抽测成绩 {}：{} 所学校，{} 条成绩", test.name, codes.size(),
                                  read.scores.rows().size());
  for (const auto& f : files) batch.files.push_back(f.name);
  batch.test = test;
  batch.scores = &read.scores;
  batch.school_codes = codes;
  auto id = svc_.storage().ApplyQualityImport(batch);
  if (!id) return fail(id.error());
  out.ok = true;
  out.import_id = *id;
  out.summary.schools = static_cast<int>(codes.size());
  out.summary.students = static_cast<int>(read.scores.student_count());
  out.summary.years = {test.year.start()};
  std::set<std::string> counties;
  for (const School& s : *schools) {
    if (std::find(codes.begin(), codes.end(), s.code) != codes.end()) counties.insert(s.county);
  }
  out.summary.counties.assign(counties.begin(), counties.end());
  if (progress) progress->Progress(1.0, Text("完成", "done"));
  return out;
}

Result<int64_t> QualityService::Store(const QualityTest& test, const quality::ScoreSet& scores,
                                      std::string_view user, std::string_view description) {
  QualityImport batch;
  batch.user = std::string(user);
  batch.description = std::string(description);
  batch.test = test;
  batch.scores = &scores;
  for (const quality::SchoolName& n : scores.schools()) batch.school_codes.push_back(n.code);
  return svc_.storage().ApplyQualityImport(batch);
}

}  // namespace jiaodu
