// File: jiaodu/formats/report_text/report_text.h
//
// The words of a county report: the summaries, thresholds, failure lines,
// remedies and goal lines that the Excel and the PDF reports both print.
// One place, so that the downloaded workbook and the printed annex never say
// different things about the same evaluation. Pure text over the domain's
// results; no file format here.
//
//   for (const PartVerdict& p : e.parts) row(p.name.zh, PartDetail(standard, e, p));
#ifndef JIAODU_FORMATS_REPORT_TEXT_REPORT_TEXT_H_
#define JIAODU_FORMATS_REPORT_TEXT_REPORT_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/text.h"
#include "jiaodu/domain/standards/evaluation.h"
#include "jiaodu/domain/standards/standard.h"

namespace jiaodu::report {

inline constexpr std::string_view kDash = "—";

// The colours of good / warning / bad / not computed, shared by the Excel
// and the PDF report so the downloaded and the printed results read alike:
// Excel's own conditional-format presets ("浅红填充色深红色文本" ...), which
// bureau staff already read as good / warning / bad. RGB as 0xRRGGBB.
namespace palette {
inline constexpr uint32_t kGoodFill = 0xC6EFCE;
inline constexpr uint32_t kGoodFont = 0x006100;
inline constexpr uint32_t kWarnFill = 0xFFEB9C;
inline constexpr uint32_t kWarnFont = 0x9C5700;
inline constexpr uint32_t kBadFill = 0xFFC7CE;
inline constexpr uint32_t kBadFont = 0x9C0006;
inline constexpr uint32_t kGreyFill = 0xEDEDED;
inline constexpr uint32_t kGreyFont = 0x595959;
}  // namespace palette

// Joins the non-empty parts.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string JoinZh(const std::vector<Text>& texts, std::string_view sep);

// As the engine shows values in reasons (engine.cc): percentages × 100.
std::string ShowValue(double v, bool percent, int decimals);
// ShowValue with the unit ("12.50 平方米", "83.20%").
std::string ShowWithUnit(double v, bool percent, int decimals, const Text& unit);
// "—" for a missing or non-finite value.
std::string ShowOptional(std::optional<double> v, int decimals);
// Resource amounts are whole lever steps (1 人, 1 平方米, 100 元); a
// fractional step keeps two decimals.
std::string ShowAmount(double v);

// The report's name comes from the standard (report_title), so a 2012
// monitoring report is not called 优质均衡.
std::string ReportTitle(const Standard& standard);
// "城关区2024-2025学年"
std::string CountyYear(const CountyEvaluation& e);
// "学校" / "幼儿园": what the standard's members are called.
std::string MemberNoun(const Standard& standard);

// What the per-member table of a stage is called: "小学校级资源配置指标",
// or from the standard's resource name ("幼儿园办园条件指标").
std::string MembersTableTitle(const Standard& standard, Stage stage);
// The weight column's name from the catalog ("在校生数", "在园幼儿数").
std::string WeightName(const Standard& standard);
// The per-member rule in a sentence, with the legend of the value colours.
std::string SchoolRuleNote(const Standard& standard);

// "L1 每百名学生拥有高于规定学历教师数（人）"
std::string IndicatorHeader(const Indicator& ind);
// "≥4.20"; empty when the indicator has no standard for the stage.
std::string StandardText(const Indicator& ind, Stage stage);
// "85%": the share of the standard the other indicators must reach.
std::string FloorPercent(const Standard& standard);
// "小学（参评学校 53 所，学生 69,281 人）"
std::string StageBlockTitle(const Standard& standard, const StageResult& sr);

const CvResult* FindCv(const StageResult& sr, const std::string& id, size_t hint);
const IndicatorValue* FindValue(const SectionResult& s, const std::string& id, size_t hint);

// What a Change is for, told from its values: lifting a school to the
// standard, only to the floor the rule tolerates for one indicator, or (a
// school already at the standard, or a standard without a per-school rule)
// lowering a 差异系数. Change::target alone does not say: a whole step of
// the lever may overshoot a floor target.
std::string PurposeName(const Standard& standard, const Change& c);

// One line per stage: members, passing, failing, CVs over their limit.
std::string StageSummary(const Standard& standard, const StageResult& sr);
// "共 9 项：达标 7 项，未达标 1 项，待定 1 项"
std::string ItemsSummary(const CountyEvaluation& e, ItemPart part);
std::string VetoSummary(const CountyEvaluation& e);
// The 说明 of a part's row (e.parts): stage lines, item counts or vetoes.
std::string PartDetail(const Standard& standard, const CountyEvaluation& e, const PartVerdict& p);
// The sentence beside the overall verdict, naming the failing parts.
std::string OverallSummary(const Standard& standard, const CountyEvaluation& e);
// "普及普惠水平、政府保障程度…": the item parts the standard has, for titles.
std::string ItemPartsTitle(const Standard& standard);

// "≥85.00%", per stage, in words, or "各校应达值（逐校计算）".
std::string ThresholdText(const CheckResult& c);
// "城关幼儿园：12.30 平方米，应≥15.00 平方米"
std::string FailureText(const CheckResult& c, const CheckFailure& f);
// The failing members then those with missing data, cut after `max_listed`.
std::string SchoolsText(const CheckResult& c, size_t max_listed);
// "非普惠性民办园转为普惠性民办园：1,230 人（达到 80.02%）", or why no
// amount reaches the threshold.
std::string RemedyText(const CheckResult& c, const CheckRemedyResult& r);
std::string RemedyText(const GoalTargetResult& t, const CheckRemedyResult& r);
// One check in a line or two, with its remedies and the first failing members.
std::string CheckText(const CheckResult& c, size_t max_listed);
// A goal is reached or not (已达到 / 未达到 / 待定), never 达标.
std::string_view GoalStateName(Verdict v);
// "普惠性幼儿园覆盖率：76.50%，目标≥80.00%，未达到"
std::string GoalTargetText(const GoalTargetResult& t);

}  // namespace jiaodu::report

#endif  // JIAODU_FORMATS_REPORT_TEXT_REPORT_TEXT_H_
