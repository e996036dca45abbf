// File: jiaodu/formats/pdf/cff_guard.h
//
// Finds the glyphs that cairo 1.16 (Debian 12) would embed broken.
//
// cairo subsets a CFF font by copying the charstrings of the glyphs used
// and keeping only the subroutines it sees them call. Its scanner
// (cairo_cff_parse_charstring) counts stem hints from a stack size that
// path operators never reset, so at a glyph's first hintmask it may skip
// the wrong number of mask bytes and miss the subroutine calls after it;
// those subroutines are then emptied. With Noto Sans CJK SC Regular this
// removes "如" entirely (FreeType refuses the glyph, viewers print
// nothing), and because a subroutine seen once is not scanned again, other
// glyphs ("绣", ...) break only in some documents. Verified by decoding the
// embedded fonts; the same scanner is in cairo's git master of 2021.
//
//   CffFont cff = *CffFont::Parse(bytes_of_the_CFF_table);
//   std::set<uint32_t> bad = GlyphsCairoWouldBreak(cff, glyphs_in_drawing_order);
//
// GlyphsCairoWouldBreak replays cairo's scanner over the glyphs of one
// embedded font in the order cairo meets them (first use in drawing order,
// .notdef first) and compares what it keeps with what each glyph really
// calls. The layout draws the glyphs it returns as outlines and puts a blank
// glyph carrying the text in their place, so the text still copies and
// searches (pdf_layout.cc). On a cairo without the bug the guard only costs
// a few outlines.
#ifndef JIAODU_FORMATS_PDF_CFF_GUARD_H_
#define JIAODU_FORMATS_PDF_CFF_GUARD_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <vector>

namespace jiaodu::pdf {

// A read-only view of a CFF table (the bytes stay owned by the caller):
// where the charstrings, the global subroutines and each font dict's local
// subroutines are, and which font dict each glyph uses.
class CffFont {
 public:
  // nullopt when the data is not a CFF table we can read (then no guard).
  static std::optional<CffFont> Parse(std::span<const uint8_t> data);

  size_t glyphs() const { return charstrings_.count; }

 private:
  friend class CharstringScanner;

  struct Index {
    size_t count = 0;
    size_t off_size = 0;
    size_t offsets = 0;  // position of the offset array
    size_t data = 0;     // position before the first byte of element 0
  };
  std::span<const uint8_t> Element(const Index& index, size_t i) const;
  size_t FontDictOf(uint32_t glyph) const;

  std::span<const uint8_t> data_;
  Index charstrings_;
  Index global_subrs_;
  std::vector<Index> local_subrs_;  // per font dict (one for a non-CID font)
  bool cid_ = false;
  size_t fd_select_ = 0;  // position of FDSelect; 0 = none
};

// The glyphs of `glyphs` (one embedded font, in the order cairo first meets
// them; duplicates ignored) whose charstrings would call a subroutine that
// cairo's subset leaves empty.
std::set<uint32_t> GlyphsCairoWouldBreak(const CffFont& font, std::span<const uint32_t> glyphs);

}  // namespace jiaodu::pdf

#endif  // JIAODU_FORMATS_PDF_CFF_GUARD_H_
