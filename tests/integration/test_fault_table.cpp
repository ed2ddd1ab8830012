// The fault table of README ("What goes wrong, and what you get"): each fault injected into
// the real binary with stand-in programs, asserting the exit code, what the JSON says and what
// is left behind. Faults that need a running cluster are asserted by the lab tests named in
// the README table; this file holds those that do not.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "reos/util/text.hpp"
#include "support/helpers.hpp"

using nlohmann::json;
using reos::testing::gone_within;
using reos::testing::Run;
using reos::testing::run_program;

namespace {

// A stand-in program: a shell script written for the test (0755), or 0644 when not executable.
std::string script(const reos::testing::TempDir& dir, const std::string& name, const std::string& body, mode_t mode = 0755) {
  return dir.write(name, "#!/bin/sh\n" + body, mode);
}

const std::string kMinioEnv[][2] = {{"REOS_MINIO_A_URL", "http://127.0.0.1:9"},
                                    {"REOS_MINIO_A_ACCESS_KEY", "minioadmin"},
                                    {"REOS_MINIO_A_SECRET_KEY", "minioadmin-secret"}};

// hang-forever wrote "its pid, its child's pid": both must be gone (the whole group stopped).
bool group_gone(const std::string& pidfile) {
  std::ifstream in(pidfile);
  int parent = 0, child = 0;
  in >> parent >> child;
  return parent > 0 && child > 0 && gone_within(parent, std::chrono::seconds(5)) && gone_within(child, std::chrono::seconds(5));
}

}  // namespace

