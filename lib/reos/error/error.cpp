#include "reos/error/error.hpp"

namespace reos::error {

const std::vector<ExitCodeRow>& exit_code_table() {
  static const std::vector<ExitCodeRow> rows = {
#define X(name, num, json, kind, desc) {ExitCode::name, num, json, ExitKind::kind, desc},
#include "reos/error/exit_codes.def"
#undef X
  };
  return rows;
}

const ExitCodeRow& row_for(ExitCode code) {
  for (const auto& row : exit_code_table()) {
    if (row.code == code) return row;
  }
  return row_for(ExitCode::Internal);
}

}  // namespace reos::error
