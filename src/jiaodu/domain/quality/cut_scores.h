// File: jiaodu/domain/quality/cut_scores.h
//
// Cut scores as data. A bureau's 抽测 reports each student's level (优秀 /
// 良好 / 合格 / 待合格, or whatever names it uses) from cut scores set per
// subject, and often per grade, for each test; the 合格率 and 优秀率 are the
// shares at or above two of those cuts. Nothing here is hard-coded: a set
// comes from a data file (data/quality/*.toml, loaded by
// formats/quality_file) and is checked once, when it is built.
//
// Decision Q2 (docs/quality.md): a score exactly on a cut gets the higher
// level ("85 分及以上为优秀"), compared with the project's 1e-9 relative
// tolerance (core/number.h) so a cut typed as 72 and a score computed as
// 71.99999999999999 meet as they do on paper.
#ifndef JIAODU_DOMAIN_QUALITY_CUT_SCORES_H_
#define JIAODU_DOMAIN_QUALITY_CUT_SCORES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::quality {

struct CutLevel {
  std::string name;           // "优秀"
  std::optional<double> min;  // the cut: scores ≥ min; absent for the last (catch-all) level
};

// The cuts of one subject (and grade) of one test. Levels run best first.
struct SubjectCuts {
  std::string subject;  // "数学", as in the score files
  std::string grade;    // "八年级"; empty = every grade of the test
  double full_marks = 0;
  std::vector<CutLevel> levels;
  size_t pass_level = 0;       // 合格: at or above levels[pass_level]
  size_t excellent_level = 0;  // 优秀: at or above levels[excellent_level]

  // The index into `levels` of `score` (Q2: on a cut → the higher level).
  size_t LevelOf(double score) const;
  bool Passes(double score) const { return LevelOf(score) <= pass_level; }
  bool Excellent(double score) const { return LevelOf(score) <= excellent_level; }
};

struct SubjectCutsSpec {
  std::string subject;
  std::string grade;
  double full_marks = 0;
  std::vector<CutLevel> levels;
  std::string pass;       // the name of the lowest passing level
  std::string excellent;  // the name of the level the 优秀率 counts from
};

struct CutScoreSetSpec {
  std::string id;
  Text title;
  std::string test;  // the test these cuts belong to ("2025年春季八年级质量抽测")
  bool example = false;
  std::string source;
  std::vector<SubjectCutsSpec> subjects;
};

class CutScoreSet {
 public:
  // Checks: at least one subject; each subject has ≥ 2 levels with unique
  // names, cuts strictly decreasing, within [0, full_marks], the last level
  // without a cut (or 0); pass and excellent name levels and excellent is
  // not below pass; (subject, grade) unique. Errors quality.cuts_*.
  static Result<CutScoreSet> Build(CutScoreSetSpec spec);

  const std::string& id() const { return id_; }
  const Text& title() const { return title_; }
  const std::string& test() const { return test_; }
  bool example() const { return example_; }
  const std::string& source() const { return source_; }
  const std::vector<SubjectCuts>& subjects() const { return subjects_; }

  // The cuts for `subject` in `grade`: a grade-specific entry first, then
  // one for every grade; nullptr when the set has neither.
  const SubjectCuts* Find(std::string_view subject, std::string_view grade) const;

 private:
  std::string id_;
  Text title_;
  std::string test_;
  bool example_ = false;
  std::string source_;
  std::vector<SubjectCuts> subjects_;
};

}  // namespace jiaodu::quality

#endif  // JIAODU_DOMAIN_QUALITY_CUT_SCORES_H_
