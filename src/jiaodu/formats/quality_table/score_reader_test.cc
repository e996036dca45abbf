#include "jiaodu/formats/quality_table/score_reader.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "jiaodu/formats/quality_file/quality_file.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string Csv(const Rows& rows) {
  std::string out;
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + r[i];
    out += "\n";
  }
  return out;
}

// Numbers as number cells (as Excel stores typed scores), the rest and the
// identifier columns A, C, D as text.
std::string Xlsx(const Rows& rows, const std::string& sheet_name = "成绩") {
  auto book = xlsx::WorkbookWriter::CreateInMemory();
  EXPECT_TRUE(book);
  auto& sheet = book->AddSheet(sheet_name);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      char* end = nullptr;
      const double d = std::strtod(v.c_str(), &end);
      if (!v.empty() && end == v.c_str() + v.size() && r > 0 && c != 0 && c != 2 && c != 3) {
        sheet.WriteNumber(r, c, d);
      } else {
        sheet.WriteString(r, c, v);
      }
    }
  }
  auto bytes = book->FinishToBytes();
  EXPECT_TRUE(bytes);
  return bytes ? *bytes : std::string();
}

std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &o, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

quality::CutScoreSet Cuts() {
  std::ifstream in(std::string(JIAODU_TEST_DATA_DIR) + "/quality/cuts-example-2025-spring-g8.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  auto cuts = ParseCutScoreSet(ss.str(), "cuts.toml");
  EXPECT_TRUE(cuts) << cuts.error().Describe();
  return std::move(*cuts);
}

const std::vector<std::string> kLong = {"学校标识码", "学校名称", "班级",         "考号",    "性别",
                                        "科目",       "成绩",     "家庭背景指数", "前测成绩"};

Rows GoodLong() {
  return {kLong,
          {"3299000001", "一中", "1班", "K001", "男", "数学", "102", "0.35", "88"},
          {"3299000001", "一中", "1班", "K001", "男", "语文", "95.5", "0.35", "88"},
          {"3299000001", "一中", "2班", "K002", "女", "数学", "缺考", "", ""},
          {"3299000002", "二中", "1班", "K003", "2", "英语", "60", "-1.2", "70.5"}};
}

ScoreRead Read(const std::string& name, const std::string& bytes, const ScoreReadOptions& o) {
  const std::vector<ScoreFile> files = {{name, bytes}};
  return ReadScoreFiles(files, o);
}

ScoreReadOptions WithCuts(const quality::CutScoreSet& cuts) {
  ScoreReadOptions o;
  o.cuts = &cuts;
  o.grade = "八年级";
  return o;
}

TEST(ScoreReader, LongCsvReadsEveryScoreAndCountsAbsentees) {
  const auto cuts = Cuts();
  const ScoreRead r = Read("抽测.csv", Csv(GoodLong()), WithCuts(cuts));
  ASSERT_TRUE(r.ok()) << r.errors[0].Describe();
  EXPECT_EQ(r.rows, 4u);
  EXPECT_EQ(r.absent, 1u);
  ASSERT_EQ(r.scores.rows().size(), 3u);
  const quality::ScoreRow& first = r.scores.rows()[0];
  EXPECT_EQ(r.scores.schools()[first.school].code, "3299000001");
  EXPECT_EQ(r.scores.schools()[first.school].name, "一中");
  EXPECT_EQ(r.scores.classes()[first.klass].label, "1班");
  EXPECT_EQ(r.scores.student_id(first.student), "K001");
  EXPECT_EQ(first.sex, quality::Sex::kMale);
  EXPECT_EQ(r.scores.subjects()[first.subject], "数学");
  EXPECT_EQ(r.scores.grades()[first.grade], "八年级");
  EXPECT_DOUBLE_EQ(first.score, 102);
  EXPECT_DOUBLE_EQ(first.background, 0.35);
  EXPECT_DOUBLE_EQ(first.prior, 88);
  EXPECT_EQ(first.source_row, 2u);
  EXPECT_EQ(r.scores.rows()[2].sex, quality::Sex::kFemale);
}

TEST(ScoreReader, Gb18030CsvReadsTheSame) {
  const auto cuts = Cuts();
  const ScoreRead r = Read("抽测.csv", ToGb18030(Csv(GoodLong())), WithCuts(cuts));
  ASSERT_TRUE(r.ok()) << r.errors[0].Describe();
  EXPECT_EQ(r.scores.rows().size(), 3u);
  EXPECT_EQ(r.scores.schools()[0].name, "一中");
}

TEST(ScoreReader, WideXlsxHasOneColumnPerSubjectAndIgnoresOthers) {
  const auto cuts = Cuts();
  const Rows rows = {
      {"全市八年级抽测成绩"},  // a title row above the header
      {"学校名称", "班级", "学籍号", "姓名", "语文（满分120）", "数 学", "英语", "总分"},
      {"一中", "1班", "G001", "张三", "100", "110.5", "缺考", "210.5"},
      {"二中", "1班", "G002", "李四", "80", "", "75", "155"}};
  const ScoreRead r = Read("抽测.xlsx", Xlsx(rows), WithCuts(cuts));
  ASSERT_TRUE(r.ok()) << r.errors[0].Describe();
  EXPECT_EQ(r.scores.rows().size(), 4u);
  EXPECT_EQ(r.absent, 2u);
  EXPECT_EQ(r.ignored_columns, std::vector<std::string>{"总分"});  // 姓名 is known, unused
  EXPECT_EQ(r.scores.schools()[0].key(), "一中");                  // no code column: keyed by name
  EXPECT_DOUBLE_EQ(r.scores.rows()[1].score, 110.5);
  EXPECT_EQ(r.scores.rows()[0].source_row, 3u);
}

TEST(ScoreReader, TheFixtureOfTheNumpyCheckReads) {
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/quality/anova_check.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  const ScoreRead r = Read("anova_check.csv", ss.str(), {});
  ASSERT_TRUE(r.ok()) << r.errors[0].Describe();
  EXPECT_EQ(r.scores.rows().size(), 162u);
  EXPECT_EQ(r.scores.schools().size(), 8u);
  EXPECT_EQ(r.scores.student_count(), 81u);
}

// One bad cell in an otherwise good file: the error's id, row and column.
struct Case {
  std::string name;
  size_t row;  // 0-based into GoodLong()
  size_t col;  // 0-based
  std::string value;
  std::string id;
  std::string column;  // the expected column label
};

TEST(ScoreReader, EveryCellErrorNamesFileSheetRowAndColumn) {
  const auto cuts = Cuts();
  const std::vector<Case> cases = {
      {"school", 1, 0, "", "quality_import.no_school", ""},
      {"student", 1, 3, "", "quality_import.student_id_missing", "D (考号)"},
      {"long id", 1, 3, std::string(65, '9'), "quality_import.student_id_invalid", "D (考号)"},
      {"sex", 1, 4, "男生", "quality_import.sex_invalid", "E (性别)"},
      {"subject", 1, 5, "", "quality_import.subject_missing", "F (科目)"},
      {"unknown subject", 1, 5, "物理", "quality_import.subject_unknown", "G (成绩)"},
      {"score text", 1, 6, "九十", "quality_import.score_invalid", "G (成绩)"},
      {"over full marks", 1, 6, "121", "quality_import.score_out_of_range", "G (成绩)"},
      {"negative", 1, 6, "-1", "quality_import.score_out_of_range", "G (成绩)"},
      {"background", 1, 7, "高", "quality_import.value_invalid", "H (家庭背景指数)"},
      {"prior", 1, 8, "八十", "quality_import.value_invalid", "I (前测成绩)"},
  };
  for (const Case& c : cases) {
    Rows rows = GoodLong();
    rows[c.row][c.col] = c.value;
    if (c.name == "school") rows[c.row][1] = "";  // both school columns blank
    for (const std::string name : {"抽测.csv", "抽测.xlsx"}) {
      const std::string bytes = name.ends_with(".csv") ? Csv(rows) : Xlsx(rows);
      const ScoreRead r = Read(name, bytes, WithCuts(cuts));
      ASSERT_EQ(r.error_count, 1u) << c.name << " " << name;
      const Error& e = r.errors[0];
      EXPECT_EQ(e.id, c.id) << c.name;
      EXPECT_EQ(e.where.file, name) << c.name;
      EXPECT_EQ(e.where.sheet, name.ends_with(".xlsx") ? "成绩" : "") << c.name;
      EXPECT_EQ(e.where.row, static_cast<int>(c.row + 1)) << c.name;
      if (!c.column.empty()) {
        EXPECT_EQ(e.where.column, c.column) << c.name;
      }
      EXPECT_FALSE(e.message.zh.empty());
      EXPECT_NE(e.Describe().find("第 2 行"), std::string::npos) << e.Describe();
    }
  }
}

TEST(ScoreReader, ASecondScoreForTheSameStudentAndSubjectIsRefused) {
  Rows rows = GoodLong();
  rows.push_back({"3299000001", "一中", "1班", "K001", "男", "数学", "90", "0.35", "88"});
  const ScoreRead r = Read("a.csv", Csv(rows), {});
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "quality_import.duplicate_score");
  EXPECT_EQ(r.errors[0].where.row, 6);
}

