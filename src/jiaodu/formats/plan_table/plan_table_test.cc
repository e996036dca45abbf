#include "jiaodu/formats/plan_table/plan_table.h"

#include <gtest/gtest.h>

#include "jiaodu/formats/plan_file/plan_file.h"
#include "jiaodu/formats/plan_file/plan_test_util.h"
#include "jiaodu/formats/plan_table/plan_cell.h"
#include "jiaodu/formats/plan_table/plan_table_test_util.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu::plan_table {
namespace {

using testing::GridXlsx;
using testing::TestSheet;

const std::string kData = JIAODU_TEST_DATA_DIR;

class PlanTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = LoadIndicatorLibrary(kData + "/plans/indicator_library.toml");
    ASSERT_TRUE(lib) << lib.error().Describe();
    lib_ = std::move(*lib);
  }
  static PlanMeta Form() {
    PlanMeta m;
    m.name = "城关区“十四五”教育事业发展规划";
    m.issuer = "城关区人民政府";
    m.area = "990103";
    return m;
  }
  Result<PlanTableImport> Read(const std::string& bytes, const PlanMeta& form = Form()) {
    return ReadPlanTable(bytes, "指标表.xlsx", form, lib_);
  }
  // A one-row-header table (指标 / 2020年 / 2025年 / 指标属性 in A–D) with
  // `rows` under it: rows start at Excel row 2.
  Result<PlanTableImport> Simple(testing::Grid rows) {
    testing::Grid g = {{"指标", "2020年", "2025年", "指标属性"}};
    g.insert(g.end(), rows.begin(), rows.end());
    return Read(GridXlsx({{"Sheet1", g}}));
  }
  IndicatorLibrary lib_;
};

TEST_F(PlanTableTest, PublishedLayoutWithMergedHeaderGivesEveryRowAsPublished) {
  auto got = Read(GridXlsx({testing::PublishedSheet()}));
  ASSERT_TRUE(got) << got.error().Describe();
  const plans::Plan& p = *got->plan;
  const auto& rows = testing::PublishedRows();
  ASSERT_EQ(p.indicators.size(), rows.size());
  EXPECT_FALSE(got->template_layout);
  EXPECT_EQ(got->sheet, "表1");
  std::string group;
  int computed = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const plans::Indicator& ind = p.indicators[i];
    const testing::PublishedRow& row = rows[i];
    if (*row.group != '\0') group = row.group;
    EXPECT_EQ(ind.group, group) << "merged 类别 carried down, row " << i;
    // Each cell read back through the grammar gives the indicator's figures.
    auto as_cell = [](const testing::TestCell& c) {
      return c.kind == testing::TestCell::Kind::kNumber
                 ? Result<PlanCellValue>(PlanCellValue{std::nullopt, c.number, "", 0})
                 : ParsePlanCell(c.text);
    };
    auto base = as_cell(row.y2020);
    auto mid = as_cell(row.y2023);
    auto target = as_cell(row.y2025);
    ASSERT_TRUE(base && mid && target);
    EXPECT_EQ(ind.baseline_year, 2020);
    EXPECT_EQ(ind.baseline, base->value);
    EXPECT_EQ(ind.milestones.empty(), !mid->value) << ind.name.zh;
    if (mid->value) {
      EXPECT_EQ(ind.milestones[0].year, 2023);
      EXPECT_EQ(ind.milestones[0].value, *mid->value);
    }
    EXPECT_EQ(ind.target_year, 2025);
    EXPECT_EQ(ind.target, target->value.value_or(*base->value)) << "保持高水平 keeps the baseline";
    if (target->comparison) {
      EXPECT_EQ(ind.comparison, *target->comparison) << ind.name.zh;
    }
    EXPECT_EQ(ind.attribute, *plans::ParseAttribute(row.attribute));
    const LibraryIndicator* li = lib_.FindName(row.name);
    EXPECT_EQ(ind.source.kind == plans::Source::Kind::kFormula, li != nullptr) << ind.name.zh;
    if (li != nullptr) {
      ++computed;
      EXPECT_EQ(ind.id, li->id);
      EXPECT_EQ(ind.source.numerator, li->source.numerator);
    } else {
      EXPECT_EQ(ind.id, GeneratedIndicatorId(row.name));
    }
  }
  EXPECT_EQ(got->computed, computed);
  EXPECT_EQ(got->manual, static_cast<int>(rows.size()) - computed);
  // Units from the name's brackets leave the name; 万 is the unit 万个's.
  const plans::Indicator* places = nullptr;
  for (const auto& ind : p.indicators) {
    if (ind.name.zh == "新增公办基础教育学位") places = &ind;
  }
  ASSERT_NE(places, nullptr);
  EXPECT_EQ(places->unit, "万个");
  EXPECT_EQ(places->decimals, 2) << "the most decimals written (2.34)";
  // 儿童青少年总体近视率 ≤41.2%: lower is better.
  EXPECT_EQ(p.indicators[7].comparison, plans::Comparison::kAtMost);
  EXPECT_FALSE(p.indicators[7].higher_better);
  // The period and id default from the table and the area.
  EXPECT_EQ(p.start_year, 2021);
  EXPECT_EQ(p.end_year, 2025);
  EXPECT_EQ(p.id, "990103-2021-2025");
  EXPECT_EQ(p.name.zh, Form().name);
}

