#include "jiaodu/formats/planning_file/planning_file.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <initializer_list>
#include <set>

#include "jiaodu/formats/standard_file/toml_util.h"

namespace jiaodu {
namespace {

using planning::Level;
using planning::LevelIndex;
using planning::Rate;
using toml_util::Reporter;

constexpr std::string_view kId = "planning_file.invalid";

// A key the loader does not know is an error, not ignored: "juinor = 50"
// must not silently leave 初中 without its figure.
Status KnownKeys(const Reporter& rep, const toml::table& t, std::string_view entry,
                 std::initializer_list<std::string_view> keys) {
  for (const auto& [k, v] : t) {
    if (std::find(keys.begin(), keys.end(), k.str()) == keys.end()) {
      std::string allowed;
      for (auto a : keys) allowed += fmt::format("{}{}", allowed.empty() ? "" : "、", a);
      return Fail(rep.At(&v, entry, fmt::format("未知的键“{}”（可用：{}）", k.str(), allowed),
                         fmt::format("unknown key \"{}\" (known: {})", k.str(), allowed)));
    }
  }
  return Ok();
}

Result<const toml::table*> Table(const Reporter& rep, const toml::table& parent,
                                 std::string_view key, std::string_view entry, bool required) {
  const toml::node* n = parent.get(key);
  if (n == nullptr) {
    if (!required) return nullptr;
    return Fail(rep.At(&parent, entry, "缺少此表", "missing table"));
  }
  if (!n->is_table()) return Fail(rep.At(n, entry, "应为表", "must be a table"));
  return n->as_table();
}

Result<std::optional<int>> OptInt(const Reporter& rep, const toml::table& t, std::string_view key,
                                  std::string_view entry) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::optional<int>();
  auto v = n->value_exact<int64_t>();
  if (!v || *v < 0 || *v > 1'000'000) {
    return Fail(rep.At(n, fmt::format("{}.{}", entry, key), "应为非负整数",
                       "must be a non-negative integer"));
  }
  return std::optional<int>(static_cast<int>(*v));
}

// A key that must be there: Opt… plus "缺少" naming the key.
template <typename T, typename Opt>
Result<T> Required(const Reporter& rep, const toml::table& t, std::string_view key,
                   std::string_view entry, Opt opt) {
  std::optional<T> v = JIAODU_TRY(opt(rep, t, key, entry));
  if (!v) {
    return Fail(
        rep.At(&t, entry, fmt::format("缺少“{}”", key), fmt::format("missing \"{}\"", key)));
  }
  return *v;
}

// A TOML number as an exact six-decimal Rate (13.5 → 13.5 exactly, via
// its shortest decimal text; more decimals are refused).
Result<std::optional<Rate>> OptRate(const Reporter& rep, const toml::table& t, std::string_view key,
                                    std::string_view entry) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::optional<Rate>();
  std::string text;
  if (auto i = n->value_exact<int64_t>()) {
    text = std::to_string(*i);
  } else if (auto d = n->value_exact<double>()) {
    text = fmt::format("{}", *d);
  } else {
    return Fail(rep.At(n, fmt::format("{}.{}", entry, key), "应为数字", "must be a number"));
  }
  auto r = Rate::Parse(text);
  if (!r)
    return Fail(
        rep.At(n, fmt::format("{}.{}", entry, key), r.error().message.zh, r.error().message.en));
  return std::optional<Rate>(*r);
}

Result<int> ReqInt(const Reporter& rep, const toml::table& t, std::string_view key,
                   std::string_view entry) {
  return Required<int>(rep, t, key, entry, OptInt);
}

Result<Rate> ReqRate(const Reporter& rep, const toml::table& t, std::string_view key,
                     std::string_view entry) {
  return Required<Rate>(rep, t, key, entry, OptRate);
}

Result<Level> LevelOf(const Reporter& rep, const toml::node* n, std::string_view entry) {
  auto s = n != nullptr ? n->value<std::string>() : std::nullopt;
  if (!s) return Fail(rep.At(n, entry, "学段应为字符串", "level must be a string"));
  auto l = planning::ParseLevel(*s);
  if (!l) return Fail(rep.Wrap(n, entry, l.error()));
  return *l;
}

