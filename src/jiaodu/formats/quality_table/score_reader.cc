#include "jiaodu/formats/quality_table/score_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "jiaodu/core/number.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/quality_table/score_columns.h"
#include "jiaodu/formats/xlsx/row_stream.h"

namespace jiaodu {
namespace {

using quality_table::Col;
using quality_table::HeaderKey;

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr size_t kHeaderRows = 10;  // the header is looked for in the first rows only

// Words clerks write for a student who did not sit the test.
bool IsAbsent(std::string_view t) {
  return t.empty() || t == "缺考" || t == "缺" || t == "缺席" || t == "免考" || t == "缓考" ||
         t == "-" || t == "/";
}

// A number cell's value, or a text cell's: plain ASCII digits (nearly every
// cell) straight through from_chars; anything else (full-width, thousands
// separators) through ParseNumber, which folds them.
std::optional<double> NumberOf(const xlsx::CellView& cell, std::string_view text) {
  if (cell.type == xlsx::Cell::Type::kNumber) return cell.number;
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
  if (plain) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size()) return v;
    return std::nullopt;
  }
  auto v = ParseNumber(text);
  if (!v) return std::nullopt;
  return *v;
}

// The last key looked up and its index: files list a school's rows, a
// class's rows and (in the long layout) a student's subjects together, so
// most rows skip the hash lookup (a third of the read time without it).
class LastKey {
 public:
  template <typename Intern>
  uint32_t Get(std::string_view a, std::string_view b, Intern intern) {
    if (valid_ && a == a_ && b == b_) return index_;
    index_ = intern();
    a_.assign(a);
    b_.assign(b);
    valid_ = true;
    return index_;
  }

 private:
  bool valid_ = false;
  std::string a_, b_;
  uint32_t index_ = 0;
};

class Reader {
 public:
  Reader(const ScoreReadOptions& options, ScoreRead& out) : opt_(options), out_(out) {
    for (const std::string& s : options.known_schools) known_.insert(s);
    if (options.cuts != nullptr) {
      for (const quality::SubjectCuts& s : options.cuts->subjects()) AddWideSubject(s.subject);
    }
    for (const std::string& s : options.subjects) AddWideSubject(s);
  }

  void ReadFile(const ScoreFile& file) {
    file_ = file.name;
    sheet_.clear();
    header_row_ = -1;
    score_header_missing_row_ = -1;
    const bool csv = file.name.ends_with(".csv") || file.name.ends_with(".CSV") ||
                     file.name.ends_with(".txt") || file.name.ends_with(".TXT");
    auto on_row = [&](size_t row0, std::span<const xlsx::CellView> cells) -> Status {
      Row(row0, cells);
      return Ok();
    };
    const Status st = csv ? xlsx::StreamCsvRows(file.bytes, file.name, on_row)
                          : xlsx::StreamXlsxRows(file.bytes, file.name, "", on_row,
                                                 xlsx::StreamLimits(), &sheet_);
    if (!st) {
      Error e = st.error();
      if (e.where.file.empty()) e.where.file = file.name;
      Add(std::move(e));
      return;
    }
    if (header_row_ >= 0) return;
    if (score_header_missing_row_ >= 0) {
      AddAt(
          static_cast<size_t>(score_header_missing_row_) + 1, "", "quality_import.no_score_column",
          fmt::format("表头中没有成绩列：长表应有“科目”和“成绩”两列，宽表应以科目名称为列名（{}）",
                      WideSubjectList()),
          fmt::format("the header has no score column: a long table needs 科目 and 成绩, a wide "
                      "one a column per subject ({})",
                      WideSubjectList()));
      return;
    }
    AddAt(0, "", "quality_import.no_header",
          "找不到表头行（前 10 行中应有“学校标识码”或“学校名称”、“学籍号”或“考号”，以及成绩列）",
          "no header row (the first 10 rows should have 学校标识码 or 学校名称, 学籍号 or 考号, "
          "and score columns)");
  }

