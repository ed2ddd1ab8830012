// reos/process/environment: the child's KEY=VALUE array.
#include <catch2/catch.hpp>

#include "reos/process/environment.hpp"

using reos::process::child_environment;
using reos::process::exec_pointers;

TEST_CASE("child environment: overrides replace inherited entries, the rest is kept in order", "[environment]") {
  // Entries shorter than the override names (the Boost lookup read past such entries), an
  // entry that is a prefix of a name, an entry without '=' and an empty value.
  const char* inherited[] = {
      "A=1",  "PGBACKREST_REPO1_CIPHER_PASS=old", "PGBACKREST=prefix", "NOEQUALS", "PATH=/usr/bin", "EMPTY=", "A=duplicate",
      nullptr};
  const auto env =
      child_environment(inherited, {{"PGBACKREST_REPO1_CIPHER_PASS", "new pass"}, {"A", "2"}, {"ZNEW", "z=with=equals"}});
  CHECK(env == std::vector<std::string>{"PGBACKREST=prefix", "NOEQUALS", "PATH=/usr/bin", "EMPTY=", "A=2",
                                        "PGBACKREST_REPO1_CIPHER_PASS=new pass", "ZNEW=z=with=equals"});
}

TEST_CASE("child environment: no overrides is the inherited environment, and none inherited is the overrides", "[environment]") {
  const char* inherited[] = {"X=1", "Y=2", nullptr};
  CHECK(child_environment(inherited, {}) == std::vector<std::string>{"X=1", "Y=2"});
  CHECK(child_environment(nullptr, {{"K", "v"}}) == std::vector<std::string>{"K=v"});
}

TEST_CASE("child environment: exec pointers end with nullptr and point at the entries", "[environment]") {
  std::vector<std::string> entries{"A=1", "B=2"};
  const auto p = exec_pointers(entries);
  REQUIRE(p.size() == 3);
  CHECK(std::string(p[0]) == "A=1");
  CHECK(std::string(p[1]) == "B=2");
  CHECK(p[2] == nullptr);
}
