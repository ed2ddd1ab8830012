// MinIO aliases from REOS_MINIO_* and [minio:ALIAS]; locations; small utilities they use.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "reos/config/config_file.hpp"
#include "reos/error/error.hpp"
#include "reos/minio/aliases.hpp"
#include "reos/minio/location.hpp"
#include "reos/util/atomic_file.hpp"
#include "reos/util/base64.hpp"

using namespace reos::minio;
using reos::error::Error;
using reos::error::ExitCode;

namespace {
ExitCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ExitCode::Ok;
}
}  // namespace

TEST_CASE("aliases: environment over config file, per key", "[minio]") {
  auto cfg = reos::config::parse_config_text("/etc/r.conf",
                                             "[minio:dr-site]\nurl = https://dr.example.net:9000/\naccess-key = repl-user\n"
                                             "secret-key = from-file-secret\n");
  reos::config::Environment env{{"REOS_MINIO_DR_SITE_SECRET_KEY", "from-env-secret"}};
  auto a = resolve_alias("dr-site", env, &cfg);
  CHECK(a.url == "https://dr.example.net:9000");
  CHECK(a.url_source == "/etc/r.conf:2");
  CHECK(a.access_key == "repl-user");
  CHECK(a.secret_key == "from-env-secret");
  CHECK(mc_host_variable(a) == "MC_HOST_dr-site");
  CHECK(mc_host_value(a) == "https://repl-user:from-env-secret@dr.example.net:9000");
  CHECK(alias_env_prefix("dr-site") == "REOS_MINIO_DR_SITE_");

  reos::util::Redactor r;
  register_secrets(a, r);
  CHECK(r.text("x from-env-secret y") == "x <redacted> y");

  auto names = configured_aliases({{"REOS_MINIO_PRIMARY_URL", "http://h:9000"}, {"REOS_MINIO_DR_SITE_URL", "x"}}, &cfg);
  CHECK(names == std::vector<std::string>{"dr-site", "primary"});
}

TEST_CASE("aliases: not configured, incomplete or unusable values are config errors", "[minio]") {
  reos::config::Environment env{
      {"REOS_MINIO_A_URL", "http://h:9000"}, {"REOS_MINIO_A_ACCESS_KEY", "user"}, {"REOS_MINIO_A_SECRET_KEY", "secret-123"}};
  CHECK(code_of([&] { resolve_alias("a", env, nullptr); }) == ExitCode::Ok);
  CHECK(code_of([&] { resolve_alias("nosuch", env, nullptr); }) == ExitCode::Config);
  CHECK(code_of([&] { resolve_alias("1bad", env, nullptr); }) == ExitCode::Usage);
  auto with = [&](const char* k, const char* v) {
    auto e = env;
    e[k] = v;
    return code_of([&] { resolve_alias("a", e, nullptr); });
  };
  CHECK(with("REOS_MINIO_A_SECRET_KEY", "has:colon") == ExitCode::Config);  // would become a session token
  CHECK(with("REOS_MINIO_A_SECRET_KEY", "short") == ExitCode::Config);
  CHECK(with("REOS_MINIO_A_ACCESS_KEY", "us:er") == ExitCode::Config);
  CHECK(with("REOS_MINIO_A_URL", "http://h:9000/bucket") == ExitCode::Config);
  CHECK(with("REOS_MINIO_A_URL", "http://u:p@h:9000") == ExitCode::Config);
  CHECK(with("REOS_MINIO_A_URL", "h:9000") == ExitCode::Config);
  CHECK(with("REOS_MINIO_A_URL", "ftp://h") == ExitCode::Config);
  CHECK(with("REOS_MINIO_A_URL", "http://h:99999") == ExitCode::Config);
  CHECK(with("REOS_MINIO_A_URL", "https://[::1]:9000") == ExitCode::Ok);
  CHECK(with("REOS_MINIO_A_SECRET_KEY", "p@ss-with-at") == ExitCode::Ok);  // the last '@' ends it
  auto partial = env;
  partial.erase("REOS_MINIO_A_ACCESS_KEY");
  CHECK(code_of([&] { resolve_alias("a", partial, nullptr); }) == ExitCode::Config);
  auto cfg = reos::config::parse_config_text("/etc/r.conf", "[minio:a]\nendpoint = x\n");
  CHECK(code_of([&] { resolve_alias("a", env, &cfg); }) == ExitCode::Config);  // typo'd key
}

TEST_CASE("locations: ALIAS/BUCKET/PREFIX or an absolute directory", "[minio]") {
  auto l = parse_location("myminio/realestate-memos/2025/06/", "--source", true);
  CHECK(l.alias == "myminio");
  CHECK(l.bucket == "realestate-memos");
  CHECK(l.prefix == "2025/06");
  CHECK(l.mc_arg() == "myminio/realestate-memos/2025/06");
  CHECK(parse_location("/srv/backup", "--source", true).is_local());
  CHECK(code_of([] { parse_location("/srv/backup", "--x", false); }) == ExitCode::Usage);
  CHECK(code_of([] { parse_location("srv/backup", "--x", true); }) == ExitCode::Ok);  // alias srv: checked later
  CHECK(code_of([] { parse_location("myminio", "--x", true); }) == ExitCode::Usage);
  CHECK(code_of([] { parse_location("https://h/b", "--x", true); }) == ExitCode::Usage);
  CHECK(code_of([] { parse_location("myminio/Bad_Bucket", "--x", true); }) == ExitCode::Usage);
  CHECK(code_of([] { parse_location("myminio/ok-bucket/../x", "--x", true); }) == ExitCode::Usage);
  CHECK(code_of([] { check_bucket_name("ab", "--bucket"); }) == ExitCode::Usage);
  CHECK(code_of([] { check_bucket_name("-abc", "--bucket"); }) == ExitCode::Usage);
  CHECK(code_of([] { check_bucket_name("realestate.memos-1", "--bucket"); }) == ExitCode::Ok);
}

TEST_CASE("base64 and atomic 0600 files", "[minio]") {
  CHECK(reos::util::base64_encode("any carnal pleas") == "YW55IGNhcm5hbCBwbGVhcw==");
  CHECK(reos::util::base64_decode("YW55IGNhcm5hbCBwbGVhcw==") == std::string("any carnal pleas"));
  CHECK(reos::util::base64_decode("YW55\nIGNhcm5hbCBwbGVhc3U") == std::string("any carnal pleasu"));
  CHECK_FALSE(reos::util::base64_decode("not*base64"));
  CHECK_FALSE(reos::util::base64_decode("YW==YW"));

  char tmpl[] = "/tmp/reos-unit-atomic-XXXXXX";
  REQUIRE(::mkdtemp(tmpl));
  const std::string path = std::string(tmpl) + "/out.txt";
  ::umask(022);
  reos::util::write_file_atomically(path, "one");
  reos::util::write_file_atomically(path, "two\n");
  std::ifstream in(path);
  std::ostringstream b;
  b << in.rdbuf();
  CHECK(b.str() == "two\n");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(code_of([&] { reos::util::write_file_atomically(std::string(tmpl) + "/no/such/dir/x", "x"); }) == ExitCode::Config);
  ::unlink(path.c_str());
  ::rmdir(tmpl);
}
