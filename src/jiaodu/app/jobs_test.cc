// The background job queue: imports keep their outcome, exports leave a
// file, solves leave a document and can be cancelled, the same export asked
// twice is one job, a job that throws fails alone, and finished files are
// bounded in time and in bytes.
#include "jiaodu/app/jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace jiaodu {
namespace {

using namespace std::chrono_literals;

// Polls until the job is done, failed or cancelled (at most ~10 s).
JobStatus WaitFinished(JobQueue& q, const std::string& id) {
  for (int i = 0; i < 2000; ++i) {
    auto s = q.Get(id);
    if (!s) return JobStatus{};
    if (s->state != JobState::kQueued && s->state != JobState::kRunning) return *s;
    std::this_thread::sleep_for(5ms);
  }
  ADD_FAILURE() << "job " << id << " did not finish";
  return JobStatus{};
}

JobQueue::FileWork MakeFile(std::string name, size_t size) {
  return [name = std::move(name), size](JobContext& ctx) -> Result<JobFile> {
    ctx.Progress(0.5, Text("写入工作簿", "writing"));
    return JobFile{name, "application/octet-stream", std::string(size, 'x')};
  };
}

// A job that runs until released, to hold the worker.
struct Gate {
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();
  std::promise<void> entered;
};

TEST(JobQueue, ImportJobKeepsItsOutcome) {
  JobQueue q;
  std::string ok = q.Submit([](JobContext& ctx) {
    ctx.Progress(0.5, Text("读取文件", "reading"));
    ImportOutcome o;
    o.ok = true;
    o.import_id = 7;
    o.summary.files = 2;
    return o;
  });
  std::string refused = q.Submit([](JobContext&) {
    ImportOutcome o;
    o.errors.push_back(
        Error{ErrorCode::kInvalidInput, "import.required", Text("必填", "required"), {}, {}});
    return o;
  });
  JobStatus a = WaitFinished(q, ok);
  EXPECT_EQ(a.kind, JobKind::kImport);
  EXPECT_EQ(a.state, JobState::kDone);
  ASSERT_TRUE(a.result);
  EXPECT_EQ(a.result->import_id, 7);
  EXPECT_EQ(a.result->summary.files, 2);
  EXPECT_EQ(a.file, nullptr);
  EXPECT_DOUBLE_EQ(a.progress, 1.0);
  JobStatus b = WaitFinished(q, refused);
  EXPECT_EQ(b.state, JobState::kFailed);
  ASSERT_TRUE(b.result);
  ASSERT_EQ(b.result->errors.size(), 1u);
  EXPECT_EQ(b.step.zh, "未通过校验，未保存任何数据");
  EXPECT_FALSE(b.error);
}

TEST(JobQueue, ExportJobLeavesItsFileAndReportsProgress) {
  JobQueue q;
  Gate gate;
  std::string id = q.SubmitFile("k", [&](JobContext& ctx) -> Result<JobFile> {
    ctx.Progress(0.25, Text("读取学生成绩", "reading"));
    gate.entered.set_value();
    gate.opened.wait();
    return JobFile{"示范市.xlsx", "application/x-test", "PK\x03\x04 bytes"};
  });
  gate.entered.get_future().wait();
  auto running = q.Get(id);
  ASSERT_TRUE(running);
  EXPECT_EQ(running->state, JobState::kRunning);
  EXPECT_EQ(running->kind, JobKind::kExport);
  EXPECT_DOUBLE_EQ(running->progress, 0.25);
  EXPECT_EQ(running->step.zh, "读取学生成绩");
  EXPECT_EQ(running->file, nullptr);
  gate.open.set_value();
  JobStatus s = WaitFinished(q, id);
  EXPECT_EQ(s.state, JobState::kDone);
  ASSERT_NE(s.file, nullptr);
  EXPECT_EQ(s.file->name, "示范市.xlsx");
  EXPECT_EQ(s.file->content_type, "application/x-test");
  EXPECT_EQ(s.file->bytes.substr(0, 2), "PK");
  EXPECT_FALSE(s.result);
  EXPECT_FALSE(s.error);
  EXPECT_EQ(q.FileBytes(), s.file->bytes.size());
}

TEST(JobQueue, FailedExportKeepsTheErrorAndThrowingJobFailsAlone) {
  JobQueue q;
  std::string bad = q.SubmitFile("", [](JobContext&) -> Result<JobFile> {
    return Fail(ErrorCode::kInternal, "xlsx.write_failed", Text("写入失败", "write failed"));
  });
  std::string boom = q.SubmitFile(
      "", [](JobContext&) -> Result<JobFile> { throw std::runtime_error("out of memory"); });
  std::string import_boom =
      q.Submit([](JobContext&) -> ImportOutcome { throw std::runtime_error("disk"); });
  std::string after = q.SubmitFile("", MakeFile("a.bin", 10));
  JobStatus a = WaitFinished(q, bad);
  EXPECT_EQ(a.state, JobState::kFailed);
  ASSERT_TRUE(a.error);
  EXPECT_EQ(a.error->id, "xlsx.write_failed");
  EXPECT_EQ(a.step.zh, "失败：写入失败");
  JobStatus b = WaitFinished(q, boom);
  EXPECT_EQ(b.state, JobState::kFailed);
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->id, "job.internal");
  // An import that throws still answers with an import's shape.
  JobStatus c = WaitFinished(q, import_boom);
  EXPECT_EQ(c.state, JobState::kFailed);
  ASSERT_TRUE(c.result);
  ASSERT_EQ(c.result->errors.size(), 1u);
  EXPECT_EQ(c.result->errors[0].id, "job.internal");
  // The worker survived.
  EXPECT_EQ(WaitFinished(q, after).state, JobState::kDone);
}

