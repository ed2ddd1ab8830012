// The retention policy in days per repository: the [policy] reader and check's retention
// findings, on the seed's own pgBackRest settings and on settings that match the policy.
#include <catch2/catch.hpp>

#include "reos/config/config_file.hpp"
#include "reos/config/policy.hpp"
#include "reos/config/settings.hpp"
#include "reos/error/error.hpp"
#include "reos/observe/retention.hpp"

using reos::config::parse_config_text;
using reos::config::read_retention_policy;
namespace observe = reos::observe;

namespace {

// The retention-relevant lines of the seed's pgbackrest.conf
// (../shared/seed/backup-restore-strategy.md): repo1 posix, repo2 S3.
std::map<std::string, std::string> seed_options() {
  return {{"repo1-path", "/var/lib/pgbackrest"},
          {"repo1-retention-full", "4"},
          {"repo1-retention-diff", "2"},
          {"repo1-cipher-type", "aes-256-cbc"},
          {"repo2-type", "s3"},
          {"repo2-s3-bucket", "realestate-backups"},
          {"repo2-retention-full", "8"},
          {"repo2-cipher-type", "aes-256-cbc"},
          {"archive-async", "y"},
          {"archive-push-queue-max", "1GB"},
          {"pg1-path", "/var/lib/postgresql/14/main"}};
}

const observe::Finding* find(const std::vector<observe::Finding>& fs, const std::string& id) {
  for (const auto& f : fs)
    if (f.id == id) return &f;
  return nullptr;
}

std::string sev(const std::vector<observe::Finding>& fs, const std::string& id) {
  const auto* f = find(fs, id);
  return f ? std::string(observe::severity_name(f->severity)) : "missing";
}

std::vector<std::string> failures(const std::vector<observe::Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs)
    if (f.severity == observe::Severity::failure) out.push_back(f.id);
  return out;
}

reos::pgbackrest::BackupSet backup(std::string label, std::string type, int repo, std::int64_t stop, std::string wal_start) {
  reos::pgbackrest::BackupSet b;
  b.label = std::move(label);
  b.type = std::move(type);
  b.repo_key = repo;
  b.start_epoch = stop - 60;
  b.stop_epoch = stop;
  b.wal_start = std::move(wal_start);
  return b;
}

}  // namespace

TEST_CASE("policy: defaults are the seed's, [policy] keys override them, per repository too", "[policy]") {
  auto p = read_retention_policy(nullptr);
  CHECK(p.full_interval_s == 7 * 86400);
  CHECK(p.diff_interval_s == 86400);
  CHECK(p.incr_interval_s == 6 * 3600);
  CHECK(p.for_repo(1).full_days == 28);
  CHECK(p.for_repo(1).diff_days == 7);
  CHECK(p.for_repo(1).wal_days == 7);
  CHECK(p.for_repo(2).full_days == 90);
  CHECK(p.for_repo(3).full_days == 28);

  auto cfg = parse_config_text("/etc/r.conf",
                               "[policy]\nfull-days = 35\nrepo1-diff-days=3\nrepo2-full-days=120\n"
                               "diff-interval=off\nincr-interval=12h\n");
  p = read_retention_policy(&cfg);
  CHECK(p.for_repo(1).full_days == 35);
  CHECK(p.for_repo(1).diff_days == 3);
  CHECK(p.for_repo(2).full_days == 120);
  CHECK(p.for_repo(2).diff_days == 7);
  CHECK(p.for_repo(5).full_days == 35);
  CHECK(p.diff_interval_s == 0);
  CHECK(p.incr_interval_s == 12 * 3600);
}

TEST_CASE("policy: an unknown key or a bad value names file and line", "[policy]") {
  auto bad = [](const std::string& text) {
    auto cfg = parse_config_text("/etc/r.conf", text);
    try {
      read_retention_policy(&cfg);
    } catch (const reos::error::Error& e) {
      CHECK(e.code() == reos::error::ExitCode::Config);
      return e.message();
    }
    FAIL("no error for: " << text);
    return std::string();
  };
  CHECK(bad("[policy]\nful-days=28\n") == "/etc/r.conf:2: unknown key 'ful-days' in [policy]");
  CHECK(bad("[policy]\n\nfull-days=4w\n").find("/etc/r.conf:3: [policy] full-days: '4w' is not a number of days") == 0);
  CHECK(bad("[policy]\nfull-days=0\n").find("not a number of days from 1 to 9999") != std::string::npos);
  CHECK(bad("[policy]\nrepo300-full-days=5\n").find("repo1 to repo256") != std::string::npos);
  CHECK(bad("[policy]\nfull-interval=off\n").find("is not an interval of at least 1h") != std::string::npos);
  CHECK(bad("[policy]\nincr-interval=10m\n").find("is not an interval of at least 1h") != std::string::npos);
}

