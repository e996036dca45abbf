// The template and the importer: the template reads back as an empty import,
// a filled workbook lands exactly, and every error class a clerk can make is
// reported with its file, sheet, row, column and a Chinese reason, with
// nothing returned for writing.
#include "jiaodu/formats/school_workbook/school_workbook.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "jiaodu/formats/standard_file/standard_file.h"
#include "jiaodu/formats/xlsx/xlsx_reader.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using Grid = std::vector<std::vector<std::string>>;

// Writes sheets of text cells; cells that parse as plain numbers are written
// as numbers, like Excel would store what a clerk typed.
std::string Book(const std::vector<std::pair<std::string, Grid>>& sheets) {
  auto book = xlsx::WorkbookWriter::CreateInMemory();
  EXPECT_TRUE(book);
  for (const auto& [name, grid] : sheets) {
    auto& sheet = book->AddSheet(name);
    for (size_t r = 0; r < grid.size(); ++r) {
      for (size_t c = 0; c < grid[r].size(); ++c) {
        const std::string& v = grid[r][c];
        if (v.empty()) continue;
        char* end = nullptr;
        double d = std::strtod(v.c_str(), &end);
        bool numeric = end != nullptr && *end == '\0' && r > 0 && v.size() < 10 &&
                       v.find('-') == std::string::npos;
        if (numeric) {
          sheet.WriteNumber(r, c, d);
        } else {
          sheet.WriteString(r, c, v);
        }
      }
    }
  }
  return *book->FinishToBytes();
}

std::vector<std::string> VisibleSheets(const xlsx::Workbook& book) {
  std::vector<std::string> names;
  for (const auto& s : book.sheets) {
    if (!s.hidden) names.push_back(s.name);
  }
  return names;
}

// A sheet's cells as text.
Grid GridOf(const xlsx::Workbook& book, const std::string& sheet) {
  Grid g;
  for (const auto& row : book.Find(sheet)->rows) {
    std::vector<std::string> r;
    for (const auto& c : row) r.push_back(c.text);
    g.push_back(r);
  }
  return g;
}

// One row a clerk adds to a template sheet: header (without "*" and the
// unit: "是否普惠性幼儿园", "在园幼儿数") → text; "" leaves the cell blank.
using RowEdits = std::map<std::string, std::string>;

std::string HeaderKey(const std::string& header) {
  std::string h = header.starts_with("*") ? header.substr(1) : header;
  size_t unit = h.rfind("（");
  return unit == std::string::npos || unit == 0 ? h : h.substr(0, unit);
}

// A clerk's copy of a template: every visible sheet copied cell by cell, and
// for each sheet in `rows`, one new row per entry under the template's rows:
// the sheet's example row (the catalog's example figures) with the county
// set to 990102 城关区, the year to 2024-2025, and `RowEdits` applied.
std::string FillTemplate(const std::string& tpl,
                         const std::map<std::string, std::vector<RowEdits>>& rows) {
  auto book = xlsx::ReadXlsx(tpl, "模板.xlsx");
  EXPECT_TRUE(book);
  auto out = xlsx::WorkbookWriter::CreateInMemory();
  auto write = [](xlsx::SheetWriter& w, size_t r, size_t c, const std::string& v) {
    char* end = nullptr;
    double d = std::strtod(v.c_str(), &end);
    if (end != nullptr && *end == '\0' && !v.empty() && v.size() < 10) {
      w.WriteNumber(r, c, d);
    } else {
      w.WriteString(r, c, v);
    }
  };
  for (const auto& sheet : book->sheets) {
    if (sheet.hidden) continue;
    auto& w = out->AddSheet(sheet.name);
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const xlsx::Cell& cell = sheet.rows[r][c];
        if (cell.empty()) continue;
        if (cell.type == xlsx::Cell::Type::kNumber) {
          w.WriteNumber(r, c, cell.number);
        } else {
          w.WriteString(r, c, cell.text);
        }
      }
    }
    auto add = rows.find(sheet.name);
    if (add == rows.end()) continue;
    const auto& header = sheet.rows[0];
    const std::vector<xlsx::Cell>* example = nullptr;
    for (const auto& row : sheet.rows) {
      if (!row.empty() && row[0].text == "示例") example = &row;
    }
    size_t r = sheet.rows.size();
    for (const RowEdits& edits : add->second) {
      RowEdits cells = {{"学年", "2024-2025"},
                        {"所属县区代码", "990102"},
                        {"所属县区", "城关区"},
                        {"县区代码", "990102"},
                        {"县区名称", "城关区"}};
      for (const auto& [k, v] : edits) cells[k] = v;
      for (size_t c = 0; c < header.size(); ++c) {
        auto e = cells.find(HeaderKey(header[c].text));
        if (e != cells.end()) {
          if (!e->second.empty()) write(w, r, c, e->second);
        } else if (example != nullptr && c < example->size() && !(*example)[c].empty()) {
          write(w, r, c, (*example)[c].text);
        }
      }
      ++r;
    }
  }
  return *out->FinishToBytes();
}

