// The use cases end to end on a real (in-memory) SQLite store: an import
// lands whole or not at all, re-imports keep history, undo restores, county
// edits are versioned, and evaluations follow the data.
#include "jiaodu/app/service.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "jiaodu/app/test_util.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DemoOptions small;
    small.schools = 60;
    small.years = 1;
    small.first_year = 2024;
    svc_ = testing::DemoService(small);
    ASSERT_NE(svc_, nullptr);
  }

  // A county template, filled for one school by editing the template's own
  // cells: what a clerk does.
  std::string FilledTemplate(const std::string& school_code, const std::string& students) {
    auto tpl = svc_->Template("990102", AcademicYear(2024));
    EXPECT_TRUE(tpl);
    auto book = xlsx::ReadXlsx(*tpl, "t.xlsx");
    EXPECT_TRUE(book);
    auto out = xlsx::WorkbookWriter::CreateInMemory();
    for (const auto& sheet : book->sheets) {
      if (sheet.hidden) continue;
      auto& w = out->AddSheet(sheet.name);
      bool target = false;
      for (size_t r = 0; r < sheet.rows.size(); ++r) {
        const auto& row = sheet.rows[r];
        target = row.size() > 1 && row[1].text == school_code;
        size_t width = std::max<size_t>(row.size(), sheet.rows[0].size());
        for (size_t c = 0; c < width; ++c) {
          const xlsx::Cell* cell = c < row.size() ? &row[c] : nullptr;
          std::string header = c < sheet.rows[0].size() ? sheet.rows[0][c].text : "";
          if (target && r > 0 && (sheet.name == "学校基本信息" || sheet.name == "分学段数据")) {
            // Plausible values for the required columns; the rest stay blank.
            static const std::vector<std::pair<std::string, double>> kValues = {
                {"*教学及辅助用房面积", 8000},
                {"*其中：室内体育用房面积", 500},
                {"*运动场地面积", 9000},
                {"*教学仪器设备资产值", 150},
                {"*网络多媒体教室", 30},
                {"*班级数", 30},
                {"*最大班额", 45},
                {"*专任教师数", 80},
                {"*其中：研究生学历", 5},
                {"*其中：本科学历", 60},
                {"*其中：专科学历", 10},
                {"*其中：县级及以上骨干教师", 10},
                {"*其中：体育专任教师", 5},
                {"*其中：音乐专任教师", 3},
                {"*其中：美术专任教师", 3}};
            bool done = false;
            if (header.starts_with("*在校生数")) {
              w.WriteString(r, c, students);
              done = true;
            }
            for (const auto& [prefix, v] : kValues) {
              if (!done && header.starts_with(prefix)) {
                w.WriteNumber(r, c, v);
                done = true;
              }
            }
            if (done) continue;
          }
          if (cell == nullptr || cell->empty()) continue;
          if (cell->type == xlsx::Cell::Type::kNumber) {
            w.WriteNumber(r, c, cell->number);
          } else {
            w.WriteString(r, c, cell->text);
          }
        }
      }
    }
    return *out->FinishToBytes();
  }

  std::string FirstPrimarySchool() {
    auto schools = svc_->storage().ListSchools("990102");
    for (const School& s : *schools) {
      if (s.type == SchoolType::kPrimary) return s.code;
    }
    return "";
  }

  std::unique_ptr<Service> svc_;
};

TEST_F(ServiceTest, BadFileIsRefusedAndNothingChanges) {
  std::string code = FirstPrimarySchool();
  auto before_version = *svc_->storage().DataVersion();
  auto before_imports = svc_->storage().ListImports()->size();
  auto out = svc_->ImportFiles({{"城关区.xlsx", FilledTemplate(code, "一千")}}, "测试");
  ASSERT_FALSE(out.ok);
  ASSERT_FALSE(out.errors.empty());
  EXPECT_EQ(out.errors[0].id, "import.not_a_number");
  EXPECT_EQ(out.errors[0].where.sheet, "分学段数据");
  EXPECT_EQ(*svc_->storage().DataVersion(), before_version);
  EXPECT_EQ(svc_->storage().ListImports()->size(), before_imports);
}

