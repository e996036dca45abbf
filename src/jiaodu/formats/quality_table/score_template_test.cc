#include "jiaodu/formats/quality_table/score_template.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "jiaodu/formats/quality_file/quality_file.h"
#include "jiaodu/formats/quality_table/score_reader.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu {
namespace {

quality::CutScoreSet Cuts() {
  std::ifstream in(std::string(JIAODU_TEST_DATA_DIR) + "/quality/cuts-example-2025-spring-g8.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  return *ParseCutScoreSet(ss.str(), "cuts.toml");
}

std::vector<std::string> HeaderRow(const std::string& bytes) {
  auto book = xlsx::ReadXlsx(bytes, "t.xlsx");
  EXPECT_TRUE(book) << book.error().Describe();
  const xlsx::Sheet* s = book->Find("成绩");
  EXPECT_NE(s, nullptr);
  std::vector<std::string> out;
  for (const xlsx::Cell& c : s->rows.at(1)) out.push_back(c.text);
  return out;
}

TEST(ScoreTemplate, LongLayoutHasTheReadersHeadersAndReadsBackEmpty) {
  const auto cuts = Cuts();
  auto bytes = ScoreTemplateXlsx({.cuts = &cuts});
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  EXPECT_EQ(HeaderRow(*bytes),
            (std::vector<std::string>{"学校标识码", "学校名称", "年级", "班级", "学籍号", "姓名",
                                      "性别", "科目", "成绩", "家庭背景指数", "前测成绩"}));
  // Read back: the header is found (below the note row) and the file is empty.
  const std::vector<ScoreFile> files = {{"t.xlsx", *bytes}};
  ScoreReadOptions o;
  o.cuts = &cuts;
  const ScoreRead r = ReadScoreFiles(files, o);
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "quality_import.empty");
}

TEST(ScoreTemplate, WideLayoutHasOneColumnPerSubjectOfTheCuts) {
  const auto cuts = Cuts();
  auto bytes = ScoreTemplateXlsx(
      {.cuts = &cuts, .wide = true, .intake = false, .schools = {{"3299000001", "一中"}}});
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  const auto headers = HeaderRow(*bytes);
  ASSERT_EQ(headers.size(), 10u);
  EXPECT_EQ(headers[7], "语文");
  EXPECT_EQ(headers[8], "数学");
  EXPECT_EQ(headers[9], "英语");
  auto book = xlsx::ReadXlsx(*bytes, "t.xlsx");
  ASSERT_TRUE(book);
  EXPECT_NE(book->Find("填表说明"), nullptr);
  EXPECT_NE(book->Find("学校名单"), nullptr);
}

}  // namespace
}  // namespace jiaodu