TEST(JobQueue, SameExportWhileQueuedOrRunningIsOneJobAndQueuedJobsSayWhatIsAhead) {
  JobQueue q;
  Gate gate;
  std::atomic<int> runs{0};
  auto slow = [&](JobContext&) -> Result<JobFile> {
    ++runs;
    gate.entered.set_value();
    gate.opened.wait();
    return JobFile{"a.xlsx", "x", "PK"};
  };
  std::string first = q.SubmitFile("city:2024", slow);
  gate.entered.get_future().wait();
  EXPECT_EQ(q.SubmitFile("city:2024", slow), first);  // running: joined
  std::string other = q.SubmitFile("county:2024", MakeFile("b.xlsx", 3));
  EXPECT_NE(other, first);
  EXPECT_EQ(q.SubmitFile("county:2024", MakeFile("b.xlsx", 3)), other);  // queued: joined
  std::string import = q.Submit([](JobContext&) {
    ImportOutcome o;
    o.ok = true;
    return o;
  });
  auto waiting = q.Get(import);
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->state, JobState::kQueued);
  EXPECT_EQ(waiting->step.zh, "排队等待：前面还有 2 个任务");
  gate.open.set_value();
  EXPECT_EQ(WaitFinished(q, first).state, JobState::kDone);
  EXPECT_EQ(WaitFinished(q, import).state, JobState::kDone);
  EXPECT_EQ(runs.load(), 1);
  // Finished: the same key starts a new job (the data may have changed).
  std::string again = q.SubmitFile("city:2024", MakeFile("a.xlsx", 2));
  EXPECT_NE(again, first);
  EXPECT_EQ(WaitFinished(q, again).state, JobState::kDone);
}

TEST(JobQueue, FilesPastTheByteBudgetAreDroppedOldestFirstButTheNewestIsKept) {
  JobLimits limits;
  limits.max_file_bytes = 100;
  JobQueue q(limits);
  std::string a = q.SubmitFile("", MakeFile("a", 40));
  WaitFinished(q, a);
  std::string b = q.SubmitFile("", MakeFile("b", 40));
  WaitFinished(q, b);
  EXPECT_EQ(q.FileBytes(), 80u);
  std::string c = q.SubmitFile("", MakeFile("c", 40));  // 120 > 100: a goes
  WaitFinished(q, c);
  EXPECT_EQ(q.FileBytes(), 80u);
  auto sa = q.Get(a);
  ASSERT_TRUE(sa);  // the job is still known...
  EXPECT_EQ(sa->state, JobState::kDone);
  EXPECT_EQ(sa->file, nullptr);  // ...its file is not
  EXPECT_TRUE(sa->file_expired);
  ASSERT_NE(q.Get(b)->file, nullptr);
  ASSERT_NE(q.Get(c)->file, nullptr);
  // One file over the whole budget: kept (it can be downloaded), the rest go.
  std::string big = q.SubmitFile("", MakeFile("big", 500));
  JobStatus s = WaitFinished(q, big);
  ASSERT_NE(s.file, nullptr);
  EXPECT_EQ(q.FileBytes(), 500u);
  EXPECT_TRUE(q.Get(b)->file_expired);
  EXPECT_TRUE(q.Get(c)->file_expired);
}

