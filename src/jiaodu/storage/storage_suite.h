// File: jiaodu/storage/storage_suite.h
//
// The contract tests every Storage adapter must pass (see storage.h). An
// adapter's test instantiates it with a factory for a fresh, empty store:
//
//   INSTANTIATE_STORAGE_SUITE(Sqlite, [] { return SqliteStorage::Open(":memory:"); });
#ifndef JIAODU_STORAGE_STORAGE_SUITE_H_
#define JIAODU_STORAGE_STORAGE_SUITE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <thread>

#include "jiaodu/auth/sha256.h"
#include "jiaodu/domain/fitness/test_spec.h"
#include "jiaodu/storage/storage.h"

namespace jiaodu {
// gtest names each parameterised test after its value, and prints a
// std::function as its raw bytes (a pointer that differs per run). Found by
// argument-dependent lookup through the jiaodu::Result in the signature.
inline void PrintTo(const std::function<Result<std::unique_ptr<Storage>>()>&, std::ostream* os) {
  *os << "store";
}
}  // namespace jiaodu

namespace jiaodu::testing {

using StorageFactory = std::function<Result<std::unique_ptr<Storage>>()>;

class StorageSuite : public ::testing::TestWithParam<StorageFactory> {
 protected:
  void SetUp() override {
    auto s = GetParam()();
    ASSERT_TRUE(s) << s.error().Describe();
    store_ = std::move(*s);
    std::vector<FieldDef> fields;
    for (auto [id, level] : {std::pair{"students", FieldLevel::kSection},
                             {"teachers", FieldLevel::kSection},
                             {"area", FieldLevel::kSchool},
                             {"quota", FieldLevel::kCounty}}) {
      FieldDef f;
      f.id = id;
      f.level = level;
      f.name = Text::Same(id);
      fields.push_back(f);
    }
    catalog_ = std::make_shared<FieldCatalog>("t", Text::Same("t"), fields);
    catalog_->set_dataset("compulsory");
    // A second collection, as the preschool catalog is: its own field ids
    // and 学前 sections, versioned separately from the compulsory data.
    std::vector<FieldDef> pre;
    for (auto [id, level] : {std::pair{"children", FieldLevel::kSection},
                             {"teachers", FieldLevel::kSection},
                             {"places", FieldLevel::kCounty}}) {
      FieldDef f;
      f.id = id;
      f.level = level;
      f.name = Text::Same(id);
      pre.push_back(f);
    }
    preschool_ = std::make_shared<FieldCatalog>("p", Text::Same("p"), pre);
    preschool_->set_dataset("preschool");
    preschool_->set_stages({Stage::kPreschool});
    base_.user = "测试员";
    base_.description = "区划";
    base_.areas = {{"330100", "示范市", AreaLevel::kCity, ""},
                   {"330102", "甲区", AreaLevel::kCounty, "330100"},
                   {"330103", "乙区", AreaLevel::kCounty, "330100"}};
    ASSERT_TRUE(store_->ApplyImport(base_));
  }

  SchoolYearRecord School(const std::string& code, const std::string& county, double students,
                          int year = 2024, SchoolType type = SchoolType::kPrimary) {
    SchoolYearRecord r;
    r.school = jiaodu::School{code,           "学校" + code,      county, "某镇", type,
                              Locale::kRural, Ownership::kPublic, false,  false};
    r.year = AcademicYear(year);
    r.values = FieldValues(catalog_->size());
    r.values.Set(2, 1234.5);
    SectionRecord sec;
    sec.stage = Stage::kPrimary;
    sec.values = FieldValues(catalog_->size());
    sec.overrides = FieldValues(catalog_->size());
    sec.values.Set(0, students);
    sec.values.Set(1, 12);
    r.sections.push_back(sec);
    if (type == SchoolType::kNineYear) {
      SectionRecord j = sec;
      j.stage = Stage::kJunior;
      j.values.Set(0, students / 2);
      j.overrides.Set(2, 600);
      r.sections.push_back(j);
    }
    return r;
  }

  // The school's 学前 data in the preschool collection (a primary school's
  // 附设幼儿班 by default).
  SchoolYearRecord Preschool(const std::string& code, const std::string& county, double children,
                             int year = 2024, SchoolType type = SchoolType::kPrimary) {
    SchoolYearRecord r;
    r.school = jiaodu::School{code,           "学校" + code,      county, "某镇", type,
                              Locale::kRural, Ownership::kPublic, false,  false};
    r.year = AcademicYear(year);
    r.values = FieldValues(preschool_->size());
    SectionRecord sec;
    sec.stage = Stage::kPreschool;
    sec.values = FieldValues(preschool_->size());
    sec.overrides = FieldValues(preschool_->size());
    sec.values.Set(0, children);
    sec.values.Set(1, 3);
    r.sections.push_back(sec);
    return r;
  }

  CountyYearRecord County(const FieldCatalog& catalog, const std::string& county, size_t field,
                          double value, int year = 2024) {
    CountyYearRecord c;
    c.county = county;
    c.year = AcademicYear(year);
    c.values = FieldValues(catalog.size());
    c.values.Set(field, value);
    return c;
  }

  ImportBatch BatchOf(std::vector<DatasetBatch> datasets) {
    ImportBatch b;
    b.user = "测试员";
    b.description = "测试导入";
    b.files = {"a.xlsx"};
    b.datasets = std::move(datasets);
    return b;
  }

  ImportBatch Batch(std::vector<SchoolYearRecord> schools) {
    return BatchOf({DatasetBatch{catalog_, std::move(schools), {}}});
  }

  ImportBatch PreschoolBatch(std::vector<SchoolYearRecord> schools) {
    return BatchOf({DatasetBatch{preschool_, std::move(schools), {}}});
  }

  double Students(const std::string& code, int year = 2024) {
    auto rows = store_->LoadSchoolYears(*catalog_, AcademicYear(year));
    EXPECT_TRUE(rows);
    for (const auto& r : *rows) {
      if (r.school.code == code) return *r.sections[0].values.Get(0);
    }
    return -1;
  }

  // The 学前 children of a school's current preschool record; -1 if none.
  double Children(const std::string& code, int year = 2024) {
    auto rows = store_->LoadSchoolYears(*preschool_, AcademicYear(year));
    EXPECT_TRUE(rows);
    for (const auto& r : *rows) {
      if (r.school.code == code) return *r.sections[0].values.Get(0);
    }
    return -1;
  }

  // A small fitness standard (test_spec.h) plus an unweighted item whose
  // results can be negative (坐位体前屈 is), to check signs round-trip.
  static const fitness::FitnessStandard& Fitness() {
    static const fitness::FitnessStandard standard = [] {
      auto spec = fitness::testing::SmallSpec();
      spec.items.push_back(fitness::Item{"sit_and_reach", Text("坐位体前屈", "sit and reach"),
                                         "厘米", fitness::ItemKind::kTable,
                                         fitness::Better::kHigher, fitness::ValueFormat::kDecimal1,
                                         fitness::Rounding::kHalfUp, -300, 400});
      return *fitness::FitnessStandard::Build(std::move(spec));
    }();
    return standard;
  }

  // One student of `school` with results vc (ml), run (tenths of a second).
  static void AddStudent(fitness::Roster& r, const std::string& school, const std::string& id,
                         int32_t vc, int32_t run, int32_t reach = fitness::kMissing) {
    fitness::StudentRow row;
    row.school = r.School(school);
    row.grade = 11;
    row.klass = r.Class(row.school, 11, "1101", "一年级1班");
    row.sex = fitness::Sex::kFemale;
    row.height = 1253;
    row.weight = 241;
    row.vision.ucva = {49, 50};
    row.vision.se = {-75, fitness::kMissing};
    row.source_row = 7;
    std::vector<int32_t> v(Fitness().items().size(), fitness::kMissing);
    v[static_cast<size_t>(Fitness().ItemIndex("vital_capacity"))] = vc;
    v[static_cast<size_t>(Fitness().ItemIndex("run_50m"))] = run;
    v[static_cast<size_t>(Fitness().ItemIndex("sit_and_reach"))] = reach;
    r.Add(row, v, id, "李小红", "01", "2018-03-05");
  }

  FitnessImport FitnessBatch(const fitness::Roster& roster, int year = 2024) {
    FitnessImport b;
    b.user = "测试员";
    b.description = "体测";
    b.files = {"体测.xlsx"};
    b.year = AcademicYear(year);
    b.standard = &Fitness();
    b.roster = &roster;
    return b;
  }

  int32_t Vc(const std::string& school, int year = 2024) {
    auto r = store_->LoadFitness(Fitness(), AcademicYear(year));
    EXPECT_TRUE(r) << r.error().Describe();
    for (size_t i = 0; r && i < r->size(); ++i) {
      if (r->schools()[static_cast<size_t>(r->row(i).school)] == school)
        return r->values(i)[static_cast<size_t>(Fitness().ItemIndex("vital_capacity"))];
    }
    return -1;
  }

