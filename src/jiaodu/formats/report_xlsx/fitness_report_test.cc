#include "jiaodu/formats/report_xlsx/fitness_report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/domain/fitness/rollup.h"
#include "jiaodu/domain/fitness/scorer.h"
#include "jiaodu/formats/fitness_file/test_util.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu {
namespace {

using fitness::kMissing;
using fitness::Roster;
using fitness::Scope;
using fitness::Sex;
using fitness::StudentRow;
using fitness::TestStatus;
using xlsx::Cell;
using xlsx::Sheet;
using xlsx::Workbook;

constexpr size_t kHeaderRow = 2;  // 汇总, 分年级, 单项: title, note, header
constexpr size_t kFirstRow = 3;

std::string TextAt(const Sheet& s, size_t row, size_t col) {
  const Cell* c = s.At(row, col);
  return c ? c->text : std::string();
}

double NumberAt(const Sheet& s, size_t row, size_t col) {
  const Cell* c = s.At(row, col);
  return c && c->type == Cell::Type::kNumber ? c->number : std::nan("");
}

// Column index by header text in `row`; fails the test when absent.
std::map<std::string, size_t> Columns(const Sheet& s, size_t row) {
  std::map<std::string, size_t> out;
  if (row >= s.rows.size()) return out;
  for (size_t c = 0; c < s.rows[row].size(); ++c) {
    if (!s.rows[row][c].empty()) out[s.rows[row][c].text] = c;
  }
  return out;
}

size_t Col(const std::map<std::string, size_t>& cols, const std::string& name) {
  auto it = cols.find(name);
  EXPECT_NE(it, cols.end()) << "no column " << name;
  return it == cols.end() ? 9999 : it->second;
}

// A small area: two counties, one school each, with the cases of
// docs/fitness.md (the 一年级 boy at 96.0 with 加分 2, the 初二 boy at 90.6
// and without his 1000米 at 67.6 缺项), a 免测 girl, a girl missing her
// 跳绳, a graduating 初三 girl with 加分 and a 缓测 boy.
class FitnessReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    standard_ = testing::ShippedFitnessStandard();
    ASSERT_TRUE(standard_);
    vision_ = testing::ShippedVisionRule();
    roster_ = std::make_unique<Roster>(standard_->items().size());
    const int32_t a = roster_->School("4201020001");
    const int32_t b = roster_->School("4201030001");
    const int32_t a1 = roster_->Class(a, 11, "1101", "一年级1班");
    const int32_t b2 = roster_->Class(b, 22, "2201", "初二1班");
    const int32_t b3 = roster_->Class(b, 23, "2301", "初三1班");
    Add(a, a1, 11, Sex::kMale, "A1", "张一", 1200, 220,
        {{"vital_capacity", "1300"},
         {"run_50m", "10.2"},
         {"sit_and_reach", "13.0"},
         {"rope_skipping", "113"}},
        {48, 50}, {-100, -25});
    Add(a, a1, 11, Sex::kFemale, "A2", "李二", 1180, 210, {}, {}, {}, TestStatus::kExempt);
    Add(a, a1, 11, Sex::kFemale, "A3", "王三", 1190, 230,
        {{"vital_capacity", "1100"}, {"run_50m", "11.0"}, {"sit_and_reach", "15.0"}}, {50, 51}, {});
    Add(b, b2, 22, Sex::kMale, "B1", "赵四", 1600, 660,
        {{"vital_capacity", "3200"},
         {"run_50m", "7.9"},
         {"sit_and_reach", "9.0"},
         {"standing_long_jump", "240"},
         {"pull_ups", "17"},
         {"run_1000", "3'38"}},
        {50, 51}, {});
    Add(b, b2, 22, Sex::kMale, "B2", "钱五", 1600, 660,
        {{"vital_capacity", "3200"},
         {"run_50m", "7.9"},
         {"sit_and_reach", "9.0"},
         {"standing_long_jump", "240"},
         {"pull_ups", "17"}},
        {47, 47}, {});
    Add(b, b3, 23, Sex::kFemale, "B3", "孙六", 1620, 500,
        {{"vital_capacity", "3000"},
         {"run_50m", "8.1"},
         {"sit_and_reach", "20.0"},
         {"standing_long_jump", "205"},
         {"sit_ups", "60"},
         {"run_800", "3'10"}},
        {}, {});
    Add(b, b3, 23, Sex::kMale, "B4", "周七", 1700, 600, {}, {}, {}, TestStatus::kDeferred);
  }

  void Add(int32_t school, int32_t klass, int grade, Sex sex, const std::string& id,
           const std::string& name, int32_t height, int32_t weight,
           const std::vector<std::pair<std::string, std::string>>& results,
           std::vector<int32_t> ucva, std::vector<int32_t> se,
           TestStatus status = TestStatus::kTested) {
    std::vector<int32_t> values(standard_->items().size(), kMissing);
    for (const auto& [item, text] : results) {
      const int k = standard_->ItemIndex(item);
      ASSERT_GE(k, 0) << item;
      auto v = fitness::ParseItemValue(standard_->items()[static_cast<size_t>(k)], text);
      ASSERT_TRUE(v) << item << " " << text;
      values[static_cast<size_t>(k)] = *v;
    }
    StudentRow row;
    row.school = school;
    row.klass = klass;
    row.grade = static_cast<uint8_t>(grade);
    row.sex = sex;
    row.status = status;
    row.height = height;
    row.weight = weight;
    for (size_t e = 0; e < ucva.size() && e < 2; ++e) row.vision.ucva[e] = ucva[e];
    for (size_t e = 0; e < se.size() && e < 2; ++e) row.vision.se[e] = se[e];
    roster_->Add(row, values, id, name, "01", "20120101");
  }

  FitnessReportInput Input() const {
    FitnessReportInput in;
    in.standard = standard_.get();
    in.vision = &vision_;
    in.roster = roster_.get();
    in.area_name = "东湖区";
    in.year_label = "2025-2026学年";
    in.school_name = [](const std::string& code) {
      return code == "4201020001" ? std::string("东湖第一小学") : std::string("东湖第二中学");
    };
    in.county_of = [](const std::string& code) { return code.substr(0, 6); };
    in.county_name = [](const std::string& code) {
      return code == "420102" ? std::string("江岸街道") : std::string("江汉街道");
    };
    return in;
  }

  Workbook Read(const FitnessReportInput& in) const {
    auto bytes = FitnessWorkbookXlsx(in);
    EXPECT_TRUE(bytes) << bytes.error().Describe();
    if (!bytes) return {};
    auto book = xlsx::ReadXlsx(*bytes, "fitness.xlsx");
    EXPECT_TRUE(book) << book.error().Describe();
    return book ? *book : Workbook{};
  }

  fitness::StudentScore ScoreOf(const std::string& student_id) const {
    for (size_t i = 0; i < roster_->size(); ++i) {
      if (roster_->student_id(i) == student_id)
        return fitness::Score(*standard_, roster_->Input(i));
    }
    ADD_FAILURE() << "no student " << student_id;
    return {};
  }

  std::shared_ptr<const fitness::FitnessStandard> standard_;
  fitness::VisionRule vision_;
  std::unique_ptr<Roster> roster_;
};

