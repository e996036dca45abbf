// 交流轮岗 as a background job: an uploaded workbook is solved to a proven
// optimum, a running solve stops when cancelled, the bureau's pins and
// forbids hold on a re-solve of the same workbook, contradictory rules come
// back as a plan that explains them in Chinese, and a bad workbook starts
// nothing.
#include "jiaodu/app/rotation_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "jiaodu/app/test_util.h"
#include "jiaodu/domain/rotation/synthetic.h"
#include "jiaodu/formats/rotation_file/rotation_file.h"
#include "jiaodu/formats/rotation_table/rotation_table.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "jiaodu/optim/cbc/cbc_solver.h"

namespace jiaodu {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(JIAODU_TEST_FIXTURE_DIR) + "/rotation/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

JobStatus WaitFinished(JobQueue& q, const std::string& id, std::chrono::seconds limit = 120s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    auto s = q.Get(id);
    if (!s) return JobStatus{};
    if (s->state != JobState::kQueued && s->state != JobState::kRunning) return *s;
    std::this_thread::sleep_for(20ms);
  }
  ADD_FAILURE() << "job " << id << " did not finish";
  return JobStatus{};
}

class RotationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::DemoService(
        {.seed = 11, .counties = 2, .schools = 24, .first_year = 2024, .years = 1});
    ASSERT_NE(svc_, nullptr);
    auto rules =
        LoadRotationRules(std::string(JIAODU_TEST_DATA_DIR) + "/rotation/cn-rotation-2017.toml");
    ASSERT_TRUE(rules) << rules.error().Describe();
    rot_ = std::make_unique<RotationService>(*svc_, *rules, [] { return optim::MakeCbcSolver(); });
    auto areas = svc_->storage().ListAreas();
    ASSERT_TRUE(areas);
    for (const Area& a : *areas) {
      if (a.level == AreaLevel::kCounty) {
        county_ = a.code;
        break;
      }
    }
    ASSERT_FALSE(county_.empty());
  }

  RotationRequest Upload(std::string file) {
    RotationRequest r;
    r.county = county_;
    r.file_name = file;
    r.bytes = Fixture(file);
    r.year = 2025;
    return r;
  }

  // Starts a request and waits for its job.
  JobStatus Run(RotationRequest r) {
    auto started = rot_->Start(jobs_, std::move(r));
    EXPECT_TRUE(started) << started.error().Describe();
    if (!started) return {};
    EXPECT_TRUE(started->errors.empty()) << started->errors[0].Describe();
    return WaitFinished(jobs_, started->job);
  }

  std::unique_ptr<Service> svc_;
  std::unique_ptr<RotationService> rot_;
  JobQueue jobs_;
  std::string county_;
};

TEST_F(RotationServiceTest, UploadedWorkbookIsSolvedToAProvenOptimumAsAJob) {
  EXPECT_FALSE(rot_->Holding(county_).has_plan);
  EXPECT_EQ(rot_->LastPlan(county_).error().id, "rotation.no_plan");
  JobStatus s = Run(Upload("county-small.xlsx"));
  EXPECT_EQ(rot_->Holding(county_).file_name, "county-small.xlsx");
  EXPECT_TRUE(rot_->Holding(county_).has_plan);
  ASSERT_EQ(s.state, JobState::kDone) << (s.error ? s.error->Describe() : s.step.zh);
  EXPECT_EQ(s.kind, JobKind::kSolve);
  ASSERT_TRUE(s.document);
  const json doc = json::parse(*s.document);
  EXPECT_EQ(doc["status"], "optimal");
  EXPECT_EQ(doc["county"]["code"], county_);
  EXPECT_TRUE(doc["quota"]["met"].get<bool>());
  EXPECT_TRUE(doc["quota"]["backbone_met"].get<bool>());
  EXPECT_LE(doc["gap"].get<double>(), 1e-4);
  auto last = rot_->LastPlan(county_);
  ASSERT_TRUE(last);
  const rotation::Plan& plan = (*last)->plan;
  EXPECT_EQ(plan.status, rotation::PlanStatus::kOptimal);
  EXPECT_GE(plan.moved, plan.eligibility.quota);
  EXPECT_GT(plan.eligibility.quota, 0);
  EXPECT_EQ(doc["moves"].size(), plan.moves.size());
  EXPECT_EQ(doc["schools"].size(), 8u);
  // The export is the same plan.
  auto file = rot_->PlanXlsx(county_);
  ASSERT_TRUE(file) << file.error().Describe();
  EXPECT_TRUE(file->name.ends_with("教师交流轮岗方案.xlsx"));
}

