#include "jiaodu/formats/pdf/plan_pdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jiaodu/formats/pdf/pdf_test_util.h"
#include "jiaodu/formats/plan_file/plan_file.h"
#include "jiaodu/formats/plan_table/plan_table_test_util.h"

namespace jiaodu {
namespace {

using pdf::testutil::PageCount;
using pdf::testutil::RawText;
using pdf::testutil::Squeeze;
using pdf::testutil::TempPdf;
using ::testing::HasSubstr;

const std::string kData = JIAODU_TEST_DATA_DIR;

std::shared_ptr<const plans::Plan> Demo() {
  auto plan = LoadPlanFile(kData + "/plans/demo-city-14th.toml");
  EXPECT_TRUE(plan) << plan.error().Describe();
  return plan ? *plan : nullptr;
}

TEST(PlanPdf, DemoPlanFitsOnePageWithTitleCountsAndEveryIndicator) {
  auto plan = Demo();
  ASSERT_NE(plan, nullptr);
  const plan_table::PlanTracking t = plan_table::testing::SyntheticTracking(plan, 2024);
  auto bytes = PlanTrackingPdf(t);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  EXPECT_EQ(bytes->substr(0, 5), "%PDF-");
  if (!pdf::testutil::PopplerAvailable()) GTEST_SKIP() << "poppler-utils not installed";
  TempPdf pdf(*bytes);
  EXPECT_EQ(PageCount(pdf.path()), 1);
  double w = 0, h = 0;
  ASSERT_TRUE(pdf::testutil::PageSize(pdf.path(), &w, &h));
  EXPECT_GT(w, h) << "landscape";
  const std::string text = Squeeze(RawText(pdf.path()));
  EXPECT_THAT(text, HasSubstr(Squeeze(plan->name.zh)));
  EXPECT_THAT(text, HasSubstr(Squeeze(plan->doc_number)));
  EXPECT_THAT(text, HasSubstr("已达标：" + std::to_string(t.met)));
  EXPECT_THAT(text, HasSubstr("按进度：" + std::to_string(t.on_track)));
  EXPECT_THAT(text, HasSubstr("严重滞后：" + std::to_string(t.far_behind)));
  for (const plan_table::TrackedIndicator& ti : t.indicators) {
    EXPECT_THAT(text, HasSubstr(Squeeze(ti.indicator->name.zh)));
    EXPECT_THAT(text, HasSubstr(Squeeze(plan_table::GapText(*ti.indicator, ti.area.latest))));
  }
}

TEST(PlanPdf, LongPlanContinuesOnASecondPageInsteadOfClipping) {
  auto demo = Demo();
  ASSERT_NE(demo, nullptr);
  auto plan = std::make_shared<plans::Plan>(*demo);
  const std::vector<plans::Indicator> base = plan->indicators;
  for (int copy = 1; copy <= 3; ++copy) {
    for (plans::Indicator ind : base) {
      ind.id += "_" + std::to_string(copy);
      ind.name.zh += "（副本" + std::to_string(copy) + "）";
      plan->indicators.push_back(ind);
    }
  }
  const plan_table::PlanTracking t = plan_table::testing::SyntheticTracking(plan, 2024);
  auto bytes = PlanTrackingPdf(t);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  if (!pdf::testutil::PopplerAvailable()) GTEST_SKIP() << "poppler-utils not installed";
  TempPdf pdf(*bytes);
  EXPECT_GE(PageCount(pdf.path()), 2);
  const std::string text = Squeeze(RawText(pdf.path()));
  EXPECT_THAT(text, HasSubstr(Squeeze(plan->indicators.back().name.zh)));
}

}  // namespace
}  // namespace jiaodu
