#include "jiaodu/formats/fitness_roster/roster_reader.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <string>
#include <vector>

#include "jiaodu/formats/fitness_file/test_util.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using fitness::kMissing;

// The national upload template's columns (docs/fitness.md), then vision.
const std::vector<std::string> kHeader = {
    "年级编号",       "班级编号",     "班级名称",     "学籍号",       "民族代码",
    "姓名",           "性别",         "出生日期",     "家庭住址",     "身高",
    "体重",           "肺活量",       "50米跑",       "坐位体前屈",   "一分钟跳绳",
    "一分钟仰卧起坐", "50米×8往返跑", "立定跳远",     "引体向上",     "800米跑",
    "1000米跑",       "左眼裸眼视力", "右眼裸眼视力", "左眼等效球镜", "右眼等效球镜"};

std::string Csv(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + r[i];
    out += "\n";
  }
  return out;
}

std::string Xlsx(const std::vector<std::vector<std::string>>& rows) {
  auto book = xlsx::WorkbookWriter::CreateInMemory();
  EXPECT_TRUE(book);
  auto& sheet = book->AddSheet("体测数据");
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      // Numbers as numbers, as Excel stores typed results.
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (!v.empty() && end == v.c_str() + v.size() && r > 0 && c != 3) {
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

std::vector<std::vector<std::string>> GoodRows() {
  return {
      kHeader,
      {"11",   "1101",  "一年级1班", "G110101200001011234",
       "01",   "张一",  "1",         "20170301",
       "",     "120.0", "22.0",      "1300",
       "10.2", "13.0",  "113",       "",
       "",     "",      "",          "",
       "",     "5.0",   "4.8",       "0.00",
       "-0.75"},
      {"22",   "2201",  "初二1班", "G110101200001015678",
       "01",   "李二",  "男",      "20110501",
       "",     "160.0", "66.0",    "3200",
       "7.9",  "9.0",   "",        "",
       "",     "240",   "17",      "",
       "3'38", "4.9",   "4.9",     "",
       ""},
      {"22",  "2201",  "初二1班", "G110101200001019999",
       "01",  "王三",  "2",       "20110601",
       "",    "155.0", "45.0",    "2500",
       "8.6", "16.0",  "",        "40",
       "",    "180",   "",        "3.5",
       "",    "",      "",        "",
       ""},
  };
}

class RosterReaderTest : public ::testing::Test {
 protected:
  RosterRead Read(const std::string& name, const std::string& bytes, std::string school = "S1") {
    RosterFile f{name, bytes};
    RosterReadOptions opt;
    opt.school = std::move(school);
    return ReadRosterFiles(*std_, vision_, std::span(&f, 1), opt);
  }
  std::shared_ptr<const fitness::FitnessStandard> std_ = testing::ShippedFitnessStandard();
  fitness::VisionRule vision_ = testing::ShippedVisionRule();
};

TEST_F(RosterReaderTest, NationalTemplateXlsxReadsEveryColumn) {
  RosterRead r = Read("一小.xlsx", Xlsx(GoodRows()));
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].Describe());
  ASSERT_EQ(r.roster.size(), 3u);
  const auto& boy = r.roster.row(1);
  EXPECT_EQ(boy.grade, 22);
  EXPECT_EQ(boy.height, 1600);
  EXPECT_EQ(r.roster.student_id(1), "G110101200001015678");
  EXPECT_EQ(r.roster.name(1), "李二");
  auto v = r.roster.values(1);
  EXPECT_EQ(v[static_cast<size_t>(std_->ItemIndex("run_1000"))], 218);
  EXPECT_EQ(v[static_cast<size_t>(std_->ItemIndex("run_50m"))], 79);
  // 800米 typed as the number 3.5 in Excel (3.50 → 3'50").
  EXPECT_EQ(r.roster.values(2)[static_cast<size_t>(std_->ItemIndex("run_800"))], 230);
  // Vision: right eye 4.8 with SE −0.75 → screening myopia.
  auto vis = fitness::Screen(vision_, r.roster.row(0).vision);
  EXPECT_EQ(vis.status, fitness::VisionStatus::kMyopia);
  EXPECT_EQ(r.roster.classes().size(), 2u);
  // Scored exactly as the hand-computed case (初二男 90.6 优秀).
  auto s = fitness::Score(*std_, r.roster.Input(1));
  EXPECT_EQ(s.total_hundredths, 9060);
}

