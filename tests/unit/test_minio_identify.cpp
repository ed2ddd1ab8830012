// Identification of mc from `mc --version`, against every captured version text.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "reos/error/error.hpp"
#include "reos/minio/identify.hpp"
#include "support/helpers.hpp"

using namespace reos::minio;

TEST_CASE("identify: MinIO client releases", "[minio]") {
  auto id = parse_version_output(reos::testing::mc_fixture("mc-version.minio-2025-08-13.txt"));
  CHECK(id.kind == McKind::minio_client);
  CHECK(id.program_name == "mc");
  CHECK(id.release == "RELEASE.2025-08-13T08-35-41Z");
  CHECK(id.release_date == "2025-08-13T08-35-41Z");
  CHECK(id.commit_id == "7394ce0dd2a80935aded936b09fa12cbb3cb8096");
  CHECK(satisfies(id, kGateRemoteBucketAlias));

  id = parse_version_output(reos::testing::mc_fixture("mc-version.minio-2025-04-16.txt"));
  CHECK(id.release_date == "2025-04-16T18-13-26Z");

  id = parse_version_output(reos::testing::mc_fixture("mc-version.minio-renamed-mcli.txt"));
  CHECK(id.kind == McKind::minio_client);
  CHECK(id.program_name == "mcli");

  // One line, no commit-id, before RELEASE.2022-06-17T02-52-50Z.
  id = parse_version_output(reos::testing::mc_fixture("mc-version.minio-pre-2022-06-17.txt"));
  CHECK(id.kind == McKind::minio_client);
  CHECK(id.release == "RELEASE.2022-01-29T01-03-27Z");
  CHECK(id.commit_id.empty());
  CHECK(satisfies(id, kGateVersionCommand));
  CHECK_FALSE(satisfies(id, kGateIlmRule));
  CHECK_FALSE(satisfies(id, kGateRemoteBucketAlias));

  // `go install` builds have no date: accepted, gates assumed.
  id = parse_version_output(reos::testing::mc_fixture("mc-version.minio-go-install-build.txt"));
  CHECK(id.kind == McKind::minio_client);
  CHECK(id.release == "DEVELOPMENT.GOGET");
  CHECK_FALSE(id.release_date.has_value());
  CHECK(satisfies(id, kGateRemoteBucketAlias));

  id = parse_version_output("mc version RELEASE.2024-03-03T00-13-08Z.hotfix.abc1234 (commit-id=abc)\n");
  CHECK(id.release_date == "2024-03-03T00-13-08Z");
  CHECK(satisfies(id, kGateRemoteBucketAlias));
  id = parse_version_output("mc version RELEASE.2024-03-02T23-59-59Z\n");
  CHECK_FALSE(satisfies(id, kGateRemoteBucketAlias));
}

TEST_CASE("identify: Midnight Commander and others are refused with a hint", "[minio]") {
  auto id = parse_version_output(reos::testing::mc_fixture("mc-version.midnight-commander-4.8.29.txt"));
  CHECK(id.kind == McKind::midnight_commander);
  try {
    require_minio_client(id, "/usr/bin/mc", kGateBaseline);
    FAIL("accepted Midnight Commander");
  } catch (const reos::error::Error& e) {
    CHECK(e.code() == reos::error::ExitCode::ProgramMissing);
    CHECK(e.message().find("Midnight Commander") != std::string::npos);
    CHECK(e.hint().find("--mc-bin") != std::string::npos);
  }
  for (const char* text : {"", "mc: command not found\n", "Version: 2019-12-17\nRelease-tag: RELEASE.2019\n", "mc version\n",
                           "mc version 1.2.3\n"}) {
    INFO(text);
    CHECK(parse_version_output(text).kind == McKind::unknown);
    CHECK_THROWS_AS(require_minio_client(parse_version_output(text), "/usr/bin/mc", kGateBaseline), reos::error::Error);
  }
  // Too old: the message names the release needed.
  try {
    require_minio_client(parse_version_output(reos::testing::mc_fixture("mc-version.minio-pre-2022-06-17.txt")), "/usr/bin/mc",
                         kGateRemoteBucketAlias);
    FAIL("accepted an old mc");
  } catch (const reos::error::Error& e) {
    CHECK(e.message().find("RELEASE.2024-03-03T00-13-08Z") != std::string::npos);
  }
}
