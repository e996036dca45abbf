// File: jiaodu/app/jobs.h
//
// Long work runs on one background worker so an HTTP request can return at
// once and the page polls for progress. Three kinds of job:
//   * imports (Submit): the result is an ImportOutcome;
//   * exports (SubmitFile): the result is a file (JobFile: bytes, download
//     name, content type), served by GET /api/jobs/{id}/file once done;
//   * solves (SubmitDocument): the result is a JSON document (a 交流轮岗
//     plan). A solve can be cancelled (Cancel): a queued one at once, a
//     running one through the flag JobContext::cancel_flag() hands to the
//     solver, which stops at its next event and returns its best plan so
//     far; the job then ends `cancelled`, keeping that document. Solves
//     share the one worker like exports and carry their own time limit, so
//     a solve delays an import by at most that limit.
//
//   std::string id = jobs.Submit([](JobContext& ctx) { ctx.Progress(0.5, ...); return outcome; });
//   std::string id = jobs.SubmitFile("fitness:990100:2024:5200", [](JobContext& ctx)
//                                    -> Result<JobFile> { ... });
//   std::optional<JobStatus> s = jobs.Get(id);
//
// One worker, shared by imports and exports, first come first served.
// Exports only read, so a second worker would be possible (SQLite in WAL
// mode lets them read while an import writes); they share the one worker
// on purpose:
//   * memory: a city workbook holds every student of the city (~394,000 in
//     the demo: the roster plus the workbook, a few hundred MB at the peak)
//     and an import of many files holds all their rows; one at a time, the
//     peaks do not add up on the small servers bureaus run;
//   * CPU: those servers often have 2 cores; a second worker busy for a
//     minute would slow every page while it runs;
//   * consistency: an export never runs while an import writes, so a
//     workbook is all before or all after an import, never half of each.
// The cost: an import submitted behind a city export waits for it (about a
// minute); its step says how many jobs are ahead. Imports are all or
// nothing and keep their order, which a single worker guarantees.
// An export asked again while the same one (same `key`) is queued or
// running joins that job instead of queueing the same minute of work again
// (a user clicking twice, two tabs).
//
// Retention: finished jobs are kept for `JobLimits::keep` (an hour). Their
// files are held in memory (nothing to clean up on disk after a crash) and
// bounded twice: a file goes with its job after `keep`, and when the files
// held add up to more than `JobLimits::max_file_bytes` (256 MB, a few city
// workbooks) the oldest files are dropped first. The newest file is always
// kept, however large, so a finished export can always be downloaded at
// least once. A dropped file's job stays known (`file_expired`), and its
// download answers job.file_expired: export again. Files are shared
// (shared_ptr), so Get(), called by every polling page twice a second,
// never copies the bytes, and a download in progress keeps its file alive
// even if it is dropped meanwhile.
#ifndef JIAODU_APP_JOBS_H_
#define JIAODU_APP_JOBS_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu {

struct ImportSummary {
  int files = 0;
  int schools = 0;
  int school_years = 0;
  int county_years = 0;
  int students = 0;  // fitness imports
  int areas = 0;
  std::vector<int> years;
  std::vector<std::string> counties;  // codes touched
};

struct ImportOutcome {
  bool ok = false;
  std::optional<int64_t> import_id;
  std::vector<Error> errors;  // every problem found; empty when ok
  ImportSummary summary;
};

// What an export job produces.
struct JobFile {
  std::string name;          // the download name, UTF-8 ("示范市2024-2025学年….xlsx")
  std::string content_type;  // "application/vnd.openxmlformats-…"
  std::string bytes;
};

enum class JobKind { kImport, kExport, kSolve };
enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };
std::string_view JobKindKey(JobKind k);
std::string_view JobStateKey(JobState s);

