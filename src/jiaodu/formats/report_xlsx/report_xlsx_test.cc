#include "jiaodu/formats/report_xlsx/report_xlsx.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/core/number.h"
#include "jiaodu/demo/demo_city.h"
#include "jiaodu/domain/standards/engine.h"
#include "jiaodu/formats/standard_file/standard_file.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu {
namespace {

using xlsx::Cell;
using xlsx::ReadXlsx;
using xlsx::Sheet;
using xlsx::Workbook;

std::string TextAt(const Sheet& s, size_t row, size_t col) {
  const Cell* c = s.At(row, col);
  return c ? c->text : std::string();
}

// The number in a cell; NaN when the cell is not a number.
double NumberAt(const Sheet& s, size_t row, size_t col) {
  const Cell* c = s.At(row, col);
  return c && c->type == Cell::Type::kNumber ? c->number : std::nan("");
}

std::vector<std::string> SheetNames(const Workbook& book) {
  std::vector<std::string> names;
  for (const Sheet& s : book.sheets) names.push_back(s.name);
  return names;
}

// Rows whose first two cells read `a`, `b` (b empty: any).
std::vector<size_t> RowsWith(const Sheet& s, std::string_view a, std::string_view b = {}) {
  std::vector<size_t> out;
  for (size_t r = 0; r < s.rows.size(); ++r) {
    if (TextAt(s, r, 0) == a && (b.empty() || TextAt(s, r, 1) == b)) out.push_back(r);
  }
  return out;
}

bool IsTenDigits(const std::string& s) {
  if (s.size() != 10) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The demo city evaluated once for 2024 (as demo_city_test does); every test
// reads workbooks written from these results.
class ReportXlsxTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib) << lib.error().Describe();
    standard_ = new std::shared_ptr<const Standard>(lib->Find("cn-yzjh-2017"));
    ASSERT_TRUE(*standard_);
    const DemoCity city = GenerateDemoCity(*(*standard_)->catalog);
    counties_ = new std::vector<CountyEvaluation>();
    Engine engine(*standard_);
    constexpr int kYear = 2024;
    for (const Area& a : city.areas) {
      if (a.level != AreaLevel::kCounty) continue;
      counties_->push_back(engine.EvaluateCounty(
          CountyInputOf(a, AcademicYear(kYear), city.schools, city.counties)));
    }
    books_ = new std::map<std::string, Workbook>();
  }

  static void TearDownTestSuite() {
    delete books_;
    delete counties_;
    delete standard_;
    books_ = nullptr;
    counties_ = nullptr;
    standard_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(counties_, nullptr);
    ASSERT_EQ(counties_->size(), 6u);  // the demo city's counties
  }

  static const Standard& standard() { return **standard_; }

  static const CountyEvaluation& County(const std::string& name) {
    for (const CountyEvaluation& e : *counties_) {
      if (e.county_name == name) return e;
    }
    ADD_FAILURE() << "no county " << name;
    return counties_->front();
  }

  // The county report of `name`, written and read back (once per county).
  static const Workbook& CountyBook(const std::string& name) {
    auto it = books_->find(name);
    if (it != books_->end()) return it->second;
    auto bytes = CountyReportXlsx(standard(), County(name));
    EXPECT_TRUE(bytes) << bytes.error().Describe();
    auto book = ReadXlsx(bytes ? *bytes : std::string(), name + ".xlsx");
    EXPECT_TRUE(book) << book.error().Describe();
    return books_->emplace(name, book ? std::move(*book) : Workbook()).first->second;
  }

  static const Sheet& SheetOf(const Workbook& book, std::string_view name) {
    const Sheet* s = book.Find(name);
    if (s == nullptr) {
      ADD_FAILURE() << "no sheet " << name;
      static const Sheet kEmpty;
      return kEmpty;
    }
    return *s;
  }

  static size_t IndicatorIndex(std::string_view id) {
    for (size_t j = 0; j < standard().indicators.size(); ++j) {
      if (standard().indicators[j].id == id) return j;
    }
    ADD_FAILURE() << "no indicator " << id;
    return 0;
  }

  static std::shared_ptr<const Standard>* standard_;
  static std::vector<CountyEvaluation>* counties_;
  static std::map<std::string, Workbook>* books_;
};

