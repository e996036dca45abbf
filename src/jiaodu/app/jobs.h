// File: jiaodu/app/jobs.h
//
// Long work (imports) runs on one background worker so an HTTP request can
// return at once and the page polls for progress. One job at a time: imports
// write to the same store and are serialised anyway, and a single worker
// keeps progress reports in order. Finished jobs are kept for an hour.
//
//   std::string id = jobs.Submit([](JobContext& ctx) { ctx.Progress(0.5, ...); return outcome; });
//   std::optional<JobStatus> s = jobs.Get(id);
#ifndef JIAODU_APP_JOBS_H_
#define JIAODU_APP_JOBS_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
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

enum class JobState { kQueued, kRunning, kDone, kFailed };
std::string_view JobStateKey(JobState s);

struct JobStatus {
  std::string id;
  JobState state = JobState::kQueued;
  double progress = 0;
  Text step;
  std::optional<ImportOutcome> result;
  std::chrono::steady_clock::time_point finished;
};

class JobContext {
 public:
  virtual ~JobContext() = default;
  virtual void Progress(double fraction, Text step) = 0;
};

class JobQueue {
 public:
  using Work = std::function<ImportOutcome(JobContext&)>;

  JobQueue();
  ~JobQueue();  // finishes the running job, drops queued ones
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  std::string Submit(Work work);
  std::optional<JobStatus> Get(const std::string& id) const;

 private:
  class Ctx;
  void Loop();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, Work>> queue_;
  std::map<std::string, JobStatus> jobs_;
  uint64_t next_ = 1;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace jiaodu

#endif  // JIAODU_APP_JOBS_H_
