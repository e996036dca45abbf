// The city 抽测 benchmark (issue 9): 300,000 students × 3 subjects.
//
//   jiaodu_quality_bench --generate DIR [--students 300000] [--seed 2025] [--xlsx]
//       A synthetic city 抽测 (10 counties, ~1,000 schools from 教学点 of a
//       few students to town schools of 900; 城区/镇区/乡村; a 家庭背景指数 and
//       a 前测成绩 per student; school effects per subject; 0.5 % 缺考) as
//       DIR/scores.csv (long layout, one row per student and subject) and,
//       with --xlsx, DIR/scores.xlsx (wide layout, one row per student), and
//       the schools as DIR/schools.csv (学校标识码, 县区, 城乡). Not timed.
//   jiaodu_quality_bench --measure FILE --schools DIR/schools.csv [--check-out CSV]
//       What a 抽测 report does, end to end, in this fresh process: read the
//       file with every check (ReadScoreFiles with the example cut scores in
//       data/quality/), the city's statistics per subject (distribution,
//       percentiles, rates, levels, every school's mean with its t interval),
//       and for the city and each county, per subject: the variance
//       components, ICC, CV of school means, 城区/镇区/乡村 gaps, and the
//       value-added model with empirical-Bayes shrinkage. Prints one JSON
//       line (seconds per step, peak RSS); --check-out writes the figures
//       bench/quality_pandas.py must reproduce.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "jiaodu/domain/quality/scores.h"
#include "jiaodu/domain/quality/value_added.h"
#include "jiaodu/domain/quality/variance.h"
#include "jiaodu/formats/quality_file/quality_file.h"
#include "jiaodu/formats/quality_table/score_reader.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

using namespace jiaodu;
using bench::Clock;
using bench::Mapped;
using bench::ReadText;
using bench::Seconds;
using bench::StatusKb;

