// File: jiaodu/domain/access/audit.h
//
// The audit trail as a hash chain (issue 8: "tamper evidence: each entry
// hashes the previous one"). Every change, login, failed login and export is
// one AuditEntry; entries are only appended, never updated or deleted.
//
//   entry.hash = H(ChainInput(entry.prev_hash, entry)),  entry.prev_hash =
//   the previous entry's hash (64 '0's before the first entry)
//
// ChainInput is the one canonical byte form of an entry, written out in
// docs/access.md ("Audit chain") so that a second implementation (a SQL query,
// a Python script: tests/fixtures/access/audit_chain.py) reproduces it byte
// for byte. H is passed in (auth::Sha256Hex in production), so the domain
// stays free of any crypto library.
//
// What the chain proves: an entry edited in place, removed, reordered or
// inserted breaks a link that VerifyChain names by seq. What it cannot prove
// alone: that nobody rewrote the whole chain from some point on, or cut off
// its newest entries. For that, the head (seq and hash) is recorded somewhere
// the database's owner cannot rewrite (A11) and passed as the anchor.
#ifndef JIAODU_DOMAIN_ACCESS_AUDIT_H_
#define JIAODU_DOMAIN_ACCESS_AUDIT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "jiaodu/core/error.h"

namespace jiaodu::access {

// What an entry is about: an account, a school's year, an import, a task …
struct AuditObject {
  std::string kind;  // stable key: account, school_year, county_year, import, task, export …
  std::string id;    // the login, 学校标识码 + 学年, import id …
  std::string area;  // the county (or city) code it belongs to, for scoped reading
};

struct AuditEntry {
  int64_t seq = 0;     // 1, 2, 3 … in the order written, no gaps
  int64_t time = 0;    // unix seconds, UTC
  std::string actor;   // the login (as typed, for an unknown login), or "system"
  std::string role;    // the actor's RoleKey; empty when there is no account
  std::string from;    // the client's address as the server saw it
  std::string action;  // stable key: login, logout, password_change, import, edit, export …
  AuditObject object;
  std::string old_value;  // as text (JSON for records); empty when there was none
  std::string new_value;
  std::string reason;   // where a step requires one (退回, 解锁, 撤销 …)
  std::string outcome;  // ok, refused, or a LoginOutcomeKey …
  // The chain, stored with the entry and not part of its fields.
  std::string prev_hash;
  std::string hash;
};

// A hash function: bytes → lower-case hex digest (auth::Sha256Hex).
using HashHex = std::string (*)(std::string_view bytes);

// The previous hash of the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The bytes hashed for `entry` after `prev_hash` (format in docs/access.md):
// a version line, then one "name=value" line per field in a fixed order,
// each value with \ → \\, LF → \n, CR → \r; numbers in plain decimal.
std::string ChainInput(std::string_view prev_hash, const AuditEntry& entry);
std::string ChainHash(std::string_view prev_hash, const AuditEntry& entry, HashHex hash);

// `entry` as the next entry after `last` (nullptr: the first): its seq,
// prev_hash and hash set.
AuditEntry Chain(const AuditEntry* last, AuditEntry entry, HashHex hash);

// The head of the chain as recorded outside the database.
struct ChainAnchor {
  int64_t seq = 0;
  std::string hash;
};

// The first broken link: the seq where the chain stops being trustworthy and
// why, in Chinese and English.
struct ChainBreak {
  int64_t seq = 0;
  Text message;
};

// Checks `entries` (in the order stored, a whole chain or a run of it) link
// by link. A run that does not start at seq 1 trusts its first prev_hash.
// With an anchor inside or past the run, also that the entry at anchor.seq
// exists and has anchor.hash (which catches a rewritten or cut-off tail).
std::optional<ChainBreak> FindChainBreak(std::span<const AuditEntry> entries, HashHex hash,
                                         const std::optional<ChainAnchor>& anchor = std::nullopt);
// The same as a Status: access.audit_broken (ErrorCode::kCorrupt) with the
// break's message.
Status VerifyChain(std::span<const AuditEntry> entries, HashHex hash,
                   const std::optional<ChainAnchor>& anchor = std::nullopt);

}  // namespace jiaodu::access

#endif  // JIAODU_DOMAIN_ACCESS_AUDIT_H_
