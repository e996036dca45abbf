#include "jiaodu/formats/plan_table/plan_table_test_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "jiaodu/core/number.h"
#include "jiaodu/formats/xlsx/xlsx_test_util.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu::plan_table::testing {

std::string GridXlsx(const std::vector<TestSheet>& sheets) {
  auto book = xlsx::WorkbookWriter::CreateInMemory();
  EXPECT_TRUE(book) << book.error().Describe();
  for (const TestSheet& ts : sheets) {
    xlsx::SheetWriter& s = book->AddSheet(ts.name);
    for (size_t r = 0; r < ts.rows.size(); ++r) {
      for (size_t c = 0; c < ts.rows[r].size(); ++c) {
        const TestCell& cell = ts.rows[r][c];
        if (cell.kind == TestCell::Kind::kText) s.WriteString(r, c, cell.text);
        if (cell.kind == TestCell::Kind::kNumber) s.WriteNumber(r, c, cell.number);
      }
    }
    for (const auto& [from, to] : ts.merges) {
      const TestCell* first =
          from.first < ts.rows.size() && from.second < ts.rows[from.first].size()
              ? &ts.rows[from.first][from.second]
              : nullptr;
      s.MergeRange({from.first, from.second, to.first, to.second},
                   first != nullptr ? first->text : std::string());
    }
  }
  auto bytes = book->FinishToBytes();
  EXPECT_TRUE(bytes) << bytes.error().Describe();
  return bytes ? *bytes : std::string();
}

const std::vector<PublishedRow>& PublishedRows() {
  static const std::vector<PublishedRow> rows = {
      {"学前教育", "学前教育毛入园率（%）", "100.23%", "—", "≥100%", "约束性"},
      {"", "普惠性幼儿园覆盖率", "78.2%", "", "85%以上", "约束性"},
      {"", "公办园在园幼儿占比（%）", 41.3, 45, "不低于50%", "预期性"},
      {"义务教育", "小学本科及以上学历专任教师占比", "79.98%", "", "≥93%", "预期性"},
      {"", "九年义务教育巩固率", "99.1%", "", "保持高水平", "约束性"},
      {"", "新增公办基础教育学位（万个）", "1.5万", "", "2.34万", "预期性"},
      {"学生发展", "中小学生体质健康优良率", "50.15%", "52%", "58%", "预期性"},
      {"", "儿童青少年总体近视率", "46.2%", "", "≤41.2%", "约束性"},
      {"", "学生体质健康合格率", "96.8%", "", "98%以上", "预期性"},
  };
  return rows;
}

size_t PublishedExcelRow(size_t i) { return i + 4; }

TestSheet PublishedSheet() {
  TestSheet s{"表1", {}, {}};
  s.rows.push_back({"表1　城关区“十四五”教育事业发展主要指标"});
  s.rows.push_back({"序号", "类别", "指标", "主要指标值", "", "", "指标属性"});
  s.rows.push_back({"", "", "", "2020年", "2023年（中期）", "2025年", ""});
  s.merges = {{{0, 0}, {0, 6}}, {{1, 0}, {2, 0}}, {{1, 1}, {2, 1}},
              {{1, 2}, {2, 2}}, {{1, 3}, {1, 5}}, {{1, 6}, {2, 6}}};
  size_t group_start = 0;
  const auto& rows = PublishedRows();
  for (size_t i = 0; i < rows.size(); ++i) {
    const PublishedRow& p = rows[i];
    s.rows.push_back(
        {static_cast<int>(i + 1), p.group, p.name, p.y2020, p.y2023, p.y2025, p.attribute});
    // 类别 merged down over its rows, as the counties' tables do.
    const bool last = i + 1 == rows.size() || *rows[i + 1].group != '\0';
    if (*p.group != '\0') group_start = s.rows.size() - 1;
    if (last && s.rows.size() - 1 > group_start) {
      s.merges.push_back({{group_start, 1}, {s.rows.size() - 1, 1}});
    }
  }
  s.rows.push_back({"注：带“≥”的为最低目标；“保持高水平”指不低于基期水平。"});
  return s;
}