class SchoolWorkbook : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib);
    standard_ = lib->Find("cn-yzjh-2017");
    preschool_ = lib->Find("cn-xqpp-2020");
    ASSERT_TRUE(standard_ && preschool_);
    // Both workbooks, as the service reads every upload.
    standards_ = {standard_, preschool_};
    ctx_.areas = {{"990100", "示范市", AreaLevel::kCity, ""},
                  {"990102", "城关区", AreaLevel::kCounty, "990100"},
                  {"990103", "东湖区", AreaLevel::kCounty, "990100"}};
    school_header_ = {"*学年",
                      "*学校标识码",
                      "*学校名称",
                      "*所属县区代码",
                      "所属县区",
                      "乡镇（街道）",
                      "*学校类型",
                      "*城乡类型",
                      "*办学性质",
                      "*是否寄宿制学校",
                      "*教学及辅助用房面积（平方米）",
                      "*其中：室内体育用房面积（平方米）",
                      "*运动场地面积（平方米）",
                      "*教学仪器设备资产值（万元）",
                      "*网络多媒体教室（间）"};
    section_header_ = {"*学年",
                       "*学校标识码",
                       "学校名称",
                       "*学段",
                       "*在校生数（人）",
                       "*班级数（个）",
                       "*最大班额（人）",
                       "*专任教师数（人）",
                       "*其中：研究生学历（人）",
                       "*其中：本科学历（人）",
                       "*其中：专科学历（人）",
                       "*其中：县级及以上骨干教师（人）",
                       "*其中：体育专任教师（人）",
                       "*其中：音乐专任教师（人）",
                       "*其中：美术专任教师（人）"};
    schools_ = {school_header_,
                {"示例", "9999990001", "示例学校", "999999", "", "", "小学", "城区", "公办", "否",
                 "1", "1", "1", "1", "1"},
                {"2024-2025", "9901020001", "城关一小", "990102", "城关区", "城南街道", "小学",
                 "城区", "公办", "否", "5000", "500", "7000", "200", "23"},
                {"2024-2025", "9901020002", "城关实验学校", "990102", "城关区", "",
                 "九年一贯制学校", "城区", "公办", "否", "6000", "500", "12000", "300.5", "24"}};
    sections_ = {section_header_,
                 {"2024-2025", "9901020001", "城关一小", "小学", "1000", "23", "45", "60", "2",
                  "30", "10", "10", "5", "2", "2"},
                 {"2024-2025", "9901020002", "城关实验学校", "小学", "600", "14", "44", "40", "1",
                  "25", "10", "6", "3", "2", "1"},
                 {"2024-2025", "9901020002", "城关实验学校", "初中", "400", "9", "48", "32", "2",
                  "26", "2", "4", "2", "1", "1"}};
  }

  ParsedImport Import(const std::string& bytes, const std::string& name = "城关区.xlsx") {
    std::vector<InputFile> files = {{name, bytes}};
    return ParseImport(files, standards_, ctx_);
  }
  // The records of one dataset of an import (none when it has none).
  static std::vector<SchoolYearRecord> SchoolYears(const ParsedImport& p,
                                                   std::string_view dataset = "compulsory") {
    const ParsedDataset* d = p.Find(dataset);
    return d != nullptr ? d->school_years : std::vector<SchoolYearRecord>{};
  }
  static std::vector<CountyYearRecord> CountyYears(const ParsedImport& p,
                                                   std::string_view dataset = "compulsory") {
    const ParsedDataset* d = p.Find(dataset);
    return d != nullptr ? d->county_years : std::vector<CountyYearRecord>{};
  }
  ParsedImport ImportGrids() {
    return Import(Book({{"学校基本信息", schools_}, {"分学段数据", sections_}}));
  }
  // Another 分学段数据 row for a school (Excel row 5), its figures copied.
  void AddSection(const std::string& code, const std::string& stage) {
    for (const auto& row : sections_) {
      if (row[1] != code) continue;
      auto copy = row;
      copy[3] = stage;
      sections_.push_back(copy);
      return;
    }
  }
  // The single error expected, checked for place and id.
  void ExpectOnly(const ParsedImport& p, const std::string& id, const std::string& sheet, int row,
                  const std::string& column_prefix, const std::string& zh_part) {
    ASSERT_FALSE(p.errors.empty()) << "expected " << id;
    bool found = false;
    for (const Error& e : p.errors) {
      if (e.id != id) continue;
      found = true;
      EXPECT_EQ(e.where.file, "城关区.xlsx");
      EXPECT_EQ(e.where.sheet, sheet);
      EXPECT_EQ(e.where.row, row);
      EXPECT_TRUE(e.where.column.starts_with(column_prefix)) << e.where.column;
      EXPECT_NE(e.message.zh.find(zh_part), std::string::npos) << e.message.zh;
    }
    EXPECT_TRUE(found) << "no " << id << "; first error: " << p.errors[0].id << " "
                       << p.errors[0].Describe();
    EXPECT_TRUE(p.datasets.empty());  // nothing is returned for writing
    EXPECT_TRUE(p.areas.empty());
  }

  // The preschool template (with the county's areas) filled with `rows`.
  // A standard's template for 2024-2025 with the fixture's areas.
  Result<std::string> TemplateOf(const Standard& standard) {
    TemplateOptions opt;
    opt.year = AcademicYear(2024);
    opt.areas = ctx_.areas;
    auto bytes = WriteTemplate(standard, opt);
    EXPECT_TRUE(bytes) << bytes.error().Describe();
    return bytes;
  }
  std::string Preschool(const std::map<std::string, std::vector<RowEdits>>& rows) {
    return FillTemplate(*TemplateOf(*preschool_), rows);
  }
  // One private 普惠 kindergarten with the catalog's example figures; the
  // edits change its 幼儿园基本信息 and 幼儿园数据 rows (Excel row 3 of each).
  std::string Kindergarten(const RowEdits& school_edits = {}, const RowEdits& data_edits = {}) {
    RowEdits school = {{"学校标识码", "9901020101"}, {"幼儿园名称", "城关阳光幼儿园"}};
    RowEdits data = {{"学校标识码", "9901020101"}, {"幼儿园名称", "城关阳光幼儿园"}};
    for (const auto& [k, v] : school_edits) school[k] = v;
    for (const auto& [k, v] : data_edits) data[k] = v;
    return Preschool({{"幼儿园基本信息", {school}}, {"幼儿园数据", {data}}});
  }
  ParsedImport ImportFiles(const std::vector<InputFile>& files) {
    return ParseImport(files, standards_, ctx_);
  }

  std::shared_ptr<const Standard> standard_;   // cn-yzjh-2017 (compulsory)
  std::shared_ptr<const Standard> preschool_;  // cn-xqpp-2020
  std::vector<std::shared_ptr<const Standard>> standards_;
  ImportContext ctx_;
  std::vector<std::string> school_header_, section_header_;
  Grid schools_, sections_;
};

