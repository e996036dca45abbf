#include "jiaodu/formats/pdf/pdf_layout.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/formats/pdf/cff_guard.h"

namespace jiaodu::pdf {

// A pango layout and where its lines are, in points from the layout's top.
// Owns one reference to the layout, which owns one to the context and font
// map: a TextBlock stays drawable even after its Document is gone.
struct LaidText {
  PangoLayout* layout = nullptr;
  double width = 0;
  Color color = kBlack;
  std::vector<double> top;       // per line
  std::vector<double> bottom;    // per line
  std::vector<double> baseline;  // per line
  std::vector<double> x;         // per line: the alignment offset

  LaidText() = default;
  LaidText(const LaidText&) = delete;
  LaidText& operator=(const LaidText&) = delete;
  ~LaidText() {
    if (layout != nullptr) g_object_unref(layout);
  }
};

namespace {

// The running header and footer are a little smaller and grey, so they read
// as page furniture and not as content.
constexpr double kFurnitureSize = 7.5;
constexpr Color kFurnitureColor = 0x595959;
constexpr double kHeaderRuleGap = 2;  // header text → rule
constexpr double kHeaderBodyGap = 7;  // header text → first content
constexpr double kFooterBodyGap = 6;  // last content → footer text
constexpr double kHairline = 0.5;
// Below this, a row that does not fit starts on the next page rather than
// leaving a sliver of itself at the bottom of this one.
constexpr double kMinSplitSpace = 36;
constexpr double kEpsilon = 1e-6;
// Listing passes of the CFF guard; each only adds glyphs to outline.
constexpr int kMaxGuardPasses = 6;

double ToPoints(int pango_units) { return pango_units_to_double(pango_units); }

void SetColor(cairo_t* cr, Color c) {
  cairo_set_source_rgb(cr, static_cast<double>((c >> 16) & 0xFF) / 255.0,
                       static_cast<double>((c >> 8) & 0xFF) / 255.0,
                       static_cast<double>(c & 0xFF) / 255.0);
}

PangoAlignment ToPango(Align a) {
  switch (a) {
    case Align::kLeft:
      return PANGO_ALIGN_LEFT;
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
  }
  return PANGO_ALIGN_LEFT;
}

// pango warns on (and may drop the rest of) invalid UTF-8 and cuts at NUL;
// report text comes from user data, so it is repaired here instead.
std::string Sanitize(std::string_view text) {
  std::string s(text);
  s.erase(std::remove(s.begin(), s.end(), '\0'), s.end());
  if (g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr)) return s;
  gchar* valid = g_utf8_make_valid(s.data(), static_cast<gssize>(s.size()));
  std::string out(valid);
  g_free(valid);
  return out;
}

std::shared_ptr<const LaidText> MakeLaidText(PangoContext* context, const std::string& family,
                                             std::string_view text, const TextStyle& style,
                                             double width, bool single_line) {
  auto laid = std::make_shared<LaidText>();
  laid->width = std::max(width, 1.0);
  laid->color = style.color;
  laid->layout = pango_layout_new(context);
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, family.c_str());
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_layout_set_font_description(laid->layout, font);
  pango_font_description_free(font);
  const std::string clean = Sanitize(text);
  pango_layout_set_text(laid->layout, clean.data(), static_cast<int>(clean.size()));
  pango_layout_set_width(laid->layout, pango_units_from_double(laid->width));
  pango_layout_set_alignment(laid->layout, ToPango(style.align));
  if (single_line) {
    pango_layout_set_ellipsize(laid->layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(laid->layout, -1);  // one line per paragraph
  } else {
    // WORD_CHAR: Chinese breaks between any two characters anyway; this
    // also breaks a long Latin run (a URL in 佐证材料) instead of overflowing.
    pango_layout_set_wrap(laid->layout, PANGO_WRAP_WORD_CHAR);
  }

  PangoLayoutIter* it = pango_layout_get_iter(laid->layout);
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    laid->top.push_back(ToPoints(logical.y));
    laid->bottom.push_back(ToPoints(logical.y + logical.height));
    laid->baseline.push_back(ToPoints(pango_layout_iter_get_baseline(it)));
    laid->x.push_back(ToPoints(logical.x));
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return laid;
}

// ---------------------------------------------------------------------------
// Drawing text, around cairo's CFF subsetting fault (cff_guard.h)

// One embedded font as cairo will subset it: the CFF table of the face,
// the glyphs it will meet in order, and those to draw as outlines.
struct FaceGuard {
  hb_blob_t* blob = nullptr;  // the 'CFF ' table; empty for other outlines
  std::optional<CffFont> cff;
  uint32_t blank = 0;  // a blank glyph that carries a replaced glyph's text
  bool has_blank = false;
  std::vector<uint32_t> sequence;
  std::set<uint32_t> outlined;
};

class FaceGuards {
 public:
  FaceGuards() = default;
  FaceGuards(const FaceGuards&) = delete;
  FaceGuards& operator=(const FaceGuards&) = delete;
  ~FaceGuards() {
    for (auto& [face, guard] : guards_) hb_blob_destroy(guard.blob);
  }

