// File: jiaodu/formats/school_workbook/layout.h  (internal)
//
// The sheets and fixed columns of the school-data workbook, shared by the
// template writer and the reader so the two cannot drift apart. There is one
// workbook per data collection (field catalog): the compulsory-school
// workbook and the preschool one differ in their sheet names (the catalog's
// `[catalog.labels]`), their stages (a single-stage catalog has no 学段
// column: the stage is implied) and their school attributes (是否寄宿制 for
// schools, 是否普惠性幼儿园 and 办园类别 for kindergartens).
#ifndef JIAODU_FORMATS_SCHOOL_WORKBOOK_LAYOUT_H_
#define JIAODU_FORMATS_SCHOOL_WORKBOOK_LAYOUT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/domain/schools/catalog.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu::workbook {

enum class SheetKind { kSchools, kSections, kOverrides, kCounty, kItems, kVetoes, kAreas };

// Columns every sheet of a kind has, in template order. `key` is what the
// reader works with.
struct FixedColumn {
  std::string key;
  std::string header;  // Chinese header (without the required mark)
  bool required = false;
  std::vector<std::string> aliases;  // other accepted headers (English, older names)
  std::string help;                  // cell note in the template
  // False: accepted when a file has it, but not written in the template
  // (the 学段 column of a single-stage workbook).
  bool in_template = true;
};

struct SheetLayout {
  SheetKind kind;
  std::string name;  // sheet name in the template
  std::string purpose;
  std::vector<FixedColumn> fixed;
  // Catalog fields that follow the fixed columns, if any.
  std::optional<FieldLevel> field_level;
  bool prorated_only = false;  // the override sheet lists only shared resources
  bool bureau = false;         // filled by the bureau, not by schools

  const FixedColumn* Fixed(std::string_view key) const;
  // The fixed columns the template writes, in order.
  std::vector<const FixedColumn*> TemplateColumns() const;
};

// The workbook of one standard's field catalog. Sheet names come from the
// catalog's labels (sheet.schools, sheet.sections, sheet.overrides,
// sheet.county, sheet.items, sheet.vetoes and their ".purpose"), falling
// back to the compulsory workbook's names; 行政区划 is shared by every
// workbook. Holds pointers into `standard`, which must outlive it.
class WorkbookLayout {
 public:
  explicit WorkbookLayout(const Standard& standard);

  const Standard& standard() const { return *standard_; }
  const FieldCatalog& catalog() const { return *standard_->catalog; }
  const std::vector<SheetLayout>& sheets() const { return sheets_; }
  // The sheet of a kind, or nullptr when this workbook has none (the
  // shared-resource sheet of a single-stage catalog).
  const SheetLayout* Find(SheetKind kind) const;
  const SheetLayout* FindByName(std::string_view name) const;
  // "学校基本信息、分学段数据、…" for messages.
  std::string SheetNames() const;
  std::string title() const;  // template.title label
  const std::string& noun() const { return standard_->catalog->member_noun().zh; }  // 学校 / 幼儿园

  // The catalog's stages, in the domain's order.
  const std::vector<Stage>& stages() const { return stages_; }
  // The stage of every section row when the catalog has just one (学前).
  std::optional<Stage> implied_stage() const;
  // Stages a school of type `t` reports here: AllowsStage(t) ∩ the catalog's.
  std::vector<Stage> AllowedStages(SchoolType t) const;
  // Stages it must report: StagesOf(t) ∩ the catalog's. Empty when the
  // workbook only holds an optional part of the school (a primary school's
  // 附设幼儿班 in the preschool workbook): then one allowed stage is needed.
  std::vector<Stage> RequiredStages(SchoolType t) const;
  // The school types the workbook takes (those with an allowed stage).
  std::vector<SchoolType> Types() const;
  // The example rows' school type: one with two sections when the catalog
  // has several stages (九年一贯制学校, the case clerks ask about most),
  // otherwise the type the catalog is about (幼儿园).
  SchoolType ExampleType() const;

 private:
  const Standard* standard_;
  std::vector<Stage> stages_;
  std::vector<SheetLayout> sheets_;
};

// The catalog fields a sheet carries, in catalog order.
std::vector<size_t> FieldColumns(const SheetLayout& layout, const FieldCatalog& catalog);

// "*在校生数（人）": required mark, name, unit.
std::string FieldHeader(const FieldDef& f, bool mark_required);
std::string FixedHeader(const FixedColumn& c);

// Folds a header for matching: width-normalised, without "*" and blanks.
// "＊在校生数（人）" → "在校生数(人)". Field columns match with or without
// their unit (see the reader).
std::string NormalizeHeader(std::string_view header);

// Marker in the year column of example rows, which the reader skips.
inline constexpr std::string_view kExampleMarker = "示例";

// The kindergarten categories (办园类别) the domain distinguishes, in order:
// 公办园, 普惠性民办园, 非普惠民办园.
std::vector<std::string> KindergartenCategories();

}  // namespace jiaodu::workbook

#endif  // JIAODU_FORMATS_SCHOOL_WORKBOOK_LAYOUT_H_
