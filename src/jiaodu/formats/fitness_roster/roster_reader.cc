#include "jiaodu/formats/fitness_roster/roster_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <optional>
#include <set>
#include <unordered_set>

#include "jiaodu/core/civil_date.h"
#include "jiaodu/core/text.h"
#include "jiaodu/formats/fitness_roster/roster_columns.h"
#include "jiaodu/formats/xlsx/row_stream.h"

namespace jiaodu {
namespace {

using fitness::kMissing;

using roster::Col;

// Extra spellings of item names seen in school files.
const std::pair<std::string_view, std::string_view> kItemAliases[] = {
    {"1分钟跳绳", "rope_skipping"},
    {"跳绳", "rope_skipping"},
    {"1分钟仰卧起坐", "sit_ups"},
    {"仰卧起坐", "sit_ups"},
    {"50米x8往返跑", "shuttle_50x8"},
    {"50米*8往返跑", "shuttle_50x8"},
    {"50x8往返跑", "shuttle_50x8"},
    {"50米×8往返", "shuttle_50x8"},
    {"1000米", "run_1000"},
    {"800米", "run_800"},
    {"50米", "run_50m"},
    {"体前屈", "sit_and_reach"},
};

// A header cell's key: full-width folded, blanks and bracketed units
// removed, ×/x/* unified: "身高（cm）" → "身高", "50米×8往返跑(分.秒)" →
// "50米×8往返跑".
std::string Key(std::string_view header) {
  std::string s = NormalizeWidth(header);
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(' || c == '[') {
      ++depth;
      continue;
    }
    if (c == ')' || c == ']') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c);
  }
  std::string key;
  for (char c : out) {
    if (c == 'X' || c == 'x' || c == '*') {
      key += "×";
    } else {
      key.push_back(c);
    }
  }
  return key;
}

// The 学籍号 seen so far in an import, for the duplicate check. An
// unordered_set of a million std::strings cost ~100 MB and a quarter of the
// read time; this open-addressing table keeps 8 bytes a slot: 32 bits of the
// id's hash and a reference to where the id's text already is (the roster's
// string pool for a student that was added, `side_` for a row that had other
// errors). Texts are compared whenever the hash bits match, so the answer
// is exact, never a guess from the hash.
class IdSet {
 public:
  IdSet() : slots_(1024, 0) {}

  static uint32_t HashOf(std::string_view id) {
    // The upper half of the 64-bit hash: it picks the slot and is kept in it,
    // so growing the table needs no text.
    return static_cast<uint32_t>(std::hash<std::string_view>{}(id) >> 32);
  }
  // Whether `id` (with hash `h`) is in the set; `roster` resolves references
  // to students.
  bool Contains(std::string_view id, uint32_t h, const fitness::Roster& roster) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const uint64_t e = slots_[i];
      if (e == 0) return false;
      if (static_cast<uint32_t>(e >> 32) == h && Text(static_cast<uint32_t>(e) - 1, roster) == id)
        return true;
    }
  }
  // Adds the id of roster student `index`.
  void AddStudent(uint32_t h, size_t index) { Insert(h, static_cast<uint32_t>(index)); }
  // Adds an id that is not in the roster (its row had errors), copied here.
  void AddText(uint32_t h, std::string_view id) {
    const auto at = static_cast<uint32_t>(side_.size());
    side_.push_back(static_cast<char>(static_cast<unsigned char>(id.size())));  // ≤ 64
    side_.append(id);
    Insert(h, kSide | at);
  }

 private:
  static constexpr uint32_t kSide = 0x8000'0000u;  // reference into side_, not a student

  std::string_view Text(uint32_t ref, const fitness::Roster& roster) const {
    if ((ref & kSide) == 0) return roster.student_id(ref);
    const size_t at = ref & ~kSide;
    return std::string_view(side_).substr(at + 1, static_cast<unsigned char>(side_[at]));
  }
  void Insert(uint32_t h, uint32_t ref) {
    if (2 * (used_ + 1) > slots_.size()) Grow();
    Place(slots_, (static_cast<uint64_t>(h) << 32) | (static_cast<uint64_t>(ref) + 1));
    ++used_;
  }
  static void Place(std::vector<uint64_t>& slots, uint64_t e) {
    const size_t mask = slots.size() - 1;
    size_t i = static_cast<uint32_t>(e >> 32) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = e;
  }
  void Grow() {
    std::vector<uint64_t> bigger(slots_.size() * 2, 0);
    for (uint64_t e : slots_) {
      if (e != 0) Place(bigger, e);
    }
    slots_.swap(bigger);
  }

  std::vector<uint64_t> slots_;  // 0 = empty; else hash << 32 | (reference + 1)
  size_t used_ = 0;
  std::string side_;  // ids of rows not in the roster: uint8 length + bytes
};