TEST_F(FitnessReportTest, SheetsInOrder) {
  const Workbook book = Read(Input());
  std::vector<std::string> names;
  for (const Sheet& s : book.sheets) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"说明", "汇总", "分年级", "单项", "学生成绩"}));
}

TEST_F(FitnessReportTest, TheHandComputedStudentsScoreAsOnPaper) {
  // The cases of docs/fitness.md, so that the figures below mean something.
  EXPECT_EQ(ScoreOf("A1").total_hundredths, 9600);
  EXPECT_EQ(ScoreOf("A1").bonus, 2);
  EXPECT_EQ(ScoreOf("B1").total_hundredths, 9060);
  EXPECT_EQ(ScoreOf("B2").total_hundredths, 6760);
  EXPECT_EQ(ScoreOf("B2").status, fitness::ScoreStatus::kIncomplete);
  EXPECT_EQ(ScoreOf("A3").status, fitness::ScoreStatus::kIncomplete);
  EXPECT_GT(ScoreOf("B3").bonus, 0);  // 仰卧起坐 60 and 800米 3'10" are past 100 points
  EXPECT_TRUE(standard_->FindGrade(23)->graduating);
}

TEST_F(FitnessReportTest, SummaryFiguresAreTheRollUps) {
  const FitnessReportInput in = Input();
  const Workbook book = Read(in);
  const Sheet* sh = book.Find("汇总");
  ASSERT_NE(sh, nullptr);
  fitness::RollUp r =
      fitness::RollUpRoster(*standard_, vision_, *roster_, in.area_name, in.county_of);
  const auto cols = Columns(*sh, kHeaderRow);
  struct Expect {
    size_t row;
    Scope scope;
    std::string id;
    std::string name;
  };
  // The area, then each county followed by its school.
  const std::vector<Expect> rows = {{kFirstRow, Scope::kCity, "东湖区", "东湖区"},
                                    {kFirstRow + 1, Scope::kCounty, "420102", "江岸街道"},
                                    {kFirstRow + 2, Scope::kSchool, "4201020001", "江岸街道"},
                                    {kFirstRow + 3, Scope::kCounty, "420103", "江汉街道"},
                                    {kFirstRow + 4, Scope::kSchool, "4201030001", "江汉街道"}};
  ASSERT_EQ(sh->rows.size(), kFirstRow + rows.size());
  EXPECT_EQ(TextAt(*sh, kFirstRow + 2, 1), "东湖第一小学");
  EXPECT_EQ(TextAt(*sh, kFirstRow + 2, 2), "4201020001");
  EXPECT_EQ(TextAt(*sh, kFirstRow + 4, 1), "东湖第二中学");
  for (const Expect& e : rows) {
    SCOPED_TRACE(e.id);
    EXPECT_EQ(TextAt(*sh, e.row, 0), e.name);
    const fitness::Tally* t = r.Find({e.scope, r.Intern(e.id), 0, 0});
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "应测人数")), t->roster);
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "免测人数")), t->exempt);
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "缓测人数")), t->deferred);
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "实测（评定）人数")), t->scored);
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "其中缺项")), t->incomplete);
    const std::vector<std::string> levels = {"优秀", "良好", "及格", "不及格"};
    for (size_t l = 0; l < levels.size(); ++l) {
      EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, levels[l] + "人数")), t->level[l]);
      EXPECT_DOUBLE_EQ(NumberAt(*sh, e.row, Col(cols, levels[l] + "率")),
                       static_cast<double>(t->level[l]) / t->scored);
    }
    const int32_t good = t->level[0] + t->level[1];
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "优良人数")), good);
    EXPECT_DOUBLE_EQ(NumberAt(*sh, e.row, Col(cols, "优良率")),
                     static_cast<double>(good) / t->scored);
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "合格人数")), t->scored - t->level[3]);
    EXPECT_NEAR(NumberAt(*sh, e.row, Col(cols, "平均学年总分")),
                static_cast<double>(t->total_sum) / 100.0 / t->scored, 1e-9);
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "视力筛查人数")), t->vision_screened);
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "筛查性近视人数")), t->myopia);
    EXPECT_EQ(NumberAt(*sh, e.row, Col(cols, "距优良率目标还差人数")),
              fitness::StudentsNeeded(good, t->scored, 5200));
  }
  // The area in figures a clerk can check by eye: 7 on the roll, 1 免测,
  // 1 缓测, 5 scored (2 of them 缺项): A1 96.0, A3, B1 90.6, B2 67.6, B3.
  const size_t area = kFirstRow;
  EXPECT_EQ(NumberAt(*sh, area, Col(cols, "应测人数")), 7);
  EXPECT_EQ(NumberAt(*sh, area, Col(cols, "免测人数")), 1);
  EXPECT_EQ(NumberAt(*sh, area, Col(cols, "缓测人数")), 1);
  EXPECT_EQ(NumberAt(*sh, area, Col(cols, "实测（评定）人数")), 5);
  EXPECT_EQ(NumberAt(*sh, area, Col(cols, "其中缺项")), 2);
  // Screened: A1 (myopic: 4.8 with SE −1.00), A3, B1, B2 (4.7, no refraction).
  EXPECT_EQ(NumberAt(*sh, area, Col(cols, "视力筛查人数")), 4);
  EXPECT_EQ(NumberAt(*sh, area, Col(cols, "筛查性近视人数")), 1);
  EXPECT_DOUBLE_EQ(NumberAt(*sh, area, Col(cols, "近视率")), 0.25);
  // Σ 学年总分 431.2 over 5, divided once: exactly the double nearest 86.24.
  EXPECT_EQ(NumberAt(*sh, area, Col(cols, "平均学年总分")), 86.24);
}