  // Keyed by harfbuzz face: pango shares one per font file and index, as
  // cairo shares one embedded font (its "unscaled font") per file and index.
  FaceGuard& For(PangoFont* font) {
    hb_font_t* hb = pango_font_get_hb_font(font);
    hb_face_t* face = hb_font_get_face(hb);
    auto [it, added] = guards_.try_emplace(face);
    FaceGuard& g = it->second;
    if (added) {
      g.blob = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
      unsigned int length = 0;
      const char* data = hb_blob_get_data(g.blob, &length);
      if (length > 0) {
        g.cff = CffFont::Parse(
            std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data), length));
      }
      hb_codepoint_t blank = 0;
      g.has_blank = hb_font_get_nominal_glyph(hb, 0x3000, &blank) ||  // ideographic space
                    hb_font_get_nominal_glyph(hb, 0x0020, &blank);
      g.blank = blank;
    }
    return g;
  }

  void ClearSequences() {
    for (auto& [face, g] : guards_) g.sequence.clear();
  }

  // Adds the glyphs cairo would break given the sequences just collected;
  // false when there are none (the drawing is then safe).
  bool AddBroken() {
    bool more = false;
    for (auto& [face, g] : guards_) {
      if (!g.cff) continue;
      for (uint32_t glyph : GlyphsCairoWouldBreak(*g.cff, g.sequence)) {
        more = g.outlined.insert(glyph).second || more;
      }
    }
    return more;
  }

 private:
  std::map<hb_face_t*, FaceGuard> guards_;
};

// Shows text runs with cairo, or (without a context) only lists the glyphs
// each font will be asked for, in the order cairo meets them.
class TextPainter {
 public:
  TextPainter(cairo_t* cr, FaceGuards& guards) : cr_(cr), guards_(guards) {}

  // Lines [first, last) with line `first`'s top at (x, y), run by run as
  // pango_renderer_draw_layout_line does.
  void ShowLines(const LaidText& t, size_t first, size_t last, double x, double y) {
    last = std::min(last, t.top.size());
    if (first >= last) return;
    const char* text = pango_layout_get_text(t.layout);
    const double offset = t.top[first];
    for (size_t i = first; i < last; ++i) {
      PangoLayoutLine* line = pango_layout_get_line_readonly(t.layout, static_cast<int>(i));
      if (line == nullptr) break;
      double run_x = x + t.x[i];
      const double baseline = y + t.baseline[i] - offset;
      for (GSList* l = line->runs; l != nullptr; l = l->next) {
        auto* run = static_cast<PangoGlyphItem*>(l->data);
        ShowRun(text, run, run_x, baseline);
        run_x += ToPoints(pango_glyph_string_get_width(run->glyphs));
      }
    }
  }

 private:
  static bool Drawn(PangoGlyph g) {
    return g != PANGO_GLYPH_EMPTY && (g & PANGO_GLYPH_UNKNOWN_FLAG) == 0;
  }

