// The Boost.Process runner: the only file in reos-backup that includes Boost.Process.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <functional>

#include <boost/asio.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include "reos/process/environment.hpp"
#include "reos/process/runner.hpp"
#include "reos/process/signals.hpp"

namespace reos::process {
namespace {

namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

// Runs in the child between fork and exec. Its own process group lets us stop pgBackRest
// together with its worker processes; PDEATHSIG stops the child if we are killed outright.
struct ChildSetup : bp::extend::handler {
  template <class Executor>
  void on_exec_setup(Executor& /*exec*/) const {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    ::signal(SIGPIPE, SIG_DFL);  // ignored dispositions survive exec; children expect default
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
  }
};

// Hands execve our own KEY=VALUE array instead of a bp::environment (whose lookup in Boost
// 1.74 reads entries past their end, found by AddressSanitizer).
struct ExplicitEnv : bp::extend::handler {
  char** env;
  template <class Executor>
  void on_setup(Executor& exec) const {
    exec.env = env;
  }
};

// Grace for the pipes to reach EOF after the child exited: a grandchild that kept our
// stdout open (a daemon that forgot to close it) must not hang us.
constexpr std::chrono::milliseconds kDrainGrace{2000};
constexpr std::chrono::milliseconds kTick{50};

class SystemRunner final : public ProcessRunner {
 public:
  ProcessResult run(const Invocation& inv) override {
    ProcessResult r;
    const auto start = Clock::now();
    boost::asio::io_context ios;
    bp::async_pipe out_pipe(ios), err_pipe(ios), in_pipe(ios);

    auto env_entries = child_environment(environ, inv.env_overrides);
    auto env_ptrs = exec_pointers(env_entries);
    const ExplicitEnv env{{}, env_ptrs.data()};

    bool exited = false;
    auto on_exit = [&](int, const std::error_code&) { exited = true; };
    std::error_code ec;
    bp::child child;
    if (inv.stdin_data) {
      child = bp::child(bp::exe = inv.program, bp::args = inv.args, env, bp::std_out > out_pipe,
                        bp::std_err > err_pipe, bp::std_in < in_pipe, ios, bp::on_exit = on_exit,
                        ChildSetup{}, ec);
    } else {
      child = bp::child(bp::exe = inv.program, bp::args = inv.args, env, bp::std_out > out_pipe,
                        bp::std_err > err_pipe, bp::std_in < bp::null, ios, bp::on_exit = on_exit,
                        ChildSetup{}, ec);
    }
    if (ec) {
      r.spawn_failed = true;
      r.spawn_error = ec.message();
      r.duration = elapsed(start);
      return r;
    }
    const pid_t pid = child.id();

    std::array<char, 65536> obuf{}, ebuf{};
    bool out_eof = false, err_eof = false;
    std::function<void(const boost::system::error_code&, std::size_t)> read_out, read_err;
    read_out = [&](const boost::system::error_code& e, std::size_t n) {
      r.out.append(obuf.data(), n);
      if (e) { out_eof = true; return; }
      out_pipe.async_read_some(boost::asio::buffer(obuf), read_out);
    };
    read_err = [&](const boost::system::error_code& e, std::size_t n) {
      r.err.append(ebuf.data(), n);
      if (e) { err_eof = true; return; }
      err_pipe.async_read_some(boost::asio::buffer(ebuf), read_err);
    };
    out_pipe.async_read_some(boost::asio::buffer(obuf), read_out);
    err_pipe.async_read_some(boost::asio::buffer(ebuf), read_err);
    if (inv.stdin_data) {
      boost::asio::async_write(in_pipe, boost::asio::buffer(*inv.stdin_data),
                               [&](const boost::system::error_code&, std::size_t) {
                                 boost::system::error_code ignored;
                                 in_pipe.close(ignored);
                               });
    }

    std::optional<Clock::time_point> term_sent, drain_deadline;
    bool kill_sent = false;
    while (true) {
      ios.run_one_for(kTick);
      if (ios.stopped()) ios.restart();
      const auto now = Clock::now();
      if (exited && out_eof && err_eof) break;
      if (exited && !drain_deadline) drain_deadline = now + kDrainGrace;
      if (drain_deadline && now >= *drain_deadline) break;
      if (exited) continue;
      const bool over_time = inv.timeout.count() > 0 && now - start >= inv.timeout;
      const bool interrupted = interrupt_signal() != 0 && !inv.survives_interrupt;
      if (!term_sent && (interrupted || over_time)) {
        (interrupted ? r.interrupted : r.timed_out) = true;
        signal_child(pid, SIGTERM);
        term_sent = now;
      }
      if (term_sent && !kill_sent && now - *term_sent >= inv.kill_grace) {
        signal_child(pid, SIGKILL);
        kill_sent = true;
      }
    }

    std::error_code wait_ec;
    child.wait(wait_ec);
    const int status = child.native_exit_code();
    if (WIFSIGNALED(status)) {
      r.term_signal = WTERMSIG(status);
    } else {
      r.exit_code = WEXITSTATUS(status);
    }
    r.duration = elapsed(start);
    return r;
  }

 private:
  static void signal_child(pid_t pid, int sig) {
    ::kill(-pid, sig);  // the whole group: pgBackRest's local workers too
    ::kill(pid, sig);   // in case the child left its group
  }
  static std::chrono::milliseconds elapsed(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  }
};

}  // namespace

std::unique_ptr<ProcessRunner> make_system_runner() { return std::make_unique<SystemRunner>(); }

}  // namespace reos::process
