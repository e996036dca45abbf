#include "jiaodu/formats/xlsx/xlsx_writer.h"

#include <fmt/format.h>
#include <stdlib.h>  // mkstemps
#include <unistd.h>  // close, unlink
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <new>

#include "jiaodu/core/text.h"
#include "jiaodu/formats/xlsx/table.h"

namespace jiaodu::xlsx {
namespace {

constexpr size_t kMaxRows = 1'048'576;
constexpr size_t kMaxCols = 16'384;
constexpr size_t kMaxSheetNameUnits = 31;  // UTF-16 units, as Excel counts
constexpr size_t kMaxInlineListChars = 255;
constexpr std::string_view kListSheetName = "下拉选项";
// Stand-ins for "no bound" in number validations; Excel stores them as-is.
constexpr double kUnbounded = 1e300;

// Comment author shown in Excel; libxlsxwriter's struct wants a char*.
char kAuthor[] = "jiaodu";

size_t Utf16Units(std::string_view s) {
  size_t units = 0;
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b & 0xC0) != 0x80) units += (b >= 0xF0) ? 2 : 1;
  }
  return units;
}

// Cuts to at most `max_units` UTF-16 units on a code point boundary.
std::string CutUtf16(std::string_view s, size_t max_units) {
  size_t units = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) == 0x80) continue;
    const size_t w = (b >= 0xF0) ? 2 : 1;
    if (units + w > max_units) return std::string(s.substr(0, i));
    units += w;
  }
  return std::string(s);
}

// Replaces each byte that is not part of a valid UTF-8 sequence with U+FFFD.
std::string ValidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80             ? 1
                 : (c & 0xE0) == 0xC0 ? 2
                 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4
                                      : 0;
    if (len > 0 && i + len <= s.size() && IsValidUtf8(s.substr(i, len))) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