TEST_CASE("fault table: each injected fault gives its exit code, JSON and leaves nothing behind", "[cli][faults]") {
  reos::testing::TempDir dir;
  const std::string pidfile = dir.path() + "/hang.pids";
  const std::string mc_version = "cat " + std::string(REOS_FIXTURES_DIR) + "/mc/mc-version.minio-2025-08-13.txt";
  struct Fault {
    std::string name;
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    int exit_code;
    std::string error_code;  // "" for success
    std::function<void(const json&)> json_says;
  };
  // one fault per row (not reflowed):
  // clang-format off
  const std::vector<Fault> faults = {
      {"pgbackrest missing", {"info", "--pgbackrest-bin=/nonexistent/pgbackrest"}, {}, 4, "program_missing",
       [](const json& j) {
         CHECK(j["error"]["message"] == "--pgbackrest-bin '/nonexistent/pgbackrest' does not exist");
         CHECK(j["invocations"].empty());
       }},
      {"pgbackrest not executable", {"info", "--pgbackrest-bin=" + script(dir, "pgbackrest-0644", "echo []\n", 0644)}, {}, 4,
       "program_missing",
       [](const json& j) {
         CHECK(j["error"]["message"].get<std::string>().find("is not an executable file") != std::string::npos);
         CHECK(j["invocations"].empty());
       }},
      {"not pgBackRest (prints something else)", {"info", "--pgbackrest-bin=/bin/echo"}, {}, 5, "upstream_failed",
       [](const json& j) {
         CHECK(j["error"]["message"].get<std::string>().find("did not print a JSON array") != std::string::npos);
       }},
      {"pgbackrest hangs (timeout, process group gone)",
       {"info", "--pgbackrest-bin=" + std::string(REOS_FAKES_DIR) + "/hang-forever", "--timeout=1s"},
       {{"HANG_PIDFILE", pidfile}}, 6, "timeout",
       [&](const json& j) {
         CHECK(j["invocations"][0]["timed_out"] == true);
         CHECK(group_gone(pidfile));
       }},
      {"pgbackrest child killed by SIGKILL", {"info", "--pgbackrest-bin=" + script(dir, "killed", "kill -KILL $$\n")}, {}, 5,
       "upstream_failed",
       [](const json& j) {
         CHECK(j["invocations"][0]["signal"] == 9);
         CHECK(j["error"]["message"] == "pgbackrest info was killed by signal 9");
       }},
      {"info prints truncated JSON",
       {"info", "--pgbackrest-bin=" + script(dir, "truncated", "printf '[{\"name\":\"lab\",\"status\":{\"code\":0'\n")}, {}, 5,
       "upstream_failed",
       [](const json& j) {
         CHECK(j["error"]["message"].get<std::string>().find("[{\"name\":\"lab\"") != std::string::npos);
       }},
      {"info prints non-UTF-8 bytes",
       {"info", "--pgbackrest-bin=" +
                    script(dir, "bytes", "printf '[{\"name\":\"lab\",\"status\":{\"code\":99,\"message\":\"raw \\377\\376\"}}]'\n")},
       {}, 10, "problem_found",
       [](const json& j) {
         CHECK(j["result"]["stanzas"][0]["status"]["message"] == "raw \xEF\xBF\xBD\xEF\xBF\xBD");
       }},
      {"info prints an empty document", {"info", "--pgbackrest-bin=" + script(dir, "empty", "exit 0\n")}, {}, 5,
       "upstream_failed",
       [](const json& j) {
         CHECK(j["error"]["message"].get<std::string>().find("did not print a JSON array (got: '')") != std::string::npos);
       }},
      {"info prints numbers that do not fit",
       {"info", "--pgbackrest-bin=" +
                    script(dir, "huge", "printf '[{\"name\":\"lab\",\"backup\":[{\"timestamp\":{\"start\":2e99}}]}]'\n")},
       {}, 5, "upstream_failed",
       [](const json& j) {
         CHECK(j["error"]["message"].get<std::string>().find("'backup[].timestamp.start'") != std::string::npos);
       }},
      // mc answers --version, then hangs in the command itself (a hang at --version means "not
      // the MinIO client", exit 4: see minio: Midnight Commander and unknown programs ...).
      {"mc hangs",
       {"minio-version", "status", "--alias=a", "--bucket=memos", "--timeout=1s",
        "--mc-bin=" + script(dir, "mc-hangs", "case \"$1\" in --version) " + mc_version + ";; *) exec " +
                                                  std::string(REOS_FAKES_DIR) + "/hang-forever;; esac\n")},
       {{"HANG_PIDFILE", pidfile + ".mc"}}, 6, "timeout",
       [&](const json& j) {
         CHECK(j["invocations"].back()["timed_out"] == true);
         CHECK(group_gone(pidfile + ".mc"));
       }},
      {"mc exits 0 with an error line",
       {"minio-version", "status", "--alias=a", "--bucket=memos",
        "--mc-bin=" + script(dir, "mc-error-exit0",
                             "case \"$1\" in --version) " + mc_version +
                                 ";; *) echo '{\"status\":\"error\",\"error\":{\"message\":\"Unable to get bucket versioning\","
                                 "\"cause\":{\"message\":\"Access Denied.\",\"error\":{\"Code\":\"AccessDenied\"}},"
                                 "\"type\":\"error\"}}';; esac\nexit 0\n")},
       {}, 5, "upstream_failed",
       [](const json& j) {
         CHECK(j["error"]["message"].get<std::string>().find("Access Denied") != std::string::npos);
       }},
  };
  // clang-format on
  for (const auto& f : faults) {
    std::map<std::string, std::string> env = f.env;
    for (const auto& kv : kMinioEnv) env[kv[0]] = kv[1];
    std::vector<std::string> args = f.args;
    args.push_back("--output=json");
    const Run r = run_program(REOS_BACKUP_BIN, args, env, 60);
    INFO(f.name << "\nargs: " << reos::util::join(args, " ") << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == f.exit_code);
    json j;
    REQUIRE_NOTHROW(j = r.json());  // exactly one JSON document, also here
    CHECK(j["exit_code"] == f.exit_code);
    if (!f.error_code.empty()) CHECK(j["error"]["code"] == f.error_code);
    f.json_says(j);
  }
}