std::shared_ptr<const Standard>* ReportXlsxTest::standard_ = nullptr;
std::vector<CountyEvaluation>* ReportXlsxTest::counties_ = nullptr;
std::map<std::string, Workbook>* ReportXlsxTest::books_ = nullptr;

TEST_F(ReportXlsxTest, DemoCountiesTellTheStoriesTheseTestsRelyOn) {
  EXPECT_EQ(County("城关区").verdict, Verdict::kPass);
  EXPECT_EQ(County("东湖区").verdict, Verdict::kFail);
  EXPECT_EQ(County("青山县").verdict, Verdict::kFail);
}

TEST_F(ReportXlsxTest, CountyReportHasTheSheetsInOrder) {
  for (const std::string name : {"城关区", "东湖区", "青山县"}) {
    EXPECT_EQ(SheetNames(CountyBook(name)),
              (std::vector<std::string>{"评估结论", "差异系数", "小学校级指标", "初中校级指标",
                                        "达标所需", "评估事项", "一票否决", "不参评学校"}))
        << name;
  }
}

TEST_F(ReportXlsxTest, ConclusionSheetStatesTitleBasisVerdictPartsAndReasons) {
  const Sheet& pass = SheetOf(CountyBook("城关区"), "评估结论");
  EXPECT_EQ(TextAt(pass, 0, 0), "城关区2024-2025学年义务教育优质均衡发展督导评估结果");
  EXPECT_NE(TextAt(pass, 1, 0).find("县域义务教育优质均衡发展督导评估办法"), std::string::npos);
  EXPECT_NE(TextAt(pass, 1, 0).find("教督〔2017〕6号"), std::string::npos);
  EXPECT_EQ(TextAt(pass, 4, 0), "总体结论");
  EXPECT_EQ(TextAt(pass, 4, 1), "达标");

  const CountyEvaluation& e = County("东湖区");
  const Sheet& fail = SheetOf(CountyBook("东湖区"), "评估结论");
  EXPECT_EQ(TextAt(fail, 4, 1), "未达标");
  const std::vector<std::pair<std::string, Verdict>> parts = {
      {"资源配置", e.resource_verdict},
      {"政府保障程度", e.government_verdict},
      {"教育质量", e.quality_verdict},
      {"社会认可度", e.recognition_verdict},
      {"一票否决", e.veto_verdict}};
  for (const auto& [part, verdict] : parts) {
    auto rows = RowsWith(fail, part);
    ASSERT_EQ(rows.size(), 1u) << part;
    EXPECT_EQ(TextAt(fail, rows[0], 1), VerdictName(verdict)) << part;
  }
  EXPECT_EQ(TextAt(fail, RowsWith(fail, "资源配置")[0], 1), "未达标");
  // Every reason, one per row, in the engine's order.
  ASSERT_FALSE(e.reasons.empty());
  const auto first = RowsWith(fail, "1");
  ASSERT_EQ(first.size(), 1u);
  for (size_t i = 0; i < e.reasons.size(); ++i) {
    EXPECT_EQ(NumberAt(fail, first[0] + i, 0), static_cast<double>(i + 1));
    EXPECT_EQ(TextAt(fail, first[0] + i, 1), e.reasons[i].zh);
  }
  // The composite-CV note from the standard file.
  bool note = false;
  for (size_t r = 0; r < fail.rows.size(); ++r) {
    note =
        note || TextAt(fail, r, 0).find(standard().resource.composite_note.zh) != std::string::npos;
  }
  EXPECT_TRUE(note);
}

