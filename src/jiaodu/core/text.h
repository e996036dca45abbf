// File: jiaodu/core/text.h
//
// Small UTF-8 text helpers for user input. Clerks type in Excel with Chinese
// input methods, so cells arrive with full-width digits and punctuation
// ("１２３．５", "（男）"), ideographic spaces and stray blanks. NormalizeWidth
// folds those to their ASCII forms (ICU NFKC) so that parsing never depends
// on which input mode was on.
#ifndef JIAODU_CORE_TEXT_H_
#define JIAODU_CORE_TEXT_H_

#include <string>
#include <string_view>

namespace jiaodu {

// Trims ASCII whitespace and U+3000 (ideographic space) at both ends.
std::string_view Trim(std::string_view s);

// NFKC-folds full-width forms to ASCII and trims. Invalid UTF-8 is replaced
// by U+FFFD rather than rejected; callers that must reject it call IsValidUtf8.
std::string NormalizeWidth(std::string_view s);

bool IsValidUtf8(std::string_view s);

// Truncates to at most `max_chars` code points, appending "…" when cut.
std::string Ellipsize(std::string_view s, size_t max_chars);

// Number of code points (for column widths in exports).
size_t Utf8Length(std::string_view s);

}  // namespace jiaodu

#endif  // JIAODU_CORE_TEXT_H_
