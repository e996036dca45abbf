// File: jiaodu/formats/standard_file/toml_util.h
//
// The small TOML reading kit shared by every data-file loader (standards,
// catalogs, fitness standards): typed getters that turn a wrong type or a
// missing key into an Error naming the file, the line and the entry.
#ifndef JIAODU_FORMATS_STANDARD_FILE_TOML_UTIL_H_
#define JIAODU_FORMATS_STANDARD_FILE_TOML_UTIL_H_

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu::toml_util {

// Error helper that knows the file and formats "entry: message".
class Reporter {
 public:
  explicit Reporter(std::string file, std::string id = "standard_file.invalid")
      : file_(std::move(file)), id_(std::move(id)) {}

  Error At(const toml::node* node, std::string_view entry, std::string_view zh,
           std::string_view en) const;
  Error Wrap(const toml::node* node, std::string_view entry, const Error& inner) const;
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::string id_;
};

Result<toml::table> ParseToml(std::string_view text, const std::string& file);
Result<std::string> ReadFile(const std::filesystem::path& path);
Result<std::string> Str(const Reporter& rep, const toml::table& t, std::string_view key,
                        std::string_view entry, bool required = true);
// "key" and "key_en"; English falls back to Chinese when absent.
Result<Text> Txt(const Reporter& rep, const toml::table& t, std::string_view key,
                 std::string_view entry, bool required = true);
Result<std::optional<double>> Num(const Reporter& rep, const toml::table& t, std::string_view key,
                                  std::string_view entry);
Result<bool> Bool(const Reporter& rep, const toml::table& t, std::string_view key,
                  std::string_view entry);
Result<int> Int(const Reporter& rep, const toml::table& t, std::string_view key,
                std::string_view entry, int dflt);

}  // namespace jiaodu::toml_util

#endif  // JIAODU_FORMATS_STANDARD_FILE_TOML_UTIL_H_
