#include "jiaodu/domain/planning/forecast.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

namespace jiaodu::planning {
namespace {

// One cell of an area's enrolment table. Migrant counts are known only if
// every row added into the cell gave one.
struct Cell {
  int64_t students = 0;
  int64_t migrants = 0;
  bool migrants_known = true;
};

using Key = std::tuple<int, size_t, int>;  // year, level index, grade

// Σ later ÷ Σ earlier over the year pairs of the window (D2).
struct Pool {
  int64_t num = 0;
  int64_t den = 0;
  int pairs = 0;
  void Add(int64_t later, int64_t earlier) {
    num += later;
    den += earlier;
    ++pairs;
  }
};

std::string AreaLabel(const AreaHistory& a) {
  return a.name.empty() ? a.area : fmt::format("{}（{}）", a.name, a.area);
}

std::string GradeLabel(Level l, int grade, bool english) {
  return english ? fmt::format("{} grade {}", LevelName(l, true), grade)
                 : fmt::format("{}{}年级", LevelName(l), grade);
}

// Σ grades, or unknown when any grade is (D9).
std::optional<int64_t> Total(const std::vector<std::optional<int64_t>>& grades) {
  int64_t sum = 0;
  for (const auto& g : grades) {
    if (!g) return std::nullopt;
    sum += *g;
  }
  return sum;
}

std::string JoinYears(const std::vector<int>& years, std::string_view sep) {
  std::string out;
  for (int y : years) out += fmt::format("{}{}", out.empty() ? "" : std::string(sep), y);
  return out;
}

class AreaRun {
 public:
  AreaRun(const AreaHistory& a, const PlanningParams& p, const Scenario& sc,
          std::vector<Notice>* notices)
      : a_(a), p_(p), fp_(p.forecast), sc_(sc), notices_(notices) {}

  std::optional<AreaForecast> Run();

 private:
  void Note(std::string id, const std::string& zh, const std::string& en) {
    notices_->push_back(Notice{
        std::move(id),
        Text(fmt::format("{}：{}", AreaLabel(a_), zh), fmt::format("{}: {}", AreaLabel(a_), en)),
        a_.area,
        {}});
  }
  bool BuildTable();
  void ChooseBirths();
  std::optional<int64_t> Count(int year, Level l, int grade) const;
  const Cell* CellAt(int year, Level l, int grade) const;
  const RateEdit* FindEdit(RateEdit::Kind kind, Level l, int grade) const;
  void Estimate();
  void Settle(EstimatedRate* r, const RateEdit* edit, const Pool& pool, Rate fallback,
              const std::string& zh, const std::string& en, bool report);
  void ObservedRows();
  std::optional<int64_t> Births(int year);
  void Project();
  const ProgressionEstimate* Progression(Level l, int grade) const;

  const AreaHistory& a_;
  const PlanningParams& p_;
  const ForecastParams& fp_;
  const Scenario& sc_;
  std::vector<Notice>* notices_;