TEST(JobQueue, FinishedJobsAndTheirFilesGoAfterTheKeepTime) {
  std::atomic<int> minutes{0};  // outlives the queue that reads it
  auto start = std::chrono::steady_clock::now();
  JobLimits limits;
  limits.now = [&] { return start + std::chrono::minutes(minutes.load()); };
  JobQueue q(limits);
  std::string id = q.SubmitFile("", MakeFile("a.xlsx", 1000));
  ASSERT_EQ(WaitFinished(q, id).state, JobState::kDone);
  minutes = 59;
  ASSERT_TRUE(q.Get(id));
  EXPECT_EQ(q.FileBytes(), 1000u);
  minutes = 61;
  EXPECT_FALSE(q.Get(id));  // gone, job and file
  EXPECT_EQ(q.FileBytes(), 0u);
}

TEST(JobQueue, SolveJobLeavesItsDocument) {
  JobQueue q;
  std::string id = q.SubmitDocument("", [](JobContext& ctx) -> Result<std::string> {
    EXPECT_FALSE(ctx.cancel_flag()->load());
    return std::string(R"({"status":"optimal"})");
  });
  JobStatus s = WaitFinished(q, id);
  EXPECT_EQ(s.kind, JobKind::kSolve);
  EXPECT_EQ(s.state, JobState::kDone);
  ASSERT_NE(s.document, nullptr);
  EXPECT_EQ(*s.document, R"({"status":"optimal"})");
}

TEST(JobQueue, CancelReachesARunningSolveThroughItsFlagAndEndsItCancelled) {
  JobQueue q;
  std::promise<void> entered;
  std::string id = q.SubmitDocument("", [&](JobContext& ctx) -> Result<std::string> {
    entered.set_value();
    // A solver polling its cancel flag.
    for (int i = 0; i < 2000 && !ctx.cancel_flag()->load(); ++i) std::this_thread::sleep_for(5ms);
    ctx.Progress(0.9, Text("求解中", "solving"));  // ignored once cancelled
    return std::string(ctx.cancel_flag()->load() ? "best so far" : "ran out");
  });
  entered.get_future().wait();
  ASSERT_TRUE(q.Cancel(id));
  JobStatus s = WaitFinished(q, id);
  EXPECT_EQ(s.state, JobState::kCancelled);
  EXPECT_EQ(s.step.zh, "已取消");
  EXPECT_TRUE(s.cancel_requested);
  ASSERT_NE(s.document, nullptr);
  EXPECT_EQ(*s.document, "best so far");
  EXPECT_TRUE(q.Cancel(id));  // finished: left as it is
  EXPECT_EQ(q.Get(id)->state, JobState::kCancelled);
}

TEST(JobQueue, CancelOfAQueuedSolveEndsItAtOnceWithoutRunningIt) {
  JobQueue q;
  Gate gate;
  std::string blocker = q.SubmitFile("", [&](JobContext&) -> Result<JobFile> {
    gate.entered.set_value();
    gate.opened.wait();
    return JobFile{"a", "x", "y"};
  });
  gate.entered.get_future().wait();
  std::atomic<bool> ran{false};
  std::string id = q.SubmitDocument("k", [&](JobContext&) -> Result<std::string> {
    ran = true;
    return std::string("{}");
  });
  ASSERT_TRUE(q.Cancel(id));
  EXPECT_EQ(q.Get(id)->state, JobState::kCancelled);
  // The key is free again: the same solve asked anew is a new job.
  std::string again =
      q.SubmitDocument("k", [](JobContext&) -> Result<std::string> { return std::string("{}"); });
  EXPECT_NE(again, id);
  gate.open.set_value();
  EXPECT_EQ(WaitFinished(q, again).state, JobState::kDone);
  EXPECT_FALSE(ran);
  EXPECT_EQ(WaitFinished(q, blocker).state, JobState::kDone);
}

TEST(JobQueue, ImportsAndExportsCannotBeCancelled) {
  JobQueue q;
  std::string imp = q.Submit([](JobContext&) { return ImportOutcome{}; });
  std::string exp = q.SubmitFile("", MakeFile("a", 1));
  auto a = q.Cancel(imp);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().id, "job.not_cancellable");
  EXPECT_FALSE(q.Cancel(exp));
  auto none = q.Cancel("1-deadbeef");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().id, "job.not_found");
}

}  // namespace
}  // namespace jiaodu