// Tables keyed by level ("primary = 45"), every level optional.
template <typename T, typename Read>
Status PerLevel(const toml::table& t, std::array<T, 4>* out, Read read) {
  for (Level l : planning::kLevels) {
    auto v = JIAODU_TRY(read(t, planning::LevelName(l, true)));
    if (v) (*out)[LevelIndex(l)] = *v;
  }
  return Ok();
}

Status ParseSchoolSystem(const Reporter& rep, const toml::table& root,
                         planning::SchoolSystem* out) {
  const toml::table* t = JIAODU_TRY(Table(rep, root, "school_system", "[school_system]", true));
  JIAODU_TRY_STATUS(KnownKeys(
      rep, *t, "[school_system]",
      {"preschool_grades", "primary_grades", "junior_grades", "senior_grades", "source"}));
  for (Level l : planning::kLevels) {
    out->grades[LevelIndex(l)] = JIAODU_TRY(
        ReqInt(rep, *t, fmt::format("{}_grades", planning::LevelName(l, true)), "[school_system]"));
  }
  out->source = JIAODU_TRY(toml_util::Str(rep, *t, "source", "[school_system]"));
  return Ok();
}

Status ParseClassSize(const Reporter& rep, const toml::table& root,
                      planning::ClassSizeParams* out) {
  const toml::table* cs = JIAODU_TRY(Table(rep, root, "class_size", "[class_size]", true));
  JIAODU_TRY_STATUS(KnownKeys(rep, *cs, "[class_size]", {"standard", "limit", "bands"}));

  const std::string se = "[class_size.standard]";
  const toml::table* st = JIAODU_TRY(Table(rep, *cs, "standard", se, true));
  JIAODU_TRY_STATUS(KnownKeys(
      rep, *st, se, {"preschool", "preschool_mixed", "primary", "junior", "senior", "source"}));
  for (Level l : {Level::kPrimary, Level::kJunior, Level::kSenior}) {
    out->standard[LevelIndex(l)] = JIAODU_TRY(ReqInt(rep, *st, planning::LevelName(l, true), se));
  }
  out->standard[LevelIndex(Level::kPreschool)] =
      JIAODU_TRY(ReqInt(rep, *st, "preschool_mixed", se));
  if (const toml::node* n = st->get("preschool")) {
    const toml::array* a = n->as_array();
    if (a == nullptr) {
      return Fail(rep.At(n, se + " preschool", "应为各年级标准班额的数组，如 [25, 30, 35]",
                         "must be an array of per-grade standards, e.g. [25, 30, 35]"));
    }
    for (const auto& v : *a) {
      auto i = v.value_exact<int64_t>();
      if (!i) return Fail(rep.At(&v, se + " preschool", "应为整数", "must be integers"));
      out->preschool_by_grade.push_back(static_cast<int>(*i));
    }
  }
  out->standard_source = JIAODU_TRY(toml_util::Str(rep, *st, "source", se));

  const std::string le = "[class_size.limit]";
  if (const toml::table* lt = JIAODU_TRY(Table(rep, *cs, "limit", le, false))) {
    JIAODU_TRY_STATUS(
        KnownKeys(rep, *lt, le, {"preschool", "primary", "junior", "senior", "source"}));
    JIAODU_TRY_STATUS(PerLevel(*lt, &out->limit, [&](const toml::table& t, std::string_view k) {
      return OptInt(rep, t, k, le);
    }));
    out->limit_source = JIAODU_TRY(toml_util::Str(rep, *lt, "source", le));
  }

  const std::string be = "[class_size.bands]";
  if (const toml::table* bt = JIAODU_TRY(Table(rep, *cs, "bands", be, false))) {
    JIAODU_TRY_STATUS(KnownKeys(rep, *bt, be, {"levels", "list", "source", "note"}));
    const toml::node* levels = bt->get("levels");
    if (levels == nullptr || !levels->is_array()) {
      return Fail(rep.At(bt, be, "缺少 levels（各档适用的学段）", "missing levels"));
    }
    for (const auto& v : *levels->as_array()) {
      Level l = JIAODU_TRY(LevelOf(rep, &v, be + " levels"));
      out->banded[LevelIndex(l)] = true;
    }
    const toml::node* list = bt->get("list");
    if (list == nullptr || !list->is_array()) {
      return Fail(rep.At(bt, be, "缺少 list（各档班额）", "missing list"));
    }
    for (const auto& v : *list->as_array()) {
      const toml::table* b = v.as_table();
      if (b == nullptr) {
        return Fail(rep.At(&v, be, "list 的每项应为 { name, min, max }",
                           "each list entry must be { name, min, max }"));
      }
      const std::string e = be + " list";
      JIAODU_TRY_STATUS(KnownKeys(rep, *b, e, {"name", "name_en", "min", "max", "large"}));
      planning::ClassSizeBand band;
      band.name = JIAODU_TRY(toml_util::Txt(rep, *b, "name", e));
      band.min = JIAODU_TRY(ReqInt(rep, *b, "min", e + " " + band.name.zh));
      band.max = JIAODU_TRY(OptInt(rep, *b, "max", e + " " + band.name.zh)).value_or(0);
      band.large = JIAODU_TRY(toml_util::Bool(rep, *b, "large", e));
      out->bands.push_back(std::move(band));
    }
    out->band_source = JIAODU_TRY(toml_util::Str(rep, *bt, "source", be));
  }
  return Ok();
}

