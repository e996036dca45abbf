#include "jiaodu/formats/xlsx/csv_reader.h"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jiaodu/core/text.h"

namespace jiaodu::xlsx {
namespace {

Error MakeError(std::string id, std::string zh, std::string en, std::string_view file) {
  Error e{ErrorCode::kInvalidInput, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
  e.where.file = std::string(file);
  return e;
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

  // Converts all of `in`; on an invalid or incomplete sequence returns false
  // and sets `bad_offset` to its position in `in`.
  bool Convert(std::string_view in, std::string& out, size_t& bad_offset) {
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // reset shift state
    out.assign(in.size() * 2 + 16, '\0');
    // iconv's signature predates const; it does not write through inbuf.
    char* inbuf = const_cast<char*>(in.data());
    size_t inleft = in.size();
    size_t produced = 0;
    for (;;) {
      char* outbuf = out.data() + produced;
      size_t outleft = out.size() - produced;
      const size_t rc = iconv(cd_, &inbuf, &inleft, &outbuf, &outleft);
      produced = out.size() - outleft;
      if (rc != static_cast<size_t>(-1)) break;
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
        continue;
      }
      bad_offset = in.size() - inleft;  // EILSEQ or EINVAL (truncated at the end)
      return false;
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

Result<Sheet> ReadCsvUnguarded(std::string_view bytes, std::string_view file_name) {
  // Excel's "Unicode 文本" is UTF-16LE with a BOM and tabs. Convert it as a
  // whole first; everything below then sees UTF-8.
  std::string utf16_converted;
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    const bool le = bytes[0] == '\xFF';
    Converter conv("UTF-8", le ? "UTF-16LE" : "UTF-16BE");
    size_t bad = 0;
    if (!conv.ok() || !conv.Convert(bytes.substr(2), utf16_converted, bad)) {
      // Row of the failure: line breaks before it, in 2-byte units.
      size_t row0 = 0;
      std::string_view body = bytes.substr(2);
      for (size_t k = 0; k + 1 < bad && k + 1 < body.size(); k += 2) {
        if (body[le ? k : k + 1] == '\n' && body[le ? k + 1 : k] == '\0') ++row0;
      }
      return Fail(EncodingError(file_name, row0, std::nullopt));
    }
    bytes = utf16_converted;
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);

  const bool utf8 = IsValidUtf8(bytes);

  // Tab-separated if the first line has tabs and no commas.
  const std::string_view first_line = bytes.substr(0, bytes.find('\n'));
  const char delimiter = (first_line.find('\t') != std::string_view::npos &&
                          first_line.find(',') == std::string_view::npos)
                             ? '\t'
                             : ',';

  // Split on the raw bytes. This is safe for GB18030 too: its multi-byte
  // sequences never contain bytes below 0x30, so '"', ',', '\t', '\r' and
  // '\n' always stand for themselves.
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool at_field_start = true;
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    at_field_start = true;
  };
  auto end_record = [&] {
    end_field();
    records.push_back(std::move(record));
    record.clear();
  };
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const char c = bytes[i];
    if (c == '"' && at_field_start) {
      const size_t quote_row0 = records.size();
      const size_t quote_col0 = record.size();
      at_field_start = false;
      ++i;
      for (;;) {
        if (i >= n) {
          Error e = MakeError(
              "csv.unterminated_quote",
              fmt::format(
                  "文件 {} 第 {} 行 {} 列的引号（\"）没有配对的结束引号，文件可能被截断或手工改坏；"
                  "请在 Excel 中打开检查后重新保存",
                  file_name, quote_row0 + 1, ColumnLetters(quote_col0)),
              fmt::format(
                  "In file {}, the quote (\") opened on row {}, column {} is never closed; "
                  "the file may be truncated or hand-edited. Open it in Excel, check it and "
                  "save it again",
                  file_name, quote_row0 + 1, ColumnLetters(quote_col0)),
              file_name);
          e.where.row = static_cast<int>(quote_row0 + 1);
          e.where.column = ColumnLetters(quote_col0);
          return Fail(std::move(e));
        }
        const char q = bytes[i];
        if (q == '"') {
          if (i + 1 < n && bytes[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (q == '\r' && i + 1 < n && bytes[i + 1] == '\n') {
          field.push_back('\n');
          i += 2;
          continue;
        }
        field.push_back(q);
        ++i;
      }
      continue;  // anything up to the delimiter is appended, as Excel does
    }
    if (c == delimiter) {
      end_field();
      ++i;
    } else if (c == '\n' || c == '\r') {
      end_record();
      i += (c == '\r' && i + 1 < n && bytes[i + 1] == '\n') ? size_t{2} : size_t{1};
    } else {
      field.push_back(c);
      at_field_start = false;
      ++i;
    }
  }
  if (!at_field_start || !record.empty()) end_record();

  std::optional<Converter> gb;
  if (!utf8) {
    gb.emplace("UTF-8", "GB18030");
    if (!gb->ok()) {
      Error e = EncodingError(file_name, 0, std::nullopt);
      e.code = ErrorCode::kUnsupported;
      e.message.zh += "（本机缺少 GB18030 编码支持）";
      e.message.en += " (GB18030 conversion is not available on this machine)";
      return Fail(std::move(e));
    }
  }

  Sheet sheet;
  sheet.name = SheetNameFor(file_name);
  sheet.rows.resize(records.size());
  std::string converted;
  for (size_t r = 0; r < records.size(); ++r) {
    std::vector<std::string>& fields = records[r];
    size_t width = fields.size();
    while (width > 0 && fields[width - 1].empty()) --width;
    std::vector<Cell>& row = sheet.rows[r];
    row.resize(width);
    for (size_t c = 0; c < width; ++c) {
      std::string& text = fields[c];
      if (text.empty()) continue;
      if (gb && !IsAscii(text)) {
        size_t bad = 0;
        if (!gb->Convert(text, converted, bad) || !IsValidUtf8(converted)) {
          return Fail(EncodingError(file_name, r, c));
        }
        text.swap(converted);
      }
      row[c].type = Cell::Type::kString;
      row[c].text = std::move(text);
    }
  }
  while (!sheet.rows.empty() && sheet.rows.back().empty()) sheet.rows.pop_back();
  return sheet;
}

}  // namespace

Result<Sheet> ReadCsv(std::string_view bytes, std::string_view file_name) {
  try {
    return ReadCsvUnguarded(bytes, file_name);
  } catch (const std::bad_alloc&) {
    return Fail(MakeError(
        "csv.too_large", fmt::format("文件 {} 太大，读取时内存不足", file_name),
        fmt::format("File {} is too large: out of memory while reading", file_name), file_name));
  } catch (const std::exception& e) {
    Error err = MakeError(
        "csv.internal", fmt::format("读取文件 {} 时出现内部错误：{}", file_name, e.what()),
        fmt::format("Internal error while reading {}: {}", file_name, e.what()), file_name);
    err.code = ErrorCode::kInternal;
    return Fail(std::move(err));
  }
}

}  // namespace jiaodu::xlsx
