// The real runner: vfork + execve (the clone(CLONE_VM|CLONE_VFORK) that glibc's posix_spawn
// uses: no page-table copy), then one poll loop per child that reads stdout and stderr,
// feeds stdin, and enforces timeouts and interrupts. We call vfork ourselves rather than
// posix_spawn because posix_spawn cannot set PR_SET_PDEATHSIG, and an exec shim would cost a
// second exec on every call.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <future>
#include <utility>

#include "reos/process/environment.hpp"
#include "reos/process/runner.hpp"
#include "reos/process/signals.hpp"

namespace reos::process {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Grace for the pipes to reach EOF after the child exited: a grandchild that kept our
// stdout open (a daemon that forgot to close it) must not hang us.
constexpr milliseconds kDrainGrace{2000};
// Upper bound of one poll: a signal delivered to another thread does not wake this one.
constexpr milliseconds kTick{50};

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    reset(o.release());
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// A close-on-exec descriptor above 2, so that setting up the child's 0/1/2 never overwrites one
// of its own sources (possible when we were started with a standard descriptor closed).
int above_stdio(int fd) {
  if (fd < 0 || fd > 2) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}

bool make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  read_end.reset(above_stdio(fds[0]));
  write_end.reset(above_stdio(fds[1]));
  return read_end && write_end;
}

// What the vfork child leaves behind when it cannot exec (it shares our memory until then).
struct ChildFailure {
  int err = 0;
  const char* step = nullptr;
};

struct SpawnRequest {
  const char* program;
  char* const* argv;
  char* const* envp;
  int in, out, err;  // become the child's 0, 1, 2
  pid_t parent;
  bool idle;  // Invocation::idle_priority
};

[[noreturn]] void child_failed(volatile ChildFailure& failure, const char* step) {
  failure.err = errno;
  failure.step = step;
  ::_exit(127);
}

// The child side of vfork: only async-signal-safe calls, no allocation, never returns.
[[noreturn]] void exec_child(const SpawnRequest& req, volatile ChildFailure& failure) {
  auto fail = [&](const char* step) { child_failed(failure, step); };
  // Our handlers must not run in the child (they would share our memory), and ignored
  // dispositions survive exec: children expect SIGPIPE and the rest at their default.
  for (int sig = 1; sig < NSIG; ++sig) {
    struct sigaction sa {};
    if (sig == SIGKILL || sig == SIGSTOP || ::sigaction(sig, nullptr, &sa) != 0) continue;
    if (sa.sa_handler != SIG_DFL) {
      sa = {};
      sa.sa_handler = SIG_DFL;
      ::sigaction(sig, &sa, nullptr);
    }
  }
  // Its own process group lets us stop pgBackRest together with its worker processes;
  // PDEATHSIG stops the child if we are killed outright.
  if (::setpgid(0, 0) != 0) fail("setpgid");
  if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) fail("prctl(PR_SET_PDEATHSIG)");
  if (::getppid() != req.parent) ::_exit(127);  // we died before PDEATHSIG was armed
  if (req.idle) {
    // Best effort: a child that may not lower its priority still does its work.
    ::setpriority(PRIO_PROCESS, 0, 19);
    constexpr int kWhoProcess = 1, kClassIdle = 3, kClassShift = 13;  // linux/ioprio.h
    ::syscall(SYS_ioprio_set, kWhoProcess, 0, kClassIdle << kClassShift);
  }
  if (::dup2(req.in, 0) < 0 || ::dup2(req.out, 1) < 0 || ::dup2(req.err, 2) < 0) fail("dup2");
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve(req.program, req.argv, req.envp);
  child_failed(failure, "execve");
}