TEST_F(SchoolWorkbook, TemplateHasTheSheetsHeadersAndReadsBackEmpty) {
  auto bytes = TemplateOf(*standard_);
  ASSERT_TRUE(bytes);
  auto book = xlsx::ReadXlsx(*bytes, "模板.xlsx");
  ASSERT_TRUE(book);
  EXPECT_EQ(
      VisibleSheets(*book),
      (std::vector<std::string>{"填报说明", "学校基本信息", "分学段数据", "共用资源分摊（可选）",
                                "县级数据", "评估事项", "一票否决", "行政区划"}));
  const xlsx::Sheet* sec = book->Find("分学段数据");
  ASSERT_NE(sec, nullptr);
  bool has_students = false;
  for (const auto& c : sec->rows[0]) has_students = has_students || c.text == "*在校生数（人）";
  EXPECT_TRUE(has_students);
  // Reading the untouched template gives no data and no errors (examples are
  // skipped, prefilled judgment rows without a conclusion are ignored).
  auto p = Import(*bytes);
  EXPECT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  EXPECT_TRUE(SchoolYears(p).empty());
}

TEST_F(SchoolWorkbook, PrefilledCountyTemplateListsItsSchoolsAndSections) {
  TemplateOptions opt;
  opt.areas = ctx_.areas;
  opt.schools = {School{"9901020002", "城关实验学校", "990102", "", SchoolType::kNineYear,
                        Locale::kUrban, Ownership::kPublic, false}};
  auto book = xlsx::ReadXlsx(*WriteTemplate(*standard_, opt), "t.xlsx");
  ASSERT_TRUE(book);
  const xlsx::Sheet* sec = book->Find("分学段数据");
  int rows_for_school = 0;
  for (const auto& row : sec->rows)
    rows_for_school += row.size() > 1 && row[1].text == "9901020002" ? 1 : 0;
  EXPECT_EQ(rows_for_school, 2);  // 小学 and 初中
  // Left unfilled, the prefilled rows are skipped, not refused.
  auto p = Import(*WriteTemplate(*standard_, opt));
  EXPECT_TRUE(p.errors.empty()) << p.errors[0].Describe();
}

TEST_F(SchoolWorkbook, FilledWorkbookLandsWithUnitsConverted) {
  auto p = ImportGrids();
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  auto years = SchoolYears(p);
  ASSERT_EQ(years.size(), 2u);
  const auto& nine = years[1];
  EXPECT_EQ(nine.school.type, SchoolType::kNineYear);
  ASSERT_EQ(nine.sections.size(), 2u);
  const FieldCatalog& c = *standard_->catalog;
  EXPECT_EQ(*nine.values.Get(*c.IndexOf("equipment_value")), 3005000.0);  // 300.5 万元, exactly
  EXPECT_EQ(*nine.sections[1].values.Get(*c.IndexOf("students")), 400);
  EXPECT_EQ(years[0].school.town, "城南街道");
}

