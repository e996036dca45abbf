#include "jiaodu/formats/plan_file/plan_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "jiaodu/core/text.h"
#include "jiaodu/formats/standard_file/toml_util.h"

namespace jiaodu {

using plans::Indicator;
using plans::Plan;
using toml_util::Reporter;

namespace {

// [year, value] pairs: baseline = [2020, 50.15].
Result<std::optional<std::pair<int, double>>> YearValue(const Reporter& rep, const toml::table& t,
                                                        std::string_view key,
                                                        std::string_view entry) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  const toml::array* a = n->as_array();
  if (a == nullptr || a->size() != 2 || !(*a)[0].is_integer() || !(*a)[1].is_number()) {
    return Fail(rep.At(n, entry, fmt::format("{} 应写成 [年份, 数值]，如 [2020, 50.15]", key),
                       fmt::format("{} must be [year, value], e.g. [2020, 50.15]", key)));
  }
  return std::make_pair(static_cast<int>(*(*a)[0].value<int64_t>()), *(*a)[1].value<double>());
}

// An [indicators.source] block (also the library's [indicator.source]).
Result<plans::Source> ReadSource(const Reporter& rep, const toml::table& s,
                                 std::string_view entry) {
  plans::Source src;
  src.kind = plans::Source::Kind::kFormula;
  src.catalog = JIAODU_TRY(toml_util::Str(rep, s, "catalog", entry, false));
  src.members = JIAODU_TRY(toml_util::Str(rep, s, "members", entry, false));
  src.where = JIAODU_TRY(toml_util::Str(rep, s, "where", entry, false));
  src.value = JIAODU_TRY(toml_util::Str(rep, s, "value", entry, false));
  src.numerator = JIAODU_TRY(toml_util::Str(rep, s, "numerator", entry, false));
  src.denominator = JIAODU_TRY(toml_util::Str(rep, s, "denominator", entry, false));
  src.scale = JIAODU_TRY(toml_util::Num(rep, s, "scale", entry)).value_or(1.0);
  src.gap_unit = JIAODU_TRY(toml_util::Txt(rep, s, "gap_unit", entry, false));
  return src;
}

Result<Indicator> ReadIndicator(const Reporter& rep, const toml::table& t, size_t index) {
  Indicator ind;
  std::string entry = fmt::format("indicators[{}]", index);
  ind.id = JIAODU_TRY(toml_util::Str(rep, t, "id", entry));
  entry = fmt::format("指标 {}", ind.id);
  ind.name = JIAODU_TRY(toml_util::Txt(rep, t, "name", entry));
  ind.unit = JIAODU_TRY(toml_util::Str(rep, t, "unit", entry, false));
  ind.group = JIAODU_TRY(toml_util::Str(rep, t, "group", entry, false));
  ind.note = JIAODU_TRY(toml_util::Str(rep, t, "note", entry, false));
  auto attr = plans::ParseAttribute(JIAODU_TRY(toml_util::Str(rep, t, "attribute", entry, false)));
  if (!attr) return Fail(rep.Wrap(t.get("attribute"), entry, attr.error()));
  ind.attribute = *attr;
  const std::string cmp = JIAODU_TRY(toml_util::Str(rep, t, "comparison", entry, false));
  auto c = plans::ParseComparison(cmp.empty() ? "≥" : cmp);
  if (!c) return Fail(rep.Wrap(t.get("comparison"), entry, c.error()));
  ind.comparison = *c;
  const std::string better = JIAODU_TRY(toml_util::Str(rep, t, "better", entry, false));
  if (!better.empty() && better != "higher" && better != "lower") {
    return Fail(rep.At(t.get("better"), entry, "better 应为 higher 或 lower",
                       "better must be higher or lower"));
  }
  ind.higher_better = better != "lower" && ind.comparison != plans::Comparison::kAtMost;
  ind.decimals = JIAODU_TRY(toml_util::Int(rep, t, "decimals", entry, 2));
  if (auto b = JIAODU_TRY(YearValue(rep, t, "baseline", entry))) {
    ind.baseline_year = b->first;
    ind.baseline = b->second;
  }
  auto target = JIAODU_TRY(YearValue(rep, t, "target", entry));
  if (!target) {
    return Fail(
        rep.At(&t, entry, "缺少 target = [目标年份, 目标值]", "target = [year, value] is missing"));
  }
  ind.target_year = target->first;
  ind.target = target->second;
  if (const toml::array* ms = t["milestones"].as_array()) {
    for (const toml::node& m : *ms) {
      const toml::array* a = m.as_array();
      if (a == nullptr || a->size() != 2 || !(*a)[0].is_integer() || !(*a)[1].is_number()) {
        return Fail(rep.At(&m, entry, "milestones 应写成 [[年份, 数值], ...]",
                           "milestones must be [[year, value], ...]"));
      }
      ind.milestones.push_back(
          {static_cast<int>(*(*a)[0].value<int64_t>()), *(*a)[1].value<double>()});
    }
  }
  const std::string level = JIAODU_TRY(toml_util::Str(rep, t, "level", entry, false));
  if (level == "counties") {
    ind.level = plans::Level::kCounties;
  } else if (!level.empty() && level != "area") {
    return Fail(rep.At(t.get("level"), entry, "level 应为 area 或 counties",
                       "level must be area or counties"));
  }
  if (const toml::table* ct = t["county_targets"].as_table()) {
    for (const auto& [code, v] : *ct) {
      if (!v.is_number()) {
        return Fail(rep.At(&v, entry, fmt::format("县 {} 的目标值应为数字", code.str()),
                           fmt::format("the target of county {} must be a number", code.str())));
      }
      ind.county_targets[std::string(code.str())] = *v.value<double>();
    }
  }
  ind.rollup = JIAODU_TRY(toml_util::Str(rep, t, "rollup", entry, false));
  ind.weight = JIAODU_TRY(toml_util::Str(rep, t, "weight", entry, false));

  if (const toml::table* s = t["source"].as_table()) {
    ind.source = JIAODU_TRY(ReadSource(rep, *s, entry));
  }
  return ind;
}

}  // namespace

