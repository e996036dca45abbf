#include "jiaodu/cli/db_commands.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "jiaodu/auth/sha256.h"
#include "jiaodu/domain/access/audit.h"
#include "jiaodu/storage/transfer/transfer.h"

namespace jiaodu::cli {
namespace {

namespace fs = std::filesystem;

int Report(const Error& e) {
  std::cerr << "错误：" << e.Describe() << "\n";
  return e.code == ErrorCode::kInternal || e.code == ErrorCode::kIo ? 3 : 2;
}

// Brings a database to this build's schema through its storage adapter (the
// one place migrations run), then lets it go: the copy uses connections of
// its own.
Status Migrate(const std::string& url, const StorageOpener& open) {
  auto storage = JIAODU_TRY(open(url));
  return Ok();
}

// The audit chain of the copy, checked link by link; its head is printed to
// compare with the head recorded outside the old database (A11).
Status VerifyAuditOf(const std::string& url, const StorageOpener& open) {
  auto storage = JIAODU_TRY(open(url));
  const auto chain = JIAODU_TRY(storage->ReadAuditChain());
  JIAODU_TRY_STATUS(access::VerifyChain(chain, &auth::Sha256Hex));
  if (chain.empty()) {
    std::cout << "审计记录：无\n";
  } else {
    std::cout << fmt::format("审计链完整：{} 条，最后一条 #{}，哈希 {}\n", chain.size(),
                             chain.back().seq, chain.back().hash);
  }
  return Ok();
}

Result<int> Copy(const std::string& from, const std::string& to, const StorageOpener& open) {
  JIAODU_TRY_STATUS(Migrate(from, open));
  JIAODU_TRY_STATUS(Migrate(to, open));
  auto source = JIAODU_TRY(OpenTables(from));
  auto target = JIAODU_TRY(OpenTables(to));
  const TransferReport report =
      JIAODU_TRY(CopyDatabase(*source, *target, [](const std::string& table, size_t i, size_t n) {
        std::cerr << fmt::format("复制 {}/{}：{}\n", i + 1, n, table);
      }));
  std::cout << fmt::format("{:<20} {:>10} {:>10}  {}\n", "表", "源库行数", "目标行数", "核对");
  int bad = 0;
  for (const TransferTable& t : report.tables) {
    bad += t.agrees() ? 0 : 1;
    std::cout << fmt::format("{:<20} {:>10} {:>10}  {}\n", t.table, t.source.rows, t.target.rows,
                             t.agrees() ? "一致 " + t.target.digest.substr(0, 16) : "不一致！");
  }
  if (bad > 0) {
    std::cerr << fmt::format(
        "错误：{} "
        "张表复制后与源库不一致（行数或摘要不同），目标库不可使用；请保留源库并报告此问题\n",
        bad);
    return 3;
  }
  JIAODU_TRY_STATUS(VerifyAuditOf(to, open));
  std::cout << fmt::format(
      "已复制 {} 张表、{} 行，逐表核对一致（会话不复制，迁移后请重新登录）。\n",
      report.tables.size(), report.rows);
  return 0;
}

Result<int> Run(const DbCommands& c, const StorageOpener& open) {
  const DbCommands::Options& o = *c.opt;
  if (c.exporter->parsed()) {
    if (IsPostgresUrl(o.out)) {
      return Fail(ErrorCode::kInvalidInput, "cli.export_target",
                  Text("导出目标须为新的 SQLite 文件路径；迁入 PostgreSQL 请用 jiaodu db import",
                       "export writes a new SQLite file; use jiaodu db import to move into "
                       "PostgreSQL"));
    }
    if (fs::exists(o.out)) {
      if (!o.force) {
        return Fail(ErrorCode::kFailedPrecondition, "cli.file_exists",
                    Text(fmt::format("文件 {} 已存在：换一个文件名，或加 --force 覆盖", o.out),
                         fmt::format("{} exists: choose another name or add --force", o.out)));
      }
      for (const char* ext : {"", "-wal", "-shm"}) fs::remove(o.out + ext);
    }
    return Copy(o.db, o.out, open);
  }
  if (c.importer->parsed()) return Copy(o.from, o.db, open);
  if (c.digest->parsed()) {
    JIAODU_TRY_STATUS(Migrate(o.db, open));
    auto db = JIAODU_TRY(OpenTables(o.db));
    for (const TableDigest& d : JIAODU_TRY(DigestDatabase(*db))) {
      std::cout << fmt::format("{}\t{}\t{}\n", d.table, d.rows, d.digest);
    }
    return 0;
  }
  return -1;
}

}  // namespace

DbCommands AddDbCommands(CLI::App& app, const char* db_help) {
  DbCommands c;
  auto& o = *c.opt;
  auto* db = app.add_subcommand("db", "整库迁移与核对：SQLite ⇄ PostgreSQL");
  db->require_subcommand(1);
  c.exporter = db->add_subcommand("export", "把整个数据库导出为新的 SQLite 文件（逐表核对）");
  c.exporter->add_option("--db", o.db, db_help)->capture_default_str();
  c.exporter->add_option("--out", o.out, "导出到的 SQLite 文件（须不存在）")->required();
  c.exporter->add_flag("--force", o.force, "文件已存在时覆盖");
  c.importer = db->add_subcommand(
      "import", "把导出的数据库（或另一个数据库）整体迁入一个空数据库（逐表核对）");
  c.importer->add_option("from", o.from, "源：SQLite 文件，或 PostgreSQL 地址")->required();
  c.importer->add_option("--db", o.db, std::string(db_help) + "（须为空库）")
      ->capture_default_str();
  c.digest = db->add_subcommand("digest", "列出每张表的行数与内容摘要（用于核对两个数据库）");
  c.digest->add_option("--db", o.db, db_help)->capture_default_str();
  return c;
}

std::optional<int> RunDbCommands(const DbCommands& cmds, const StorageOpener& open) {
  if (!cmds.exporter->parsed() && !cmds.importer->parsed() && !cmds.digest->parsed()) {
    return std::nullopt;
  }
  auto rc = Run(cmds, open);
  if (!rc) return Report(rc.error());
  return *rc;
}

}  // namespace jiaodu::cli
