#include "jiaodu/storage/common/storage_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <iterator>

#include "jiaodu/auth/sha256.h"

namespace jiaodu::storage_common {

std::string JoinLines(std::span<const std::string> v, char sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back(sep);
    out += v[i];
  }
  return out;
}

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (;;) {
    const size_t p = s.find(sep, start);
    out.emplace_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty()) out.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

FieldLookup::FieldLookup(const FieldCatalog& c) {
  for (size_t i = 0; i < c.size(); ++i) index_.emplace(c.at(i).id, i);
}

std::optional<size_t> FieldLookup::Find(std::string_view id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::string EncodeValues(const FieldValues& values, const FieldCatalog& catalog) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    auto v = values.Get(i);
    if (!v) continue;
    if (out.size() > 1) out.push_back(',');
    fmt::format_to(std::back_inserter(out), "\"{}\":{}", catalog.at(i).id, *v);
  }
  out.push_back('}');
  return out;
}

Status DecodeValues(std::string_view text, const FieldLookup& lookup, FieldValues& out) {
  auto bad = [&] { return Fail(Corrupt("数值记录", text.substr(0, 80))); };
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
  };
  skip_ws();
  if (i >= text.size() || text[i] != '{') return bad();
  ++i;
  skip_ws();
  if (i < text.size() && text[i] == '}') return Ok();
  for (;;) {
    skip_ws();
    if (i >= text.size() || text[i] != '"') return bad();
    const size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos) return bad();
    const std::string_view key = text.substr(i + 1, end - i - 1);
    i = end + 1;
    skip_ws();
    if (i >= text.size() || text[i] != ':') return bad();
    ++i;
    skip_ws();
    double v = 0;
    auto [p, ec] = std::from_chars(text.data() + i, text.data() + text.size(), v);
    if (ec != std::errc()) return bad();
    i = static_cast<size_t>(p - text.data());
    if (auto f = lookup.Find(key); f && *f < out.size()) out.Set(*f, v);
    skip_ws();
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    if (i < text.size() && text[i] == '}') return Ok();
    return bad();
  }
}

Result<School> ReadSchool(const SchoolColumns& c) {
  School s;
  s.code = std::string(c.code);
  s.name = std::string(c.name);
  s.county = std::string(c.county);
  s.town = std::string(c.town);
  auto type = ParseSchoolType(c.type);
  if (!type) return Fail(Corrupt("学校类型", c.type));
  auto locale = ParseLocale(c.locale);
  if (!locale) return Fail(Corrupt("城乡类型", c.locale));
  auto own = ParseOwnership(c.ownership);
  if (!own) return Fail(Corrupt("办学性质", c.ownership));
  s.type = *type;
  s.locale = *locale;
  s.ownership = *own;
  s.boarding = c.boarding;
  s.inclusive = c.inclusive;
  return s;
}

Result<Stage> ParseSection(std::string_view key) {
  for (Stage st : kAllStages) {
    if (key == StageKey(st)) return st;
  }
  return Fail(Corrupt("学段", key));
}

SectionRecord* FindOrAddSection(SchoolYearRecord& r, Stage stage, size_t n) {
  for (auto& s : r.sections) {
    if (s.stage == stage) return &s;
  }
  SectionRecord s;
  s.stage = stage;
  s.values = FieldValues(n);
  s.overrides = FieldValues(n);
  r.sections.push_back(std::move(s));
  return &r.sections.back();
}

void SortSections(std::vector<SchoolYearRecord>& records) {
  for (auto& r : records) {
    std::sort(r.sections.begin(), r.sections.end(),
              [](const SectionRecord& a, const SectionRecord& b) { return a.stage < b.stage; });
  }
}

Error Corrupt(std::string_view what, std::string_view value) {
  return Error{ErrorCode::kCorrupt,
               "storage.bad_value",
               Text(fmt::format("数据库中的{}“{}”无法识别", what, value),
                    fmt::format("unrecognised {} \"{}\" in the database", what, value)),
               {},
               {}};
}

std::string BatchSummary::YearList() const {
  std::string out;
  for (int y : years) {
    if (!out.empty()) out.push_back(',');
    out += std::to_string(y);
  }
  return out;
}

Error NoCatalog() {
  return Error{ErrorCode::kInternal,
               "storage.no_catalog",
               Text("写入数据时缺少字段目录", "no field catalog set for writing"),
               {},
               {}};
}

