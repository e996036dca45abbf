// File: jiaodu/app/task_service.h
//
// 督办 tasks over storage (issue 6, second half): the measures of a plan with
// their owners and deadlines, progress reports with evidence files, the
// bureau's reviews and the escalation chain (domain/tasks/workflow.h).
//
//   TaskService tasks(service);
//   auto list = tasks.List();                       // sweeps 临期/逾期 first
//   tasks.Transition("T2025-03", {State::kNotice, Role::kSupervisor, "张科长", "逾期 12 天", due});
//
// "Today" is the bureau's date: China Standard Time (UTC+8, no daylight
// saving), whatever the server's own time zone; tests pass their own.
// Every read first applies the automatic transitions due today (the
// "daily sweep" runs lazily, so no scheduler is needed and a server that
// was down for a week catches up on its first request).
#ifndef JIAODU_APP_TASK_SERVICE_H_
#define JIAODU_APP_TASK_SERVICE_H_

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/app/service.h"
#include "jiaodu/domain/tasks/evidence.h"
#include "jiaodu/domain/tasks/task.h"
#include "jiaodu/domain/tasks/workflow.h"

namespace jiaodu {

// Today in China Standard Time, as a day number.
int64_t ChinaToday();
// SHA-256 of evidence bytes, lowercase hex (kept beside each stored file).
std::string Sha256Hex(std::string_view bytes);

struct TaskView {
  tasks::Task task;
  tasks::Status status;
  int64_t days_left = 0;                 // to the deadline in force (negative = overdue)
  std::vector<const tasks::Rule*> open;  // manual steps open now
};

struct TaskDetail {
  TaskView view;
  std::vector<tasks::Event> events;    // ascending
  std::vector<tasks::Report> reports;  // ascending, with file metadata
};

class TaskService {
 public:
  explicit TaskService(Service& service, std::function<int64_t()> today = ChinaToday,
                       tasks::EvidenceLimits limits = {});

  int64_t Today() const { return today_(); }
  const tasks::EvidenceLimits& limits() const { return limits_; }

  Result<std::vector<TaskView>> List();
  Result<TaskDetail> Get(std::string_view id);

  // New tasks (all or nothing): each validated, ids unique among themselves
  // and not yet used, unless `replace` (then an existing id gets a new
  // version of its definition, its log kept).
  Result<int> Save(std::vector<tasks::Task> batch, const std::string& actor, bool replace);

  // The measures of an xlsx list (formats/task_table), saved as Save does.
  Result<int> ImportTable(std::string_view bytes, std::string_view file_name,
                          const std::string& actor, bool replace);
  // The list template (the lead units already used offered as a dropdown).
  Result<std::string> Template();
  // The 公示 list (tasks marked publish) as a workbook.
  Result<std::string> PublicityXlsx();

  // The 督办通知单 issued by the log entry `event_id` (a transition to 已发督办
  // 通知单), as a one-page PDF; task.not_a_notice for any other entry.
  Result<std::string> NoticePdf(std::string_view id, int64_t event_id);

  // A manual escalation step (督办通知单 gets the next number of the year).
  Result<TaskDetail> Transition(std::string_view id, tasks::Request request);

  // A progress report with its evidence (checked whole: kinds, sizes).
  Result<int64_t> FileReport(std::string_view id, const std::string& text,
                             std::optional<double> value, bool final,
                             std::vector<tasks::EvidenceInput> files, const std::string& actor);

  Result<TaskDetail> Review(std::string_view id, int64_t report_id, tasks::Decision decision,
                            tasks::Role role, const std::string& actor, const std::string& reason);

  Result<TaskFileBlob> File(int64_t file_id);

  // The demo city's measures (~30, in every state), dated around `today`.
  Status LoadDemo(const std::string& plan_id);

 private:
  // Every task's definition and log, after applying the automatic
  // transitions due today (so a caller needs no second read).
  struct Logs {
    std::vector<tasks::Task> defs;
    std::map<std::string, std::vector<tasks::Event>> by_task;
  };
  Result<Logs> SweepLocked();
  Result<TaskDetail> DetailLocked(std::string_view id);
  Result<std::string> NextNoticeNo(int64_t today);

  Service& svc_;
  std::function<int64_t()> today_;
  tasks::EvidenceLimits limits_;
  std::mutex mu_;  // one writer at a time (the storage also refuses stale writes)
};

}  // namespace jiaodu

#endif  // JIAODU_APP_TASK_SERVICE_H_
