# Every external dependency, in one place. All come from Debian 12 packages
# (see scripts/setup.sh); nothing is downloaded at configure time.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)                        # SQLite::SQLite3
find_package(nlohmann_json 3.11 REQUIRED)             # nlohmann_json::nlohmann_json
find_package(fmt 9 REQUIRED)                          # fmt::fmt
find_package(spdlog 1.10 REQUIRED)                    # spdlog::spdlog
find_package(CLI11 2.1 REQUIRED)                      # CLI11::CLI11
find_package(EXPAT REQUIRED)                          # EXPAT::EXPAT
find_package(tl-expected 1.0 REQUIRED)                # tl::expected
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)      # ICU::uc ICU::i18n
find_package(OpenSSL 3 REQUIRED)                      # OpenSSL::Crypto (SHA-256 of evidence files)
# libzip's CMake config checks for zipcmp & co; pkg-config does not.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip>=1.7)
# The .pc carries CPPHTTPLIB_*_SUPPORT defines: every TU must see the same ones.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)
# xlsxwriter.pc reports the soname ("4") as version: no constraint.
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus>=3.3)
# libpqxx 6.4 (libpqxx-dev, on libpq 15): the PostgreSQL adapter only (storage/postgres).
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx>=6.4)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo>=1.50 cairo-pdf)
# COIN-OR CBC (coinor-libcbc-dev 2.10.8): the MIP solver behind optim/cbc.
pkg_check_modules(CBC REQUIRED IMPORTED_TARGET cbc>=2.10)
# libsodium 1.0.18 (libsodium-dev): Argon2id password hashes, session tokens, SHA-256 (auth/).
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)

if(JIAODU_BUILD_TESTS)
  find_package(GTest 1.12 REQUIRED)                   # GTest::gtest_main GTest::gmock
  include(GoogleTest)
endif()
if(JIAODU_BUILD_BENCH)
  find_package(benchmark REQUIRED)                    # benchmark::benchmark
endif()
