#include "jiaodu/formats/pdf/cff_guard.h"

#include <gtest/gtest.h>
#include <hb.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "jiaodu/formats/pdf/pdf_test_util.h"

namespace jiaodu::pdf {
namespace {

// Noto Sans CJK SC (Regular or Bold) as fontconfig finds it: the face's CFF
// table and its character map. Skips when the font is not installed.
class NotoCff {
 public:
  explicit NotoCff(const std::string& pattern) {
    const std::string path = testutil::Run("fc-match -f '%{file}' '" + pattern + "' 2>/dev/null");
    const std::string index = testutil::Run("fc-match -f '%{index}' '" + pattern + "' 2>/dev/null");
    if (path.find("NotoSansCJK") == std::string::npos) return;
    file_ = hb_blob_create_from_file(path.c_str());
    face_ = hb_face_create(file_, static_cast<unsigned>(std::stoi(index.empty() ? "0" : index)));
    font_ = hb_font_create(face_);
    table_ = hb_face_reference_table(face_, HB_TAG('C', 'F', 'F', ' '));
    unsigned int length = 0;
    const char* data = hb_blob_get_data(table_, &length);
    bytes_ = {reinterpret_cast<const uint8_t*>(data), length};
    cff_ = CffFont::Parse(bytes_);
  }
  ~NotoCff() {
    hb_blob_destroy(table_);
    hb_font_destroy(font_);
    hb_face_destroy(face_);
    hb_blob_destroy(file_);
  }
  NotoCff(const NotoCff&) = delete;
  NotoCff& operator=(const NotoCff&) = delete;

  const std::optional<CffFont>& cff() const { return cff_; }
  std::span<const uint8_t> bytes() const { return bytes_; }

  std::vector<uint32_t> Glyphs(const std::u32string& text) const {
    std::vector<uint32_t> out;
    for (char32_t c : text) {
      hb_codepoint_t g = 0;
      if (hb_font_get_nominal_glyph(font_, c, &g)) out.push_back(g);
    }
    return out;
  }

 private:
  hb_blob_t* file_ = nullptr;
  hb_face_t* face_ = nullptr;
  hb_font_t* font_ = nullptr;
  hb_blob_t* table_ = nullptr;
  std::span<const uint8_t> bytes_;
  std::optional<CffFont> cff_;
};

TEST(CffGuardTest, FindsTheGlyphCairoEmbedsWithoutItsSubroutine) {
  NotoCff regular("Noto Sans CJK SC:style=Regular");
  if (!regular.cff()) GTEST_SKIP() << "Noto Sans CJK SC not installed";
  EXPECT_GT(regular.cff()->glyphs(), 60000u);
  // "如" alone: cairo 1.16 skips too many hintmask bytes and empties the
  // local subroutine drawn after them (fonts-noto-cjk 1:20220127).
  const auto ru = regular.Glyphs(U"如");
  ASSERT_EQ(ru.size(), 1u);
  EXPECT_EQ(GlyphsCairoWouldBreak(*regular.cff(), ru), std::set<uint32_t>{ru[0]});
  // Among other text it still breaks; the other glyphs do not.
  const auto sentence = regular.Glyphs(U"按各项资源的最小单位取整（如教师按整人计）");
  EXPECT_EQ(GlyphsCairoWouldBreak(*regular.cff(), sentence), std::set<uint32_t>{ru[0]});
  EXPECT_TRUE(GlyphsCairoWouldBreak(*regular.cff(), regular.Glyphs(U"教师按整人计")).empty());
}

TEST(CffGuardTest, CommonCharactersTogetherAreSafe) {
  NotoCff bold("Noto Sans CJK SC:style=Bold");
  if (!bold.cff()) GTEST_SKIP() << "Noto Sans CJK SC not installed";
  std::u32string text;
  for (char32_t c = 0x4E00; c < 0x4E00 + 2000; ++c) text.push_back(c);
  EXPECT_TRUE(GlyphsCairoWouldBreak(*bold.cff(), bold.Glyphs(text)).empty());
  // The rare ones that do break alone.
  EXPECT_EQ(GlyphsCairoWouldBreak(*bold.cff(), bold.Glyphs(U"忉")).size(), 1u);
}

TEST(CffGuardTest, GarbageIsRefusedNotRead) {
  EXPECT_FALSE(CffFont::Parse({}));
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<uint8_t> bytes(static_cast<size_t>(trial) * 7 + 4);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    bytes[0] = 1;  // looks like a CFF header
    bytes[2] = 4;
    auto font = CffFont::Parse(bytes);
    if (font) {
      const std::vector<uint32_t> glyphs = {0, 1, 2, 3};
      GlyphsCairoWouldBreak(*font, glyphs);  // must not read out of bounds (asan)
    }
  }
}

TEST(CffGuardTest, TruncatedRealTableIsRefusedOrSafe) {
  NotoCff regular("Noto Sans CJK SC:style=Regular");
  if (!regular.cff()) GTEST_SKIP() << "Noto Sans CJK SC not installed";
  const auto all = regular.bytes();
  for (size_t size :
       {size_t{3}, size_t{40}, size_t{4000}, size_t{400000}, all.size() / 2, all.size() - 1}) {
    auto font = CffFont::Parse(all.first(size));
    if (font) {
      const std::vector<uint32_t> glyphs = {1, 14237, 30000, 65534};
      GlyphsCairoWouldBreak(*font, glyphs);  // must stay inside the prefix (asan)
    }
  }
}

}  // namespace
}  // namespace jiaodu::pdf
