#pragma once
// Telling the MinIO client from Midnight Commander (Debian's `mc`) and from anything else,
// and gating features on the mc release date. Facts: shared/reference/mc.md sections 1 and 5.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace reos::minio {

enum class McKind { minio_client, midnight_commander, unknown };

/// What `mc --version` said about the program.
struct McIdentity {
  McKind kind = McKind::unknown;
  std::string first_line;    // for error messages
  std::string program_name;  // first word: "mc", "mcli", ...
  std::string release;       // "RELEASE.2025-08-13T08-35-41Z", "DEVELOPMENT.GOGET"
  std::string commit_id;     // "" before RELEASE.2022-06-17T02-52-50Z
  /// "2025-08-13T08-35-41Z": sortable as text. nullopt for DEVELOPMENT.GOGET builds, whose
  /// source date is unknown.
  std::optional<std::string> release_date;
};

/// Parses the stdout of `mc --version` (run with LC_ALL=C so Midnight Commander's first
/// line is not translated).
McIdentity parse_version_output(std::string_view out);

/// A feature and the first mc release that has it.
struct Gate {
  std::string_view feature;
  std::string_view release;  // "RELEASE.2024-03-03T00-13-08Z"
};

// The gates reos-backup's MinIO commands need (mc.md section 5).
inline constexpr Gate kGateVersionCommand{"mc version enable|suspend|info", "RELEASE.2020-08-08T02-33-58Z"};
inline constexpr Gate kGateReplicateStatus{"mc replicate status", "RELEASE.2021-04-22T17-40-00Z"};
inline constexpr Gate kGateIlmRule{"mc ilm rule import|export", "RELEASE.2022-12-24T15-21-38Z"};
inline constexpr Gate kGateRemoteBucketAlias{"mc replicate add --remote-bucket ALIAS/BUCKET", "RELEASE.2024-03-03T00-13-08Z"};
inline constexpr Gate kGateReplicate{"mc replicate ls|rm", "RELEASE.2020-08-08T02-33-58Z"};
// The oldest release reos-backup drives at all (mirror, admin config export): the first with
// today's command names and alias handling; older releases are years out of support.
inline constexpr Gate kGateBaseline{"reos-backup's MinIO commands", "RELEASE.2020-08-08T02-33-58Z"};

/// Whether `id` is at least as new as `gate`. A development build without a date passes:
/// it was built from a source tree of unknown age, and refusing it would block people who
/// build mc themselves; the result records that the gate was assumed.
bool satisfies(const McIdentity& id, const Gate& gate);

/// Throws error::Error(ProgramMissing) with a clear hint unless `id` is the MinIO client
/// recent enough for `gate`. `program` is the path that was run; `option_hint` names how to
/// point at another binary.
void require_minio_client(const McIdentity& id, const std::string& program, const Gate& gate);

/// {"program_name","release","release_date","commit_id"} for command results.
nlohmann::json to_json(const McIdentity& id);

}  // namespace reos::minio