TEST_F(ReportXlsxTest, CvSheetHoldsTheEvaluationsNumbers) {
  const size_t n = standard().indicators.size();
  for (const std::string name : {"城关区", "东湖区", "青山县"}) {
    const CountyEvaluation& e = County(name);
    const Sheet& s = SheetOf(CountyBook(name), "差异系数");
    const auto cv_rows = RowsWith(s, "差异系数");
    ASSERT_EQ(cv_rows.size(), e.stages.size()) << name;
    for (size_t k = 0; k < e.stages.size(); ++k) {
      const StageResult& sr = e.stages[k];
      const size_t r = cv_rows[k];
      EXPECT_EQ(TextAt(s, r - 4, 0),
                fmt::format("{}（参评学校 {} 所，学生 {} 人）", StageName(sr.stage), sr.schools,
                            FormatGrouped(sr.students, 0)));
      EXPECT_EQ(TextAt(s, r - 3, 1), "L1 每百名学生拥有高于规定学历教师数（人）");
      EXPECT_EQ(TextAt(s, r - 3, n + 1), "综合差异系数（参考）");
      EXPECT_EQ(TextAt(s, r - 2, 0), "全县平均值");
      EXPECT_EQ(TextAt(s, r - 1, 0), "标准差");
      EXPECT_EQ(TextAt(s, r + 1, 0), "标准（≤）");
      EXPECT_EQ(TextAt(s, r + 2, 0), "是否达标");
      ASSERT_EQ(sr.cvs.size(), n);
      for (size_t j = 0; j < n; ++j) {
        const CvResult& c = sr.cvs[j];
        ASSERT_TRUE(c.cv && c.mean && c.sd) << name << " " << c.indicator_id;
        EXPECT_NEAR(NumberAt(s, r, 1 + j), *c.cv, 1e-12) << name << " " << c.indicator_id;
        EXPECT_NEAR(NumberAt(s, r - 2, 1 + j), *c.mean, 1e-9 * std::fabs(*c.mean));
        EXPECT_NEAR(NumberAt(s, r - 1, 1 + j), *c.sd, 1e-9 * std::fabs(*c.sd));
        EXPECT_EQ(NumberAt(s, r + 1, 1 + j), c.limit);
        EXPECT_EQ(TextAt(s, r + 2, 1 + j), VerdictName(c.verdict));
      }
      ASSERT_TRUE(sr.composite_cv);
      EXPECT_NEAR(NumberAt(s, r, n + 1), *sr.composite_cv, 1e-12);
    }
  }
}

TEST_F(ReportXlsxTest, DonghuPrimaryL5CvIsOverTheLimitAndItsDriversAreListed) {
  const Sheet& s = SheetOf(CountyBook("东湖区"), "差异系数");
  const auto cv_rows = RowsWith(s, "差异系数");
  ASSERT_GE(cv_rows.size(), 1u);
  const size_t col = 1 + IndicatorIndex("L5");
  EXPECT_EQ(TextAt(s, cv_rows[0] - 4, 0).substr(0, 6), "小学");
  EXPECT_GT(NumberAt(s, cv_rows[0], col), 0.5);
  EXPECT_EQ(NumberAt(s, cv_rows[0] + 1, col), 0.5);
  EXPECT_EQ(TextAt(s, cv_rows[0] + 2, col), "未达标");
  // The schools that drive it.
  const auto drivers = RowsWith(s, "小学", "L5 生均体育运动场馆");
  EXPECT_FALSE(drivers.empty());
}