TEST_F(ServiceTest, EveryKindOfBadCellLeavesTheDatabaseUnchanged) {
  std::string code = FirstPrimarySchool();
  auto version = *svc_->storage().DataVersion();
  auto imports = svc_->storage().ListImports()->size();
  const std::pair<const char*, const char*> cases[] = {{"一千", "import.not_a_number"},
                                                       {"-5", "field.negative"},
                                                       {"12.5", "field.not_integer"},
                                                       {"99999", "field.above_max"},
                                                       {"", "import.required"}};
  for (const auto& [cell, id] : cases) {
    SCOPED_TRACE(id);
    auto out = svc_->ImportFiles({{"城关区.xlsx", FilledTemplate(code, cell)}}, "测试");
    ASSERT_FALSE(out.ok);
    ASSERT_FALSE(out.errors.empty());
    EXPECT_EQ(out.errors[0].id, id) << out.errors[0].Describe();
    EXPECT_EQ(out.errors[0].where.sheet, "分学段数据");
    EXPECT_GT(out.errors[0].where.row, 1);
    EXPECT_TRUE(out.errors[0].where.column.starts_with("E")) << out.errors[0].where.column;
  }
  EXPECT_EQ(*svc_->storage().DataVersion(), version);
  EXPECT_EQ(svc_->storage().ListImports()->size(), imports);
}

TEST_F(ServiceTest, UnfilledTemplateIsNothingToImport) {
  auto tpl = svc_->Template("990102", AcademicYear(2024));
  ASSERT_TRUE(tpl);
  auto out = svc_->ImportFiles({{"模板.xlsx", *tpl}}, "测试");
  ASSERT_FALSE(out.ok);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].id, "import.empty");
}

TEST_F(ServiceTest, GoodFileReplacesTheSchoolYearAndUndoRestoresIt) {
  std::string code = FirstPrimarySchool();
  auto before = svc_->SchoolInfo(code, AcademicYear(2024));
  ASSERT_TRUE(before);
  double old_students = *before->results[0].students;
  auto out = svc_->ImportFiles({{"城关区.xlsx", FilledTemplate(code, "1234")}}, "测试");
  ASSERT_TRUE(out.ok) << out.errors.size() << " "
                      << (out.errors.empty() ? std::string() : out.errors[0].Describe())
                      << " id=" << out.import_id.value_or(-1);
  EXPECT_EQ(out.summary.school_years, 1);
  auto after = svc_->SchoolInfo(code, AcademicYear(2024));
  ASSERT_TRUE(after);
  EXPECT_EQ(*after->results[0].students, 1234);
  EXPECT_EQ(after->history.size(), 2u);
  // The county evaluation follows the new data (cache invalidated).
  auto e = svc_->EvaluateCounty("990102", AcademicYear(2024));
  bool seen = false;
  for (const auto& s : (*e)->FindStage(Stage::kPrimary)->sections)
    seen = seen || (s.school_code == code && *s.students == 1234);
  EXPECT_TRUE(seen);
  ASSERT_TRUE(svc_->storage().UndoImport(*out.import_id, "测试"));
  EXPECT_EQ(*svc_->SchoolInfo(code, AcademicYear(2024))->results[0].students, old_students);
}

