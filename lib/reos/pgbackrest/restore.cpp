#include "reos/pgbackrest/restore.hpp"

#include <algorithm>

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
    case K::time: extra.push_back("--type=time"); extra.push_back("--target=" + r.target.time->utc_postgres); break;
    case K::lsn: extra.push_back("--type=lsn"); extra.push_back("--target=" + r.target.value); break;
    case K::xid: extra.push_back("--type=xid"); extra.push_back("--target=" + r.target.value); break;
    case K::name: extra.push_back("--type=name"); extra.push_back("--target=" + r.target.value); break;
    case K::immediate: extra.push_back("--type=immediate"); break;
  }
  if (r.target.kind != K::latest) extra.push_back("--target-action=" + r.target_action);
  if (r.target_exclusive) extra.push_back("--target-exclusive");
  if (r.set) extra.push_back("--set=" + *r.set);
  if (r.delta) extra.push_back("--delta");
  if (r.force) extra.push_back("--force");
  if (r.archive_off) extra.push_back("--archive-mode=off");
  if (r.lock_path) extra.push_back("--lock-path=" + *r.lock_path);
  if (r.spool_path) extra.push_back("--spool-path=" + *r.spool_path);
  if (r.repo) {
    extra.push_back("--repo=" + std::to_string(*r.repo));
    extra.push_back("--recovery-option=restore_command=" + single_repo_restore_command(t, r));
  }
  return pgbackrest_call(t, "restore", "restore", r.stanza, std::move(extra));
}

process::Invocation verify_call(const Target& t, const std::string& stanza, long long repo) {
  // The per-file findings ("invalid checksum '<file>'") are only info log lines; the status
  // block is printed by --output=text, and only with --verbose when everything is ok.
  // The block then appears twice (as a log line and as output): the parser deduplicates.
  return pgbackrest_call(t, "verify", "verify", stanza,
                         {"--repo=" + std::to_string(repo), "--log-timestamp=n", "--output=text", "--verbose"}, "info");
}

VerifyReport parse_verify_output(const std::string& out) {
  VerifyReport rep;
  for (const auto& raw : util::split_lines(out)) {
    std::string line = raw;
    // "P00   INFO: text" or "P01   INFO: text" with --log-timestamp=n; continuation lines
    // of the status block are indented.
    if (auto pos = line.find("INFO: "); pos != std::string::npos && pos < 16) line = line.substr(pos + 6);
    auto add_problem = [&](std::string p) {
      if (std::find(rep.problems.begin(), rep.problems.end(), p) == rep.problems.end()) rep.problems.push_back(std::move(p));
    };
    if (auto pos = line.find("WARN: "); pos != std::string::npos && pos < 16) {
      add_problem(util::trim(line.substr(pos + 6)));
      continue;
    }
    line = util::trim(line);
    if (line.rfind("status: ", 0) == 0) {
      if (rep.status.empty() || rep.status == "ok") rep.status = line.substr(8);
    } else if (line.rfind("backup: ", 0) == 0) {
      // "backup: LABEL, status: valid, total files checked: 964, total valid files: 964"
      auto comma = line.find(", status: ");
      if (comma == std::string::npos) continue;
      std::string label = line.substr(8, comma - 8);
      std::string rest = line.substr(comma + 10);
      std::string status = rest.substr(0, rest.find(','));
      bool seen = false;
      for (const auto& b : rep.backups) seen = seen || b["label"] == label;
      if (!seen) rep.backups.push_back({{"label", label}, {"status", status}});
      if (status != "valid") add_problem(fmt::format("backup {}: {}", label, status));
    } else if (line.rfind("invalid ", 0) == 0 || line.rfind("missing ", 0) == 0 ||
               line.find("is missing") != std::string::npos) {
      if (line.find("command") == std::string::npos) add_problem(line);
    }
  }
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
