#include "jiaodu/formats/fitness_roster/roster_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "jiaodu/demo/demo_fitness.h"
#include "jiaodu/formats/fitness_file/test_util.h"
#include "jiaodu/formats/fitness_roster/roster_reader.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu {
namespace {

using fitness::kMissing;

class RosterWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    standard_ = testing::ShippedFitnessStandard();
    ASSERT_NE(standard_, nullptr);
    vision_ = testing::ShippedVisionRule();
  }

  RosterRead Read(const std::string& name, const std::string& bytes) const {
    RosterFile f{name, bytes};
    return ReadRosterFiles(*standard_, vision_, std::span<const RosterFile>(&f, 1), {});
  }

  std::string TempPath(const std::string& name) const {
    return (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name))
        .string();
  }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  // Every student and value of `got` equals `want`'s, in the same order.
  static void ExpectSameRoster(const fitness::Roster& want, const fitness::Roster& got) {
    ASSERT_EQ(got.size(), want.size());
    ASSERT_EQ(got.item_count(), want.item_count());
    for (size_t i = 0; i < want.size(); ++i) {
      const auto& a = want.row(i);
      const auto& b = got.row(i);
      SCOPED_TRACE(::testing::Message() << "student " << i << " " << want.student_id(i));
      ASSERT_EQ(got.schools()[static_cast<size_t>(b.school)],
                want.schools()[static_cast<size_t>(a.school)]);
      ASSERT_EQ(b.klass < 0, a.klass < 0);
      if (a.klass >= 0) {
        const auto& ca = want.classes()[static_cast<size_t>(a.klass)];
        const auto& cb = got.classes()[static_cast<size_t>(b.klass)];
        ASSERT_EQ(cb.code, ca.code);
        ASSERT_EQ(cb.name, ca.name);
        ASSERT_EQ(cb.grade, ca.grade);
      }
      ASSERT_EQ(b.grade, a.grade);
      ASSERT_EQ(b.sex, a.sex);
      ASSERT_EQ(b.status, a.status);
      ASSERT_EQ(b.height, a.height);
      ASSERT_EQ(b.weight, a.weight);
      ASSERT_EQ(b.vision.ucva, a.vision.ucva);
      ASSERT_EQ(b.vision.se, a.vision.se);
      ASSERT_EQ(got.student_id(i), want.student_id(i));
      ASSERT_EQ(got.name(i), want.name(i));
      ASSERT_EQ(got.ethnic(i), want.ethnic(i));
      ASSERT_EQ(got.birth(i), want.birth(i));
      const auto va = want.values(i);
      const auto vb = got.values(i);
      for (size_t k = 0; k < va.size(); ++k) ASSERT_EQ(vb[k], va[k]) << "item " << k;
    }
  }

  void ExpectRoundTrip(const fitness::Roster& roster, const std::string& tag) {
    {
      SCOPED_TRACE("csv");
      const std::string csv = WriteRosterCsv(*standard_, roster);
      ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
      RosterRead back = Read(tag + ".csv", csv);
      ASSERT_TRUE(back.ok()) << (back.errors.empty() ? "" : back.errors[0].Describe());
      EXPECT_EQ(back.rows, roster.size());
      ExpectSameRoster(roster, back.roster);
    }
    {
      SCOPED_TRACE("xlsx");
      const std::string path = TempPath(tag + ".xlsx");
      Status st = WriteRosterXlsx(*standard_, roster, path);
      ASSERT_TRUE(st) << st.error().Describe();
      const std::string bytes = Slurp(path);
      std::filesystem::remove(path);
      RosterRead back = Read(tag + ".xlsx", bytes);
      ASSERT_TRUE(back.ok()) << (back.errors.empty() ? "" : back.errors[0].Describe());
      EXPECT_EQ(back.rows, roster.size());
      ExpectSameRoster(roster, back.roster);
    }
  }

  std::shared_ptr<const fitness::FitnessStandard> standard_;
  fitness::VisionRule vision_;
};

