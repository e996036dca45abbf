#include "jiaodu/formats/pdf/report_pdf.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
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
#include "jiaodu/formats/pdf/pdf_layout.h"
#include "jiaodu/formats/pdf/pdf_test_util.h"
#include "jiaodu/formats/report_text/report_text.h"
#include "jiaodu/formats/standard_file/standard_file.h"

namespace jiaodu {
namespace {

using pdf::testutil::PageCount;
using pdf::testutil::PageText;
using pdf::testutil::RawText;
using pdf::testutil::Squeeze;
using pdf::testutil::TempPdf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kYear = 2024;

// A county's report written once, with the text poppler reads back from it.
struct Rendered {
  std::unique_ptr<TempPdf> file;
  int pages = 0;
  std::vector<std::string> page_text;  // -layout, per page (index 0 = page 1)
  std::string raw;                     // -raw, squeezed, all pages
};

// The demo city evaluated for 2024 under both shipped standards (as
// report_xlsx_test does), only for the counties these tests print:
// 东湖区 and 青山县 fail the 2017 standard, 石门县's 小学 composite CV is
// over the 2012 limit.
class ReportPdfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib) << lib.error().Describe();
    s2017_ = new std::shared_ptr<const Standard>(lib->Find("cn-yzjh-2017"));
    s2012_ = new std::shared_ptr<const Standard>(lib->Find("cn-jbjh-2012"));
    s2020_ = new std::shared_ptr<const Standard>(lib->Find("cn-xqpp-2020"));
    ASSERT_TRUE(*s2017_);
    ASSERT_TRUE(*s2012_);
    ASSERT_TRUE(*s2020_);
    const DemoCity city = GenerateDemoCity(*(*s2017_)->catalog);
    const DemoPreschool kg = GeneratePreschool(*(*s2020_)->catalog, city);
    counties_ = new std::map<std::string, CountyEvaluation>();
    rendered_ = new std::map<std::string, Rendered>();
    Engine e2017(*s2017_);
    Engine e2012(*s2012_);
    Engine e2020(*s2020_);
    for (const Area& a : city.areas) {
      if (a.level != AreaLevel::kCounty) continue;
      const CountyInput in = CountyInputOf(a, AcademicYear(kYear), city.schools, city.counties);
      if (a.name == "东湖区" || a.name == "青山县") {
        counties_->emplace(Key("cn-yzjh-2017", a.name), e2017.EvaluateCounty(in));
      }
      if (a.name == "石门县") {
        counties_->emplace(Key("cn-jbjh-2012", a.name), e2012.EvaluateCounty(in));
      }
      // Every county under the preschool standard, from its kindergartens.
      counties_->emplace(
          Key("cn-xqpp-2020", a.name),
          e2020.EvaluateCounty(CountyInputOf(a, AcademicYear(kYear), kg.schools, kg.counties)));
    }
  }

  static void TearDownTestSuite() {
    delete rendered_;
    delete counties_;
    delete s2020_;
    delete s2012_;
    delete s2017_;
    rendered_ = nullptr;
    counties_ = nullptr;
    s2020_ = nullptr;
    s2012_ = nullptr;
    s2017_ = nullptr;
  }

  void SetUp() override {
    if (!pdf::testutil::PopplerAvailable()) {
      GTEST_SKIP() << "poppler-utils (pdftotext, pdffonts, pdfinfo) not installed";
    }
    ASSERT_NE(counties_, nullptr);
    ASSERT_EQ(counties_->size(), 3u + 6u);  // + the 6 demo counties under 普及普惠
  }

  static std::string Key(std::string_view standard_id, std::string_view county) {
    return fmt::format("{}/{}", standard_id, county);
  }

  static const Standard& StandardOf(std::string_view id) {
    if (id == "cn-xqpp-2020") return **s2020_;
    return id == "cn-jbjh-2012" ? **s2012_ : **s2017_;
  }

  static const CountyEvaluation& County(std::string_view standard_id, std::string_view name) {
    auto it = counties_->find(Key(standard_id, name));
    if (it == counties_->end()) {
      ADD_FAILURE() << "no county " << name;
      static const CountyEvaluation kEmpty;
      return kEmpty;
    }
    return it->second;
  }

  // The report of `name` under `standard_id`, written and read back once.
  static const Rendered& Report(std::string_view standard_id, std::string_view name) {
    const std::string key = Key(standard_id, name);
    auto it = rendered_->find(key);
    if (it != rendered_->end()) return it->second;
    auto bytes = CountyReportPdf(StandardOf(standard_id), County(standard_id, name));
    EXPECT_TRUE(bytes) << bytes.error().Describe();
    Rendered r;
    r.file = std::make_unique<TempPdf>(bytes ? *bytes : std::string());
    r.pages = PageCount(r.file->path());
    for (int p = 1; p <= r.pages; ++p) r.page_text.push_back(PageText(r.file->path(), p));
    r.raw = Squeeze(RawText(r.file->path()));
    return rendered_->emplace(key, std::move(r)).first->second;
  }

  static std::shared_ptr<const Standard>* s2017_;
  static std::shared_ptr<const Standard>* s2012_;
  static std::shared_ptr<const Standard>* s2020_;
  static std::map<std::string, CountyEvaluation>* counties_;
  static std::map<std::string, Rendered>* rendered_;
};

