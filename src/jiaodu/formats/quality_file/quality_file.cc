#include "jiaodu/formats/quality_file/quality_file.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "jiaodu/formats/standard_file/toml_util.h"

namespace jiaodu {
namespace {

using toml_util::Reporter;

constexpr std::string_view kInvalid = "quality_file.invalid";

const toml::array* ArrayOf(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  return n != nullptr ? n->as_array() : nullptr;
}

// The tables of an array: [[subjects]], or levels = [ { … }, … ]; a missing
// key is an empty list (the domain's checks say what is lacking).
Result<std::vector<const toml::table*>> Tables(const Reporter& rep, const toml::table& parent,
                                               std::string_view key, std::string_view entry,
                                               std::string_view example) {
  std::vector<const toml::table*> out;
  const toml::node* n = parent.get(key);
  if (n == nullptr) return out;
  const toml::array* a = n->as_array();
  if (a == nullptr) {
    return Fail(rep.At(n, fmt::format("{}.{}", entry, key), fmt::format("应写作 {}", example),
                       fmt::format("must be written {}", example)));
  }
  for (const toml::node& e : *a) {
    const toml::table* t = e.as_table();
    if (t == nullptr) {
      return Fail(rep.At(&e, fmt::format("{}.{}", entry, key),
                         fmt::format("每一项应写作 {}", example),
                         fmt::format("each item is written {}", example)));
    }
    out.push_back(t);
  }
  return out;
}

Result<double> RequiredNum(const Reporter& rep, const toml::table& t, std::string_view key,
                           std::string_view entry) {
  auto v = JIAODU_TRY(toml_util::Num(rep, t, key, entry));
  if (!v) {
    return Fail(
        rep.At(&t, entry, fmt::format("缺少“{}”", key), fmt::format("missing \"{}\"", key)));
  }
  return *v;
}

// The domain's own check failed: keep its id and message, name the file.
Error InFile(Error e, std::string_view file) {
  e.where.file = std::string(file);
  return e;
}

// "higher" / "lower" (or 高/低): which way is better.
Result<bool> HigherIsBetter(const Reporter& rep, const toml::table& t, std::string_view entry) {
  const toml::node* n = t.get("better");
  if (n == nullptr) return true;
  auto s = n->value<std::string>();
  if (s && (*s == "higher" || *s == "高")) return true;
  if (s && (*s == "lower" || *s == "低")) return false;
  return Fail(rep.At(n, fmt::format("{}.better", entry), "应为 higher 或 lower",
                     "must be higher or lower"));
}

Result<toml::table> Root(std::string_view text, std::string_view file) {
  return toml_util::ParseToml(text, std::string(file));
}

// The file's top table ([cut_scores], …); its absence names it.
Result<const toml::table*> Head(const Reporter& rep, const toml::table& root,
                                std::string_view key) {
  const toml::table* t = root[key].as_table();
  if (t == nullptr) {
    const std::string entry = fmt::format("[{}]", key);
    return Fail(rep.At(&root, entry, "缺少 " + entry, "missing " + entry));
  }
  return t;
}

// A rate written as a ratio (0.15) or as a percentage string ("15%").
Result<double> RateOf(const Reporter& rep, const toml::node& n, std::string_view entry) {
  if (auto s = n.value<std::string>()) {
    auto r = quality::ParseRate(*s, false);
    if (!r) return Fail(rep.Wrap(&n, entry, r.error()));
    return *r;
  }
  if (auto d = n.value<double>(); d && *d > 0 && *d <= 1) return *d;
  return Fail(rep.At(&n, entry, "应为 0–1 之间的比率（如 0.15）或百分数字符串（如 \"15%\"）",
                     "must be a ratio within 0–1 (0.15) or a percentage string (\"15%\")"));
}

using quality::MissingPolicy;

// missing = "zero" (scored 0, listed) or "unranked" (the school is not ranked).
Result<MissingPolicy> MissingOf(const Reporter& rep, const toml::table& t, std::string_view entry,
                                MissingPolicy dflt) {
  const toml::node* n = t.get("missing");
  if (n == nullptr) return dflt;
  auto s = n->value<std::string>();
  if (s && *s == "zero") return MissingPolicy::kZero;
  if (s && *s == "unranked") return MissingPolicy::kUnranked;
  return Fail(rep.At(n, fmt::format("{}.missing", entry),
                     "应为 zero（按 0 分计）或 unranked（不参加排名）",
                     "must be zero (scored 0) or unranked (not ranked)"));
}

// sections = ["高中"]: a list of strings (absent: empty).
Result<std::vector<std::string>> Strings(const Reporter& rep, const toml::table& t,
                                         std::string_view key, std::string_view entry) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (n == nullptr) return out;
  const toml::array* a = n->as_array();
  for (size_t i = 0; a != nullptr && i < a->size(); ++i) {
    auto v = (*a)[i].value<std::string>();
    if (!v) break;
    out.push_back(*v);
  }
  if (a == nullptr || out.size() != a->size()) {
    return Fail(rep.At(n, fmt::format("{}.{}", entry, key), "应为字符串列表（如 [\"高中\"]）",
                       "must be a list of strings ([\"高中\"])"));
  }
  return out;
}

}  // namespace

