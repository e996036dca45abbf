#include "jiaodu/formats/xlsx/xlsx_internal.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

namespace jiaodu::xlsx::internal {
namespace {

Error ItemTooLarge(std::string_view file, std::string_view part) {
  const size_t mib = kMaxItemBytes >> 20;
  return MakeError(ErrorCode::kInvalidInput, "xlsx.too_large",
                   fmt::format("文件 {} 的 {} 中有单项内容超过 {} MB（Excel 不会生成这样的文件），"
                               "无法导入",
                               file, part, mib),
                   fmt::format("File {} has a single item over {} MB in {} (Excel never writes "
                               "such a file); it cannot be imported",
                               file, mib, part),
                   file);
}

bool ParseBoolAttr(const char* v) {
  if (v == nullptr) return false;
  std::string_view s(v);
  return s == "1" || s == "true" || s == "on";
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// "_x000D_" at `pos` -> 0x000D.
std::optional<uint32_t> EscapeAt(std::string_view s, size_t pos) {
  if (pos + 7 > s.size() || s[pos] != '_' || s[pos + 1] != 'x' || s[pos + 6] != '_') {
    return std::nullopt;
  }
  uint32_t v = 0;
  for (size_t k = pos + 2; k < pos + 6; ++k) {
    const char c = s[k];
    uint32_t d = 0;
    if (c >= '0' && c <= '9') {
      d = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      d = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    v = v * 16 + d;
  }
  return v;
}

// Serial day number of an ISO 8601 date ("2023-03-15" or
// "2023-03-15T08:30:00"), as written in t="d" cells.
std::optional<double> IsoDateToSerial(std::string_view s, bool date1904) {
  using namespace std::chrono;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = ParseUnsigned<int>(s.substr(0, 4));
  auto m = ParseUnsigned<unsigned>(s.substr(5, 2));
  auto d = ParseUnsigned<unsigned>(s.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  const year_month_day ymd{year{*y}, month{*m}, day{*d}};
  if (!ymd.ok()) return std::nullopt;
  const sys_days epoch = date1904 ? sys_days{1904y / January / 1} : sys_days{1899y / December / 30};
  double serial = static_cast<double>((sys_days{ymd} - epoch).count());
  if (s.size() >= 19 && s[10] == 'T' && s[13] == ':' && s[16] == ':') {
    auto hh = ParseUnsigned<unsigned>(s.substr(11, 2));
    auto mm = ParseUnsigned<unsigned>(s.substr(14, 2));
    auto ss = ParseUnsigned<unsigned>(s.substr(17, 2));
    if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 60) return std::nullopt;
    serial += static_cast<double>(*hh * 3600 + *mm * 60 + *ss) / 86400.0;
  }
  return serial;
}

// Appends the shortest text that reads back as `v`.
void AppendShortest(std::string& out, double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  if (ec == std::errc()) out.append(buf, end);
}

std::optional<zip_uint64_t> Locate(zip_t* za, const std::string& name) {
  zip_int64_t i = zip_name_locate(za, name.c_str(), 0);
  // Some generators (and Windows tools that rezip) change the case.
  if (i < 0) i = zip_name_locate(za, name.c_str(), ZIP_FL_NOCASE);
  if (i < 0) return std::nullopt;
  return static_cast<zip_uint64_t>(i);
}

// "xl/workbook.xml" -> "xl/"; "_rels/.rels" is about the package root, "".
std::string DirOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string RelsPathFor(std::string_view part) {
  const size_t slash = part.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? part : part.substr(slash + 1);
  return DirOf(part) + "_rels/" + std::string(base) + ".rels";
}

// Resolves a relationship target against the directory of its source part.
// Targets are usually relative ("worksheets/sheet1.xml") but some producers
// write absolute package paths ("/xl/worksheets/sheet1.xml") or "../".
std::string ResolveTarget(std::string_view source_dir, std::string_view target) {
  std::string t(target);
  std::replace(t.begin(), t.end(), '\\', '/');
  std::string joined = (!t.empty() && t[0] == '/') ? t.substr(1) : std::string(source_dir) + t;
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(std::move(seg));
    }
    start = end + 1;
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back('/');
    out += parts[i];
  }
  return out;
}

// ---------------------------------------------------------------------------
// The expat driver.

// Expat is C: an exception must not unwind through it. Every callback
// catches, turns the exception into an error and stops the parser.
template <typename F>
void Guarded(void* user, F&& f) {
  auto* ctx = static_cast<ParseContext*>(user);
  ctx->last_event = XML_GetCurrentByteIndex(ctx->parser);
  if (ctx->handler->error) return;
  try {
    f(*ctx->handler);
  } catch (const std::bad_alloc&) {
    ctx->handler->error = OutOfMemory(ctx->file_name);
  } catch (const std::exception& e) {
    ctx->handler->error = InternalError(ctx->file_name, e.what());
  }
  if (ctx->handler->error) XML_StopParser(ctx->parser, XML_FALSE);
}

void XMLCALL OnStart(void* user, const XML_Char* name, const XML_Char** attrs) {
  Guarded(user, [&](XmlHandler& h) { h.Start(LocalName(name), attrs); });
}
void XMLCALL OnEnd(void* user, const XML_Char* name) {
  Guarded(user, [&](XmlHandler& h) { h.End(LocalName(name)); });
}
void XMLCALL OnChars(void* user, const XML_Char* s, int len) {
  Guarded(user, [&](XmlHandler& h) { h.Chars(std::string_view(s, static_cast<size_t>(len))); });
}
// The tracking variants (PartParser with `track`).
void XMLCALL OnStartTracked(void* user, const XML_Char* name, const XML_Char** attrs) {
  ++static_cast<ParseContext*>(user)->depth;
  OnStart(user, name, attrs);
}
void XMLCALL OnEndTracked(void* user, const XML_Char* name) {
  auto* ctx = static_cast<ParseContext*>(user);
  if (ctx->depth > 0) --ctx->depth;
  ctx->end_of_end = XML_GetCurrentByteIndex(ctx->parser) + XML_GetCurrentByteCount(ctx->parser);
  OnEnd(user, name);
}
void XMLCALL OnXmlDecl(void* user, const XML_Char*, const XML_Char* encoding, int) {
  if (encoding != nullptr && !EqualsIgnoringAsciiCase(encoding, "UTF-8")) {
    static_cast<ParseContext*>(user)->declared_other_encoding = true;
  }
}
void XMLCALL OnDoctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<ParseContext*>(user)->has_doctype = true;
}
// No OOXML part declares entities; refusing them closes the door on entity
// expansion attacks regardless of expat's own amplification limits.
void XMLCALL OnEntityDecl(void* user, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                          const XML_Char*, const XML_Char*, const XML_Char*) {
  auto* ctx = static_cast<ParseContext*>(user);
  if (!ctx->handler->error) {
    ctx->handler->error = MakeError(
        ErrorCode::kCorrupt, "xlsx.corrupt",
        fmt::format("文件 {} 含有 Excel 不会生成的 XML 实体声明，已拒绝读取", ctx->file_name),
        fmt::format("File {} contains XML entity declarations that Excel never writes; refused",
                    ctx->file_name),
        ctx->file_name);
  }
  XML_StopParser(ctx->parser, XML_FALSE);
}

// Container sniffing.

bool ContainsUtf16Le(std::string_view bytes, std::string_view ascii) {
  std::string pattern;
  for (char c : ascii) {
    pattern.push_back(c);
    pattern.push_back('\0');
  }
  return bytes.find(pattern) != std::string_view::npos;
}

bool LooksLikeMarkup(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  for (char c : bytes.substr(0, 256)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '<';
  }
  return false;
}

// Everything about `bytes` that is decided before libzip sees them.
Status Sniff(std::string_view bytes, std::string_view file_name) {
  if (bytes.empty()) {
    return Fail(MakeError(
        ErrorCode::kInvalidInput, "xlsx.not_xlsx",
        fmt::format("文件 {} 是空文件（0 字节），不是 Excel 工作簿（.xlsx），无法读取", file_name),
        fmt::format("File {} is empty (0 bytes), not an Excel workbook (.xlsx), and "
                    "cannot be read",
                    file_name),
        file_name));
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    // OLE2 compound file: either a real .xls, or an .xlsx that Excel
    // encrypted with a password (it then wraps the zip in OLE2 streams named
    // EncryptionInfo and EncryptedPackage).
    if (ContainsUtf16Le(bytes, "EncryptedPackage")) {
      return Fail(MakeError(
          ErrorCode::kUnsupported, "xlsx.encrypted",
          fmt::format(
              "文件 {} 设置了打开密码，无法读取；请在 Excel 中打开，“文件 → 信息 → 保护工作簿 → "
              "用密码进行加密”，清空密码并保存后再导入",
              file_name),
          fmt::format(
              "File {} is protected with a password; open it in Excel, remove the password "
              "(File → Info → Protect Workbook → Encrypt with Password), save and re-import it",
              file_name),
          file_name));
    }
    return Fail(MakeError(
        ErrorCode::kUnsupported, "xlsx.legacy_xls",
        fmt::format("文件 {} 是旧版 Excel（.xls）格式，请在 Excel 中“另存为” .xlsx 后再导入",
                    file_name),
        fmt::format("File {} is in the old Excel format (.xls); open it in Excel, “Save As” .xlsx "
                    "and import that file",
                    file_name),
        file_name));
  }
  const bool zip_magic =
      bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' &&
      ((bytes[2] == '\x03' && bytes[3] == '\x04') || (bytes[2] == '\x05' && bytes[3] == '\x06') ||
       (bytes[2] == '\x07' && bytes[3] == '\x08'));
  if (!zip_magic) {
    // Many school information systems export an HTML table (or Excel 2003
    // XML) under an .xls name; saying so saves a support call.
    const bool markup = LooksLikeMarkup(bytes);
    return Fail(MakeError(
        ErrorCode::kInvalidInput, "xlsx.not_xlsx",
        fmt::format("文件 {} 不是 Excel 工作簿（.xlsx），无法读取{}", file_name,
                    markup ? "（文件内容是网页或 XML 格式，常见于其他系统导出的表格；请用 Excel "
                             "打开后“另存为” .xlsx）"
                           : ""),
        fmt::format("File {} is not an Excel workbook (.xlsx) and cannot be read{}", file_name,
                    markup
                        ? " (it contains HTML or XML, as some systems export; open it in Excel and "
                          "“Save As” .xlsx)"
                        : ""),
        file_name));
  }
  return Ok();
}

// Style indices (a cell's s) whose number format shows a date.
class StylesHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const XML_Char** attrs) override {
    if (name == "numFmt") {
      const char* id = Attr(attrs, "numFmtId");
      const char* code = Attr(attrs, "formatCode");
      if (id == nullptr || code == nullptr) return;
      if (auto n = ParseUnsigned<int>(id)) custom_codes_[*n] = code;
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const char* id = Attr(attrs, "numFmtId");
      xf_num_fmt_.push_back(id ? ParseUnsigned<int>(id).value_or(0) : 0);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

  std::vector<bool> DateStyles() const {
    std::vector<bool> out;
    out.reserve(xf_num_fmt_.size());
    for (int id : xf_num_fmt_) {
      auto it = custom_codes_.find(id);
      out.push_back(it != custom_codes_.end() ? IsDateFormatCode(it->second) : IsDateFormatId(id));
    }
    return out;
  }

 private:
  bool in_cell_xfs_ = false;
  std::unordered_map<int, std::string> custom_codes_;
  std::vector<int> xf_num_fmt_;
};

class SharedStringsHandler : public XmlHandler {
 public:
  SharedStringsHandler(SharedStrings& out, std::string_view file_name, std::string_view part)
      : out_(out), file_name_(file_name), part_(part) {}