  void Finish() {
    if (out_.error_count == 0 && out_.scores.rows().empty()) {
      Error e{ErrorCode::kInvalidInput,
              "quality_import.empty",
              Text(out_.absent > 0 ? "文件中所有成绩都是缺考或空白，没有可导入的成绩"
                                   : "文件只有表头，没有学生成绩",
                   out_.absent > 0 ? "every score is absent or blank: nothing to import"
                                   : "the files hold a header but no scores"),
              {},
              {}};
      e.where.file = file_;
      Add(std::move(e));
    }
  }

 private:
  void AddWideSubject(const std::string& name) {
    const std::string key = HeaderKey(name);
    for (const auto& [k, n] : wide_subjects_) {
      if (k == key) return;
    }
    wide_subjects_.emplace_back(key, name);
  }
  std::string WideSubjectList() const {
    std::string s;
    for (const auto& [k, n] : wide_subjects_) s += (s.empty() ? "" : "、") + n;
    return s.empty() ? "未指定科目" : "可用科目：" + s;
  }

  void Add(Error e) {
    ++out_.error_count;
    if (out_.errors.size() < opt_.max_errors) out_.errors.push_back(std::move(e));
  }
  void AddAt(size_t row1, std::string column, std::string id, std::string zh, std::string en,
             std::string_view value = {}) {
    Error e{ErrorCode::kInvalidInput, std::move(id), Text(std::move(zh), std::move(en)), {}, {}};
    e.where.file = file_;
    e.where.sheet = sheet_;
    e.where.row = static_cast<int>(row1);
    e.where.column = std::move(column);
    e.where.value = Ellipsize(value, 64);
    Add(std::move(e));
  }
  std::string ColumnLabel(int col0) const {
    if (col0 < 0) return {};
    const auto c = static_cast<size_t>(col0);
    return fmt::format("{} ({})", xlsx::ColumnLetters(c), c < headers_.size() ? headers_[c] : "");
  }
  int C(Col c) const { return cols_[static_cast<size_t>(c)]; }
  static std::string_view CellText(std::span<const xlsx::CellView> cells, int col) {
    if (col < 0 || static_cast<size_t>(col) >= cells.size()) return {};
    return Trim(cells[static_cast<size_t>(col)].text);
  }

  // A header row: school, student and score columns found. Duplicated known
  // columns are errors of the header row.
  bool TryHeader(size_t row0, std::span<const xlsx::CellView> cells) {
    std::array<int, static_cast<size_t>(Col::kCount)> cols;
    cols.fill(-1);
    std::vector<std::pair<int, uint16_t>> subject_cols;
    std::vector<std::string> headers, ignored;
    std::vector<std::pair<size_t, std::string>> duplicates;
    std::vector<std::string> wide_names;
    for (size_t c = 0; c < cells.size(); ++c) {
      headers.emplace_back(Trim(cells[c].text));
      if (cells[c].empty()) continue;
      const std::string key = HeaderKey(cells[c].text);
      bool known = false;
      for (const auto& cn : quality_table::KnownColumns()) {
        if (std::find(cn.names.begin(), cn.names.end(), key) == cn.names.end()) continue;
        int& slot = cols[static_cast<size_t>(cn.col)];
        if (slot >= 0) duplicates.emplace_back(c, headers.back());
        if (slot < 0) slot = static_cast<int>(c);
        known = true;
        break;
      }
      if (known) continue;
      auto wide = std::find_if(wide_subjects_.begin(), wide_subjects_.end(),
                               [&](const auto& w) { return w.first == key; });
      if (wide != wide_subjects_.end()) {
        if (std::find(wide_names.begin(), wide_names.end(), wide->second) != wide_names.end()) {
          duplicates.emplace_back(c, headers.back());
          continue;
        }
        wide_names.push_back(wide->second);
        subject_cols.emplace_back(static_cast<int>(c), out_.scores.Subject(wide->second));
        continue;
      }
      ignored.push_back(headers.back());
    }
    const bool school = cols[static_cast<size_t>(Col::kSchoolCode)] >= 0 ||
                        cols[static_cast<size_t>(Col::kSchoolName)] >= 0;
    const bool student = cols[static_cast<size_t>(Col::kStudentId)] >= 0;
    if (!school || !student) return false;
    const bool long_layout = cols[static_cast<size_t>(Col::kSubject)] >= 0 &&
                             cols[static_cast<size_t>(Col::kScore)] >= 0;
    if (!long_layout && subject_cols.empty()) {
      if (score_header_missing_row_ < 0) score_header_missing_row_ = static_cast<int>(row0);
      return false;
    }
    cols_ = cols;
    headers_ = std::move(headers);
    long_ = long_layout;
    subject_cols_.clear();
    if (long_layout) {
      for (const auto& [c, s] : subject_cols) ignored.push_back(headers_[static_cast<size_t>(c)]);
    } else {
      subject_cols_ = std::move(subject_cols);
    }
    for (std::string& h : ignored) {
      if (std::find(out_.ignored_columns.begin(), out_.ignored_columns.end(), h) ==
          out_.ignored_columns.end()) {
        out_.ignored_columns.push_back(std::move(h));
      }
    }
    for (const auto& [c, h] : duplicates) {
      AddAt(row0 + 1, ColumnLabel(static_cast<int>(c)), "quality_import.duplicate_column",
            fmt::format("“{}”列出现了两次", h), fmt::format("column \"{}\" appears twice", h), h);
    }
    return true;
  }

