#include "jiaodu/formats/rotation_table/text_workbook.h"

#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu::rotation_table {

Result<std::string> TextWorkbook(const std::vector<std::pair<std::string, TextGrid>>& sheets) {
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory({}));
  for (const auto& [name, grid] : sheets) {
    xlsx::SheetWriter& s = book.AddSheet(name);
    for (size_t r = 0; r < grid.size(); ++r) {
      for (size_t c = 0; c < grid[r].size(); ++c) s.WriteString(r, c, grid[r][c]);
    }
  }
  return book.FinishToBytes();
}

}  // namespace jiaodu::rotation_table
