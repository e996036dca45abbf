#include "jiaodu/app/review_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "jiaodu/app/review_test_util.h"
#include "jiaodu/app/test_util.h"

namespace jiaodu {
namespace {

using access::Principal;
using access::ReviewState;
using access::ReviewStep;
using access::Role;

constexpr DemoOptions kTwoYears{
    .seed = 7, .counties = 2, .schools = 12, .first_year = 2023, .years = 2};
constexpr AcademicYear kYear(2024);

class ReviewServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    svc_ = testing::DemoService(kTwoYears);
    ASSERT_NE(svc_, nullptr);
    ReviewChecks checks;
    checks.factor = 2.0;
    review_ = std::make_unique<ReviewService>(*svc_, checks, [this] { return now_; });
    const testing::ReviewSchools picked = testing::PickReviewSchools(*svc_, kYear);
    school_ = picked.school;
    county_ = picked.county;
    neighbour_ = picked.neighbour;
    other_county_ = picked.other_county;
    ASSERT_FALSE(other_county_.empty());
    clerk_ = Principal{"clerk1", Role::kSchoolClerk, county_, {school_}};
    reviewer_ = Principal{"rev1", Role::kSchoolReviewer, county_, {school_}};
    county_user_ = Principal{"county1", Role::kCounty, county_, {}};
    other_county_user_ = Principal{"county2", Role::kCounty, other_county_, {}};
    city_ = Principal{"city1", Role::kCity, "", {}};
    inspector_ = Principal{"du1", Role::kInspector, "", {school_}};
  }

  std::shared_ptr<const FieldCatalog> Catalog() {
    auto s = svc_->FindStandard(kDefaultStandard);
    EXPECT_TRUE(s);
    return (*s)->catalog;
  }

  // A field's current value in the clerk's form.
  double Value(const std::string& section, const std::string& field) {
    auto v = review_->SchoolView(clerk_, kYear, school_);
    EXPECT_TRUE(v) << v.error().Describe();
    for (const ReviewField& f : v->fields) {
      if (f.where.section == section && f.where.field == field && f.value) return *f.value;
    }
    ADD_FAILURE() << "no value of " << section << "/" << field;
    return 0;
  }

  // The first section's key.
  std::string Section() {
    auto v = review_->SchoolView(clerk_, kYear, school_);
    EXPECT_TRUE(v);
    for (const ReviewField& f : v->fields) {
      if (!f.where.section.empty()) return f.where.section;
    }
    return "";
  }

  Result<ReviewEvent> Step(const Principal& p, ReviewStep step, std::string reason = {},
                           std::vector<ReviewNote> notes = {},
                           std::vector<ReviewNote> confirmations = {}) {
    ReviewStepRequest r{step, std::move(reason), std::move(notes), std::move(confirmations)};
    return review_->TakeStep(p, kYear, school_, r, "10.0.0.9");
  }

  ReviewState State() {
    auto v = review_->SchoolView(city_, kYear, school_);
    EXPECT_TRUE(v);
    return v->state;
  }

  std::unique_ptr<Service> svc_;
  std::unique_ptr<ReviewService> review_;
  int64_t now_ = 1764000000;
  std::string school_, neighbour_, county_, other_county_;
  Principal clerk_, reviewer_, county_user_, other_county_user_, city_, inspector_;
};

TEST(ReviewChecks, TheShippedFileSetsFactorTwoAndSaysWhy) {
  auto c = LoadReviewChecks(std::filesystem::path(JIAODU_TEST_DATA_DIR) / "review" / "checks.toml");
  ASSERT_TRUE(c) << c.error().Describe();
  EXPECT_EQ(c->factor, 2.0);
  EXPECT_FALSE(c->reason.zh.empty());
}

TEST(ReviewChecks, AChangeIsFlaggedOnlyBeyondTheFactorEitherWay) {
  std::vector<FieldDef> defs(1);
  defs[0].id = "area";
  defs[0].level = FieldLevel::kSchool;
  FieldCatalog c("t", Text::Same("t"), defs);
  SchoolYearRecord before, now;
  before.values = FieldValues(1);
  now.values = FieldValues(1);
  auto flags = [&](double old_value, double new_value) {
    before.values.Set(0, old_value);
    now.values.Set(0, new_value);
    return CrossYearFlags(c, now, before, 2.0).size();
  };
  EXPECT_EQ(flags(100, 200), 0u) << "exactly double is not beyond the factor";
  EXPECT_EQ(flags(100, 201), 1u);
  EXPECT_EQ(flags(100, 50), 0u);
  EXPECT_EQ(flags(100, 49), 1u);
  EXPECT_EQ(flags(0, 500), 0u) << "no factor from zero";
}

