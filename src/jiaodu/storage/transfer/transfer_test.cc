// A whole database moved SQLite → SQLite and SQLite → PostgreSQL → SQLite:
// every table arrives with the same rows (digests compared on both sides,
// and the round trip compared with the original), the result reads back
// through the storage port, the audit chain still verifies, new ids follow
// the copied ones; a target holding data or of another schema is refused.
#include "jiaodu/storage/transfer/transfer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "jiaodu/app/fitness_service.h"
#include "jiaodu/app/service.h"
#include "jiaodu/auth/sha256.h"
#include "jiaodu/domain/access/audit.h"
#include "jiaodu/storage/postgres/pg_tables.h"
#include "jiaodu/storage/postgres/postgres_storage.h"
#include "jiaodu/storage/postgres/scratch_schema.h"
#include "jiaodu/storage/sqlite/sqlite_db.h"
#include "jiaodu/storage/sqlite/sqlite_storage.h"
#include "jiaodu/storage/sqlite/sqlite_tables.h"

namespace jiaodu {
namespace {

namespace fs = std::filesystem;

std::string TempDb(const std::string& name) {
  const fs::path p = fs::temp_directory_path() /
                     ("jiaodu_transfer_" + std::to_string(getpid()) + "_" + name + ".db");
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(p.string() + ext);
  return p.string();
}

// A SQLite file holding a small demo city with its 体测 (blobs, flags,
// versions) and the audit entries the imports append.
void FillDemo(const std::string& path) {
  auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
  ASSERT_TRUE(lib) << lib.error().Describe();
  auto storage = SqliteStorage::Open(path);
  ASSERT_TRUE(storage) << storage.error().Describe();
  Service svc(std::move(*lib), std::move(*storage));
  DemoOptions small;
  small.schools = 24;
  small.years = 2;
  small.first_year = 2023;
  auto demo = svc.LoadDemo(small, "测试");
  ASSERT_TRUE(demo) << demo.error().Describe();
  auto flib = LoadFitnessLibrary(JIAODU_TEST_DATA_DIR);
  ASSERT_TRUE(flib) << flib.error().Describe();
  FitnessService fitness(std::move(*flib), svc);
  auto f = fitness.LoadDemo(small, "测试");
  ASSERT_TRUE(f) << f.error().Describe();
  // An undone import: history must move with its flags.
  auto imports = svc.storage().ListImports();
  ASSERT_TRUE(imports);
  ASSERT_FALSE(imports->empty());
  ASSERT_TRUE(svc.storage().UndoImport(imports->front().id, "测试"));
}

// Migrates an empty database to this build's schema, as `jiaodu db` does.
void Migrate(const std::string& url) {
  auto s = IsPostgresUrl(url) ? PostgresStorage::Open(url) : SqliteStorage::Open(url);
  ASSERT_TRUE(s) << s.error().Describe();
}

void ExpectVerified(const TransferReport& r) {
  EXPECT_TRUE(r.verified());
  for (const TransferTable& t : r.tables) {
    EXPECT_TRUE(t.agrees()) << t.table << ": " << t.source.rows << " rows " << t.source.digest
                            << " vs " << t.target.rows << " rows " << t.target.digest;
  }
}

// Same storage-level reads on both: schools, import history, audit chain.
void ExpectSameThroughThePort(Storage& a, Storage& b) {
  auto sa = a.ListSchools(), sb = b.ListSchools();
  ASSERT_TRUE(sa && sb);
  EXPECT_EQ(sa->size(), sb->size());
  auto ia = a.ListImports(), ib = b.ListImports();
  ASSERT_TRUE(ia && ib);
  ASSERT_EQ(ia->size(), ib->size());
  for (size_t i = 0; i < ia->size(); ++i) {
    EXPECT_EQ((*ia)[i].id, (*ib)[i].id);
    EXPECT_EQ((*ia)[i].created_at, (*ib)[i].created_at);
    EXPECT_EQ((*ia)[i].undone, (*ib)[i].undone);
    EXPECT_EQ((*ia)[i].description, (*ib)[i].description);
  }
  auto ca = a.ReadAuditChain(), cb = b.ReadAuditChain();
  ASSERT_TRUE(ca && cb);
  ASSERT_EQ(ca->size(), cb->size());
  ASSERT_FALSE(cb->empty());
  EXPECT_EQ(ca->back().hash, cb->back().hash);
  EXPECT_TRUE(access::VerifyChain(*cb, &auth::Sha256Hex));
}

// An edit on the copy gets an id after every copied import's (identity
// sequences moved past the copied ids), and is undone again so that the
// copy still equals its source apart from the history of that edit.
void ExpectNewIdsFollowTheCopiedOnes(Storage& copy) {
  auto before = copy.ListImports();
  ASSERT_TRUE(before);
  ASSERT_FALSE(before->empty());
  ImportBatch batch;
  batch.kind = "edit";
  batch.user = "测试";
  batch.description = "迁移后的第一次修改";
  auto id = copy.ApplyImport(batch);
  ASSERT_TRUE(id) << id.error().Describe();
  EXPECT_GT(*id, before->front().id);
  ASSERT_TRUE(copy.UndoImport(*id, "测试"));
}

// Runs `sql` on a SQLite file behind the storage port.
Status Sql(const std::string& path, const std::string& sql) {
  auto db = JIAODU_TRY(sqlite::Db::Open(path));
  return db.Exec(sql);
}

Result<TransferReport> Copy(const std::string& from, const std::string& to) {
  auto a = JIAODU_TRY(OpenTables(from));
  auto b = JIAODU_TRY(OpenTables(to));
  return CopyDatabase(*a, *b);
}

TEST(Transfer, SqliteToSqliteCopiesEveryRowAndVerifies) {
  const std::string src = TempDb("src"), dst = TempDb("dst");
  FillDemo(src);
  Migrate(dst);
  auto report = Copy(src, dst);
  ASSERT_TRUE(report) << report.error().Describe();
  ExpectVerified(*report);
  EXPECT_GT(report->rows, 1000);
  auto a = SqliteStorage::Open(src), b = SqliteStorage::Open(dst);
  ASSERT_TRUE(a && b);
  ExpectSameThroughThePort(**a, **b);
  auto da = OpenSqliteTables(src), db = OpenSqliteTables(dst);
  ASSERT_TRUE(da && db);
  auto xa = DigestDatabase(**da), xb = DigestDatabase(**db);
  ASSERT_TRUE(xa && xb);
  ASSERT_EQ(xa->size(), xb->size());
  for (size_t i = 0; i < xa->size(); ++i) EXPECT_EQ((*xa)[i].digest, (*xb)[i].digest);
}

TEST(Transfer, NewIdsAfterACopyFollowTheCopiedOnes) {
  const std::string src = TempDb("ids_src"), dst = TempDb("ids_dst");
  FillDemo(src);
  Migrate(dst);
  ASSERT_TRUE(Copy(src, dst));
  auto b = SqliteStorage::Open(dst);
  ASSERT_TRUE(b);
  ExpectNewIdsFollowTheCopiedOnes(**b);
}

TEST(Transfer, ATargetHoldingDataIsRefusedAndLeftAsItWas) {
  const std::string src = TempDb("full_src"), dst = TempDb("full_dst");
  FillDemo(src);
  FillDemo(dst);
  auto before = OpenSqliteTables(dst);
  ASSERT_TRUE(before);
  auto digest_before = DigestDatabase(**before);
  ASSERT_TRUE(digest_before);
  before->reset();
  auto report = Copy(src, dst);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().id, "transfer.target_not_empty");
  EXPECT_NE(report.error().message.zh.find("不是空库"), std::string::npos);
  auto after = OpenSqliteTables(dst);
  ASSERT_TRUE(after);
  auto digest_after = DigestDatabase(**after);
  ASSERT_TRUE(digest_after);
  for (size_t i = 0; i < digest_before->size(); ++i) {
    EXPECT_EQ((*digest_before)[i].digest, (*digest_after)[i].digest);
  }
}

TEST(Transfer, ATableOnOneSideOnlyIsASchemaMismatch) {
  const std::string src = TempDb("mm_src"), dst = TempDb("mm_dst");
  FillDemo(src);
  Migrate(dst);
  // A table the source does not have, as a newer build would make.
  ASSERT_TRUE(Sql(dst, "CREATE TABLE extra_table (x INTEGER)"));
  auto report = Copy(src, dst);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().id, "transfer.schema_mismatch");
  EXPECT_NE(report.error().message.zh.find("extra_table"), std::string::npos);
}