  // Registers schools 3301020001 and 3301020002 (a 抽测 refers to known
  // schools only).
  void QualitySchools() {
    ASSERT_TRUE(store_->ApplyImport(
        Batch({School("3301020001", "330102", 100), School("3301020002", "330102", 80)})));
  }

  static QualityTest Test(const std::string& id = "2025-spring-g8") {
    QualityTest t;
    t.id = id;
    t.name = "2025年春季八年级抽测";
    t.year = AcademicYear(2024);
    t.term = 2;
    t.grades = {"八年级"};
    t.subjects = {"数学", "语文"};
    t.cuts_id = "example-2025-spring-g8";
    t.cuts_toml = "[cut_scores]\nid = \"example-2025-spring-g8\"\n";
    return t;
  }

  // One score row (a student's score in a subject, 八年级).
  static void AddScore(quality::ScoreSet& set, const std::string& school, const std::string& id,
                       const std::string& subject, double score, double prior = quality::kNoValue) {
    quality::ScoreRow r;
    r.school = set.School(school, "");
    r.klass = set.Class(r.school, "八年级1班");
    r.student = set.Student(id);
    r.subject = set.Subject(subject);
    r.grade = set.Grade("八年级");
    r.sex = quality::Sex::kMale;
    r.score = score;
    r.prior = prior;
    r.source_row = static_cast<uint32_t>(set.rows().size() + 2);
    set.Add(r);
  }

  QualityImport QualityBatch(const quality::ScoreSet& set, QualityTest test = Test()) {
    QualityImport b;
    b.user = "测试员";
    b.description = "抽测成绩";
    b.files = {"成绩.xlsx"};
    b.test = std::move(test);
    b.scores = &set;
    for (const auto& s : set.schools()) b.school_codes.push_back(s.code);
    return b;
  }

  // A school's scores in `subject`, in row order.
  std::vector<double> Scores(const std::string& school, const std::string& subject,
                             const std::string& test = "2025-spring-g8") {
    std::vector<double> out;
    auto set = store_->LoadQualityScores(test);
    EXPECT_TRUE(set) << set.error().Describe();
    if (!set) return out;
    for (const auto& r : set->rows()) {
      if (set->schools()[r.school].code == school && set->subjects()[r.subject] == subject)
        out.push_back(r.score);
    }
    return out;
  }

  std::unique_ptr<Storage> store_;
  std::shared_ptr<FieldCatalog> catalog_;
  std::shared_ptr<FieldCatalog> preschool_;
  ImportBatch base_;
};

TEST_P(StorageSuite, ImportedValuesReadBackExactlyWithSectionsAndOverrides) {
  ASSERT_TRUE(store_->ApplyImport(
      Batch({School("3301020001", "330102", 321),
             School("3301020002", "330102", 100, 2024, SchoolType::kNineYear)})));
  auto rows = store_->LoadSchoolYears(*catalog_, AcademicYear(2024));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  const auto& nine = (*rows)[1];
  EXPECT_EQ(nine.school.type, SchoolType::kNineYear);
  EXPECT_EQ(nine.school.town, "某镇");
  ASSERT_EQ(nine.sections.size(), 2u);
  EXPECT_EQ(nine.sections[1].stage, Stage::kJunior);
  EXPECT_EQ(*nine.sections[1].values.Get(0), 50);
  EXPECT_EQ(*nine.sections[1].overrides.Get(2), 600);
  EXPECT_FALSE(nine.sections[0].overrides.Has(2));
  EXPECT_EQ(*nine.values.Get(2), 1234.5);
  auto years = store_->ListYears();
  ASSERT_TRUE(years);
  ASSERT_EQ(years->size(), 1u);
  EXPECT_EQ((*years)[0].start(), 2024);
}

TEST_P(StorageSuite, CountyFilterLoadsOnlyThoseCounties) {
  ASSERT_TRUE(store_->ApplyImport(
      Batch({School("3301020001", "330102", 1), School("3301030001", "330103", 2)})));
  std::vector<std::string> only = {"330103"};
  auto rows = store_->LoadSchoolYears(*catalog_, AcademicYear(2024), only);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].school.code, "3301030001");
}

TEST_P(StorageSuite, ReimportSupersedesAndKeepsHistory) {
  ASSERT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 100)})));
  auto second = store_->ApplyImport(Batch({School("3301020001", "330102", 200)}));
  ASSERT_TRUE(second);
  EXPECT_EQ(Students("3301020001"), 200);
  auto history = store_->SchoolHistory("3301020001", AcademicYear(2024), catalog_->dataset());
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_TRUE((*history)[0].current);
  EXPECT_FALSE((*history)[1].current);
}

TEST_P(StorageSuite, UndoRestoresThePreviousVersion) {
  ASSERT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 100)})));
  auto second = store_->ApplyImport(Batch({School("3301020001", "330102", 200)}));
  ASSERT_TRUE(second);
  auto v1 = store_->DataVersion();
  ASSERT_TRUE(store_->UndoImport(*second, "测试员"));
  EXPECT_EQ(Students("3301020001"), 100);
  EXPECT_NE(*store_->DataVersion(), *v1);
  auto imports = store_->ListImports();
  ASSERT_TRUE(imports);
  EXPECT_TRUE((*imports)[0].undone);
  // Undoing twice is refused.
  EXPECT_EQ(store_->UndoImport(*second, "测试员").error().id, "storage.already_undone");
}

TEST_P(StorageSuite, UndoOfASupersededImportIsRefused) {
  auto first = store_->ApplyImport(Batch({School("3301020001", "330102", 100)}));
  ASSERT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 200)})));
  auto r = store_->UndoImport(*first, "测试员");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "storage.undo_superseded");
  EXPECT_EQ(Students("3301020001"), 200);
}

TEST_P(StorageSuite, UndoOfTheFirstImportRemovesTheSchoolItCreated) {
  auto first = store_->ApplyImport(Batch({School("3301020001", "330102", 100)}));
  ASSERT_TRUE(store_->UndoImport(*first, "测试员"));
  EXPECT_FALSE(store_->FindSchool("3301020001")->has_value());
  // ... so it can now be imported into another county.
  EXPECT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330103", 100)})));
}

TEST_P(StorageSuite, SchoolMovingCountyIsAConflictAndNothingIsWritten) {
  ASSERT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 100)})));
  auto before = store_->ListImports();
  auto r = store_->ApplyImport(
      Batch({School("3301020002", "330102", 5), School("3301020001", "330103", 999)}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().id, "storage.school_county_conflict");
  EXPECT_NE(r.error().message.zh.find("3301020001"), std::string::npos);
  EXPECT_EQ(Students("3301020001"), 100);
  EXPECT_FALSE(store_->FindSchool("3301020002")
                   ->has_value());  // the first row of the batch was rolled back too
  EXPECT_EQ(store_->ListImports()->size(), before->size());
}

TEST_P(StorageSuite, UnknownCountyIsRefused) {
  auto r = store_->ApplyImport(Batch({School("3301990001", "330199", 100)}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "storage.unknown_county");
}

TEST_P(StorageSuite, CountyDataJudgmentsAndVetoesRoundTrip) {
  CountyYearRecord c;
  c.county = "330102";
  c.year = AcademicYear(2024);
  c.values = FieldValues(catalog_->size());
  c.values.Set(3, 720);
  c.judgments["G1"] = Judgment{JudgmentStatus::kMet, "说明", "文件号"};
  c.judgments["G2"] = Judgment{JudgmentStatus::kNotMet, "未统一", ""};
  c.vetoes["V1"] = VetoRecord{false, ""};
  c.vetoes["V4"] = VetoRecord{true, "有重点班"};
  ImportBatch b = Batch({});
  b.datasets[0].county_years = {c};
  ASSERT_TRUE(store_->ApplyImport(b));
  auto rows = store_->LoadCountyYears(*catalog_, AcademicYear(2024));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  const auto& r = (*rows)[0];
  EXPECT_EQ(*r.values.Get(3), 720);
  EXPECT_EQ(r.judgments.at("G1").status, JudgmentStatus::kMet);
  EXPECT_EQ(r.judgments.at("G1").evidence, "文件号");
  EXPECT_EQ(r.judgments.at("G2").status, JudgmentStatus::kNotMet);
  EXPECT_TRUE(r.vetoes.at("V4").occurred);
  EXPECT_FALSE(r.vetoes.at("V1").occurred);
}

TEST_P(StorageSuite, AuditRecordsImportsAndUndo) {
  auto id = store_->ApplyImport(Batch({School("3301020001", "330102", 100)}));
  ASSERT_TRUE(store_->UndoImport(*id, "审核员"));
  auto audit = store_->ListAudit();
  ASSERT_TRUE(audit);
  ASSERT_GE(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].action, "undo");
  EXPECT_EQ((*audit)[0].user, "审核员");
}