TEST_CASE("policy: [policy] is a known section, checked when settings are resolved", "[policy][settings]") {
  reos::config::CommandLine cl;
  cl.command = "check";
  cl.values["stanza"] = "main";
  auto good = parse_config_text("/etc/r.conf", "[policy]\nfull-days=28\n[global]\nlog-level=info\n");
  CHECK_NOTHROW(reos::config::resolve(cl, {}, &good));
  auto typo = parse_config_text("/etc/r.conf", "[policy]\nwal-dayz=7\n");
  CHECK_THROWS_WITH(reos::config::resolve(cl, {}, &typo), Catch::Contains("/etc/r.conf:2: unknown key 'wal-dayz' in [policy]"));
}

TEST_CASE("retention: the seed's own settings contradict its policy twice (repo2 56 vs 90 days, repo1 diff 2 vs 7)",
          "[retention][check]") {
  observe::RetentionFacts f;
  f.options = seed_options();
  const auto fs = observe::evaluate_retention(f, read_retention_policy(nullptr));

  const auto* repo2 = find(fs, "retention.repo2.full");
  REQUIRE(repo2);
  CHECK(repo2->severity == observe::Severity::failure);
  CHECK(repo2->message ==
        "repo2 (s3): repo2-retention-full=8 with a full backup every 7d keeps each full 56 days (restores reach back 49 days "
        "to 56 days), not the 90 days the policy asks");
  CHECK(repo2->hint.find("repo2-retention-full-type=time and repo2-retention-full=90") != std::string::npos);
  CHECK(repo2->hint.find("or repo2-retention-full=13 with a full every 7d") != std::string::npos);

  const auto* diff = find(fs, "retention.repo1.diff");
  REQUIRE(diff);
  CHECK(diff->severity == observe::Severity::failure);
  CHECK(diff->message.find("repo1-retention-diff=2 with a differential or full every 1d keeps each differential 2 days, "
                           "not the 7 days the policy asks") != std::string::npos);
  CHECK(diff->hint == "set repo1-retention-diff=7");

  // Incrementals expire with their differential: the last one before the next is kept 1.2 days.
  CHECK(sev(fs, "retention.repo1.incr") == "failure");
  CHECK(find(fs, "retention.repo1.incr")->message.find("kept 1.2 days") != std::string::npos);
  CHECK(find(fs, "retention.repo1.incr")->hint == "set repo1-retention-diff=8");

  // 4 weekly fulls keep each 28 days: the seed's 4-week table holds.
  CHECK(sev(fs, "retention.repo1.full") == "ok");
  CHECK(sev(fs, "retention.repo1.wal") == "ok");
  CHECK(sev(fs, "retention.repo2.diff") == "ok");
  CHECK(sev(fs, "retention.repo2.wal") == "ok");
  CHECK(failures(fs) == std::vector<std::string>{"retention.repo1.diff", "retention.repo1.incr", "retention.repo2.full"});

  // archive-push-queue-max=1GB: WAL is dropped past it.
  const auto* q = find(fs, "archive.push_queue_max");
  REQUIRE(q);
  CHECK(q->severity == observe::Severity::warning);
  CHECK(q->message.find("drops it; the archive then has a gap no restore can cross") != std::string::npos);
  CHECK(q->message.find("WAL rate is unknown") != std::string::npos);
  f.wal_bytes_per_s = 1024.0 * 1024 / 60;  // 1 MiB a minute: 1 GiB lasts 1024 minutes
  const auto with_rate = observe::evaluate_retention(f, read_retention_policy(nullptr));
  CHECK(find(with_rate, "archive.push_queue_max")
            ->message.find("1.00 MiB/min (average since pg_stat_wal was reset) that is 17h4m") != std::string::npos);
}

TEST_CASE("retention: settings that match the policy report no contradiction", "[retention][check]") {
  observe::RetentionFacts f;
  f.options = seed_options();
  f.options["repo1-retention-diff"] = "8";
  f.options["repo2-retention-full-type"] = "time";
  f.options["repo2-retention-full"] = "90";
  f.options.erase("archive-push-queue-max");
  const auto fs = observe::evaluate_retention(f, read_retention_policy(nullptr));
  CHECK(failures(fs).empty());
  for (const auto& x : fs) {
    INFO(x.id << ": " << x.message);
    CHECK(x.severity == observe::Severity::ok);
  }
  CHECK(find(fs, "retention.repo2.full")->message.find("keeps a full backup at least 90 days old") != std::string::npos);
  CHECK(find(fs, "retention.repo2.wal")->message.find("WAL is kept back to the oldest full backup kept (at least 90 days)") !=
        std::string::npos);
}

