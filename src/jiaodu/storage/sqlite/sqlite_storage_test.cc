#include "jiaodu/storage/sqlite/sqlite_storage.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "jiaodu/auth/sha256.h"
#include "jiaodu/domain/access/audit.h"
#include "jiaodu/domain/fitness/test_spec.h"
#include "jiaodu/storage/sqlite/migrations.h"
#include "jiaodu/storage/storage_suite.h"

namespace jiaodu::testing {

INSTANTIATE_STORAGE_SUITE(Sqlite, [] { return SqliteStorage::Open(":memory:"); });

namespace {

std::string TempDb(const char* name) {
  auto p = std::filesystem::temp_directory_path() /
           (std::string("jiaodu_") + name + "_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(p);
  std::filesystem::remove(p.string() + "-wal");
  std::filesystem::remove(p.string() + "-shm");
  return p.string();
}

TEST(SqliteStorage, FileDatabaseIsMigratedOnceAndReopens) {
  std::string path = TempDb("reopen");
  {
    auto s = SqliteStorage::Open(path);
    ASSERT_TRUE(s) << s.error().Describe();
    EXPECT_NE((*s)->Describe().find("schema v"), std::string::npos);
  }
  auto again = SqliteStorage::Open(path);
  ASSERT_TRUE(again) << again.error().Describe();
  EXPECT_TRUE((*again)->ListAreas());
  std::filesystem::remove(path);
}

TEST(SqliteStorage, NewerSchemaIsRefusedNotDamaged) {
  std::string path = TempDb("newer");
  ASSERT_TRUE(SqliteStorage::Open(path));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, 'x', 'future')", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto s = SqliteStorage::Open(path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "storage.schema_newer");
  std::filesystem::remove(path);
}

TEST(SqliteStorage, NotADatabaseFileIsACorruptionError) {
  std::string path = TempDb("garbage");
  {
    FILE* f = fopen(path.c_str(), "wb");
    fputs("this is not a database, just text that is long enough to be a header ......", f);
    fclose(f);
  }
  auto s = SqliteStorage::Open(path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kCorrupt);
  std::filesystem::remove(path);
}

// A database written by an older build: the runner's bookkeeping table,
// the released migrations up to `version` (never edited, so this is that
// build's schema; none of them has a C++ step), then `rows` in its columns.
void CreateOldDatabase(const std::string& path, int version, const std::string& rows) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err != nullptr ? err : "") << "\n" << sql.substr(0, 200);
    sqlite3_free(err);
  };
  exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, "
      "description TEXT NOT NULL)");
  for (const auto& m : sqlite::Migrations()) {
    if (m.version > version) break;
    exec(std::string(m.sql));
    exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
         ", '2024-09-01T00:00:00Z', 'old build')");
  }
  exec(rows);
  sqlite3_close(db);
}

// One school year and county year in v2's columns.
void CreateV2Database(const std::string& path) {
  CreateOldDatabase(path, 2, R"sql(
    INSERT INTO areas VALUES ('330102', '甲区', 'county', NULL);
    INSERT INTO imports VALUES (1, 'import', '2024-09-01T00:00:00Z', '测试员', '旧导入',
                                'a.xlsx', 1, 1, '2024', NULL, NULL);
    INSERT INTO schools VALUES ('3301020001', '旧学校', '330102', '某镇', 'primary', 'rural',
                                'public', 0, 1);
    INSERT INTO school_years VALUES (1, '3301020001', 2024, 1, 1, '旧学校', '330102', '某镇',
                                     'primary', 'rural', 'public', 0);
    INSERT INTO school_sections VALUES (1, '', 0, '{"area":1234.5}');
    INSERT INTO school_sections VALUES (1, 'primary', 0, '{"students":321,"teachers":12}');
    INSERT INTO county_years VALUES (1, '330102', 2024, 1, 1);
    INSERT INTO county_values VALUES (1, 'quota', 720);
  )sql");
}