std::string FoldAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string CleanSheetName(std::string_view raw, size_t ordinal) {
  std::string s = ValidUtf8(Trim(raw));
  for (char& c : s) {
    if (std::strchr("[]:*?/\\", c) != nullptr && c != '\0') c = '_';
    if (static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  auto strip_apostrophes = [](std::string& t) {
    while (!t.empty() && t.front() == '\'') t.erase(t.begin());
    while (!t.empty() && t.back() == '\'') t.pop_back();
  };
  strip_apostrophes(s);
  s = CutUtf16(s, kMaxSheetNameUnits);
  strip_apostrophes(s);
  if (s.empty()) s = fmt::format("Sheet{}", ordinal);
  return s;
}

lxw_color_t LxwColor(Color c) {
  c &= 0xFFFFFF;
  // libxlsxwriter reads 0 as "unset"; black has its own value.
  return c == 0 ? static_cast<lxw_color_t>(LXW_COLOR_BLACK) : c;
}

std::string NumberText(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

// Keeps a Prompt's texts alive (libxlsxwriter copies them) and within
// Excel's limits.
struct PromptTexts {
  std::string input_title;
  std::string input_message;
  std::string error_title;
  std::string error_message;

  explicit PromptTexts(const Prompt& p)
      : input_title(Ellipsize(ValidUtf8(p.input_title), 31)),
        input_message(Ellipsize(ValidUtf8(p.input_message), 254)),
        error_title(Ellipsize(ValidUtf8(p.error_title), 31)),
        error_message(Ellipsize(ValidUtf8(p.error_message), 254)) {}

  void Apply(lxw_data_validation& dv) {
    auto ptr = [](std::string& s) { return s.empty() ? nullptr : s.data(); };
    dv.input_title = ptr(input_title);
    dv.input_message = ptr(input_message);
    dv.error_title = ptr(error_title);
    dv.error_message = ptr(error_message);
  }
};

}  // namespace

struct WorkbookWriter::Impl {
  lxw_workbook* workbook = nullptr;
  std::string path;
  bool in_memory = false;  // `path` is our temp file
  bool finished = false;
  std::optional<Error> first_error;
  std::optional<Status> outcome;

  std::vector<lxw_format*> formats;  // owned by `workbook`
  std::map<std::string, int> format_index;
  std::vector<lxw_worksheet*> worksheets;  // owned by `workbook`; null if adding failed
  std::vector<std::unique_ptr<SheetWriter>> sheets;
  std::vector<std::string> folded_names;

  // Dropdown lists too long to store inline: column k of the hidden sheet
  // holds lists[k]. Written when finishing, so that constant_memory mode
  // (rows strictly in order) works too.
  std::optional<size_t> list_sheet;
  std::vector<std::vector<std::string>> lists;
  std::map<std::vector<std::string>, size_t> list_column;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (workbook != nullptr) lxw_workbook_free(workbook);  // abandoned: write nothing
    RemoveTempFile();
  }

  void RemoveTempFile() {
    if (in_memory && !path.empty()) {
      ::unlink(path.c_str());
      path.clear();
    }
  }

  void Record(Error e) {
    if (!first_error) first_error = std::move(e);
  }

  const std::string& SheetName(size_t sheet) const { return sheets[sheet]->name(); }

  void Reject(size_t sheet, std::optional<std::pair<size_t, size_t>> cell, std::string_view zh,
              std::string_view en) {
    if (first_error) return;
    const std::string& name = SheetName(sheet);
    const std::string where = cell ? CellRef(cell->first, cell->second) : std::string();
    Error e{ErrorCode::kInvalidInput,
            "xlsx.write_rejected",
            Text(fmt::format("导出 Excel 时出错：工作表“{}”{}{}：{}", name,
                             where.empty() ? "" : " ", where, zh),
                 fmt::format("Cannot write the Excel file: sheet “{}”{}{}: {}", name,
                             where.empty() ? "" : " ", where, en)),
            {},
            {}};
    e.where.sheet = name;
    if (cell) {
      e.where.row = static_cast<int>(std::min(cell->first, kMaxRows) + 1);
      e.where.column = ColumnLetters(std::min(cell->second, kMaxCols));
    }
    Record(std::move(e));
  }

  // The live worksheet, or null when the call must be ignored.
  lxw_worksheet* Sheet(size_t sheet) const { return finished ? nullptr : worksheets[sheet]; }

  void Check(lxw_error err, size_t sheet, std::optional<std::pair<size_t, size_t>> cell) {
    if (err == LXW_NO_ERROR) return;
    const char* why = lxw_strerror(err);
    Reject(sheet, cell, fmt::format("Excel 不接受该内容（{}）", why), why);
  }

  bool CheckCell(size_t sheet, size_t row, size_t col) {
    if (row < kMaxRows && col < kMaxCols) return true;
    Reject(sheet, std::make_pair(row, col), "超出 Excel 的最大范围（1048576 行、XFD 列）",
           "beyond Excel's grid (1,048,576 rows, column XFD)");
    return false;
  }

  bool CheckRange(size_t sheet, const Range& r) {
    if (r.first_row > r.last_row || r.first_col > r.last_col) {
      Reject(sheet, std::make_pair(r.first_row, r.first_col), "区域的起止颠倒",
             "the range ends before it starts");
      return false;
    }
    return CheckCell(sheet, r.first_row, r.first_col) && CheckCell(sheet, r.last_row, r.last_col);
  }

  lxw_format* FormatPtr(size_t sheet, int index) {
    if (index < 0) return nullptr;
    if (static_cast<size_t>(index) >= formats.size()) {
      Reject(sheet, std::nullopt, "使用了另一个工作簿的格式",
             "a Format from another workbook was used");
      return nullptr;
    }
    return formats[static_cast<size_t>(index)];
  }

  SheetWriter& AddSheet(std::string_view raw_name, bool hidden) {
    const size_t index = sheets.size();
    std::string name = CleanSheetName(raw_name, index + 1);
    // Excel compares names ignoring case and reserves "History".
    auto taken = [&](const std::string& candidate) {
      const std::string folded = FoldAscii(candidate);
      return folded == "history" ||
             std::find(folded_names.begin(), folded_names.end(), folded) != folded_names.end();
    };
    if (taken(name)) {
      for (int n = 2;; ++n) {
        const std::string suffix = fmt::format(" ({})", n);
        std::string candidate = CutUtf16(name, kMaxSheetNameUnits - suffix.size()) + suffix;
        if (!taken(candidate)) {
          name = std::move(candidate);
          break;
        }
      }
    }
    folded_names.push_back(FoldAscii(name));
    lxw_worksheet* ws = nullptr;
    if (!finished) {
      ws = workbook_add_worksheet(workbook, name.c_str());
      if (ws != nullptr && hidden) worksheet_hide(ws);
    }
    worksheets.push_back(ws);
    sheets.push_back(std::unique_ptr<SheetWriter>(new SheetWriter(this, index, name)));
    if (ws == nullptr && !finished) {
      Reject(index, std::nullopt, "无法添加工作表", "cannot add the worksheet");
    }
    return *sheets.back();
  }

  // Adds a list validation whose <formula1> is exactly `formula` (either a
  // quoted inline list "是,否" or a range 'sheet'!$A$1:$A$9).
  void AddListValidation(size_t sheet, const Range& r, const std::string& formula,
                         const Prompt& prompt) {
    lxw_worksheet* ws = Sheet(sheet);
    if (ws == nullptr) return;
    PromptTexts texts(prompt);
    lxw_data_validation dv{};
    texts.Apply(dv);
    const auto fr = static_cast<lxw_row_t>(r.first_row);
    const auto fc = static_cast<lxw_col_t>(r.first_col);
    const auto lr = static_cast<lxw_row_t>(r.last_row);
    const auto lc = static_cast<lxw_col_t>(r.last_col);
#if LXW_VERSION_ID < 116
    // 1.1.4 has no safe way to pass a list: LIST copies it into a 258-byte
    // buffer (UTF-8 overflows it) and LIST_FORMULA leaks the formula. So we
    // add a LIST validation with a one-letter stand-in, which is safe, and
    // then swap in our formula. Both types are written identically
    // (type="list" + <formula1>), and the library frees the string with
    // free(), so it is allocated with malloc.
    char stand_in[] = "x";
    char* stand_in_list[] = {stand_in, nullptr};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = stand_in_list;
    const lxw_error err = worksheet_data_validation_range(ws, fr, fc, lr, lc, &dv);
    if (err != LXW_NO_ERROR) {
      Check(err, sheet, std::make_pair(r.first_row, r.first_col));
      return;
    }
    lxw_data_val_obj* added = nullptr;
    lxw_data_val_obj* it = nullptr;
    STAILQ_FOREACH(it, ws->data_validations, list_pointers) { added = it; }
    if (added == nullptr) return;
    auto* copy = static_cast<char*>(std::malloc(formula.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, formula.c_str(), formula.size() + 1);
    std::free(added->value_formula);
    added->value_formula = copy;
#else
    std::string f = formula;
    dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv.value_formula = f.data();
    Check(worksheet_data_validation_range(ws, fr, fc, lr, lc, &dv), sheet,
          std::make_pair(r.first_row, r.first_col));
#endif
  }

  // Column of the hidden list sheet that holds `options` (added if new).
  std::string ListRangeFormula(const std::vector<std::string>& options) {
    if (!list_sheet) {
      list_sheet = sheets.size();
      AddSheet(kListSheetName, /*hidden=*/true);
    }
    auto [it, inserted] = list_column.emplace(options, lists.size());
    if (inserted) lists.push_back(options);
    const std::string col = ColumnLetters(it->second);
    return fmt::format("'{}'!${}$1:${}${}", SheetName(*list_sheet), col, col, options.size());
  }

  Status Finish() {
    if (outcome) return *outcome;
    if (list_sheet && !first_error) {
      lxw_worksheet* ws = worksheets[*list_sheet];
      size_t longest = 0;
      for (const auto& list : lists) longest = std::max(longest, list.size());
      for (size_t row = 0; row < longest && ws != nullptr; ++row) {
        for (size_t col = 0; col < lists.size(); ++col) {
          if (row >= lists[col].size()) continue;
          Check(worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                       lists[col][row].c_str(), nullptr),
                *list_sheet, std::make_pair(row, col));
        }
      }
    }
    finished = true;
    lxw_workbook* wb = workbook;
    workbook = nullptr;
    if (first_error) {
      // Never write a file that silently lacks what the caller asked for.
      lxw_workbook_free(wb);
      outcome = Fail(*first_error);
    } else if (const lxw_error err = workbook_close(wb); err != LXW_NO_ERROR) {
      const std::string shown = in_memory ? std::string("临时文件 / temp file") : path;
      outcome = Fail(
          Error{ErrorCode::kIo,
                "xlsx.write_failed",
                Text(fmt::format("无法写出 Excel 文件 {}：{}", shown, lxw_strerror(err)),
                     fmt::format("Cannot write the Excel file {}: {}", shown, lxw_strerror(err))),
                {},
                {}});
    } else {
      outcome = Ok();
    }
    return *outcome;
  }
};

// ---------------------------------------------------------------------------
// WorkbookWriter

WorkbookWriter::WorkbookWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WorkbookWriter::WorkbookWriter(WorkbookWriter&&) noexcept = default;
WorkbookWriter& WorkbookWriter::operator=(WorkbookWriter&&) noexcept = default;
WorkbookWriter::~WorkbookWriter() = default;

Result<WorkbookWriter> WorkbookWriter::Create(const std::string& path,
                                              const WriterOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  lxw_workbook_options opts{};
  opts.constant_memory = options.constant_memory ? LXW_TRUE : LXW_FALSE;
  impl->workbook = workbook_new_opt(path.c_str(), &opts);
  if (impl->workbook == nullptr) {
    return Fail(ErrorCode::kIo, "xlsx.write_failed",
                Text(fmt::format("无法创建 Excel 文件 {}", path),
                     fmt::format("Cannot create the Excel file {}", path)));
  }
  std::string title = ValidUtf8(options.title);
  std::string subject = ValidUtf8(options.subject);
  lxw_doc_properties props{};
  props.title = title.empty() ? nullptr : title.data();
  props.subject = subject.empty() ? nullptr : subject.data();
  props.author = kAuthor;
  workbook_set_properties(impl->workbook, &props);
  return WorkbookWriter(std::move(impl));
}

Result<WorkbookWriter> WorkbookWriter::CreateInMemory(const WriterOptions& options) {
  // libxlsxwriter 1.1.4 can only write to a named file. We reserve a unique
  // one (mkstemps creates it, so no other process can take the name), let
  // the library overwrite it, read it back and delete it.
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  std::string templ = (dir / "jiaodu-xlsx-XXXXXX.xlsx").string();
  const int fd = ::mkstemps(templ.data(), 5);
  if (fd < 0) {
    return Fail(
        ErrorCode::kIo, "xlsx.write_failed",
        Text(fmt::format("无法在临时目录 {} 创建文件：{}", dir.string(), std::strerror(errno)),
             fmt::format("Cannot create a file in the temp directory {}: {}", dir.string(),
                         std::strerror(errno))));
  }
  ::close(fd);
  auto writer = Create(templ, options);
  if (!writer) {
    ::unlink(templ.c_str());
    return writer;
  }
  writer->impl_->in_memory = true;
  return writer;
}

SheetWriter& WorkbookWriter::AddSheet(std::string_view name) {
  return impl_->AddSheet(name, false);
}

Format WorkbookWriter::AddFormat(const CellStyle& style) {
  if (impl_->finished) return Format();
  const std::string key =
      fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", style.bold, style.italic, style.font_size,
                  style.font_name, style.font_color ? static_cast<int64_t>(*style.font_color) : -1,
                  style.fill_color ? static_cast<int64_t>(*style.fill_color) : -1,
                  static_cast<int>(style.border), static_cast<int>(style.align),
                  static_cast<int>(style.valign), style.wrap, style.num_format);
  if (auto it = impl_->format_index.find(key); it != impl_->format_index.end()) {
    return Format(it->second);
  }
  lxw_format* f = workbook_add_format(impl_->workbook);
  if (f == nullptr) throw std::bad_alloc();
  if (style.bold) format_set_bold(f);
  if (style.italic) format_set_italic(f);
  if (style.font_size > 0) format_set_font_size(f, style.font_size);
  if (!style.font_name.empty()) format_set_font_name(f, ValidUtf8(style.font_name).c_str());
  if (style.font_color) format_set_font_color(f, LxwColor(*style.font_color));
  if (style.fill_color) {
    format_set_pattern(f, LXW_PATTERN_SOLID);
    format_set_bg_color(f, LxwColor(*style.fill_color));
  }
  switch (style.border) {
    case BorderStyle::kNone:
      break;
    case BorderStyle::kThin:
      format_set_border(f, LXW_BORDER_THIN);
      break;
    case BorderStyle::kMedium:
      format_set_border(f, LXW_BORDER_MEDIUM);
      break;
  }
  switch (style.align) {
    case HAlign::kDefault:
      break;
    case HAlign::kLeft:
      format_set_align(f, LXW_ALIGN_LEFT);
      break;
    case HAlign::kCenter:
      format_set_align(f, LXW_ALIGN_CENTER);
      break;
    case HAlign::kRight:
      format_set_align(f, LXW_ALIGN_RIGHT);
      break;
  }
  switch (style.valign) {
    case VAlign::kDefault:
      break;
    case VAlign::kTop:
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
      break;
    case VAlign::kCenter:
      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
      break;
    case VAlign::kBottom:
      format_set_align(f, LXW_ALIGN_VERTICAL_BOTTOM);
      break;
  }
  if (style.wrap) format_set_text_wrap(f);
  if (!style.num_format.empty()) format_set_num_format(f, ValidUtf8(style.num_format).c_str());
  const int index = static_cast<int>(impl_->formats.size());
  impl_->formats.push_back(f);
  impl_->format_index.emplace(key, index);
  return Format(index);
}