Result<quality::CutScoreSet> ParseCutScoreSet(std::string_view text, std::string_view file) {
  const Reporter rep{std::string(file), std::string(kInvalid)};
  const toml::table root = JIAODU_TRY(Root(text, file));
  const toml::table* head = JIAODU_TRY(Head(rep, root, "cut_scores"));
  quality::CutScoreSetSpec spec;
  spec.id = JIAODU_TRY(toml_util::Str(rep, *head, "id", "[cut_scores]"));
  spec.title = JIAODU_TRY(toml_util::Txt(rep, *head, "title", "[cut_scores]"));
  spec.test = JIAODU_TRY(toml_util::Str(rep, *head, "test", "[cut_scores]", false));
  spec.example = JIAODU_TRY(toml_util::Bool(rep, *head, "example", "[cut_scores]"));
  spec.source = JIAODU_TRY(toml_util::Str(rep, *head, "source", "[cut_scores]", false));
  for (const toml::table* t : JIAODU_TRY(Tables(rep, root, "subjects", "", "[[subjects]]"))) {
    quality::SubjectCutsSpec s;
    s.subject = JIAODU_TRY(toml_util::Str(rep, *t, "subject", "[[subjects]]"));
    s.grade = JIAODU_TRY(toml_util::Str(rep, *t, "grade", "[[subjects]]", false));
    const std::string entry =
        fmt::format("[[subjects]] {}{}", s.subject, s.grade.empty() ? "" : " " + s.grade);
    s.full_marks = JIAODU_TRY(RequiredNum(rep, *t, "full_marks", entry));
    s.pass = JIAODU_TRY(toml_util::Str(rep, *t, "pass", entry));
    s.excellent = JIAODU_TRY(toml_util::Str(rep, *t, "excellent", entry));
    for (const toml::table* lt :
         JIAODU_TRY(Tables(rep, *t, "levels", entry, "{ name = \"优秀\", min = 102 }"))) {
      quality::CutLevel level;
      level.name = JIAODU_TRY(toml_util::Str(rep, *lt, "name", entry));
      auto min =
          JIAODU_TRY(toml_util::Num(rep, *lt, "min", fmt::format("{} {}", entry, level.name)));
      level.min = min;
      s.levels.push_back(std::move(level));
    }
    spec.subjects.push_back(std::move(s));
  }
  auto built = quality::CutScoreSet::Build(std::move(spec));
  if (!built) return Fail(InFile(built.error(), file));
  return std::move(*built);
}

Result<quality::NationalThresholds> ParseNationalThresholds(std::string_view text,
                                                            std::string_view file) {
  const Reporter rep{std::string(file), std::string(kInvalid)};
  const toml::table root = JIAODU_TRY(Root(text, file));
  const toml::table* t = JIAODU_TRY(Head(rep, root, "national_check"));
  constexpr std::string_view kEntry = "[national_check]";
  quality::NationalThresholds out;
  out.id = JIAODU_TRY(toml_util::Str(rep, *t, "id", kEntry));
  // The level as a number or as the report writes it ("Ⅲ").
  const toml::node* level = t->get("min_level");
  if (level == nullptr) return Fail(rep.At(t, kEntry, "缺少“min_level”", "missing \"min_level\""));
  if (auto i = level->value_exact<int64_t>()) {
    out.min_level = static_cast<int>(*i);
  } else if (auto s = level->value<std::string>()) {
    auto l = quality::ParseLevel(*s);
    if (!l) return Fail(rep.Wrap(level, "[national_check].min_level", l.error()));
    out.min_level = *l;
  }
  if (out.min_level < 1 || out.min_level > 4) {
    return Fail(
        rep.At(level, "[national_check].min_level", "应为 1–4 或 Ⅰ–Ⅳ", "must be 1–4 or Ⅰ–Ⅳ"));
  }
  // The rate as a ratio, or as a percentage string ("15%").
  const toml::node* rate = t->get("max_diff_rate");
  if (rate == nullptr) {
    return Fail(rep.At(t, kEntry, "缺少“max_diff_rate”", "missing \"max_diff_rate\""));
  }
  out.max_diff_rate = JIAODU_TRY(RateOf(rep, *rate, "[national_check].max_diff_rate"));
  out.rate_strict = true;
  if (t->get("rate_strict") != nullptr) {
    out.rate_strict = JIAODU_TRY(toml_util::Bool(rep, *t, "rate_strict", kEntry));
  }
  out.window_years = JIAODU_TRY(toml_util::Int(rep, *t, "window_years", kEntry, 0));
  if (out.window_years < 1) {
    return Fail(rep.At(t, kEntry, "window_years（计入的监测年数）应至少为 1",
                       "window_years must be at least 1"));
  }
  if (const toml::array* subjects = ArrayOf(*t, "subjects")) {
    for (const toml::node& n : *subjects) {
      auto s = n.value<std::string>();
      if (!s) return Fail(rep.At(&n, "[national_check].subjects", "应为字符串", "must be strings"));
      out.subjects.push_back(*s);
    }
  }
  out.source = JIAODU_TRY(toml_util::Str(rep, *t, "source", kEntry));
  return out;
}