class Reader {
 public:
  Reader(const fitness::FitnessStandard& standard, const fitness::VisionRule& vision,
         const RosterReadOptions& options, RosterRead& out)
      : std_(standard), vision_(vision), opt_(options), out_(out) {
    out_.roster = fitness::Roster(standard.items().size());
    values_.assign(standard.items().size(), kMissing);
    for (const auto& s : options.known_schools) known_.insert(s);
  }

  void ReadFile(const RosterFile& file) {
    file_ = file.name;
    header_row_ = -1;
    sheet_.clear();
    bool csv =
        file.name.size() >= 4 &&
        (file.name.ends_with(".csv") || file.name.ends_with(".CSV") || file.name.ends_with(".txt"));
    auto on_row = [&](size_t row0, std::span<const xlsx::CellView> cells) -> Status {
      Row(row0, cells);
      return Ok();
    };
    Status st = csv ? xlsx::StreamCsvRows(file.bytes, file.name, on_row)
                    : xlsx::StreamXlsxRows(file.bytes, file.name, "", on_row, xlsx::StreamLimits(),
                                           &sheet_);
    if (!st) {
      Error e = st.error();
      if (e.where.file.empty()) e.where.file = file.name;
      Add(std::move(e));
      return;
    }
    if (header_row_ < 0) {
      AddAt(0, "", "fitness_import.no_header",
            "找不到表头行（前 10 行中应有“年级编号”“学籍号”“性别”等列）",
            "no header row (the first 10 rows should have 年级编号, 学籍号, 性别 …)");
      return;
    }
    CheckMissingColumns();
  }

 private:
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
  std::string ColumnLabel(size_t col0) const {
    return fmt::format("{} ({})", xlsx::ColumnLetters(col0),
                       col0 < headers_.size() ? headers_[col0] : std::string());
  }

  bool TryHeader(std::span<const xlsx::CellView> cells) {
    std::array<int, static_cast<size_t>(Col::kCount)> cols;
    cols.fill(-1);
    std::vector<int> items(std::size(values_), -1);
    std::vector<std::string> headers;
    for (size_t c = 0; c < cells.size(); ++c) {
      std::string text(cells[c].text);
      headers.push_back(text);
      if (cells[c].empty()) continue;
      std::string k = Key(text);
      bool found = false;
      for (const auto& cn : roster::KnownColumns()) {
        for (std::string_view n : cn.names) {
          if (k == n && cols[static_cast<size_t>(cn.col)] < 0) {
            cols[static_cast<size_t>(cn.col)] = static_cast<int>(c);
            found = true;
          }
        }
        if (found) break;
      }
      if (found) continue;
      int item = -1;
      for (size_t i = 0; i < std_.items().size(); ++i) {
        if (Key(std_.items()[i].name.zh) == k) item = static_cast<int>(i);
      }
      if (item < 0) {
        for (const auto& [alias, id] : kItemAliases) {
          if (Key(alias) == k) item = std_.ItemIndex(id);
        }
      }
      if (item >= 0 && items[static_cast<size_t>(item)] < 0) {
        items[static_cast<size_t>(item)] = static_cast<int>(c);
      }
    }
    if (cols[static_cast<size_t>(Col::kGrade)] < 0 ||
        cols[static_cast<size_t>(Col::kStudentId)] < 0 ||
        cols[static_cast<size_t>(Col::kSex)] < 0) {
      return false;
    }
    cols_ = cols;
    item_cols_ = items;
    headers_ = std::move(headers);
    return true;
  }

