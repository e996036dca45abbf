#include "jiaodu/formats/plan_table/plan_report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

#include "jiaodu/core/number.h"
#include "jiaodu/formats/plan_file/plan_file.h"
#include "jiaodu/formats/plan_table/plan_table_test_util.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu::plan_table {
namespace {

const std::string kData = JIAODU_TEST_DATA_DIR;

class PlanReportXlsxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto plan = LoadPlanFile(kData + "/plans/demo-city-14th.toml");
    ASSERT_TRUE(plan) << plan.error().Describe();
    tracking_ = testing::SyntheticTracking(*plan, 2024);
    auto bytes = PlanTrackingXlsx(tracking_);
    ASSERT_TRUE(bytes) << bytes.error().Describe();
    bytes_ = *bytes;
    auto book = xlsx::ReadXlsx(bytes_, "t.xlsx");
    ASSERT_TRUE(book) << book.error().Describe();
    book_ = std::move(*book);
  }
  // The header row of 跟踪表 and the column of a header label.
  size_t HeaderRow() const {
    const xlsx::Sheet& s = book_.sheets[0];
    for (size_t r = 0; r < s.rows.size(); ++r) {
      if (s.At(r, 1) && s.At(r, 1)->text == "指标") return r;
    }
    return 0;
  }
  size_t Col(std::string_view label) const {
    const xlsx::Sheet& s = book_.sheets[0];
    const size_t hr = HeaderRow();
    for (size_t c = 0; c < s.rows[hr].size(); ++c) {
      if (s.rows[hr][c].text == label) return c;
    }
    ADD_FAILURE() << "no column " << label;
    return 0;
  }
  PlanTracking tracking_;
  std::string bytes_;
  xlsx::Workbook book_;
};

TEST_F(PlanReportXlsxTest, OneRowPerIndicatorWithEveryYearsValueAndTheStatus) {
  const xlsx::Sheet& s = book_.sheets[0];
  EXPECT_EQ(s.name, "跟踪表");
  const size_t hr = HeaderRow();
  ASSERT_GT(hr, 0u);
  for (size_t i = 0; i < tracking_.indicators.size(); ++i) {
    const TrackedIndicator& ti = tracking_.indicators[i];
    const size_t r = hr + 1 + i;
    ASSERT_NE(s.At(r, 1), nullptr);
    EXPECT_EQ(s.At(r, 1)->text, ti.indicator->name.zh);
    EXPECT_EQ(s.At(r, 0)->text, ti.indicator->group);
    for (size_t k = 0; k < tracking_.years.size(); ++k) {
      const TrackedCell& c = ti.area.cells[k];
      const xlsx::Cell* cell = s.At(r, Col(fmt::format("{}年", c.year)));
      if (c.value) {
        ASSERT_NE(cell, nullptr);
        EXPECT_EQ(cell->type, xlsx::Cell::Type::kNumber);
        EXPECT_DOUBLE_EQ(cell->number, *c.value) << ti.indicator->id << " " << c.year;
      } else {
        EXPECT_TRUE(cell == nullptr || cell->empty());
      }
    }
    EXPECT_EQ(s.At(r, Col("状态"))->text, plans::ProgressStatusName(ti.area.latest.status));
    EXPECT_EQ(s.At(r, Col("差距"))->text, GapText(*ti.indicator, ti.area.latest));
    EXPECT_DOUBLE_EQ(s.At(r, Col("目标值"))->number, ti.indicator->target);
    if (ti.area.latest.required) {
      EXPECT_DOUBLE_EQ(s.At(r, Col("按进度应达"))->number, *ti.area.latest.required);
    }
  }
}

TEST_F(PlanReportXlsxTest, YearCellsAreFilledWithTheirStatusColour) {
  const size_t hr = HeaderRow();
  int checked = 0;
  std::set<plans::ProgressStatus> seen;
  for (size_t i = 0; i < tracking_.indicators.size(); ++i) {
    const TrackedIndicator& ti = tracking_.indicators[i];
    for (const TrackedCell& c : ti.area.cells) {
      if (!c.value) continue;
      const std::string ref = xlsx::CellRef(hr + 1 + i, Col(fmt::format("{}年", c.year)));
      auto fill = testing::FillOf(bytes_, 1, ref);
      ASSERT_TRUE(fill) << ref;
      EXPECT_EQ(*fill, ColorsOf(c.status).fill) << ti.indicator->id << " " << c.year;
      seen.insert(c.status);
      ++checked;
    }
    const std::string status_ref = xlsx::CellRef(hr + 1 + i, Col("状态"));
    EXPECT_EQ(testing::FillOf(bytes_, 1, status_ref), ColorsOf(ti.area.latest.status).fill);
  }
  EXPECT_GT(checked, 0);
  EXPECT_GE(seen.size(), 3u) << "the synthetic tracking shows several statuses";
}

TEST_F(PlanReportXlsxTest, HandEnteredValuesShowTheirEvidence) {
  const xlsx::Sheet& s = book_.sheets[0];
  const size_t hr = HeaderRow();
  int manual = 0;
  for (size_t i = 0; i < tracking_.indicators.size(); ++i) {
    for (const TrackedCell& c : tracking_.indicators[i].area.cells) {
      if (c.origin != ValueOrigin::kManual) continue;
      ++manual;
      EXPECT_NE(s.At(hr + 1 + i, Col("人工填报佐证"))->text.find(c.evidence), std::string::npos);
    }
  }
  EXPECT_GT(manual, 0);
}

TEST_F(PlanReportXlsxTest, EachCountySplitIndicatorHasItsOwnSheet) {
  size_t split = 0;
  for (const TrackedIndicator& ti : tracking_.indicators) {
    if (ti.counties.empty()) continue;
    ++split;
    const xlsx::Sheet& s = book_.sheets[split];
    EXPECT_NE(s.name.find(ti.indicator->name.zh.substr(0, 9)), std::string::npos) << s.name;
    // One row for the plan's area, then one per county, in order.
    size_t hr = 0;
    while (hr < s.rows.size() && !(s.At(hr, 0) && s.At(hr, 0)->text == "县（市、区）")) ++hr;
    ASSERT_LT(hr, s.rows.size());
    for (size_t k = 0; k < ti.counties.size(); ++k) {
      EXPECT_EQ(s.At(hr + 2 + k, 1)->text, ti.counties[k].code);
      EXPECT_DOUBLE_EQ(s.At(hr + 2 + k, 2)->number, ti.counties[k].target);
    }
  }
  EXPECT_GT(split, 0u);
  EXPECT_EQ(book_.sheets.size(), 1 + split);
}

}  // namespace
}  // namespace jiaodu::plan_table
