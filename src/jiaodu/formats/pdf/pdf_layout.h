// File: jiaodu/formats/pdf/pdf_layout.h
//
// A small flowing layout over cairo + pango for printed reports: pages with
// a running header and a "第 N 页 / 共 M 页" footer, wrapped paragraphs, and
// tables whose rows grow with their wrapped text and whose header row is
// repeated on every page a table continues on. Report code says what goes
// on the page; this file decides where, so every report (the 优质均衡 annex
// tables now, the preschool 普及普惠 ones later) breaks pages the same way.
//
//   auto doc = JIAODU_TRY(pdf::Document::Create({.header = "石门县 · 2024-2025学年"}));
//   doc->Paragraph("附表1　评估结论汇总", {.size = 12, .bold = true});
//   pdf::Table t({{"评估方面", 14}, {"结论", 8, pdf::Align::kCenter}, {"说明", 78}});
//   t.AddRow({{"资源配置"}, {"未达标", {.bold = true, .color = 0xC00000}}, {"…"}});
//   t.Draw(*doc);
//   std::string bytes = JIAODU_TRY(doc->Finish());
//
// Two passes: content is laid out into per-page display lists as it is
// added, and drawn into the PDF by Finish(), when the page count that the
// footers print is known. Text is laid out once (pango, PANGO_WRAP_WORD_CHAR
// so that a long number or code still breaks) and the same layout is drawn,
// so measured and printed heights cannot disagree. No text leaves its cell
// or the page: a row taller than a page is split between lines.
//
// Fonts: the family is named explicitly ("Noto Sans CJK SC", package
// fonts-noto-cjk) and Create() fails with pdf.font_missing when fontconfig
// would substitute another family, rather than printing boxes. cairo embeds
// subsets of the regular and bold faces. cairo 1.16's CFF subsetter drops
// subroutines some glyphs still use ("如" vanishes): Finish() predicts those
// glyphs (cff_guard.h) and fills them as outlines, with a blank glyph that
// carries their text, so they print and still copy and search.
//
// Threads: each Document owns its font map and pango context, so documents
// may be built on different threads at once; one Document is not
// thread-safe. Units are PDF points (1/72 inch) throughout.
#ifndef JIAODU_FORMATS_PDF_PDF_LAYOUT_H_
#define JIAODU_FORMATS_PDF_PDF_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::pdf {

// 0xRRGGBB, as in formats/xlsx.
using Color = uint32_t;
inline constexpr Color kBlack = 0x000000;

inline constexpr double kPointsPerMm = 72.0 / 25.4;
// ISO 216 A4 in points, landscape.
inline constexpr double kA4Long = 841.89;
inline constexpr double kA4Short = 595.28;

enum class Align { kLeft, kCenter, kRight };

// How a run of text looks. Every member has an initializer so callers can
// use designated initializers under -Wextra.
struct TextStyle {
  double size = 8;  // points
  bool bold = false;
  Color color = kBlack;
  Align align = Align::kLeft;
};

struct DocumentOptions {
  double page_width = kA4Long;
  double page_height = kA4Short;
  double margin = 15 * kPointsPerMm;  // all four sides; header and footer sit inside
  std::string font_family = "Noto Sans CJK SC";
  std::string header = {};       // top of every page, one line (ellipsized if longer)
  std::string footer_note = {};  // bottom right of every page
  std::string title = {};        // PDF metadata
  std::string subject = {};
};

struct LaidText;  // a pango layout and its line positions (pdf_layout.cc)

// Text laid out at a fixed width: its height, and where its lines are, so
// a caller can draw a range of lines (the part of a row that fits a page).
class TextBlock {
 public:
  TextBlock() = default;
  double width() const;
  double height() const;  // all lines
  size_t lines() const;
  // Height of lines [first, last).
  double Height(size_t first, size_t last) const;
  // How many lines from `first` fit in `height` (possibly 0).
  size_t LinesFitting(size_t first, double height) const;