  int C(Col c) const { return cols_[static_cast<size_t>(c)]; }
  // A cell as the clerk sees it. Number cells keep Excel's stored digits,
  // up to 17 significant ones (a typed 0.58 may be stored 0.57999999999999996,
  // a computed 9.8 as 9.8000000000000007): read raw, 9.8 seconds would be
  // rounded up to 9.9 by the 50米跑 rule. Such cells are shown with Excel's
  // 15 significant digits, which is what the clerk typed and saw.
  std::string_view CellText(std::span<const xlsx::CellView> cells, int col) {
    if (col < 0 || static_cast<size_t>(col) >= cells.size()) return {};
    const xlsx::CellView& cell = cells[static_cast<size_t>(col)];
    std::string_view t = Trim(cell.text);
    if (cell.type == xlsx::Cell::Type::kNumber && !cell.is_date && t.size() > 15 &&
        t.find('.') != std::string_view::npos && t.find_first_of("eE") == std::string_view::npos) {
      scratch_.push_back(fmt::format("{:.15g}", cell.number));
      return scratch_.back();
    }
    return t;
  }

  void Row(size_t row0, std::span<const xlsx::CellView> cells) {
    scratch_.clear();
    if (header_row_ < 0) {
      if (row0 < 10 && TryHeader(cells)) header_row_ = static_cast<int>(row0);
      return;
    }
    const size_t row1 = row0 + 1;
    const size_t errors_before = out_.error_count;
    auto bad = [&](Col col, std::string id, std::string zh, std::string en) {
      int c = C(col);
      AddAt(row1, c >= 0 ? ColumnLabel(static_cast<size_t>(c)) : std::string(), std::move(id),
            std::move(zh), std::move(en), CellText(cells, c));
    };
    fitness::StudentRow r;
    r.source_row = static_cast<uint32_t>(row1);
    // School.
    std::string_view school = CellText(cells, C(Col::kSchool));
    if (school.empty()) school = opt_.school;
    if (school.empty()) {
      bad(Col::kSchool, "fitness_import.no_school",
          "没有学校标识码：请在文件中加“学校标识码”列，或导入时选择学校",
          "no school code: add a 学校标识码 column or choose the school when importing");
      return;
    }
    if (!known_.empty() && school != last_known_ && !known_.contains(std::string(school))) {
      bad(Col::kSchool, "fitness_import.unknown_school",
          fmt::format("学校标识码“{}”不在本系统的学校名单中", school),
          fmt::format("school code \"{}\" is not a known school", school));
      return;
    }
    if (!known_.empty()) last_known_.assign(school);
    // Grade.
    std::string_view grade_text = CellText(cells, C(Col::kGrade));
    const fitness::Grade* grade = nullptr;
    int code = 0;
    if (!grade_text.empty() && grade_text.size() <= 3 &&
        std::all_of(grade_text.begin(), grade_text.end(),
                    [](char ch) { return ch >= '0' && ch <= '9'; })) {
      for (char ch : grade_text) code = code * 10 + (ch - '0');
      grade = std_.FindGrade(code);
    } else {
      for (const auto& g : std_.grades()) {
        if (g.name.zh == grade_text || g.column == grade_text) grade = &g;
      }
    }
    if (grade == nullptr) {
      bad(Col::kGrade, "fitness_import.grade_invalid",
          fmt::format("年级编号“{}”无效（应为 11–16、21–23、31–33、41–44）", grade_text),
          fmt::format("grade code \"{}\" is not valid (11–16, 21–23, 31–33, 41–44)", grade_text));
    } else {
      r.grade = static_cast<uint8_t>(grade->code);
    }
    // Sex.
    std::string_view sex = CellText(cells, C(Col::kSex));
    if (sex == "1" || sex == "男") {
      r.sex = fitness::Sex::kMale;
    } else if (sex == "2" || sex == "女") {
      r.sex = fitness::Sex::kFemale;
    } else {
      bad(Col::kSex, "fitness_import.sex_invalid",
          fmt::format("性别“{}”无效（应为 1 或 男、2 或 女）", sex),
          fmt::format("sex \"{}\" is not valid (1/男 or 2/女)", sex));
    }
    // Identity.
    std::string_view sid = CellText(cells, C(Col::kStudentId));
    bool new_id = false;  // remembered at the end of the row, once we know where it is kept
    uint32_t id_hash = 0;
    if (sid.empty()) {
      bad(Col::kStudentId, "fitness_import.student_id_missing", "学籍号为空", "学籍号 is empty");
    } else if (sid.size() > 64) {
      bad(Col::kStudentId, "fitness_import.student_id_invalid", "学籍号过长（超过 64 个字符）",
          "学籍号 is longer than 64 characters");
    } else if (id_hash = IdSet::HashOf(sid); seen_ids_.Contains(sid, id_hash, out_.roster)) {
      bad(Col::kStudentId, "fitness_import.student_id_duplicate",
          fmt::format("学籍号“{}”重复：同一学生在本次导入中出现了两次", sid),
          fmt::format("学籍号 \"{}\" appears twice in this import", sid));
    } else {
      new_id = true;
    }
    std::string_view name = CellText(cells, C(Col::kName));
    if (name.size() > 120) name = name.substr(0, 120);
    // Status.
    std::string_view status = CellText(cells, C(Col::kStatus));
    if (status.empty() || status == "正常" || status == "已测") {
      r.status = fitness::TestStatus::kTested;
    } else if (status == "免测" || status == "免予执行" || status == "免予测试") {
      r.status = fitness::TestStatus::kExempt;
    } else if (status == "缓测" || status == "暂缓执行" || status == "暂缓测试") {
      r.status = fitness::TestStatus::kDeferred;
    } else {
      bad(Col::kStatus, "fitness_import.status_invalid",
          fmt::format("测试状态“{}”无效（应为空、免测或缓测）", status),
          fmt::format("test status \"{}\" is not valid (blank, 免测 or 缓测)", status));
    }
    // Body.
    const auto& body = std_.spec().body;
    r.height = Tenths(cells, Col::kHeight, "身高", "厘米", body.height_min, body.height_max, row1);
    r.weight = Tenths(cells, Col::kWeight, "体重", "千克", body.weight_min, body.weight_max, row1);
    // Items.
    std::fill(values_.begin(), values_.end(), kMissing);
    for (size_t i = 0; i < item_cols_.size(); ++i) {
      int c = item_cols_[i];
      std::string_view t = CellText(cells, c);
      if (t.empty()) continue;
      const fitness::Item& item = std_.items()[i];
      auto v = fitness::ParseItemValue(item, t);
      if (!v) {
        AddAt(row1, ColumnLabel(static_cast<size_t>(c)), "fitness_import.value_invalid",
              fmt::format("{}：{}", item.name.zh, v.error().message.zh),
              fmt::format("{}: {}", item.name.en, v.error().message.en), t);
        continue;
      }
      if (*v < item.plausible_min || *v > item.plausible_max) {
        const std::string unit =
            item.format == fitness::ValueFormat::kMinSec ? std::string() : item.unit;
        AddAt(row1, ColumnLabel(static_cast<size_t>(c)), "fitness_import.value_impossible",
              fmt::format("{} {}{} 不可能是真实成绩（合理范围 {}–{}{}），请核对是否录错或单位有误",
                          item.name.zh, fitness::FormatItemValue(item, *v), unit,
                          fitness::FormatItemValue(item, item.plausible_min),
                          fitness::FormatItemValue(item, item.plausible_max), unit),
              fmt::format("{} {} cannot be a real result (plausible {}–{} {}); check for a typo "
                          "or a wrong unit",
                          item.name.en, t, fitness::FormatItemValue(item, item.plausible_min),
                          fitness::FormatItemValue(item, item.plausible_max), item.unit),
              t);
        continue;
      }
      values_[i] = *v;
    }
    // Vision.
    r.vision.ucva[0] = Ucva(cells, Col::kUcvaRight, "右眼裸眼视力", row1);
    r.vision.ucva[1] = Ucva(cells, Col::kUcvaLeft, "左眼裸眼视力", row1);
    r.vision.se[0] = Se(cells, Col::kSeRight, Col::kSphRight, Col::kCylRight, "右眼", row1);
    r.vision.se[1] = Se(cells, Col::kSeLeft, Col::kSphLeft, Col::kCylLeft, "左眼", row1);

    ++out_.rows;
    if (out_.error_count != errors_before) {  // the import will fail anyway
      if (new_id) seen_ids_.AddText(id_hash, sid);
      return;
    }
    r.school = out_.roster.School(school);
    std::string_view class_code = CellText(cells, C(Col::kClassCode));
    std::string_view class_name = CellText(cells, C(Col::kClassName));
    if (!class_code.empty() || !class_name.empty()) {
      r.klass = out_.roster.Class(r.school, r.grade, class_code.empty() ? class_name : class_code,
                                  class_name);
    }
    std::string_view birth = CellText(cells, C(Col::kBirth));
    std::string birth_text;
    int bc = C(Col::kBirth);
    if (bc >= 0 && static_cast<size_t>(bc) < cells.size() &&
        cells[static_cast<size_t>(bc)].is_date) {
      birth_text = ExcelSerialDigits(cells[static_cast<size_t>(bc)].number);
      birth = birth_text;
    }
    out_.roster.Add(r, values_, sid, name, CellText(cells, C(Col::kEthnic)), birth.substr(0, 32));
    if (new_id) seen_ids_.AddStudent(id_hash, out_.roster.size() - 1);
    present_grades_[r.grade] = true;
  }