TEST_F(ReviewServiceTest, TheChainRunsFromTheClerkToTheCityLockAndTheLockRefusesEveryChange) {
  const double ground = Value("", "sports_ground_area");
  ASSERT_GT(ground, 0);
  // The clerk triples the sports ground: flagged against last year.
  const std::vector<ReviewValueChange> triple{{{"", "sports_ground_area"}, ground * 3}};
  ASSERT_TRUE(review_->SaveValues(clerk_, kYear, school_, triple));
  auto view = review_->SchoolView(clerk_, kYear, school_);
  ASSERT_TRUE(view);
  ASSERT_EQ(view->flags.size(), 1u) << "only the tripled field moved beyond ×2";
  EXPECT_EQ(view->flags[0].where.field, "sports_ground_area");
  EXPECT_TRUE(view->editable);

  auto unconfirmed = Step(clerk_, ReviewStep::kSubmit);
  ASSERT_FALSE(unconfirmed);
  EXPECT_EQ(unconfirmed.error().id, "review.unconfirmed_changes");
  EXPECT_NE(unconfirmed.error().message.zh.find("运动场"), std::string::npos)
      << unconfirmed.error().message.zh;
  EXPECT_EQ(State(), ReviewState::kDraft);

  const std::vector<ReviewNote> confirm{{"", "sports_ground_area", "新建运动场投用"}};
  auto submitted = Step(clerk_, ReviewStep::kSubmit, "", {}, confirm);
  ASSERT_TRUE(submitted) << submitted.error().Describe();
  EXPECT_EQ(submitted->to, ReviewState::kSchoolReview);
  ASSERT_EQ(submitted->notes.size(), 1u);
  auto busy = review_->SaveValues(clerk_, kYear, school_, triple);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().id, "review.not_editable");

  ASSERT_TRUE(Step(reviewer_, ReviewStep::kApprove));
  auto bare = Step(county_user_, ReviewStep::kReturn, "数据有误");
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().id, "review.needs_items") << "a county return names the fields";
  const std::vector<ReviewNote> note{
      {"", "sports_ground_area", "新运动场尚未验收，请按原面积填报"}};
  auto returned = Step(county_user_, ReviewStep::kReturn, "运动场面积有误", note);
  ASSERT_TRUE(returned) << returned.error().Describe();
  EXPECT_EQ(returned->to, ReviewState::kDraft);

  // The clerk fixes the value and resubmits: nothing flagged now.
  const std::vector<ReviewValueChange> fix{{{"", "sports_ground_area"}, ground}};
  ASSERT_TRUE(review_->SaveValues(clerk_, kYear, school_, fix));
  ASSERT_TRUE(Step(clerk_, ReviewStep::kSubmit));
  ASSERT_TRUE(Step(reviewer_, ReviewStep::kApprove));
  ASSERT_TRUE(Step(county_user_, ReviewStep::kApprove));
  auto locked = Step(city_, ReviewStep::kApprove);
  ASSERT_TRUE(locked) << locked.error().Describe();
  EXPECT_EQ(locked->to, ReviewState::kLocked);

  auto save = review_->SaveValues(clerk_, kYear, school_, fix);
  ASSERT_FALSE(save);
  EXPECT_EQ(save.error().id, "review.locked");
  // A bulk import naming the school is refused whole, the neighbour too.
  auto rows = svc_->storage().LoadSchoolYears(*Catalog(), kYear, std::vector{county_});
  ASSERT_TRUE(rows);
  ImportBatch bulk;
  bulk.user = "county1";
  bulk.datasets.push_back(DatasetBatch{Catalog(), *rows, {}});
  auto imported = svc_->storage().ApplyImport(bulk);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().id, "review.locked");

  auto no_reason = Step(city_, ReviewStep::kReopen);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().id, "review.needs_reason");
  ASSERT_TRUE(Step(city_, ReviewStep::kReopen, "发现在校生数统计口径错误"));
  EXPECT_TRUE(review_->SaveValues(clerk_, kYear, school_, fix));

  auto history = review_->SchoolView(city_, kYear, school_);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->events.size(), 8u);
  EXPECT_EQ(history->events[2].notes[0].note, note[0].note);
  AuditQuery q;
  q.object_kind = "review";
  q.object_id = "2024/" + school_;
  auto audit = svc_->storage().FindAudit(q);
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->size(), 8u) << "one chained audit entry per step";
  EXPECT_EQ((*audit)[0].reason, "发现在校生数统计口径错误");
  EXPECT_EQ((*audit)[0].from, "10.0.0.9");
}