Status WorkbookWriter::status() const {
  if (impl_->first_error) return Fail(*impl_->first_error);
  return Ok();
}

Status WorkbookWriter::Close() {
  Status s = impl_->Finish();
  impl_->RemoveTempFile();
  return s;
}

Result<std::string> WorkbookWriter::FinishToBytes() {
  JIAODU_TRY_STATUS(impl_->Finish());
  if (impl_->path.empty()) {
    return Fail(
        ErrorCode::kFailedPrecondition, "xlsx.write_rejected",
        Text("工作簿的内容已经取走，不能再次读取", "the workbook's bytes were already taken"));
  }
  std::string bytes;
  std::ifstream in(impl_->path, std::ios::binary);
  if (in) bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  const bool ok = !in.bad();
  in.close();
  impl_->RemoveTempFile();
  if (!ok || bytes.empty()) {
    return Fail(
        ErrorCode::kIo, "xlsx.write_failed",
        Text("无法读回刚写出的 Excel 文件", "cannot read back the Excel file just written"));
  }
  return bytes;
}

// ---------------------------------------------------------------------------
// SheetWriter: a handle; the work happens on the workbook's Impl.

void SheetWriter::WriteString(size_t row, size_t col, std::string_view text, Format format) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckCell(index_, row, col)) return;
  const std::string s = ValidUtf8(text);
  book_->Check(worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                      s.c_str(), book_->FormatPtr(index_, format.index_)),
               index_, std::make_pair(row, col));
}

