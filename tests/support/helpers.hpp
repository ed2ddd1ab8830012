#pragma once
// Small helpers shared by the unit tests: fixture files, temporary files, error matching.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "reos/error/error.hpp"

namespace reos::testing {

/// Byte-exact content of a file (throws when it cannot be read, so a missing fixture fails).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test file " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

/// tests/fixtures/pgbackrest/<name>/<stream>
inline std::string pgbackrest_fixture(const std::string& name, const std::string& stream = "stdout") {
  return read_file(std::string(REOS_FIXTURES_DIR) + "/pgbackrest/" + name + "/" + stream);
}

/// tests/fixtures/mc/<name>
inline std::string mc_fixture(const std::string& name) { return read_file(std::string(REOS_FIXTURES_DIR) + "/mc/" + name); }

inline std::string fake_program(const std::string& name) { return std::string(REOS_FAKES_DIR) + "/" + name; }

/// A JSON document without its values: its keys and the type of each value ("same shape").
inline nlohmann::json json_shape(const nlohmann::json& j) {
  if (j.is_object()) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& [k, v] : j.items()) o[k] = json_shape(v);
    return o;
  }
  if (j.is_array()) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& v : j) a.push_back(json_shape(v));
    return a;
  }
  return j.type_name();
}

/// A private temporary directory, removed (recursively, without a shell) when it goes away.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = "/tmp/reos-unit-XXXXXX";
    char* p = ::mkdtemp(tmpl.data());
    if (!p) throw std::runtime_error("mkdtemp failed");
    path_ = p;
  }
  ~TempDir() { remove_tree(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  /// Writes `content` to path()/name with `mode`; returns the full path.
  std::string write(const std::string& name, const std::string& content, mode_t mode = 0600) const {
    std::string full = path_ + "/" + name;
    {
      std::ofstream out(full, std::ios::binary | std::ios::trunc);
      out << content;
    }
    ::chmod(full.c_str(), mode);
    return full;
  }

 private:
  static void remove_tree(const std::string& p);
  std::string path_;
};

}  // namespace reos::testing

#include <dirent.h>

inline void reos::testing::TempDir::remove_tree(const std::string& p) {
  if (DIR* d = ::opendir(p.c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      std::string child = p + "/" + name;
      struct stat st {};
      if (::lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        remove_tree(child);
      else
        ::unlink(child.c_str());
    }
    ::closedir(d);
  }
  ::rmdir(p.c_str());
}

namespace reos::testing {

/// The reos::error::Error that `fn` throws, or nullopt when it throws none (other
/// exceptions propagate and fail the test).
template <class Fn>
std::optional<reos::error::Error> error_from(Fn&& fn) {
  try {
    fn();
  } catch (const reos::error::Error& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace reos::testing