TEST_P(StorageSuite, FieldsUnknownToTheCatalogAreSkippedOnLoad) {
  ASSERT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 100)})));
  FieldDef only;
  only.id = "students";
  only.level = FieldLevel::kSection;
  FieldCatalog narrow("n", Text::Same("n"), {only});
  narrow.set_dataset(catalog_->dataset());  // another version of the same collection
  auto rows = store_->LoadSchoolYears(narrow, AcademicYear(2024));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(*(*rows)[0].sections[0].values.Get(0), 100);
}

TEST_P(StorageSuite, CountyStandardChoiceIsStoredAuditedAndVersioned) {
  auto v = *store_->DataVersion();
  ASSERT_TRUE(
      store_->SetCountyStandard("330102", "cn-yzjh-2017", "example-province-yzjh-2017", "市局"));
  EXPECT_NE(*store_->DataVersion(), v);
  ASSERT_TRUE(store_->SetCountyStandard("330102", "cn-yzjh-2017", "cn-yzjh-2017",
                                        "市局"));  // back to national
  auto list = store_->ListCountyStandards();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].standard, "cn-yzjh-2017");
  EXPECT_EQ((*list)[0].set_by, "市局");
  EXPECT_EQ((*store_->ListAudit())[0].action, "standard");
  EXPECT_EQ(store_->SetCountyStandard("999999", "x", "y", "市局").error().id,
            "storage.unknown_county");
}

// --- Datasets: versions are kept per (school or county, year, dataset). ---

TEST_P(StorageSuite, TwoDatasetsOfOneSchoolYearAreBothCurrentAndLoadSeparately) {
  // One batch with both collections: a primary school's compulsory data and
  // its 附设幼儿班 in the preschool workbook, and county data in each.
  ASSERT_TRUE(store_->ApplyImport(BatchOf(
      {DatasetBatch{
           catalog_, {School("3301020001", "330102", 321)}, {County(*catalog_, "330102", 3, 720)}},
       DatasetBatch{preschool_,
                    {Preschool("3301020001", "330102", 45)},
                    {County(*preschool_, "330102", 2, 1200)}}})));
  auto compulsory = store_->LoadSchoolYears(*catalog_, AcademicYear(2024));
  ASSERT_TRUE(compulsory);
  ASSERT_EQ(compulsory->size(), 1u);
  ASSERT_EQ((*compulsory)[0].sections.size(), 1u);
  EXPECT_EQ((*compulsory)[0].sections[0].stage, Stage::kPrimary);
  EXPECT_EQ(*(*compulsory)[0].sections[0].values.Get(0), 321);
  EXPECT_EQ(*(*compulsory)[0].values.Get(2), 1234.5);
  auto preschool = store_->LoadSchoolYears(*preschool_, AcademicYear(2024));
  ASSERT_TRUE(preschool);
  ASSERT_EQ(preschool->size(), 1u);
  ASSERT_EQ((*preschool)[0].sections.size(), 1u);
  EXPECT_EQ((*preschool)[0].sections[0].stage, Stage::kPreschool);
  EXPECT_EQ(*(*preschool)[0].sections[0].values.Get(0), 45);
  EXPECT_EQ(*(*preschool)[0].sections[0].values.Get(1), 3);
  EXPECT_EQ((*preschool)[0].school.code, "3301020001");

  auto cc = store_->LoadCountyYears(*catalog_, AcademicYear(2024));
  ASSERT_TRUE(cc);
  ASSERT_EQ(cc->size(), 1u);
  EXPECT_EQ(*(*cc)[0].values.Get(3), 720);
  auto pc = store_->LoadCountyYears(*preschool_, AcademicYear(2024));
  ASSERT_TRUE(pc);
  ASSERT_EQ(pc->size(), 1u);
  EXPECT_EQ(*(*pc)[0].values.Get(2), 1200);

  for (const auto& catalog : {catalog_, preschool_}) {
    auto history = store_->SchoolHistory("3301020001", AcademicYear(2024), catalog->dataset());
    ASSERT_TRUE(history);
    ASSERT_EQ(history->size(), 1u) << catalog->dataset();
    EXPECT_TRUE((*history)[0].current);
  }
  auto imports = store_->ListImports();
  ASSERT_TRUE(imports);
  EXPECT_EQ((*imports)[0].school_years, 2);  // counted over both datasets
  EXPECT_EQ((*imports)[0].county_years, 2);
  EXPECT_EQ((*imports)[0].years, std::vector<int>{2024});

  // A year with preschool data only is still a year with data.
  ASSERT_TRUE(store_->ApplyImport(PreschoolBatch({Preschool("3301020001", "330102", 50, 2025)})));
  auto years = store_->ListYears();
  ASSERT_TRUE(years);
  ASSERT_EQ(years->size(), 2u);
  EXPECT_EQ((*years)[1].start(), 2025);
  EXPECT_TRUE(store_->LoadSchoolYears(*catalog_, AcademicYear(2025))->empty());
}

TEST_P(StorageSuite, ReimportInOneDatasetDoesNotSupersedeTheOther) {
  ASSERT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 100)})));
  ImportBatch pre = PreschoolBatch({Preschool("3301020001", "330102", 40)});
  pre.datasets[0].county_years = {County(*preschool_, "330102", 2, 900)};
  ASSERT_TRUE(store_->ApplyImport(pre));
  ImportBatch again = Batch({School("3301020001", "330102", 200)});
  again.datasets[0].county_years = {County(*catalog_, "330102", 3, 700)};
  ASSERT_TRUE(store_->ApplyImport(again));

  EXPECT_EQ(Students("3301020001"), 200);
  EXPECT_EQ(Children("3301020001"), 40);
  auto compulsory = store_->SchoolHistory("3301020001", AcademicYear(2024), "compulsory");
  ASSERT_TRUE(compulsory);
  ASSERT_EQ(compulsory->size(), 2u);
  EXPECT_TRUE((*compulsory)[0].current);
  EXPECT_FALSE((*compulsory)[1].current);
  auto preschool = store_->SchoolHistory("3301020001", AcademicYear(2024), "preschool");
  ASSERT_TRUE(preschool);
  ASSERT_EQ(preschool->size(), 1u);
  EXPECT_TRUE((*preschool)[0].current);
  // The county's preschool data survives the compulsory county row too.
  auto pc = store_->LoadCountyYears(*preschool_, AcademicYear(2024));
  ASSERT_TRUE(pc);
  ASSERT_EQ(pc->size(), 1u);
  EXPECT_EQ(*(*pc)[0].values.Get(2), 900);
}

TEST_P(StorageSuite, UndoIsPerDatasetAndNotBlockedByTheOtherDataset) {
  auto c1 = store_->ApplyImport(Batch({School("3301020001", "330102", 100)}));
  auto p1 = store_->ApplyImport(PreschoolBatch({Preschool("3301020001", "330102", 40)}));
  auto c2 = store_->ApplyImport(Batch({School("3301020001", "330102", 200)}));
  auto p2 = store_->ApplyImport(PreschoolBatch({Preschool("3301020001", "330102", 50)}));
  ASSERT_TRUE(c1 && p1 && c2 && p2);

  // p2 came later but replaced nothing of c2's: c2 can be undone.
  auto undo_c2 = store_->UndoImport(*c2, "测试员");
  ASSERT_TRUE(undo_c2) << undo_c2.error().Describe();
  EXPECT_EQ(Students("3301020001"), 100);
  EXPECT_EQ(Children("3301020001"), 50);
  // Within one dataset a later import still blocks the earlier one.
  auto undo_p1 = store_->UndoImport(*p1, "测试员");
  ASSERT_FALSE(undo_p1);
  EXPECT_EQ(undo_p1.error().id, "storage.undo_superseded");

  ASSERT_TRUE(store_->UndoImport(*p2, "测试员"));
  EXPECT_EQ(Children("3301020001"), 40);
  EXPECT_EQ(Students("3301020001"), 100);

  // Undoing the import that created the school leaves it registered while
  // its preschool data is current.
  ASSERT_TRUE(store_->UndoImport(*c1, "测试员"));
  EXPECT_EQ(Students("3301020001"), -1);
  EXPECT_EQ(Children("3301020001"), 40);
  EXPECT_TRUE(store_->FindSchool("3301020001")->has_value());
  ASSERT_TRUE(store_->UndoImport(*p1, "测试员"));
  EXPECT_FALSE(store_->FindSchool("3301020001")->has_value());
}

