// reos/error: the one exit-code table.
#include <catch2/catch.hpp>

#include <set>

#include "reos/error/error.hpp"

using namespace reos::error;

TEST_CASE("exit codes: stable numbers and names", "[error]") {
  CHECK(static_cast<int>(ExitCode::Ok) == 0);
  CHECK(static_cast<int>(ExitCode::Usage) == 2);
  CHECK(static_cast<int>(ExitCode::Config) == 3);
  CHECK(static_cast<int>(ExitCode::ProgramMissing) == 4);
  CHECK(static_cast<int>(ExitCode::UpstreamFailed) == 5);
  CHECK(static_cast<int>(ExitCode::Timeout) == 6);
  CHECK(static_cast<int>(ExitCode::Interrupted) == 7);
  CHECK(static_cast<int>(ExitCode::Refused) == 8);
  CHECK(static_cast<int>(ExitCode::Internal) == 9);
  CHECK(static_cast<int>(ExitCode::ProblemFound) == 10);
  CHECK(static_cast<int>(ExitCode::ObjectiveBreached) == 11);
  CHECK(row_for(ExitCode::Usage).json_name == "usage");
  CHECK(row_for(ExitCode::UpstreamFailed).json_name == "upstream_failed");
  CHECK(row_for(ExitCode::ProblemFound).json_name == "problem_found");
  CHECK(row_for(ExitCode::ProblemFound).kind == ExitKind::found_problem);
  CHECK(row_for(ExitCode::Timeout).kind == ExitKind::could_not_run);
  CHECK(row_for(ExitCode::Ok).kind == ExitKind::success);
}

TEST_CASE("exit codes: the table is unique and avoids the shell's numbers", "[error]") {
  std::set<int> numbers;
  std::set<std::string_view> names;
  for (const auto& row : exit_code_table()) {
    INFO(row.json_name);
    CHECK(numbers.insert(row.number).second);
    CHECK(names.insert(row.json_name).second);
    CHECK(static_cast<int>(row.code) == row.number);
    CHECK(row.number != 1);  // generic failure of any program: ours are specific
    CHECK(row.number < 126);
    CHECK_FALSE(row.description.empty());
    for (char c : row.json_name) CHECK(((c >= 'a' && c <= 'z') || c == '_'));
  }
}

TEST_CASE("Error carries code, message, hint and upstream", "[error]") {
  Error e(ExitCode::Config, "bad value", "fix it");
  CHECK(e.code() == ExitCode::Config);
  CHECK(e.exit_code() == 3);
  CHECK(e.message() == "bad value");
  CHECK(e.hint() == "fix it");
  CHECK_FALSE(e.upstream().has_value());
  Upstream up;
  up.program = "pgbackrest";
  up.exit_code = 56;
  e.with_upstream(up);
  REQUIRE(e.upstream().has_value());
  CHECK(e.upstream()->exit_code == 56);
}
