#include "jiaodu/formats/pdf/pdf_test_util.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

namespace jiaodu::pdf::testutil {
namespace {

// Paths we make contain no quote; quoting keeps a temp dir with spaces working.
std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string PageRange(int page) {
  return page > 0 ? fmt::format("-f {0} -l {0} ", page) : std::string();
}

// The value of attribute `name` in an XML start tag (pdftotext -bbox output).
double Attribute(const std::string& tag, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  const size_t at = tag.find(key);
  if (at == std::string::npos) return 0;
  return std::strtod(tag.c_str() + at + key.size(), nullptr);
}

}  // namespace

bool PopplerAvailable() {
  return std::system(
             "command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1"
             " && command -v pdfinfo >/dev/null 2>&1"
             " && command -v pdftoppm >/dev/null 2>&1") == 0;
}

TempPdf::TempPdf(std::string_view bytes) {
  static std::atomic<int> counter{0};
  path_ = (std::filesystem::temp_directory_path() /
           fmt::format("jiaodu-pdf-test-{}-{}.pdf", getpid(), counter++))
              .string();
  std::ofstream out(path_, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TempPdf::~TempPdf() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

std::string Run(const std::string& command, bool* ok) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    if (ok != nullptr) *ok = false;
    return out;
  }
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  if (ok != nullptr) *ok = status == 0;
  return out;
}

int PageCount(const std::string& path) {
  std::istringstream in(Run("pdfinfo " + Quote(path) + " 2>/dev/null"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Pages:", 0) == 0) return std::atoi(line.c_str() + 6);
  }
  return 0;
}

bool PageSize(const std::string& path, double* width, double* height) {
  std::istringstream in(Run("pdfinfo " + Quote(path) + " 2>/dev/null"));
  std::string line;
  while (std::getline(in, line)) {
    // "Page size:      841.89 x 595.28 pts (A4)"
    if (line.rfind("Page size:", 0) != 0) continue;
    return std::sscanf(line.c_str() + 10, " %lf x %lf", width, height) == 2;
  }
  return false;
}

std::string PageText(const std::string& path, int page) {
  return Run("pdftotext -layout -enc UTF-8 " + PageRange(page) + Quote(path) + " - 2>/dev/null");
}

std::string RawText(const std::string& path, int page) {
  return Run("pdftotext -raw -enc UTF-8 " + PageRange(page) + Quote(path) + " - 2>/dev/null");
}

std::string Squeeze(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out.push_back(c);
  }
  return out;
}

long InkPixels(const std::string& path, int page, int x, int y, int width, int height) {
  bool ok = false;
  const std::string pgm = Run(fmt::format("pdftoppm -gray -r 72 -f {0} -l {0} -x {1} -y {2} -W {3} "
                                          "-H {4} -singlefile {5} 2>/dev/null",
                                          page, x, y, width, height, Quote(path)),
                              &ok);
  // "P5\n<w> <h>\n255\n" then one byte per pixel.
  int w = 0;
  int h = 0;
  int max = 0;
  int header = 0;
  if (!ok || std::sscanf(pgm.c_str(), "P5 %d %d %d%n", &w, &h, &max, &header) != 3) return -1;
  const size_t start = static_cast<size_t>(header) + 1;
  const size_t pixels = static_cast<size_t>(w) * static_cast<size_t>(h);
  if (pgm.size() < start + pixels) return -1;
  long dark = 0;
  for (size_t i = 0; i < pixels; ++i)
    dark += static_cast<unsigned char>(pgm[start + i]) < 128 ? 1 : 0;
  return dark;
}

std::vector<FontRow> Fonts(const std::string& path) {
  // name                                 type              encoding         emb sub uni object ID
  // ------------------------------------ ----------------- ---------------- --- --- --- ---------
  std::istringstream in(Run("pdffonts " + Quote(path) + " 2>/dev/null"));
  std::string line;
  std::vector<std::pair<size_t, size_t>> columns;  // [begin, end) of each column
  std::vector<FontRow> rows;
  while (std::getline(in, line)) {
    if (columns.empty()) {
      if (line.rfind("----", 0) != 0) continue;
      size_t begin = 0;
      while (begin < line.size()) {
        const size_t end = std::min(line.find(' ', begin), line.size());
        columns.emplace_back(begin, end);
        begin = end + 1;
      }
      continue;
    }
    if (columns.size() < 4) break;
    auto field = [&](size_t i) {
      if (columns[i].first >= line.size()) return std::string();
      std::string s = line.substr(columns[i].first, columns[i].second - columns[i].first);
      while (!s.empty() && s.back() == ' ') s.pop_back();
      return s;
    };
    rows.push_back({field(0), field(1), field(3) == "yes"});
  }
  return rows;
}

std::vector<WordBox> WordBoxes(const std::string& path) {
  std::istringstream in(Run("pdftotext -bbox -enc UTF-8 " + Quote(path) + " - 2>/dev/null"));
  std::vector<WordBox> out;
  std::string line;
  int page = 0;
  while (std::getline(in, line)) {
    if (line.find("<page ") != std::string::npos) ++page;
    const size_t open = line.find("<word ");
    if (open == std::string::npos) continue;
    const size_t close = line.find('>', open);
    const size_t end = line.find("</word>", close);
    if (close == std::string::npos || end == std::string::npos) continue;
    const std::string tag = line.substr(open, close - open);
    out.push_back({page, line.substr(close + 1, end - close - 1), Attribute(tag, "xMin"),
                   Attribute(tag, "yMin"), Attribute(tag, "xMax"), Attribute(tag, "yMax")});
  }
  return out;
}

}  // namespace jiaodu::pdf::testutil
