#include "jiaodu/app/task_service.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "jiaodu/core/civil_date.h"
#include "jiaodu/formats/pdf/task_notice.h"
#include "jiaodu/formats/task_table/task_table.h"

namespace jiaodu {
namespace {

using tasks::Event;
using tasks::EventKind;
using tasks::Role;
using tasks::State;

Error NotFound(std::string_view id) {
  return Error{ErrorCode::kNotFound,
               "task.not_found",
               Text(fmt::format("督办任务 {} 不存在", id), fmt::format("no task {}", id)),
               {},
               {}};
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

int64_t ChinaToday() {
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  const int64_t local = secs + 8 * 3600;
  return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

TaskService::TaskService(Service& service, std::function<int64_t()> today,
                         tasks::EvidenceLimits limits)
    : svc_(service), today_(std::move(today)), limits_(limits) {}

Result<TaskService::Logs> TaskService::SweepLocked() {
  const int64_t today = today_();
  Logs out;
  out.defs = JIAODU_TRY(svc_.storage().ListTasks());
  for (Event& e : JIAODU_TRY(svc_.storage().ListTaskEvents()))
    out.by_task[e.task_id].push_back(std::move(e));
  for (const tasks::Task& t : out.defs) {
    std::vector<Event>& log = out.by_task[t.id];
    // At most two steps (推进中 → 临期 → 逾期 cannot happen on one day, but a
    // 督办通知单's deadline can pass while the server was down).
    for (int step = 0; step < 3; ++step) {
      const tasks::Status st = tasks::Fold(t, log);
      std::optional<Event> e = tasks::Sweep(t, st, today);
      if (!e) break;
      auto ids =
          svc_.storage().AppendTaskEvents(t.id, st.last_event, std::span<const Event>(&*e, 1));
      if (!ids) {
        if (ids.error().id == "storage.task_changed") break;  // another writer; next read
        return tl::unexpected(ids.error());
      }
      e->id = ids->front();
      log.push_back(*e);
    }
  }
  return out;
}

Result<TaskDetail> TaskService::DetailLocked(std::string_view id) {
  auto defs = JIAODU_TRY(svc_.storage().ListTasks());
  auto it =
      std::find_if(defs.begin(), defs.end(), [&](const tasks::Task& t) { return t.id == id; });
  if (it == defs.end()) return tl::unexpected(NotFound(id));
  TaskDetail d;
  d.events = JIAODU_TRY(svc_.storage().ListTaskEvents(id));
  d.reports = JIAODU_TRY(svc_.storage().ListTaskReports(id));
  d.view.task = std::move(*it);
  d.view.status = tasks::Fold(d.view.task, d.events);
  d.view.days_left = tasks::DaysLeft(d.view.status, today_());
  d.view.open = tasks::Open(d.view.status);
  return d;
}

Result<std::vector<TaskView>> TaskService::List() {
  std::lock_guard lock(mu_);
  Logs logs = JIAODU_TRY(SweepLocked());  // the logs as the sweep left them
  const int64_t today = today_();
  std::vector<TaskView> out;
  for (tasks::Task& t : logs.defs) {
    TaskView v;
    v.status = tasks::Fold(t, logs.by_task[t.id]);
    v.days_left = tasks::DaysLeft(v.status, today);
    v.open = tasks::Open(v.status);
    v.task = std::move(t);
    out.push_back(std::move(v));
  }
  return out;
}

Result<TaskDetail> TaskService::Get(std::string_view id) {
  std::lock_guard lock(mu_);
  JIAODU_TRY_STATUS(SweepLocked().transform([](auto&&) {}));
  return DetailLocked(id);
}

Result<int> TaskService::Save(std::vector<tasks::Task> batch, const std::string& actor,
                              bool replace) {
  std::lock_guard lock(mu_);
  auto existing = JIAODU_TRY(svc_.storage().ListTasks());
  std::set<std::string> used;
  for (const tasks::Task& t : existing) used.insert(t.id);
  std::set<std::string> seen;
  std::vector<TaskVersion> versions;
  const int64_t today = today_();
  for (tasks::Task& t : batch) {
    if (t.start == 0) t.start = today;
    JIAODU_TRY_STATUS(tasks::Validate(t));
    if (!seen.insert(t.id).second) {
      return Fail(ErrorCode::kInvalidInput, "task.duplicate_id",
                  Text(fmt::format("任务编号 {} 重复", t.id),
                       fmt::format("task id {} appears twice", t.id)));
    }
    const bool exists = used.count(t.id) != 0;
    if (exists && !replace) {
      return Fail(
          ErrorCode::kConflict, "task.id_taken",
          Text(fmt::format("任务编号 {} 已存在（如需更新请选择“覆盖已有任务”）", t.id),
               fmt::format("task id {} exists already (choose replace to update it)", t.id)));
    }
    Event e;
    e.task_id = t.id;
    e.kind = exists ? EventKind::kEdited : EventKind::kCreated;
    e.day = today;
    e.actor = actor;
    e.role = Role::kSupervisor;
    e.reason = exists ? "更新任务内容" : "下达任务";
    versions.push_back(TaskVersion{std::move(t), std::move(e)});
  }
  JIAODU_TRY_STATUS(svc_.storage().SaveTasks(versions));
  return static_cast<int>(versions.size());
}

Result<int> TaskService::ImportTable(std::string_view bytes, std::string_view file_name,
                                     const std::string& actor, bool replace) {
  std::vector<tasks::Task> batch = JIAODU_TRY(tasktable::ReadTaskTable(bytes, file_name));
  return Save(std::move(batch), actor, replace);
}

Result<std::string> TaskService::Template() {
  std::set<std::string> units;
  for (const tasks::Task& t : JIAODU_TRY(svc_.storage().ListTasks())) units.insert(t.lead_unit);
  return tasktable::WriteTaskTemplate(std::vector<std::string>(units.begin(), units.end()));
}

Result<std::string> TaskService::PublicityXlsx() {
  std::vector<tasktable::PublicityRow> rows;
  const int64_t today = today_();
  for (const TaskView& v : JIAODU_TRY(List())) {
    if (!v.task.publish) continue;
    tasktable::PublicityRow r;
    r.id = v.task.id;
    r.title = v.task.title;
    r.lead_unit = v.task.lead_unit;
    for (const std::string& u : v.task.co_units) r.co_units += (r.co_units.empty() ? "" : "、") + u;
    r.deadline = IsoDate(v.task.deadline);
    r.state = tasks::StateName(v.status.state).zh;
    if (v.status.state == State::kDone) {
      r.result = fmt::format("已于 {} 办结{}", IsoDate(v.status.closed_day),
                             v.status.late ? "（曾逾期）" : "");
    } else if (v.days_left < 0) {
      r.result = fmt::format("逾期 {} 天，督办中", -v.days_left);
    } else {
      r.result = fmt::format("推进中，现行时限 {}", IsoDate(v.status.due));
    }
    rows.push_back(std::move(r));
  }
  return tasktable::WritePublicity("督查督办事项办理情况公示", IsoDate(today), rows);
}

Result<std::string> TaskService::NoticePdf(std::string_view id, int64_t event_id) {
  TaskDetail d = JIAODU_TRY(Get(id));
  const tasks::Task& t = d.view.task;
  SupervisionNotice n;
  int sequence = 0;
  const Event* notice = nullptr;
  for (const Event& e : d.events) {
    if (e.to != State::kNotice) continue;
    ++sequence;
    if (e.id == event_id) {
      notice = &e;
      break;
    }
  }
  if (notice == nullptr) {
    return Fail(
        ErrorCode::kNotFound, "task.not_a_notice",
        Text(fmt::format("任务 {} 的记录 #{} 不是督办通知单", id, event_id),
             fmt::format("entry #{} of task {} is not a supervision notice", event_id, id)));
  }
  // The issuing bureau: the root area's 教育局.
  for (const Area& a : JIAODU_TRY(svc_.storage().ListAreas())) {
    if (a.parent_code.empty()) n.issuer = a.name + "教育局";
  }
  if (n.issuer.empty()) n.issuer = "教育局";
  n.office = "督查科";
  n.number = notice->notice_no;
  n.date = IsoDate(notice->day);
  n.to_unit = t.lead_unit;
  n.co_units = t.co_units;
  n.task_id = t.id;
  n.title = t.title;
  n.clause = t.clause;
  n.target = t.target;
  n.owner = t.owner;
  n.deadline = IsoDate(t.deadline);
  // The deadline the notice was issued against: in force just before it.
  std::vector<Event> before;
  for (const Event& e : d.events) {
    if (e.id >= notice->id) break;
    before.push_back(e);
  }
  const tasks::Status st = tasks::Fold(t, before);
  const int64_t late = notice->day - st.due;
  n.overdue = late > 0 ? fmt::format("已逾期 {} 天", late) : "尚未完成";
  n.reason = notice->reason;
  n.new_due = notice->due ? IsoDate(*notice->due) : "";
  n.sequence = sequence;
  return SupervisionNoticePdf(n);
}

Result<std::string> TaskService::NextNoticeNo(int64_t today) {
  const int64_t year = CivilFromDays(today).year;
  int n = 0;
  for (const Event& e : JIAODU_TRY(svc_.storage().ListTaskEvents())) {
    if (e.to == State::kNotice && CivilFromDays(e.day).year == year) ++n;
  }
  return fmt::format("督办〔{}〕{}号", year, n + 1);
}

Result<TaskDetail> TaskService::Transition(std::string_view id, tasks::Request request) {
  std::lock_guard lock(mu_);
  JIAODU_TRY_STATUS(SweepLocked().transform([](auto&&) {}));
  TaskDetail d = JIAODU_TRY(DetailLocked(id));
  const int64_t today = today_();
  if (request.role == Role::kSystem) {
    return Fail(ErrorCode::kFailedPrecondition, "task.transition_automatic",
                Text("系统身份只用于按期限自动转入“临期”“逾期”，不能由请求使用",
                     "the system role is only for the automatic sweep"));
  }
  if (request.to == State::kNotice) request.notice_no = JIAODU_TRY(NextNoticeNo(today));
  Event e = JIAODU_TRY(tasks::Transition(d.view.task, d.view.status, request, today));
  JIAODU_TRY_STATUS(
      svc_.storage()
          .AppendTaskEvents(d.view.task.id, d.view.status.last_event, std::span<const Event>(&e, 1))
          .transform([](auto&&) {}));
  JIAODU_TRY_STATUS(svc_.storage().AppendAudit(
      request.actor, "task_transition",
      fmt::format("任务 {}：{} → {}（{}）{}", d.view.task.id,
                  tasks::StateName(d.view.status.state).zh, tasks::StateName(request.to).zh,
                  tasks::RoleName(request.role).zh, request.reason)));
  return DetailLocked(id);
}

Result<int64_t> TaskService::FileReport(std::string_view id, const std::string& text,
                                        std::optional<double> value, bool final,
                                        std::vector<tasks::EvidenceInput> files,
                                        const std::string& actor) {
  std::lock_guard lock(mu_);
  JIAODU_TRY_STATUS(SweepLocked().transform([](auto&&) {}));
  TaskDetail d = JIAODU_TRY(DetailLocked(id));
  const int64_t today = today_();
  tasks::Report r;
  r.task_id = d.view.task.id;
  r.day = today;
  r.by = actor;
  r.text = text;
  r.value = value;
  r.final = final;
  Event e = JIAODU_TRY(tasks::FileReport(d.view.task, d.view.status, r, Role::kOwner, today));
  auto checked = JIAODU_TRY(tasks::CheckEvidence(files, limits_));
  std::vector<TaskFileBlob> blobs;
  for (size_t i = 0; i < files.size(); ++i) {
    TaskFileBlob b;
    b.meta.name = checked[i].name;
    b.meta.content_type = checked[i].content_type;
    b.meta.size = static_cast<int64_t>(files[i].bytes.size());
    b.meta.sha256 = Sha256Hex(files[i].bytes);
    b.meta.uploaded_by = actor;
    b.bytes = std::move(files[i].bytes);
    blobs.push_back(std::move(b));
  }
  return svc_.storage().AddTaskReport(r, blobs, e, d.view.status.last_event);
}

Result<TaskDetail> TaskService::Review(std::string_view id, int64_t report_id,
                                       tasks::Decision decision, Role role,
                                       const std::string& actor, const std::string& reason) {
  std::lock_guard lock(mu_);
  JIAODU_TRY_STATUS(SweepLocked().transform([](auto&&) {}));
  TaskDetail d = JIAODU_TRY(DetailLocked(id));
  auto rep = std::find_if(d.reports.begin(), d.reports.end(),
                          [&](const tasks::Report& r) { return r.id == report_id; });
  if (rep == d.reports.end()) {
    return Fail(ErrorCode::kNotFound, "task.report_not_found",
                Text(fmt::format("任务 {} 没有报告 #{}", id, report_id),
                     fmt::format("task {} has no report #{}", id, report_id)));
  }
  auto events = JIAODU_TRY(
      tasks::Review(d.view.task, d.view.status, *rep, decision, role, actor, reason, today_()));
  JIAODU_TRY_STATUS(svc_.storage()
                        .AppendTaskEvents(d.view.task.id, d.view.status.last_event, events)
                        .transform([](auto&&) {}));
  JIAODU_TRY_STATUS(svc_.storage().AppendAudit(
      actor, "task_review",
      fmt::format("任务 {} 报告 #{}：{}{}", id, report_id,
                  decision == tasks::Decision::kApproved ? "通过" : "退回",
                  reason.empty() ? "" : "（" + reason + "）")));
  return DetailLocked(id);
}

Result<TaskFileBlob> TaskService::File(int64_t file_id) {
  auto f = JIAODU_TRY(svc_.storage().LoadTaskFile(file_id));
  if (!f) {
    return Fail(ErrorCode::kNotFound, "task.file_not_found",
                Text(fmt::format("佐证文件 #{} 不存在", file_id),
                     fmt::format("no evidence file #{}", file_id)));
  }
  return std::move(*f);
}

}  // namespace jiaodu
