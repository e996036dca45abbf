// PlanTemplateXlsx: the indicator-table template jiaodu hands out (GET
// /api/plans/template.xlsx), read back by ReadPlanTable. Its column labels
// are the ones ReadPlanTable's Classify recognises.
#include <fmt/format.h>

#include <array>
#include <cmath>

#include "jiaodu/core/number.h"
#include "jiaodu/formats/plan_table/plan_table.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu::plan_table {
namespace {

using xlsx::Format;
using xlsx::SheetWriter;
using xlsx::WorkbookWriter;

constexpr size_t kInputRows = 200;  // rows of the indicator sheet with validation

struct Col {
  const char* label;
  double width;
  const char* help;
};

// The 主要指标 sheet's columns, in order.
constexpr Col kCols[] = {
    {"分组", 12, "指标所属的类别，如“学前教育”“义务教育”；可空。"},
    {"编号", 14,
     "可空。指标的稳定编号（字母、数字、下划线），人工填报的数值按编号保存；空时用指标库编号或由名"
     "称生成。"},
    {"指标", 36,
     "必填。指标名称，与规划文本一致；单位可写在括号里，如“新增公办基础教育学位（万个）”。"},
    {"单位", 8, "如 %、万个、所；可空（取名称括号中或数值后的单位）。"},
    {"基期年", 8, "基期年份，如 2020；无基期时与基期值一起留空。"},
    {"基期值", 10, "基期数值，如 50.15（单位见“单位”列，不写 %）。"},
    {"中期目标", 18, "可空。写成“年份：数值”，多个用分号隔开，如“2023年：52；2024年：55”。"},
    {"目标年", 8, "必填。目标年份，如 2025。"},
    {"目标值", 10,
     "必填。目标数值，也可写成规划文本的样子：≥93%、95%以上、不低于98%、≤41.2%、保持高水平。"},
    {"比较方式", 9, "≥（不低于）、≤（不高于）、=、保持；空时取目标值中的写法，再空为 ≥。"},
    {"指标属性", 9, "约束性 或 预期性；空为预期性。"},
    {"数据来源", 26,
     "“人工填报”，或“指标库”工作表中的编号（由本系统按公式计算）；空时按指标名称匹配指标库。"},
    {"小数位数", 8, "可空。数值比较和显示的小数位数（0–6）；空时取所填数值的位数。"},
    {"说明", 30, "可空。口径、计算方法等。"},
};
constexpr size_t kNCols = sizeof(kCols) / sizeof(kCols[0]);

std::string Num(double v) { return fmt::format("{}", v); }

class TemplateWriter {
 public:
  TemplateWriter(const IndicatorLibrary& lib, const plans::Plan* plan) : lib_(lib), plan_(plan) {}

  Result<std::string> Write() {
    book_.emplace(JIAODU_TRY(WorkbookWriter::CreateInMemory(
        {.title = "规划主要指标导入模板", .subject = "jiaodu 规划指标跟踪"})));
    head_ = book_->AddFormat({.bold = true,
                              .fill_color = 0xDDEBF7,
                              .border = xlsx::BorderStyle::kThin,
                              .align = xlsx::HAlign::kCenter,
                              .valign = xlsx::VAlign::kCenter,
                              .wrap = true});
    note_ = book_->AddFormat({.font_color = 0x595959, .valign = xlsx::VAlign::kTop, .wrap = true});
    input_ = book_->AddFormat({.border = xlsx::BorderStyle::kThin, .wrap = true});
    example_ = book_->AddFormat({.font_color = 0x7F7F7F, .border = xlsx::BorderStyle::kThin});
    Info();
    Indicators();
    Library();
    return book_->FinishToBytes();
  }

