#include "jiaodu/domain/fitness/rollup.h"

#include <bit>
#include <set>

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

namespace {

// Adds `o` into `a`, of the items only those whose bit is set in `items`
// (the roll-up passes the items a partial tally has counts for, so merging
// a class's few students costs about what adding them did).
void MergeItems(Tally& a, const Tally& o, uint32_t items) {
  a.roster += o.roster;
  a.exempt += o.exempt;
  a.deferred += o.deferred;
  a.no_plan += o.no_plan;
  a.scored += o.scored;
  a.incomplete += o.incomplete;
  for (size_t i = 0; i < a.level.size(); ++i) a.level[i] += o.level[i];
  a.total_sum += o.total_sum;
  for (; items != 0; items &= items - 1) {
    const auto i = static_cast<size_t>(std::countr_zero(items));
    if (i >= a.items.size()) break;
    ItemTally& x = a.items[i];
    const ItemTally& y = o.items[i];
    x.scored += y.scored;
    x.missing += y.missing;
    for (size_t l = 0; l < x.level.size(); ++l) x.level[l] += y.level[l];
    x.score_sum += y.score_sum;
    x.bonus_students += y.bonus_students;
  }
  a.vision_screened += o.vision_screened;
  a.myopia += o.myopia;
  a.poor_no_refraction += o.poor_no_refraction;
  a.poor_not_myopic += o.poor_not_myopic;
  for (size_t i = 0; i < a.poor_grade.size(); ++i) a.poor_grade[i] += o.poor_grade[i];
}

constexpr uint32_t kAllItems = kMaxItems >= 32 ? ~0u : (1u << kMaxItems) - 1;
static_assert(kMaxItems <= 32, "item masks are 32 bits");

// The items a student's score counts in (scored or missing).
uint32_t ItemsOf(const StudentScore& s) {
  if (!s.scored()) return 0;
  uint32_t m = 0;
  for (int i = 0; i < s.item_count; ++i) {
    const int item = s.items[static_cast<size_t>(i)].item;
    if (item >= 0 && item < kMaxItems) m |= 1u << item;
  }
  return m;
}

}  // namespace

void Tally::Merge(const Tally& o) { MergeItems(*this, o, kAllItems); }

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

std::span<const uint32_t> RollUp::PlaceGroups(Place& place, int32_t city, int32_t county,
                                              int32_t school, int32_t klass, int grade, int sex) {
  const std::array<int32_t, 5> key{city, county, school, klass, grade};
  if (!place.set || place.key != key) {
    place.key = key;
    place.set = true;
    place.count = {};
  }
  // A sex code other than 1 or 2 is not cached (slot 0 is resolved anew).
  const size_t slot = sex == 1 || sex == 2 ? static_cast<size_t>(sex) : 0;
  auto& groups = place.groups[slot];
  uint8_t& n = place.count[slot];
  if (n == 0 || slot == 0) {
    // Resolve (and create) the groups once per place and sex. Indices stay
    // valid: groups_ only grows and we index rather than hold references.
    n = 0;
    auto add = [&](Scope scope, int32_t id, int g, int s) {
      groups[n++] = static_cast<uint32_t>(GroupIndex({scope, id, g, s}));
    };
    for (int s : {0, sex}) {
      for (int g : {0, grade}) {
        add(Scope::kCity, city, g, s);
        add(Scope::kCounty, county, g, s);
        add(Scope::kSchool, school, g, s);
      }
      if (klass >= 0) add(Scope::kClass, klass, grade, s);
    }
  }
  return {groups.data(), n};
}

void RollUp::Add(int32_t city, int32_t county, int32_t school, int32_t klass, int grade, Sex sex,
                 const StudentScore& score, const VisionResult& vision) {
  for (uint32_t g : PlaceGroups(last_, city, county, school, klass, grade, static_cast<int>(sex))) {
    groups_[g].second.Add(score, vision);
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
  // Groups are made on first use, so their vector grows while the students
  // are added. Reserving a bound up front (three sexes of each class, and of
  // each grade and "all grades" of every school, county and the city) spares
  // the copies of a growing vector of ~870-byte tallies: 80 MB for a city's
  // 91,000 groups, a gigabyte for a province's. The bound is a little high,
  // and costs nothing where it is: reserved memory that is never written is
  // never resident.
  {
    const std::set<int32_t> counties(county_ids.begin(), county_ids.end());
    const size_t per_area = 3 * (standard.grades().size() + 1);
    const size_t bound = 3 * roster.classes().size() +
                         per_area * (roster.schools().size() + counties.size() + 1);
    r.groups_.reserve(bound);
    r.index_.reserve(bound);
  }
  // Each student is added to one tally of its place (school, class, grade)
  // and sex; when the place changes, that tally is merged into the 14 groups
  // the students belong to. Adding every student to 14 groups of ~870 bytes
  // each was most of the roll-up's time.
  struct Partial {
    Tally tally;
    uint32_t items = 0;  // the items `tally` has counts for
  };
  std::array<Partial, 3> partial;  // by sex code, as in RollUp::Place
  RollUp::Place place;
  auto flush = [&] {
    for (size_t slot = 0; slot < partial.size(); ++slot) {
      Partial& p = partial[slot];
      if (p.tally.roster == 0) continue;
      const auto& groups = place.groups[slot];
      for (size_t k = 0; k < place.count[slot]; ++k) {
        MergeItems(r.groups_[groups[k]].second, p.tally, p.items);
      }
      p = Partial{};
    }
  };
  for (size_t i = 0; i < roster.size(); ++i) {
    const StudentRow& row = roster.row(i);
    const auto school = static_cast<size_t>(row.school);
    const int32_t klass = row.klass >= 0 ? class_ids[static_cast<size_t>(row.klass)] : -1;
    const int sex = static_cast<int>(row.sex);
    const std::array<int32_t, 5> key{city_id, county_ids[school], school_ids[school], klass,
                                     row.grade};
    if (place.set && place.key != key) flush();
    const StudentScore score = Score(standard, roster.Input(i));
    const VisionResult eyes = Screen(vision, row.vision);
    r.PlaceGroups(place, city_id, county_ids[school], school_ids[school], klass, row.grade, sex);
    if (sex != 1 && sex != 2) {
      // Not cached by PlaceGroups: added directly.
      for (size_t k = 0; k < place.count[0]; ++k) {
        r.groups_[place.groups[0][k]].second.Add(score, eyes);
      }
      continue;
    }
    Partial& p = partial[static_cast<size_t>(sex)];
    p.tally.Add(score, eyes);
    p.items |= ItemsOf(score);
  }
  flush();
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