  int32_t Tenths(std::span<const xlsx::CellView> cells, Col col, std::string_view label,
                 std::string_view unit, int32_t lo, int32_t hi, size_t row1) {
    std::string_view t = CellText(cells, C(col));
    if (t.empty()) return kMissing;
    auto v = fitness::ParseTenths(t);
    if (!v) {
      AddAt(row1, ColumnLabel(static_cast<size_t>(C(col))), "fitness_import.value_invalid",
            fmt::format("{}：{}", label, v.error().message.zh),
            fmt::format("{}: {}", label, v.error().message.en), t);
      return kMissing;
    }
    if (*v < lo || *v > hi) {
      AddAt(row1, ColumnLabel(static_cast<size_t>(C(col))), "fitness_import.value_impossible",
            fmt::format("{} {} {}不可能（合理范围 {}–{} {}），请核对是否录错或单位有误", label, t,
                        unit, lo / 10.0, hi / 10.0, unit),
            fmt::format("{} {} is impossible (plausible {}–{} {})", label, t, lo / 10.0, hi / 10.0,
                        unit),
            t);
      return kMissing;
    }
    return *v;
  }

  int32_t Ucva(std::span<const xlsx::CellView> cells, Col col, std::string_view label,
               size_t row1) {
    std::string_view t = CellText(cells, C(col));
    if (t.empty()) return kMissing;
    auto v = fitness::ParseTenths(t);
    if (!v || *v < vision_.ucva_min || *v > vision_.ucva_max) {
      AddAt(row1, ColumnLabel(static_cast<size_t>(C(col))), "fitness_import.vision_invalid",
            fmt::format("{}“{}”无效（五分记录，{}–{}）", label, t, vision_.ucva_min / 10.0,
                        vision_.ucva_max / 10.0),
            fmt::format("{} \"{}\" is not valid (5-point scale, {}–{})", label, t,
                        vision_.ucva_min / 10.0, vision_.ucva_max / 10.0),
            t);
      return kMissing;
    }
    return *v;
  }

