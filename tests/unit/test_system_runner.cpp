// reos/process/system_runner: the real runner, with real (tiny, fake) child programs.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "reos/process/runner.hpp"
#include "reos/process/signals.hpp"
#include "reos/util/text.hpp"
#include "support/helpers.hpp"

using reos::process::Invocation;
using reos::process::ProcessResult;
using reos::testing::fake_program;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

ProcessResult run(Invocation inv) {
  if (inv.timeout.count() == 0) inv.timeout = 20s;  // a safety net: a hang fails instead of blocking
  auto runner = reos::process::make_system_runner();
  return runner->run(inv);
}

Invocation fake(const std::string& name, std::vector<std::string> args = {}) {
  Invocation inv;
  inv.purpose = name;
  inv.program = fake_program(name);
  inv.args = std::move(args);
  return inv;
}

// Gone, or a zombie (dead, waiting for a reaper that is not us: PID 1 here may not reap).
bool process_gone(pid_t pid) {
  for (int i = 0; i < 100; ++i) {
    if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z') return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

pid_t read_pid(const std::string& path) {
  for (int i = 0; i < 100; ++i) {
    std::ifstream in(path);
    long pid = 0;
    if (in >> pid && pid > 0) return static_cast<pid_t>(pid);
    std::this_thread::sleep_for(20ms);
  }
  return 0;
}

struct InterruptGuard {
  explicit InterruptGuard(int sig) { reos::process::set_interrupt_for_testing(sig); }
  ~InterruptGuard() { reos::process::set_interrupt_for_testing(0); }
};

}  // namespace

TEST_CASE("system runner: exit codes and both streams", "[system_runner]") {
  for (int code : {0, 3, 56}) {
    INFO("exit " << code);
    const auto r = run(fake("exit_with.sh", {std::to_string(code)}));
    CHECK(r.exit_code == code);
    CHECK(r.term_signal == 0);
    CHECK_FALSE(r.spawn_failed);
    CHECK_FALSE(r.timed_out);
    CHECK_FALSE(r.interrupted);
    CHECK(r.out == "to stdout\n");
    CHECK(r.err == "to stderr\n");
    CHECK(r.success() == (code == 0));
  }
}

TEST_CASE("system runner: argv elements arrive verbatim (no shell)", "[system_runner]") {
  const auto r = run(fake("print_args.sh", {"a b", "$HOME", "x;y", "", "--opt=v w", "'q'"}));
  CHECK(r.exit_code == 0);
  CHECK(r.out == "[a b]\n[$HOME]\n[x;y]\n[]\n[--opt=v w]\n['q']\n");
}

TEST_CASE("system runner: the child leads its own process group", "[system_runner]") {
  const auto r = run(fake("print_pgid.sh"));
  REQUIRE(r.exit_code == 0);
  const auto fields = reos::util::split_lines(r.out);
  REQUIRE(fields.size() == 1);
  const auto space = fields[0].find(' ');
  REQUIRE(space != std::string::npos);
  const std::string pid = fields[0].substr(0, space), pgid = fields[0].substr(space + 1);
  CHECK(pid == pgid);
  CHECK(pgid != std::to_string(::getpgrp()));
}

TEST_CASE("system runner: ~1 MB on stdout and stderr are read concurrently", "[system_runner]") {
  const std::size_t n = 1 << 20;
  const auto r = run(fake("big_output.sh", {std::to_string(n)}));
  CHECK_FALSE(r.timed_out);  // a deadlock would end in the safety-net timeout
  CHECK(r.exit_code == 0);
  REQUIRE(r.out.size() == n);
  REQUIRE(r.err.size() == n);
  CHECK(r.out == std::string(n, 'o'));
  CHECK(r.err == std::string(n, 'e'));
}

TEST_CASE("system runner: stdin_data is delivered, otherwise stdin is /dev/null", "[system_runner]") {
  Invocation cat;
  cat.purpose = "cat";
  cat.program = "/bin/cat";

  SECTION("small") {
    cat.stdin_data = "line one\nline two\n";
    const auto r = run(cat);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "line one\nline two\n");
  }
  SECTION("1 MB in while 1 MB comes out") {
    std::string data;
    for (int i = 0; data.size() < (1u << 20); ++i) data += "record " + std::to_string(i) + "\n";
    cat.stdin_data = data;
    const auto r = run(cat);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.size() == data.size());
    CHECK(r.out == data);
  }
  SECTION("empty") {
    cat.stdin_data = "";
    const auto r = run(cat);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "");
  }
  SECTION("none: /dev/null, so cat ends at once") {
    const auto start = Clock::now();
    const auto r = run(cat);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "");
    CHECK(Clock::now() - start < 10s);
  }
}

