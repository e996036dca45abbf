#include "jiaodu/domain/standards/standard.h"

#include "jiaodu/core/number.h"

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
    case ItemPart::kGovernment:
      return "government";
    case ItemPart::kQuality:
      return "quality";
    case ItemPart::kRecognition:
      return "recognition";
  }
  return "";
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
