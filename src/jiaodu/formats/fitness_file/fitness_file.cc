#include "jiaodu/formats/fitness_file/fitness_file.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>

#include "jiaodu/core/number.h"
#include "jiaodu/formats/standard_file/toml_util.h"

namespace jiaodu {
namespace {

using fitness::kMissing;
using toml_util::Reporter;

const toml::array* ArrayOf(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  return n != nullptr ? n->as_array() : nullptr;
}

// The shortest decimal text of a TOML number, so 0.1 reads as "0.1".
std::string NumberText(const toml::node& n) {
  if (auto i = n.value_exact<int64_t>()) return std::to_string(*i);
  if (auto d = n.value_exact<double>()) return fmt::format("{}", *d);
  return {};
}

// A number written in the item's unit → ticks (exact: scaled on the text).
Result<int32_t> UnitTicks(const Reporter& rep, const toml::node& n, int decimals,
                          std::string_view entry) {
  std::string text = NumberText(n);
  auto v = text.empty() ? Result<double>(Fail(ErrorCode::kInvalidInput, "x", Text()))
                        : ParseNumber(text, decimals);
  if (!v || std::fabs(*v - std::round(*v)) > 1e-6) {
    return Fail(
        rep.At(&n, entry, fmt::format("“{}”应为数字（最多 {} 位小数）", text, decimals),
               fmt::format("\"{}\" must be a number with at most {} decimals", text, decimals)));
  }
  return static_cast<int32_t>(std::lround(*v));
}

// A table cell: a number in the item's unit, a string in its notation
// ("3'55"), or "" for a blank cell.
Result<int32_t> Cell(const Reporter& rep, const toml::node& n, const fitness::Item& item,
                     std::string_view entry) {
  if (auto s = n.value_exact<std::string>()) {
    if (s->empty()) return kMissing;
    auto v = fitness::ParseItemValue(item, *s);
    if (!v) return Fail(rep.Wrap(&n, entry, v.error()));
    return *v;
  }
  return UnitTicks(rep, n, item.decimals(), entry);
}

Result<fitness::Sex> SexOf(const Reporter& rep, const toml::table& t, std::string_view entry) {
  std::string s = JIAODU_TRY(toml_util::Str(rep, t, "sex", entry));
  if (s == "male" || s == "男") return fitness::Sex::kMale;
  if (s == "female" || s == "女") return fitness::Sex::kFemale;
  return Fail(rep.At(t.get("sex"), entry, "sex 应为 male 或 female", "sex must be male or female"));
}

Result<std::vector<std::string>> Columns(const Reporter& rep, const toml::table& t,
                                         std::string_view entry) {
  const toml::array* a = ArrayOf(t, "columns");
  if (a == nullptr || a->empty()) {
    return Fail(rep.At(&t, entry, "缺少 columns", "missing columns"));
  }
  std::vector<std::string> out;
  for (const auto& c : *a) {
    auto s = c.value<std::string>();
    if (!s) return Fail(rep.At(&c, entry, "columns 应为字符串", "columns must be strings"));
    out.push_back(*s);
  }
  return out;
}

// rows = [[head, cell, cell, …], …] with cells parsed by `cell`.
template <typename CellFn>
Result<std::vector<std::pair<int, std::vector<int32_t>>>> Rows(const Reporter& rep,
                                                               const toml::table& t,
                                                               std::string_view entry,
                                                               CellFn cell) {
  const toml::array* rows = ArrayOf(t, "rows");
  if (rows == nullptr) return Fail(rep.At(&t, entry, "缺少 rows", "missing rows"));
  std::vector<std::pair<int, std::vector<int32_t>>> out;
  for (const auto& rn : *rows) {
    const toml::array* row = rn.as_array();
    if (row == nullptr || row->empty() || !row->front().is_integer()) {
      return Fail(rep.At(&rn, entry, "每行应为 [分数, 值, 值, …]",
                         "each row must be [score, value, value, …]"));
    }
    int head = static_cast<int>(*row->front().value<int64_t>());
    std::vector<int32_t> cells;
    for (size_t i = 1; i < row->size(); ++i) {
      int32_t v = JIAODU_TRY(cell((*row)[i], fmt::format("{} {} 行第 {} 列", entry, head, i)));
      cells.push_back(v);
    }
    out.emplace_back(head, std::move(cells));
  }
  return out;
}

// "13.5~18.1", "≤13.4", "≥20.4" → {lo, hi} in tenths (kMissing = open).
Result<std::pair<int32_t, int32_t>> BmiRange(const Reporter& rep, const toml::node& n,
                                             std::string_view entry) {
  auto s = n.value<std::string>();
  auto bad = [&] {
    return Fail(rep.At(&n, entry, "BMI 区间应写作 13.5~18.1、≤13.4 或 ≥20.4",
                       "BMI ranges are written 13.5~18.1, ≤13.4 or ≥20.4"));
  };
  if (!s) return bad();
  std::string_view v = *s;
  auto tenths = [&](std::string_view x) -> Result<int32_t> {
    auto r = fitness::ParseTenths(x);
    if (!r) return Fail(rep.Wrap(&n, entry, r.error()));
    return *r;
  };
  for (std::string_view le : {"≤", "<="}) {
    if (v.starts_with(le))
      return std::pair<int32_t, int32_t>{kMissing, JIAODU_TRY(tenths(v.substr(le.size())))};
  }
  for (std::string_view ge : {"≥", ">="}) {
    if (v.starts_with(ge))
      return std::pair<int32_t, int32_t>{JIAODU_TRY(tenths(v.substr(ge.size()))), kMissing};
  }
  for (std::string_view sep : {"~", "～"}) {
    size_t p = v.find(sep);
    if (p != std::string_view::npos) {
      int32_t lo = JIAODU_TRY(tenths(v.substr(0, p)));
      int32_t hi = JIAODU_TRY(tenths(v.substr(p + sep.size())));
      if (lo > hi) return bad();
      return std::pair<int32_t, int32_t>{lo, hi};
    }
  }
  return bad();
}

template <typename T, typename Names>
Result<T> Enum(const Reporter& rep, const toml::table& t, std::string_view key,
               std::string_view entry, const Names& names, T dflt) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return dflt;
  auto s = n->value<std::string>();
  for (const auto& [name, value] : names) {
    if (s && *s == name) return value;
  }
  std::string allowed;
  for (const auto& [name, value] : names)
    allowed += (allowed.empty() ? "" : "、") + std::string(name);
  return Fail(rep.At(n, fmt::format("{}.{}", entry, key), fmt::format("应为 {}", allowed),
                     fmt::format("must be one of {}", allowed)));
}

Result<fitness::Item> ParseItem(const Reporter& rep, const toml::table& t, std::string_view entry) {
  using namespace fitness;
  Item item;
  item.id = JIAODU_TRY(toml_util::Str(rep, t, "id", entry));
  std::string e = fmt::format("{} {}", entry, item.id);
  item.name = JIAODU_TRY(toml_util::Txt(rep, t, "name", e));
  item.unit = JIAODU_TRY(toml_util::Str(rep, t, "unit", e, false));
  const std::pair<std::string_view, ItemKind> kinds[] = {{"table", ItemKind::kTable},
                                                         {"bmi", ItemKind::kBmi}};
  item.kind = JIAODU_TRY(Enum(rep, t, "kind", e, kinds, ItemKind::kTable));
  const std::pair<std::string_view, Better> betters[] = {{"higher", Better::kHigher},
                                                         {"lower", Better::kLower}};
  item.better = JIAODU_TRY(Enum(rep, t, "better", e, betters, Better::kHigher));
  const std::pair<std::string_view, ValueFormat> formats[] = {{"integer", ValueFormat::kInteger},
                                                              {"decimal1", ValueFormat::kDecimal1},
                                                              {"min_sec", ValueFormat::kMinSec}};
  item.format = JIAODU_TRY(
      Enum(rep, t, "format", e, formats,
           item.kind == ItemKind::kBmi ? ValueFormat::kDecimal1 : ValueFormat::kInteger));
  const std::pair<std::string_view, Rounding> roundings[] = {
      {"half_up", Rounding::kHalfUp}, {"up", Rounding::kUp}, {"down", Rounding::kDown}};
  item.rounding = JIAODU_TRY(Enum(rep, t, "rounding", e, roundings, Rounding::kHalfUp));
  for (auto [key, dst] :
       {std::pair<std::string_view, int32_t*>{"plausible_min", &item.plausible_min},
        {"plausible_max", &item.plausible_max}}) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (item.kind == ItemKind::kBmi) continue;
      return Fail(rep.At(&t, e, fmt::format("缺少 {}", key), fmt::format("missing {}", key)));
    }
    if (n->is_string()) {
      *dst = JIAODU_TRY(Cell(rep, *n, item, e));
    } else {
      *dst = JIAODU_TRY(UnitTicks(rep, *n, item.decimals(), e));
    }
  }
  return item;
}

}  // namespace

