#include "jiaodu/app/jobs.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <random>

namespace jiaodu {

std::string_view JobKindKey(JobKind k) {
  switch (k) {
    case JobKind::kImport:
      return "import";
    case JobKind::kExport:
      return "export";
    case JobKind::kSolve:
      return "solve";
  }
  return "";
}

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
    case JobState::kCancelled:
      return "cancelled";
  }
  return "";
}

class JobQueue::Ctx final : public JobContext {
 public:
  Ctx(JobQueue& q, std::string id, std::shared_ptr<std::atomic<bool>> cancel)
      : q_(q), id_(std::move(id)), cancel_(std::move(cancel)) {}
  void Progress(double fraction, Text step) override {
    std::lock_guard lock(q_.mu_);
    auto it = q_.jobs_.find(id_);
    if (it == q_.jobs_.end()) return;
    it->second.progress = std::clamp(fraction, 0.0, 1.0);
    // A cancelled job keeps saying so while the work winds down.
    if (!cancel_->load()) it->second.step = std::move(step);
  }
  const std::atomic<bool>* cancel_flag() const override { return cancel_.get(); }

 private:
  JobQueue& q_;
  std::string id_;
  std::shared_ptr<std::atomic<bool>> cancel_;
};

JobQueue::JobQueue(JobLimits limits) : limits_(std::move(limits)), worker_([this] { Loop(); }) {}

JobQueue::~JobQueue() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

std::chrono::steady_clock::time_point JobQueue::Now() const {
  return limits_.now ? limits_.now() : std::chrono::steady_clock::now();
}

std::string JobQueue::Submit(ImportWork work) {
  return Enqueue(JobKind::kImport, "", [work = std::move(work)](JobContext& ctx) {
    Finish f;
    f.result = work(ctx);
    return f;
  });
}

std::string JobQueue::SubmitFile(std::string key, FileWork work) {
  return Enqueue(JobKind::kExport, std::move(key), [work = std::move(work)](JobContext& ctx) {
    Finish f;
    Result<JobFile> file = work(ctx);
    if (file) {
      f.file = std::make_shared<const JobFile>(std::move(*file));
    } else {
      f.error = std::move(file.error());
    }
    return f;
  });
}

std::string JobQueue::SubmitDocument(std::string key, DocumentWork work) {
  return Enqueue(JobKind::kSolve, std::move(key), [work = std::move(work)](JobContext& ctx) {
    Finish f;
    Result<std::string> doc = work(ctx);
    if (doc) {
      f.document = std::make_shared<const std::string>(std::move(*doc));
    } else {
      f.error = std::move(doc.error());
    }
    return f;
  });
}

Status JobQueue::Cancel(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) {
    return Fail(ErrorCode::kNotFound, "job.not_found",
                Text("任务不存在或已过期", "job not found or expired"));
  }
  JobStatus& s = it->second;
  if (s.kind != JobKind::kSolve) {
    return Fail(ErrorCode::kFailedPrecondition, "job.not_cancellable",
                Text("只有求解任务可以取消（导入要么全部保存要么不保存，不能中途停止）",
                     "only solve jobs can be cancelled (an import is all or nothing)"));
  }
  if (s.state != JobState::kQueued && s.state != JobState::kRunning) return Ok();
  s.cancel_requested = true;
  auto pos =
      std::find_if(queue_.begin(), queue_.end(), [&](const Pending& p) { return p.id == id; });
  if (pos != queue_.end()) {
    queue_.erase(pos);
    for (auto k = keys_.begin(); k != keys_.end();)
      k = k->second == id ? keys_.erase(k) : std::next(k);
    s.state = JobState::kCancelled;
    s.progress = 1.0;
    s.step = Text("已取消", "cancelled");
    s.finished = Now();
    return Ok();
  }
  if (running_ == id && running_cancel_) running_cancel_->store(true);
  s.step = Text("正在取消…", "cancelling…");
  return Ok();
}

void JobQueue::SetOwnerSource(std::function<std::string()> current) {
  std::lock_guard lock(mu_);
  owner_ = std::move(current);
}

std::string JobQueue::Enqueue(JobKind kind, std::string key, Task task) {
  std::lock_guard lock(mu_);
  const std::string owner = owner_ ? owner_() : std::string();
  auto own = [&](JobStatus& s) {
    if (!owner.empty() && std::find(s.owners.begin(), s.owners.end(), owner) == s.owners.end()) {
      s.owners.push_back(owner);
    }
  };
  PurgeLocked();
  if (!key.empty()) {
    if (auto it = keys_.find(key); it != keys_.end()) {
      own(jobs_[it->second]);  // a second person asking for the same export shares it
      return it->second;
    }
  }
  // Ids are not guessable, so one user cannot poll another's import.
  std::random_device rd;
  std::string id = fmt::format("{}-{:08x}", next_++, rd());
  JobStatus s;
  s.id = id;
  s.kind = kind;
  s.step = Text("排队等待", "queued");
  own(s);
  jobs_[id] = s;
  if (!key.empty()) keys_[key] = id;
  queue_.push_back(Pending{id, std::move(task), std::make_shared<std::atomic<bool>>(false)});
  cv_.notify_one();
  return id;
}

