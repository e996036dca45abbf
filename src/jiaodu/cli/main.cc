// jiaodu command line: the one place that wires the adapters together
// (SQLite storage, standard files, workbooks, the HTTP server) around the
// application service. Subcommands: demo, serve, template, import, evaluate,
// imports, undo, info. `jiaodu <cmd> --help` describes each.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "jiaodu/app/access_service.h"
#include "jiaodu/app/fitness_service.h"
#include "jiaodu/app/plan_service.h"
#include "jiaodu/app/planning_service.h"
#include "jiaodu/app/quality_service.h"
#include "jiaodu/app/review_service.h"
#include "jiaodu/app/rotation_service.h"
#include "jiaodu/app/service.h"
#include "jiaodu/app/task_service.h"
#include "jiaodu/cli/db_commands.h"
#include "jiaodu/cli/user_commands.h"
#include "jiaodu/core/number.h"
#include "jiaodu/demo/demo_quality.h"
#include "jiaodu/demo/demo_school_eval.h"
#include "jiaodu/domain/fitness/rollup.h"
#include "jiaodu/formats/fitness_file/fitness_file.h"
#include "jiaodu/formats/fitness_roster/roster_reader.h"
#include "jiaodu/formats/json/evaluation_json.h"
#include "jiaodu/formats/pdf/report_pdf.h"
#include "jiaodu/formats/planning_file/planning_file.h"
#include "jiaodu/formats/quality_file/quality_file.h"
#include "jiaodu/formats/report_xlsx/report_xlsx.h"
#include "jiaodu/formats/rotation_file/rotation_file.h"
#include "jiaodu/optim/cbc/cbc_solver.h"
#include "jiaodu/server/server.h"
#include "jiaodu/storage/postgres/postgres_storage.h"
#include "jiaodu/storage/sqlite/sqlite_storage.h"
#include "jiaodu/storage/transfer/transfer.h"

namespace fs = std::filesystem;
using namespace jiaodu;

namespace {

// Where data/ and web/dist are: flag, then environment, then the source
// tree this binary was built from (so `build/release/.../jiaodu` just works).
std::string DataDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("JIAODU_DATA_DIR")) return env;
  return JIAODU_SOURCE_DATA_DIR;
}
std::string WebDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("JIAODU_WEB_DIR")) return env;
  return JIAODU_SOURCE_WEB_DIR;
}

constexpr const char* kDbHelp =
    "数据库：SQLite 文件路径，或 PostgreSQL 地址 postgresql://用户:密码@主机:端口/库名";

int Report(const Error& e) {
  std::cerr << "错误：" << e.Describe() << "\n";
  return e.code == ErrorCode::kInternal || e.code == ErrorCode::kIo ? 3 : 2;
}

// The planning workbook beside a SQLite database (var/demo.db →
// var/demo.planning.xlsx): `demo` writes the demo city's there and `serve`
// loads it when present (docs/planning.md, "In the product"); "" for a
// PostgreSQL address.
std::string PlanningInputsBeside(const std::string& db) {
  if (db.rfind("postgres", 0) == 0) return {};
  return fs::path(db).replace_extension(".planning.xlsx").string();
}

Result<planning::PlanningParams> LoadShippedPlanningParams(const std::string& data_dir) {
  return LoadPlanningParams(fs::path(data_dir) / "planning" / "cn-planning-2017.toml");
}

// Both adapters migrate on open (docs/postgres.md "Migrations").
Result<std::unique_ptr<Storage>> OpenStorage(const std::string& db) {
  if (IsPostgresUrl(db)) return PostgresStorage::Open(db);
  if (!db.empty() && db != ":memory:" && fs::path(db).has_parent_path()) {
    std::error_code ec;
    fs::create_directories(fs::path(db).parent_path(), ec);
  }
  return SqliteStorage::Open(db);
}

Result<std::unique_ptr<Service>> OpenService(const std::string& db, const std::string& data_dir) {
  auto lib = JIAODU_TRY(LoadLibrary(DataDir(data_dir)));
  auto storage = JIAODU_TRY(OpenStorage(db));
  return std::make_unique<Service>(std::move(lib), std::move(storage));
}

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kIo, "cli.unreadable",
                Text(fmt::format("无法读取文件 {}", path), fmt::format("cannot read {}", path)));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteAll(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    return Fail(ErrorCode::kIo, "cli.unwritable",
                Text(fmt::format("无法写入文件 {}", path), fmt::format("cannot write {}", path)));
  }
  return Ok();
}

