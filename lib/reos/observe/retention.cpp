#include "reos/observe/retention.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "reos/pgbackrest/config_reader.hpp"
#include "reos/util/duration.hpp"
#include "reos/util/time.hpp"

namespace reos::observe {

namespace {

constexpr double kDay = 86400.0;
using Options = std::map<std::string, std::string>;

// repoN-KEY, or for repo1 also the deprecated un-prefixed name (retention-full = repo1's).
std::optional<std::string> repo_option(const Options& o, int n, const std::string& key) {
  if (auto it = o.find(fmt::format("repo{}-{}", n, key)); it != o.end()) return it->second;
  if (n == 1)
    if (auto it = o.find(key); it != o.end()) return it->second;
  return std::nullopt;
}

std::optional<long long> repo_count(const Options& o, int n, const std::string& key) {
  auto v = repo_option(o, n, key);
  if (!v || v->empty() || !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; }) || v->size() > 9)
    return std::nullopt;
  return std::stoll(*v);
}

std::string days(double seconds) {
  const double d = seconds / kDay;
  if (std::fabs(d - std::round(d)) < 0.05) return fmt::format("{} day{}", std::llround(d), std::llround(d) == 1 ? "" : "s");
  return fmt::format("{:.1f} days", d);
}

std::string every(std::int64_t s) { return util::format_duration(std::chrono::milliseconds(s * 1000)); }

long long at_least(double need_s, double unit_s) { return static_cast<long long>(std::ceil(need_s / unit_s - 1e-9)); }

// What a repository's settings keep (shortest lifetime, in seconds; nullopt = never expires)
// and the text that explains how, per kind.
struct Kept {
  std::optional<double> seconds;
  std::string how;
};

struct RepoSettings {
  int n = 1;
  std::string prefix;  // "repo2-"
  bool time_based = false;
  std::optional<long long> full, diff, archive;
  std::string archive_type = "full";
};

RepoSettings read_repo(const Options& o, int n) {
  RepoSettings r;
  r.n = n;
  r.prefix = fmt::format("repo{}-", n);
  r.time_based = repo_option(o, n, "retention-full-type").value_or("count") == "time";
  r.full = repo_count(o, n, "retention-full");
  r.diff = repo_count(o, n, "retention-diff");
  r.archive = repo_count(o, n, "retention-archive");
  r.archive_type = repo_option(o, n, "retention-archive-type").value_or("full");
  return r;
}

Kept full_kept(const RepoSettings& r, const config::RetentionPolicy& p) {
  if (!r.full) return {std::nullopt, fmt::format("{}retention-full is not set: pgBackRest never expires a backup", r.prefix)};
  if (r.time_based)
    return {*r.full * kDay, fmt::format("{0}retention-full-type=time with {0}retention-full={1} keeps a full backup at "
                                        "least {1} days old",
                                        r.prefix, *r.full)};
  const double keep = static_cast<double>(*r.full) * p.full_interval_s;
  return {keep, fmt::format("{}retention-full={} with a full backup every {} keeps each full {} (restores reach back {} to {})",
                            r.prefix, *r.full, every(p.full_interval_s), days(keep), days(keep - p.full_interval_s), days(keep))};
}

}  // namespace

std::optional<std::uint64_t> parse_pgbackrest_size(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i > 15) return std::nullopt;
  std::uint64_t n = std::stoull(text.substr(0, i));
  std::string unit;
  for (char c : text.substr(i)) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit.size() == 2 && unit[1] == 'b') unit.pop_back();
  static const std::string units = "bkmgtp";
  if (unit.empty()) return n;
  if (unit.size() != 1 || units.find(unit[0]) == std::string::npos) return std::nullopt;
  for (std::size_t k = 0; k < units.find(unit[0]); ++k) n *= 1024;
  return n;
}