TEST_CASE("system runner: env_overrides reach the child on top of the inherited environment", "[system_runner]") {
  ::setenv("REOS_UNIT_INHERITED", "inherited-value", 1);
  ::setenv("REOS_UNIT_OVERRIDDEN", "old-value", 1);
  Invocation env;
  env.purpose = "env";
  env.program = "/usr/bin/env";
  env.env_overrides = {{"REOS_UNIT_VAR", "hello world"},
                       {"REOS_UNIT_OVERRIDDEN", "new-value"},
                       {"PGBACKREST_REPO1_CIPHER_PASS", "secret via env"}};
  const auto r = run(env);
  ::unsetenv("REOS_UNIT_INHERITED");
  ::unsetenv("REOS_UNIT_OVERRIDDEN");
  REQUIRE(r.exit_code == 0);
  const auto lines = reos::util::split_lines(r.out);
  auto has = [&](const std::string& l) { return std::find(lines.begin(), lines.end(), l) != lines.end(); };
  CHECK(has("REOS_UNIT_VAR=hello world"));
  CHECK(has("REOS_UNIT_OVERRIDDEN=new-value"));
  CHECK_FALSE(has("REOS_UNIT_OVERRIDDEN=old-value"));
  CHECK(has("REOS_UNIT_INHERITED=inherited-value"));
  CHECK(has("PGBACKREST_REPO1_CIPHER_PASS=secret via env"));
}

TEST_CASE("system runner: a program that cannot be started", "[system_runner]") {
  SECTION("missing") {
    Invocation inv;
    inv.purpose = "missing";
    inv.program = "/nonexistent/reos-no-such-program";
    const auto r = run(inv);
    CHECK(r.spawn_failed);
    CHECK(r.spawn_errno == ENOENT);
    CHECK(r.spawn_error == "No such file or directory (execve)");
    CHECK_FALSE(r.timed_out);
    CHECK_FALSE(r.success());
  }
  SECTION("not executable") {
    reos::testing::TempDir dir;
    Invocation inv;
    inv.purpose = "plain file";
    inv.program = dir.write("not-a-program", "#!/bin/sh\necho hi\n", 0644);
    const auto r = run(inv);
    CHECK(r.spawn_failed);
    CHECK(r.spawn_errno == EACCES);
    CHECK(r.spawn_error == "Permission denied (execve)");
    CHECK_FALSE(r.success());
    CHECK(r.out == "");
  }
  SECTION("a directory") {
    reos::testing::TempDir dir;
    Invocation inv;
    inv.purpose = "directory";
    inv.program = dir.path();
    const auto r = run(inv);
    CHECK(r.spawn_failed);
    CHECK(r.spawn_errno == EACCES);
  }
}

TEST_CASE("system runner: a child killed by a signal reports it", "[system_runner]") {
  SECTION("SIGKILL") {
    const auto r = run(fake("kill_self.sh", {"KILL"}));
    CHECK(r.term_signal == SIGKILL);
    CHECK_FALSE(r.timed_out);
    CHECK_FALSE(r.success());
    CHECK(r.err == "about to die\n");
  }
  SECTION("SIGTERM") {
    const auto r = run(fake("kill_self.sh", {"TERM"}));
    CHECK(r.term_signal == SIGTERM);
    CHECK_FALSE(r.timed_out);
    CHECK_FALSE(r.success());
  }
}

TEST_CASE("system runner: a timeout stops the child and its whole process group", "[system_runner]") {
  reos::testing::TempDir dir;
  const std::string pidfile = dir.path() + "/grandchild.pid";
  auto inv = fake("sleeper.sh", {"60", pidfile});
  inv.timeout = 1s;
  inv.kill_grace = 2s;
  const auto start = Clock::now();
  const auto r = run(inv);
  const auto took = Clock::now() - start;
  CHECK(r.timed_out);
  CHECK_FALSE(r.interrupted);
  CHECK(r.term_signal == SIGTERM);
  CHECK_FALSE(r.success());
  CHECK(took >= 900ms);
  CHECK(took < 10s);  // well under the 60 s sleep
  const pid_t grandchild = read_pid(pidfile);
  REQUIRE(grandchild > 0);
  CHECK(process_gone(grandchild));
}

TEST_CASE("system runner: a child that ignores SIGTERM gets SIGKILL after the grace period", "[system_runner]") {
  auto inv = fake("ignore_term.sh");
  inv.timeout = 500ms;
  inv.kill_grace = 500ms;
  const auto start = Clock::now();
  const auto r = run(inv);
  CHECK(r.timed_out);
  CHECK(r.term_signal == SIGKILL);
  CHECK(r.out == "ready\n");
  CHECK(Clock::now() - start < 10s);
}

TEST_CASE("system runner: our interrupt is forwarded to the child's group", "[system_runner]") {
  reos::testing::TempDir dir;
  const std::string pidfile = dir.path() + "/grandchild.pid";
  InterruptGuard guard(SIGINT);
  auto inv = fake("sleeper.sh", {"60", pidfile});
  inv.kill_grace = 2s;
  const auto start = Clock::now();
  const auto r = run(inv);
  CHECK(r.interrupted);
  CHECK_FALSE(r.timed_out);
  CHECK(r.term_signal == SIGTERM);
  CHECK(Clock::now() - start < 10s);
  const pid_t grandchild = read_pid(pidfile);
  if (grandchild > 0) CHECK(process_gone(grandchild));  // it may not have started before the signal
}

