#include "jiaodu/domain/access/audit.h"

#include <fmt/format.h>

#include <algorithm>

namespace jiaodu::access {
namespace {

// Only the three characters that could fake or hide a line break are
// escaped; every other byte is hashed as stored (no Unicode normalisation),
// which a SQL replace() or a Python str.replace reproduces exactly.
void Field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += '=';
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  out += '\n';
}

void Number(std::string& out, std::string_view name, int64_t value) {
  Field(out, name, fmt::format("{}", value));
}

ChainBreak Break(int64_t seq, std::string zh, std::string en) {
  return ChainBreak{seq, Text("审计日志校验失败：" + std::move(zh),
                              "audit trail check failed: " + std::move(en))};
}

// Why entry `e` cannot follow `prev` (or start the run, when prev is null);
// `later` are the entries after `e`, to tell a reordering from a removal.
std::optional<ChainBreak> LinkBreak(const AuditEntry* prev, const AuditEntry& e,
                                    std::span<const AuditEntry> later) {
  if (prev == nullptr) {
    if (e.seq < 1) {
      return Break(e.seq, fmt::format("第一条的序号为 {}，序号应从 1 开始", e.seq),
                   fmt::format("the first entry has seq {}; seqs start at 1", e.seq));
    }
    if (e.seq == 1 && e.prev_hash != kGenesisHash) {
      return Break(1, "第 1 条的前序摘要不是起始值：日志开头被改写",
                   "entry 1 does not start from the genesis hash: the start was rewritten");
    }
    return std::nullopt;
  }
  const int64_t expected = prev->seq + 1;
  if (e.seq <= prev->seq) {
    return Break(e.seq,
                 fmt::format("第 {} 条出现在第 {} 条之后：条目被重排或插入了重复序号的条目", e.seq,
                             prev->seq),
                 fmt::format("entry {} comes after entry {}: entries were reordered or one was "
                             "inserted with a duplicate seq",
                             e.seq, prev->seq));
  }
  if (e.seq > expected) {
    const bool later_has_it = std::any_of(later.begin(), later.end(),
                                          [&](const AuditEntry& x) { return x.seq == expected; });
    if (later_has_it) {
      return Break(expected,
                   fmt::format("第 {} 条排在第 {} 条之后：条目顺序被打乱", expected, e.seq),
                   fmt::format("entry {} is stored after entry {}: entries were reordered",
                               expected, e.seq));
    }
    return Break(
        expected,
        expected == e.seq - 1 ? fmt::format("缺少第 {} 条：条目被删除", expected)
                              : fmt::format("缺少第 {} 至 {} 条：条目被删除", expected, e.seq - 1),
        expected == e.seq - 1
            ? fmt::format("entry {} is missing: it was deleted", expected)
            : fmt::format("entries {} to {} are missing: they were deleted", expected, e.seq - 1));
  }
  if (e.prev_hash != prev->hash) {
    return Break(
        e.seq,
        fmt::format("第 {} 条记录的前序摘要与第 {} 条的摘要不符：第 {} 条被改动后重算了摘要，"
                    "或两条之间的条目被替换",
                    e.seq, prev->seq, prev->seq),
        fmt::format("entry {}'s previous hash does not match entry {}'s hash: entry {} "
                    "was changed and re-hashed, or an entry between them was replaced",
                    e.seq, prev->seq, prev->seq));
  }
  return std::nullopt;
}

}  // namespace

std::string ChainInput(std::string_view prev_hash, const AuditEntry& e) {
  std::string out = "jiaodu-audit-v1\n";
  Field(out, "prev", prev_hash);
  Number(out, "seq", e.seq);
  Number(out, "time", e.time);
  Field(out, "actor", e.actor);
  Field(out, "role", e.role);
  Field(out, "from", e.from);
  Field(out, "action", e.action);
  Field(out, "object_kind", e.object.kind);
  Field(out, "object_id", e.object.id);
  Field(out, "object_area", e.object.area);
  Field(out, "old", e.old_value);
  Field(out, "new", e.new_value);
  Field(out, "reason", e.reason);
  Field(out, "outcome", e.outcome);
  return out;
}

std::string ChainHash(std::string_view prev_hash, const AuditEntry& entry, HashHex hash) {
  return hash(ChainInput(prev_hash, entry));
}

AuditEntry Chain(const AuditEntry* last, AuditEntry entry, HashHex hash) {
  entry.seq = last != nullptr ? last->seq + 1 : 1;
  entry.prev_hash = last != nullptr ? last->hash : std::string(kGenesisHash);
  entry.hash = ChainHash(entry.prev_hash, entry, hash);
  return entry;
}

std::optional<ChainBreak> FindChainBreak(std::span<const AuditEntry> entries, HashHex hash,
                                         const std::optional<ChainAnchor>& anchor) {
  const AuditEntry* prev = nullptr;
  for (size_t i = 0; i < entries.size(); ++i) {
    const AuditEntry& e = entries[i];
    if (auto b = LinkBreak(prev, e, entries.subspan(i + 1))) return b;
    if (e.hash != ChainHash(e.prev_hash, e, hash)) {
      return Break(e.seq, fmt::format("第 {} 条的内容与其摘要不符：该条被改动过", e.seq),
                   fmt::format("entry {} does not match its hash: it was changed", e.seq));
    }
    if (anchor && e.seq == anchor->seq && e.hash != anchor->hash) {
      return Break(e.seq,
                   fmt::format("第 {} 条的摘要与另行保存的锚点不符：日志在此之前被整体改写", e.seq),
                   fmt::format("entry {}'s hash differs from the anchor kept elsewhere: the trail "
                               "was rewritten up to here",
                               e.seq));
    }
    prev = &e;
  }
  const int64_t last = prev != nullptr ? prev->seq : 0;
  if (anchor && anchor->seq > last) {
    return Break(
        last + 1,
        fmt::format("锚点记录到第 {} 条，日志只到第 {} 条：末尾的条目被删除", anchor->seq, last),
        fmt::format("the anchor records entry {} but the trail ends at entry {}: the "
                    "newest entries were deleted",
                    anchor->seq, last));
  }
  return std::nullopt;
}

Status VerifyChain(std::span<const AuditEntry> entries, HashHex hash,
                   const std::optional<ChainAnchor>& anchor) {
  if (auto b = FindChainBreak(entries, hash, anchor)) {
    return Fail(ErrorCode::kCorrupt, "access.audit_broken", std::move(b->message));
  }
  return Ok();
}

}  // namespace jiaodu::access