TEST_F(ServiceTest, CountyEditIsVersionedAndChangesTheVerdict) {
  CountyEdit edit;
  edit.user = "县局";
  edit.values["social_recognition_rate"] = 0.80;
  edit.judgments["G1"] = Judgment{JudgmentStatus::kNotMet, "布局规划未批复", ""};
  auto id = svc_->EditCountyData("990102", AcademicYear(2024), edit);
  ASSERT_TRUE(id) << id.error().Describe();
  auto e = svc_->EvaluateCounty("990102", AcademicYear(2024));
  EXPECT_EQ((*e)->recognition_verdict, Verdict::kFail);
  EXPECT_EQ((*e)->government_verdict, Verdict::kFail);
  // Other county data were kept (merged, not replaced).
  auto data = svc_->CountyData("990102", AcademicYear(2024), "compulsory-school-v1");
  EXPECT_TRUE((*data)->values.Has(
      *svc_->library().FindCatalog("compulsory-school-v1")->IndexOf("rotation_actual")));
  EXPECT_EQ((*data)->judgments.at("G2").status, JudgmentStatus::kMet);
  // An impossible value is refused.
  CountyEdit bad;
  bad.values["social_recognition_rate"] = 1.7;
  EXPECT_FALSE(svc_->EditCountyData("990102", AcademicYear(2024), bad));
  CountyEdit unknown;
  unknown.judgments["G3"] = Judgment{JudgmentStatus::kMet, "", ""};  // computed, not judged
  EXPECT_EQ(svc_->EditCountyData("990102", AcademicYear(2024), unknown).error().id,
            "app.unknown_item");
}

TEST_F(ServiceTest, ACountyCanBeJudgedByItsProvincesVariant) {
  auto national = svc_->EvaluateCounty("990102", AcademicYear(2024));
  ASSERT_TRUE(national);
  EXPECT_EQ((*national)->standard_id, "cn-yzjh-2017");
  ASSERT_TRUE(svc_->SetCountyStandard("990102", "example-province-yzjh-2017", "市局"));
  // Asking for the national family now applies the province's variant to
  // this county only.
  auto all = svc_->EvaluateArea("990100", AcademicYear(2024));
  ASSERT_TRUE(all);
  EXPECT_EQ((*all)[0]->standard_id, "example-province-yzjh-2017");
  EXPECT_EQ((*all)[1]->standard_id, "cn-yzjh-2017");
  // Resetting to the root goes back to the national standard.
  ASSERT_TRUE(svc_->SetCountyStandard("990102", "cn-yzjh-2017", "市局"));
  EXPECT_EQ((*svc_->EvaluateCounty("990102", AcademicYear(2024)))->standard_id, "cn-yzjh-2017");
  EXPECT_FALSE(svc_->SetCountyStandard("990100", "cn-yzjh-2017", "市局"));  // a city, not a county
  EXPECT_FALSE(svc_->SetCountyStandard("990102", "no-such-standard", "市局"));
}

TEST_F(ServiceTest, CityEvaluationCoversEveryCountyAndIsCached) {
  auto all = svc_->EvaluateArea("990100", AcademicYear(2024));
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 6u);
  auto again = svc_->EvaluateArea("990100", AcademicYear(2024));
  EXPECT_EQ((*all)[0].get(), (*again)[0].get());  // same cached object
  EXPECT_FALSE(svc_->EvaluateArea("123456", AcademicYear(2024)));
}

