#pragma once
// One error type for the whole tool, and the exit-code table it maps onto.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reos::error {

enum class ExitCode : int {
#define X(name, num, json, kind, desc) name = num,
#include "reos/error/exit_codes.def"
#undef X
};

/// Whether a code means "could not do the job" or "did the job and found a problem":
/// monitoring needs this split most.
enum class ExitKind { success, could_not_run, found_problem };

/// One row of the exit-code table, for renderers (help, man page, README check).
struct ExitCodeRow {
  ExitCode code;
  int number;
  std::string_view json_name;
  ExitKind kind;
  std::string_view description;
};

const std::vector<ExitCodeRow>& exit_code_table();
const ExitCodeRow& row_for(ExitCode code);

/// What a wrapped program said when it failed; carried into JSON as error.upstream.
struct Upstream {
  std::string program;
  std::vector<std::string> argv;  // already redacted
  int exit_code = 0;
  std::string error_name;   // e.g. pgBackRest "DbConnectError"
  std::string stderr_tail;  // already redacted
};

/// The single error type: a stable code, a one-line message that says what is wrong,
/// and a hint that says how to fix it.
class Error {
 public:
  Error(ExitCode code, std::string message, std::string hint = {})
      : code_(code), message_(std::move(message)), hint_(std::move(hint)) {}

  ExitCode code() const { return code_; }
  int exit_code() const { return static_cast<int>(code_); }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }
  const std::optional<Upstream>& upstream() const { return upstream_; }

  Error& with_upstream(Upstream u) {
    upstream_ = std::move(u);
    return *this;
  }

 private:
  ExitCode code_;
  std::string message_;
  std::string hint_;
  std::optional<Upstream> upstream_;
};

}  // namespace reos::error
