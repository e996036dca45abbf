#include "jiaodu/domain/standards/cv.h"

#include <cmath>

namespace jiaodu {

Result<CvStats> WeightedCv(std::span<const double> values, std::span<const double> weights) {
  if (values.size() != weights.size()) {
    return Fail(ErrorCode::kInternal, "cv.size_mismatch",
                Text("差异系数计算的数值与权重个数不一致", "values and weights differ in length"));
  }
  if (values.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "cv.no_schools",
                Text("没有可参加计算的学校，差异系数无法计算",
                     "no schools to compute the coefficient of variation"));
  }
  CvStats s;
  double weighted_sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (weights[i] < 0) {
      return Fail(ErrorCode::kInvalidInput, "cv.negative_weight",
                  Text("学生数不能为负，差异系数无法计算",
                       "negative student count in the coefficient of variation"));
    }
    s.total_weight += weights[i];
    weighted_sum += weights[i] * values[i];
  }
  if (s.total_weight <= 0) {
    return Fail(
        ErrorCode::kFailedPrecondition, "cv.zero_weight",
        Text("参加计算的学校学生数合计为 0，差异系数无法计算",
             "the schools have no students in total; the coefficient of variation is undefined"));
  }
  s.mean = weighted_sum / s.total_weight;
  if (s.mean == 0.0) {
    return Fail(
        ErrorCode::kFailedPrecondition, "cv.zero_mean",
        Text("全县平均值为 0，差异系数（标准差÷平均值）无定义",
             "the county mean is 0, so the coefficient of variation (SD ÷ mean) is undefined"));
  }
  s.terms.resize(values.size());
  double var = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    double d = values[i] - s.mean;
    s.terms[i] = (weights[i] / s.total_weight) * d * d;
    var += s.terms[i];
  }
  s.sd = std::sqrt(var);
  s.cv = s.sd / std::fabs(s.mean);
  return s;
}

}  // namespace jiaodu
