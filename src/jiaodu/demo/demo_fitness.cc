#include "jiaodu/demo/demo_fitness.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string_view>

#include "jiaodu/core/civil_date.h"
#include "jiaodu/demo/rng.h"

namespace jiaodu::demo {
namespace {

using fitness::kMissing;

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

uint64_t HashText(std::string_view s) {  // FNV-1a
  uint64_t h = 0xCBF29CE484222325ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return h;
}

double UnitOf(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

int32_t Clamp32(double v, int32_t lo, int32_t hi) {
  const double r = std::round(v);
  if (r < static_cast<double>(lo)) return lo;
  if (r > static_cast<double>(hi)) return hi;
  return static_cast<int32_t>(r);
}

// ---- people -----------------------------------------------------------------

// Common surnames, the most frequent first (weights ~ their share, ‰).
constexpr std::pair<std::string_view, int> kSurnames[] = {
    {"王", 72},  {"李", 70},  {"张", 66}, {"刘", 53}, {"陈", 45}, {"杨", 31}, {"黄", 22},
    {"赵", 21},  {"吴", 20},  {"周", 19}, {"徐", 16}, {"孙", 15}, {"马", 15}, {"朱", 14},
    {"胡", 13},  {"郭", 12},  {"何", 12}, {"高", 11}, {"林", 11}, {"罗", 10}, {"郑", 10},
    {"梁", 9},   {"谢", 8},   {"宋", 8},  {"唐", 7},  {"许", 7},  {"韩", 7},  {"冯", 7},
    {"邓", 7},   {"曹", 6},   {"彭", 6},  {"曾", 6},  {"肖", 6},  {"田", 6},  {"董", 5},
    {"袁", 5},   {"潘", 5},   {"于", 5},  {"蒋", 5},  {"蔡", 5},  {"余", 5},  {"杜", 5},
    {"叶", 4},   {"程", 4},   {"苏", 4},  {"魏", 4},  {"吕", 4},  {"丁", 4},  {"任", 4},
    {"沈", 4},   {"姚", 4},   {"卢", 4},  {"姜", 3},  {"崔", 3},  {"钟", 3},  {"谭", 3},
    {"陆", 3},   {"汪", 3},   {"范", 3},  {"金", 3},  {"石", 3},  {"廖", 3},  {"贾", 3},
    {"夏", 3},   {"韦", 3},   {"方", 3},  {"白", 3},  {"邹", 3},  {"孟", 3},  {"熊", 3},
    {"秦", 3},   {"邱", 3},   {"江", 3},  {"尹", 2},  {"薛", 2},  {"闫", 2},  {"段", 2},
    {"雷", 2},   {"侯", 2},   {"龙", 2},  {"史", 2},  {"黎", 2},  {"贺", 2},  {"顾", 2},
    {"毛", 2},   {"郝", 2},   {"龚", 2},  {"邵", 2},  {"万", 2},  {"覃", 2},  {"武", 2},
    {"欧阳", 1}, {"司马", 1}, {"诸葛", 1}};

constexpr std::string_view kBoyChars[] = {
    "浩", "宇", "轩", "子", "梓", "涵", "睿", "博", "俊", "杰", "豪", "明", "泽", "一",
    "晨", "铭", "文", "昊", "天", "佑", "嘉", "航", "鑫", "凯", "瑞", "辰", "逸", "思",
    "宸", "皓", "然", "志", "强", "磊", "鹏", "伟", "峰", "宏", "锦", "程", "煜", "阳",
    "诚", "乐", "彬", "骏", "翔", "健", "洋", "楷", "奕", "霖", "恒", "安", "远", "毅"};
constexpr std::string_view kGirlChars[] = {
    "欣", "怡", "梓", "涵", "诗", "雨", "可", "馨", "子", "萱", "思", "琪", "佳", "妍",
    "一", "语", "晨", "悦", "婷", "雅", "静", "琳", "彤", "瑶", "薇", "梦", "茜", "嘉",
    "欢", "璐", "颖", "雪", "晴", "露", "若", "汐", "乐", "安", "宁", "依", "诺", "媛",
    "月", "珊", "菲", "蕾", "丹", "玉", "慧", "敏", "洁", "芸", "桐", "沐", "婉", "清"};

// 民族代码 (GB/T 3304) other than 01 汉族, weighted by population (‰ of the rest).
constexpr std::pair<std::string_view, int> kEthnic[] = {
    {"08", 190}, {"03", 115}, {"11", 100}, {"05", 95}, {"06", 90}, {"15", 85}, {"07", 80},
    {"04", 60},  {"02", 55},  {"12", 30},  {"09", 30}, {"10", 20}, {"13", 25}, {"14", 15}};

template <size_t N>
std::string_view Weighted(const std::pair<std::string_view, int> (&list)[N], Rng& rng) {
  int total = 0;
  for (const auto& [s, w] : list) total += w;
  double x = rng.Uniform() * total;
  for (const auto& [s, w] : list) {
    x -= w;
    if (x < 0) return s;
  }
  return list[N - 1].first;
}

std::string MakeName(Rng& rng, bool male) {
  std::string name(Weighted(kSurnames, rng));
  const auto& chars = male ? kBoyChars : kGirlChars;
  const size_t n = std::size(chars);
  const size_t a = rng.Below(n);
  name += chars[a];
  if (rng.Uniform() < 0.72) {
    size_t b = rng.Below(n);
    if (b == a) b = (b + 1) % n;
    name += chars[b];
  }
  return name;
}

// The check character of an 18-character resident ID (GB 11643, ISO 7064 MOD 11-2).
char IdCheck(std::string_view first17) {
  static constexpr int kW[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kC[] = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kW[i];
  return kC[sum % 11];
}

// ---- stages and ages ----------------------------------------------------------

// Stage of a 年级编号 (1 小学, 2 初中, 3 高中, 4 大学) and the years between
// entering 小学 and entering that stage.
int StageOf(int grade) { return grade / 10; }
int StageEntryOffset(int stage) {
  switch (stage) {
    case 2:
      return 6;
    case 3:
      return 9;
    case 4:
      return 12;
    default:
      return 0;
  }
}
// 0 = 小学一年级 (age 7 at the test), … 11 = 高三, capped at 12 (adults).
size_t AgeIndex(int grade) {
  const int a = StageEntryOffset(StageOf(grade)) + grade % 10 - 1;
  return static_cast<size_t>(std::clamp(a, 0, 12));
}

// Height (cm) by age index: national student surveys, rounded.
constexpr std::array<std::array<double, 13>, 2> kHeightMean = {{
    {125.5, 131.0, 136.5, 141.5, 147.0, 153.0, 160.0, 165.5, 169.0, 170.5, 171.5, 172.0, 172.5},
    {124.5, 130.0, 135.5, 141.5, 147.5, 152.5, 155.5, 157.5, 158.5, 159.0, 159.5, 159.8, 160.0},
}};
constexpr std::array<std::array<double, 13>, 2> kHeightSd = {{
    {5.4, 5.7, 6.0, 6.4, 7.0, 7.8, 8.0, 7.2, 6.4, 6.1, 6.0, 6.0, 6.0},
    {5.2, 5.6, 6.2, 6.8, 6.9, 6.3, 5.8, 5.5, 5.4, 5.4, 5.4, 5.4, 5.4},
}};
// Share of students with a (true) myopic eye by age index. About 10% are
// not refracted, so the screened rate is ~0.9 of this: 小学 ~30%, 初中 ~70%,
// 高中 ~80%.
constexpr std::array<double, 13> kMyopia = {0.14, 0.21, 0.29, 0.37, 0.45, 0.54, 0.71,
                                            0.78, 0.84, 0.86, 0.89, 0.92, 0.92};

// Where an item's mean result sits, as a score of its table (the national
// monitoring's weak items — 引体向上, the long runs — lower).
double CenterScore(std::string_view id) {
  static constexpr std::pair<std::string_view, double> kCenters[] = {{"vital_capacity", 80},
                                                                     {"run_50m", 78},
                                                                     {"sit_and_reach", 80},
                                                                     {"rope_skipping", 78},
                                                                     {"sit_ups", 79},
                                                                     {"shuttle_50x8", 76},
                                                                     {"standing_long_jump", 75},
                                                                     {"pull_ups", 52},
                                                                     {"run_800", 73},
                                                                     {"run_1000", 71}};
  for (const auto& [k, v] : kCenters) {
    if (k == id) return v;
  }
  return 77;
}

// Calibration (see demo_fitness_test.cc for the rates they give).
constexpr double kHalfSpread = 12;  // score points either side that make 1 sd
// A result = ability shared by the student's items and years + the day's
// form + the item's own luck (squares summing to 1).
constexpr double kAbility = 0.75;
constexpr double kForm = 0.3;
constexpr double kOwn = 0.59;
constexpr double kQualityEffect = 0.42;  // sd per unit of school quality
constexpr double kYearEffect = 0.022;    // sd per year (≈ +1 point of 优良率)
constexpr int kBaseYear = 2023;
constexpr double kExempt = 0.010;
constexpr double kDeferred = 0.003;
constexpr double kMissingItem = 0.005;
constexpr double kNoRefraction = 0.10;
constexpr double kNoVision = 0.002;

// The result at a (fractional) score of a table column: linear between the
// printed rows, extended beyond the top and bottom rows by their last step.
double ValueAt(const std::vector<fitness::ScoreRow>& rows, double score) {
  if (rows.empty()) return 0;
  if (rows.size() == 1) return rows[0].ticks;
  auto lerp = [&](size_t a, size_t b) {
    const double sa = rows[a].score, sb = rows[b].score;
    const double va = rows[a].ticks, vb = rows[b].ticks;
    return va + (score - sa) * (vb - va) / (sb - sa);
  };
  if (score >= rows.front().score) return lerp(0, 1);
  for (size_t i = 0; i + 1 < rows.size(); ++i) {
    if (score >= rows[i + 1].score) return lerp(i, i + 1);
  }
  return lerp(rows.size() - 2, rows.size() - 1);
}

struct ItemGen {
  size_t item = 0;
  bool bmi = false;
  double mean = 0;  // ticks
  double sd = 0;    // ticks, signed: positive = higher is better
  int32_t lo = 0, hi = 0;
};

struct PlanGen {
  const fitness::Grade* grade = nullptr;
  std::vector<ItemGen> items;
  double bmi_median = 0;  // tenths
};

PlanGen MakePlanGen(const fitness::FitnessStandard& standard, const fitness::TestPlan& plan) {
  PlanGen g;
  g.grade = plan.grade;
  for (const fitness::PlanItem& pi : plan.items) {
    const fitness::Item& item = standard.items()[static_cast<size_t>(pi.item)];
    ItemGen ig;
    ig.item = static_cast<size_t>(pi.item);
    if (item.kind == fitness::ItemKind::kBmi) {
      ig.bmi = true;
      // The 超重 band starts one tenth above the 正常 (best-scored) band.
      int32_t normal_hi = 0;
      int best = -1;
      for (const fitness::BmiBand& b : pi.bmi_bands) {
        if (b.score > best && b.hi != kMissing) {
          best = b.score;
          normal_hi = b.hi;
        }
      }
      // Skewed log-normal: P(BMI ≥ 超重) ≈ 15% with σ = 0.15 above the median.
      g.bmi_median = (normal_hi + 1) / std::exp(1.036 * 0.15);
    } else if (!pi.rows.empty()) {
      const double c = CenterScore(item.id);
      ig.mean = ValueAt(pi.rows, c);
      ig.sd = (ValueAt(pi.rows, c + kHalfSpread) - ValueAt(pi.rows, c - kHalfSpread)) / 2;
      ig.lo = std::max(item.plausible_min, 0);
      ig.hi = item.plausible_max;
      if (item.format == fitness::ValueFormat::kDecimal1 && item.plausible_min < 0) {
        ig.lo = item.plausible_min;  // 坐位体前屈 can be negative
      }
    } else {
      continue;
    }
    g.items.push_back(ig);
  }
  return g;
}

// 学籍号 slots: within one birth year (a 小学 entry cohort, and the 初中/高中
// cohorts born the same year) every student gets a distinct slot
// (day of the year × 30 area codes × 100 × 5 sequence numbers); an affine
// map from the student's place in a fixed enumeration spreads them out.
constexpr uint64_t kDays = 365, kAreas = 30, kSeq = 100, kPairs = 5;
constexpr uint64_t kSlots = kDays * kAreas * kSeq * kPairs;  // 5,475,000
constexpr uint64_t kStride = 1299709;                        // prime, coprime with kSlots
// Numbers reserved per school and stage in a birth year: classes of a grade
// × seats of a class (more would share numbers; no demo school comes near).
constexpr uint64_t kBlockClasses = 30, kBlockSeats = 80;

struct StudentKey {
  size_t school = 0;
  int stage = 0;
  int cohort = 0;  // year the stage was entered
  int klass = 0;
  int seat = 0;
  uint64_t global = 0;  // place in the birth year's enumeration
};

std::string StudentId(const std::string& school_code, const StudentKey& k, bool male, uint64_t seed,
                      std::string* birth) {
  const int window = k.cohort - StageEntryOffset(k.stage);  // 小学 entry year of the birth year
  const uint64_t offset = Mix(seed ^ uint64_t{0x1D5EED}, static_cast<uint64_t>(window)) % kSlots;
  const uint64_t slot = (k.global % kSlots * kStride + offset) % kSlots;
  const uint64_t day = slot % kDays;
  const uint64_t area = slot / kDays % kAreas;
  const uint64_t seq = slot / (kDays * kAreas) % kSeq;
  const uint64_t pair = slot / (kDays * kAreas * kSeq);
  // Born 1 September (window − 7) … 31 August (window − 6).
  *birth = CivilDigits(DaysFromCivil(window - 7, 9, 1) + static_cast<int64_t>(day));
  std::string prefix = school_code.substr(0, 4);
  if (prefix.size() != 4 ||
      !std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    prefix = "4301";
  }
  std::string id =
      fmt::format("{}{:02}{}{:02}{}", prefix, area + 1, *birth, seq, 2 * pair + (male ? 1 : 0));
  id.push_back(IdCheck(id));
  return "G" + id;
}

// Sizes of a school grade's classes: `size` on average, a few more or fewer
// each, the grade's total exactly classes × size.
std::vector<int> ClassSizes(const FitnessDemoSchool& s, int stage, int cohort, uint64_t seed) {
  std::vector<int> sizes(static_cast<size_t>(std::max(s.classes_per_grade, 0)),
                         std::max(s.class_size, 0));
  if (s.class_size < 8) return sizes;
  Rng rng(Mix(Mix(Mix(seed, HashText(s.code)), static_cast<uint64_t>(stage)),
              static_cast<uint64_t>(cohort) ^ uint64_t{0xC1A55}));
  for (size_t k = 0; k + 1 < sizes.size(); k += 2) {
    const int d = static_cast<int>(rng.Below(7)) - 3;
    sizes[k] += d;
    sizes[k + 1] -= d;
  }
  return sizes;
}

}  // namespace

int64_t FitnessDemoStudents(const FitnessDemoSchool& school) {
  return static_cast<int64_t>(school.grades.size()) * std::max(school.classes_per_grade, 0) *
         std::max(school.class_size, 0);
}

fitness::Roster GenerateFitnessRoster(const fitness::FitnessStandard& standard,
                                      std::span<const FitnessDemoSchool> schools, int year,
                                      uint64_t seed) {
  fitness::Roster roster(standard.items().size());
  // Test plans per grade and sex.
  std::map<int, PlanGen> plans;
  for (const fitness::Grade& g : standard.grades()) {
    for (fitness::Sex sex : {fitness::Sex::kMale, fitness::Sex::kFemale}) {
      if (const fitness::TestPlan* p = standard.Plan(g.code, sex)) {
        plans.emplace(g.code * 2 + fitness::SexIndex(sex), MakePlanGen(standard, *p));
      }
    }
  }
  // Where each school's students start in the enumeration of a birth year
  // (stage by stage, school by school): a fixed block of kBlockClasses ×
  // kBlockSeats numbers per school and stage, whatever this year's class
  // sizes, so a student keeps the same number, and 学籍号, every year (a
  // block sized by this year's enrolment shifted every later school's
  // numbers when one school grew, giving a student another's 学籍号).
  std::array<std::vector<uint64_t>, 5> base;
  uint64_t next = 0;
  for (int stage = 1; stage <= 4; ++stage) {
    base[static_cast<size_t>(stage)].resize(schools.size());
    for (size_t i = 0; i < schools.size(); ++i) {
      base[static_cast<size_t>(stage)][i] = next;
      const auto& gs = schools[i].grades;
      if (std::any_of(gs.begin(), gs.end(), [&](int g) { return StageOf(g) == stage; })) {
        next += kBlockClasses * kBlockSeats;
      }
    }
  }

  std::vector<int32_t> values(standard.items().size(), kMissing);
  std::string birth;
  for (size_t si = 0; si < schools.size(); ++si) {
    const FitnessDemoSchool& school = schools[si];
    const uint64_t school_hash = Mix(seed, HashText(school.code));
    std::vector<int> grades = school.grades;
    std::sort(grades.begin(), grades.end());
    grades.erase(std::unique(grades.begin(), grades.end()), grades.end());
    int32_t school_index = -1;
    for (int grade_code : grades) {
      const fitness::Grade* grade = standard.FindGrade(grade_code);
      if (grade == nullptr) continue;
      if (school_index < 0) school_index = roster.School(school.code);
      const int stage = StageOf(grade_code);
      const int cohort = year - (grade_code % 10 - 1);
      const size_t age = AgeIndex(grade_code);
      const std::vector<int> sizes = ClassSizes(school, stage, cohort, seed);
      const std::string grade_label = grade_code < 40 ? grade->column : grade->name.zh;
      const double shift = kQualityEffect * school.quality + kYearEffect * (year - kBaseYear);
      const double p_myopia = std::clamp(kMyopia[age] + 0.03 * school.quality, 0.01, 0.98);
      const uint64_t seat_base = base[static_cast<size_t>(stage)][si];
      for (size_t k = 0; k < sizes.size(); ++k) {
        const std::string class_code = fmt::format("{}{:02}", cohort, k + 1);
        const int32_t klass = roster.Class(school_index, grade_code, class_code,
                                           fmt::format("{}({})班", grade_label, k + 1));
        for (int m = 0; m < sizes[k]; ++m) {
          StudentKey key{
              si,
              stage,
              cohort,
              static_cast<int>(k),
              m,
              seat_base + k % kBlockClasses * kBlockSeats + static_cast<uint64_t>(m) % kBlockSeats};
          // What stays with the student from year to year.
          const uint64_t h = Mix(Mix(Mix(Mix(school_hash, static_cast<uint64_t>(stage)),
                                         static_cast<uint64_t>(cohort)),
                                     k),
                                 static_cast<uint64_t>(m));
          Rng life(h);
          const bool male = life.Uniform() < 0.51;
          const std::string_view ethnic = life.Uniform() < 0.92 ? "01" : Weighted(kEthnic, life);
          const std::string name = MakeName(life, male);
          const double z_ability = life.Normal();
          const double z_height = life.Normal();
          const double z_bmi = life.Normal();
          const double u_myopia = life.Uniform();
          const bool aniso = life.Uniform() < 0.15;
          const std::array<double, 2> eye = {life.Normal(), life.Normal()};
          const double u_acuity = life.Uniform();
          const double z_hyperopia = life.Normal();
          const std::string id = StudentId(school.code, key, male, seed, &birth);

          // This year's test.
          Rng now(Mix(h, static_cast<uint64_t>(year) * uint64_t{0x51ED27}));
          fitness::StudentRow row;
          row.school = school_index;
          row.klass = klass;
          row.grade = static_cast<uint8_t>(grade_code);
          row.sex = male ? fitness::Sex::kMale : fitness::Sex::kFemale;
          const double u_status = now.Uniform();
          row.status = u_status < kExempt               ? fitness::TestStatus::kExempt
                       : u_status < kExempt + kDeferred ? fitness::TestStatus::kDeferred
                                                        : fitness::TestStatus::kTested;
          const size_t sx = male ? 0 : 1;
          // The student's growth curve keeps its percentile and never
          // shrinks (at least 3 mm a year), measured to ± 2 mm.
          auto curve = [&](size_t a) { return kHeightMean[sx][a] + kHeightSd[sx][a] * z_height; };
          const double grown = age == 0 ? curve(0) : std::max(curve(age), curve(age - 1) + 0.3);
          const double height_cm = grown + 0.1 * std::clamp(now.Normal(), -2.0, 2.0);
          const auto& body = standard.spec().body;
          row.height = Clamp32(height_cm * 10, body.height_min, body.height_max);
          const double zb = 0.92 * z_bmi + 0.39 * now.Normal();
          std::fill(values.begin(), values.end(), kMissing);
          const double form = now.Normal();  // the student's day
          const bool drop_one = now.Uniform() < kMissingItem;
          const double drop_at = now.Uniform();
          auto plan_it = plans.find(grade_code * 2 + (male ? 0 : 1));
          double bmi_median = 160;
          if (plan_it != plans.end()) {
            const PlanGen& plan = plan_it->second;
            bmi_median = plan.bmi_median > 0 ? plan.bmi_median : bmi_median;
            size_t table_items = 0;
            for (const ItemGen& ig : plan.items) table_items += ig.bmi ? 0 : 1;
            const size_t dropped =
                drop_one && table_items > 0
                    ? static_cast<size_t>(drop_at * static_cast<double>(table_items))
                    : table_items;
            size_t t = 0;
            for (const ItemGen& ig : plan.items) {
              if (ig.bmi) continue;
              const double z = std::clamp(
                  kAbility * z_ability + kForm * form + kOwn * now.Normal() + shift, -3.5, 3.5);
              const int32_t v = Clamp32(ig.mean + ig.sd * z, ig.lo, ig.hi);
              if (row.status == fitness::TestStatus::kTested && t != dropped) values[ig.item] = v;
              ++t;
            }
          }
          const double bmi = bmi_median * std::exp(zb * (zb > 0 ? 0.15 : 0.09));  // tenths
          // weight (tenths of a kg) = BMI × height², height in metres.
          const double h_m = row.height / 1000.0;
          row.weight = Clamp32(bmi * h_m * h_m, body.weight_min, body.weight_max);

          // Eyes: right, left. Myopia starts when the cohort's prevalence
          // passes the student's propensity and deepens every year.
          const bool screened = now.Uniform() >= kNoVision;
          const bool refracted = now.Uniform() >= kNoRefraction;
          const bool myopic = u_myopia < p_myopia;
          for (size_t e = 0; e < 2; ++e) {
            const double noise = now.Normal();
            double se_d;  // dioptres
            int32_t ucva;
            const bool eye_myopic = myopic && !(aniso && (e == 0) == (eye[0] > eye[1]));
            if (eye_myopic) {
              se_d = -(0.5 + 4.5 * (p_myopia - u_myopia)) + 0.35 * eye[e] + 0.1 * noise;
              se_d = std::min(std::round(se_d * 4) / 4, -0.5);
              ucva = Clamp32(49.5 + 2.3 * se_d + 0.6 * now.Normal(), 40, 49);
            } else if (u_acuity < 0.03) {  // 远视/散光: poor acuity, not myopic
              se_d = std::round((1.75 + 0.3 * z_hyperopia) * 4) / 4;
              ucva = u_acuity < 0.01 ? 48 : 49;
            } else {
              se_d = std::round((1.0 - 0.08 * static_cast<double>(age) + 0.3 * z_hyperopia +
                                 0.15 * eye[e]) *
                                4) /
                     4;
              se_d = std::max(se_d, -0.25);
              ucva = u_acuity < 0.58 ? 50 : u_acuity < 0.88 ? 51 : u_acuity < 0.98 ? 52 : 53;
            }
            if (screened) {
              row.vision.ucva[e] = ucva;
              if (refracted) row.vision.se[e] = static_cast<int32_t>(std::lround(se_d * 100));
            }
          }
          roster.Add(row, values, id, name, ethnic, birth);
        }
      }
    }
  }
  return roster;
}

std::vector<FitnessDemoSchool> FitnessSchoolsFromCity(const DemoCity& city,
                                                      const FieldCatalog& catalog, int year) {
  int use_year = year;
  if (std::none_of(city.schools.begin(), city.schools.end(),
                   [&](const SchoolYearRecord& r) { return r.year.start() == year; })) {
    use_year = 0;
    for (const SchoolYearRecord& r : city.schools) {
      if (use_year == 0 || r.year.start() < use_year) use_year = r.year.start();
    }
  }
  const std::optional<size_t> students_field = catalog.IndexOf("students");
  std::vector<FitnessDemoSchool> out;
  for (const SchoolYearRecord& r : city.schools) {
    if (r.year.start() != use_year) continue;
    std::vector<Stage> stages;
    switch (r.school.type) {
      case SchoolType::kPrimary:
      case SchoolType::kTeachingPoint:
        stages = {Stage::kPrimary};
        break;
      case SchoolType::kJunior:
        stages = {Stage::kJunior};
        break;
      case SchoolType::kNineYear:
        stages = {Stage::kPrimary, Stage::kJunior};
        break;
      case SchoolType::kTwelveYear:
        stages = {Stage::kPrimary, Stage::kJunior, Stage::kSenior};
        break;
      case SchoolType::kComplete:
        stages = {Stage::kJunior, Stage::kSenior};
        break;
      case SchoolType::kSenior:
      case SchoolType::kVocational:
        stages = {Stage::kSenior};
        break;
      default:
        continue;  // 特殊教育学校, 幼儿园
    }
    FitnessDemoSchool s;
    s.code = r.school.code;
    double students = 0;
    for (Stage st : stages) {
      switch (st) {
        case Stage::kPrimary:
          for (int g = 11; g <= 16; ++g) s.grades.push_back(g);
          break;
        case Stage::kJunior:
          for (int g = 21; g <= 23; ++g) s.grades.push_back(g);
          break;
        default:
          for (int g = 31; g <= 33; ++g) s.grades.push_back(g);
          break;
      }
      if (const SectionRecord* sec = r.Section(st); sec != nullptr && students_field) {
        students += sec->values.Get(*students_field).value_or(0);
      }
    }
    if (students > 0) {
      const double per_grade = students / static_cast<double>(s.grades.size());
      s.classes_per_grade = std::max(1, static_cast<int>(std::lround(per_grade / 42)));
      s.class_size = std::max(
          3, static_cast<int>(std::lround(per_grade / static_cast<double>(s.classes_per_grade))));
    }
    // A bell-shaped school effect, a county effect, and 城乡.
    const uint64_t h = HashText(s.code);
    const double bell = (UnitOf(Mix(h, 1)) + UnitOf(Mix(h, 2)) + UnitOf(Mix(h, 3))) / 1.5 - 1;
    const double county = UnitOf(Mix(HashText(s.code.substr(0, 6)), 4)) * 0.5 - 0.25;
    const double locale = r.school.locale == Locale::kUrban   ? 0.2
                          : r.school.locale == Locale::kRural ? -0.2
                                                              : 0.0;
    s.quality = std::clamp(0.6 * bell + county + locale, -1.0, 1.0);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace jiaodu::demo
