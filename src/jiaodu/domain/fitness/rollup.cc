#include "jiaodu/domain/fitness/rollup.h"

#include "jiaodu/domain/fitness/roster.h"

namespace jiaodu::fitness {

void Tally::Add(const StudentScore& s, const VisionResult& v) {
  ++roster;
  switch (s.status) {
    case ScoreStatus::kExempt:
      ++exempt;
      break;
    case ScoreStatus::kDeferred:
      ++deferred;
      break;
    case ScoreStatus::kNoPlan:
      ++no_plan;
      break;
    case ScoreStatus::kComplete:
    case ScoreStatus::kIncomplete:
      ++scored;
      if (s.status == ScoreStatus::kIncomplete) ++incomplete;
      if (s.level >= 0 && s.level < kMaxLevels) ++level[static_cast<size_t>(s.level)];
      total_sum += s.total_hundredths;
      for (int i = 0; i < s.item_count; ++i) {
        const ItemScore& is = s.items[static_cast<size_t>(i)];
        if (is.item < 0 || is.item >= kMaxItems) continue;
        ItemTally& t = items[static_cast<size_t>(is.item)];
        if (is.missing) {
          ++t.missing;
          continue;
        }
        ++t.scored;
        if (is.level >= 0 && is.level < kMaxLevels) ++t.level[static_cast<size_t>(is.level)];
        t.score_sum += is.score;
        if (is.bonus > 0) ++t.bonus_students;
      }
      break;
  }
  if (v.status != VisionStatus::kNotScreened) {
    ++vision_screened;
    if (v.status == VisionStatus::kMyopia) ++myopia;
    if (v.status == VisionStatus::kPoorNoRefraction) ++poor_no_refraction;
    if (v.status == VisionStatus::kPoorNotMyopic) ++poor_not_myopic;
    if (v.poor_grade >= 0 && v.poor_grade < 4) ++poor_grade[static_cast<size_t>(v.poor_grade)];
  }
}

void Tally::Merge(const Tally& o) {
  roster += o.roster;
  exempt += o.exempt;
  deferred += o.deferred;
  no_plan += o.no_plan;
  scored += o.scored;
  incomplete += o.incomplete;
  for (size_t i = 0; i < level.size(); ++i) level[i] += o.level[i];
  total_sum += o.total_sum;
  for (size_t i = 0; i < items.size(); ++i) {
    ItemTally& a = items[i];
    const ItemTally& b = o.items[i];
    a.scored += b.scored;
    a.missing += b.missing;
    for (size_t l = 0; l < a.level.size(); ++l) a.level[l] += b.level[l];
    a.score_sum += b.score_sum;
    a.bonus_students += b.bonus_students;
  }
  vision_screened += o.vision_screened;
  myopia += o.myopia;
  poor_no_refraction += o.poor_no_refraction;
  poor_not_myopic += o.poor_not_myopic;
  for (size_t i = 0; i < poor_grade.size(); ++i) poor_grade[i] += o.poor_grade[i];
}

std::string_view ScopeName(Scope s, bool english) {
  switch (s) {
    case Scope::kCity:
      return english ? "city" : "市";
    case Scope::kCounty:
      return english ? "county" : "县";
    case Scope::kSchool:
      return english ? "school" : "校";
    case Scope::kClass:
      return english ? "class" : "班";
  }
  return {};
}

int32_t RollUp::Intern(const std::string& id) {
  auto [it, inserted] = name_index_.emplace(id, static_cast<int32_t>(names_.size()));
  if (inserted) names_.push_back(id);
  return it->second;
}

uint64_t RollUp::Pack(const GroupKey& k) {
  return (static_cast<uint64_t>(k.scope) << 56) |
         (static_cast<uint64_t>(static_cast<uint32_t>(k.id)) << 16) |
         (static_cast<uint64_t>(k.grade & 0xff) << 8) | static_cast<uint64_t>(k.sex & 0xff);
}

size_t RollUp::GroupIndex(const GroupKey& key) {
  auto [it, inserted] = index_.emplace(Pack(key), groups_.size());
  if (inserted) groups_.emplace_back(key, Tally{});
  return it->second;
}

int32_t Tally::Top(size_t n) const {
  int32_t sum = 0;
  for (size_t i = 0; i < n && i < level.size(); ++i) sum += level[i];
  return sum;
}

int32_t RollUp::FindId(const std::string& id) const {
  auto it = name_index_.find(id);
  return it == name_index_.end() ? -1 : it->second;
}

const Tally* RollUp::Find(const GroupKey& key) const {
  auto it = index_.find(Pack(key));
  return it == index_.end() ? nullptr : &groups_[it->second].second;
}

void RollUp::Add(int32_t city, int32_t county, int32_t school, int32_t klass, int grade, Sex sex,
                 const StudentScore& score, const VisionResult& vision) {
  const int sx = static_cast<int>(sex);
  const std::array<int32_t, 6> place{city, county, school, klass, grade, sx};
  if (place != last_place_ || last_group_count_ == 0) {
    // Resolve (and create) the groups once per run of students sharing
    // school, class, grade and sex. Indices stay valid: groups_ only grows
    // and we index rather than hold references.
    last_group_count_ = 0;
    auto add = [&](Scope scope, int32_t id, int g, int s) {
      last_groups_[static_cast<size_t>(last_group_count_++)] = GroupIndex({scope, id, g, s});
    };
    for (int s : {0, sx}) {
      for (int g : {0, grade}) {
        add(Scope::kCity, city, g, s);
        add(Scope::kCounty, county, g, s);
        add(Scope::kSchool, school, g, s);
      }
      if (klass >= 0) add(Scope::kClass, klass, grade, s);
    }
    last_place_ = place;
  }
  for (int i = 0; i < last_group_count_; ++i) {
    groups_[last_groups_[static_cast<size_t>(i)]].second.Add(score, vision);
  }
}

RollUp RollUpRoster(const FitnessStandard& standard, const VisionRule& vision, const Roster& roster,
                    const std::string& city,
                    const std::function<std::string(const std::string& school)>& county_of) {
  RollUp r;
  const int32_t city_id = r.Intern(city);
  std::vector<int32_t> school_ids, county_ids, class_ids;
  for (const std::string& code : roster.schools()) {
    school_ids.push_back(r.Intern(code));
    county_ids.push_back(r.Intern(county_of ? county_of(code) : std::string()));
  }
  for (const RosterClass& c : roster.classes()) {
    class_ids.push_back(r.Intern(roster.schools()[static_cast<size_t>(c.school)] + "/" +
                                 std::to_string(c.grade) + "/" + c.code));
  }
  for (size_t i = 0; i < roster.size(); ++i) {
    const StudentRow& row = roster.row(i);
    const auto school = static_cast<size_t>(row.school);
    const int32_t klass = row.klass >= 0 ? class_ids[static_cast<size_t>(row.klass)] : -1;
    r.Add(city_id, county_ids[school], school_ids[school], klass, row.grade, row.sex,
          Score(standard, roster.Input(i)), Screen(vision, row.vision));
  }
  return r;
}

int32_t StudentsNeeded(int32_t count, int32_t denominator, int32_t target_bp) {
  if (denominator <= 0) return 0;
  // need = ceil(target_bp × denominator / 10000) − count, at least 0.
  const int64_t required = (static_cast<int64_t>(target_bp) * denominator + 9999) / 10000;
  const int64_t k = required - count;
  return k > 0 ? static_cast<int32_t>(k) : 0;
}

int32_t RateBasisPoints(int64_t count, int64_t denominator) {
  if (denominator <= 0) return -1;
  return static_cast<int32_t>((count * 20000 + denominator) / (2 * denominator));
}

}  // namespace jiaodu::fitness