Result<std::shared_ptr<const fitness::FitnessStandard>> ParseFitnessStandard(
    std::string_view text, std::string_view file_name) {
  using namespace fitness;
  Reporter rep{std::string(file_name), "fitness_file.invalid"};
  toml::table root = JIAODU_TRY(toml_util::ParseToml(text, std::string(file_name)));
  const toml::table* head = root["standard"].as_table();
  if (head == nullptr)
    return Fail(rep.At(&root, "[standard]", "缺少 [standard]", "missing [standard]"));
  FitnessStandardSpec spec;
  spec.id = JIAODU_TRY(toml_util::Str(rep, *head, "id", "[standard]"));
  spec.version = JIAODU_TRY(toml_util::Str(rep, *head, "version", "[standard]", false));
  spec.title = JIAODU_TRY(toml_util::Txt(rep, *head, "title", "[standard]"));
  spec.document = JIAODU_TRY(toml_util::Str(rep, *head, "document", "[standard]"));
  spec.issuer = JIAODU_TRY(toml_util::Str(rep, *head, "issuer", "[standard]", false));
  spec.issued = JIAODU_TRY(toml_util::Str(rep, *head, "issued", "[standard]", false));
  spec.source_url = JIAODU_TRY(toml_util::Str(rep, *head, "source_url", "[standard]", false));
  spec.max_standard_score =
      JIAODU_TRY(toml_util::Int(rep, *head, "max_standard_score", "[standard]", 100));
  spec.max_bonus = JIAODU_TRY(toml_util::Int(rep, *head, "max_bonus", "[standard]", 20));

  if (const toml::array* a = ArrayOf(root, "levels")) {
    for (const auto& n : *a) {
      const toml::table* t = n.as_table();
      if (t == nullptr) continue;
      LevelBand band;
      band.name = JIAODU_TRY(toml_util::Txt(rep, *t, "name", "[[levels]]"));
      const toml::node* m = t->get("min");
      if (m == nullptr) return Fail(rep.At(t, "[[levels]]", "缺少 min", "missing min"));
      band.min_hundredths = JIAODU_TRY(UnitTicks(rep, *m, 2, "[[levels]] min"));
      spec.levels.push_back(std::move(band));
    }
  }
  if (const toml::array* a = ArrayOf(root, "grades")) {
    for (const auto& n : *a) {
      const toml::table* t = n.as_table();
      if (t == nullptr) continue;
      Grade g;
      g.code = JIAODU_TRY(toml_util::Int(rep, *t, "code", "[[grades]]", 0));
      std::string e = fmt::format("[[grades]] {}", g.code);
      g.name = JIAODU_TRY(toml_util::Txt(rep, *t, "name", e));
      g.column = JIAODU_TRY(toml_util::Str(rep, *t, "column", e));
      g.bmi_column = JIAODU_TRY(toml_util::Str(rep, *t, "bmi_column", e));
      g.group = JIAODU_TRY(toml_util::Str(rep, *t, "group", e));
      g.graduating = JIAODU_TRY(toml_util::Bool(rep, *t, "graduating", e));
      spec.grades.push_back(std::move(g));
    }
  }
  if (const toml::array* a = ArrayOf(root, "items")) {
    for (const auto& n : *a) {
      if (const toml::table* t = n.as_table())
        spec.items.push_back(JIAODU_TRY(ParseItem(rep, *t, "[[items]]")));
    }
  }
  auto find_item = [&](const std::string& id) -> const Item* {
    const int i = FindItem(spec.items, id);
    return i < 0 ? nullptr : &spec.items[static_cast<size_t>(i)];
  };
  if (const toml::array* a = ArrayOf(root, "weights")) {
    for (const auto& n : *a) {
      const toml::table* t = n.as_table();
      if (t == nullptr) continue;
      WeightSpec w;
      w.group = JIAODU_TRY(toml_util::Str(rep, *t, "group", "[[weights]]"));
      w.source = JIAODU_TRY(toml_util::Str(rep, *t, "source", "[[weights]]", false));
      for (Sex sex : {Sex::kMale, Sex::kFemale}) {
        const toml::table* per = (*t)[SexName(sex, true)].as_table();
        if (per == nullptr) {
          return Fail(rep.At(t, fmt::format("[[weights]] {}", w.group),
                             fmt::format("缺少 {}", SexName(sex, true)),
                             fmt::format("missing {}", SexName(sex, true))));
        }
        for (const auto& [k, v] : *per) {
          auto pct = v.value<int64_t>();
          if (!pct)
            return Fail(rep.At(&v, w.group, "权重应为整数百分比", "weights are whole percents"));
          w.weights[static_cast<size_t>(SexIndex(sex))].emplace_back(std::string(k.str()),
                                                                     static_cast<int>(*pct));
        }
      }
      spec.weights.push_back(std::move(w));
    }
  }
  // [[tables]] and [[bonus_tables]] share one shape; bonus increments are
  // numbers in the item's unit (times in negative seconds), table cells are
  // values in the item's notation.
  const auto item_tables = [&](std::string_view key, bool bonus,
                               std::vector<TableSpec>* out) -> Status {
    const toml::array* a = ArrayOf(root, key);
    if (a == nullptr) return Ok();
    const std::string entry = fmt::format("[[{}]]", key);
    for (const auto& n : *a) {
      const toml::table* t = n.as_table();
      if (t == nullptr) continue;
      TableSpec ts;
      ts.item = JIAODU_TRY(toml_util::Str(rep, *t, "item", entry));
      ts.sex = JIAODU_TRY(SexOf(rep, *t, entry));
      ts.source = JIAODU_TRY(toml_util::Str(rep, *t, "source", entry));
      const Item* item = find_item(ts.item);
      if (item == nullptr) {
        return Fail(rep.At(t, ts.source, fmt::format("未知项目 {}", ts.item),
                           fmt::format("unknown item {}", ts.item)));
      }
      ts.columns = JIAODU_TRY(Columns(rep, *t, ts.source));
      ts.rows = JIAODU_TRY(Rows(rep, *t, ts.source,
                                [&](const toml::node& c, const std::string& e) -> Result<int32_t> {
                                  if (!bonus) return Cell(rep, c, *item, e);
                                  if (auto s = c.value_exact<std::string>(); s && s->empty()) {
                                    return kMissing;
                                  }
                                  return UnitTicks(rep, c, item->decimals(), e);
                                }));
      out->push_back(std::move(ts));
    }
    return Ok();
  };
  JIAODU_TRY_STATUS(item_tables("tables", false, &spec.tables));
  JIAODU_TRY_STATUS(item_tables("bonus_tables", true, &spec.bonus_tables));
  if (const toml::array* a = ArrayOf(root, "bmi_tables")) {
    for (const auto& n : *a) {
      const toml::table* t = n.as_table();
      if (t == nullptr) continue;
      BmiSpec b;
      b.sex = JIAODU_TRY(SexOf(rep, *t, "[[bmi_tables]]"));
      b.source = JIAODU_TRY(toml_util::Str(rep, *t, "source", "[[bmi_tables]]"));
      b.columns = JIAODU_TRY(Columns(rep, *t, b.source));
      const toml::array* bands = ArrayOf(*t, "bands");
      if (bands == nullptr) return Fail(rep.At(t, b.source, "缺少 bands", "missing bands"));
      for (const auto& bn : *bands) {
        const toml::table* bt = bn.as_table();
        if (bt == nullptr) continue;
        BmiSpec::Band band;
        band.name = JIAODU_TRY(toml_util::Txt(rep, *bt, "name", b.source));
        band.score = JIAODU_TRY(toml_util::Int(rep, *bt, "score", b.source, -1));
        const toml::array* ranges = ArrayOf(*bt, "ranges");
        if (ranges == nullptr || band.score < 0) {
          return Fail(rep.At(bt, b.source, "每个区间需要 score 和 ranges",
                             "each band needs score and ranges"));
        }
        for (const auto& rn : *ranges)
          band.ranges.push_back(JIAODU_TRY(BmiRange(rep, rn, b.source)));
        b.bands.push_back(std::move(band));
      }
      spec.bmi_tables.push_back(std::move(b));
    }
  }
  if (const toml::table* body = root["body"].as_table()) {
    for (auto [key, dst] :
         {std::pair<std::string_view, int32_t*>{"height_min", &spec.body.height_min},
          {"height_max", &spec.body.height_max},
          {"weight_min", &spec.body.weight_min},
          {"weight_max", &spec.body.weight_max}}) {
      const toml::node* n = body->get(key);
      if (n == nullptr)
        return Fail(
            rep.At(body, "[body]", fmt::format("缺少 {}", key), fmt::format("missing {}", key)));
      *dst = JIAODU_TRY(UnitTicks(rep, *n, 1, fmt::format("[body] {}", key)));
    }
  } else {
    return Fail(rep.At(&root, "[body]", "缺少 [body]（身高、体重的合理范围）",
                       "missing [body] (plausible height and weight)"));
  }
  if (const toml::table* g = root["graduation"].as_table()) {
    auto wf = JIAODU_TRY(toml_util::Num(rep, *g, "final_year_weight", "[graduation]"));
    auto wo = JIAODU_TRY(toml_util::Num(rep, *g, "other_years_weight", "[graduation]"));
    if (wf) spec.graduation_final_weight = *wf;
    if (wo) spec.graduation_other_weight = *wo;
    spec.graduation_source = JIAODU_TRY(toml_util::Str(rep, *g, "source", "[graduation]", false));
  }
  if (const toml::array* a = ArrayOf(root, "decisions")) {
    for (const auto& n : *a) {
      const toml::table* t = n.as_table();
      if (t == nullptr) continue;
      Decision d;
      d.id = JIAODU_TRY(toml_util::Str(rep, *t, "id", "[[decisions]]"));
      d.question = JIAODU_TRY(toml_util::Str(rep, *t, "question", "[[decisions]]", false));
      d.decision = JIAODU_TRY(toml_util::Str(rep, *t, "decision", "[[decisions]]", false));
      spec.decisions.push_back(std::move(d));
    }
  }
  auto built = FitnessStandard::Build(std::move(spec));
  if (!built) {
    Error e = built.error();
    e.where.file = std::string(file_name);
    return Fail(std::move(e));
  }
  return std::make_shared<const FitnessStandard>(std::move(*built));
}

