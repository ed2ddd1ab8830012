#pragma once
// pgBackRest's exit codes (its error.yaml at release/2.45) and how we explain them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reos/error/error.hpp"
#include "reos/process/executor.hpp"
#include "reos/process/invocation.hpp"
#include "reos/util/redact.hpp"

namespace reos::pgbackrest {

/// "DbConnectError" for 56; "" for codes pgBackRest does not define.
std::string error_name(int code);

/// What an operator should try for a pgBackRest error code ("" when we have nothing useful).
std::string error_hint(int code);

/// The last "ERROR: [NNN]: message" in pgBackRest's stderr (continuation lines joined).
struct ReportedError {
  int code = 0;
  std::string message;
};
std::optional<ReportedError> parse_reported_error(std::string_view stderr_text);

/// The "WARN: ..." messages (rc 0 with warnings is normal for pgBackRest).
std::vector<std::string> parse_warnings(std::string_view stderr_text);

/// The error for a pgBackRest run that exited non-zero: names pgBackRest's error, carries
/// the upstream details (redacted), and a hint.
error::Error upstream_error(const process::Invocation& inv, const process::ProcessResult& r, const util::Redactor& redactor);

/// The one place a failed pgBackRest step becomes the run's error: throws upstream_error()
/// when `r`, the result of `inv`, exited non-zero.
void require_success(const process::Invocation& inv, const process::ProcessResult& r, const util::Redactor& redactor);

/// Runs a planned step and require_success()es it.
process::ProcessResult run_step(process::Executor& exec, const process::Invocation& inv);
/// Finishes a step started with Executor::start and require_success()es it.
process::ProcessResult finish_step(process::Executor& exec, process::Executor::Started& started);

}  // namespace reos::pgbackrest
