// The storage suite and PostgreSQL-specific checks against a real server:
// JIAODU_TEST_PG_URL (scripts/pg.sh start prints one). Every test runs in a
// schema of its own, dropped when the test binary ends. Without the
// variable every test is skipped (GTEST_SKIP), not failed.
#include "jiaodu/storage/postgres/postgres_storage.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

#include "jiaodu/auth/sha256.h"
#include "jiaodu/storage/postgres/scratch_schema.h"
#include "jiaodu/storage/storage_suite.h"

namespace jiaodu::testing {
namespace {

constexpr const char* kNoServer =
    "未设置 JIAODU_TEST_PG_URL，跳过 PostgreSQL 测试 / JIAODU_TEST_PG_URL is not set: "
    "PostgreSQL tests skipped (scripts/pg.sh start; export JIAODU_TEST_PG_URL=$(scripts/pg.sh "
    "url))";

std::string ServerUrl() {
  const char* url = std::getenv("JIAODU_TEST_PG_URL");
  return url != nullptr ? url : "";
}

// The schemas this process made, dropped when the tests end (ctest runs
// each test in a process of its own).
std::vector<std::string>& Made() {
  static std::vector<std::string> made;
  return made;
}
class DropSchemas : public ::testing::Environment {
 public:
  void TearDown() override {
    for (const std::string& s : Made()) (void)DropScratchSchema(ServerUrl(), s);
  }
};
[[maybe_unused]] ::testing::Environment* const kDropSchemas =
    ::testing::AddGlobalTestEnvironment(new DropSchemas);

Result<ScratchSchema> Scratch() {
  auto s = CreateScratchSchema(ServerUrl(), "jiaodu_test");
  if (s) Made().push_back(s->schema);
  return s;
}

// Stands in for the store when there is no server: the suite's SetUp still
// runs after a skip and writes its areas (ApplyImport); the test bodies do
// not run.
class NoServer final : public Storage {
  static tl::unexpected<Error> Skipped() {
    return Fail(ErrorCode::kFailedPrecondition, "storage.postgres", Text::Same(kNoServer));
  }