TEST_F(PlanTableTest, ImportedPlanStoredAsTomlReadsBackTheSame) {
  auto got = Read(GridXlsx({testing::PublishedSheet()}));
  ASSERT_TRUE(got) << got.error().Describe();
  auto back = ParsePlan(WritePlanToml(*got->plan), "p.toml");
  ASSERT_TRUE(back) << back.error().Describe();
  plans::testing::ExpectSamePlan(*got->plan, **back);
}

TEST_F(PlanTableTest, FilledTemplateImportsBackToTheSamePlan) {
  auto demo = LoadPlanFile(kData + "/plans/demo-city-14th.toml");
  ASSERT_TRUE(demo) << demo.error().Describe();
  auto bytes = PlanTemplateXlsx(lib_, demo->get());
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto got = Read(*bytes, PlanMeta{});  // metadata from the 规划信息 sheet
  ASSERT_TRUE(got) << got.error().Describe();
  EXPECT_TRUE(got->template_layout);
  EXPECT_EQ(got->sheet, kIndicatorSheet);
  plans::testing::ExpectSamePlan(**demo, *got->plan, plans::testing::Fields::kTable);
}

TEST_F(PlanTableTest, BlankTemplateExampleRowImports) {
  auto bytes = PlanTemplateXlsx(lib_);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = xlsx::ReadXlsx(*bytes, "t.xlsx");
  ASSERT_TRUE(book);
  ASSERT_NE(book->Find(kInfoSheet), nullptr);
  ASSERT_NE(book->Find(kIndicatorSheet), nullptr);
  auto got = Read(*bytes);
  ASSERT_TRUE(got) << got.error().Describe();
  ASSERT_EQ(got->plan->indicators.size(), 1u);
  const plans::Indicator& ind = got->plan->indicators[0];
  EXPECT_EQ(ind.source.kind, plans::Source::Kind::kFormula);
  EXPECT_EQ(ind.milestones.size(), 1u);
  EXPECT_EQ(got->computed, 1);
}