TEST_CASE("retention: retention-archive, deprecated names, no retention, schedules without diff or incr", "[retention]") {
  const auto policy = read_retention_policy(nullptr);
  observe::RetentionFacts f;

  // Deprecated un-prefixed names are repo1's; retention-archive=1 of type full keeps no
  // replay beyond the newest full.
  f.options = {{"retention-full", "4"}, {"retention-archive", "1"}};
  auto fs = observe::evaluate_retention(f, policy);
  CHECK(sev(fs, "retention.repo1.full") == "ok");
  CHECK(sev(fs, "retention.repo1.wal") == "failure");
  CHECK(find(fs, "retention.repo1.wal")->hint.find("set repo1-retention-archive=2") == 0);

  // Type diff: counted in fulls and diffs (daily): 3 keep 2 days of replay at least.
  f.options = {{"repo1-retention-full", "4"}, {"repo1-retention-archive-type", "diff"}, {"repo1-retention-archive", "3"}};
  fs = observe::evaluate_retention(f, policy);
  CHECK(sev(fs, "retention.repo1.wal") == "failure");
  CHECK(find(fs, "retention.repo1.wal")->message.find("replay reaches back at least 2 days") != std::string::npos);
  CHECK(find(fs, "retention.repo1.wal")->hint.find("set repo1-retention-archive=8") == 0);

  // No retention-full: nothing expires, a warning (the repository grows without bound).
  f.options = {{"repo1-path", "/r"}};
  fs = observe::evaluate_retention(f, policy);
  CHECK(sev(fs, "retention.repo1.full") == "warning");
  CHECK(failures(fs).empty());

  // Diffs off: differentials are not judged; incrementals build on the full.
  auto cfg = parse_config_text("/r.conf", "[policy]\ndiff-interval=off\n");
  f.options = {{"repo1-retention-full", "2"}, {"repo1-retention-diff", "1"}};
  fs = observe::evaluate_retention(f, read_retention_policy(&cfg));
  CHECK(find(fs, "retention.repo1.diff")->message.find("no differential backups are scheduled") != std::string::npos);
  CHECK(sev(fs, "retention.repo1.full") == "failure");  // 2 x 7 = 14 < 28
  CHECK(sev(fs, "retention.repo1.incr") == "ok");       // 14 - 7 + 0.25 >= 7
}

TEST_CASE("retention: what a repository holds now, per repository, from info", "[retention]") {
  const std::int64_t now = 1'800'000'000;
  observe::RetentionFacts f;
  f.now_epoch = now;
  f.options = {{"repo1-retention-full", "4"},
               {"repo1-retention-diff", "8"},
               {"repo2-type", "s3"},
               {"repo2-retention-full-type", "time"},
               {"repo2-retention-full", "90"}};
  reos::pgbackrest::StanzaInfo s;
  s.name = "main";
  s.backups = {backup("20261101-020000F", "full", 1, now - 30 * 86400, "000000010000000000000002"),
               backup("20261115-020000F", "full", 1, now - 16 * 86400, "000000010000000000000010"),
               backup("20261129-020000F", "full", 1, now - 2 * 86400, "000000010000000000000020")};
  s.archives = {{"15-1", "000000010000000000000010", "000000010000000000000030", 1}};
  f.info = s;
  const auto fs = observe::evaluate_retention(f, read_retention_policy(nullptr));
  const auto* held = find(fs, "retention.repo1.held");
  REQUIRE(held);
  CHECK(held->severity == observe::Severity::ok);
  CHECK(held->message.find("holds backups back to") != std::string::npos);
  CHECK(held->message.find("(30 days; oldest 20261101-020000F)") != std::string::npos);
  // The oldest full's WAL is gone: replay starts at the second full.
  CHECK(held->message.find("WAL from 20261115-020000F on (16 days of replay)") != std::string::npos);
  CHECK(held->message.find("less than the policy") == std::string::npos);
  // repo2 has nothing: a warning naming the command that fills it.
  CHECK(sev(fs, "retention.repo2.held") == "warning");
  CHECK(find(fs, "retention.repo2.held")->hint == "reos-backup backup --stanza main --type full --repo 2");
}

TEST_CASE("retention: pgBackRest sizes", "[retention]") {
  CHECK(observe::parse_pgbackrest_size("1GB") == 1024ull * 1024 * 1024);
  CHECK(observe::parse_pgbackrest_size("512mb") == 512ull * 1024 * 1024);
  CHECK(observe::parse_pgbackrest_size("100") == 100u);
  CHECK(observe::parse_pgbackrest_size("2k") == 2048u);
  CHECK_FALSE(observe::parse_pgbackrest_size("GB"));
  CHECK_FALSE(observe::parse_pgbackrest_size("1XB"));
}