std::shared_ptr<const Standard>* ReportPdfTest::s2017_ = nullptr;
std::shared_ptr<const Standard>* ReportPdfTest::s2012_ = nullptr;
std::shared_ptr<const Standard>* ReportPdfTest::s2020_ = nullptr;
std::map<std::string, CountyEvaluation>* ReportPdfTest::counties_ = nullptr;
std::map<std::string, Rendered>* ReportPdfTest::rendered_ = nullptr;

// The cases below, as (standard, county).
const std::vector<std::pair<std::string, std::string>> kCases = {
    {"cn-yzjh-2017", "东湖区"}, {"cn-yzjh-2017", "青山县"}, {"cn-jbjh-2012", "石门县"}};

TEST_F(ReportPdfTest, DemoCountiesTellTheStoriesTheseTestsRelyOn) {
  EXPECT_EQ(County("cn-yzjh-2017", "东湖区").verdict, Verdict::kFail);
  EXPECT_EQ(County("cn-yzjh-2017", "青山县").verdict, Verdict::kFail);
  const StageResult* primary = County("cn-jbjh-2012", "石门县").FindStage(Stage::kPrimary);
  ASSERT_NE(primary, nullptr);
  EXPECT_EQ(primary->composite_verdict, Verdict::kFail);
  ASSERT_TRUE(primary->composite_limit);
  EXPECT_FALSE(StandardOf("cn-jbjh-2012").HasSchoolRule());
  EXPECT_TRUE(StandardOf("cn-jbjh-2012").items.empty());
}

TEST_F(ReportPdfTest, FontsAreNotoSansCjkAndEmbedded) {
  for (const auto& [standard, county] : kCases) {
    const auto fonts = pdf::testutil::Fonts(Report(standard, county).file->path());
    ASSERT_FALSE(fonts.empty()) << county;
    for (const auto& f : fonts) {
      EXPECT_THAT(f.name, HasSubstr("NotoSansCJK")) << county;
      EXPECT_TRUE(f.embedded) << county << ": " << f.name;
    }
  }
}

TEST_F(ReportPdfTest, PagesAreA4Landscape) {
  for (const auto& [standard, county] : kCases) {
    double w = 0;
    double h = 0;
    ASSERT_TRUE(pdf::testutil::PageSize(Report(standard, county).file->path(), &w, &h)) << county;
    EXPECT_NEAR(w, 841.89, 0.5) << county;
    EXPECT_NEAR(h, 595.28, 0.5) << county;
  }
}

TEST_F(ReportPdfTest, EveryPageHasTheHeaderAndItsPageNumber) {
  for (const auto& [standard, county] : kCases) {
    const Standard& s = StandardOf(standard);
    const CountyEvaluation& e = County(standard, county);
    const Rendered& r = Report(standard, county);
    ASSERT_GE(r.pages, 4) << county;  // 汇总, 差异系数, one per stage at least
    for (int p = 1; p <= r.pages; ++p) {
      const std::string text = Squeeze(r.page_text[static_cast<size_t>(p - 1)]);
      EXPECT_THAT(text, HasSubstr(e.county_name)) << county << " page " << p;
      EXPECT_THAT(text, HasSubstr(e.year.Label())) << county << " page " << p;
      EXPECT_THAT(text, HasSubstr(Squeeze(s.report_title.zh))) << county << " page " << p;
      EXPECT_THAT(text, HasSubstr(s.document)) << county << " page " << p;
      EXPECT_THAT(text, HasSubstr(fmt::format("第{}页/共{}页", p, r.pages)))
          << county << " page " << p;
      EXPECT_THAT(text, HasSubstr("jiaodu生成")) << county << " page " << p;
    }
  }
  // The 2017 document number the brief names, on every page of a 2017 report.
  const Rendered& r = Report("cn-yzjh-2017", "东湖区");
  for (const std::string& page : r.page_text) EXPECT_THAT(page, HasSubstr("教督〔2017〕6号"));
}