TEST_F(PlanTableTest, FormFieldsWinOverThePlanInfoSheet) {
  auto demo = LoadPlanFile(kData + "/plans/demo-city-14th.toml");
  ASSERT_TRUE(demo);
  auto bytes = PlanTemplateXlsx(lib_, demo->get());
  ASSERT_TRUE(bytes);
  PlanMeta form;
  form.id = "other-id";
  form.doc_number = "某政发〔2022〕1号";
  auto got = Read(*bytes, form);
  ASSERT_TRUE(got) << got.error().Describe();
  EXPECT_EQ(got->plan->id, form.id);
  EXPECT_EQ(got->plan->doc_number, form.doc_number);
  EXPECT_EQ(got->plan->issuer, (*demo)->issuer) << "not in the form: from the sheet";
}

// --- Refusals: each names the sheet, the row and the column -------------

void ExpectPlaced(const Result<PlanTableImport>& got, const char* id, int row, const char* column) {
  ASSERT_FALSE(got) << "accepted";
  const Error& e = got.error();
  EXPECT_EQ(e.id, id) << e.Describe();
  EXPECT_EQ(e.where.file, "指标表.xlsx");
  EXPECT_EQ(e.where.sheet, "Sheet1") << e.Describe();
  EXPECT_EQ(e.where.row, row) << e.Describe();
  EXPECT_EQ(e.where.column.substr(0, std::string(column).size()), column) << e.Describe();
}

TEST_F(PlanTableTest, ApproximateTargetRefusesTheFileNamingRowAndColumn) {
  auto got = Simple({{"指标甲", "80%", "≥90%", "预期性"}, {"指标乙", "80%", "约95", "预期性"}});
  ExpectPlaced(got, "plan.table_bad_cell", 3, "C");
  const std::string d = got.error().Describe();
  EXPECT_NE(d.find("第 3 行"), std::string::npos) << d;
  EXPECT_NE(d.find("C (2025年) 列"), std::string::npos) << d;
  EXPECT_NE(d.find("“约95”不是数值"), std::string::npos) << d;
  EXPECT_NE(d.find("整个文件未导入"), std::string::npos) << d;
}

TEST_F(PlanTableTest, TextInAYearColumnIsRefused) {
  ExpectPlaced(Simple({{"指标甲", "大幅提高", "≥90%", ""}}), "plan.table_bad_cell", 2, "B");
}

TEST_F(PlanTableTest, DuplicateIndicatorNamesAreRefusedAtTheSecondRow) {
  ExpectPlaced(
      Simple(
          {{"指标甲", "1", "2", ""}, {"指标丙", "1", "2", ""}, {"1. 指标甲（%）", "1", "2", ""}}),
      "plan.table_duplicate", 4, "A");
}

TEST_F(PlanTableTest, TwoNamesOfOneLibraryIndicatorAreRefused) {
  ExpectPlaced(Simple({{"中小学生体质健康优良率", "50%", "58%", ""},
                       {"学生体质健康优良率", "50%", "58%", ""}}),
               "plan.table_duplicate", 3, "A");
}

TEST_F(PlanTableTest, UnknownAttributeIsRefused) {
  ExpectPlaced(Simple({{"指标甲", "1", "2", "重要"}}), "plan.bad_attribute", 2, "D");
}

TEST_F(PlanTableTest, UnitsThatDisagreeAreRefused) {
  ExpectPlaced(Simple({{"学位数（万个）", "1.5万", "23400个", ""}}), "plan.table_unit", 2, "C");
}

TEST_F(PlanTableTest, MissingTargetIsRefused) {
  ExpectPlaced(Simple({{"指标甲", "80%", "", "约束性"}}), "plan.table_missing", 2, "C");
}

TEST_F(PlanTableTest, KeepingALevelWithoutAFigureNeedsABaseline) {
  ExpectPlaced(Simple({{"指标甲", "", "保持高水平", ""}}), "plan.table_missing", 2, "C");
}

TEST_F(PlanTableTest, EveryProblemIsListedNotOnlyTheFirst) {
  auto got = Simple({{"指标甲", "约80", "≥90%", ""}, {"指标乙", "80%", "90%-95%", "x"}});
  ASSERT_FALSE(got);
  ASSERT_FALSE(got.error().context.empty());
  const std::string more = got.error().context.back().zh;
  EXPECT_NE(more.find("另有 1 处问题"), std::string::npos) << more;
  EXPECT_NE(more.find("第 3 行"), std::string::npos) << more;
}

