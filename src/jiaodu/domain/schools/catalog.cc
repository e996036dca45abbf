#include "jiaodu/domain/schools/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "jiaodu/core/number.h"

namespace jiaodu {

bool FieldDef::AppliesTo(Stage s) const {
  return stages.empty() || std::find(stages.begin(), stages.end(), s) != stages.end();
}

FieldCatalog::FieldCatalog(std::string id, Text title, std::vector<FieldDef> fields)
    : id_(std::move(id)), title_(std::move(title)), fields_(std::move(fields)) {
  for (size_t i = 0; i < fields_.size(); ++i) index_.emplace(fields_[i].id, i);
  dataset_ = id_;
}

bool FieldCatalog::HasStage(Stage s) const {
  if (stages_.empty()) return true;
  for (Stage x : stages_) {
    if (x == s) return true;
  }
  return false;
}

std::string FieldCatalog::Label(std::string_view key) const {
  auto it = labels_.find(std::string(key));
  return it == labels_.end() ? std::string() : it->second;
}

std::optional<size_t> FieldCatalog::IndexOf(std::string_view id) const {
  auto it = index_.find(std::string(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const FieldDef* FieldCatalog::Find(std::string_view id) const {
  auto i = IndexOf(id);
  return i ? &fields_[*i] : nullptr;
}

std::vector<size_t> FieldCatalog::IndicesAt(FieldLevel level) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].level == level) out.push_back(i);
  }
  return out;
}

Status ValidateFieldValue(const FieldDef& field, double value) {
  auto shown = [&](double v) {
    double entered = v / std::pow(10.0, field.pow10);
    if (field.kind == FieldKind::kRatio) return FormatFixed(entered * 100, 2) + "%";
    return fmt::format("{}{}", entered, field.unit.zh);
  };
  if (field.kind == FieldKind::kInteger && std::floor(value) != value) {
    return Fail(ErrorCode::kInvalidInput, "field.not_integer",
                Text(fmt::format("“{}”应为整数，填写的是 {}", field.name.zh, value),
                     fmt::format("\"{}\" must be a whole number, got {}", field.name.en, value)));
  }
  if (value < 0 && (!field.min || *field.min >= 0)) {
    return Fail(
        ErrorCode::kInvalidInput, "field.negative",
        Text(fmt::format("“{}”不能为负数（填写的是 {}）", field.name.zh, shown(value)),
             fmt::format("\"{}\" cannot be negative (got {})", field.name.en, shown(value))));
  }
  if (field.min && Less(value, *field.min)) {
    return Fail(ErrorCode::kInvalidInput, "field.below_min",
                Text(fmt::format("“{}”为 {}，低于合理下限 {}", field.name.zh, shown(value),
                                 shown(*field.min)),
                     fmt::format("\"{}\" is {}, below the plausible minimum {}", field.name.en,
                                 shown(value), shown(*field.min))));
  }
  if (field.max && Greater(value, *field.max)) {
    return Fail(ErrorCode::kInvalidInput, "field.above_max",
                Text(fmt::format("“{}”为 {}，超过合理上限 {}，请核实", field.name.zh, shown(value),
                                 shown(*field.max)),
                     fmt::format("\"{}\" is {}, above the plausible maximum {}; please check",
                                 field.name.en, shown(value), shown(*field.max))));
  }
  return Ok();
}

}  // namespace jiaodu