TEST_F(ReportXlsxTest, SchoolSheetsListEverySectionWithTextCodesValuesAndVerdicts) {
  const size_t n = standard().indicators.size();
  for (const std::string name : {"城关区", "青山县"}) {
    const CountyEvaluation& e = County(name);
    for (const StageResult& sr : e.stages) {
      const Sheet& s = SheetOf(CountyBook(name), std::string(StageName(sr.stage)) + "校级指标");
      EXPECT_EQ(TextAt(s, 1, 0), "学校标识码");
      EXPECT_EQ(TextAt(s, 1, 6), "L1 每百名学生拥有高于规定学历教师数（人）");
      const Indicator& l1 = standard().indicators[0];
      EXPECT_EQ(TextAt(s, 2, 6), "≥" + FormatFixed(*l1.standard.Get(sr.stage), 2));
      ASSERT_FALSE(sr.sections.empty());
      for (size_t i = 0; i < sr.sections.size(); ++i) {
        const SectionResult& sec = sr.sections[i];
        const size_t r = 3 + i;
        const Cell* code = s.At(r, 0);
        ASSERT_NE(code, nullptr);
        EXPECT_EQ(code->type, Cell::Type::kString);
        EXPECT_TRUE(IsTenDigits(code->text)) << code->text;
        EXPECT_EQ(code->text, sec.school_code);
        EXPECT_EQ(TextAt(s, r, 1), sec.school_name);
        EXPECT_EQ(NumberAt(s, r, 5), *sec.students);
        for (size_t j = 0; j < n; ++j) {
          const IndicatorValue& iv = sec.indicators[j];
          if (iv.value) {
            EXPECT_NEAR(NumberAt(s, r, 6 + j), *iv.value,
                        1e-12 * std::max(1.0, std::fabs(*iv.value)));
          } else {
            EXPECT_EQ(TextAt(s, r, 6 + j), "—");
          }
        }
        EXPECT_EQ(NumberAt(s, r, 6 + n), sec.meeting);
        EXPECT_EQ(TextAt(s, r, 7 + n), VerdictName(sec.verdict));
      }
      EXPECT_EQ(s.At(3 + sr.sections.size(), 0), nullptr);  // nothing after the last school
    }
  }
}

TEST_F(ReportXlsxTest, QingshanSchoolSheetShowsSchoolsFailingL2) {
  const CountyEvaluation& e = County("青山县");
  int failing = 0;
  for (const StageResult& sr : e.stages) {
    const Sheet& s = SheetOf(CountyBook("青山县"), std::string(StageName(sr.stage)) + "校级指标");
    for (size_t i = 0; i < sr.sections.size(); ++i) {
      if (sr.sections[i].verdict != Verdict::kFail) continue;
      ++failing;
      EXPECT_EQ(TextAt(s, 3 + i, 7 + standard().indicators.size()), "未达标");
      EXPECT_FALSE(TextAt(s, 3 + i, 8 + standard().indicators.size()).empty());  // the reasons
    }
  }
  EXPECT_GT(failing, 0);
}

TEST_F(ReportXlsxTest, PlanSheetListsChangesWhoseSumsAreTheTotals) {
  const CountyEvaluation& e = County("东湖区");
  const Sheet& s = SheetOf(CountyBook("东湖区"), "达标所需");
  // Totals blocks: 学段 | 资源 | 合计数量 | 单位 | 涉及学校数.
  std::map<std::pair<std::string, std::string>, double> totals;
  for (size_t h : RowsWith(s, "学段", "资源")) {
    EXPECT_EQ(TextAt(s, h, 2), "合计数量");
    for (size_t r = h + 1; !TextAt(s, r, 0).empty(); ++r) {
      totals[{TextAt(s, r, 0), TextAt(s, r, 1)}] += NumberAt(s, r, 2);
    }
  }
  ASSERT_FALSE(totals.empty());
  // The detail table: the first header 学段 | 学校标识码 | ...
  const auto headers = RowsWith(s, "学段", "学校标识码");
  ASSERT_FALSE(headers.empty());
  const size_t h = headers[0];
  EXPECT_EQ(TextAt(s, h, 5), "数量");
  EXPECT_EQ(TextAt(s, h, 9), "目的");
  std::map<std::pair<std::string, std::string>, double> sums;
  size_t changes = 0;
  bool positive = false;
  for (size_t r = h + 1; !TextAt(s, r, 0).empty(); ++r) {
    ++changes;
    const double amount = NumberAt(s, r, 5);
    positive = positive || amount > 0;
    EXPECT_TRUE(IsTenDigits(TextAt(s, r, 1)));
    sums[{TextAt(s, r, 0), TextAt(s, r, 4)}] += amount;
  }
  EXPECT_TRUE(positive);
  EXPECT_EQ(sums, totals);
  // And both are the evaluation's plan.
  size_t plan_changes = 0;
  std::map<std::pair<std::string, std::string>, double> plan_totals;
  for (const StageResult& sr : e.stages) {
    plan_changes += sr.plan.changes.size();
    for (const auto& t : sr.plan.totals) {
      plan_totals[{std::string(StageName(sr.stage)), t.resource.zh}] += t.amount;
    }
  }
  EXPECT_EQ(changes, plan_changes);
  EXPECT_EQ(totals, plan_totals);
}

