#include "jiaodu/formats/pdf/school_eval_pdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jiaodu/formats/pdf/pdf_test_util.h"
#include "jiaodu/formats/school_eval_table/school_eval_test_util.h"

namespace jiaodu {
namespace {

using pdf::testutil::RawText;
using pdf::testutil::Squeeze;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(SchoolEvalPdf, TheBulletinPrintsRanksTotalsAndTheFlagsOfTheBottomSchools) {
  const quality::HsScheme scheme = jiaodu::testing::OneExpertScheme(/*example=*/true);
  const quality::HsEvaluation ev =
      jiaodu::testing::TwoYears(scheme, {{"3301000001", "第一高级中学", {{"X", 91.25}}},
                                         {"3301000002", "第二高级中学", {{"X", 90}}},
                                         {"3301000003", "第三高级中学", {{"X", 77.5}}}});
  SchoolEvalReport report{&scheme, ev, {{"3301000003", "东湖区"}}, "全市"};
  auto bytes = SchoolEvalPdf(report);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  ASSERT_EQ(bytes->substr(0, 5), "%PDF-");
  if (!pdf::testutil::PopplerAvailable()) GTEST_SKIP() << "poppler-utils not installed";
  pdf::testutil::TempPdf file(*bytes);
  const std::string text = Squeeze(RawText(file.path()));
  EXPECT_THAT(text, HasSubstr(Squeeze("2025年办学质量评价通报（全市）")));
  EXPECT_THAT(text, HasSubstr(Squeeze("格式示例")));
  EXPECT_THAT(text, HasSubstr("91.25"));
  EXPECT_THAT(text, HasSubstr("77.50"));
  EXPECT_THAT(text, HasSubstr(Squeeze("第三高级中学")));
  EXPECT_THAT(text, HasSubstr(Squeeze("东湖区")));
  EXPECT_THAT(text, HasSubstr(Squeeze("连续两年靠后")));
  // The last school's row carries both flags; the first school's none.
  EXPECT_THAT(text, HasSubstr(Squeeze("第三高级中学 东湖区 77.50 77.50 约谈 连续两年靠后")));
  EXPECT_THAT(text, Not(HasSubstr(Squeeze("91.25 91.25 约谈"))));
}

}  // namespace
}  // namespace jiaodu