Result<BatchSummary> SummarizeBatch(const ImportBatch& batch) {
  BatchSummary out;
  for (const DatasetBatch& ds : batch.datasets) {
    // Every row is stored under its catalog's dataset and by field id:
    // records without a catalog have neither.
    if (ds.catalog == nullptr && (!ds.school_years.empty() || !ds.county_years.empty())) {
      return Fail(NoCatalog());
    }
    for (const auto& s : ds.school_years) out.years.insert(s.year.start());
    for (const auto& c : ds.county_years) out.years.insert(c.year.start());
    out.school_years += ds.school_years.size();
    out.county_years += ds.county_years.size();
  }
  return out;
}

Status CheckValues(const FieldValues& values, const FieldCatalog* catalog) {
  if (!values.empty() && (catalog == nullptr || values.size() > catalog->size())) {
    return Fail(NoCatalog());
  }
  return Ok();
}

std::vector<std::vector<uint32_t>> StudentsBySchool(const fitness::Roster& roster) {
  std::vector<std::vector<uint32_t>> by_school(roster.schools().size());
  for (size_t i = 0; i < roster.size(); ++i)
    by_school[static_cast<size_t>(roster.row(i).school)].push_back(static_cast<uint32_t>(i));
  return by_school;
}

Status CheckFitnessImport(const FitnessImport& batch) {
  if (batch.standard == nullptr || batch.roster == nullptr) {
    return Fail(ErrorCode::kInternal, "storage.no_catalog",
                Text("写入体测数据时缺少标准", "no fitness standard set for writing"));
  }
  return Ok();
}

QualityBySchool QualityRowsBySchool(const quality::ScoreSet& scores) {
  QualityBySchool out;
  out.rows.resize(scores.schools().size());
  out.students.resize(scores.schools().size());
  for (uint32_t i = 0; i < scores.rows().size(); ++i)
    out.rows[scores.rows()[i].school].push_back(i);
  // A student's rows (one per subject) count once.
  std::vector<uint32_t> seen(scores.student_count(), UINT32_MAX);
  for (size_t s = 0; s < out.rows.size(); ++s) {
    for (uint32_t i : out.rows[s]) {
      uint32_t& mark = seen[scores.rows()[i].student];
      if (mark != s) {
        mark = static_cast<uint32_t>(s);
        ++out.students[s];
      }
    }
  }
  return out;
}

Status CheckQualityImport(const QualityImport& batch) {
  if (batch.scores == nullptr || batch.school_codes.size() != batch.scores->schools().size()) {
    return Fail(ErrorCode::kInternal, "storage.no_catalog",
                Text("写入抽测成绩时缺少成绩或学校代码", "no scores or school codes for writing"));
  }
  const QualityTest& t = batch.test;
  if (t.id.empty() || t.name.empty() || (t.term != 1 && t.term != 2)) {
    return Fail(ErrorCode::kInvalidInput, "storage.bad_quality_test",
                Text(fmt::format("抽测“{}”缺少编号、名称或学期（第一/第二学期）", t.name),
                     fmt::format("test \"{}\" lacks an id, a name or a term (1 or 2)", t.id)));
  }
  for (const std::string& code : batch.school_codes) {
    if (code.empty()) {
      return Fail(ErrorCode::kInternal, "storage.no_catalog",
                  Text("写入抽测成绩时缺少学校代码", "a school without a code in a test import"));
    }
  }
  return Ok();
}

bool SameQualityTest(const QualityTest& a, const QualityTest& b) {
  return a.id == b.id && a.name == b.name && a.year == b.year && a.term == b.term &&
         a.grades == b.grades && a.subjects == b.subjects && a.cuts_id == b.cuts_id &&
         a.cuts_toml == b.cuts_toml;
}

Error UnknownSchool(std::string_view code) {
  return Error{ErrorCode::kNotFound,
               "storage.unknown_school",
               Text(fmt::format("学校标识码 {} 不存在，请先导入学校基本信息", code),
                    fmt::format("school {} does not exist; import its basic data first", code)),
               {},
               {}};
}

Error UnknownCounty(std::string_view county) {
  return Error{ErrorCode::kNotFound,
               "storage.unknown_county",
               Text(fmt::format("县区代码 {} 不存在", county),
                    fmt::format("county {} does not exist", county)),
               {},
               {}};
}

Error UnknownSchoolCounty(const School& s) {
  return Error{
      ErrorCode::kNotFound,
      "storage.unknown_county",
      Text(fmt::format("学校 {}（{}）所属县区代码 {} 不存在", s.code, s.name, s.county),
           fmt::format("school {} ({}): county {} does not exist", s.code, s.name, s.county)),
      {},
      {}};
}

Error SchoolCountyConflict(const School& s, std::string_view registered) {
  return Error{ErrorCode::kConflict,
               "storage.school_county_conflict",
               Text(fmt::format("学校 {}（{}）已登记在县区 {}，不能改为 "
                                "{}；如确需调整隶属关系，请由管理员处理",
                                s.code, s.name, registered, s.county),
                    fmt::format("school {} ({}) is registered in county {}, not {}; an "
                                "administrator must move it",
                                s.code, s.name, registered, s.county)),
               {},
               {}};
}