// The demo holds both datasets; asking for the 普及普惠 standard evaluates
// the kindergartens (and 附设幼儿班), and the compulsory standards never see them.
TEST_F(ServiceTest, DemoKindergartensAreEvaluatedByThePreschoolStandard) {
  const std::string kPreschool = "cn-xqpp-2020";
  auto all = svc_->EvaluateArea("990100", AcademicYear(2024), kPreschool);
  ASSERT_TRUE(all) << all.error().Describe();
  ASSERT_EQ(all->size(), 6u);
  for (const auto& e : *all) {
    SCOPED_TRACE(e->county_name);
    EXPECT_EQ(e->standard_id, kPreschool);
    EXPECT_TRUE(e->has_county_data);
    ASSERT_EQ(e->stages.size(), 1u);
    EXPECT_EQ(e->stages[0].stage, Stage::kPreschool);
    EXPECT_GE(e->stages[0].sections.size(), 7u);
    for (const char* id : {"P1", "P2", "P3"}) {
      const ItemResult* item = nullptr;
      for (const auto& it : e->items) item = it.id == id ? &it : item;
      ASSERT_NE(item, nullptr) << id;
      ASSERT_FALSE(item->checks.empty()) << id;
      ASSERT_TRUE(item->checks[0].value) << id;
      EXPECT_GT(*item->checks[0].value, 0.3) << id;
      EXPECT_LE(*item->checks[0].value, 1.0) << id;
      EXPECT_TRUE(item->verdict == Verdict::kPass || item->verdict == Verdict::kFail) << id;
    }
    ASSERT_FALSE(e->parts.empty());
    EXPECT_EQ(e->parts[0].key, "coverage");
    EXPECT_EQ(e->parts[0].name.zh, "普及普惠水平");
  }
  // 城关区 passes, 东湖区 has too few children in public kindergartens.
  EXPECT_EQ((*all)[0]->verdict, Verdict::kPass);
  EXPECT_EQ((*all)[1]->coverage_verdict, Verdict::kFail);
  // One county, and the same object from the cache.
  auto one = svc_->EvaluateCounty("990102", AcademicYear(2024), kPreschool);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->get(), (*all)[0].get());
  // The compulsory evaluation has no kindergarten in it.
  auto compulsory = svc_->EvaluateCounty("990102", AcademicYear(2024));
  ASSERT_TRUE(compulsory);
  for (const auto& sr : (*compulsory)->stages) {
    EXPECT_NE(sr.stage, Stage::kPreschool);
    for (const auto& s : sr.sections) EXPECT_NE(s.type, SchoolType::kKindergarten) << s.school_name;
  }
  EXPECT_EQ(**svc_->LatestYear(kPreschool), AcademicYear(2024));
}

TEST_F(ServiceTest, KindergartenDetailUsesThePreschoolCatalog) {
  const std::string kPreschool = "cn-xqpp-2020";
  std::string kindergarten;
  auto schools = svc_->storage().ListSchools("990102");
  ASSERT_TRUE(schools);
  for (const School& s : *schools) {
    if (s.type == SchoolType::kKindergarten && kindergarten.empty()) kindergarten = s.code;
  }
  ASSERT_FALSE(kindergarten.empty());
  auto d = svc_->SchoolInfo(kindergarten, AcademicYear(2024), kPreschool);
  ASSERT_TRUE(d) << d.error().Describe();
  EXPECT_EQ(d->standard->id, kPreschool);
  ASSERT_EQ(d->results.size(), 1u);
  EXPECT_EQ(d->results[0].stage, Stage::kPreschool);
  EXPECT_GT(*d->results[0].students, 0);  // children
  EXPECT_EQ(d->history.size(), 1u);
  const FieldCatalog& catalog = *d->standard->catalog;
  EXPECT_EQ(catalog.dataset(), "preschool");
  EXPECT_TRUE(d->record.values.Has(*catalog.IndexOf("fee_monthly")));
  // A kindergarten has no compulsory data: said so, naming the data set.
  auto none = svc_->SchoolInfo(kindergarten, AcademicYear(2024));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().id, "app.no_school_data");
  EXPECT_NE(none.error().message.zh.find("义务教育学校基础数据"), std::string::npos)
      << none.error().message.zh;
}