 private:
  void Info() {
    SheetWriter& s = book_->AddSheet(kInfoSheet);
    s.SetColumnWidth(0, 0, 16);
    s.SetColumnWidth(1, 1, 44);
    s.SetColumnWidth(2, 2, 70);
    for (size_t c = 0; c < 3; ++c)
      s.WriteString(0, c, std::array{"项目", "内容", "说明"}[c], head_);
    struct Field {
      const char* key;
      std::string value;
      const char* help;
    };
    const plans::Plan* p = plan_;
    const std::vector<Field> fields = {
        {"规划编号", p ? p->id : "",
         "可空。字母、数字、下划线和连字符，如 "
         "chengguan-14th；同一编号再次导入即为新版本。空时由地区代码和规划期生成。"},
        {"规划名称", p ? p->name.zh : "", "必填，如“城关区“十四五”教育事业发展规划”。"},
        {"印发机关", p ? p->issuer : "", "如“城关区人民政府”。"},
        {"文号", p ? p->doc_number : "", "如“城政发〔2021〕18号”。"},
        {"行政区划代码", p ? p->area : "",
         "必填。规划所属市或县（区）的行政区划代码，须是本系统中的地区。"},
        {"规划期起", p ? std::to_string(p->start_year) : "",
         "起始年份，如 2021；空时取最早基期年的下一年。"},
        {"规划期止", p ? std::to_string(p->end_year) : "",
         "截止年份，如 2025；空时取最晚的目标年。"},
        {"出处", p ? p->source : "", "可空。规划文本的网址或档案号。"},
    };
    for (size_t i = 0; i < fields.size(); ++i) {
      const size_t r = i + 1;
      s.WriteString(r, 0, fields[i].key, head_);
      s.WriteString(r, 1, fields[i].value, input_);
      s.WriteString(r, 2, fields[i].help, note_);
    }
    s.WriteString(fields.size() + 2, 0,
                  "说明：上传时网页表单中填写的规划信息优先于本表。指标填在“主要指标”工作表。",
                  note_);
    s.AddNumberValidation({6, 1, 7, 1}, {.integer = true, .min = 1990, .max = 2100});
  }

  void Indicators() {
    SheetWriter& s = book_->AddSheet(kIndicatorSheet);
    s.MergeRange({0, 0, 0, kNCols - 1},
                 "每行一项指标。数值按“单位”列的单位填写（50.15 表示 "
                 "50.15%）；目标值可写“≥93%”“保持高水平”等。"
                 "各列的填写方法见表头批注。整张表一次导入：任何一格有误，整个文件不导入，并列出出"
                 "错的行和列。",
                 note_);
    s.SetRowHeight(0, 36);
    for (size_t c = 0; c < kNCols; ++c) {
      s.WriteString(1, c, kCols[c].label, head_);
      s.WriteComment(1, c, kCols[c].help);
      s.SetColumnWidth(c, c, kCols[c].width);
    }
    s.SetRowHeight(1, 22);
    s.FreezePanes(2, 3);
    const size_t last = 2 + kInputRows;
    s.AddDropdown(
        {2, 9, last, 9}, {"≥", "≤", "=", "保持"},
        {.input_title = "比较方式", .input_message = "≥ 不低于，≤ 不高于，= 等于，保持 保持水平"});
    s.AddDropdown({2, 10, last, 10}, {"约束性", "预期性"});
    std::vector<std::string> sources = {"人工填报"};
    for (const LibraryIndicator& li : lib_.indicators) sources.push_back(li.id);
    s.AddDropdown(
        {2, 11, last, 11}, sources,
        {.input_title = "数据来源", .input_message = "人工填报，或“指标库”工作表中的编号"});
    s.AddNumberValidation({2, 4, last, 4}, {.integer = true, .min = 1990, .max = 2100});
    s.AddNumberValidation({2, 7, last, 7}, {.integer = true, .min = 1990, .max = 2100});
    s.AddNumberValidation({2, 12, last, 12}, {.integer = true, .min = 0, .max = 6});
    if (plan_ == nullptr) {
      Example(s);
      return;
    }
    size_t r = 2;
    for (const plans::Indicator& ind : plan_->indicators) Row(s, r++, ind);
  }

