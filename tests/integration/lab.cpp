#include "integration/lab.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include <catch2/catch.hpp>

#include "reos/process/runner.hpp"
#include "reos/util/text.hpp"

namespace reos::testing {

namespace {
const std::string kLabScript = std::string(REOS_SOURCE_DIR) + "/scripts/lab";
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) != "" && std::string(ci) != "false" && std::string(ci) != "0";
}

bool lab_programs_available() {
  const char* needed[] = {"/usr/lib/postgresql/15/bin/initdb", "/usr/lib/postgresql/15/bin/pg_ctl", "/usr/bin/pgbackrest",
                          "/usr/sbin/runuser"};
  for (const char* p : needed) {
    if (::access(p, X_OK) != 0) {
      if (in_ci()) FAIL("required program missing in CI: " << p << " (scripts/bootstrap installs it)");
      WARN("skipping: " << p << " is not installed (run scripts/bootstrap)");
      return false;
    }
  }
  return true;
}

bool s3_programs_available() {
  if (!lab_programs_available()) return false;
  const char* needed[] = {"/usr/bin/node", "/usr/bin/npm", "/usr/bin/openssl"};
  for (const char* p : needed) {
    if (::access(p, X_OK) != 0) {
      if (in_ci()) FAIL("required program missing in CI: " << p << " (scripts/bootstrap installs it)");
      WARN("skipping: " << p << " is not installed (run scripts/bootstrap)");
      return false;
    }
  }
  return true;
}

namespace {
// The raw command line (NUL-separated) of every process, read with read(2), not a stream: a
// process that exits meanwhile makes the read fail (ESRCH), and libstdc++'s filebuf throws on that.
std::vector<std::pair<int, std::string>> raw_cmdlines() {
  std::vector<std::pair<int, std::string>> out;
  DIR* proc = ::opendir("/proc");
  if (!proc) return out;
  while (dirent* e = ::readdir(proc)) {
    const int pid = std::atoi(e->d_name);
    if (pid <= 0) continue;
    const int fd = ::open(("/proc/" + std::string(e->d_name) + "/cmdline").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    std::string cmd;
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) cmd.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    if (!cmd.empty()) out.emplace_back(pid, std::move(cmd));
  }
  ::closedir(proc);
  return out;
}

std::string nuls_as_spaces(std::string cmd) {
  for (auto& c : cmd)
    if (c == '\0') c = ' ';
  return cmd;
}
}  // namespace

std::vector<std::pair<int, std::string>> process_cmdlines() {
  auto out = raw_cmdlines();
  for (auto& [pid, cmd] : out) cmd = nuls_as_spaces(std::move(cmd));
  return out;
}

