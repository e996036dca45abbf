#include "jiaodu/domain/fitness/scorer.h"

#include <fmt/format.h>

namespace jiaodu::fitness {

int32_t BmiTenths(int32_t height, int32_t weight) {
  if (height == kMissing || weight == kMissing || height <= 0 || weight <= 0) return kMissing;
  // BMI = (W/10 kg) / (H/1000 m)² = W·10⁵ / H², so BMI×10 = W·10⁶ / H².
  // Half-up to a whole number of tenths: floor((2·W·10⁶ + H²) / (2·H²)).
  const int64_t h2 = static_cast<int64_t>(height) * height;
  const int64_t num = 2 * static_cast<int64_t>(weight) * 1000000 + h2;
  return static_cast<int32_t>(num / (2 * h2));
}

int ScoreOf(const std::vector<ScoreRow>& rows, Better better, int32_t ticks) {
  for (const ScoreRow& row : rows) {
    bool reached = better == Better::kHigher ? ticks >= row.ticks : ticks <= row.ticks;
    if (reached) return row.score;
  }
  return 0;
}

int BonusOf(const std::vector<ScoreRow>& rows, const std::vector<BonusRow>& bonus, Better better,
            int32_t ticks) {
  if (rows.empty() || bonus.empty()) return 0;
  const int32_t top = rows.front().ticks;
  for (const BonusRow& row : bonus) {
    int32_t need = top + row.delta;
    bool reached = better == Better::kHigher ? ticks >= need : ticks <= need;
    if (reached) return row.points;
  }
  return 0;
}

StudentScore Score(const FitnessStandard& standard, const StudentInput& in) {
  StudentScore out;
  if (in.status == TestStatus::kExempt) {
    out.status = ScoreStatus::kExempt;
    return out;
  }
  if (in.status == TestStatus::kDeferred) {
    out.status = ScoreStatus::kDeferred;
    return out;
  }
  const TestPlan* plan = standard.Plan(in.grade_code, in.sex);
  if (plan == nullptr) {
    out.status = ScoreStatus::kNoPlan;
    return out;
  }
  const auto& items = standard.items();
  int64_t weighted = 0;  // Σ score × weight, i.e. 标准分 × 100
  int bonus = 0;
  for (const PlanItem& pi : plan->items) {
    ItemScore& s = out.items[out.item_count++];
    s.item = static_cast<int8_t>(pi.item);
    s.weight = static_cast<uint8_t>(pi.weight);
    const Item& item = items[static_cast<size_t>(pi.item)];
    if (item.kind == ItemKind::kBmi) {
      int32_t bmi = BmiTenths(in.height, in.weight);
      s.value = bmi;
      if (bmi != kMissing) {
        for (size_t b = 0; b < pi.bmi_bands.size(); ++b) {
          const BmiBand& band = pi.bmi_bands[b];
          if ((band.lo == kMissing || bmi >= band.lo) && (band.hi == kMissing || bmi <= band.hi)) {
            s.score = static_cast<uint8_t>(band.score);
            s.level = static_cast<int8_t>(b);
            s.missing = false;
            break;
          }
        }
      }
    } else {
      int32_t v = static_cast<size_t>(pi.item) < in.values.size()
                      ? in.values[static_cast<size_t>(pi.item)]
                      : kMissing;
      s.value = v;
      if (v != kMissing) {
        s.missing = false;
        int score = ScoreOf(pi.rows, item.better, v);
        s.score = static_cast<uint8_t>(score);
        s.level = static_cast<int8_t>(standard.LevelOf(score * 100));
        if (score == pi.rows.front().score && !pi.bonus.empty()) {
          s.bonus = static_cast<uint8_t>(BonusOf(pi.rows, pi.bonus, item.better, v));
          bonus += s.bonus;
        }
      }
    }
    if (s.missing) ++out.missing_count;
    weighted += static_cast<int64_t>(s.score) * pi.weight;
  }
  const int max_bonus = standard.spec().max_bonus;
  out.bonus = bonus > max_bonus ? max_bonus : bonus;
  out.standard_hundredths = static_cast<int32_t>(weighted);
  out.total_hundredths = out.standard_hundredths + out.bonus * 100;
  out.level = static_cast<int8_t>(standard.LevelOf(out.total_hundredths));
  out.status = out.missing_count == 0 ? ScoreStatus::kComplete : ScoreStatus::kIncomplete;
  return out;
}

int32_t GraduationHundredths(const FitnessStandard& standard, int32_t final_year,
                             std::span<const int32_t> others) {
  if (others.empty()) return final_year;
  int64_t sum = 0;
  for (int32_t v : others) sum += v;
  // final × wf + (sum / n) × wo, in hundredths, rounded half-up once at the
  // end (weights are given to at most two decimals: work in 1/100 of them).
  const auto wf = static_cast<int64_t>(standard.spec().graduation_final_weight * 100 + 0.5);
  const auto wo = static_cast<int64_t>(standard.spec().graduation_other_weight * 100 + 0.5);
  const auto n = static_cast<int64_t>(others.size());
  // value×100·n = final·wf·n + sum·wo, then ÷ (100·n) with half-up.
  const int64_t num = final_year * wf * n + sum * wo;
  const int64_t den = 100 * n;
  const int64_t q = num >= 0 ? (2 * num + den) / (2 * den) : -((-2 * num + den) / (2 * den));
  return static_cast<int32_t>(q);
}

std::string FormatScore(int32_t h) {
  return h % 10 == 0 ? FormatFixed(h / 10, 1) : FormatFixed(h, 2);
}

std::string FormatHundredths(int32_t h) {
  bool neg = h < 0;
  int32_t a = neg ? -h : h;
  std::string s = fmt::format("{}{}", neg ? "-" : "", a / 100);
  int frac = a % 100;
  if (frac == 0) return s;
  if (frac % 10 == 0) return fmt::format("{}.{}", s, frac / 10);
  return fmt::format("{}.{:02}", s, frac);
}

}  // namespace jiaodu::fitness
