// File: jiaodu/formats/pdf/pdf_test_util.h
//
// What the PDF tests read back with poppler's command-line tools (package
// poppler-utils): a PDF is only right if a standard reader extracts the
// expected text and finds the fonts embedded.
//
//   TempPdf pdf(bytes);
//   if (!PopplerAvailable()) GTEST_SKIP() << "poppler-utils not installed";
//   EXPECT_EQ(PageCount(pdf.path()), 3);
//   EXPECT_THAT(Squeeze(PageText(pdf.path(), 2)), HasSubstr("第2页/共3页"));
#ifndef JIAODU_FORMATS_PDF_PDF_TEST_UTIL_H_
#define JIAODU_FORMATS_PDF_PDF_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

namespace jiaodu::pdf::testutil {

// pdftotext, pdffonts, pdfinfo and pdftoppm are all on PATH.
bool PopplerAvailable();

// The bytes written to a fresh file in the temp directory, removed on
// destruction. Names are unique per process and object (ctest runs tests
// in parallel processes).
class TempPdf {
 public:
  explicit TempPdf(std::string_view bytes);
  ~TempPdf();
  TempPdf(const TempPdf&) = delete;
  TempPdf& operator=(const TempPdf&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The standard output of a shell command; `ok` is false on a non-zero exit.
std::string Run(const std::string& command, bool* ok = nullptr);

// pdfinfo's "Pages:" (0 if unreadable) and "Page size:" (width, height in points).
int PageCount(const std::string& path);
bool PageSize(const std::string& path, double* width, double* height);

// pdftotext -layout of page `page` (1-based), or of all pages when 0: lines
// as they are seen on the page, for what a reader sees (headers, footers).
std::string PageText(const std::string& path, int page = 0);
// pdftotext -raw: text in the order it was drawn. A table cell's wrapped
// lines are drawn one after the other, so after Squeeze() a cell's text is
// contiguous even when its column is narrow.
std::string RawText(const std::string& path, int page = 0);

// The text with every space and line break removed: pdftotext's spacing
// between CJK characters is a guess, the characters are not.
std::string Squeeze(std::string_view text);

// Dark pixels (gray < 128) in the rectangle (points from the top left) of
// page `page` rendered by pdftoppm at 72 dpi; -1 when it cannot be rendered.
long InkPixels(const std::string& path, int page, int x, int y, int width, int height);

struct FontRow {
  std::string name;
  std::string type;
  bool embedded = false;
};
// pdffonts' table, split at the columns its dashed ruler marks.
std::vector<FontRow> Fonts(const std::string& path);

// pdftotext -bbox: every word's box in points from the page's top left.
struct WordBox {
  int page = 0;
  std::string word;
  double x_min = 0;
  double y_min = 0;
  double x_max = 0;
  double y_max = 0;
};
std::vector<WordBox> WordBoxes(const std::string& path);

}  // namespace jiaodu::pdf::testutil

#endif  // JIAODU_FORMATS_PDF_PDF_TEST_UTIL_H_
