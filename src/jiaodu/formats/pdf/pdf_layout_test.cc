#include "jiaodu/formats/pdf/pdf_layout.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jiaodu/formats/pdf/pdf_test_util.h"

namespace jiaodu::pdf {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testutil::PageCount;
using testutil::PageText;
using testutil::RawText;
using testutil::Squeeze;
using testutil::TempPdf;

std::unique_ptr<Document> NewDocument() {
  auto doc = Document::Create(
      {.header = "测试县 · 2024-2025学年 · 表格测试", .footer_note = "jiaodu 生成"});
  EXPECT_TRUE(doc) << doc.error().Describe();
  return doc ? std::move(*doc) : nullptr;
}

std::string Finish(Document& doc) {
  auto bytes = doc.Finish();
  EXPECT_TRUE(bytes) << bytes.error().Describe();
  return bytes ? *bytes : std::string();
}

class PdfLayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testutil::PopplerAvailable()) GTEST_SKIP() << "poppler-utils (pdftotext) not installed";
  }
};

TEST_F(PdfLayoutTest, LongTableRepeatsItsHeaderAndCaptionOnEveryPage) {
  auto doc = NewDocument();
  ASSERT_NE(doc, nullptr);
  Table t({{"序号", 6, Align::kCenter}, {"学校名称", 40}, {"数值", 20, Align::kRight}});
  t.SetCaption("学校列表");
  constexpr int kRows = 120;
  for (int i = 1; i <= kRows; ++i) {
    t.AddRow({{std::to_string(i)}, {fmt::format("第{}号学校", i)}, {fmt::format("{}.50", i)}});
  }
  t.Draw(*doc);
  EXPECT_GE(doc->pages(), 3);
  TempPdf pdf(Finish(*doc));
  const int pages = PageCount(pdf.path());
  ASSERT_GE(pages, 3);
  for (int p = 1; p <= pages; ++p) {
    const std::string text = Squeeze(PageText(pdf.path(), p));
    EXPECT_THAT(text, HasSubstr("学校名称")) << "page " << p;
    EXPECT_THAT(text, HasSubstr(p == 1 ? "学校列表" : "学校列表（续）")) << "page " << p;
    EXPECT_THAT(text, HasSubstr(fmt::format("第{}页/共{}页", p, pages)));
  }
  // Every row exactly once, in order.
  const std::string all = Squeeze(RawText(pdf.path()));
  size_t at = 0;
  for (int i = 1; i <= kRows; ++i) {
    const size_t found = all.find(fmt::format("第{}号学校", i), at);
    ASSERT_NE(found, std::string::npos) << "row " << i;
    at = found + 1;
  }
}

TEST_F(PdfLayoutTest, RowTallerThanAPageIsSplitBetweenLinesAndStaysInside) {
  auto doc = NewDocument();
  ASSERT_NE(doc, nullptr);
  Table t({{"编号", 8, Align::kCenter}, {"说明", 92}});
  std::string longText;
  for (int i = 0; i < 400; ++i) longText += fmt::format("第{}段说明文字，内容较长需要换行。", i);
  t.AddRow({{"G1"}, {longText}});
  t.AddRow({{"G2"}, {"最后一行"}});
  t.Draw(*doc);
  TempPdf pdf(Finish(*doc));
  const int pages = PageCount(pdf.path());
  EXPECT_GE(pages, 3);
  const std::string all = Squeeze(RawText(pdf.path()));
  EXPECT_THAT(all, HasSubstr("第0段说明文字"));
  EXPECT_THAT(all, HasSubstr("第399段说明文字"));
  EXPECT_THAT(all, HasSubstr("最后一行"));
  for (int p = 2; p <= pages; ++p) {
    EXPECT_THAT(Squeeze(PageText(pdf.path(), p)), HasSubstr("说明")) << "header on page " << p;
  }
  const double margin = 15 * kPointsPerMm;
  for (const testutil::WordBox& w : testutil::WordBoxes(pdf.path())) {
    EXPECT_GE(w.x_min, margin - 1) << w.word;
    EXPECT_LE(w.x_max, kA4Long - margin + 1) << w.word;
    EXPECT_GE(w.y_min, margin - 1) << w.word;
    EXPECT_LE(w.y_max, kA4Short - margin + 1) << w.word;
  }
}