Result<quality::HsScheme> ParseHsScheme(std::string_view text, std::string_view file) {
  const Reporter rep{std::string(file), std::string(kInvalid)};
  const toml::table root = JIAODU_TRY(Root(text, file));
  const toml::table* head = JIAODU_TRY(Head(rep, root, "hs_scheme"));
  constexpr std::string_view kEntry = "[hs_scheme]";
  quality::HsSchemeSpec spec;
  spec.id = JIAODU_TRY(toml_util::Str(rep, *head, "id", kEntry));
  spec.title = JIAODU_TRY(toml_util::Txt(rep, *head, "title", kEntry));
  spec.issuer = JIAODU_TRY(toml_util::Str(rep, *head, "issuer", kEntry, false));
  spec.example = JIAODU_TRY(toml_util::Bool(rep, *head, "example", kEntry));
  spec.source = JIAODU_TRY(toml_util::Str(rep, *head, "source", kEntry, false));
  spec.decimals = JIAODU_TRY(toml_util::Int(rep, *head, "decimals", kEntry, 2));
  spec.family = JIAODU_TRY(toml_util::Str(rep, *head, "family", kEntry, false));
  spec.tie_break = JIAODU_TRY(toml_util::Str(rep, *head, "tie_break", kEntry, false));
  spec.declared_total = JIAODU_TRY(toml_util::Num(rep, *head, "total_points", kEntry));
  spec.sections = JIAODU_TRY(Strings(rep, *head, "sections", kEntry));
  const MissingPolicy missing = JIAODU_TRY(MissingOf(rep, *head, kEntry, MissingPolicy::kZero));
  // [hs_scheme.bottom]: count = N, or share = 0.1 / "10%".
  const toml::table* bottom = (*head)["bottom"].as_table();
  constexpr std::string_view kBottom = "[hs_scheme.bottom]";
  if (bottom == nullptr) {
    return Fail(rep.At(head, kBottom, "缺少 [hs_scheme.bottom]（排名靠后的范围：count 或 share）",
                       "missing [hs_scheme.bottom] (count or share)"));
  }
  const toml::node* count = bottom->get("count");
  const toml::node* share = bottom->get("share");
  if ((count == nullptr) == (share == nullptr)) {
    return Fail(rep.At(bottom, kBottom, "count（所数）与 share（比例）应二选一",
                       "give either count or share"));
  }
  if (count != nullptr) {
    auto c = count->value_exact<int64_t>();
    if (!c || *c < 1) {
      return Fail(rep.At(count, "[hs_scheme.bottom].count", "应为至少 1 的整数",
                         "must be a whole number ≥ 1"));
    }
    spec.bottom = {quality::BottomRule::Kind::kCount, static_cast<double>(*c)};
  } else {
    const double v = JIAODU_TRY(RateOf(rep, *share, "[hs_scheme.bottom].share"));
    spec.bottom = {quality::BottomRule::Kind::kShare, v};
  }
  for (const toml::table* t : JIAODU_TRY(Tables(rep, root, "indicators", "", "[[indicators]]"))) {
    quality::HsIndicator ind;
    ind.id = JIAODU_TRY(toml_util::Str(rep, *t, "id", "[[indicators]]"));
    const std::string entry = fmt::format("[[indicators]] {}", ind.id);
    ind.name = JIAODU_TRY(toml_util::Txt(rep, *t, "name", entry));
    ind.points = JIAODU_TRY(RequiredNum(rep, *t, "points", entry));
    ind.source = JIAODU_TRY(toml_util::Str(rep, *t, "source", entry, false));
    if (ind.source.empty()) ind.source = "input";
    ind.unit = JIAODU_TRY(toml_util::Str(rep, *t, "unit", entry, false));
    ind.note = JIAODU_TRY(toml_util::Str(rep, *t, "note", entry, false));
    ind.area = JIAODU_TRY(toml_util::Str(rep, *t, "area", entry, false));
    ind.missing = JIAODU_TRY(MissingOf(rep, *t, entry, missing));
    ind.min = JIAODU_TRY(toml_util::Num(rep, *t, "min", entry));
    ind.max = JIAODU_TRY(toml_util::Num(rep, *t, "max", entry));
    const std::string rule = JIAODU_TRY(toml_util::Str(rep, *t, "rule", entry));
    ind.rule.higher_is_better = JIAODU_TRY(HigherIsBetter(rep, *t, entry));
    if (rule == "linear") {
      ind.rule.kind = quality::RuleKind::kLinear;
      ind.rule.worst = JIAODU_TRY(RequiredNum(rep, *t, "worst", entry));
      ind.rule.best = JIAODU_TRY(RequiredNum(rep, *t, "best", entry));
    } else if (rule == "banded") {
      ind.rule.kind = quality::RuleKind::kBanded;
      for (const toml::table* bt :
           JIAODU_TRY(Tables(rep, *t, "bands", entry, "{ at = 0.95, points = 10 }"))) {
        quality::Band band;
        band.at = JIAODU_TRY(RequiredNum(rep, *bt, "at", entry));
        band.points = JIAODU_TRY(RequiredNum(rep, *bt, "points", entry));
        ind.rule.bands.push_back(band);
      }
    } else if (rule == "rank") {
      ind.rule.kind = quality::RuleKind::kRank;
    } else if (rule == "expert") {
      ind.rule.kind = quality::RuleKind::kExpert;
    } else {
      return Fail(rep.At(t->get("rule"), entry + ".rule", "应为 linear、banded、rank 或 expert",
                         "must be linear, banded, rank or expert"));
    }
    spec.indicators.push_back(std::move(ind));
  }
  auto built = quality::HsScheme::Build(std::move(spec));
  if (!built) return Fail(InFile(built.error(), file));
  return std::move(*built);
}