TEST(ScoreReader, AStudentInTwoSchoolsIsRefused) {
  Rows rows = GoodLong();
  rows.push_back({"3299000002", "二中", "1班", "K001", "男", "英语", "90", "", ""});
  const ScoreRead r = Read("a.csv", Csv(rows), {});
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "quality_import.student_conflict");
}

TEST(ScoreReader, UnknownSchoolsAreRefusedWhenAListIsGiven) {
  ScoreReadOptions o;
  o.known_schools = {"3299000001"};
  const ScoreRead r = Read("a.csv", Csv(GoodLong()), o);
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "quality_import.unknown_school");
  EXPECT_EQ(r.errors[0].where.row, 5);
  EXPECT_EQ(r.errors[0].where.column, "A (学校标识码)");
}

TEST(ScoreReader, HeaderProblems) {
  // No header at all.
  ScoreRead r = Read("a.csv", Csv({{"姓名", "分数"}, {"张三", "90"}}), {});
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "quality_import.no_header");
  // School and student but no score column (a wide file without known subjects).
  r = Read("a.csv", Csv({{"学校名称", "考号", "物理"}, {"一中", "K1", "90"}}), {});
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "quality_import.no_score_column");
  EXPECT_EQ(r.errors[0].where.row, 1);
  // The same column twice.
  Rows dup = GoodLong();
  dup[0].push_back("考号");
  for (size_t i = 1; i < dup.size(); ++i) dup[i].resize(dup[0].size());
  r = Read("a.csv", Csv(dup), {});
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "quality_import.duplicate_column");
  EXPECT_EQ(r.errors[0].where.column, "J (考号)");
}