TEST_F(ServiceTest, LatestYearCanBeAskedPerStandard) {
  // Next year's compulsory county figures arrive before any preschool data.
  auto standard = *svc_->FindStandard("cn-yzjh-2017");
  ImportBatch batch;
  batch.user = "测试";
  DatasetBatch& data = batch.datasets.emplace_back();
  data.catalog = standard->catalog;
  CountyYearRecord r;
  r.county = "990102";
  r.year = AcademicYear(2025);
  r.values = FieldValues(standard->catalog->size());
  r.values.Set(*standard->catalog->IndexOf("social_recognition_rate"), 0.9);
  data.county_years.push_back(std::move(r));
  ASSERT_TRUE(svc_->storage().ApplyImport(batch));
  EXPECT_EQ(**svc_->LatestYear(), AcademicYear(2025));
  EXPECT_EQ(**svc_->LatestYear("cn-yzjh-2017"), AcademicYear(2025));
  EXPECT_EQ(**svc_->LatestYear("cn-xqpp-2020"), AcademicYear(2024));
  EXPECT_FALSE(svc_->LatestYear("no-such-standard"));
}

// A preschool workbook as a clerk might write it without the template:
// headers are field ids (accepted like the Chinese names), one
// kindergarten in 城关区 with the catalog's example figures, then `edits`
// (header → text) applied.
std::string PreschoolFile(const FieldCatalog& catalog, const std::string& code,
                          const std::map<std::string, std::string>& edits = {}) {
  auto book = xlsx::WorkbookWriter::CreateInMemory();
  auto sheet = [&](const char* name, std::vector<std::pair<std::string, std::string>> cells,
                   FieldLevel level) {
    for (const FieldDef& f : catalog.fields()) {
      if (f.level == level) cells.emplace_back(f.id, f.example);
    }
    auto& w = book->AddSheet(name);
    for (size_t c = 0; c < cells.size(); ++c) {
      auto e = edits.find(cells[c].first);
      w.WriteString(0, c, cells[c].first);
      w.WriteString(1, c, e != edits.end() ? e->second : cells[c].second);
    }
  };
  sheet("幼儿园基本信息",
        {{"学年", "2024-2025"},
         {"学校标识码", code},
         {"幼儿园名称", "城关新苗幼儿园"},
         {"所属县区代码", "990102"},
         {"学校类型", "幼儿园"},
         {"城乡类型", "城区"},
         {"办学性质", "民办"},
         {"是否普惠性幼儿园", "是"}},
        FieldLevel::kSchool);
  sheet("幼儿园数据", {{"学年", "2024-2025"}, {"学校标识码", code}}, FieldLevel::kSection);
  return *book->FinishToBytes();
}

TEST_F(ServiceTest, MixedUploadLandsBothDatasetsInOneImport) {
  std::string code = FirstPrimarySchool();
  const FieldCatalog& preschool = *svc_->library().FindCatalog("preschool-v1");
  auto imports = svc_->storage().ListImports()->size();
  auto out = svc_->ImportFiles({{"城关区义务教育.xlsx", FilledTemplate(code, "1234")},
                                {"城关区学前.xlsx", PreschoolFile(preschool, "9901029901")}},
                               "测试");
  ASSERT_TRUE(out.ok) << (out.errors.empty() ? std::string() : out.errors[0].Describe());
  EXPECT_EQ(out.summary.school_years, 2);
  EXPECT_EQ(svc_->storage().ListImports()->size(), imports + 1);  // one import for both
  EXPECT_EQ(*svc_->SchoolInfo(code, AcademicYear(2024))->results[0].students, 1234);
  const std::vector<std::string> county = {"990102"};
  auto kgs = svc_->storage().LoadSchoolYears(preschool, AcademicYear(2024), county);
  ASSERT_TRUE(kgs);
  const SchoolYearRecord* kg = nullptr;
  for (const auto& r : *kgs) kg = r.school.code == "9901029901" ? &r : kg;
  ASSERT_NE(kg, nullptr);
  EXPECT_TRUE(kg->school.inclusive);
  EXPECT_EQ(*kg->sections.at(0).values.Get(*preschool.IndexOf("children")), 312);
  // Undo takes both back.
  ASSERT_TRUE(svc_->storage().UndoImport(*out.import_id, "测试"));
  kgs = svc_->storage().LoadSchoolYears(preschool, AcademicYear(2024), county);
  for (const auto& r : *kgs) EXPECT_NE(r.school.code, "9901029901");
}

