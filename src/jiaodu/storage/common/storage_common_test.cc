#include "jiaodu/storage/common/storage_common.h"

#include <gtest/gtest.h>

namespace jiaodu::storage_common {
namespace {

FieldCatalog Catalog() {
  std::vector<FieldDef> fields;
  for (const char* id : {"students", "area", "teachers"}) {
    FieldDef f;
    f.id = id;
    f.level = FieldLevel::kSection;
    f.name = Text::Same(id);
    fields.push_back(f);
  }
  return FieldCatalog("t", Text::Same("t"), fields);
}

TEST(StorageCommon, ValuesRoundTripExactlyAndReadJsonbSpacing) {
  const FieldCatalog catalog = Catalog();
  FieldValues v(catalog.size());
  v.Set(0, 0.1 + 0.2);
  v.Set(2, -1e-300);
  const std::string text = EncodeValues(v, catalog);
  EXPECT_EQ(text, "{\"students\":0.30000000000000004,\"teachers\":-1e-300}");
  FieldValues back(catalog.size());
  ASSERT_TRUE(DecodeValues(text, FieldLookup(catalog), back));
  EXPECT_EQ(back.Get(0), v.Get(0));
  EXPECT_FALSE(back.Has(1));
  EXPECT_EQ(back.Get(2), v.Get(2));
  // PostgreSQL's jsonb prints spaces and its own key order; ids the catalog
  // does not know are skipped.
  FieldValues spaced(catalog.size());
  ASSERT_TRUE(DecodeValues(R"({"old": 7, "teachers": 12, "students": 0.30000000000000004})",
                           FieldLookup(catalog), spaced));
  EXPECT_EQ(spaced.Get(0), v.Get(0));
  EXPECT_EQ(*spaced.Get(2), 12);
  FieldValues empty(catalog.size());
  EXPECT_TRUE(DecodeValues("{}", FieldLookup(catalog), empty));
  auto bad = DecodeValues(R"({"students": x})", FieldLookup(catalog), empty);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().id, "storage.bad_value");
}

TEST(StorageCommon, ListsUnitsAndMilestonesRoundTrip) {
  const std::vector<std::string> files{"a.xlsx", "", "b.csv"};
  EXPECT_EQ(SplitOn(JoinLines(files, '\n'), '\n'), files);
  EXPECT_TRUE(SplitOn("", ',').empty());
  const std::vector<std::string> units{"城关区教育局", "东湖区教育局"};
  EXPECT_EQ(DecodeUnits(EncodeUnits(units)), units);
  const std::vector<tasks::Milestone> ms{{20600, "制定方案"}, {-3, "含\t制表符"}};
  const auto back = DecodeMilestones(EncodeMilestones(ms));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].date, 20600);
  EXPECT_EQ(back[1].date, -3);
  EXPECT_EQ(back[1].text, "含\t制表符");
  EXPECT_EQ(ParseDecision("approved"), tasks::Decision::kApproved);
  EXPECT_EQ(ParseDecision(""), tasks::Decision::kNone);
}

TEST(StorageCommon, BatchWithoutCatalogIsRefusedAndYearsAreListed) {
  ImportBatch b;
  b.datasets.push_back(DatasetBatch{nullptr, {SchoolYearRecord{}}, {}});
  EXPECT_EQ(SummarizeBatch(b).error().id, "storage.no_catalog");
  auto catalog = std::make_shared<FieldCatalog>(Catalog());
  SchoolYearRecord r;
  r.year = AcademicYear(2024);
  CountyYearRecord c;
  c.year = AcademicYear(2023);
  b.datasets[0] = DatasetBatch{catalog, {r, r}, {c}};
  auto s = SummarizeBatch(b);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->YearList(), "2023,2024");
  EXPECT_EQ(s->school_years, 2u);
  EXPECT_EQ(s->county_years, 1u);
}

}  // namespace
}  // namespace jiaodu::storage_common
