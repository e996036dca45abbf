// 政府保障程度 / 教育质量 / 社会认可度 items and the 一票否决 list, on a small
// hand-built county. Each test names the rule of the standard it checks.
#include <gtest/gtest.h>

#include "standards/case_loader.h"

namespace jiaodu::testing {
namespace {

class Items : public ::testing::Test {
 protected:
  void SetUp() override {
    st_ = LoadShippedStandard("cn-yzjh-2017");
    ASSERT_TRUE(st_);
    county_.county = "330100";
    county_.year = AcademicYear(2024);
    county_.values = FieldValues(st_->catalog->size());
  }

  SchoolYearRecord& AddSchool(const std::string& code, SchoolType type,
                              std::map<std::string, double> school_fields,
                              std::vector<std::pair<Stage, std::map<std::string, double>>> sections,
                              Locale locale = Locale::kUrban,
                              Ownership ownership = Ownership::kPublic, bool boarding = false) {
    auto rec = std::make_unique<SchoolYearRecord>();
    rec->school = School{code, "学校" + code, "330100", "", type, locale, ownership, boarding};
    rec->year = AcademicYear(2024);
    rec->values = FieldValues(st_->catalog->size());
    for (const auto& [k, v] : school_fields) rec->values.Set(*st_->catalog->IndexOf(k), v);
    for (const auto& [stage, fields] : sections) {
      SectionRecord sec;
      sec.stage = stage;
      sec.values = FieldValues(st_->catalog->size());
      sec.overrides = FieldValues(st_->catalog->size());
      for (const auto& [k, v] : fields) sec.values.Set(*st_->catalog->IndexOf(k), v);
      rec->sections.push_back(std::move(sec));
    }
    schools_.push_back(std::move(rec));
    return *schools_.back();
  }

  void County(const std::string& field, double v) {
    county_.values.Set(*st_->catalog->IndexOf(field), v);
  }

  CountyEvaluation Run(bool with_county = true) {
    CountyInput in;
    in.county_code = "330100";
    in.county_name = "测试县";
    in.year = AcademicYear(2024);
    for (const auto& s : schools_) in.schools.push_back(s.get());
    in.county = with_county ? &county_ : nullptr;
    return Engine(st_).EvaluateCounty(in);
  }

  static const ItemResult& Item(const CountyEvaluation& e, const std::string& id) {
    for (const auto& i : e.items) {
      if (i.id == id) return i;
    }
    static ItemResult none;
    ADD_FAILURE() << "no item " << id;
    return none;
  }