TEST(SqliteStorage, V2DatabaseIsMigratedInPlaceAsCompulsoryData) {
  std::string path = TempDb("v2");
  CreateV2Database(path);
  if (::testing::Test::HasFailure()) return;
  auto s = SqliteStorage::Open(path);
  ASSERT_TRUE(s) << s.error().Describe();
  Storage& store = **s;
  EXPECT_NE(store.Describe().find("schema v" + std::to_string(SqliteStorage::SchemaVersion())),
            std::string::npos);

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
  auto compulsory = std::make_shared<FieldCatalog>("c", Text::Same("c"), fields);
  compulsory->set_dataset("compulsory");
  FieldCatalog preschool("p", Text::Same("p"), fields);
  preschool.set_dataset("preschool");

  auto rows = store.LoadSchoolYears(*compulsory, AcademicYear(2024));
  ASSERT_TRUE(rows) << rows.error().Describe();
  ASSERT_EQ(rows->size(), 1u);
  const SchoolYearRecord& r = (*rows)[0];
  EXPECT_EQ(r.school.name, "旧学校");
  EXPECT_FALSE(r.school.inclusive);
  EXPECT_EQ(*r.values.Get(2), 1234.5);
  ASSERT_EQ(r.sections.size(), 1u);
  EXPECT_EQ(*r.sections[0].values.Get(0), 321);
  auto county = store.LoadCountyYears(*compulsory, AcademicYear(2024));
  ASSERT_TRUE(county);
  ASSERT_EQ(county->size(), 1u);
  EXPECT_EQ(*(*county)[0].values.Get(3), 720);
  EXPECT_TRUE(store.LoadSchoolYears(preschool, AcademicYear(2024))->empty());
  EXPECT_TRUE(store.LoadCountyYears(preschool, AcademicYear(2024))->empty());
  auto school = store.FindSchool("3301020001");
  ASSERT_TRUE(school && school->has_value());
  EXPECT_FALSE((*school)->inclusive);

  // The migrated row is a version like any other: a new compulsory import
  // supersedes it, and undoing that import brings it back.
  SchoolYearRecord again = r;
  again.sections[0].values.Set(0, 400);
  ImportBatch batch;
  batch.user = "测试员";
  batch.datasets.push_back(DatasetBatch{compulsory, {again}, {}});
  auto id = store.ApplyImport(batch);
  ASSERT_TRUE(id) << id.error().Describe();
  auto history = store.SchoolHistory("3301020001", AcademicYear(2024), "compulsory");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].description, "旧导入");
  EXPECT_FALSE((*history)[1].current);
  ASSERT_TRUE(store.UndoImport(*id, "测试员"));
  EXPECT_EQ(*(*store.LoadSchoolYears(*compulsory, AcademicYear(2024)))[0].sections[0].values.Get(0),
            321);
  std::filesystem::remove(path);
}

// v4–v6 kept one row per student with the results as JSON; v7 moves them
// into one blob per school and year. Every field must survive, including
// missing values, negative results, an id the standard no longer has, a
// superseded set (history) and the 学籍号 lookup.
TEST(SqliteStorage, V6FitnessRowsAreMigratedIntoBlobsWithEveryValue) {
  std::string path = TempDb("v6");
  CreateOldDatabase(path, 6, R"sql(
    INSERT INTO areas VALUES ('330102', '甲区', 'county', NULL);
    INSERT INTO imports VALUES (1, 'fitness', '2024-09-01T00:00:00Z', '测试员', '旧体测',
                                'a.csv', 1, 0, '2024', NULL, NULL);
    INSERT INTO imports VALUES (2, 'fitness', '2024-10-01T00:00:00Z', '测试员', '重传',
                                'b.csv', 1, 0, '2024', NULL, NULL);
    INSERT INTO fitness_sets VALUES (1, '3301020001', 2024, 'fitness', 1, 0, 'test', 1);
    INSERT INTO fitness_sets VALUES (2, '3301020001', 2024, 'fitness', 2, 1, 'test', 2);
    INSERT INTO fitness_students VALUES (1, 1, 'G001', '旧名', 1, 11, '1101', '一年级1班', '01',
      '2018-01-01', 0, 120.0, 22.0, NULL, NULL, NULL, NULL, '{"vital_capacity":1000}', 3);
    INSERT INTO fitness_students VALUES (2, 1, 'G001', '王明', 1, 11, '1101', '一年级1班', '01',
      '2018-01-01', 0, 125.3, 24.1, 4.9, 5.0, -0.75, NULL,
      '{"vital_capacity":1500, "run_50m":10.4, "old_item":7}', 7);
    INSERT INTO fitness_students VALUES (2, 2, 'G002', '李小红', 2, 11, '', '', '02',
      '2018-03-05', 1, NULL, NULL, NULL, NULL, NULL, NULL, '{}', 8);
  )sql");
  if (::testing::Test::HasFailure()) return;
  auto s = SqliteStorage::Open(path);
  ASSERT_TRUE(s) << s.error().Describe();
  Storage& store = **s;
  const auto standard = *fitness::FitnessStandard::Build(fitness::testing::SmallSpec());
  const auto item = [&](std::string_view id) {
    return static_cast<size_t>(standard.ItemIndex(id));
  };

  auto roster = store.LoadFitness(standard, AcademicYear(2024));
  ASSERT_TRUE(roster) << roster.error().Describe();
  ASSERT_EQ(roster->size(), 2u) << "the current set only";
  const fitness::StudentRow& a = roster->row(0);
  EXPECT_EQ(roster->student_id(0), "G001");
  EXPECT_EQ(roster->name(0), "王明");
  EXPECT_EQ(a.sex, fitness::Sex::kMale);
  EXPECT_EQ(a.grade, 11);
  ASSERT_GE(a.klass, 0);
  EXPECT_EQ(roster->classes()[static_cast<size_t>(a.klass)].name, "一年级1班");
  EXPECT_EQ(a.height, 1253);
  EXPECT_EQ(a.weight, 241);
  EXPECT_EQ(a.vision.ucva[0], 49);
  EXPECT_EQ(a.vision.ucva[1], 50);
  EXPECT_EQ(a.vision.se[0], -75);
  EXPECT_EQ(a.vision.se[1], fitness::kMissing);
  EXPECT_EQ(a.source_row, 7u);
  EXPECT_EQ(roster->values(0)[item("vital_capacity")], 1500);
  EXPECT_EQ(roster->values(0)[item("run_50m")], 104);
  EXPECT_EQ(roster->values(0)[item("rope_skipping")], fitness::kMissing);
  const fitness::StudentRow& b = roster->row(1);
  EXPECT_EQ(b.status, fitness::TestStatus::kExempt);
  EXPECT_EQ(b.klass, -1);
  EXPECT_EQ(b.height, fitness::kMissing);
  EXPECT_EQ(roster->values(1)[item("vital_capacity")], fitness::kMissing);

  auto found = store.FindFitnessStudent(standard, "G002");
  ASSERT_TRUE(found) << found.error().Describe();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].second.name(0), "李小红");
  EXPECT_TRUE(store.FindFitnessStudent(standard, "G003")->empty());

  // The superseded set is still history: undoing the re-upload brings the
  // first set (and its one student) back.
  ASSERT_TRUE(store.UndoImport(2, "测试员"));
  auto back = store.LoadFitness(standard, AcademicYear(2024));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ(back->name(0), "旧名");
  EXPECT_EQ(back->values(0)[item("vital_capacity")], 1000);
  std::filesystem::remove(path);
}