std::vector<Finding> evaluate_retention(const RetentionFacts& f, const config::RetentionPolicy& p) {
  std::vector<Finding> out;
  auto add = [&](std::string id, Severity sev, std::string msg, std::string hint = {}) {
    out.push_back({std::move(id), std::move(sev), std::move(msg), std::move(hint)});
  };
  // A full also counts as a differential for retention-diff (pgBackRest's expire), and every
  // backup counts for retention-archive-type=incr.
  const std::int64_t diff_or_full = p.diff_interval_s ? std::min(p.diff_interval_s, p.full_interval_s) : p.full_interval_s;
  std::int64_t any_backup = diff_or_full;
  if (p.incr_interval_s) any_backup = std::min(any_backup, p.incr_interval_s);

  for (int n : pgbackrest::configured_repos(f.options)) {
    const auto r = read_repo(f.options, n);
    const auto want = p.for_repo(n);
    const std::string id = fmt::format("retention.repo{}.", n);
    const std::string type = repo_option(f.options, n, "type").value_or("posix");
    const std::string name = fmt::format("repo{} ({})", n, type);
    // A window shorter than the policy is a broken promise; 1 s of slack absorbs rounding.
    auto judge = [&](const char* kind, const Kept& kept, int want_days, const std::string& fix) {
      if (kept.seconds && *kept.seconds + 1 < want_days * kDay)
        add(id + kind, Severity::failure, fmt::format("{}: {}, not the {} days the policy asks", name, kept.how, want_days), fix);
      else
        add(id + kind, Severity::ok, fmt::format("{}: {}; the policy asks {} days", name, kept.how, want_days));
    };

    // Full backups.
    const Kept full = full_kept(r, p);
    const long long count_fix = at_least(want.full_days * kDay, static_cast<double>(p.full_interval_s));
    const std::string full_fix = fmt::format(
        "set {0}retention-full-type=time and {0}retention-full={1} (a full backup {1} days old is always kept), or "
        "{0}retention-full={2} with a full every {3}",
        r.prefix, want.full_days, count_fix, every(p.full_interval_s));
    if (!full.seconds)
      add(id + "full", Severity::warning, fmt::format("{}: {}; the repository grows without bound", name, full.how), full_fix);
    else
      judge("full", full, want.full_days, full_fix);

    // Differential backups: kept retention-diff x the interval of fulls and diffs, or until
    // the full they build on expires.
    Kept diff;
    if (!p.diff_interval_s) {
      diff.how = "no differential backups are scheduled ([policy] diff-interval=off)";
    } else if (r.diff) {
      diff = {static_cast<double>(*r.diff) * diff_or_full,
              fmt::format("{}retention-diff={} with a differential or full every {} keeps each differential {}", r.prefix,
                          *r.diff, every(diff_or_full), days(static_cast<double>(*r.diff) * diff_or_full))};
    } else if (full.seconds) {
      diff = {*full.seconds - p.full_interval_s + p.diff_interval_s,
              fmt::format("differentials are kept until their full expires: the last before a full is kept {}",
                          days(*full.seconds - p.full_interval_s + p.diff_interval_s))};
    } else {
      diff.how = "differentials are kept until their full expires (never)";
    }
    const std::string diff_fix =
        fmt::format("set {}retention-diff={}", r.prefix, at_least(want.diff_days * kDay, static_cast<double>(diff_or_full)));
    judge("diff", diff, want.diff_days, diff_fix);

    // Incrementals expire with the backup they build on; the shortest-lived is the last one
    // before the next differential (or full).
    Kept incr;
    std::string incr_fix;
    if (!p.incr_interval_s) {
      incr.how = "no incremental backups are scheduled ([policy] incr-interval=off)";
    } else if (p.diff_interval_s && r.diff) {
      const double keep = static_cast<double>(*r.diff - 1) * diff_or_full + p.incr_interval_s;
      incr = {keep, fmt::format("incrementals expire with the differential they build on ({}retention-diff={}): the last "
                                "before a differential is kept {}",
                                r.prefix, *r.diff, days(keep))};
      incr_fix = fmt::format("set {}retention-diff={}", r.prefix,
                             at_least(want.incr_days * kDay - p.incr_interval_s, static_cast<double>(diff_or_full)) + 1);
    } else if (full.seconds) {
      const double keep = *full.seconds - p.full_interval_s + p.incr_interval_s;
      incr = {keep,
              fmt::format("incrementals expire with the full they build on: the last before a full is kept {}", days(keep))};
      incr_fix = full_fix;
    } else {
      incr.how = "incrementals expire with their full (never)";
    }
    judge("incr", incr, want.incr_days, incr_fix);

    // WAL (point-in-time recovery): kept for retention-archive backups of its type, by
    // default as long as the full backups.
    Kept wal;
    std::string wal_fix;
    std::optional<long long> count = r.archive;
    if (!count && !r.time_based) count = r.archive_type == "diff" ? (r.diff ? r.diff : r.full) : r.full;
    const std::int64_t unit = r.archive_type == "incr" ? any_backup : r.archive_type == "diff" ? diff_or_full : p.full_interval_s;
    if (!r.archive && r.time_based) {
      wal = {full.seconds, "WAL is kept back to the oldest full backup kept" +
                               (full.seconds ? " (at least " + days(*full.seconds) + ")" : std::string())};
      wal_fix = full_fix;
    } else if (count) {
      const double keep = static_cast<double>(*count - 1) * unit;
      wal = {keep, fmt::format(
                       "WAL is kept for the newest {} {} backups ({}retention-archive{}): replay reaches back at least {}",
                       *count, r.archive_type, r.prefix, r.archive ? fmt::format("={}", *r.archive) : " by default", days(keep))};
      wal_fix = r.archive ? fmt::format("set {}retention-archive={} (or remove it: WAL then lives as long as the full backups)",
                                        r.prefix, at_least(want.wal_days * kDay, static_cast<double>(unit)) + 1)
                          : full_fix;
    } else {
      wal.how = "WAL never expires (no retention-full)";
    }
    judge("wal", wal, want.wal_days, wal_fix);

    // What the repository holds right now.
    if (!f.info) continue;
    const pgbackrest::BackupSet* oldest = nullptr;
    for (const auto& b : f.info->backups)
      if (b.repo_key == n && (!oldest || b.stop_epoch < oldest->stop_epoch)) oldest = &b;
    if (!oldest) {
      add(id + "held", Severity::warning,
          fmt::format("{} holds no backup: it keeps nothing of the policy's {} days", name, want.full_days),
          fmt::format("reos-backup backup --stanza {} --type full --repo {}", f.info->name, n));
      continue;
    }
    std::optional<std::string> wal_min;
    for (const auto& a : f.info->archives)
      if (a.repo_key == n && a.min) wal_min = a.min;   // the last listed: the current database
    const pgbackrest::BackupSet* pitr_from = nullptr;  // the oldest backup whose WAL is still there
    for (const auto& b : f.info->backups)
      if (b.repo_key == n && wal_min && b.wal_start && *b.wal_start >= *wal_min &&
          (!pitr_from || b.stop_epoch < pitr_from->stop_epoch))
        pitr_from = &b;
    const double held = static_cast<double>(f.now_epoch - oldest->stop_epoch);
    const std::string wal_text = pitr_from ? fmt::format("WAL from {} on ({} of replay)", pitr_from->label,
                                                         days(static_cast<double>(f.now_epoch - pitr_from->stop_epoch)))
                                           : std::string("no WAL to replay");
    const bool short_of_policy = held + 1 < want.full_days * kDay;
    add(id + "held", Severity::ok,
        fmt::format("{} holds backups back to {} ({}; oldest {}) and {}{}", name, util::rfc3339_utc(oldest->stop_epoch),
                    days(held), oldest->label, wal_text,
                    short_of_policy ? fmt::format(": less than the policy's {} days so far (a young repository fills up as "
                                                  "backups accumulate; an older one was expired early)",
                                                  want.full_days)
                                    : ""));
  }

  // archive-push-queue-max: past it pgBackRest reports WAL as archived and drops it.
  std::optional<std::string> queue_max;
  for (const char* key : {"archive-push-queue-max", "archive-queue-max"})
    if (auto it = f.options.find(key); it != f.options.end() && !queue_max) queue_max = it->second;
  if (!queue_max) {
    add("archive.push_queue_max", Severity::ok,
        "archive-push-queue-max is not set: pgBackRest never drops WAL; during an archive outage pg_wal grows until archiving "
        "recovers (or its volume fills and PostgreSQL stops)");
  } else {
    const auto bytes = parse_pgbackrest_size(*queue_max);
    std::string rate;
    if (f.wal_bytes_per_s && *f.wal_bytes_per_s > 0 && bytes)
      rate = fmt::format(
          "; at the source's WAL rate of {:.2f} MiB/min (average since pg_stat_wal was reset) that is {} of "
          "archive outage",
          *f.wal_bytes_per_s * 60 / (1024 * 1024),
          util::format_duration(
              std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(*bytes) / *f.wal_bytes_per_s) * 1000)));
    else
      rate = "; the source's WAL rate is unknown (not reachable, or pg_stat_wal reset too recently)";
    add("archive.push_queue_max", Severity::warning,
        fmt::format("archive-push-queue-max={}: when more WAL than that waits to be pushed, pgBackRest reports it as "
                    "archived and drops it; the archive then has a gap no restore can cross, and point-in-time recovery "
                    "past it needs a new backup{}",
                    *queue_max, rate),
        "alert on archive failures well within that time (PostgresWALArchivingFailed) and size it for the longest outage "
        "you must survive, or remove archive-push-queue-max to keep WAL until archiving recovers");
  }
  return out;
}

}  // namespace reos::observe
