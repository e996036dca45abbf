// File: jiaodu/formats/planning_table/planning_columns.h
//
// The columns of the planning workbook's sheets, shared by the reader
// (which accepts every spelling listed) and the writer (which writes the
// first), so a workbook jiaodu writes always reads back.
#ifndef JIAODU_FORMATS_PLANNING_TABLE_PLANNING_COLUMNS_H_
#define JIAODU_FORMATS_PLANNING_TABLE_PLANNING_COLUMNS_H_

#include <initializer_list>
#include <span>
#include <string_view>

namespace jiaodu::planning_table {

struct Column {
  std::initializer_list<std::string_view> names;  // the first is written
  bool required;
  std::string_view note;  // the template's comment on the header
};

struct SheetSpec {
  std::string_view name;
  bool required;  // the workbook must hold this sheet
  std::span<const Column> columns;
};

// Column positions within each sheet's list.
enum BirthCol { kBirthCounty, kBirthYear, kBirthHuji, kBirthResident };
enum EnrolCol {
  kEnrolCounty,
  kEnrolYear,
  kEnrolLevel,
  kEnrolGrade,
  kEnrolStudents,
  kEnrolMigrants
};
enum ProjectCol {
  kProjectName,
  kProjectCounty,
  kProjectLevel,
  kProjectKind,
  kProjectYear,
  kProjectPlaces,
  kProjectClasses
};
enum RosterCol { kRosterSchool, kRosterLevel, kRosterGrade, kRosterClass, kRosterStudents };
enum StaffCol { kStaffSchool, kStaffActual, kStaffBoarders };
enum SubjectCol { kSubjectSchool, kSubjectName, kSubjectTeachers, kSubjectNeed };
enum PoolCol { kPoolCounty, kPoolReserve };

// In the workbook's order.
std::span<const SheetSpec> Sheets();
const SheetSpec* FindSheet(std::string_view name);

}  // namespace jiaodu::planning_table

#endif  // JIAODU_FORMATS_PLANNING_TABLE_PLANNING_COLUMNS_H_