  // The cuts of a subject in a grade, looked up once per pair.
  const quality::SubjectCuts* CutsFor(uint16_t subject, uint16_t grade) {
    const uint32_t key = static_cast<uint32_t>(subject) << 16 | grade;
    auto [it, added] = cuts_cache_.try_emplace(key, nullptr);
    if (added) {
      it->second = opt_.cuts->Find(out_.scores.subjects()[subject], out_.scores.grades()[grade]);
    }
    return it->second;
  }

  // Whether (student, subject) was already seen; remembers it.
  bool SeenBefore(uint32_t student, uint16_t subject) {
    if (subject < 64) {
      if (student >= subject_masks_.size()) subject_masks_.resize(student + 1, 0);
      const uint64_t bit = uint64_t{1} << subject;
      const bool seen = (subject_masks_[student] & bit) != 0;
      subject_masks_[student] |= bit;
      return seen;
    }
    return !more_subjects_.insert(static_cast<uint64_t>(student) << 16 | subject).second;
  }

  void Row(size_t row0, std::span<const xlsx::CellView> cells) {
    if (header_row_ < 0) {
      if (row0 < kHeaderRows && TryHeader(row0, cells)) header_row_ = static_cast<int>(row0);
      return;
    }
    const size_t row1 = row0 + 1;
    ++out_.rows;
    const size_t errors_before = out_.error_count;
    auto bad = [&](Col col, std::string id, std::string zh, std::string en) {
      AddAt(row1, ColumnLabel(C(col)), std::move(id), std::move(zh), std::move(en),
            CellText(cells, C(col)));
    };
    quality::ScoreRow r;
    r.source_row = static_cast<uint32_t>(row1);
    // School.
    const std::string_view code = CellText(cells, C(Col::kSchoolCode));
    const std::string_view name = CellText(cells, C(Col::kSchoolName));
    if (code.empty() && name.empty()) {
      bad(C(Col::kSchoolCode) >= 0 ? Col::kSchoolCode : Col::kSchoolName,
          "quality_import.no_school", "学校标识码和学校名称都为空",
          "neither 学校标识码 nor 学校名称 is given");
    } else if (!known_.empty() && !known_.contains(std::string(code)) &&
               !known_.contains(std::string(name))) {
      const std::string_view shown = code.empty() ? name : code;
      bad(code.empty() ? Col::kSchoolName : Col::kSchoolCode, "quality_import.unknown_school",
          fmt::format("学校“{}”不在本系统的学校名单中", shown),
          fmt::format("school \"{}\" is not a known school", shown));
    } else {
      r.school = school_cache_.Get(code, name, [&] { return out_.scores.School(code, name); });
    }
    // Student.
    const std::string_view sid = CellText(cells, C(Col::kStudentId));
    bool have_student = false;
    if (sid.empty()) {
      bad(Col::kStudentId, "quality_import.student_id_missing", "学籍号（考号）为空",
          "学籍号 / 考号 is empty");
    } else if (sid.size() > 64) {
      bad(Col::kStudentId, "quality_import.student_id_invalid",
          "学籍号（考号）过长（超过 64 个字符）", "学籍号 / 考号 is longer than 64 characters");
    } else {
      r.student = student_cache_.Get(sid, {}, [&] { return out_.scores.Student(sid); });
      have_student = true;
    }
    // Sex.
    const std::string_view sex = CellText(cells, C(Col::kSex));
    if (sex == "男" || sex == "1" || sex == "M" || sex == "m") {
      r.sex = quality::Sex::kMale;
    } else if (sex == "女" || sex == "2" || sex == "F" || sex == "f") {
      r.sex = quality::Sex::kFemale;
    } else if (!sex.empty()) {
      bad(Col::kSex, "quality_import.sex_invalid",
          fmt::format("性别“{}”无效（应为 男、女，或 1、2，或留空）", sex),
          fmt::format("sex \"{}\" is not valid (男/女, 1/2 or blank)", sex));
    }
    // Grade.
    std::string_view grade = CellText(cells, C(Col::kGrade));
    if (grade.empty()) grade = opt_.grade;
    r.grade = out_.scores.Grade(grade);
    // Intake.
    r.background = Optional(cells, Col::kBackground, "家庭背景指数", row1);
    r.prior = Optional(cells, Col::kPrior, "前测成绩", row1);
    // Conflicts of identity: a student in two schools.
    if (have_student && out_.error_count == errors_before) {
      if (r.student >= school_of_student_.size()) school_of_student_.resize(r.student + 1, kNone);
      uint32_t& school = school_of_student_[r.student];
      if (school == kNone) school = r.school;
      if (school != r.school) {
        bad(Col::kStudentId, "quality_import.student_conflict",
            fmt::format("学籍号“{}”已在学校“{}”出现，这里又属于学校“{}”", sid,
                        out_.scores.schools()[school].key(), out_.scores.schools()[r.school].key()),
            fmt::format("学籍号 \"{}\" already belongs to school \"{}\", here to \"{}\"", sid,
                        out_.scores.schools()[school].key(),
                        out_.scores.schools()[r.school].key()));
      }
    }
    const bool row_ok = out_.error_count == errors_before;
    if (row_ok) {
      const std::string_view klass = CellText(cells, C(Col::kClass));
      const std::string school_key = std::to_string(r.school);
      r.klass =
          class_cache_.Get(school_key, klass, [&] { return out_.scores.Class(r.school, klass); });
    }
    // Scores.
    if (long_) {
      const std::string_view subject = CellText(cells, C(Col::kSubject));
      if (subject.empty()) {
        bad(Col::kSubject, "quality_import.subject_missing", "科目为空", "科目 is empty");
        return;
      }
      Score(cells, C(Col::kScore), out_.scores.Subject(subject), r, row_ok, have_student, row1);
    } else {
      for (const auto& [col, subject] : subject_cols_) {
        Score(cells, col, subject, r, row_ok, have_student, row1);
      }
    }
  }

