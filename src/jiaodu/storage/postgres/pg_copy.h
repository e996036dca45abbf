// File: jiaodu/storage/postgres/pg_copy.h  (internal)
//
// COPY … FROM STDIN in text format with the rows formatted here, a megabyte
// at a time. pqxx::stream_to (6.4) turns every field into a std::string,
// escapes it into another and sends each row as its own line: for the
// million rows of a city's 学籍号 index that was most of the import's client
// time (docs/postgres.md has the figures). Integers need no escaping;
// text fields are escaped once, in place.
#ifndef JIAODU_STORAGE_POSTGRES_PG_COPY_H_
#define JIAODU_STORAGE_POSTGRES_PG_COPY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class tablewriter;
class transaction_base;
}  // namespace pqxx

namespace jiaodu::pg {

class CopyWriter {
 public:
  CopyWriter(pqxx::transaction_base& tx, const std::string& table,
             const std::vector<std::string>& columns);
  ~CopyWriter();
  CopyWriter(const CopyWriter&) = delete;
  CopyWriter& operator=(const CopyWriter&) = delete;

  CopyWriter& Int(int64_t v);
  CopyWriter& Text(std::string_view s);
  CopyWriter& Null();
  void EndRow();
  // Sends what is left and ends the COPY (errors surface here or earlier).
  void Complete();

 private:
  void Separate();
  void Flush();
  std::unique_ptr<pqxx::tablewriter> writer_;
  std::string buf_;
  bool row_started_ = false;
};

}  // namespace jiaodu::pg

#endif  // JIAODU_STORAGE_POSTGRES_PG_COPY_H_