void SheetWriter::WriteNumber(size_t row, size_t col, double value, Format format) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckCell(index_, row, col)) return;
  if (!std::isfinite(value)) {
    // libxlsxwriter would print "nan"/"inf", which Excel rejects as a
    // corrupt file. A NaN here is a caller bug (e.g. a ratio over zero).
    book_->Reject(index_, std::make_pair(row, col),
                  "数值不是有限数（NaN 或无穷大），Excel 无法保存",
                  "the value is NaN or infinite, which Excel cannot store");
    return;
  }
  book_->Check(worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                      value, book_->FormatPtr(index_, format.index_)),
               index_, std::make_pair(row, col));
}

void SheetWriter::WriteBool(size_t row, size_t col, bool value, Format format) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckCell(index_, row, col)) return;
  book_->Check(worksheet_write_boolean(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                       value ? 1 : 0, book_->FormatPtr(index_, format.index_)),
               index_, std::make_pair(row, col));
}

void SheetWriter::WriteFormula(size_t row, size_t col, std::string_view formula, Format format,
                               double cached_value) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckCell(index_, row, col)) return;
  std::string f = ValidUtf8(Trim(formula));
  if (f.empty() || f == "=") {
    // 1.1.4 overflows a buffer on an empty formula (fixed upstream in 1.1.8).
    book_->Reject(index_, std::make_pair(row, col), "公式为空", "the formula is empty");
    return;
  }
  if (!std::isfinite(cached_value)) cached_value = 0;
  book_->Check(
      worksheet_write_formula_num(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                  f.c_str(), book_->FormatPtr(index_, format.index_), cached_value),
      index_, std::make_pair(row, col));
}