// The demo city's 教学质量抽测: the 八年级 of the last three semesters of the
// demo years (so the trend has points), each test marked with the example
// cut-score set of data/quality named after it (any set when that one is
// missing). Prints one line per test.
Status StoreDemoQuality(Service& svc, QualityService& quality, const DemoOptions& opt) {
  if (quality.library().cut_sets.empty()) return Ok();
  auto standard = JIAODU_TRY(svc.FindStandard(kDefaultStandard));
  const DemoCity city = GenerateDemoCity(*standard->catalog, opt);
  std::vector<std::pair<int, int>> terms;  // (academic year, term)
  for (int y = opt.first_year; y < opt.first_year + opt.years; ++y) {
    terms.emplace_back(y, 1);
    terms.emplace_back(y, 2);
  }
  if (terms.size() > 3) terms.erase(terms.begin(), terms.end() - 3);
  for (auto [year, term] : terms) {
    // Spring is the second term: 2024-2025学年第二学期 is the spring of 2025.
    const int calendar = term == 2 ? year + 1 : year;
    const char* season = term == 2 ? "spring" : "autumn";
    const std::string cuts_id = fmt::format("example-{}-{}-g8", calendar, season);
    const quality::CutScoreSet* cuts = quality.library().FindCuts(cuts_id);
    if (cuts == nullptr) cuts = &quality.library().cut_sets.front();
    QualityTest test;
    test.id = fmt::format("demo-{}-{}-g8", calendar, season);
    test.name = fmt::format("{}年{}八年级教学质量抽测", calendar, term == 2 ? "春季" : "秋季");
    test.year = AcademicYear(year);
    test.term = term;
    test.grades = {"八年级"};
    test.cuts_id = cuts->id();
    test.cuts_toml = quality.library().cut_texts.at(cuts->id());
    auto schools = demo::QualitySchoolsFromCity(city, *standard->catalog, year);
    quality::ScoreSet scores = demo::GenerateQualityScores(*cuts, schools, year, term, opt.seed);
    test.subjects = scores.subjects();
    JIAODU_TRY(
        quality.Store(test, scores, "示范数据生成器",
                      fmt::format("示范抽测成绩 {}：{} 所学校，{} 名学生（种子 {}）", test.name,
                                  schools.size(), scores.student_count(), opt.seed)));
    std::cout << fmt::format("{} {}：{} 所学校，{} 名学生，{} 条成绩\n", test.name,
                             QualityService::SemesterLabel(test.year, term), schools.size(),
                             scores.student_count(), scores.rows().size());
  }
  return Ok();
}

// The demo city's 办学质量评价: values for every 高中 scheme of data/quality
// for the last two evaluation years (the calendar years ending the demo's
// last two academic years), so the 连续两年 flag shows. Prints one line per
// scheme and year.
Status StoreDemoSchoolEval(SchoolEvalService& eval, const DemoOptions& opt) {
  const int last = opt.first_year + opt.years;  // 2024-2025学年 ends in 2025
  for (const quality::HsScheme& scheme : eval.schemes()) {
    const auto& sections = scheme.spec().sections;
    if (std::find(sections.begin(), sections.end(), "高中") == sections.end()) continue;
    std::vector<std::string> codes;
    for (const SchoolEvalSchool& s : JIAODU_TRY(eval.Cohort(scheme))) codes.push_back(s.code);
    if (codes.empty()) continue;
    for (int year : {last - 1, last}) {
      JIAODU_TRY(eval.Store(scheme.spec().id, year,
                            demo::GenerateSchoolEvalInputs(scheme, codes, year, opt.seed),
                            "示范数据.xlsx", "示范数据生成器"));
      std::cout << fmt::format("办学质量评价 {} {}年：{} 所学校\n", scheme.spec().id, year,
                               codes.size());
    }
  }
  return Ok();
}

Result<AcademicYear> YearOr(Service& svc, const std::string& text, std::string_view standard) {
  if (!text.empty()) return AcademicYear::Parse(text);
  auto latest = JIAODU_TRY(svc.LatestYear(standard));
  if (!latest) {
    return Fail(ErrorCode::kNotFound, "app.no_data",
                Text("数据库中还没有数据（先运行 jiaodu demo 或 jiaodu import）",
                     "no data yet (run jiaodu demo or import)"));
  }
  return *latest;
}

// Columns in a terminal: CJK is double width.
size_t DisplayWidth(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

std::string Pad(std::string_view s, size_t width) {
  size_t w = DisplayWidth(s);
  return std::string(s) + std::string(w < width ? width - w : 1, ' ');
}

void PrintLine(std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  std::cout << line << "\n";
}

// One line per county: the verdict, the standard's own parts (普及普惠水平,
// 资源配置, 政府保障程度, …, as the evaluation names them), schools per stage
// and the CVs over their limits.
void PrintSummary(const std::vector<std::shared_ptr<const CountyEvaluation>>& evals,
                  const Standard& st, const std::string& title) {
  std::cout << title << "\n";
  // The parts of the first county; a county judged by a variant with other
  // parts shows "-" where it has none.
  std::vector<PartVerdict> parts;
  if (!evals.empty()) parts = evals.front()->parts;
  std::vector<size_t> part_width;
  std::string header = Pad("县区", 10) + Pad("结论", 8);
  for (const PartVerdict& p : parts) {
    part_width.push_back(std::max<size_t>(10, DisplayWidth(p.name.zh) + 2));
    header += Pad(p.name.zh, part_width.back());
  }
  for (Stage stage : st.stages) {
    header +=
        Pad(fmt::format("{}{}", StageName(stage), st.HasSchoolRule() ? "达标/参评" : "参评"), 15);
  }
  if (st.resource.compute_cv) header += "超限差异系数";
  PrintLine(std::move(header));
  for (const auto& e : evals) {
    std::string over;
    for (const auto& sr : e->stages) {
      if (sr.composite_verdict == Verdict::kFail && sr.composite_cv) {
        over += fmt::format("{}综合 {} ", StageName(sr.stage),
                            FormatFixed(*sr.composite_cv, st.policy.cv_display_decimals));
      }
      for (size_t j = 0; j < sr.cvs.size() && j < st.indicators.size(); ++j) {
        if (sr.cvs[j].verdict == Verdict::kFail && sr.cvs[j].cv) {
          over += fmt::format("{}{} {} ", StageName(sr.stage), st.indicators[j].id,
                              FormatFixed(*sr.cvs[j].cv, st.policy.cv_display_decimals));
        }
      }
    }
    std::string line = Pad(e->county_name, 10) + Pad(VerdictName(e->verdict), 8);
    for (size_t k = 0; k < parts.size(); ++k) {
      std::string_view v = "-";
      for (const PartVerdict& p : e->parts) {
        if (p.key == parts[k].key) v = VerdictName(p.verdict);
      }
      line += Pad(v, part_width[k]);
    }
    for (Stage stage : st.stages) {
      std::string ratio = "-";
      if (const StageResult* sr = e->FindStage(stage)) {
        ratio = sr->schools_verdict == Verdict::kNotApplicable
                    ? fmt::format("{}", sr->schools)
                    : fmt::format("{}/{}", sr->schools_passing, sr->schools);
      }
      line += Pad(ratio, 15);
    }
    if (st.resource.compute_cv) line += over.empty() ? "无" : over;
    PrintLine(std::move(line));
  }
}

// "52.31%" (basis points rounded half-up), "—" when nobody is counted.
std::string PercentText(int64_t count, int64_t denominator) {
  const int32_t bp = fitness::RateBasisPoints(count, denominator);
  return bp < 0 ? std::string("—") : fitness::FormatFixed(bp, 2) + "%";
}

HttpServer* g_server = nullptr;
void OnSignal(int) {
  if (g_server != nullptr) g_server->Stop();
}

}  // namespace