  void ShowRun(const char* text, PangoGlyphItem* run, double x, double baseline) {
    FaceGuard& guard = guards_.For(run->item->analysis.font);
    PangoGlyphString* glyphs = run->glyphs;
    bool replace = false;
    for (int i = 0; i < glyphs->num_glyphs; ++i) {
      const PangoGlyph g = glyphs->glyphs[i].glyph;
      if (!Drawn(g)) continue;
      const bool outlined = guard.outlined.count(g) > 0;
      replace = replace || outlined;
      if (cr_ == nullptr) guard.sequence.push_back(outlined && guard.has_blank ? guard.blank : g);
    }
    if (cr_ == nullptr) return;
    if (!replace) {
      cairo_move_to(cr_, x, baseline);
      pango_cairo_show_glyph_item(cr_, text, run);
      return;
    }
    // The outlined glyphs are filled as paths; the run is shown with a blank
    // glyph in their place, so the cluster still carries their text (cairo
    // writes it as /ActualText) and the subset never holds them.
    PangoGlyphString* copy = pango_glyph_string_copy(glyphs);
    cairo_scaled_font_t* scaled = pango_cairo_font_get_scaled_font(
        reinterpret_cast<PangoCairoFont*>(run->item->analysis.font));
    double gx = x;
    for (int i = 0; i < copy->num_glyphs; ++i) {
      PangoGlyphInfo& gi = copy->glyphs[i];
      if (Drawn(gi.glyph) && guard.outlined.count(gi.glyph) > 0) {
        if (scaled != nullptr) {
          cairo_save(cr_);
          cairo_set_scaled_font(cr_, scaled);
          cairo_glyph_t path{gi.glyph, gx + ToPoints(gi.geometry.x_offset),
                             baseline + ToPoints(gi.geometry.y_offset)};
          cairo_new_path(cr_);
          cairo_glyph_path(cr_, &path, 1);
          cairo_fill(cr_);
          cairo_restore(cr_);
        }
        gi.glyph = guard.has_blank ? guard.blank : PANGO_GLYPH_EMPTY;
      }
      gx += ToPoints(gi.geometry.width);
    }
    PangoGlyphItem item = *run;
    item.glyphs = copy;
    cairo_move_to(cr_, x, baseline);
    pango_cairo_show_glyph_item(cr_, text, &item);
    pango_glyph_string_free(copy);
  }

  cairo_t* cr_;
  FaceGuards& guards_;
};

// "第 3 页 / 共 12 页"
std::string PageLabel(size_t page, size_t total) {
  return fmt::format("第 {} 页 / 共 {} 页", page, total);
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

// ---------------------------------------------------------------------------
// TextBlock

double TextBlock::width() const { return laid_ ? laid_->width : 0; }

double TextBlock::height() const { return laid_ ? Height(0, laid_->top.size()) : 0; }

size_t TextBlock::lines() const { return laid_ ? laid_->top.size() : 0; }

double TextBlock::Height(size_t first, size_t last) const {
  if (!laid_) return 0;
  last = std::min(last, laid_->top.size());
  if (first >= last) return 0;
  return laid_->bottom[last - 1] - laid_->top[first];
}

size_t TextBlock::LinesFitting(size_t first, double height) const {
  size_t last = first;
  while (last < lines() && Height(first, last + 1) <= height + kEpsilon) ++last;
  return last - first;
}

// ---------------------------------------------------------------------------
// Document

namespace {

struct Op {
  enum class Kind { kFill, kStroke, kText };
  Kind kind = Kind::kFill;
  double x = 0;
  double y = 0;
  double w = 0;
  double h = 0;
  Color color = kBlack;
  double line_width = 0;
  std::shared_ptr<const LaidText> text = {};
  size_t first = 0;
  size_t last = 0;
};

}  // namespace

struct Document::Impl {
  DocumentOptions options;
  PangoFontMap* font_map = nullptr;
  PangoContext* context = nullptr;
  std::vector<std::vector<Op>> pages;
  double y = 0;
  double content_top = 0;
  double content_bottom = 0;
  std::shared_ptr<const LaidText> header;
  double footer_y = 0;
  bool finished = false;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (context != nullptr) g_object_unref(context);
    if (font_map != nullptr) g_object_unref(font_map);
  }

  std::shared_ptr<const LaidText> Lay(std::string_view text, const TextStyle& style, double width,
                                      bool single_line = false) const {
    return MakeLaidText(context, options.font_family, text, style, width, single_line);
  }
};

