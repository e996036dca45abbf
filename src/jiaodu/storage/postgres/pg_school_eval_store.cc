#include "jiaodu/storage/postgres/pg_school_eval_store.h"

#include <fmt/format.h>

#include "jiaodu/storage/common/storage_common.h"
#include "jiaodu/storage/postgres/pg_util.h"

namespace jiaodu::pg {
namespace {

using Tx = pqxx::transaction_base;

std::string Columns() {
  return fmt::format(
      "id, scheme_id, year, file_name, {}, created_by, is_current, schools, value_count",
      Iso("created_at"));
}

SchoolEvalInputs Head(const pqxx::row& r) {
  SchoolEvalInputs in;
  in.id = r[0].as<int64_t>();
  in.scheme = r[1].c_str();
  in.year = r[2].as<int>();
  in.file_name = r[3].c_str();
  in.created_at = r[4].c_str();
  in.created_by = r[5].c_str();
  in.current = r[6].as<bool>();
  in.schools = r[7].as<int>();
  in.values = r[8].as<int>();
  return in;
}

}  // namespace

Result<int64_t> InsertSchoolEvalInputs(Tx& tx, const SchoolEvalInputs& in) {
  int values = 0;
  for (const quality::HsSchoolInput& s : in.inputs) {
    if (tx.exec_params("SELECT 1 FROM schools WHERE code = $1", s.school).empty()) {
      return Fail(storage_common::UnknownSchool(s.school));
    }
    values += static_cast<int>(s.values.size());
  }
  tx.exec_params(
      "UPDATE school_eval_imports SET is_current = false WHERE scheme_id = $1 AND year = $2 AND "
      "is_current",
      in.scheme, in.year);
  const auto id = tx.exec_params1(
                        "INSERT INTO school_eval_imports (scheme_id, year, file_name, created_by, "
                        "is_current, schools, value_count) VALUES ($1, $2, $3, $4, true, $5, $6) "
                        "RETURNING id",
                        in.scheme, in.year, in.file_name, in.created_by,
                        static_cast<int>(in.inputs.size()), values)[0]
                      .as<int64_t>();
  // One statement for all values: four parallel arrays unnested.
  std::vector<std::string> schools, indicators;
  std::vector<std::string> numbers;
  for (const quality::HsSchoolInput& s : in.inputs) {
    if (s.values.empty()) {
      schools.push_back(s.school);
      indicators.emplace_back();
      numbers.emplace_back("0");
    }
    for (const auto& [indicator, v] : s.values) {
      schools.push_back(s.school);
      indicators.push_back(indicator);
      numbers.push_back(fmt::format("{}", v));  // shortest round-trip form: exact
    }
  }
  if (!schools.empty()) {
    tx.exec_params(
        "INSERT INTO school_eval_values (import_id, school_code, indicator, value) SELECT $1, "
        "s, i, v::double precision FROM unnest($2::text[], $3::text[], $4::text[]) AS t(s, i, v)",
        id, TextArray(schools), TextArray(indicators), TextArray(numbers));
  }
  return id;
}

Result<std::optional<SchoolEvalInputs>> ReadSchoolEvalInputs(Tx& tx, std::string_view scheme,
                                                             int year) {
  const auto head = tx.exec_params(
      fmt::format("SELECT {} FROM school_eval_imports WHERE scheme_id = $1 AND year = $2 AND "
                  "is_current",
                  Columns()),
      std::string(scheme), year);
  if (head.empty()) return std::optional<SchoolEvalInputs>();
  SchoolEvalInputs in = Head(head[0]);
  for (const auto& r : tx.exec_params(
           "SELECT school_code, indicator, value FROM school_eval_values WHERE import_id = $1 "
           "ORDER BY school_code, indicator",
           in.id)) {
    const std::string school = r[0].c_str();
    if (in.inputs.empty() || in.inputs.back().school != school) {
      in.inputs.push_back({school, "", {}});
    }
    const std::string indicator = r[1].c_str();
    if (!indicator.empty()) in.inputs.back().values[indicator] = r[2].as<double>();
  }
  return std::optional<SchoolEvalInputs>(std::move(in));
}

Result<std::vector<SchoolEvalInputs>> ReadSchoolEvalVersions(Tx& tx, std::string_view scheme) {
  std::vector<SchoolEvalInputs> out;
  for (const auto& r :
       tx.exec_params(fmt::format("SELECT {} FROM school_eval_imports WHERE scheme_id = $1 ORDER "
                                  "BY id DESC",
                                  Columns()),
                      std::string(scheme))) {
    out.push_back(Head(r));
  }
  return out;
}

}  // namespace jiaodu::pg
