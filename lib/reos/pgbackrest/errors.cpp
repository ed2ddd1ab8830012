#include "reos/pgbackrest/errors.hpp"

#include <cctype>
#include <map>

#include <fmt/format.h>

#include "reos/util/text.hpp"

namespace reos::pgbackrest {
namespace {

// error.yaml of pgBackRest release/2.45: code -> kebab-case name.
const std::map<int, std::string_view>& names() {
  // a table of pgBackRest error codes, several to a line (not reflowed):
  // clang-format off
  static const std::map<int, std::string_view> m = {
      {25, "assert"}, {26, "checksum"}, {27, "config"}, {28, "file-invalid"}, {29, "format"},
      {30, "command-required"}, {31, "option-invalid"}, {32, "option-invalid-value"},
      {33, "option-invalid-range"}, {34, "option-invalid-pair"}, {35, "option-duplicate-key"},
      {36, "option-negate"}, {37, "option-required"}, {38, "pg-running"}, {39, "protocol"},
      {40, "path-not-empty"}, {41, "file-open"}, {42, "file-read"}, {43, "param-required"},
      {44, "archive-mismatch"}, {45, "archive-duplicate"}, {46, "version-not-supported"},
      {47, "path-create"}, {48, "command-invalid"}, {49, "host-connect"}, {50, "lock-acquire"},
      {51, "backup-mismatch"}, {52, "file-sync"}, {53, "path-open"}, {54, "path-sync"},
      {55, "file-missing"}, {56, "db-connect"}, {57, "db-query"}, {58, "db-mismatch"},
      {59, "db-timeout"}, {60, "file-remove"}, {61, "path-remove"}, {62, "stop"}, {63, "term"},
      {64, "file-write"}, {65, "protocol-timeout"}, {67, "feature-not-supported"},
      {68, "archive-command-invalid"}, {69, "link-expected"}, {70, "link-destination"},
      {72, "host-invalid"}, {73, "path-missing"}, {74, "file-move"}, {75, "backup-set-invalid"},
      {76, "tablespace-map"}, {77, "path-type"}, {78, "link-map"}, {79, "file-close"},
      {80, "db-missing"}, {81, "db-invalid"}, {82, "archive-timeout"}, {83, "file-mode"},
      {84, "option-multiple-value"}, {85, "protocol-output-required"}, {86, "link-open"},
      {87, "archive-disabled"}, {88, "file-owner"}, {89, "user-missing"}, {90, "option-command"},
      {91, "group-missing"}, {92, "path-exists"}, {93, "file-exists"}, {94, "memory"},
      {95, "crypto"}, {96, "param-invalid"}, {97, "path-close"}, {98, "file-info"},
      {99, "json-format"}, {100, "kernel"}, {101, "service"}, {102, "execute"},
      {103, "repo-invalid"}, {104, "command"}, {105, "access"}, {106, "clock"},
      {122, "runtime"}, {123, "invalid"}, {124, "unhandled"}, {125, "unknown"},
  };
  // clang-format on
  return m;
}

}  // namespace

std::string error_name(int code) {
  auto it = names().find(code);
  if (it == names().end()) return {};
  std::string out;
  bool upper = true;
  for (char c : it->second) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out + "Error";
}

std::string error_hint(int code) {
  switch (code) {
    case 27: return "is PostgreSQL running, and does this run as the cluster owner (sudo -u postgres)?";
    case 29:
      return "the repository could not be decrypted: check the cipher pass (REOS_REPO1_CIPHER_PASS / "
             "PGBACKREST_REPO1_CIPHER_PASS)";
    case 31:
    case 32: return "pgBackRest rejected an option: check --pgbackrest-config and the pgBackRest version (2.45 expected)";
    case 37: return "is the stanza defined in the pgBackRest config file (see --pgbackrest-config)?";
    case 38: return "the target cluster is running: stop it first, or restore into another directory";
    case 40: return "the target directory is not empty: use --delta to reuse matching files or --force to overwrite";
    case 41:
      return "a repository or data file is not accessible to this user; files left by a root-run pgbackrest need chown -R "
             "postgres:";
    case 47: return "the repository path is not writable by this user";
    case 50: return "another pgBackRest process holds the lock (backup or expire running); wait for it";
    case 55:
      return "a required file is missing: has stanza-create been run (reos-backup stanza-create --stanza NAME), and does "
             "--pgbackrest-config exist?";
    case 56: return "PostgreSQL is not reachable: is it running, and are pg1-port/pg1-socket-path right?";
    case 57: return "PostgreSQL failed or stopped during the backup; check its log and re-run (pgBackRest resumes the backup)";
    case 58: return "pg1-path is not the data_directory of the server on pg1-port";
    case 62: return "pgbackrest stop is in effect for this stanza: run 'pgbackrest start --stanza NAME' when maintenance is over";
    case 63: return "pgBackRest was stopped by a signal; the next backup of the same type resumes it";
    case 64: return "a file could not be written: is the target filesystem full (df -h) or read-only?";
    case 68: return "archive_command must call pgbackrest: archive_command = 'pgbackrest --stanza=NAME archive-push %p'";
    case 75: return "no such backup set, or the repository cannot be decrypted (wrong cipher pass?)";
    case 82: return "WAL did not reach the archive in time: check archive_command and pg_stat_archiver";
    case 87: return "archive_mode is off: set archive_mode = on in postgresql.conf and restart PostgreSQL";
    default: return {};
  }
}

std::optional<ReportedError> parse_reported_error(std::string_view stderr_text) {
  std::optional<ReportedError> found;
  bool in_error = false;
  for (const auto& line : util::split_lines(stderr_text)) {
    // Both forms: "ERROR: [056]: msg" (stderr) and "... P00  ERROR: [056]: msg" (console).
    auto pos = line.find("ERROR: [");
    if (pos != std::string::npos) {
      auto close = line.find("]: ", pos);
      if (close != std::string::npos) {
        ReportedError e;
        try {
          e.code = std::stoi(line.substr(pos + 8, close - pos - 8));
        } catch (...) {
          continue;
        }
        e.message = util::trim(line.substr(close + 3));
        found = e;
        in_error = true;
        continue;
      }
    }
    // Continuation lines are indented; HINT lines belong to the error too.
    if (in_error && found && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      found->message += " " + util::trim(line);
    } else {
      in_error = false;
    }
  }
  return found;
}

std::vector<std::string> parse_warnings(std::string_view stderr_text) {
  std::vector<std::string> out;
  bool in_warn = false;
  for (const auto& line : util::split_lines(stderr_text)) {
    auto pos = line.find("WARN: ");
    if (pos != std::string::npos && (pos == 0 || line.find(" P0") != std::string::npos)) {
      out.push_back(util::trim(line.substr(pos + 6)));
      in_warn = true;
    } else if (in_warn && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      out.back() += " " + util::trim(line);
    } else {
      in_warn = false;
    }
  }
  return out;
}

error::Error upstream_error(const process::Invocation& inv, const process::ProcessResult& r, const util::Redactor& redactor) {
  const std::string stderr_text = util::sanitize_utf8(r.err);
  auto reported = parse_reported_error(stderr_text);
  const int code = reported ? reported->code : r.exit_code;
  const std::string name = error_name(code);
  std::string what = reported ? reported->message : util::first_line(stderr_text);
  if (what.empty()) what = fmt::format("exit code {}", r.exit_code);
  // Killed by a signal it did not report (SIGKILL, the OOM killer): say so, not "exit code -1".
  std::string message = !reported && r.term_signal
                            ? fmt::format("pgbackrest {} was killed by signal {}{}", inv.purpose, r.term_signal,
                                          what == fmt::format("exit code {}", r.exit_code) ? "" : ": " + redactor.text(what))
                            : fmt::format("pgbackrest {} failed: [{}]{} {}", inv.purpose, code,
                                          name.empty() ? "" : " " + name + ":", redactor.text(what));
  std::string hint = error_hint(code);
  if (hint.empty()) hint = "see the pgBackRest log for the stanza and the stderr tail in the JSON error";
  error::Upstream up;
  up.program = "pgbackrest";
  up.argv = redactor.argv(inv.argv());
  up.exit_code = r.exit_code;
  up.error_name = name;
  up.stderr_tail = redactor.text(util::tail_lines(stderr_text, 8));
  return error::Error(error::ExitCode::UpstreamFailed, message, hint).with_upstream(up);
}

void require_success(const process::Invocation& inv, const process::ProcessResult& r, const util::Redactor& redactor) {
  if (r.exit_code != 0) throw upstream_error(inv, r, redactor);
}

process::ProcessResult run_step(process::Executor& exec, const process::Invocation& inv) {
  auto r = exec.run(inv);
  require_success(inv, r, exec.redactor());
  return r;
}

process::ProcessResult finish_step(process::Executor& exec, process::Executor::Started& started) {
  auto r = exec.finish(started);
  require_success(started.inv, r, exec.redactor());
  return r;
}

}  // namespace reos::pgbackrest
