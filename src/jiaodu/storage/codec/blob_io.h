// File: jiaodu/storage/codec/blob_io.h
//
// The byte-level pieces every blob codec of this folder writes and reads
// (fitness_blob, quality_blob): little-endian scalars, length-prefixed
// strings, "narrow" integer columns and a bounds-checked cursor. Kept in one
// place so both formats stay byte-compatible in how they spell the same
// thing, and a fix to the reader's bounds checks reaches both.
#ifndef JIAODU_STORAGE_CODEC_BLOB_IO_H_
#define JIAODU_STORAGE_CODEC_BLOB_IO_H_

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace jiaodu::blob_io {

// The missing marker of a narrow column in memory.
inline constexpr int32_t kNone = std::numeric_limits<int32_t>::min();

template <typename T>
void Put(std::string& out, T v) {
  // Little-endian on every machine we build for (x86-64, arm64); the
  // static_assert keeps a big-endian port from writing silently wrong files.
  static_assert(std::endian::native == std::endian::little);
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

template <typename T>
void PutArray(std::string& out, const std::vector<T>& v) {
  if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

// A column of int32 as the narrowest of 1, 2 or 4 bytes that holds every
// value, after a u8 width; missing (kNone) becomes that width's minimum.
// Most values fit 1 or 2 bytes, which halves a city's database.
inline void PutNarrow(std::string& out, const std::vector<int32_t>& v) {
  int32_t lo = 0, hi = 0;
  for (int32_t x : v) {
    if (x == kNone) continue;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  const uint8_t width = lo > INT8_MIN && hi <= INT8_MAX     ? 1
                        : lo > INT16_MIN && hi <= INT16_MAX ? 2
                                                            : 4;
  Put<uint8_t>(out, width);
  if (width == 4) return PutArray(out, v);
  for (int32_t x : v) {
    if (width == 1) {
      Put<int8_t>(out, x == kNone ? int8_t{INT8_MIN} : static_cast<int8_t>(x));
    } else {
      Put<int16_t>(out, x == kNone ? int16_t{INT16_MIN} : static_cast<int16_t>(x));
    }
  }
}

// A string after its length as u8 (max ≤ 255) or u16, cut at `max` bytes.
inline void PutShort(std::string& out, std::string_view s, size_t max) {
  const size_t n = std::min(s.size(), max);
  if (max <= 255) {
    Put<uint8_t>(out, static_cast<uint8_t>(n));
  } else {
    Put<uint16_t>(out, static_cast<uint16_t>(n));
  }
  out.append(s.substr(0, n));
}

template <typename T>
T At(const char* p, size_t i) {
  T v;
  std::memcpy(&v, p + i * sizeof(T), sizeof(T));
  return v;
}

// A column PutNarrow wrote.
struct Narrow {
  const char* p = nullptr;
  uint8_t width = 4;
  int32_t operator[](size_t i) const {
    switch (width) {
      case 1: {
        const auto v = At<int8_t>(p, i);
        return v == INT8_MIN ? kNone : v;
      }
      case 2: {
        const auto v = At<int16_t>(p, i);
        return v == INT16_MIN ? kNone : v;
      }
      default:
        return At<int32_t>(p, i);
    }
  }
};

// A bounds-checked cursor over a blob: every read says whether it fit.
class Cursor {
 public:
  explicit Cursor(std::string_view b) : b_(b) {}
  template <typename T>
  bool Get(T& v) {
    if (b_.size() - at_ < sizeof(T)) return false;
    std::memcpy(&v, b_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return true;
  }
  bool Bytes(size_t n, std::string_view& v) {
    if (b_.size() - at_ < n) return false;
    v = b_.substr(at_, n);
    at_ += n;
    return true;
  }
  // A string PutShort wrote with a u8 (LenT = uint8_t) or u16 length.
  template <typename LenT>
  bool Short(std::string_view& v) {
    LenT len = 0;
    return Get(len) && Bytes(len, v);
  }
  // A column of n fixed-size values, left in place (read with At()).
  bool Array(size_t n, size_t width, const char*& p) {
    if (n > (b_.size() - at_) / width) return false;
    p = b_.data() + at_;
    at_ += n * width;
    return true;
  }
  bool Column(size_t n, Narrow& c) {
    return Get(c.width) && (c.width == 1 || c.width == 2 || c.width == 4) && Array(n, c.width, c.p);
  }
  size_t at() const { return at_; }

 private:
  std::string_view b_;
  size_t at_ = 0;
};

}  // namespace jiaodu::blob_io

#endif  // JIAODU_STORAGE_CODEC_BLOB_IO_H_