TEST_F(SchoolWorkbook, CsvInGb18030WithTheSectionHeaderIsRecognised) {
  // A CSV export of the 分学段数据 sheet, alone: refused because the school
  // rows are missing — and the message says which sheet.
  std::string csv;
  for (size_t r = 0; r < sections_.size(); ++r) {
    for (size_t c = 0; c < sections_[r].size(); ++c) csv += (c ? "," : "") + sections_[r][c];
    csv += "\r\n";
  }
  // As Excel on Chinese Windows saves it: GB18030 (GBK), no BOM.
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  ASSERT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string gb(csv.size() * 2, '\0');
  char* in = csv.data();
  size_t in_left = csv.size();
  char* out = gb.data();
  size_t out_left = gb.size();
  ASSERT_NE(iconv(cd, &in, &in_left, &out, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  gb.resize(gb.size() - out_left);
  ASSERT_NE(gb, csv);  // really re-encoded
  std::vector<InputFile> files = {{"分学段.csv", gb}};
  auto p = ParseImport(files, standards_, ctx_);
  ASSERT_FALSE(p.errors.empty());
  EXPECT_EQ(p.errors[0].id, "import.missing_sheet");
  EXPECT_NE(p.errors[0].message.zh.find("学校基本信息"), std::string::npos);
}

TEST_F(SchoolWorkbook, TwoGb18030CsvFilesLandLikeTheWorkbook) {
  auto to_csv = [](const Grid& g) {
    std::string out;
    for (const auto& row : g) {
      for (size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + row[c];
      out += "\r\n";
    }
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    std::string gb(out.size() * 2, '\0');
    char* in = out.data();
    size_t in_left = out.size();
    char* o = gb.data();
    size_t out_left = gb.size();
    iconv(cd, &in, &in_left, &o, &out_left);
    iconv_close(cd);
    gb.resize(gb.size() - out_left);
    return gb;
  };
  std::vector<InputFile> files = {{"学校.csv", to_csv(schools_)},
                                  {"分学段.csv", to_csv(sections_)}};
  auto p = ParseImport(files, standards_, ctx_);
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  ASSERT_EQ(SchoolYears(p).size(), 2u);
  EXPECT_EQ(SchoolYears(p)[1].school.name, "城关实验学校");
  EXPECT_EQ(p.files_read, 2);
}

TEST_F(SchoolWorkbook, NotAnXlsxIsRefused) {
  auto p = Import("学校名称,在校生数\n一小,100\n", "城关区.xlsx");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].id, "xlsx.not_xlsx");
  EXPECT_EQ(p.errors[0].where.file, "城关区.xlsx");
}

TEST_F(SchoolWorkbook, TruncatedFileIsRefused) {
  std::string bytes = Book({{"学校基本信息", schools_}, {"分学段数据", sections_}});
  auto p = Import(bytes.substr(0, bytes.size() / 2));
  ASSERT_FALSE(p.errors.empty());
  EXPECT_TRUE(p.errors[0].id == "xlsx.corrupt" || p.errors[0].id == "xlsx.not_xlsx")
      << p.errors[0].id;
  EXPECT_TRUE(SchoolYears(p).empty());
}

TEST_F(SchoolWorkbook, MissingSheetIsNamed) {
  auto p = Import(Book({{"分学段数据", sections_}}));
  ASSERT_FALSE(p.errors.empty());
  EXPECT_EQ(p.errors[0].id, "import.missing_sheet");
  EXPECT_TRUE(SchoolYears(p).empty());
}

TEST_F(SchoolWorkbook, WorkbookWithoutAnyTemplateSheetIsRefused) {
  auto p = Import(Book({{"Sheet1", {{"姓名", "成绩"}, {"张三", "90"}}}}));
  ASSERT_FALSE(p.errors.empty());
  EXPECT_EQ(p.errors[0].id, "import.unknown_sheet");
  EXPECT_EQ(p.errors[0].where.sheet, "Sheet1");
}

TEST_F(SchoolWorkbook, BlankWorkbookSaysThereIsNothingToImport) {
  auto p = Import(Book({{"Sheet1", {}}}));
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].id, "import.no_sheets");
  EXPECT_NE(p.errors[0].message.zh.find("没有可导入的数据"), std::string::npos);
}

TEST_F(SchoolWorkbook, WrongHeaderIsReportedAtTheHeaderCell) {
  sections_[0][4] = "学生人数";
  auto p = ImportGrids();
  ExpectOnly(p, "import.unknown_column", "分学段数据", 1, "E", "学生人数");
  bool missing = false;
  for (const Error& e : p.errors)
    missing = missing || (e.id == "import.missing_column" &&
                          e.message.zh.find("在校生数") != std::string::npos);
  EXPECT_TRUE(missing);
}

