#pragma once
// Test support for the MinIO commands: a "lab" for the fake mc (tests/fakes/fake_mc.cpp): a
// temporary state directory standing in for MinIO servers, the environment that points
// reos-backup at the fake, and a runner for the built reos-backup binary.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reos/process/runner.hpp"

namespace reos::testing {

// Distinctive secrets: any occurrence in argv, stdout, stderr or JSON is a leak.
inline constexpr const char* kMyminioSecret = "Sup3r-S3cret-myminio-8d1f";
inline constexpr const char* kDrSecret = "Sup3r-S3cret-dr-site-77aa";

class MinioLab {
 public:
  MinioLab() {
    std::string tmpl = "/tmp/reos-minio-test-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    std::filesystem::create_directories(state_dir());
    // Two deployments: the primary (alias myminio) and a DR site (alias dr).
    server("127.0.0.1:9000", {{"access_key", "minioadmin"},
                              {"secret_key", kMyminioSecret},
                              {"deployment_id", "7f8c3c1e-5d2b-4c61-9a0e-2b6f1a9e4d10"},
                              {"buckets",
                               {{"data", {{"versioning", ""}}},
                                {"realestate-memos", {{"versioning", "Enabled"}}},
                                {"backup", {{"versioning", "Enabled"}}}}}});
    server("127.0.0.1:9100", {{"access_key", "repl-user"},
                              {"secret_key", kDrSecret},
                              {"deployment_id", "0b65fc02-c62d-4183-8dcd-a79bbbc1ee19"},
                              {"buckets", {{"data-backup", {{"versioning", "Enabled"}}}, {"memos-dr", {{"versioning", ""}}}}}});
  }
  ~MinioLab() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  MinioLab(const MinioLab&) = delete;
  MinioLab& operator=(const MinioLab&) = delete;

  const std::string& dir() const { return dir_; }
  std::string state_dir() const { return dir_ + "/state"; }
  std::string cmdline_file() const { return dir_ + "/mc-cmdlines.txt"; }

  static std::string state_file_name(std::string host) {
    for (auto& c : host)
      if (c == ':') c = '_';
    return host + ".json";
  }
  void server(const std::string& host, const nlohmann::json& state) const {
    std::ofstream(state_dir() + "/" + state_file_name(host)) << state.dump(1);
  }
  nlohmann::json server(const std::string& host) const {
    std::ifstream in(state_dir() + "/" + state_file_name(host));
    return nlohmann::json::parse(in);
  }
  /// Changes one bucket of a server's state.
  void bucket(const std::string& host, const std::string& name, const nlohmann::json& value) const {
    auto s = server(host);
    s["buckets"][name] = value;
    server(host, s);
  }

  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << content;
    return dir_ + "/" + name;
  }
  std::string read(const std::string& path) const {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream b;
    b << in.rdbuf();
    return b.str();
  }
  /// Every mc argv the fake saw (one line per run); "" when mc never ran.
  std::string cmdlines() const { return read(cmdline_file()); }

  /// The environment for a reos-backup run against the fake: the mc binary, the fake's state,
  /// and two configured aliases (myminio, dr) from REOS_MINIO_* variables.
  std::map<std::string, std::string> env() const {
    return {{"REOS_MC_BIN", REOS_FAKE_MC},
            {"FAKE_MC_STATE", state_dir()},
            {"FAKE_MC_CMDLINE_FILE", cmdline_file()},
            {"REOS_MINIO_MYMINIO_URL", "http://127.0.0.1:9000"},
            {"REOS_MINIO_MYMINIO_ACCESS_KEY", "minioadmin"},
            {"REOS_MINIO_MYMINIO_SECRET_KEY", kMyminioSecret},
            {"REOS_MINIO_DR_URL", "http://127.0.0.1:9100"},
            {"REOS_MINIO_DR_ACCESS_KEY", "repl-user"},
            {"REOS_MINIO_DR_SECRET_KEY", kDrSecret},
            {"TMPDIR", dir_},
            // The audit log of the changing minio-* runs stays in the lab, not in ~/.local/state.
            {"REOS_AUDIT_LOG", dir_ + "/audit.jsonl"}};
  }

 private:
  std::string dir_;
};

struct CliRun {
  int exit_code = -1;
  std::string out, err;
  nlohmann::json json() const { return nlohmann::json::parse(out); }
  /// Whether `s` appears in stdout or stderr.
  bool shows(const std::string& s) const { return out.find(s) != std::string::npos || err.find(s) != std::string::npos; }
};

/// Runs the built reos-backup binary with `args` and extra environment (through the real
/// process runner: no shell).
inline CliRun run_reos(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  auto runner = process::make_system_runner();
  process::Invocation inv;
  inv.purpose = "reos-backup under test";
  inv.program = REOS_BACKUP_BIN;
  inv.args = args;
  inv.env_overrides = env;
  inv.timeout = std::chrono::milliseconds(60000);
  const auto r = runner->run(inv);
  return {r.exit_code, r.out, r.err};
}

}  // namespace reos::testing
