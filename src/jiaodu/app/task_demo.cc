// The demo city's 督办 measures: about thirty tasks in the style of a
// "十四五" plan's 重点任务, each played through the real rules (sweeps,
// reports, reviews, escalations) on dates around today, so the board shows
// every state and every log reads as it would in a bureau.
#include <fmt/format.h>

#include <array>

#include "jiaodu/app/task_service.h"
#include "jiaodu/core/civil_date.h"

namespace jiaodu {
namespace {

using tasks::Event;
using tasks::Role;
using tasks::State;

enum class Play {
  kOnTrack,      // a progress report, approved
  kDueSoon,      // deadline within the reminder window
  kOverdue,      // deadline passed, nothing done
  kNotice,       // overdue, 督办通知单 issued
  kInterview,    // the notice's deadline missed too, 约谈
  kRectify,      // 约谈, then 限期整改 with a new deadline
  kRecheck,      // 整改 reported done, approved: awaiting the 督学's 复查
  kDone,         // final report approved before the deadline
  kDoneLate,     // overdue, then completed and approved
  kDoneRecheck,  // the whole chain, closed by a 督学's 复查
  kReturned,     // final report returned for more evidence
  kPending,      // final report awaiting review
};

struct DemoTask {
  const char* title;
  const char* lead;
  const char* owner;
  const char* target;
  double value;  // 0 = none
  const char* unit;
  const char* indicator;
  int deadline;  // days from today
  Play play;
};

// Deadlines are relative to today so the demo looks alive whenever it runs.
constexpr std::array<DemoTask, 32> kTasks{{
    {"全面完成中小学校党组织领导班子配备", "组织人事科", "陈志刚", "配备率100%", 100, "%", "", -30,
     Play::kDone},
    {"规划实施教育建设项目28个，增加学位800个", "发展规划科", "刘建国", "增加学位800个", 800, "个",
     "new_public_places", 160, Play::kOnTrack},
    {"全市中小学校通过数字校园评估达90%", "信息技术中心", "王海燕", "通过率90%", 90, "%",
     "digital_campus_share", 210, Play::kOnTrack},
    {"新建、改扩建公办幼儿园12所，新增普惠性学位3600个", "学前教育科", "赵丽", "新增学位3600个",
     3600, "个", "", 5, Play::kDueSoon},
    {"全面消除56人以上大班额", "基础教育科", "孙明", "大班额清零", 0, "", "", -12, Play::kOverdue},
    {"石门县义务教育优质均衡发展通过省级评估", "督导室", "周立新", "通过省级评估", 0, "", "", -45,
     Play::kNotice},
    {"校长教师交流轮岗比例不低于10%，骨干教师不低于20%", "人事科", "吴凡", "交流比例10%", 10, "%",
     "", 120, Play::kOnTrack},
    {"中小学生体质健康优良率达到58%", "体卫艺科", "郑强", "优良率58%", 58, "%", "fitness_top2_rate",
     300, Play::kOnTrack},
    {"儿童青少年总体近视率每年降低0.5个百分点以上", "体卫艺科", "郑强", "近视率41.2%以下", 41.2,
     "%", "myopia_rate", 3, Play::kDueSoon},
    {"建设城乡学校共同体40对", "基础教育科", "孙明", "共同体40对", 40, "对", "", -90,
     Play::kInterview},
    {"义务教育学校课后服务全覆盖", "基础教育科", "马晓东", "覆盖率100%", 100, "%", "", -60,
     Play::kDone},
    {"招聘补充中小学教师600名", "人事科", "吴凡", "补充600名", 600, "名", "", -120, Play::kRectify},
    {"建成市级智慧教育平台并接入国家平台", "信息技术中心", "王海燕", "平台上线", 0, "", "", 40,
     Play::kPending},
    {"完成农村薄弱学校改造18所", "发展规划科", "刘建国", "改造18所", 18, "所", "", -150,
     Play::kRecheck},
    {"义务教育教师平均工资收入不低于当地公务员", "财务科", "何静", "不低于公务员", 0, "", "", 75,
     Play::kOnTrack},
    {"适龄残疾儿童少年入学率达到97%", "基础教育科", "马晓东", "入学率97%", 97, "%", "", -100,
     Play::kDoneLate},
    {"随迁子女在公办学校就读比例不低于85%", "基础教育科", "马晓东", "比例85%", 85, "%",
     "migrant_public_share", -20, Play::kDone},
    {"完成中小学校舍安全隐患排查整治", "安全科", "罗斌", "隐患整改率100%", 100, "%", "", -8,
     Play::kOverdue},
    {"建设劳动教育实践基地10个", "德育科", "林小红", "基地10个", 10, "个", "", 50, Play::kReturned},
    {"每所中小学校至少配备1名专职心理健康教师", "德育科", "林小红", "配备率100%", 100, "%", "", -50,
     Play::kNotice},
    {"完成学校食堂“明厨亮灶”改造", "后勤管理科", "黄伟", "改造率100%", 100, "%", "", -180,
     Play::kDoneRecheck},
    {"每学期组织一次全市义务教育教学质量抽测", "教研室", "高峰", "每学期1次", 0, "", "", 25,
     Play::kOnTrack},
    {"开展普通高中办学质量评价并通报结果", "督导室", "周立新", "评价全覆盖", 0, "", "", 6,
     Play::kDueSoon},
    {"完成“双减”落实情况专项督导", "督导室", "周立新", "督导全覆盖", 0, "", "", -25,
     Play::kOverdue},
    {"推动2个县（市、区）申报学前教育普及普惠督导评估", "督导室", "周立新", "申报2个", 2, "个", "",
     90, Play::kPending},
    {"建立中小学教师培训学分管理制度", "教师发展中心", "许文", "制度印发", 0, "", "", -40,
     Play::kDone},
    {"新增中小学学位1.2万个", "发展规划科", "刘建国", "新增1.2万个", 1.2, "万个", "", 400,
     Play::kOnTrack},
    {"落实中小学教师减负清单", "办公室", "李卫东", "清单落实", 0, "", "", -95, Play::kInterview},
    {"家长学校建设覆盖全部中小学校", "德育科", "林小红", "覆盖率100%", 100, "%", "", 140,
     Play::kOnTrack},
    {"校园安全“护校安园”设施全部达标", "安全科", "罗斌", "达标率100%", 100, "%", "", -130,
     Play::kRectify},
    {"建成教育数据“一表通”，学校数据一次填报", "信息技术中心", "王海燕", "一表通上线", 0, "", "",
     -160, Play::kRecheck},
    {"中小学校园网络千兆到校", "信息技术中心", "王海燕", "千兆到校率100%", 100, "%", "", 230,
     Play::kOnTrack},
}};

// Plays one task's history through the real rules, appending each event
// on its own day.
class Player {
 public:
  Player(Storage& store, const tasks::Task& task) : store_(store), task_(task) {}