TEST_F(SchoolWorkbook, TextInANumberCell) {
  sections_[2][4] = "六百";
  ExpectOnly(ImportGrids(), "import.not_a_number", "分学段数据", 3, "E（*在校生数（人））",
             "不是有效的数字");
}

TEST_F(SchoolWorkbook, NegativeValue) {
  schools_[2][12] = "-7000";
  ExpectOnly(ImportGrids(), "field.negative", "学校基本信息", 3, "M", "不能为负数");
}

TEST_F(SchoolWorkbook, DuplicateSchoolCode) {
  auto dup = schools_[2];
  schools_.push_back(dup);
  ExpectOnly(ImportGrids(), "import.duplicate_school", "学校基本信息", 5, "", "重复出现");
}

TEST_F(SchoolWorkbook, UnknownSchoolType) {
  schools_[3][6] = "贵族学校";
  ExpectOnly(ImportGrids(), "kind.school_type", "学校基本信息", 4, "G", "贵族学校");
}

TEST_F(SchoolWorkbook, BlankRequiredCell) {
  schools_[2][2] = "";
  ExpectOnly(ImportGrids(), "import.required", "学校基本信息", 3, "C", "学校名称");
  sections_[1][7] = "";
  schools_[2][2] = "城关一小";
  ExpectOnly(ImportGrids(), "import.required", "分学段数据", 2, "H", "专任教师数");
}

TEST_F(SchoolWorkbook, SchoolAlreadyInAnotherCounty) {
  ctx_.schools = {School{"9901020001", "城关一小", "990103", "", SchoolType::kPrimary,
                         Locale::kUrban, Ownership::kPublic, false}};
  ExpectOnly(ImportGrids(), "import.school_in_two_counties", "学校基本信息", 3, "",
             "不能属于两个县区");
}

TEST_F(SchoolWorkbook, SchoolGivenTwoCountiesInOneImport) {
  auto next_year = schools_[2];
  next_year[0] = "2023-2024";
  next_year[3] = "990103";
  schools_.push_back(next_year);
  auto sec = sections_[1];
  sec[0] = "2023-2024";
  sections_.push_back(sec);
  ExpectOnly(ImportGrids(), "import.school_in_two_counties", "学校基本信息", 5, "",
             "两个不同的县区");
}

TEST_F(SchoolWorkbook, UnknownCountyCode) {
  schools_[2][3] = "990199";
  schools_[2][4] = "";
  ExpectOnly(ImportGrids(), "import.unknown_county", "学校基本信息", 3, "D", "990199");
}

TEST_F(SchoolWorkbook, NineYearSchoolMustReportBothStages) {
  sections_.pop_back();
  ExpectOnly(ImportGrids(), "import.missing_sections", "学校基本信息", 4, "", "初中");
}

TEST_F(SchoolWorkbook, StageThatTheSchoolTypeDoesNotHave) {
  AddSection("9901020001", "高中");
  ExpectOnly(ImportGrids(), "import.stage_not_allowed", "分学段数据", 5, "D", "没有高中学段");
}

TEST_F(SchoolWorkbook, CrossFieldRuleNamesTheRow) {
  sections_[1][9] = "70";  // 本科 70 > 专任教师 60
  ExpectOnly(ImportGrids(), "import.rule", "分学段数据", 2, "", "不能超过专任教师数");
}

TEST_F(SchoolWorkbook, EveryErrorOfAFileIsListedAtOnce) {
  sections_[1][4] = "一千";
  sections_[2][5] = "-1";
  schools_[3][6] = "贵族学校";
  auto p = ImportGrids();
  EXPECT_GE(p.errors.size(), 3u);
  EXPECT_TRUE(SchoolYears(p).empty());
}

TEST_F(SchoolWorkbook, CountySheetsAreMergedAndChecked) {
  Grid county = {{"*学年", "*县区代码", "县区名称", "*社会认可度（%）", "本年交流轮岗教师数（人）"},
                 {"2024-2025", "990102", "城关区", "91.5", "130"}};
  Grid items = {
      {"*学年", "*县区代码", "县区名称", "*事项编号", "事项内容", "*结论", "说明", "佐证材料"},
      {"2024-2025", "990102", "城关区", "G1", "…", "达标", "", "布局规划.pdf"},
      {"2024-2025", "990102", "城关区", "G2", "…", "", "", ""}};
  auto p = Import(Book({{"县级数据", county}, {"评估事项", items}}));
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  auto counties = CountyYears(p);
  ASSERT_EQ(counties.size(), 1u);
  const auto& c = counties[0];
  EXPECT_DOUBLE_EQ(*c.values.Get(*standard_->catalog->IndexOf("social_recognition_rate")), 0.915);
  EXPECT_EQ(c.judgments.at("G1").evidence, "布局规划.pdf");
  EXPECT_FALSE(c.judgments.count("G2"));  // no conclusion: left as it is
  items.push_back(
      {"2024-2025", "990102", "城关区", "G3", "", "达标", "", ""});  // G3 is computed, not judged
  auto bad = Import(Book({{"评估事项", items}}));
  ASSERT_FALSE(bad.errors.empty());
  EXPECT_EQ(bad.errors[0].id, "import.unknown_item");
}