 public:
  std::string Describe() override { return "none"; }
  Result<std::vector<Area>> ListAreas() override { return Skipped(); }
  Result<std::vector<School>> ListSchools(std::string_view) override { return Skipped(); }
  Result<std::optional<School>> FindSchool(std::string_view) override { return Skipped(); }
  Result<std::vector<AcademicYear>> ListYears() override { return Skipped(); }
  Result<std::vector<SchoolYearRecord>> LoadSchoolYears(const FieldCatalog&, AcademicYear,
                                                        std::span<const std::string>) override {
    return Skipped();
  }
  Result<std::vector<CountyYearRecord>> LoadCountyYears(const FieldCatalog&,
                                                        AcademicYear) override {
    return Skipped();
  }
  Result<int64_t> ApplyImport(const ImportBatch&) override { return 0; }
  Result<std::vector<ImportInfo>> ListImports(int) override { return Skipped(); }
  Status UndoImport(int64_t, std::string_view) override { return Skipped(); }
  Result<std::vector<VersionInfo>> SchoolHistory(std::string_view, AcademicYear,
                                                 std::string_view) override {
    return Skipped();
  }
  Status AppendAudit(std::string_view, std::string_view, std::string_view) override {
    return Skipped();
  }
  Result<std::vector<AuditEntry>> ListAudit(int) override { return Skipped(); }
  Status CreateAccount(const access::Account&) override { return Skipped(); }
  Status UpdateAccount(const access::Account&) override { return Skipped(); }
  Result<std::optional<access::Account>> FindAccount(std::string_view) override {
    return Skipped();
  }
  Result<std::vector<access::Account>> ListAccounts() override { return Skipped(); }
  Result<bool> HasAccounts() override { return Skipped(); }
  Status CreateSession(const access::Session&) override { return Skipped(); }
  Result<std::optional<access::Session>> FindSession(std::string_view) override {
    return Skipped();
  }
  Status TouchSession(std::string_view, int64_t) override { return Skipped(); }
  Status EndSession(std::string_view) override { return Skipped(); }
  Result<int> EndSessions(std::string_view) override { return Skipped(); }
  Result<access::AuditEntry> AppendAuditEntry(access::AuditEntry) override { return Skipped(); }
  Result<std::vector<access::AuditEntry>> FindAudit(const AuditQuery&) override {
    return Skipped();
  }
  Result<std::vector<access::AuditEntry>> ReadAuditChain(int64_t, int) override {
    return Skipped();
  }
  Result<std::vector<CountyStandard>> ListCountyStandards() override { return Skipped(); }
  Status SetCountyStandard(std::string_view, std::string_view, std::string_view,
                           std::string_view) override {
    return Skipped();
  }
  Result<int64_t> ApplyFitnessImport(const FitnessImport&) override { return Skipped(); }
  Result<std::vector<AcademicYear>> ListFitnessYears() override { return Skipped(); }
  Result<std::vector<FitnessSetInfo>> ListFitnessSets(AcademicYear) override { return Skipped(); }
  Result<fitness::Roster> LoadFitness(const fitness::FitnessStandard&, AcademicYear,
                                      std::span<const std::string>) override {
    return Skipped();
  }
  Result<std::vector<std::pair<AcademicYear, fitness::Roster>>> FindFitnessStudent(
      const fitness::FitnessStandard&, std::string_view) override {
    return Skipped();
  }
  Result<int64_t> ApplyQualityImport(const QualityImport&) override { return Skipped(); }
  Result<std::vector<QualityTest>> ListQualityTests() override { return Skipped(); }
  Result<std::vector<QualitySetInfo>> ListQualitySets(std::string_view) override {
    return Skipped();
  }
  Result<quality::ScoreSet> LoadQualityScores(std::string_view,
                                              std::span<const std::string>) override {
    return Skipped();
  }
  Status SavePlan(const StoredPlan&) override { return Skipped(); }
  Result<std::vector<StoredPlan>> ListPlans() override { return Skipped(); }
  Result<int64_t> AddPlanValue(const PlanValueEntry&) override { return Skipped(); }
  Result<std::vector<PlanValueEntry>> ListPlanValues(std::string_view, bool) override {
    return Skipped();
  }
  Status SaveTasks(std::span<const TaskVersion>) override { return Skipped(); }
  Result<std::vector<tasks::Task>> ListTasks() override { return Skipped(); }
  Result<std::vector<int64_t>> AppendTaskEvents(std::string_view, int64_t,
                                                std::span<const tasks::Event>) override {
    return Skipped();
  }
  Result<std::vector<tasks::Event>> ListTaskEvents(std::string_view) override { return Skipped(); }
  Result<int64_t> AddTaskReport(const tasks::Report&, std::span<const TaskFileBlob>, tasks::Event,
                                int64_t) override {
    return Skipped();
  }
  Result<std::vector<tasks::Report>> ListTaskReports(std::string_view) override {
    return Skipped();
  }
  Result<std::optional<TaskFileBlob>> LoadTaskFile(int64_t) override { return Skipped(); }
  Result<int64_t> AppendReviewEvent(const ReviewEvent&, int64_t, access::AuditEntry) override {
    return Skipped();
  }
  Result<std::vector<ReviewEvent>> ListReviewEvents(AcademicYear, std::string_view) override {
    return Skipped();
  }
  Result<std::vector<ReviewEvent>> LatestReviewEvents(AcademicYear,
                                                      std::span<const std::string>) override {
    return Skipped();
  }
  Result<int64_t> SaveSchoolEvalInputs(const SchoolEvalInputs&) override { return Skipped(); }
  Result<std::optional<SchoolEvalInputs>> LoadSchoolEvalInputs(std::string_view, int) override {
    return Skipped();
  }
  Result<std::vector<SchoolEvalInputs>> ListSchoolEvalInputs(std::string_view) override {
    return Skipped();
  }
  Result<int64_t> DataVersion() override { return Skipped(); }
};

void SkipWithoutServer() { GTEST_SKIP() << kNoServer; }

Result<std::unique_ptr<Storage>> FreshStore() {
  if (ServerUrl().empty()) {
    SkipWithoutServer();
    return std::unique_ptr<Storage>(std::make_unique<NoServer>());
  }
  auto s = JIAODU_TRY(Scratch());
  return PostgresStorage::Open(s.url);
}

}  // namespace

INSTANTIATE_STORAGE_SUITE(Postgres, FreshStore);

namespace {

#define SKIP_WITHOUT_SERVER() \
  if (ServerUrl().empty()) GTEST_SKIP() << kNoServer

// The fixture's factory tells the fixture its schema's URL (for Second()).
std::string* g_url = nullptr;
Result<std::unique_ptr<Storage>> RememberedStore() {
  auto s = JIAODU_TRY(Scratch());
  if (g_url != nullptr) *g_url = s.url;
  return PostgresStorage::Open(s.url);
}

// The suite's fixture (its helpers build schools, catalogs and rosters) for
// the PostgreSQL-only checks below, on a fresh schema.
class PostgresTest : public StorageSuite {
 protected:
  void SetUp() override {
    SKIP_WITHOUT_SERVER();
    g_url = &url_;
    StorageSuite::SetUp();
    g_url = nullptr;
  }
  // Another adapter (connection) on the same schema: a second server.
  std::unique_ptr<Storage> Second() {
    auto s = PostgresStorage::Open(url_);
    EXPECT_TRUE(s) << s.error().Describe();
    return s ? std::move(*s) : nullptr;
  }
  std::string url_;
};

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresTest,
                         ::testing::Values(StorageFactory(RememberedStore)));

TEST(PostgresStorage, UnreachableServerIsStorageOpenWithoutThePassword) {
  auto s = PostgresStorage::Open("postgresql://jiaodu:secret-pw@127.0.0.1:1/jiaodu");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "storage.open");
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_EQ(s.error().message.zh.find("secret-pw"), std::string::npos) << s.error().message.zh;
  EXPECT_NE(s.error().message.zh.find("jiaodu:***@127.0.0.1:1"), std::string::npos)
      << s.error().message.zh;
}