namespace {

constexpr const char* kCuts = "cuts-example-2025-spring-g8.toml";
constexpr const char* kGrade = "八年级";

int Die(const std::string& what) {
  std::cerr << "jiaodu_quality_bench: " << what << "\n";
  return 1;
}

Result<quality::CutScoreSet> LoadCuts() {
  const std::string path = std::string(JIAODU_SOURCE_DATA_DIR) + "/quality/" + kCuts;
  return ParseCutScoreSet(ReadText(path), kCuts);
}

// ---- --generate ------------------------------------------------------------

struct School {
  std::string code;
  std::string name;
  std::string county;
  std::string locale;  // 城区 / 镇区 / 乡村
  int students = 0;
  double background = 0;  // the school's mean 家庭背景指数
  double effect[3] = {0, 0, 0};
};

struct Subject {
  const char* name;
  double full;
  double intercept;
  double slope;
};
constexpr Subject kSubjects[] = {
    {"语文", 120, 22, 0.95}, {"数学", 120, 12, 1.05}, {"英语", 100, 10, 0.85}};

int Generate(const std::string& dir, int64_t students, uint64_t seed, bool xlsx_too) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> unit(0, 1);
  auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * unit(rng); };
  // Schools until the students are placed.
  std::vector<School> schools;
  int64_t placed = 0;
  while (placed < students) {
    School s;
    const size_t i = schools.size();
    s.county = fmt::format("9901{:02d}", i % 10 + 1);
    s.code = fmt::format("{}{:04d}", s.county, i / 10 + 1);
    const double u = unit(rng);
    if (u < 0.3) {
      s.locale = "城区";
      s.students = static_cast<int>(uniform(250, 900));
      s.background = 0.5 + 0.3 * normal(rng);
    } else if (u < 0.65) {
      s.locale = "镇区";
      s.students = static_cast<int>(uniform(100, 450));
      s.background = 0.3 * normal(rng);
    } else {
      s.locale = "乡村";
      s.students =
          unit(rng) < 0.2 ? static_cast<int>(uniform(3, 30)) : static_cast<int>(uniform(30, 200));
      s.background = -0.5 + 0.3 * normal(rng);
    }
    s.name = fmt::format("示例{}学校{}", s.locale, i + 1);
    s.students = static_cast<int>(std::min<int64_t>(s.students, students - placed));
    for (double& e : s.effect) e = 4 * normal(rng);
    placed += s.students;
    schools.push_back(std::move(s));
  }
  std::filesystem::create_directories(dir);
  std::string csv = "学校标识码,学校名称,班级,考号,性别,科目,成绩,家庭背景指数,前测成绩\n";
  std::string list = "学校标识码,县区,城乡\n";
  csv.reserve(static_cast<size_t>(students) * 3 * 80);
  struct Wide {
    uint32_t school;
    std::string id, klass, sex, bg, prior;
    std::string score[3];
  };
  std::vector<Wide> wide;
  int64_t sid = 0;
  for (uint32_t j = 0; j < schools.size(); ++j) {
    const School& s = schools[j];
    list += fmt::format("{},{},{}\n", s.code, s.county, s.locale);
    for (int i = 0; i < s.students; ++i) {
      const std::string id = fmt::format("K{:08d}", ++sid);
      const std::string klass = fmt::format("{}班", i / 45 + 1);
      const char* sex = unit(rng) < 0.5 ? "男" : "女";
      const double bg = std::round((s.background + normal(rng)) * 100) / 100;
      const double prior = std::clamp(
          std::round((75 + 5 * s.background + 4 * bg + 12 * normal(rng)) * 2) / 2, 0.0, 120.0);
      const std::string bg_text = fmt::format("{:.2f}", bg);
      const std::string prior_text = fmt::format("{:g}", prior);
      Wide w{j, id, klass, sex, bg_text, prior_text, {}};
      for (size_t k = 0; k < 3; ++k) {
        const Subject& sub = kSubjects[k];
        std::string score;
        if (unit(rng) < 0.005) {
          score = "缺考";
        } else {
          const double scale = sub.full / 120;
          double y = scale * (sub.intercept + sub.slope * prior + 2.5 * bg + s.effect[k] +
                              10 * normal(rng));
          y = std::clamp(std::round(y * 2) / 2, 0.0, sub.full);
          score = fmt::format("{:g}", y);
        }
        fmt::format_to(std::back_inserter(csv), "{},{},{},{},{},{},{},{},{}\n", s.code, s.name,
                       klass, id, sex, sub.name, score, bg_text, prior_text);
        w.score[k] = std::move(score);
      }
      if (xlsx_too) wide.push_back(std::move(w));
    }
  }
  std::ofstream(dir + "/scores.csv", std::ios::binary) << csv;
  std::ofstream(dir + "/schools.csv", std::ios::binary) << list;
  if (xlsx_too) {
    auto book = xlsx::WorkbookWriter::Create(dir + "/scores.xlsx", {.constant_memory = true});
    if (!book) return Die(book.error().Describe());
    xlsx::SheetWriter& sheet = book->AddSheet("成绩");
    const char* header[] = {"学校标识码", "学校名称", "班级", "考号",         "性别",
                            "语文",       "数学",     "英语", "家庭背景指数", "前测成绩"};
    for (size_t c = 0; c < std::size(header); ++c) sheet.WriteString(0, c, header[c]);
    for (size_t r = 0; r < wide.size(); ++r) {
      const Wide& w = wide[r];
      const School& s = schools[w.school];
      const size_t row = r + 1;
      sheet.WriteString(row, 0, s.code);
      sheet.WriteString(row, 1, s.name);
      sheet.WriteString(row, 2, w.klass);
      sheet.WriteString(row, 3, w.id);
      sheet.WriteString(row, 4, w.sex);
      for (size_t k = 0; k < 3; ++k) {
        if (w.score[k] == "缺考") {
          sheet.WriteString(row, 5 + k, w.score[k]);
        } else {
          sheet.WriteNumber(row, 5 + k, std::stod(w.score[k]));
        }
      }
      sheet.WriteNumber(row, 8, std::stod(w.bg));
      sheet.WriteNumber(row, 9, std::stod(w.prior));
    }
    if (auto st = book->Close(); !st) return Die(st.error().Describe());
  }
  std::cout << fmt::format(R"({{"students": {}, "schools": {}, "rows": {}, "csv_bytes": {}}})",
                           students, schools.size(), students * 3, csv.size())
            << "\n";
  return 0;
}

// ---- --measure -------------------------------------------------------------

