// File: jiaodu/formats/xlsx/xlsx_internal.h
//
// The package machinery that ReadXlsx (xlsx_reader.cc) and StreamXlsxRows
// (row_stream.cc) share, so both readers accept and refuse exactly the same
// files: sniffing (empty, .xls, encrypted, not a zip), opening the zip,
// finding the workbook through the relationships, the shared-string table,
// date styles, the streaming expat driver with its hostile-input guards, and
// the decoding of <c> elements into values. Not part of the library's API:
// only this folder includes it.
//
//   Package pkg;
//   JIAODU_TRY_STATUS(OpenPackage(bytes, "体测.xlsx", limits, pkg));
//   MySink sink(pkg, pkg.sheets[0].name);   // a SheetCells subclass
//   JIAODU_TRY_STATUS(ParseSheet(pkg, pkg.sheets[0], sink));
#ifndef JIAODU_FORMATS_XLSX_XLSX_INTERNAL_H_
#define JIAODU_FORMATS_XLSX_XLSX_INTERNAL_H_

#include <expat.h>
#include <zip.h>

#include <charconv>
#include <cstddef>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/xlsx/table.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"

namespace jiaodu::xlsx::internal {

// zip_fread chunk: large enough that per-call overhead vanishes, small enough
// to stay in L2 (measured in docs/cpp-stack.md 2.6).
inline constexpr size_t kChunkSize = 64 * 1024;
// Excel's grid: 1,048,576 rows by 16,384 columns (A..XFD).
inline constexpr size_t kMaxRows = 1'048'576;
inline constexpr size_t kMaxCols = 16'384;
// No single XML token (a tag, a comment) and no single value (a cell's text,
// a shared string) may be larger: expat must hold a token whole and we hold a
// value whole, so without this cap one hostile item could take as much memory
// as the whole byte budget. Excel itself stops at 32,767 characters a cell.
inline constexpr size_t kMaxItemBytes = size_t{16} << 20;

// ---------------------------------------------------------------------------
// Errors. Every message names the file so that it still makes sense when a
// batch import of thirty files reports one failure.

Error MakeError(ErrorCode code, std::string id, std::string zh, std::string en,
                std::string_view file);
Error Corrupt(std::string_view file, std::string_view detail_zh, std::string_view detail_en);
Error TooManyBytes(std::string_view file, size_t limit);
Error TooManyCells(std::string_view file, size_t limit);
Error OutOfMemory(std::string_view file);                           // xlsx.too_large
Error InternalError(std::string_view file, std::string_view what);  // xlsx.internal

// Runs `read` (returning a Result or Status), turning exceptions into the
// errors `out_of_memory()` and `internal(what)` make: the public readers
// promise never to throw.
template <typename F, typename OutOfMemoryError, typename InternalErrorOf>
auto GuardWith(F&& read, OutOfMemoryError out_of_memory, InternalErrorOf internal)
    -> decltype(read()) {
  try {
    return read();
  } catch (const std::bad_alloc&) {
    return Fail(out_of_memory());
  } catch (const std::exception& e) {
    return Fail(internal(std::string_view(e.what())));
  }
}

// GuardWith with the xlsx.too_large / xlsx.internal errors.
template <typename F>
auto Guard(std::string_view file_name, F&& read) -> decltype(read()) {
  return GuardWith(
      std::forward<F>(read), [&] { return OutOfMemory(file_name); },
      [&](std::string_view what) { return InternalError(file_name, what); });
}

// ---------------------------------------------------------------------------
// Small parsing helpers.

// "x:row" -> "row". Expat runs without namespace processing, so names arrive
// as written ("row", "x:row" from the .NET Open XML SDK, "r:id"); the prefix
// carries no meaning for us.
std::string_view LocalName(const char* qname);
// The value of the attribute with local name `local`, or nullptr.
const char* Attr(const XML_Char** attrs, std::string_view local);

template <typename T>
std::optional<T> ParseUnsigned(std::string_view s) {
  s = Trim(s);
  T value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

// "C7" -> (row0 6, col0 2). Letters are case-insensitive; anything else
// (absolute "$C$7", ranges, out-of-grid refs) is rejected.
struct CellPos {
  size_t row0 = 0;
  size_t col0 = 0;
};
std::optional<CellPos> ParseCellRef(std::string_view ref);

// Appends `s` with its `_xHHHH_` escapes decoded (see DecodeOoxmlEscapes).
void AppendOoxmlDecoded(std::string& out, std::string_view s);

// Excel's sheet-name lookup (Workbook::Find): the first item whose name is
// exactly `name`, else the first equal ignoring ASCII case. nullptr if none.
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);
template <typename T, typename NameOf>
const T* FindByName(const std::vector<T>& items, std::string_view name, NameOf name_of) {
  for (const T& item : items) {
    if (name_of(item) == name) return &item;
  }
  for (const T& item : items) {
    if (EqualsIgnoringAsciiCase(name_of(item), name)) return &item;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// Streaming XML: each part has a handler; expat calls it while libzip
// inflates 64 KB at a time, so no part is ever held in memory whole.

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Chars(std::string_view /*text*/) {}

  // A handler that finds a problem sets this; parsing stops at once.
  std::optional<Error> error;
};

struct ZipDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

struct Reading {
  std::string_view file_name;
  ReadLimits limits;
  zip_t* zip = nullptr;
  size_t bytes_read = 0;  // decompressed so far, over all parts
  size_t cells = 0;       // charged against limits.max_cells
};

bool HasPart(const Reading& r, const std::string& part);
// Inflates `part` and feeds it to `handler`. Fails with xlsx.corrupt (missing
// part, bad zip data, bad XML, entity declarations), xlsx.too_large (byte
// budget, or one token over kMaxItemBytes), or the handler's own error.
Status ParsePart(Reading& r, const std::string& part, XmlHandler& handler);

// ---------------------------------------------------------------------------
// Part handlers.

struct Relationship {
  std::string type;
  std::string target;
  bool external = false;
};

class RelsHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char** attrs) override;
  void End(std::string_view) override {}
  // The first internal target whose type ends in `suffix` ("/styles").
  std::optional<std::string> TargetOfType(std::string_view suffix) const;

