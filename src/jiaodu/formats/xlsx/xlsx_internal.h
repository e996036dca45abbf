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
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileClose>;
struct ParserFree {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};
using ParserPtr = std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree>;

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

// ParsePart's two halves, for a reader that decides itself what reaches the
// parser (the parallel sheet reader, parallel_sheet.h).
//
// OpenPart: the part opened for inflating. xlsx.corrupt when it is missing
// or cannot be opened; xlsx.too_large when its declared size is over what is
// left of the byte budget. `declared_size` is the size the zip claims (it can
// lie; the bytes are counted as they come), 0 when it does not say.
struct OpenedPart {
  ZipFilePtr file;
  size_t declared_size = 0;
};
Result<OpenedPart> OpenPart(Reading& r, const std::string& part);
// Inflates up to `n` bytes of `part` into `out`; 0 at its end. Counts them in
// r.bytes_read: over the budget, xlsx.too_large; damaged data, xlsx.corrupt.
Result<size_t> ReadPart(Reading& r, zip_file_t* file, const std::string& part, void* out, size_t n);

// What the expat callbacks need (user data of a PartParser's parser).
struct ParseContext {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  std::string_view file_name;
  // Where the latest event began: bytes fed beyond it are a token expat is
  // still holding whole.
  XML_Index last_event = 0;
  // Kept only by a tracking PartParser.
  size_t depth = 0;          // elements open
  XML_Index end_of_end = 0;  // just past the latest end tag
  bool declared_other_encoding = false;
  bool has_doctype = false;
};

// One expat parser over one part, fed in pieces, with ParsePart's checks and
// messages: bad XML (xlsx.corrupt naming the line), entity declarations, one
// token over kMaxItemBytes, the handler's own error. Not movable (expat holds
// a pointer to it). Throws std::bad_alloc when expat cannot allocate.
class PartParser {
 public:
  // `track`: also keep depth, end_of_end and what the XML declaration and a
  // DOCTYPE said, at a small cost per event.
  PartParser(std::string_view file_name, std::string part, XmlHandler& handler, bool track = false);
  PartParser(const PartParser&) = delete;
  PartParser& operator=(const PartParser&) = delete;

  // ParseBuffer(n) parses n bytes written at Buffer(n), without a copy.
  void* Buffer(size_t n);
  Status ParseBuffer(size_t n, bool last);
  // Copies `bytes` into expat's buffer, then parses them.
  Status Parse(std::string_view bytes, bool last);
  // Stops keeping what `track` keeps (once it has served).
  void StopTracking();
  // Parses all that was given. Expat 2.6 (and distributions' backports)
  // may put off parsing a token that arrived in pieces until more bytes
  // come, which changes when events arrive, never which.
  Status CatchUp();
  // Fails with `read_error` (the part could not be read further), unless
  // what was given before holds an error: errors come in file order, not
  // in the order expat happened to get to them.
  Status FailAfter(Error read_error);

  // Bytes given to the parser so far.
  size_t fed() const { return fed_; }
  const ParseContext& context() const { return ctx_; }
  // Added to the line in an XML error's message: the line breaks of the
  // stretches of the part that were parsed elsewhere.
  size_t line_offset = 0;

 private:
  Status Check(XML_Status status);

  ParserPtr parser_;
  ParseContext ctx_;
  std::string part_;
  size_t fed_ = 0;
};

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

// Where the reading of a sheet stands between two elements of sheetData:
// what a <row> or <c> without r continues from. The parallel reader carries
// it from one stretch of rows to the next.
struct SheetCursor {
  bool in_sheet_data = false;
  size_t row = 0;       // the current <row>
  size_t next_row = 0;  // where a <row> without r goes
  size_t next_col = 0;  // where a <c> without r goes
};

class SheetCells : public XmlHandler {
 public:
  SheetCells(Package& pkg, std::string sheet_name);
  // For a reader on another thread: `reading` is its own (file name and
  // limits; nothing else is used), the rest is shared and read-only.
  SheetCells(Reading& reading, const SharedStrings& shared_strings,
             const std::vector<bool>& date_styles, bool date1904, std::string sheet_name);

  void Start(std::string_view name, const XML_Char** attrs) override;
  void End(std::string_view name) override;
  void Chars(std::string_view text) override;

  const std::string& sheet_name() const { return sheet_name_; }
  // Set by a subclass whose `error` came from its caller (a row callback):
  // ParseSheet then returns it unchanged.
  bool error_is_callers = false;

  // The cursor between two elements of sheetData (no cell open), and setting
  // it there (the stretch before was read elsewhere).
  SheetCursor cursor() const { return {in_sheet_data_, row_, next_row_, next_col_}; }
  bool in_cell() const { return in_cell_; }
  void SetCursor(const SheetCursor& cursor);
  // Starts reading a stretch of rows whose cursor is not known yet: inside
  // sheetData, and the first use of a cursor value that the stretch did not
  // set itself stops the parse with `needs_cursor` (and `error`) set.
  void StartUnanchored();
  bool needs_cursor = false;
  // Hands a cell to OnCell, as if it had just been read (replaying cells a
  // reader on another thread decoded).
  void Deliver(size_t row0, size_t col0, const CellValue& value) {
    cell_row_ = row0;  // where CellError places an error
    cell_col_ = col0;
    OnCell(row0, col0, value);
  }

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
  // Unanchored reading: `bits` of unknown_ that a value about to be used
  // has; true (and the parse stopping) when it is not known.
  bool Unknown(unsigned bits);

  // Cursor values an unanchored stretch has not set yet.
  static constexpr unsigned kRowUnknown = 1;
  static constexpr unsigned kNextRowUnknown = 2;
  static constexpr unsigned kNextColUnknown = 4;
  unsigned unknown_ = 0;

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
// What ParseSheet does to the result of parsing `entry`: names the sheet in
// an error, unless `cells` marked it error_is_callers.
Status NameTheSheet(Status parsed, const SheetEntry& entry, const SheetCells& cells);

}  // namespace jiaodu::xlsx::internal

#endif  // JIAODU_FORMATS_XLSX_XLSX_INTERNAL_H_
