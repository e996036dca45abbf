#include "jiaodu/formats/xlsx/table.h"

#include <gtest/gtest.h>

namespace jiaodu::xlsx {
namespace {

TEST(XlsxTable, ColumnLettersAreBijectiveBase26) {
  EXPECT_EQ(ColumnLetters(0), "A");
  EXPECT_EQ(ColumnLetters(25), "Z");
  EXPECT_EQ(ColumnLetters(26), "AA");
  EXPECT_EQ(ColumnLetters(51), "AZ");
  EXPECT_EQ(ColumnLetters(52), "BA");
  EXPECT_EQ(ColumnLetters(701), "ZZ");
  EXPECT_EQ(ColumnLetters(702), "AAA");
  EXPECT_EQ(ColumnLetters(16383), "XFD");  // Excel's last column
}

TEST(XlsxTable, CellRefIsColumnLettersThenOneBasedRow) {
  EXPECT_EQ(CellRef(0, 0), "A1");
  EXPECT_EQ(CellRef(6, 2), "C7");
}

TEST(XlsxTable, AtReturnsNullBeyondTheStoredGrid) {
  Sheet sheet;
  sheet.rows.resize(2);
  sheet.rows[1].resize(3);
  sheet.rows[1][2].type = Cell::Type::kString;
  sheet.rows[1][2].text = "x";
  EXPECT_EQ(sheet.At(0, 0), nullptr);  // row 1 is empty
  EXPECT_EQ(sheet.At(1, 3), nullptr);
  EXPECT_EQ(sheet.At(2, 0), nullptr);
  ASSERT_NE(sheet.At(1, 0), nullptr);
  EXPECT_TRUE(sheet.At(1, 0)->empty());
  EXPECT_EQ(sheet.At(1, 2)->text, "x");
}

TEST(XlsxTable, FindPrefersTheExactNameThenIgnoresAsciiCase) {
  Workbook book;
  book.sheets.resize(2);
  book.sheets[0].name = "DATA";
  book.sheets[1].name = "data";
  EXPECT_EQ(book.Find("data"), &book.sheets[1]);
  EXPECT_EQ(book.Find("Data"), &book.sheets[0]);
  EXPECT_EQ(book.Find("学校"), nullptr);
}

}  // namespace
}  // namespace jiaodu::xlsx
