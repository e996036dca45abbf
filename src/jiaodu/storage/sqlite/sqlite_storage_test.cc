#include "jiaodu/storage/sqlite/sqlite_storage.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

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

}  // namespace
}  // namespace jiaodu::testing
