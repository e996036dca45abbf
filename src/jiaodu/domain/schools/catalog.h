// File: jiaodu/domain/schools/catalog.h
//
// The field catalog: every number a school or county reports, defined as
// data (data/fields/*.toml) rather than code. The template generator makes a
// column per field, the importer validates cells against it, storage keeps
// values by field id, and standards refer to fields by id in formulas. A new
// indicator therefore needs new catalog entries, not new C++.
//
//   const FieldDef* f = catalog.Find("students");   // 在校生数, per section
#ifndef JIAODU_DOMAIN_SCHOOLS_CATALOG_H_
#define JIAODU_DOMAIN_SCHOOLS_CATALOG_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/schools/kinds.h"

namespace jiaodu {

// Where a field is reported: once per school, once per school section
// (小学部/初中部/高中部), or once per county (entered by the bureau).
enum class FieldLevel { kSchool, kSection, kCounty };

enum class FieldKind {
  kInteger,  // counts: students, teachers, rooms
  kDecimal,  // areas, money
  kRatio,    // a share in [0, 1]; the template asks for a percentage
};

// How section values combine into a school value (e.g. the school's
// students = Σ sections; its largest class = max over sections).
enum class Aggregate { kSum, kMax, kMin };

struct FieldDef {
  std::string id;    // ascii identifier used in formulas and storage
  Text name;         // 在校生数 / Students enrolled
  Text unit;         // unit as entered in the template (万元)
  Text stored_unit;  // unit after scaling (元); equals unit when pow10 == 0
  Text group;        // template column group (专任教师, 校舍, ...), may be empty
  FieldLevel level = FieldLevel::kSection;
  FieldKind kind = FieldKind::kInteger;
  int pow10 = 0;              // value stored = value entered × 10^pow10
  std::optional<double> min;  // plausibility limits, in stored units
  std::optional<double> max;
  bool required = false;
  Aggregate aggregate = Aggregate::kSum;
  // School-level resources shared by the sections of an 一贯制 school
  // (areas, equipment, rooms): in a section's formulas they are that
  // section's share, by students unless the school gives a split.
  bool prorate = false;
  std::vector<Stage> stages;  // section fields: stages that report it (empty = all)
  Text help;                  // shown as the column note in the template
  std::string source;         // where the definition comes from (statistics form, standard)
  std::string example;        // example value for the template's example row

  bool AppliesTo(Stage s) const;
};

// A cross-field plausibility rule checked on import (e.g. "研究生+本科+专科
// ≤ 专任教师"); `check` is a formula in the level's scope. Rows where a field
// of the formula is blank are not checked.
struct FieldRule {
  FieldLevel level = FieldLevel::kSection;
  std::string check;
  Text message;
};

class FieldCatalog {
 public:
  FieldCatalog() = default;
  FieldCatalog(std::string id, Text title, std::vector<FieldDef> fields);

  const std::string& id() const { return id_; }
  const Text& title() const { return title_; }
  const std::vector<FieldDef>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }

  // Index of a field, or nullopt. Indices are stable for the catalog's life
  // and index every FieldValues built for it.
  std::optional<size_t> IndexOf(std::string_view id) const;
  const FieldDef* Find(std::string_view id) const;
  const FieldDef& at(size_t i) const { return fields_[i]; }
  std::vector<size_t> IndicesAt(FieldLevel level) const;

  // The section field that splits shared (prorated) school resources among
  // sections: 在校生数 (decision D3 in docs/standards.md).
  std::optional<size_t> proration_weight() const { return proration_weight_; }
  void set_proration_weight(size_t index) { proration_weight_ = index; }

  const std::vector<FieldRule>& rules() const { return rules_; }
  void set_rules(std::vector<FieldRule> rules) { rules_ = std::move(rules); }

  // The data collection (采集表) the catalog's values belong to: records are
  // versioned per (school, year, dataset), so a primary school's 附设幼儿班
  // reported in the preschool workbook does not replace its compulsory data.
  // A newer version of a catalog keeps the dataset of the one it replaces.
  const std::string& dataset() const { return dataset_; }
  void set_dataset(std::string dataset) { dataset_ = std::move(dataset); }
  // The stages this catalog's section rows may have (学前 only for the
  // preschool catalog); all stages when not set.
  const std::vector<Stage>& stages() const { return stages_; }
  void set_stages(std::vector<Stage> stages) { stages_ = std::move(stages); }
  bool HasStage(Stage s) const;
  // What one school row is called in messages and templates: 学校 or 幼儿园.
  const Text& member_noun() const { return member_noun_; }
  void set_member_noun(Text t) { member_noun_ = std::move(t); }
  // Presentation names chosen by the catalog file, e.g. the workbook's sheet
  // names (key "sheet.schools" → 幼儿园基本信息). Empty when not set.
  std::string Label(std::string_view key) const;
  void set_labels(std::unordered_map<std::string, std::string> labels) {
    labels_ = std::move(labels);
  }

 private:
  std::string id_;
  Text title_;
  std::vector<FieldDef> fields_;
  std::unordered_map<std::string, size_t> index_;
  std::optional<size_t> proration_weight_;
  std::vector<FieldRule> rules_;
  std::string dataset_;
  std::vector<Stage> stages_;
  Text member_noun_{"学校", "school"};
  std::unordered_map<std::string, std::string> labels_;
};

// Checks a value against a field's kind and plausibility limits; the error
// names the field (the caller adds the file/row location).
Status ValidateFieldValue(const FieldDef& field, double value);

}  // namespace jiaodu

#endif  // JIAODU_DOMAIN_SCHOOLS_CATALOG_H_