// ------------------------------------------------------------ 学前 (preschool) --

TEST_F(SchoolWorkbook, PreschoolTemplateIsLaidOutFromItsCatalog) {
  auto bytes = TemplateOf(*preschool_);
  ASSERT_TRUE(bytes);
  auto book = xlsx::ReadXlsx(*bytes, "学前模板.xlsx");
  ASSERT_TRUE(book);
  // Sheet names from the catalog's labels; a single-stage catalog has no
  // shared-resource sheet.
  EXPECT_EQ(VisibleSheets(*book),
            (std::vector<std::string>{"填报说明", "幼儿园基本信息", "幼儿园数据", "学前县级数据",
                                      "学前评估事项", "学前一票否决", "行政区划"}));
  EXPECT_EQ(book->Find("填报说明")->rows[0][0].text, "县域学前教育普及普惠数据采集表");
  auto headers = [&](const char* sheet) {
    std::vector<std::string> out;
    for (const auto& c : book->Find(sheet)->rows[0]) out.push_back(c.text);
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& h) {
    return std::find(v.begin(), v.end(), h) != v.end();
  };
  auto school = headers("幼儿园基本信息");
  EXPECT_TRUE(has(school, "*幼儿园名称"));
  EXPECT_TRUE(has(school, "*是否普惠性幼儿园"));
  EXPECT_TRUE(has(school, "办园类别"));
  EXPECT_FALSE(has(school, "*是否寄宿制学校"));
  EXPECT_TRUE(has(school, "*园舍建筑面积（平方米）"));
  auto data = headers("幼儿园数据");
  EXPECT_FALSE(has(data, "*学段"));  // one row per kindergarten, stage implied
  EXPECT_TRUE(has(data, "*在园幼儿数（人）"));
  EXPECT_FALSE(has(data, "*在校生数（人）"));
  // The example row is a kindergarten with the catalog's example figures.
  const auto& example = book->Find("幼儿园基本信息")->rows[1];
  EXPECT_EQ(example[0].text, "示例");
  EXPECT_EQ(example[6].text, "幼儿园");
  // The judged items are the preschool standard's.
  const xlsx::Sheet* items = book->Find("学前评估事项");
  ASSERT_GT(items->rows.size(), 1u);
  auto judged = std::find_if(preschool_->items.begin(), preschool_->items.end(),
                             [](const Item& i) { return i.needs_judgment; });
  ASSERT_NE(judged, preschool_->items.end());
  EXPECT_EQ(items->rows[1][3].text, judged->id);
  // Untouched, it imports nothing and raises nothing.
  auto p = Import(*bytes, "学前模板.xlsx");
  EXPECT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  EXPECT_TRUE(p.datasets.empty());
}

TEST_F(SchoolWorkbook, FilledPreschoolTemplateRoundTripsToRecords) {
  auto p = Import(Kindergarten());
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  ASSERT_EQ(p.datasets.size(), 1u);
  auto kg = SchoolYears(p, "preschool");
  ASSERT_EQ(kg.size(), 1u);
  const SchoolYearRecord& r = kg[0];
  EXPECT_EQ(r.school.code, "9901020101");
  EXPECT_EQ(r.school.type, SchoolType::kKindergarten);
  EXPECT_EQ(r.school.ownership, Ownership::kPrivate);
  EXPECT_TRUE(r.school.inclusive);
  EXPECT_EQ(KindergartenCategory(r.school), "普惠性民办园");
  ASSERT_EQ(r.sections.size(), 1u);
  EXPECT_EQ(r.sections[0].stage, Stage::kPreschool);
  const FieldCatalog& c = *preschool_->catalog;
  EXPECT_EQ(*r.sections[0].values.Get(*c.IndexOf("children")), 312);
  EXPECT_EQ(*r.sections[0].values.Get(*c.IndexOf("pay_establishment")), 1568000.0);  // 156.8 万元
  EXPECT_EQ(*r.values.Get(*c.IndexOf("area_building")), 3400);
  EXPECT_TRUE(SchoolYears(p).empty());  // nothing in the compulsory dataset
}

