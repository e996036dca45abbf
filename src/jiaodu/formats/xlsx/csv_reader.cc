// The CSV reader: one streaming parser (StreamCsvRows, declared in
// row_stream.h) and ReadCsv, which collects its rows into a Sheet.
#include "jiaodu/formats/xlsx/csv_reader.h"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/core/text.h"
#include "jiaodu/formats/xlsx/row_stream.h"
#include "jiaodu/formats/xlsx/xlsx_internal.h"

namespace jiaodu::xlsx {
namespace {

Error MakeError(std::string id, std::string zh, std::string en, std::string_view file) {
  return internal::MakeError(ErrorCode::kInvalidInput, std::move(id), std::move(zh), std::move(en),
                             file);
}

Error EncodingError(std::string_view file, size_t row0, std::optional<size_t> col0) {
  Error e = MakeError(
      "csv.encoding",
      fmt::format(
          "文件 {} 第 {} 行的文字编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）；请在 Excel "
          "中打开，“另存为”“CSV UTF-8（逗号分隔）”后再导入",
          file, row0 + 1),
      fmt::format("Row {} of file {} is in an unknown text encoding (neither UTF-8 nor "
                  "GB18030/GBK); open it in Excel, “Save As” “CSV UTF-8 (Comma delimited)” and "
                  "re-import it",
                  row0 + 1, file),
      file);
  e.where.row = static_cast<int>(row0 + 1);
  if (col0) e.where.column = ColumnLetters(*col0);
  return e;
}

// "data/在校生.csv" -> "在校生".
std::string SheetNameFor(std::string_view file_name) {
  const size_t slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) file_name = file_name.substr(0, dot);
  return std::string(file_name);
}

// Output window for UTF-16 files, converted piece by piece.
constexpr size_t kChunkSize = 64 * 1024;

// RAII for an iconv descriptor.
class Converter {
 public:
  Converter(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Converter() {
    if (ok()) iconv_close(cd_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(static_cast<intptr_t>(-1)); }

  void Reset() { iconv(cd_, nullptr, nullptr, nullptr, nullptr); }

  // Converts from the front of `in` until `out` is full or `in` is used up,
  // and advances `in` past what it converted. Returns the bytes written, or
  // nullopt at an invalid or incomplete sequence (`in` then starts with it).
  std::optional<size_t> ConvertSome(std::string_view& in, std::span<char> out) {
    // iconv's signature predates const; it does not write through inbuf.
    char* inbuf = const_cast<char*>(in.data());
    size_t inleft = in.size();
    char* outbuf = out.data();
    size_t outleft = out.size();
    const size_t rc = iconv(cd_, &inbuf, &inleft, &outbuf, &outleft);
    const int why = errno;
    in.remove_prefix(in.size() - inleft);
    if (rc == static_cast<size_t>(-1) && why != E2BIG) return std::nullopt;  // EILSEQ, EINVAL
    return out.size() - outleft;
  }

  // Converts all of `in`; on an invalid or incomplete sequence returns false
  // and sets `bad_offset` to its position in `in`.
  bool Convert(std::string_view in, std::string& out, size_t& bad_offset) {
    Reset();
    out.resize(in.size() * 2 + 16);
    std::string_view rest = in;
    size_t produced = 0;
    for (;;) {
      const std::optional<size_t> n =
          ConvertSome(rest, std::span<char>(out.data() + produced, out.size() - produced));
      if (!n) {
        bad_offset = in.size() - rest.size();
        return false;
      }
      produced += *n;
      if (rest.empty()) break;
      out.resize(out.size() * 2);
    }
    out.resize(produced);
    return true;
  }

 private:
  iconv_t cd_;
};

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Tab-separated if the first line (the text before the first '\n') has
// tabs and no commas, as Excel's text exports have.
char DelimiterFor(bool has_tab, bool has_comma) { return has_tab && !has_comma ? '\t' : ','; }

char DelimiterOf(std::string_view text) {
  const std::string_view first_line = text.substr(0, text.find('\n'));
  return DelimiterFor(first_line.find('\t') != std::string_view::npos,
                      first_line.find(',') != std::string_view::npos);
}

// The same decision on UTF-16 code units, before anything is converted.
char DelimiterOfUtf16(std::string_view body, bool le) {
  bool tab = false;
  bool comma = false;
  for (size_t k = 0; k + 1 < body.size(); k += 2) {
    const auto lo = static_cast<unsigned char>(body[le ? k : k + 1]);
    const auto hi = static_cast<unsigned char>(body[le ? k + 1 : k]);
    if (hi != 0) continue;
    if (lo == '\n') break;
    tab = tab || lo == '\t';
    comma = comma || lo == ',';
  }
  return DelimiterFor(tab, comma);
}

// The 0-based row of byte `offset` of a UTF-16 body: line breaks before it.
size_t Utf16RowOf(std::string_view body, size_t offset, bool le) {
  size_t row0 = 0;
  for (size_t k = 0; k + 1 < offset && k + 1 < body.size(); k += 2) {
    if (body[le ? k : k + 1] == '\n' && body[le ? k + 1 : k] == '\0') ++row0;
  }
  return row0;
}

// RFC 4180 with Excel's leniencies, fed any split of the text (UTF-8, or
// GB18030 when `gb18030` is given). It splits on the raw bytes, which is
// safe for GB18030 too: its multi-byte sequences never contain bytes below
// 0x30, so '"', ',', '\t', '\r' and '\n' always stand for themselves. Each
// record is reported when its line ends; the row buffers keep their capacity,
// so the steady state allocates nothing.
class CsvParser {
 public:
  CsvParser(char delimiter, Converter* gb18030, std::string_view file_name,
            const RowCallback& on_row)
      : delimiter_(delimiter), gb18030_(gb18030), file_name_(file_name), on_row_(on_row) {}

  Status Feed(std::string_view text) {
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
      const char c = text[i];
      if (skip_lf_) {  // the record ended on '\r'; a following '\n' belongs to it
        skip_lf_ = false;
        if (c == '\n') {
          ++i;
          continue;
        }
      }
      switch (state_) {
        case State::kFieldStart:
          if (c == '"') {
            state_ = State::kQuoted;
            quote_col0_ = ends_.size();
            ++i;
            continue;
          }
          [[fallthrough]];
        case State::kUnquoted: {
          if (c == delimiter_) {
            EndField();
            ++i;
          } else if (c == '\n' || c == '\r') {
            skip_lf_ = c == '\r';
            ++i;
            JIAODU_TRY_STATUS(EndRecord());
          } else {
            // Plain text up to the next delimiter or line end, in one append.
            // A quote here is literal: the field did not start with one.
            size_t j = i + 1;
            while (j < n && text[j] != delimiter_ && text[j] != '\n' && text[j] != '\r') ++j;
            field_text_.append(text.substr(i, j - i));
            state_ = State::kUnquoted;
            i = j;
          }
          break;
        }
        case State::kQuoted: {
          size_t j = i;
          while (j < n && text[j] != '"' && text[j] != '\r') ++j;
          field_text_.append(text.substr(i, j - i));
          if (j < n) state_ = text[j] == '"' ? State::kQuotedQuote : State::kQuotedCr;
          i = j + 1;
          break;
        }
        case State::kQuotedQuote:  // "" is a quote; anything else follows the closing one
          if (c == '"') {
            field_text_.push_back('"');
            state_ = State::kQuoted;
            ++i;
          } else {
            state_ = State::kUnquoted;  // text after the closing quote is kept, as Excel does
          }
          break;
        case State::kQuotedCr:  // CRLF inside quotes comes back as "\n"; a lone CR stays
          if (c == '\n') {
            field_text_.push_back('\n');
            ++i;
          } else {
            field_text_.push_back('\r');
          }
          state_ = State::kQuoted;
          break;
      }
    }
    return Ok();
  }

  Status Finish() {
    if (state_ == State::kQuoted || state_ == State::kQuotedCr) return Fail(UnterminatedQuote());
    if (state_ != State::kFieldStart || !ends_.empty()) JIAODU_TRY_STATUS(EndRecord());
    return Ok();
  }

 private:
  enum class State {
    kFieldStart,   // nothing of the field read yet
    kUnquoted,     // in a field, outside quotes
    kQuoted,       // inside quotes
    kQuotedQuote,  // inside quotes, just after a '"': an escaped quote or the closing one
    kQuotedCr,     // inside quotes, just after a '\r'
  };

  void EndField() {
    ends_.push_back(field_text_.size());
    state_ = State::kFieldStart;
  }

  Status EndRecord() {
    EndField();
    const size_t row0 = row0_++;
    size_t width = ends_.size();
    auto field = [&](size_t c) {
      const size_t begin = c == 0 ? 0 : ends_[c - 1];
      return std::string_view(field_text_).substr(begin, ends_[c] - begin);
    };
    while (width > 0 && field(width - 1).empty()) --width;
    Status reported = width == 0 ? Ok() : Report(row0, width, field);
    field_text_.clear();
    ends_.clear();
    return reported;
  }

  template <typename Field>
  Status Report(size_t row0, size_t width, const Field& field) {
    // Convert first (the arena may move), then make the views.
    converted_.clear();
    converted_at_.assign(width, Converted{});
    if (gb18030_ != nullptr) {
      for (size_t c = 0; c < width; ++c) {
        const std::string_view text = field(c);
        if (text.empty() || IsAscii(text)) continue;
        size_t bad = 0;
        if (!gb18030_->Convert(text, scratch_, bad) || !IsValidUtf8(scratch_)) {
          return Fail(EncodingError(file_name_, row0, c));
        }
        converted_at_[c] = Converted{converted_.size(), scratch_.size()};
        converted_ += scratch_;
      }
    }
    cells_.assign(width, CellView{});
    for (size_t c = 0; c < width; ++c) {
      const Converted at = converted_at_[c];
      const std::string_view text = at.begin == Converted::kNone
                                        ? field(c)
                                        : std::string_view(converted_).substr(at.begin, at.size);
      if (text.empty()) continue;
      cells_[c].type = Cell::Type::kString;
      cells_[c].text = text;
    }
    return on_row_(row0, std::span<const CellView>(cells_));
  }

  Error UnterminatedQuote() const {
    const size_t row0 = row0_;
    Error e = MakeError(
        "csv.unterminated_quote",
        fmt::format(
            "文件 {} 第 {} 行 {} 列的引号（\"）没有配对的结束引号，文件可能被截断或手工改坏；"
            "请在 Excel 中打开检查后重新保存",
            file_name_, row0 + 1, ColumnLetters(quote_col0_)),
        fmt::format("In file {}, the quote (\") opened on row {}, column {} is never closed; "
                    "the file may be truncated or hand-edited. Open it in Excel, check it and "
                    "save it again",
                    file_name_, row0 + 1, ColumnLetters(quote_col0_)),
        file_name_);
    e.where.row = static_cast<int>(row0 + 1);
    e.where.column = ColumnLetters(quote_col0_);
    return e;
  }

  // Where a field's UTF-8 text sits in converted_ (kNone: not converted).
  struct Converted {
    static constexpr size_t kNone = static_cast<size_t>(-1);
    size_t begin = kNone;
    size_t size = 0;
  };

  const char delimiter_;
  Converter* const gb18030_;
  const std::string_view file_name_;
  const RowCallback& on_row_;

  State state_ = State::kFieldStart;
  bool skip_lf_ = false;
  size_t row0_ = 0;           // the record being read
  size_t quote_col0_ = 0;     // where the open quote is
  std::string field_text_;    // the record's fields back to back
  std::vector<size_t> ends_;  // where each field of the record ends in field_text_
  std::string converted_;     // GB18030 fields in UTF-8
  std::vector<Converted> converted_at_;
  std::string scratch_;
  std::vector<CellView> cells_;
};

// Excel's "Unicode 文本" is UTF-16 with a BOM (and tabs). It is converted
// 64 KB at a time, so a large file is never held twice.
Status StreamUtf16(std::string_view bytes, std::string_view file_name, const RowCallback& on_row) {
  const bool le = bytes[0] == '\xFF';
  const std::string_view body = bytes.substr(2);
  Converter conv("UTF-8", le ? "UTF-16LE" : "UTF-16BE");
  if (!conv.ok()) return Fail(EncodingError(file_name, 0, std::nullopt));
  CsvParser parser(DelimiterOfUtf16(body, le), nullptr, file_name, on_row);
  std::string window(kChunkSize, '\0');
  std::string_view rest = body;
  bool first = true;
  while (!rest.empty()) {
    const std::optional<size_t> n = conv.ConvertSome(rest, window);
    if (!n)
      return Fail(
          EncodingError(file_name, Utf16RowOf(body, body.size() - rest.size(), le), std::nullopt));
    std::string_view text(window.data(), *n);
    if (first && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    first = false;
    JIAODU_TRY_STATUS(parser.Feed(text));
  }
  return parser.Finish();
}

Status StreamCsvUnguarded(std::string_view bytes, std::string_view file_name,
                          const RowCallback& on_row) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return StreamUtf16(bytes, file_name, on_row);
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  // Decided for the whole file, as a clerk's file is in one encoding: valid
  // UTF-8 is taken as UTF-8, anything else is GB18030.
  std::optional<Converter> gb;
  if (!IsValidUtf8(bytes)) {
    gb.emplace("UTF-8", "GB18030");
    if (!gb->ok()) {
      Error e = EncodingError(file_name, 0, std::nullopt);
      e.code = ErrorCode::kUnsupported;
      e.message.zh += "（本机缺少 GB18030 编码支持）";
      e.message.en += " (GB18030 conversion is not available on this machine)";
      return Fail(std::move(e));
    }
  }
  CsvParser parser(DelimiterOf(bytes), gb ? &*gb : nullptr, file_name, on_row);
  JIAODU_TRY_STATUS(parser.Feed(bytes));
  return parser.Finish();
}

template <typename F>
auto GuardCsv(std::string_view file_name, F&& read) -> decltype(read()) {
  return internal::GuardWith(
      std::forward<F>(read),
      [&] {
        return MakeError(
            "csv.too_large", fmt::format("文件 {} 太大，读取时内存不足", file_name),
            fmt::format("File {} is too large: out of memory while reading", file_name), file_name);
      },
      [&](std::string_view what) {
        Error err = MakeError(
            "csv.internal", fmt::format("读取文件 {} 时出现内部错误：{}", file_name, what),
            fmt::format("Internal error while reading {}: {}", file_name, what), file_name);
        err.code = ErrorCode::kInternal;
        return err;
      });
}

}  // namespace

Status StreamCsvRows(std::string_view bytes, std::string_view file_name,
                     const RowCallback& on_row) {
  return GuardCsv(file_name, [&] { return StreamCsvUnguarded(bytes, file_name, on_row); });
}

Result<Sheet> ReadCsv(std::string_view bytes, std::string_view file_name) {
  return GuardCsv(file_name, [&]() -> Result<Sheet> {
    Sheet sheet;
    sheet.name = SheetNameFor(file_name);
    JIAODU_TRY_STATUS(StreamCsvUnguarded(
        bytes, file_name, [&](size_t row0, std::span<const CellView> cells) -> Status {
          sheet.rows.resize(row0 + 1);
          std::vector<Cell>& row = sheet.rows[row0];
          row.resize(cells.size());
          for (size_t c = 0; c < cells.size(); ++c) {
            row[c].type = cells[c].type;
            row[c].text.assign(cells[c].text);
          }
          return Ok();
        }));
    return sheet;
  });
}

}  // namespace jiaodu::xlsx
