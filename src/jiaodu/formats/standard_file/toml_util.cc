#include "jiaodu/formats/standard_file/toml_util.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace jiaodu::toml_util {

Error Reporter::At(const toml::node* node, std::string_view entry, std::string_view zh,
                   std::string_view en) const {
  int line = 0;
  if (node != nullptr) line = static_cast<int>(node->source().begin.line);
  Error e{ErrorCode::kInvalidInput,
          id_,
          Text(fmt::format("{}{}：{}", line > 0 ? fmt::format("第 {} 行 ", line) : "", entry, zh),
               fmt::format("{}{}: {}", line > 0 ? fmt::format("line {} ", line) : "", entry, en)),
          {},
          {}};
  e.where.file = file_;
  e.where.row = line;
  return e;
}

Error Reporter::Wrap(const toml::node* node, std::string_view entry, const Error& inner) const {
  Error e = At(node, entry, inner.message.zh, inner.message.en);
  e.id = inner.id;
  return e;
}

Result<toml::table> ParseToml(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& err) {
    Error e{
        ErrorCode::kCorrupt,
        "standard_file.syntax",
        Text(fmt::format("第 {} 行 TOML 语法错误：{}", err.source().begin.line, err.description()),
             fmt::format("line {}: TOML syntax error: {}", err.source().begin.line,
                         err.description())),
        {},
        {}};
    e.where.file = file;
    e.where.row = static_cast<int>(err.source().begin.line);
    return Fail(std::move(e));
  }
}

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kIo, "standard_file.unreadable",
                Text(fmt::format("无法读取文件 {}", path.string()),
                     fmt::format("cannot read {}", path.string())));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::string> Str(const Reporter& rep, const toml::table& t, std::string_view key,
                        std::string_view entry, bool required) {
  const toml::node* n = t.get(key);
  if (n == nullptr) {
    if (!required) return std::string();
    return Fail(
        rep.At(&t, entry, fmt::format("缺少“{}”", key), fmt::format("missing \"{}\"", key)));
  }
  auto v = n->value<std::string>();
  if (!v) {
    return Fail(rep.At(n, fmt::format("{}.{}", entry, key), "应为字符串", "must be a string"));
  }
  return *v;
}

// "key" and "key_en"; English falls back to Chinese when absent.
Result<Text> Txt(const Reporter& rep, const toml::table& t, std::string_view key,
                 std::string_view entry, bool required) {
  std::string zh = JIAODU_TRY(Str(rep, t, key, entry, required));
  std::string en = JIAODU_TRY(Str(rep, t, fmt::format("{}_en", key), entry, false));
  if (en.empty()) en = zh;
  return Text(zh, en);
}

Result<std::optional<double>> Num(const Reporter& rep, const toml::table& t, std::string_view key,
                                  std::string_view entry) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::optional<double>();
  auto v = n->value<double>();
  if (!v) return Fail(rep.At(n, fmt::format("{}.{}", entry, key), "应为数字", "must be a number"));
  return std::optional<double>(*v);
}

Result<bool> Bool(const Reporter& rep, const toml::table& t, std::string_view key,
                  std::string_view entry) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return false;
  auto v = n->value<bool>();
  if (!v)
    return Fail(
        rep.At(n, fmt::format("{}.{}", entry, key), "应为 true 或 false", "must be true or false"));
  return *v;
}

Result<int> Int(const Reporter& rep, const toml::table& t, std::string_view key,
                std::string_view entry, int dflt) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return dflt;
  auto v = n->value<int64_t>();
  if (!v)
    return Fail(rep.At(n, fmt::format("{}.{}", entry, key), "应为整数", "must be an integer"));
  return static_cast<int>(*v);
}

}  // namespace jiaodu::toml_util
