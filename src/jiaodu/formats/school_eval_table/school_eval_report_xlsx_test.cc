#include <gtest/gtest.h>

#include "jiaodu/formats/school_eval_table/school_eval_report.h"
#include "jiaodu/formats/school_eval_table/school_eval_test_util.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu {
namespace {

TEST(SchoolEvalReportXlsx, TheBulletinListsRanksSubtotalsAndFlagsAsEvaluated) {
  const quality::HsScheme scheme = testing::OneExpertScheme();
  const quality::HsEvaluation ev =
      testing::TwoYears(scheme, {{"0001", "甲校", {{"X", 90}}}, {"0002", "乙校", {{"X", 55.5}}}});
  SchoolEvalReport report{&scheme, ev, {{"0002", "东区"}}, "全市"};
  auto bytes = SchoolEvalReportXlsx(report);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = xlsx::ReadXlsx(*bytes, "r.xlsx");
  ASSERT_TRUE(book);
  const xlsx::Sheet* sheet = book->Find("通报");
  ASSERT_NE(sheet, nullptr);
  EXPECT_EQ(sheet->At(2, 4)->text, "学校管理（100 分）");
  EXPECT_EQ(sheet->At(4, 0)->text, "2");  // 乙校, second
  EXPECT_EQ(sheet->At(4, 2)->text, "乙校");
  EXPECT_EQ(sheet->At(4, 3)->text, "东区");
  EXPECT_EQ(sheet->At(4, 5)->number, 55.5);
  EXPECT_EQ(sheet->At(4, 6)->text, "约谈");
  EXPECT_EQ(sheet->At(4, 7)->text, "连续两年靠后");
  EXPECT_EQ(sheet->At(3, 6), nullptr);  // 甲校 is not flagged
  ASSERT_NE(book->Find("指标得分"), nullptr);
  EXPECT_EQ(book->Find("指标得分")->At(1, 3)->number, 90);
}

}  // namespace
}  // namespace jiaodu
