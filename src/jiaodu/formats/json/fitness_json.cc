#include "jiaodu/formats/json/fitness_json.h"

#include "jiaodu/formats/json/evaluation_json.h"

namespace jiaodu::wire {

using nlohmann::json;

json Percent(int64_t count, int64_t denominator) {
  if (denominator <= 0) return json();
  return static_cast<double>(count) * 100.0 / static_cast<double>(denominator);
}

json HundredthsJson(int32_t h) { return static_cast<double>(h) / 100.0; }

std::string_view TestStatusKey(fitness::TestStatus s) {
  switch (s) {
    case fitness::TestStatus::kTested:
      return "tested";
    case fitness::TestStatus::kExempt:
      return "exempt";
    case fitness::TestStatus::kDeferred:
      return "deferred";
  }
  return "tested";
}

namespace {

// The counts of `n` bands and their rates over `denominator`.
void Bands(json& out, const std::array<int32_t, fitness::kMaxLevels>& counts, size_t n,
           int64_t denominator) {
  json levels = json::array();
  json rates = json::array();
  for (size_t i = 0; i < n && i < counts.size(); ++i) {
    levels.push_back(counts[i]);
    rates.push_back(Percent(counts[i], denominator));
  }
  out["levels"] = std::move(levels);
  out["rates"] = std::move(rates);
}

size_t BmiBandCount(const fitness::FitnessStandard& standard) {
  const auto& tables = standard.spec().bmi_tables;
  return tables.empty() ? 0 : tables.front().bands.size();
}

}  // namespace

json TallyJson(const fitness::FitnessStandard& standard, const fitness::Tally& t, bool with_items) {
  const size_t n = standard.levels().size();
  const int32_t top2 = t.Top(2);           // 优秀 + 良好
  const int32_t qualified = t.Top(n - 1);  // all but 不及格
  json j{{"roster", t.roster},
         {"exempt", t.exempt},
         {"deferred", t.deferred},
         {"no_plan", t.no_plan},
         {"scored", t.scored},
         {"incomplete", t.incomplete},
         {"excellent_good", Percent(top2, t.scored)},
         {"excellent_good_count", top2},
         {"qualified", Percent(qualified, t.scored)},
         {"qualified_count", qualified},
         {"mean_total", t.scored > 0 ? json(static_cast<double>(t.total_sum) / 100.0 /
                                            static_cast<double>(t.scored))
                                     : json()}};
  Bands(j, t.level, n, t.scored);
  json poor = json::array();
  for (int32_t c : t.poor_grade) poor.push_back(c);
  j["vision"] = json{{"screened", t.vision_screened},
                     {"myopia", t.myopia},
                     {"myopia_rate", Percent(t.myopia, t.vision_screened)},
                     {"poor_no_refraction", t.poor_no_refraction},
                     {"poor_not_myopic", t.poor_not_myopic},
                     {"poor_grades", poor}};
  if (with_items) {
    json items = json::array();
    const auto& defs = standard.items();
    for (size_t k = 0; k < defs.size() && k < t.items.size(); ++k) {
      const fitness::ItemTally& it = t.items[k];
      if (it.scored == 0 && it.missing == 0) continue;
      json ij{{"id", defs[k].id},
              {"scored", it.scored},
              {"missing", it.missing},
              {"mean_score", it.scored > 0 ? json(static_cast<double>(it.score_sum) /
                                                  static_cast<double>(it.scored))
                                           : json()},
              {"bonus_students", it.bonus_students}};
      Bands(ij, it.level, defs[k].kind == fitness::ItemKind::kBmi ? BmiBandCount(standard) : n,
            it.scored);
      items.push_back(std::move(ij));
    }
    j["items"] = std::move(items);
  }
  return j;
}

json FitnessStandardJson(const fitness::FitnessStandard& standard,
                         const fitness::VisionRule& vision) {
  json levels = json::array();
  for (const auto& l : standard.levels()) levels.push_back(ToJson(l.name));
  json bmi = json::array();
  if (!standard.spec().bmi_tables.empty()) {
    for (const auto& b : standard.spec().bmi_tables.front().bands) bmi.push_back(ToJson(b.name));
  }
  json items = json::array();
  for (const auto& it : standard.items()) {
    items.push_back(json{{"id", it.id},
                         {"name", ToJson(it.name)},
                         {"unit", it.unit},
                         {"kind", it.kind == fitness::ItemKind::kBmi ? "bmi" : "table"}});
  }
  json grades = json::array();
  for (const auto& g : standard.grades()) {
    grades.push_back(json{{"code", g.code},
                          {"name", ToJson(g.name)},
                          {"group", g.group},
                          {"graduating", g.graduating}});
  }
  json poor = json::array();
  for (const auto& g : vision.poor_grades) poor.push_back(ToJson(g.name));
  return json{{"standard",
               {{"id", standard.id()},
                {"title", ToJson(standard.spec().title)},
                {"document", standard.spec().document}}},
              {"vision", {{"id", vision.id}, {"document", vision.document}, {"poor_grades", poor}}},
              {"levels", levels},
              {"bmi_bands", bmi},
              {"items", items},
              {"grades", grades}};
}

json ScoredStudentJson(const fitness::FitnessStandard& standard, const fitness::StudentInput& in,
                       const fitness::StudentScore& score, const fitness::VisionInput& vision_in,
                       const fitness::VisionResult& vision) {
  auto opt = [](int32_t ticks, double scale) {
    return ticks == fitness::kMissing ? json() : json(static_cast<double>(ticks) / scale);
  };
  json items = json::array();
  for (size_t k = 0; k < score.item_count; ++k) {
    const fitness::ItemScore& is = score.items[k];
    const fitness::Item& def = standard.items()[static_cast<size_t>(is.item)];
    json value;
    if (!is.missing && is.value != fitness::kMissing) {
      value = def.kind == fitness::ItemKind::kBmi ? json(static_cast<double>(is.value) / 10.0)
                                                  : json(fitness::FormatItemValue(def, is.value));
    }
    items.push_back(json{{"id", def.id},
                         {"name", ToJson(def.name)},
                         {"value", value},
                         {"missing", is.missing},
                         {"score", is.missing ? json() : json(is.score)},
                         {"level", is.level < 0 ? json() : json(is.level)},
                         {"weight", is.weight},
                         {"weighted", is.missing ? json() : json(is.score * is.weight / 100.0)},
                         {"bonus", is.bonus}});
  }
  const bool scored = score.scored();
  return json{{"status", TestStatusKey(in.status)},
              {"height", opt(in.height, 10.0)},
              {"weight", opt(in.weight, 10.0)},
              {"items", items},
              {"scored", scored},
              {"complete", score.status == fitness::ScoreStatus::kComplete},
              {"standard_score", scored ? HundredthsJson(score.standard_hundredths) : json()},
              {"bonus", scored ? json(score.bonus) : json()},
              {"total", scored ? HundredthsJson(score.total_hundredths) : json()},
              {"level", score.level < 0 ? json() : json(score.level)},
              {"vision",
               {{"right", opt(vision_in.ucva[0], 10.0)},
                {"left", opt(vision_in.ucva[1], 10.0)},
                {"se_right", opt(vision_in.se[0], 100.0)},
                {"se_left", opt(vision_in.se[1], 100.0)},
                {"status", static_cast<int>(vision.status)},
                {"status_name",
                 {{"zh", fitness::VisionStatusName(vision.status)},
                  {"en", fitness::VisionStatusName(vision.status, true)}}},
                {"myopia", vision.status == fitness::VisionStatus::kNotScreened
                               ? json()
                               : json(vision.status == fitness::VisionStatus::kMyopia)}}}};
}

}  // namespace jiaodu::wire
