// The template and the importer: the template reads back as an empty import,
// a filled workbook lands exactly, and every error class a clerk can make is
// reported with its file, sheet, row, column and a Chinese reason, with
// nothing returned for writing.
#include "jiaodu/formats/school_workbook/school_workbook.h"

#include <gtest/gtest.h>
#include <iconv.h>

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

class SchoolWorkbook : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
    ASSERT_TRUE(lib);
    standard_ = lib->Find("cn-yzjh-2017");
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
    return ParseImport(files, *standard_, ctx_);
  }
  ParsedImport ImportGrids() {
    return Import(Book({{"学校基本信息", schools_}, {"分学段数据", sections_}}));
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
    EXPECT_TRUE(p.school_years.empty());  // nothing is returned for writing
    EXPECT_TRUE(p.county_years.empty());
  }

  std::shared_ptr<const Standard> standard_;
  ImportContext ctx_;
  std::vector<std::string> school_header_, section_header_;
  Grid schools_, sections_;
};

TEST_F(SchoolWorkbook, TemplateHasTheSheetsHeadersAndReadsBackEmpty) {
  TemplateOptions opt;
  opt.year = AcademicYear(2024);
  opt.areas = ctx_.areas;
  auto bytes = WriteTemplate(*standard_, opt);
  ASSERT_TRUE(bytes) << bytes.error().Describe();
  auto book = xlsx::ReadXlsx(*bytes, "模板.xlsx");
  ASSERT_TRUE(book);
  std::vector<std::string> names;
  for (const auto& s : book->sheets) {
    if (!s.hidden) names.push_back(s.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"填报说明", "学校基本信息", "分学段数据",
                                             "共用资源分摊（可选）", "县级数据", "评估事项",
                                             "一票否决", "行政区划"}));
  const xlsx::Sheet* sec = book->Find("分学段数据");
  ASSERT_NE(sec, nullptr);
  bool has_students = false;
  for (const auto& c : sec->rows[0]) has_students = has_students || c.text == "*在校生数（人）";
  EXPECT_TRUE(has_students);
  // Reading the untouched template gives no data and no errors (examples are
  // skipped, prefilled judgment rows without a conclusion are ignored).
  auto p = Import(*bytes);
  EXPECT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  EXPECT_TRUE(p.school_years.empty());
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
  ASSERT_EQ(p.school_years.size(), 2u);
  const auto& nine = p.school_years[1];
  EXPECT_EQ(nine.school.type, SchoolType::kNineYear);
  ASSERT_EQ(nine.sections.size(), 2u);
  const FieldCatalog& c = *standard_->catalog;
  EXPECT_EQ(*nine.values.Get(*c.IndexOf("equipment_value")), 3005000.0);  // 300.5 万元, exactly
  EXPECT_EQ(*nine.sections[1].values.Get(*c.IndexOf("students")), 400);
  EXPECT_EQ(p.school_years[0].school.town, "城南街道");
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
  auto p = ParseImport(files, *standard_, ctx_);
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
  auto p = ParseImport(files, *standard_, ctx_);
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].Describe();
  ASSERT_EQ(p.school_years.size(), 2u);
  EXPECT_EQ(p.school_years[1].school.name, "城关实验学校");
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
  EXPECT_TRUE(p.school_years.empty());
}

TEST_F(SchoolWorkbook, MissingSheetIsNamed) {
  auto p = Import(Book({{"分学段数据", sections_}}));
  ASSERT_FALSE(p.errors.empty());
  EXPECT_EQ(p.errors[0].id, "import.missing_sheet");
  EXPECT_TRUE(p.school_years.empty());
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
  auto senior = sections_[1];
  senior[3] = "高中";
  sections_.push_back(senior);
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
  EXPECT_TRUE(p.school_years.empty());
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
  ASSERT_EQ(p.county_years.size(), 1u);
  const auto& c = p.county_years[0];
  EXPECT_DOUBLE_EQ(*c.values.Get(*standard_->catalog->IndexOf("social_recognition_rate")), 0.915);
  EXPECT_EQ(c.judgments.at("G1").evidence, "布局规划.pdf");
  EXPECT_FALSE(c.judgments.count("G2"));  // no conclusion: left as it is
  items.push_back(
      {"2024-2025", "990102", "城关区", "G3", "", "达标", "", ""});  // G3 is computed, not judged
  auto bad = Import(Book({{"评估事项", items}}));
  ASSERT_FALSE(bad.errors.empty());
  EXPECT_EQ(bad.errors[0].id, "import.unknown_item");
}

}  // namespace
}  // namespace jiaodu