Result<planning::StaffingAddition> ParseAddition(const Reporter& rep, const toml::table& t) {
  using A = planning::StaffingAddition;
  const std::string entry = "[[staffing.additions]]";
  JIAODU_TRY_STATUS(KnownKeys(
      rep, t, entry,
      {"id", "name", "name_en", "kind", "applies_to", "level", "below_students", "staff_per_class",
       "boarders_per_post", "whole_steps", "posts", "choice", "enabled", "source"}));
  A a;
  a.id = JIAODU_TRY(toml_util::Str(rep, t, "id", entry));
  const std::string e = fmt::format("{} {}", entry, a.id);
  a.name = JIAODU_TRY(toml_util::Txt(rep, t, "name", e));
  const std::string kind = JIAODU_TRY(toml_util::Str(rep, t, "kind", e));
  if (kind == "class_ratio") {
    a.kind = A::Kind::kClassRatio;
  } else if (kind == "per_boarders") {
    a.kind = A::Kind::kPerBoarders;
  } else if (kind == "per_school") {
    a.kind = A::Kind::kPerSchool;
  } else {
    return Fail(rep.At(t.get("kind"), e + ".kind", "应为 class_ratio、per_boarders 或 per_school",
                       "must be class_ratio, per_boarders or per_school"));
  }
  const std::string applies = JIAODU_TRY(toml_util::Str(rep, t, "applies_to", e));
  if (applies == "all") {
    a.target = A::Target::kAll;
  } else if (applies == "teaching_point") {
    a.target = A::Target::kTeachingPoint;
  } else if (applies == "small_school") {
    a.target = A::Target::kSmallSchool;
  } else if (applies == "boarding_school") {
    a.target = A::Target::kBoardingSchool;
  } else {
    return Fail(rep.At(t.get("applies_to"), e + ".applies_to",
                       "应为 all、teaching_point、small_school 或 boarding_school",
                       "must be all, teaching_point, small_school or boarding_school"));
  }
  if (const toml::node* l = t.get("level")) a.level = JIAODU_TRY(LevelOf(rep, l, e + ".level"));
  a.below_students = JIAODU_TRY(OptInt(rep, t, "below_students", e)).value_or(0);
  a.staff_per_class = JIAODU_TRY(OptRate(rep, t, "staff_per_class", e)).value_or(Rate());
  a.boarders_per_post = JIAODU_TRY(OptInt(rep, t, "boarders_per_post", e)).value_or(0);
  a.whole_steps =
      t.get("whole_steps") == nullptr || JIAODU_TRY(toml_util::Bool(rep, t, "whole_steps", e));
  a.posts = JIAODU_TRY(OptRate(rep, t, "posts", e)).value_or(Rate());
  // Whose figure it is must be said: a province's choice is shown as such.
  const std::string choice = JIAODU_TRY(toml_util::Str(rep, t, "choice", e));
  if (choice != "national" && choice != "province") {
    return Fail(rep.At(t.get("choice"), e + ".choice", "应为 national（国家）或 province（省定）",
                       "must be national or province"));
  }
  a.national = choice == "national";
  a.enabled = t.get("enabled") == nullptr || JIAODU_TRY(toml_util::Bool(rep, t, "enabled", e));
  a.source = JIAODU_TRY(toml_util::Str(rep, t, "source", e));
  return a;
}