std::optional<JobStatus> JobQueue::Get(const std::string& id) {
  std::lock_guard lock(mu_);
  PurgeLocked();
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  JobStatus s = it->second;
  if (s.state == JobState::kQueued) {
    // A job waiting behind a city export may wait a minute: say why.
    auto pos =
        std::find_if(queue_.begin(), queue_.end(), [&](const Pending& p) { return p.id == id; });
    const auto ahead = static_cast<size_t>(pos - queue_.begin()) + (running_.empty() ? 0 : 1);
    if (ahead > 0) {
      s.step = Text(fmt::format("排队等待：前面还有 {} 个任务", ahead),
                    fmt::format("queued: {} job(s) ahead", ahead));
    }
  }
  return s;
}

size_t JobQueue::FileBytes() {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& [id, s] : jobs_) n += s.file ? s.file->bytes.size() : 0;
  return n;
}

void JobQueue::PurgeLocked() {
  const auto now = Now();
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    const JobStatus& s = it->second;
    const bool old = (s.state == JobState::kDone || s.state == JobState::kFailed ||
                      s.state == JobState::kCancelled) &&
                     now - s.finished > limits_.keep;
    it = old ? jobs_.erase(it) : std::next(it);
  }
  // The files held, newest last; past the budget the older ones go.
  size_t bytes = 0;
  bool newest = true;
  for (auto it = held_.rbegin(); it != held_.rend(); ++it) {
    auto job = jobs_.find(*it);
    if (job == jobs_.end() || !job->second.file) continue;
    bytes += job->second.file->bytes.size();
    if (!newest && bytes > limits_.max_file_bytes) {
      job->second.file.reset();
      job->second.file_expired = true;
    }
    newest = false;
  }
  std::erase_if(held_, [this](const std::string& id) {
    auto job = jobs_.find(id);
    return job == jobs_.end() || !job->second.file;
  });
}

void JobQueue::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    // Wakes at least once a minute so the files of an idle server are
    // dropped on time even when nobody submits or polls.
    cv_.wait_for(lock, std::chrono::minutes(1), [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    PurgeLocked();
    if (queue_.empty()) continue;
    Pending job = std::move(queue_.front());
    queue_.pop_front();
    running_ = job.id;
    running_cancel_ = job.cancel;
    {
      JobStatus& s = jobs_[job.id];
      s.state = JobState::kRunning;
      s.step = Text("开始处理", "started");
    }
    lock.unlock();
    Ctx ctx(*this, job.id, job.cancel);
    Finish fin;
    // A job that throws (out of memory writing a workbook) fails alone
    // instead of ending the worker and, with it, the server.
    try {
      fin = job.task(ctx);
    } catch (const std::exception& e) {
      fin = Finish{};
      fin.error = Error{ErrorCode::kInternal,
                        "job.internal",
                        Text(fmt::format("任务意外中止：{}", e.what()),
                             fmt::format("the job stopped unexpectedly: {}", e.what())),
                        {},
                        {}};
    }
    lock.lock();
    running_.clear();
    running_cancel_.reset();
    for (auto it = keys_.begin(); it != keys_.end();) {
      it = it->second == job.id ? keys_.erase(it) : std::next(it);
    }
    JobStatus& s = jobs_[job.id];
    const bool ok = fin.result ? fin.result->ok : fin.file != nullptr || fin.document != nullptr;
    const bool cancelled = job.cancel->load() && fin.document != nullptr;
    s.state = cancelled ? JobState::kCancelled : ok ? JobState::kDone : JobState::kFailed;
    s.progress = 1.0;
    if (fin.result) {
      s.step = ok ? Text("完成", "done")
                  : Text("未通过校验，未保存任何数据", "refused; nothing was saved");
    } else if (cancelled) {
      s.step = Text("已取消", "cancelled");
    } else if (fin.file || fin.document) {
      s.step = Text("完成", "done");
    } else {
      // An import that throws keeps the import's shape: a failed outcome.
      if (s.kind == JobKind::kImport && fin.error) {
        fin.result = ImportOutcome{};
        fin.result->errors.push_back(*fin.error);
      }
      const Text why = fin.error ? fin.error->message : Text("未知错误", "unknown error");
      s.step = Text(fmt::format("失败：{}", why.zh), fmt::format("failed: {}", why.en));
    }
    s.result = std::move(fin.result);
    s.file = std::move(fin.file);
    if (s.file) held_.push_back(job.id);
    s.error = std::move(fin.error);
    s.document = std::move(fin.document);
    s.finished = Now();
    PurgeLocked();
  }
}

}  // namespace jiaodu