TEST_F(RosterWriterTest, GeneratedCityRoundTripsThroughCsvAndXlsx) {
  std::vector<demo::FitnessDemoSchool> schools = {
      {"9901020001", {11, 12, 13, 14, 15, 16}, 2, 40, 0.3},
      {"9901020002", {21, 22, 23}, 3, 45, -0.4},
      {"9901030001", {11, 12, 13, 14, 15, 16, 21, 22, 23}, 1, 36, 0.0},
      {"9901030002", {31, 32, 33}, 3, 48, 0.8},
      {"9901040001", {41, 42, 43, 44}, 2, 30, -0.2},
  };
  const fitness::Roster roster = demo::GenerateFitnessRoster(*standard_, schools, 2024, 11);
  ASSERT_GT(roster.size(), 1500u);
  // The generated data has every case: 免测, 缓测, missing items and refraction.
  size_t exempt = 0, deferred = 0, no_se = 0;
  for (size_t i = 0; i < roster.size(); ++i) {
    exempt += roster.row(i).status == fitness::TestStatus::kExempt;
    deferred += roster.row(i).status == fitness::TestStatus::kDeferred;
    no_se += roster.row(i).vision.se[0] == kMissing;
  }
  EXPECT_GT(exempt, 0u);
  EXPECT_GT(deferred, 0u);
  EXPECT_GT(no_se, 0u);
  ExpectRoundTrip(roster, "city");
}

