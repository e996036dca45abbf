#include "jiaodu/formats/school_eval_table/school_eval_workbook.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "jiaodu/formats/quality_file/quality_file.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu {
namespace {

quality::HsScheme Example() {
  std::ifstream in(std::string(JIAODU_TEST_DATA_DIR) + "/quality/hs-scheme-example.toml");
  std::ostringstream ss;
  ss << in.rdbuf();
  auto s = ParseHsScheme(ss.str(), "hs-scheme-example.toml");
  EXPECT_TRUE(s) << s.error().Describe();
  return std::move(*s);
}

const std::vector<SchoolEvalSchool> kSchools = {{"3201000001", "一中"}, {"3201000002", "二中"}};

// A CSV with the template's header and the given data lines.
std::string Csv(const quality::HsScheme& scheme, const std::string& lines, size_t drop = 99) {
  std::string head = "学校标识码,学校名称";
  for (size_t i = 0; i < scheme.indicators().size(); ++i) {
    if (i != drop) head += "," + SchoolEvalColumnHeader(scheme.indicators()[i]);
  }
  return head + "\n" + lines;
}

// The ten values of the example scheme (A1 … E3) for one row.
const std::string kRow = "90,0.97,85,0.2,0.95,0.004,88,0.5,0.7,80";

TEST(SchoolEvalWorkbook, TheTemplateListsTheSchoolsAndReadsBackAsEmpty) {
  const quality::HsScheme scheme = Example();
  auto bytes = SchoolEvalTemplateXlsx(scheme, 2025, kSchools);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = xlsx::ReadXlsx(*bytes, "t.xlsx");
  ASSERT_TRUE(book);
  const xlsx::Sheet* sheet = book->Find(kSchoolEvalSheet);
  ASSERT_NE(sheet, nullptr);
  EXPECT_EQ(sheet->At(1, 2)->text, "A1 办学方向与德育（专家组评分）");
  EXPECT_EQ(sheet->At(3, 0)->text, "3201000002");
  // Read back untouched: both schools, every value missing.
  const SchoolEvalRead read = ReadSchoolEvalWorkbook(*bytes, "t.xlsx", scheme, kSchools);
  ASSERT_TRUE(read.ok()) << read.errors[0].Describe();
  ASSERT_EQ(read.inputs.size(), 2u);
  EXPECT_TRUE(read.inputs[0].values.empty());
}

TEST(SchoolEvalWorkbook, ValuesAndPercentagesAreReadExactly) {
  const quality::HsScheme scheme = Example();
  const SchoolEvalRead read =
      ReadSchoolEvalWorkbook(Csv(scheme, "3201000001,一中," + kRow + "\n,二中,70,95%,,,,,,,,\n"),
                             "v.csv", scheme, kSchools);
  ASSERT_TRUE(read.ok()) << read.errors[0].Describe();
  ASSERT_EQ(read.inputs.size(), 2u);
  EXPECT_EQ(read.inputs[0].values.size(), 10u);
  EXPECT_EQ(read.inputs[0].values.at("D1"), 0.004);
  EXPECT_EQ(read.inputs[1].school, "3201000002");   // matched by name
  EXPECT_EQ(read.inputs[1].values.at("B1"), 0.95);  // "95%", exactly
  EXPECT_EQ(read.inputs[1].values.size(), 2u);      // blanks are missing values
  EXPECT_EQ(read.values, 12u);
}

TEST(SchoolEvalWorkbook, UnknownSchoolOutOfRangeAndDuplicateRowsAreNamedByRowAndColumn) {
  const quality::HsScheme scheme = Example();
  const SchoolEvalRead read = ReadSchoolEvalWorkbook(
      Csv(scheme, "3201000001,一中," + kRow + "\n3201999999,无名中学," + kRow +
                      "\n3201000002,二中,90,1.5,85,0.2,0.95,0.004,88,0.5,0.7,80\n3201000001,一中," +
                      kRow + "\n3201000002,二中,abc,,,,,,,,,\n"),
      "bad.csv", scheme, kSchools);
  ASSERT_EQ(read.errors.size(), 4u);
  EXPECT_EQ(read.errors[0].id, "school_eval_import.unknown_school");
  EXPECT_EQ(read.errors[0].where.row, 3);
  EXPECT_EQ(read.errors[0].where.column, "A");
  EXPECT_NE(read.errors[0].message.zh.find("3201999999"), std::string::npos);
  EXPECT_EQ(read.errors[1].id, "school_eval_import.out_of_range");
  EXPECT_EQ(read.errors[1].where.row, 4);
  EXPECT_EQ(read.errors[1].where.column, "D");  // B1, the 4th column
  EXPECT_EQ(read.errors[2].id, "school_eval_import.duplicate_school");
  EXPECT_EQ(read.errors[2].where.row, 5);
  EXPECT_NE(read.errors[2].message.zh.find("第 2 行"), std::string::npos);
  EXPECT_EQ(read.errors[3].id, "school_eval_import.duplicate_school");
}

TEST(SchoolEvalWorkbook, AMissingIndicatorColumnAndATextValueAreRefused) {
  const quality::HsScheme scheme = Example();
  const SchoolEvalRead missing = ReadSchoolEvalWorkbook(
      Csv(scheme, "3201000001,一中,1,2,3,4,5,6,7,8,9\n", 3), "m.csv", scheme, kSchools);
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].id, "school_eval_import.missing_column");
  EXPECT_NE(missing.errors[0].message.zh.find("C1 研究生学历教师比例"), std::string::npos);
  const SchoolEvalRead text = ReadSchoolEvalWorkbook(Csv(scheme, "3201000001,一中,优秀,,,,,,,,,\n"),
                                                     "t.csv", scheme, kSchools);
  ASSERT_EQ(text.errors.size(), 1u);
  EXPECT_EQ(text.errors[0].id, "school_eval_import.not_a_number");
  EXPECT_EQ(text.errors[0].where.column, "C");
  EXPECT_TRUE(text.inputs.empty() || !text.ok());
}

}  // namespace
}  // namespace jiaodu