// Starts the child; returns its pid, or -1 with `failure` saying why.
__attribute__((noinline)) pid_t spawn(const SpawnRequest& req, ChildFailure& failure) {
  volatile ChildFailure shared;
  // All signals blocked from vfork until the child has reset its handlers (glibc does the same).
  sigset_t all, old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  const pid_t pid = ::vfork();
  if (pid == 0) exec_child(req, shared);
  const int vfork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (pid < 0) {
    failure = {vfork_errno, "vfork"};
    return -1;
  }
  if (shared.step != nullptr) {  // the child has already exited with 127: reap it
    failure = {shared.err, shared.step};
    int status = 0;
    ::waitpid(pid, &status, 0);
    return -1;
  }
  return pid;
}

void signal_child(pid_t pid, int sig) {
  ::kill(-pid, sig);  // the whole group: pgBackRest's local workers too
  ::kill(pid, sig);   // in case the child left its group
}

milliseconds elapsed(Clock::time_point start) { return std::chrono::duration_cast<milliseconds>(Clock::now() - start); }

// Cuts a stream into lines for a LineHandler; the last unterminated line is flushed at the end.
class LineSplitter {
 public:
  LineSplitter(Stream stream, const LineHandler& on_line) : stream_(stream), on_line_(on_line) {}
  void feed(const char* data, std::size_t n) {
    if (!on_line_) return;
    std::string_view rest(data, n);
    for (auto nl = rest.find('\n'); nl != std::string_view::npos; nl = rest.find('\n')) {
      if (partial_.empty()) {
        on_line_(stream_, rest.substr(0, nl));
      } else {
        partial_.append(rest.substr(0, nl));
        on_line_(stream_, partial_);
        partial_.clear();
      }
      rest.remove_prefix(nl + 1);
    }
    partial_.append(rest);
  }
  void finish() {
    if (on_line_ && !partial_.empty()) on_line_(stream_, partial_);
    partial_.clear();
  }

 private:
  Stream stream_;
  const LineHandler& on_line_;
  std::string partial_;
};

// Reads what is there; false at EOF or on a read error.
bool drain(int fd, std::string& into, LineSplitter& lines) {
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<std::size_t>(n));
      lines.feed(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && errno == EAGAIN;
  }
}

int pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);
  return fd < 0 ? -1 : above_stdio(static_cast<int>(fd));
#else
  (void)pid;
  return -1;
#endif
}

// SIGPIPE stays blocked in this thread while we write to a child's stdin (a child may exit
// without reading it all: that is EPIPE, not our death); a pending one is consumed afterwards.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlocked() {
    const timespec zero{0, 0};
    while (::sigtimedwait(&pipe_, nullptr, &zero) == SIGPIPE) {
    }
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t pipe_, old_;
};

class SystemRunner final : public ProcessRunner {
 public:
  ProcessResult run(const Invocation& inv) override { return run_streaming(inv, LineHandler{}); }

  std::future<ProcessResult> start(const Invocation& inv) override {
    // The supervising thread also spawns, so PDEATHSIG (tied to the spawning thread) lasts
    // exactly as long as its supervision.
    return std::async(std::launch::async, [this, inv] { return run(inv); });
  }

