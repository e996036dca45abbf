#include "jiaodu/formats/xlsx/header_key.h"

#include "jiaodu/core/text.h"

namespace jiaodu::xlsx {

std::string HeaderKey(std::string_view header) {
  const std::string s = NormalizeWidth(header);  // （）→ ()
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      depth = depth > 0 ? depth - 1 : 0;
    } else if (depth == 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace jiaodu::xlsx
