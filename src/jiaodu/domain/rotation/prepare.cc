// Checks an instance and indexes it for the model: sections, each teacher's
// eligibility (R3), pins and forbidden moves, the classes of interchangeable
// teachers with their allowed destinations (direction and distance rules).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "jiaodu/core/number.h"
#include "jiaodu/domain/rotation/rotation_model.h"

namespace jiaodu::rotation {
namespace {

Error Invalid(std::string zh, std::string en, std::string id = "rotation.invalid") {
  return Error{ErrorCode::kInvalidInput, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
}

std::string SectionLabel(const School& s) {
  return fmt::format("{}（{}，{}）", s.name.empty() ? s.code : s.name, s.code, StageName(s.stage));
}

double Haversine(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  constexpr double kEarthKm = 6371.0088;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

Status CheckSchool(const School& s) {
  const std::string where = SectionLabel(s);
  if (s.code.empty()) return Fail(Invalid("学校缺少学校标识码", "a school has no code"));
  if (s.students <= 0) {
    return Fail(
        Invalid(fmt::format("{}：在校生数应大于 0（没有学生的学段不参加评估，请勿列入）", where),
                fmt::format("{}: students must be > 0", s.code)));
  }
  if (s.posts && *s.posts < 0) {
    return Fail(Invalid(fmt::format("{}：编制（岗位）数不能为负", where),
                        fmt::format("{}: posts must not be negative", s.code)));
  }
  const bool lat = s.latitude.has_value(), lon = s.longitude.has_value();
  if (lat != lon || (lat && (std::fabs(*s.latitude) > 90 || std::fabs(*s.longitude) > 180))) {
    return Fail(Invalid(
        fmt::format("{}：经纬度应成对给出，纬度在 ±90、经度在 ±180 之内", where),
        fmt::format("{}: latitude and longitude must be given together and in range", s.code)));
  }
  std::set<std::string> seen;
  for (const SubjectStaffing& j : s.subjects) {
    if (j.keep_min < 0 || j.need < 0 || !seen.insert(j.subject).second) {
      return Fail(
          Invalid(fmt::format("{}：学科“{}”的最低保留人数和需求人数不能为负，且每个学科只能列一次",
                              where, j.subject),
                  fmt::format("{}: subject '{}' has a negative minimum or need, or is listed twice",
                              s.code, j.subject)));
    }
  }
  return Ok();
}

Status CheckTargets(const Targets& t) {
  for (int g = 0; g < kStages; ++g) {
    const StageTargets& st = t.stage[static_cast<size_t>(g)];
    bool bad = !std::isfinite(st.cv_limit);
    for (double th : st.threshold) bad = bad || !std::isfinite(th) || th < 0;
    if (bad) {
      return Fail(Invalid(fmt::format("{}的指标标准值或差异系数上限无效", StageName(Stage(g))),
                          fmt::format("invalid thresholds or CV limit for stage {}", g)));
    }
  }
  return Ok();
}

}  // namespace

std::string_view StageName(Stage stage) { return stage == Stage::kPrimary ? "小学" : "初中"; }

std::string_view LocaleName(Locale locale) {
  switch (locale) {
    case Locale::kUrban:
      return "城区";
    case Locale::kTown:
      return "镇区";
    case Locale::kRural:
      return "乡村";
  }
  return "?";
}

std::optional<Locale> ParseLocale(std::string_view text) {
  if (text == "城区" || text == "urban") return Locale::kUrban;
  if (text == "镇区" || text == "town") return Locale::kTown;
  if (text == "乡村" || text == "rural") return Locale::kRural;
  return std::nullopt;
}

std::string_view IndicatorId(int indicator) {
  static constexpr std::string_view kIds[] = {"L1", "L2", "L3"};
  return kIds[indicator];
}

Text IndicatorName(int indicator) {
  switch (indicator) {
    case kL1:
      return Text("高于规定学历教师", "teachers above the required qualification");
    case kL2:
      return Text("县级以上骨干教师", "backbone teachers");
    default:
      return Text("体育艺术专任教师", "PE and arts teachers");
  }
}

bool Teacher::Has(int indicator) const {
  return indicator == kL1 ? above_required : indicator == kL2 ? backbone : pe_arts;
}

Result<Share> ShareFromDecimal(double value) {
  if (!std::isfinite(value) || value < 0 || value > 1) {
    return Fail(Invalid(fmt::format("比例 {} 应在 0 与 1 之间", value),
                        fmt::format("share {} must be within [0, 1]", value)));
  }
  for (long den = 1; den <= 10000; ++den) {
    const double num = std::round(value * static_cast<double>(den));
    if (std::fabs(num - value * static_cast<double>(den)) <= 1e-9 * static_cast<double>(den)) {
      return Share{static_cast<long>(num), den};
    }
  }
  return Fail(Invalid(fmt::format("比例 {} 不是分母不超过 10000 的分数", value),
                      fmt::format("share {} is not a fraction with a denominator ≤ 10000", value)));
}

int RequiredCount(double threshold, int students) {
  if (threshold <= 0) return 0;
  int k = std::max(0, static_cast<int>(std::floor(threshold * students / 100.0)) - 1);
  while (!GreaterOrEqual(100.0 * k / students, threshold)) ++k;
  return k;
}

std::optional<double> Prepared::Km(int from_section, int to_section) const {
  const School& a = school(from_section);
  const School& b = school(to_section);
  if (a.code == b.code) return 0.0;
  auto it = distance.find(std::minmax(a.code, b.code));
  if (it != distance.end()) return it->second;
  if (a.latitude && b.latitude)
    return Haversine(*a.latitude, *a.longitude, *b.latitude, *b.longitude);
  return std::nullopt;
}

Result<Prepared> Prepare(const Instance& in, const Rules& rules, const Targets& targets) {
  Prepared p;
  p.instance = &in;
  p.rules = &rules;
  p.targets = &targets;
  JIAODU_TRY_STATUS(CheckTargets(targets));
  if (rules.quota.den <= 0 || rules.backbone.den <= 0) {
    return Fail(Invalid("规则中的比例无效", "invalid share in the rules"));
  }

  std::map<std::pair<std::string, Stage>, int> section_of;
  for (const School& s : in.schools) {
    JIAODU_TRY_STATUS(CheckSchool(s));
    if (!section_of.emplace(std::pair(s.code, s.stage), static_cast<int>(p.sections.size()))
             .second) {
      return Fail(
          Invalid(fmt::format("{} 重复出现", SectionLabel(s)),
                  fmt::format("school {} ({}) is listed twice", s.code, StageName(s.stage))));
    }
    SectionData sd;
    sd.school = &s;
    for (const SubjectStaffing& j : s.subjects) sd.subject_rules[j.subject] = j;
    p.sections.push_back(std::move(sd));
  }
  for (const Distance& d : in.distances) {
    if (!std::isfinite(d.km) || d.km < 0) {
      return Fail(Invalid(fmt::format("{} 与 {} 之间的距离无效", d.from, d.to),
                          fmt::format("invalid distance between {} and {}", d.from, d.to)));
    }
    p.distance[std::minmax(d.from, d.to)] = d.km;
  }

  // Teachers: section, counts, eligibility (R3: each teacher counted under
  // the first rule that excludes them).
  std::map<std::string, int> teacher_of;
  bool uses_last_move = false;
  Eligibility& el = p.eligibility;
  for (const Teacher& t : in.teachers) {
    const int ti = static_cast<int>(p.teachers.size());
    if (t.id.empty() || !teacher_of.emplace(t.id, ti).second) {
      return Fail(Invalid(fmt::format("教师编号“{}”为空或重复", t.id),
                          fmt::format("teacher id '{}' is empty or duplicated", t.id)));
    }
    auto it = section_of.find({t.school, t.stage});
    if (it == section_of.end()) {
      return Fail(Invalid(fmt::format("教师 {}（{}）所在学校 {} 没有{}学段", t.name, t.id, t.school,
                                      StageName(t.stage)),
                          fmt::format("teacher {}: school {} has no {} section", t.id, t.school,
                                      t.stage == Stage::kPrimary ? "primary" : "junior")));
    }
    if (t.years_at_school < 0) {
      return Fail(Invalid(fmt::format("教师 {}（{}）的任教年限不能为负", t.name, t.id),
                          fmt::format("teacher {}: negative years at school", t.id)));
    }
    TeacherData td;
    td.section = it->second;
    SectionData& sd = p.sections[static_cast<size_t>(td.section)];
    ++sd.staff;
    ++sd.subject_staff[t.subject];
    for (int i = 0; i < kIndicators; ++i) sd.count[static_cast<size_t>(i)] += t.Has(i) ? 1 : 0;

    std::optional<int> to_retire = t.years_to_retirement;
    if (!to_retire && t.age) to_retire = rules.retirement_age - *t.age;
    uses_last_move = uses_last_move || t.last_move_year.has_value();
    if (t.years_at_school < rules.min_years_at_school) {
      ++el.too_few_years;
    } else if (to_retire && *to_retire < rules.min_years_to_retirement) {
      ++el.near_retirement;
    } else if (t.last_move_year && in.year - *t.last_move_year < rules.no_move_within_years) {
      ++el.moved_recently;
    } else {
      td.eligible = true;
      ++el.eligible;
    }
    p.teachers.push_back(std::move(td));
  }
  if (uses_last_move && in.year <= 0) {
    return Fail(Invalid("给出了上次交流年份，但没有给出方案年份（year）",
                        "last move years are given but the plan's year is not"));
  }
  el.teachers = static_cast<int>(in.teachers.size());

  for (SectionData& sd : p.sections) {
    const School& s = *sd.school;
    const StageTargets& st = targets.stage[static_cast<size_t>(s.stage)];
    for (int i = 0; i < kIndicators; ++i) {
      const size_t ii = static_cast<size_t>(i);
      sd.required[ii] = RequiredCount(st.threshold[ii], s.students);
      sd.failing[ii] = sd.count[ii] < sd.required[ii];
      p.mean[static_cast<size_t>(s.stage)][ii] += sd.count[ii];
    }
    p.students[static_cast<size_t>(s.stage)] += s.students;
    int need_sum = 0;
    for (const SubjectStaffing& j : s.subjects) need_sum += j.need;
    // R5: posts cap growth only; an overstaffed section is not forced to shed.
    sd.growth_cap = s.posts ? std::max(0, *s.posts - sd.staff) : need_sum;
  }
  for (int g = 0; g < kStages; ++g) {
    for (double& m : p.mean[static_cast<size_t>(g)]) {
      m = p.students[static_cast<size_t>(g)] > 0 ? 100.0 * m / p.students[static_cast<size_t>(g)]
                                                 : 0;
    }
  }

  // Forbidden moves, then pins (R4: a pin overrides direction and distance,
  // never eligibility, a forbidden move or another pin).
  auto find_teacher = [&](const std::string& id) -> Result<int> {
    auto it = teacher_of.find(id);
    if (it == teacher_of.end()) {
      return Fail(Invalid(fmt::format("指定或禁止的调动中，教师编号“{}”不存在", id),
                          fmt::format("pinned or forbidden move: unknown teacher '{}'", id)));
    }
    return it->second;
  };
  auto find_section = [&](const Teacher& t, const std::string& code) -> Result<int> {
    auto it = section_of.find({code, t.stage});
    if (it == section_of.end()) {
      return Fail(Invalid(
          fmt::format("教师 {}（{}）只能在{}之间交流，学校 {} 没有{}学段", t.name, t.id,
                      StageName(t.stage), code, StageName(t.stage)),
          fmt::format("teacher {}: school {} has no section of the teacher's stage", t.id, code)));
    }
    return it->second;
  };
  for (const ForbiddenMove& f : in.forbids) {
    const int ti = JIAODU_TRY(find_teacher(f.teacher));
    TeacherData& td = p.teachers[static_cast<size_t>(ti)];
    if (f.school.empty()) {
      td.forbidden_all = true;
    } else {
      td.forbidden_to.push_back(
          JIAODU_TRY(find_section(in.teachers[static_cast<size_t>(ti)], f.school)));
    }
  }
  for (const PinnedMove& pin : in.pins) {
    const int ti = JIAODU_TRY(find_teacher(pin.teacher));
    const Teacher& t = in.teachers[static_cast<size_t>(ti)];
    TeacherData& td = p.teachers[static_cast<size_t>(ti)];
    const int dest = JIAODU_TRY(find_section(t, pin.school));
    const std::string who = fmt::format("教师 {}（{}）", t.name, t.id);
    if (dest == td.section) {
      return Fail(Invalid(fmt::format("{}已在学校 {} 任教，不能指定调往本校", who, pin.school),
                          fmt::format("teacher {} already works at {}", t.id, pin.school),
                          "rotation.pin_conflict"));
    }
    if (!td.eligible) {
      return Fail(Invalid(
          fmt::format("{}不符合交流条件（在校 {} 年，规则要求满 {} 年、距退休不少于 {} 年、近 {} "
                      "年内未交流），不能指定调动",
                      who, t.years_at_school, rules.min_years_at_school,
                      rules.min_years_to_retirement, rules.no_move_within_years),
          fmt::format("teacher {} does not meet the rotation conditions and cannot be pinned",
                      t.id),
          "rotation.pin_not_eligible"));
    }
    if (td.pinned_to >= 0 && td.pinned_to != dest) {
      return Fail(Invalid(fmt::format("{}被指定调往两所不同的学校", who),
                          fmt::format("teacher {} is pinned to two schools", t.id),
                          "rotation.pin_conflict"));
    }
    if (td.forbidden_all ||
        std::find(td.forbidden_to.begin(), td.forbidden_to.end(), dest) != td.forbidden_to.end()) {
      return Fail(Invalid(
          fmt::format("{}既被指定调往 {}，又被禁止{}", who, pin.school,
                      td.forbidden_all ? "交流" : "调往该校"),
          fmt::format("teacher {} is both pinned to and forbidden from {}", t.id, pin.school),
          "rotation.pin_conflict"));
    }
    if (td.pinned_to < 0) ++el.pinned;
    td.pinned_to = dest;
  }

  // Classes of interchangeable movable teachers.
  std::map<std::tuple<int, std::string, int>, int> class_of;
  for (size_t ti = 0; ti < p.teachers.size(); ++ti) {
    TeacherData& td = p.teachers[ti];
    const Teacher& t = in.teachers[ti];
    if (!td.eligible) continue;
    if (td.forbidden_all) {
      ++el.forbidden;
      continue;
    }
    const bool special = td.pinned_to >= 0 || !td.forbidden_to.empty();
    const int bits = (t.above_required ? 1 : 0) | (t.backbone ? 2 : 0) | (t.pe_arts ? 4 : 0);
    int ci = -1;
    if (!special) {
      auto it = class_of.find({td.section, t.subject, bits});
      if (it != class_of.end()) ci = it->second;
    }
    if (ci < 0) {
      ci = static_cast<int>(p.classes.size());
      MoveClass c;
      c.section = td.section;
      c.subject = t.subject;
      c.flags = {t.above_required, t.backbone, t.pe_arts};
      c.pinned_to = td.pinned_to;
      p.classes.push_back(std::move(c));
      if (!special) class_of[{td.section, t.subject, bits}] = ci;
    }
    p.classes[static_cast<size_t>(ci)].members.push_back(static_cast<int>(ti));
    td.cls = ci;
  }
  const int n_sections = static_cast<int>(p.sections.size());
  for (MoveClass& c : p.classes) {
    const School& from = p.school(c.section);
    if (c.pinned_to >= 0) {
      c.destinations = {c.pinned_to};
    } else {
      const std::vector<int>& forbidden =
          p.teachers[static_cast<size_t>(c.members[0])].forbidden_to;
      for (int d = 0; d < n_sections; ++d) {
        const School& to = p.school(d);
        if (d == c.section || to.stage != from.stage) continue;
        if (!rules.direction[static_cast<size_t>(from.locale)][static_cast<size_t>(to.locale)])
          continue;
        if (rules.max_km > 0) {
          // R7: an unknown distance does not exclude a destination.
          const auto km = p.Km(c.section, d);
          if (km && *km > rules.max_km) continue;
        }
        if (c.size() == 1 && std::find(forbidden.begin(), forbidden.end(), d) != forbidden.end())
          continue;
        c.destinations.push_back(d);
      }
    }
    if (c.destinations.empty()) {
      el.no_destination += c.size();
    } else {
      el.movable += c.size();
      if (c.Backbone()) el.movable_backbone += c.size();
    }
    // R6: the longest-serving go first; then those never (or longest ago) moved.
    std::sort(c.members.begin(), c.members.end(), [&in](int a, int b) {
      const Teacher& x = in.teachers[static_cast<size_t>(a)];
      const Teacher& y = in.teachers[static_cast<size_t>(b)];
      const int mx = x.last_move_year.value_or(-1), my = y.last_move_year.value_or(-1);
      return std::tie(y.years_at_school, mx, x.id) < std::tie(x.years_at_school, my, y.id);
    });
  }
  // R1: the quota is rounded up, on integers.
  el.quota = static_cast<int>(
      (static_cast<long>(el.eligible) * rules.quota.num + rules.quota.den - 1) / rules.quota.den);
  return p;
}

}  // namespace jiaodu::rotation
