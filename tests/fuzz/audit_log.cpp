// The audit log: verify reads it whole; a run appends after its last line, and the chain that
// verify then sees must hold whenever it held before.
#include <fstream>
#include <iterator>

#include "fuzz.hpp"
#include "reos/observe/audit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in = reos::fuzz::text(data, size);
  const auto before = reos::observe::verify_audit(in);
  if (!in.empty() && in.back() != '\n') return 0;  // a torn last line: covered by verify alone
  reos::fuzz::TempFile f(in);
  reos::observe::append_audit(f.path(), {{"command", "backup"}, {"ok", true}});
  std::ifstream back(f.path(), std::ios::binary);
  const std::string after((std::istreambuf_iterator<char>(back)), std::istreambuf_iterator<char>());
  if (before.ok && !reos::observe::verify_audit(after).ok) std::abort();
  return 0;
}