TEST_P(PostgresTest, SchemaIsMigratedOnceReopensAndRefusesANewerOne) {
  EXPECT_NE(store_->Describe().find(fmt::format("(schema v{})", PostgresStorage::SchemaVersion())),
            std::string::npos)
      << store_->Describe();
  auto again = Second();
  ASSERT_TRUE(again);
  EXPECT_EQ((*again->ListAreas()).size(), 3u);
  ASSERT_TRUE(
      ExecSql(url_, "INSERT INTO schema_migrations (version, description) VALUES (999, 'x')"));
  auto newer = PostgresStorage::Open(url_);
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().id, "storage.schema_newer");
}

// Numbers are stored as jsonb (section values) and double precision
// (county values): every double must come back bit for bit.
TEST_P(PostgresTest, ValuesKeepEveryDigit) {
  const double tricky[] = {0.1 + 0.2, 1e-7, 123456789.12345679, 1e300, -2.5e-300, 4.35, 1.0 / 3};
  std::vector<SchoolYearRecord> schools;
  for (size_t i = 0; i < std::size(tricky); ++i) {
    schools.push_back(School(fmt::format("33010200{:02}", i), "330102", tricky[i]));
  }
  ImportBatch b = Batch(schools);
  b.datasets[0].county_years = {County(*catalog_, "330102", 3, tricky[0])};
  ASSERT_TRUE(store_->ApplyImport(b));
  auto rows = store_->LoadSchoolYears(*catalog_, AcademicYear(2024));
  ASSERT_TRUE(rows) << rows.error().Describe();
  ASSERT_EQ(rows->size(), std::size(tricky));
  for (size_t i = 0; i < std::size(tricky); ++i) {
    EXPECT_EQ(*(*rows)[i].sections[0].values.Get(0), tricky[i]) << i;
  }
  auto county = store_->LoadCountyYears(*catalog_, AcademicYear(2024));
  ASSERT_TRUE(county);
  EXPECT_EQ(*(*county)[0].values.Get(3), tricky[0]);
}

// A city-sized batch goes through COPY: 600 schools (two stages each for
// the 九年一贯制 ones), re-imported, and the re-import undone.
TEST_P(PostgresTest, ManySchoolsRoundTripAndUndo) {
  std::vector<SchoolYearRecord> first, second;
  for (int i = 0; i < 600; ++i) {
    const std::string county = i % 2 == 0 ? "330102" : "330103";
    const std::string code = fmt::format("{}{:04}", county, i);
    const SchoolType type = i % 3 == 0 ? SchoolType::kNineYear : SchoolType::kPrimary;
    first.push_back(School(code, county, 100 + i, 2024, type));
    second.push_back(School(code, county, 1000 + i, 2024, type));
  }
  ASSERT_TRUE(store_->ApplyImport(Batch(first)));
  auto again = store_->ApplyImport(Batch(second));
  ASSERT_TRUE(again) << again.error().Describe();
  auto rows = store_->LoadSchoolYears(*catalog_, AcademicYear(2024));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 600u);
  EXPECT_EQ(*(*rows)[0].sections[0].values.Get(0), 1000);
  ASSERT_TRUE(store_->UndoImport(*again, "测试员"));
  rows = store_->LoadSchoolYears(*catalog_, AcademicYear(2024));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 600u);
  for (const SchoolYearRecord& r : *rows) {
    const int i = std::stoi(r.school.code.substr(6));
    ASSERT_EQ(*r.sections[0].values.Get(0), 100 + i) << r.school.code;
    ASSERT_EQ(r.sections.size(), i % 3 == 0 ? 2u : 1u) << r.school.code;
  }
  std::vector<std::string> only{"330103"};
  EXPECT_EQ(store_->LoadSchoolYears(*catalog_, AcademicYear(2024), only)->size(), 300u);
  EXPECT_EQ(store_->ListSchools("330102")->size(), 300u);
}