  double Optional(std::span<const xlsx::CellView> cells, Col col, std::string_view label,
                  size_t row1) {
    const int c = C(col);
    const std::string_view t = CellText(cells, c);
    if (t.empty()) return quality::kNoValue;
    const std::optional<double> v = NumberOf(cells[static_cast<size_t>(c)], t);
    if (!v) {
      AddAt(row1, ColumnLabel(c), "quality_import.value_invalid",
            fmt::format("{}“{}”不是数字", label, t),
            fmt::format("{} \"{}\" is not a number", label, t), t);
      return quality::kNoValue;
    }
    return *v;
  }

  void Score(std::span<const xlsx::CellView> cells, int col, uint16_t subject, quality::ScoreRow r,
             bool row_ok, bool have_student, size_t row1) {
    const std::string_view t = CellText(cells, col);
    const std::string& subject_name = out_.scores.subjects()[subject];
    const size_t errors_before = out_.error_count;
    auto bad = [&](std::string id, std::string zh, std::string en) {
      AddAt(row1, ColumnLabel(col), std::move(id), std::move(zh), std::move(en), t);
    };
    const quality::SubjectCuts* cuts = nullptr;
    if (opt_.cuts != nullptr) {
      cuts = CutsFor(subject, r.grade);
      if (cuts == nullptr) {
        const std::string& grade = out_.scores.grades()[r.grade];
        bad("quality_import.subject_unknown",
            fmt::format("科目“{}”{}不在本次抽测的分数线中（{}）", subject_name,
                        grade.empty() ? "" : fmt::format("（{}）", grade), WideSubjectList()),
            fmt::format("subject \"{}\"{} is not in this test's cut scores", subject_name,
                        grade.empty() ? "" : " (" + grade + ")"));
        return;
      }
    }
    if (IsAbsent(t)) {
      ++out_.absent;
      return;
    }
    const std::optional<double> v = NumberOf(cells[static_cast<size_t>(col)], t);
    if (!v) {
      bad("quality_import.score_invalid",
          fmt::format("{}成绩“{}”不是数字（缺考请填“缺考”或留空）", subject_name, t),
          fmt::format("{} score \"{}\" is not a number (write 缺考 or leave blank for an absentee)",
                      subject_name, t));
      return;
    }
    if (*v < 0 || (cuts != nullptr && Greater(*v, cuts->full_marks))) {
      const std::string range =
          cuts != nullptr ? fmt::format("0–{}（满分）", cuts->full_marks) : std::string("≥ 0");
      bad("quality_import.score_out_of_range",
          fmt::format("{}成绩 {} 超出 {}", subject_name, t, range),
          fmt::format("{} score {} is outside {}", subject_name, t, range));
      return;
    }
    if (have_student && SeenBefore(r.student, subject)) {
      bad("quality_import.duplicate_score",
          fmt::format("学籍号“{}”的{}成绩出现了两次", out_.scores.student_id(r.student),
                      subject_name),
          fmt::format("学籍号 \"{}\" has two {} scores", out_.scores.student_id(r.student),
                      subject_name));
      return;
    }
    if (!row_ok || out_.error_count != errors_before) return;  // the import fails anyway
    r.subject = subject;
    r.score = *v;
    out_.scores.Add(r);
  }

