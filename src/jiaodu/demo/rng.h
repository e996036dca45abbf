// File: jiaodu/demo/rng.h
//
// The demo generators' random numbers: SplitMix64, tiny, fast and the same
// on every platform and compiler (std::mt19937 is, but the std
// distributions are not), so a seed always gives the same demo city.
#ifndef JIAODU_DEMO_RNG_H_
#define JIAODU_DEMO_RNG_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace jiaodu::demo {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  int Int(int lo, int hi) { return lo + static_cast<int>(Uniform() * (hi - lo + 1)); }
  // 0 .. n-1
  size_t Below(size_t n) { return static_cast<size_t>(Uniform() * static_cast<double>(n)); }
  // Box–Muller.
  double Normal() {
    const double u1 = std::max(Uniform(), 1e-300);
    const double u2 = Uniform();
    return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  uint64_t state_;
};

}  // namespace jiaodu::demo

#endif  // JIAODU_DEMO_RNG_H_