 private:
  friend class Document;
  explicit TextBlock(std::shared_ptr<const LaidText> laid) : laid_(std::move(laid)) {}
  std::shared_ptr<const LaidText> laid_;
};

class Document {
 public:
  // Errors: pdf.font_missing (kFailedPrecondition) when the font family is
  // not installed; pdf.invalid_page (kInvalidInput) for a page too small
  // for its margins.
  static Result<std::unique_ptr<Document>> Create(DocumentOptions options);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // The content area: between the margins, below the header, above the footer.
  double left() const;
  double content_width() const;
  double content_height() const;  // of an empty page
  double remaining() const;       // below the cursor on the current page
  bool at_page_top() const;
  int pages() const;

  // Starts a new page, unless the current one is still empty (no blank pages).
  void NewPage();
  // Starts a new page if less than `height` remains: keeps a caption with the
  // first rows of its table. A block taller than a page just starts at the top.
  void KeepTogether(double height);
  void Gap(double points);

  // Wrapped text across the content width; breaks between lines at page ends.
  void Paragraph(std::string_view text, const TextStyle& style, double space_after = 3);

  // Building blocks for Table and other block types. Layout() measures;
  // the Draw/Fill calls record at page coordinates on the current page and
  // Advance() moves the cursor down.
  TextBlock Layout(std::string_view text, const TextStyle& style, double width) const;
  double cursor() const;  // y of the next content, from the page top
  void Advance(double dy);
  void DrawText(const TextBlock& block, size_t first_line, size_t last_line, double x, double y);
  void FillRect(double x, double y, double w, double h, Color color);
  void StrokeRect(double x, double y, double w, double h, Color color, double line_width);

  // Draws every page (header, content, "第 N 页 / 共 M 页" footer) and
  // returns the PDF bytes. Once only: a second call fails with
  // pdf.finished; pdf.write_failed (kIo) if cairo reports an error.
  Result<std::string> Finish();

 private:
  struct Impl;
  explicit Document(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Per-cell look on top of the column's defaults.
struct CellStyle {
  bool bold = false;
  Color color = kBlack;
  std::optional<Color> fill = {};
  std::optional<Align> align = {};  // default: the column's
};

struct Cell {
  std::string text = {};
  CellStyle style = {};
};

struct Column {
  std::string title;  // header text; "\n" starts a second line (e.g. the standard)
  double weight = 1;  // share of the table width
  Align align = Align::kLeft;
};

struct TableStyle {
  double font_size = 8;
  double caption_size = 9.5;
  double padding_x = 3;
  double padding_y = 2.5;
  Color header_fill = 0xDDEBF7;  // as the Excel reports' header rows
  Color band_fill = 0xF2F2F2;
  Color border = 0x7F7F7F;
  double border_width = 0.5;
  double space_after = 8;
};

// A table that flows across pages. Rows are added first, then Draw() lays
// them out on the Document at its cursor: the caption and the header stay
// with the first row, the header (and the caption with "（续）") is repeated
// on each continuation page, and a band stays with the row after it.
// Header cells are bold and centred; band cells take their style as given.
class Table {
 public:
  explicit Table(std::vector<Column> columns, TableStyle style = {});

  // A line above the header row, repeated with "（续）" on continuation pages.
  void SetCaption(std::string caption);
  // The line shown above the header on continuation pages only (replaces
  // caption + "（续）"): for a table introduced by a heading of its own.
  void SetContinuedCaption(std::string caption);
  // One cell per column; missing cells are blank, extra ones ignored.
  void AddRow(std::vector<Cell> cells);
  // One cell across all columns: a group title or "无".
  void AddBand(Cell cell);
  size_t rows() const { return rows_.size(); }

  void Draw(Document& doc) const;

 private:
  struct Row {
    std::vector<Cell> cells;
    bool band = false;
  };
  std::vector<Column> columns_;
  TableStyle style_;
  std::string caption_;
  std::string continued_caption_;
  std::vector<Row> rows_;
};

}  // namespace jiaodu::pdf

#endif  // JIAODU_FORMATS_PDF_PDF_LAYOUT_H_
