// File: jiaodu/domain/tasks/evidence.h
//
// What a progress report may carry as evidence (佐证材料): the kinds of file
// a bureau accepts (PDF, OFD, Word, Excel, images), recognised by their
// first bytes as well as their extension so that a renamed file (an .exe
// called 报告.pdf) is refused, with size limits per file and per report.
// Files are stored whole with their SHA-256 (hashing is the adapter's job).
#ifndef JIAODU_DOMAIN_TASKS_EVIDENCE_H_
#define JIAODU_DOMAIN_TASKS_EVIDENCE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jiaodu/core/error.h"

namespace jiaodu::tasks {

struct EvidenceLimits {
  int64_t max_file_bytes = int64_t{20} << 20;    // 20 MB: a scanned 文件 of a few dozen pages
  int64_t max_report_bytes = int64_t{50} << 20;  // all files of one report
  int max_files = 10;
};

struct EvidenceInput {
  std::string name;  // as uploaded (a path is cut to its last part)
  std::string bytes;
};

struct CheckedFile {
  std::string name;          // cleaned
  std::string content_type;  // from the recognised kind
};

// Checks every file of a report (all or nothing): count, sizes, names and
// kinds. Errors name the file: task.evidence_* ids.
Result<std::vector<CheckedFile>> CheckEvidence(const std::vector<EvidenceInput>& files,
                                               const EvidenceLimits& limits = {});

// The extensions accepted, for messages and the upload box ("pdf, ofd, …").
std::string AcceptedExtensions();

}  // namespace jiaodu::tasks

#endif  // JIAODU_DOMAIN_TASKS_EVIDENCE_H_
