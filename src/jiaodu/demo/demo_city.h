// File: jiaodu/demo/demo_city.h
//
// A seeded generator of a realistic synthetic city: a 市 with counties,
// schools of every kind (小学, 初中, 九年一贯制, 十二年一贯制, 完全中学, 教学点,
// 特殊教育学校), urban/rural differences, counties that pass and counties that
// fail on particular indicators, and schools exactly on thresholds. It is
// what `jiaodu demo` loads and what benchmarks scale up.
//
// GeneratePreschool adds the city's kindergartens (公办园, 普惠性民办园,
// 非普惠民办园, and public primary schools' 附设幼儿班) for the 学前教育普及
// 普惠 standard: ~8–15 per county, each county telling its own story (one
// passes everything, one misses 普惠覆盖率, one 公办园占比, one kindergarten
// exactly on the per-child area standards).
//
// Deterministic: the same options give the same city on every machine (own
// PRNG and distributions, no std::*_distribution whose output varies).
//
//   DemoCity city = GenerateDemoCity(catalog, {.seed = 7, .schools = 400});
//   DemoPreschool kg = GeneratePreschool(preschool_catalog, city, {.seed = 7, .schools = 400});
#ifndef JIAODU_DEMO_DEMO_CITY_H_
#define JIAODU_DEMO_DEMO_CITY_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "jiaodu/domain/schools/record.h"
#include "jiaodu/domain/schools/school.h"

namespace jiaodu {

struct DemoOptions {
  uint64_t seed = 2024;
  int counties = 6;   // 1..60
  int schools = 400;  // total, spread over the counties
  int first_year = 2023;
  int years = 2;  // consecutive academic years of data
};

struct DemoCity {
  std::vector<Area> areas;
  std::vector<SchoolYearRecord> schools;   // all years
  std::vector<CountyYearRecord> counties;  // all years
};

// `catalog` must be the compulsory-school catalog (fields are set by id;
// ids it lacks are skipped).
DemoCity GenerateDemoCity(const FieldCatalog& catalog, const DemoOptions& options = {});

// The preschool data of a demo city, in the preschool catalog's indices.
struct DemoPreschool {
  // Kindergartens (SchoolType::kKindergarten) and the 学前 sections of some
  // public primary schools of `city` (附设幼儿班, same school code and
  // attributes), every year of `options`.
  std::vector<SchoolYearRecord> schools;
  // Per county and year: 3—5周岁常住人口, fee cap, funding standards,
  // recognition, and the bureau's judgments of the 普及普惠 items.
  std::vector<CountyYearRecord> counties;
};

// `preschool` must be the preschool catalog (fields set by id; ids it lacks
// are skipped); `city` and `options` those GenerateDemoCity was given. Drawn
// from its own seeded stream: the compulsory city is the same with or
// without it.
DemoPreschool GeneratePreschool(const FieldCatalog& preschool, const DemoCity& city,
                                const DemoOptions& options = {});

}  // namespace jiaodu

#endif  // JIAODU_DEMO_DEMO_CITY_H_
