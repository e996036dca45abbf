// File: jiaodu/formats/pdf/fitness_card.h
//
// The 学生体质健康登记卡 of the 《国家学生体质健康标准（2014年修订）》: one A4
// portrait page per student, the card a school files for every student
// ("每个学生每学年评定一次，记入《国家学生体质健康标准》登记卡", 说明 8).
//
//   std::vector<CardStudent> cards;
//   for (size_t i = 0; i < roster.size(); ++i)
//     cards.push_back(CardStudentFromRoster(roster, i, "东湖第一小学", "2025-2026学年"));
//   std::string bytes = JIAODU_TRY(FitnessCardsPdf(standard, cards, "东湖第一小学 2025-2026学年"));
//
// A card lists the school years of one 学段 side by side: the columns are
// the standard's grades of that 学段 (小学 6, 初中 3, 高中 3, 大学 4 with the
// shipped standard; a province's file with other grades gets other columns),
// each split into 成绩 / 得分 / 等级. The years given are filled, the others
// left blank for the years to come. Rows, top to bottom:
//   * the student: 学校, 班级, 学籍号, 姓名, 性别, 民族, 出生日期;
//   * 身高 and 体重 (measured, not scored), then every 单项指标 the 学段
//     tests for the student's sex, in the standard's order (a grade that
//     does not test an item has that cell shaded; a 缺测 item reads "缺测"
//     and scores 0, decision F4);
//   * 标准分, the 加分指标 (the 附加分 of each bonus item), 附加分, 学年总分,
//     等级评定 (免予执行 / 暂缓执行 for 免测 and 缓测 years, with "缺项" under
//     the level of a year scored with a missing item);
//   * 体育教师签字 and 班主任签字, blank lines per year;
//   * 毕业成绩 and its 等级评定.
// The official text's annexed card forms were not retrievable
// (docs/fitness-sources.md A4): the rows follow 说明 6–8 (学年总分 =
// 标准分 + 附加分, 等级 from the 学年总分, 毕业成绩 = 50% × 毕业当年 +
// 50% × 其他学年平均), and "特殊学制的学校…可以按规定和需求相应地增减栏目"
// is why the columns come from the standard file.
//
// Scores are computed here (fitness::Score) from the results given, so a
// card can never disagree with the workbook export.
//
// Errors: pdf.font_missing (kFailedPrecondition: fonts-noto-cjk is not
// installed), pdf.write_failed (kIo), fitness.card_grade (kInvalidInput: a
// student with no year, or a year whose 年级编号 the standard does not have
// or that is outside the 学段 codes 1x 小学, 2x 初中, 3x 高中, 4x 大学)
// and fitness.card_duplicate_grade (kInvalidInput: two years of one student
// in the same grade; a repeated year needs its own card). Both name the
// student. Safe to call from several threads at once.
#ifndef JIAODU_FORMATS_PDF_FITNESS_CARD_H_
#define JIAODU_FORMATS_PDF_FITNESS_CARD_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/domain/fitness/roster.h"
#include "jiaodu/domain/fitness/scorer.h"
#include "jiaodu/domain/fitness/standard.h"

namespace jiaodu {

// One school year's test, as recorded. The card scores it.
struct CardYear {
  std::string year_label = {};  // "2024-2025学年", printed under the grade
  int grade = 0;                // 年级编号 (11 = 小学一年级)
  fitness::TestStatus status = fitness::TestStatus::kTested;
  int32_t height = fitness::kMissing;  // tenths of a cm
  int32_t weight = fitness::kMissing;  // tenths of a kg
  // Results in ticks by the standard's item index (see standard.h);
  // fitness::kMissing, or a vector shorter than the item list, for none.
  std::vector<int32_t> values = {};
};

struct CardStudent {
  std::string school_name = {};
  std::string class_name = {};
  std::string student_id = {};  // 学籍号
  std::string name = {};
  fitness::Sex sex = fitness::Sex::kMale;
  std::string ethnic = {};  // printed as given (see EthnicName for the 民族代码)
  std::string birth = {};   // printed as given ("2012-03-01")
  // Any order. The card is for the 学段 of the highest 年级编号 given; years
  // of an earlier 学段 (a 九年一贯制 pupil's 小学 years on his 初中 card)
  // belong on that 学段's card and are left out.
  std::vector<CardYear> years = {};
  // 毕业成绩 in hundredths. When empty it is computed
  // (fitness::GraduationHundredths) if the 学段's 毕业年级 is among the years
  // and was scored: that year's 学年总分 against the mean of the other
  // scored years of the 学段. Otherwise the line is left blank.
  std::optional<int32_t> graduation_hundredths = {};
};

// The card data of roster student `i`, with that roster's year as its only
// year: the usual call for a school's cards of one year. 民族代码 becomes the
// 民族 (EthnicName), an 8-digit 出生日期 "20120301" reads "2012-03-01", the
// class is the roster's 班级名称 (or 班级编号).
CardStudent CardStudentFromRoster(const fitness::Roster& roster, size_t i, std::string school_name,
                                  std::string year_label);

// The name of a 民族代码 of GB/T 3304 ("01" → "汉族", "1" → "汉族", "97" →
// "其他"); any other text is returned unchanged.
std::string EthnicName(std::string_view code);

// The cards, one page per student, in the order given (no students: one
// page with only the running header). `title_year_label` heads every page
// (e.g. "东湖第一小学 2025-2026学年").
Result<std::string> FitnessCardsPdf(const fitness::FitnessStandard& standard,
                                    std::span<const CardStudent> students,
                                    std::string_view title_year_label);

}  // namespace jiaodu

#endif  // JIAODU_FORMATS_PDF_FITNESS_CARD_H_