TEST_F(SchoolWorkbook, MixedUploadGivesOneResultPerDataset) {
  // 城关一小 boards; its 附设幼儿班 is entered in the preschool workbook
  // under the school's own code, name and type.
  schools_[2][9] = "是";
  std::string compulsory = Book({{"学校基本信息", schools_}, {"分学段数据", sections_}});
  RowEdits attached = {{"学校标识码", "9901020001"}, {"幼儿园名称", "城关一小"},
                       {"学校类型", "小学"},         {"城乡类型", "城区"},
                       {"办学性质", "公办"},         {"是否普惠性幼儿园", "是"},
                       {"办园类别", "公办园"}};
  std::string preschool =
      Preschool({{"幼儿园基本信息",
                  {{{"学校标识码", "9901020101"}, {"幼儿园名称", "城关阳光幼儿园"}}, attached}},
                 {"幼儿园数据", {{{"学校标识码", "9901020101"}}, {{"学校标识码", "9901020001"}}}}});
  auto p = ImportFiles({{"城关区义务教育.xlsx", compulsory}, {"城关区学前.xlsx", preschool}});
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  ASSERT_EQ(p.datasets.size(), 2u);
  EXPECT_EQ(p.datasets[0].dataset, "compulsory");
  EXPECT_EQ(p.datasets[1].dataset, "preschool");
  EXPECT_EQ(p.datasets[1].standard->id, "cn-xqpp-2020");
  auto schools = SchoolYears(p);
  auto kgs = SchoolYears(p, "preschool");
  ASSERT_EQ(schools.size(), 2u);
  ASSERT_EQ(kgs.size(), 2u);
  const SchoolYearRecord& klass = kgs[0];  // by code: 9901020001 first
  EXPECT_EQ(klass.school.code, "9901020001");
  EXPECT_EQ(klass.school.type, SchoolType::kPrimary);  // the school's own type
  ASSERT_EQ(klass.sections.size(), 1u);
  EXPECT_EQ(klass.sections[0].stage, Stage::kPreschool);
  // Attributes only one workbook asks are carried to the other's record.
  EXPECT_TRUE(klass.school.boarding);
  EXPECT_TRUE(schools[0].school.inclusive);
  EXPECT_EQ(schools[0].sections.size(), 1u);  // its compulsory record: 小学 only
}

TEST_F(SchoolWorkbook, InclusiveFlagMustBeYesOrNo) {
  auto p = Import(Kindergarten({{"是否普惠性幼儿园", "也许"}}));
  ExpectOnly(p, "kind.yes_no", "幼儿园基本信息", 3, "J（*是否普惠性幼儿园）", "应填“是”或“否”");
}

TEST_F(SchoolWorkbook, PublicKindergartenMustBeInclusive) {
  auto p =
      Import(Kindergarten({{"办学性质", "公办"}, {"是否普惠性幼儿园", "否"}, {"办园类别", ""}}));
  ExpectOnly(p, "import.public_not_inclusive", "幼儿园基本信息", 3, "J", "公办园");
}

TEST_F(SchoolWorkbook, UnknownKindergartenCategoryListsTheAllowedOnes) {
  auto p = Import(Kindergarten({{"办园类别", "民办园"}}));
  ExpectOnly(p, "kind.category", "幼儿园基本信息", 3, "K（办园类别）",
             "应为：公办园、普惠性民办园、非普惠民办园");
}

TEST_F(SchoolWorkbook, KindergartenCategoryMustAgreeWithOwnershipAndInclusive) {
  auto p = Import(Kindergarten({{"是否普惠性幼儿园", "否"}}));  // 办园类别 stays 普惠性民办园
  ExpectOnly(p, "import.category_mismatch", "幼儿园基本信息", 3, "K", "应为“非普惠民办园”");
}

TEST_F(SchoolWorkbook, KindergartenTypeInTheCompulsorySheetIsRefused) {
  schools_[2][6] = "幼儿园";
  auto p = ImportGrids();
  ExpectOnly(p, "import.type_not_allowed", "学校基本信息", 3, "G（*学校类型）",
             "幼儿园请填入“幼儿园基本信息”");
}

TEST_F(SchoolWorkbook, UnknownHeaderInAPreschoolSheetIsReportedAtTheHeaderCell) {
  std::string bytes = Kindergarten();
  auto book = xlsx::ReadXlsx(bytes, "x.xlsx");
  ASSERT_TRUE(book);
  // A compulsory-school header in the preschool data sheet.
  Grid data = GridOf(*book, "幼儿园数据");
  data[0][3] = "在校生数（人）";  // instead of 在园幼儿数
  auto p =
      Import(Book({{"幼儿园基本信息", GridOf(*book, "幼儿园基本信息")}, {"幼儿园数据", data}}));
  ExpectOnly(p, "import.unknown_column", "幼儿园数据", 1, "D（在校生数（人））", "在校生数");
}

TEST_F(SchoolWorkbook, StageColumnOfThePreschoolDataSheetIsOptionalButMustSayPreschool) {
  auto book = xlsx::ReadXlsx(Kindergarten(), "x.xlsx");
  ASSERT_TRUE(book);
  Grid school = GridOf(*book, "幼儿园基本信息");
  Grid data = GridOf(*book, "幼儿园数据");
  for (size_t r = 0; r < data.size(); ++r) {
    data[r].insert(data[r].begin() + 3, r == 0 ? "学段" : r == 1 ? "学前" : "学前教育");
  }
  auto p = Import(Book({{"幼儿园基本信息", school}, {"幼儿园数据", data}}));
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  EXPECT_EQ(SchoolYears(p, "preschool").size(), 1u);
  data[2][3] = "小学";
  ExpectOnly(Import(Book({{"幼儿园基本信息", school}, {"幼儿园数据", data}})),
             "import.stage_not_allowed", "幼儿园数据", 3, "D（学段）", "没有小学学段");
}

