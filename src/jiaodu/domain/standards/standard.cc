#include "jiaodu/domain/standards/standard.h"

#include <fmt/format.h>

#include "jiaodu/core/number.h"
#include "jiaodu/domain/standards/section_eval.h"

namespace jiaodu {

std::string_view CompareOpSymbol(CompareOp op) {
  switch (op) {
    case CompareOp::kGe:
      return "≥";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kLe:
      return "≤";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kEq:
      return "=";
  }
  return "?";
}

std::string_view CompareOpKey(CompareOp op) {
  switch (op) {
    case CompareOp::kGe:
      return ">=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kEq:
      return "==";
  }
  return "?";
}

bool Satisfies(CompareOp op, double value, double threshold) {
  switch (op) {
    case CompareOp::kGe:
      return GreaterOrEqual(value, threshold);
    case CompareOp::kGt:
      return Greater(value, threshold);
    case CompareOp::kLe:
      return LessOrEqual(value, threshold);
    case CompareOp::kLt:
      return Less(value, threshold);
    case CompareOp::kEq:
      return ApproxEqual(value, threshold);
  }
  return false;
}

std::optional<double> Check::ThresholdFor(std::optional<Stage> stage) const {
  if (stage) {
    if (const double* t = stage_threshold.Get(*stage)) return *t;
  }
  return threshold;
}

std::string_view ItemPartName(ItemPart p) {
  switch (p) {
    case ItemPart::kCoverage:
      return "普及普惠水平";
    case ItemPart::kGovernment:
      return "政府保障程度";
    case ItemPart::kQuality:
      return "教育质量";
    case ItemPart::kRecognition:
      return "社会认可度";
  }
  return "";
}

std::string_view ItemPartNameEn(ItemPart p) {
  switch (p) {
    case ItemPart::kCoverage:
      return "Coverage and inclusiveness";
    case ItemPart::kGovernment:
      return "Government support";
    case ItemPart::kQuality:
      return "Education quality";
    case ItemPart::kRecognition:
      return "Public recognition";
  }
  return "";
}

std::string_view ItemPartKey(ItemPart p) {
  switch (p) {
    case ItemPart::kCoverage:
      return "coverage";
    case ItemPart::kGovernment:
      return "government";
    case ItemPart::kQuality:
      return "quality";
    case ItemPart::kRecognition:
      return "recognition";
  }
  return "";
}

Result<ItemPart> ParseItemPart(std::string_view key) {
  for (ItemPart p : kAllItemParts) {
    if (key == ItemPartKey(p) || key == ItemPartName(p)) return p;
  }
  return Fail(
      ErrorCode::kInvalidInput, "standard.part",
      Text(fmt::format("评估内容“{}”无法识别，应为 coverage、government、quality 或 recognition",
                       key),
           fmt::format("unknown part \"{}\" (coverage, government, quality, recognition)", key)));
}

Text Standard::PartName(ItemPart p) const {
  auto it = part_names.find(p);
  if (it != part_names.end()) return it->second;
  return Text(std::string(ItemPartName(p)), std::string(ItemPartNameEn(p)));
}

std::optional<double> Standard::FloorOf(const Indicator& ind, Stage stage) const {
  const double* v = ind.standard.Get(stage);
  if (v == nullptr || resource.floor_ratio <= 0) return std::nullopt;
  return internal::FloorThreshold(ind.op, *v, resource.floor_ratio);
}

bool Standard::JudgesResources() const {
  if (indicators.empty()) return false;
  if (HasSchoolRule()) return true;
  for (Stage s : stages) {
    if (resource.cv_limit.Has(s) || resource.composite_limit.Has(s)) return true;
  }
  return false;
}

const Indicator* Standard::FindIndicator(std::string_view wanted) const {
  for (const auto& i : indicators) {
    if (i.id == wanted) return &i;
  }
  return nullptr;
}

const Item* Standard::FindItem(std::string_view wanted) const {
  for (const auto& i : items) {
    if (i.id == wanted) return &i;
  }
  return nullptr;
}

}  // namespace jiaodu