TEST_F(ReportPdfTest, SummaryStatesTheVerdictPartsAndReasons) {
  const CountyEvaluation& e = County("cn-yzjh-2017", "东湖区");
  const std::string first = Squeeze(Report("cn-yzjh-2017", "东湖区").page_text[0]);
  EXPECT_THAT(first, HasSubstr("附表1评估结论汇总"));
  EXPECT_THAT(first, HasSubstr("总体结论"));
  for (const char* part : {"资源配置", "政府保障程度", "教育质量", "社会认可度", "一票否决"}) {
    EXPECT_THAT(first, HasSubstr(part));
  }
  const std::string& raw = Report("cn-yzjh-2017", "东湖区").raw;
  ASSERT_FALSE(e.reasons.empty());
  for (const Text& reason : e.reasons) EXPECT_THAT(raw, HasSubstr(Squeeze(reason.zh)));
}

TEST_F(ReportPdfTest, ShowsIndicatorNamesCvValuesAndEverySchool) {
  for (const auto& [standard, county] : kCases) {
    const Standard& s = StandardOf(standard);
    const CountyEvaluation& e = County(standard, county);
    const std::string& raw = Report(standard, county).raw;
    for (const Indicator& ind : s.indicators) {
      EXPECT_THAT(raw, HasSubstr(Squeeze(ind.name.zh))) << county;
    }
    for (const StageResult& sr : e.stages) {
      for (const CvResult& c : sr.cvs) {
        ASSERT_TRUE(c.cv) << county << " " << c.indicator_id;
        EXPECT_THAT(raw, HasSubstr(FormatFixed(*c.cv, s.policy.cv_display_decimals)))
            << county << " " << c.indicator_id;
      }
      for (const SectionResult& sec : sr.sections) {
        EXPECT_THAT(raw, HasSubstr(Squeeze(sec.school_name))) << county;
      }
    }
  }
}

TEST_F(ReportPdfTest, SchoolTablesContinueWithTheirHeaderRepeated) {
  const CountyEvaluation& e = County("cn-yzjh-2017", "东湖区");
  const Rendered& r = Report("cn-yzjh-2017", "东湖区");
  for (const StageResult& sr : e.stages) {
    // Pages that show a school row of this stage's table.
    int pages_with_rows = 0;
    for (int p = 1; p <= r.pages; ++p) {
      const std::string raw = Squeeze(RawText(r.file->path(), p));
      const std::string caption = fmt::format("{}校级资源配置指标", StageName(sr.stage));
      if (raw.find(caption) == std::string::npos) continue;
      ++pages_with_rows;
      EXPECT_THAT(raw, HasSubstr("学校名称")) << "page " << p;
      EXPECT_THAT(raw, HasSubstr("在校生数")) << "page " << p;
      EXPECT_THAT(raw, HasSubstr("达标项数")) << "page " << p;
    }
    // 东湖区 has enough schools per stage for more than one page.
    EXPECT_GE(pages_with_rows, sr.sections.size() > 30 ? 2 : 1) << StageName(sr.stage);
  }
}

TEST_F(ReportPdfTest, FailingCountyHasTheItemsTableAndThePlan) {
  const Standard& s = StandardOf("cn-yzjh-2017");
  const CountyEvaluation& e = County("cn-yzjh-2017", "东湖区");
  const std::string& raw = Report("cn-yzjh-2017", "东湖区").raw;
  EXPECT_THAT(raw, HasSubstr("附表5政府保障程度、教育质量、社会认可度评估事项核查表"));
  for (const ItemResult& it : e.items) EXPECT_THAT(raw, HasSubstr(Squeeze(it.text.zh))) << it.id;
  EXPECT_THAT(raw, HasSubstr("一票否决情形"));
  bool needed = false;
  for (const StageResult& sr : e.stages) needed = needed || sr.plan.needed;
  if (needed) {
    EXPECT_THAT(raw, HasSubstr("附表6资源配置达标所需"));
    for (const StageResult& sr : e.stages) {
      for (const PassPlan::Total& t : sr.plan.totals) {
        EXPECT_THAT(raw, HasSubstr(Squeeze(t.resource.zh)));
      }
    }
  }
  EXPECT_TRUE(s.HasSchoolRule());
}