TEST_F(SchoolWorkbook, ClassSizeRuleOfThePreschoolCatalogNamesTheRow) {
  // 100 children in 2 small classes (50 a class, over 25) with no class
  // counted as oversized.
  auto p = Import(Kindergarten({}, {{"小班班数", "2"}, {"班额超标班数", "0"}}));
  ExpectOnly(p, "import.rule", "幼儿园数据", 3, "", "班额超标班数不能为0");
}

TEST_F(SchoolWorkbook, KindergartenMustHaveItsDataRow) {
  auto p = Import(Preschool(
      {{"幼儿园基本信息", {{{"学校标识码", "9901020101"}, {"幼儿园名称", "城关阳光幼儿园"}}}}}));
  ExpectOnly(p, "import.missing_sections", "幼儿园基本信息", 3, "", "缺少学前的数据");
}

TEST_F(SchoolWorkbook, SchoolCodeInBothWorkbooksMustBeTheSameSchool) {
  std::string compulsory = Book({{"学校基本信息", schools_}, {"分学段数据", sections_}});
  // 城关一小's code reused for a kindergarten.
  std::string preschool =
      Kindergarten({{"学校标识码", "9901020001"}}, {{"学校标识码", "9901020001"}});
  auto p = ImportFiles({{"城关区.xlsx", compulsory}, {"城关区.xlsx", preschool}});
  ExpectOnly(p, "import.school_differs", "幼儿园基本信息", 3, "", "不是同一所学校");
}

TEST_F(SchoolWorkbook, KindergartenCannotTakeTheCodeOfAStoredSchool) {
  ctx_.schools = {School{"9901020101", "城关二小", "990102", "", SchoolType::kPrimary,
                         Locale::kUrban, Ownership::kPublic, false}};
  ExpectOnly(Import(Kindergarten()), "import.school_differs", "幼儿园基本信息", 3, "G",
             "幼儿园与中小学不能共用学校标识码");
}

TEST_F(SchoolWorkbook, AttachedClassInTheCompulsoryWorkbookPointsToThePreschoolOne) {
  AddSection("9901020001", "学前");  // a 附设幼儿班 of 城关一小
  ExpectOnly(ImportGrids(), "import.stage_not_allowed", "分学段数据", 5, "D", "请填入“幼儿园数据”");
}

TEST_F(SchoolWorkbook, AreasSentWithBothWorkbooksAreOneArea) {
  Grid areas = {{"*区划代码", "*名称", "*层级", "上级区划代码"},
                {"990104", "西山区", "县", "990100"}};
  std::string a =
      Book({{"学校基本信息", schools_}, {"分学段数据", sections_}, {"行政区划", areas}});
  std::string b = Book({{"行政区划", areas}});
  auto p = ImportFiles({{"义务教育.xlsx", a}, {"学前.xlsx", b}});
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  ASSERT_EQ(p.areas.size(), 1u);
  // Two different rows for one code are still refused.
  areas[1][1] = "西岭区";
  auto bad = ImportFiles({{"义务教育.xlsx", a}, {"学前.xlsx", Book({{"行政区划", areas}})}});
  ASSERT_FALSE(bad.errors.empty());
  EXPECT_EQ(bad.errors[0].id, "import.duplicate_area");
}

TEST_F(SchoolWorkbook, CsvOfJudgmentsIsToldApartByItsFileName) {
  // Both workbooks' 评估事项 sheets have the same columns.
  std::string csv =
      "学年,县区代码,县区名称,事项编号,事项内容,结论,说明,佐证材料\r\n"
      "2024-2025,990102,城关区,G1,…,达标,,规划.pdf\r\n";
  auto pre = ImportFiles({{"学前评估事项.csv", csv}});
  ASSERT_TRUE(pre.errors.empty()) << pre.errors[0].Describe();
  ASSERT_EQ(CountyYears(pre, "preschool").size(), 1u);
  EXPECT_TRUE(CountyYears(pre).empty());
  auto com = ImportFiles({{"城关区评估事项.csv", csv}});
  ASSERT_TRUE(com.errors.empty()) << com.errors[0].Describe();
  EXPECT_EQ(CountyYears(com).size(), 1u);
  auto unknown = ImportFiles({{"items.csv", csv}});
  ASSERT_EQ(unknown.errors.size(), 1u);
  EXPECT_EQ(unknown.errors[0].id, "import.ambiguous_sheet");
  EXPECT_NE(unknown.errors[0].message.zh.find("学前评估事项"), std::string::npos);
}

}  // namespace
}  // namespace jiaodu
