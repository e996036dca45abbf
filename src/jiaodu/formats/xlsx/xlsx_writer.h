// File: jiaodu/formats/xlsx/xlsx_writer.h
//
// A small C++ wrapper over libxlsxwriter for the workbooks we hand to users:
// fill-in templates (dropdowns, number checks, notes) and result exports.
// Callers never see the C API, its raw pointers or its NULL-terminated lists:
//
//   auto book = JIAODU_TRY(WorkbookWriter::CreateInMemory({.title = "学校基本情况"}));
//   Format header = book.AddFormat({.bold = true, .fill_color = 0xDDEBF7,
//                                   .border = BorderStyle::kThin, .align = HAlign::kCenter});
//   SheetWriter& sheet = book.AddSheet("学校基本情况");
//   sheet.WriteString(0, 0, "学校名称", header);
//   sheet.WriteNumber(1, 1, 4.2);
//   sheet.AddDropdown({1, 2, 500, 2}, {"小学", "初中", "九年一贯制学校"});
//   std::string bytes = JIAODU_TRY(book.FinishToBytes());   // send as the HTTP body
//
// Errors are sticky: cell and layout calls return nothing, and the first
// failure (a row beyond Excel's grid, a string over 32,767 characters, a
// constant_memory row written out of order, a NaN, ...) is
// kept, reported by status(), and returned by Close() / FinishToBytes(). This
// keeps export code linear while still never producing a silently wrong file.
//
// Rows and columns are 0-based: (0, 0) is A1. Ranges are inclusive.
//
// Library facts this wrapper hides (libxlsxwriter 1.1.4, Debian 12):
//  * It has no in-memory output; FinishToBytes() writes a private temp file,
//    reads it back and deletes it.
//  * Its list validation copies the list into a 258-byte buffer sized for
//    ASCII: a Chinese list of 86+ characters overflows the heap (verified:
//    "buffer overflow detected" abort), and its range-list variant leaks the
//    formula (both fixed upstream in 1.1.6). AddDropdown passes a one-letter
//    stand-in list and substitutes the formula it built; see xlsx_writer.cc.
//  * Colour 0x000000 means "unset" to it; black is passed as its special value.
//  * Empty formulas and empty comments overflow buffers before 1.1.8; an
//    empty formula is refused, an empty comment skipped.
//  * NaN and infinities would be written as "nan"/"inf", which makes Excel
//    reject the file; they are refused.
// Error ids: xlsx.write_failed (kIo: temp file, disk full, unwritable path),
// xlsx.write_rejected (kInvalidInput: content Excel cannot hold; names the
// sheet and cell; kFailedPrecondition: FinishToBytes called twice in memory).
#ifndef JIAODU_FORMATS_XLSX_XLSX_WRITER_H_
#define JIAODU_FORMATS_XLSX_XLSX_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::xlsx {

// 0xRRGGBB, e.g. 0xC00000 (dark red), 0xFFF2CC (light yellow).
using Color = uint32_t;

enum class HAlign { kDefault, kLeft, kCenter, kRight };
enum class VAlign { kDefault, kTop, kCenter, kBottom };
enum class BorderStyle { kNone, kThin, kMedium };

// What a cell looks like. Default-constructed = Excel's default look.
// Every option struct here gives each member an initializer, so callers can
// use designated initializers ({.bold = true}) under -Wextra.
struct CellStyle {
  bool bold = false;
  bool italic = false;
  double font_size = 0;        // points; 0 keeps Excel's default (11)
  std::string font_name = {};  // empty keeps the default
  std::optional<Color> font_color = {};
  std::optional<Color> fill_color = {};     // solid background
  BorderStyle border = BorderStyle::kNone;  // on all four sides
  HAlign align = HAlign::kDefault;
  VAlign valign = VAlign::kDefault;
  bool wrap = false;            // wrap long text within the column width
  std::string num_format = {};  // "0.00", "#,##0", "0.0%", "yyyy-mm-dd"; empty = General
};

// A registered CellStyle, valid for the WorkbookWriter that made it.
// The default Format is Excel's default look.
class Format {
 public:
  Format() = default;
  bool operator==(const Format&) const = default;

 private:
  friend class WorkbookWriter;
  friend class SheetWriter;
  explicit Format(int index) : index_(index) {}
  int index_ = -1;
};

// An inclusive block of cells, 0-based: {0, 0, 9, 2} is A1:C10.
struct Range {
  size_t first_row = 0;
  size_t first_col = 0;
  size_t last_row = 0;
  size_t last_col = 0;
};

// Texts of a data validation. Excel shows the input message in a yellow tip
// when the cell is selected, and the error message in the dialog that refuses
// a wrong entry. Excel's limits: titles 32 characters, messages 255; longer
// texts are cut with "…".
struct Prompt {
  std::string input_title = {};
  std::string input_message = {};
  std::string error_title = {};
  std::string error_message = {};
};

// Accepts numbers in [min, max] (either bound may be open).
struct NumberRule {
  bool integer = false;  // whole numbers only ("整数"), otherwise any decimal ("小数")
  std::optional<double> min = {};
  std::optional<double> max = {};
  // An empty error message is generated from the rule, e.g.
  // "请输入 0 到 100 之间的整数".
  Prompt prompt = {};
};

enum class Comparison { kLess, kLessOrEqual, kGreater, kGreaterOrEqual, kEqual, kNotEqual };

struct WriterOptions {
  // Streams each row to disk once the next row starts: memory stays flat for
  // 200k-row exports, strings are stored inline (t="inlineStr"), and every
  // sheet must be written top to bottom (an earlier row is refused, reported
  // as an error). A merge writes all of its rows.
  bool constant_memory = false;
  // Document properties (File → Info). The author is always "jiaodu".
  std::string title = {};
  std::string subject = {};
};