  // One filled row showing the forms (a library indicator with a milestone).
  void Example(SheetWriter& s) {
    const std::vector<std::string> cells = {
        "学生发展",
        "",
        "中小学生体质健康优良率",
        "%",
        "2020",
        "50.15",
        "2023年：52",
        "2025",
        "58",
        "≥",
        "预期性",
        lib_.FindId("fitness_top2_rate") ? "fitness_top2_rate" : "人工填报",
        "2",
        "示例行：按本行的写法填写，导入前可删除或改写"};
    for (size_t c = 0; c < cells.size(); ++c) {
      const bool number = c == 4 || c == 5 || c == 7 || c == 8 || c == 12;
      if (number) {
        s.WriteNumber(2, c, std::stod(cells[c]), example_);
      } else {
        s.WriteString(2, c, cells[c], example_);
      }
    }
  }

  void Row(SheetWriter& s, size_t r, const plans::Indicator& ind) {
    s.WriteString(r, 0, ind.group, input_);
    s.WriteString(r, 1, ind.id, input_);
    s.WriteString(r, 2, ind.name.zh, input_);
    s.WriteString(r, 3, ind.unit, input_);
    if (ind.baseline_year && ind.baseline) {
      s.WriteNumber(r, 4, *ind.baseline_year, input_);
      s.WriteNumber(r, 5, *ind.baseline, input_);
    } else {
      s.WriteBlank(r, 4, input_);
      s.WriteBlank(r, 5, input_);
    }
    std::vector<std::string> ms;
    for (const plans::Milestone& m : ind.milestones) {
      ms.push_back(fmt::format("{}年：{}", m.year, Num(m.value)));
    }
    s.WriteString(r, 6, fmt::format("{}", fmt::join(ms, "；")), input_);
    s.WriteNumber(r, 7, ind.target_year, input_);
    s.WriteNumber(r, 8, ind.target, input_);
    s.WriteString(r, 9, plans::ComparisonSymbol(ind.comparison), input_);
    s.WriteString(r, 10, plans::AttributeName(ind.attribute), input_);
    // A formula the library does not hold cannot be carried by the table.
    std::string source = "人工填报";
    if (ind.source.kind == plans::Source::Kind::kFormula) {
      if (const LibraryIndicator* li = lib_.FindId(ind.id)) source = li->id;
    }
    s.WriteString(r, 11, source, input_);
    s.WriteNumber(r, 12, ind.decimals, input_);
    s.WriteString(r, 13, ind.note, input_);
  }

  // The library, for the 数据来源 column: what each id computes.
  void Library() {
    SheetWriter& s = book_->AddSheet("指标库");
    const char* head[] = {"编号", "指标名称", "也可写作", "单位", "计算方法"};
    const double widths[] = {26, 34, 50, 6, 70};
    for (size_t c = 0; c < 5; ++c) {
      s.WriteString(0, c, head[c], head_);
      s.SetColumnWidth(c, c, widths[c]);
    }
    size_t r = 1;
    for (const LibraryIndicator& li : lib_.indicators) {
      const plans::Source& src = li.source;
      std::string how = src.value.empty() ? fmt::format("{} × ({}) ÷ ({})", Num(src.scale),
                                                        src.numerator, src.denominator)
                                          : src.value;
      if (!src.where.empty()) how += fmt::format("，范围 {}", src.where);
      if (!src.catalog.empty()) how += fmt::format("（{}）", src.catalog);
      s.WriteString(r, 0, li.id, input_);
      s.WriteString(r, 1, li.name.zh, input_);
      s.WriteString(r, 2, fmt::format("{}", fmt::join(li.aliases, "、")), input_);
      s.WriteString(r, 3, li.unit, input_);
      s.WriteString(r, 4, how, input_);
      ++r;
    }
    s.WriteString(r + 1, 0,
                  "名称与本表一致（或为“也可写作”中的写法）的指标自动按公式计算；其余指标由责任单位"
                  "凭佐证填报。",
                  note_);
  }

  const IndicatorLibrary& lib_;
  const plans::Plan* plan_;
  std::optional<WorkbookWriter> book_;
  Format head_, note_, input_, example_;
};

}  // namespace

Result<std::string> PlanTemplateXlsx(const IndicatorLibrary& library, const plans::Plan* plan) {
  return TemplateWriter(library, plan).Write();
}

}  // namespace jiaodu::plan_table