TEST_F(FitnessReportTest, RatesOverNoStudentAreADash) {
  const Workbook book = Read(Input());
  const Sheet* sh = book.Find("分年级");
  ASSERT_NE(sh, nullptr);
  const auto cols = Columns(*sh, kHeaderRow);
  // 初三: the girl is scored, the 缓测 boy is not: the boys' rates are "—".
  bool found = false;
  for (size_t r = kFirstRow; r < sh->rows.size(); ++r) {
    if (TextAt(*sh, r, 0) == "东湖区" && TextAt(*sh, r, 1) == "初中三年级" &&
        TextAt(*sh, r, 3) == "男") {
      found = true;
      EXPECT_EQ(NumberAt(*sh, r, Col(cols, "应测人数")), 1);
      EXPECT_EQ(NumberAt(*sh, r, Col(cols, "缓测人数")), 1);
      EXPECT_EQ(NumberAt(*sh, r, Col(cols, "实测（评定）人数")), 0);
      EXPECT_EQ(TextAt(*sh, r, Col(cols, "优良率")), "—");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(FitnessReportTest, GradesBySexThenTotal) {
  const FitnessReportInput in = Input();
  const Workbook book = Read(in);
  const Sheet* sh = book.Find("分年级");
  ASSERT_NE(sh, nullptr);
  const auto cols = Columns(*sh, kHeaderRow);
  fitness::RollUp r =
      fitness::RollUpRoster(*standard_, vision_, *roster_, in.area_name, in.county_of);
  // 东湖区 一年级: 男 (A1), 女 (A2 免测, A3 缺项), 合计.
  std::vector<std::string> sexes;
  for (size_t row = kFirstRow; row < sh->rows.size(); ++row) {
    if (TextAt(*sh, row, 0) != "东湖区" || TextAt(*sh, row, 1) != "小学一年级") continue;
    EXPECT_EQ(NumberAt(*sh, row, Col(cols, "年级编号")), 11);
    sexes.push_back(TextAt(*sh, row, 3));
    const int sex = sexes.back() == "男" ? 1 : sexes.back() == "女" ? 2 : 0;
    const fitness::Tally* t = r.Find({Scope::kCity, r.Intern("东湖区"), 11, sex});
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(NumberAt(*sh, row, Col(cols, "应测人数")), t->roster);
    EXPECT_EQ(NumberAt(*sh, row, Col(cols, "免测人数")), t->exempt);
    EXPECT_EQ(NumberAt(*sh, row, Col(cols, "实测（评定）人数")), t->scored);
    EXPECT_EQ(NumberAt(*sh, row, Col(cols, "优秀人数")), t->level[0]);
  }
  EXPECT_EQ(sexes, (std::vector<std::string>{"男", "女", "合计"}));
  // The counties follow the area.
  bool county = false;
  for (size_t row = kFirstRow; row < sh->rows.size(); ++row) {
    county = county || TextAt(*sh, row, 0) == "江汉街道";
  }
  EXPECT_TRUE(county);
}

TEST_F(FitnessReportTest, ItemsPerGrade) {
  const FitnessReportInput in = Input();
  const Workbook book = Read(in);
  const Sheet* sh = book.Find("单项");
  ASSERT_NE(sh, nullptr);
  const auto cols = Columns(*sh, kHeaderRow);
  fitness::RollUp r =
      fitness::RollUpRoster(*standard_, vision_, *roster_, in.area_name, in.county_of);
  const fitness::Tally* g22 = r.Find({Scope::kCity, r.Intern("东湖区"), 22, 0});
  const fitness::Tally* g11 = r.Find({Scope::kCity, r.Intern("东湖区"), 11, 0});
  ASSERT_NE(g22, nullptr);
  ASSERT_NE(g11, nullptr);
  const auto run1000 = static_cast<size_t>(standard_->ItemIndex("run_1000"));
  const auto rope = static_cast<size_t>(standard_->ItemIndex("rope_skipping"));
  const auto bmi = static_cast<size_t>(standard_->ItemIndex("bmi"));
  int seen = 0;
  for (size_t row = kFirstRow; row < sh->rows.size(); ++row) {
    const std::string grade = TextAt(*sh, row, 0);
    const std::string item = TextAt(*sh, row, Col(cols, "单项指标"));
    if (grade == "初中二年级" && item == "1000米跑（分·秒）") {
      ++seen;  // B1 3'38" (100 + 加分), B2 missing
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "测试人数")), g22->items[run1000].scored);
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "测试人数")), 1);
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "缺测人数")), 1);
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "平均得分")), 100);
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "优秀人数")), 1);
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "优秀比例")), 1.0);
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "获加分人数")), 1);
    }
    if (grade == "小学一年级" && item == "一分钟跳绳（次）") {
      ++seen;  // A1 113 (100, +2), A3 missing
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "测试人数")), g11->items[rope].scored);
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "缺测人数")), g11->items[rope].missing);
    }
    if (grade == "小学一年级" && item == "体重指数（BMI）（千克/米²）") {
      ++seen;  // BMI counts go to the BMI classes, not the levels
      EXPECT_EQ(NumberAt(*sh, row, Col(cols, "正常人数")), g11->items[bmi].level[0]);
      EXPECT_TRUE(std::isnan(NumberAt(*sh, row, Col(cols, "优秀人数"))));
    }
  }
  EXPECT_EQ(seen, 3);
}

