#include "reos/process/signals.hpp"

#include <atomic>
#include <csignal>

namespace reos::process {
namespace {
std::atomic<int> g_signal{0};

extern "C" void record_signal(int sig) { g_signal.store(sig); }
}  // namespace

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = record_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking waits should wake up
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

int interrupt_signal() { return g_signal.load(); }

void set_interrupt_for_testing(int sig) { g_signal.store(sig); }

}  // namespace reos::process
