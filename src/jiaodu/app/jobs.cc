#include "jiaodu/app/jobs.h"

#include <fmt/format.h>

#include <random>

namespace jiaodu {

std::string_view JobStateKey(JobState s) {
  switch (s) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
  }
  return "";
}

class JobQueue::Ctx final : public JobContext {
 public:
  Ctx(JobQueue& q, std::string id) : q_(q), id_(std::move(id)) {}
  void Progress(double fraction, Text step) override {
    std::lock_guard lock(q_.mu_);
    JobStatus& s = q_.jobs_[id_];
    s.progress = fraction;
    s.step = std::move(step);
  }

 private:
  JobQueue& q_;
  std::string id_;
};

JobQueue::JobQueue() : worker_([this] { Loop(); }) {}

JobQueue::~JobQueue() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

std::string JobQueue::Submit(Work work) {
  std::lock_guard lock(mu_);
  // Ids are not guessable, so one user cannot poll another's import.
  std::random_device rd;
  std::string id = fmt::format("{}-{:08x}", next_++, rd());
  JobStatus s;
  s.id = id;
  s.step = Text("排队等待", "queued");
  jobs_[id] = s;
  queue_.emplace_back(id, std::move(work));
  // Forget jobs finished more than an hour ago.
  auto now = std::chrono::steady_clock::now();
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    bool old = (it->second.state == JobState::kDone || it->second.state == JobState::kFailed) &&
               now - it->second.finished > std::chrono::hours(1);
    it = old ? jobs_.erase(it) : std::next(it);
  }
  cv_.notify_one();
  return id;
}

std::optional<JobStatus> JobQueue::Get(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

void JobQueue::Loop() {
  for (;;) {
    std::pair<std::string, Work> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      jobs_[job.first].state = JobState::kRunning;
      jobs_[job.first].step = Text("开始处理", "started");
    }
    Ctx ctx(*this, job.first);
    ImportOutcome outcome = job.second(ctx);
    std::lock_guard lock(mu_);
    JobStatus& s = jobs_[job.first];
    s.state = outcome.ok ? JobState::kDone : JobState::kFailed;
    s.progress = 1.0;
    s.step = outcome.ok ? Text("完成", "done")
                        : Text("未通过校验，未保存任何数据", "refused; nothing was saved");
    s.result = std::move(outcome);
    s.finished = std::chrono::steady_clock::now();
  }
}

}  // namespace jiaodu