int Measure(const std::string& file, const std::string& schools_csv, const std::string& check_out) {
  auto cuts = LoadCuts();
  if (!cuts) return Die(cuts.error().Describe());
  // The school list (county and 城乡) comes from the school data in the real
  // system; here from the generator's list. Not timed.
  std::map<std::string, std::pair<std::string, std::string>> meta;
  {
    std::istringstream in(ReadText(schools_csv));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const size_t a = line.find(','), b = line.find(',', a + 1);
      meta[line.substr(0, a)] = {line.substr(a + 1, b - a - 1), line.substr(b + 1)};
    }
  }
  Mapped mapped(file);
  if (!mapped.ok()) return Die("cannot read " + file);

  const auto t0 = Clock::now();
  ScoreReadOptions opt;
  opt.cuts = &*cuts;
  opt.grade = kGrade;
  const std::vector<ScoreFile> files = {
      {std::filesystem::path(file).filename().string(), mapped.bytes()}};
  ScoreRead read = ReadScoreFiles(files, opt);
  if (!read.ok()) return Die(read.errors.front().Describe());
  const auto t1 = Clock::now();

  const quality::ScoreSet& set = read.scores;
  std::vector<std::string> labels(set.schools().size());
  std::map<std::string, std::vector<uint32_t>> counties;
  for (uint32_t s = 0; s < set.schools().size(); ++s) {
    auto it = meta.find(set.schools()[s].code);
    if (it == meta.end()) continue;
    labels[s] = it->second.second;
    counties[it->second.first].push_back(s);
  }
  const std::vector<std::string> order = {"城区", "镇区", "乡村"};
  const auto t2 = Clock::now();

  // The city: distributions, school means, between-school statistics, VA.
  std::string check =
      "scope,subject,n,mean,sd,p50,pass_rate,excellent_rate,icc,cv,sigma2_b,"
      "sigma2_w,rural_gap,va_b1,va_b2,va_sigma2_b,va_min,va_max,va_above,va_below\n";
  size_t flagged = 0;
  auto scope = [&](const std::string& name, std::span<const uint32_t> schools) -> Status {
    const auto reports = quality::Summarize(set, &*cuts, schools);
    for (const quality::SubjectReport& rep : reports) {
      const quality::BetweenSchools b = quality::AnalyseBetweenSchools(rep, labels, order, "城区");
      const quality::ValueAdded va =
          JIAODU_TRY(quality::EstimateValueAdded(set, rep.subject, rep.grade, schools));
      size_t above = 0, below = 0;
      for (const auto& e : va.schools) {
        above += e.standing == quality::Standing::kAbove ? 1u : 0u;
        below += e.standing == quality::Standing::kBelow ? 1u : 0u;
      }
      flagged += above + below;
      double rural_gap = 0;
      for (const auto& g : b.gaps) {
        if (g.label == "乡村") rural_gap = g.gap;
      }
      fmt::format_to(std::back_inserter(check),
                     "{},{},{},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},"
                     "{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{},{}\n",
                     name, rep.subject_name, rep.overall.n, rep.overall.mean, rep.overall.sd,
                     rep.overall.percentiles[2].value, *rep.overall.pass_rate,
                     *rep.overall.excellent_rate, b.anova.icc.value_or(-1),
                     b.cv_of_means.value_or(-1), b.anova.sigma2_between, b.anova.sigma2_within,
                     rural_gap, va.coefficients[1], va.coefficients[2], va.residual.sigma2_between,
                     va.schools.front().effect, va.schools.back().effect, above, below);
    }
    return Ok();
  };
  if (auto st = scope("city", {}); !st) return Die(st.error().Describe());
  const auto t3 = Clock::now();
  for (const auto& [county, schools] : counties) {
    if (auto st = scope(county, schools); !st) return Die(st.error().Describe());
  }
  const auto t4 = Clock::now();
  if (!check_out.empty()) std::ofstream(check_out, std::ios::binary) << check;
  std::cout
      << fmt::format(
             R"({{"file": "{}", "rows": {}, "scores": {}, "schools": {}, "absent": {}, )"
             R"("read_s": {:.3f}, "city_s": {:.3f}, "counties_s": {:.3f}, )"
             R"("stats_s": {:.3f}, "total_s": {:.3f}, "flagged": {}, "peak_rss_mb": {:.1f}}})",
             std::filesystem::path(file).filename().string(), read.rows, set.rows().size(),
             set.schools().size(), read.absent, Seconds(t1 - t0), Seconds(t3 - t2),
             Seconds(t4 - t3), Seconds(t4 - t2), Seconds(t4 - t0), flagged,
             static_cast<double>(StatusKb("VmHWM")) / 1024)
      << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto value = [&](const std::string& flag, const std::string& dflt) {
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == flag) return args[i + 1];
    }
    return dflt;
  };
  auto has = [&](const std::string& flag) {
    return std::find(args.begin(), args.end(), flag) != args.end();
  };
  if (has("--generate")) {
    return Generate(value("--generate", ""), std::stoll(value("--students", "300000")),
                    std::stoull(value("--seed", "2025")), has("--xlsx"));
  }
  if (has("--measure")) {
    return Measure(value("--measure", ""), value("--schools", ""), value("--check-out", ""));
  }
  std::cerr
      << "usage: jiaodu_quality_bench --generate DIR [--students N] [--seed S] [--xlsx]\n"
         "       jiaodu_quality_bench --measure FILE --schools schools.csv [--check-out CSV]\n";
  return 2;
}
