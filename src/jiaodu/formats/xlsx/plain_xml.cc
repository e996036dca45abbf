#include "jiaodu/formats/xlsx/plain_xml.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace jiaodu::xlsx::internal {
namespace {

constexpr size_t kMaxDepth = 32;
constexpr size_t kMaxAttrs = 16;

// Byte classes. Only ASCII is ever in a class: other bytes are checked as
// UTF-8 in text and refused elsewhere.
enum : uint8_t {
  kNameStart = 1,  // [A-Za-z_]
  kNameChar = 2,   // kNameStart, [0-9.:-]
  kSpace = 4,      // space, tab, LF (CR would be normalised)
  kPlainText = 8,  // text as is: printable ASCII but < & ], tab, LF
  kAttrChar = 16,  // attribute value as is: printable ASCII but < & " '
};

constexpr std::array<uint8_t, 256> kClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0x20; c < 0x7F; ++c) {
    t[static_cast<size_t>(c)] |= kPlainText | kAttrChar;
  }
  for (const char c : {'<', '&', ']'})
    t[static_cast<unsigned char>(c)] &= static_cast<uint8_t>(~kPlainText);
  for (const char c : {'<', '&', '"', '\''})
    t[static_cast<unsigned char>(c)] &= static_cast<uint8_t>(~kAttrChar);
  t['\t'] |= kPlainText | kSpace;
  t['\n'] |= kPlainText | kSpace;
  t[' '] |= kSpace;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] |= kNameStart | kNameChar;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] |= kNameStart | kNameChar;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] |= kNameChar;
  t['_'] |= kNameStart | kNameChar;
  for (const char c : {'.', ':', '-'}) t[static_cast<unsigned char>(c)] |= kNameChar;
  return t;
}();

bool Is(char c, uint8_t cls) { return (kClass[static_cast<unsigned char>(c)] & cls) != 0; }

