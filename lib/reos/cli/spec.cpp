#include "reos/cli/spec.hpp"

#include <cctype>
#include <string>

namespace reos::cli {

const std::vector<OptionSpec>& options() {
  using K = ValueKind;
  using C = Completion;
  static const std::vector<OptionSpec> table = {
      // ---- global ---------------------------------------------------------------------------
      {"config", K::path, "PATH",
       "reos-backup's own settings file (INI: [global], [stanza:NAME]); default "
       "/etc/reos-backup/reos-backup.conf when it exists",
       {}, {}, true, false, false, C::file},
      {"output", K::choice, "FORMAT",
       "text for people, json for machines: exactly one JSON document on stdout, also on failure",
       {"text", "json"}, "text", true, true, false, C::choices},
      {"dry-run", K::flag, "", "print the (redacted) plan of child programs and run nothing", {}, {}, true,
       true},
      {"timeout", K::duration, "DURATION",
       "limit for each child program (90s, 5m, 2h, 1h30m); on expiry it gets SIGTERM, then SIGKILL",
       {}, {}, true, true},
      {"log-level", K::choice, "LEVEL",
       "how much goes to stderr; debug also shows where each setting came from",
       {"error", "warn", "info", "debug"}, "warn", true, true, false, C::choices},
      {"pgbackrest-bin", K::path, "PATH", "the pgbackrest program to run (default: pgbackrest on PATH)", {},
       "pgbackrest", true, true, false, C::file},
      {"pgbackrest-config", K::path, "PATH",
       "pgBackRest configuration file, passed through as --config (default: pgBackRest's own default)",
       {}, {}, true, true, false, C::file},
      // Secrets: environment or config file only, handed to pgBackRest via its PGBACKREST_*
      // environment variables, never argv.
      {"repo1-cipher-pass", K::text, "PASS", "repository 1 cipher passphrase (secret; env or config file only)",
       {}, {}, true, true, true},
      {"repo2-cipher-pass", K::text, "PASS", "repository 2 cipher passphrase (secret; env or config file only)",
       {}, {}, true, true, true},
      {"repo2-s3-key", K::text, "KEY", "repository 2 S3 access key (secret; env or config file only)", {}, {},
       true, true, true},
      {"repo2-s3-key-secret", K::text, "SECRET",
       "repository 2 S3 secret key (secret; env or config file only)", {}, {}, true, true, true},
      // ---- per command ----------------------------------------------------------------------
      {"stanza", K::identifier, "NAME",
       "pgBackRest stanza: letters, digits, '-', '_', '.'; must not start with '-'", {}, {}, true, true,
       false, C::stanza},
      {"type", K::choice, "TYPE",
       "backup type; incr becomes full when no prior backup exists (pgBackRest rule)",
       {"full", "diff", "incr"}, "incr", false, false, false, C::choices},
      {"repo", K::integer, "N", "repository number to use (pgBackRest --repo); default: all/first as pgBackRest does",
       {}, {}, false, true, false, C::none, 1, 256},
  };
  return table;
}

const std::vector<std::string_view>& global_options() {
  static const std::vector<std::string_view> names = {
      "config", "output", "dry-run", "timeout", "log-level", "pgbackrest-bin", "pgbackrest-config",
      "repo1-cipher-pass", "repo2-cipher-pass", "repo2-s3-key", "repo2-s3-key-secret"};
  return names;
}

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> table = {
      {"stanza-create", "create the pgBackRest stanza (idempotent)",
       "Creates the stanza in every configured repository. Running it again on a valid stanza is "
       "not an error: the result says it already existed.",
       {"stanza"},
       {"stanza"},
       {{"create the seed's stanza", "sudo -u postgres reos-backup stanza-create --stanza realestate-db"}},
       true, "10m"},
      {"backup", "take a full, differential or incremental backup",
       "Runs pgbackrest backup and reads the new backup back from info: label, type, start and "
       "stop time, sizes and duration. Warnings pgBackRest prints (resumed backup, incr promoted "
       "to full) are carried in the result.",
       {"stanza", "type", "repo"},
       {"stanza"},
       {{"weekly full (Sunday 02:00 UTC in the seed)",
         "sudo -u postgres reos-backup backup --stanza realestate-db --type full"},
        {"every 6 hours, machine-readable", "reos-backup backup --stanza realestate-db --type incr --output json"}},
       true, "12h"},
      {"info", "show backups, WAL archive range and backup ages per stanza",
       "Parses pgbackrest info --output=json into a normalized result: per stanza its status, each "
       "repository's status, every backup (label, type, prior, times in UTC, sizes, WAL range, "
       "repository), the archive range, the age of the newest full/diff/incr backup and whether a "
       "backup holds the lock. Exits 10 when a stanza is not healthy (missing, no backups, "
       "unreadable repository).",
       {"stanza", "repo"},
       {},
       {{"all stanzas, for a person", "reos-backup info"},
        {"one stanza, for a script", "reos-backup info --stanza realestate-db --output json"}},
       false, "5m"},
  };
  return table;
}

const OptionSpec* find_option(std::string_view name) {
  for (const auto& o : options())
    if (o.name == name) return &o;
  return nullptr;
}

const CommandSpec* find_command(std::string_view name) {
  for (const auto& c : commands())
    if (c.name == name) return &c;
  return nullptr;
}

std::string env_name(std::string_view option_name) {
  std::string out = "REOS_";
  for (char c : option_name) out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace reos::cli