TEST_F(FitnessReportTest, EveryStudentWithTheScorersFigures) {
  const Workbook book = Read(Input());
  const Sheet* sh = book.Find("学生成绩");
  ASSERT_NE(sh, nullptr);
  ASSERT_EQ(sh->rows.size(), 1 + roster_->size());
  const auto cols = Columns(*sh, 0);
  std::map<std::string, size_t> row_of;
  for (size_t r = 1; r < sh->rows.size(); ++r) row_of[TextAt(*sh, r, Col(cols, "学籍号"))] = r;
  ASSERT_EQ(row_of.size(), roster_->size());
  // Sorted by county, school, grade, class: 一小 first.
  EXPECT_EQ(TextAt(*sh, 1, Col(cols, "学校")), "东湖第一小学");
  EXPECT_EQ(TextAt(*sh, sh->rows.size() - 1, Col(cols, "学校")), "东湖第二中学");

  for (size_t i = 0; i < roster_->size(); ++i) {
    const std::string id(roster_->student_id(i));
    SCOPED_TRACE(id);
    const size_t r = row_of[id];
    const fitness::StudentScore s = fitness::Score(*standard_, roster_->Input(i));
    EXPECT_EQ(TextAt(*sh, r, Col(cols, "姓名")), roster_->name(i));
    EXPECT_EQ(TextAt(*sh, r, Col(cols, "性别")), fitness::SexName(roster_->row(i).sex));
    if (s.scored()) {
      EXPECT_DOUBLE_EQ(NumberAt(*sh, r, Col(cols, "学年总分")), s.total_hundredths / 100.0);
      EXPECT_DOUBLE_EQ(NumberAt(*sh, r, Col(cols, "标准分")), s.standard_hundredths / 100.0);
      EXPECT_EQ(NumberAt(*sh, r, Col(cols, "附加分")), s.bonus);
      EXPECT_EQ(TextAt(*sh, r, Col(cols, "等级")),
                standard_->levels()[static_cast<size_t>(s.level)].name.zh);
    } else {
      EXPECT_TRUE(sh->At(r, Col(cols, "学年总分")) == nullptr ||
                  sh->At(r, Col(cols, "学年总分"))->empty());
    }
  }
  const size_t a1 = row_of["A1"];
  EXPECT_EQ(TextAt(*sh, a1, Col(cols, "学校")), "东湖第一小学");
  EXPECT_EQ(TextAt(*sh, a1, Col(cols, "县（市、区）")), "江岸街道");
  EXPECT_EQ(TextAt(*sh, a1, Col(cols, "年级")), "小学一年级");
  EXPECT_EQ(TextAt(*sh, a1, Col(cols, "班级")), "一年级1班");
  EXPECT_EQ(NumberAt(*sh, a1, Col(cols, "身高（厘米）")), 120.0);
  EXPECT_EQ(NumberAt(*sh, a1, Col(cols, "体重指数（BMI）")), 15.3);
  EXPECT_EQ(NumberAt(*sh, a1, Col(cols, "体重指数（BMI）得分")), 100);
  EXPECT_EQ(TextAt(*sh, a1, Col(cols, "体重指数（BMI）分类")), "正常");
  EXPECT_EQ(NumberAt(*sh, a1, Col(cols, "50米跑（秒）")), 10.2);
  EXPECT_EQ(NumberAt(*sh, a1, Col(cols, "50米跑得分")), 100);
  EXPECT_EQ(NumberAt(*sh, a1, Col(cols, "一分钟跳绳（次）")), 113);
  EXPECT_EQ(NumberAt(*sh, a1, Col(cols, "一分钟跳绳加分")), 2);
  EXPECT_EQ(TextAt(*sh, a1, Col(cols, "测试状态")), "已测");
  EXPECT_EQ(NumberAt(*sh, a1, Col(cols, "左眼裸眼视力")), 5.0);
  EXPECT_EQ(NumberAt(*sh, a1, Col(cols, "右眼裸眼视力")), 4.8);
  EXPECT_EQ(TextAt(*sh, a1, Col(cols, "视力筛查结果")), "筛查性近视");
  // Items the grade does not test are blank.
  EXPECT_TRUE(sh->At(a1, Col(cols, "1000米跑（分·秒）")) == nullptr ||
              sh->At(a1, Col(cols, "1000米跑（分·秒）"))->empty());

  // Times as recorded, in the official notation.
  const size_t b1 = row_of["B1"];
  EXPECT_EQ(TextAt(*sh, b1, Col(cols, "1000米跑（分·秒）")), "3'38\"");
  EXPECT_EQ(NumberAt(*sh, b1, Col(cols, "1000米跑得分")), 100);
  EXPECT_EQ(NumberAt(*sh, b1, Col(cols, "1000米跑加分")), 3);
  EXPECT_EQ(NumberAt(*sh, b1, Col(cols, "引体向上加分")), 3);
  EXPECT_EQ(TextAt(*sh, b1, Col(cols, "等级")), "优秀");  // lifted by 加分 from 84.6

  // The missing 1000米: 缺测, scored 0, status 缺项.
  const size_t b2 = row_of["B2"];
  EXPECT_EQ(TextAt(*sh, b2, Col(cols, "1000米跑（分·秒）")), "缺测");
  EXPECT_EQ(NumberAt(*sh, b2, Col(cols, "1000米跑得分")), 0);
  EXPECT_EQ(TextAt(*sh, b2, Col(cols, "测试状态")), "缺项");
  EXPECT_EQ(TextAt(*sh, b2, Col(cols, "视力筛查结果")), "视力不良（未验光）");
  EXPECT_EQ(TextAt(*sh, b2, Col(cols, "视力不良程度")), "中度视力不良");

  EXPECT_EQ(TextAt(*sh, row_of["A2"], Col(cols, "测试状态")), "免测");
  EXPECT_EQ(TextAt(*sh, row_of["B4"], Col(cols, "测试状态")), "缓测");
  EXPECT_EQ(TextAt(*sh, row_of["B3"], Col(cols, "800米跑（分·秒）")), "3'10\"");
  EXPECT_EQ(NumberAt(*sh, row_of["B3"], Col(cols, "附加分")), ScoreOf("B3").bonus);
}