TEST_F(ReportXlsxTest, PassingCountyNeedsNothing) {
  const Sheet& s = SheetOf(CountyBook("城关区"), "达标所需");
  EXPECT_TRUE(RowsWith(s, "学段", "资源").empty());
  EXPECT_TRUE(RowsWith(s, "学段", "学校标识码").empty());
  EXPECT_FALSE(RowsWith(s, "小学：全部学校及差异系数均已达标，无需补充。").empty());
}

TEST_F(ReportXlsxTest, ItemsSheetHasEveryItemWithVerdictValuesAndThresholds) {
  const CountyEvaluation& e = County("东湖区");
  const Sheet& s = SheetOf(CountyBook("东湖区"), "评估事项");
  EXPECT_EQ(TextAt(s, 1, 0), "编号");
  size_t r = 2;
  for (const ItemResult& it : e.items) {
    EXPECT_EQ(TextAt(s, r, 0), it.id);
    EXPECT_EQ(TextAt(s, r, 1), ItemPartName(it.part));
    EXPECT_EQ(TextAt(s, r, 3), VerdictName(it.verdict)) << it.id;
    for (size_t k = 0; k < it.checks.size(); ++k) {
      const CheckResult& c = it.checks[k];
      EXPECT_EQ(TextAt(s, r + k, 4), c.label.zh);
      if (c.scope == CheckScope::kCounty && c.value) {
        EXPECT_NEAR(NumberAt(s, r + k, 5), *c.value, 1e-12);
      }
      EXPECT_EQ(TextAt(s, r + k, 7), VerdictName(c.verdict));
    }
    r += std::max<size_t>(it.checks.size(), 1);
  }
  EXPECT_EQ(e.items.size(), 25u);
  // Percent thresholds print as percentages; per-stage ones name the stage.
  const auto r1 = RowsWith(s, "R1");
  ASSERT_EQ(r1.size(), 1u);
  EXPECT_EQ(TextAt(s, r1[0], 6), "≥85.0%");
  const auto g5 = RowsWith(s, "G5");
  ASSERT_EQ(g5.size(), 1u);
  EXPECT_EQ(TextAt(s, g5[0], 6), "小学≤45人，初中≤50人");
}

TEST_F(ReportXlsxTest, FailingSchoolChecksNameTheSchools) {
  // 白云县 fails G5 (class size): the schools are named with their figures.
  const CountyEvaluation& e = County("白云县");
  const Sheet& s = SheetOf(CountyBook("白云县"), "评估事项");
  const auto g5 = RowsWith(s, "G5");
  ASSERT_EQ(g5.size(), 1u);
  const ItemResult* item = nullptr;
  for (const ItemResult& it : e.items) item = it.id == "G5" ? &it : item;
  ASSERT_NE(item, nullptr);
  ASSERT_EQ(item->verdict, Verdict::kFail);
  const std::string listed = TextAt(s, g5[0], 8);
  EXPECT_NE(listed.find(item->checks[0].failing.front().school_name), std::string::npos) << listed;
  EXPECT_NE(listed.find("应≤"), std::string::npos) << listed;
}