// More sets than one blob query reads (64), across the chunk boundary.
TEST_P(PostgresTest, ManyFitnessSetsLoadInSchoolOrder) {
  fitness::Roster r(Fitness().items().size());
  for (int s = 149; s >= 0; --s) {
    for (int k = 0; k < 20; ++k) {
      AddStudent(r, fmt::format("3301020{:03}", s), fmt::format("G{:03}{:02}", s, k), 1000 + s,
                 90 + k);
    }
  }
  ASSERT_TRUE(store_->ApplyFitnessImport(FitnessBatch(r)));
  auto back = store_->LoadFitness(Fitness(), AcademicYear(2024));
  ASSERT_TRUE(back) << back.error().Describe();
  ASSERT_EQ(back->size(), r.size());
  const auto vc = static_cast<size_t>(Fitness().ItemIndex("vital_capacity"));
  for (size_t i = 0; i < back->size(); ++i) {
    const int s = static_cast<int>(i / 20);
    ASSERT_EQ(back->student_id(i), fmt::format("G{:03}{:02}", s, i % 20)) << i;
    ASSERT_EQ(back->values(i)[vc], 1000 + s) << i;
  }
  EXPECT_EQ(store_->ListFitnessSets(AcademicYear(2024))->size(), 150u);
  auto hit = store_->FindFitnessStudent(Fitness(), "G07707");
  ASSERT_TRUE(hit);
  ASSERT_EQ(hit->size(), 1u);
  EXPECT_EQ((*hit)[0].second.values(0)[vc], 1077);
}

// Two servers act on one task at the same time, each from the log it read:
// the per-task lock makes exactly one of two appends from the same state
// succeed, however the threads interleave.
TEST_P(PostgresTest, ConcurrentAppendsFromOneStateNeverBothSucceed) {
  std::vector<TaskVersion> batch{{SuiteTask("T1"), SuiteEvent("T1", tasks::EventKind::kCreated)}};
  ASSERT_TRUE(store_->SaveTasks(batch));
  constexpr int kPerThread = 15;
  std::mutex mu;
  std::vector<int64_t> bases;
  std::atomic<int> conflicts{0}, failures{0};
  auto worker = [&](Storage* store) {
    for (int done = 0; done < kPerThread;) {
      auto events = store->ListTaskEvents("T1");
      if (!events) {
        ++failures;
        return;
      }
      const int64_t last = events->back().id;
      tasks::Event e = SuiteEvent("T1", tasks::EventKind::kTransition);
      e.reason = "并发";
      auto ids = store->AppendTaskEvents("T1", last, std::span<const tasks::Event>(&e, 1));
      if (ids) {
        std::lock_guard lock(mu);
        bases.push_back(last);
        ++done;
      } else if (ids.error().id == "storage.task_changed") {
        ++conflicts;
      } else {
        ++failures;
        return;
      }
    }
  };
  auto other = Second();
  ASSERT_TRUE(other);
  std::thread a(worker, store_.get()), b(worker, other.get());
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  auto events = store_->ListTaskEvents("T1");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 1u + 2 * kPerThread);
  EXPECT_EQ(std::set<int64_t>(bases.begin(), bases.end()).size(), bases.size())
      << "two appends succeeded from the same last event";
  for (size_t i = 1; i < events->size(); ++i) EXPECT_LT((*events)[i - 1].id, (*events)[i].id);
}

