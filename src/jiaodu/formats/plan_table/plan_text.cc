#include "jiaodu/formats/plan_table/plan_text.h"

#include "jiaodu/core/text.h"

namespace jiaodu::plan_table {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The length of a leading run of numerals (ASCII, full-width or Chinese).
size_t Numerals(std::string_view s) {
  static constexpr std::string_view kWide[] = {"０", "１", "２", "３", "４", "５", "６",
                                               "７", "８", "９", "一", "二", "三", "四",
                                               "五", "六", "七", "八", "九", "十"};
  size_t i = 0;
  for (bool more = true; more && i < s.size();) {
    more = false;
    if (s[i] >= '0' && s[i] <= '9') {
      ++i;
      more = true;
      continue;
    }
    for (std::string_view w : kWide) {
      if (StartsWith(s.substr(i), w)) {
        i += w.size();
        more = true;
        break;
      }
    }
  }
  return i;
}

}  // namespace

std::string StripNumbering(std::string_view in) {
  std::string_view s = Trim(in);
  for (std::string_view open : {"(", "（"}) {
    if (!StartsWith(s, open)) continue;
    const size_t n = Numerals(s.substr(open.size()));
    if (n == 0) break;
    std::string_view rest = s.substr(open.size() + n);
    for (std::string_view close : {")", "）"}) {
      if (StartsWith(rest, close)) return std::string(Trim(rest.substr(close.size())));
    }
  }
  // ①–⑳: U+2460–U+2473, E2 91 A0 – E2 91 B3.
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xE2 &&
      static_cast<unsigned char>(s[1]) == 0x91 && static_cast<unsigned char>(s[2]) >= 0xA0 &&
      static_cast<unsigned char>(s[2]) <= 0xB3) {
    return std::string(Trim(s.substr(3)));
  }
  const size_t n = Numerals(s);
  if (n > 0 && n < s.size()) {
    std::string_view rest = s.substr(n);
    for (std::string_view mark : {".", "、", "．", "，", " "}) {
      if (StartsWith(rest, mark)) return std::string(Trim(rest.substr(mark.size())));
    }
  }
  return std::string(s);
}

NameAndUnit SplitName(std::string_view raw) {
  NameAndUnit out;
  out.name = StripNumbering(raw);
  std::string_view s = out.name;
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"（", "）"},
                             {"(", ")"},
                             {"（", ")"},
                             {"(", "）"}}) {
    if (s.size() <= close.size() || s.substr(s.size() - close.size()) != close) continue;
    const size_t at = s.rfind(open);
    if (at == std::string_view::npos || at == 0) continue;
    const std::string inner =
        NormalizeWidth(s.substr(at + open.size(), s.size() - close.size() - at - open.size()));
    if (inner.empty() || Utf8Length(inner) > 4) continue;
    static constexpr std::string_view kUnitWords[] = {
        "%",  "‰",  "万", "亿", "千",   "百", "个", "所", "人",   "元", "平方米", "米",
        "年", "岁", "台", "册", "间",   "名", "张", "套", "件",   "项", "次",     "处",
        "家", "座", "位", "天", "小时", "分", "班", "生", "学位", "m²", "㎡"};
    std::string_view rest = inner;
    while (!rest.empty()) {
      bool ate = false;
      for (std::string_view w : kUnitWords) {
        if (StartsWith(rest, w)) {
          rest.remove_prefix(w.size());
          ate = true;
          break;
        }
      }
      if (!ate) break;
    }
    if (!rest.empty()) continue;
    out.unit = inner;
    out.name = std::string(Trim(s.substr(0, at)));
    break;
  }
  return out;
}

}  // namespace jiaodu::plan_table