Result<std::shared_ptr<const Plan>> ParsePlan(std::string_view toml_text,
                                              std::string_view file_name) {
  const std::string file(file_name);
  Reporter rep(file, "plan_file.invalid");
  toml::table root = JIAODU_TRY(toml_util::ParseToml(toml_text, file));
  const toml::table* head = root["plan"].as_table();
  if (head == nullptr) {
    return Fail(rep.At(nullptr, "[plan]", "缺少 [plan] 表（规划名称、文号、区域、规划期）",
                       "the [plan] table (name, document, area, period) is missing"));
  }
  auto plan = std::make_shared<Plan>();
  plan->id = JIAODU_TRY(toml_util::Str(rep, *head, "id", "[plan]"));
  plan->name = JIAODU_TRY(toml_util::Txt(rep, *head, "name", "[plan]"));
  plan->issuer = JIAODU_TRY(toml_util::Str(rep, *head, "issuer", "[plan]", false));
  plan->doc_number = JIAODU_TRY(toml_util::Str(rep, *head, "doc_number", "[plan]", false));
  plan->area = JIAODU_TRY(toml_util::Str(rep, *head, "area", "[plan]"));
  plan->source = JIAODU_TRY(toml_util::Str(rep, *head, "source", "[plan]", false));
  const toml::array* period = (*head)["period"].as_array();
  if (period == nullptr || period->size() != 2 || !(*period)[0].is_integer() ||
      !(*period)[1].is_integer()) {
    return Fail(rep.At(head, "[plan]", "period 应写成 [起始年份, 截止年份]，如 [2021, 2025]",
                       "period must be [start year, end year], e.g. [2021, 2025]"));
  }
  plan->start_year = static_cast<int>(*(*period)[0].value<int64_t>());
  plan->end_year = static_cast<int>(*(*period)[1].value<int64_t>());
  if (const toml::array* inds = root["indicators"].as_array()) {
    for (size_t i = 0; i < inds->size(); ++i) {
      const toml::table* t = (*inds)[i].as_table();
      if (t == nullptr) continue;
      plan->indicators.push_back(JIAODU_TRY(ReadIndicator(rep, *t, i)));
    }
  }
  if (auto ok = plans::Validate(*plan); !ok) {
    Error e = ok.error();
    e.where.file = file;
    return Fail(std::move(e));
  }
  return std::shared_ptr<const Plan>(std::move(plan));
}