TEST_P(StorageSuite, UndoOfCountyDataIsPerDataset) {
  ImportBatch c1 = Batch({});
  c1.datasets[0].county_years = {County(*catalog_, "330102", 3, 700)};
  ASSERT_TRUE(store_->ApplyImport(c1));
  ImportBatch c2 = c1;
  c2.datasets[0].county_years[0].values.Set(3, 720);
  auto c2_id = store_->ApplyImport(c2);
  ImportBatch p = PreschoolBatch({});
  p.datasets[0].county_years = {County(*preschool_, "330102", 2, 900)};
  ASSERT_TRUE(c2_id && store_->ApplyImport(p));
  ASSERT_TRUE(store_->UndoImport(*c2_id, "测试员"));
  EXPECT_EQ(*(*store_->LoadCountyYears(*catalog_, AcademicYear(2024)))[0].values.Get(3), 700);
  EXPECT_EQ(*(*store_->LoadCountyYears(*preschool_, AcademicYear(2024)))[0].values.Get(2), 900);
}

TEST_P(StorageSuite, InclusiveFlagRoundTripsThroughMasterDataAndYearRecords) {
  // A private kindergarten recognised as 普惠性民办园 in 2024 ...
  SchoolYearRecord k = Preschool("3301020009", "330102", 120, 2024, SchoolType::kKindergarten);
  k.school.ownership = Ownership::kPrivate;
  k.school.inclusive = true;
  ASSERT_TRUE(store_->ApplyImport(PreschoolBatch({k})));
  auto found = store_->FindSchool("3301020009");
  ASSERT_TRUE(found && found->has_value());
  EXPECT_TRUE((*found)->inclusive);
  EXPECT_EQ((*found)->ownership, Ownership::kPrivate);
  EXPECT_EQ((*found)->type, SchoolType::kKindergarten);
  auto listed = store_->ListSchools("330102");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].inclusive);
  // ... and no longer in 2025: master data follows, 2024 keeps its flag.
  SchoolYearRecord later = k;
  later.year = AcademicYear(2025);
  later.school.inclusive = false;
  auto second = store_->ApplyImport(PreschoolBatch({later}));
  ASSERT_TRUE(second);
  EXPECT_FALSE((*store_->FindSchool("3301020009"))->inclusive);
  auto y2024 = store_->LoadSchoolYears(*preschool_, AcademicYear(2024));
  ASSERT_TRUE(y2024);
  ASSERT_EQ(y2024->size(), 1u);
  EXPECT_TRUE((*y2024)[0].school.inclusive);
  auto y2025 = store_->LoadSchoolYears(*preschool_, AcademicYear(2025));
  ASSERT_TRUE(y2025);
  ASSERT_EQ(y2025->size(), 1u);
  EXPECT_FALSE((*y2025)[0].school.inclusive);
  // Undo brings the master data back to the latest remaining year.
  ASSERT_TRUE(store_->UndoImport(*second, "测试员"));
  EXPECT_TRUE((*store_->FindSchool("3301020009"))->inclusive);
}

TEST_P(StorageSuite, BatchWithTwoDatasetsIsAtomic) {
  ASSERT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 100)})));
  auto before = store_->ListImports();
  auto version = store_->DataVersion();
  ASSERT_TRUE(before && version);
  // The compulsory part is fine; the preschool part moves a school to
  // another county, which fails after the first part was written.
  auto r = store_->ApplyImport(BatchOf(
      {DatasetBatch{
           catalog_, {School("3301020002", "330102", 5), School("3301020001", "330102", 7)}, {}},
       DatasetBatch{preschool_, {Preschool("3301020001", "330103", 40)}, {}}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "storage.school_county_conflict");
  EXPECT_EQ(Students("3301020001"), 100);
  EXPECT_FALSE(store_->FindSchool("3301020002")->has_value());
  EXPECT_EQ(store_->LoadSchoolYears(*catalog_, AcademicYear(2024))->size(), 1u);
  EXPECT_TRUE(store_->LoadSchoolYears(*preschool_, AcademicYear(2024))->empty());
  auto history = store_->SchoolHistory("3301020001", AcademicYear(2024), "compulsory");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->size(), 1u);
  EXPECT_EQ(store_->ListImports()->size(), before->size());
  EXPECT_EQ(*store_->DataVersion(), *version);
}

TEST_P(StorageSuite, FitnessResultsRoundTripExactlyIncludingMissingAndNegativeValues) {
  fitness::Roster r(Fitness().items().size());
  AddStudent(r, "3301020001", "G001", 1500, 105, -35);
  AddStudent(r, "3301020001", "G002", fitness::kMissing, 99, 0);
  ASSERT_TRUE(store_->ApplyFitnessImport(FitnessBatch(r)));
  auto back = store_->LoadFitness(Fitness(), AcademicYear(2024));
  ASSERT_TRUE(back) << back.error().Describe();
  ASSERT_EQ(back->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back->student_id(i), r.student_id(i));
    EXPECT_EQ(back->name(i), "李小红");
    EXPECT_EQ(back->birth(i), "2018-03-05");
    const auto& a = back->row(i);
    EXPECT_EQ(a.height, 1253);
    EXPECT_EQ(a.weight, 241);
    EXPECT_EQ(a.vision.ucva[0], 49);
    EXPECT_EQ(a.vision.se[0], -75);
    EXPECT_EQ(a.vision.se[1], fitness::kMissing);
    EXPECT_EQ(a.source_row, 7u);
    EXPECT_EQ(back->classes()[static_cast<size_t>(a.klass)].name, "一年级1班");
    auto want = r.values(i);
    auto got = back->values(i);
    EXPECT_TRUE(std::equal(want.begin(), want.end(), got.begin(), got.end())) << i;
  }
  auto years = store_->ListFitnessYears();
  ASSERT_TRUE(years);
  EXPECT_EQ(*years, std::vector<AcademicYear>{AcademicYear(2024)});
}

TEST_P(StorageSuite, FitnessReimportReplacesTheSchoolsSetAndUndoBringsItBack) {
  fitness::Roster first(Fitness().items().size());
  AddStudent(first, "3301020001", "G001", 1500, 105);
  AddStudent(first, "3301020002", "G101", 1400, 105);
  auto a = store_->ApplyFitnessImport(FitnessBatch(first));
  ASSERT_TRUE(a);
  // The second upload has only school 0001 (one student): school 0002 keeps
  // its set, school 0001's earlier set becomes history.
  fitness::Roster second(Fitness().items().size());
  AddStudent(second, "3301020001", "G001", 1600, 105);
  auto b = store_->ApplyFitnessImport(FitnessBatch(second));
  ASSERT_TRUE(b);
  EXPECT_EQ(Vc("3301020001"), 1600);
  EXPECT_EQ(Vc("3301020002"), 1400);
  auto sets = store_->ListFitnessSets(AcademicYear(2024));
  ASSERT_TRUE(sets);
  ASSERT_EQ(sets->size(), 2u);
  EXPECT_EQ((*sets)[0].import_id, *b);
  EXPECT_EQ((*sets)[1].import_id, *a);
  // The first import cannot be undone while the second replaces part of it.
  EXPECT_FALSE(store_->UndoImport(*a, "测试员"));
  ASSERT_TRUE(store_->UndoImport(*b, "测试员"));
  EXPECT_EQ(Vc("3301020001"), 1500);
  ASSERT_TRUE(store_->UndoImport(*a, "测试员"));
  EXPECT_EQ(Vc("3301020001"), -1);
  auto years = store_->ListFitnessYears();
  ASSERT_TRUE(years);
  EXPECT_TRUE(years->empty());
  auto imports = store_->ListImports();
  ASSERT_TRUE(imports);
  EXPECT_EQ(imports->front().kind, "fitness");
}

