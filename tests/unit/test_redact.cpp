// reos/util/redact: secrets never leave reos-backup in clear.
#include <catch2/catch.hpp>

#include "reos/process/invocation.hpp"
#include "reos/util/redact.hpp"
#include "reos/util/text.hpp"

using reos::process::Invocation;
using reos::util::Redactor;
using Argv = std::vector<std::string>;

TEST_CASE("Redactor::text replaces every occurrence of every secret", "[redact]") {
  Redactor r;
  CHECK(r.text("nothing registered hunter2") == "nothing registered hunter2");
  r.add_secret("hunter2");
  r.add_secret("s3cr3t-key");
  CHECK(r.text("pass=hunter2 and hunter2hunter2; key s3cr3t-key") == "pass=<redacted> and <redacted><redacted>; key <redacted>");
  CHECK(r.text("") == "");
  CHECK(r.text("hunter") == "hunter");
}

TEST_CASE("Redactor: the longer of overlapping secrets is replaced whole", "[redact]") {
  Redactor r;
  r.add_secret("abc");
  r.add_secret("abcdef");
  CHECK(r.text("abcdef|abc|abcde") == "<redacted>|<redacted>|<redacted>de");
}

TEST_CASE("Redactor: very short values are not treated as secrets", "[redact]") {
  Redactor r;
  r.add_secret("");
  r.add_secret("a");
  r.add_secret("ab");
  CHECK(r.text("a cab ab") == "a cab ab");
  r.add_secret("abc");
  r.add_secret("abc");  // twice is once
  CHECK(r.text("a cab abc") == "a cab <redacted>");
}

TEST_CASE("Redactor: a secret containing the marker itself does not loop", "[redact]") {
  Redactor r;
  r.add_secret("<redacted>");
  CHECK(r.text("x <redacted> y <redacted>") == "x <redacted> y <redacted>");
}

TEST_CASE("Redactor::argv redacts --x-pass=v style arguments and known values", "[redact]") {
  Redactor r;
  r.add_secret("known-secret");
  const Argv in = {"/usr/bin/pgbackrest",
                   "--repo1-cipher-pass=v",
                   "--x-cipher-pass=whatever",
                   "--repo2-s3-key-secret=zz",
                   "--repo2-s3-key=AKIA",
                   "--db-password=pw",
                   "--api-token=tok",
                   "--stanza=main",
                   "--pg1-host=known-secret.example",
                   "--type=full",
                   "backup"};
  CHECK(r.argv(in) == Argv{"/usr/bin/pgbackrest", "--repo1-cipher-pass=<redacted>", "--x-cipher-pass=<redacted>",
                           "--repo2-s3-key-secret=<redacted>", "--repo2-s3-key=<redacted>", "--db-password=<redacted>",
                           "--api-token=<redacted>", "--stanza=main", "--pg1-host=<redacted>.example", "--type=full", "backup"});
  CHECK(r.argv({}).empty());
}

TEST_CASE("Redactor::env shows names only for secret variables and MC_HOST_*", "[redact]") {
  Redactor r;
  r.add_secret("registered-value");
  Invocation inv;
  inv.env_overrides = {{"PGBACKREST_REPO1_CIPHER_PASS", "cipher"},
                       {"MC_HOST_backup", "https://AK:SK@minio:9000"},
                       {"mc_host_lower", "https://AK:SK@minio:9000"},
                       {"PGBACKREST_LOG_PATH", "/var/log/pgbackrest"},
                       {"CUSTOM_VALUE", "plain"},
                       {"LISTED_SECRET", "xyz-listed"},
                       {"OTHER", "has registered-value inside"}};
  inv.secret_env = {"LISTED_SECRET"};
  const auto shown = r.env(inv.env_overrides, inv.secret_env);
  CHECK(shown == std::map<std::string, std::string>{{"PGBACKREST_REPO1_CIPHER_PASS", "<redacted>"},
                                                    {"MC_HOST_backup", "<redacted>"},
                                                    {"mc_host_lower", "<redacted>"},
                                                    {"PGBACKREST_LOG_PATH", "/var/log/pgbackrest"},
                                                    {"CUSTOM_VALUE", "plain"},
                                                    {"LISTED_SECRET", "<redacted>"},
                                                    {"OTHER", "has <redacted> inside"}});
}

TEST_CASE("Redactor::is_secret_name", "[redact]") {
  for (const char* name :
       {"repo1-cipher-pass", "PGBACKREST_REPO1_CIPHER_PASS", "REOS_REPO2_CIPHER_PASS", "repo2-s3-key", "repo2-s3-key-secret",
        "PGBACKREST_REPO2_S3_KEY", "MC_HOST_backup", "mc-host-x", "secret-key", "PGPASSWORD", "api-token"}) {
    INFO(name);
    CHECK(Redactor::is_secret_name(name));
  }
  for (const char* name : {"stanza", "pgbackrest-config", "REOS_OUTPUT", "PGBACKREST_LOG_PATH", "access-key", "url",
                           "MC_HOSTNAME", "PATH", "repo1-cipher-type", ""}) {
    INFO(name);
    CHECK_FALSE(Redactor::is_secret_name(name));
  }
}

TEST_CASE("redact: the two-word form --x-pass VALUE hides the value too", "[redact]") {
  reos::util::Redactor r;
  auto out = r.argv({"prog", "--repo1-cipher-pass", "hunter22", "--stanza", "main"});
  const std::vector<std::string> expected{"prog", "--repo1-cipher-pass", "<redacted>", "--stanza", "main"};
  CHECK(out == expected);
}

TEST_CASE("printable: control bytes from a failed decryption never reach a terminal", "[text]") {
  CHECK(reos::util::printable("ok\tline\nnext") == "ok\tline\nnext");
  const std::string raw = std::string("a") + char(1) + "b" + char(27) + "[31m";
  const std::string want = std::string("a") + "\xEF\xBF\xBD" + "b" + "\xEF\xBF\xBD" + "[31m";
  CHECK(reos::util::printable(raw) == want);
}
