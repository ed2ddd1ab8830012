// The reader for mc's stream of concatenated JSON documents.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "reos/minio/json_stream.hpp"
#include "support/helpers.hpp"

using namespace reos::minio;

TEST_CASE("json stream: one compact document", "[minio]") {
  auto s = read_json_stream(reos::testing::mc_fixture("version-info.enabled.json"));
  REQUIRE(s.documents.size() == 1);
  CHECK(s.text_lines.empty());
  CHECK(successes(s).size() == 1);
  CHECK(s.documents[0]["versioning"]["status"] == "Enabled");
}

TEST_CASE("json stream: a multi-line (terminal) document", "[minio]") {
  auto s = read_json_stream(reos::testing::mc_fixture("get.source-not-s3.errorIf-exit0.tty.json"));
  REQUIRE(s.documents.size() == 1);
  CHECK(s.text_lines.empty());
  auto e = error_of(s.documents[0]);
  REQUIRE(e);
  CHECK(e->type == "error");
  CHECK(e->message == "Unable to download.");
  CHECK(e->cause == "Source is not s3.");
  CHECK(e->summary() == "Unable to download: Source is not s3.");

  s = read_json_stream(reos::testing::mc_fixture("version-info.excluded-prefixes.docs.tty.json"));
  REQUIRE(s.documents.size() == 1);
}

TEST_CASE("json stream: concatenated documents, one per line or glued together", "[minio]") {
  auto s = read_json_stream(reos::testing::mc_fixture("mirror.object-copy-failed.jsonl"));
  REQUIRE(s.documents.size() == 3);
  auto e = error_of(s.documents[1]);
  REQUIRE(e);
  CHECK(e->code == "XMinioStorageFull");
  CHECK(e->message == "Failed to copy `/srv/backup/db.sql`.");
  CHECK(successes(s).size() == 2);

  s = read_json_stream(R"({"a":1}{"b":"}{ not a brace"} [1,2]
 {"status":"success"})");
  REQUIRE(s.documents.size() == 4);
  CHECK(s.documents[1]["b"] == "}{ not a brace");
  CHECK(s.text_lines.empty());
}

TEST_CASE("json stream: text where JSON was expected", "[minio]") {
  auto s = read_json_stream(reos::testing::mc_fixture("first-run-notice.text-mode.stdout.txt") +
                            reos::testing::mc_fixture("ilm-import.success.json"));
  REQUIRE(s.documents.size() == 1);
  REQUIRE(s.text_lines.size() == 1);
  CHECK(s.text_lines[0].rfind("mc: Configuration written to", 0) == 0);

  s = read_json_stream("NAME:\n  mc version enable - enable bucket versioning\n\nUSAGE:\n  mc version enable TARGET\n");
  CHECK(s.documents.empty());
  CHECK(s.text_lines.front() == "NAME:");

  s = read_json_stream("{\"status\":\"success\",\"truncated\":");  // cut off
  CHECK(s.documents.empty());
  CHECK(s.text_lines.size() == 1);

  s = read_json_stream("{\"s\":\"\xff\xfe\"}\n");  // invalid UTF-8 is replaced, not fatal
  CHECK(s.documents.size() == 1);
}

TEST_CASE("json stream: error envelopes of every shape", "[minio]") {
  struct Case {
    const char* file;
    const char* code;
    const char* cause;
  };
  for (const auto& c :
       {Case{"version-enable.bucket-not-found.json", "NoSuchBucket", "The specified bucket does not exist"},
        Case{"replicate-add.target-already-exists.json", "XMinioAdminBucketRemoteAlreadyExists",
             "The remote target already exists"},
        Case{"version-enable.alias-not-found.json", "", "`SetVersion` is not supported for `filesystem`."},
        Case{"version-enable.connection-refused.json", "",
             "Get \"http://127.0.0.1:9000/data/?location=\": dial tcp 127.0.0.1:9000: connect: connection refused"},
        Case{"ilm-import.wrong-type.json", "",
             "json: cannot unmarshal object into Go struct field Configuration.Rules of type []lifecycle.Rule"}}) {
    INFO(c.file);
    auto s = read_json_stream(reos::testing::mc_fixture(c.file));
    REQUIRE(s.documents.size() == 1);
    auto e = error_of(s.documents[0]);
    REQUIRE(e);
    CHECK(e->type == "fatal");
    CHECK(e->code == c.code);
    CHECK(e->cause == c.cause);
  }
  // The unknown-command message carries suggestions on later lines: only the first is kept.
  auto e = error_of(read_json_stream(reos::testing::mc_fixture("unknown-subcommand.json")).documents.at(0));
  REQUIRE(e);
  CHECK(e->message == "`enabel` is not a recognized command. Get help using `--help` flag.");
  CHECK_FALSE(error_of(nlohmann::json::parse(R"({"status":5})")));
  CHECK_FALSE(error_of(nlohmann::json::parse("[1]")));
}