Result<fitness::VisionRule> ParseVisionRule(std::string_view text, std::string_view file_name) {
  Reporter rep{std::string(file_name), "fitness_file.invalid"};
  toml::table root = JIAODU_TRY(toml_util::ParseToml(text, std::string(file_name)));
  const toml::table* v = root["vision"].as_table();
  if (v == nullptr) return Fail(rep.At(&root, "[vision]", "缺少 [vision]", "missing [vision]"));
  fitness::VisionRule rule;
  rule.id = JIAODU_TRY(toml_util::Str(rep, *v, "id", "[vision]"));
  rule.document = JIAODU_TRY(toml_util::Str(rep, *v, "document", "[vision]"));
  rule.source = JIAODU_TRY(toml_util::Str(rep, *v, "source", "[vision]", false));
  struct Field {
    std::string_view key;
    int decimals;
    int32_t* dst;
  };
  for (const Field& f : {Field{"ucva_normal_min", 1, &rule.ucva_normal_min},
                         Field{"se_myopia_max", 2, &rule.se_myopia_max},
                         Field{"ucva_min", 1, &rule.ucva_min}, Field{"ucva_max", 1, &rule.ucva_max},
                         Field{"se_min", 2, &rule.se_min}, Field{"se_max", 2, &rule.se_max}}) {
    const toml::node* n = v->get(f.key);
    if (n == nullptr)
      return Fail(
          rep.At(v, "[vision]", fmt::format("缺少 {}", f.key), fmt::format("missing {}", f.key)));
    *f.dst = JIAODU_TRY(UnitTicks(rep, *n, f.decimals, fmt::format("[vision] {}", f.key)));
  }
  if (const toml::array* a = ArrayOf(root, "poor_vision_grades")) {
    for (const auto& n : *a) {
      const toml::table* t = n.as_table();
      if (t == nullptr) continue;
      fitness::VisionGrade g;
      g.name = JIAODU_TRY(toml_util::Txt(rep, *t, "name", "[[poor_vision_grades]]"));
      const toml::node* m = t->get("min_ucva");
      if (m == nullptr)
        return Fail(rep.At(t, "[[poor_vision_grades]]", "缺少 min_ucva", "missing min_ucva"));
      g.min_ucva = JIAODU_TRY(UnitTicks(rep, *m, 1, "[[poor_vision_grades]] min_ucva"));
      rule.poor_grades.push_back(std::move(g));
    }
  }
  return rule;
}

std::shared_ptr<const fitness::FitnessStandard> FitnessLibrary::Find(std::string_view id) const {
  for (const auto& s : standards) {
    if (s->id() == id) return s;
  }
  return nullptr;
}

Result<FitnessLibrary> LoadFitnessLibrary(const std::filesystem::path& data_dir) {
  FitnessLibrary lib;
  std::filesystem::path dir = data_dir / "fitness";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return lib;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".toml")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::string text = JIAODU_TRY(toml_util::ReadFile(path));
    std::string name = path.filename().string();
    if (text.find("[vision]") != std::string::npos) {
      lib.vision = JIAODU_TRY(ParseVisionRule(text, name));
    } else {
      lib.standards.push_back(JIAODU_TRY(ParseFitnessStandard(text, name)));
    }
  }
  return lib;
}

}  // namespace jiaodu
