#include "jiaodu/domain/tasks/evidence.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace jiaodu::tasks {
namespace {

struct Kind {
  std::string_view ext;
  std::string_view magic;  // first bytes
  std::string_view content_type;
  std::string_view what;  // for messages
};
// Office Open XML and OFD are zip packages (PK\3\4); old Word/Excel are OLE
// compound files.
constexpr std::array<Kind, 11> kKinds{{
    {"pdf", "%PDF-", "application/pdf", "PDF"},
    {"ofd", "PK\x03\x04", "application/ofd", "OFD"},
    {"docx", "PK\x03\x04",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"},
    {"xlsx", "PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "Excel"},
    {"pptx", "PK\x03\x04",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"},
    {"doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "application/msword", "Word"},
    {"xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "application/vnd.ms-excel", "Excel"},
    {"jpg", "\xFF\xD8\xFF", "image/jpeg", "JPEG"},
    {"jpeg", "\xFF\xD8\xFF", "image/jpeg", "JPEG"},
    {"png", "\x89PNG\r\n\x1A\n", "image/png", "PNG"},
    {"txt", "", "text/plain; charset=utf-8", "text"},
}};

std::string Mb(int64_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

tl::unexpected<Error> Refuse(const char* id, std::string zh, std::string en) {
  return Fail(ErrorCode::kInvalidInput, id, Text(std::move(zh), std::move(en)));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string AcceptedExtensions() {
  std::string out;
  for (const Kind& k : kKinds) out += (out.empty() ? "" : ", ") + std::string(k.ext);
  return out;
}

Result<std::vector<CheckedFile>> CheckEvidence(const std::vector<EvidenceInput>& files,
                                               const EvidenceLimits& limits) {
  if (static_cast<int>(files.size()) > limits.max_files) {
    return Refuse(
        "task.evidence_too_many",
        fmt::format("一次最多上传 {} 个佐证文件（本次 {} 个）", limits.max_files, files.size()),
        fmt::format("at most {} evidence files per report ({} given)", limits.max_files,
                    files.size()));
  }
  std::vector<CheckedFile> out;
  int64_t total = 0;
  for (const EvidenceInput& f : files) {
    std::string name = f.name;
    const size_t slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name = name.substr(slash + 1);
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    });
    if (name.empty() || name == "." || name == ".." || control || name.size() > 200) {
      return Refuse("task.evidence_name", fmt::format("文件名“{}”无效", f.name.substr(0, 64)),
                    fmt::format("invalid file name \"{}\"", f.name.substr(0, 64)));
    }
    const auto size = static_cast<int64_t>(f.bytes.size());
    if (size == 0) {
      return Refuse("task.evidence_empty", fmt::format("文件“{}”是空文件", name),
                    fmt::format("file \"{}\" is empty", name));
    }
    if (size > limits.max_file_bytes) {
      return Refuse("task.evidence_too_large",
                    fmt::format("文件“{}”有 {}，超过单个文件 {} 的上限", name, Mb(size),
                                Mb(limits.max_file_bytes)),
                    fmt::format("file \"{}\" is {}, over the {} limit per file", name, Mb(size),
                                Mb(limits.max_file_bytes)));
    }
    total += size;
    const size_t dot = name.find_last_of('.');
    const std::string ext = dot == std::string::npos ? "" : Lower(name.substr(dot + 1));
    const Kind* kind = nullptr;
    for (const Kind& k : kKinds)
      if (k.ext == ext) kind = &k;
    if (kind == nullptr) {
      return Refuse(
          "task.evidence_type",
          fmt::format("文件“{}”的类型不在允许范围内（允许：{}）", name, AcceptedExtensions()),
          fmt::format("file \"{}\" is not an accepted kind ({})", name, AcceptedExtensions()));
    }
    const bool text_ok =
        kind->magic.empty() && f.bytes.find('\0') == std::string::npos;  // plain text: no NULs
    if (kind->magic.empty() ? !text_ok : !f.bytes.starts_with(kind->magic)) {
      return Refuse("task.evidence_content",
                    fmt::format("文件“{}”的内容不是 {} 文件（扩展名与内容不符）", name, kind->what),
                    fmt::format("file \"{}\" is not a {} file (its content does not match its "
                                "extension)",
                                name, kind->what));
    }
    out.push_back(CheckedFile{name, std::string(kind->content_type)});
  }
  if (total > limits.max_report_bytes) {
    return Refuse("task.evidence_report_too_large",
                  fmt::format("本次上传的文件共 {}，超过每份报告 {} 的上限", Mb(total),
                              Mb(limits.max_report_bytes)),
                  fmt::format("the files add up to {}, over the {} limit per report", Mb(total),
                              Mb(limits.max_report_bytes)));
  }
  return out;
}

}  // namespace jiaodu::tasks