TEST_F(RotationServiceTest, PinsAndForbidsHoldWhenTheSameWorkbookIsSolvedAgain) {
  ASSERT_EQ(Run(Upload("county-small.xlsx")).state, JobState::kDone);
  auto first = rot_->LastPlan(county_);
  ASSERT_TRUE(first);
  ASSERT_FALSE((*first)->plan.moves.empty());
  const rotation::Move forbidden = (*first)->plan.moves[0];
  std::set<std::string> moved;
  for (const auto& m : (*first)->plan.moves) moved.insert(m.teacher);

  // A teacher the first plan left in place, eligible under the rules, from a
  // school that keeps others of the same subject, pinned to another school
  // of the stage.
  auto read = rotation_table::ReadRotationWorkbook(Fixture("county-small.xlsx"), "x", 2025);
  ASSERT_TRUE(read.errors.empty());
  const rotation::Rules& rules = rot_->rules();
  std::map<std::pair<std::string, std::string>, int> per_subject;
  for (const auto& t : read.instance.teachers) ++per_subject[{t.school, t.subject}];
  std::optional<rotation::PinnedMove> pin;
  for (const auto& t : read.instance.teachers) {
    const int to_retire =
        t.years_to_retirement.value_or(t.age ? rules.retirement_age - *t.age : 99);
    const bool eligible =
        t.years_at_school >= rules.min_years_at_school &&
        to_retire >= rules.min_years_to_retirement &&
        (!t.last_move_year || 2025 - *t.last_move_year >= rules.no_move_within_years);
    if (!eligible || moved.count(t.id) || per_subject[{t.school, t.subject}] < 4) continue;
    for (const auto& s : read.instance.schools) {
      if (s.stage == t.stage && s.code != t.school) {
        pin = rotation::PinnedMove{t.id, s.code};
        break;
      }
    }
    if (pin) break;
  }
  ASSERT_TRUE(pin);

  RotationRequest again;
  again.county = county_;
  again.year = 2025;
  again.pins = {*pin};
  again.forbids = {{forbidden.teacher, ""}};
  JobStatus s = Run(again);
  ASSERT_EQ(s.state, JobState::kDone) << (s.error ? s.error->Describe() : s.step.zh);
  auto second = rot_->LastPlan(county_);
  ASSERT_TRUE(second);
  EXPECT_EQ((*second)->plan.status, rotation::PlanStatus::kOptimal);
  bool pinned_moved = false;
  for (const auto& m : (*second)->plan.moves) {
    EXPECT_NE(m.teacher, forbidden.teacher) << "a forbidden teacher was moved";
    if (m.teacher == pin->teacher) {
      pinned_moved = true;
      EXPECT_EQ(m.to, pin->school);
      EXPECT_TRUE(m.pinned);
    }
  }
  EXPECT_TRUE(pinned_moved);
  const json doc = json::parse(*s.document);
  EXPECT_EQ(doc["decisions"]["pins"][0]["teacher"], pin->teacher);
  EXPECT_EQ(doc["decisions"]["forbids"][0]["teacher"], forbidden.teacher);
}

TEST_F(RotationServiceTest, CancelStopsARunningSolveWithStateCancelled) {
  // A county large and uneven enough that CBC needs far longer than the
  // moment it takes to cancel it.
  rotation::Instance big =
      rotation::SyntheticCounty({.teachers = 3000, .schools = 60, .seed = 3, .uneven = true});
  auto bytes = rotation_table::WriteRotationWorkbook(big, "大县");
  ASSERT_TRUE(bytes);
  RotationRequest r;
  r.county = county_;
  r.file_name = "big.xlsx";
  r.bytes = std::move(*bytes);
  r.year = big.year;
  r.time_limit_seconds = 300;
  auto started = rot_->Start(jobs_, std::move(r));
  ASSERT_TRUE(started && started->errors.empty());
  // Wait until the solver reports (the model is built and CBC runs).
  for (int i = 0; i < 3000; ++i) {
    auto s = jobs_.Get(started->job);
    if (s && s->state == JobState::kRunning && s->step.zh.starts_with("求解中")) break;
    std::this_thread::sleep_for(10ms);
  }
  const auto asked = std::chrono::steady_clock::now();
  ASSERT_TRUE(jobs_.Cancel(started->job));
  JobStatus s = WaitFinished(jobs_, started->job, 60s);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count();
  EXPECT_EQ(s.state, JobState::kCancelled);
  EXPECT_EQ(s.step.zh, "已取消");
  EXPECT_LT(took, 30) << "cancel took " << took << " s";
  ASSERT_TRUE(s.document);
  EXPECT_EQ(json::parse(*s.document)["status"], "cancelled");
}