TEST_P(StorageSuite, FitnessSchoolFilterAndStudentLookupAcrossYears) {
  fitness::Roster y1(Fitness().items().size());
  AddStudent(y1, "3301020001", "G001", 1500, 105);
  AddStudent(y1, "3301020002", "G101", 1400, 105);
  ASSERT_TRUE(store_->ApplyFitnessImport(FitnessBatch(y1, 2023)));
  fitness::Roster y2(Fitness().items().size());
  AddStudent(y2, "3301020001", "G001", 1700, 101);
  ASSERT_TRUE(store_->ApplyFitnessImport(FitnessBatch(y2, 2024)));
  std::vector<std::string> only{"3301020002"};
  auto part = store_->LoadFitness(Fitness(), AcademicYear(2023), only);
  ASSERT_TRUE(part);
  ASSERT_EQ(part->size(), 1u);
  EXPECT_EQ(part->student_id(0), "G101");
  auto hits = store_->FindFitnessStudent(Fitness(), "G001");
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].first, AcademicYear(2023));
  EXPECT_EQ((*hits)[1].first, AcademicYear(2024));
  EXPECT_EQ((*hits)[1].second.values(0)[static_cast<size_t>(Fitness().ItemIndex("vital_capacity"))],
            1700);
  auto none = store_->FindFitnessStudent(Fitness(), "G999");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(StorageSuite, PlanSavedTwiceKeepsOneCurrentVersionAndAudits) {
  StoredPlan p{"demo-14th", "toml", "a.toml", "[plan]\nid = 1", "", "张三"};
  ASSERT_TRUE(store_->SavePlan(p));
  p.body = "[plan]\nid = 2";
  p.file_name = "b.toml";
  auto v0 = store_->DataVersion();
  ASSERT_TRUE(store_->SavePlan(p));
  EXPECT_NE(*store_->DataVersion(), *v0);
  auto plans = store_->ListPlans();
  ASSERT_TRUE(plans);
  ASSERT_EQ(plans->size(), 1u);
  EXPECT_EQ((*plans)[0].body, "[plan]\nid = 2");
  EXPECT_EQ((*plans)[0].saved_by, "张三");
  EXPECT_FALSE((*plans)[0].saved_at.empty());
  auto audit = store_->ListAudit();
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->front().action, "plan");
}

TEST_P(StorageSuite, PlanValueSupersedesWithHistoryAndWithdrawal) {
  PlanValueEntry e;
  e.plan_id = "p";
  e.indicator = "places";
  e.area = "330102";
  e.year = 2023;
  e.value = 1.5;
  e.evidence = "区教育局 2023 年统计公报";
  e.entered_by = "李四";
  ASSERT_TRUE(store_->AddPlanValue(e));
  e.value = 1.62;
  ASSERT_TRUE(store_->AddPlanValue(e));
  e.year = 2024;
  e.value = std::nullopt;  // withdrawn before it was ever set: still an entry
  ASSERT_TRUE(store_->AddPlanValue(e));
  auto cur = store_->ListPlanValues("p");
  ASSERT_TRUE(cur);
  ASSERT_EQ(cur->size(), 2u);
  EXPECT_EQ((*cur)[0].year, 2023);
  EXPECT_EQ((*cur)[0].value, 1.62);
  EXPECT_EQ((*cur)[0].evidence, "区教育局 2023 年统计公报");
  EXPECT_FALSE((*cur)[1].value.has_value());
  auto all = store_->ListPlanValues("p", true);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_FALSE((*all)[2].current);  // the first entry, superseded
  EXPECT_EQ((*all)[2].value, 1.5);
  auto other = store_->ListPlanValues("q");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

inline tasks::Task SuiteTask(const std::string& id) {
  tasks::Task t;
  t.id = id;
  t.title = "全面完成中小学校党组织领导班子配备";
  t.lead_unit = "组织人事科";
  t.co_units = {"城关区教育局", "东湖区教育局"};
  t.owner = "王五";
  t.target = "配备率100%";
  t.target_value = 100;
  t.target_unit = "%";
  t.start = 20454;
  t.deadline = 20818;
  t.milestones = {{20600, "制定方案"}, {20818, "全面完成"}};
  t.remind_days = 10;
  return t;
}

inline tasks::Event SuiteEvent(const std::string& task, tasks::EventKind kind) {
  tasks::Event e;
  e.task_id = task;
  e.kind = kind;
  e.day = 20500;
  e.actor = "督查科";
  e.role = tasks::Role::kSupervisor;
  return e;
}

TEST_P(StorageSuite, TaskDefinitionsRoundTripAndAnEditSupersedesTheVersion) {
  std::vector<TaskVersion> batch{{SuiteTask("T2"), SuiteEvent("T2", tasks::EventKind::kCreated)},
                                 {SuiteTask("T1"), SuiteEvent("T1", tasks::EventKind::kCreated)}};
  batch[1].task.target_value = std::nullopt;
  batch[1].task.publish = false;
  ASSERT_TRUE(store_->SaveTasks(batch));
  auto list = store_->ListTasks();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  const tasks::Task& t1 = (*list)[0];
  EXPECT_EQ(t1.id, "T1");
  EXPECT_FALSE(t1.target_value.has_value());
  EXPECT_FALSE(t1.publish);
  const tasks::Task& t2 = (*list)[1];
  EXPECT_EQ(t2.co_units, (std::vector<std::string>{"城关区教育局", "东湖区教育局"}));
  ASSERT_EQ(t2.milestones.size(), 2u);
  EXPECT_EQ(t2.milestones[1].date, 20818);
  EXPECT_EQ(t2.milestones[1].text, "全面完成");
  EXPECT_EQ(t2.target_value, 100);
  EXPECT_EQ(t2.remind_days, 10);
  tasks::Task edited = SuiteTask("T2");
  edited.deadline = 20900;
  std::vector<TaskVersion> again{{edited, SuiteEvent("T2", tasks::EventKind::kEdited)}};
  ASSERT_TRUE(store_->SaveTasks(again));
  list = store_->ListTasks();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].deadline, 20900);
  auto events = store_->ListTaskEvents("T2");
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].kind, tasks::EventKind::kEdited);
}

TEST_P(StorageSuite, TaskEventsAppendOnlyWhenNobodyActedMeanwhile) {
  std::vector<TaskVersion> batch{{SuiteTask("T1"), SuiteEvent("T1", tasks::EventKind::kCreated)}};
  ASSERT_TRUE(store_->SaveTasks(batch));
  auto events = store_->ListTaskEvents("T1");
  const int64_t last = events->back().id;
  tasks::Event notice = SuiteEvent("T1", tasks::EventKind::kTransition);
  notice.from = tasks::State::kOverdue;
  notice.to = tasks::State::kNotice;
  notice.due = 20900;
  notice.notice_no = "示教督〔2026〕1号";
  notice.reason = "逾期未完成";
  auto ids = store_->AppendTaskEvents("T1", last, std::span<const tasks::Event>(&notice, 1));
  ASSERT_TRUE(ids) << ids.error().message.zh;
  ASSERT_EQ(ids->size(), 1u);
  // A second writer still holding `last` is refused and nothing is written.
  auto stale = store_->AppendTaskEvents("T1", last, std::span<const tasks::Event>(&notice, 1));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().id, "storage.task_changed");
  events = store_->ListTaskEvents("T1");
  ASSERT_EQ(events->size(), 2u);
  const tasks::Event& e = events->back();
  EXPECT_EQ(e.id, (*ids)[0]);
  EXPECT_EQ(e.from, tasks::State::kOverdue);
  EXPECT_EQ(e.to, tasks::State::kNotice);
  EXPECT_EQ(e.due, 20900);
  EXPECT_EQ(e.notice_no, "示教督〔2026〕1号");
  EXPECT_EQ(e.role, tasks::Role::kSupervisor);
  EXPECT_FALSE(e.at.empty());
  auto all = store_->ListTaskEvents();
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
}

TEST_P(StorageSuite, TaskReportKeepsItsFilesByteForByteWithTheirHash) {
  std::vector<TaskVersion> batch{{SuiteTask("T1"), SuiteEvent("T1", tasks::EventKind::kCreated)}};
  ASSERT_TRUE(store_->SaveTasks(batch));
  const int64_t last = store_->ListTaskEvents("T1")->back().id;
  tasks::Report r;
  r.task_id = "T1";
  r.day = 20510;
  r.by = "城关区教育局";
  r.text = "已完成 12 所学校的配备";
  r.value = 60;
  r.final = true;
  std::string binary("%PDF-1.4\0\xFF\x01 tail", 16);
  std::vector<TaskFileBlob> files(2);
  files[0].meta.name = "配备名单.pdf";
  files[0].meta.content_type = "application/pdf";
  files[0].meta.sha256 = "abc123";
  files[0].meta.uploaded_by = "城关区教育局";
  files[0].bytes = binary;
  files[1].meta.name = "说明.txt";
  files[1].meta.content_type = "text/plain; charset=utf-8";
  files[1].bytes = "说明";
  tasks::Event ev = SuiteEvent("T1", tasks::EventKind::kReport);
  ev.role = tasks::Role::kOwner;
  ev.final = true;
  auto id = store_->AddTaskReport(r, files, ev, last);
  ASSERT_TRUE(id) << id.error().message.zh;
  auto stale = store_->AddTaskReport(r, files, ev, last);
  ASSERT_FALSE(stale) << "a report filed against a stale log is refused";
  auto reports = store_->ListTaskReports("T1");
  ASSERT_TRUE(reports);
  ASSERT_EQ(reports->size(), 1u);
  const tasks::Report& got = (*reports)[0];
  EXPECT_EQ(got.id, *id);
  EXPECT_EQ(got.value, 60);
  EXPECT_TRUE(got.final);
  ASSERT_EQ(got.files.size(), 2u);
  EXPECT_EQ(got.files[0].size, 16);
  EXPECT_EQ(got.files[0].sha256, "abc123");
  auto blob = store_->LoadTaskFile(got.files[0].id);
  ASSERT_TRUE(blob && *blob);
  EXPECT_EQ((*blob)->bytes, binary);
  EXPECT_EQ((*blob)->meta.name, "配备名单.pdf");
  auto missing = store_->LoadTaskFile(99999);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  auto events = store_->ListTaskEvents("T1");
  EXPECT_EQ(events->back().kind, tasks::EventKind::kReport);
  EXPECT_EQ(events->back().report_id, *id);
  EXPECT_TRUE(events->back().final);
}