void SheetWriter::WriteBlank(size_t row, size_t col, Format format) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckCell(index_, row, col)) return;
  book_->Check(worksheet_write_blank(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                     book_->FormatPtr(index_, format.index_)),
               index_, std::make_pair(row, col));
}

void SheetWriter::WriteComment(size_t row, size_t col, std::string_view text) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckCell(index_, row, col)) return;
  std::string s = ValidUtf8(text);
  if (s.empty()) return;  // 1.1.4 overflows a buffer on an empty comment
  lxw_comment_options options{};
  options.author = kAuthor;
  book_->Check(worksheet_write_comment_opt(ws, static_cast<lxw_row_t>(row),
                                           static_cast<lxw_col_t>(col), s.c_str(), &options),
               index_, std::make_pair(row, col));
}

void SheetWriter::SetColumnWidth(size_t first_col, size_t last_col, double width, Format format) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckRange(index_, Range{0, first_col, 0, last_col})) return;
  book_->Check(
      worksheet_set_column(ws, static_cast<lxw_col_t>(first_col), static_cast<lxw_col_t>(last_col),
                           width, book_->FormatPtr(index_, format.index_)),
      index_, std::make_pair(size_t{0}, first_col));
}

void SheetWriter::SetRowHeight(size_t row, double height, Format format) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckCell(index_, row, 0)) return;
  book_->Check(worksheet_set_row(ws, static_cast<lxw_row_t>(row), height,
                                 book_->FormatPtr(index_, format.index_)),
               index_, std::make_pair(row, size_t{0}));
}

