// The README's exit-code table is documentation users rely on: it must match the one table.
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "reos/error/error.hpp"

TEST_CASE("README lists every exit code exactly as the exit-code table defines it", "[docs]") {
  std::ifstream in(std::string(REOS_FIXTURES_DIR) + "/../../README.md");
  REQUIRE(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string readme = buf.str();
  for (const auto& row : reos::error::exit_code_table()) {
    const std::string line = fmt::format("| {} | {} | {} |", row.number, row.json_name, row.description);
    INFO("missing README row: " << line);
    CHECK(readme.find(line) != std::string::npos);
  }
}