  void Start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      in_si_ = true;
      current_.clear();
    } else if (name == "rPh") {
      // Phonetic guides (furigana / pinyin) repeat the text's reading;
      // they are not part of the value.
      ++phonetic_depth_;
    } else if (name == "t" && in_si_ && phonetic_depth_ == 0) {
      in_t_ = true;
    }
  }
  void End(std::string_view name) override {
    if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (name == "si") {
      out_.Add(current_);
      in_si_ = false;
    }
  }
  void Chars(std::string_view text) override {
    if (!in_t_) return;
    if (current_.size() + text.size() > kMaxItemBytes) {
      error = ItemTooLarge(file_name_, part_);
      return;
    }
    current_.append(text);
  }

 private:
  SharedStrings& out_;
  std::string_view file_name_;
  std::string_view part_;
  bool in_si_ = false;
  bool in_t_ = false;
  int phonetic_depth_ = 0;
  std::string current_;
};

}  // namespace

// ---------------------------------------------------------------------------
// Errors.

Error MakeError(ErrorCode code, std::string id, std::string zh, std::string en,
                std::string_view file) {
  Error e{code, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
  e.where.file = std::string(file);
  return e;
}

Error Corrupt(std::string_view file, std::string_view detail_zh, std::string_view detail_en) {
  return MakeError(
      ErrorCode::kCorrupt, "xlsx.corrupt",
      fmt::format(
          "文件 {} 已损坏，无法读取（{}）。请在 Excel 中打开该文件，确认内容完整后重新保存再导入",
          file, detail_zh),
      fmt::format("File {} is damaged and cannot be read ({}). Open it in Excel, check that it is "
                  "complete, save it again and re-import it",
                  file, detail_en),
      file);
}

Error TooManyBytes(std::string_view file, size_t limit) {
  const size_t mib = limit >> 20;
  return MakeError(
      ErrorCode::kInvalidInput, "xlsx.too_large",
      mib > 0 ? fmt::format("文件 {} 解压后超过 {} MB "
                            "的上限，无法导入；请删除无关的工作表或拆分成多个文件后再导入",
                            file, mib)
              : fmt::format("文件 {} 解压后超过 {} 字节的上限，无法导入", file, limit),
      mib > 0
          ? fmt::format("File {} expands to more than {} MB; remove unrelated sheets or split it "
                        "into several files",
                        file, mib)
          : fmt::format("File {} expands to more than {} bytes", file, limit),
      file);
}

Error TooManyCells(std::string_view file, size_t limit) {
  return MakeError(
      ErrorCode::kInvalidInput, "xlsx.too_large",
      fmt::format("文件 {} 的单元格超过 {} 个的上限（可能有远处的单元格被误填或设置了格式），"
                  "无法导入；请删除无关的行列或工作表后再导入",
                  file, limit),
      fmt::format("File {} has more than {} cells (perhaps a far-away cell was filled by mistake); "
                  "delete unrelated rows, columns or sheets and re-import it",
                  file, limit),
      file);
}

Error OutOfMemory(std::string_view file) {
  return MakeError(ErrorCode::kInvalidInput, "xlsx.too_large",
                   fmt::format("文件 {} 太大，读取时内存不足", file),
                   fmt::format("File {} is too large: out of memory while reading", file), file);
}

Error InternalError(std::string_view file, std::string_view what) {
  return MakeError(ErrorCode::kInternal, "xlsx.internal",
                   fmt::format("读取文件 {} 时出现内部错误：{}", file, what),
                   fmt::format("Internal error while reading {}: {}", file, what), file);
}

// ---------------------------------------------------------------------------
// Helpers.

std::string_view LocalName(const char* qname) {
  std::string_view s(qname);
  const size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

const char* Attr(const XML_Char** attrs, std::string_view local) {
  for (size_t i = 0; attrs[i] != nullptr && attrs[i + 1] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

std::optional<CellPos> ParseCellRef(std::string_view ref) {
  size_t i = 0;
  size_t col = 0;
  for (; i < ref.size() && i < 3; ++i) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<size_t>(c - 'A' + 1);
  }
  if (i == 0 || col > kMaxCols || i == ref.size()) return std::nullopt;
  size_t row = 0;
  for (; i < ref.size(); ++i) {
    const char c = ref[i];
    if (c < '0' || c > '9') return std::nullopt;
    row = row * 10 + static_cast<size_t>(c - '0');
    if (row > kMaxRows) return std::nullopt;
  }
  if (row == 0) return std::nullopt;
  return CellPos{row - 1, col - 1};
}

void AppendOoxmlDecoded(std::string& out, std::string_view s) {
  if (s.find("_x") == std::string_view::npos) {
    out.append(s);
    return;
  }
  size_t i = 0;
  while (i < s.size()) {
    std::optional<uint32_t> unit = EscapeAt(s, i);
    if (!unit) {
      out.push_back(s[i++]);
      continue;
    }
    i += 7;
    uint32_t cp = *unit;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      // A high surrogate: Excel escapes characters outside the BMP as two
      // UTF-16 units.
      std::optional<uint32_t> low = EscapeAt(s, i);
      if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        i += 7;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp != 0) AppendUtf8(out, cp);  // NUL would truncate C strings downstream
  }
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// ---------------------------------------------------------------------------
// Parts.

bool HasPart(const Reading& r, const std::string& part) { return Locate(r.zip, part).has_value(); }

Result<OpenedPart> OpenPart(Reading& r, const std::string& part) {
  const std::optional<zip_uint64_t> index = Locate(r.zip, part);
  if (!index) {
    return Fail(
        Corrupt(r.file_name, fmt::format("缺少 {}", part), fmt::format("{} is missing", part)));
  }
  const size_t budget =
      r.limits.max_uncompressed_bytes - std::min(r.bytes_read, r.limits.max_uncompressed_bytes);
  OpenedPart opened;
  zip_stat_t st;
  zip_stat_init(&st);
  // The declared size can lie (we count real bytes below), but when it is
  // honest it lets us refuse a bomb before inflating anything.
  if (zip_stat_index(r.zip, *index, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) != 0) {
    if (st.size > budget) return Fail(TooManyBytes(r.file_name, r.limits.max_uncompressed_bytes));
    opened.declared_size = static_cast<size_t>(st.size);
  }
  opened.file.reset(zip_fopen_index(r.zip, *index, 0));
  if (!opened.file) {
    return Fail(Corrupt(r.file_name, fmt::format("无法打开 {}：{}", part, zip_strerror(r.zip)),
                        fmt::format("cannot open {}: {}", part, zip_strerror(r.zip))));
  }
  return opened;
}

Result<size_t> ReadPart(Reading& r, zip_file_t* file, const std::string& part, void* out,
                        size_t n) {
  const zip_int64_t got = zip_fread(file, out, n);
  if (got < 0) {
    const char* why = zip_file_strerror(file);
    return Fail(Corrupt(r.file_name, fmt::format("解压 {} 失败：{}", part, why),
                        fmt::format("cannot decompress {}: {}", part, why)));
  }
  r.bytes_read += static_cast<size_t>(got);
  if (r.bytes_read > r.limits.max_uncompressed_bytes) {
    return Fail(TooManyBytes(r.file_name, r.limits.max_uncompressed_bytes));
  }
  return static_cast<size_t>(got);
}

PartParser::PartParser(std::string_view file_name, std::string part, XmlHandler& handler,
                       bool track)
    : parser_(XML_ParserCreate(nullptr)), part_(std::move(part)) {
  if (!parser_) throw std::bad_alloc();
  ctx_.parser = parser_.get();
  ctx_.handler = &handler;
  ctx_.file_name = file_name;
  XML_SetUserData(parser_.get(), &ctx_);
  if (track) {
    XML_SetElementHandler(parser_.get(), OnStartTracked, OnEndTracked);
    XML_SetXmlDeclHandler(parser_.get(), OnXmlDecl);
    XML_SetStartDoctypeDeclHandler(parser_.get(), OnDoctype);
  } else {
    XML_SetElementHandler(parser_.get(), OnStart, OnEnd);
  }
  XML_SetCharacterDataHandler(parser_.get(), OnChars);
  XML_SetEntityDeclHandler(parser_.get(), OnEntityDecl);
}

void* PartParser::Buffer(size_t n) {
  void* buffer = XML_GetBuffer(parser_.get(), static_cast<int>(n));
  if (buffer == nullptr) throw std::bad_alloc();
  return buffer;
}

void PartParser::StopTracking() { XML_SetElementHandler(parser_.get(), OnStart, OnEnd); }

Status PartParser::CatchUp() {
#ifdef JIAODU_EXPAT_REPARSE_DEFERRAL
  if (fed_ == 0) return Ok();  // nothing to parse (and expat has no buffer yet)
  XML_SetReparseDeferralEnabled(parser_.get(), XML_FALSE);
  const XML_Status status = XML_ParseBuffer(parser_.get(), 0, XML_FALSE);
  XML_SetReparseDeferralEnabled(parser_.get(), XML_TRUE);
  return Check(status);
#else
  return Ok();  // an expat that never defers
#endif
}

Status PartParser::FailAfter(Error read_error) {
  JIAODU_TRY_STATUS(CatchUp());
  return Fail(std::move(read_error));
}

Status PartParser::ParseBuffer(size_t n, bool last) {
  fed_ += n;
  return Check(XML_ParseBuffer(parser_.get(), static_cast<int>(n), last ? XML_TRUE : XML_FALSE));
}

Status PartParser::Parse(std::string_view bytes, bool last) {
  if (!bytes.empty()) std::memcpy(Buffer(bytes.size()), bytes.data(), bytes.size());
  return ParseBuffer(bytes.size(), last);
}

Status PartParser::Check(XML_Status status) {
  XmlHandler& handler = *ctx_.handler;
  if (status != XML_STATUS_OK) {
    if (handler.error) return Fail(std::move(*handler.error));
    const auto line = XML_GetCurrentLineNumber(parser_.get()) + line_offset;
    const char* why = XML_ErrorString(XML_GetErrorCode(parser_.get()));
    return Fail(Corrupt(ctx_.file_name,
                        fmt::format("{} 不是有效的 XML，第 {} 行：{}", part_, line, why),
                        fmt::format("{} is not valid XML, line {}: {}", part_, line, why)));
  }
  // Nothing reported for this long: expat is buffering one giant token
  // (a tag with a huge attribute, a comment) and would hold all of it.
  if (fed_ - std::min(fed_, static_cast<size_t>(std::max<XML_Index>(ctx_.last_event, 0))) >
      kMaxItemBytes) {
    return Fail(ItemTooLarge(ctx_.file_name, part_));
  }
  return Ok();
}

Status ParsePart(Reading& r, const std::string& part, XmlHandler& handler) {
  OpenedPart opened = JIAODU_TRY(OpenPart(r, part));
  PartParser parser(r.file_name, part, handler);
  for (;;) {
    void* buffer = parser.Buffer(kChunkSize);
    Result<size_t> n = ReadPart(r, opened.file.get(), part, buffer, kChunkSize);
    if (!n) return parser.FailAfter(std::move(n).error());
    JIAODU_TRY_STATUS(parser.ParseBuffer(*n, *n == 0));
    if (*n == 0) break;
  }
  if (handler.error) return Fail(std::move(*handler.error));
  return Ok();
}

void RelsHandler::Start(std::string_view name, const XML_Char** attrs) {
  if (name != "Relationship") return;
  const char* id = Attr(attrs, "Id");
  const char* type = Attr(attrs, "Type");
  const char* target = Attr(attrs, "Target");
  const char* mode = Attr(attrs, "TargetMode");
  if (id == nullptr || target == nullptr) return;
  Relationship rel{type ? type : "", target,
                   mode != nullptr && std::string_view(mode) == "External"};
  by_id.emplace(id, std::move(rel));
}

std::optional<std::string> RelsHandler::TargetOfType(std::string_view suffix) const {
  for (const auto& [id, rel] : by_id) {
    if (!rel.external && std::string_view(rel.type).ends_with(suffix)) return rel.target;
  }
  return std::nullopt;
}

void WorkbookHandler::Start(std::string_view name, const XML_Char** attrs) {
  if (name == "workbookPr") {
    date1904 = ParseBoolAttr(Attr(attrs, "date1904"));
  } else if (name == "sheet") {
    SheetEntry e;
    const char* n = Attr(attrs, "name");
    e.name = n ? n : fmt::format("Sheet{}", sheets.size() + 1);
    const char* id = Attr(attrs, "id");  // r:id
    e.rel_id = id ? id : "";
    const char* state = Attr(attrs, "state");
    e.hidden = state != nullptr && std::string_view(state) != "visible";
    sheets.push_back(std::move(e));
  }
}

void SharedStrings::Add(std::string_view raw) {
  AppendOoxmlDecoded(chars_, raw);
  ends_.push_back(chars_.size());
}

void SharedStrings::ShrinkToFit() {
  chars_.shrink_to_fit();
  ends_.shrink_to_fit();
}

Status OpenPackage(std::string_view bytes, std::string_view file_name, const ReadLimits& limits,
                   Package& pkg) {
  JIAODU_TRY_STATUS(Sniff(bytes, file_name));

  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zerr);
  if (source == nullptr) {
    zip_error_fini(&zerr);
    throw std::bad_alloc();
  }
  pkg.zip.reset(zip_open_from_source(source, ZIP_RDONLY, &zerr));
  if (!pkg.zip) {
    const std::string why = zip_error_strerror(&zerr);
    zip_source_free(source);
    zip_error_fini(&zerr);
    return Fail(Corrupt(file_name, fmt::format("压缩包结构不完整，可能是下载或上传中断：{}", why),
                        fmt::format("the zip structure is incomplete, perhaps an interrupted "
                                    "download or upload: {}",
                                    why)));
  }
  zip_error_fini(&zerr);

  Reading& r = pkg.reading;
  r.file_name = file_name;
  r.limits = limits;
  r.zip = pkg.zip.get();

  // The package relationships name the workbook part; nearly always
  // xl/workbook.xml, which is also the fallback when they are absent.
  std::string workbook_part = "xl/workbook.xml";
  if (HasPart(r, "_rels/.rels")) {
    RelsHandler package_rels;
    JIAODU_TRY_STATUS(ParsePart(r, "_rels/.rels", package_rels));
    if (auto target = package_rels.TargetOfType("/officeDocument")) {
      std::string resolved = ResolveTarget("", *target);
      if (HasPart(r, resolved)) workbook_part = std::move(resolved);
    }
  }
  if (!HasPart(r, workbook_part)) {
    return Fail(Corrupt(file_name,
                        "缺少 xl/workbook.xml，不是完整的 Excel 工作簿；也可能是其他软件的文件（如 "
                        "Word、WPS 或 .ods）改了扩展名",
                        "xl/workbook.xml is missing, so this is not a complete Excel workbook; it "
                        "may also be another program's file (Word, WPS, .ods) renamed"));
  }
  WorkbookHandler wb;
  JIAODU_TRY_STATUS(ParsePart(r, workbook_part, wb));
  pkg.date1904 = wb.date1904;
  pkg.sheets = std::move(wb.sheets);

  pkg.workbook_dir = DirOf(workbook_part);
  const std::string wb_rels_part = RelsPathFor(workbook_part);
  if (HasPart(r, wb_rels_part)) JIAODU_TRY_STATUS(ParsePart(r, wb_rels_part, pkg.workbook_rels));

  auto find_part = [&](std::string_view type_suffix, std::string_view default_name) {
    if (auto target = pkg.workbook_rels.TargetOfType(type_suffix)) {
      std::string p = ResolveTarget(pkg.workbook_dir, *target);
      if (HasPart(r, p)) return p;
    }
    std::string p = pkg.workbook_dir + std::string(default_name);
    return HasPart(r, p) ? p : std::string();
  };

  if (std::string part = find_part("/sharedStrings", "sharedStrings.xml"); !part.empty()) {
    SharedStringsHandler sst(pkg.shared_strings, file_name, part);
    JIAODU_TRY_STATUS(ParsePart(r, part, sst));
    pkg.shared_strings.ShrinkToFit();
  }
  if (std::string part = find_part("/styles", "styles.xml"); !part.empty()) {
    StylesHandler styles;
    JIAODU_TRY_STATUS(ParsePart(r, part, styles));
    pkg.date_styles = styles.DateStyles();
  }
  return Ok();
}

// ---------------------------------------------------------------------------
// Sheets.

SheetCells::SheetCells(Package& pkg, std::string sheet_name)
    : SheetCells(pkg.reading, pkg.shared_strings, pkg.date_styles, pkg.date1904,
                 std::move(sheet_name)) {}

SheetCells::SheetCells(Reading& reading, const SharedStrings& shared_strings,
                       const std::vector<bool>& date_styles, bool date1904, std::string sheet_name)
    : reading_(reading),
      shared_strings_(shared_strings),
      date_styles_(date_styles),
      date1904_(date1904),
      sheet_name_(std::move(sheet_name)) {}

void SheetCells::SetCursor(const SheetCursor& cursor) {
  in_sheet_data_ = cursor.in_sheet_data;
  row_ = cursor.row;
  next_row_ = cursor.next_row;
  next_col_ = cursor.next_col;
  // Between two elements of sheetData no cell is open, so nothing is being
  // captured (see parallel_sheet.cc for why a stretch ends there).
  in_cell_ = false;
  capture_ = nullptr;
  phonetic_depth_ = 0;
  unknown_ = 0;
}

void SheetCells::StartUnanchored() {
  SetCursor({true, 0, 0, 0});
  unknown_ = kRowUnknown | kNextRowUnknown | kNextColUnknown;
  needs_cursor = false;
  error.reset();
}

bool SheetCells::Unknown(unsigned bits) {
  if ((unknown_ & bits) == 0) return false;
  needs_cursor = true;
  // Only to stop the parse: the reader reads the stretch again knowing the
  // cursor, and never reports this.
  error = InternalError(reading_.file_name, "sheet cursor needed");
  return true;
}

void SheetCells::Start(std::string_view name, const XML_Char** attrs) {
  if (name == "sheetData") {
    in_sheet_data_ = true;
    return;
  }
  if (!in_sheet_data_) return;
  if (name == "c") {
    StartCell(attrs);
  } else if (name == "row") {
    const char* r = Attr(attrs, "r");
    std::optional<size_t> row = r ? ParseUnsigned<size_t>(r) : std::nullopt;
    if (row && *row >= 1 && *row <= kMaxRows) {
      row_ = *row - 1;
    } else {
      if (Unknown(kNextRowUnknown)) return;
      row_ = next_row_;  // rows without r follow the previous one
    }
    next_col_ = 0;
    unknown_ &= ~(kRowUnknown | kNextColUnknown);
  } else if (in_cell_) {
    if (name == "v") {
      capture_ = &value_;
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && phonetic_depth_ == 0) {
      capture_ = &inline_;  // <is><t> or <is><r><t>
    }
  }
}

void SheetCells::StartCell(const XML_Char** attrs) {
  in_cell_ = true;
  cell_row_ = row_;
  cell_col_ = next_col_;  // cells without r follow the previous cell in the row
  type_ = "n";
  style_ = 0;
  bool placed = false;  // by a valid r
  // One pass over the attributes: this runs for every cell of the sheet.
  for (size_t i = 0; attrs[i] != nullptr && attrs[i + 1] != nullptr; i += 2) {
    const std::string_view local = LocalName(attrs[i]);
    if (local == "r") {
      if (auto pos = ParseCellRef(attrs[i + 1])) {
        cell_row_ = pos->row0;
        cell_col_ = pos->col0;
        placed = true;
      }
    } else if (local == "t") {
      type_ = attrs[i + 1];
    } else if (local == "s") {
      style_ = ParseUnsigned<size_t>(attrs[i + 1]).value_or(0);
    }
  }
  if (!placed && Unknown(kRowUnknown | kNextColUnknown)) return;
  value_.clear();
  inline_.clear();
  phonetic_depth_ = 0;
}

void SheetCells::End(std::string_view name) {
  if (name == "c" && in_cell_) {
    in_cell_ = false;
    capture_ = nullptr;
    FinishCell();
  } else if (name == "v" || name == "t") {
    capture_ = nullptr;
  } else if (name == "row") {
    if (Unknown(kRowUnknown)) return;
    next_row_ = row_ + 1;
    unknown_ &= ~kNextRowUnknown;
  } else if (name == "rPh") {
    if (phonetic_depth_ > 0) --phonetic_depth_;
  } else if (name == "sheetData") {
    in_sheet_data_ = false;
  }
}

void SheetCells::Chars(std::string_view text) {
  if (capture_ == nullptr) return;
  if (capture_->size() + text.size() > kMaxItemBytes) {
    Error e = ItemTooLarge(reading_.file_name, sheet_name_);
    e.where.sheet = sheet_name_;
    e.where.row = static_cast<int>(cell_row_ + 1);
    e.where.column = ColumnLetters(cell_col_);
    error = std::move(e);
    return;
  }
  capture_->append(text);
}

Error SheetCells::CellError(std::string_view zh, std::string_view en) const {
  Error e = Corrupt(reading_.file_name, zh, en);
  e.where.sheet = sheet_name_;
  e.where.row = static_cast<int>(cell_row_ + 1);
  e.where.column = ColumnLetters(cell_col_);
  return e;
}

bool SheetCells::Charge(size_t n) {
  reading_.cells += n;
  if (reading_.cells > reading_.limits.max_cells) {
    Error e = TooManyCells(reading_.file_name, reading_.limits.max_cells);
    e.where.sheet = sheet_name_;
    error = std::move(e);
    return false;
  }
  return true;
}

void SheetCells::SetString(CellValue& cell, std::string_view s, bool stable) const {
  if (s.empty()) return;  // Excel shows an empty string as a blank cell
  cell.type = Cell::Type::kString;
  cell.text = s;
  cell.text_is_stable = stable;
}

void SheetCells::FinishCell() {
  if (cell_col_ >= kMaxCols) {
    error = CellError("单元格超出 Excel 的最大列 XFD", "cell beyond Excel's last column XFD");
    return;
  }
  row_ = cell_row_;
  next_col_ = cell_col_ + 1;
  next_row_ = cell_row_ + 1;
  unknown_ = 0;

  CellValue cell;
  if (type_ == "s") {
    if (Trim(value_).empty()) return;
    const auto index = ParseUnsigned<size_t>(value_);
    if (!index || *index >= shared_strings_.size()) {
      error = CellError(fmt::format("单元格 {} 引用了不存在的共享字符串 {}",
                                    CellRef(cell_row_, cell_col_), value_),
                        fmt::format("cell {} refers to missing shared string {}",
                                    CellRef(cell_row_, cell_col_), value_));
      return;
    }
    SetString(cell, shared_strings_[*index], true);
  } else if (type_ == "inlineStr" || type_ == "str") {
    decoded_.clear();
    AppendOoxmlDecoded(decoded_, type_ == "str" || inline_.empty() ? value_ : inline_);
    SetString(cell, decoded_, false);
  } else if (type_ == "b") {
    const std::string_view v = Trim(value_);
    if (v.empty()) return;
    const bool truth = v == "1" || v == "true" || v == "TRUE";
    cell.type = Cell::Type::kBool;
    cell.number = truth ? 1 : 0;
    cell.text = truth ? "TRUE" : "FALSE";
    cell.text_is_stable = true;
  } else if (type_ == "e") {
    const std::string_view v = Trim(value_);
    if (v.empty()) return;
    cell.type = Cell::Type::kError;
    cell.text = v;
  } else if (type_ == "d") {
    const std::string_view v = Trim(value_);
    if (v.empty()) return;
    if (auto serial = IsoDateToSerial(v, date1904_)) {
      decoded_.clear();
      AppendShortest(decoded_, *serial);
      cell.type = Cell::Type::kNumber;
      cell.number = *serial;
      cell.text = decoded_;
      cell.is_date = true;
    } else {
      SetString(cell, v, false);
    }
  } else {  // "n" or absent; unknown types are read the same way
    const std::string_view v = Trim(value_);
    if (v.empty()) return;  // a formatted blank
    double number = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
    if (ec == std::errc() && end == v.data() + v.size() && std::isfinite(number)) {
      cell.type = Cell::Type::kNumber;
      cell.number = number;
      cell.text = v;
      cell.is_date = style_ < date_styles_.size() && date_styles_[style_];
    } else {
      // Not a number after all (broken producers): keep the text so the
      // importer can point at the cell, rather than failing the file.
      SetString(cell, v, false);
    }
  }
  if (!cell.empty()) OnCell(cell_row_, cell_col_, cell);
}

Result<std::string> SheetPart(const Package& pkg, const SheetEntry& entry) {
  auto rel = pkg.workbook_rels.by_id.find(entry.rel_id);
  if (rel == pkg.workbook_rels.by_id.end() || rel->second.external) {
    Error e = Corrupt(pkg.reading.file_name,
                      fmt::format("找不到工作表“{}”的内容（关系 {}）", entry.name, entry.rel_id),
                      fmt::format("the contents of sheet “{}” cannot be found (relationship {})",
                                  entry.name, entry.rel_id));
    e.where.sheet = entry.name;
    return Fail(std::move(e));
  }
  return ResolveTarget(pkg.workbook_dir, rel->second.target);
}

Status ParseSheet(Package& pkg, const SheetEntry& entry, SheetCells& cells) {
  const std::string part = JIAODU_TRY(SheetPart(pkg, entry));
  return NameTheSheet(ParsePart(pkg.reading, part, cells), entry, cells);
}

Status NameTheSheet(Status parsed, const SheetEntry& entry, const SheetCells& cells) {
  if (parsed || cells.error_is_callers) return parsed;
  Error e = std::move(parsed).error();
  if (e.where.sheet.empty()) e.where.sheet = entry.name;
  return Fail(std::move(e));
}

}  // namespace jiaodu::xlsx::internal
