// The use cases end to end on a real (in-memory) SQLite store: an import
// lands whole or not at all, re-imports keep history, undo restores, county
// edits are versioned, and evaluations follow the data.
#include "jiaodu/app/service.h"

#include <gtest/gtest.h>

#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"
#include "jiaodu/storage/sqlite/sqlite_storage.h"

namespace jiaodu {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib);
    auto storage = SqliteStorage::Open(":memory:");
    ASSERT_TRUE(storage);
    svc_ = std::make_unique<Service>(std::move(*lib), std::move(*storage));
    DemoOptions small;
    small.schools = 60;
    small.years = 1;
    small.first_year = 2024;
    ASSERT_TRUE(svc_->LoadDemo(small, "测试"));
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

}  // namespace
}  // namespace jiaodu