// Two servers import the same school year, county year and 体测 set at the
// same time: every import succeeds, one after the other, and exactly one
// version of each stays current. (A school's master-data row lock alone
// would serialise the school years; county years and fitness sets need the
// adapter's advisory lock.)
TEST_P(PostgresTest, ConcurrentImportsKeepOneCurrentVersion) {
  auto other = Second();
  ASSERT_TRUE(other);
  constexpr int kPerThread = 8;
  std::atomic<int> failures{0};
  auto worker = [&](Storage* store, int base) {
    for (int i = 0; i < kPerThread; ++i) {
      ImportBatch county = Batch({});
      county.datasets[0].county_years = {County(*catalog_, "330102", 3, base + i)};
      fitness::Roster r(Fitness().items().size());
      AddStudent(r, "3301020001", "G001", base + i, 105);
      for (Status st : {store->ApplyImport(Batch({School("3301020001", "330102", base + i)}))
                            .transform([](int64_t) {}),
                        store->ApplyImport(county).transform([](int64_t) {}),
                        store->ApplyFitnessImport(FitnessBatch(r)).transform([](int64_t) {})}) {
        if (!st) {
          ++failures;
          ADD_FAILURE() << st.error().Describe();
        }
      }
    }
  };
  std::thread a(worker, store_.get(), 100), b(worker, other.get(), 200);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  auto history = store_->SchoolHistory("3301020001", AcademicYear(2024), "compulsory");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u * kPerThread);
  int current = 0;
  for (const VersionInfo& v : *history) current += v.current ? 1 : 0;
  EXPECT_EQ(current, 1);
  EXPECT_TRUE((*history)[0].current) << "the newest version is the current one";
  EXPECT_EQ(store_->LoadSchoolYears(*catalog_, AcademicYear(2024))->size(), 1u);
  EXPECT_EQ(store_->LoadCountyYears(*catalog_, AcademicYear(2024))->size(), 1u);
  EXPECT_EQ(store_->ListFitnessSets(AcademicYear(2024))->size(), 1u);
  EXPECT_EQ(store_->ListImports(100)->size(), 1u + 6 * kPerThread);
}

std::string Sha(std::string_view bytes) { return auth::Sha256Hex(bytes); }

// Two servers append to the trail at the same time: one chain, no gap, no
// fork (the trail's advisory lock), and it verifies.
TEST_P(PostgresTest, AuditChainFromTwoServersHasNoGapAndVerifies) {
  auto other = Second();
  ASSERT_TRUE(other);
  constexpr int kPerThread = 15;
  std::atomic<int> failures{0};
  auto worker = [&](Storage* store, const char* who) {
    for (int i = 0; i < kPerThread; ++i) {
      if (!store->AppendAudit(who, "export", "导出")) ++failures;
    }
  };
  std::thread a(worker, store_.get(), "甲"), b(worker, other.get(), "乙");
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  auto chain = store_->ReadAuditChain();
  ASSERT_TRUE(chain);
  ASSERT_EQ(chain->size(), 1u + 2 * kPerThread);
  for (size_t i = 0; i < chain->size(); ++i)
    EXPECT_EQ((*chain)[i].seq, static_cast<int64_t>(i + 1));
  EXPECT_TRUE(access::VerifyChain(*chain, &Sha));
}

TEST_P(PostgresTest, AuditChainFailsVerificationAfterARowIsAlteredWithRawSql) {
  for (const char* who : {"甲", "乙", "丙"})
    ASSERT_TRUE(store_->AppendAudit(who, "export", "导出"));
  EXPECT_TRUE(access::VerifyChain(*store_->ReadAuditChain(), &Sha));
  ASSERT_TRUE(ExecSql(url_, "UPDATE audit_entries SET new_value = '导入' WHERE seq = 3"));
  auto chain = store_->ReadAuditChain();
  ASSERT_TRUE(chain);
  auto brk = access::FindChainBreak(*chain, &Sha);
  ASSERT_TRUE(brk);
  EXPECT_EQ(brk->seq, 3);
}

// Schema v3 chains the rows of the old audit_log, as SQLite's v9 does.
TEST_P(PostgresTest, V2AuditLogRowsBecomeTheFirstEntriesOfTheChain) {
  ASSERT_TRUE(ExecSql(
      url_,
      "DROP TABLE school_eval_values; DROP TABLE school_eval_imports; "
      "DROP TABLE review_events; DROP FUNCTION review_events_append_only; DROP TABLE "
      "audit_entries; DROP TABLE sessions; DROP TABLE accounts; DELETE FROM "
      "schema_migrations WHERE version >= 3; DELETE FROM audit_log; INSERT INTO audit_log (id, at, "
      "user_name, action, detail) VALUES (1, '2024-03-01T08:00:00Z', '老用户', 'import', '导入 "
      "#1'), (2, '2024-03-02T09:30:00Z', 'x', 'undo', E'a\\nb')"));
  auto again = Second();
  ASSERT_TRUE(again);
  auto chain = again->ReadAuditChain();
  ASSERT_TRUE(chain);
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0].time, 1709280000);
  EXPECT_EQ((*chain)[1].new_value, "a\nb");
  EXPECT_EQ((*chain)[1].object.id, "2");
  EXPECT_TRUE(access::VerifyChain(*chain, &Sha));
}

}  // namespace
}  // namespace jiaodu::testing