Error NoImport(int64_t import_id) {
  return Error{ErrorCode::kNotFound,
               "storage.no_import",
               Text(fmt::format("导入记录 #{} 不存在", import_id),
                    fmt::format("import #{} not found", import_id)),
               {},
               {}};
}

Error AlreadyUndone(int64_t import_id, std::string_view at) {
  return Error{ErrorCode::kFailedPrecondition,
               "storage.already_undone",
               Text(fmt::format("导入 #{} 已于 {} 撤销", import_id, at),
                    fmt::format("import #{} was already undone at {}", import_id, at)),
               {},
               {}};
}

Error UndoSuperseded(int64_t import_id) {
  return Error{
      ErrorCode::kFailedPrecondition,
      "storage.undo_superseded",
      Text(
          fmt::format("导入 #{} 之后已有更新的导入覆盖了其中的数据，请先撤销后来的导入", import_id),
          fmt::format("later imports replaced data of import #{}; undo those first", import_id)),
      {},
      {}};
}

Error TaskChanged(std::string_view task_id) {
  return Error{
      ErrorCode::kConflict,
      "storage.task_changed",
      Text(fmt::format("任务 {} 刚被他人更新过，请刷新后重试", task_id),
           fmt::format("task {} was just changed by someone else: reload and retry", task_id)),
      {},
      {}};
}

Error BadCopyValue(std::string_view table, std::string_view column, std::string_view value) {
  return Error{ErrorCode::kInvalidInput,
               "transfer.bad_value",
               Text(fmt::format("表 {} 的列 {} 中有无法转换的值：{}", table, column, value),
                    fmt::format("table {}, column {}: a value cannot be converted: {}", table,
                                column, value)),
               {},
               {}};
}

Error SchemaNewer(int64_t have, int64_t supported) {
  return Error{
      ErrorCode::kUnsupported,
      "storage.schema_newer",
      Text(fmt::format("数据库结构版本 {} 高于本程序支持的 {}，请升级 jiaodu", have, supported),
           fmt::format("database schema v{} is newer than this build (v{}); upgrade jiaodu", have,
                       supported)),
      {},
      {}};
}

std::string ImportAudit(int64_t import_id, const ImportBatch& batch, const BatchSummary& summary) {
  return fmt::format("导入 #{}：{}（学校 {} 条，县级 {} 条）", import_id, batch.description,
                     summary.school_years, summary.county_years);
}

std::string UndoAudit(int64_t import_id) { return fmt::format("撤销导入 #{}", import_id); }

std::string CountyStandardAudit(std::string_view county, std::string_view family,
                                std::string_view standard) {
  return fmt::format("县区 {} 的 {} 改按 {} 评估", county, family, standard);
}

std::string FitnessAudit(int64_t import_id, size_t sets, size_t students, AcademicYear year) {
  return fmt::format("导入体测数据 #{}：{} 所学校，{} 名学生（{}）", import_id, sets, students,
                     year.Label());
}

std::string QualityAudit(int64_t import_id, const QualityTest& test, size_t schools,
                         size_t students, size_t scores) {
  return fmt::format("导入抽测成绩 #{}：{}（{}），{} 所学校，{} 名学生，{} 条成绩", import_id,
                     test.name, test.id, schools, students, scores);
}

std::string QualityTestAudit(const QualityTest& before, const QualityTest& after) {
  return fmt::format(
      "修改抽测 {} 的说明：名称“{}”→“{}”，学期 {} 第{}学期 → {} 第{}学期，分数线 {} → {}", after.id,
      before.name, after.name, before.year.Label(), before.term == 1 ? "一" : "二",
      after.year.Label(), after.term == 1 ? "一" : "二",
      before.cuts_id.empty() ? "无" : before.cuts_id, after.cuts_id.empty() ? "无" : after.cuts_id);
}

std::string PlanAudit(const StoredPlan& plan) {
  return fmt::format("保存规划 {}（{}）", plan.plan_id, plan.file_name);
}

std::string SchoolEvalAudit(const SchoolEvalInputs& in) {
  size_t values = 0;
  for (const auto& s : in.inputs) values += s.values.size();
  return fmt::format("导入办学质量评价数据 {} {} 年（{}）：{} 所学校，{} 个值", in.scheme, in.year,
                     in.file_name, in.inputs.size(), values);
}

std::string PlanValueAudit(const PlanValueEntry& e) {
  return fmt::format("规划 {} 指标 {} 区域 {} {} 年：{}", e.plan_id, e.indicator, e.area, e.year,
                     e.value ? fmt::format("{}", *e.value) : std::string("撤回"));
}