TEST_F(ServiceTest, FailingPreschoolFileLeavesTheDatabaseUnchangedEvenWithAGoodCompulsoryFile) {
  std::string code = FirstPrimarySchool();
  const FieldCatalog& preschool = *svc_->library().FindCatalog("preschool-v1");
  auto version = *svc_->storage().DataVersion();
  auto imports = svc_->storage().ListImports()->size();
  double students = *svc_->SchoolInfo(code, AcademicYear(2024))->results[0].students;
  auto out = svc_->ImportFiles(
      {{"城关区义务教育.xlsx", FilledTemplate(code, "1234")},
       {"城关区学前.xlsx", PreschoolFile(preschool, "9901029901", {{"是否普惠性幼儿园", "普惠"}})}},
      "测试");
  ASSERT_FALSE(out.ok);
  ASSERT_EQ(out.errors.size(), 1u) << out.errors[0].Describe();
  const Error& e = out.errors[0];
  EXPECT_EQ(e.id, "kind.yes_no");
  EXPECT_EQ(e.where.file, "城关区学前.xlsx");
  EXPECT_EQ(e.where.sheet, "幼儿园基本信息");
  EXPECT_EQ(e.where.row, 2);
  EXPECT_EQ(e.where.column, "H（是否普惠性幼儿园）");
  EXPECT_EQ(*svc_->storage().DataVersion(), version);
  EXPECT_EQ(svc_->storage().ListImports()->size(), imports);
  EXPECT_EQ(*svc_->SchoolInfo(code, AcademicYear(2024))->results[0].students, students);
}

TEST_F(ServiceTest, PreschoolTemplateOfACountyListsItsKindergartensAndAttachedClasses) {
  const FieldCatalog& preschool = *svc_->library().FindCatalog("preschool-v1");
  // Expected: the county's kindergartens and the schools with 学前 data.
  std::set<std::string> expected;
  auto schools = svc_->storage().ListSchools("990102");
  ASSERT_TRUE(schools);
  for (const School& s : *schools) {
    if (s.type == SchoolType::kKindergarten) expected.insert(s.code);
  }
  const std::vector<std::string> county = {"990102"};
  auto records = svc_->storage().LoadSchoolYears(preschool, AcademicYear(2024), county);
  ASSERT_TRUE(records);
  for (const auto& r : *records) expected.insert(r.school.code);
  ASSERT_FALSE(expected.empty());
  auto codes_in = [](const std::string& bytes, const char* sheet) {
    auto book = xlsx::ReadXlsx(bytes, "t.xlsx");
    EXPECT_TRUE(book);
    std::set<std::string> codes;
    for (const auto& row : book->Find(sheet)->rows) {
      if (row.size() > 1 && row[0].text == "2024-2025") codes.insert(row[1].text);
    }
    return codes;
  };
  auto tpl = svc_->Template("990102", AcademicYear(2024), "cn-xqpp-2020");
  ASSERT_TRUE(tpl) << tpl.error().Describe();
  EXPECT_EQ(codes_in(*tpl, "幼儿园基本信息"), expected);
  EXPECT_EQ(codes_in(*tpl, "幼儿园数据"), expected);
  // The compulsory template leaves the kindergartens out.
  auto compulsory = codes_in(*svc_->Template("990102", AcademicYear(2024)), "学校基本信息");
  for (const School& s : *schools) {
    EXPECT_EQ(compulsory.count(s.code) == 1, s.type != SchoolType::kKindergarten) << s.name;
  }
  // Sent back untouched, it is nothing to import.
  auto out = svc_->ImportFiles({{"学前模板.xlsx", *tpl}}, "测试");
  ASSERT_EQ(out.errors.size(), 1u) << out.errors[0].Describe();
  EXPECT_EQ(out.errors[0].id, "import.empty");
}

}  // namespace
}  // namespace jiaodu