  Status Sweep(int64_t day) {
    auto e = tasks::Sweep(task_, Now(), day);
    if (!e) return Ok();
    return Append({*e});
  }
  Status Step(int64_t day, State to, Role role, const char* actor, std::string reason,
              std::optional<int64_t> due = std::nullopt, std::string notice_no = "") {
    JIAODU_TRY_STATUS(Sweep(day));
    tasks::Request req{to, role, actor, std::move(reason), due, std::move(notice_no)};
    Event e = JIAODU_TRY(tasks::Transition(task_, Now(), req, day));
    return Append({e});
  }
  Result<int64_t> Report(int64_t day, std::string text, std::optional<double> value, bool final) {
    JIAODU_TRY_STATUS(Sweep(day));
    tasks::Report r;
    r.task_id = task_.id;
    r.day = day;
    r.by = task_.lead_unit;
    r.text = std::move(text);
    r.value = value;
    r.final = final;
    Event e = JIAODU_TRY(tasks::FileReport(task_, Now(), r, Role::kOwner, day));
    TaskFileBlob note;
    note.meta.name = final ? "办结材料说明.txt" : "进展情况说明.txt";
    note.meta.content_type = "text/plain; charset=utf-8";
    note.bytes = fmt::format("{}\n{}\n", task_.title, r.text);
    note.meta.size = static_cast<int64_t>(note.bytes.size());
    note.meta.sha256 = Sha256Hex(note.bytes);
    note.meta.uploaded_by = task_.lead_unit;
    std::vector<TaskFileBlob> files{note};
    const int64_t id = JIAODU_TRY(store_.AddTaskReport(r, files, e, Now().last_event));
    JIAODU_TRY_STATUS(Reload());
    return id;
  }
  Status Review(int64_t day, int64_t report_id, tasks::Decision d, std::string reason) {
    JIAODU_TRY_STATUS(Sweep(day));
    auto reports = JIAODU_TRY(store_.ListTaskReports(task_.id));
    for (const tasks::Report& r : reports) {
      if (r.id != report_id) continue;
      auto events = JIAODU_TRY(
          tasks::Review(task_, Now(), r, d, Role::kSupervisor, "督查科 张敏", reason, day));
      return Append(events);
    }
    return Ok();
  }

