// reos/schedule: the seed's schedule as cron lines and systemd units, and the checks that keep
// anything unsafe out of a cron file or a unit.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "reos/commands/schedule.hpp"
#include "reos/config/spec.hpp"
#include "reos/error/error.hpp"
#include "reos/schedule/calendar.hpp"
#include "reos/schedule/cron_file.hpp"
#include "reos/schedule/jobs.hpp"
#include "reos/schedule/systemd_units.hpp"
#include "reos/util/text.hpp"

using namespace reos::schedule;
using reos::error::Error;
using reos::error::ExitCode;

namespace {

Job job(const std::vector<Job>& jobs, const std::string& kind) {
  for (const auto& j : jobs)
    if (j.kind == kind) return j;
  FAIL("no job " << kind);
  return {};
}

// A minimal systemd unit-file reader: section -> key -> value (keys are unique in our units).
std::map<std::string, std::map<std::string, std::string>> parse_unit(const std::string& text) {
  std::map<std::string, std::map<std::string, std::string>> out;
  std::string section;
  for (const auto& raw : reos::util::split_lines(text)) {
    const std::string line = reos::util::trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[') {
      REQUIRE(line.back() == ']');
      section = line.substr(1, line.size() - 2);
      continue;
    }
    auto eq = line.find('=');
    REQUIRE(eq != std::string::npos);
    REQUIRE_FALSE(section.empty());
    out[section][line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

}  // namespace

TEST_CASE("schedule: calendar specs render for cron and systemd", "[schedule]") {
  auto sun = parse_weekly("Sun 02:00", "--full-at");
  REQUIRE(sun);
  CHECK(sun->cron == "0 2 * * 0");
  CHECK(sun->on_calendar == "Sun *-*-* 02:00:00 UTC");
  auto week = parse_weekly("mon-sat 02:00", "--diff-at");
  REQUIRE(week);
  CHECK(week->cron == "0 2 * * 1-6");
  CHECK(week->on_calendar == "Mon..Sat *-*-* 02:00:00 UTC");
  auto list = parse_weekly("Monday,Thu-Fri 23:59", "--x");
  REQUIRE(list);
  CHECK(list->cron == "59 23 * * 1,4-5");
  CHECK(list->on_calendar == "Mon,Thu..Fri *-*-* 23:59:00 UTC");
  auto daily = parse_weekly("daily 01:30", "--x");
  REQUIRE(daily);
  CHECK(daily->cron == "30 1 * * *");
  CHECK(daily->on_calendar == "*-*-* 01:30:00 UTC");
  CHECK(parse_weekly("04:05", "--x")->cron == "5 4 * * *");
  CHECK_FALSE(parse_weekly("off", "--x"));

  auto six = parse_every("6h", "--incr-every");
  REQUIRE(six);
  CHECK(six->cron == "0 */6 * * *");
  CHECK(six->on_calendar == "*-*-* 00/6:00:00 UTC");
  CHECK(parse_every("1h", "--x")->cron == "0 * * * *");
  CHECK(parse_every("24h", "--x")->cron == "0 0 * * *");
  CHECK_FALSE(parse_every("OFF", "--x"));

  for (const char* bad : {"Sun", "Sun 2:00", "Sun 24:00", "Sun 02:60", "Sat-Mon 02:00", "Sunn 02:00", "", "Sun 02:00x"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_weekly(bad, "--full-at"), Error);
  }
  for (const char* bad : {"5h", "90m", "0", "48h", "x"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_every(bad, "--incr-every"), Error);
  }
  try {
    parse_weekly("Sunday 25:00", "--full-at");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::Usage);
    CHECK(e.message().find("--full-at") != std::string::npos);
  }
}

TEST_CASE("schedule: the seed's cron lines, with the table's defaults", "[schedule]") {
  const auto r = reos::commands::seed_schedule_request("realestate-db");
  CHECK(r.user == "postgres");
  CHECK(r.bin == "/usr/bin/reos-backup");
  const auto jobs = plan_jobs(r);
  // The seed: "0 2 * * 0 postgres pgbackrest --stanza=realestate-db --type=full backup" etc.
  CHECK(cron_line(r, job(jobs, "full")) ==
        "0 2 * * 0 postgres /usr/bin/flock -n /run/lock/reos-backup-realestate-db.lock /usr/bin/reos-backup backup "
        "--stanza realestate-db --type full");
  CHECK(cron_line(r, job(jobs, "diff")) ==
        "0 2 * * 1-6 postgres /usr/bin/flock -n /run/lock/reos-backup-realestate-db.lock /usr/bin/reos-backup backup "
        "--stanza realestate-db --type diff");
  CHECK(cron_line(r, job(jobs, "incr")) ==
        "0 */6 * * * postgres /usr/bin/flock -n /run/lock/reos-backup-realestate-db.lock /usr/bin/reos-backup backup "
        "--stanza realestate-db --type incr");
  if (reos::config::find_command("verify")) {
    // "Run weekly: Sunday 04:00 UTC"; its own lock, as it only reads the repository.
    const Job v = job(jobs, "verify");
    CHECK(v.when.cron == "0 4 * * 0");
    CHECK(v.lock_file == "/run/lock/reos-backup-realestate-db-verify.lock");
  } else {
    CHECK(jobs.size() == 3);
  }
  const std::string file = render_cron(r, jobs);
  CHECK(file.find("SHELL=/bin/sh\n") != std::string::npos);
  CHECK(file.find("UTC") != std::string::npos);
  CHECK(cron_file_name("realestate-db") == "reos-backup-realestate-db");
  CHECK(cron_file_name("db.main") == "reos-backup-db_main");  // cron skips names with a dot
}

TEST_CASE("schedule: systemd units are oneshot services and persistent UTC timers", "[schedule]") {
  auto r = reos::commands::seed_schedule_request("realestate-db");
  r.extra_args = {"--pgbackrest-config", "/etc/pgbackrest/pgbackrest.conf"};
  const auto jobs = plan_jobs(r);
  const auto units = render_systemd(r, jobs);
  REQUIRE(units.size() == 2 * jobs.size());
  std::map<std::string, std::string> by_name;
  for (const auto& u : units) by_name[u.name] = u.content;

  const auto service = parse_unit(by_name.at("reos-backup-realestate-db-full.service"));
  CHECK(service.at("Service").at("Type") == "oneshot");
  CHECK(service.at("Service").at("User") == "postgres");
  CHECK(service.at("Service").at("ExecStart") ==
        "/usr/bin/flock -n /run/lock/reos-backup-realestate-db.lock /usr/bin/reos-backup backup --stanza realestate-db "
        "--type full --pgbackrest-config /etc/pgbackrest/pgbackrest.conf");
  CHECK(service.at("Unit").count("Description") == 1);

  const std::map<std::string, std::string> calendars = {
      {"full", "Sun *-*-* 02:00:00 UTC"}, {"diff", "Mon..Sat *-*-* 02:00:00 UTC"}, {"incr", "*-*-* 00/6:00:00 UTC"}};
  for (const auto& [kind, when] : calendars) {
    INFO(kind);
    const auto timer = parse_unit(by_name.at("reos-backup-realestate-db-" + kind + ".timer"));
    CHECK(timer.at("Timer").at("OnCalendar") == when);
    CHECK(timer.at("Timer").at("Persistent") == "true");
    CHECK(timer.at("Install").at("WantedBy") == "timers.target");
  }
}

TEST_CASE("schedule: --textfile adds a metrics job every minute with its own lock", "[schedule]") {
  auto r = reos::commands::seed_schedule_request("realestate-db");
  for (const auto& j : plan_jobs(r)) CHECK(j.kind != "metrics");  // only when asked for
  r.metrics_textfile = "/var/lib/prometheus/node-exporter/reos-backup.prom";
  const auto jobs = plan_jobs(r);
  const Job m = job(jobs, "metrics");
  CHECK(cron_line(r, m) ==
        "* * * * * postgres /usr/bin/flock -n /run/lock/reos-backup-realestate-db-metrics.lock /usr/bin/reos-backup "
        "metrics --stanza realestate-db --textfile /var/lib/prometheus/node-exporter/reos-backup.prom");
  std::map<std::string, std::string> by_name;
  for (const auto& u : render_systemd(r, jobs)) by_name[u.name] = u.content;
  CHECK(parse_unit(by_name.at("reos-backup-realestate-db-metrics.timer")).at("Timer").at("OnCalendar") == "*-*-* *:*:00 UTC");
  // Metrics alone is a schedule too.
  r.full_at = r.diff_at = r.incr_every = r.verify_at = "off";
  CHECK(plan_jobs(r).size() == 1);
  r.metrics_textfile = "reos-backup.prom";  // cron's working directory is not the operator's
  CHECK_THROWS_AS(plan_jobs(r), Error);
}

TEST_CASE("schedule: nothing unsafe reaches a cron line or a unit", "[schedule]") {
  auto r = reos::commands::seed_schedule_request("realestate-db");
  auto throws_usage = [](const ScheduleRequest& req) {
    try {
      plan_jobs(req);
      return false;
    } catch (const Error& e) {
      return e.code() == ExitCode::Usage;
    }
  };
  auto bad = r;
  bad.user = "root; rm -rf /";
  CHECK(throws_usage(bad));
  bad = r;
  bad.user = "Postgres";
  CHECK(throws_usage(bad));
  bad = r;
  bad.bin = "reos-backup";  // cron's PATH and working directory are not the operator's
  CHECK(throws_usage(bad));
  bad = r;
  bad.bin = "/opt/reos backup/bin";
  CHECK(throws_usage(bad));
  bad = r;
  bad.bin = "/usr/bin/reos-backup%d";  // cron turns % into a newline, systemd into a specifier
  CHECK(throws_usage(bad));
  bad = r;
  bad.extra_args = {"--config", "/etc/x $(id)"};
  CHECK(throws_usage(bad));
  bad = r;
  bad.full_at = bad.diff_at = bad.incr_every = bad.verify_at = "off";
  CHECK(throws_usage(bad));
  bad = r;
  bad.verify_required = true;
  if (!reos::config::find_command("verify")) CHECK(throws_usage(bad));
}

TEST_CASE("schedule: each job may write only what it needs", "[schedule]") {
  auto r = reos::commands::seed_schedule_request("main");
  r.home = "/var/lib/postgresql";
  r.metrics_textfile = "/var/lib/prometheus/node-exporter/reos.prom";
  r.pgbackrest_writes = {{"/srv/repo", "repo1-path"}, {"/srv/log", "log-path"}, {"/tmp/pgbackrest", "lock-path (default)"}};
  // As the drill's pgBackRest commands see them ([main:restore] may set a log-path of its own).
  r.drill_pgbackrest_writes = {{"/srv/repo", "restore repo1-path"},
                               {"/srv/log/restore", "restore log-path"},
                               {"/srv/log", "verify log-path"},
                               {"/tmp/pgbackrest", "restore lock-path (default)"}};
  auto writes = [](const reos::schedule::Job& j) {
    std::vector<std::string> out;
    for (const auto& w : j.writes) out.push_back(w.path);
    return out;
  };
  const auto jobs = reos::schedule::plan_jobs(r);
  REQUIRE(jobs.size() == 5);
  CHECK(writes(jobs[0]) == std::vector<std::string>{"/run/lock", "/srv/repo", "/srv/log", "/tmp/pgbackrest",
                                                    "/var/lib/postgresql/.local/state/reos-backup", "/var/log/reos-backup"});
  CHECK_FALSE(jobs[0].runs_postgres);
  // The drill restores with its own lock and spool paths: no repository, no production lock.
  CHECK(jobs[3].kind == "verify");
  CHECK(writes(jobs[3]) == std::vector<std::string>{"/run/lock", "/srv/log/restore", "/srv/log",
                                                    "/var/lib/postgresql/.local/state/reos-backup", "/var/log/reos-backup",
                                                    "/var/tmp/reos-backup"});
  CHECK(jobs[3].creates == std::vector<std::string>{"/var/lib/postgresql/.local/state/reos-backup", "/var/tmp/reos-backup"});
  CHECK(jobs[3].runs_postgres);
  CHECK(writes(jobs[4]) == std::vector<std::string>{"/run/lock", "/srv/log", "/var/lib/prometheus/node-exporter"});
  // A path that cannot be written into a unit unquoted is refused, naming the setting.
  r.pgbackrest_writes = {{"/srv/my repo", "repo1-path"}};
  CHECK_THROWS_WITH(reos::schedule::plan_jobs(r), Catch::Contains("repo1-path '/srv/my repo'"));
}