TEST_P(StorageSuite, QualityScoresAndTheTestDescriptionRoundTripExactly) {
  QualitySchools();
  quality::ScoreSet set;
  AddScore(set, "3301020001", "S001", "数学", 87.5, 80);
  AddScore(set, "3301020001", "S001", "语文", 0.1);
  AddScore(set, "3301020001", "S002", "数学", 119);
  AddScore(set, "3301020002", "S101", "数学", 60);
  auto id = store_->ApplyQualityImport(QualityBatch(set));
  ASSERT_TRUE(id) << id.error().Describe();
  auto tests = store_->ListQualityTests();
  ASSERT_TRUE(tests);
  ASSERT_EQ(tests->size(), 1u);
  const QualityTest& t = tests->front();
  EXPECT_EQ(t.id, "2025-spring-g8");
  EXPECT_EQ(t.name, "2025年春季八年级抽测");
  EXPECT_EQ(t.year, AcademicYear(2024));
  EXPECT_EQ(t.term, 2);
  EXPECT_EQ(t.grades, std::vector<std::string>{"八年级"});
  EXPECT_EQ(t.subjects, (std::vector<std::string>{"数学", "语文"}));
  EXPECT_EQ(t.cuts_id, "example-2025-spring-g8");
  EXPECT_EQ(t.cuts_toml, Test().cuts_toml);
  EXPECT_EQ(t.created_by, "测试员");
  EXPECT_FALSE(t.created_at.empty());
  auto sets = store_->ListQualitySets("2025-spring-g8");
  ASSERT_TRUE(sets);
  ASSERT_EQ(sets->size(), 2u);
  EXPECT_EQ((*sets)[0].school, "3301020001");
  EXPECT_EQ((*sets)[0].students, 2) << "S001 has two scores but is one student";
  EXPECT_EQ((*sets)[0].scores, 3);
  EXPECT_EQ((*sets)[0].import_id, *id);
  EXPECT_EQ(Scores("3301020001", "数学"), (std::vector<double>{87.5, 119}));
  EXPECT_EQ(Scores("3301020001", "语文"), std::vector<double>{0.1});
  auto all = store_->LoadQualityScores("2025-spring-g8");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->rows()[0].prior, 80);
  EXPECT_FALSE(quality::HasValue(all->rows()[1].prior));
  EXPECT_EQ(all->classes()[all->rows()[0].klass].label, "八年级1班");
  std::vector<std::string> only{"3301020002"};
  auto part = store_->LoadQualityScores("2025-spring-g8", only);
  ASSERT_TRUE(part);
  ASSERT_EQ(part->rows().size(), 1u);
  EXPECT_EQ(part->student_id(part->rows()[0].student), "S101");
  auto imports = store_->ListImports();
  ASSERT_TRUE(imports);
  EXPECT_EQ(imports->front().kind, "quality");
  EXPECT_EQ(imports->front().school_years, 2);
}

TEST_P(StorageSuite, QualityReimportReplacesOnlyItsSchoolsAndUndoBringsThemBack) {
  QualitySchools();
  quality::ScoreSet first;
  AddScore(first, "3301020001", "S001", "数学", 70);
  AddScore(first, "3301020002", "S101", "数学", 60);
  auto a = store_->ApplyQualityImport(QualityBatch(first));
  ASSERT_TRUE(a);
  // School 0001 uploads again, and the test is renamed on the way.
  quality::ScoreSet second;
  AddScore(second, "3301020001", "S001", "数学", 75);
  QualityTest renamed = Test();
  renamed.name = "2025年春季八年级学业质量抽测";
  auto b = store_->ApplyQualityImport(QualityBatch(second, renamed));
  ASSERT_TRUE(b);
  EXPECT_EQ(Scores("3301020001", "数学"), std::vector<double>{75});
  EXPECT_EQ(Scores("3301020002", "数学"), std::vector<double>{60});
  EXPECT_EQ(store_->ListQualityTests()->front().name, "2025年春季八年级学业质量抽测");
  auto audit = store_->ListAudit();
  ASSERT_TRUE(audit);
  bool renamed_audited = false;
  for (const auto& e : *audit) renamed_audited |= e.action == "quality_test";
  EXPECT_TRUE(renamed_audited) << "a changed description leaves an audit entry";
  // The first import cannot be undone while the second replaces part of it.
  auto refused = store_->UndoImport(*a, "测试员");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().id, "storage.undo_superseded");
  ASSERT_TRUE(store_->UndoImport(*b, "测试员"));
  EXPECT_EQ(Scores("3301020001", "数学"), std::vector<double>{70});
  ASSERT_TRUE(store_->UndoImport(*a, "测试员"));
  EXPECT_TRUE(Scores("3301020001", "数学").empty());
  auto sets = store_->ListQualitySets("2025-spring-g8");
  ASSERT_TRUE(sets);
  EXPECT_TRUE(sets->empty());
}

TEST_P(StorageSuite, QualityScoresOfTwoTestsAreKeptApart) {
  QualitySchools();
  quality::ScoreSet spring, autumn;
  AddScore(spring, "3301020001", "S001", "数学", 70);
  AddScore(autumn, "3301020001", "S001", "数学", 90);
  ASSERT_TRUE(store_->ApplyQualityImport(QualityBatch(spring)));
  QualityTest t = Test("2025-autumn-g8");
  t.year = AcademicYear(2025);
  t.term = 1;
  ASSERT_TRUE(store_->ApplyQualityImport(QualityBatch(autumn, t)));
  EXPECT_EQ(Scores("3301020001", "数学"), std::vector<double>{70});
  EXPECT_EQ(Scores("3301020001", "数学", "2025-autumn-g8"), std::vector<double>{90});
  auto tests = store_->ListQualityTests();
  ASSERT_TRUE(tests);
  ASSERT_EQ(tests->size(), 2u);
  EXPECT_EQ((*tests)[0].id, "2025-spring-g8") << "ordered by year and term";
  EXPECT_EQ((*tests)[1].id, "2025-autumn-g8");
}

TEST_P(StorageSuite, QualityImportNamingAnUnknownSchoolWritesNothing) {
  QualitySchools();
  quality::ScoreSet set;
  AddScore(set, "3301020001", "S001", "数学", 70);
  AddScore(set, "3301029999", "S901", "数学", 60);
  auto r = store_->ApplyQualityImport(QualityBatch(set));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "storage.unknown_school");
  EXPECT_NE(r.error().message.zh.find("3301029999"), std::string::npos);
  EXPECT_TRUE(store_->ListQualityTests()->empty());
  EXPECT_TRUE(store_->ListQualitySets("2025-spring-g8")->empty());
  EXPECT_NE(store_->ListImports()->front().kind, "quality");
}

// ---- Accounts, sessions and the chained audit trail (issue 8) ----

inline access::Account TestAccount(std::string login, access::Role role, std::string county = {},
                                   std::vector<std::string> schools = {}) {
  access::Account a;
  a.principal = access::Principal{std::move(login), role, std::move(county), std::move(schools)};
  a.display_name = "张三";
  a.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  a.password_changed_at = 1700000000;
  return a;
}

inline std::string TestSha256(std::string_view bytes) { return auth::Sha256Hex(bytes); }