Document::Document(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Document::~Document() = default;

Result<std::unique_ptr<Document>> Document::Create(DocumentOptions options) {
  const double min_side = 2 * options.margin + 100;
  if (!(options.margin >= 0) || !(options.page_width >= min_side) ||
      !(options.page_height >= min_side)) {
    return Fail(ErrorCode::kInvalidInput, "pdf.invalid_page",
                Text("页面尺寸或页边距无效", "invalid page size or margins"));
  }
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  // A font map of our own (not pango's per-thread default): its caches die
  // with the document, and documents on different threads share nothing.
  impl->font_map = pango_cairo_font_map_new();
  impl->context = pango_font_map_create_context(impl->font_map);
  // Points as device units; no hinting, so that what is measured here is
  // what the vector PDF shows at any zoom.
  pango_cairo_context_set_resolution(impl->context, 72);
  cairo_font_options_t* font_options = cairo_font_options_create();
  cairo_font_options_set_hint_style(font_options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(font_options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(impl->context, font_options);
  cairo_font_options_destroy(font_options);
  pango_context_set_round_glyph_positions(impl->context, FALSE);
  // Simplified-Chinese line-breaking and glyph forms.
  pango_context_set_language(impl->context, pango_language_from_string("zh-cn"));

  // fontconfig substitutes silently; a report in a fallback font may print
  // boxes for every character, so a missing family is an error.
  PangoFontDescription* want = pango_font_description_new();
  pango_font_description_set_family(want, impl->options.font_family.c_str());
  pango_font_description_set_absolute_size(want, 10 * PANGO_SCALE);
  PangoFont* font = pango_font_map_load_font(impl->font_map, impl->context, want);
  bool found = false;
  if (font != nullptr) {
    PangoFontDescription* got = pango_font_describe(font);
    const char* family = pango_font_description_get_family(got);
    found = family != nullptr && g_ascii_strcasecmp(family, impl->options.font_family.c_str()) == 0;
    pango_font_description_free(got);
    g_object_unref(font);
  }
  pango_font_description_free(want);
  if (!found) {
    return Fail(ErrorCode::kFailedPrecondition, "pdf.font_missing",
                Text("未安装 PDF 所需字体“" + impl->options.font_family +
                         "”（Debian 软件包 fonts-noto-cjk），无法生成 PDF",
                     "the font \"" + impl->options.font_family +
                         "\" needed for PDF output is not installed (package fonts-noto-cjk)"));
  }

  const DocumentOptions& o = impl->options;
  const double width = o.page_width - 2 * o.margin;
  const TextStyle furniture{.size = kFurnitureSize, .color = kFurnitureColor};
  impl->header = impl->Lay(o.header, furniture, width, /*single_line=*/true);
  const double header_h = o.header.empty() ? 0 : TextBlock(impl->header).height();
  impl->content_top = o.margin + (o.header.empty() ? 0 : header_h + kHeaderBodyGap);
  const double footer_h = TextBlock(impl->Lay("第 1 页", furniture, width)).height();
  impl->footer_y = o.page_height - o.margin - footer_h;
  impl->content_bottom = impl->footer_y - kFooterBodyGap;
  impl->pages.emplace_back();
  impl->y = impl->content_top;
  return std::unique_ptr<Document>(new Document(std::move(impl)));
}

double Document::left() const { return impl_->options.margin; }
double Document::content_width() const {
  return impl_->options.page_width - 2 * impl_->options.margin;
}
double Document::content_height() const { return impl_->content_bottom - impl_->content_top; }
double Document::remaining() const { return std::max(impl_->content_bottom - impl_->y, 0.0); }
bool Document::at_page_top() const { return impl_->y <= impl_->content_top + kEpsilon; }
int Document::pages() const { return static_cast<int>(impl_->pages.size()); }
double Document::cursor() const { return impl_->y; }

void Document::NewPage() {
  if (at_page_top()) return;
  impl_->pages.emplace_back();
  impl_->y = impl_->content_top;
}

void Document::KeepTogether(double height) {
  if (height > remaining() + kEpsilon) NewPage();
}

void Document::Gap(double points) {
  if (at_page_top()) return;  // a gap at the top of a page only wastes it
  impl_->y = std::min(impl_->y + points, impl_->content_bottom);
}

void Document::Advance(double dy) { impl_->y += dy; }

TextBlock Document::Layout(std::string_view text, const TextStyle& style, double width) const {
  return TextBlock(impl_->Lay(text, style, width));
}

void Document::Paragraph(std::string_view text, const TextStyle& style, double space_after) {
  const TextBlock block = Layout(text, style, content_width());
  size_t first = 0;
  while (first < block.lines()) {
    size_t k = block.LinesFitting(first, remaining());
    if (k == 0) {
      if (!at_page_top()) {
        NewPage();
        continue;
      }
      k = 1;  // a line taller than a page: nothing better to do
    }
    DrawText(block, first, first + k, left(), cursor());
    Advance(block.Height(first, first + k));
    first += k;
    if (first < block.lines()) NewPage();
  }
  Gap(space_after);
}

void Document::DrawText(const TextBlock& block, size_t first_line, size_t last_line, double x,
                        double y) {
  if (!block.laid_) return;
  Op op;
  op.kind = Op::Kind::kText;
  op.x = x;
  op.y = y;
  op.text = block.laid_;
  op.first = first_line;
  op.last = last_line;
  impl_->pages.back().push_back(std::move(op));
}

void Document::FillRect(double x, double y, double w, double h, Color color) {
  impl_->pages.back().push_back(
      Op{.kind = Op::Kind::kFill, .x = x, .y = y, .w = w, .h = h, .color = color});
}

void Document::StrokeRect(double x, double y, double w, double h, Color color, double line_width) {
  impl_->pages.back().push_back(Op{.kind = Op::Kind::kStroke,
                                   .x = x,
                                   .y = y,
                                   .w = w,
                                   .h = h,
                                   .color = color,
                                   .line_width = line_width});
}

Result<std::string> Document::Finish() {
  if (impl_->finished) {
    return Fail(ErrorCode::kFailedPrecondition, "pdf.finished",
                Text("PDF 已生成，不能再次生成", "the PDF has already been finished"));
  }
  impl_->finished = true;
  const DocumentOptions& o = impl_->options;
  std::string out;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendToString, &out, o.page_width, o.page_height);
  if (!o.title.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, o.title.c_str());
  }
  if (!o.subject.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, o.subject.c_str());
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "jiaodu");
  cairo_t* cr = cairo_create(surface);

  // Page furniture: the same header on every page, the footers per page.
  const double width = o.page_width - 2 * o.margin;
  const TextStyle furniture{.size = kFurnitureSize, .color = kFurnitureColor};
  const size_t total = impl_->pages.size();
  TextStyle centered = furniture;
  centered.align = Align::kCenter;
  TextStyle right = furniture;
  right.align = Align::kRight;
  std::vector<std::shared_ptr<const LaidText>> page_numbers;
  for (size_t p = 0; p < total; ++p) {
    page_numbers.push_back(impl_->Lay(PageLabel(p + 1, total), centered, width));
  }
  const auto note = impl_->Lay(o.footer_note, right, width, /*single_line=*/true);

  // Every page, in one order for both passes: text only when `tp` lists.
  auto draw_page = [&](TextPainter& tp, cairo_t* c, size_t p) {
    if (!o.header.empty()) {
      if (c) SetColor(c, kFurnitureColor);
      tp.ShowLines(*impl_->header, 0, 1, o.margin, o.margin);
      if (c) {
        const double rule_y = o.margin + TextBlock(impl_->header).height() + kHeaderRuleGap;
        cairo_set_line_width(c, kHairline);
        cairo_move_to(c, o.margin, rule_y);
        cairo_line_to(c, o.margin + width, rule_y);
        cairo_stroke(c);
      }
    }
    if (c) SetColor(c, kFurnitureColor);
    tp.ShowLines(*page_numbers[p], 0, page_numbers[p]->top.size(), o.margin, impl_->footer_y);
    if (!o.footer_note.empty()) tp.ShowLines(*note, 0, 1, o.margin, impl_->footer_y);

    for (const Op& op : impl_->pages[p]) {
      switch (op.kind) {
        case Op::Kind::kFill:
          if (!c) break;
          SetColor(c, op.color);
          cairo_rectangle(c, op.x, op.y, op.w, op.h);
          cairo_fill(c);
          break;
        case Op::Kind::kStroke:
          if (!c) break;
          SetColor(c, op.color);
          cairo_set_line_width(c, op.line_width);
          cairo_rectangle(c, op.x, op.y, op.w, op.h);
          cairo_stroke(c);
          break;
        case Op::Kind::kText:
          // The colour is part of the style the layout was made with.
          if (c) SetColor(c, op.text->color);
          tp.ShowLines(*op.text, op.first, op.last, op.x, op.y);
          break;
      }
    }
  };

  // Listing passes: which glyphs cairo would embed broken, given the
  // glyphs it meets once those are replaced. Each pass only adds glyphs,
  // and a document rarely needs a second one.
  FaceGuards guards;
  for (int pass = 0; pass < kMaxGuardPasses; ++pass) {
    guards.ClearSequences();
    TextPainter lister(nullptr, guards);
    for (size_t p = 0; p < total; ++p) draw_page(lister, nullptr, p);
    if (!guards.AddBroken()) break;
  }

  TextPainter painter(cr, guards);
  for (size_t p = 0; p < total; ++p) {
    draw_page(painter, cr, p);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  impl_->pages.clear();
  if (status != CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorCode::kIo, "pdf.write_failed",
                Text(std::string("生成 PDF 失败：") + cairo_status_to_string(status),
                     std::string("writing the PDF failed: ") + cairo_status_to_string(status)));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Table

Table::Table(std::vector<Column> columns, TableStyle style)
    : columns_(std::move(columns)), style_(style) {}

void Table::SetCaption(std::string caption) { caption_ = std::move(caption); }

void Table::SetContinuedCaption(std::string caption) { continued_caption_ = std::move(caption); }

void Table::AddRow(std::vector<Cell> cells) {
  cells.resize(columns_.size());
  rows_.push_back({std::move(cells), false});
}

void Table::AddBand(Cell cell) {
  std::vector<Cell> cells;
  cells.push_back(std::move(cell));
  rows_.push_back({std::move(cells), true});
}

namespace {

// A row laid out: one block per cell (one for a band) and its height.
struct LaidRow {
  std::vector<TextBlock> cells;
  std::vector<const Cell*> source;
  bool band = false;
  double height = 0;
};

}  // namespace

void Table::Draw(Document& doc) const {
  const size_t n = columns_.size();
  if (n == 0) return;
  const double px = style_.padding_x;
  const double py = style_.padding_y;

  // Column geometry: weights share the content width.
  double total_weight = 0;
  for (const Column& c : columns_) total_weight += std::max(c.weight, 0.0);
  std::vector<double> xs(n + 1, doc.left());
  for (size_t i = 0; i < n; ++i) {
    const double share = total_weight > 0 ? std::max(columns_[i].weight, 0.0) / total_weight
                                          : 1.0 / static_cast<double>(n);
    xs[i + 1] = xs[i] + doc.content_width() * share;
  }
  const double table_width = xs[n] - xs[0];
  auto inner = [&](double w) { return std::max(w - 2 * px, 1.0); };

  // Header row, caption and its continued form.
  std::vector<TextBlock> head(n);
  double head_h = 0;
  for (size_t i = 0; i < n; ++i) {
    head[i] = doc.Layout(columns_[i].title,
                         {.size = style_.font_size, .bold = true, .align = Align::kCenter},
                         inner(xs[i + 1] - xs[i]));
    head_h = std::max(head_h, head[i].height() + 2 * py);
  }
  const TextStyle caption_style{.size = style_.caption_size, .bold = true};
  constexpr double kCaptionGap = 3;
  const std::string continued_text = !continued_caption_.empty()
                                         ? continued_caption_
                                         : (caption_.empty() ? std::string() : caption_ + "（续）");
  TextBlock caption;
  TextBlock continued;
  if (!caption_.empty()) caption = doc.Layout(caption_, caption_style, table_width);
  if (!continued_text.empty()) continued = doc.Layout(continued_text, caption_style, table_width);
  const double caption_h = caption_.empty() ? 0 : caption.height() + kCaptionGap;
  const double continued_h = continued_text.empty() ? 0 : continued.height() + kCaptionGap;

  // Body rows.
  std::vector<LaidRow> laid;
  laid.reserve(rows_.size());
  for (const Row& row : rows_) {
    LaidRow r;
    r.band = row.band;
    const size_t cells = row.band ? 1 : n;
    for (size_t i = 0; i < cells && i < row.cells.size(); ++i) {
      const Cell& cell = row.cells[i];
      const double w = row.band ? table_width : xs[i + 1] - xs[i];
      const Align align = cell.style.align.value_or(row.band ? Align::kLeft : columns_[i].align);
      r.cells.push_back(doc.Layout(cell.text,
                                   {.size = style_.font_size,
                                    .bold = cell.style.bold,
                                    .color = cell.style.color,
                                    .align = align},
                                   inner(w)));
      r.source.push_back(&cell);
      r.height = std::max(r.height, r.cells.back().height() + 2 * py);
    }
    laid.push_back(std::move(r));
  }

  // Drawing. `fresh` is true right after a header, when a page break would
  // not help a row that does not fit.
  bool fresh = false;
  auto draw_header = [&](bool is_continued) {
    const TextBlock& c = is_continued ? continued : caption;
    if (c.lines() > 0) {
      doc.DrawText(c, 0, c.lines(), xs[0], doc.cursor());
      doc.Advance(c.height() + kCaptionGap);
    }
    const double y = doc.cursor();
    for (size_t i = 0; i < n; ++i) {
      const double w = xs[i + 1] - xs[i];
      doc.FillRect(xs[i], y, w, head_h, style_.header_fill);
      doc.DrawText(head[i], 0, head[i].lines(), xs[i] + px,
                   y + py + (head_h - 2 * py - head[i].height()) / 2);
      doc.StrokeRect(xs[i], y, w, head_h, style_.border, style_.border_width);
    }
    doc.Advance(head_h);
    fresh = true;
  };
  auto break_page = [&]() {
    doc.NewPage();
    draw_header(/*is_continued=*/true);
  };
  // Lines [first[c], last[c]) of each cell in a row `height` tall; text is
  // centred vertically when whole, at the top when split.
  auto draw_chunk = [&](const LaidRow& r, const std::vector<size_t>& first,
                        const std::vector<size_t>& last, double height, bool whole) {
    const double y = doc.cursor();
    for (size_t c = 0; c < r.cells.size(); ++c) {
      const double x0 = r.band ? xs[0] : xs[c];
      const double w = r.band ? table_width : xs[c + 1] - xs[c];
      const std::optional<Color> fill =
          r.source[c]->style.fill
              ? r.source[c]->style.fill
              : (r.band ? std::optional<Color>(style_.band_fill) : std::nullopt);
      if (fill) doc.FillRect(x0, y, w, height, *fill);
      const TextBlock& b = r.cells[c];
      const double text_h = b.Height(first[c], last[c]);
      const double dy = whole ? (height - 2 * py - text_h) / 2 : 0;
      doc.DrawText(b, first[c], last[c], x0 + px, y + py + dy);
    }
    // Borders after fills, so a filled cell does not cover its neighbour's.
    if (r.band) {
      doc.StrokeRect(xs[0], y, table_width, height, style_.border, style_.border_width);
    } else {
      for (size_t c = 0; c < n; ++c) {
        doc.StrokeRect(xs[c], y, xs[c + 1] - xs[c], height, style_.border, style_.border_width);
      }
    }
    doc.Advance(height);
    fresh = false;
  };
  const double capacity = doc.content_height() - continued_h - head_h;

  // Caption and header stay with the first row (or as much of it as a page holds).
  const double first_h = laid.empty() ? 0 : std::min(laid.front().height, capacity);
  doc.KeepTogether(caption_h + head_h + first_h);
  draw_header(/*is_continued=*/false);

  for (size_t i = 0; i < laid.size(); ++i) {
    const LaidRow& r = laid[i];
    const size_t cells = r.cells.size();
    std::vector<size_t> first(cells, 0);
    std::vector<size_t> all(cells);
    for (size_t c = 0; c < cells; ++c) all[c] = r.cells[c].lines();

    // A band keeps its next row with it.
    double need = r.height;
    if (r.band && i + 1 < laid.size() && r.height + laid[i + 1].height <= capacity) {
      need += laid[i + 1].height;
    }
    if (need <= doc.remaining() + kEpsilon) {
      draw_chunk(r, first, all, r.height, /*whole=*/true);
      continue;
    }
    if (r.height <= capacity + kEpsilon && !fresh) {
      break_page();
      draw_chunk(r, first, all, r.height, /*whole=*/true);
      continue;
    }
    // Taller than a page: split between lines, continuing under a repeated
    // header. (Reached only for a very long text, e.g. a list of reasons.)
    if (!fresh && doc.remaining() < kMinSplitSpace) break_page();
    while (true) {
      const double avail = doc.remaining() - 2 * py;
      std::vector<size_t> last(cells);
      double text_h = 0;
      bool progress = false;
      bool done = true;
      for (size_t c = 0; c < cells; ++c) {
        size_t k = r.cells[c].LinesFitting(first[c], avail);
        if (k == 0 && fresh && first[c] < all[c]) k = 1;  // a line taller than a page
        last[c] = first[c] + k;
        progress = progress || k > 0;
        done = done && last[c] >= all[c];
        text_h = std::max(text_h, r.cells[c].Height(first[c], last[c]));
      }
      if (!progress) {
        break_page();
        continue;
      }
      draw_chunk(r, first, last, text_h + 2 * py, /*whole=*/false);
      if (done) break;
      first = last;
      break_page();
    }
  }
  doc.Gap(style_.space_after);
}

}  // namespace jiaodu::pdf

// LeakSanitizer (the asan preset runs with detect_leaks=1) and the system's
// libraries: cairo 1.16 leaks 768 bytes in every cairo_surface_finish of a
// PDF with fonts, and fontconfig leaves parts of its configuration
// unreachable when it loads it; both reproduce in a ten-line C program with
// no jiaodu code. The libraries have no frame pointers, so the sanitizer's
// fast unwinder sees only the library that allocated: the suppressions
// name libraries, not functions. (Whole stacks, fast_unwind_on_malloc=0,
// would allow naming cairo_surface_finish, but make the asan run of these
// tests ten times slower.) A pango layout or context that jiaodu fails to
// release is still reported: gobject allocates those. The hook is read
// only by the sanitizer runtime. It lives here, in an object every program
// that renders a PDF links (this library's tests, the server's, the CLI),
// rather than in a test helper that only some of them link.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so\n"
         "leak:libfontconfig.so\n";
}