void RawSql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

std::string Sha(std::string_view bytes) { return auth::Sha256Hex(bytes); }

// Whoever edits a stored entry with SQL behind the program's back breaks
// the chain at that entry.
TEST(SqliteStorage, AuditChainFailsVerificationAfterARowIsAlteredWithRawSql) {
  std::string path = TempDb("tamper");
  {
    auto s = SqliteStorage::Open(path);
    ASSERT_TRUE(s) << s.error().Describe();
    for (const char* who : {"甲", "乙", "丙"})
      ASSERT_TRUE((*s)->AppendAudit(who, "export", "导出"));
    auto chain = (*s)->ReadAuditChain();
    ASSERT_TRUE(chain);
    EXPECT_TRUE(access::VerifyChain(*chain, &Sha));
  }
  RawSql(path, "UPDATE audit_entries SET actor = '丁' WHERE seq = 2");
  auto s = SqliteStorage::Open(path);
  ASSERT_TRUE(s);
  auto chain = (*s)->ReadAuditChain();
  ASSERT_TRUE(chain);
  auto brk = access::FindChainBreak(*chain, &Sha);
  ASSERT_TRUE(brk);
  EXPECT_EQ(brk->seq, 2);
  auto st = access::VerifyChain(*chain, &Sha);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().id, "access.audit_broken");
  std::filesystem::remove(path);
}

// Schema v9 chains the rows of the old unchained audit_log, in id order,
// ahead of everything written later; audit_log itself is left as it was.
TEST(SqliteStorage, V8AuditLogRowsBecomeTheFirstEntriesOfTheChain) {
  std::string path = TempDb("v8audit");
  ASSERT_TRUE(SqliteStorage::Open(path));
  // Back to v8 with three old entries (one with a line break).
  RawSql(path,
         "DROP TABLE school_eval_values; DROP TABLE school_eval_imports; "
         "DROP TABLE review_events; DROP TABLE audit_entries; DROP TABLE sessions; DROP TABLE "
         "accounts; DELETE FROM "
         "schema_migrations WHERE version >= 9; DELETE FROM audit_log; INSERT INTO audit_log "
         "(id, at, user, action, detail) VALUES (1, '2024-03-01T08:00:00Z', '老用户', 'import', "
         "'导入 #1'), (2, '2024-03-02T09:30:00Z', 'x', 'undo', 'a\nb'), (5, "
         "'2024-03-03T10:00:00Z', 'y', 'export', '导出');");
  auto s = SqliteStorage::Open(path);
  ASSERT_TRUE(s) << s.error().Describe();
  ASSERT_TRUE((*s)->AppendAudit("新用户", "export", "新的"));
  auto chain = (*s)->ReadAuditChain();
  ASSERT_TRUE(chain);
  ASSERT_EQ(chain->size(), 4u);
  EXPECT_EQ((*chain)[0].actor, "老用户");
  EXPECT_EQ((*chain)[0].time, 1709280000);
  EXPECT_EQ((*chain)[0].object.kind, "audit_log");
  EXPECT_EQ((*chain)[2].object.id, "5");
  EXPECT_EQ((*chain)[1].new_value, "a\nb");
  EXPECT_EQ((*chain)[3].actor, "新用户");
  EXPECT_EQ((*chain)[0].prev_hash, access::kGenesisHash);
  EXPECT_TRUE(access::VerifyChain(*chain, &Sha));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace jiaodu::testing