TEST_F(RotationServiceTest, ContradictoryRulesComeBackAsAPlanExplainingThemInChinese) {
  JobStatus s = Run(Upload("infeasible.xlsx"));
  ASSERT_EQ(s.state, JobState::kDone) << (s.error ? s.error->Describe() : s.step.zh);
  const json doc = json::parse(*s.document);
  EXPECT_EQ(doc["status"], "infeasible");
  EXPECT_FALSE(doc["has_plan"].get<bool>());
  EXPECT_TRUE(doc["moves"].empty());
  ASSERT_FALSE(doc["conflicts"].empty());
  // 30 teachers, 21 eligible: 3 must rotate, so 1 of them a backbone
  // teacher, but every backbone teacher is new at the school.
  EXPECT_EQ(doc["quota"]["required"], 3);
  EXPECT_EQ(doc["eligibility"]["movable_backbone"], 0);
  bool backbone = false;
  for (const json& c : doc["conflicts"]) {
    const std::string zh = c["message"]["zh"];
    EXPECT_FALSE(zh.empty());
    if (c["rule"] == "backbone") {
      backbone = true;
      EXPECT_NE(zh.find("骨干"), std::string::npos) << zh;
      EXPECT_EQ(c["amount"], 1) << zh;
    }
  }
  EXPECT_TRUE(backbone) << doc["conflicts"].dump();
}

TEST_F(RotationServiceTest, BadWorkbookListsItsErrorsAndStartsNoJob) {
  auto started = rot_->Start(jobs_, Upload("errors-rows.xlsx"));
  ASSERT_TRUE(started);
  EXPECT_TRUE(started->job.empty());
  EXPECT_EQ(started->errors.size(), 15u);
  // Nothing was kept to re-solve.
  RotationRequest again;
  again.county = county_;
  auto resolve = rot_->Start(jobs_, again);
  ASSERT_FALSE(resolve);
  EXPECT_EQ(resolve.error().id, "rotation.no_workbook");
}

TEST_F(RotationServiceTest, TimeLimitOutsideItsBoundsIsRefused) {
  RotationRequest r = Upload("county-small.xlsx");
  r.time_limit_seconds = 1;
  auto started = rot_->Start(jobs_, r);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().id, "rotation.time_limit");
  r.time_limit_seconds = 601;
  EXPECT_FALSE(rot_->Start(jobs_, r));
}

TEST_F(RotationServiceTest, TemplateIsPrefilledWithTheCountysEvaluatedSections) {
  auto bytes = rot_->Template(county_, kDefaultStandard);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto read = rotation_table::ReadRotationWorkbook(*bytes, "t.xlsx", 2025);
  // No teachers yet: the one error says so.
  ASSERT_EQ(read.errors.size(), 1u);
  EXPECT_EQ(read.errors[0].id, "rotation_table.empty");
  auto year = svc_->LatestYear();
  ASSERT_TRUE(year && *year);
  auto eval = svc_->EvaluateCounty(county_, **year);
  ASSERT_TRUE(eval);
  size_t sections = 0;
  for (const auto& st : (*eval)->stages) {
    if (st.stage == Stage::kPrimary || st.stage == Stage::kJunior) sections += st.sections.size();
  }
  ASSERT_GT(sections, 0u);
  // Read the prefilled rows back through a roster of one teacher.
  auto book = xlsx::ReadXlsx(*bytes, "t.xlsx");
  ASSERT_TRUE(book);
  const xlsx::Sheet* schools = book->Find("学校");
  ASSERT_NE(schools, nullptr);
  EXPECT_EQ(schools->rows.size() - 1, sections);
}

}  // namespace
}  // namespace jiaodu