TEST_F(FitnessReportTest, AboutSheetStatesTheRules) {
  const Workbook book = Read(Input());
  const Sheet* sh = book.Find("说明");
  ASSERT_NE(sh, nullptr);
  std::string all;
  for (size_t r = 0; r < sh->rows.size(); ++r) all += TextAt(*sh, r, 0) + TextAt(*sh, r, 1) + "\n";
  for (const char* s : {"东湖区2025-2026学年学生体质健康测试结果", "教体艺〔2014〕5号",
                        "不计入任何比率的分母", "WS/T 663-2020", "不高于 −0.50 D", "52.00%",
                        "2 个县（市、区）", "优秀 90.0 分及以上", "不及格 不足 60.0 分"}) {
    EXPECT_NE(all.find(s), std::string::npos) << s;
  }
}

TEST_F(FitnessReportTest, StudentsContinueOnFurtherSheets) {
  FitnessReportInput in = Input();
  in.students_per_sheet = 3;
  const Workbook book = Read(in);
  std::vector<std::string> names;
  size_t students = 0;
  for (const Sheet& s : book.sheets) {
    if (s.name.rfind("学生成绩", 0) != 0) continue;
    names.push_back(s.name);
    EXPECT_EQ(TextAt(s, 0, 0), "县（市、区）") << s.name;  // each with its header
    students += s.rows.size() - 1;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"学生成绩", "学生成绩(2)", "学生成绩(3)"}));
  EXPECT_EQ(students, roster_->size());
  EXPECT_EQ(book.Find("学生成绩(3)")->rows.size(), 2u);
}