Status ParseStaffing(const Reporter& rep, const toml::table& root, planning::StaffingParams* out) {
  const toml::table* sp = JIAODU_TRY(Table(rep, root, "staffing", "[staffing]", true));
  JIAODU_TRY_STATUS(
      KnownKeys(rep, *sp, "[staffing]",
                {"rounding", "rounding_source", "ratio", "additions", "subject_loads"}));
  const std::string rounding = JIAODU_TRY(toml_util::Str(rep, *sp, "rounding", "[staffing]"));
  auto r = planning::ParseRounding(rounding);
  if (!r) return Fail(rep.Wrap(sp->get("rounding"), "[staffing] rounding", r.error()));
  out->rounding = *r;
  out->rounding_source = JIAODU_TRY(toml_util::Str(rep, *sp, "rounding_source", "[staffing]"));

  const std::string re = "[staffing.ratio]";
  const toml::table* rt = JIAODU_TRY(Table(rep, *sp, "ratio", re, true));
  JIAODU_TRY_STATUS(
      KnownKeys(rep, *rt, re, {"preschool", "primary", "junior", "senior", "source"}));
  JIAODU_TRY_STATUS(
      PerLevel(*rt, &out->students_per_staff,
               [&](const toml::table& t, std::string_view k) { return OptRate(rep, t, k, re); }));
  out->ratio_source = JIAODU_TRY(toml_util::Str(rep, *rt, "source", re));

  if (const toml::node* n = sp->get("additions")) {
    const toml::array* a = n->as_array();
    if (a == nullptr)
      return Fail(rep.At(n, "[[staffing.additions]]", "应为表数组", "must be an array of tables"));
    for (const auto& v : *a) {
      const toml::table* t = v.as_table();
      if (t == nullptr)
        return Fail(rep.At(&v, "[[staffing.additions]]", "应为表", "must be a table"));
      out->additions.push_back(JIAODU_TRY(ParseAddition(rep, *t)));
    }
  }
  if (const toml::node* n = sp->get("subject_loads")) {
    const std::string e = "[[staffing.subject_loads]]";
    const toml::array* a = n->as_array();
    if (a == nullptr) return Fail(rep.At(n, e, "应为表数组", "must be an array of tables"));
    for (const auto& v : *a) {
      const toml::table* t = v.as_table();
      if (t == nullptr) return Fail(rep.At(&v, e, "应为表", "must be a table"));
      JIAODU_TRY_STATUS(KnownKeys(
          rep, *t, e,
          {"level", "subject", "periods_per_class_week", "teacher_periods_week", "source"}));
      planning::SubjectLoad load;
      load.level = JIAODU_TRY(LevelOf(rep, t->get("level"), e + ".level"));
      load.subject = JIAODU_TRY(toml_util::Str(rep, *t, "subject", e));
      const std::string le = fmt::format("{} {}", e, load.subject);
      load.periods_per_class_week = JIAODU_TRY(ReqRate(rep, *t, "periods_per_class_week", le));
      load.teacher_periods_week = JIAODU_TRY(ReqRate(rep, *t, "teacher_periods_week", le));
      load.source = JIAODU_TRY(toml_util::Str(rep, *t, "source", le));
      out->subject_loads.push_back(std::move(load));
    }
  }
  return Ok();
}