TEST(Transfer, ADigestChangesWithOneValue) {
  const std::string src = TempDb("dg_src"), dst = TempDb("dg_dst");
  FillDemo(src);
  Migrate(dst);
  ASSERT_TRUE(Copy(src, dst));
  auto s = SqliteStorage::Open(dst);
  ASSERT_TRUE(s);
  auto schools = (*s)->ListSchools();
  ASSERT_TRUE(schools && !schools->empty());
  s->reset();
  // Rename one school behind the port's back.
  ASSERT_TRUE(Sql(dst, "UPDATE schools SET name = name || '（改）' WHERE code = '" +
                           schools->front().code + "'"));
  auto a = OpenSqliteTables(src), b = OpenSqliteTables(dst);
  ASSERT_TRUE(a && b);
  auto da = DigestDatabase(**a), db = DigestDatabase(**b);
  ASSERT_TRUE(da && db);
  ASSERT_EQ(da->size(), db->size());
  int differ = 0;
  for (size_t i = 0; i < da->size(); ++i) {
    if ((*da)[i].digest != (*db)[i].digest) {
      ++differ;
      EXPECT_EQ((*da)[i].table, "schools");
      EXPECT_EQ((*da)[i].rows, (*db)[i].rows);
    }
  }
  EXPECT_EQ(differ, 1);
}

