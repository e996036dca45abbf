#include "jiaodu/app/review_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

namespace jiaodu {
namespace {

using access::Action;
using access::ReviewState;
using access::ReviewStep;

Error Refuse(ErrorCode code, std::string id, std::string zh, std::string en) {
  return Error{code, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
}

// The action a step needs besides its role (the rule table names the role;
// the matrix and the area say whether this user may act on this school).
Action ActionOf(ReviewStep step, ReviewState from) {
  switch (step) {
    case ReviewStep::kSubmit:
    case ReviewStep::kWithdraw:
      return Action::kFillSchool;
    case ReviewStep::kReopen:
      return Action::kReopenYear;
    case ReviewStep::kApprove:
    case ReviewStep::kReturn:
      break;
  }
  if (from == ReviewState::kSchoolReview) return Action::kReviewSchool;
  if (from == ReviewState::kCountyReview) return Action::kReviewCounty;
  return Action::kReviewCity;
}

// The states in which a role has work: those where it may submit or pass.
std::set<ReviewState> AwaitingStates(access::Role role) {
  std::set<ReviewState> out;
  for (const access::ReviewRule& r : access::ReviewRules()) {
    if (r.role == role && (r.step == ReviewStep::kSubmit || r.step == ReviewStep::kApprove)) {
      out.insert(r.from);
    }
  }
  return out;
}

std::string SectionName(std::string_view section) {
  if (section.empty()) return "学校";
  auto st = ParseStage(section);
  return st ? std::string(StageName(*st)) : std::string(section);
}

// "小学 在校生数" for messages.
std::string FieldLabel(const FieldCatalog& c, const FieldRef& w) {
  const FieldDef* f = c.Find(w.field);
  return fmt::format("{}“{}”", SectionName(w.section), f ? f->name.zh : w.field);
}

FieldValues* ValuesAt(SchoolYearRecord& r, const FieldCatalog& c, const FieldRef& w) {
  const FieldDef* f = c.Find(w.field);
  if (f == nullptr) return nullptr;
  if (w.section.empty()) return f->level == FieldLevel::kSchool ? &r.values : nullptr;
  if (f->level != FieldLevel::kSection) return nullptr;
  for (SectionRecord& s : r.sections) {
    if (StageKey(s.stage) == w.section) return f->AppliesTo(s.stage) ? &s.values : nullptr;
  }
  return nullptr;
}

Error UnknownField(const FieldRef& w) {
  return Refuse(ErrorCode::kInvalidInput, "app.unknown_field",
                fmt::format("字段“{}/{}”不存在或不属于该学段", w.section, w.field),
                fmt::format("no field \"{}/{}\" in that section", w.section, w.field));
}

Error Locked(const School& s, AcademicYear year) {
  return Refuse(
      ErrorCode::kFailedPrecondition, "review.locked",
      fmt::format("{}（{}）{}的数据已由市局审核锁定，不能修改；如确需修改，请联系市局解锁", s.name,
                  s.code, year.Label()),
      fmt::format("{} ({}) for {} is locked after the city's review and cannot change; "
                  "ask the city bureau to reopen it",
                  s.name, s.code, year.LabelEn()));
}

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

struct ReviewService::Loaded {
  School school;
  std::shared_ptr<const Standard> standard;
  std::optional<SchoolYearRecord> now;
  std::optional<SchoolYearRecord> before;
  std::vector<ReviewEvent> events;
  ReviewState state = ReviewState::kDraft;
  int64_t last_event = 0;
  access::Resource resource;
};

ReviewService::ReviewService(Service& svc, ReviewChecks checks, std::function<int64_t()> clock)
    : svc_(svc), checks_(std::move(checks)), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return static_cast<int64_t>(std::time(nullptr)); };
}

Result<ReviewService::Loaded> ReviewService::Load(const access::Principal& p, Action action,
                                                  AcademicYear year, std::string_view code,
                                                  std::string_view standard_id) {
  Storage& st = svc_.storage();
  auto school = JIAODU_TRY(st.FindSchool(code));
  if (!school) {
    return Fail(Refuse(ErrorCode::kNotFound, "app.not_found", fmt::format("学校 {} 不存在", code),
                       fmt::format("school {} not found", code)));
  }
  Loaded l;
  l.school = *school;
  l.resource = access::Resource::School(school->code, school->county);
  JIAODU_TRY_STATUS(access::Authorize(p, action, l.resource));
  l.standard = JIAODU_TRY(svc_.StandardFor(school->county, standard_id));
  const std::vector<std::string> county{school->county};
  for (int y : {year.start(), year.start() - 1}) {
    for (auto& r : JIAODU_TRY(st.LoadSchoolYears(*l.standard->catalog, AcademicYear(y), county))) {
      if (r.school.code != code) continue;
      (y == year.start() ? l.now : l.before) = std::move(r);
    }
  }
  l.events = JIAODU_TRY(st.ListReviewEvents(year, code));
  if (!l.events.empty()) {
    l.state = l.events.back().to;
    l.last_event = l.events.back().id;
  }
  return l;
}

Result<ReviewAreaStatus> ReviewService::AreaStatus(const access::Principal& p, AcademicYear year,
                                                   std::string_view area,
                                                   std::string_view standard_id) {
  Storage& st = svc_.storage();
  ReviewAreaStatus out;
  out.year = year;
  std::vector<std::string> counties;
  std::string only_school;
  access::Resource resource;
  std::string code(area);
  if (code.empty()) {
    auto root = JIAODU_TRY(svc_.Root());
    if (root) code = root->code;
  }
  auto found = svc_.FindArea(code);
  if (found) {
    out.area = *found;
    if (found->level == AreaLevel::kCounty) {
      counties.push_back(found->code);
      resource = access::Resource::County(found->code);
    }
  } else {
    auto school = JIAODU_TRY(st.FindSchool(code));
    if (!school) return Fail(found.error());
    only_school = school->code;
    counties.push_back(school->county);
    out.area = Area{school->code, school->name, AreaLevel::kCounty, school->county};
    resource = access::Resource::School(school->code, school->county);
  }
  JIAODU_TRY_STATUS(access::Authorize(p, Action::kReadData, resource));
  auto standard = JIAODU_TRY(svc_.FindStandard(standard_id));
  std::map<std::string, ReviewEvent> last;
  for (auto& e : JIAODU_TRY(st.LatestReviewEvents(year, counties))) {
    std::string key = e.school;
    last.emplace(std::move(key), std::move(e));
  }
  // The schools with data for the year (a kindergarten has none in the
  // compulsory data set), plus any with a step already taken.
  std::set<std::string> listed;
  for (auto& r : JIAODU_TRY(st.LoadSchoolYears(*standard->catalog, year, counties))) {
    if (!only_school.empty() && r.school.code != only_school) continue;
    listed.insert(r.school.code);
    ReviewSchoolState s;
    s.school = std::move(r.school);
    out.schools.push_back(std::move(s));
  }
  for (const auto& [stepped, e] : last) {
    if (listed.count(stepped) || (!only_school.empty() && stepped != only_school)) continue;
    auto school = JIAODU_TRY(st.FindSchool(stepped));
    if (school) out.schools.push_back(ReviewSchoolState{*school, {}, {}});
  }
  std::sort(out.schools.begin(), out.schools.end(),
            [](const auto& a, const auto& b) { return a.school.code < b.school.code; });
  for (ReviewSchoolState& s : out.schools) {
    if (auto it = last.find(s.school.code); it != last.end()) {
      s.state = it->second.to;
      s.last = it->second;
    }
    ++out.counts[static_cast<size_t>(s.state)];
  }
  return out;
}

Result<ReviewQueue> ReviewService::Queue(const access::Principal& p, AcademicYear year,
                                         std::string_view standard_id) {
  JIAODU_TRY_STATUS(access::ValidatePrincipal(p));
  ReviewQueue out;
  const std::set<ReviewState> awaiting = AwaitingStates(p.role);
  const bool own_schools = !p.schools.empty();
  if (awaiting.empty() && !own_schools) return out;  // 只读领导, 系统管理员
  Storage& st = svc_.storage();
  std::vector<ReviewSchoolState> all;
  if (own_schools) {
    std::vector<std::string> counties;
    for (const std::string& code : p.schools) {
      auto s = JIAODU_TRY(st.FindSchool(code));
      if (!s) continue;
      counties.push_back(s->county);
      all.push_back(ReviewSchoolState{*s, {}, {}});
    }
    std::map<std::string, ReviewEvent> last;
    for (auto& e : JIAODU_TRY(st.LatestReviewEvents(year, counties))) {
      std::string key = e.school;
      last.emplace(std::move(key), std::move(e));
    }
    for (ReviewSchoolState& s : all) {
      if (auto it = last.find(s.school.code); it != last.end()) {
        s.state = it->second.to;
        s.last = it->second;
      }
    }
    out.mine = all;
  } else {
    // City or county: the area's status, filtered.
    std::string area = p.county;
    if (area.empty()) {
      auto root = JIAODU_TRY(svc_.Root());
      if (!root) return out;
      area = root->code;
    }
    all = JIAODU_TRY(AreaStatus(p, year, area, standard_id)).schools;
  }
  for (const ReviewSchoolState& s : all) {
    if (awaiting.count(s.state)) out.waiting.push_back(s);
  }
  return out;
}

Result<ReviewSchoolView> ReviewService::SchoolView(const access::Principal& p, AcademicYear year,
                                                   std::string_view code,
                                                   std::string_view standard_id) {
  Loaded l = JIAODU_TRY(Load(p, Action::kReadData, year, code, standard_id));
  ReviewSchoolView v;
  v.school = l.school;
  v.county = JIAODU_TRY(svc_.FindArea(l.school.county));
  v.year = year;
  v.standard = l.standard;
  v.state = l.state;
  v.last_event = l.last_event;
  v.has_data = l.now.has_value();
  v.has_last_year = l.before.has_value();
  v.events = std::move(l.events);
  for (ReviewStep s : access::AvailableSteps(l.state, p.role)) {
    if (access::Authorize(p, ActionOf(s, l.state), l.resource)) v.steps.push_back(s);
  }
  v.editable = l.state == ReviewState::kDraft &&
               access::Authorize(p, Action::kFillSchool, l.resource).has_value();
  const FieldCatalog& c = *l.standard->catalog;
  if (l.now && l.before) v.flags = CrossYearFlags(c, *l.now, *l.before, checks_.factor);
  if (l.now) v.problems = CheckSchoolRecord(*l.standard, *l.now);
  std::set<FieldRef> flagged;
  for (const ChangeFlag& f : v.flags) flagged.insert(f.where);
  // The form: school-level fields, then each section's (of this year's
  // record, or last year's when nothing is filled yet).
  const SchoolYearRecord* shape = l.now ? &*l.now : l.before ? &*l.before : nullptr;
  auto add = [&](const std::string& section, std::optional<Stage> stage) {
    for (size_t i = 0; i < c.size(); ++i) {
      const FieldDef& f = c.at(i);
      if (f.level != (stage ? FieldLevel::kSection : FieldLevel::kSchool)) continue;
      if (stage && !f.AppliesTo(*stage)) continue;
      ReviewField rf;
      rf.where = FieldRef{section, f.id};
      rf.def = &f;
      if (FieldValues* now = l.now ? ValuesAt(*l.now, c, rf.where) : nullptr) {
        rf.value = now->Get(i);
      }
      if (FieldValues* before = l.before ? ValuesAt(*l.before, c, rf.where) : nullptr) {
        rf.last = before->Get(i);
      }
      rf.flagged = flagged.count(rf.where) > 0;
      v.fields.push_back(std::move(rf));
    }
  };
  add("", std::nullopt);
  if (shape != nullptr) {
    for (const SectionRecord& s : shape->sections) add(std::string(StageKey(s.stage)), s.stage);
  }
  return v;
}

Result<int64_t> ReviewService::SaveValues(const access::Principal& p, AcademicYear year,
                                          std::string_view code,
                                          std::span<const ReviewValueChange> changes,
                                          std::string_view standard_id) {
  Loaded l = JIAODU_TRY(Load(p, Action::kFillSchool, year, code, standard_id));
  if (l.state == ReviewState::kLocked) return Fail(Locked(l.school, year));
  if (l.state != ReviewState::kDraft) {
    const Text state = access::ReviewStateName(l.state);
    return Fail(
        Refuse(ErrorCode::kFailedPrecondition, "review.not_editable",
               fmt::format("“{}”状态下不能修改数据：只有填报中的数据可以修改，已提交的数据须"
                           "撤回或被退回后再改",
                           state.zh),
               fmt::format("data cannot change while {}: only data being filled can; a "
                           "submission must be withdrawn or returned first",
                           state.en)));
  }
  const FieldCatalog& c = *l.standard->catalog;
  SchoolYearRecord r;
  if (l.now) {
    r = std::move(*l.now);
  } else {
    // A first entry for the year: the school's sections as last year (or
    // as its type has them), nothing filled.
    r.values = FieldValues(c.size());
    if (l.before) {
      for (const SectionRecord& s : l.before->sections) {
        r.sections.push_back(SectionRecord{s.stage, FieldValues(c.size()), FieldValues(c.size())});
      }
    } else {
      for (Stage s : StagesOf(l.school.type)) {
        if (c.HasStage(s)) {
          r.sections.push_back(SectionRecord{s, FieldValues(c.size()), FieldValues(c.size())});
        }
      }
    }
  }
  r.school = l.school;
  r.year = year;
  for (const ReviewValueChange& ch : changes) {
    FieldValues* vals = ValuesAt(r, c, ch.where);
    if (vals == nullptr) return Fail(UnknownField(ch.where));
    const size_t i = *c.IndexOf(ch.where.field);
    if (!ch.value) {
      vals->Clear(i);
      continue;
    }
    if (Status ok = ValidateFieldValue(c.at(i), *ch.value); !ok) {
      Error e = ok.error();
      e.message.zh = fmt::format("{}：{}", SectionName(ch.where.section), e.message.zh);
      return Fail(std::move(e));
    }
    vals->Set(i, *ch.value);
  }
  ImportBatch batch;
  batch.kind = "edit";
  batch.user = p.login;
  batch.description = fmt::format("学校填报：{}（{}）{}，修改 {} 项", l.school.name, l.school.code,
                                  year.Label(), changes.size());
  DatasetBatch& data = batch.datasets.emplace_back();
  data.catalog = l.standard->catalog;
  data.school_years.push_back(std::move(r));
  return svc_.storage().ApplyImport(batch);
}

Result<ReviewEvent> ReviewService::TakeStep(const access::Principal& p, AcademicYear year,
                                            std::string_view code, const ReviewStepRequest& req,
                                            std::string_view from_addr,
                                            std::string_view standard_id) {
  Loaded l = JIAODU_TRY(Load(p, Action::kReadData, year, code, standard_id));
  const FieldCatalog& c = *l.standard->catalog;
  for (const ReviewNote& n : req.notes) {
    if (c.Find(n.field) == nullptr) return Fail(UnknownField({n.section, n.field}));
  }
  access::ReviewRequest rr;
  rr.step = req.step;
  rr.role = p.role;
  rr.reason = req.reason;
  for (const ReviewNote& n : req.notes) {
    rr.items.push_back({FieldLabel(c, {n.section, n.field}), n.note});
  }
  // The rule table first: an impossible step or another role's is said so
  // in Chinese, whoever asks (review.not_allowed / review.wrong_role).
  const ReviewState to = JIAODU_TRY(access::ReviewTransition(l.state, rr));
  JIAODU_TRY_STATUS(access::Authorize(p, ActionOf(req.step, l.state), l.resource));

  ReviewEvent e;
  e.year = year;
  e.school = l.school.code;
  e.county = l.school.county;
  e.step = req.step;
  e.from = l.state;
  e.to = to;
  e.actor = p.login;
  e.role = std::string(access::RoleKey(p.role));
  e.time = clock_();
  e.reason = req.reason;
  e.notes = req.notes;

  if (req.step == ReviewStep::kSubmit) {
    if (!l.now) {
      return Fail(
          Refuse(ErrorCode::kFailedPrecondition, "review.invalid",
                 fmt::format("{}还没有{}的数据，不能提交", l.school.name, year.Label()),
                 fmt::format("{} has no data for {} to submit", l.school.name, year.LabelEn())));
    }
    const std::vector<RecordProblem> problems = CheckSchoolRecord(*l.standard, *l.now);
    if (!problems.empty()) {
      std::string zh, en;
      for (size_t i = 0; i < problems.size() && i < 20; ++i) {
        zh += fmt::format("{}{}", i ? "；" : "", problems[i].error.message.zh);
        en += fmt::format("{}{}", i ? "; " : "", problems[i].error.message.en);
      }
      return Fail(Refuse(
          ErrorCode::kInvalidInput, "review.invalid",
          fmt::format("数据有 {} 处问题，改正后才能提交：{}", problems.size(), zh),
          fmt::format("{} problems must be fixed before submitting: {}", problems.size(), en)));
    }
    std::vector<ChangeFlag> flags;
    if (l.before) flags = CrossYearFlags(c, *l.now, *l.before, checks_.factor);
    std::string zh, en;
    int unconfirmed = 0;
    e.notes.clear();
    for (const ChangeFlag& f : flags) {
      const ReviewNote* ok = nullptr;
      for (const ReviewNote& n : req.confirmations) {
        if (n.section == f.where.section && n.field == f.where.field && !Blank(n.note)) ok = &n;
      }
      if (ok != nullptr) {
        e.notes.push_back(*ok);
        continue;
      }
      ++unconfirmed;
      zh += fmt::format("{}{}（{:g} → {:g}）", zh.empty() ? "" : "、", FieldLabel(c, f.where),
                        f.old_value, f.new_value);
      en += fmt::format("{}{}/{} ({:g} → {:g})", en.empty() ? "" : ", ", f.where.section,
                        f.where.field, f.old_value, f.new_value);
    }
    if (unconfirmed > 0) {
      return Fail(Refuse(
          ErrorCode::kFailedPrecondition, "review.unconfirmed_changes",
          fmt::format(
              "以下 {} 项与上一学年相比变化超过 {:g} 倍，须逐项确认并说明原因后才能提交：{}",
              unconfirmed, checks_.factor, zh),
          fmt::format("{} values changed by more than {:g}× since last year; confirm each with a "
                      "note to submit: {}",
                      unconfirmed, checks_.factor, en)));
    }
  }

  access::AuditEntry a;
  a.time = e.time;
  a.actor = e.actor;
  a.role = e.role;
  a.from = std::string(from_addr);
  a.action = fmt::format("review_{}", access::ReviewStepKey(e.step));
  a.object = access::AuditObject{"review", fmt::format("{}/{}", year.start(), e.school), e.county};
  a.old_value = std::string(access::ReviewStateKey(e.from));
  a.new_value = std::string(access::ReviewStateKey(e.to));
  a.reason = e.reason;
  a.outcome = "ok";
  e.id = JIAODU_TRY(svc_.storage().AppendReviewEvent(e, l.last_event, std::move(a)));
  return e;
}

}  // namespace jiaodu
