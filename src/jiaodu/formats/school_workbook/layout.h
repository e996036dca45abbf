// File: jiaodu/formats/school_workbook/layout.h  (internal)
//
// The sheets and fixed columns of the school-data workbook, shared by the
// template writer and the reader so the two cannot drift apart.
#ifndef JIAODU_FORMATS_SCHOOL_WORKBOOK_LAYOUT_H_
#define JIAODU_FORMATS_SCHOOL_WORKBOOK_LAYOUT_H_

#include <optional>
#include <string>
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
};

const std::vector<SheetLayout>& Layouts();
const SheetLayout& LayoutOf(SheetKind kind);

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

}  // namespace jiaodu::workbook

#endif  // JIAODU_FORMATS_SCHOOL_WORKBOOK_LAYOUT_H_