Result<std::shared_ptr<const Plan>> LoadPlanFile(const std::filesystem::path& path) {
  std::string text = JIAODU_TRY(toml_util::ReadFile(path));
  return ParsePlan(text, path.filename().string());
}

Result<std::vector<std::shared_ptr<const Plan>>> LoadPlanDir(const std::filesystem::path& dir) {
  std::vector<std::shared_ptr<const Plan>> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) out.push_back(JIAODU_TRY(LoadPlanFile(f)));
  return out;
}

// ---------------------------------------------------------------------------
// The indicator library

namespace {

bool IsBlank(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Decodes UTF-8 into code points (invalid bytes pass as themselves).
std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    if (i + len > s.size()) len = 1;
    char32_t c = len == 1 ? b : b & (0x7Fu >> len);
    for (size_t k = 1; k < len; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    }
    out.push_back(c);
    i += len;
  }
  return out;
}

std::string Encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

bool IsNumeral(char32_t c) {
  static const std::u32string_view kHan = U"一二三四五六七八九十";
  return (c >= '0' && c <= '9') || kHan.find(c) != std::u32string_view::npos;
}

}  // namespace

std::string NormalizeIndicatorName(std::string_view name) {
  // ①–⑳ (U+2460–U+2473) would fold to plain digits: drop them first.
  name = Trim(name);
  if (name.size() >= 3 && static_cast<unsigned char>(name[0]) == 0xE2 &&
      static_cast<unsigned char>(name[1]) == 0x91 && static_cast<unsigned char>(name[2]) >= 0xA0 &&
      static_cast<unsigned char>(name[2]) <= 0xB3) {
    name.remove_prefix(3);
  }
  std::u32string s;
  for (char32_t c : Decode(NormalizeWidth(name))) {
    if (!IsBlank(c) && c != U'\u3000') s.push_back(c);
  }
  // A leading number: "1." "1、" "(一)" "一、" "①".
  size_t i = 0;
  if (!s.empty() && s[0] == '(') {
    size_t k = 1;
    while (k < s.size() && IsNumeral(s[k])) ++k;
    if (k > 1 && k < s.size() && s[k] == ')') i = k + 1;
  } else if (!s.empty() && s[0] >= U'\u2460' && s[0] <= U'\u2473') {
    i = 1;
  } else {
    size_t k = 0;
    while (k < s.size() && IsNumeral(s[k])) ++k;
    if (k > 0 && k < s.size() && (s[k] == '.' || s[k] == U'、')) i = k + 1;
  }
  s.erase(0, i);
  // A trailing unit in brackets: "(%)", "(万个)".
  if (s.size() > 2 && s.back() == ')') {
    size_t open = s.rfind('(');
    if (open != std::u32string::npos && open > 0) s.erase(open);
  }
  return Encode(s);
}

const LibraryIndicator* IndicatorLibrary::FindId(std::string_view id) const {
  for (const LibraryIndicator& li : indicators) {
    if (li.id == id) return &li;
  }
  return nullptr;
}

const LibraryIndicator* IndicatorLibrary::FindName(std::string_view name) const {
  const std::string want = NormalizeIndicatorName(name);
  if (want.empty()) return nullptr;
  for (const LibraryIndicator& li : indicators) {
    if (NormalizeIndicatorName(li.name.zh) == want) return &li;
    for (const std::string& a : li.aliases) {
      if (NormalizeIndicatorName(a) == want) return &li;
    }
  }
  return nullptr;
}