TEST_F(ReportXlsxTest, VetoAndExcludedSheetsListEveryEntry) {
  const CountyEvaluation& e = County("东湖区");
  const Sheet& v = SheetOf(CountyBook("东湖区"), "一票否决");
  EXPECT_EQ(TextAt(v, 2, 2), "是否存在");
  ASSERT_EQ(e.vetoes.size(), 7u);
  for (size_t i = 0; i < e.vetoes.size(); ++i) {
    EXPECT_EQ(TextAt(v, 3 + i, 0), e.vetoes[i].id);
    EXPECT_EQ(TextAt(v, 3 + i, 1), e.vetoes[i].text.zh);
    const std::string expected = !e.vetoes[i].occurred   ? "未填报"
                                 : *e.vetoes[i].occurred ? "是"
                                                         : "否";
    EXPECT_EQ(TextAt(v, 3 + i, 2), expected);
  }
  const Sheet& x = SheetOf(CountyBook("东湖区"), "不参评学校");
  for (size_t i = 0; i < e.excluded.size(); ++i) {
    EXPECT_EQ(TextAt(x, 3 + i, 0), e.excluded[i].school_code);
    EXPECT_EQ(TextAt(x, 3 + i, 3), e.excluded[i].reason.zh);
  }
}

TEST_F(ReportXlsxTest, MissingFiguresShowAsGreyDashesAndThePlanNote) {
  // 城关区 with a school's L2 missing, so its CV and the plan cannot be
  // computed, and without any 初中 schools.
  CountyEvaluation e = County("城关区");
  StageResult& sr = e.stages[0];
  IndicatorValue& iv = sr.sections[0].indicators[1];
  iv.value.reset();
  iv.ratio.reset();
  iv.status = IndicatorStatus::kMissing;
  iv.missing_reason = Text("缺少“县级及以上骨干教师”", "missing teachers_backbone");
  CvResult& cv = sr.cvs[1];
  cv.cv.reset();
  cv.mean.reset();
  cv.sd.reset();
  cv.verdict = Verdict::kIncomplete;
  cv.problem = Text("1 所学校数据不全", "1 school incomplete");
  sr.composite_cv.reset();
  sr.plan = PassPlan{};
  sr.plan.note = Text("部分学校数据不全，暂不能给出完整的达标方案", "incomplete");
  e.stages.pop_back();
  e.verdict = e.resource_verdict = Verdict::kIncomplete;

  auto bytes = CountyReportXlsx(standard(), e);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = ReadXlsx(*bytes, "incomplete.xlsx");
  ASSERT_TRUE(book) << book.error().Describe();
  EXPECT_EQ(book->sheets.size(), 8u);
  EXPECT_EQ(TextAt(SheetOf(*book, "评估结论"), 4, 1), "待定");
  EXPECT_EQ(TextAt(SheetOf(*book, "小学校级指标"), 3, 7), "—");
  const Sheet& cvs = SheetOf(*book, "差异系数");
  const auto cv_rows = RowsWith(cvs, "差异系数");
  ASSERT_EQ(cv_rows.size(), 1u);
  EXPECT_EQ(TextAt(cvs, cv_rows[0], 2), "—");
  EXPECT_EQ(TextAt(cvs, cv_rows[0], 1 + standard().indicators.size()), "—");  // no composite either
  EXPECT_EQ(TextAt(cvs, cv_rows[0] + 2, 2), "待定");
  EXPECT_EQ(TextAt(SheetOf(*book, "初中校级指标"), 3, 0), "本县没有参评的初中学校。");
  const Sheet& plan = SheetOf(*book, "达标所需");
  EXPECT_FALSE(RowsWith(plan, "说明：部分学校数据不全，暂不能给出完整的达标方案").empty());
}