// Awkward values a generator does not make: quotes and commas in names, no
// class, no birth date, negative 坐位体前屈, whole minutes, SE 0 and +.
TEST_F(RosterWriterTest, HandMadeEdgeCasesRoundTrip) {
  const auto& items = standard_->items();
  fitness::Roster roster(items.size());
  const int32_t school = roster.School("9901029999");
  auto add = [&](int grade, fitness::Sex sex, std::string_view id, std::string_view name,
                 int32_t klass, std::vector<std::pair<std::string, int32_t>> values,
                 std::string_view birth, fitness::VisionInput vision, int32_t height = 1523,
                 int32_t weight = 456) {
    fitness::StudentRow r;
    r.school = school;
    r.klass = klass;
    r.grade = static_cast<uint8_t>(grade);
    r.sex = sex;
    r.height = height;
    r.weight = weight;
    r.vision = vision;
    std::vector<int32_t> v(items.size(), kMissing);
    for (const auto& [item, ticks] : values)
      v[static_cast<size_t>(standard_->ItemIndex(item))] = ticks;
    roster.Add(r, v, id, name, "01", birth);
  };
  const int32_t k1 = roster.Class(school, 22, "2023,01", "初二\"1\"班");
  add(22, fitness::Sex::kMale, "G1", "欧阳, 小明", k1,
      {{"run_1000", 240},
       {"run_50m", 79},
       {"sit_and_reach", -25},
       {"pull_ups", 0},
       {"vital_capacity", 3200},
       {"standing_long_jump", 240}},
      "20110501", {{49, 48}, {0, -75}});
  add(22, fitness::Sex::kFemale, "G2", "李\"二\"", k1,
      {{"run_800", 185}, {"run_50m", 100}, {"sit_and_reach", 0}, {"sit_ups", 40}}, "",
      {{53, 30}, {125, -3000}});
  add(16, fitness::Sex::kMale, "G3", "", -1,
      {{"shuttle_50x8", 65}, {"rope_skipping", 0}, {"sit_ups", 1}}, "20120101",
      {{kMissing, kMissing}, {kMissing, kMissing}}, 800, 100);
  add(16, fitness::Sex::kFemale, "G4", "王四", -1, {}, "20120202", {{50, 50}, {kMissing, 2000}},
      2500, 2500);
  ExpectRoundTrip(roster, "edge");

  const std::string csv = WriteRosterCsv(*standard_, roster);
  // Times as 分'秒, quoted fields where needed, no 测试状态 column (nobody exempt).
  EXPECT_NE(csv.find(",4'00,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",1'05,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"欧阳, 小明\""), std::string::npos);
  EXPECT_NE(csv.find("\"李\"\"二\"\"\""), std::string::npos);
  EXPECT_EQ(csv.find("测试状态"), std::string::npos);
  EXPECT_NE(csv.find("等效球镜"), std::string::npos);
}

TEST_F(RosterWriterTest, HeaderIsTheNationalLayoutWithJiaoduColumnsWhereNeeded) {
  fitness::Roster roster(standard_->items().size());
  fitness::StudentRow r;
  r.school = roster.School("9901020001");
  r.grade = 11;
  std::vector<int32_t> v(standard_->items().size(), kMissing);
  roster.Add(r, v, "G1", "张一", "01", "20170301");
  std::string csv = WriteRosterCsv(*standard_, roster);
  const std::string header = csv.substr(3, csv.find("\r\n") - 3);
  EXPECT_EQ(
      header,
      "学校标识码,年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身高,"
      "体重,肺活量,50米跑,坐位体前屈,一分钟跳绳,一分钟仰卧起坐,50米×8往返跑,立定跳远,引体向上,"
      "800米跑,1000米跑,左眼裸眼视力,右眼裸眼视力");
  // 免测 adds 测试状态; a refraction adds the 等效球镜 columns.
  r.status = fitness::TestStatus::kExempt;
  r.vision.se = {-50, kMissing};
  roster.Add(r, v, "G2", "张二", "01", "20170302");
  csv = WriteRosterCsv(*standard_, roster);
  EXPECT_NE(csv.find(",家庭住址,测试状态,身高,"), std::string::npos);
  EXPECT_NE(csv.find(",左眼裸眼视力,右眼裸眼视力,左眼等效球镜,右眼等效球镜\r\n"),
            std::string::npos);
  EXPECT_NE(csv.find(",免测,"), std::string::npos);
  EXPECT_NE(csv.find(",-0.50\r\n"), std::string::npos) << csv;  // right eye last
}

TEST_F(RosterWriterTest, UnwritablePathIsAnError) {
  fitness::Roster roster(standard_->items().size());
  Status st = WriteRosterXlsx(*standard_, roster, "/nonexistent-dir/体测.xlsx");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().id, "xlsx.write_failed");
}

TEST_F(RosterWriterTest, TemplateReadsBackWithNoRowsAndNoErrors) {
  auto bytes = FitnessTemplateXlsx(*standard_);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  RosterRead back = Read("模板.xlsx", *bytes);
  EXPECT_TRUE(back.ok()) << (back.errors.empty() ? "" : back.errors[0].Describe());
  EXPECT_EQ(back.rows, 0u);
  EXPECT_EQ(back.roster.size(), 0u);

  auto book = xlsx::ReadXlsx(*bytes, "模板.xlsx");
  ASSERT_TRUE(book) << book.error().Describe();
  ASSERT_EQ(book->sheets.size(), 2u);
  const xlsx::Sheet& main = book->sheets[0];
  EXPECT_EQ(main.name, "体测成绩");
  ASSERT_GE(main.rows.size(), 2u);
  EXPECT_NE(main.rows[0][0].text.find("填表说明"), std::string::npos);
  EXPECT_EQ(main.rows[1][0].text, "学校标识码");
  EXPECT_EQ(main.rows[1][1].text, "年级编号");
  const xlsx::Sheet& codes = book->sheets[1];
  EXPECT_EQ(codes.name, "年级编号");
  // Every grade code of the standard is listed with its name.
  for (size_t g = 0; g < standard_->grades().size(); ++g) {
    ASSERT_GT(codes.rows.size(), g + 1);
    EXPECT_EQ(codes.rows[g + 1][0].number, standard_->grades()[g].code);
    EXPECT_EQ(codes.rows[g + 1][1].text, standard_->grades()[g].name.zh);
  }

  // A clerk fills in one student under the header: it imports.
  // (Checked through the CSV path: the same header texts, with the instruction row.)
  std::string csv = "填表说明：…\r\n";
  for (size_t c = 0; c < main.rows[1].size(); ++c) {
    csv += (c ? "," : "") + main.rows[1][c].text;
  }
  csv +=
      "\r\n9901020001,11,202401,一年级(1)班,G1,01,张一,1,20170901,,,120.0,22.0,1300,10.2,13.0,"
      "113,,,,,,,5.0,4.8,,,,\r\n";
  RosterRead filled = Read("模板.csv", csv);
  ASSERT_TRUE(filled.ok()) << (filled.errors.empty() ? "" : filled.errors[0].Describe());
  EXPECT_EQ(filled.rows, 1u);
}

}  // namespace
}  // namespace jiaodu
