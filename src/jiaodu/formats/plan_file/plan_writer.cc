// WritePlanToml: a plans::Plan as the TOML of docs/plans.md, the inverse of
// ParsePlan (plan_file.cc). Only keys that differ from ParsePlan's defaults
// are written, in the order the demo plan file uses, so that a plan built
// from an xlsx table reads like one written by hand.
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <string>

#include "jiaodu/formats/plan_file/plan_file.h"

namespace jiaodu {
namespace {

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
        } else {
          out.push_back(ch);
        }
    }
  }
  out += '"';
  return out;
}

// The shortest text that reads back as the same double ("50.15", "2.34",
// "90"); TOML's spellings for the non-finite values.
std::string Num(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);
}

// A bare key when TOML allows one (county codes are digits, still bare).
std::string Key(std::string_view k) {
  bool bare = !k.empty();
  for (char c : k) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) bare = false;
  }
  return bare ? std::string(k) : Quote(k);
}

void Line(std::string& out, std::string_view key, std::string_view value) {
  out += fmt::format("{} = {}\n", key, value);
}

void Str(std::string& out, std::string_view key, std::string_view value, bool always = false) {
  if (always || !value.empty()) Line(out, key, Quote(value));
}

// "name" and, when it differs, "name_en".
void Txt(std::string& out, std::string_view key, const Text& t, bool always = false) {
  Str(out, key, t.zh, always);
  if (!t.en.empty() && t.en != t.zh) Str(out, fmt::format("{}_en", key), t.en);
}

void WriteIndicator(std::string& out, const plans::Indicator& ind) {
  out += "\n[[indicators]]\n";
  Str(out, "id", ind.id, true);
  Str(out, "group", ind.group);
  Txt(out, "name", ind.name, true);
  Str(out, "unit", ind.unit);
  Str(out, "attribute", plans::AttributeName(ind.attribute), true);
  Str(out, "comparison", plans::ComparisonSymbol(ind.comparison), true);
  // ParsePlan: higher_better = better != "lower" && comparison != ≤.
  const bool implied = ind.comparison != plans::Comparison::kAtMost;
  if (ind.higher_better != implied) Str(out, "better", ind.higher_better ? "higher" : "lower");
  if (ind.baseline_year && ind.baseline) {
    Line(out, "baseline", fmt::format("[{}, {}]", *ind.baseline_year, Num(*ind.baseline)));
  }
  if (!ind.milestones.empty()) {
    std::string ms;
    for (const plans::Milestone& m : ind.milestones) {
      if (!ms.empty()) ms += ", ";
      ms += fmt::format("[{}, {}]", m.year, Num(m.value));
    }
    Line(out, "milestones", fmt::format("[{}]", ms));
  }
  Line(out, "target", fmt::format("[{}, {}]", ind.target_year, Num(ind.target)));
  Line(out, "decimals", std::to_string(ind.decimals));
  if (ind.level == plans::Level::kCounties) Str(out, "level", "counties");
  Str(out, "rollup", ind.rollup);
  Str(out, "weight", ind.weight);
  Str(out, "note", ind.note);
  if (!ind.county_targets.empty()) {
    out += "[indicators.county_targets]\n";
    for (const auto& [code, v] : ind.county_targets) Line(out, Key(code), Num(v));
  }
  if (ind.source.kind == plans::Source::Kind::kFormula) {
    const plans::Source& s = ind.source;
    out += "[indicators.source]\n";
    Str(out, "catalog", s.catalog);
    Str(out, "members", s.members);
    Str(out, "where", s.where);
    Str(out, "value", s.value);
    Str(out, "numerator", s.numerator);
    Str(out, "denominator", s.denominator);
    if (s.scale != 1) Line(out, "scale", Num(s.scale));
    Txt(out, "gap_unit", s.gap_unit);
  }
}

}  // namespace

std::string WritePlanToml(const plans::Plan& plan, std::string_view header_comment) {
  std::string out;
  size_t start = 0;
  while (!header_comment.empty() && start <= header_comment.size()) {
    size_t end = header_comment.find('\n', start);
    if (end == std::string_view::npos) end = header_comment.size();
    out += fmt::format("# {}\n", header_comment.substr(start, end - start));
    start = end + 1;
  }
  if (!out.empty()) out += "\n";
  out += "[plan]\n";
  Str(out, "id", plan.id, true);
  Txt(out, "name", plan.name, true);
  Str(out, "issuer", plan.issuer);
  Str(out, "doc_number", plan.doc_number);
  Str(out, "area", plan.area, true);
  Line(out, "period", fmt::format("[{}, {}]", plan.start_year, plan.end_year));
  Str(out, "source", plan.source);
  for (const plans::Indicator& ind : plan.indicators) WriteIndicator(out, ind);
  return out;
}

}  // namespace jiaodu