void SheetWriter::MergeRange(const Range& r, std::string_view text, Format format) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckRange(index_, r)) return;
  if (r.first_row == r.last_row && r.first_col == r.last_col) {
    WriteString(r.first_row, r.first_col, text, format);  // Excel cannot merge one cell
    return;
  }
  const std::string s = ValidUtf8(text);
  book_->Check(worksheet_merge_range(
                   ws, static_cast<lxw_row_t>(r.first_row), static_cast<lxw_col_t>(r.first_col),
                   static_cast<lxw_row_t>(r.last_row), static_cast<lxw_col_t>(r.last_col),
                   s.c_str(), book_->FormatPtr(index_, format.index_)),
               index_, std::make_pair(r.first_row, r.first_col));
}

void SheetWriter::FreezePanes(size_t rows, size_t cols) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckCell(index_, rows, cols)) return;
  worksheet_freeze_panes(ws, static_cast<lxw_row_t>(rows), static_cast<lxw_col_t>(cols));
}

void SheetWriter::AutoFilter(const Range& r) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckRange(index_, r)) return;
  book_->Check(worksheet_autofilter(
                   ws, static_cast<lxw_row_t>(r.first_row), static_cast<lxw_col_t>(r.first_col),
                   static_cast<lxw_row_t>(r.last_row), static_cast<lxw_col_t>(r.last_col)),
               index_, std::make_pair(r.first_row, r.first_col));
}

void SheetWriter::AddDropdown(const Range& r, const std::vector<std::string>& options,
                              const Prompt& prompt) {
  if (book_->Sheet(index_) == nullptr || !book_->CheckRange(index_, r)) return;
  std::vector<std::string> items;
  items.reserve(options.size());
  for (const std::string& o : options) {
    if (!o.empty()) items.push_back(ValidUtf8(o));
  }
  if (items.empty()) {
    book_->Reject(index_, std::make_pair(r.first_row, r.first_col), "下拉列表没有选项",
                  "the dropdown has no options");
    return;
  }
  // Excel's inline list is one string "a,b,c" of at most 255 characters;
  // items cannot contain the separator or the quote.
  size_t chars = items.size() - 1;  // the commas
  bool inline_ok = true;
  for (const std::string& item : items) {
    chars += Utf16Units(item);
    if (item.find_first_of(",\"") != std::string::npos) inline_ok = false;
  }
  inline_ok = inline_ok && chars <= kMaxInlineListChars;
  std::string formula;
  if (inline_ok) {
    formula = "\"";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) formula += ',';
      formula += items[i];
    }
    formula += '"';
  } else {
    formula = book_->ListRangeFormula(items);
  }
  book_->AddListValidation(index_, r, formula, prompt);
}