TEST_P(StorageSuite, AccountLoginIsUniqueIgnoringCaseAndAccountsRoundTrip) {
  EXPECT_FALSE(*store_->HasAccounts());
  access::Account a =
      TestAccount("Zhang.San", access::Role::kInspector, "330102", {"3301020001", "3301020002"});
  ASSERT_TRUE(store_->CreateAccount(a));
  EXPECT_TRUE(*store_->HasAccounts());
  auto dup = store_->CreateAccount(TestAccount("zhang.san", access::Role::kCity));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().id, "storage.login_taken");
  auto found = store_->FindAccount("ZHANG.SAN");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value()) << "found ignoring case";
  const access::Account& f = **found;
  EXPECT_EQ(f.principal.login, "Zhang.San") << "the stored spelling";
  EXPECT_EQ(f.principal.role, access::Role::kInspector);
  EXPECT_EQ(f.principal.county, "330102");
  EXPECT_EQ(f.principal.schools, (std::vector<std::string>{"3301020001", "3301020002"}));
  EXPECT_EQ(f.display_name, "张三");
  EXPECT_EQ(f.password_hash, a.password_hash);
  EXPECT_TRUE(f.must_change_password);
  EXPECT_EQ(f.password_changed_at, 1700000000);

  access::Account changed = f;
  changed.disabled = true;
  changed.must_change_password = false;
  changed.login = access::LoginState{3, 1700000900};
  changed.principal.schools = {"3301020003"};
  ASSERT_TRUE(store_->UpdateAccount(changed));
  auto again = *store_->FindAccount("Zhang.San");
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->disabled);
  EXPECT_FALSE(again->must_change_password);
  EXPECT_EQ(again->login.failures, 3);
  EXPECT_EQ(again->login.locked_until, 1700000900);
  EXPECT_EQ(again->principal.schools, std::vector<std::string>{"3301020003"});

  auto missing = store_->UpdateAccount(TestAccount("nobody", access::Role::kCity));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().id, "storage.no_account");
  EXPECT_FALSE(store_->FindAccount("nobody")->has_value());
  ASSERT_TRUE(store_->CreateAccount(TestAccount("admin", access::Role::kAdmin)));
  auto all = store_->ListAccounts();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].principal.login, "Zhang.San") << "by login, bytewise";
  EXPECT_EQ((*all)[1].principal.role, access::Role::kAdmin);
}

TEST_P(StorageSuite, SessionIsFoundByDigestTouchedForwardOnlyAndEnded) {
  access::Session s;
  s.token_digest = std::string(64, 'a');
  s.login = "clerk1";
  s.from = "2001:db8::1";
  s.created_at = 1000;
  s.last_seen = 1000;
  s.must_change = access::ChangeReason::kInitial;
  ASSERT_TRUE(store_->CreateSession(s));
  access::Session other = s;
  other.token_digest = std::string(64, 'b');
  other.must_change = access::ChangeReason::kNone;
  ASSERT_TRUE(store_->CreateSession(other));

  EXPECT_FALSE(store_->FindSession(std::string(64, 'c'))->has_value());
  auto found = *store_->FindSession(s.token_digest);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->login, "clerk1");
  EXPECT_EQ(found->from, "2001:db8::1");
  EXPECT_EQ(found->must_change, access::ChangeReason::kInitial);
  EXPECT_FALSE(found->ended);

  ASSERT_TRUE(store_->TouchSession(s.token_digest, 1600));
  ASSERT_TRUE(store_->TouchSession(s.token_digest, 1200)) << "another server's slower clock";
  EXPECT_EQ((*store_->FindSession(s.token_digest))->last_seen, 1600);

  ASSERT_TRUE(store_->EndSession(s.token_digest));
  EXPECT_TRUE((*store_->FindSession(s.token_digest))->ended) << "kept, marked ended";
  EXPECT_FALSE((*store_->FindSession(other.token_digest))->ended);
  EXPECT_EQ(*store_->EndSessions("CLERK1"), 1) << "only the one still open";
  EXPECT_TRUE((*store_->FindSession(other.token_digest))->ended);
}

TEST_P(StorageSuite, AuditChainHasNoGapsUnderConcurrentAppendsAndVerifies) {
  ASSERT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 100)})));
  constexpr int kPerThread = 20;
  std::atomic<int> failures{0};
  auto worker = [&](const std::string& actor) {
    for (int i = 0; i < kPerThread; ++i) {
      access::AuditEntry e;
      e.time = 1700000000 + i;
      e.actor = actor;
      e.role = "county";
      e.from = "10.0.0.1";
      e.action = "edit";
      e.object = access::AuditObject{"school_year", "3301020001/2024", "330102"};
      e.old_value = "{\"students\":100}";
      e.new_value = "第" + std::to_string(i) + "次\n修改\\";
      e.outcome = "ok";
      if (!store_->AppendAuditEntry(e)) ++failures;
      if (i % 5 == 0 && !store_->AppendAudit(actor, "export", "导出")) ++failures;
    }
  };
  std::thread a(worker, "a"), b(worker, "b");
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  auto chain = store_->ReadAuditChain();
  ASSERT_TRUE(chain);
  const size_t expected = 2 + 2 * (kPerThread + kPerThread / 5);  // the import + base_
  ASSERT_EQ(chain->size(), expected);
  for (size_t i = 0; i < chain->size(); ++i) {
    ASSERT_EQ((*chain)[i].seq, static_cast<int64_t>(i + 1)) << "no gap, no fork";
  }
  EXPECT_TRUE(access::VerifyChain(*chain, &TestSha256));
  // A run read from the middle verifies on its own, and the head as anchor.
  auto tail = store_->ReadAuditChain(10, 5);
  ASSERT_TRUE(tail);
  ASSERT_EQ(tail->size(), 5u);
  EXPECT_EQ(tail->front().seq, 11);
  EXPECT_TRUE(access::VerifyChain(*tail, &TestSha256));
  EXPECT_TRUE(access::VerifyChain(*chain, &TestSha256,
                                  access::ChainAnchor{chain->back().seq, chain->back().hash}));
  // The short form reads the same trail, newest first.
  auto short_form = store_->ListAudit(3);
  ASSERT_TRUE(short_form);
  ASSERT_EQ(short_form->size(), 3u);
  EXPECT_EQ((*short_form)[0].id, chain->back().seq);
}

TEST_P(StorageSuite, AuditSearchFiltersByActorActionObjectAreaAndTimeWithPages) {
  auto add = [&](std::string actor, std::string action, std::string area, int64_t time) {
    access::AuditEntry e;
    e.time = time;
    e.actor = std::move(actor);
    e.action = std::move(action);
    e.object = access::AuditObject{"school_year", "S/" + std::to_string(time), std::move(area)};
    e.outcome = "ok";
    auto stored = store_->AppendAuditEntry(e);
    ASSERT_TRUE(stored) << stored.error().Describe();
    EXPECT_EQ(stored->hash.size(), 64u);
  };
  add("u1", "edit", "330102", 100);
  add("u2", "edit", "330103", 200);
  add("u1", "export", "330102", 300);
  add("u1", "edit", "330102", 400);
  // actor, action, object kind, object id, area, from, to, limit, offset
  auto q = [&](std::string actor, std::string action, std::string kind, std::string id,
               std::string area, int64_t from, int64_t to, int limit = 200, int offset = 0) {
    AuditQuery query;
    query.actor = std::move(actor);
    query.action = std::move(action);
    query.object_kind = std::move(kind);
    query.object_id = std::move(id);
    query.area = std::move(area);
    query.from_time = from;
    query.to_time = to;
    query.limit = limit;
    query.offset = offset;
    std::vector<int64_t> times;
    auto found = store_->FindAudit(query);
    EXPECT_TRUE(found);
    if (found) {
      for (const auto& e : *found) times.push_back(e.time);
    }
    return times;
  };
  EXPECT_EQ(q("u1", "", "", "", "", 0, 0), (std::vector<int64_t>{400, 300, 100}));
  EXPECT_EQ(q("u1", "edit", "", "", "", 0, 0), (std::vector<int64_t>{400, 100}));
  EXPECT_EQ(q("", "", "", "", "330103", 0, 0), std::vector<int64_t>{200});
  EXPECT_EQ(q("", "", "school_year", "S/300", "", 0, 0), std::vector<int64_t>{300});
  EXPECT_EQ(q("", "", "", "", "", 200, 400), (std::vector<int64_t>{300, 200}));
  EXPECT_EQ(q("u1", "", "", "", "", 0, 0, 1, 1), std::vector<int64_t>{300});
}

// ---- The review chain -------------------------------------------------------

namespace review_suite {
inline ReviewEvent Step(const std::string& school, access::ReviewStep step,
                        access::ReviewState from, access::ReviewState to, int year = 2024) {
  ReviewEvent e;
  e.year = AcademicYear(year);
  e.school = school;
  e.county = "330102";
  e.step = step;
  e.from = from;
  e.to = to;
  e.actor = "clerk1";
  e.role = "clerk";
  e.time = 1700000000;
  return e;
}
inline access::AuditEntry AuditOf(const ReviewEvent& e) {
  access::AuditEntry a;
  a.time = e.time;
  a.actor = e.actor;
  a.role = e.role;
  a.action = std::string("review_") + std::string(access::ReviewStepKey(e.step));
  a.object =
      access::AuditObject{"review", std::to_string(e.year.start()) + "/" + e.school, e.county};
  a.old_value = std::string(access::ReviewStateKey(e.from));
  a.new_value = std::string(access::ReviewStateKey(e.to));
  a.reason = e.reason;
  a.outcome = "ok";
  return a;
}
}  // namespace review_suite

