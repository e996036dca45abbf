#include "jiaodu/formats/json/quality_json.h"

#include <cmath>

#include "jiaodu/formats/json/evaluation_json.h"

namespace jiaodu::wire {

using nlohmann::json;

std::string_view StandingKey(quality::Standing s) {
  switch (s) {
    case quality::Standing::kAbove:
      return "above";
    case quality::Standing::kBelow:
      return "below";
    case quality::Standing::kWithin:
      return "within";
  }
  return "within";
}

std::string_view IccStatusKey(quality::IccStatus s) {
  switch (s) {
    case quality::IccStatus::kOk:
      return "ok";
    case quality::IccStatus::kOneGroup:
      return "one_group";
    case quality::IccStatus::kNoWithin:
      return "no_within";
    case quality::IccStatus::kNoVariance:
      return "no_variance";
    case quality::IccStatus::kEmpty:
      return "empty";
  }
  return "empty";
}

namespace {

// The domain marks absent per-student means with NaN (quality::kNoValue);
// the wire says null.
json Num(double v) { return std::isfinite(v) ? json(v) : json(); }

json Opt(const std::optional<double>& v) { return v ? Num(*v) : json(); }

json Texts(const std::vector<Text>& texts) {
  json out = json::array();
  for (const Text& t : texts) out.push_back(ToJson(t));
  return out;
}

json CutsJson(const quality::SubjectCuts& c) {
  json levels = json::array();
  for (const quality::CutLevel& l : c.levels) {
    levels.push_back(json{{"name", l.name}, {"min", Opt(l.min)}});
  }
  return json{{"full_marks", c.full_marks},
              {"levels", levels},
              {"pass", c.levels[c.pass_level].name},
              {"excellent", c.levels[c.excellent_level].name}};
}

json DistributionJson(const quality::Distribution& d) {
  json pct = json::array();
  for (const quality::Percentile& p : d.percentiles) {
    pct.push_back(json{{"p", p.p}, {"value", p.value}});
  }
  json levels = json::array();
  for (const quality::LevelCount& l : d.levels) {
    levels.push_back(json{{"name", l.name}, {"count", l.count}, {"share", l.share}});
  }
  return json{
      {"n", d.n},
      {"mean", d.mean},
      {"sd", d.sd},
      {"min", d.min},
      {"max", d.max},
      {"percentiles", pct},
      {"histogram",
       {{"lo", d.histogram.lo}, {"width", d.histogram.width}, {"counts", d.histogram.counts}}},
      {"pass_rate", Opt(d.pass_rate)},
      {"excellent_rate", Opt(d.excellent_rate)},
      {"levels", levels}};
}

json AnovaJson(const quality::VarianceComponents& v) {
  return json{{"schools", v.groups},
              {"students", v.students},
              {"grand_mean", v.grand_mean},
              {"ms_between", v.ms_between},
              {"ms_within", v.ms_within},
              {"n0", v.n0},
              {"sigma2_between_raw", v.sigma2_between_raw},
              {"sigma2_between", v.sigma2_between},
              {"sigma2_within", v.sigma2_within},
              {"truncated", v.truncated},
              {"status", IccStatusKey(v.status)},
              {"icc", Opt(v.icc)},
              {"note", v.note.zh.empty() ? json() : ToJson(v.note)}};
}

json EffectJson(const quality::SchoolEffect& e) {
  return json{{"n", e.n},
              {"raw_mean", e.raw_mean},
              {"raw_effect", e.raw_effect},
              {"shrinkage", e.shrinkage},
              {"effect", e.effect},
              {"posterior_sd", e.posterior_sd},
              {"low", e.low},
              {"high", e.high},
              {"adjusted_mean", e.adjusted_mean},
              {"standing", StandingKey(e.standing)}};
}

json SchoolRowJson(const BulletinSchool& s) {
  const quality::SchoolSummary& m = s.summary;
  return json{{"code", s.code},
              {"name", s.name},
              {"county", s.county},
              {"locale", s.locale},
              {"n", m.n},
              {"mean", m.mean},
              {"sd", m.sd},
              {"ci_low", Opt(m.ci_low)},
              {"ci_high", Opt(m.ci_high)},
              {"pass_rate", Opt(m.pass_rate)},
              {"excellent_rate", Opt(m.excellent_rate)},
              {"level_counts", m.level_counts},
              {"mean_background", Num(m.mean_background)},
              {"mean_prior", Num(m.mean_prior)},
              {"effect", s.effect ? EffectJson(*s.effect) : json()}};
}

json ValueAddedJson(const BulletinSubject& s) {
  if (!s.value_added) return json();
  const quality::ValueAdded& va = *s.value_added;
  int above = 0;
  int below = 0;
  for (const BulletinSchool& school : s.schools) {
    if (!school.effect) continue;
    above += school.effect->standing == quality::Standing::kAbove;
    below += school.effect->standing == quality::Standing::kBelow;
  }
  return json{{"covariates", va.covariates},
              {"coefficients", va.coefficients},
              {"r2", va.r2},
              {"students", va.students},
              {"excluded", va.excluded},
              {"mean_score", va.mean_score},
              {"residual", AnovaJson(va.residual)},
              {"z", va.z},
              {"above", above},
              {"below", below},
              {"notes", Texts(va.notes)}};
}

// The local estimate beside the national figure, each with its label, so
// no screen can show one without saying which it is (Q8).
json DiffRateJson(const BulletinSubject& s, const std::optional<NationalFigures>& national) {
  json j{{"local", Opt(s.between.anova.icc)},
         {"local_label", ToJson(Text("校际差异率（本地估计）",
                                     "between-school share of variance (local estimate)"))},
         {"local_note", s.between.anova.note.zh.empty() ? json() : ToJson(s.between.anova.note)},
         {"national", json()},
         {"national_label", ToJson(Text("国家监测校际差异率（各科最大值，县级填报）",
                                        "national monitoring rate (largest subject, as entered)"))},
         {"national_year", json()}};
  if (national && national->max_diff_rate) {
    j["national"] = *national->max_diff_rate;
    j["national_year"] = national->year;
  }
  return j;
}

json SubjectJson(const BulletinSubject& s, const std::optional<NationalFigures>& national) {
  json gaps = json::array();
  for (const quality::GroupGap& g : s.between.gaps) {
    gaps.push_back(json{{"label", g.label},
                        {"schools", g.schools},
                        {"students", g.students},
                        {"mean", g.mean},
                        {"sd", g.sd},
                        {"gap", g.gap},
                        {"gap_in_sd", Opt(g.gap_in_sd)}});
  }
  json schools = json::array();
  for (const BulletinSchool& school : s.schools) schools.push_back(SchoolRowJson(school));
  return json{{"subject", s.subject},
              {"grade", s.grade},
              {"cuts", s.cuts ? CutsJson(*s.cuts) : json()},
              {"overall", DistributionJson(s.overall)},
              {"between",
               {{"anova", AnovaJson(s.between.anova)},
                {"cv_of_means", Opt(s.between.cv_of_means)},
                {"gaps", gaps},
                {"reference", s.between.reference}}},
              {"diff_rate", DiffRateJson(s, national)},
              {"value_added", ValueAddedJson(s)},
              {"value_added_error", s.value_added_error ? ToJson(*s.value_added_error) : json()},
              {"schools", schools}};
}

json TestRefJson(const QualityTest& t, std::string_view semester) {
  return json{{"id", t.id},
              {"name", t.name},
              {"year", ToJson(t.year)},
              {"term", t.term},
              {"semester", semester}};
}

}  // namespace

json QualityTestJson(const QualityTest& test, std::string_view semester, int schools, int students,
                     int scores) {
  json j = TestRefJson(test, semester);
  j["grades"] = test.grades;
  j["subjects"] = test.subjects;
  j["cuts_id"] = test.cuts_id;
  j["created_at"] = test.created_at;
  j["created_by"] = test.created_by;
  j["schools"] = schools;
  j["students"] = students;
  j["scores"] = scores;
  return j;
}

json QualityBulletinJson(const QualityBulletin& b, const std::optional<NationalFigures>& national) {
  json subjects = json::array();
  for (const BulletinSubject& s : b.subjects) subjects.push_back(SubjectJson(s, national));
  json nat;
  if (national) {
    nat = json{{"min_level", national->min_level ? json(*national->min_level) : json()},
               {"max_diff_rate", Opt(national->max_diff_rate)},
               {"year", national->year}};
  }
  return json{{"test", {{"id", b.test_id}, {"name", b.test_name}, {"semester", b.semester}}},
              {"place", {{"code", b.place_code}, {"name", b.place_name}}},
              {"schools", b.schools},
              {"students", b.students},
              {"national", nat},
              {"subjects", subjects}};
}

std::optional<json> QualitySchoolJson(const QualityBulletin& b, std::string_view code) {
  json subjects = json::array();
  json school;
  for (const BulletinSubject& s : b.subjects) {
    const BulletinSchool* mine = nullptr;
    for (const BulletinSchool& row : s.schools) {
      if (row.code == code) mine = &row;
    }
    if (mine == nullptr) continue;
    // Competition rank by mean: how many schools did strictly better, + 1
    // (docs/quality.md Q12).
    int rank = 1;
    for (const BulletinSchool& row : s.schools) rank += row.summary.mean > mine->summary.mean;
    if (school.is_null()) {
      school = json{{"code", mine->code},
                    {"name", mine->name},
                    {"county", mine->county},
                    {"locale", mine->locale}};
    }
    subjects.push_back(json{{"subject", s.subject},
                            {"grade", s.grade},
                            {"cuts", s.cuts ? CutsJson(*s.cuts) : json()},
                            {"school", SchoolRowJson(*mine)},
                            {"county", DistributionJson(s.overall)},
                            {"difference", mine->summary.mean - s.overall.mean},
                            {"rank", rank},
                            {"of", s.schools.size()},
                            {"local_icc", Opt(s.between.anova.icc)}});
  }
  if (subjects.empty()) return std::nullopt;
  return json{{"test", {{"id", b.test_id}, {"name", b.test_name}, {"semester", b.semester}}},
              {"school", school},
              {"county", {{"code", b.place_code}, {"name", b.place_name}}},
              {"subjects", subjects}};
}

json QualityTrendPointJson(const QualityTest& test, std::string_view semester,
                           const BulletinSubject& s) {
  json levels = json::array();
  for (const quality::LevelCount& l : s.overall.levels) {
    levels.push_back(json{{"name", l.name}, {"count", l.count}, {"share", l.share}});
  }
  return json{{"test", TestRefJson(test, semester)},
              {"subject", s.subject},
              {"grade", s.grade},
              {"full_marks", s.cuts ? json(s.cuts->full_marks) : json()},
              {"n", s.overall.n},
              {"schools", s.schools.size()},
              {"mean", s.overall.mean},
              {"sd", s.overall.sd},
              {"pass_rate", Opt(s.overall.pass_rate)},
              {"excellent_rate", Opt(s.overall.excellent_rate)},
              {"levels", levels},
              {"local_icc", Opt(s.between.anova.icc)},
              {"cv_of_means", Opt(s.between.cv_of_means)}};
}

}  // namespace jiaodu::wire
