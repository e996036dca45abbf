// File: jiaodu/domain/rotation/rotation_model.h
//
// Internal to domain/rotation (and its tests): the checked, indexed form of an
// instance (Prepare) and the mixed-integer model built from it (BuildModel).
// docs/rotation.md states the model in mathematical form; the names below
// follow it (k, short, t, e, y).
//
// Teachers who are interchangeable for the model — same section, subject and
// L1/L2/L3 flags, no personal pin or forbidden school — form one class, and
// one integer column y[c][d] says how many of them go to section d. This is
// the per-teacher binary model x[t][d] with identical columns summed: the same
// optimum, without the symmetry that makes branch-and-bound enumerate
// equivalent teachers. Which members of a class go is decided afterwards,
// longest-serving first (R6).
#ifndef JIAODU_DOMAIN_ROTATION_ROTATION_MODEL_H_
#define JIAODU_DOMAIN_ROTATION_ROTATION_MODEL_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/domain/rotation/rotation.h"
#include "jiaodu/optim/model.h"

namespace jiaodu::rotation {

struct SectionData {
  const School* school = nullptr;
  std::array<int, kIndicators> count{};     // flagged teachers now
  std::array<int, kIndicators> required{};  // smallest count meeting the threshold
  std::array<bool, kIndicators> failing{};  // count < required now
  int staff = 0;
  int growth_cap = 0;                        // staff after − staff now ≤ this
  std::map<std::string, int> subject_staff;  // teachers per subject now
  std::map<std::string, SubjectStaffing> subject_rules;
};

struct TeacherData {
  int section = -1;
  bool eligible = false;
  bool forbidden_all = false;
  std::vector<int> forbidden_to;  // sections
  int pinned_to = -1;             // section
  int cls = -1;                   // class index, when movable
};

struct MoveClass {
  int section = -1;
  std::string subject;
  std::array<bool, kIndicators> flags{};
  std::vector<int> members;       // teacher indices, in the order they are chosen (R6)
  std::vector<int> destinations;  // sections
  int pinned_to = -1;
  bool Backbone() const { return flags[kL2]; }
  int size() const { return static_cast<int>(members.size()); }
};

struct Prepared {
  const Instance* instance = nullptr;
  const Rules* rules = nullptr;
  const Targets* targets = nullptr;
  std::vector<SectionData> sections;
  std::vector<TeacherData> teachers;
  std::vector<MoveClass> classes;
  Eligibility eligibility;
  // Student-weighted mean per stage and indicator (constant under moves) and
  // the stage's students.
  std::array<std::array<double, kIndicators>, kStages> mean{};
  std::array<double, kStages> students{};

  std::optional<double> Km(int from_section, int to_section) const;
  const School& school(int section) const { return *sections[static_cast<size_t>(section)].school; }

  std::map<std::pair<std::string, std::string>, double> distance;  // (a, b) with a < b
};

// Validates and indexes. Errors: rotation.invalid, rotation.pin_not_eligible,
// rotation.pin_conflict.
Result<Prepared> Prepare(const Instance& instance, const Rules& rules, const Targets& targets);

// The smallest integer k with 100·k/students ≥ threshold (core's 1e-9 guard).
int RequiredCount(double threshold, int students);

enum class RowKind {
  kClassLimit,  // Σ_d y[c][d] ≤ |c|
  kQuota,       // Σ y ≥ Q
  kBackbone,    // den·(backbone moved) − num·(moved) ≥ 0
  kKeepMin,     // staff of a subject after ≥ min(keep_min, now)
  kCapacity,    // in − out ≤ growth cap
  kPin,         // elastic model only: y ≥ 1 − slack
  kNeed,        // in − out + unmet ≥ need (soft)
  kCount,       // k = now + in − out (flagged)
  kShortfall,   // k + short ≥ required (soft)
  kSecant,      // t ≥ secant(k)
  kCv,          // Σ t − e ≤ 1 (soft)
  kCvFail,      // e ≤ M·z: z = 1 when the CV stays above its limit
};

struct RowInfo {
  explicit RowInfo(RowKind k) : kind(k) {}
  RowKind kind;
  int section = -1;
  std::string subject;
  int stage = -1;
  int indicator = -1;
  int slack = -1;  // elastic model: the slack column of a hard row
};

struct Arc {
  int cls = -1;
  int dest = -1;
  int column = -1;
};

struct BuiltModel {
  optim::Model model;
  std::vector<RowInfo> rows;  // parallel to model.rows()
  std::vector<Arc> arcs;
  // Per section and indicator: the count k, its shortfall and its CV term t
  // (-1 where absent).
  std::vector<std::array<int, kIndicators>> k, shortfall, t;
  std::vector<std::pair<int, int>> unmet;  // (column, section) per open need …
  std::vector<std::string> unmet_subject;  // … and its subject
  std::array<std::array<int, kIndicators>, kStages> cv_excess{};    // column or -1
  std::array<std::array<int, kIndicators>, kStages> cv_fails{};     // binary column or -1
  std::array<std::array<double, kIndicators>, kStages> cv_scale{};  // B = (c·v̄)²·N
};

// elastic = false: the planning model. elastic = true: only the hard rules,
// each with a slack column costing 1 per teacher (pins become rows), so the
// model is always feasible and the slacks say which rules fail by how much.
BuiltModel BuildModel(const Prepared& p, bool elastic);

// Cost of sending one teacher of class c to section d (levels 2 and 3).
double ArcCost(const Prepared& p, const MoveClass& c, int dest);

}  // namespace jiaodu::rotation

#endif  // JIAODU_DOMAIN_ROTATION_ROTATION_MODEL_H_
