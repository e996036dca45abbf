#include "jiaodu/domain/quality/cut_scores.h"

#include <fmt/format.h>

#include <set>
#include <utility>

#include "jiaodu/core/number.h"

namespace jiaodu::quality {
namespace {

Error Bad(std::string id, std::string zh, std::string en) {
  return Error{ErrorCode::kInvalidInput, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
}

std::string Label(const SubjectCutsSpec& s) {
  return s.grade.empty() ? s.subject : fmt::format("{}（{}）", s.subject, s.grade);
}

Result<size_t> LevelIndex(const SubjectCutsSpec& s, const std::string& name, std::string_view key) {
  for (size_t i = 0; i < s.levels.size(); ++i) {
    if (s.levels[i].name == name) return i;
  }
  return Fail(
      Bad("quality.cuts_unknown_level",
          fmt::format("{}：{} = “{}”不是本科目的等级", Label(s), key, name),
          fmt::format("{}: {} = \"{}\" is not one of the subject's levels", Label(s), key, name)));
}

Result<SubjectCuts> BuildSubject(SubjectCutsSpec s) {
  const std::string label = Label(s);
  if (s.subject.empty()) {
    return Fail(Bad("quality.cuts_empty", "科目名称为空", "a subject has no name"));
  }
  if (s.levels.size() < 2) {
    return Fail(Bad("quality.cuts_empty", fmt::format("{}：至少需要两个等级", label),
                    fmt::format("{}: at least two levels are needed", label)));
  }
  if (!(s.full_marks > 0)) {
    return Fail(Bad("quality.cuts_order", fmt::format("{}：满分应大于 0", label),
                    fmt::format("{}: full marks must be above 0", label)));
  }
  std::set<std::string> names;
  for (size_t i = 0; i < s.levels.size(); ++i) {
    CutLevel& l = s.levels[i];
    if (l.name.empty() || !names.insert(l.name).second) {
      return Fail(Bad("quality.cuts_duplicate",
                      fmt::format("{}：等级名称“{}”为空或重复", label, l.name),
                      fmt::format("{}: level name \"{}\" is empty or repeated", label, l.name)));
    }
    const bool last = i + 1 == s.levels.size();
    if (last) {
      // The last level takes every score below the cut above it; a cut of
      // 0 written for it says the same.
      if (l.min && *l.min != 0) {
        return Fail(
            Bad("quality.cuts_order",
                fmt::format("{}：最低等级“{}”不应有分数线（它包括其余所有分数）", label, l.name),
                fmt::format("{}: the lowest level \"{}\" takes every other score and has "
                            "no cut",
                            label, l.name)));
      }
      l.min.reset();
      continue;
    }
    if (!l.min) {
      return Fail(Bad("quality.cuts_order", fmt::format("{}：等级“{}”缺少分数线", label, l.name),
                      fmt::format("{}: level \"{}\" has no cut", label, l.name)));
    }
    if (*l.min <= 0 || *l.min > s.full_marks) {
      return Fail(Bad("quality.cuts_order",
                      fmt::format("{}：等级“{}”的分数线 {} 不在 0–{}（满分）之内", label, l.name,
                                  *l.min, s.full_marks),
                      fmt::format("{}: the cut {} of \"{}\" is not within 0–{} (full marks)", label,
                                  *l.min, l.name, s.full_marks)));
    }
    if (i > 0 && !(*l.min < *s.levels[i - 1].min)) {
      return Fail(
          Bad("quality.cuts_order",
              fmt::format("{}：分数线应从高到低排列（“{}”{} 不低于“{}”{}）", label, l.name, *l.min,
                          s.levels[i - 1].name, *s.levels[i - 1].min),
              fmt::format("{}: cuts must run from the highest down (\"{}\" {} is not "
                          "below \"{}\" {})",
                          label, l.name, *l.min, s.levels[i - 1].name, *s.levels[i - 1].min)));
    }
  }
  SubjectCuts out;
  out.pass_level = JIAODU_TRY(LevelIndex(s, s.pass, "pass"));
  out.excellent_level = JIAODU_TRY(LevelIndex(s, s.excellent, "excellent"));
  if (out.excellent_level > out.pass_level) {
    return Fail(Bad("quality.cuts_unknown_level",
                    fmt::format("{}：优秀等级“{}”低于合格等级“{}”", label, s.excellent, s.pass),
                    fmt::format("{}: the excellent level \"{}\" is below the pass level \"{}\"",
                                label, s.excellent, s.pass)));
  }
  out.subject = std::move(s.subject);
  out.grade = std::move(s.grade);
  out.full_marks = s.full_marks;
  out.levels = std::move(s.levels);
  return out;
}

}  // namespace

size_t SubjectCuts::LevelOf(double score) const {
  for (size_t i = 0; i + 1 < levels.size(); ++i) {
    if (GreaterOrEqual(score, *levels[i].min)) return i;
  }
  return levels.size() - 1;
}

Result<CutScoreSet> CutScoreSet::Build(CutScoreSetSpec spec) {
  if (spec.subjects.empty()) {
    return Fail(Bad("quality.cuts_empty", fmt::format("分数线“{}”没有任何科目", spec.id),
                    fmt::format("cut-score set \"{}\" has no subject", spec.id)));
  }
  CutScoreSet set;
  std::set<std::pair<std::string, std::string>> seen;
  for (SubjectCutsSpec& s : spec.subjects) {
    if (!seen.emplace(s.subject, s.grade).second) {
      return Fail(Bad("quality.cuts_duplicate", fmt::format("{} 的分数线出现了两次", Label(s)),
                      fmt::format("the cuts of {} are given twice", Label(s))));
    }
    set.subjects_.push_back(JIAODU_TRY(BuildSubject(std::move(s))));
  }
  set.id_ = std::move(spec.id);
  set.title_ = std::move(spec.title);
  set.test_ = std::move(spec.test);
  set.example_ = spec.example;
  set.source_ = std::move(spec.source);
  return set;
}

const SubjectCuts* CutScoreSet::Find(std::string_view subject, std::string_view grade) const {
  const SubjectCuts* any_grade = nullptr;
  for (const SubjectCuts& s : subjects_) {
    if (s.subject != subject) continue;
    if (!grade.empty() && s.grade == grade) return &s;
    if (s.grade.empty()) any_grade = &s;
  }
  return any_grade;
}

}  // namespace jiaodu::quality