CmdlineSampler::CmdlineSampler()
    : thread_([this] {
        while (running_) {
          auto now = process_cmdlines();
          {
            std::lock_guard<std::mutex> lock(mutex_);
            for (auto& [pid, cmd] : now) seen_.insert(std::move(cmd));
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
      }) {}

CmdlineSampler::~CmdlineSampler() { stop(); }

void CmdlineSampler::stop() {
  if (running_.exchange(false)) thread_.join();
}

std::set<std::string> CmdlineSampler::seen() {
  std::lock_guard<std::mutex> lock(mutex_);
  return seen_;
}

Run run_program(const std::string& program, const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                int timeout_s) {
  static auto runner = process::make_system_runner();
  process::Invocation inv;
  inv.purpose = "test";
  inv.program = program;
  inv.args = args;
  inv.env_overrides = env;
  inv.timeout = std::chrono::seconds(timeout_s);
  auto r = runner->run(inv);
  INFO("ran: " << program << " " << util::join(args, " "));
  REQUIRE_FALSE(r.spawn_failed);
  REQUIRE_FALSE(r.timed_out);
  return Run{r.exit_code, r.out, r.err};
}

Lab::Lab(std::vector<std::string> create_args, std::map<std::string, std::string> env) : env_(std::move(env)) {
  std::vector<std::string> args{"create"};
  args.insert(args.end(), create_args.begin(), create_args.end());
  std::map<std::string, std::string> e = env_;
  e["REOS_BIN"] = REOS_BACKUP_BIN;
  Run r = run_program(kLabScript, args, e);
  INFO("lab create stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  dir_ = util::trim(r.out);
  REQUIRE(dir_.rfind("/tmp/reos-lab.", 0) == 0);
}

namespace {
// Cleanup from a destructor: no REQUIRE there, it may run while unwinding from a failed test.
// The runner is local, not a function static: S3Server::shared() is a static that outlives any
// static made after it, so a static runner would be destroyed before the server's destructor ran.
void lab_cleanup(const std::string& verb, const std::string& dir) {
  if (dir.empty()) return;
  auto runner = process::make_system_runner();
  process::Invocation inv;
  inv.program = kLabScript;
  inv.args = {verb, dir};
  inv.timeout = std::chrono::seconds(60);
  runner->run(inv);
}
}  // namespace

Lab::~Lab() { lab_cleanup("destroy", dir_); }

Run Lab::lab(std::vector<std::string> args, const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> e = env_;
  for (const auto& [k, v] : env) e[k] = v;
  return run_program(kLabScript, args, e);
}

Run Lab::as_postgres(std::vector<std::string> argv, const std::map<std::string, std::string>& env) {
  std::vector<std::string> args{"run", dir_};
  args.insert(args.end(), argv.begin(), argv.end());
  return lab(args, env);
}

Run Lab::reos(std::vector<std::string> args, const std::map<std::string, std::string>& env) {
  args.push_back("--pgbackrest-config=" + pgbackrest_conf());
  return reos_without_config_flag(std::move(args), env);
}

Run Lab::reos_on_pty(std::vector<std::string> args) {
  args.push_back("--pgbackrest-config=" + pgbackrest_conf());
  std::vector<std::string> argv{kLabScript, "run", dir_, dir_ + "/bin/reos-backup"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  // The environment is made before fork: the child may only make async-signal-safe calls.
  std::map<std::string, std::string> env_map;
  for (char** e = environ; *e; ++e) {
    const std::string kv = *e;
    const auto eq = kv.find('=');
    if (eq != std::string::npos) env_map[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : env_) env_map[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env_map) env_strings.push_back(k + "=" + v);
  std::vector<char*> cenv;
  for (auto& e : env_strings) cenv.push_back(e.data());
  cenv.push_back(nullptr);

  const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  REQUIRE(master >= 0);
  REQUIRE(::grantpt(master) == 0);
  REQUIRE(::unlockpt(master) == 0);
  const std::string slave_path = ::ptsname(master);
  int out[2];
  REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // the child: only async-signal-safe calls until execv
    ::setsid();
    const int slave = ::open(slave_path.c_str(), O_RDWR);
    const int null = ::open("/dev/null", O_RDONLY);
    if (slave < 0 || null < 0) ::_exit(126);
    ::dup2(null, 0);
    ::dup2(out[1], 1);
    ::dup2(slave, 2);
    ::execve(cargv[0], cargv.data(), cenv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  Run r;
  // Both until their ends: the pty's master reads EIO once the last holder of the slave is gone.
  std::vector<pollfd> fds{{master, POLLIN, 0}, {out[0], POLLIN, 0}};
  bool open_ends[2] = {true, true};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while ((open_ends[0] || open_ends[1]) && std::chrono::steady_clock::now() < deadline) {
    for (int i = 0; i < 2; ++i) fds[i].fd = open_ends[i] ? (i == 0 ? master : out[0]) : -1;
    if (::poll(fds.data(), fds.size(), 1000) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (!open_ends[i] || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      const ssize_t n = ::read(i == 0 ? master : out[0], buf, sizeof buf);
      if (n > 0)
        (i == 0 ? r.err : r.out).append(buf, static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR)
        open_ends[i] = false;
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  ::close(out[0]);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  UNSCOPED_INFO("reos-backup (stderr on a pty) " << util::join(args, " ") << " -> exit " << r.exit_code << "\nstdout: " << r.out
                                                 << "\nterminal: " << r.err);
  return r;
}

std::string Lab::split_config(const std::string& more) {
  const std::string dir = dir_ + "/work/split";
  REQUIRE(as_postgres({"mkdir", "-p", dir + "/conf.d"}).exit_code == 0);
  const std::string conf = slurp(pgbackrest_conf());
  const auto stanza = conf.find("\n[");  // the lab's file: [global] first, then its one stanza
  REQUIRE(stanza != std::string::npos);
  const std::string name = conf.substr(stanza + 2, conf.find(']', stanza) - stanza - 2);
  for (const auto& [file, text] : {std::pair{dir + "/pgbackrest.conf", conf.substr(0, stanza + 1)},
                                   {dir + "/conf.d/" + name + ".conf", conf.substr(stanza + 1) + more}}) {
    std::ofstream(file) << text;  // as root, in the postgres-owned directory: readable by postgres
    REQUIRE(slurp(file) == text);
  }
  return dir;
}

Run Lab::reos_without_config_flag(std::vector<std::string> args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{dir_ + "/bin/reos-backup"};
  argv.insert(argv.end(), args.begin(), args.end());
  Run r = as_postgres(argv, env);
  UNSCOPED_INFO("reos-backup " << util::join(args, " ") << " -> exit " << r.exit_code << "\nstdout: " << r.out
                               << "\nstderr: " << r.err);
  return r;
}

std::string Lab::sql(const std::string& statement) {
  Run r = lab({"sql", dir_, statement});
  INFO("sql: " << statement << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  return util::trim(r.out);
}

void Lab::create_seed_tables(const std::string& clock) {
  sql("CREATE TABLE properties (id serial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT " + clock +
      ");"
      "CREATE TABLE pipeline_state (id serial PRIMARY KEY, state_changed_at timestamptz NOT NULL DEFAULT " +
      clock +
      ");"
      "CREATE TABLE timeline_entries (id serial PRIMARY KEY);"
      "CREATE TABLE action_packets (id serial PRIMARY KEY);");
}

std::string Lab::pgbackrest_spy() {
  const std::string spy = dir_ + "/bin/pgbackrest-spy";
  {
    std::ofstream s(spy);
    s << "#!/bin/sh\n"
      << "tr '\\0' ' ' < /proc/$$/cmdline >> " << dir_ << "/work/spy-cmdline.txt\n"
      << "echo >> " << dir_ << "/work/spy-cmdline.txt\n"
      << "exec /usr/bin/pgbackrest \"$@\"\n";
  }
  ::chmod(spy.c_str(), 0755);
  return spy;
}

void Lab::stop_postgres() { REQUIRE(lab({"stop", dir_}).exit_code == 0); }
void Lab::start_postgres() { REQUIRE(lab({"start", dir_}).exit_code == 0); }

bool alive(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

bool gone_within(int pid, std::chrono::seconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (alive(pid) && std::chrono::steady_clock::now() < until) ::usleep(50'000);
  return !alive(pid);
}

int find_process(const std::string& program, const std::vector<std::string>& parts) {
  int found = 0;
  for (auto& [pid, raw] : raw_cmdlines()) {
    const std::string argv0 = raw.substr(0, raw.find('\0'));
    if (argv0.substr(argv0.find_last_of('/') + 1) != program || !alive(pid)) continue;
    const std::string cmd = nuls_as_spaces(raw);
    bool all = true;
    for (const auto& p : parts) all = all && cmd.find(p) != std::string::npos;
    if (all) found = pid;
  }
  return found;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void add_bulk(Lab& lab, int rows) {
  lab.sql(
      "CREATE TABLE bulk AS SELECT i, md5(i::text) || md5((i * 7)::text) || md5((i * 13)::text) AS v "
      "FROM generate_series(1, " +
      std::to_string(rows) + ") i");
}

bool no_pgbackrest_left(const Lab& lab, const std::string& command) {
  std::vector<std::string> parts{lab.pgbackrest_conf()};
  if (!command.empty()) parts.push_back(command);
  for (int i = 0; i < 100; ++i) {
    if (find_process("pgbackrest", parts) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

ReosInBackground::ReosInBackground(const Lab& lab, const std::vector<std::string>& args,
                                   const std::map<std::string, std::string>& env)
    : thread_([this, dir = lab.dir(), conf = lab.pgbackrest_conf(), args, env] {
        auto runner = process::make_system_runner();
        process::Invocation inv;
        inv.program = kLabScript;
        inv.args = {"run", dir, dir + "/bin/reos-backup"};
        inv.args.insert(inv.args.end(), args.begin(), args.end());
        inv.args.push_back("--output=json");
        inv.args.push_back("--pgbackrest-config=" + conf);
        inv.env_overrides = env;
        inv.timeout = std::chrono::seconds(300);
        result_ = runner->run(inv);
      }) {}

ReosInBackground::~ReosInBackground() {
  if (thread_.joinable()) thread_.join();
}

process::ProcessResult ReosInBackground::wait() {
  if (thread_.joinable()) thread_.join();
  return result_;
}

}  // namespace reos::testing

namespace reos::testing {

S3Server& S3Server::shared() {
  static S3Server server;
  return server;
}

S3Server::S3Server() {
  Run r = run_program(kLabScript, {"s3-start"}, {}, 300);  // the first start may run npm ci
  INFO("lab s3-start stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  dir_ = util::trim(r.out);
  REQUIRE(dir_.rfind("/tmp/reos-s3.", 0) == 0);
}

S3Server::~S3Server() { lab_cleanup("s3-destroy", dir_); }

void S3Server::stop() { REQUIRE(run_program(kLabScript, {"s3-stop", dir_}).exit_code == 0); }
void S3Server::resume() {
  Run r = run_program(kLabScript, {"s3-resume", dir_});
  INFO("lab s3-resume stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
}

std::map<std::string, std::string> SeedSecrets::lab_env() const {
  return {{"LAB_CIPHER_PASS", repo1_pass},
          {"LAB_REPO2_CIPHER_PASS", repo2_pass},
          {"LAB_S3_KEY", s3_key},
          {"LAB_S3_KEY_SECRET", s3_secret}};
}

std::map<std::string, std::string> SeedSecrets::reos_env() const {
  return {{"REOS_REPO1_CIPHER_PASS", repo1_pass},
          {"REOS_REPO2_CIPHER_PASS", repo2_pass},
          {"REOS_REPO2_S3_KEY", s3_key},
          {"REOS_REPO2_S3_KEY_SECRET", s3_secret}};
}

std::map<std::string, std::string> SeedSecrets::pgbackrest_env() const {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : reos_env()) out["PGBACKREST_" + k.substr(5)] = v;
  return out;
}

std::vector<std::string> seed_layout_args() { return {"--cipher", "--s3", S3Server::shared().dir()}; }

}  // namespace reos::testing