TEST_F(ReportXlsxTest, CityReportHasOneRowPerCountyWithItsVerdictAndCvs) {
  auto bytes = CityReportXlsx(standard(), "江城市", AcademicYear(2024), *counties_);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = ReadXlsx(*bytes, "city.xlsx");
  ASSERT_TRUE(book) << book.error().Describe();
  EXPECT_EQ(SheetNames(*book),
            (std::vector<std::string>{"各县汇总", "差异系数对比", "各县检测值"}));

  const Sheet& sum = SheetOf(*book, "各县汇总");
  EXPECT_EQ(TextAt(sum, 0, 0), "江城市2024-2025学年县域义务教育优质均衡发展督导评估汇总");
  EXPECT_EQ(TextAt(sum, 1, 7), "小学");
  EXPECT_EQ(TextAt(sum, 2, 7), "参评学校数");
  ASSERT_EQ(counties_->size(), 6u);
  for (size_t i = 0; i < counties_->size(); ++i) {
    const CountyEvaluation& e = (*counties_)[i];
    const size_t r = 3 + i;
    EXPECT_EQ(TextAt(sum, r, 0), e.county_name);
    EXPECT_EQ(TextAt(sum, r, 1), VerdictName(e.verdict)) << e.county_name;
    EXPECT_EQ(TextAt(sum, r, 2), VerdictName(e.resource_verdict));
    EXPECT_EQ(TextAt(sum, r, 6), VerdictName(e.veto_verdict));
    for (size_t k = 0; k < e.stages.size(); ++k) {
      const StageResult& sr = e.stages[k];
      int over = 0;
      for (const CvResult& c : sr.cvs) over += c.verdict == Verdict::kFail ? 1 : 0;
      EXPECT_EQ(NumberAt(sum, r, 7 + 4 * k), sr.schools);
      EXPECT_EQ(NumberAt(sum, r, 8 + 4 * k), sr.schools_passing);
      EXPECT_EQ(NumberAt(sum, r, 9 + 4 * k), sr.schools_failing);
      EXPECT_EQ(NumberAt(sum, r, 10 + 4 * k), over);
    }
  }
  EXPECT_TRUE(TextAt(sum, 3 + counties_->size(), 0).empty());  // the table ends there

  const Sheet& cv = SheetOf(*book, "差异系数对比");
  const auto limit = RowsWith(cv, "小学", "标准（≤）");
  ASSERT_EQ(limit.size(), 1u);
  EXPECT_EQ(NumberAt(cv, limit[0], 2), 0.5);
  const auto donghu = RowsWith(cv, "小学", "东湖区");
  ASSERT_EQ(donghu.size(), 1u);
  EXPECT_GT(NumberAt(cv, donghu[0], 2 + IndicatorIndex("L5")), 0.5);
  for (const CountyEvaluation& e : *counties_) {
    for (const StageResult& sr : e.stages) {
      const auto rows = RowsWith(cv, StageName(sr.stage), e.county_name);
      ASSERT_EQ(rows.size(), 1u);
      for (size_t j = 0; j < sr.cvs.size(); ++j) {
        EXPECT_NEAR(NumberAt(cv, rows[0], 2 + j), *sr.cvs[j].cv, 1e-12);
      }
    }
  }
}

TEST_F(ReportXlsxTest, EmptyCityStillMakesAWorkbook) {
  auto bytes = CityReportXlsx(standard(), "江城市", AcademicYear(2024), {});
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = ReadXlsx(*bytes, "city.xlsx");
  ASSERT_TRUE(book);
  EXPECT_EQ(book->sheets.size(), 3u);
}