TEST_F(PlanTableTest, TemplateSourceThatIsNoLibraryIdIsRefused) {
  testing::Grid g = {{"指标", "目标年", "目标值", "数据来源"}, {"指标甲", 2025, 90, "体测系统"}};
  auto got = Read(GridXlsx({{"Sheet1", g}}));
  ExpectPlaced(got, "plan.table_source", 2, "D");
}

TEST_F(PlanTableTest, MilestoneAfterTheTargetIsRefusedOnItsRow) {
  testing::Grid g = {{"指标", "基期年", "基期值", "中期目标", "目标年", "目标值"},
                     {"指标甲", 2020, 1, "2026年：2", 2025, 3}};
  auto got = Read(GridXlsx({{"Sheet1", g}}));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().id, "plan.invalid_indicator");
  EXPECT_EQ(got.error().where.row, 2);
  EXPECT_EQ(got.error().where.sheet, "Sheet1");
}

TEST_F(PlanTableTest, MissingPlanNameIsRefused) {
  testing::Grid g = {{"指标", "2020年", "2025年"}, {"指标甲", "1", "2"}};
  PlanMeta form;
  form.area = "990103";
  auto got = Read(GridXlsx({{"Sheet1", g}}), form);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().id, "plan.table_meta");
}

// --- Odd input: never a crash, always a reason --------------------------

TEST_F(PlanTableTest, EmptySheetsHaveNoHeader) {
  auto got = Read(GridXlsx({{"Sheet1", {}}, {"Sheet2", {{""}}}}));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().id, "plan.table_no_sheet");
  EXPECT_NE(got.error().message.zh.find("Sheet1"), std::string::npos);
}

TEST_F(PlanTableTest, HeaderWithoutRowsIsRefused) {
  auto got = Simple({});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().id, "plan.table_no_rows");
}

TEST_F(PlanTableTest, TwoColumnsOfOneYearAreRefused) {
  testing::Grid g = {{"指标", "2025年", "2025年目标"}, {"指标甲", "1", "2"}};
  auto got = Read(GridXlsx({{"Sheet1", g}}));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().id, "plan.table_conflict");
}

TEST_F(PlanTableTest, NotAWorkbookIsRefusedByTheReader) {
  auto got = Read("指标,2020年\n");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().id.substr(0, 5), "xlsx.");
}

TEST_F(PlanTableTest, SectionRowsAndNotesAreNotIndicators) {
  auto got = Simple({{"一、学前教育", "", "", ""},
                     {"1. 指标甲", "1", "2", ""},
                     {"（二）义务教育", "", "", ""},
                     {"指标乙", "3", "≤2", ""},
                     {"注：本表数据为示例。", "", "", ""},
                     {"指标丙", "不是数", "x", ""}});
  ASSERT_TRUE(got) << got.error().Describe();
  ASSERT_EQ(got->plan->indicators.size(), 2u);
  EXPECT_EQ(got->plan->indicators[0].group, "学前教育");
  EXPECT_EQ(got->plan->indicators[0].name.zh, "指标甲");
  EXPECT_EQ(got->plan->indicators[1].group, "义务教育");
  EXPECT_EQ(got->plan->indicators[1].comparison, plans::Comparison::kAtMost);
}

TEST_F(PlanTableTest, GeneratedIdsDependOnTheNameOnly) {
  EXPECT_EQ(GeneratedIndicatorId("1. 指标甲（%）"), GeneratedIndicatorId("指标甲"));
  EXPECT_NE(GeneratedIndicatorId("指标甲"), GeneratedIndicatorId("指标乙"));
}

}  // namespace
}  // namespace jiaodu::plan_table
