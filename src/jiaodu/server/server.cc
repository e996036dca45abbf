#include "jiaodu/server/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "jiaodu/core/text.h"
#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/formats/pdf/report_pdf.h"
#include "jiaodu/formats/report_xlsx/report_xlsx.h"
#include "jiaodu/server/access_guard.h"
#include "jiaodu/server/auth_routes.h"
#include "jiaodu/server/fitness_routes.h"
#include "jiaodu/server/http_util.h"
#include "jiaodu/server/plan_routes.h"
#include "jiaodu/server/planning_routes.h"
#include "jiaodu/server/quality_routes.h"
#include "jiaodu/server/review_routes.h"
#include "jiaodu/server/rotation_routes.h"
#include "jiaodu/server/school_eval_routes.h"
#include "jiaodu/server/task_routes.h"

namespace jiaodu {
namespace {

using nlohmann::json;
namespace J = jiaodu::wire;
using http::Attachment;
using http::BadRequest;
using http::kJson;
using http::kPdf;
using http::kXlsx;
using http::ReadUpload;
using http::SendError;
using http::SendFile;
using http::SendJson;
using http::SendXlsx;
using http::Upload;
using http::Wrap;

// A school's JSON with what the preschool standard counts it as: 普惠
// recognition, and for kindergartens 公办园 / 普惠性民办园 / 非普惠民办园.
json SchoolJson(const School& s) {
  json j = J::ToJson(s);
  j["inclusive"] = s.inclusive;
  j["category"] = s.type == SchoolType::kKindergarten ? json(KindergartenCategory(s)) : json();
  return j;
}

json MetaStandards(const StandardLibrary& lib) {
  json out = json::array();
  for (const auto& s : lib.standards) {
    json stages = json::array();
    for (Stage st : s->stages) stages.push_back(StageKey(st));
    out.push_back(json{{"id", s->id},
                       {"title", J::ToJson(s->title)},
                       {"short_title", J::ToJson(s->short_title)},
                       {"report_title", J::ToJson(s->report_title)},
                       {"catalog", s->catalog->id()},
                       {"dataset", s->catalog->dataset()},
                       {"member_noun", J::ToJson(s->catalog->member_noun())},
                       {"stages", stages},
                       {"document", s->document},
                       {"issuer", s->issuer},
                       {"version", s->version},
                       {"parent", s->parent_id.empty() ? json() : json(s->parent_id)},
                       {"family", s->family_id},
                       {"changes", s->changes.size()}});
  }
  return out;
}

}  // namespace

struct HttpServer::Impl {
  Service& svc;
  ServerOptions opt;
  ServerModules mod;
  httplib::Server http;
  JobQueue jobs;

  std::atomic<int> bound_port{0};

  Impl(Service& s, ServerOptions o, ServerModules m) : svc(s), opt(std::move(o)), mod(m) {}

  // ?year= or the latest year with data.
  Result<AcademicYear> Year(const httplib::Request& req) {
    if (req.has_param("year")) {
      AcademicYear y = JIAODU_TRY(AcademicYear::Parse(req.get_param_value("year")));
      auto years = JIAODU_TRY(svc.storage().ListYears());
      if (std::find(years.begin(), years.end(), y) == years.end()) {
        return Fail(
            ErrorCode::kNotFound, "app.no_data_for_year",
            Text(fmt::format("{}没有数据：请先导入该学年的学校数据", y.Label()),
                 fmt::format("no data for {}: import that year's school data first", y.LabelEn())));
      }
      return y;
    }
    // The latest year with data in the standard's dataset (preschool data
    // may lag the compulsory data by a year).
    auto latest = JIAODU_TRY(svc.LatestYear(StandardId(req)));
    if (!latest) {
      return Fail(ErrorCode::kNotFound, "app.no_data",
                  Text("还没有任何数据：请先导入学校数据或运行 jiaodu demo",
                       "no data yet: import school data or run `jiaodu demo`"));
    }
    return *latest;
  }
  std::string StandardId(const httplib::Request& req) {
    return req.has_param("standard") ? req.get_param_value("standard")
                                     : std::string(kDefaultStandard);
  }

