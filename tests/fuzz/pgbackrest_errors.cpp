// pgBackRest's stderr: the reported error and warnings, then the upstream error a command builds.
#include "fuzz.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/util/redact.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in = reos::fuzz::text(data, size);
  if (auto e = reos::pgbackrest::parse_reported_error(in)) {
    (void)reos::pgbackrest::error_name(e->code);
    (void)reos::pgbackrest::error_hint(e->code);
  }
  (void)reos::pgbackrest::parse_warnings(in);
  reos::process::Invocation inv;
  inv.program = "/usr/bin/pgbackrest";
  inv.args = {"--stanza=lab", "backup"};
  reos::process::ProcessResult r;
  r.exit_code = size ? data[0] : 1;
  r.err = in;
  r.out = in;
  reos::util::Redactor redactor;
  redactor.add_secret("fuzz-secret-pass");
  const auto err = reos::pgbackrest::upstream_error(inv, r, redactor);
  if (err.message().empty()) std::abort();
  return 0;
}