  std::map<Key, Cell> table_;
  std::map<int, int64_t> births_;  // the chosen series, as entered
  std::map<int, BirthsUsed> births_used_;
  std::vector<int> births_missing_;
  std::array<bool, 4> present_ = {};
  std::vector<std::string> defaulted_zh_, defaulted_en_;
  AreaForecast out_;
};

const Cell* AreaRun::CellAt(int year, Level l, int grade) const {
  auto it = table_.find({year, LevelIndex(l), grade});
  return it == table_.end() ? nullptr : &it->second;
}

std::optional<int64_t> AreaRun::Count(int year, Level l, int grade) const {
  const Cell* c = CellAt(year, l, grade);
  if (c == nullptr) return std::nullopt;
  return c->students;
}

const RateEdit* AreaRun::FindEdit(RateEdit::Kind kind, Level l, int grade) const {
  for (const auto& e : a_.edits) {
    if (e.kind == kind && e.level == l &&
        (kind != RateEdit::Kind::kProgression || e.grade == grade))
      return &e;
  }
  return nullptr;
}

bool AreaRun::BuildTable() {
  for (const auto& r : a_.enrolment) {
    const bool bad_grade = r.grade < 1 || r.grade > p_.system.Grades(r.level);
    const bool bad_count =
        r.students < 0 || (r.migrants && (*r.migrants < 0 || *r.migrants > r.students));
    if (bad_grade || bad_count) {
      Note("planning.bad_enrolment",
           fmt::format(
               "{} 年{}的在校生数据无效（年级超出学制，或人数为负、随迁子女多于在校生），已忽略",
               r.year, GradeLabel(r.level, r.grade, false)),
           fmt::format("the {} enrolment of {} is invalid (grade outside the school system, a "
                       "negative count, or more migrants than students) and was ignored",
                       GradeLabel(r.level, r.grade, true), r.year));
      continue;
    }
    Cell& c = table_[{r.year, LevelIndex(r.level), r.grade}];
    c.students += r.students;
    if (r.migrants) {
      c.migrants += *r.migrants;
    } else {
      c.migrants_known = false;
    }
  }
  if (table_.empty()) {
    Note("planning.no_enrolment", "没有任何年份的分年级在校生数据，无法预测",
         "no per-grade enrolment of any year: nothing to forecast from");
    return false;
  }
  out_.base_year = std::get<0>(table_.rbegin()->first);
  for (const auto& [key, cell] : table_) {
    if (std::get<0>(key) == out_.base_year) present_[std::get<1>(key)] = true;
  }
  return true;
}

// D7: the parameters choose the 口径; an area that entered only the other
// one uses it (with a notice) rather than having no forecast at all.
void AreaRun::ChooseBirths() {
  for (const auto& b : a_.births) {
    if ((b.huji && *b.huji < 0) || (b.resident && *b.resident < 0)) {
      Note("planning.bad_births", fmt::format("{} 年出生人口为负数，已忽略", b.year),
           fmt::format("the births of {} are negative and were ignored", b.year));
    }
  }
  auto fill = [&](BirthBasis basis) {
    births_.clear();
    for (const auto& b : a_.births) {
      const auto& v = basis == BirthBasis::kHuji ? b.huji : b.resident;
      if (v && *v >= 0) births_[b.year] += *v;
    }
  };
  out_.basis = fp_.basis;
  fill(out_.basis);
  if (births_.empty()) {
    const BirthBasis other =
        fp_.basis == BirthBasis::kHuji ? BirthBasis::kResident : BirthBasis::kHuji;
    fill(other);
    if (!births_.empty()) {
      out_.basis = other;
      Note("planning.births_fallback",
           fmt::format("未填报{}出生人口，改用{}出生人口", BirthBasisName(fp_.basis),
                       BirthBasisName(other)),
           fmt::format("no {} births entered; the {} births are used",
                       BirthBasisName(fp_.basis, true), BirthBasisName(other, true)));
    }
  }
  out_.has_births = !births_.empty();
  bool needs_births = false;
  for (Level l : kLevels)
    needs_births |= present_[LevelIndex(l)] && fp_.entry_age[LevelIndex(l)] > 0;
  if (!out_.has_births && needs_births) {
    Note("planning.no_births", "未填报出生人口：幼儿园、小学的起始年级无法预测（显示为未知）",
         "no births entered: the first grades of preschool and primary cannot be forecast "
         "(shown as unknown)");
  }
}

// A rate's base: the user's edit, else the pooled history, else the
// parameters' default (listed in one planning.default_rate notice when
// `report`).
void AreaRun::Settle(EstimatedRate* r, const RateEdit* edit, const Pool& pool, Rate fallback,
                     const std::string& zh, const std::string& en, bool report) {
  if (edit != nullptr) {
    r->origin = RateOrigin::kEdited;
    r->base = edit->value;
  } else if (pool.pairs > 0 && pool.den > 0) {
    r->origin = RateOrigin::kHistory;
    r->numerator = pool.num;
    r->denominator = pool.den;
    r->pairs = pool.pairs;
    r->base = Rate::Ratio(pool.num, pool.den);
  } else {
    r->origin = RateOrigin::kDefault;
    r->base = fallback;
    if (report) {
      defaulted_zh_.push_back(fmt::format("{} {}", zh, fallback.ToString()));
      defaulted_en_.push_back(fmt::format("{} {}", en, fallback.ToString()));
    }
  }
}

void AreaRun::Estimate() {
  const int base = out_.base_year;
  const int first = base - fp_.estimation_years + 1;

  for (Level l : kLevels) {
    const size_t li = LevelIndex(l);
    const int age = fp_.entry_age[li];
    if (!present_[li] || age <= 0) continue;
    EntryEstimate e;
    e.level = l;
    e.age = age;
    // 随迁子女 share first: the entry rate counts local entrants only (D4).
    // No migrant counts is the usual case, not a gap: the parameter's share
    // is the documented default, shown as such but not reported.
    Pool migrants;
    for (int y = first; y <= base; ++y) {
      const Cell* c = CellAt(y, l, 1);
      if (c != nullptr && c->migrants_known && c->students > 0)
        migrants.Add(c->migrants, c->students);
    }
    Settle(&e.migrant_share, FindEdit(RateEdit::Kind::kMigrantShare, l, 0), migrants,
           fp_.migrant_share, "", "", false);
    // A low scenario taking 0.02 off a share of 0 is simply 0; only a share
    // pushed over the maximum is worth a notice.
    Rate share = std::max(Rate(), e.migrant_share.base + sc_.migrant_share_delta);
    if (share > fp_.max_migrant_share) {
      share = fp_.max_migrant_share;
      Note("planning.share_clamped",
           fmt::format("{}随迁子女占比经方案调整后超过 {}，按 {} 计", LevelName(l),
                       fp_.max_migrant_share.ToString(), share.ToString()),
           fmt::format("the {} migrant share after the scenario is above {}; {} is used",
                       LevelName(l, true), fp_.max_migrant_share.ToString(), share.ToString()));
    }
    e.migrant_share.used = share;

    Pool entry;
    for (int y = first; y <= base; ++y) {
      const Cell* c = CellAt(y, l, 1);
      auto b = births_.find(y - age);
      if (c == nullptr || b == births_.end() || b->second <= 0) continue;
      const int64_t m = c->migrants_known ? c->migrants : e.migrant_share.base.Apply(c->students);
      entry.Add(c->students - m, b->second);
    }
    // Without births the entry rate is never used (no_births says so).
    Settle(&e.entry, FindEdit(RateEdit::Kind::kEntry, l, 0), entry, fp_.default_entry[li],
           fmt::format("{}入学率", LevelName(l)), fmt::format("{} entry rate", LevelName(l, true)),
           out_.has_births);
    e.entry.used = e.entry.base.Times(sc_.entry_factor);
    out_.entry.push_back(e);
  }

  for (Level l : kLevels) {
    const size_t li = LevelIndex(l);
    if (!present_[li]) continue;
    const int n = p_.system.Grades(l);
    for (int g = 1; g <= n; ++g) {
      ProgressionEstimate pe;
      pe.from_level = l;
      pe.from_grade = g;
      if (g < n) {
        pe.to_level = l;
        pe.to_grade = g + 1;
      } else {
        // The last grade feeds the next level when that level is fed by
        // progression (初中 from 小学, 高中 from 初中) and is forecast here.
        if (li + 1 >= kLevels.size()) continue;
        if (!present_[li + 1] || fp_.entry_age[li + 1] > 0) continue;
        pe.to_level = kLevels[li + 1];
        pe.to_grade = 1;
      }
      Pool pool;
      for (int y = first; y <= base; ++y) {
        auto from = Count(y - 1, pe.from_level, pe.from_grade);
        auto to = Count(y, pe.to_level, pe.to_grade);
        if (from && to && *from > 0) pool.Add(*to, *from);
      }
      Settle(&pe.ratio, FindEdit(RateEdit::Kind::kProgression, l, g), pool, fp_.default_progression,
             fmt::format("{}→{} 升级率", GradeLabel(l, g, false),
                         GradeLabel(pe.to_level, pe.to_grade, false)),
             fmt::format("{} → {} ratio", GradeLabel(l, g, true),
                         GradeLabel(pe.to_level, pe.to_grade, true)),
             true);
      pe.ratio.used = std::max(Rate(), pe.ratio.base + sc_.progression_delta);
      out_.progression.push_back(pe);
    }
  }
  if (!defaulted_zh_.empty()) {
    std::string zh, en;
    for (size_t i = 0; i < defaulted_zh_.size(); ++i) {
      zh += (i ? "；" : "") + defaulted_zh_[i];
      en += (i ? "; " : "") + defaulted_en_[i];
    }
    Note("planning.default_rate",
         fmt::format("以下比率没有可用的历史数据（近 {} 年），按参数默认值：{}",
                     fp_.estimation_years, zh),
         fmt::format("no usable history (last {} years) for these rates; the defaults are used: {}",
                     fp_.estimation_years, en));
  }
}

void AreaRun::ObservedRows() {
  std::map<std::pair<int, size_t>, LevelYear> rows;
  for (const auto& [key, cell] : table_) {
    const auto [year, li, grade] = key;
    LevelYear& r = rows[{year, li}];
    if (r.grades.empty()) {
      r.year = year;
      r.level = kLevels[li];
      r.observed = true;
      r.grades.assign(static_cast<size_t>(p_.system.Grades(kLevels[li])), std::nullopt);
    }
    r.grades[static_cast<size_t>(grade - 1)] = cell.students;
  }
  for (auto& [key, r] : rows) {
    r.students = Total(r.grades);
    out_.rows.push_back(std::move(r));
  }
}

// Entered births as they are; after the last entered year the scenario's
// yearly change, one rounded year at a time (D6); nothing before the first
// year or in a gap (no interpolation: a missing year is reported).
std::optional<int64_t> AreaRun::Births(int year) {
  auto used = births_used_.find(year);
  if (used != births_used_.end()) return used->second.count;
  BirthsUsed b;
  b.year = year;
  if (auto it = births_.find(year); it != births_.end()) {
    b.count = it->second;
  } else if (!births_.empty() && year > births_.rbegin()->first) {
    auto previous = Births(year - 1);
    if (previous) b.count = (Rate::Whole(1) + sc_.births_change).Apply(*previous);
    b.projected = true;
  } else if (out_.has_births) {
    births_missing_.push_back(year);
  }
  births_used_[year] = b;
  return b.count;
}

const ProgressionEstimate* AreaRun::Progression(Level l, int grade) const {
  for (const auto& pe : out_.progression) {
    if (pe.from_level == l && pe.from_grade == grade) return &pe;
  }
  return nullptr;
}

void AreaRun::Project() {
  using Grades = std::vector<std::optional<int64_t>>;
  std::array<Grades, 4> state;
  std::vector<std::string> missing_zh, missing_en;
  for (Level l : kLevels) {
    const size_t li = LevelIndex(l);
    if (!present_[li]) continue;
    const int n = p_.system.Grades(l);
    for (int g = 1; g <= n; ++g) {
      auto c = Count(out_.base_year, l, g);
      state[li].push_back(c);
      if (!c) {
        missing_zh.push_back(GradeLabel(l, g, false));
        missing_en.push_back(GradeLabel(l, g, true));
      }
    }
  }
  if (!missing_zh.empty()) {
    std::string zh, en;
    for (size_t i = 0; i < missing_zh.size(); ++i) {
      zh += (i ? "、" : "") + missing_zh[i];
      en += (i ? ", " : "") + missing_en[i];
    }
    Note("planning.grade_missing",
         fmt::format("基准年 {} 缺少{}的在校生数：这些队列此后的预测未知", out_.base_year, zh),
         fmt::format("base year {} lacks the enrolment of {}: those cohorts stay unknown",
                     out_.base_year, en));
  }
  std::set<size_t> no_feeder;
  for (int t = out_.base_year + 1; t <= out_.base_year + fp_.horizon_years; ++t) {
    std::array<Grades, 4> next;
    for (Level l : kLevels) {
      const size_t li = LevelIndex(l);
      if (!present_[li]) continue;
      const int n = p_.system.Grades(l);
      LevelYear row;
      row.year = t;
      row.level = l;
      Grades& g = next[li];
      g.assign(static_cast<size_t>(n), std::nullopt);
      for (int k = 2; k <= n; ++k) {
        const auto& from = state[li][static_cast<size_t>(k - 2)];
        const ProgressionEstimate* pe = Progression(l, k - 1);
        if (from && pe != nullptr) g[static_cast<size_t>(k - 1)] = pe->ratio.used.Apply(*from);
      }
      const int age = fp_.entry_age[li];
      if (age > 0) {
        const EntryEstimate* e = nullptr;
        for (const auto& x : out_.entry) {
          if (x.level == l) e = &x;
        }
        row.birth_year = t - age;
        row.births = Births(t - age);
        row.births_projected = births_used_[t - age].projected;
        if (row.births && e != nullptr) {
          const int64_t local = e->entry.used.Apply(*row.births);
          // entrants = local ÷ (1 − share), exactly, rounded half up.
          const int64_t entrants =
              MulDiv(local, Rate::kScale, Rate::kScale - e->migrant_share.used.millionths());
          row.local_entrants = local;
          row.migrant_entrants = entrants - local;
          g[0] = entrants;
        }
      } else if (li > 0 && present_[li - 1]) {
        const Level prev = kLevels[li - 1];
        const int last = p_.system.Grades(prev);
        const auto& from = state[li - 1][static_cast<size_t>(last - 1)];
        const ProgressionEstimate* pe = Progression(prev, last);
        if (from && pe != nullptr) g[0] = pe->ratio.used.Apply(*from);
      } else if (no_feeder.insert(li).second) {
        const Level prev = kLevels[li > 0 ? li - 1 : 0];
        Note("planning.no_feeder",
             fmt::format("{}起始年级由{}毕业生推算，但该地区基准年没有{}数据：{}起始年级的预测未知",
                         LevelName(l), LevelName(prev), LevelName(prev), LevelName(l)),
             fmt::format("the first {} grade comes from {} leavers, but the area has no {} data "
                         "in the base year: it stays unknown",
                         LevelName(l, true), LevelName(prev, true), LevelName(prev, true)));
      }
      row.grades = g;
      row.students = Total(g);
      out_.rows.push_back(std::move(row));
    }
    state = std::move(next);
  }
  for (const auto& [year, b] : births_used_) out_.births.push_back(b);
  if (!births_missing_.empty()) {
    std::sort(births_missing_.begin(), births_missing_.end());
    Note("planning.births_missing",
         fmt::format("缺少 {} 年的出生人口（不插补）：对应年份的起始年级预测未知",
                     JoinYears(births_missing_, "、")),
         fmt::format("births of {} are missing (not interpolated): the first grades they feed "
                     "stay unknown",
                     JoinYears(births_missing_, ", ")));
  }
}

std::optional<AreaForecast> AreaRun::Run() {
  out_.area = a_.area;
  out_.name = a_.name;
  if (!BuildTable()) return std::nullopt;
  ChooseBirths();
  Estimate();
  ObservedRows();
  Project();
  return std::move(out_);
}

}  // namespace

std::string_view RateOriginName(RateOrigin o, bool english) {
  switch (o) {
    case RateOrigin::kHistory:
      return english ? "history" : "历史数据";
    case RateOrigin::kDefault:
      return english ? "default" : "默认值";
    case RateOrigin::kEdited:
      return english ? "edited" : "人工修改";
  }
  return "?";
}

const LevelYear* AreaForecast::Find(int year, Level level) const {
  for (const auto& r : rows) {
    if (r.year == year && r.level == level) return &r;
  }
  return nullptr;
}

Result<ForecastResult> Forecast(std::span<const AreaHistory> areas, const PlanningParams& params,
                                std::string_view scenario_id) {
  const auto& fp = params.forecast;
  const std::string id = scenario_id.empty() ? fp.default_scenario : std::string(scenario_id);
  const Scenario* sc = fp.FindScenario(id);
  if (sc == nullptr) {
    return Fail(ErrorCode::kNotFound, "planning.unknown_scenario",
                Text(fmt::format("没有预测方案“{}”", id), fmt::format("no scenario \"{}\"", id)));
  }
  ForecastResult out;
  out.scenario = sc->id;
  out.scenario_name = sc->name;
  out.horizon_years = fp.horizon_years;
  for (const auto& a : areas) {
    auto f = AreaRun(a, params, *sc, &out.notices).Run();
    if (f) out.areas.push_back(std::move(*f));
  }
  return out;
}

}  // namespace jiaodu::planning