  ProcessResult run_streaming(const Invocation& inv, const LineHandler& on_line) override {
    ProcessResult r;
    const auto start = Clock::now();
    auto fail = [&](int err, const char* step) {
      r.spawn_failed = true;
      r.spawn_errno = err;
      r.spawn_error = std::string(std::strerror(err)) + " (" + step + ")";
      r.duration = elapsed(start);
      return r;
    };

    std::vector<std::string> argv_strings = inv.argv();
    std::vector<char*> argv = exec_pointers(argv_strings);
    std::vector<std::string> env_strings = child_environment(environ, inv.env_overrides);
    std::vector<char*> envp = exec_pointers(env_strings);

    Fd out_r, out_w, err_r, err_w, in_r, in_w;
    if (!make_pipe(out_r, out_w) || !make_pipe(err_r, err_w)) return fail(errno, "pipe");
    if (inv.stdin_data) {
      if (!make_pipe(in_r, in_w)) return fail(errno, "pipe");
    } else {
      in_r.reset(above_stdio(::open("/dev/null", O_RDONLY | O_CLOEXEC)));
      if (!in_r) return fail(errno, "open /dev/null");
    }

    ChildFailure failure;
    const SpawnRequest req{inv.program.c_str(), argv.data(), envp.data(), in_r.get(),
                           out_w.get(),         err_w.get(), ::getpid(),  inv.idle_priority};
    const pid_t pid = spawn(req, failure);
    if (pid < 0) return fail(failure.err, failure.step);
    in_r.reset();
    out_w.reset();
    err_w.reset();
    for (const Fd* fd : {&out_r, &err_r, &in_w}) {
      if (*fd) ::fcntl(fd->get(), F_SETFL, ::fcntl(fd->get(), F_GETFL) | O_NONBLOCK);
    }
    Fd pidfd(pidfd_open(pid));
    SigpipeBlocked sigpipe_blocked;

    LineSplitter out_lines(Stream::out, on_line), err_lines(Stream::err, on_line);
    std::string_view to_write = inv.stdin_data ? std::string_view(*inv.stdin_data) : std::string_view{};
    if (in_w && to_write.empty()) in_w.reset();

    bool exited = false;
    int status = 0;
    std::optional<Clock::time_point> term_sent, drain_deadline;
    bool kill_sent = false;
    while (true) {
      if (!exited) {
        const pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid || (w < 0 && errno == ECHILD)) {
          exited = true;
          pidfd.reset();
          in_w.reset();
        }
      }
      const auto now = Clock::now();
      if (exited && !out_r && !err_r) break;
      if (exited && !drain_deadline) drain_deadline = now + kDrainGrace;
      if (drain_deadline && now >= *drain_deadline) break;
      if (!exited) {
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

      // Sleep until something happens, at most until the next deadline.
      milliseconds wait = pidfd || exited ? kTick : milliseconds{5};
      auto until = [&](Clock::time_point t) {
        wait = std::min(wait, std::chrono::ceil<milliseconds>(std::max(t - now, Clock::duration::zero())));
      };
      if (!exited && !term_sent && inv.timeout.count() > 0) until(start + inv.timeout);
      if (term_sent && !kill_sent) until(*term_sent + inv.kill_grace);
      if (drain_deadline) until(*drain_deadline);
      pollfd fds[4];
      nfds_t n = 0;
      for (const Fd* fd : {&out_r, &err_r}) {
        if (*fd) fds[n++] = {fd->get(), POLLIN, 0};
      }
      if (in_w) fds[n++] = {in_w.get(), POLLOUT, 0};
      if (pidfd) fds[n++] = {pidfd.get(), POLLIN, 0};
      ::poll(fds, n, static_cast<int>(wait.count()));

      if (out_r && !drain(out_r.get(), r.out, out_lines)) out_r.reset();
      if (err_r && !drain(err_r.get(), r.err, err_lines)) err_r.reset();
      while (in_w && !to_write.empty()) {
        const ssize_t w = ::write(in_w.get(), to_write.data(), to_write.size());
        if (w > 0) {
          to_write.remove_prefix(static_cast<std::size_t>(w));
        } else if (w < 0 && errno == EINTR) {
          continue;
        } else {
          if (errno != EAGAIN) in_w.reset();  // EPIPE: the child does not want the rest
          break;
        }
      }
      if (in_w && to_write.empty()) in_w.reset();  // EOF tells the child the input is complete
    }
    out_lines.finish();
    err_lines.finish();

    if (WIFSIGNALED(status)) {
      r.term_signal = WTERMSIG(status);
    } else {
      r.exit_code = WEXITSTATUS(status);
    }
    r.duration = elapsed(start);
    return r;
  }
};

}  // namespace

std::unique_ptr<ProcessRunner> make_system_runner() { return std::make_unique<SystemRunner>(); }

}  // namespace reos::process