  void Routes() {
    http.Get("/api/meta", Wrap([this](const httplib::Request&, httplib::Response& res) -> Status {
               auto years = JIAODU_TRY(svc.storage().ListYears());
               json ys = json::array();
               for (const auto& y : years) ys.push_back(y.start());
               auto root = JIAODU_TRY(svc.Root());
               SendJson(res,
                        json{{"app", "jiaodu"},
                             {"version", "0.1.0"},
                             {"storage", svc.storage().Describe()},
                             {"standards", MetaStandards(svc.library())},
                             {"default_standard", kDefaultStandard},
                             {"years", ys},
                             {"latest_year", years.empty() ? json() : json(years.back().start())},
                             {"root", root ? J::ToJson(*root) : json()},
                             {"data_version", JIAODU_TRY(svc.storage().DataVersion())}});
               return Ok();
             }));

    http.Get("/api/areas", Wrap([this](const httplib::Request&, httplib::Response& res) -> Status {
               json out = json::array();
               for (const Area& a : JIAODU_TRY(svc.storage().ListAreas()))
                 out.push_back(J::ToJson(a));
               SendJson(res, json{{"areas", out}});
               return Ok();
             }));

    http.Get("/api/standards",
             Wrap([this](const httplib::Request&, httplib::Response& res) -> Status {
               SendJson(res, json{{"standards", MetaStandards(svc.library())}});
               return Ok();
             }));

    // Which variant of each standard family the county is judged by.
    http.Get(R"(/api/counties/(\d+)/standards)",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               json out = json::object();
               for (const auto& s : svc.library().standards) {
                 if (!s->parent_id.empty()) continue;
                 auto chosen = JIAODU_TRY(svc.StandardFor(req.matches[1].str(), s->id));
                 out[s->id] = chosen->id;
               }
               SendJson(res, json{{"county", req.matches[1].str()}, {"standards", out}});
               return Ok();
             }));