// The length of the UTF-8 sequence of an XML character at `p` (a byte over
// 0x7F), or 0: expat's checks (xmltok.c, UTF8_INVALID2..4), or stricter.
size_t Utf8CharAt(const char* p, const char* end) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(p[i]); };
  const auto cont = [&](size_t i) { return (b(i) & 0xC0) == 0x80; };
  const size_t left = static_cast<size_t>(end - p);
  const unsigned lead = b(0);
  if (lead < 0xC2) return 0;  // a continuation byte, or an overlong lead
  if (lead < 0xE0) return left >= 2 && cont(1) ? 2 : 0;
  if (lead < 0xF0) {
    if (left < 3 || !cont(1) || !cont(2)) return 0;
    if (lead == 0xE0 && b(1) < 0xA0) return 0;                  // overlong
    if (lead == 0xED && b(1) > 0x9F) return 0;                  // surrogates
    if (lead == 0xEF && b(1) == 0xBF && b(2) > 0xBD) return 0;  // U+FFFE, U+FFFF
    return 3;
  }
  if (lead < 0xF5) {
    if (left < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    if (lead == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (lead == 0xF4 && b(1) > 0x8F) return 0;  // over U+10FFFF
    return 4;
  }
  return 0;
}

// "amp;" ... at `p` (just past '&'): the character it stands for and the
// reference's length after '&'; {0, 0} for anything else.
struct Entity {
  char c = 0;
  size_t size = 0;
};
Entity EntityAt(const char* p, const char* end) {
  const std::string_view s(p, static_cast<size_t>(std::min<ptrdiff_t>(end - p, 5)));
  if (s.starts_with("amp;")) return {'&', 4};
  if (s.starts_with("lt;")) return {'<', 3};
  if (s.starts_with("gt;")) return {'>', 3};
  if (s.starts_with("quot;")) return {'"', 5};
  if (s.starts_with("apos;")) return {'\'', 5};
  return {};
}

std::string_view Local(std::string_view qname) {
  const size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

class Scanner {
 public:
  Scanner(std::string_view xml, XmlHandler& handler, PlainScratch& scratch)
      : p_(xml.data()), end_(xml.data() + xml.size()), h_(handler), scratch_(scratch) {}

  PlainScan Run() {
    while (p_ < end_) {
      PlainScan step = PlainScan::kDone;
      if (*p_ != '<') {
        step = Text();
      } else if (end_ - p_ >= 2 && p_[1] == '/') {
        step = EndTag();
      } else if (end_ - p_ >= 2 && Is(p_[1], kNameStart)) {
        step = StartTag();
      } else {
        return PlainScan::kNotPlain;  // <! <? or not markup at all
      }
      if (step != PlainScan::kDone) return step;
    }
    return depth_ == 0 ? PlainScan::kDone : PlainScan::kNotPlain;
  }

 private:
  // After a handler call: stop when it failed.
  PlainScan Checked() const { return h_.error ? PlainScan::kStopped : PlainScan::kDone; }

  PlainScan Chars(const char* begin, const char* end) {
    if (begin == end) return PlainScan::kDone;
    h_.Chars(std::string_view(begin, static_cast<size_t>(end - begin)));
    return Checked();
  }

  // Text up to the next '<' (or the end).
  PlainScan Text() {
    const char* run = p_;  // not yet delivered
    while (p_ < end_ && *p_ != '<') {
      const char c = *p_;
      if (Is(c, kPlainText)) {
        ++p_;
      } else if (c == ']') {
        if (end_ - p_ >= 3 && p_[1] == ']' && p_[2] == '>') return PlainScan::kNotPlain;
        ++p_;
      } else if (c == '&') {
        const Entity e = EntityAt(p_ + 1, end_);
        if (e.size == 0) return PlainScan::kNotPlain;
        if (const PlainScan s = Chars(run, p_); s != PlainScan::kDone) return s;
        if (const PlainScan s = Chars(&e.c, &e.c + 1); s != PlainScan::kDone) return s;
        p_ += 1 + e.size;
        run = p_;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        const size_t n = Utf8CharAt(p_, end_);
        if (n == 0) return PlainScan::kNotPlain;
        p_ += n;
      } else {
        return PlainScan::kNotPlain;  // CR, another control character
      }
    }
    return Chars(run, p_);
  }

  // A name at `q`; returns its end (== q when there is none).
  const char* Name(const char* q) const {
    if (q >= end_ || !Is(*q, kNameStart)) return q;
    ++q;
    while (q < end_ && Is(*q, kNameChar)) ++q;
    return q;
  }
  const char* Space(const char* q) const {
    while (q < end_ && Is(*q, kSpace)) ++q;
    return q;
  }

  PlainScan StartTag() {
    const char* const name = p_ + 1;
    const char* q = Name(name);
    const std::string_view qname(name, static_cast<size_t>(q - name));
    scratch_.names.clear();
    scratch_.offsets.clear();
    bool empty = false;
    for (;;) {
      const char* const before = q;
      q = Space(q);
      if (q >= end_) return PlainScan::kNotPlain;
      if (*q == '>') {
        ++q;
        break;
      }
      if (*q == '/') {
        if (end_ - q < 2 || q[1] != '>') return PlainScan::kNotPlain;
        q += 2;
        empty = true;
        break;
      }
      if (q == before || scratch_.offsets.size() == 2 * kMaxAttrs) return PlainScan::kNotPlain;
      const char* const attr = q;
      q = Name(q);
      if (q == attr) return PlainScan::kNotPlain;
      const std::string_view attr_name(attr, static_cast<size_t>(q - attr));
      q = Space(q);
      if (q >= end_ || *q != '=') return PlainScan::kNotPlain;
      q = Space(q + 1);
      if (q >= end_ || (*q != '"' && *q != '\'')) return PlainScan::kNotPlain;
      const char quote = *q++;
      const char* const value = q;
      while (q < end_ && Is(*q, kAttrChar)) ++q;
      if (q >= end_ || *q != quote) return PlainScan::kNotPlain;
      const std::string_view attr_value(value, static_cast<size_t>(q - value));
      ++q;
      for (size_t i = 0; i < scratch_.offsets.size(); i += 2) {
        if (scratch_.names.c_str() + scratch_.offsets[i] == attr_name) {
          return PlainScan::kNotPlain;  // expat: duplicate attribute
        }
      }
      scratch_.offsets.push_back(scratch_.names.size());
      scratch_.names.append(attr_name).push_back('\0');
      scratch_.offsets.push_back(scratch_.names.size());
      scratch_.names.append(attr_value).push_back('\0');
    }
    if (!empty) {
      if (depth_ == kMaxDepth) return PlainScan::kNotPlain;
      open_[depth_++] = qname;
    }
    p_ = q;
    // Pointers only now: appending may have moved the names.
    scratch_.attrs.clear();
    for (const size_t at : scratch_.offsets) scratch_.attrs.push_back(scratch_.names.data() + at);
    scratch_.attrs.push_back(nullptr);
    h_.Start(Local(qname), scratch_.attrs.data());
    if (empty && !h_.error) h_.End(Local(qname));
    return Checked();
  }

  PlainScan EndTag() {
    const char* const name = p_ + 2;
    const char* q = Name(name);
    if (q == name) return PlainScan::kNotPlain;
    const std::string_view qname(name, static_cast<size_t>(q - name));
    q = Space(q);
    if (q >= end_ || *q != '>') return PlainScan::kNotPlain;
    if (depth_ == 0 || open_[depth_ - 1] != qname) return PlainScan::kNotPlain;
    --depth_;
    p_ = q + 1;
    h_.End(Local(qname));
    return Checked();
  }

  const char* p_;
  const char* const end_;
  XmlHandler& h_;
  PlainScratch& scratch_;
  std::array<std::string_view, kMaxDepth> open_;
  size_t depth_ = 0;
};

}  // namespace

PlainScan ScanPlainContent(std::string_view xml, XmlHandler& handler, PlainScratch& scratch) {
  return Scanner(xml, handler, scratch).Run();
}

}  // namespace jiaodu::xlsx::internal