TEST_F(RosterReaderTest, CsvInGb18030WithTitleRowAndReorderedColumns) {
  auto rows = GoodRows();
  for (auto& row : rows) std::swap(row[0], row[5]);  // 姓名 first
  rows.insert(rows.begin(), {"2024学年国家学生体质健康标准测试数据"});
  std::string utf8 = Csv(rows);
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  ASSERT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string gb(utf8.size() * 2, '\0');
  char* in = utf8.data();
  size_t in_left = utf8.size();
  char* out = gb.data();
  size_t out_left = gb.size();
  ASSERT_NE(iconv(cd, &in, &in_left, &out, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  gb.resize(gb.size() - out_left);
  RosterRead r = Read("一小.csv", gb);
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].Describe());
  EXPECT_EQ(r.roster.size(), 3u);
  EXPECT_EQ(r.roster.name(2), "王三");
}

TEST_F(RosterReaderTest, EveryBadCellIsReportedWithRowAndColumn) {
  auto rows = GoodRows();
  rows[1][0] = "17";        // no such grade
  rows[2][6] = "M";         // sex
  rows[2][12] = "3.0";      // 50米 in 3 s
  rows[3][3] = rows[2][3];  // duplicate 学籍号
  rows[3][9] = "300";       // 身高 3 m
  RosterRead r = Read("一小.xlsx", Xlsx(rows));
  ASSERT_FALSE(r.ok());
  std::vector<std::string> ids;
  for (const auto& e : r.errors)
    ids.push_back(e.id + "@" + std::to_string(e.where.row) + ":" + e.where.column);
  auto has = [&](const std::string& s) {
    return std::find(ids.begin(), ids.end(), s) != ids.end();
  };
  EXPECT_TRUE(has("fitness_import.grade_invalid@2:A (年级编号)")) << ::testing::PrintToString(ids);
  EXPECT_TRUE(has("fitness_import.sex_invalid@3:G (性别)"));
  EXPECT_TRUE(has("fitness_import.value_impossible@3:M (50米跑)"));
  EXPECT_TRUE(has("fitness_import.student_id_duplicate@4:D (学籍号)"));
  EXPECT_TRUE(has("fitness_import.value_impossible@4:J (身高)"));
  EXPECT_EQ(r.error_count, 5u);
  for (const auto& e : r.errors) {
    EXPECT_EQ(e.where.file, "一小.xlsx");
    EXPECT_EQ(e.where.sheet, "体测数据");  // the sheet the rows came from
    EXPECT_FALSE(e.message.zh.empty());
  }
  // The impossible 50米 names the plausible range in Chinese.
  for (const auto& e : r.errors) {
    if (e.id == "fitness_import.value_impossible" && e.where.row == 3) {
      EXPECT_NE(e.message.zh.find("50米跑 3.0秒"), std::string::npos) << e.message.zh;
      EXPECT_NE(e.message.zh.find("不可能"), std::string::npos);
    }
  }
}

TEST_F(RosterReaderTest, AMissingItemColumnIsOneClearError) {
  auto rows = GoodRows();
  for (auto& row : rows) row.erase(row.begin() + 11);  // drop 肺活量
  RosterRead r = Read("一小.xlsx", Xlsx(rows));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].id, "fitness_import.column_missing");
  EXPECT_NE(r.errors[0].message.zh.find("肺活量"), std::string::npos);
}

TEST_F(RosterReaderTest, NoSchoolColumnAndNoSchoolChosenIsAnError) {
  RosterRead r = Read("一小.xlsx", Xlsx(GoodRows()), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].id, "fitness_import.no_school");
}

TEST_F(RosterReaderTest, ExemptStatusColumn) {
  auto rows = GoodRows();
  rows[0].push_back("测试状态");
  rows[1].push_back("免测");
  rows[2].push_back("");
  rows[3].push_back("缓测");
  RosterRead r = Read("一小.xlsx", Xlsx(rows));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.roster.row(0).status, fitness::TestStatus::kExempt);
  EXPECT_EQ(r.roster.row(2).status, fitness::TestStatus::kDeferred);
}

TEST_F(RosterReaderTest, NoHeaderRow) {
  RosterRead r = Read("x.csv", "a,b,c\n1,2,3\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].id, "fitness_import.no_header");
}

}  // namespace
}  // namespace jiaodu

namespace jiaodu {
namespace {

// Excel and libxlsxwriter may store a typed or computed 9.8 as
// 9.800000000000001; read raw, the 50米跑 rule (第二位小数非0进1) would make
// it 9.9 s. The reader takes such number cells at Excel's 15 digits.
TEST_F(RosterReaderTest, NumberCellsWithBinaryNoiseReadAsTheValueTheClerkSaw) {
  auto rows = GoodRows();
  rows[1][12] = "9.8000000000000007";  // written as the double 9.800000000000001
  RosterRead r = Read("一小.xlsx", Xlsx(rows));
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].Describe());
  const int run = std_->ItemIndex("run_50m");
  ASSERT_GE(run, 0);
  EXPECT_EQ(r.roster.values(0)[static_cast<size_t>(run)], 98);
}

}  // namespace
}  // namespace jiaodu