  int32_t Se(std::span<const xlsx::CellView> cells, Col se_col, Col sph_col, Col cyl_col,
             std::string_view eye, size_t row1) {
    auto dioptre = [&](Col col, std::string_view what) -> std::optional<int32_t> {
      std::string_view t = CellText(cells, C(col));
      if (t.empty()) return std::nullopt;
      // ParseDioptre folds full width, U+2212 and a trailing D, copying the
      // text; a plain ASCII number (nearly every cell) has none of them and
      // reads the same straight through ParseFixed.
      const bool plain =
          std::all_of(t.begin(), t.end(),
                      [](char ch) { return static_cast<unsigned char>(ch) < 0x80; }) &&
          t.back() != 'D' && t.back() != 'd';
      auto v =
          plain ? fitness::ParseFixed(t, 2, fitness::Rounding::kExact) : fitness::ParseDioptre(t);
      if (!v || *v < vision_.se_min || *v > vision_.se_max) {
        AddAt(row1, ColumnLabel(static_cast<size_t>(C(col))), "fitness_import.vision_invalid",
              fmt::format("{}{}“{}”无效（屈光度，如 -0.75）", eye, what, t),
              fmt::format("{} {} \"{}\" is not a valid dioptre value", eye, what, t), t);
        return std::nullopt;
      }
      return *v;
    };
    if (auto se = dioptre(se_col, "等效球镜")) return *se;
    auto sph = dioptre(sph_col, "球镜");
    if (!sph) return kMissing;
    auto cyl = dioptre(cyl_col, "柱镜");
    // SE = S + C/2, in hundredths; C/2 to the nearest hundredth away from
    // zero keeps −0.25 C → −0.13 (dioptre steps are 0.25 D).
    int32_t c = cyl.value_or(0);
    int32_t half = c >= 0 ? (c + 1) / 2 : -((-c + 1) / 2);
    return *sph + half;
  }