Status ParseForecast(const Reporter& rep, const toml::table& root, planning::ForecastParams* out) {
  const std::string fe = "[forecast]";
  const toml::table* f = JIAODU_TRY(Table(rep, root, "forecast", fe, true));
  JIAODU_TRY_STATUS(KnownKeys(rep, *f, fe,
                              {"horizon_years", "estimation_years", "birth_basis", "migrant_share",
                               "max_migrant_share", "default_progression", "default_scenario",
                               "entry_age", "default_entry_rate", "scenarios", "source"}));
  out->horizon_years = JIAODU_TRY(ReqInt(rep, *f, "horizon_years", fe));
  out->estimation_years = JIAODU_TRY(ReqInt(rep, *f, "estimation_years", fe));
  const std::string basis = JIAODU_TRY(toml_util::Str(rep, *f, "birth_basis", fe));
  auto b = planning::ParseBirthBasis(basis);
  if (!b) return Fail(rep.Wrap(f->get("birth_basis"), fe + " birth_basis", b.error()));
  out->basis = *b;
  out->migrant_share = JIAODU_TRY(ReqRate(rep, *f, "migrant_share", fe));
  out->max_migrant_share = JIAODU_TRY(ReqRate(rep, *f, "max_migrant_share", fe));
  out->default_progression = JIAODU_TRY(ReqRate(rep, *f, "default_progression", fe));
  out->default_scenario = JIAODU_TRY(toml_util::Str(rep, *f, "default_scenario", fe));
  out->source = JIAODU_TRY(toml_util::Str(rep, *f, "source", fe));

  const std::string ae = "[forecast.entry_age]";
  const toml::table* ages = JIAODU_TRY(Table(rep, *f, "entry_age", ae, true));
  JIAODU_TRY_STATUS(KnownKeys(rep, *ages, ae, {"preschool", "primary"}));
  out->entry_age = {0, 0, 0, 0};
  for (Level l : {Level::kPreschool, Level::kPrimary}) {
    out->entry_age[LevelIndex(l)] =
        JIAODU_TRY(ReqInt(rep, *ages, planning::LevelName(l, true), ae));
  }
  const std::string de = "[forecast.default_entry_rate]";
  const toml::table* de_t = JIAODU_TRY(Table(rep, *f, "default_entry_rate", de, true));
  JIAODU_TRY_STATUS(KnownKeys(rep, *de_t, de, {"preschool", "primary", "source"}));
  for (Level l : {Level::kPreschool, Level::kPrimary}) {
    out->default_entry[LevelIndex(l)] =
        JIAODU_TRY(ReqRate(rep, *de_t, planning::LevelName(l, true), de));
  }

  const std::string se = "[[forecast.scenarios]]";
  const toml::node* sn = f->get("scenarios");
  if (sn == nullptr || !sn->is_array()) {
    return Fail(
        rep.At(f, se, "缺少预测方案（低/中/高）", "missing the scenarios (low/medium/high)"));
  }
  for (const auto& v : *sn->as_array()) {
    const toml::table* t = v.as_table();
    if (t == nullptr) return Fail(rep.At(&v, se, "应为表", "must be a table"));
    JIAODU_TRY_STATUS(KnownKeys(rep, *t, se,
                                {"id", "name", "name_en", "births_change", "entry_factor",
                                 "progression_delta", "migrant_share_delta", "note"}));
    planning::Scenario s;
    s.id = JIAODU_TRY(toml_util::Str(rep, *t, "id", se));
    const std::string e = fmt::format("{} {}", se, s.id);
    s.name = JIAODU_TRY(toml_util::Txt(rep, *t, "name", e));
    s.births_change = JIAODU_TRY(ReqRate(rep, *t, "births_change", e));
    s.entry_factor = JIAODU_TRY(ReqRate(rep, *t, "entry_factor", e));
    s.progression_delta = JIAODU_TRY(ReqRate(rep, *t, "progression_delta", e));
    s.migrant_share_delta = JIAODU_TRY(ReqRate(rep, *t, "migrant_share_delta", e));
    s.note = JIAODU_TRY(toml_util::Str(rep, *t, "note", e, false));
    out->scenarios.push_back(std::move(s));
  }
  return Ok();
}

