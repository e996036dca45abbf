#include <fmt/format.h>

#include <initializer_list>

#include "jiaodu/formats/quality_table/bulletin.h"
#include "jiaodu/formats/xlsx/xlsx_writer.h"

namespace jiaodu {
namespace {

using xlsx::BorderStyle;
using xlsx::Format;
using xlsx::HAlign;
using xlsx::SheetWriter;
using xlsx::VAlign;
using xlsx::WorkbookWriter;

// The workbook's shared formats.
struct Formats {
  Format title, header, text, number, percent, integer;
};

Formats MakeFormats(WorkbookWriter& book) {
  Formats f;
  f.title = book.AddFormat({.bold = true, .font_size = 14});
  f.header = book.AddFormat({.bold = true,
                             .fill_color = 0xDDEBF7,
                             .border = BorderStyle::kThin,
                             .align = HAlign::kCenter,
                             .valign = VAlign::kCenter,
                             .wrap = true});
  f.text = book.AddFormat({.border = BorderStyle::kThin});
  f.number = book.AddFormat({.border = BorderStyle::kThin, .num_format = "0.00"});
  f.percent = book.AddFormat({.border = BorderStyle::kThin, .num_format = "0.0%"});
  f.integer = book.AddFormat({.border = BorderStyle::kThin, .num_format = "0"});
  return f;
}

void Header(SheetWriter& sheet, size_t row, const std::vector<std::string>& labels,
            const Formats& f) {
  for (size_t c = 0; c < labels.size(); ++c) sheet.WriteString(row, c, labels[c], f.header);
}

// A number, or a blank bordered cell when there is none.
void Maybe(SheetWriter& sheet, size_t row, size_t col, const std::optional<double>& v,
           Format format, Format blank) {
  if (v) {
    sheet.WriteNumber(row, col, *v, format);
  } else {
    sheet.WriteBlank(row, col, blank);
  }
}

// Consecutive two-decimal figures from column `col` on.
void Numbers(SheetWriter& sheet, size_t row, size_t col, std::initializer_list<double> values,
             Format format) {
  for (double v : values) sheet.WriteNumber(row, col++, v, format);
}

size_t Count(const std::optional<double>& rate, size_t n) {
  return rate ? static_cast<size_t>(*rate * static_cast<double>(n) + 0.5) : 0;
}

std::string SubjectLabel(const BulletinSubject& s) {
  return s.grade.empty() ? s.subject : fmt::format("{}（{}）", s.subject, s.grade);
}

void Overview(WorkbookWriter& book, const QualityBulletin& b, const Formats& f) {
  SheetWriter& sheet = book.AddSheet("总体情况");
  sheet.WriteString(0, 0, fmt::format("{} {} 教学质量抽测通报", b.place_name, b.test_name),
                    f.title);
  sheet.WriteString(1, 0,
                    fmt::format("{}；{} 所学校，{} 名学生。校际差异率为本地估计值（组内相关系数"
                                "ICC），不同于国家义务教育质量监测报告的校际差异率。",
                                b.semester, b.schools, b.students));
  Header(sheet, 3,
         {"科目", "参考人数", "平均分", "标准差", "P10", "P25", "中位数", "P75", "P90", "合格人数",
          "合格率", "优秀人数", "优秀率", "校际差异率（本地估计，ICC）", "学校均值差异系数",
          "校间方差", "校内方差"},
         f);
  size_t row = 4;
  for (const BulletinSubject& s : b.subjects) {
    const quality::Distribution& d = s.overall;
    sheet.WriteString(row, 0, SubjectLabel(s), f.text);
    sheet.WriteNumber(row, 1, static_cast<double>(d.n), f.integer);
    Numbers(sheet, row, 2, {d.mean, d.sd}, f.number);
    for (size_t k = 0; k < 5; ++k) {
      Maybe(sheet, row, 4 + k,
            k < d.percentiles.size() ? std::optional<double>(d.percentiles[k].value) : std::nullopt,
            f.number, f.text);
    }
    sheet.WriteNumber(row, 9, static_cast<double>(Count(d.pass_rate, d.n)), f.integer);
    Maybe(sheet, row, 10, d.pass_rate, f.percent, f.text);
    sheet.WriteNumber(row, 11, static_cast<double>(Count(d.excellent_rate, d.n)), f.integer);
    Maybe(sheet, row, 12, d.excellent_rate, f.percent, f.text);
    if (s.between.anova.icc) {
      sheet.WriteNumber(row, 13, *s.between.anova.icc, f.number);
    } else {
      sheet.WriteString(row, 13, s.between.anova.note.zh, f.text);
    }
    Maybe(sheet, row, 14, s.between.cv_of_means, f.number, f.text);
    Numbers(sheet, row, 15, {s.between.anova.sigma2_between, s.between.anova.sigma2_within},
            f.number);
    ++row;
  }
  row += 1;
  sheet.WriteString(row++, 0, "城乡差距（相对于" + std::string("城区") + "）", f.title);
  Header(sheet, row++,
         {"科目", "类别", "学校数", "学生数", "平均分", "标准差", "差距", "差距（标准差单位）"}, f);
  for (const BulletinSubject& s : b.subjects) {
    for (const quality::GroupGap& g : s.between.gaps) {
      sheet.WriteString(row, 0, SubjectLabel(s), f.text);
      sheet.WriteString(row, 1, g.label, f.text);
      sheet.WriteNumber(row, 2, static_cast<double>(g.schools), f.integer);
      sheet.WriteNumber(row, 3, g.students, f.integer);
      Numbers(sheet, row, 4, {g.mean, g.sd, g.gap}, f.number);
      Maybe(sheet, row, 7, g.gap_in_sd, f.number, f.text);
      ++row;
    }
  }
  sheet.SetColumnWidth(0, 0, 18);
  sheet.SetColumnWidth(1, 16, 11);
  sheet.SetColumnWidth(13, 13, 22);
  sheet.FreezePanes(4, 1);
}

void SchoolMeans(WorkbookWriter& book, const QualityBulletin& b, const Formats& f) {
  SheetWriter& sheet = book.AddSheet("学校均值");
  Header(sheet, 0,
         {"科目", "学校标识码", "学校名称", "城乡", "参考人数", "平均分", "标准差",
          "95%置信区间下限", "95%置信区间上限", "合格人数", "合格率", "优秀人数", "优秀率"},
         f);
  size_t row = 1;
  for (const BulletinSubject& s : b.subjects) {
    for (const BulletinSchool& sc : s.schools) {
      const quality::SchoolSummary& m = sc.summary;
      sheet.WriteString(row, 0, SubjectLabel(s), f.text);
      sheet.WriteString(row, 1, sc.code, f.text);
      sheet.WriteString(row, 2, sc.name, f.text);
      sheet.WriteString(row, 3, sc.locale, f.text);
      sheet.WriteNumber(row, 4, static_cast<double>(m.n), f.integer);
      Numbers(sheet, row, 5, {m.mean, m.sd}, f.number);
      Maybe(sheet, row, 7, m.ci_low, f.number, f.text);
      Maybe(sheet, row, 8, m.ci_high, f.number, f.text);
      sheet.WriteNumber(row, 9, static_cast<double>(Count(m.pass_rate, m.n)), f.integer);
      Maybe(sheet, row, 10, m.pass_rate, f.percent, f.text);
      sheet.WriteNumber(row, 11, static_cast<double>(Count(m.excellent_rate, m.n)), f.integer);
      Maybe(sheet, row, 12, m.excellent_rate, f.percent, f.text);
      ++row;
    }
  }
  sheet.SetColumnWidth(0, 1, 14);
  sheet.SetColumnWidth(2, 2, 28);
  sheet.SetColumnWidth(3, 12, 11);
  sheet.FreezePanes(1, 3);
  if (row > 1) sheet.AutoFilter({0, 0, row - 1, 12});
}

std::string_view StandingLabel(quality::Standing s) {
  switch (s) {
    case quality::Standing::kAbove:
      return "高于全域";
    case quality::Standing::kBelow:
      return "低于全域";
    default:
      return "与全域无显著差异";
  }
}

void ValueAddedSheet(WorkbookWriter& book, const QualityBulletin& b, const Formats& f) {
  SheetWriter& sheet = book.AddSheet("增值评价");
  sheet.WriteString(0, 0,
                    "增值 = 考虑前测成绩、家庭背景后学校的效应，经经验贝叶斯收缩；区间完全在 0 "
                    "之上（之下）才判为高于（低于）全域。");
  Header(sheet, 1,
         {"科目", "学校标识码", "学校名称", "参与模型人数", "原始均分", "原始效应", "收缩系数",
          "增值（收缩后）", "区间下限", "区间上限", "调整后均分", "判断"},
         f);
  size_t row = 2;
  for (const BulletinSubject& s : b.subjects) {
    if (!s.value_added) {
      sheet.WriteString(row, 0, SubjectLabel(s), f.text);
      sheet.WriteString(
          row, 2, s.value_added_error ? s.value_added_error->message.zh : std::string("未计算增值"),
          f.text);
      ++row;
      continue;
    }
    for (const BulletinSchool& sc : s.schools) {
      if (!sc.effect) continue;
      const quality::SchoolEffect& e = *sc.effect;
      sheet.WriteString(row, 0, SubjectLabel(s), f.text);
      sheet.WriteString(row, 1, sc.code, f.text);
      sheet.WriteString(row, 2, sc.name, f.text);
      sheet.WriteNumber(row, 3, static_cast<double>(e.n), f.integer);
      Numbers(sheet, row, 4,
              {e.raw_mean, e.raw_effect, e.shrinkage, e.effect, e.low, e.high, e.adjusted_mean},
              f.number);
      sheet.WriteString(row, 11, StandingLabel(e.standing), f.text);
      ++row;
    }
  }
  sheet.SetColumnWidth(0, 1, 14);
  sheet.SetColumnWidth(2, 2, 28);
  sheet.SetColumnWidth(3, 11, 12);
  sheet.FreezePanes(2, 3);
}

void Levels(WorkbookWriter& book, const QualityBulletin& b, const Formats& f) {
  SheetWriter& sheet = book.AddSheet("等级分布");
  size_t row = 0;
  for (const BulletinSubject& s : b.subjects) {
    if (!s.cuts) continue;
    sheet.WriteString(row++, 0, SubjectLabel(s), f.title);
    std::vector<std::string> labels = {"学校标识码", "学校名称", "参考人数"};
    for (const quality::CutLevel& l : s.cuts->levels) {
      labels.push_back(l.min ? fmt::format("{}（≥{}）人数", l.name, *l.min)
                             : fmt::format("{} 人数", l.name));
      labels.push_back(l.name + " 占比");
    }
    Header(sheet, row++, labels, f);
    auto write = [&](std::string_view code, std::string_view name, size_t n,
                     const std::vector<size_t>& counts) {
      sheet.WriteString(row, 0, code, f.text);
      sheet.WriteString(row, 1, name, f.text);
      sheet.WriteNumber(row, 2, static_cast<double>(n), f.integer);
      for (size_t k = 0; k < counts.size(); ++k) {
        sheet.WriteNumber(row, 3 + 2 * k, static_cast<double>(counts[k]), f.integer);
        sheet.WriteNumber(row, 4 + 2 * k,
                          n == 0 ? 0.0 : static_cast<double>(counts[k]) / static_cast<double>(n),
                          f.percent);
      }
      ++row;
    };
    std::vector<size_t> total;
    for (const quality::LevelCount& l : s.overall.levels) total.push_back(l.count);
    write(b.place_code, b.place_name + "（合计）", s.overall.n, total);
    for (const BulletinSchool& sc : s.schools) {
      write(sc.code, sc.name, sc.summary.n, sc.summary.level_counts);
    }
    ++row;
  }
  if (row == 0) sheet.WriteString(0, 0, "本次抽测未设分数线，没有等级分布。");
  sheet.SetColumnWidth(0, 0, 14);
  sheet.SetColumnWidth(1, 1, 28);
  sheet.SetColumnWidth(2, 20, 11);
}

}  // namespace

Result<std::string> BulletinXlsx(const QualityBulletin& bulletin) {
  auto book = JIAODU_TRY(xlsx::WorkbookWriter::CreateInMemory());
  const Formats f = MakeFormats(book);
  Overview(book, bulletin, f);
  SchoolMeans(book, bulletin, f);
  ValueAddedSheet(book, bulletin, f);
  Levels(book, bulletin, f);
  return book.FinishToBytes();
}

}  // namespace jiaodu