PlanTracking SyntheticTracking(std::shared_ptr<const plans::Plan> plan, int year) {
  PlanTracking t;
  t.plan = plan;
  t.area_name = "示范市";
  t.year = year;
  int first = plan->start_year - 1;
  for (const plans::Indicator& ind : plan->indicators) {
    if (ind.baseline_year) first = std::min(first, *ind.baseline_year);
  }
  for (int y = first; y <= plan->end_year; ++y) t.years.push_back(y);
  const double paces[] = {1.3, 1.0, 0.7, 0.2};
  auto area = [&](const plans::Indicator& ind, size_t i, std::string code, std::string name,
                  double shift) {
    TrackedArea a;
    a.code = std::move(code);
    a.name = std::move(name);
    a.target = ind.target + shift;
    std::vector<plans::YearValue> values;
    const double base = ind.baseline.value_or(ind.target) + shift;
    const int base_year = ind.baseline_year.value_or(first);
    for (int y : t.years) {
      TrackedCell c;
      c.year = y;
      if (y <= year && y >= base_year) {
        double v = base;
        if (ind.comparison == plans::Comparison::kMaintain) {
          v = a.target - (i % 2 == 0 ? 0.0 : 0.5);
        } else if (auto path = plans::PathValue(ind, y)) {
          v = base + paces[i % 4] * (*path + shift - base);
        }
        c.value = RoundHalfUp(v, ind.decimals);
        c.origin = y == base_year                                    ? ValueOrigin::kBaseline
                   : ind.source.kind == plans::Source::Kind::kManual ? ValueOrigin::kManual
                                                                     : ValueOrigin::kData;
        if (c.origin == ValueOrigin::kManual) {
          c.evidence = fmt::format("示教统〔{}〕{}号", y + 1, i + 3);
          c.entered_by = "测试";
          c.entered_at = fmt::format("{}-03-01 10:00:00", y + 1);
        }
        values.push_back({y, *c.value, std::nullopt, std::nullopt});
      }
      a.cells.push_back(std::move(c));
    }
    plans::Indicator local = ind;
    local.target = a.target;
    if (local.baseline) *local.baseline += shift;
    for (plans::Milestone& m : local.milestones) m.value += shift;
    for (TrackedCell& c : a.cells) c.status = plans::Assess(local, values, c.year).status;
    a.latest = plans::Assess(local, values, year);
    return a;
  };
  for (size_t i = 0; i < plan->indicators.size(); ++i) {
    const plans::Indicator& ind = plan->indicators[i];
    TrackedIndicator ti;
    ti.indicator = &ind;
    ti.area = area(ind, i, plan->area, t.area_name, 0);
    if (ind.level == plans::Level::kCounties) {
      ti.counties.push_back(area(ind, i + 1, "990102", "东湖区", -1));
      ti.counties.push_back(area(ind, i + 2, "990103", "西山区", 1));
      ti.holding_back.push_back("990102");
      ti.counties_target = ind.target;
    }
    switch (ti.area.latest.status) {
      case plans::ProgressStatus::kMet:
        ++t.met;
        break;
      case plans::ProgressStatus::kOnTrack:
        ++t.on_track;
        break;
      case plans::ProgressStatus::kBehind:
        ++t.behind;
        break;
      case plans::ProgressStatus::kFarBehind:
        ++t.far_behind;
        break;
      case plans::ProgressStatus::kNoData:
        ++t.no_data;
        break;
    }
    t.indicators.push_back(std::move(ti));
  }
  return t;
}

namespace {

// The text of the n-th (0-based) element named `tag` inside `section`.
std::optional<std::string> NthElement(const std::string& xml, const std::string& section,
                                      const std::string& tag, size_t n) {
  const size_t s0 = xml.find("<" + section);
  if (s0 == std::string::npos) return std::nullopt;
  const size_t s1 = xml.find("</" + section + ">", s0);
  size_t k = 0;
  for (size_t at = xml.find("<" + tag, s0); at != std::string::npos && at < s1;
       at = xml.find("<" + tag, at + 1)) {
    const char next = xml[at + tag.size() + 1];
    if (next != ' ' && next != '>' && next != '/') continue;
    if (k++ != n) continue;
    size_t end = xml.find("</" + tag + ">", at);
    const size_t self = xml.find("/>", at);
    const size_t gt = xml.find('>', at);
    if (self != std::string::npos && self < gt + 1) end = self;
    return xml.substr(at, (end == std::string::npos ? xml.size() : end) - at);
  }
  return std::nullopt;
}

std::optional<std::string> Attr(const std::string& element, const std::string& name) {
  const size_t at = element.find(" " + name + "=\"");
  if (at == std::string::npos) return std::nullopt;
  const size_t from = at + name.size() + 3;
  return element.substr(from, element.find('"', from) - from);
}

}  // namespace

std::optional<uint32_t> FillOf(std::string_view bytes, int sheet_index, const std::string& ref) {
  auto sheet =
      xlsx::testing::ReadZipEntry(bytes, fmt::format("xl/worksheets/sheet{}.xml", sheet_index));
  auto styles = xlsx::testing::ReadZipEntry(bytes, "xl/styles.xml");
  if (!sheet || !styles) return std::nullopt;
  const size_t at = sheet->find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return std::nullopt;
  const std::string cell = sheet->substr(at, sheet->find('>', at) - at);
  auto s = Attr(cell, "s");
  if (!s) return std::nullopt;
  auto xf = NthElement(*styles, "cellXfs", "xf", std::stoul(*s));
  if (!xf) return std::nullopt;
  auto fill_id = Attr(*xf, "fillId");
  if (!fill_id) return std::nullopt;
  auto fill = NthElement(*styles, "fills", "fill", std::stoul(*fill_id));
  if (!fill) return std::nullopt;
  const size_t fg = fill->find("<fgColor");
  if (fg == std::string::npos) return std::nullopt;
  auto rgb = Attr(fill->substr(fg), "rgb");
  if (!rgb || rgb->size() != 8) return std::nullopt;
  return static_cast<uint32_t>(std::stoul(rgb->substr(2), nullptr, 16));
}

}  // namespace jiaodu::plan_table::testing