class SheetWriter;

class WorkbookWriter {
 public:
  // Writes the workbook to `path` on Close() / FinishToBytes().
  static Result<WorkbookWriter> Create(const std::string& path, const WriterOptions& options = {});
  // Produces the workbook in memory with FinishToBytes(); nothing stays on disk.
  static Result<WorkbookWriter> CreateInMemory(const WriterOptions& options = {});

  WorkbookWriter(WorkbookWriter&&) noexcept;
  WorkbookWriter& operator=(WorkbookWriter&&) noexcept;
  WorkbookWriter(const WorkbookWriter&) = delete;
  WorkbookWriter& operator=(const WorkbookWriter&) = delete;
  // Abandons an unfinished workbook: no file is written, temp files removed.
  ~WorkbookWriter();

  // Adds a worksheet. Excel's rules are applied rather than refused, since
  // names often come from data (school names): []:*?/\ become "_", leading
  // and trailing apostrophes are dropped, the name is cut to 31 characters,
  // an empty name becomes "Sheet<n>", and a name already used (ignoring
  // ASCII case, as Excel does) gets " (2)", " (3)", ...
  SheetWriter& AddSheet(std::string_view name);

  // Registers a style; the same style twice yields the same Format.
  Format AddFormat(const CellStyle& style);

  // The first error recorded so far, if any.
  Status status() const;

  // Finishes the workbook. Returns the first recorded error, or a write
  // failure. On an in-memory writer the result is discarded. Only the first
  // finishing call does anything; later ones return the same outcome.
  Status Close();
  // Finishes the workbook and returns the .xlsx bytes (Create(path) also
  // leaves the file at path).
  Result<std::string> FinishToBytes();

 private:
  friend class SheetWriter;
  struct Impl;
  explicit WorkbookWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One worksheet. Owned by its WorkbookWriter; the reference stays valid for
// the writer's lifetime (including after the writer is moved). Calls after
// the workbook is finished are ignored.
class SheetWriter {
 public:
  SheetWriter(const SheetWriter&) = delete;
  SheetWriter& operator=(const SheetWriter&) = delete;

  // The name actually used (after the clean-up AddSheet describes).
  const std::string& name() const { return name_; }

  // --- Cells ---------------------------------------------------------------
  // Text. Empty text writes a formatted blank (or nothing without a format).
  // Invalid UTF-8 is replaced by U+FFFD: Excel refuses a whole file that
  // contains it.
  void WriteString(size_t row, size_t col, std::string_view text, Format format = {});
  // NaN and infinities are refused (recorded as an error): Excel has no
  // representation for them.
  void WriteNumber(size_t row, size_t col, double value, Format format = {});
  // Excel's TRUE / FALSE.
  void WriteBool(size_t row, size_t col, bool value, Format format = {});
  // `formula` such as "=SUM(B2:B9)" (the "=" is optional), in Excel's English
  // function names. Excel recalculates on open; other readers (including
  // ours) see `cached_value` until then.
  void WriteFormula(size_t row, size_t col, std::string_view formula, Format format = {},
                    double cached_value = 0);
  // A cell with a format and no value (borders on an empty input cell).
  void WriteBlank(size_t row, size_t col, Format format);
  // A note (the red-triangle comment), shown on hover. Author "jiaodu".
  void WriteComment(size_t row, size_t col, std::string_view text);

  // --- Layout --------------------------------------------------------------
  // Width in Excel's unit (characters of "0" in the default font); one
  // Chinese character needs about 2. `format` applies to empty cells of the
  // columns too.
  void SetColumnWidth(size_t first_col, size_t last_col, double width, Format format = {});
  // Height in points (Excel's default is 15).
  void SetRowHeight(size_t row, double height, Format format = {});
  // Merges the range and writes `text` into it (a title row, a grouped header).
  void MergeRange(const Range& range, std::string_view text, Format format = {});
  // Keeps the first `rows` rows and `cols` columns in view while scrolling.
  void FreezePanes(size_t rows, size_t cols);
  // Adds the filter buttons to the header row of `range`.
  void AutoFilter(const Range& range);

  // --- Validation and highlighting -----------------------------------------
  // A dropdown offering `options` (Excel refuses other entries). Short lists
  // are stored inline; when the joined list exceeds Excel's 255-character
  // limit, or an option contains a comma or a quote, the options go to a
  // hidden sheet "下拉选项" and the dropdown refers to that range (the same
  // list used twice shares one column). Empty options are skipped; no
  // options at all is an error.
  void AddDropdown(const Range& range, const std::vector<std::string>& options,
                   const Prompt& prompt = {});
  // Restricts entries to numbers within the rule's bounds.
  void AddNumberValidation(const Range& range, const NumberRule& rule);
  // Conditional format: cells of `range` whose value compares true against
  // `value` are shown with `format` (e.g. red fill below a standard).
  void HighlightCells(const Range& range, Comparison op, double value, Format format);

 private:
  friend class WorkbookWriter;
  friend struct WorkbookWriter::Impl;
  SheetWriter(WorkbookWriter::Impl* book, size_t index, std::string name)
      : book_(book), index_(index), name_(std::move(name)) {}

  WorkbookWriter::Impl* book_;
  size_t index_;  // into the workbook's sheet table
  std::string name_;
};

}  // namespace jiaodu::xlsx

#endif  // JIAODU_FORMATS_XLSX_XLSX_WRITER_H_