void SheetWriter::AddNumberValidation(const Range& r, const NumberRule& rule) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckRange(index_, r)) return;
  if ((rule.min && !std::isfinite(*rule.min)) || (rule.max && !std::isfinite(*rule.max)) ||
      (rule.min && rule.max && *rule.min > *rule.max)) {
    book_->Reject(index_, std::make_pair(r.first_row, r.first_col), "数值范围无效",
                  "invalid number bounds");
    return;
  }
  Prompt prompt = rule.prompt;
  const char* kind = rule.integer ? "整数" : "数字";
  if (prompt.error_message.empty()) {
    if (rule.min && rule.max) {
      prompt.error_message = fmt::format("请输入 {} 到 {} 之间的{}", NumberText(*rule.min),
                                         NumberText(*rule.max), kind);
    } else if (rule.min) {
      prompt.error_message = fmt::format("请输入不小于 {} 的{}", NumberText(*rule.min), kind);
    } else if (rule.max) {
      prompt.error_message = fmt::format("请输入不大于 {} 的{}", NumberText(*rule.max), kind);
    } else {
      prompt.error_message = fmt::format("请输入{}", kind);
    }
    if (prompt.error_title.empty()) prompt.error_title = "输入有误";
  }
  PromptTexts texts(prompt);
  lxw_data_validation dv{};
  texts.Apply(dv);
  dv.validate = rule.integer ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
  if (rule.min && rule.max) {
    dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    dv.minimum_number = *rule.min;
    dv.maximum_number = *rule.max;
  } else if (rule.min) {
    dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    dv.value_number = *rule.min;
  } else if (rule.max) {
    dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
    dv.value_number = *rule.max;
  } else {
    dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    dv.value_number = -kUnbounded;
  }
  book_->Check(worksheet_data_validation_range(
                   ws, static_cast<lxw_row_t>(r.first_row), static_cast<lxw_col_t>(r.first_col),
                   static_cast<lxw_row_t>(r.last_row), static_cast<lxw_col_t>(r.last_col), &dv),
               index_, std::make_pair(r.first_row, r.first_col));
}

void SheetWriter::HighlightCells(const Range& r, Comparison op, double value, Format format) {
  lxw_worksheet* ws = book_->Sheet(index_);
  if (ws == nullptr || !book_->CheckRange(index_, r)) return;
  lxw_format* f = book_->FormatPtr(index_, format.index_);
  if (f == nullptr || !std::isfinite(value)) {
    book_->Reject(index_, std::make_pair(r.first_row, r.first_col), "条件格式缺少格式或比较值无效",
                  "conditional format without a format or with an invalid value");
    return;
  }
  lxw_conditional_format cf{};
  cf.type = LXW_CONDITIONAL_TYPE_CELL;
  switch (op) {
    case Comparison::kLess:
      cf.criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN;
      break;
    case Comparison::kLessOrEqual:
      cf.criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN_OR_EQUAL_TO;
      break;
    case Comparison::kGreater:
      cf.criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN;
      break;
    case Comparison::kGreaterOrEqual:
      cf.criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
      break;
    case Comparison::kEqual:
      cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
      break;
    case Comparison::kNotEqual:
      cf.criteria = LXW_CONDITIONAL_CRITERIA_NOT_EQUAL_TO;
      break;
  }
  cf.value = value;
  cf.format = f;
  book_->Check(worksheet_conditional_format_range(
                   ws, static_cast<lxw_row_t>(r.first_row), static_cast<lxw_col_t>(r.first_col),
                   static_cast<lxw_row_t>(r.last_row), static_cast<lxw_col_t>(r.last_col), &cf),
               index_, std::make_pair(r.first_row, r.first_col));
}

}  // namespace jiaodu::xlsx
