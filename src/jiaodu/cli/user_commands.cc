#include "jiaodu/cli/user_commands.h"

#include <fmt/format.h>

#include <iostream>

#include "jiaodu/app/access_service.h"
#include "jiaodu/domain/access/role.h"

namespace jiaodu::cli {
namespace {

// Whoever runs the command line on the server's machine.
const Actor kCli{"system", "", "cli"};

int Report(const Error& e) {
  std::cerr << "错误：" << e.Describe() << "\n";
  return e.code == ErrorCode::kInternal || e.code == ErrorCode::kIo ? 3 : 2;
}

void PrintPassword(const IssuedPassword& p) {
  std::cout << fmt::format(
      "账号 {}（{}，{}）的初始密码：\n\n    {}\n\n"
      "只显示这一次，请当面或通过安全渠道交给本人；首次登录须修改密码。\n",
      p.account.principal.login, p.account.display_name,
      access::RoleName(p.account.principal.role).zh, p.password);
}

std::string Area(const access::Account& a) {
  std::string out = a.principal.county;
  for (const auto& s : a.principal.schools) out += (out.empty() ? "" : " ") + s;
  return out.empty() ? "全市" : out;
}

Result<int> Run(const UserCommands& c, AccessService& access) {
  const UserCommands::Options& o = *c.opt;
  if (c.add->parsed()) {
    const auto role = access::ParseRole(o.role);
    if (!role) {
      return Fail(ErrorCode::kInvalidInput, "cli.bad_role",
                  Text(fmt::format("角色“{}”无效：admin 系统管理员、city 市局、county 县局、"
                                   "inspector 督学、clerk 学校填报员、school_reviewer "
                                   "学校审核人、leader 只读领导",
                                   o.role),
                       fmt::format("role \"{}\" is not one of admin, city, county, inspector, "
                                   "clerk, school_reviewer, leader",
                                   o.role)));
    }
    AccountSpec spec{access::Principal{o.login, *role, o.county, o.schools}, o.name};
    if (!o.school.empty()) spec.principal.schools.insert(spec.principal.schools.begin(), o.school);
    PrintPassword(JIAODU_TRY(access.CreateAccount(spec, kCli)));
    return 0;
  }
  if (c.reset->parsed()) {
    PrintPassword(JIAODU_TRY(access.ResetPassword(o.login, kCli)));
    return 0;
  }
  if (c.disable->parsed() || c.enable->parsed()) {
    const bool disable = c.disable->parsed();
    JIAODU_TRY_STATUS(access.SetDisabled(o.login, disable, kCli));
    std::cout << fmt::format("账号 {} 已{}\n", o.login,
                             disable ? "停用（其会话全部结束）" : "重新启用");
    return 0;
  }
  if (c.list->parsed()) {
    const int64_t now = access.Now();
    for (const access::Account& a : JIAODU_TRY(access.ListAccounts())) {
      std::string state = a.disabled ? "停用" : "正常";
      if (access::IsLocked(a.login, now)) state = "锁定";
      if (a.must_change_password) state += "，须改密码";
      std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\n", a.principal.login, a.display_name,
                               access::RoleName(a.principal.role).zh, Area(a), state);
    }
    return 0;
  }
  if (c.verify->parsed()) {
    std::optional<access::ChainAnchor> anchor;
    if (o.anchor_seq > 0) anchor = access::ChainAnchor{o.anchor_seq, o.anchor_hash};
    const AuditHead head = JIAODU_TRY(access.VerifyAudit(anchor));
    std::cout << fmt::format(
        "审计链完整：共 {} 条{}。\n请将链头记录在数据库之外（月报、报送市局、只写日志），"
        "下次核验时用 --seq/--hash 给出：\n\n    seq={} hash={}\n",
        head.entries, anchor ? fmt::format("，与记录的第 {} 条一致", anchor->seq) : "", head.seq,
        head.hash.empty() ? std::string(access::kGenesisHash) : head.hash);
    return 0;
  }
  return -1;
}

}  // namespace

UserCommands AddUserCommands(CLI::App& app, std::string& db, const char* db_help) {
  UserCommands c;
  c.db = &db;
  UserCommands::Options& o = *c.opt;
  auto* user = app.add_subcommand("user", "账号管理：创建、列出、重置密码、停用与启用");
  user->require_subcommand(1);
  c.add = user->add_subcommand("add", "创建账号，打印一次性初始密码（首次登录须修改）");
  c.add->add_option("login", o.login, "登录名（A–Z a–z 0–9 . _ - @）")->required();
  c.add
      ->add_option("--role", o.role,
                   "角色：admin、city、county、inspector、clerk、school_reviewer、leader")
      ->required();
  c.add->add_option("--name", o.name, "姓名（显示名）")->required();
  c.add->add_option("--county", o.county, "县区代码（县局、县级只读领导）");
  c.add->add_option("--school", o.school, "学校标识码（学校填报员、学校审核人）");
  c.add->add_option("--schools", o.schools, "督学责任区的学校，逗号分隔")->delimiter(',');
  c.list = user->add_subcommand("list", "列出账号（登录名、姓名、角色、范围、状态）");
  c.reset = user->add_subcommand("reset", "重置密码：打印新的初始密码，解除锁定，结束其会话");
  c.reset->add_option("login", o.login, "登录名")->required();
  c.disable = user->add_subcommand("disable", "停用账号（账号不删除），结束其会话");
  c.disable->add_option("login", o.login, "登录名")->required();
  c.enable = user->add_subcommand("enable", "重新启用账号");
  c.enable->add_option("login", o.login, "登录名")->required();
  for (CLI::App* sub : {c.add, c.list, c.reset, c.disable, c.enable}) {
    sub->add_option("--db", db, db_help)->capture_default_str();
  }
  auto* audit = app.add_subcommand("audit", "审计日志");
  audit->require_subcommand(1);
  c.verify = audit->add_subcommand("verify",
                                   "核验审计链（每条记录含前一条的摘要），打印应在库外记录的链头");
  c.verify->add_option("--db", db, db_help)->capture_default_str();
  c.verify->add_option("--seq", o.anchor_seq, "上次记录的链头序号");
  c.verify->add_option("--hash", o.anchor_hash, "上次记录的链头摘要");
  return c;
}

std::optional<int> RunUserCommands(const UserCommands& c, const StorageOpener& open) {
  bool any = false;
  for (CLI::App* sub : {c.add, c.list, c.reset, c.disable, c.enable, c.verify}) {
    any = any || sub->parsed();
  }
  if (!any) return std::nullopt;
  auto storage = open(*c.db);
  if (!storage) return Report(storage.error());
  AccessService access(**storage);
  auto rc = Run(c, access);
  if (!rc) return Report(rc.error());
  return *rc;
}

}  // namespace jiaodu::cli