struct JobStatus {
  std::string id;
  JobKind kind = JobKind::kImport;
  JobState state = JobState::kQueued;
  double progress = 0;
  Text step;
  std::optional<ImportOutcome> result;          // an import, once finished
  std::shared_ptr<const JobFile> file;          // an export, once done (null after it was dropped)
  bool file_expired = false;                    // the file was dropped (JobLimits)
  std::optional<Error> error;                   // an export or solve that failed
  std::shared_ptr<const std::string> document;  // a solve's JSON, once finished
  bool cancel_requested = false;                // Cancel() was called (running: stopping)
  // The logins that submitted it, or joined it by asking for the same
  // export; empty for jobs made without a login (single-user mode).
  std::vector<std::string> owners;
  std::chrono::steady_clock::time_point finished;
};

class JobContext {
 public:
  virtual ~JobContext() = default;
  virtual void Progress(double fraction, Text step) = 0;
  // Set once the job is cancelled; work that can stop (a solve) polls it.
  // Never null.
  virtual const std::atomic<bool>* cancel_flag() const = 0;
};

struct JobLimits {
  // How long a finished job (and its file) is kept.
  std::chrono::steady_clock::duration keep = std::chrono::hours(1);
  // The most file bytes held at once (the newest file is kept regardless).
  size_t max_file_bytes = size_t{256} << 20;
  // The clock (tests); steady_clock::now when empty.
  std::function<std::chrono::steady_clock::time_point()> now = {};
};

class JobQueue {
 public:
  using ImportWork = std::function<ImportOutcome(JobContext&)>;
  using FileWork = std::function<Result<JobFile>(JobContext&)>;
  using DocumentWork = std::function<Result<std::string>(JobContext&)>;

  explicit JobQueue(JobLimits limits = {});
  ~JobQueue();  // finishes the running job, drops queued ones
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Who is submitting: called by every Submit* on the submitting thread
  // (the server hands in the logged-in login, "" without one).
  void SetOwnerSource(std::function<std::string()> current);

  std::string Submit(ImportWork work);
  // `key` names the file the work makes (what, place, year, options); while
  // a job of the same key is queued or running its id is returned and
  // `work` is dropped. An empty key never joins.
  std::string SubmitFile(std::string key, FileWork work);
  // A solve: `work` returns its JSON document. The same key joins a queued
  // or running job, like SubmitFile.
  std::string SubmitDocument(std::string key, DocumentWork work);
  // Cancels a solve: a queued one ends `cancelled` at once, a running one
  // when its work returns. A finished job is left as it is. Errors:
  // job.not_found, job.not_cancellable (imports are all or nothing and
  // exports short: neither stops half-way).
  Status Cancel(const std::string& id);
  // Also forgets the jobs and files past their limits.
  std::optional<JobStatus> Get(const std::string& id);
  // The bytes of the files held now (tests, logs).
  size_t FileBytes();

 private:
  class Ctx;
  // What a job leaves behind, applied to its status under the lock.
  struct Finish {
    std::optional<ImportOutcome> result;
    std::shared_ptr<const JobFile> file;
    std::optional<Error> error;
    std::shared_ptr<const std::string> document;
  };
  using Task = std::function<Finish(JobContext&)>;
  struct Pending {
    std::string id;
    Task task;
    std::shared_ptr<std::atomic<bool>> cancel;
  };

  std::string Enqueue(JobKind kind, std::string key, Task task);
  void Loop();
  std::chrono::steady_clock::time_point Now() const;
  // Drops the jobs finished more than `keep` ago and, past max_file_bytes,
  // the oldest files. Called with mu_ held.
  void PurgeLocked();

  JobLimits limits_;
  std::function<std::string()> owner_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  std::map<std::string, JobStatus> jobs_;
  std::map<std::string, std::string> keys_;            // key → id of a queued or running job
  std::string running_;                                // id of the running job, "" when idle
  std::shared_ptr<std::atomic<bool>> running_cancel_;  // its cancel flag
  std::vector<std::string> held_;  // jobs holding a file, in the order they finished
  uint64_t next_ = 1;
  bool stop_ = false;
  std::thread worker_;  // last: starts once everything above exists
};

}  // namespace jiaodu

#endif  // JIAODU_APP_JOBS_H_
