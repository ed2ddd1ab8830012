#include "reos/cli/render_man.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reos/commands/schedule.hpp"
#include "reos/config/settings.hpp"
#include "reos/config/spec.hpp"
#include "reos/error/error.hpp"
#include "reos/schedule/cron_file.hpp"
#include "reos/schedule/jobs.hpp"
#include "reos/util/text.hpp"

namespace reos::cli {

namespace {

// The manual's date: bumped together with the project version, never taken from the clock,
// so a fresh render of an unchanged table is byte-identical to the committed page.
constexpr std::string_view kManualDate = "2026-11-24";

// The stanza the seed (backup-restore-strategy.md) names; used only in examples.
constexpr std::string_view kSeedStanza = "realestate-db";

std::string esc(std::string_view s) { return roff_escape(s); }

std::string bold(std::string_view s) { return "\\fB" + esc(s) + "\\fR"; }
std::string italic(std::string_view s) { return "\\fI" + esc(s) + "\\fR"; }

// Help texts are written as lower-case fragments for --help; the manual wants sentences. A
// first word with capitals of its own (pgBackRest, MinIO) keeps its spelling.
// Names (reos-backup's, mc's) keep their spelling too.
std::string sentence(std::string_view s, bool capitalize = true) {
  std::string text(s);
  const std::size_t end = text.find_first_of(" :;,'");
  const std::string first_word = text.substr(0, end);
  const bool plain_word =
      !first_word.empty() && std::all_of(first_word.begin(), first_word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (capitalize && plain_word && (end == std::string::npos || text[end] != '\''))
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  std::string out = esc(text);
  if (!out.empty() && out.back() != '.') out += '.';
  return out;
}

bool is_global(std::string_view name) {
  const auto& g = config::global_options();
  return std::find(g.begin(), g.end(), name) != g.end();
}

// "--type TYPE" in bold/italic, as a .TP tag or a synopsis word; in the synopsis an
// unbreakable space keeps an option and its value on one line.
std::string option_usage(const config::OptionSpec& o, bool keep_together = false) {
  std::string s = bold("--" + std::string(o.name));
  if (o.kind != config::ValueKind::flag) s += (keep_together ? "\\ " : " ") + italic(o.value_name);
  return s;
}

// Everything the table says about an option besides its help, one sentence per line.
std::string option_facts(const config::OptionSpec& o, bool required) {
  std::string out;
  if (required) out += "Required.\n";
  if (!o.choices.empty()) {
    std::vector<std::string> c;
    for (auto v : o.choices) c.push_back(bold(v));
    out += "One of " + util::join(c, ", ") + ".\n";
  }
  if (o.kind == config::ValueKind::duration) out += "A duration such as 90s, 5m, 2h or 1h30m.\n";
  if (o.kind == config::ValueKind::integer && o.min < o.max) out += fmt::format("A whole number from {} to {}.\n", o.min, o.max);
  if (!o.default_value.empty()) out += "Default: " + bold(o.default_value) + ".\n";
  if (o.repeatable) out += "May be given more than once (comma-separated in the environment or config file).\n";
  std::vector<std::string> sources;
  if (o.from_env()) sources.push_back("environment " + bold(config::env_name(o.name)));
  if (o.from_config()) sources.push_back("config key " + bold(o.name));
  if (!sources.empty()) out += "Also settable by " + util::join(sources, " or ") + ".\n";
  return out;
}

std::string option_entry(const config::OptionSpec& o, bool required) {
  return ".TP\n" + option_usage(o) + "\n" + sentence(o.help) + "\n" + option_facts(o, required);
}

std::string example_block(std::string_view description, std::string_view command) {
  return ".PP\n" + sentence(description) + "\n.RS\n.nf\n" + esc(command) + "\n.fi\n.RE\n";
}

std::string synopsis() {
  std::string out = ".SH SYNOPSIS\n";
  out += bold("reos-backup") + " [" + italic("GLOBAL OPTIONS") + "] " + italic("COMMAND") + " [" + italic("OPTIONS") +
         "]\n.br\n" + bold("reos-backup") + " " + bold("--help") + " | " + bold("--version") + "\n";
  for (const auto& c : config::commands()) {
    out += ".PP\n" + bold("reos-backup " + std::string(c.name));
    for (const auto& p : c.positionals) {
      std::string word = p.choices.empty() ? italic(p.name)
                                           : util::join(
                                                 [&] {
                                                   std::vector<std::string> v;
                                                   for (auto ch : p.choices) v.push_back(bold(ch));
                                                   return v;
                                                 }(),
                                                 "|");
      out += " " + (p.required ? word : "[" + word + "]");
    }
    for (auto name : c.options) {
      const config::OptionSpec& o = *config::find_option(name);
      const bool required = std::find(c.required.begin(), c.required.end(), name) != c.required.end();
      out += " " + (required ? option_usage(o, true) : "[" + option_usage(o, true) + "]");
      if (o.repeatable) out += "...";
    }
    out += "\n";
  }
  return out;
}

std::string description() {
  return ".SH DESCRIPTION\n" + bold("reos-backup") + " drives pgBackRest (PostgreSQL backups) and MinIO's " + bold("mc") +
         " (object storage) for operators: one command line, one exit-code table, one JSON document per run.\n"
         ".PP\n"
         "It never starts a shell: each child program gets an argument vector, and secrets (cipher passes, S3 and "
         "MinIO keys) reach it only through its environment, never its command line, and print as <redacted> "
         "everywhere.\n"
         "With " +
         bold("--output json") +
         " stdout carries exactly one JSON document (schema_version 1), also on "
         "failure; logs go to stderr.\n"
         "With " +
         bold("--dry-run") +
         " a command prints the programs it would run, redacted, and runs nothing.\n"
         ".PP\n"
         "Every setting is resolved in one fixed order: command line, then the " +
         bold("REOS_*") +
         " environment, then (secrets only) a systemd credential, then the config file ([stanza:NAME] before "
         "[global]), then the built-in default; " +
         bold("--log-level debug") +
         " shows where each value came from.\n"
         "Commands that run pgBackRest refuse to run as root: pgBackRest must run as the cluster owner.\n";
}

// What --progress prints (util/progress.hpp): the one place a machine reader learns the fields.
std::string progress_section() {
  std::string out =
      ".SH PROGRESS\n" + bold("backup") + ", " + bold("restore-pitr") + " and " + bold("verify") +
      " (its restore) show progress on stderr while pgBackRest copies files, from pgBackRest's own per-file log lines "
      "(its console at " +
      bold("--log-level-console=detail") +
      ", which the call then shows): percent, bytes done of the total, rate, elapsed time and an estimate of the "
      "time left, redrawn in place on one line, at most ten times a second. By default only when stderr is a terminal "
      "and the output is text; " +
      bold("--no-progress") + " turns it off, " + bold("--progress") +
      " on also when stderr is not a terminal (one line per update) and with " + bold("--output json") +
      ", where each update is one JSON object on a line of stderr; stdout and its document are the same either way.\n"
      ".PP\n"
      "A restore's total is the backup set's size, which pgBackRest's percentage is a share of; a backup's total is "
      "not known beforehand (an incremental copies only changed files) and is estimated from the sizes printed so "
      "far and pgBackRest's percentage (" +
      bold("~") + " in the text, " + bold("bytes_total_estimated") + " in JSON). The fields of a JSON line:\n";
  const std::pair<const char*, const char*> fields[] = {
      {"event", "always \\(dqprogress\\(dq"},
      {"operation", "\\(dqbackup\\(dq or \\(dqrestore\\(dq"},
      {"percent", "pgBackRest's cumulative percentage, 0 to 100, two decimals"},
      {"bytes_done", "bytes copied (or checked, in a delta restore) so far"},
      {"bytes_total", "bytes the whole job copies; null until the first file is done"},
      {"bytes_total_estimated", "true when bytes_total is derived from the percentage (backup)"},
      {"bytes_per_second", "the rate since the first update; null until there is one"},
      {"elapsed_ms", "milliseconds since pgBackRest started"},
      {"remaining_ms", "estimated milliseconds left; null until there is a rate"},
  };
  for (const auto& [name, what] : fields) out += ".TP\n" + bold(name) + "\n" + std::string(what) + "\n";
  return out;
}

std::string command_sections() {
  std::string out = ".SH COMMANDS\n";
  for (const auto& c : config::commands()) {
    out += ".SS " + esc(c.name) + "\n" + sentence(c.summary) + "\n.PP\n" + esc(c.description) + "\n";
    if (c.refuses_root) out += "Refuses to run as root.\n";
    for (const auto& p : c.positionals) {
      out += ".TP\n" + italic(p.name) + "\n" + sentence(p.help) + "\n";
      if (!p.choices.empty()) {
        std::vector<std::string> v;
        for (auto ch : p.choices) v.push_back(bold(ch));
        out += "One of " + util::join(v, ", ") + ".\n";
      }
      out += p.required ? "Required.\n" : "Optional.\n";
    }
    for (auto name : c.options) {
      const bool required = std::find(c.required.begin(), c.required.end(), name) != c.required.end();
      out += option_entry(*config::find_option(name), required);
    }
    out +=
        fmt::format(".PP\nEach child program is limited to {} unless {} is given.\n", bold(c.default_timeout), bold("--timeout"));
    for (const auto& e : c.examples) out += example_block(e.description, e.command);
  }
  return out;
}

std::string global_section() {
  std::string out = ".SH GLOBAL OPTIONS\nAccepted by every command, before or after the command word.\n";
  std::vector<std::string_view> secrets;
  for (auto name : config::global_options()) {
    const config::OptionSpec& o = *config::find_option(name);
    if (o.secret()) {
      secrets.push_back(name);
      continue;
    }
    out += option_entry(o, false);
  }
  // --help and --version are the parser's own (CLI11), not settings.
  out += ".TP\n" + bold("--help") + ", " + bold("-h") +
         "\nPrint the commands, or with a command its options, and exit 0.\n"
         ".TP\n" +
         bold("--version") + "\nPrint the version and exit 0.\n";
  if (!secrets.empty()) {
    std::vector<std::string> b;
    for (auto s : secrets) b.push_back(bold(s));
    out += ".PP\nThe secrets " + util::join(b, ", ") +
           " are refused on the command line (every user can read a process's arguments): set them in the "
           "environment, a systemd credential or the config file, see ENVIRONMENT and CONFIG FILE.\n";
  }
  return out;
}

std::string used_by(const config::OptionSpec& o) {
  if (is_global(o.name)) return "every command";
  std::vector<std::string> names;
  for (const auto& c : config::commands())
    if (std::find(c.options.begin(), c.options.end(), o.name) != c.options.end()) names.push_back(bold(c.name));
  return util::join(names, ", ");
}

std::string config_section() {
  std::string out = ".SH CONFIG FILE\n";
  out += "reos-backup reads " + bold(config::kDefaultConfigPath) + " when it exists, or the file named by " + bold("--config") +
         " or " + bold("REOS_CONFIG") +
         ".\n"
         "It is an INI file in pgBackRest's style: " +
         bold("key=value") +
         " lines under a section header; lines starting with # or ; are comments.\n"
         ".TP\n" +
         bold("[global]") +
         "\nSettings for every command.\n"
         ".TP\n" +
         bold("[stanza:") + italic("NAME") + bold("]") + "\nSettings used when the stanza resolves to " + italic("NAME") +
         "; they win over [global].\n"
         ".TP\n" +
         bold("[minio:") + italic("ALIAS") + bold("]") + "\nA MinIO deployment: its endpoint and keys, handed to mc only as " +
         bold("MC_HOST_") + italic("ALIAS") +
         " in its environment.\n"
         ".TP\n" +
         bold("[policy]") + "\nThe retention policy that " + bold("check") +
         " holds each repository to, in days (see below).\n"
         ".PP\n"
         "An unknown section or key is an error naming the file and line, found on the first run.\n"
         "A file that holds a secret (marked below) must not be readable by group or others, like an ssh private "
         "key: reos-backup refuses it otherwise (run " +
         bold("chmod 600") +
         " on it).\n"
         "Values given on the command line or in " +
         bold("REOS_*") +
         " variables win over the file.\n"
         ".PP\nKeys of [global] and [stanza:NAME]:\n";
  for (const auto& o : config::options()) {
    if (!o.from_config()) continue;
    out += ".TP\n" + bold(o.name) + "=" + italic(o.kind == config::ValueKind::flag ? "true|false" : o.value_name) + "\n";
    if (o.secret()) out += bold("Secret") + ": the file must be mode 0600 (or stricter).\n";
    out += sentence(o.help) + "\n";
    out += o.name == "stanza" ? "Only in [global] (a [stanza:NAME] section already names its stanza).\n"
                              : "In [global] or [stanza:NAME].\n";
    out += "Used by " + used_by(o) + ".\n";
    if (!o.default_value.empty()) out += "Default: " + bold(o.default_value) + ".\n";
  }
  // The alias keys belong to reos/minio (aliases.cpp reads exactly these three).
  out +=
      ".PP\nKeys of [minio:ALIAS]:\n"
      ".TP\n" +
      bold("url") + "=" + italic("URL") +
      "\nThe endpoint, http(s)://host[:port], nothing after it.\n"
      ".TP\n" +
      bold("access-key") + "=" + italic("KEY") +
      "\nThe access key.\n"
      ".TP\n" +
      bold("secret-key") + "=" + italic("SECRET") + "\n" + bold("Secret") +
      ": the file must be mode 0600 (or stricter).\nThe secret key.\n"
      ".PP\nKeys of [policy] (config/policy.hpp reads exactly these; defaults are the seed's):\n"
      ".TP\n" +
      bold("full-interval") + "=" + italic("DURATION") + "\nHow often a full backup runs. Default: " + bold("7d") +
      ".\n"
      ".TP\n" +
      bold("diff-interval") + "=" + italic("DURATION|off") + "\nHow often a differential backup runs. Default: " + bold("1d") +
      ".\n"
      ".TP\n" +
      bold("incr-interval") + "=" + italic("DURATION|off") + "\nHow often an incremental backup runs. Default: " + bold("6h") +
      ".\n"
      ".TP\n" +
      bold("full-days") + ", " + bold("diff-days") + ", " + bold("incr-days") + ", " + bold("wal-days") + "=" + italic("DAYS") +
      "\nHow long each backup of that kind is kept, and how far back WAL can be replayed, in every repository. "
      "Defaults: " +
      bold("28") + ", " + bold("7") + ", " + bold("7") + ", " + bold("7") +
      ".\n"
      ".TP\n" +
      bold("repo") + italic("N") + bold("-full-days") + " (and -diff-days, -incr-days, -wal-days)=" + italic("DAYS") +
      "\nThe same for repository " + italic("N") + " alone. Default: " + bold("repo2-full-days=90") +
      " (the seed's 90 days on S3).\n"
      ".PP\nAn example, mode 0600, owned by the cluster owner:\n.RS\n.nf\n" +
      esc("[global]\n"
          "pgbackrest-config=/etc/pgbackrest/pgbackrest.conf\n"
          "log-level=info\n"
          "repo1-cipher-pass = <passphrase>\n"
          "[stanza:" +
          std::string(kSeedStanza) +
          "]\n"
          "timeout=12h\n"
          "[minio:myminio]\n"
          "url=https://minio.example.com:9000\n"
          "access-key=<access-key>\n"
          "secret-key=<secret-key>\n") +
      ".fi\n.RE\n";
  return out;
}

std::string environment_section() {
  std::string out = ".SH ENVIRONMENT\n";
  for (const auto& o : config::options()) {
    if (!o.from_env()) continue;
    out += ".TP\n" + bold(config::env_name(o.name)) + "\n";
    if (o.secret()) out += bold("Secret") + ".\n";
    out += "Sets " + bold("--" + std::string(o.name)) + ": " + sentence(o.help, false) + "\n";
    if (o.secret()) {
      std::string pg = "PGBACKREST_" + config::env_name(o.name).substr(5);
      out += "Handed to pgbackrest as " + bold(pg) + " in its environment.\n";
    }
  }
  out += ".TP\n" + bold("CREDENTIALS_DIRECTORY") +
         "\nSet by systemd for a unit with LoadCredential= or LoadCredentialEncrypted=: a secret option's value is read "
         "from the file named after the option there (e.g. repo1-cipher-pass), below its REOS_* variable and above the "
         "config file; one trailing newline is dropped, a file the world can read is refused. " +
         bold("schedule --credentials") + " writes units that load them.\n";
  out += ".TP\n" + bold("REOS_MINIO_") + italic("ALIAS") + bold("_URL") + ", " + bold("REOS_MINIO_") + italic("ALIAS") +
         bold("_ACCESS_KEY") + ", " + bold("REOS_MINIO_") + italic("ALIAS") + bold("_SECRET_KEY") + "\n" +
         bold("_SECRET_KEY is secret") +
         ".\n"
         "Define or override the MinIO alias " +
         italic("ALIAS") + " (upper case, '" + esc("-") +
         "' written '_') like a [minio:ALIAS] section.\n"
         ".TP\n" +
         bold("PGBACKREST_*") +
         "\n"
         "Inherited by pgbackrest unchanged: pgBackRest reads its own options from such variables.\n"
         "Values of the secret ones (cipher passes, keys) are redacted from everything reos-backup prints.\n"
         ".TP\n" +
         bold("MC_HOST_*") +
         "\n"
         "Set by reos-backup for mc from the alias settings above, never put on a command line; inherited values "
         "are redacted from everything reos-backup prints.\n"
         ".TP\n" +
         bold("PATH") + "\nSearched for pgbackrest and mc unless " + bold("--pgbackrest-bin") + " or " + bold("--mc-bin") +
         " name them.\n";
  return out;
}

std::string files_section() {
  return ".SH FILES\n"
         ".TP\n" +
         bold(config::kDefaultConfigPath) +
         "\nreos-backup's settings (see CONFIG FILE).\n"
         ".TP\n" +
         bold("/etc/pgbackrest/pgbackrest.conf") + "\npgBackRest's configuration, unless " + bold("--pgbackrest-config") + ", " +
         bold("PGBACKREST_CONFIG") + " or " + bold("PGBACKREST_CONFIG_PATH") +
         " names another; shell completion reads stanza names from it.\n"
         ".TP\n" +
         bold("/etc/pgbackrest/conf.d/*.conf") + "\nRead after it, in byte order, as pgBackRest reads them (" +
         bold("PGBACKREST_CONFIG_INCLUDE_PATH") +
         " names another directory), unless a config file alone is named.\n"
         ".TP\n" +
         bold("/etc/cron.d/reos-backup-") + italic("STANZA") + "\nThe schedule written by " +
         bold("reos-backup schedule --write /etc/cron.d") +
         ".\n"
         ".TP\n" +
         bold("/etc/systemd/system/reos-backup-") + italic("STANZA") + bold("-") + italic("JOB") + bold(".service") + ", " +
         bold(".timer") + "\nThe schedule written by " +
         bold("reos-backup schedule --format systemd --write /etc/systemd/system") +
         ".\n"
         ".TP\n" +
         bold(std::string(schedule::kLockDir) + "/reos-backup-") + italic("STANZA") + bold(".lock") +
         "\nThe flock(1) lock scheduled backups of a stanza share, so they never overlap.\n";
}

std::string exit_status_section() {
  std::string out =
      ".SH EXIT STATUS\n"
      "Codes 2 to 9 mean reos-backup could not do the job; 10 and up mean it did the job and found a "
      "problem.\nWith " +
      bold("--output json") +
      " the code and its name are also in the document "
      "(exit_code, error.code).\n";
  for (const auto& row : error::exit_code_table()) {
    out += ".TP\n" + bold(std::to_string(row.number)) + " " + italic(row.json_name) + "\n" + sentence(row.description) + "\n";
  }
  return out;
}

std::string examples_section() {
  std::string out = ".SH EXAMPLES\n";
  out +=
      "The seed's cron schedule (full backup Sunday 02:00 UTC, differential Monday to Saturday 02:00, incremental "
      "every 6 hours), as " +
      bold("reos-backup schedule --stanza " + std::string(kSeedStanza)) + " writes it for /etc/cron.d:\n.RS\n.nf\n";
  const auto request = commands::seed_schedule_request(std::string(kSeedStanza));
  for (const auto& j : schedule::plan_jobs(request)) out += esc(schedule::cron_line(request, j)) + "\n";
  out += ".fi\n.RE\n";
  out += example_block("The same as systemd timers with OnCalendar= in UTC", "reos-backup schedule --stanza " +
                                                                                 std::string(kSeedStanza) +
                                                                                 " --format systemd --write /etc/systemd/system\n"
                                                                                 "systemctl daemon-reload");
  out += example_block("Create the stanza, take a full backup, then check it",
                       "sudo -u postgres reos-backup stanza-create --stanza " + std::string(kSeedStanza) +
                           "\nsudo -u postgres reos-backup backup --stanza " + std::string(kSeedStanza) +
                           " --type full\nreos-backup info --stanza " + std::string(kSeedStanza) + " --output json");
  out += example_block("See what a backup would run, without running it",
                       "reos-backup backup --stanza " + std::string(kSeedStanza) + " --type diff --dry-run");
  return out;
}

}  // namespace

std::string roff_escape(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // Decode one UTF-8 sequence; roff wants non-ASCII as a named code point.
      int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      unsigned cp = len == 1 ? 0xFFFD : c & (0x3F >> (len - 1));
      for (int k = 1; k < len && i + 1 < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[++i]) & 0x3F);
      out += fmt::format("\\[u{:04X}]", cp);
    }
  }
  return out;
}

std::string render_man() {
  std::string out;
  out +=
      ".\\\" Generated by reos-backup-gen from the option table (lib/reos/config/spec.cpp) and\n"
      ".\\\" lib/reos/error/exit_codes.def. Do not edit: change the tables and run scripts/regenerate.\n";
  out += fmt::format(".TH REOS-BACKUP 1 {} \"reos-backup {}\" \"User Commands\"\n", kManualDate, REOS_VERSION);
  // No hyphenation and a ragged right margin: option names must stay whole to be copied.
  out += ".nh\n.ad l\n";
  out += ".SH NAME\nreos-backup \\- operator toolkit for pgBackRest and MinIO backups\n";
  out += synopsis();
  out += description();
  out += command_sections();
  out += progress_section();
  out += global_section();
  out += config_section();
  out += environment_section();
  out += files_section();
  out += exit_status_section();
  out += examples_section();
  out +=
      ".SH SEE ALSO\n.BR pgbackrest (1),\n.BR flock (1),\n.BR crontab (5),\n.BR systemd.timer (5),\n"
      ".BR systemd.service (5)\n.PP\nThe MinIO client documentation for mc.\n";
  return out;
}

}  // namespace reos::cli
