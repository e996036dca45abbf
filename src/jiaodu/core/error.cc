#include "jiaodu/core/error.h"

#include <fmt/format.h>

namespace jiaodu {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid_input";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kCorrupt:
      return "corrupt";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kInternal:
      return "internal";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
  }
  return "internal";
}

std::string Error::Describe(bool english) const {
  std::string out;
  if (!where.empty()) {
    std::vector<std::string> parts;
    // Messages about a whole file usually name it already: don't say it twice.
    const std::string& own = english ? message.en : message.zh;
    bool file_named = !where.file.empty() && own.find(where.file) != std::string::npos;
    if (english) {
      if (!where.file.empty() && !file_named) parts.push_back(fmt::format("file {}", where.file));
      if (!where.sheet.empty()) parts.push_back(fmt::format("sheet {}", where.sheet));
      if (where.row > 0) parts.push_back(fmt::format("row {}", where.row));
      if (!where.column.empty()) parts.push_back(fmt::format("column {}", where.column));
      if (!parts.empty()) out = fmt::format("{}: ", fmt::join(parts, ", "));
    } else {
      if (!where.file.empty() && !file_named) parts.push_back(fmt::format("文件 {}", where.file));
      if (!where.sheet.empty()) parts.push_back(fmt::format("工作表 {}", where.sheet));
      if (where.row > 0) parts.push_back(fmt::format("第 {} 行", where.row));
      if (!where.column.empty()) parts.push_back(fmt::format("{} 列", where.column));
      if (!parts.empty()) out = fmt::format("{}：", fmt::join(parts, "，"));
    }
  }
  out += english ? message.en : message.zh;
  for (const Text& c : context) {
    out += english ? fmt::format(" ({})", c.en) : fmt::format("（{}）", c.zh);
  }
  return out;
}

}  // namespace jiaodu
