// File: jiaodu/app/test_util.h
//
// For tests above the storage layer: a Service over a fresh in-memory SQLite
// store holding the demo city (the shipped data folder), and the fitness
// service beside it. Failures are reported as gtest failures and return null.
#ifndef JIAODU_APP_TEST_UTIL_H_
#define JIAODU_APP_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>

#include "jiaodu/app/fitness_service.h"
#include "jiaodu/app/service.h"
#include "jiaodu/storage/sqlite/sqlite_storage.h"

namespace jiaodu::testing {

inline std::unique_ptr<Service> DemoService(const DemoOptions& options) {
  auto lib = LoadLibrary(JIAODU_TEST_DATA_DIR);
  EXPECT_TRUE(lib) << lib.error().Describe();
  auto storage = SqliteStorage::Open(":memory:");
  EXPECT_TRUE(storage) << storage.error().Describe();
  if (!lib || !storage) return nullptr;
  auto svc = std::make_unique<Service>(std::move(*lib), std::move(*storage));
  auto demo = svc->LoadDemo(options, "测试");
  EXPECT_TRUE(demo) << demo.error().Describe();
  return demo ? std::move(svc) : nullptr;
}

// The demo city cut to 30 schools and one year (2024): enough for a county
// with several schools, quick to generate.
inline std::unique_ptr<Service> SmallDemoService() {
  DemoOptions small;
  small.schools = 30;
  small.years = 1;
  small.first_year = 2024;
  return DemoService(small);
}

inline std::unique_ptr<FitnessService> ShippedFitnessService(Service& svc) {
  auto lib = LoadFitnessLibrary(JIAODU_TEST_DATA_DIR);
  EXPECT_TRUE(lib) << lib.error().Describe();
  if (!lib) return nullptr;
  return std::make_unique<FitnessService>(std::move(*lib), svc);
}

}  // namespace jiaodu::testing

#endif  // JIAODU_APP_TEST_UTIL_H_