const quality::CutScoreSet* QualityLibrary::FindCuts(std::string_view id) const {
  for (const auto& c : cut_sets) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

const quality::NationalThresholds* QualityLibrary::FindNational(std::string_view id) const {
  for (const auto& n : national) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

const quality::HsScheme* QualityLibrary::FindScheme(std::string_view id) const {
  for (const auto& s : schemes) {
    if (s.spec().id == id) return &s;
  }
  return nullptr;
}

Result<QualityLibrary> LoadQualityLibrary(const std::filesystem::path& data_dir) {
  QualityLibrary lib;
  const std::filesystem::path dir = data_dir / "quality";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return lib;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::set<std::string> ids;
  for (const auto& path : files) {
    const std::string text = JIAODU_TRY(toml_util::ReadFile(path));
    const std::string name = path.filename().string();
    const toml::table root = JIAODU_TRY(Root(text, name));
    std::string id;
    if (root.contains("cut_scores")) {
      lib.cut_sets.push_back(JIAODU_TRY(ParseCutScoreSet(text, name)));
      id = lib.cut_sets.back().id();
      lib.cut_texts[id] = text;
    } else if (root.contains("national_check")) {
      lib.national.push_back(JIAODU_TRY(ParseNationalThresholds(text, name)));
      id = lib.national.back().id;
    } else if (root.contains("hs_scheme")) {
      lib.schemes.push_back(JIAODU_TRY(ParseHsScheme(text, name)));
      id = lib.schemes.back().spec().id;
    } else {
      const Reporter rep{name, std::string(kInvalid)};
      return Fail(rep.At(
          &root, name, "不是质量监测数据文件（应有 [cut_scores]、[national_check] 或 [hs_scheme]）",
          "not a quality data file ([cut_scores], [national_check] or [hs_scheme])"));
    }
    if (!ids.insert(id).second) {
      Error e{ErrorCode::kConflict,
              "quality_file.duplicate",
              Text(fmt::format("编号“{}”在 data/quality 中出现了两次（{}）", id, name),
                   fmt::format("id \"{}\" is used twice in data/quality ({})", id, name)),
              {},
              {}};
      e.where.file = name;
      return Fail(std::move(e));
    }
  }
  return lib;
}

}  // namespace jiaodu