  std::shared_ptr<const Standard> st_;
  std::vector<std::unique_ptr<SchoolYearRecord>> schools_;
  CountyYearRecord county_;
};

TEST_F(Items, G3ThirteenClassesNeedTwoMusicRooms) {
  AddSchool("3301000001", SchoolType::kPrimary,
            {{"music_rooms", 1},
             {"art_rooms", 2},
             {"music_room_min_area", 100},
             {"art_room_min_area", 90}},
            {{Stage::kPrimary, {{"classes", 13}, {"students", 500}}}});
  AddSchool("3301000002", SchoolType::kPrimary,
            {{"music_rooms", 1},
             {"art_rooms", 1},
             {"music_room_min_area", 96},
             {"art_room_min_area", 90}},
            {{Stage::kPrimary, {{"classes", 12}, {"students", 480}}}});
  auto e = Run();
  const ItemResult& g3 = Item(e, "G3");
  ASSERT_EQ(g3.checks.size(), 4u);
  ASSERT_EQ(g3.checks[0].failing.size(), 1u);  // music rooms: 13 classes → ceil(13/12) = 2
  EXPECT_EQ(g3.checks[0].failing[0].school_code, "3301000001");
  EXPECT_EQ(*g3.checks[0].failing[0].required, 2.0);
  EXPECT_EQ(g3.checks[1].verdict, Verdict::kPass);  // art rooms 2 ≥ 2, 1 ≥ 1
  EXPECT_EQ(g3.checks[2].verdict, Verdict::kPass);  // 96 m² exactly is "不小于96"
  EXPECT_EQ(g3.verdict, Verdict::kFail);
}

TEST_F(Items, G4SizeLimitDependsOnSchoolTypeAndCountsCompulsoryGradesOnly) {
  AddSchool("3301000001", SchoolType::kPrimary, {}, {{Stage::kPrimary, {{"students", 2000}}}});
  AddSchool("3301000002", SchoolType::kNineYear, {},
            {{Stage::kPrimary, {{"students", 1500}}}, {Stage::kJunior, {{"students", 1000}}}});
  // A 完全中学's 高中部 does not count towards the 2000 limit.
  AddSchool("3301000003", SchoolType::kComplete, {},
            {{Stage::kJunior, {{"students", 1900}}}, {Stage::kSenior, {{"students", 2400}}}});
  auto ok = Run();
  EXPECT_EQ(Item(ok, "G4").verdict, Verdict::kPass);  // 2000 ≤ 2000, 2500 ≤ 2500, 1900
  AddSchool("3301000004", SchoolType::kJunior, {}, {{Stage::kJunior, {{"students", 2001}}}});
  auto e = Run();
  const ItemResult& g4 = Item(e, "G4");
  EXPECT_EQ(g4.verdict, Verdict::kFail);
  ASSERT_EQ(g4.checks[0].failing.size(), 1u);
  EXPECT_EQ(g4.checks[0].failing[0].school_code, "3301000004");
}

TEST_F(Items, G5ClassSizeLimitIs45Primary50Junior) {
  AddSchool(
      "3301000002", SchoolType::kNineYear, {},
      {{Stage::kPrimary, {{"max_class_size", 45}}}, {Stage::kJunior, {{"max_class_size", 50}}}});
  auto ok = Run();
  EXPECT_EQ(Item(ok, "G5").verdict, Verdict::kPass);
  schools_[0]->sections[0].values.Set(*st_->catalog->IndexOf("max_class_size"), 46);
  auto e = Run();
  const ItemResult& g5 = Item(e, "G5");
  EXPECT_EQ(g5.verdict, Verdict::kFail);
  ASSERT_EQ(g5.checks[0].failing.size(), 1u);
  EXPECT_EQ(*g5.checks[0].failing[0].stage, Stage::kPrimary);
}

TEST_F(Items, G6AppliesOnlyToRuralPrimarySchoolsUnder100) {
  County("funds_quota_primary", 700);
  AddSchool("3301000001", SchoolType::kTeachingPoint, {{"public_funds_allocated", 70000}},
            {{Stage::kPrimary, {{"students", 30}}}}, Locale::kRural);
  AddSchool("3301000002", SchoolType::kPrimary, {{"public_funds_allocated", 20000}},
            {{Stage::kPrimary, {{"students", 30}}}}, Locale::kUrban);  // urban: not covered
  auto e = Run();
  EXPECT_EQ(Item(e, "G6").verdict, Verdict::kPass);
  EXPECT_EQ(Item(e, "G6").checks[0].members, 1);
  schools_[0]->values.Set(*st_->catalog->IndexOf("public_funds_allocated"), 69999);
  auto after = Run();
  EXPECT_EQ(Item(after, "G6").verdict, Verdict::kFail);
}

TEST_F(Items, G6CoversTeachingPointsWhereverTheyAre) {
  County("funds_quota_primary", 700);
  AddSchool("3301000003", SchoolType::kTeachingPoint, {{"public_funds_allocated", 20000}},
            {{Stage::kPrimary, {{"students", 30}}}}, Locale::kTown);
  auto e = Run();
  EXPECT_EQ(Item(e, "G6").verdict, Verdict::kFail);
  ASSERT_EQ(Item(e, "G6").checks[0].failing.size(), 1u);
  EXPECT_EQ(*Item(e, "G6").checks[0].failing[0].required, 70000.0);  // 100 × 700 元
}

TEST_F(Items, G13CountsUrbanAndTownPublicNonBoardingSchoolsOnly) {
  auto nearby = [](double all, double near) {
    return std::map<std::string, double>{{"new_entrants", all}, {"new_entrants_nearby", near}};
  };
  AddSchool("3301000001", SchoolType::kPrimary, {}, {{Stage::kPrimary, nearby(100, 100)}});
  AddSchool("3301000002", SchoolType::kPrimary, {}, {{Stage::kPrimary, nearby(100, 50)}},
            Locale::kRural);
  AddSchool("3301000003", SchoolType::kPrimary, {}, {{Stage::kPrimary, nearby(100, 10)}},
            Locale::kUrban, Ownership::kPrivate);
  AddSchool("3301000004", SchoolType::kJunior, {}, {{Stage::kJunior, nearby(200, 190)}},
            Locale::kTown);
  AddSchool("3301000005", SchoolType::kJunior, {}, {{Stage::kJunior, nearby(100, 0)}},
            Locale::kTown, Ownership::kPublic, /*boarding=*/true);
  auto e = Run();
  const ItemResult& g13 = Item(e, "G13");
  ASSERT_EQ(g13.checks.size(), 2u);
  EXPECT_DOUBLE_EQ(*g13.checks[0].value, 1.0);   // only school 1 counts
  EXPECT_DOUBLE_EQ(*g13.checks[1].value, 0.95);  // 190 / 200: exactly 95% passes
  EXPECT_EQ(g13.verdict, Verdict::kPass);
}

TEST_F(Items, G11RotationNeedsBothTenAndTwentyPercent) {
  County("rotation_eligible", 1000);
  County("rotation_actual", 100);
  County("rotation_backbone", 19);
  auto e = Run();
  const ItemResult& g11 = Item(e, "G11");
  EXPECT_EQ(g11.checks[0].verdict, Verdict::kPass);  // 10% exactly
  EXPECT_EQ(g11.checks[1].verdict, Verdict::kFail);  // 19% < 20%
  EXPECT_EQ(g11.verdict, Verdict::kFail);
  EXPECT_NE(g11.reasons.at(0).zh.find("19.0%"), std::string::npos) << g11.reasons[0].zh;
}

TEST_F(Items, MissingCountyDataAndJudgmentsMakeItemsPendingNotPassing) {
  AddSchool("3301000001", SchoolType::kPrimary, {}, {{Stage::kPrimary, {{"students", 100}}}});
  auto e = Run(/*with_county=*/false);
  EXPECT_EQ(Item(e, "G7").verdict, Verdict::kIncomplete);
  EXPECT_EQ(Item(e, "G1").verdict, Verdict::kIncomplete);  // judgment not recorded
  EXPECT_EQ(Item(e, "R1").verdict, Verdict::kIncomplete);
  EXPECT_EQ(e.verdict, Verdict::kIncomplete);
}

TEST_F(Items, JudgedItemsAndRecognitionThreshold) {
  county_.judgments["G1"] = Judgment{JudgmentStatus::kMet, "", "布局规划（2021）"};
  county_.judgments["G2"] = Judgment{JudgmentStatus::kNotMet, "公用经费定额城乡不一致", ""};
  County("social_recognition_rate", 0.85);
  auto e = Run();
  EXPECT_EQ(Item(e, "G1").verdict, Verdict::kPass);
  EXPECT_EQ(Item(e, "G2").verdict, Verdict::kFail);
  EXPECT_EQ(Item(e, "R1").verdict, Verdict::kPass);  // 85% exactly is "85%以上"
  County("social_recognition_rate", 0.849);
  auto lower = Run();
  EXPECT_EQ(Item(lower, "R1").verdict, Verdict::kFail);
}

TEST_F(Items, AnyVetoFailsTheCountyAndIsTheFirstReason) {
  for (const Veto& v : st_->vetoes) county_.vetoes[v.id] = VetoRecord{false, ""};
  auto e = Run();
  EXPECT_EQ(e.veto_verdict, Verdict::kPass);
  county_.vetoes["V4"] = VetoRecord{true, "某校设重点班"};
  e = Run();
  EXPECT_EQ(e.veto_verdict, Verdict::kFail);
  EXPECT_EQ(e.verdict, Verdict::kFail);
  ASSERT_FALSE(e.reasons.empty());
  EXPECT_NE(e.reasons[0].zh.find("一票否决"), std::string::npos);
  EXPECT_NE(e.reasons[0].zh.find("重点班"), std::string::npos);
}

}  // namespace
}  // namespace jiaodu::testing