Status ParseCapacity(const Reporter& rep, const toml::table& root, planning::CapacityParams* out) {
  const toml::table* c = JIAODU_TRY(Table(rep, root, "capacity", "[capacity]", true));
  JIAODU_TRY_STATUS(KnownKeys(rep, *c, "[capacity]", {"standard_school_classes"}));
  const std::string e = "[capacity.standard_school_classes]";
  const toml::table* t = JIAODU_TRY(Table(rep, *c, "standard_school_classes", e, true));
  JIAODU_TRY_STATUS(KnownKeys(rep, *t, e, {"preschool", "primary", "junior", "senior", "source"}));
  for (Level l : planning::kLevels) {
    out->standard_school_classes[LevelIndex(l)] =
        JIAODU_TRY(ReqInt(rep, *t, planning::LevelName(l, true), e));
  }
  out->source = JIAODU_TRY(toml_util::Str(rep, *t, "source", e));
  return Ok();
}

}  // namespace

Result<planning::PlanningParams> ParsePlanningParams(std::string_view text,
                                                     std::string_view file_name) {
  Reporter rep{std::string(file_name), std::string(kId)};
  toml::table root = JIAODU_TRY(toml_util::ParseToml(text, std::string(file_name)));
  JIAODU_TRY_STATUS(
      KnownKeys(rep, root, "文件顶层",
                {"planning", "school_system", "class_size", "staffing", "forecast", "capacity"}));
  planning::PlanningParams p;
  const toml::table* head = JIAODU_TRY(Table(rep, root, "planning", "[planning]", true));
  JIAODU_TRY_STATUS(KnownKeys(rep, *head, "[planning]", {"id", "title", "title_en", "note"}));
  p.id = JIAODU_TRY(toml_util::Str(rep, *head, "id", "[planning]"));
  p.title = JIAODU_TRY(toml_util::Txt(rep, *head, "title", "[planning]"));
  p.note = JIAODU_TRY(toml_util::Str(rep, *head, "note", "[planning]", false));
  JIAODU_TRY_STATUS(ParseSchoolSystem(rep, root, &p.system));
  JIAODU_TRY_STATUS(ParseClassSize(rep, root, &p.class_size));
  JIAODU_TRY_STATUS(ParseStaffing(rep, root, &p.staffing));
  JIAODU_TRY_STATUS(ParseForecast(rep, root, &p.forecast));
  JIAODU_TRY_STATUS(ParseCapacity(rep, root, &p.capacity));
  if (auto valid = p.Validate(); !valid) {
    Error e = valid.error();
    e.where.file = std::string(file_name);
    e.context.push_back(Text(fmt::format("读取规划参数文件 {} 时", file_name),
                             fmt::format("while reading planning file {}", file_name)));
    return Fail(std::move(e));
  }
  return p;
}

Result<planning::PlanningParams> LoadPlanningParams(const std::filesystem::path& path) {
  std::string text = JIAODU_TRY(toml_util::ReadFile(path));
  return ParsePlanningParams(text, path.filename().string());
}

const planning::PlanningParams* PlanningLibrary::Find(std::string_view id) const {
  for (const auto& s : sets) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Result<PlanningLibrary> LoadPlanningLibrary(const std::filesystem::path& data_dir) {
  PlanningLibrary lib;
  const auto dir = data_dir / "planning";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return lib;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::set<std::string> ids;
  for (const auto& f : files) {
    auto p = JIAODU_TRY(LoadPlanningParams(f));
    if (!ids.insert(p.id).second) {
      Error e{ErrorCode::kConflict,
              "planning_file.duplicate",
              Text(fmt::format("规划参数 id“{}”在两个文件中出现", p.id),
                   fmt::format("planning id \"{}\" appears in two files", p.id)),
              {},
              {}};
      e.where.file = f.filename().string();
      return Fail(std::move(e));
    }
    lib.sets.push_back(std::move(p));
  }
  std::sort(lib.sets.begin(), lib.sets.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return lib;
}

}  // namespace jiaodu