    http.Put(R"(/api/counties/(\d+)/standards)",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               json body = json::parse(req.body, nullptr, false);
               if (body.is_discarded() || !body.is_object() || !body.contains("standard") ||
                   !body["standard"].is_string()) {
                 return Fail(BadRequest("http.bad_json", "请求须为 {\"standard\": \"标准编号\"}",
                                        "body must be {\"standard\": \"id\"}"));
               }
               JIAODU_TRY_STATUS(
                   svc.SetCountyStandard(req.matches[1].str(), body["standard"].get<std::string>(),
                                         http::ActingUser(body.value("user", "网页用户"))));
               SendJson(res, json{{"ok", true}});
               return Ok();
             }));

    http.Get(R"(/api/standards/([A-Za-z0-9_.-]+))",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               auto st = JIAODU_TRY(svc.FindStandard(req.matches[1].str()));
               SendJson(res, J::ToJson(*st));
               return Ok();
             }));

    http.Get(R"(/api/catalogs/([A-Za-z0-9_.-]+))",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               const FieldCatalog* c = svc.library().FindCatalog(req.matches[1].str());
               if (c == nullptr) {
                 return Fail(ErrorCode::kNotFound, "app.not_found",
                             Text("字段目录不存在", "catalog not found"));
               }
               SendJson(res, J::ToJson(*c));
               return Ok();
             }));

    http.Get("/api/overview",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               AcademicYear year = JIAODU_TRY(Year(req));
               std::string code = req.get_param_value("area");
               if (code.empty()) {
                 auto root = JIAODU_TRY(svc.Root());
                 if (!root)
                   return Fail(ErrorCode::kNotFound, "app.no_data",
                               Text("还没有任何行政区划数据", "no areas yet"));
                 code = root->code;
               }
               Area area = JIAODU_TRY(svc.FindArea(code));
               auto evals = JIAODU_TRY(svc.EvaluateArea(code, year, StandardId(req)));
               json counties = json::array();
               int pass = 0;
               int fail = 0;
               int incomplete = 0;
               int schools = 0;
               double students = 0;
               for (const auto& e : evals) {
                 counties.push_back(J::CountySummary(*e));
                 pass += e->verdict == Verdict::kPass ? 1 : 0;
                 fail += e->verdict == Verdict::kFail ? 1 : 0;
                 incomplete += e->verdict == Verdict::kIncomplete ? 1 : 0;
                 // A 九年一贯制学校 is evaluated in both stages but is one school.
                 std::set<std::string> codes;
                 for (const auto& sr : e->stages) {
                   for (const auto& sec : sr.sections) codes.insert(sec.school_code);
                   students += sr.students;
                 }
                 schools += static_cast<int>(codes.size());
               }
               SendJson(res, json{{"area", J::ToJson(area)},
                                  {"year", J::ToJson(year)},
                                  {"standard", StandardId(req)},
                                  {"counties", counties},
                                  {"totals",
                                   {{"counties", evals.size()},
                                    {"pass", pass},
                                    {"fail", fail},
                                    {"incomplete", incomplete},
                                    {"schools", schools},
                                    {"students", students}}}});
               return Ok();
             }));

    // Every year with data, for the year-over-year view of a county's CVs.
    http.Get(R"(/api/counties/(\d+)/trend)",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               json years = json::array();
               for (const AcademicYear& y : JIAODU_TRY(svc.storage().ListYears())) {
                 auto e = JIAODU_TRY(svc.EvaluateCounty(req.matches[1].str(), y, StandardId(req)));
                 json row = J::CountySummary(*e);
                 row["year"] = J::ToJson(y);
                 years.push_back(std::move(row));
               }
               SendJson(res, json{{"county", req.matches[1].str()},
                                  {"standard", StandardId(req)},
                                  {"years", years}});
               return Ok();
             }));

    http.Get(R"(/api/counties/(\d+)/evaluation)",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               AcademicYear year = JIAODU_TRY(Year(req));
               auto e = JIAODU_TRY(svc.EvaluateCounty(req.matches[1].str(), year, StandardId(req)));
               SendJson(res, J::ToJson(*e));
               return Ok();
             }));

    http.Get(
        R"(/api/counties/(\d+)/data)",
        Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
          AcademicYear year = JIAODU_TRY(Year(req));
          auto st = JIAODU_TRY(svc.FindStandard(StandardId(req)));
          auto r = JIAODU_TRY(svc.CountyData(req.matches[1].str(), year, st->catalog->id()));
          SendJson(res, json{{"county", r ? J::CountyRecordToJson(*st->catalog, *r) : json()}});
          return Ok();
        }));

    http.Put(
        R"(/api/counties/(\d+)/data)",
        Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
          AcademicYear year = JIAODU_TRY(Year(req));
          json body = json::parse(req.body, nullptr, false);
          if (body.is_discarded() || !body.is_object()) {
            return Fail(BadRequest("http.bad_json", "请求内容不是有效的 JSON",
                                   "request body is not valid JSON"));
          }
          CountyEdit edit;
          edit.user = http::ActingUser(body.value("user", ""));
          if (body.contains("values") && body["values"].is_object()) {
            for (const auto& [k, v] : body["values"].items()) {
              if (v.is_null()) {
                edit.values[k] = std::nullopt;
              } else if (v.is_number()) {
                edit.values[k] = v.get<double>();
              } else {
                return Fail(BadRequest("http.bad_value", fmt::format("字段“{}”的值应为数字", k),
                                       fmt::format("value of \"{}\" must be a number", k)));
              }
            }
          }
          if (body.contains("judgments") && body["judgments"].is_object()) {
            for (const auto& [k, v] : body["judgments"].items()) {
              if (!v.is_object()) continue;
              Judgment j;
              j.status = JIAODU_TRY(ParseJudgmentStatus(v.value("status", "")));
              j.note = v.value("note", "");
              j.evidence = v.value("evidence", "");
              edit.judgments[k] = j;
            }
          }
          if (body.contains("vetoes") && body["vetoes"].is_object()) {
            for (const auto& [k, v] : body["vetoes"].items()) {
              if (!v.is_object() || !v.contains("occurred") || !v["occurred"].is_boolean()) {
                return Fail(BadRequest("http.bad_value",
                                       fmt::format("一票否决“{}”须给出是否存在（true/false）", k),
                                       fmt::format("veto \"{}\" needs occurred: true/false", k)));
              }
              edit.vetoes[k] = VetoRecord{v["occurred"].get<bool>(), v.value("note", "")};
            }
          }
          int64_t id =
              JIAODU_TRY(svc.EditCountyData(req.matches[1].str(), year, edit, StandardId(req)));
          SendJson(res, json{{"import_id", id}});
          return Ok();
        }));

    http.Get("/api/schools",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               auto schools = JIAODU_TRY(svc.storage().ListSchools(req.get_param_value("county")));
               // With ?standard=: only the schools with data in its dataset
               // for the year (kindergartens and 附设幼儿班 for 普及普惠).
               if (req.has_param("standard")) {
                 auto st = JIAODU_TRY(svc.FindStandard(StandardId(req)));
                 AcademicYear year = JIAODU_TRY(Year(req));
                 std::vector<std::string> counties;
                 if (req.has_param("county")) counties.push_back(req.get_param_value("county"));
                 std::set<std::string> with_data;
                 for (const auto& r :
                      JIAODU_TRY(svc.storage().LoadSchoolYears(*st->catalog, year, counties))) {
                   with_data.insert(r.school.code);
                 }
                 std::erase_if(schools, [&](const School& s) { return !with_data.count(s.code); });
               }
               json out = json::array();
               for (const School& s : schools) {
                 json j = SchoolJson(s);
                 json stages = json::array();
                 for (Stage st : StagesOf(s.type)) stages.push_back(StageKey(st));
                 j["stages"] = stages;
                 out.push_back(j);
               }
               SendJson(res, json{{"schools", out}});
               return Ok();
             }));

    http.Get(
        R"(/api/schools/(\d+))",
        Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
          AcademicYear year = JIAODU_TRY(Year(req));
          auto requested = JIAODU_TRY(svc.FindStandard(StandardId(req)));
          SchoolDetail d = JIAODU_TRY(svc.SchoolInfo(req.matches[1].str(), year, requested->id));
          // The standard it was judged by: the county's variant of the one asked for.
          const Standard& st = *d.standard;
          json results = json::array();
          CountyEvaluation tmp;  // reuse the section mapping of the county JSON
          for (const SectionResult& s : d.results) {
            StageResult sr;
            sr.stage = s.stage;
            sr.sections.push_back(s);
            tmp.stages.push_back(sr);
          }
          json shaped = J::ToJson(tmp);
          for (const auto& sj : shaped["stages"]) {
            for (const auto& sec : sj["sections"]) results.push_back(sec);
          }
          json excluded = json::array();
          for (const ExcludedSection& x : d.excluded) {
            excluded.push_back(json{{"stage", StageKey(x.stage)}, {"reason", J::ToJson(x.reason)}});
          }
          json means = json::object();
          for (const auto& [stage, m] : d.county_means) means[std::string(StageKey(stage))] = m;
          json history = json::array();
          for (const VersionInfo& v : d.history) {
            history.push_back(json{{"import_id", v.import_id},
                                   {"created_at", v.created_at},
                                   {"user", v.user},
                                   {"description", v.description},
                                   {"current", v.current}});
          }
          SendJson(res, json{{"school", SchoolJson(d.school)},
                             {"county", {{"code", d.county.code}, {"name", d.county.name}}},
                             {"year", J::ToJson(year)},
                             {"standard", st.id},
                             {"catalog", st.catalog->id()},
                             {"data", J::RecordToJson(*st.catalog, d.record)},
                             {"results", results},
                             {"excluded", excluded},
                             {"county_means", means},
                             {"history", history}});
          return Ok();
        }));

    http.Get("/api/template.xlsx",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               std::optional<AcademicYear> year;
               if (req.has_param("year"))
                 year = JIAODU_TRY(AcademicYear::Parse(req.get_param_value("year")));
               std::string county = req.get_param_value("county");
               std::string bytes = JIAODU_TRY(svc.Template(county, year, StandardId(req)));
               std::string name = "学校基础数据填报模板.xlsx";
               if (!county.empty()) {
                 Area a = JIAODU_TRY(svc.FindArea(county));
                 name = fmt::format("{}学校基础数据填报模板.xlsx", a.name);
               }
               SendXlsx(res, std::move(bytes), name);
               return Ok();
             }));

    http.Post("/api/imports",
              Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
                Upload up = JIAODU_TRY(ReadUpload(req));
                std::string std_id = StandardId(req);
                std::string id = jobs.Submit([this, up = std::move(up), std_id](JobContext& ctx) {
                  return svc.ImportFiles(up.files, up.user, &ctx, std_id);
                });
                SendJson(res, json{{"job", id}}, 202);
                return Ok();
              }));

    http.Get(R"(/api/jobs/([A-Za-z0-9-]+))",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               auto s = http::VisibleJob(jobs, req.matches[1].str());
               if (!s)
                 return Fail(ErrorCode::kNotFound, "job.not_found",
                             Text("任务不存在或已过期", "job not found or expired"));
               json result;
               if (s->result) {
                 json errors = json::array();
                 for (const Error& e : s->result->errors) errors.push_back(J::ToJson(e));
                 const ImportSummary& sum = s->result->summary;
                 result = json{
                     {"ok", s->result->ok},
                     {"import_id", s->result->import_id ? json(*s->result->import_id) : json()},
                     {"errors", errors},
                     {"summary",
                      {{"files", sum.files},
                       {"schools", sum.schools},
                       {"school_years", sum.school_years},
                       {"county_years", sum.county_years},
                       {"students", sum.students},
                       {"areas", sum.areas},
                       {"years", sum.years},
                       {"counties", sum.counties}}}};
               }
               // An export's file once done (downloaded from /api/jobs/{id}/file),
               // and why it failed.
               json file;
               if (s->file) {
                 file = json{{"name", s->file->name},
                             {"size", s->file->bytes.size()},
                             {"content_type", s->file->content_type}};
               }
               SendJson(res, json{{"id", s->id},
                                  {"kind", JobKindKey(s->kind)},
                                  {"state", JobStateKey(s->state)},
                                  {"progress", s->progress},
                                  {"step", J::ToJson(s->step)},
                                  {"result", result},
                                  {"file", file},
                                  {"file_expired", s->file_expired},
                                  {"error", s->error ? J::ToJson(*s->error) : json()}});
               return Ok();
             }));

    // The file an export job made. Streamed from the job's shared copy, so
    // a download neither copies a city workbook nor loses it if the queue
    // drops the file meanwhile.
    http.Get(R"(/api/jobs/([A-Za-z0-9-]+)/file)",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               auto s = http::VisibleJob(jobs, req.matches[1].str());
               if (!s)
                 return Fail(ErrorCode::kNotFound, "job.not_found",
                             Text("任务不存在或已过期", "job not found or expired"));
               if (s->state == JobState::kQueued || s->state == JobState::kRunning) {
                 return Fail(ErrorCode::kFailedPrecondition, "job.not_finished",
                             Text("任务尚未完成，请等进度到 100% 再下载",
                                  "the job has not finished yet: download when it is done"));
               }
               if (s->file_expired) {
                 return Fail(
                     ErrorCode::kNotFound, "job.file_expired",
                     Text("导出的文件已不在服务器上（只保留 1 小时和最近的几份），请重新导出",
                          "the exported file is no longer kept (1 hour, the latest "
                          "few only): export again"));
               }
               if (!s->file) {
                 return Fail(ErrorCode::kNotFound, "job.no_file",
                             Text("该任务没有可下载的文件（导入任务，或导出失败）",
                                  "this job has no file to download (an import, or a failed "
                                  "export)"));
               }
               std::shared_ptr<const JobFile> file = s->file;
               res.status = 200;
               res.set_header("Content-Disposition", Attachment(file->name));
               res.set_content_provider(
                   file->bytes.size(), file->content_type,
                   [file](size_t offset, size_t length, httplib::DataSink& sink) {
                     constexpr size_t kChunk = size_t{1} << 20;
                     return sink.write(file->bytes.data() + offset, std::min(length, kChunk));
                   });
               return Ok();
             }));

    http.Get(R"(/api/jobs/([A-Za-z0-9-]+)/errors\.xlsx)",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               auto s = http::VisibleJob(jobs, req.matches[1].str());
               if (!s || !s->result) {
                 return Fail(ErrorCode::kNotFound, "job.not_found",
                             Text("任务不存在或尚未完成", "job not found or not finished"));
               }
               std::string bytes = JIAODU_TRY(ErrorWorkbookXlsx(s->result->errors, "导入错误清单"));
               SendXlsx(res, std::move(bytes), "导入错误清单.xlsx");
               return Ok();
             }));

    http.Get("/api/imports",
             Wrap([this](const httplib::Request&, httplib::Response& res) -> Status {
               json out = json::array();
               for (const ImportInfo& i : JIAODU_TRY(svc.storage().ListImports(200))) {
                 out.push_back(json{{"id", i.id},
                                    {"kind", i.kind},
                                    {"created_at", i.created_at},
                                    {"user", i.user},
                                    {"description", i.description},
                                    {"files", i.files},
                                    {"school_years", i.school_years},
                                    {"county_years", i.county_years},
                                    {"years", i.years},
                                    {"undone", i.undone},
                                    {"undone_at", i.undone_at},
                                    {"undone_by", i.undone_by}});
               }
               SendJson(res, json{{"imports", out}});
               return Ok();
             }));

    http.Post(R"(/api/imports/(\d+)/undo)",
              Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
                json body = json::parse(req.body, nullptr, false);
                if (body.is_discarded() || !body.is_object() || !body.value("confirm", false)) {
                  return Fail(BadRequest("http.confirm_required", "撤销导入须确认（confirm: true）",
                                         "undo must be confirmed (confirm: true)"));
                }
                int64_t id = 0;
                std::string digits = req.matches[1].str();
                auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
                if (ec != std::errc()) {
                  return Fail(ErrorCode::kNotFound, "storage.no_import",
                              Text(fmt::format("导入记录 #{} 不存在", digits),
                                   fmt::format("import #{} not found", digits)));
                }
                JIAODU_TRY_STATUS(
                    svc.storage().UndoImport(id, http::ActingUser(body.value("user", "网页用户"))));
                SendJson(res, json{{"ok", true}});
                return Ok();
              }));

    // A county's results as a file: the evaluation and the standard it was
    // judged by (the county's variant of the one asked for).
    auto county_export = [this](const char* ext, const char* what, auto render) {
      return Wrap([this, ext, what, render](const httplib::Request& req,
                                            httplib::Response& res) -> Status {
        AcademicYear year = JIAODU_TRY(Year(req));
        auto e = JIAODU_TRY(svc.EvaluateCounty(req.matches[1].str(), year, StandardId(req)));
        auto st = JIAODU_TRY(svc.FindStandard(e->standard_id));
        std::string bytes = JIAODU_TRY(render(*st, *e));
        JIAODU_TRY_STATUS(svc.storage().AppendAudit(
            "网页用户", "export",
            fmt::format("导出{}{}{}{}", e->county_name, year.Label(), st->report_title.zh, what)));
        // 城关区2024-2025学年义务教育优质均衡发展督导评估结果.xlsx
        SendFile(res, std::move(bytes),
                 fmt::format("{}{}{}{}.{}", e->county_name, year.Label(), st->report_title.zh, what,
                             ext),
                 std::string_view(ext) == "pdf" ? kPdf : kXlsx);
        return Ok();
      });
    };
    http.Get(R"(/api/export/county/(\d+)\.xlsx)",
             county_export("xlsx", "结果", [](const Standard& st, const CountyEvaluation& e) {
               return CountyReportXlsx(st, e);
             }));
    // The self-evaluation report's annex tables (自评报告附表), printable.
    http.Get(
        R"(/api/export/county/(\d+)\.pdf)",
        county_export("pdf", "自评报告附表", [](const Standard& st, const CountyEvaluation& e) {
          return CountyReportPdf(st, e);
        }));

    http.Get(R"(/api/export/city/(\d+)\.xlsx)",
             Wrap([this](const httplib::Request& req, httplib::Response& res) -> Status {
               AcademicYear year = JIAODU_TRY(Year(req));
               auto st = JIAODU_TRY(svc.FindStandard(StandardId(req)));
               Area area = JIAODU_TRY(svc.FindArea(req.matches[1].str()));
               auto evals = JIAODU_TRY(svc.EvaluateArea(area.code, year, st->id));
               std::vector<CountyEvaluation> copies;
               for (const auto& e : evals) copies.push_back(*e);
               std::string bytes = JIAODU_TRY(CityReportXlsx(*st, area.name, year, copies));
               JIAODU_TRY_STATUS(svc.storage().AppendAudit(
                   "网页用户", "export", fmt::format("导出{}{}各县汇总", area.name, year.Label())));
               SendXlsx(res, std::move(bytes),
                        fmt::format("{}{}各县区{}汇总.xlsx", area.name, year.Label(),
                                    st->report_title.zh));
               return Ok();
             }));

    http.Get("/api/audit", Wrap([this](const httplib::Request&, httplib::Response& res) -> Status {
               json out = json::array();
               for (const AuditEntry& a : JIAODU_TRY(svc.storage().ListAudit(500))) {
                 out.push_back(json{{"id", a.id},
                                    {"at", a.at},
                                    {"user", a.user},
                                    {"action", a.action},
                                    {"detail", a.detail}});
               }
               SendJson(res, json{{"entries", out}});
               return Ok();
             }));
  }
};