TEST(ScoreReader, AFileWithoutScoresIsEmpty) {
  ScoreRead r = Read("a.csv", Csv({kLong}), {});
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "quality_import.empty");
  r = Read("a.csv", Csv({kLong, {"1", "一中", "1班", "K1", "男", "数学", "缺考", "", ""}}), {});
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "quality_import.empty");
  EXPECT_EQ(r.absent, 1u);
}

TEST(ScoreReader, DamagedFilesFailWithTheReadersErrors) {
  ScoreRead r = Read("a.xlsx", "this is not a workbook", {});
  ASSERT_EQ(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "xlsx.not_xlsx");
  r = Read("a.csv", "学校名称,考号,科目,成绩\n\"一中,K1,数学,90\n", {});
  ASSERT_GE(r.error_count, 1u);
  EXPECT_EQ(r.errors[0].id, "csv.unterminated_quote");
}

TEST(ScoreReader, ErrorsBeyondTheLimitAreCountedNotKept) {
  Rows rows = {kLong};
  for (int i = 0; i < 50; ++i) {
    rows.push_back({"1", "一中", "1班", "K" + std::to_string(i), "男", "数学", "x", "", ""});
  }
  ScoreReadOptions o;
  o.max_errors = 10;
  const ScoreRead r = Read("a.csv", Csv(rows), o);
  EXPECT_EQ(r.error_count, 50u);
  EXPECT_EQ(r.errors.size(), 10u);
}

}  // namespace
}  // namespace jiaodu