TEST_P(StorageSuite, ReviewEventsKeepTheirOrderNotesAndTheLastOneIsTheState) {
  using namespace review_suite;
  using S = access::ReviewState;
  using P = access::ReviewStep;
  ReviewEvent submit = Step("3301020001", P::kSubmit, S::kDraft, S::kSchoolReview);
  submit.notes = {{"primary", "students", "新校区投用，学生增加 \"一倍\"\n属实"}};
  auto id1 = store_->AppendReviewEvent(submit, 0, AuditOf(submit));
  ASSERT_TRUE(id1) << id1.error().Describe();
  ReviewEvent back = Step("3301020001", P::kReturn, S::kSchoolReview, S::kDraft);
  back.actor = "rev1";
  back.role = "school_reviewer";
  back.reason = "在校生数与学籍系统不符";
  back.notes = {{"primary", "students", "请核对"}, {"", "area", "含租用场地？"}};
  auto id2 = store_->AppendReviewEvent(back, *id1, AuditOf(back));
  ASSERT_TRUE(id2) << id2.error().Describe();
  EXPECT_GT(*id2, *id1);
  ReviewEvent other = Step("3301030001", P::kSubmit, S::kDraft, S::kSchoolReview);
  other.county = "330103";
  ASSERT_TRUE(store_->AppendReviewEvent(other, 0, AuditOf(other)));

  auto log = store_->ListReviewEvents(AcademicYear(2024), "3301020001");
  ASSERT_TRUE(log) << log.error().Describe();
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].notes.size(), 1u);
  EXPECT_EQ((*log)[0].notes[0].note, submit.notes[0].note);
  EXPECT_EQ((*log)[1].step, P::kReturn);
  EXPECT_EQ((*log)[1].from, S::kSchoolReview);
  EXPECT_EQ((*log)[1].reason, back.reason);
  EXPECT_EQ((*log)[1].actor, "rev1");
  ASSERT_EQ((*log)[1].notes.size(), 2u);
  EXPECT_EQ((*log)[1].notes[1].section, "");
  EXPECT_EQ((*log)[1].notes[1].field, "area");
  EXPECT_TRUE(store_->ListReviewEvents(AcademicYear(2023), "3301020001")->empty());

  auto latest = store_->LatestReviewEvents(AcademicYear(2024));
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].id, *id2);
  EXPECT_EQ((*latest)[0].to, S::kDraft);
  EXPECT_EQ((*latest)[1].school, "3301030001");
  const std::vector<std::string> only{"330103"};
  auto one = store_->LatestReviewEvents(AcademicYear(2024), only);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].school, "3301030001");

  AuditQuery q;
  q.object_kind = "review";
  q.object_id = "2024/3301020001";
  auto audit = store_->FindAudit(q);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].action, "review_return");
  EXPECT_EQ((*audit)[0].reason, back.reason);
}

TEST_P(StorageSuite, ReviewStepIsRefusedWhenSomeoneActedMeanwhile) {
  using namespace review_suite;
  using S = access::ReviewState;
  using P = access::ReviewStep;
  ReviewEvent submit = Step("3301020001", P::kSubmit, S::kDraft, S::kSchoolReview);
  auto id1 = store_->AppendReviewEvent(submit, 0, AuditOf(submit));
  ASSERT_TRUE(id1);
  // A second clerk who read the empty log submits too.
  auto again = store_->AppendReviewEvent(submit, 0, AuditOf(submit));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().id, "storage.review_changed");
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->ListReviewEvents(AcademicYear(2024), "3301020001")->size(), 1u);
  AuditQuery q;
  q.object_kind = "review";
  EXPECT_EQ(store_->FindAudit(q)->size(), 1u) << "the refused step left no audit entry";
}

TEST_P(StorageSuite, ALockedSchoolYearRefusesImportsAndUndoWholeUntilReopened) {
  using namespace review_suite;
  using S = access::ReviewState;
  using P = access::ReviewStep;
  auto first = store_->ApplyImport(Batch({School("3301020001", "330102", 100)}));
  ASSERT_TRUE(first);
  ReviewEvent lock = Step("3301020001", P::kApprove, S::kCityReview, S::kLocked);
  auto locked = store_->AppendReviewEvent(lock, 0, AuditOf(lock));
  ASSERT_TRUE(locked) << locked.error().Describe();

  // A bulk import with the locked school and another one: nothing written.
  auto bulk = store_->ApplyImport(
      Batch({School("3301020002", "330102", 50), School("3301020001", "330102", 999)}));
  ASSERT_FALSE(bulk);
  EXPECT_EQ(bulk.error().id, "review.locked");
  EXPECT_NE(bulk.error().message.zh.find("3301020001"), std::string::npos);
  EXPECT_EQ(bulk.error().message.zh.find("3301020002"), std::string::npos);
  EXPECT_EQ(Students("3301020001"), 100);
  EXPECT_EQ(Students("3301020002"), -1);
  auto undo = store_->UndoImport(*first, "测试员");
  ASSERT_FALSE(undo);
  EXPECT_EQ(undo.error().id, "review.locked");
  EXPECT_EQ(Students("3301020001"), 100);

  // Another year of the same school is not locked.
  EXPECT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 120, 2025)})));

  ReviewEvent reopen = Step("3301020001", P::kReopen, S::kLocked, S::kDraft);
  ASSERT_TRUE(store_->AppendReviewEvent(reopen, *locked, AuditOf(reopen)));
  EXPECT_TRUE(store_->ApplyImport(Batch({School("3301020001", "330102", 101)})));
  EXPECT_EQ(Students("3301020001"), 101);
}

TEST_P(StorageSuite, SchoolEvalInputsRoundTripExactlyAndAReimportKeepsHistory) {
  QualitySchools();
  SchoolEvalInputs in;
  in.scheme = "example-hs-2025";
  in.year = 2025;
  in.file_name = "评价数据.xlsx";
  in.created_by = "张三";
  in.inputs = {{"3301020001", "", {{"A1", 87.5}, {"B1", 0.1 + 0.2}, {"E2", 0.3}}},
               {"3301020002", "", {}}};  // listed with every value missing
  auto v0 = store_->DataVersion();
  auto first = store_->SaveSchoolEvalInputs(in);
  ASSERT_TRUE(first) << first.error().Describe();
  EXPECT_NE(*store_->DataVersion(), *v0);
  auto back = store_->LoadSchoolEvalInputs("example-hs-2025", 2025);
  ASSERT_TRUE(back && *back) << (back ? "none" : back.error().Describe());
  ASSERT_EQ((*back)->inputs.size(), 2u);
  EXPECT_EQ((*back)->inputs[0].values.at("B1"), 0.1 + 0.2);  // bit for bit
  EXPECT_EQ((*back)->inputs[0].values.at("A1"), 87.5);
  EXPECT_TRUE((*back)->inputs[1].values.empty());
  EXPECT_EQ((*back)->schools, 2);
  EXPECT_EQ((*back)->values, 3);
  EXPECT_EQ((*back)->created_by, "张三");
  EXPECT_FALSE((*back)->created_at.empty());
  // A re-import replaces the current version; the first stays in the list.
  in.inputs = {{"3301020002", "", {{"A1", 60}}}};
  in.file_name = "更正.xlsx";
  auto second = store_->SaveSchoolEvalInputs(in);
  ASSERT_TRUE(second);
  back = store_->LoadSchoolEvalInputs("example-hs-2025", 2025);
  ASSERT_TRUE(back && *back);
  ASSERT_EQ((*back)->inputs.size(), 1u);
  EXPECT_EQ((*back)->inputs[0].values.at("A1"), 60);
  auto versions = store_->ListSchoolEvalInputs("example-hs-2025");
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].id, *second);
  EXPECT_TRUE((*versions)[0].current);
  EXPECT_FALSE((*versions)[1].current);
  EXPECT_EQ((*versions)[1].file_name, "评价数据.xlsx");
  // Other years and schemes are apart; an unknown school writes nothing.
  EXPECT_FALSE(*store_->LoadSchoolEvalInputs("example-hs-2025", 2024));
  in.inputs = {{"9999999999", "", {{"A1", 1}}}};
  auto bad = store_->SaveSchoolEvalInputs(in);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().id, "storage.unknown_school");
  EXPECT_EQ(store_->ListSchoolEvalInputs("example-hs-2025")->size(), 2u);
  auto audit = store_->ListAudit();
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->front().action, "school_eval");
}

#define INSTANTIATE_STORAGE_SUITE(name, factory) \
  INSTANTIATE_TEST_SUITE_P(name, StorageSuite, ::testing::Values(StorageFactory(factory)))

}  // namespace jiaodu::testing

#endif  // JIAODU_STORAGE_STORAGE_SUITE_H_