TEST_F(ReviewServiceTest, SubmitIsRefusedInChineseWhileARequiredFieldIsEmpty) {
  const std::string section = Section();
  ASSERT_TRUE(
      review_->SaveValues(clerk_, kYear, school_,
                          std::vector<ReviewValueChange>{{{section, "students"}, std::nullopt}}));
  auto r = Step(clerk_, ReviewStep::kSubmit);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "review.invalid");
  EXPECT_NE(r.error().message.zh.find("必填"), std::string::npos) << r.error().message.zh;
  EXPECT_EQ(State(), ReviewState::kDraft);
}

TEST_F(ReviewServiceTest, SubmitRunsTheCatalogsCrossFieldRules) {
  const std::string section = Section();
  const double students = Value(section, "students");
  // max_class_size × classes >= students no longer holds.
  ASSERT_TRUE(
      review_->SaveValues(clerk_, kYear, school_,
                          std::vector<ReviewValueChange>{{{section, "students"}, students * 3}}));
  auto r = Step(clerk_, ReviewStep::kSubmit);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().id, "review.invalid");
  EXPECT_NE(r.error().message.zh.find("最大班额"), std::string::npos) << r.error().message.zh;
}

TEST_F(ReviewServiceTest, IllegalStepsAndOtherRolesStepsAreRefusedInChinese) {
  auto early = Step(reviewer_, ReviewStep::kApprove);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().id, "review.not_allowed");
  EXPECT_NE(early.error().message.zh.find("填报中"), std::string::npos);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(Step(clerk_, ReviewStep::kSubmit));
  auto county_first = Step(county_user_, ReviewStep::kApprove);
  ASSERT_FALSE(county_first);
  EXPECT_EQ(county_first.error().id, "review.wrong_role");
  auto inspector = Step(inspector_, ReviewStep::kApprove);
  ASSERT_FALSE(inspector);
  EXPECT_EQ(inspector.error().id, "review.wrong_role") << "督学 read, they do not review";
  EXPECT_EQ(State(), ReviewState::kSchoolReview);
}

TEST_F(ReviewServiceTest, UsersReachOnlyTheSchoolsOfTheirArea) {
  // A clerk of another school neither reads nor writes this one.
  Principal stranger{"clerk2", Role::kSchoolClerk, county_, {neighbour_}};
  auto read = review_->SchoolView(stranger, kYear, school_);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().id, "access.denied_scope");
  const std::string section = Section();
  auto write = review_->SaveValues(stranger, kYear, school_,
                                   std::vector<ReviewValueChange>{{{section, "students"}, 1.0}});
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().id, "access.denied_scope");
  // Another county sees neither the school nor its county's table.
  EXPECT_FALSE(review_->SchoolView(other_county_user_, kYear, school_));
  auto table = review_->AreaStatus(other_county_user_, kYear, county_);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().id, "access.denied_scope");
  // The 督学 reads the assigned school, cannot edit it, and no other.
  auto assigned = review_->SchoolView(inspector_, kYear, school_);
  ASSERT_TRUE(assigned);
  EXPECT_FALSE(assigned->editable);
  EXPECT_TRUE(assigned->steps.empty());
  EXPECT_FALSE(review_->SchoolView(inspector_, kYear, neighbour_));
  EXPECT_EQ(review_
                ->SaveValues(inspector_, kYear, school_,
                             std::vector<ReviewValueChange>{{{section, "students"}, 1.0}})
                .error()
                .id,
            "access.denied_role");
}

TEST_F(ReviewServiceTest, EachRoleQueueHoldsWhatWaitsForItInItsArea) {
  ASSERT_TRUE(Step(clerk_, ReviewStep::kSubmit));
  auto mine = review_->Queue(reviewer_, kYear);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->waiting.size(), 1u);
  EXPECT_EQ(mine->waiting[0].school.code, school_);
  EXPECT_TRUE(review_->Queue(county_user_, kYear)->waiting.empty());
  ASSERT_TRUE(Step(reviewer_, ReviewStep::kApprove));
  auto county = review_->Queue(county_user_, kYear);
  ASSERT_TRUE(county);
  ASSERT_EQ(county->waiting.size(), 1u);
  EXPECT_EQ(county->waiting[0].state, ReviewState::kCountyReview);
  EXPECT_TRUE(review_->Queue(other_county_user_, kYear)->waiting.empty());
  // The clerk's queue is the school itself while it is being filled.
  EXPECT_TRUE(review_->Queue(clerk_, kYear)->waiting.empty());
  auto table = review_->AreaStatus(county_user_, kYear, county_);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->counts[static_cast<size_t>(ReviewState::kCountyReview)], 1);
  EXPECT_EQ(table->counts[static_cast<size_t>(ReviewState::kDraft)] + 1,
            static_cast<int>(table->schools.size()));
}

}  // namespace
}  // namespace jiaodu
