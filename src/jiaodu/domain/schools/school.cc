#include "jiaodu/domain/schools/school.h"

#include <fmt/format.h>

#include <algorithm>

#include "jiaodu/core/text.h"

namespace jiaodu {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Status ValidateAreaCode(std::string_view code) {
  if (AllDigits(code) && (code.size() == 6 || code.size() == 9)) return Ok();
  return Fail(
      ErrorCode::kInvalidInput, "area.code_invalid",
      Text(
          fmt::format("行政区划代码“{}”应为6位（省、市、县）或9位（乡镇、街道）数字",
                      Ellipsize(code, 24)),
          fmt::format("area code \"{}\" must be 6 digits (province/city/county) or 9 digits (town)",
                      Ellipsize(code, 24))));
}

Status ValidateSchoolCode(std::string_view code) {
  if (AllDigits(code) && code.size() == 10) return Ok();
  return Fail(
      ErrorCode::kInvalidInput, "school.code_invalid",
      Text(fmt::format("学校标识码“{}”应为10位数字", Ellipsize(code, 24)),
           fmt::format("school code \"{}\" must be exactly 10 digits", Ellipsize(code, 24))));
}

std::string_view KindergartenCategory(const School& s) {
  if (s.ownership == Ownership::kPublic) return "公办园";
  return s.inclusive ? "普惠性民办园" : "非普惠民办园";
}

AreaTree::AreaTree(std::vector<Area> areas) : areas_(std::move(areas)) {
  std::sort(areas_.begin(), areas_.end(),
            [](const Area& a, const Area& b) { return a.code < b.code; });
}

const Area* AreaTree::Find(std::string_view code) const {
  auto it = std::lower_bound(areas_.begin(), areas_.end(), code,
                             [](const Area& a, std::string_view c) { return a.code < c; });
  if (it == areas_.end() || it->code != code) return nullptr;
  return &*it;
}

std::vector<const Area*> AreaTree::Children(std::string_view code) const {
  std::vector<const Area*> out;
  for (const Area& a : areas_) {
    if (a.parent_code == code) out.push_back(&a);
  }
  return out;
}

std::vector<const Area*> AreaTree::CountiesUnder(std::string_view code) const {
  std::vector<const Area*> out;
  const Area* self = Find(code);
  if (self == nullptr) return out;
  if (self->level == AreaLevel::kCounty) {
    out.push_back(self);
    return out;
  }
  // Depth-first over the (small) tree.
  std::vector<std::string_view> stack = {code};
  while (!stack.empty()) {
    std::string_view c = stack.back();
    stack.pop_back();
    for (const Area* child : Children(c)) {
      if (child->level == AreaLevel::kCounty) {
        out.push_back(child);
      } else {
        stack.push_back(child->code);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Area* a, const Area* b) { return a->code < b->code; });
  return out;
}

std::vector<const Area*> AreaTree::Roots() const {
  std::vector<const Area*> out;
  for (const Area& a : areas_) {
    if (a.parent_code.empty() || Find(a.parent_code) == nullptr) out.push_back(&a);
  }
  return out;
}

}  // namespace jiaodu