Result<IndicatorLibrary> ParseIndicatorLibrary(std::string_view toml_text,
                                               std::string_view file_name) {
  const std::string file(file_name);
  Reporter rep(file, "plan_file.invalid");
  toml::table root = JIAODU_TRY(toml_util::ParseToml(toml_text, file));
  IndicatorLibrary lib;
  std::map<std::string, std::string> names;  // normalized name → entry id
  const toml::array* list = root["indicator"].as_array();
  if (list == nullptr) {
    return Fail(rep.At(nullptr, "[[indicator]]", "指标库中没有 [[indicator]] 条目",
                       "the library has no [[indicator]] entries"));
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const toml::table* t = (*list)[i].as_table();
    if (t == nullptr) continue;
    LibraryIndicator li;
    std::string entry = fmt::format("indicator[{}]", i);
    li.id = JIAODU_TRY(toml_util::Str(rep, *t, "id", entry));
    entry = fmt::format("指标库 {}", li.id);
    li.name = JIAODU_TRY(toml_util::Txt(rep, *t, "name", entry));
    li.unit = JIAODU_TRY(toml_util::Str(rep, *t, "unit", entry, false));
    li.note = JIAODU_TRY(toml_util::Str(rep, *t, "note", entry, false));
    li.decimals = JIAODU_TRY(toml_util::Int(rep, *t, "decimals", entry, 2));
    const std::string better = JIAODU_TRY(toml_util::Str(rep, *t, "better", entry, false));
    if (better == "higher" || better == "lower") {
      li.higher_better = better == "higher";
    } else if (!better.empty()) {
      return Fail(rep.At(t->get("better"), entry, "better 应为 higher 或 lower",
                         "better must be higher or lower"));
    }
    if (const toml::array* al = (*t)["aliases"].as_array()) {
      for (const toml::node& a : *al) {
        if (auto v = a.value<std::string>()) {
          li.aliases.push_back(*v);
        } else {
          return Fail(rep.At(&a, entry, "aliases 应为字符串列表", "aliases must be strings"));
        }
      }
    }
    const toml::table* s = (*t)["source"].as_table();
    if (s == nullptr) {
      return Fail(rep.At(t, entry, "缺少 [indicator.source]（计算公式）",
                         "[indicator.source] (the formula) is missing"));
    }
    li.source = JIAODU_TRY(ReadSource(rep, *s, entry));
    if (li.source.value.empty() && (li.source.numerator.empty() || li.source.denominator.empty())) {
      return Fail(rep.At(s, entry, "须给出 value 公式，或 numerator 与 denominator 公式",
                         "give a value formula, or numerator and denominator"));
    }
    std::vector<std::string> all{li.name.zh};
    all.insert(all.end(), li.aliases.begin(), li.aliases.end());
    for (const std::string& n : all) {
      auto [it, fresh] = names.emplace(NormalizeIndicatorName(n), li.id);
      if (!fresh || lib.FindId(li.id) != nullptr) {
        Error e{ErrorCode::kInvalidInput,
                "plan.library_duplicate",
                Text(fmt::format("指标库中“{}”重复（{} 与 {}）", n, it->second, li.id),
                     fmt::format("\"{}\" appears twice in the library ({} and {})", n, it->second,
                                 li.id)),
                {},
                {}};
        e.where.file = file;
        return Fail(std::move(e));
      }
    }
    lib.indicators.push_back(std::move(li));
  }
  return lib;
}

Result<IndicatorLibrary> LoadIndicatorLibrary(const std::filesystem::path& path) {
  std::string text = JIAODU_TRY(toml_util::ReadFile(path));
  return ParseIndicatorLibrary(text, path.filename().string());
}

}  // namespace jiaodu
