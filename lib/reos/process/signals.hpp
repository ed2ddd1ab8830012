#pragma once
// SIGINT/SIGTERM handling: the handler only records the signal; the runner forwards it to
// the running child and commands unwind through their cleanup (staging clusters, temp files).

namespace reos::process {

/// Installs handlers for SIGINT and SIGTERM (and ignores SIGPIPE). Call once from main.
void install_signal_handlers();

/// The signal received so far (0 when none).
int interrupt_signal();

/// For tests: pretend a signal arrived / clear it.
void set_interrupt_for_testing(int sig);

}  // namespace reos::process