  std::unordered_map<std::string, Relationship> by_id;
};

struct SheetEntry {
  std::string name;
  std::string rel_id;
  bool hidden = false;
};

class WorkbookHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char** attrs) override;
  void End(std::string_view) override {}

  bool date1904 = false;
  std::vector<SheetEntry> sheets;
};

// All shared strings in one arena: the decoded texts back to back and where
// each ends. A million short strings cost their bytes plus 8 each, instead of
// a std::string (32 bytes, often a heap block) apiece.
class SharedStrings {
 public:
  size_t size() const { return ends_.size(); }
  std::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(chars_).substr(begin, ends_[i] - begin);
  }
  // Appends one <si>'s raw text, decoding its `_xHHHH_` escapes.
  void Add(std::string_view raw);
  void ShrinkToFit();

 private:
  std::string chars_;
  std::vector<size_t> ends_;
};

// The package as far as every reader needs it before the first sheet.
struct Package {
  ZipPtr zip;
  Reading reading;
  std::string workbook_dir;  // "xl/": relationship targets are relative to it
  bool date1904 = false;
  std::vector<SheetEntry> sheets;  // in tab order
  RelsHandler workbook_rels;
  SharedStrings shared_strings;
  std::vector<bool> date_styles;  // style index (a cell's s) -> shows a date
};

// Sniffs `bytes` and opens the package: empty or not a zip -> xlsx.not_xlsx,
// OLE2 -> xlsx.legacy_xls or xlsx.encrypted, a damaged zip or missing
// workbook -> xlsx.corrupt. Then reads the relationships, the workbook, the
// shared strings and the styles. `pkg` must be fresh; it refers to `bytes`.
Status OpenPackage(std::string_view bytes, std::string_view file_name, const ReadLimits& limits,
                   Package& pkg);

// ---------------------------------------------------------------------------
// Sheets. SheetCells tracks rows and cells (positions, types, captured text)
// and decodes each completed <c> into a CellValue; subclasses decide where the
// value goes (a grid, or one row at a time).

struct CellValue {
  Cell::Type type = Cell::Type::kEmpty;
  double number = 0;
  // As Cell::text. Points into the shared strings or a literal when
  // `text_is_stable`, else into a buffer reused for the next cell.
  std::string_view text;
  bool is_date = false;
  bool text_is_stable = false;
  bool empty() const { return type == Cell::Type::kEmpty; }
};

class SheetCells : public XmlHandler {
 public:
  SheetCells(Package& pkg, std::string sheet_name);

  void Start(std::string_view name, const XML_Char** attrs) override;
  void End(std::string_view name) override;
  void Chars(std::string_view text) override;

  const std::string& sheet_name() const { return sheet_name_; }
  // Set by a subclass whose `error` came from its caller (a row callback):
  // ParseSheet then returns it unchanged.
  bool error_is_callers = false;

 protected:
  // A non-empty cell at (row0, col0), col0 < kMaxCols. Cells arrive in file
  // order, which is not necessarily grid order.
  virtual void OnCell(size_t row0, size_t col0, const CellValue& value) = 0;

  // xlsx.corrupt at the current cell.
  Error CellError(std::string_view zh, std::string_view en) const;
  // Adds n to reading.cells; false (and `error` set) over limits.max_cells.
  bool Charge(size_t n);

  Reading& reading_;

 private:
  void StartCell(const XML_Char** attrs);
  void FinishCell();
  void SetString(CellValue& cell, std::string_view s, bool stable) const;

  const SharedStrings& shared_strings_;
  const std::vector<bool>& date_styles_;
  const bool date1904_;
  const std::string sheet_name_;

  bool in_sheet_data_ = false;
  size_t row_ = 0;       // current <row>
  size_t next_row_ = 0;  // where a <row> without r goes
  size_t next_col_ = 0;  // where a <c> without r goes

  bool in_cell_ = false;
  size_t cell_row_ = 0;
  size_t cell_col_ = 0;
  std::string type_;
  size_t style_ = 0;
  std::string value_;    // <v>
  std::string inline_;   // <is><t>...
  std::string decoded_;  // escapes decoded, or a date serial's text
  std::string* capture_ = nullptr;
  int phonetic_depth_ = 0;
};

// The part that holds `entry`'s cells; xlsx.corrupt when the workbook's
// relationships do not name one.
Result<std::string> SheetPart(const Package& pkg, const SheetEntry& entry);
// Streams `entry` through `cells`. Errors name the sheet (Error::where.sheet),
// except those a subclass marked error_is_callers.
Status ParseSheet(Package& pkg, const SheetEntry& entry, SheetCells& cells);

}  // namespace jiaodu::xlsx::internal

#endif  // JIAODU_FORMATS_XLSX_XLSX_INTERNAL_H_
