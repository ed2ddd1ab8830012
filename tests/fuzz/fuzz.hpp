#pragma once
// Shared by the libFuzzer targets. A target feeds one parser of untrusted text and then what
// the commands do next with its result (normalize, render, dump), so a crash anywhere on that
// path is found. reos::error::Error is how input is refused (the command turns it into its
// exit code and one JSON document): it is caught. Any other exception escapes and libFuzzer
// reports it as a finding, as do ASan/UBSan reports.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reos/error/error.hpp"

namespace reos::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

template <class F>
void refusals_allowed(F&& f) {
  try {
    f();
  } catch (const reos::error::Error& e) {
    if (e.message().empty()) std::abort();  // a refusal must say what is wrong
  }
}

/// What --output json does with a result: dump it (invalid UTF-8 replaced, never thrown).
inline std::size_t dumped(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size();
}

/// A private file holding `content`, for parsers that read a path; removed at the end.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    char tmpl[] = "/tmp/reos-fuzz-XXXXXX";
    const int fd = ::mkstemp(tmpl);
    if (fd < 0) std::abort();
    path_ = tmpl;
    for (std::size_t done = 0; done < content.size();) {
      const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace reos::fuzz