// `jiaodu fitness FILE…`: reads the schools' 体测 files (all or nothing),
// scores every student and prints the roll-up with counts beside rates.
int RunFitness(const std::string& data_dir, const std::vector<std::string>& files,
               const std::string& school, const std::string& standard_id, double target_pct) {
  auto lib = LoadFitnessLibrary(DataDir(data_dir));
  if (!lib) return Report(lib.error());
  auto standard = lib->Find(standard_id);
  if (!standard || !lib->vision) {
    std::cerr << fmt::format("错误：没有体质健康标准 {}（或视力筛查规则）\n", standard_id);
    return 2;
  }
  std::vector<std::string> contents;
  std::vector<RosterFile> inputs;
  for (const auto& f : files) {
    auto bytes = ReadAll(f);
    if (!bytes) return Report(bytes.error());
    contents.push_back(std::move(*bytes));
  }
  for (size_t i = 0; i < files.size(); ++i) {
    inputs.push_back(RosterFile{fs::path(files[i]).filename().string(), contents[i]});
  }
  RosterReadOptions opt;
  opt.school = school;
  RosterRead read = ReadRosterFiles(*standard, *lib->vision, inputs, opt);
  if (!read.ok()) {
    std::cerr << fmt::format("导入失败：共 {} 处错误，未导入任何数据。\n", read.error_count);
    for (const auto& e : read.errors) std::cerr << "  " << e.Describe() << "\n";
    if (read.error_count > read.errors.size()) {
      std::cerr << fmt::format("  ……另有 {} 处错误未列出\n", read.error_count - read.errors.size());
    }
    return 2;
  }
  fitness::RollUp r = fitness::RollUpRoster(*standard, *lib->vision, read.roster, "全部", {});
  const size_t passing_levels = standard->levels().size() - 1;  // all but 不及格
  std::cout << fmt::format("{}：{} 名学生（{} 个文件）\n", standard->spec().title.zh,
                           read.roster.size(), files.size());
  std::cout << "范围\t测试\t优秀\t良好\t及格\t不及格\t优良率\t合格率\t免测\t缓测\t缺项\t筛查\t近视"
               "\t近视率\n";
  for (const auto& [key, t] : r.groups()) {
    if (key.grade != 0 || key.sex != 0 || key.scope == fitness::Scope::kClass ||
        key.scope == fitness::Scope::kCounty) {
      continue;
    }
    std::string name = key.scope == fitness::Scope::kCity ? "全部" : "学校 " + r.Name(key.id);
    std::cout << fmt::format(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", name, t.scored, t.level[0],
        t.level[1], t.level[2], t.level[3], PercentText(t.Top(2), t.scored),
        PercentText(t.Top(passing_levels), t.scored), t.exempt, t.deferred, t.incomplete,
        t.vision_screened, t.myopia, PercentText(t.myopia, t.vision_screened));
  }
  if (target_pct > 0) {
    const fitness::Tally* all = r.Find({fitness::Scope::kCity, 0, 0, 0});
    const auto bp = static_cast<int32_t>(std::lround(target_pct * 100));
    int32_t need = all ? fitness::StudentsNeeded(all->Top(2), all->scored, bp) : 0;
    std::cout << (need == 0 ? fmt::format("优良率目标 {}%：已达到\n", target_pct)
                            : fmt::format("优良率目标 {}%：还需 {} 名学生达到良好及以上\n",
                                          target_pct, need));
  }
  return 0;
}

