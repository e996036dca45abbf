#include "jiaodu/storage/sqlite/school_eval_store.h"

#include <fmt/format.h>

#include "jiaodu/storage/common/storage_common.h"

namespace jiaodu::sqlite {
namespace {

constexpr std::string_view kColumns =
    "id, scheme_id, year, file_name, created_at, created_by, is_current, schools, value_count";

SchoolEvalInputs Head(const Stmt& st) {
  SchoolEvalInputs in;
  in.id = st.Int(0);
  in.scheme = st.Text(1);
  in.year = static_cast<int>(st.Int(2));
  in.file_name = st.Text(3);
  in.created_at = st.Text(4);
  in.created_by = st.Text(5);
  in.current = st.Int(6) != 0;
  in.schools = static_cast<int>(st.Int(7));
  in.values = static_cast<int>(st.Int(8));
  return in;
}

}  // namespace

Result<int64_t> InsertSchoolEvalInputs(Db& db, const SchoolEvalInputs& in) {
  auto known = JIAODU_TRY(db.Prepare("SELECT 1 FROM schools WHERE code = ?1"));
  int values = 0;
  for (const quality::HsSchoolInput& s : in.inputs) {
    known.Bind(1, s.school);
    const bool found = JIAODU_TRY(known.Step());
    JIAODU_TRY_STATUS(known.Reset());
    if (!found) return Fail(storage_common::UnknownSchool(s.school));
    values += static_cast<int>(s.values.size());
  }
  auto old = JIAODU_TRY(db.Prepare(
      "UPDATE school_eval_imports SET is_current = 0 WHERE scheme_id = ?1 AND year = ?2 AND "
      "is_current = 1"));
  old.Bind(1, in.scheme).Bind(2, in.year);
  JIAODU_TRY_STATUS(old.Run());
  auto head = JIAODU_TRY(db.Prepare(
      "INSERT INTO school_eval_imports (scheme_id, year, file_name, created_at, created_by, "
      "is_current, schools, value_count) VALUES (?1, ?2, ?3, "
      "strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?4, 1, ?5, ?6)"));
  head.Bind(1, in.scheme).Bind(2, in.year).Bind(3, in.file_name).Bind(4, in.created_by);
  head.Bind(5, static_cast<int>(in.inputs.size())).Bind(6, values);
  JIAODU_TRY_STATUS(head.Run());
  const int64_t id = db.LastInsertId();
  auto put = JIAODU_TRY(db.Prepare(
      "INSERT INTO school_eval_values (import_id, school_code, indicator, value) VALUES (?1, ?2, "
      "?3, ?4)"));
  for (const quality::HsSchoolInput& s : in.inputs) {
    if (s.values.empty()) {
      put.Bind(1, id).Bind(2, s.school).Bind(3, "").Bind(4, 0.0);
      JIAODU_TRY_STATUS(put.Run());
    }
    for (const auto& [indicator, v] : s.values) {
      put.Bind(1, id).Bind(2, s.school).Bind(3, indicator).Bind(4, v);
      JIAODU_TRY_STATUS(put.Run());
    }
  }
  return id;
}

Result<std::optional<SchoolEvalInputs>> ReadSchoolEvalInputs(Db& db, std::string_view scheme,
                                                             int year) {
  auto st = JIAODU_TRY(db.Prepare(fmt::format(
      "SELECT {} FROM school_eval_imports WHERE scheme_id = ?1 AND year = ?2 AND is_current = 1",
      kColumns)));
  st.Bind(1, scheme).Bind(2, year);
  if (!JIAODU_TRY(st.Step())) return std::optional<SchoolEvalInputs>();
  SchoolEvalInputs in = Head(st);
  auto rows = JIAODU_TRY(db.Prepare(
      "SELECT school_code, indicator, value FROM school_eval_values WHERE import_id = ?1 ORDER BY "
      "school_code, indicator"));
  rows.Bind(1, in.id);
  while (JIAODU_TRY(rows.Step())) {
    const std::string school = rows.Text(0);
    if (in.inputs.empty() || in.inputs.back().school != school) {
      in.inputs.push_back({school, "", {}});
    }
    const std::string indicator = rows.Text(1);
    if (!indicator.empty()) in.inputs.back().values[indicator] = rows.Double(2);
  }
  return std::optional<SchoolEvalInputs>(std::move(in));
}

Result<std::vector<SchoolEvalInputs>> ReadSchoolEvalVersions(Db& db, std::string_view scheme) {
  auto st = JIAODU_TRY(db.Prepare(fmt::format(
      "SELECT {} FROM school_eval_imports WHERE scheme_id = ?1 ORDER BY id DESC", kColumns)));
  st.Bind(1, scheme);
  std::vector<SchoolEvalInputs> out;
  while (JIAODU_TRY(st.Step())) out.push_back(Head(st));
  return out;
}

}  // namespace jiaodu::sqlite
