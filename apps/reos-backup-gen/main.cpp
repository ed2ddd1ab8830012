// reos-backup-gen: renders the man page and the shell completions from the option table, at
// build time (not installed). The outputs are committed; `--check` is the test that they are
// still what the table says, so documentation cannot drift from the parser.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "reos/cli/render_completions.hpp"
#include "reos/cli/render_man.hpp"
#include "reos/error/error.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/text.hpp"

namespace {

struct Output {
  const char* path;  // relative to the source directory
  std::function<std::string()> render;
};

const std::vector<Output>& outputs() {
  static const std::vector<Output> all = {
      {"man/reos-backup.1", reos::cli::render_man},
      {"completions/reos-backup.bash", reos::cli::render_bash_completion},
      {"completions/_reos-backup", reos::cli::render_zsh_completion},
      {"completions/reos-backup.fish", reos::cli::render_fish_completion},
  };
  return all;
}

// nullopt-like: a missing file reads as empty and therefore differs.
std::string read_or_empty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  if (in) buf << in.rdbuf();
  return buf.str();
}

// Where the committed file and the fresh render part, so the failure message is actionable.
std::string first_difference(const std::string& committed, const std::string& rendered) {
  const auto a = reos::util::split_lines(committed), b = reos::util::split_lines(rendered);
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "<end of file>", y = i < b.size() ? b[i] : "<end of file>";
    if (x != y) return "line " + std::to_string(i + 1) + ":\n    committed: " + x + "\n    rendered:  " + y;
  }
  return "trailing bytes differ";
}

int usage() {
  std::cerr << "usage: reos-backup-gen [--check] SOURCE_DIR\n"
               "  Renders man/reos-backup.1 and completions/{reos-backup.bash,_reos-backup,reos-backup.fish}\n"
               "  under SOURCE_DIR from the option table. --check writes nothing and exits 1 when a file\n"
               "  differs from a fresh render.\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bool check = false;
  std::string root;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--check")
      check = true;
    else if (a == "--help" || a == "-h")
      return usage(), 0;
    else if (root.empty() && !a.empty() && a[0] != '-')
      root = a;
    else
      return usage();
  }
  if (root.empty()) return usage();

  int stale = 0;
  try {
    for (const auto& o : outputs()) {
      const std::string path = root + "/" + o.path;
      const std::string rendered = o.render();
      const std::string committed = read_or_empty(path);
      if (committed == rendered) continue;
      if (check) {
        ++stale;
        std::cerr << "reos-backup-gen: " << o.path << " is not what the option table renders ("
                  << first_difference(committed, rendered) << ")\n";
        continue;
      }
      const std::string dir = path.substr(0, path.rfind('/'));
      if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
        std::cerr << "reos-backup-gen: cannot create " << dir << ": " << std::strerror(errno) << "\n";
        return 1;
      }
      reos::util::write_file_atomically(path, rendered, 0644);
      std::cout << "wrote " << o.path << "\n";
    }
  } catch (const reos::error::Error& e) {
    std::cerr << "reos-backup-gen: " << e.message() << "\n";
    return 1;
  }
  if (stale > 0) {
    std::cerr << "reos-backup-gen: " << stale
              << " generated file(s) are out of date with lib/reos/config/spec.cpp (or exit_codes.def).\n"
                 "Regenerate them with: scripts/regenerate   (then commit man/ and completions/)\n";
    return 1;
  }
  return 0;
}
