#include "jiaodu/domain/standards/context.h"

#include <algorithm>

namespace jiaodu::internal {
namespace {

Status NotAnAggregateScope() {
  return Fail(ErrorCode::kInternal, "expr.scope",
              Text("汇总函数只能用于县级公式", "aggregates are only allowed in county formulas"));
}

std::optional<double> CountyField(const CountyYearRecord* county, size_t i) {
  if (county == nullptr) return std::nullopt;
  return county->values.Get(i);
}

// The attributes formulas can read (`type == '九年一贯制学校'`, ...).
ExprValue SchoolAttr(const School& s, Attribute a, std::string_view stage) {
  switch (a) {
    case Attribute::kType:
      return ExprValue::String(SchoolTypeName(s.type));
    case Attribute::kLocale:
      return ExprValue::String(LocaleName(s.locale));
    case Attribute::kOwnership:
      return ExprValue::String(OwnershipName(s.ownership));
    case Attribute::kBoarding:
      return ExprValue::Bool(s.boarding);
    case Attribute::kStage:
      return ExprValue::String(stage);
    case Attribute::kInclusive:
      return ExprValue::Bool(s.ownership == Ownership::kPublic || s.inclusive);
    case Attribute::kCategory:
      return ExprValue::String(KindergartenCategory(s));
  }
  return ExprValue::String("");
}

}  // namespace

void PrepareViews(const Standard& standard, std::span<const SchoolYearRecord* const> records,
                  const CountyYearRecord* county, std::vector<SchoolView>& out) {
  const FieldCatalog& catalog = *standard.catalog;
  out.clear();
  out.reserve(records.size());
  std::vector<size_t> prorated_fields;
  for (size_t i = 0; i < catalog.size(); ++i) {
    if (catalog.at(i).level == FieldLevel::kSchool && catalog.at(i).prorate)
      prorated_fields.push_back(i);
  }
  auto weight_field = catalog.proration_weight();
  for (const SchoolYearRecord* rec : records) {
    SchoolView& sv = out.emplace_back();
    sv.record = rec;
    sv.sections.resize(rec->sections.size());
    for (size_t s = 0; s < rec->sections.size(); ++s) {
      SectionView& sec = sv.sections[s];
      sec.record = &rec->sections[s];
      sec.prorated = FieldValues(catalog.size());
      sec.in_scope = std::find(standard.stages.begin(), standard.stages.end(), sec.record->stage) !=
                     standard.stages.end();
      sv.has_in_scope = sv.has_in_scope || sec.in_scope;
    }
    // Split each shared resource: explicit per-section values first, the
    // remainder by students among the other sections.
    for (size_t f : prorated_fields) {
      auto total = rec->values.Get(f);
      if (!total) continue;
      double overridden = 0;
      double free_weight = 0;
      size_t free_sections = 0;
      bool weights_known = true;
      for (const SectionView& sec : sv.sections) {
        if (auto o = sec.record->overrides.Get(f)) {
          overridden += *o;
        } else {
          ++free_sections;
          std::optional<double> w =
              weight_field ? sec.record->values.Get(*weight_field) : std::nullopt;
          if (w) {
            free_weight += *w;
          } else {
            weights_known = false;
          }
        }
      }
      double remainder = *total - overridden;
      for (SectionView& sec : sv.sections) {
        if (auto o = sec.record->overrides.Get(f)) {
          sec.prorated.Set(f, *o);
        } else if (free_sections == 1) {
          sec.prorated.Set(f, remainder);
        } else if (weights_known && free_weight > 0) {
          double w = *sec.record->values.Get(*weight_field);
          sec.prorated.Set(f, remainder * w / free_weight);
        }
        // Otherwise the share is unknown and stays missing.
      }
    }
  }
  // Exclusions (evaluated once the views are complete).
  for (SchoolView& sv : out) {
    for (SectionView& sec : sv.sections) {
      sec.school = &sv;
      for (const Exclusion& ex : standard.exclusions) {
        SectionContext ctx(catalog, sec, county);
        auto hit = ex.when.EvaluateBool(ctx);
        if (hit && *hit) {
          sec.excluded = true;
          sec.exclusion_reason = ex.reason;
          break;
        }
      }
    }
  }
}

std::optional<double> SectionContext::Field(size_t i) const {
  const FieldDef& d = catalog_.at(i);
  std::optional<double> v;
  switch (d.level) {
    case FieldLevel::kSection:
      v = section_.record->values.Get(i);
      break;
    case FieldLevel::kSchool:
      v = d.prorate ? section_.prorated.Get(i) : section_.school->record->values.Get(i);
      break;
    case FieldLevel::kCounty:
      v = CountyField(county_, i);
      break;
  }
  if (v) {
    for (const Delta& delta : deltas_) {
      if (delta.field == i) *v += delta.amount;
    }
  }
  return v;
}

ExprValue SectionContext::Attr(Attribute a) const {
  return SchoolAttr(section_.school->record->school, a, StageName(section_.record->stage));
}

Status SectionContext::ForEachMember(const std::function<Status(const ExprContext&)>&) const {
  return NotAnAggregateScope();
}

std::optional<double> SchoolContext::Field(size_t i) const {
  const FieldDef& d = catalog_.at(i);
  switch (d.level) {
    case FieldLevel::kSchool:
      return school_.record->values.Get(i);
    case FieldLevel::kCounty:
      return CountyField(county_, i);
    case FieldLevel::kSection:
      break;
  }
  // A section field seen from the school: combined over the sections the
  // standard evaluates that report it (students of a 完全中学 = its 初中部
  // only under the compulsory standards).
  std::optional<double> acc;
  for (const SectionView& sec : school_.sections) {
    if (!sec.in_scope || !d.AppliesTo(sec.record->stage)) continue;
    auto v = sec.record->values.Get(i);
    if (!v) return std::nullopt;
    if (!acc) {
      acc = *v;
    } else {
      switch (d.aggregate) {
        case Aggregate::kSum:
          *acc += *v;
          break;
        case Aggregate::kMax:
          acc = std::max(*acc, *v);
          break;
        case Aggregate::kMin:
          acc = std::min(*acc, *v);
          break;
      }
    }
  }
  return acc;
}

ExprValue SchoolContext::Attr(Attribute a) const {
  return SchoolAttr(school_.record->school, a, "");  // a school has no single stage
}

Status SchoolContext::ForEachMember(const std::function<Status(const ExprContext&)>&) const {
  return NotAnAggregateScope();
}

std::optional<double> CountyContext::Field(size_t i) const { return CountyField(county_, i); }

ExprValue CountyContext::Attr(Attribute) const { return ExprValue::String(""); }

Status CountyContext::ForEachMember(const std::function<Status(const ExprContext&)>& fn) const {
  for (const SchoolView& sv : schools_) {
    if (!sv.has_in_scope) continue;
    if (over_ == MemberKind::kSchools) {
      SchoolContext ctx(catalog_, sv, county_);
      if (where_ != nullptr && !JIAODU_TRY(where_->EvaluateBool(ctx))) continue;
      JIAODU_TRY_STATUS(fn(ctx));
      continue;
    }
    for (const SectionView& sec : sv.sections) {
      if (!sec.in_scope) continue;
      SectionContext ctx(catalog_, sec, county_);
      if (where_ != nullptr && !JIAODU_TRY(where_->EvaluateBool(ctx))) continue;
      JIAODU_TRY_STATUS(fn(ctx));
    }
  }
  return Ok();
}

}  // namespace jiaodu::internal