TEST_CASE("system runner: a grandchild holding stdout open does not hang us", "[system_runner]") {
  reos::testing::TempDir dir;
  const std::string pidfile = dir.path() + "/grandchild.pid";
  const auto start = Clock::now();
  const auto r = run(fake("leave_grandchild.sh", {pidfile, "30"}));
  const auto took = Clock::now() - start;
  const pid_t grandchild = read_pid(pidfile);
  if (grandchild > 0) ::kill(grandchild, SIGKILL);  // our own cleanup, whatever the runner did
  CHECK(r.exit_code == 0);
  CHECK_FALSE(r.timed_out);
  CHECK(r.out == "parent done\n");
  CHECK(took < 10s);  // bounded by the runner's drain grace, not by the 30 s sleep
}

TEST_CASE("system runner: a child is stopped when we are killed outright (PDEATHSIG)", "[system_runner]") {
  reos::testing::TempDir dir;
  const std::string pidfile = dir.path() + "/child.pid";
  const pid_t supervisor = ::fork();
  REQUIRE(supervisor >= 0);
  if (supervisor == 0) {  // a stand-in for reos-backup, killed with SIGKILL while its child runs
    auto inv = fake("pid_then_sleep.sh", {pidfile, "60"});
    inv.timeout = 30s;
    reos::process::make_system_runner()->run(inv);
    ::_exit(0);
  }
  const pid_t child = read_pid(pidfile);
  ::kill(supervisor, SIGKILL);
  int status = 0;
  ::waitpid(supervisor, &status, 0);
  REQUIRE(child > 0);
  CHECK(process_gone(child));
}

TEST_CASE("system runner: lines reach the line handler while the child runs", "[system_runner]") {
  auto inv = fake("exit_with.sh", {"0"});
  std::vector<std::pair<reos::process::Stream, std::string>> lines;
  auto runner = reos::process::make_system_runner();
  const auto r =
      runner->run_streaming(inv, [&](reos::process::Stream s, std::string_view l) { lines.emplace_back(s, std::string(l)); });
  CHECK(r.exit_code == 0);
  CHECK(r.out == "to stdout\n");  // the result still holds everything
  using reos::process::Stream;
  CHECK(lines == std::vector<std::pair<Stream, std::string>>{{Stream::out, "to stdout"}, {Stream::err, "to stderr"}});

  SECTION("a last line without newline, and lines split across reads") {
    Invocation cat;
    cat.purpose = "cat";
    cat.program = "/bin/cat";
    std::string data;
    for (int i = 0; i < 20000; ++i) data += "line " + std::to_string(i) + "\n";
    data += "no newline";
    cat.stdin_data = data;
    std::vector<std::string> got;
    const auto c = runner->run_streaming(cat, [&](Stream, std::string_view l) { got.emplace_back(l); });
    REQUIRE(got.size() == 20001);
    CHECK(got[12345] == "line 12345");
    CHECK(got.back() == "no newline");
    CHECK(c.out == data);
  }
}

TEST_CASE("system runner: start() runs children side by side, each supervised", "[system_runner]") {
  auto runner = reos::process::make_system_runner();
  auto slow = fake("sleeper.sh", {"60"});
  slow.timeout = 3s;
  slow.kill_grace = 1s;
  auto background = runner->start(slow);
  const auto fg = run(fake("exit_with.sh", {"3"}));
  CHECK(fg.exit_code == 3);
  // The foreground did not wait for the background child, which runs until its timeout.
  CHECK(background.wait_for(0s) == std::future_status::timeout);
  const auto bg = background.get();
  CHECK(bg.timed_out);  // its own timeout was enforced while the foreground ran
  CHECK(bg.term_signal == SIGTERM);
}

TEST_CASE("system runner: idle_priority runs the child at nice 19 and in the idle I/O class", "[system_runner]") {
  // nice(1) and ionice(1) without arguments print the priority they were started with.
  Invocation nice_inv;
  nice_inv.purpose = "nice";
  nice_inv.program = "/usr/bin/nice";
  Invocation ionice_inv = nice_inv;
  ionice_inv.program = "/usr/bin/ionice";
  const auto ours = std::to_string(::getpriority(PRIO_PROCESS, 0));
  CHECK(run(nice_inv).out == ours + "\n");  // not asked: the child keeps ours
  CHECK(run(ionice_inv).out.rfind("idle", 0) != 0);
  nice_inv.idle_priority = ionice_inv.idle_priority = true;
  CHECK(run(nice_inv).out == "19\n");
  CHECK(run(ionice_inv).out == "idle\n");
}
