#include "jiaodu/demo/demo_city.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "jiaodu/demo/rng.h"

namespace jiaodu {
namespace {

using demo::Rng;

// Indicator order: L1 qualified, L2 backbone, L3 PE/arts, L4 teaching area,
// L5 sports area, L6 equipment, L7 multimedia rooms.
constexpr int kL = 7;
constexpr std::array<double, kL> kPrimaryStd = {4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3};
constexpr std::array<double, kL> kJuniorStd = {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4};

// How a county is resourced. Factors are multiples of the standard; `rural`
// multiplies them for 乡村 schools; `sd` is the log-spread between schools.
struct Profile {
  const char* name;
  bool district;  // 区 (urban) rather than 县
  double urban_share;
  double town_share;
  std::array<double, kL> mean;
  std::array<double, kL> sd;
  std::array<double, kL> rural;
  double big_class_share;  // share of sections with classes over the limit (G5)
  double rotation_rate;    // G11
  double social;           // R1
  int qm_level;            // Q9
};

// Six kinds of county, cycled when more are asked for. The comments say what
// each one demonstrates in the demo.
const std::array<Profile, 6>& Profiles() {
  static const std::array<Profile, 6> k = {{
      // Well resourced urban district: passes everything.
      {"城关区",
       true,
       1.0,
       0.0,
       {1.5, 1.6, 1.45, 1.35, 1.25, 1.5, 1.45},
       {0.08, 0.1, 0.08, 0.07, 0.07, 0.1, 0.08},
       {1, 1, 1, 1, 1, 1, 1},
       0.0,
       0.12,
       0.93,
       3},
      // Crowded new district: sports area is short and uneven (L5 CV over the limit).
      {"东湖区",
       true,
       0.9,
       0.1,
       {1.45, 1.5, 1.4, 1.15, 0.95, 1.4, 1.4},
       {0.08, 0.1, 0.08, 0.1, 0.55, 0.1, 0.08},
       {1, 1, 1, 1, 1, 1, 1},
       0.0,
       0.11,
       0.9,
       3},
      // Rural county: backbone teachers concentrated in town (L2 fails per school and CV).
      {"青山县",
       false,
       0.15,
       0.35,
       {1.45, 1.45, 1.4, 1.3, 1.6, 1.35, 1.35},
       {0.1, 0.6, 0.1, 0.1, 0.15, 0.12, 0.1},
       {1, 0.4, 1, 1, 1.1, 1, 1},
       0.0,
       0.105,
       0.88,
       3},
      // Good resources but oversized classes and too little rotation (G5, G11).
      {"白云县",
       false,
       0.3,
       0.4,
       {1.5, 1.55, 1.45, 1.35, 1.45, 1.45, 1.4},
       {0.07, 0.1, 0.08, 0.07, 0.1, 0.1, 0.08},
       {1, 1, 1, 1, 1, 1, 1},
       0.12,
       0.08,
       0.9,
       3},
      // Tight but passing: many schools near the standards, some exactly on them.
      {"清河县",
       false,
       0.25,
       0.45,
       {1.2, 1.25, 1.2, 1.15, 1.2, 1.2, 1.2},
       {0.05, 0.06, 0.05, 0.05, 0.05, 0.05, 0.05},
       {1, 1, 1, 1, 1, 1, 1},
       0.0,
       0.115,
       0.9,
       3},
      // Mountain county: small rural schools short of PE/arts teachers, low recognition.
      {"石门县",
       false,
       0.1,
       0.3,
       {1.35, 1.4, 1.2, 1.25, 1.5, 1.3, 1.3},
       {0.1, 0.12, 0.3, 0.1, 0.12, 0.12, 0.1},
       {0.95, 1, 0.6, 1, 1.1, 0.95, 1},
       0.0,
       0.1,
       0.83,
       3},
  }};
  return k;
}

const char* const kTowns[] = {"城南", "城北", "新桥", "柳塘",   "石岭", "清溪",
                              "望江", "梅山", "竹园", "黄土坡", "沙河", "双龙"};

struct Setter {
  const FieldCatalog& catalog;
  void operator()(FieldValues& v, std::string_view id, double value) const {
    if (auto i = catalog.IndexOf(id)) v.Set(*i, value);
  }
};

// The 2012 monitoring's extra resources (computers, books, titled
// teachers): log-spread per county profile. 石门县's are very uneven, so its
// composite 差异系数 (初中 ≤ 0.55) fails; every county's spread narrows a
// little each year, which the trend view shows.
constexpr int kExtra = 3;
constexpr std::array<std::array<double, kExtra>, 6> kExtraSd = {{
    {0.15, 0.2, 0.12},
    {0.2, 0.3, 0.15},
    {0.35, 0.45, 0.2},
    {0.15, 0.2, 0.12},
    {0.12, 0.15, 0.1},
    {2.0, 2.0, 1.2},
}};

struct Plan {  // one school's structure, shared by all years
  School school;
  std::vector<std::pair<Stage, double>> sections;  // stage, students (last year)
  std::array<double, kL> factor{};
  std::array<double, kExtra> extra{};  // log-factors (N(0,1) × sd) for computers, books, titles
  int exact = 0;  // 1: every indicator exactly at the standard; 2: L4 exactly at 85%
  bool big_classes = false;
};

double Round(double v, double step) { return std::round(v / step) * step; }

}  // namespace

DemoCity GenerateDemoCity(const FieldCatalog& catalog, const DemoOptions& options) {
  Rng rng(options.seed);
  Rng extra_rng(options.seed ^ 0x2012u);
  Setter set{catalog};
  DemoCity city;
  const int n_counties = std::clamp(options.counties, 1, 60);
  const std::string city_code = "990100";
  city.areas.push_back(Area{city_code, "示范市", AreaLevel::kCity, ""});
  std::vector<Plan> plans;
  int remaining = std::max(options.schools, n_counties);
  for (int c = 0; c < n_counties; ++c) {
    const Profile& prof = Profiles()[static_cast<size_t>(c) % Profiles().size()];
    std::string code = fmt::format("9901{:02d}", c + 2);
    std::string name = c < 6 ? prof.name : fmt::format("{}{}", prof.name, c / 6 + 1);
    if (c >= 6) name.insert(name.size() - 3, "");  // e.g. 城关区2
    city.areas.push_back(Area{code, name, AreaLevel::kCounty, city_code});
    int count = remaining / (n_counties - c);
    remaining -= count;
    int serial = 0;
    int special_done = 0;
    std::map<std::string, int> name_count;
    for (int i = 0; i < count; ++i) {
      Plan p;
      p.school.county = code;
      p.school.code = fmt::format("{}{:04d}", code, ++serial);
      const char* town = kTowns[rng.Int(0, 11)];
      p.school.town = fmt::format("{}镇", town);
      double u = rng.Uniform();
      p.school.locale = u < prof.urban_share                     ? Locale::kUrban
                        : u < prof.urban_share + prof.town_share ? Locale::kTown
                                                                 : Locale::kRural;
      if (p.school.locale == Locale::kUrban)
        p.school.town = prof.district ? fmt::format("{}街道", town) : "城区";
      p.school.ownership = rng.Uniform() < 0.07 ? Ownership::kPrivate : Ownership::kPublic;
      // Kind of school: a realistic mix, with one special school per county.
      double k = rng.Uniform();
      bool rural = p.school.locale == Locale::kRural;
      if (special_done == 0 && i == count - 1) {
        p.school.type = SchoolType::kSpecial;
        special_done = 1;
      } else if (rural && k < 0.18) {
        p.school.type = SchoolType::kTeachingPoint;
      } else if (k < 0.58) {
        p.school.type = SchoolType::kPrimary;
      } else if (k < 0.80) {
        p.school.type = SchoolType::kJunior;
      } else if (k < 0.92) {
        p.school.type = SchoolType::kNineYear;
      } else if (k < 0.97 && !rural) {
        p.school.type = SchoolType::kComplete;
      } else if (!rural) {
        p.school.type = SchoolType::kTwelveYear;
      } else {
        p.school.type = SchoolType::kPrimary;
      }
      if (p.school.ownership == Ownership::kPrivate &&
          p.school.type == SchoolType::kTeachingPoint) {
        p.school.ownership = Ownership::kPublic;
      }
      p.school.boarding =
          rural && p.school.type != SchoolType::kTeachingPoint && rng.Uniform() < 0.4;
      // Students per section.
      double scale = p.school.locale == Locale::kUrban  ? 1.0
                     : p.school.locale == Locale::kTown ? 0.6
                                                        : 0.3;
      auto students = [&](double lo, double hi) { return std::round(rng.Uniform(lo, hi) * scale); };
      switch (p.school.type) {
        case SchoolType::kPrimary:
          p.sections = {{Stage::kPrimary, std::max(60.0, students(900, 1900))}};
          break;
        case SchoolType::kTeachingPoint:
          p.sections = {{Stage::kPrimary, std::round(rng.Uniform(18, 95))}};
          break;
        case SchoolType::kJunior:
          p.sections = {{Stage::kJunior, std::max(150.0, students(800, 1900))}};
          break;
        case SchoolType::kNineYear:
          p.sections = {{Stage::kPrimary, std::max(120.0, students(700, 1300))},
                        {Stage::kJunior, std::max(90.0, students(350, 900))}};
          break;
        case SchoolType::kComplete:
          p.sections = {{Stage::kJunior, students(600, 1300)},
                        {Stage::kSenior, students(900, 1600)}};
          break;
        case SchoolType::kTwelveYear:
          p.sections = {{Stage::kPrimary, students(500, 900)},
                        {Stage::kJunior, students(350, 700)},
                        {Stage::kSenior, students(400, 800)}};
          break;
        case SchoolType::kSpecial:
          p.sections = {{Stage::kPrimary, std::round(rng.Uniform(50, 120))},
                        {Stage::kJunior, std::round(rng.Uniform(20, 60))}};
          break;
        default:
          p.sections = {{Stage::kPrimary, students(500, 1000)}};
          break;
      }
      for (int j = 0; j < kL; ++j) {
        double f = prof.mean[static_cast<size_t>(j)] *
                   std::exp(prof.sd[static_cast<size_t>(j)] * rng.Normal());
        if (rural) f *= prof.rural[static_cast<size_t>(j)];
        p.factor[static_cast<size_t>(j)] = std::clamp(f, 0.35, 3.5);
      }
      // Drawn from their own stream, so adding them changed nothing else.
      for (int e = 0; e < kExtra; ++e) {
        p.extra[static_cast<size_t>(e)] =
            kExtraSd[static_cast<size_t>(c) % 6][static_cast<size_t>(e)] * extra_rng.Normal();
      }
      p.big_classes = rng.Uniform() < prof.big_class_share;
      // The edge county: two schools exactly on the line.
      if (c % 6 == 4 && i == 1) p.exact = 1;
      if (c % 6 == 4 && i == 2) p.exact = 2;
      if (p.exact != 0) {
        p.school.type = SchoolType::kPrimary;
        p.school.locale = Locale::kTown;
        p.school.ownership = Ownership::kPublic;
        p.sections = {{Stage::kPrimary, 1000}};
      }
      std::string_view suffix;
      switch (p.school.type) {
        case SchoolType::kPrimary:
          suffix = p.school.locale == Locale::kRural ? "村小学" : "小学";
          break;
        case SchoolType::kTeachingPoint:
          suffix = "教学点";
          break;
        case SchoolType::kJunior:
          suffix = "初级中学";
          break;
        case SchoolType::kNineYear:
          suffix = "九年一贯制学校";
          break;
        case SchoolType::kTwelveYear:
          suffix = "实验学校";
          break;
        case SchoolType::kComplete:
          suffix = "中学";
          break;
        case SchoolType::kSpecial:
          suffix = "特殊教育学校";
          break;
        default:
          suffix = "学校";
          break;
      }
      // "东湖清溪小学", then "东湖清溪第二小学", ... as real names go.
      std::string base = fmt::format("{}{}{}", name.substr(0, name.size() - 3), town,
                                     p.school.ownership == Ownership::kPrivate ? "育才" : "");
      int nth = ++name_count[base + std::string(suffix)];
      static const char* const kOrdinal[] = {"",     "",     "第二", "第三", "第四", "第五",
                                             "第六", "第七", "第八", "第九", "第十"};
      std::string ordinal = nth <= 10 ? kOrdinal[nth] : fmt::format("第{}", nth);
      p.school.name = p.school.type == SchoolType::kSpecial
                          ? fmt::format("{}{}", name, suffix)
                          : fmt::format("{}{}{}", base, ordinal, suffix);
      plans.push_back(std::move(p));
    }
  }

  for (int y = 0; y < options.years; ++y) {
    // Dispersion of the extra resources narrows by 12% a year.
    const double narrowing = 1.0 - 0.12 * static_cast<double>(y);
    const int year = options.first_year + y;
    // Resources grow ~3% a year: earlier years are a little poorer.
    const double growth = 1.0 - 0.03 * (options.years - 1 - y);
    for (const Plan& p : plans) {
      SchoolYearRecord r;
      r.school = p.school;
      r.year = AcademicYear(year);
      r.values = FieldValues(catalog.size());
      double total = 0;
      double compulsory = 0;
      // Shared resources are sized against the highest standard among the
      // school's sections, as a bureau would plan them.
      double std_mix[kL] = {};
      for (const auto& [stage, students_last] : p.sections) {
        double s =
            std::max(1.0, std::round(students_last * (1.0 - 0.01 * (options.years - 1 - y))));
        if (p.exact != 0) s = 1000;
        total += s;
        if (stage != Stage::kSenior) compulsory += s;
        for (int j = 0; j < kL; ++j) {
          const auto& stds = stage == Stage::kPrimary ? kPrimaryStd : kJuniorStd;
          std_mix[j] = std::max(std_mix[j], stds[static_cast<size_t>(j)]);
        }
      }
      auto target = [&](int j) {
        return p.exact == 1 ? std_mix[j] : std_mix[j] * p.factor[static_cast<size_t>(j)] * growth;
      };
      int total_classes = 0;
      for (const auto& [stage, students_last] : p.sections) {
        SectionRecord sec;
        sec.stage = stage;
        sec.values = FieldValues(catalog.size());
        sec.overrides = FieldValues(catalog.size());
        double s =
            std::max(1.0, std::round(students_last * (1.0 - 0.01 * (options.years - 1 - y))));
        if (p.exact != 0) s = 1000;
        const auto& stds = stage == Stage::kPrimary ? kPrimaryStd : kJuniorStd;
        double limit = stage == Stage::kPrimary ? 45 : 50;
        double avg = p.school.type == SchoolType::kTeachingPoint ? 15 : limit - rng.Uniform(3, 9);
        double classes = std::max(1.0, std::ceil(s / avg));
        total_classes += stage == Stage::kSenior ? 0 : static_cast<int>(classes);
        double max_class = std::min(limit, std::ceil(s / classes) + rng.Int(0, 3));
        if (p.big_classes && stage != Stage::kSenior) max_class = limit + rng.Int(2, 12);
        double ratio = stage == Stage::kPrimary ? 19 : stage == Stage::kJunior ? 13.5 : 12.5;
        auto per100 = [&](int j) {
          double f = p.exact == 1 ? 1.0 : p.factor[static_cast<size_t>(j)] * growth;
          // Whole teachers, rounded up: a small section would otherwise drop
          // below its county's profile just by rounding.
          return std::ceil(stds[static_cast<size_t>(j)] * f * s / 100 - 1e-9);
        };
        double qualified = per100(0);
        double backbone = per100(1);
        double arts = per100(2);
        double teachers = std::max(
            {std::round(s / ratio * rng.Uniform(1.0, 1.15)), qualified + 2, arts + 2, 2.0});
        double postgrad = std::floor(qualified * 0.08);
        double associate = stage == Stage::kPrimary ? std::floor((qualified - postgrad) * 0.25) : 0;
        double bachelor = qualified - postgrad - associate;
        if (stage != Stage::kPrimary)
          associate = std::min(std::floor((teachers - qualified) * 0.5), 6.0);
        set(sec.values, "students", s);
        set(sec.values, "classes", classes);
        set(sec.values, "max_class_size", std::max(max_class, std::ceil(s / classes)));
        set(sec.values, "teachers", teachers);
        set(sec.values, "teachers_postgrad", postgrad);
        set(sec.values, "teachers_bachelor", bachelor);
        set(sec.values, "teachers_associate", associate);
        set(sec.values, "teachers_backbone", std::min(backbone, teachers));
        double pe = std::ceil(arts * 0.5);
        double music = std::floor((arts - pe) / 2);
        set(sec.values, "teachers_pe", pe);
        set(sec.values, "teachers_music", music);
        set(sec.values, "teachers_art", arts - pe - music);
        set(sec.values, "teachers_certified", teachers);
        set(sec.values, "teachers_trained_360", teachers);
        double titled_share = std::clamp(0.5 * std::exp(p.extra[2] * narrowing), 0.05, 0.95);
        set(sec.values, "teachers_senior_title", std::round(teachers * titled_share));
        double entrants = std::round(s / (stage == Stage::kPrimary ? 6 : 3));
        set(sec.values, "new_entrants", entrants);
        bool catchment = p.school.ownership == Ownership::kPublic &&
                         p.school.locale != Locale::kRural && !p.school.boarding;
        double nearby = catchment
                            ? (stage == Stage::kPrimary ? entrants : std::ceil(entrants * 0.97))
                            : entrants;
        set(sec.values, "new_entrants_nearby", std::min(nearby, entrants));
        r.sections.push_back(std::move(sec));
      }
      // Shared resources, sized so the prorated per-student values hit the targets.
      double indoor = std::round(total * rng.Uniform(0.2, 0.45));
      double teaching = std::round(target(3) * total + indoor);
      double ground = std::max(0.0, std::round(target(4) * total - indoor));
      double equipment = Round(target(5) * total, 100);
      double rooms = std::max(1.0, std::round(target(6) * total / 100));
      if (p.exact == 1) {
        teaching = 4500 + indoor;
        ground = 7500 - indoor;
        equipment = 2000 * 1000;
        rooms = 23;
      } else if (p.exact == 2) {
        teaching = 3825 + indoor;  // L4 = 3.825, exactly 85% of 4.5
      }
      if (p.school.type == SchoolType::kTeachingPoint) indoor = 0;
      set(r.values, "teaching_aux_area", teaching);
      set(r.values, "indoor_sports_area", std::min(indoor, teaching));
      set(r.values, "sports_ground_area", ground);
      set(r.values, "equipment_value", equipment);
      set(r.values, "multimedia_rooms", rooms);
      // About 12 computers per 100 students and 30 books per student.
      set(r.values, "computers",
          std::max(1.0, std::round(0.12 * total * std::exp(p.extra[0] * narrowing))));
      set(r.values, "books",
          std::max(10.0, std::round(30 * total * std::exp(p.extra[1] * narrowing))));
      double need_rooms = std::max(1.0, std::ceil(total_classes / 12.0));
      double music_rooms = p.school.type == SchoolType::kTeachingPoint ? 1 : need_rooms;
      set(r.values, "music_rooms", music_rooms);
      set(r.values, "art_rooms", music_rooms);
      set(r.values, "music_room_min_area", std::round(rng.Uniform(96, 120)));
      set(r.values, "art_room_min_area", std::round(rng.Uniform(90, 110)));
      double quota = 720;
      double budget = Round(std::max(compulsory, 100.0) * quota * rng.Uniform(1.0, 1.15), 100);
      set(r.values, "public_funds_allocated", budget);
      set(r.values, "public_funds_budget", budget);
      set(r.values, "teacher_training_funds", Round(budget * rng.Uniform(0.05, 0.08), 100));
      city.schools.push_back(std::move(r));
    }
    // County data.
    for (int c = 0; c < n_counties; ++c) {
      const Profile& prof = Profiles()[static_cast<size_t>(c) % Profiles().size()];
      CountyYearRecord cr;
      cr.county = city.areas[static_cast<size_t>(c) + 1].code;
      cr.year = AcademicYear(year);
      cr.values = FieldValues(catalog.size());
      set(cr.values, "funds_quota_primary", 720);
      set(cr.values, "funds_quota_junior", 940);
      set(cr.values, "special_ed_funds_per_student", 6500 + 500 * y);
      double civil = Round(rng.Uniform(95000, 125000), 100);
      set(cr.values, "civil_servant_avg_salary", civil);
      set(cr.values, "teacher_avg_salary", Round(civil * rng.Uniform(1.0, 1.06), 100));
      double eligible = std::round(rng.Uniform(600, 1500));
      double rotated = std::ceil(eligible * prof.rotation_rate);
      set(cr.values, "rotation_eligible", eligible);
      set(cr.values, "rotation_actual", rotated);
      set(cr.values, "rotation_backbone", std::ceil(rotated * rng.Uniform(0.21, 0.3)));
      double hs_total = std::round(rng.Uniform(1500, 4000));
      set(cr.values, "quality_hs_quota_total", hs_total);
      set(cr.values, "quality_hs_quota_allocated", std::ceil(hs_total * rng.Uniform(0.5, 0.6)));
      double migrants = std::round(rng.Uniform(1500, 9000));
      set(cr.values, "migrant_children_eligible", migrants);
      set(cr.values, "migrant_children_public", std::ceil(migrants * rng.Uniform(0.86, 0.95)));
      double grade7 = std::round(rng.Uniform(3000, 7000));
      set(cr.values, "junior_grade7_3y_ago", grade7);
      set(cr.values, "junior_deaths_3y", std::round(rng.Uniform(0, 4)));
      set(cr.values, "junior_transfer_in_3y", std::round(grade7 * 0.02));
      set(cr.values, "junior_transfer_out_3y", std::round(grade7 * 0.015));
      set(cr.values, "junior_graduates", std::round(grade7 * rng.Uniform(0.975, 0.99)));
      double disabled = std::round(rng.Uniform(200, 600));
      set(cr.values, "disabled_children_total", disabled);
      set(cr.values, "disabled_children_enrolled", std::ceil(disabled * rng.Uniform(0.955, 0.99)));
      set(cr.values, "qm_min_level", prof.qm_level);
      set(cr.values, "qm_max_diff_rate", std::round(rng.Uniform(0.06, 0.13) * 100) / 100);
      set(cr.values, "social_recognition_rate", std::round((prof.social + 0.01 * y) * 1000) / 1000);
      for (const char* item :
           {"G1", "G2", "G8", "G10", "G14", "G15", "Q3", "Q5", "Q6", "Q7", "Q8"}) {
        cr.judgments[item] = Judgment{JudgmentStatus::kMet, "",
                                      fmt::format("（示范数据）{}{}年度佐证材料", item, year)};
      }
      for (const char* v : {"V1", "V2", "V3", "V4", "V5", "V6", "V7"})
        cr.vetoes[v] = VetoRecord{false, ""};
      city.counties.push_back(std::move(cr));
    }
  }
  return city;
}

namespace {

// How a county runs its kindergartens, by the same six profiles. Shares are
// of children: public (公办园 and public primary schools' 附设幼儿班) and
// 普惠性民办园; the rest are in 非普惠民办园.
struct PreschoolProfile {
  double public_share;
  double inclusive_share;
  double enrolment;       // 毛入园率 in the latest year
  double per_teacher_lo;  // children per full-time teacher
  double per_teacher_hi;
  double crowded;       // share of kindergartens with oversized classes
  int crowded_types;    // how many class types they overfill (大班, then 中班)
  bool uncertified;     // private kindergartens employ uncertified teachers
  double recognition;   // latest year
  const char* not_met;  // an item the bureau judges 未达标
  const char* not_met_note;
};

const std::array<PreschoolProfile, 6>& PreschoolProfiles() {
  static const std::array<PreschoolProfile, 6> k = {{
      // 城关区: passes everything.
      {0.58, 0.30, 0.97, 10.5, 13.0, 0.1, 1, false, 0.93, nullptr, nullptr},
      // 东湖区: a new district filled by private kindergartens, most of them
      // 普惠: 普惠覆盖率 passes, 公办园在园幼儿占比 (P3) does not.
      {0.42, 0.44, 0.93, 11.0, 13.5, 0.15, 1, false, 0.90, nullptr, nullptr},
      // 青山县: rural, short of teachers (Q3) and of township central kindergartens (G3).
      {0.66, 0.18, 0.89, 16.0, 18.5, 0.1, 1, false, 0.88, "G3",
       "（示范数据）柳塘镇、黄土坡镇尚无公办中心幼儿园"},
      // 白云县: estate kindergartens run as non-inclusive private ones (P2,
      // G4) and crowded classes (Q2), as its schools are.
      {0.52, 0.22, 0.95, 11.5, 13.5, 0.6, 2, false, 0.90, "G4",
       "（示范数据）3所小区配套幼儿园办成非普惠性民办园，未按规定移交"},
      // 清河县: tight but passing: 公办园占比 exactly 50%, recognition exactly
      // 85%, a kindergarten exactly on the three per-child areas and a
      // 普惠性民办园 charging exactly the cap.
      {0.51, 0.31, 0.91, 12.0, 14.0, 0.1, 1, false, 0.85, nullptr, nullptr},
      // 石门县: uncertified teachers (Q4), 小学化 (Q6), low recognition (R1).
      {0.70, 0.14, 0.88, 12.5, 14.5, 0.1, 1, true, 0.83, "Q6",
       "（示范数据）2所民办园存在“小学化”倾向，已责令整改"},
  }};
  return k;
}

const char* const kBrands[] = {"阳光",     "小太阳", "贝贝", "启蒙", "蓝天",   "童心",
                               "金色摇篮", "新蕾",   "育苗", "七彩", "小星星", "春芽"};

enum class KgKind { kPublic, kInclusive, kPrivate, kAttached };

struct KgPlan {  // one kindergarten's structure, shared by all years
  School school;
  KgKind kind = KgKind::kPublic;
  double size = 0;               // children in the latest year, before any adjustment
  std::vector<double> children;  // per year
  bool exact = false;            // all three per-child areas exactly at the standard
  double small_share = 0.32;     // share of children in 小班
  double middle_share = 0.33;    // in 中班 (the rest in 大班)
  std::array<int, 3> slack{};    // below the size limit a class type is planned at
  int crowded_types = 0;         // 大班 (1), then 中班 (2) planned over the limit
  std::array<int, 3> over{};     // by how much, when crowded
  double per_teacher = 13;
  double establishment = 0;  // share of teachers on the establishment (编制)
  double pay = 0;  // average annual pay (元) on the establishment, or of all in a private one
  double contract_ratio = 0.8;
  int uncertified = 0;
  // Outdoor play area, activity rooms, building, as multiples of the per-child standard.
  std::array<double, 3> area_factor{};
  int design_year = 2010;
  double fee = 0;
};

// Children in `n` classes as evenly as possible; how many exceed `limit`.
int Oversize(int children, int classes, int limit) {
  if (classes <= 0) return 0;
  int q = children / classes;
  int r = children % classes;
  if (q > limit) return classes;
  return q + 1 > limit ? r : 0;
}

}  // namespace

DemoPreschool GeneratePreschool(const FieldCatalog& catalog, const DemoCity& city,
                                const DemoOptions& options) {
  Rng rng(options.seed ^ 0x5850'2020u);
  Setter set{catalog};
  DemoPreschool out;
  const int years = std::max(options.years, 1);
  const int latest = options.first_year + years - 1;
  constexpr double kOutdoor = 4;
  constexpr double kActivity = 8.17;
  constexpr double kBuilding = 10.44;
  int c = -1;
  for (const Area& area : city.areas) {
    if (area.level != AreaLevel::kCounty) continue;
    ++c;
    const Profile& prof = Profiles()[static_cast<size_t>(c) % Profiles().size()];
    const PreschoolProfile& pp =
        PreschoolProfiles()[static_cast<size_t>(c) % PreschoolProfiles().size()];
    const bool edge = c % 6 == 4;
    // 附设幼儿班: one to three public primary schools, rural ones first.
    std::vector<const School*> primaries;
    int max_serial = 0;
    for (const SchoolYearRecord& r : city.schools) {
      if (r.school.county != area.code || r.year.start() != latest) continue;
      max_serial = std::max(max_serial, std::atoi(r.school.code.c_str() + area.code.size()));
      if (r.school.type == SchoolType::kPrimary && r.school.ownership == Ownership::kPublic) {
        primaries.push_back(&r.school);
      }
    }
    std::stable_sort(primaries.begin(), primaries.end(), [](const School* a, const School* b) {
      return static_cast<int>(a->locale) > static_cast<int>(b->locale);
    });
    const int attached = std::min(static_cast<int>(primaries.size()), rng.Int(1, 3));
    const int standalone = rng.Int(7, 12);
    const int n_private = std::max(
        1, static_cast<int>(
               std::lround(standalone * (1 - pp.public_share - pp.inclusive_share) * 1.3)));
    const int n_inclusive =
        std::max(1, static_cast<int>(std::lround(standalone * pp.inclusive_share * 1.1)));
    const int n_public = std::max(1, standalone - n_private - n_inclusive);

    std::vector<KgPlan> plans;
    int serial = std::max(8000, max_serial);
    std::set<std::string> names;
    int brand = rng.Int(0, 11);
    int public_nth = 0;
    auto add_kindergarten = [&](KgKind kind) {
      KgPlan p;
      p.kind = kind;
      School& s = p.school;
      s.county = area.code;
      s.code = fmt::format("{}{:04d}", area.code, ++serial);
      s.type = SchoolType::kKindergarten;
      s.ownership = kind == KgKind::kPublic ? Ownership::kPublic : Ownership::kPrivate;
      s.inclusive = kind == KgKind::kInclusive;
      const char* town = kTowns[rng.Int(0, 11)];
      double u = rng.Uniform();
      // The county's first public kindergarten is the 实验幼儿园 in town.
      if (kind == KgKind::kPublic && public_nth == 0) u = 0;
      s.locale = u < prof.urban_share                     ? Locale::kUrban
                 : u < prof.urban_share + prof.town_share ? Locale::kTown
                                                          : Locale::kRural;
      s.town = s.locale != Locale::kUrban ? fmt::format("{}镇", town)
               : prof.district            ? fmt::format("{}街道", town)
                                          : "城区";
      // "青山县柳塘镇中心幼儿园", "城关区实验幼儿园", "东湖区阳光幼儿园"; a
      // second one of a name is "…第二幼儿园".
      std::string stem = area.name;
      std::string first;
      if (kind != KgKind::kPublic) {
        stem += kBrands[brand++ % 12];
        first = "幼儿园";
      } else if (s.locale != Locale::kUrban) {
        stem += s.town;
        first = "中心幼儿园";
      } else {
        static const char* const kPublicNames[] = {"实验幼儿园", "机关幼儿园", "第一幼儿园",
                                                   "第二幼儿园", "第三幼儿园", "第四幼儿园"};
        first = kPublicNames[std::min(public_nth, 5)];
      }
      if (kind == KgKind::kPublic) ++public_nth;
      s.name = stem + first;
      static const char* const kNth[] = {"二", "三", "四", "五", "六", "七", "八", "九"};
      for (size_t nth = 0; !names.insert(s.name).second; ++nth) {
        s.name = nth < 8 ? fmt::format("{}第{}幼儿园", stem, kNth[nth])
                         : fmt::format("{}第{}幼儿园", stem, nth + 2);
      }
      const double scale = s.locale == Locale::kUrban  ? 1.0
                           : s.locale == Locale::kTown ? 0.7
                                                       : 0.45;
      switch (kind) {
        case KgKind::kPublic:
          p.size = rng.Uniform(220, 420) * scale;
          break;
        case KgKind::kInclusive:
          p.size = rng.Uniform(120, 280) * scale;
          break;
        default:
          p.size = rng.Uniform(80, 220) * scale;
          break;
      }
      plans.push_back(std::move(p));
    };
    for (int i = 0; i < n_public; ++i) add_kindergarten(KgKind::kPublic);
    for (int i = 0; i < n_inclusive; ++i) add_kindergarten(KgKind::kInclusive);
    for (int i = 0; i < n_private; ++i) add_kindergarten(KgKind::kPrivate);
    for (int i = 0; i < attached; ++i) {
      KgPlan p;
      p.kind = KgKind::kAttached;
      p.school = *primaries[static_cast<size_t>(i)];
      p.size = rng.Uniform(18, 45);
      plans.push_back(std::move(p));
    }
    // Scale each kind to the county's shares of children.
    std::array<double, 4> raw{};
    double total = 0;
    for (const KgPlan& p : plans) {
      raw[static_cast<size_t>(p.kind)] += p.size;
      total += p.size;
    }
    const std::array<double, 4> want = {
        pp.public_share * total - raw[static_cast<size_t>(KgKind::kAttached)],
        pp.inclusive_share * total, (1 - pp.public_share - pp.inclusive_share) * total,
        raw[static_cast<size_t>(KgKind::kAttached)]};
    for (KgPlan& p : plans) {
      auto k = static_cast<size_t>(p.kind);
      p.size = std::clamp(std::round(p.size * want[k] / raw[k]), 20.0, 560.0);
    }
    // 清河县's first 普惠性民办园 (right after the public ones): exactly on
    // the per-child areas, and charging exactly the cap.
    if (edge) {
      KgPlan& p = plans[static_cast<size_t>(n_public)];
      p.exact = true;
      p.size = 200;
    }
    // Children per year: a little fewer in earlier years.
    for (KgPlan& p : plans) {
      for (int y = 0; y < years; ++y) {
        double growth = 1.0 - 0.02 * (years - 1 - y);
        p.children.push_back(p.exact ? p.size : std::max(12.0, std::round(p.size * growth)));
      }
    }
    // 清河县: public and private children exactly equal (公办园占比 50%), by
    // moving children between the largest public and private kindergartens.
    if (edge) {
      for (int y = 0; y < years; ++y) {
        auto yi = static_cast<size_t>(y);
        double pub = 0;
        double pri = 0;
        KgPlan* big_pub = nullptr;
        KgPlan* big_pri = nullptr;
        for (KgPlan& p : plans) {
          bool is_pub = p.school.ownership == Ownership::kPublic;
          (is_pub ? pub : pri) += p.children[yi];
          KgPlan*& big = is_pub ? big_pub : big_pri;
          if (!p.exact && p.kind != KgKind::kAttached &&
              (big == nullptr || p.children[yi] > big->children[yi])) {
            big = &p;
          }
        }
        double d = pub - pri;
        double to_private = std::ceil(d / 2);
        big_pri->children[yi] += to_private;
        big_pub->children[yi] -= d - to_private;
      }
    }
    // The rest of each kindergarten's plan.
    const double cap = prof.district ? 980 : 760;
    int older = 0;
    for (KgPlan& p : plans) {
      const bool attached_class = p.kind == KgKind::kAttached;
      p.small_share = rng.Uniform(0.30, 0.34);
      p.middle_share = rng.Uniform(0.32, 0.35);
      for (auto& s : p.slack) s = rng.Int(1, 5);
      if (!attached_class && !p.exact && rng.Uniform() < pp.crowded)
        p.crowded_types = pp.crowded_types;
      for (auto& o : p.over) o = rng.Int(2, 6);
      p.per_teacher = rng.Uniform(pp.per_teacher_lo, pp.per_teacher_hi);
      p.establishment = p.kind == KgKind::kPublic ? rng.Uniform(0.45, 0.7)
                        : attached_class          ? 1.0
                                                  : 0.0;
      p.pay = p.school.ownership == Ownership::kPublic ? Round(rng.Uniform(92000, 118000), 100)
                                                       : Round(rng.Uniform(46000, 66000), 100);
      p.contract_ratio = rng.Uniform(0.78, 0.92);
      if (pp.uncertified && p.school.ownership == Ownership::kPrivate)
        p.uncertified = rng.Int(1, 2);
      // Premises: planned from 2017 they meet all three areas; one in four
      // older ones (one in three in rural counties) falls short of one.
      // (Planned before the data's first year.)
      bool recent = !attached_class && rng.Uniform() < 0.3 && options.first_year > 2017;
      p.design_year = attached_class ? rng.Int(1996, 2012)
                      : recent       ? rng.Int(2017, std::min(options.first_year - 1, 2022))
                                     : rng.Int(1992, std::min(options.first_year - 1, 2016));
      if (p.exact) p.design_year = 2018;
      bool short_of_area = false;
      if (p.design_year < 2017 && !p.exact) {
        ++older;
        short_of_area = older % (prof.district ? 4 : 3) == 0;
      }
      for (auto& f : p.area_factor) f = rng.Uniform(1.05, 1.4);
      if (short_of_area)
        p.area_factor[static_cast<size_t>(rng.Int(0, 2))] = rng.Uniform(0.78, 0.95);
      switch (p.kind) {
        case KgKind::kPublic:
          p.fee = Round(rng.Uniform(260, 520), 10);
          break;
        case KgKind::kAttached:
          p.fee = Round(rng.Uniform(150, 280), 10);
          break;
        case KgKind::kInclusive:
          p.fee = p.exact ? cap : Round(cap * rng.Uniform(0.75, 0.98), 10);
          break;
        case KgKind::kPrivate:
          p.fee = Round(rng.Uniform(1300, 3200), 50);
          break;
      }
    }

    for (int y = 0; y < years; ++y) {
      const int year = options.first_year + y;
      auto yi = static_cast<size_t>(y);
      double county_children = 0;
      for (const KgPlan& p : plans) {
        SchoolYearRecord r;
        r.school = p.school;
        r.year = AcademicYear(year);
        r.values = FieldValues(catalog.size());
        SectionRecord sec;
        sec.stage = Stage::kPreschool;
        sec.values = FieldValues(catalog.size());
        sec.overrides = FieldValues(catalog.size());
        const int n = static_cast<int>(p.children[yi]);
        county_children += n;
        int classes_total = 0;
        int oversize = 0;
        // 小班, 中班, 大班 (limits 25 / 30 / 35), or one mixed-age class
        // group in a primary school (limit 30).
        std::array<int, 4> kids{};
        std::array<int, 4> classes{};
        if (p.kind == KgKind::kAttached) {
          kids[3] = n;
        } else {
          kids[0] = static_cast<int>(std::lround(n * p.small_share));
          kids[1] = static_cast<int>(std::lround(n * p.middle_share));
          kids[2] = n - kids[0] - kids[1];
        }
        static constexpr std::array<int, 4> kLimit = {25, 30, 35, 30};
        for (size_t t = 0; t < 4; ++t) {
          if (kids[t] == 0) continue;
          bool crowded = (t == 2 && p.crowded_types >= 1) || (t == 1 && p.crowded_types >= 2);
          int planned = t == 3 ? 26 : crowded ? kLimit[t] + p.over[t] : kLimit[t] - p.slack[t];
          // Crowded: too few classes for the children (rounded down).
          classes[t] = std::max(1, crowded ? kids[t] / planned : (kids[t] + planned - 1) / planned);
          classes_total += classes[t];
          oversize += Oversize(kids[t], classes[t], kLimit[t]);
        }
        int under3 = std::min(kids[0], rng.Int(0, 2));
        int over6 = std::min(kids[2], rng.Int(0, 3));
        set(sec.values, "children", n);
        set(sec.values, "children_small", kids[0]);
        set(sec.values, "children_middle", kids[1]);
        set(sec.values, "children_large", kids[2]);
        set(sec.values, "children_mixed", kids[3]);
        if (p.kind == KgKind::kAttached) {
          // A mixed-age class of 4- and 5-year-olds, the year before school.
          int five = n / 2;
          set(sec.values, "children_age_under3", 0);
          set(sec.values, "children_age3", 0);
          set(sec.values, "children_age4", n - five);
          set(sec.values, "children_age5", five);
          set(sec.values, "children_age6plus", 0);
        } else {
          set(sec.values, "children_age_under3", under3);
          set(sec.values, "children_age3", kids[0] - under3);
          set(sec.values, "children_age4", kids[1]);
          set(sec.values, "children_age5", kids[2] - over6);
          set(sec.values, "children_age6plus", over6);
        }
        set(sec.values, "classes_small", classes[0]);
        set(sec.values, "classes_middle", classes[1]);
        set(sec.values, "classes_large", classes[2]);
        set(sec.values, "classes_mixed", classes[3]);
        set(sec.values, "classes_oversize", oversize);
        const double principals = p.kind == KgKind::kAttached ? 0 : 1;
        const double teachers = std::max(1.0, std::round(n / p.per_teacher));
        const double on_establishment = std::round(teachers * p.establishment);
        set(sec.values, "principals", principals);
        set(sec.values, "principals_certified", principals);
        set(sec.values, "teachers", teachers);
        set(sec.values, "teachers_certified",
            std::max(0.0, teachers - std::min<double>(p.uncertified, teachers - 1)));
        set(sec.values, "teachers_establishment", on_establishment);
        const double nurses = classes_total;
        set(sec.values, "nurses", nurses);
        set(sec.values, "nurses_certified", std::max(0.0, nurses - (nurses >= 4 ? 1 : 0)));
        if (p.school.ownership == Ownership::kPublic) {
          set(sec.values, "pay_establishment", on_establishment * p.pay);
          set(sec.values, "pay_contract",
              Round((teachers - on_establishment) * p.pay * p.contract_ratio, 100));
        } else {
          set(sec.values, "pay_establishment", 0);
          set(sec.values, "pay_contract", teachers * p.pay);
        }
        r.sections.push_back(std::move(sec));
        // Premises are sized for the most children the kindergarten has had.
        const double most = *std::max_element(p.children.begin(), p.children.end());
        auto premises = [&](double per_child, size_t j) {
          return p.exact ? std::round(per_child * most * 100) / 100
                         : std::ceil(per_child * most * p.area_factor[j]);
        };
        double activity = premises(kActivity, 1);
        set(r.values, "area_outdoor_play", premises(kOutdoor, 0));
        set(r.values, "area_activity", activity);
        set(r.values, "area_building",
            std::max(premises(kBuilding, 2), std::ceil(activity * 1.15)));
        set(r.values, "design_year", p.design_year);
        set(r.values, "fee_monthly", p.fee);
        out.schools.push_back(std::move(r));
      }
      // The bureau's figures: enrolment 1.5 points lower a year earlier.
      CountyYearRecord cr;
      cr.county = area.code;
      cr.year = AcademicYear(year);
      cr.values = FieldValues(catalog.size());
      const double before = latest - year;
      set(cr.values, "population_3_5",
          std::round(county_children / (pp.enrolment - 0.015 * before)));
      set(cr.values, "fee_cap_inclusive", cap);
      set(cr.values, "funds_public_per_child", prof.district ? 900 : 600);
      set(cr.values, "subsidy_inclusive_per_child", prof.district ? 500 : 400);
      set(cr.values, "social_recognition_rate",
          std::round((pp.recognition - 0.01 * before) * 1000) / 1000);
      for (const char* item :
           {"G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8", "G9", "Q4", "Q5", "Q6"}) {
        Judgment j{JudgmentStatus::kMet, "",
                   fmt::format("（示范数据）{}{}年度佐证材料", item, year)};
        bool uncertified_teachers = pp.uncertified && std::string_view(item) == "Q4";
        if ((pp.not_met != nullptr && std::string_view(item) == pp.not_met) ||
            uncertified_teachers) {
          j.status = JudgmentStatus::kNotMet;
          j.note = uncertified_teachers ? "（示范数据）部分民办园专任教师未取得幼儿园教师资格证"
                                        : pp.not_met_note;
        }
        cr.judgments[item] = std::move(j);
      }
      out.counties.push_back(std::move(cr));
    }
  }
  return out;
}

}  // namespace jiaodu
