// File: jiaodu/domain/standards/context.h  (internal to the engine)
//
// The evaluation contexts behind expressions: what a formula sees for a
// school section, a school or a county. Shared school resources of an
// 一贯制 school (areas, equipment, rooms) are split among its sections here,
// by students unless the school gave an explicit split (decision D3).
#ifndef JIAODU_DOMAIN_STANDARDS_CONTEXT_H_
#define JIAODU_DOMAIN_STANDARDS_CONTEXT_H_

#include <span>
#include <vector>

#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/standards/expr.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu::internal {

// An addition applied on top of reported data (for "what it takes" plans).
struct Delta {
  size_t field = 0;
  double amount = 0;
};

struct SchoolView;

struct SectionView {
  const SchoolView* school = nullptr;
  const SectionRecord* record = nullptr;
  FieldValues prorated;  // this section's share of prorated school fields
  // Of a stage the standard evaluates (小学/初中 for 2017, 学前 for 2020):
  // only these count in a school's section totals and in county aggregates.
  bool in_scope = false;
  bool excluded = false;
  Text exclusion_reason;
};

struct SchoolView {
  const SchoolYearRecord* record = nullptr;
  std::vector<SectionView> sections;
  bool has_in_scope = false;  // has a section of a stage the standard evaluates
};

// Builds views for all schools: splits prorated fields and applies the
// standard's exclusions. The result must not be moved after return (sections
// point at their school), hence the out-parameter.
void PrepareViews(const Standard& standard, std::span<const SchoolYearRecord* const> records,
                  const CountyYearRecord* county, std::vector<SchoolView>& out);

class SectionContext final : public ExprContext {
 public:
  SectionContext(const FieldCatalog& catalog, const SectionView& section,
                 const CountyYearRecord* county, std::span<const Delta> deltas = {})
      : catalog_(catalog), section_(section), county_(county), deltas_(deltas) {}

  std::optional<double> Field(size_t i) const override;
  ExprValue Attr(Attribute a) const override;
  Status ForEachMember(const std::function<Status(const ExprContext&)>& fn) const override;

 private:
  const FieldCatalog& catalog_;
  const SectionView& section_;
  const CountyYearRecord* county_;
  std::span<const Delta> deltas_;
};

class SchoolContext final : public ExprContext {
 public:
  SchoolContext(const FieldCatalog& catalog, const SchoolView& school,
                const CountyYearRecord* county)
      : catalog_(catalog), school_(school), county_(county) {}

  std::optional<double> Field(size_t i) const override;
  ExprValue Attr(Attribute a) const override;
  Status ForEachMember(const std::function<Status(const ExprContext&)>& fn) const override;

 private:
  const FieldCatalog& catalog_;
  const SchoolView& school_;
  const CountyYearRecord* county_;
};

// County scope: county fields; aggregates iterate the county's schools or
// in-scope sections that pass `where`.
class CountyContext final : public ExprContext {
 public:
  CountyContext(const FieldCatalog& catalog, const std::vector<SchoolView>& schools,
                const CountyYearRecord* county, MemberKind over, const Expr* where)
      : catalog_(catalog), schools_(schools), county_(county), over_(over), where_(where) {}

  std::optional<double> Field(size_t i) const override;
  ExprValue Attr(Attribute a) const override;
  Status ForEachMember(const std::function<Status(const ExprContext&)>& fn) const override;

 private:
  const FieldCatalog& catalog_;
  const std::vector<SchoolView>& schools_;
  const CountyYearRecord* county_;
  MemberKind over_;
  const Expr* where_;
};

}  // namespace jiaodu::internal

#endif  // JIAODU_DOMAIN_STANDARDS_CONTEXT_H_