TEST_F(ReportXlsxTest, CityChecksSheetPutsEveryCountyLevelCheckSideBySide) {
  auto bytes = CityReportXlsx(standard(), "江城市", AcademicYear(2024), *counties_);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = ReadXlsx(*bytes, "city.xlsx");
  ASSERT_TRUE(book) << book.error().Describe();
  const Sheet& sh = SheetOf(*book, "各县检测值");
  // One column per county-scope check, in the standard's order.
  size_t col = 1;
  size_t compared = 0;
  for (const Item& it : standard().items) {
    for (size_t k = 0; k < it.checks.size(); ++k) {
      if (it.checks[k].scope != CheckScope::kCounty) continue;
      EXPECT_EQ(TextAt(sh, 2, col), it.id + " " + it.checks[k].label.zh);
      for (const CountyEvaluation& e : *counties_) {
        const auto rows = RowsWith(sh, e.county_name);
        ASSERT_EQ(rows.size(), 1u) << e.county_name;
        for (const ItemResult& r : e.items) {
          if (r.id != it.id || !r.checks[k].value) continue;
          EXPECT_NEAR(NumberAt(sh, rows[0], col), *r.checks[k].value, 1e-12) << it.id;
          ++compared;
        }
      }
      ++col;
    }
  }
  EXPECT_GT(col, 1u);
  EXPECT_GT(compared, 0u);
}

TEST(ErrorWorkbook, ListsEachErrorWithItsPlaceAndMessage) {
  std::vector<Error> errors;
  Error a{ErrorCode::kInvalidInput,
          "import.not_a_number",
          Text("“在校生数”应为数字", "not a number"),
          {},
          {}};
  a.where = Location{"学校基本情况.xlsx", "分学段数据", 7, "C (在校生数)", "一百二"};
  Error b{ErrorCode::kNotFound,
          "import.unknown_school",
          Text("学校标识码不存在", "unknown school"),
          {},
          {}};
  b.where = Location{"学校基本情况.xlsx", "学校基本情况", 12, "A (学校标识码)", "0123456789"};
  errors.push_back(a);
  errors.push_back(b);
  auto bytes = ErrorWorkbookXlsx(errors, "学校基本情况.xlsx 导入错误");
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = ReadXlsx(*bytes, "errors.xlsx");
  ASSERT_TRUE(book) << book.error().Describe();
  EXPECT_EQ(SheetNames(*book), (std::vector<std::string>{"错误清单", "说明"}));
  const Sheet& s = book->sheets[0];
  EXPECT_EQ(TextAt(s, 0, 0), "学校基本情况.xlsx 导入错误");
  EXPECT_NE(TextAt(s, 1, 0).find("共 2 处错误"), std::string::npos);
  EXPECT_EQ(TextAt(s, 2, 0), "序号");
  EXPECT_EQ(TextAt(s, 2, 7), "错误说明");
  for (size_t i = 0; i < errors.size(); ++i) {
    const Error& e = errors[i];
    const size_t r = 3 + i;
    EXPECT_EQ(NumberAt(s, r, 0), static_cast<double>(i + 1));
    EXPECT_EQ(TextAt(s, r, 1), e.where.file);
    EXPECT_EQ(TextAt(s, r, 2), e.where.sheet);
    EXPECT_EQ(NumberAt(s, r, 3), e.where.row);
    EXPECT_EQ(TextAt(s, r, 4), e.where.column);
    EXPECT_EQ(TextAt(s, r, 5), e.where.value);
    EXPECT_EQ(TextAt(s, r, 6), e.id);
    EXPECT_EQ(TextAt(s, r, 7), e.message.zh);
  }
  EXPECT_EQ(s.At(3, 5)->type, Cell::Type::kString);
  EXPECT_EQ(TextAt(s, 4, 5), "0123456789");  // the clerk's text, leading zero kept
  const Sheet& help = book->sheets[1];
  bool says_nothing_saved = false;
  for (size_t r = 0; r < help.rows.size(); ++r) {
    says_nothing_saved =
        says_nothing_saved || TextAt(help, r, 0).find("没有保存任何数据") != std::string::npos;
  }
  EXPECT_TRUE(says_nothing_saved);
}

TEST(ErrorWorkbook, NoErrorsStillMakesAReadableWorkbook) {
  auto bytes = ErrorWorkbookXlsx({}, "导入错误");
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = ReadXlsx(*bytes, "errors.xlsx");
  ASSERT_TRUE(book);
  EXPECT_EQ(TextAt(book->sheets[0], 3, 0), "没有发现错误。");
}

}  // namespace
}  // namespace jiaodu
