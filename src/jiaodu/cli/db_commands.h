// File: jiaodu/cli/db_commands.h
//
// `jiaodu db export|import|digest` (issue 8, docs/postgres.md "Moving a
// database"): a whole installation moved between SQLite and PostgreSQL,
// every table row by row, then verified table by table on both sides.
//
//   jiaodu db export --db postgresql://… --out archive.db   # to a new SQLite file
//   jiaodu db import var/demo.db --db postgresql://…       # into an empty database
//   jiaodu db digest --db …                                # rows and digest per table
//
//   DbCommands dbc = AddDbCommands(app);        // before CLI11_PARSE
//   if (auto rc = RunDbCommands(dbc, open)) return *rc;
#ifndef JIAODU_CLI_DB_COMMANDS_H_
#define JIAODU_CLI_DB_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "jiaodu/cli/user_commands.h"

namespace jiaodu::cli {

struct DbCommands {
  CLI::App* exporter = nullptr;
  CLI::App* importer = nullptr;
  CLI::App* digest = nullptr;
  struct Options {
    std::string db = "var/jiaodu.db";
    std::string out;
    std::string from;
    bool force = false;
  };
  std::shared_ptr<Options> opt = std::make_shared<Options>();
};

DbCommands AddDbCommands(CLI::App& app, const char* db_help);

// The exit code when one of them was run (0 verified, 2 refused, 3 a copy
// that does not verify or a database failure), nullopt otherwise.
std::optional<int> RunDbCommands(const DbCommands& cmds, const StorageOpener& open);

}  // namespace jiaodu::cli

#endif  // JIAODU_CLI_DB_COMMANDS_H_
