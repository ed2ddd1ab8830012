// Lifecycle policy validation before `mc ilm rule import`.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "reos/minio/lifecycle.hpp"

using reos::minio::check_lifecycle;

namespace {
std::string first_problem(const std::string& text) {
  auto c = check_lifecycle(text);
  REQUIRE_FALSE(c.ok());
  return c.problems.front().where + " " + c.problems.front().what;
}
}  // namespace

TEST_CASE("lifecycle: valid policies, including the seed's memo policy", "[minio]") {
  // shared/seed/backup-restore-strategy.md, memo-lifecycle.json.
  auto c = check_lifecycle(R"({"Rules":[{"ID":"DeleteOldVersions","Status":"Enabled","Expiration":{"Days":90},
                                         "NoncurrentVersionExpiration":{"NoncurrentDays":30}}]})");
  CHECK(c.ok());
  CHECK(c.rule_ids == std::vector<std::string>{"DeleteOldVersions"});

  std::ifstream in(std::string(REOS_FIXTURES_DIR) + "/mc/input.lifecycle.json");
  std::ostringstream b;
  b << in.rdbuf();
  c = check_lifecycle(b.str());
  CHECK(c.ok());
  CHECK(c.rule_ids.size() == 2);

  CHECK(check_lifecycle(
            R"({"Rules":[{"ID":"t","Status":"Disabled","Filter":{"And":{"Prefix":"a/","Tags":[{"Key":"k","Value":"v"}]}},
      "Transition":{"Days":30,"StorageClass":"WARM"},"AbortIncompleteMultipartUpload":{"DaysAfterInitiation":7}}]})")
            .ok());
  CHECK(check_lifecycle(R"({"Rules":[{"ID":"m","Status":"Enabled","Expiration":{"ExpiredObjectDeleteMarker":true}}]})").ok());
  CHECK(check_lifecycle(R"({"Rules":[{"ID":"d","Status":"Enabled","Expiration":{"Date":"2026-01-01T00:00:00Z"}}]})").ok());
}

TEST_CASE("lifecycle: invalid policies name the place and the problem", "[minio]") {
  CHECK(first_problem("") == "(document) is empty");
  CHECK(first_problem("<LifecycleConfiguration/>").find("is XML") != std::string::npos);
  CHECK(first_problem("{\"Rules\":[").find("not valid JSON") != std::string::npos);
  CHECK(first_problem("[]").find("must be an object") != std::string::npos);
  CHECK(first_problem("{}") == "Rules is required: an array of rules");
  CHECK(first_problem(R"({"Rules":{"ID":"x"}})").find("must be an array") != std::string::npos);
  CHECK(first_problem(R"({"Rules":[]})").find("is empty") != std::string::npos);
  CHECK(first_problem(R"({"rules":[]})").find("write 'Rules'") != std::string::npos);
  CHECK(first_problem(R"({"Rules":[{"Status":"Enabled","Expiration":{"Days":1}}]})").rfind("Rules[0].ID", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"enabled","Expiration":{"Days":1}}]})").rfind("Rules[0].Status", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Expiration":{"Days":1}}]})").rfind("Rules[0].Status is required", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","Expiration":{"Days":0}}]})")
            .rfind("Rules[0].Expiration.Days", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","Expiration":{"Days":-5}}]})")
            .rfind("Rules[0].Expiration.Days", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","Expiration":{"Days":"30"}}]})")
            .rfind("Rules[0].Expiration.Days", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","NoncurrentVersionExpiration":{"NoncurrentDays":0}}]})")
            .rfind("Rules[0].NoncurrentVersionExpiration.NoncurrentDays", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","NoncurrentVersionExpiration":{}}]})")
            .rfind("Rules[0].NoncurrentVersionExpiration.NoncurrentDays is required", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled"}]})").find("has no action") != std::string::npos);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","Expiraton":{"Days":3}}]})")
            .rfind("Rules[0].Expiraton unknown key", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","Transition":{"Days":3}}]})")
            .rfind("Rules[0].Transition.StorageClass", 0) == 0);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","Expiration":{"Days":3,"Date":"2026-01-01T00:00:00Z"}}]})")
            .find("not both") != std::string::npos);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","Expiration":{"Date":"2026-01-01T10:00:00Z"}}]})")
            .find("midnight") != std::string::npos);
  CHECK(first_problem(R"({"Rules":[{"ID":"x","Status":"Enabled","Expiration":{"Days":1}},
                                   {"ID":"x","Status":"Enabled","Expiration":{"Days":2}}]})")
            .find("more than one rule") != std::string::npos);
  CHECK(first_problem(
            R"({"Rules":[{"ID":"x","Status":"Enabled","Filter":{"Prefix":"a","Tag":{"Key":"k"}},"Expiration":{"Days":1}}]})")
            .find("one of Prefix, Tag or And") != std::string::npos);
  // All problems are collected, not only the first.
  CHECK(check_lifecycle(R"({"Rules":[{"Status":"on","Expiration":{"Days":0}}]})").problems.size() == 3);
}