HttpServer::HttpServer(Service& service, ServerOptions options, ServerModules modules)
    : impl_(std::make_unique<Impl>(service, std::move(options), modules)) {}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::port() const { return impl_->bound_port.load(); }

void HttpServer::Stop() {
  if (impl_ && impl_->http.is_running()) impl_->http.stop();
}

Status HttpServer::Run(const std::function<void()>& on_listening) {
  httplib::Server& http = impl_->http;
  const ServerOptions& opt = impl_->opt;
  int threads = opt.threads;
  // One worker per keep-alive connection: browsers open ~6 per host.
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  // Without it, keep-alive requests stall ~40 ms on delayed ACKs (measured:
  // 150 → 36,000 req/s; docs/cpp-stack notes).
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(opt.max_upload);
  http.set_read_timeout(30, 0);
  http.set_write_timeout(30, 0);
  http.set_file_extension_and_mimetype_mapping("xlsx", kXlsx);
  http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
  // Overlapping multi-range requests on static files can exhaust memory in
  // this cpp-httplib version; nobody needs them.
  // Then role and area, before any handler (access_guard.h).
  JIAODU_TRY_STATUS(http::CheckListenAddress(opt.host, impl_->mod.access));
  std::shared_ptr<http::AccessGuard> guard;
  if (impl_->mod.access) {
    guard = std::make_shared<http::AccessGuard>(*impl_->mod.access, impl_->svc);
    // Jobs belong to who submits them (http::VisibleJob).
    impl_->jobs.SetOwnerSource([] {
      const Caller* c = http::CurrentCaller();
      return c != nullptr ? c->principal.login : std::string();
    });
  }
  http.set_pre_routing_handler([guard](const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("Range") && req.get_header_value("Range").find(',') != std::string::npos) {
      res.status = 416;
      return httplib::Server::HandlerResponse::Handled;
    }
    if (guard) return guard->Check(req, res);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
    }
    spdlog::error("unhandled exception on {} {}: {}", req.method, req.path, what);
    SendJson(res,
             json{{"error",
                   {{"code", "internal"},
                    {"id", "http.internal"},
                    {"message",
                     {{"zh", "服务器内部错误，请联系管理员"}, {"en", "internal server error"}}}}}},
             500);
  });
  http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    if (req.path.rfind("/api/", 0) == 0) spdlog::info("{} {} {}", req.method, req.path, res.status);
  });
  impl_->Routes();
  const ServerModules& mod = impl_->mod;
  if (mod.fitness) http::AddFitnessRoutes(http, *mod.fitness, impl_->jobs);
  if (mod.plans) http::AddPlanRoutes(http, *mod.plans);
  if (mod.tasks) http::AddTaskRoutes(http, *mod.tasks);
  if (mod.rotation) http::AddRotationRoutes(http, *mod.rotation, impl_->jobs);
  if (mod.quality) http::AddQualityRoutes(http, *mod.quality, impl_->svc, impl_->jobs);
  if (mod.access) http::AddAuthRoutes(http, *mod.access);
  if (mod.planning) http::AddPlanningRoutes(http, *mod.planning);
  if (mod.review) http::AddReviewRoutes(http, *mod.review);
  if (mod.school_eval) http::AddSchoolEvalRoutes(http, *mod.school_eval, impl_->jobs);
  http.Get("/api/.*", [](const httplib::Request&, httplib::Response& res) {
    SendJson(res,
             json{{"error",
                   {{"code", "not_found"},
                    {"id", "http.no_route"},
                    {"message", {{"zh", "接口不存在"}, {"en", "no such API route"}}}}}},
             404);
  });
  if (!opt.web_dir.empty() && !http.set_mount_point("/", opt.web_dir)) {
    return Fail(
        ErrorCode::kNotFound, "server.no_web_dir",
        Text(fmt::format("网页目录 {} 不存在（请先构建前端：cd web && npm ci && npm run build）",
                         opt.web_dir),
             fmt::format("web directory {} not found (build it: cd web && npm ci && npm run build)",
                         opt.web_dir)));
  }
  if (opt.port == 0) {
    // Any free port (tests); reported by port().
    int port = http.bind_to_any_port(opt.host);
    if (port > 0) {
      impl_->bound_port = port;
      if (on_listening) on_listening();
      if (!http.listen_after_bind()) {
        return Fail(ErrorCode::kIo, "server.listen",
                    Text("服务异常停止", "server stopped unexpectedly"));
      }
      return Ok();
    }
  }
  impl_->bound_port = opt.port;
  if (opt.port == 0 || !http.bind_to_port(opt.host, opt.port)) {
    return Fail(ErrorCode::kIo, "server.bind",
                Text(fmt::format("无法监听 {}:{}（端口可能已被占用）", opt.host, opt.port),
                     fmt::format("cannot listen on {}:{} (port in use?)", opt.host, opt.port)));
  }
  if (on_listening) on_listening();
  if (!http.listen_after_bind()) {
    return Fail(ErrorCode::kIo, "server.listen",
                Text("服务异常停止", "server stopped unexpectedly"));
  }
  return Ok();
}

}  // namespace jiaodu