int main(int argc, char** argv) {
  CLI::App app{"jiaodu（教督）：义务教育优质均衡督导评估平台 / education supervision platform"};
  app.require_subcommand(1);
  std::string db = "var/jiaodu.db";
  std::string data_dir;
  app.add_option("--data", data_dir, "标准与字段目录所在目录（默认：源码 data/）");

  // demo
  auto* demo = app.add_subcommand(
      "demo", "生成示范市数据（约6个县区、400所学校及其幼儿园、2个学年）并写入数据库");
  DemoOptions demo_opt;
  bool force = false;
  demo->add_option("--db", db, kDbHelp)->capture_default_str();
  demo->add_option("--seed", demo_opt.seed, "随机种子")->capture_default_str();
  demo->add_option("--counties", demo_opt.counties, "县区数")->capture_default_str();
  demo->add_option("--schools", demo_opt.schools, "学校数")->capture_default_str();
  demo->add_option("--years", demo_opt.years, "学年数")->capture_default_str();
  demo->add_option("--first-year", demo_opt.first_year, "第一个学年（起始年份）")
      ->capture_default_str();
  demo->add_flag("--force", force, "数据库已存在时删除后重新生成");

  // serve
  auto* serve = app.add_subcommand("serve", "启动网页服务（默认 http://127.0.0.1:8080）");
  ServerOptions server_opt;
  std::string web_dir;
  serve->add_option("--db", db, kDbHelp)->capture_default_str();
  serve->add_option("--host", server_opt.host, "监听地址")->capture_default_str();
  serve->add_option("--port", server_opt.port, "端口")->capture_default_str();
  serve->add_option("--web", web_dir, "前端页面目录（默认：源码 web/dist）");
  std::string planning_inputs;
  serve->add_option("--planning-inputs", planning_inputs,
                    "学位与编制测算工作簿（默认：数据库旁的 <库名>.planning.xlsx，存在时载入）");

  // template
  auto* tpl = app.add_subcommand("template", "生成学校基础数据填报模板（xlsx）");
  std::string out_path = "学校基础数据填报模板.xlsx";
  std::string county;
  std::string year_text;
  tpl->add_option("--db", db, std::string(kDbHelp) + "（用于县区列表与预填学校）")
      ->capture_default_str();
  tpl->add_option("-o,--output", out_path, "输出文件")->capture_default_str();
  tpl->add_option("--county", county, "预填该县区的学校");
  tpl->add_option("--year", year_text, "学年，如 2024-2025");

  // import
  auto* imp = app.add_subcommand("import", "导入学校数据文件（xlsx / csv）：全部通过校验才写入");
  std::vector<std::string> files;
  std::string user = "命令行";
  std::string errors_xlsx;
  imp->add_option("--db", db, kDbHelp)->capture_default_str();
  imp->add_option("files", files, "要导入的文件")->required()->check(CLI::ExistingFile);
  imp->add_option("--user", user, "操作人")->capture_default_str();
  imp->add_option("--errors-xlsx", errors_xlsx, "有错误时，将错误清单写入此 xlsx 文件");

  // evaluate
  auto* eval = app.add_subcommand("evaluate", "评估县区或全市，输出结论、JSON、Excel 或 PDF");
  std::string area;
  std::string json_out;
  std::string xlsx_out;
  std::string pdf_out;
  std::string standard_id(kDefaultStandard);
  eval->add_option("--db", db, kDbHelp)->capture_default_str();
  eval->add_option("--area", area, "县区或市的行政区划代码（默认：全市）");
  eval->add_option("--year", year_text, "学年（默认：最新）");
  eval->add_option("--standard", standard_id, "评估标准")->capture_default_str();
  eval->add_option("--json", json_out, "输出 JSON 到文件（- 为标准输出）");
  eval->add_option("--xlsx", xlsx_out, "输出 Excel 结果到文件");
  eval->add_option("--pdf", pdf_out, "输出县区自评报告附表（PDF）到文件（须用 --area 指定县区）");

  // imports / undo / info
  auto* imports = app.add_subcommand("imports", "列出导入记录");
  imports->add_option("--db", db, kDbHelp)->capture_default_str();
  auto* undo = app.add_subcommand("undo", "撤销一次导入（恢复被替换的数据）");
  int64_t undo_id = 0;
  bool yes = false;
  undo->add_option("--db", db, kDbHelp)->capture_default_str();
  undo->add_option("id", undo_id, "导入编号")->required();
  undo->add_flag("--yes", yes, "确认撤销");
  auto* assign = app.add_subcommand("assign", "指定县区按某一标准变体评估（如本省实施细则）");
  std::string assign_county;
  std::string assign_standard;
  assign->add_option("--db", db, kDbHelp)->capture_default_str();
  assign->add_option("--county", assign_county, "县区代码")->required();
  assign->add_option("--standard", assign_standard, "标准编号（给出国家标准即恢复按国家标准评估）")
      ->required();
  auto* fit =
      app.add_subcommand("fitness", "体质健康测试：读取学校体测文件（xlsx/CSV），评分并汇总");
  std::vector<std::string> fit_files;
  std::string fit_school;
  std::string fit_standard = "cn-tzjk-2014";
  double fit_target = 0;
  fit->add_option("files", fit_files, "体测文件（国家数据上报模板格式）")
      ->required()
      ->check(CLI::ExistingFile);
  fit->add_option("--school", fit_school, "学校标识码（文件没有“学校标识码”列时）");
  fit->add_option("--standard", fit_standard, "体质健康标准")->capture_default_str();
  fit->add_option("--target", fit_target, "优良率目标（%），如 52");
  std::string fit_year;
  bool fit_store = false;
  fit->add_option("--db", db, std::string(kDbHelp) + "（与 --store 一起使用）")
      ->capture_default_str();
  fit->add_option("--year", fit_year, "学年，如 2025-2026（与 --store 一起使用）");
  fit->add_flag("--store", fit_store,
                "检查通过后存入数据库（按学校和学年保存，可撤销）；学校须已在学校基础数据中登记");
  fit->add_option("--user", user, "操作人")->capture_default_str();
  auto* info = app.add_subcommand("info", "显示数据库与标准信息");
  info->add_option("--db", db, kDbHelp)->capture_default_str();
  auto* migrate =
      app.add_subcommand("migrate", "将数据库结构升级到本版本（SQLite 文件或 PostgreSQL）");
  migrate->add_option("--db", db, kDbHelp)->capture_default_str();

  const cli::UserCommands user_cmds = cli::AddUserCommands(app, db, kDbHelp);
  const cli::DbCommands db_cmds = cli::AddDbCommands(app, kDbHelp);

  CLI11_PARSE(app, argc, argv);
  if (auto rc = cli::RunUserCommands(user_cmds, OpenStorage)) return *rc;
  if (auto rc = cli::RunDbCommands(db_cmds, OpenStorage)) return *rc;

  if (migrate->parsed()) {
    auto storage = OpenStorage(db);
    if (!storage) return Report(storage.error());
    std::cout << "数据库结构已是最新：" << (*storage)->Describe() << "\n";
    return 0;
  }

  if (demo->parsed()) {
    if (IsPostgresUrl(db)) {
      // A server database is never dropped from here: the demo goes into an
      // empty one only.
      auto storage = OpenStorage(db);
      if (!storage) return Report(storage.error());
      auto existing = (*storage)->ListImports(1);
      if (!existing) return Report(existing.error());
      if (!existing->empty()) {
        std::cerr << "该 PostgreSQL 数据库已有数据；示范数据只写入空数据库（jiaodu "
                     "不会清空服务器数据库）\n";
        return 2;
      }
    } else if (fs::exists(db)) {
      if (!force) {
        std::cerr << fmt::format(
            "数据库 {} 已存在；如需重新生成示范数据请加 --force（将删除原文件）\n", db);
        return 2;
      }
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
    }
    auto svc = OpenService(db, data_dir);
    if (!svc) return Report(svc.error());
    auto id = (*svc)->LoadDemo(demo_opt, "示范数据生成器");
    if (!id) return Report(id.error());
    auto root = (*svc)->Root();
    auto year = (*svc)->LatestYear();
    if (!root || !*root || !year || !*year) return 3;
    std::cout << fmt::format("已生成示范数据（导入 #{}）→ {}\n", *id, (*svc)->storage().Describe());
    // The default standard, then the first standard of each other data set
    // (学前教育普及普惠 for the kindergartens).
    std::vector<std::shared_ptr<const Standard>> shown = {*(*svc)->FindStandard(kDefaultStandard)};
    for (const auto& s : (*svc)->library().standards) {
      bool seen = !s->parent_id.empty();
      for (const auto& t : shown) seen = seen || t->catalog->dataset() == s->catalog->dataset();
      if (!seen) shown.push_back(s);
    }
    for (const auto& s : shown) {
      auto evals = (*svc)->EvaluateArea((*root)->code, **year, s->id);
      if (!evals) return Report(evals.error());
      PrintSummary(*evals, *s,
                   fmt::format("{} {} {}", (*root)->name, (**year).Label(), s->report_title.zh));
    }
    // The students' 体测 results of every demo year, scored and rolled up.
    auto fitness_lib = LoadFitnessLibrary(DataDir(data_dir));
    if (!fitness_lib) return Report(fitness_lib.error());
    FitnessService fitness(std::move(*fitness_lib), **svc);
    if (fitness.available()) {
      auto ids = fitness.LoadDemo(demo_opt, "示范数据生成器");
      if (!ids) return Report(ids.error());
      auto fitness_years = fitness.Years();
      if (!fitness_years) return Report(fitness_years.error());
      for (AcademicYear y : *fitness_years) {
        auto sum = fitness.Summary("", y, 5200);
        if (!sum) return Report(sum.error());
        const fitness::Tally& t = sum->total;
        const int32_t top2 = t.Top(2);
        std::cout << fmt::format(
            "{} {} 学生体质健康：{} 名学生，实测 {}，优良率 {}（{} 人），合格率 {}，近视率 {}\n",
            (*root)->name, y.Label(), t.roster, t.scored, PercentText(top2, t.scored), top2,
            PercentText(t.Top(fitness.standard()->levels().size() - 1), t.scored),
            PercentText(t.myopia, t.vision_screened));
      }
    }
    // The city's 教学质量抽测 (八年级, three semesters), marked with the
    // example cut scores of data/quality.
    if (auto qlib = LoadQualityLibrary(DataDir(data_dir))) {
      QualityService quality(std::move(*qlib), **svc);
      const auto started = std::chrono::steady_clock::now();
      if (auto st = StoreDemoQuality(**svc, quality, demo_opt); !st) return Report(st.error());
      SchoolEvalService school_eval(quality.library().schemes, **svc);
      if (auto st = StoreDemoSchoolEval(school_eval, demo_opt); !st) return Report(st.error());
      spdlog::info(
          "示范抽测数据用时 {:.1f} 秒",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } else {
      spdlog::warn("质量监测数据无法读取，未生成示范抽测：{}", qlib.error().Describe());
    }
    // The demo plan (its manual indicators get a plausible series), tracked
    // from the data just stored.
    const fs::path plan_file = fs::path(DataDir(data_dir)) / "plans" / "demo-city-14th.toml";
    auto plan_text = ReadAll(plan_file.string());
    if (!plan_text) return Report(plan_text.error());
    PlanService plans(**svc, &fitness);
    auto plan = plans.LoadDemo(plan_file.filename().string(), *plan_text,
                               demo_opt.first_year + demo_opt.years - 1, "示范数据生成器");
    if (!plan) return Report(plan.error());
    auto report = plans.Track((*plan)->id, std::nullopt);
    if (!report) return Report(report.error());
    const PlanStatusCount& c = (*report)->counts;
    std::cout << fmt::format(
        "{}（{}）{} 年：{} 项指标，已达标 {}，按进度 {}，滞后 {}，严重滞后 {}，无数据 {}\n",
        (*plan)->name.zh, (*plan)->doc_number, (*report)->year, (*plan)->indicators.size(), c.met,
        c.on_track, c.behind, c.far_behind, c.no_data);
    // The plan's measures as 督办 tasks, played into every state around today.
    TaskService tasks(**svc);
    if (auto st = tasks.LoadDemo((*plan)->id); !st) return Report(st.error());
    auto list = tasks.List();
    if (!list) return Report(list.error());
    std::map<tasks::State, int> by_state;
    for (const TaskView& v : *list) ++by_state[v.status.state];
    std::string states;
    for (tasks::State st : tasks::kStates)
      states +=
          fmt::format("{}{} {}", states.empty() ? "" : "，", tasks::StateName(st).zh, by_state[st]);
    std::cout << fmt::format("督办任务 {} 项：{}\n", list->size(), states);
    // The demo city's planning workbook beside the database, for `serve`.
    if (const std::string path = PlanningInputsBeside(db); !path.empty()) {
      auto params = LoadShippedPlanningParams(DataDir(data_dir));
      if (!params) return Report(params.error());
      auto book = PlanningService(**svc, std::move(*params)).DemoWorkbook();
      if (!book) return Report(book.error());
      std::ofstream(path, std::ios::binary) << *book;
      std::cout << fmt::format("学位与编制测算工作簿 → {}\n", path);
    }
    return 0;
  }

  if (fit->parsed() && !fit_store) {
    return RunFitness(data_dir, fit_files, fit_school, fit_standard, fit_target);
  }

  auto svc = OpenService(db, data_dir);
  if (!svc) return Report(svc.error());
  Service& service = **svc;
  auto fitness_lib = LoadFitnessLibrary(DataDir(data_dir));
  if (!fitness_lib) return Report(fitness_lib.error());
  FitnessService fitness(std::move(*fitness_lib), service);

  if (fit->parsed()) {
    if (fit_year.empty()) {
      std::cerr << "错误：存入数据库时须用 --year 指明体测数据所属学年，如 --year 2025-2026\n";
      return 2;
    }
    auto year = AcademicYear::Parse(fit_year);
    if (!year) return Report(year.error());
    std::vector<Service::UploadedFile> uploads;
    for (const std::string& f : fit_files) {
      auto bytes = ReadAll(f);
      if (!bytes) return Report(bytes.error());
      uploads.push_back({fs::path(f).filename().string(), std::move(*bytes)});
    }
    ImportOutcome out = fitness.Import(uploads, *year, fit_school, user);
    if (!out.ok) {
      std::cerr << fmt::format("导入失败：共 {} 处错误，未导入任何数据。\n", out.errors.size());
      for (const auto& e : out.errors) std::cerr << "  " << e.Describe() << "\n";
      return 2;
    }
    std::cout << fmt::format("已导入体测数据（导入 #{}）：{} 所学校，{} 名学生，{}\n",
                             *out.import_id, out.summary.schools, out.summary.students,
                             year->Label());
    return 0;
  }

  if (serve->parsed()) {
    server_opt.web_dir = WebDir(web_dir);
    if (!fs::exists(fs::path(server_opt.web_dir) / "index.html")) {
      spdlog::warn("前端页面 {} 不存在，仅提供 API（构建前端：cd web && npm ci && npm run build）",
                   server_opt.web_dir);
      server_opt.web_dir.clear();
    }
    PlanService plans(service, &fitness);
    // The indicator library of the data folder in use (not the source tree's).
    if (auto lib = LoadIndicatorLibrary(fs::path(DataDir(data_dir)) / "plans" /
                                        "indicator_library.toml")) {
      plans.SetIndicatorLibrary(std::make_shared<const IndicatorLibrary>(std::move(*lib)));
    } else {
      spdlog::warn("规划指标库无法读取：{}", lib.error().Describe());
    }
    TaskService tasks(service);
    // 交流轮岗: the rules of the data folder in use; without them the
    // /api/rotation routes are left out rather than the server refused.
    std::unique_ptr<RotationService> rotation;
    if (auto rules =
            LoadRotationRules(fs::path(DataDir(data_dir)) / "rotation" / "cn-rotation-2017.toml")) {
      rotation = std::make_unique<RotationService>(service, std::move(*rules),
                                                   [] { return optim::MakeCbcSolver(); });
    } else {
      spdlog::warn("交流轮岗规则无法读取：{}", rules.error().Describe());
    }
    // 质量监测: the cut scores of the data folder in use; without them the
    // /api/quality routes are left out rather than the server refused.
    std::unique_ptr<QualityService> quality;
    if (auto qlib = LoadQualityLibrary(DataDir(data_dir))) {
      quality = std::make_unique<QualityService>(std::move(*qlib), service);
    } else {
      spdlog::warn("质量监测数据无法读取：{}", qlib.error().Describe());
    }
    // 办学质量评价: the [hs_scheme] files of the same folder.
    std::unique_ptr<SchoolEvalService> school_eval;
    if (quality) {
      school_eval = std::make_unique<SchoolEvalService>(quality->library().schemes, service);
    }
    // 学位与编制: the parameters of the data folder in use; without them the
    // /api/planning routes are left out. The planning workbook given, or the
    // one beside the database, is loaded for the whole city.
    std::unique_ptr<PlanningService> planning;
    if (auto params = LoadShippedPlanningParams(DataDir(data_dir))) {
      planning = std::make_unique<PlanningService>(service, std::move(*params));
      if (planning_inputs.empty() && fs::exists(PlanningInputsBeside(db))) {
        planning_inputs = PlanningInputsBeside(db);
      }
      auto root = service.Root();
      if (!planning_inputs.empty() && root && *root) {
        auto bytes = ReadAll(planning_inputs);
        auto up = bytes ? planning->Upload((*root)->code,
                                           fs::path(planning_inputs).filename().string(), *bytes)
                        : Result<PlanningUpload>(tl::unexpected(bytes.error()));
        if (!up) {
          spdlog::warn("学位与编制测算工作簿无法载入：{}", up.error().Describe());
        } else if (!up->errors.empty()) {
          spdlog::warn("学位与编制测算工作簿 {} 有 {} 处错误，未载入；第一处：{}", planning_inputs,
                       up->errors.size(), up->errors[0].Describe());
        } else {
          spdlog::info("已载入学位与编制测算工作簿 {}", planning_inputs);
        }
      }
    } else {
      spdlog::warn("学位与编制参数无法读取：{}", params.error().Describe());
    }
    // 填报审核: the cross-year factor of the data folder in use; without it
    // the /api/review routes are left out rather than the server refused.
    std::unique_ptr<ReviewService> review;
    if (auto checks = LoadReviewChecks(fs::path(DataDir(data_dir)) / "review" / "checks.toml")) {
      review = std::make_unique<ReviewService>(service, std::move(*checks));
    } else {
      spdlog::warn("填报审核规则无法读取：{}", checks.error().Describe());
    }
    // Accounts and the role and area check (login on once an account exists).
    AccessService access(service.storage());
    HttpServer server(service, server_opt,
                      {.fitness = &fitness,
                       .plans = &plans,
                       .tasks = &tasks,
                       .rotation = rotation.get(),
                       .quality = quality.get(),
                       .access = &access,
                       .planning = planning.get(),
                       .review = review.get(),
                       .school_eval = school_eval.get()});
    // The city's fitness roll-ups are computed before anyone asks (a few
    // seconds for a city of 400,000 students); joined before `fitness` goes.
    std::thread warm([&fitness] {
      if (auto st = fitness.WarmUp(); !st)
        spdlog::warn("体测汇总预计算失败：{}", st.error().Describe());
    });
    g_server = &server;
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    auto st = server.Run([&] {
      std::cout << fmt::format("jiaodu 已启动：http://{}:{}/ （数据库 {}，按 Ctrl+C 停止）",
                               server_opt.host, server_opt.port, service.storage().Describe())
                << std::endl;
    });
    g_server = nullptr;
    warm.join();
    if (!st) return Report(st.error());
    return 0;
  }

  if (tpl->parsed()) {
    std::optional<AcademicYear> year;
    if (!year_text.empty()) {
      auto y = AcademicYear::Parse(year_text);
      if (!y) return Report(y.error());
      year = *y;
    }
    auto bytes = service.Template(county, year);
    if (!bytes) return Report(bytes.error());
    auto st = WriteAll(out_path, *bytes);
    if (!st) return Report(st.error());
    std::cout << "已生成模板：" << out_path << "\n";
    return 0;
  }

  if (imp->parsed()) {
    std::vector<Service::UploadedFile> uploads;
    for (const std::string& f : files) {
      auto bytes = ReadAll(f);
      if (!bytes) return Report(bytes.error());
      uploads.push_back({fs::path(f).filename().string(), std::move(*bytes)});
    }
    ImportOutcome out = service.ImportFiles(uploads, user);
    if (!out.ok) {
      std::cerr << fmt::format("导入未通过校验，共 {} 处错误，未保存任何数据：\n",
                               out.errors.size());
      for (const Error& e : out.errors) std::cerr << "  [" << e.id << "] " << e.Describe() << "\n";
      if (!errors_xlsx.empty()) {
        auto bytes = ErrorWorkbookXlsx(out.errors, "导入错误清单");
        if (bytes && WriteAll(errors_xlsx, *bytes))
          std::cerr << "错误清单已写入 " << errors_xlsx << "\n";
      }
      return 1;
    }
    std::cout << fmt::format("导入成功（#{}）：学校 {} 所，学校学年数据 {} 条，县级数据 {} 条\n",
                             *out.import_id, out.summary.schools, out.summary.school_years,
                             out.summary.county_years);
    return 0;
  }

  if (eval->parsed()) {
    auto year = YearOr(service, year_text, standard_id);
    if (!year) return Report(year.error());
    auto standard = service.FindStandard(standard_id);
    if (!standard) return Report(standard.error());
    if (area.empty()) {
      auto root = service.Root();
      if (!root) return Report(root.error());
      if (!*root)
        return Report(Error{
            ErrorCode::kNotFound, "app.no_data", Text("没有行政区划数据", "no areas"), {}, {}});
      area = (*root)->code;
    }
    auto a = service.FindArea(area);
    if (!a) return Report(a.error());
    if (!pdf_out.empty() && a->level != AreaLevel::kCounty) {
      return Report(Error{ErrorCode::kInvalidInput,
                          "app.not_county",
                          Text(fmt::format("PDF 自评报告附表按县区生成：“{}”不是县区，请用 --area "
                                           "指定县区代码",
                                           a->name),
                               fmt::format("the PDF annex is per county: \"{}\" is not a county; "
                                           "give a county code with --area",
                                           a->name)),
                          {},
                          {}});
    }
    auto evals = service.EvaluateArea(area, *year, standard_id);
    if (!evals) return Report(evals.error());
    if (!json_out.empty()) {
      nlohmann::json j;
      if (a->level == AreaLevel::kCounty) {
        j = wire::ToJson(*evals->front());
      } else {
        nlohmann::json counties = nlohmann::json::array();
        for (const auto& e : *evals) counties.push_back(wire::ToJson(*e));
        j = {{"area", wire::ToJson(*a)},
             {"year", year->start()},
             {"standard", standard_id},
             {"counties", counties}};
      }
      std::string text = j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
      if (json_out == "-") {
        std::cout << text << "\n";
      } else if (auto st = WriteAll(json_out, text); !st) {
        return Report(st.error());
      }
    }
    if (!xlsx_out.empty()) {
      Result<std::string> bytes = std::string();
      if (a->level == AreaLevel::kCounty) {
        bytes = CountyReportXlsx(**standard, *evals->front());
      } else {
        std::vector<CountyEvaluation> copies;
        for (const auto& e : *evals) copies.push_back(*e);
        bytes = CityReportXlsx(**standard, a->name, *year, copies);
      }
      if (!bytes) return Report(bytes.error());
      if (auto st = WriteAll(xlsx_out, *bytes); !st) return Report(st.error());
    }
    if (!pdf_out.empty()) {
      // Rendered with the standard the county was judged by (its variant).
      const CountyEvaluation& e = *evals->front();
      auto judged_by = service.FindStandard(e.standard_id);
      if (!judged_by) return Report(judged_by.error());
      auto bytes = CountyReportPdf(**judged_by, e);
      if (!bytes) return Report(bytes.error());
      if (auto st = WriteAll(pdf_out, *bytes); !st) return Report(st.error());
    }
    if (json_out != "-") {
      PrintSummary(*evals, **standard,
                   fmt::format("{} {} {}", a->name, year->Label(), (*standard)->short_title.zh));
    }
    return 0;
  }

  if (imports->parsed()) {
    auto list = service.storage().ListImports(100);
    if (!list) return Report(list.error());
    for (const ImportInfo& i : *list) {
      std::cout << fmt::format("#{:<5} {} {:<8} {}{}\n", i.id, i.created_at, i.user, i.description,
                               i.undone ? fmt::format("（已于 {} 撤销）", i.undone_at) : "");
    }
    return 0;
  }

  if (undo->parsed()) {
    if (!yes) {
      std::cerr << fmt::format("撤销导入 #{} 将恢复其替换前的数据。确认请加 --yes\n", undo_id);
      return 2;
    }
    auto st = service.storage().UndoImport(undo_id, "命令行");
    if (!st) return Report(st.error());
    std::cout << fmt::format("已撤销导入 #{}\n", undo_id);
    return 0;
  }

  if (assign->parsed()) {
    auto st = service.SetCountyStandard(assign_county, assign_standard, "命令行");
    if (!st) return Report(st.error());
    std::cout << fmt::format("县区 {} 今后按 {} 评估\n", assign_county, assign_standard);
    return 0;
  }

  if (info->parsed()) {
    std::cout << "存储：" << service.storage().Describe() << "\n";
    for (const auto& s : service.library().standards) {
      std::cout << fmt::format("标准：{}（{}，{}）\n", s->title.zh, s->document, s->id);
    }
    auto years = service.storage().ListYears();
    if (years) {
      for (const auto& y : *years) std::cout << "学年：" << y.Label() << "\n";
    }
    auto schools = service.storage().ListSchools();
    if (schools) std::cout << "学校：" << schools->size() << " 所\n";
    return 0;
  }
  return 0;
}
