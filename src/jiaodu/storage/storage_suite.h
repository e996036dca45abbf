// File: jiaodu/storage/storage_suite.h
//
// The contract tests every Storage adapter must pass (see storage.h). An
// adapter's test instantiates it with a factory for a fresh, empty store:
//
//   INSTANTIATE_STORAGE_SUITE(Sqlite, [] { return SqliteStorage::Open(":memory:"); });
#ifndef JIAODU_STORAGE_STORAGE_SUITE_H_
#define JIAODU_STORAGE_STORAGE_SUITE_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "jiaodu/storage/storage.h"

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
    base_.catalog = catalog_;
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
                              Locale::kRural, Ownership::kPublic, false};
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

  ImportBatch Batch(std::vector<SchoolYearRecord> schools) {
    ImportBatch b;
    b.catalog = catalog_;
    b.user = "测试员";
    b.description = "测试导入";
    b.files = {"a.xlsx"};
    b.school_years = std::move(schools);
    return b;
  }

  double Students(const std::string& code, int year = 2024) {
    auto rows = store_->LoadSchoolYears(*catalog_, AcademicYear(year));
    EXPECT_TRUE(rows);
    for (const auto& r : *rows) {
      if (r.school.code == code) return *r.sections[0].values.Get(0);
    }
    return -1;
  }

  std::unique_ptr<Storage> store_;
  std::shared_ptr<FieldCatalog> catalog_;
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
  auto history = store_->SchoolHistory("3301020001", AcademicYear(2024));
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
  b.county_years = {c};
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
  auto rows = store_->LoadSchoolYears(narrow, AcademicYear(2024));
  ASSERT_TRUE(rows);
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

#define INSTANTIATE_STORAGE_SUITE(name, factory) \
  INSTANTIATE_TEST_SUITE_P(name, StorageSuite, ::testing::Values(StorageFactory(factory)))

}  // namespace jiaodu::testing

#endif  // JIAODU_STORAGE_STORAGE_SUITE_H_
