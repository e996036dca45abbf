// File: jiaodu/cli/user_commands.h
//
// `jiaodu user add|list|reset|disable|enable` and `jiaodu audit verify`
// (issue 8, docs/access.md): the administrator's commands on the server's
// own machine. The first administrator can only be made here (A14: a
// database without accounts serves the loopback address only).
//
//   UserCommands users = AddUserCommands(app, db);   // before CLI11_PARSE
//   if (auto rc = RunUserCommands(users, open)) return *rc;
#ifndef JIAODU_CLI_USER_COMMANDS_H_
#define JIAODU_CLI_USER_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jiaodu/core/error.h"
#include "jiaodu/storage/storage.h"

namespace jiaodu::cli {

struct UserCommands {
  CLI::App* add = nullptr;
  CLI::App* list = nullptr;
  CLI::App* reset = nullptr;
  CLI::App* disable = nullptr;
  CLI::App* enable = nullptr;
  CLI::App* verify = nullptr;
  // What the options write into (owned here so the subcommands outlive
  // the call that made them).
  struct Options {
    std::string login;
    std::string role;
    std::string name;
    std::string county;
    std::string school;
    std::vector<std::string> schools;
    int64_t anchor_seq = 0;
    std::string anchor_hash;
  };
  std::shared_ptr<Options> opt = std::make_shared<Options>();
  std::string* db = nullptr;
};

UserCommands AddUserCommands(CLI::App& app, std::string& db, const char* db_help);

// The exit code when one of them was run, nullopt otherwise.
using StorageOpener = std::function<Result<std::unique_ptr<Storage>>(const std::string&)>;
std::optional<int> RunUserCommands(const UserCommands& cmds, const StorageOpener& open);

}  // namespace jiaodu::cli

#endif  // JIAODU_CLI_USER_COMMANDS_H_
