#include "jiaodu/formats/pdf/cff_guard.h"

#include <algorithm>
#include <utility>

namespace jiaodu::pdf {
namespace {

// CFF operators (Adobe TN 5176) and Type 2 charstring operators (TN 5177).
constexpr int kOpCharStrings = 17;
constexpr int kOpPrivate = 18;
constexpr int kOpSubrs = 19;
constexpr int kOpRos = 0x0c1e;
constexpr int kOpFdArray = 0x0c24;
constexpr int kOpFdSelect = 0x0c25;

constexpr uint8_t kHstem = 1;
constexpr uint8_t kVstem = 3;
constexpr uint8_t kVmoveto = 4;
constexpr uint8_t kCallsubr = 10;
constexpr uint8_t kReturn = 11;
constexpr uint8_t kEscape = 12;
constexpr uint8_t kEndchar = 14;
constexpr uint8_t kHstemhm = 18;
constexpr uint8_t kHintmask = 19;
constexpr uint8_t kCntrmask = 20;
constexpr uint8_t kRmoveto = 21;
constexpr uint8_t kHmoveto = 22;
constexpr uint8_t kVstemhm = 23;
constexpr uint8_t kCallgsubr = 29;

// The Type 2 spec's limit, which cairo also applies.
constexpr int kMaxNesting = 10;

bool IsStem(uint8_t b) { return b == kHstem || b == kVstem || b == kHstemhm || b == kVstemhm; }

// Subroutine numbers are biased by the size of their index (TN 5177 §4.7).
int Bias(size_t count) { return count < 1240 ? 107 : count < 33900 ? 1131 : 32768; }

// A DICT's entries: operator → operands (integers; reals read as 0, they
// only occur in entries we do not use).
std::vector<std::pair<int, std::vector<long>>> ParseDict(std::span<const uint8_t> d) {
  std::vector<std::pair<int, std::vector<long>>> out;
  std::vector<long> operands;
  size_t p = 0;
  while (p < d.size()) {
    const uint8_t b = d[p];
    if (b <= 21) {
      int op = b;
      if (b == kEscape) {
        if (p + 1 >= d.size()) break;
        op = 0x0c00 | d[p + 1];
        p += 2;
      } else {
        p += 1;
      }
      out.emplace_back(op, std::move(operands));
      operands.clear();
    } else if (b == 28) {
      if (p + 2 >= d.size()) break;
      operands.push_back(static_cast<int16_t>(static_cast<uint16_t>(d[p + 1] << 8 | d[p + 2])));
      p += 3;
    } else if (b == 29) {
      if (p + 4 >= d.size()) break;
      const uint32_t v = static_cast<uint32_t>(d[p + 1]) << 24 |
                         static_cast<uint32_t>(d[p + 2]) << 16 |
                         static_cast<uint32_t>(d[p + 3]) << 8 | d[p + 4];
      operands.push_back(static_cast<int32_t>(v));
      p += 5;
    } else if (b == 30) {  // real: nibbles up to an 0xf nibble
      ++p;
      while (p < d.size() && (d[p] & 0x0f) != 0x0f && (d[p] >> 4) != 0x0f) ++p;
      ++p;
      operands.push_back(0);
    } else if (b >= 32 && b <= 246) {
      operands.push_back(static_cast<long>(b) - 139);
      p += 1;
    } else if (b >= 247 && b <= 254) {
      if (p + 1 >= d.size()) break;
      const long v = (static_cast<long>(b) - (b <= 250 ? 247 : 251)) * 256 + d[p + 1] + 108;
      operands.push_back(b <= 250 ? v : -v);
      p += 2;
    } else {
      return {};  // reserved byte: not a DICT we understand
    }
  }
  return out;
}

const std::vector<long>* Find(const std::vector<std::pair<int, std::vector<long>>>& dict, int op) {
  for (const auto& [o, operands] : dict) {
    if (o == op) return &operands;
  }
  return nullptr;
}

}  // namespace

// ---------------------------------------------------------------------------
// CffFont

std::optional<CffFont> CffFont::Parse(std::span<const uint8_t> data) {
  CffFont f;
  f.data_ = data;
  auto u8 = [&](size_t pos) -> std::optional<size_t> {
    if (pos >= data.size()) return std::nullopt;
    return data[pos];
  };
  // An INDEX at `pos`, and the position after it.
  auto read_index = [&](size_t pos, Index* index) -> std::optional<size_t> {
    if (pos + 2 > data.size()) return std::nullopt;
    index->count = static_cast<size_t>(data[pos]) << 8 | data[pos + 1];
    if (index->count == 0) return pos + 2;
    auto off_size = u8(pos + 2);
    if (!off_size || *off_size < 1 || *off_size > 4) return std::nullopt;
    index->off_size = *off_size;
    index->offsets = pos + 3;
    const size_t table = (index->count + 1) * index->off_size;
    if (index->offsets + table > data.size()) return std::nullopt;
    index->data = index->offsets + table - 1;
    size_t last = 0;
    for (size_t k = 0; k < index->off_size; ++k) {
      last = last << 8 | data[index->offsets + index->count * index->off_size + k];
    }
    if (index->data + last > data.size()) return std::nullopt;
    return index->data + last;
  };
  auto header_size = u8(2);
  if (!header_size || data.size() < 4 || data[0] != 1) return std::nullopt;
  Index names;
  Index top;
  Index strings;
  auto pos = read_index(*header_size, &names);
  if (pos) pos = read_index(*pos, &top);
  if (pos) pos = read_index(*pos, &strings);
  if (pos) pos = read_index(*pos, &f.global_subrs_);
  if (!pos || top.count < 1) return std::nullopt;
  const auto top_dict = ParseDict(f.Element(top, 0));

  const auto* charstrings = Find(top_dict, kOpCharStrings);
  if (charstrings == nullptr || charstrings->empty() || charstrings->back() <= 0)
    return std::nullopt;
  if (!read_index(static_cast<size_t>(charstrings->back()), &f.charstrings_)) return std::nullopt;

  // A Private DICT's local subroutines (an empty INDEX when it has none).
  auto local_subrs =
      [&](const std::vector<std::pair<int, std::vector<long>>>& dict) -> std::optional<Index> {
    Index subrs;
    const auto* priv = Find(dict, kOpPrivate);
    if (priv == nullptr || priv->size() < 2) return subrs;
    const long size = (*priv)[0];
    const long offset = (*priv)[1];
    if (size < 0 || offset < 0 || static_cast<size_t>(offset + size) > data.size()) {
      return std::nullopt;
    }
    const auto private_dict =
        ParseDict(data.subspan(static_cast<size_t>(offset), static_cast<size_t>(size)));
    const auto* sub = Find(private_dict, kOpSubrs);
    if (sub == nullptr || sub->empty()) return subrs;
    if (!read_index(static_cast<size_t>(offset + sub->back()), &subrs)) return std::nullopt;
    return subrs;
  };

  f.cid_ = Find(top_dict, kOpRos) != nullptr;
  if (f.cid_) {
    const auto* fd_array = Find(top_dict, kOpFdArray);
    const auto* fd_select = Find(top_dict, kOpFdSelect);
    if (fd_array == nullptr || fd_select == nullptr || fd_array->empty() || fd_select->empty()) {
      return std::nullopt;
    }
    Index dicts;
    if (!read_index(static_cast<size_t>(fd_array->back()), &dicts)) return std::nullopt;
    for (size_t i = 0; i < dicts.count; ++i) {
      auto subrs = local_subrs(ParseDict(f.Element(dicts, i)));
      if (!subrs) return std::nullopt;
      f.local_subrs_.push_back(*subrs);
    }
    f.fd_select_ = static_cast<size_t>(fd_select->back());
    const auto format = u8(f.fd_select_);
    if (!format || (*format != 0 && *format != 3)) return std::nullopt;
  } else {
    auto subrs = local_subrs(top_dict);
    if (!subrs) return std::nullopt;
    f.local_subrs_.push_back(*subrs);
  }
  return f;
}

std::span<const uint8_t> CffFont::Element(const Index& index, size_t i) const {
  if (i >= index.count) return {};
  auto offset = [&](size_t k) {
    size_t v = 0;
    for (size_t b = 0; b < index.off_size; ++b)
      v = v << 8 | data_[index.offsets + k * index.off_size + b];
    return v;
  };
  const size_t begin = index.data + offset(i);
  const size_t end = index.data + offset(i + 1);
  if (begin > end || end > data_.size()) return {};
  return data_.subspan(begin, end - begin);
}

size_t CffFont::FontDictOf(uint32_t glyph) const {
  if (!cid_) return 0;
  const size_t p = fd_select_;
  if (data_[p] == 0) {
    return p + 1 + glyph < data_.size() ? data_[p + 1 + glyph] : 0;
  }
  // Format 3: ranges of (first glyph, font dict), then a sentinel.
  if (p + 3 > data_.size()) return 0;
  const size_t ranges = static_cast<size_t>(data_[p + 1]) << 8 | data_[p + 2];
  auto first = [&](size_t r) -> size_t {
    const size_t q = p + 3 + 3 * r;
    return q + 1 < data_.size() ? (static_cast<size_t>(data_[q]) << 8 | data_[q + 1]) : SIZE_MAX;
  };
  for (size_t r = 0; r < ranges; ++r) {
    if (glyph >= first(r) && glyph < first(r + 1)) {
      const size_t q = p + 3 + 3 * r + 2;
      return q < data_.size() ? data_[q] : 0;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------
// The scanners

class CharstringScanner {
 public:
  explicit CharstringScanner(const CffFont& font) : font_(font) {
    for (const CffFont::Index& subrs : font.local_subrs_) {
      local_used_.emplace_back(subrs.count, false);
    }
    global_used_.assign(font.global_subrs_.count, false);
  }

  // cairo_cff_find_width_and_subroutines_used() on one glyph: marks the
  // subroutines cairo keeps. False when cairo gives up on subsetting
  // subroutines (it then keeps them all).
  bool CairoScan(uint32_t glyph) {
    cairo_ = CairoState{};
    cairo_.fd = font_.FontDictOf(glyph);
    return CairoParse(font_.Element(font_.charstrings_, glyph), glyph);
  }

  // Whether every subroutine the glyph really calls is kept.
  bool Intact(uint32_t glyph) {
    ref_ = RefState{};
    ref_.fd = font_.FontDictOf(glyph);
    ref_.intact = true;
    RefParse(font_.Element(font_.charstrings_, glyph), 0);
    return ref_.intact;
  }

 private:
  // A port of cairo_cff_parse_charstring (cairo 1.16.0, src/cairo-cff-subset.c),
  // including its faults: the stack size is reset only by hint and moveto
  // operators, a subroutine already marked is not scanned again (for local
  // subroutines of CID fonts, even when the width is still unknown), and
  // the status of a nested scan is ignored.
  struct CairoState {
    int stack_size = 0;
    int top_value = 0;
    bool top_is_int = false;
    int num_hints = 0;
    int hintmask_bytes = 0;
    int nesting = 0;
    bool find_width = true;
    bool found_width = false;
    bool has_path = false;
    size_t fd = 0;
  };

  bool CairoParse(std::span<const uint8_t> cs, uint32_t glyph) {
    CairoState& s = cairo_;
    size_t p = 0;
    while (p < cs.size()) {
      const uint8_t b = cs[p];
      if (b == 28 || b >= 32) {
        // type2_decode_integer: 28 is read unsigned, 255 as its integer part.
        int v = 0;
        size_t len = 1;
        if (b == 28) {
          if (p + 2 >= cs.size()) return true;
          v = cs[p + 1] << 8 | cs[p + 2];
          len = 3;
        } else if (b <= 246) {
          v = b - 139;
        } else if (b <= 254) {
          if (p + 1 >= cs.size()) return true;
          v = b <= 250 ? (b - 247) * 256 + cs[p + 1] + 108 : -(b - 251) * 256 - cs[p + 1] - 108;
          len = 2;
        } else {
          if (p + 4 >= cs.size()) return true;
          v = static_cast<int16_t>(static_cast<uint16_t>(cs[p + 1] << 8 | cs[p + 2]));
          len = 5;
        }
        p += len;
        ++s.stack_size;
        s.top_value = v;
        s.top_is_int = true;
      } else if (IsStem(b)) {
        s.top_is_int = false;
        s.num_hints += s.stack_size / 2;
        if (s.find_width && s.stack_size % 2) s.found_width = true;
        s.stack_size = 0;
        s.find_width = false;
        ++p;
      } else if (b == kHintmask || b == kCntrmask) {
        if (s.hintmask_bytes == 0) {
          s.top_is_int = false;
          s.num_hints += s.stack_size / 2;
          if (s.find_width && s.stack_size % 2) s.found_width = true;
          s.stack_size = 0;
          s.find_width = false;
          s.hintmask_bytes = (s.num_hints + 7) / 8;
        }
        p += 1 + static_cast<size_t>(std::max(s.hintmask_bytes, 0));
      } else if (b == kRmoveto) {
        if (s.find_width && s.stack_size > 2) s.found_width = true;
        s.stack_size = 0;
        s.find_width = false;
        s.has_path = true;
        ++p;
      } else if (b == kHmoveto || b == kVmoveto) {
        if (s.find_width && s.stack_size > 1) s.found_width = true;
        s.stack_size = 0;
        s.find_width = false;
        s.has_path = true;
        ++p;
      } else if (b == kEndchar) {
        return s.has_path || s.stack_size <= 3;  // else seac: unsupported
      } else if (b == kCallsubr || b == kCallgsubr) {
        if (!s.top_is_int) return false;
        if (++s.nesting > kMaxNesting) return false;
        ++p;
        s.top_is_int = false;
        --s.stack_size;
        if (b == kCallsubr) {
          const size_t fd = font_.cid_ ? s.fd : 0;
          if (fd < local_used_.size()) {
            const CffFont::Index& subrs = font_.local_subrs_[fd];
            const long n = static_cast<long>(s.top_value) + Bias(subrs.count);
            if (!font_.cid_ && (n < 0 || static_cast<size_t>(n) >= subrs.count)) return false;
            const auto k = static_cast<size_t>(n);
            if (n >= 0 && k < subrs.count &&
                (!local_used_[fd][k] || (!font_.cid_ && !s.found_width))) {
              local_used_[fd][k] = true;
              CairoParse(font_.Element(subrs, k), glyph);
            }
          }
        } else {
          const long n = static_cast<long>(s.top_value) + Bias(font_.global_subrs_.count);
          const auto k = static_cast<size_t>(n);
          if (n >= 0 && k < global_used_.size() && (!global_used_[k] || !s.found_width)) {
            global_used_[k] = true;
            CairoParse(font_.Element(font_.global_subrs_, k), glyph);
          }
        }
        --s.nesting;
      } else if (b == kEscape) {
        if (s.find_width) return false;
        p += 2;
        s.top_is_int = false;
      } else {
        ++p;
        s.top_is_int = false;
      }
    }
    return true;
  }

  // What the charstring really does (TN 5177): every operator consumes its
  // operands, endchar ends the glyph even inside a subroutine.
  struct RefState {
    int stack = 0;
    int top = 0;
    bool top_is_int = false;
    int hints = 0;
    int mask_bytes = -1;  // fixed at the first hintmask
    bool done = false;
    bool intact = true;
    size_t fd = 0;
  };

  void RefParse(std::span<const uint8_t> cs, int depth) {
    RefState& s = ref_;
    size_t p = 0;
    while (p < cs.size() && !s.done) {
      const uint8_t b = cs[p];
      if (b == 28 || b >= 32) {
        int v = 0;
        size_t len = 1;
        if (b == 28) {
          if (p + 2 >= cs.size()) return;
          v = static_cast<int16_t>(static_cast<uint16_t>(cs[p + 1] << 8 | cs[p + 2]));
          len = 3;
        } else if (b <= 246) {
          v = b - 139;
        } else if (b <= 254) {
          if (p + 1 >= cs.size()) return;
          v = b <= 250 ? (b - 247) * 256 + cs[p + 1] + 108 : -(b - 251) * 256 - cs[p + 1] - 108;
          len = 2;
        } else {
          if (p + 4 >= cs.size()) return;
          v = static_cast<int16_t>(static_cast<uint16_t>(cs[p + 1] << 8 | cs[p + 2]));
          len = 5;
        }
        p += len;
        ++s.stack;
        s.top = v;
        s.top_is_int = true;
        continue;
      }
      s.top_is_int = s.top_is_int && (b == kCallsubr || b == kCallgsubr);
      if (IsStem(b)) {
        s.hints += s.stack / 2;
        s.stack = 0;
        ++p;
      } else if (b == kHintmask || b == kCntrmask) {
        if (s.mask_bytes < 0) {
          s.hints += s.stack / 2;
          s.mask_bytes = (s.hints + 7) / 8;
        }
        s.stack = 0;
        p += 1 + static_cast<size_t>(s.mask_bytes);
      } else if (b == kCallsubr || b == kCallgsubr) {
        ++p;
        --s.stack;
        if (!s.top_is_int || depth >= kMaxNesting) continue;
        s.top_is_int = false;
        const bool local = b == kCallsubr;
        const size_t fd = font_.cid_ ? s.fd : 0;
        if (local && fd >= local_used_.size()) continue;
        const CffFont::Index& subrs = local ? font_.local_subrs_[fd] : font_.global_subrs_;
        const long n = static_cast<long>(s.top) + Bias(subrs.count);
        if (n < 0 || static_cast<size_t>(n) >= subrs.count) continue;
        const bool kept =
            local ? local_used_[fd][static_cast<size_t>(n)] : global_used_[static_cast<size_t>(n)];
        if (!kept) s.intact = false;
        RefParse(font_.Element(subrs, static_cast<size_t>(n)), depth + 1);
      } else if (b == kReturn) {
        return;
      } else if (b == kEndchar) {
        s.done = true;
      } else if (b == kEscape) {
        p += 2;
        s.stack = 0;
      } else {
        ++p;
        s.stack = 0;
      }
    }
  }

  const CffFont& font_;
  std::vector<std::vector<bool>> local_used_;
  std::vector<bool> global_used_;
  CairoState cairo_;
  RefState ref_;
};

std::set<uint32_t> GlyphsCairoWouldBreak(const CffFont& font, std::span<const uint32_t> glyphs) {
  // The subset as cairo builds it: .notdef, then each glyph at first use.
  std::vector<uint32_t> subset = {0};
  std::set<uint32_t> seen = {0};
  for (uint32_t g : glyphs) {
    if (g < font.glyphs() && seen.insert(g).second) subset.push_back(g);
  }
  CharstringScanner scanner(font);
  for (uint32_t g : subset) {
    // cairo then embeds every subroutine: nothing breaks.
    if (!scanner.CairoScan(g)) return {};
  }
  std::set<uint32_t> broken;
  for (uint32_t g : subset) {
    if (!scanner.Intact(g)) broken.insert(g);
  }
  return broken;
}

}  // namespace jiaodu::pdf