TEST_F(ReportPdfTest, Standard2012ShowsTheCompositeCvWithItsLimitAndNoItems) {
  const Standard& s = StandardOf("cn-jbjh-2012");
  const CountyEvaluation& e = County("cn-jbjh-2012", "石门县");
  const Rendered& r = Report("cn-jbjh-2012", "石门县");
  EXPECT_THAT(r.raw, HasSubstr("综合差异系数"));
  for (const StageResult& sr : e.stages) {
    ASSERT_TRUE(sr.composite_cv);
    ASSERT_TRUE(sr.composite_limit);
    EXPECT_THAT(r.raw, HasSubstr(FormatFixed(*sr.composite_cv, s.policy.cv_display_decimals)));
    EXPECT_THAT(r.raw, HasSubstr(FormatFixed(*sr.composite_limit, 2)));
    EXPECT_THAT(r.raw,
                HasSubstr(fmt::format("综合差异系数{}（≤{}），{}", FormatFixed(*sr.composite_cv, 3),
                                      FormatFixed(*sr.composite_limit, 2),
                                      VerdictName(sr.composite_verdict))));
  }
  EXPECT_THAT(r.raw, HasSubstr("不单设"));       // single CVs carry no limit of their own
  EXPECT_THAT(r.raw, Not(HasSubstr("达到0%")));  // additions there only lower a CV
  EXPECT_THAT(r.raw, Not(HasSubstr("事项核查表")));
  EXPECT_THAT(r.raw, Not(HasSubstr("一票否决")));
  EXPECT_THAT(r.raw, Not(HasSubstr("政府保障程度")));
  EXPECT_THAT(r.raw, Not(HasSubstr("达标项数")));  // no per-school rule
  for (const std::string& page : r.page_text) EXPECT_THAT(page, HasSubstr("教督〔2012〕3号"));
}

TEST_F(ReportPdfTest, NoTextLeavesThePageMargins) {
  const double margin = 15 * pdf::kPointsPerMm;
  for (const auto& [standard, county] : kCases) {
    const auto words = pdf::testutil::WordBoxes(Report(standard, county).file->path());
    ASSERT_FALSE(words.empty());
    for (const auto& w : words) {
      EXPECT_GE(w.x_min, margin - 1) << county << " p" << w.page << ": " << w.word;
      EXPECT_LE(w.x_max, pdf::kA4Long - margin + 1) << county << " p" << w.page << ": " << w.word;
      EXPECT_GE(w.y_min, margin - 1) << county << " p" << w.page << ": " << w.word;
      EXPECT_LE(w.y_max, pdf::kA4Short - margin + 1) << county << " p" << w.page << ": " << w.word;
    }
  }
}

// The 普及普惠 report of a county that misses 普惠性幼儿园覆盖率: its own
// parts, the kindergartens one by one, the lever that would close the gap,
// the goals beside the verdict, and no 差异系数 (the 2020 method has none).
TEST_F(ReportPdfTest, PreschoolReportShowsCoverageRemediesGoalsAndKindergartensButNoCv) {
  const std::string id = "cn-xqpp-2020";
  std::string county;
  const CheckResult* p2 = nullptr;
  for (const auto& [key, e] : *counties_) {
    if (key.rfind(id + "/", 0) != 0) continue;
    for (const ItemResult& it : e.items) {
      if (it.id == "P2" && it.verdict == Verdict::kFail && county.empty()) {
        county = e.county_name;
        p2 = &it.checks.at(0);
      }
    }
  }
  ASSERT_FALSE(county.empty()) << "the demo city has a county below 80% 普惠覆盖率";
  ASSERT_FALSE(p2->remedies.empty());
  const CountyEvaluation& e = County(id, county);
  const std::string& raw = Report(id, county).raw;
  EXPECT_THAT(raw, HasSubstr(Squeeze(county + "2024-2025学年县域学前教育普及普惠督导评估")));
  EXPECT_THAT(raw, HasSubstr("教督〔2020〕1号"));
  for (const PartVerdict& p : e.parts) EXPECT_THAT(raw, HasSubstr(Squeeze(p.name.zh)));
  EXPECT_THAT(raw, HasSubstr("普及普惠水平"));
  EXPECT_THAT(raw, HasSubstr("幼儿园办园条件指标"));
  EXPECT_THAT(raw, HasSubstr(Squeeze("达标所需：" + report::RemedyText(*p2, p2->remedies[0]))));
  EXPECT_THAT(raw, HasSubstr("发展目标对照"));
  for (const GoalResult& g : e.goals) EXPECT_THAT(raw, HasSubstr(Squeeze(g.name.zh)));
  const StageResult* sr = e.FindStage(Stage::kPreschool);
  ASSERT_NE(sr, nullptr);
  ASSERT_FALSE(sr->sections.empty());
  for (const SectionResult& s : sr->sections) EXPECT_THAT(raw, HasSubstr(Squeeze(s.school_name)));
  EXPECT_THAT(raw, Not(HasSubstr("校际差异系数")));
  EXPECT_THAT(raw, Not(HasSubstr("资源配置达标所需")));
}

}  // namespace
}  // namespace jiaodu