std::string TasksAudit(std::span<const TaskVersion> batch) {
  return fmt::format("保存督办任务 {} 项（{} 等）", batch.size(),
                     batch.empty() ? std::string() : batch.front().task.id);
}

std::string TaskReportAudit(const tasks::Report& r, int64_t report_id, size_t files) {
  return fmt::format("任务 {} 提交{} #{}，附件 {} 个", r.task_id, r.final ? "办结申请" : "进展报告",
                     report_id, files);
}

std::string EncodeUnits(const std::vector<std::string>& units) {
  std::string out;
  for (const std::string& u : units) out += u + "\n";
  return out;
}

std::vector<std::string> DecodeUnits(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view line : Lines(text)) out.emplace_back(line);
  return out;
}

std::string EncodeMilestones(const std::vector<tasks::Milestone>& milestones) {
  std::string out;
  for (const tasks::Milestone& m : milestones) out += fmt::format("{}\t{}\n", m.date, m.text);
  return out;
}

std::vector<tasks::Milestone> DecodeMilestones(std::string_view text) {
  std::vector<tasks::Milestone> out;
  for (std::string_view line : Lines(text)) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    int64_t day = 0;
    std::from_chars(line.data(), line.data() + tab, day);
    out.push_back(tasks::Milestone{day, std::string(line.substr(tab + 1))});
  }
  return out;
}

tasks::Decision ParseDecision(std::string_view key) {
  return key == "approved"   ? tasks::Decision::kApproved
         : key == "returned" ? tasks::Decision::kReturned
                             : tasks::Decision::kNone;
}

// ---- Accounts and the chained audit trail ------------------------------------

Error LoginTaken(std::string_view login) {
  return Error{ErrorCode::kConflict,
               "storage.login_taken",
               Text(fmt::format("登录名 {} 已被使用（不区分大小写），请换一个", login),
                    fmt::format("login {} is taken (ignoring case); choose another", login)),
               {},
               {}};
}

Error NoAccount(std::string_view login) {
  return Error{
      ErrorCode::kNotFound,
      "storage.no_account",
      Text(fmt::format("账号 {} 不存在", login), fmt::format("there is no account {}", login)),
      {},
      {}};
}

Result<access::Account> ReadAccount(const AccountColumns& c) {
  const auto role = access::ParseRole(c.role);
  if (!role) return Fail(Corrupt("角色", c.role));
  access::Account a;
  a.principal.login = std::string(c.login);
  a.principal.role = *role;
  a.principal.county = std::string(c.county);
  a.principal.schools = SplitOn(c.schools, '\n');
  a.display_name = std::string(c.display_name);
  a.password_hash = std::string(c.password_hash);
  a.must_change_password = c.must_change_password;
  a.password_changed_at = c.password_changed_at;
  a.login.failures = c.failures;
  a.login.locked_until = c.locked_until;
  a.disabled = c.disabled;
  return a;
}

int ChangeReasonCode(access::ChangeReason r) {
  switch (r) {
    case access::ChangeReason::kNone:
      return 0;
    case access::ChangeReason::kInitial:
      return 1;
    case access::ChangeReason::kExpired:
      return 2;
  }
  return 0;
}

access::ChangeReason ChangeReasonFromCode(int64_t code) {
  if (code == 1) return access::ChangeReason::kInitial;
  if (code == 2) return access::ChangeReason::kExpired;
  return access::ChangeReason::kNone;
}

namespace {
std::string Sha256(std::string_view bytes) { return auth::Sha256Hex(bytes); }
}  // namespace

access::AuditEntry ChainAfter(const access::AuditEntry* last, access::AuditEntry e) {
  return access::Chain(last, std::move(e), &Sha256);
}

access::AuditEntry ShortEntry(std::string_view user, std::string_view action,
                              std::string_view detail, int64_t time) {
  access::AuditEntry e;
  e.time = time;
  e.actor = std::string(user);
  e.action = std::string(action);
  e.new_value = std::string(detail);
  e.outcome = "ok";
  return e;
}

access::AuditEntry LegacyEntry(int64_t id, int64_t time, std::string_view user,
                               std::string_view action, std::string_view detail) {
  access::AuditEntry e = ShortEntry(user, action, detail, time);
  e.object.kind = "audit_log";
  e.object.id = std::to_string(id);
  return e;
}

AuditEntry ShortForm(const access::AuditEntry& e) {
  return AuditEntry{e.seq, IsoTime(e.time), e.actor, e.action, e.new_value};
}

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string IsoTime(int64_t unix_seconds) {
  const std::chrono::sys_seconds t{std::chrono::seconds(unix_seconds)};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(t - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

}  // namespace jiaodu::storage_common
