#pragma once
// Shell completion scripts for bash, zsh and fish, rendered from the option table (through
// completion_model()). Deterministic: the committed files in completions/ are compared
// against these by a test.
#include <string>

namespace reos::cli {

/// completions/reos-backup.bash (installed as share/bash-completion/completions/reos-backup).
std::string render_bash_completion();
/// completions/_reos-backup (installed in share/zsh/vendor-completions).
std::string render_zsh_completion();
/// completions/reos-backup.fish (installed in share/fish/vendor_completions.d).
std::string render_fish_completion();

}  // namespace reos::cli
