#include "reos/pgbackrest/restore.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/text.hpp"

namespace reos::pgbackrest {

std::string single_repo_restore_command(const Target& t, const RestoreRequest& r) {
  std::vector<std::string> paths{t.program, r.pg_path};
  if (t.config) paths.push_back(*t.config);
  if (r.lock_path) paths.push_back(*r.lock_path);
  if (r.spool_path) paths.push_back(*r.spool_path);
  for (const auto& p : paths) {
    if (!util::is_plain_word(p, true)) {
      throw error::Error(error::ExitCode::Usage,
                         fmt::format("--repo needs plain paths in the restore_command it writes; '{}' is not one", p),
                         "use absolute paths of letters, digits and / . _ - only (PostgreSQL runs restore_command "
                         "through a shell)");
    }
  }
  std::string cmd = t.program;
  if (t.config) cmd += " --config=" + *t.config;
  if (r.lock_path) cmd += " --lock-path=" + *r.lock_path;
  cmd += " --pg1-path=" + r.pg_path;
  cmd += " --repo=" + std::to_string(*r.repo);
  if (r.spool_path) cmd += " --spool-path=" + *r.spool_path;
  if (!util::is_plain_word(r.stanza)) {
    throw error::Error(error::ExitCode::Usage, fmt::format("stanza '{}' cannot be written into a restore_command", r.stanza),
                       "use a stanza name of letters, digits and . _ - only");
  }
  cmd += " --stanza=" + r.stanza + " archive-get %f \"%p\"";
  return cmd;
}

process::Invocation restore_call(const Target& t, const RestoreRequest& r) {
  std::vector<std::string> extra{"--pg1-path=" + r.pg_path};
  using K = RecoveryTarget::Kind;
  switch (r.target.kind) {
    case K::latest: break;  // pgBackRest's default: replay to the end of the archive
    case K::time:
      extra.push_back("--type=time");
      extra.push_back("--target=" + r.target.time->utc_postgres);
      break;
    case K::lsn:
      extra.push_back("--type=lsn");
      extra.push_back("--target=" + r.target.value);
      break;
    case K::xid:
      extra.push_back("--type=xid");
      extra.push_back("--target=" + r.target.value);
      break;
    case K::name:
      extra.push_back("--type=name");
      extra.push_back("--target=" + r.target.value);
      break;
    case K::immediate: extra.push_back("--type=immediate"); break;
  }
  if (r.target.kind != K::latest) extra.push_back("--target-action=" + r.target_action);
  if (r.target_exclusive) extra.push_back("--target-exclusive");
  if (r.set) extra.push_back("--set=" + *r.set);
  if (r.delta) extra.push_back("--delta");
  if (r.force) extra.push_back("--force");
  if (r.process_max) extra.push_back("--process-max=" + std::to_string(*r.process_max));
  if (r.archive_off) extra.push_back("--archive-mode=off");
  if (r.lock_path) extra.push_back("--lock-path=" + *r.lock_path);
  if (r.spool_path) extra.push_back("--spool-path=" + *r.spool_path);
  if (r.repo) {
    extra.push_back("--repo=" + std::to_string(*r.repo));
    extra.push_back("--recovery-option=restore_command=" + single_repo_restore_command(t, r));
  }
  return pgbackrest_call(t, "restore", "restore", r.stanza, std::move(extra));
}

process::Invocation verify_call(const Target& t, const std::string& stanza, long long repo,
                                const std::optional<std::string>& set) {
  // The per-file findings ("invalid checksum '<file>'") are only info log lines; the status
  // block is printed by --output=text, and only with --verbose when everything is ok.
  // The block then appears twice (as a log line and as output): the parser deduplicates.
  std::vector<std::string> extra{"--repo=" + std::to_string(repo), "--log-timestamp=n", "--output=text", "--verbose"};
  if (set) extra.push_back("--set=" + *set);
  return pgbackrest_call(t, "verify", "verify", stanza, std::move(extra), "info");
}

bool verify_has_set(const std::string& version) { return version_at_least(version, 2, 49); }

namespace {

// "12" -> 12; nullopt for anything else (no sign, no overflow: this is another program's text).
std::optional<long long> count(std::string_view s) {
  long long n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || s[0] == '-') return std::nullopt;
  return n;
}

// "name: 1, other name: 2" -> {{"name", 1}, {"other name", 2}}; nullopt when a part is not one.
std::optional<std::vector<std::pair<std::string, long long>>> named_counts(const std::string& line) {
  std::vector<std::pair<std::string, long long>> out;
  for (std::size_t pos = 0; pos <= line.size();) {
    const auto next = std::min(line.find(", ", pos), line.size());
    const std::string part = line.substr(pos, next - pos);
    const auto colon = part.find(": ");
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    auto n = count(std::string_view(part).substr(colon + 2));
    if (!n) return std::nullopt;
    out.emplace_back(part.substr(0, colon), *n);
    pos = next + 2;
  }
  return out;
}

// Reads one "key: N" of a named_counts result (absent: nullopt).
std::optional<long long> value_of(const std::vector<std::pair<std::string, long long>>& counts, std::string_view key) {
  for (const auto& [k, v] : counts)
    if (k == key) return v;
  return std::nullopt;
}

nlohmann::json maybe(std::optional<long long> v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

VerifyReport parse_verify_output(const std::string& out) {
  VerifyReport rep;
  auto add_problem = [&](std::string p) {
    if (std::find(rep.problems.begin(), rep.problems.end(), p) == rep.problems.end()) rep.problems.push_back(std::move(p));
  };
  // The status block, as pgBackRest 2.39-2.60 prints it (stdout with --output=text, and again as
  // the INFO log line's continuation):
  //   stanza: db / status: error / archiveId: 11-2, total WAL checked: 4, total valid WAL: 2 /
  //   checksum invalid: 1, size invalid: 1 / backup: LABEL, status: invalid, total files ... /
  //   a message of its own ("backup set X is not valid", "'BOGUS' is not a valid backup label").
  // The counter line under an archiveId or backup line belongs to it: non-zero counters are
  // problems (without --verbose only non-zero ones are printed).
  std::string owner;  // "WAL 11-2" or "backup LABEL": what the next counter line counts
  nlohmann::json* owner_entry = nullptr;
  bool in_block = false;
  // A backup's problem waits for the counter line that may follow, so it reads as one:
  // "backup LABEL: invalid (missing 1, checksum invalid 1)".
  std::string pending;
  auto flush = [&](const std::string& detail = {}) {
    if (!pending.empty()) add_problem(detail.empty() ? pending : pending + " (" + detail + ")");
    pending.clear();
  };
  for (const auto& raw : util::split_lines(out)) {
    std::string line = raw;
    // "P00   INFO: text" or "P01   INFO: text" with --log-timestamp=n; continuation lines
    // of the status block are indented.
    if (auto pos = line.find("INFO: "); pos != std::string::npos && pos < 16) line = line.substr(pos + 6);
    const auto counts = named_counts(util::trim(line));
    if (!counts || owner.empty()) flush();
    if (auto pos = line.find("WARN: "); pos != std::string::npos && pos < 16) {
      add_problem(util::trim(line.substr(pos + 6)));
      continue;
    }
    const bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    line = util::trim(line);
    if (line.rfind("stanza: ", 0) == 0) {
      in_block = true;
      owner.clear();
      owner_entry = nullptr;
    } else if (line.rfind("status: ", 0) == 0) {
      if (rep.status.empty() || rep.status == "ok") rep.status = line.substr(8);
    } else if (line.rfind("archiveId: ", 0) == 0) {
      // "archiveId: 11-2, total WAL checked: 8, total valid WAL: 5" ("archiveId: none found")
      const auto comma = line.find(", ");
      owner_entry = nullptr;
      owner.clear();
      if (comma == std::string::npos) continue;
      const std::string id = line.substr(11, comma - 11);
      owner = "WAL " + id;
      const auto counts = named_counts(line.substr(comma + 2));
      bool seen = false;
      for (auto& w : rep.wal) seen = seen || w["archive_id"] == id;
      if (!seen) {
        rep.wal.push_back({{"archive_id", id},
                           {"checked", maybe(counts ? value_of(*counts, "total WAL checked") : std::nullopt)},
                           {"valid", maybe(counts ? value_of(*counts, "total valid WAL") : std::nullopt)}});
        owner_entry = &rep.wal.back();
      }
    } else if (line.rfind("backup: ", 0) == 0) {
      // "backup: LABEL, status: valid, total files checked: 964, total valid files: 964"
      owner_entry = nullptr;
      owner.clear();
      auto comma = line.find(", status: ");
      if (comma == std::string::npos) continue;  // "backup: none found"
      std::string label = line.substr(8, comma - 8);
      std::string rest = line.substr(comma + 10);
      std::string status = rest.substr(0, rest.find(','));
      owner = "backup " + label;
      const auto tail = rest.find(", ");
      const auto counts = tail == std::string::npos ? std::nullopt : named_counts(rest.substr(tail + 2));
      bool seen = false;
      for (const auto& b : rep.backups) seen = seen || b["label"] == label;
      if (!seen) {
        rep.backups.push_back({{"label", label},
                               {"status", status},
                               {"checked", maybe(counts ? value_of(*counts, "total files checked") : std::nullopt)},
                               {"valid", maybe(counts ? value_of(*counts, "total valid files") : std::nullopt)}});
        owner_entry = &rep.backups.back();
      }
      if (status != "valid") pending = fmt::format("backup {}: {}", label, status);
    } else if (counts && !owner.empty()) {
      // "missing: 0, checksum invalid: 1, size invalid: 1, other: 0"
      std::vector<std::string> bad;
      for (const auto& [k, v] : *counts) {
        if (owner_entry) (*owner_entry)[k] = v;
        if (v != 0) bad.push_back(fmt::format("{} {}", k, v));
      }
      if (!pending.empty())
        flush(util::join(bad, ", "));
      else if (!bad.empty())
        add_problem(fmt::format("{}: {}", owner, util::join(bad, ", ")));
      owner.clear();
      owner_entry = nullptr;
    } else if (line.rfind("invalid ", 0) == 0 || line.rfind("missing ", 0) == 0 || line.find("is missing") != std::string::npos) {
      if (line.find("command") == std::string::npos) add_problem(line);
    } else if (in_block && indented && !line.empty()) {
      add_problem(line);  // a message of the status block's own: "backup set X is not valid"
    }
  }
  flush();
  rep.ok = rep.status == "ok";
  return rep;
}

std::optional<std::uint64_t> parse_lsn(const std::string& lsn) {
  auto slash = lsn.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= lsn.size() || slash > 8 || lsn.size() - slash - 1 > 8)
    return std::nullopt;
  for (std::size_t i = 0; i < lsn.size(); ++i) {
    if (i != slash && !std::isxdigit(static_cast<unsigned char>(lsn[i]))) return std::nullopt;
  }
  std::uint64_t hi = std::stoull(lsn.substr(0, slash), nullptr, 16);
  std::uint64_t lo = std::stoull(lsn.substr(slash + 1), nullptr, 16);
  return (hi << 32) | lo;
}

const BackupSet* backup_for_target(const StanzaInfo& s, const RecoveryTarget& t) {
  const BackupSet* best = nullptr;
  const bool by_time = t.kind == RecoveryTarget::Kind::time || t.kind == RecoveryTarget::Kind::lsn;
  int first_repo = 0;
  for (const auto& b : s.backups)
    if (first_repo == 0 || b.repo_key < first_repo) first_repo = b.repo_key;
  for (const auto& b : s.backups) {
    if (!by_time && b.repo_key != first_repo) continue;
    bool before = true;
    if (t.kind == RecoveryTarget::Kind::time) {
      // A stop time too far out to count in microseconds is after any target.
      std::int64_t stop_us = 0;
      before = !__builtin_mul_overflow(b.stop_epoch, std::int64_t{1'000'000}, &stop_us) ? stop_us < t.time->epoch_us
                                                                                        : b.stop_epoch < 0;
    } else if (t.kind == RecoveryTarget::Kind::lsn) {
      auto stop = b.lsn_stop ? parse_lsn(*b.lsn_stop) : std::nullopt;
      auto target = parse_lsn(t.value);
      before = stop && target && *stop <= *target;
    }
    if (before && (!best || b.stop_epoch >= best->stop_epoch)) best = &b;
  }
  return best;
}

}  // namespace reos::pgbackrest