  // A column the grades in this file are tested on but the file lacks:
  // almost always the wrong template, so say so once instead of marking
  // every student incomplete.
  void CheckMissingColumns() {
    std::set<int> needed;
    for (int g = 0; g < static_cast<int>(present_grades_.size()); ++g) {
      if (!present_grades_[static_cast<size_t>(g)]) continue;
      for (fitness::Sex sex : {fitness::Sex::kMale, fitness::Sex::kFemale}) {
        const fitness::TestPlan* plan = std_.Plan(g, sex);
        if (plan == nullptr) continue;
        for (const auto& pi : plan->items) needed.insert(pi.item);
      }
    }
    for (int i : needed) {
      const fitness::Item& item = std_.items()[static_cast<size_t>(i)];
      bool missing = item.kind == fitness::ItemKind::kBmi
                         ? (C(Col::kHeight) < 0 || C(Col::kWeight) < 0)
                         : item_cols_[static_cast<size_t>(i)] < 0;
      if (missing) {
        std::string what = item.kind == fitness::ItemKind::kBmi ? "身高、体重" : item.name.zh;
        AddAt(static_cast<size_t>(header_row_ + 1), "", "fitness_import.column_missing",
              fmt::format("缺少“{}”列：文件中的年级要测这一项", what),
              fmt::format("column \"{}\" is missing: the grades in this file are tested on it",
                          item.kind == fitness::ItemKind::kBmi ? "身高/体重" : item.name.en));
      }
    }
    present_grades_ = {};
  }

  const fitness::FitnessStandard& std_;
  const fitness::VisionRule& vision_;
  const RosterReadOptions& opt_;
  RosterRead& out_;
  std::string file_;
  std::string sheet_;
  int header_row_ = -1;
  std::array<int, static_cast<size_t>(Col::kCount)> cols_{};
  std::vector<int> item_cols_;
  std::vector<std::string> headers_;
  std::vector<int32_t> values_;
  IdSet seen_ids_;
  std::deque<std::string> scratch_;  // this row's reformatted number cells (CellText)
  std::unordered_set<std::string> known_;
  std::string last_known_;  // the last school found in known_ (files list a school's rows together)
  std::array<bool, 256> present_grades_{};  // by 年级编号
};

}  // namespace

RosterRead ReadRosterFiles(const fitness::FitnessStandard& standard,
                           const fitness::VisionRule& vision, std::span<const RosterFile> files,
                           const RosterReadOptions& options,
                           const std::function<void(double)>& progress) {
  RosterRead out;
  Reader reader(standard, vision, options, out);
  for (size_t i = 0; i < files.size(); ++i) {
    reader.ReadFile(files[i]);
    if (progress) progress(static_cast<double>(i + 1) / static_cast<double>(files.size()));
  }
  return out;
}

}  // namespace jiaodu