TEST(Transfer, SqliteToPostgresAndBackIsTheSameDatabase) {
  const char* url = std::getenv("JIAODU_TEST_PG_URL");
  if (url == nullptr || *url == '\0') GTEST_SKIP() << "JIAODU_TEST_PG_URL not set";
  auto scratch = CreateScratchSchema(url, "jiaodu_transfer");
  ASSERT_TRUE(scratch) << scratch.error().Describe();
  const std::string src = TempDb("pg_src"), back = TempDb("pg_back");
  FillDemo(src);
  Migrate(scratch->url);
  auto there = Copy(src, scratch->url);
  ASSERT_TRUE(there) << there.error().Describe();
  ExpectVerified(*there);
  {
    auto a = SqliteStorage::Open(src);
    auto b = PostgresStorage::Open(scratch->url);
    ASSERT_TRUE(a && b);
    ExpectSameThroughThePort(**a, **b);
    ExpectNewIdsFollowTheCopiedOnes(**b);
  }
  Migrate(back);
  auto home = Copy(scratch->url, back);
  ASSERT_TRUE(home) << home.error().Describe();
  ExpectVerified(*home);
  // The round trip against the original, and the PostgreSQL copy against
  // both: digests do not depend on the back end. Imports and the audit
  // trail hold the one edit made on PostgreSQL, nothing else.
  auto a = OpenSqliteTables(src), b = OpenSqliteTables(back);
  auto pg = OpenPgTables(scratch->url);
  ASSERT_TRUE(a && b && pg);
  auto da = DigestDatabase(**a), db = DigestDatabase(**b), dp = DigestDatabase(**pg);
  ASSERT_TRUE(da && db && dp);
  ASSERT_EQ(da->size(), db->size());
  ASSERT_EQ(da->size(), dp->size());
  for (size_t i = 0; i < db->size(); ++i) {
    EXPECT_EQ((*db)[i].table, (*dp)[i].table);
    EXPECT_EQ((*db)[i].digest, (*dp)[i].digest) << (*db)[i].table;
  }
  for (size_t i = 0; i < da->size(); ++i) {
    const std::string& t = (*da)[i].table;
    if (t == "imports" || t == "audit_entries" || t == "meta") continue;
    EXPECT_EQ((*da)[i].digest, (*db)[i].digest) << t;
    EXPECT_EQ((*da)[i].rows, (*db)[i].rows) << t;
  }
  ASSERT_TRUE(DropScratchSchema(url, scratch->schema));
}

}  // namespace
}  // namespace jiaodu
