#include "jiaodu/formats/pdf/task_notice.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jiaodu/formats/pdf/pdf_test_util.h"

namespace jiaodu {
namespace {

using pdf::testutil::PageCount;
using pdf::testutil::PageText;
using pdf::testutil::Squeeze;
using pdf::testutil::TempPdf;
using ::testing::HasSubstr;

TEST(SupervisionNoticePdf, OnePageWithNumberUnitTaskReasonAndNewDeadline) {
  SupervisionNotice n;
  n.issuer = "示范市教育局";
  n.office = "督查科";
  n.number = "督办〔2026〕3号";
  n.date = "2026-11-25";
  n.to_unit = "基础教育科";
  n.co_units = {"城关区教育局", "各县（市、区）教育局"};
  n.task_id = "DB005";
  n.title = "全面消除56人以上大班额";
  n.clause = "《示范市“十四五”教育事业发展规划》重点任务";
  n.target = "大班额清零";
  n.owner = "孙明";
  n.deadline = "2026-11-13";
  n.overdue = "已逾期 12 天";
  n.reason = "逾期未完成，下发督办通知单";
  n.new_due = "2026-12-20";
  n.sequence = 2;
  auto bytes = SupervisionNoticePdf(n);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  ASSERT_EQ(bytes->substr(0, 5), "%PDF-");
  if (!pdf::testutil::PopplerAvailable()) GTEST_SKIP() << "poppler-utils not installed";
  TempPdf pdf(*bytes);
  EXPECT_EQ(PageCount(pdf.path()), 1);
  const std::string text = Squeeze(PageText(pdf.path(), 1));
  EXPECT_THAT(text, HasSubstr("督办〔2026〕3号"));
  EXPECT_THAT(text, HasSubstr("基础教育科："));
  EXPECT_THAT(text, HasSubstr("全面消除56人以上大班额"));
  EXPECT_THAT(text, HasSubstr("2026年12月20日"));
  EXPECT_THAT(text, HasSubstr("第2次督办"));
  EXPECT_THAT(text, HasSubstr("抄送：城关区教育局、各县（市、区）教育局"));
}

}  // namespace
}  // namespace jiaodu
