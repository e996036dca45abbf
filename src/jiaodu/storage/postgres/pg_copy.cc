#include "jiaodu/storage/postgres/pg_copy.h"

#include <charconv>
#include <pqxx/tablewriter>
#include <pqxx/transaction_base>

namespace jiaodu::pg {
namespace {

constexpr size_t kChunk = 1 << 20;

}  // namespace

CopyWriter::CopyWriter(pqxx::transaction_base& tx, const std::string& table,
                       const std::vector<std::string>& columns) {
  // tablewriter is deprecated in 6.4 in favour of stream_to, but it is the
  // one public way to send pre-formatted COPY data (write_raw_line).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  writer_ = std::make_unique<pqxx::tablewriter>(tx, table, columns.begin(), columns.end());
#pragma GCC diagnostic pop
  buf_.reserve(kChunk + 4096);
}

CopyWriter::~CopyWriter() = default;

void CopyWriter::Separate() {
  if (row_started_) buf_.push_back('\t');
  row_started_ = true;
}

CopyWriter& CopyWriter::Int(int64_t v) {
  Separate();
  char tmp[24];
  auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf_.append(tmp, end);
  return *this;
}

CopyWriter& CopyWriter::Text(std::string_view s) {
  Separate();
  for (char c : s) {
    switch (c) {
      case '\\':
        buf_ += "\\\\";
        break;
      case '\t':
        buf_ += "\\t";
        break;
      case '\n':
        buf_ += "\\n";
        break;
      case '\r':
        buf_ += "\\r";
        break;
      default:
        buf_.push_back(c);
    }
  }
  return *this;
}

CopyWriter& CopyWriter::Null() {
  Separate();
  buf_ += "\\N";
  return *this;
}

void CopyWriter::EndRow() {
  buf_.push_back('\n');
  row_started_ = false;
  if (buf_.size() >= kChunk) Flush();
}

void CopyWriter::Flush() {
  if (buf_.empty()) return;
  // write_raw_line sends the text plus a newline: many rows at once, the
  // last one's newline dropped here and added back there.
  buf_.pop_back();
  writer_->write_raw_line(buf_);
  buf_.clear();
}

void CopyWriter::Complete() {
  Flush();
  writer_->complete();
}

}  // namespace jiaodu::pg