  const ScoreReadOptions& opt_;
  ScoreRead& out_;
  std::unordered_set<std::string> known_;
  std::vector<std::pair<std::string, std::string>> wide_subjects_;  // header key, subject name
  std::string file_;
  std::string sheet_;
  int header_row_ = -1;
  int score_header_missing_row_ = -1;  // a row with school and student but no score column
  bool long_ = true;
  std::array<int, static_cast<size_t>(Col::kCount)> cols_{};
  std::vector<std::pair<int, uint16_t>> subject_cols_;  // wide layout: column, subject
  std::vector<std::string> headers_;
  std::unordered_map<uint32_t, const quality::SubjectCuts*> cuts_cache_;
  std::vector<uint64_t> subject_masks_;  // per student: subjects seen (index < 64)
  std::unordered_set<uint64_t> more_subjects_;
  std::vector<uint32_t> school_of_student_;
  LastKey school_cache_, student_cache_, class_cache_;
};

}  // namespace

ScoreRead ReadScoreFiles(std::span<const ScoreFile> files, const ScoreReadOptions& options,
                         const std::function<void(double)>& progress) {
  ScoreRead out;
  size_t bytes = 0;
  for (const ScoreFile& f : files) bytes += f.bytes.size();
  // A CSV row of a score file is ~60 bytes: reserve once instead of doubling.
  out.scores.Reserve(bytes / 64);
  Reader reader(options, out);
  for (size_t i = 0; i < files.size(); ++i) {
    reader.ReadFile(files[i]);
    if (progress) progress(static_cast<double>(i + 1) / static_cast<double>(files.size()));
  }
  reader.Finish();
  return out;
}

}  // namespace jiaodu