TEST_F(FitnessReportTest, WithoutCountiesOrNames) {
  FitnessReportInput in = Input();
  in.county_of = {};
  in.county_name = {};
  in.school_name = {};
  const Workbook book = Read(in);
  const Sheet* sh = book.Find("汇总");
  ASSERT_NE(sh, nullptr);
  ASSERT_EQ(sh->rows.size(), kFirstRow + 3);  // the area and two schools
  EXPECT_EQ(TextAt(*sh, kFirstRow + 1, 1), "4201020001");
  const Sheet* students = book.Find("学生成绩");
  ASSERT_NE(students, nullptr);
  EXPECT_EQ(TextAt(*students, 0, 0), "学校");
}

TEST_F(FitnessReportTest, AnEmptyRosterStillMakesAWorkbook) {
  FitnessReportInput in = Input();
  Roster empty(standard_->items().size());
  in.roster = &empty;
  const Workbook book = Read(in);
  ASSERT_EQ(book.sheets.size(), 5u);
  EXPECT_EQ(book.Find("学生成绩")->rows.size(), 1u);
}

// A generated area, to see the time and size of a large export. The size is
// JIAODU_FITNESS_BENCH_STUDENTS (default 20,000; run with 100000 or 1000000
// in a release build for the figures in the report).
TEST_F(FitnessReportTest, LargeAreaTimeAndSize) {
  size_t n = 20'000;
  if (const char* env = std::getenv("JIAODU_FITNESS_BENCH_STUDENTS")) {
    n = static_cast<size_t>(std::strtoull(env, nullptr, 10));
  }
  Roster big(standard_->items().size());
  uint64_t seed = 42;
  auto next = [&](int lo, int hi) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + static_cast<int>((seed >> 33) % static_cast<uint64_t>(hi - lo + 1));
  };
  const std::vector<int> grades = {11, 12, 13, 14, 15, 16, 21, 22, 23, 31, 32, 33};
  std::vector<int32_t> values(standard_->items().size(), kMissing);
  auto idx = [&](const char* id) { return static_cast<size_t>(standard_->ItemIndex(id)); };
  for (size_t i = 0; i < n; ++i) {
    const size_t school = i / 1000;
    const int grade = grades[(i / 40) % grades.size()];
    const int32_t s = big.School(fmt::format("42010{}{:04}", 2 + school % 7, school));
    const int32_t k = big.Class(s, grade, fmt::format("{}", (i / 40) % 100), "");
    StudentRow row;
    row.school = s;
    row.klass = k;
    row.grade = static_cast<uint8_t>(grade);
    row.sex = next(0, 1) == 0 ? Sex::kMale : Sex::kFemale;
    row.status = next(0, 99) == 0 ? TestStatus::kExempt : TestStatus::kTested;
    row.height = next(1100, 1800);
    row.weight = next(200, 800);
    row.vision.ucva = {next(40, 52), next(40, 52)};
    row.vision.se = {next(-400, 100), next(-400, 100)};
    std::fill(values.begin(), values.end(), kMissing);
    values[idx("vital_capacity")] = next(800, 4500);
    values[idx("run_50m")] = next(70, 130);
    values[idx("sit_and_reach")] = next(-50, 250);
    values[idx("rope_skipping")] = next(30, 180);
    values[idx("sit_ups")] = next(10, 60);
    values[idx("shuttle_50x8")] = next(90, 150);
    values[idx("standing_long_jump")] = next(120, 270);
    values[idx("pull_ups")] = next(0, 20);
    values[idx("run_800")] = next(180, 300);
    values[idx("run_1000")] = next(200, 330);
    if (next(0, 49) == 0) values[idx("run_50m")] = kMissing;
    big.Add(row, values, fmt::format("G42010120{:010}", i), "学生", "01", "20100101");
  }
  FitnessReportInput in = Input();
  in.roster = &big;
  in.county_of = [](const std::string& code) { return code.substr(0, 6); };
  const auto t0 = std::chrono::steady_clock::now();
  auto bytes = FitnessWorkbookXlsx(in);
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  const double secs = std::chrono::duration<double>(t1 - t0).count();
  std::printf("[ fitness workbook ] %zu students: %.2f s, %.1f MB\n", n, secs,
              static_cast<double>(bytes->size()) / 1e6);
  EXPECT_GT(bytes->size(), n * 10);
}

}  // namespace
}  // namespace jiaodu