 private:
  tasks::Status Now() { return tasks::Fold(task_, log_); }
  Status Reload() {
    log_ = JIAODU_TRY(store_.ListTaskEvents(task_.id));
    return Ok();
  }
  Status Append(std::vector<Event> events) {
    JIAODU_TRY_STATUS(
        store_.AppendTaskEvents(task_.id, Now().last_event, events).transform([](auto&&) {}));
    return Reload();
  }

 public:
  Status Init() { return Reload(); }

 private:
  Storage& store_;
  const tasks::Task& task_;
  std::vector<Event> log_;
};

Status PlayTask(Storage& store, const tasks::Task& t, Play play, int64_t today, int& notices) {
  Player p(store, t);
  JIAODU_TRY_STATUS(p.Init());
  const int64_t dl = t.deadline;
  auto notice_no = [&](int64_t day) {
    return fmt::format("督办〔{}〕{}号", CivilFromDays(day).year, ++notices);
  };
  auto progress = [&](int64_t day, double share) -> Status {
    std::optional<double> v;
    if (t.target_value && *t.target_value > 0) v = *t.target_value * share;
    const int64_t id = JIAODU_TRY(p.Report(
        day, fmt::format("已完成年度任务的 {:.0f}%，正按计划推进", share * 100), v, false));
    return p.Review(day + 3, id, tasks::Decision::kApproved, "");
  };
  auto chain_to_interview = [&]() -> Status {
    JIAODU_TRY_STATUS(p.Sweep(dl + 1));
    JIAODU_TRY_STATUS(p.Step(dl + 4, State::kNotice, Role::kSupervisor, "督查科 张敏",
                             "逾期未完成，下发督办通知单", dl + 25, notice_no(dl + 4)));
    JIAODU_TRY_STATUS(p.Sweep(dl + 26));
    return p.Step(dl + 32, State::kInterview, Role::kLeader, "副局长 王建华",
                  "督办通知单期限内仍未完成，约谈牵头单位主要负责人");
  };
  switch (play) {
    case Play::kOnTrack:
    case Play::kDueSoon:
      return progress(std::min(today - 20, dl - 30), 0.6);
    case Play::kOverdue:
      JIAODU_TRY_STATUS(progress(dl - 40, 0.5));
      return p.Sweep(dl + 1);
    case Play::kNotice:
      JIAODU_TRY_STATUS(p.Sweep(dl + 1));
      return p.Step(dl + 5, State::kNotice, Role::kSupervisor, "督查科 张敏",
                    "逾期未完成，下发督办通知单，限期完成", today + 15, notice_no(dl + 5));
    case Play::kInterview:
      return chain_to_interview();
    case Play::kRectify:
      JIAODU_TRY_STATUS(chain_to_interview());
      JIAODU_TRY_STATUS(p.Step(dl + 40, State::kRectify, Role::kSupervisor, "督查科 张敏",
                               "约谈后责令限期整改", today + 20));
      return progress(today - 10, 0.7);
    case Play::kRecheck: {
      JIAODU_TRY_STATUS(chain_to_interview());
      JIAODU_TRY_STATUS(p.Step(dl + 40, State::kRectify, Role::kSupervisor, "督查科 张敏",
                               "约谈后责令限期整改", today + 10));
      const int64_t id =
          JIAODU_TRY(p.Report(today - 12, "整改已完成，申请复查", t.target_value, true));
      return p.Review(today - 9, id, tasks::Decision::kApproved, "整改材料齐全，安排督学复查");
    }
    case Play::kDone: {
      const int64_t id =
          JIAODU_TRY(p.Report(dl - 12, "任务已全部完成，申请办结", t.target_value, true));
      return p.Review(dl - 8, id, tasks::Decision::kApproved, "材料齐全，同意办结");
    }
    case Play::kDoneLate: {
      JIAODU_TRY_STATUS(p.Sweep(dl + 1));
      const int64_t id =
          JIAODU_TRY(p.Report(dl + 10, "任务已完成（逾期 10 天），申请办结", t.target_value, true));
      return p.Review(dl + 12, id, tasks::Decision::kApproved, "同意办结，逾期情况记入年度考核");
    }
    case Play::kDoneRecheck: {
      JIAODU_TRY_STATUS(chain_to_interview());
      JIAODU_TRY_STATUS(p.Step(dl + 40, State::kRectify, Role::kSupervisor, "督查科 张敏",
                               "约谈后责令限期整改", dl + 70));
      const int64_t id = JIAODU_TRY(p.Report(dl + 65, "整改完成，申请复查", t.target_value, true));
      JIAODU_TRY_STATUS(p.Review(dl + 67, id, tasks::Decision::kApproved, "安排督学复查"));
      return p.Step(dl + 75, State::kDone, Role::kInspector, "督学 刘芳",
                    "实地复查 6 所学校，整改到位，同意办结");
    }
    case Play::kReturned: {
      JIAODU_TRY_STATUS(progress(today - 60, 0.5));
      const int64_t id =
          JIAODU_TRY(p.Report(today - 10, "基地已建成，申请办结", t.target_value, true));
      return p.Review(today - 7, id, tasks::Decision::kReturned,
                      "缺少基地挂牌和课程实施的佐证材料，请补充后重新提交");
    }
    case Play::kPending: {
      JIAODU_TRY_STATUS(progress(today - 50, 0.5));
      return p.Report(today - 3, "任务已完成，申请办结", t.target_value, true)
          .transform([](int64_t) {});
    }
  }
  return Ok();
}

}  // namespace

Status TaskService::LoadDemo(const std::string& plan_id) {
  std::lock_guard lock(mu_);
  const int64_t today = today_();
  // The counties join every measure as 配合单位.
  std::vector<std::string> counties;
  for (const Area& a : JIAODU_TRY(svc_.storage().ListAreas()))
    if (a.level == AreaLevel::kCounty) counties.push_back(a.name);
  std::vector<TaskVersion> batch;
  for (size_t i = 0; i < kTasks.size(); ++i) {
    const DemoTask& d = kTasks[i];
    tasks::Task t;
    t.id = fmt::format("DB{:03}", i + 1);
    t.title = d.title;
    t.plan_id = plan_id;
    t.clause = fmt::format("《示范市“十四五”教育事业发展规划》重点任务：{}", d.title);
    t.indicator = d.indicator;
    t.lead_unit = d.lead;
    t.co_units = counties;
    t.owner = d.owner;
    t.target = d.target;
    if (d.value != 0) t.target_value = d.value;
    t.target_unit = d.unit;
    t.deadline = today + d.deadline;
    t.start = std::min(today, t.deadline) - 400;
    t.milestones = {{t.start + 120, "制定实施方案"}, {t.deadline - 60, "完成主体任务"}};
    JIAODU_TRY_STATUS(tasks::Validate(t));
    Event e;
    e.task_id = t.id;
    e.kind = tasks::EventKind::kCreated;
    e.day = t.start;
    e.actor = "督查科 张敏";
    e.role = Role::kSupervisor;
    e.reason = "下达任务";
    batch.push_back(TaskVersion{std::move(t), std::move(e)});
  }
  JIAODU_TRY_STATUS(svc_.storage().SaveTasks(batch));
  int notices = 0;
  for (size_t i = 0; i < kTasks.size(); ++i)
    JIAODU_TRY_STATUS(PlayTask(svc_.storage(), batch[i].task, kTasks[i].play, today, notices));
  return SweepLocked().transform([](auto&&) {});
}

}  // namespace jiaodu