TEST_F(PdfLayoutTest, LongUnbrokenTextWrapsInsideANarrowColumn) {
  auto doc = NewDocument();
  ASSERT_NE(doc, nullptr);
  Table t({{"材料", 10}, {"备注", 90}});
  t.AddRow({{"https://example.org/" + std::string(120, 'a') + "/evidence.pdf"}, {"佐证"}});
  t.Draw(*doc);
  TempPdf pdf(Finish(*doc));
  const double column_right = 15 * kPointsPerMm + (kA4Long - 30 * kPointsPerMm) * 0.10;
  bool seen = false;
  for (const testutil::WordBox& w : testutil::WordBoxes(pdf.path())) {
    if (w.word.find("aaaa") == std::string::npos) continue;
    seen = true;
    EXPECT_LE(w.x_max, column_right + 0.5) << w.word;
  }
  EXPECT_TRUE(seen);
}

TEST_F(PdfLayoutTest, NewPageOnAnEmptyPageAddsNoBlankPage) {
  auto doc = NewDocument();
  ASSERT_NE(doc, nullptr);
  doc->NewPage();
  doc->Paragraph("第一页", {.size = 10});
  doc->NewPage();
  doc->NewPage();
  doc->Paragraph("第二页", {.size = 10});
  EXPECT_EQ(doc->pages(), 2);
  TempPdf pdf(Finish(*doc));
  EXPECT_EQ(PageCount(pdf.path()), 2);
  EXPECT_THAT(Squeeze(PageText(pdf.path(), 2)), HasSubstr("第2页/共2页"));
  EXPECT_THAT(Squeeze(PageText(pdf.path(), 2)), HasSubstr("jiaodu生成"));
}

TEST_F(PdfLayoutTest, InvalidUtf8IsRepairedNotDropped) {
  auto doc = NewDocument();
  ASSERT_NE(doc, nullptr);
  doc->Paragraph(std::string("坏字节") + "\xff\xfe" + "之后仍然显示", {.size = 10});
  TempPdf pdf(Finish(*doc));
  EXPECT_THAT(Squeeze(PageText(pdf.path())), HasSubstr("之后仍然显示"));
}

// cairo 1.16 embeds "如" of Noto Sans CJK SC Regular without the
// subroutine that draws it (cff_guard.h): viewers then print nothing.
TEST_F(PdfLayoutTest, GlyphsCairoWouldEmbedBrokenAreStillPrintedAndExtracted) {
  auto doc = NewDocument();
  ASSERT_NE(doc, nullptr);
  const double top = doc->cursor();
  doc->Paragraph("如如如如", {.size = 40});
  TempPdf pdf(Finish(*doc));
  EXPECT_THAT(Squeeze(PageText(pdf.path(), 1)), HasSubstr("如如如如"));
  // Four 40-point characters in the top left of the content area.
  const long ink = testutil::InkPixels(pdf.path(), 1, static_cast<int>(15 * kPointsPerMm),
                                       static_cast<int>(top), 170, 50);
  EXPECT_GT(ink, 400) << "the characters are not drawn";
  for (const testutil::FontRow& f : testutil::Fonts(pdf.path())) {
    EXPECT_THAT(f.name, HasSubstr("NotoSansCJK"));
  }
}

TEST(PdfDocumentTest, MissingFontFamilyIsAnError) {
  auto doc = Document::Create({.font_family = "No Such Font Family Jiaodu"});
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().id, "pdf.font_missing");
  EXPECT_THAT(doc.error().message.zh, HasSubstr("fonts-noto-cjk"));
}

TEST(PdfDocumentTest, FinishTwiceFails) {
  auto doc = Document::Create({});
  ASSERT_TRUE(doc) << doc.error().Describe();
  EXPECT_TRUE((*doc)->Finish());
  auto again = (*doc)->Finish();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().id, "pdf.finished");
}

TEST(PdfDocumentTest, PageTooSmallForItsMarginsIsRefused) {
  auto doc = Document::Create({.page_width = 50, .page_height = 50});
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().id, "pdf.invalid_page");
}

}  // namespace
}  // namespace jiaodu::pdf
