#include "reos/pgbackrest/info.hpp"

#include <cctype>
#include <limits>

#include <fmt/format.h>

#include "reos/error/error.hpp"
#include "reos/util/json_number.hpp"
#include "reos/util/text.hpp"
#include "reos/util/time.hpp"

namespace reos::pgbackrest {

using nlohmann::json;

namespace {

// Field readers that tolerate absent or null members: pgBackRest omits fields across
// versions and states (an empty repo has no archive min/max).
std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
std::optional<std::string> opt_str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}
// Numbers are read only when they fit the field (util::whole_number): a value no pgBackRest
// writes (a fraction, a negative size, a start time after year 9999) means a document we do not
// understand. Absent, null or non-numeric members stay 0, as pgBackRest omits fields.
template <typename T>
T num(const json& j, const char* key, std::string_view field, T lo = std::numeric_limits<T>::min(),
      T hi = std::numeric_limits<T>::max()) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return T{};
  if (auto v = util::whole_number<T>(*it, lo, hi)) return *v;
  throw error::Error(
      error::ExitCode::UpstreamFailed,
      fmt::format("pgbackrest info: field '{}' holds {}, not a whole number from {} to {}", field, it->dump(), lo, hi),
      "run 'pgbackrest info --output=json' by hand to see what it prints; this pgBackRest output is "
      "not understood");
}
// Epoch seconds from 1970 to the end of year 9999 (what RFC 3339 can write).
constexpr std::int64_t kMaxEpoch = 253402300799;
std::int64_t epoch(const json& j, const char* key, std::string_view field) {
  return num<std::int64_t>(j, key, field, 0, kMaxEpoch);
}
std::uint64_t bytes(const json& j, const char* key, std::string_view field) { return num<std::uint64_t>(j, key, field); }
const json& obj(const json& j, const char* key) {
  static const json empty = json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : empty;
}
const json& arr(const json& j, const char* key) {
  static const json empty = json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : empty;
}

BackupSet parse_backup(const json& b) {
  BackupSet s;
  s.label = str(b, "label");
  s.type = str(b, "type");
  s.prior = opt_str(b, "prior");
  for (const auto& r : arr(b, "reference"))
    if (r.is_string()) s.references.push_back(r.get<std::string>());
  s.repo_key = num<int>(obj(b, "database"), "repo-key", "backup[].database.repo-key", 0);
  s.db_id = num<int>(obj(b, "database"), "id", "backup[].database.id", 0);
  s.start_epoch = epoch(obj(b, "timestamp"), "start", "backup[].timestamp.start");
  s.stop_epoch = epoch(obj(b, "timestamp"), "stop", "backup[].timestamp.stop");
  const json& info = obj(b, "info");
  s.size = bytes(info, "size", "backup[].info.size");
  s.delta = bytes(info, "delta", "backup[].info.delta");
  s.repo_size = bytes(obj(info, "repository"), "size", "backup[].info.repository.size");
  s.repo_delta = bytes(obj(info, "repository"), "delta", "backup[].info.repository.delta");
  s.wal_start = opt_str(obj(b, "archive"), "start");
  s.wal_stop = opt_str(obj(b, "archive"), "stop");
  s.lsn_start = opt_str(obj(b, "lsn"), "start");
  s.lsn_stop = opt_str(obj(b, "lsn"), "stop");
  auto err = b.find("error");
  s.error = err != b.end() && err->is_boolean() && err->get<bool>();
  for (const auto& f : arr(b, "error-list"))
    if (f.is_string()) s.error_files.push_back(f.get<std::string>());
  // Some versions list the files without setting error: a listed file is an error.
  s.error = s.error || !s.error_files.empty();
  s.backrest_version = str(obj(b, "backrest"), "version");
  return s;
}

json opt_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

LockProgress parse_lock(const json& lock, std::string_view field) {
  LockProgress p;
  auto held = lock.find("held");
  p.held = held != lock.end() && held->is_boolean() && held->get<bool>();
  const std::string f(field);
  if (lock.contains("size")) p.size = bytes(lock, "size", f + ".size");
  if (lock.contains("size-cplt")) p.done = bytes(lock, "size-cplt", f + ".size-cplt");
  for (const auto& r : arr(lock, "repo"))
    p.repos.push_back({num<int>(r, "key", f + ".repo[].key", 0), bytes(r, "size", f + ".repo[].size"),
                       bytes(r, "size-cplt", f + ".repo[].size-cplt")});
  return p;
}

json percent(std::uint64_t done, std::uint64_t size) {
  return size == 0 ? json(nullptr) : json(std::round(10000.0 * static_cast<double>(done) / static_cast<double>(size)) / 100);
}

json to_json(const LockProgress& p) {
  json repos = json::array();
  for (const auto& r : p.repos)
    repos.push_back({{"repo", r.key}, {"size_bytes", r.size}, {"done_bytes", r.done}, {"percent", percent(r.done, r.size)}});
  return {{"held", p.held},
          {"size_bytes", p.size ? json(*p.size) : json(nullptr)},
          {"done_bytes", p.done ? json(*p.done) : json(nullptr)},
          {"percent", p.size && p.done ? percent(*p.done, *p.size) : json(nullptr)},
          {"repos", repos}};
}

// With a wrong cipher pass pgBackRest copies raw decrypted bytes into JSON strings, control
// characters (0x01, 0x0e, 0x1c, ...) included, which strict JSON parsers reject: escape them
// as \u00XX inside strings so the document parses and the message survives.
std::string escape_raw_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false, escaped = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      } else if (u < 0x20) {
        out += fmt::format("\\u{:04x}", u);
        continue;
      }
    } else if (c == '"') {
      in_string = true;
    }
    out += c;
  }
  return out;
}

StanzaInfo parse_stanza(const json& st, std::vector<BackupSet> backups) {
  StanzaInfo s;
  s.name = str(st, "name");
  s.cipher = str(st, "cipher");
  const json& status = obj(st, "status");
  s.status_code = num<int>(status, "code", "status.code");
  s.status_message = str(status, "message");
  s.backup_lock = parse_lock(obj(obj(status, "lock"), "backup"), "status.lock.backup");
  s.restore_lock = parse_lock(obj(obj(status, "lock"), "restore"), "status.lock.restore");
  s.backup_lock_held = s.backup_lock.held;
  for (const auto& r : arr(st, "repo")) {
    s.repos.push_back({num<int>(r, "key", "repo[].key", 0), num<int>(obj(r, "status"), "code", "repo[].status.code"),
                       str(obj(r, "status"), "message"), str(r, "cipher")});
  }
  for (const auto& d : arr(st, "db")) {
    s.databases.push_back({num<int>(d, "id", "db[].id"), str(d, "version"), num<std::uint64_t>(d, "system-id", "db[].system-id"),
                           num<int>(d, "repo-key", "db[].repo-key", 0)});
  }
  for (const auto& a : arr(st, "archive")) {
    s.archives.push_back({str(a, "id"), opt_str(a, "min"), opt_str(a, "max"),
                          num<int>(obj(a, "database"), "repo-key", "archive[].database.repo-key", 0)});
  }
  s.backups = std::move(backups);
  return s;
}

// Whether text needs repair before it can parse: invalid UTF-8 or a raw control character
// (both only come with a wrong cipher pass). The common case parses the child's output as it is.
bool needs_repair(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80 || (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\r' && c != '\t'))
      return true;
  }
  return false;
}

}  // namespace

namespace {

// nlohmann's SAX interface over pgBackRest's info document: the DOM of one stanza (without its
// backups) and of one backup at a time is built, turned into the model as soon as it is
// complete, and dropped. The document (28 MB for 20 stanzas x 3000 backups) never exists as a
// whole DOM. (The callback form of json::parse does the same with a call per event and took
// three times as long.)
class InfoSax {
 public:
  explicit InfoSax(std::vector<StanzaInfo>& out) : out_(out) {}
  bool root_is_array = false;

  bool null() { return value(json(nullptr)); }
  bool boolean(bool v) { return value(json(v)); }
  bool number_integer(json::number_integer_t v) { return value(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return value(json(v)); }
  bool number_float(json::number_float_t v, const json::string_t&) { return value(json(v)); }
  bool string(json::string_t& v) { return value(json(std::move(v))); }
  bool binary(json::binary_t& v) { return value(json(std::move(v))); }
  bool key(json::string_t& k) {
    key_ = std::move(k);
    return true;
  }
  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const json::exception&) { return false; }

 private:
  // Where the values inside an open container go: into the DOM being built (`node`), nowhere
  // (an element of the root that is not a stanza object), or into the model (a stanza's
  // "backup" array: each element is a backup).
  enum class Into { dom, nowhere, backups };
  struct Frame {
    Into into;
    json* node;
  };

  json* attach(json&& v) {
    json& parent = *stack_.back().node;
    if (parent.is_object()) return &(parent[key_] = std::move(v));
    parent.push_back(std::move(v));
    return &parent.back();
  }

  bool value(json&& v) {
    if (stack_.empty()) return false;  // a scalar document: not an array
    const Frame& top = stack_.back();
    if (top.into == Into::backups) backups_.push_back(parse_backup(v));
    if (top.into == Into::dom) attach(std::move(v));
    return true;
  }

  bool open(json&& container) {
    const std::size_t depth = stack_.size();
    if (depth == 0) {
      root_is_array = container.is_array();
      stack_.push_back({Into::nowhere, nullptr});
      return root_is_array;  // anything else is reported by parse_info, without reading on
    }
    const Frame& top = stack_.back();
    if (depth == 1) {
      if (!container.is_object()) {
        stack_.push_back({Into::nowhere, nullptr});
      } else {
        stanza_ = std::move(container);
        backups_.clear();
        stack_.push_back({Into::dom, &stanza_});
      }
    } else if (top.into == Into::nowhere) {
      stack_.push_back({Into::nowhere, nullptr});
    } else if (top.into == Into::backups) {
      backup_ = std::move(container);
      stack_.push_back({Into::dom, &backup_});
    } else if (depth == 2 && key_ == "backup" && container.is_array()) {
      attach(std::move(container));
      stack_.push_back({Into::backups, nullptr});
    } else {
      json* node = attach(std::move(container));
      stack_.push_back({Into::dom, node});
    }
    return true;
  }

  bool close() {
    const json* node = stack_.back().node;
    stack_.pop_back();
    if (node == &backup_) {
      backups_.push_back(parse_backup(backup_));
      backup_ = nullptr;
    } else if (node == &stanza_) {
      out_.push_back(parse_stanza(stanza_, std::move(backups_)));
      backups_.clear();
      stanza_ = nullptr;
    }
    return true;
  }

  std::vector<StanzaInfo>& out_;
  std::vector<Frame> stack_;
  std::string key_;
  json stanza_, backup_;
  std::vector<BackupSet> backups_;
};

}  // namespace

std::vector<StanzaInfo> parse_info(std::string_view json_text) {
  std::vector<StanzaInfo> out;
  std::string repaired;
  if (needs_repair(json_text)) repaired = escape_raw_controls(util::sanitize_utf8(json_text));
  const std::string_view text = repaired.empty() ? json_text : std::string_view(repaired);
  InfoSax sax(out);
  const bool parsed = json::sax_parse(text.begin(), text.end(), &sax);
  if (!parsed || !sax.root_is_array) {
    std::string head = util::first_line(util::sanitize_utf8(json_text));
    if (head.size() > 120) head = head.substr(0, 120) + "...";
    throw error::Error(error::ExitCode::UpstreamFailed,
                       fmt::format("pgbackrest info did not print a JSON array (got: '{}')", head),
                       "run 'pgbackrest info --output=json' by hand to see what it prints");
  }
  return out;
}

std::optional<std::string> db_version(const StanzaInfo& s, const BackupSet& b) {
  // Database ids count per repository (each repo has its own history of stanza-upgrades).
  for (const auto& d : s.databases)
    if (d.id == b.db_id && (d.repo_key == b.repo_key || d.repo_key == 0 || b.repo_key == 0) && !d.version.empty())
      return d.version;
  return std::nullopt;
}

std::string status_meaning(int code) {
  switch (code) {
    case 0: return "ok";
    case 1: return "missing stanza path";
    case 2: return "no valid backups";
    case 3: return "missing stanza data";
    case 4: return "different across repos";
    case 5: return "database mismatch across repos";
    case 6: return "requested backup not found";
    case 99: return "other";
    default: return fmt::format("unknown status {}", code);
  }
}

std::string status_hint(const StanzaInfo& s) {
  switch (s.status_code) {
    case 0: return {};
    case 1:
      return fmt::format(
          "the stanza does not exist in the repository: check the name, or run reos-backup stanza-create --stanza {}", s.name);
    case 2: return fmt::format("no backup exists yet: run reos-backup backup --stanza {} --type full", s.name);
    case 3: return "backup.info or archive.info is missing in the repository: check the repository path and its files";
    case 4:
      return failing_repos(s).empty() ? "repositories disagree: see repos[].status for each repository"
                                      : "not every repository could be read: " + failing_repos(s) +
                                            "; check that the store is reachable (endpoint, port, TLS), its keys and "
                                            "the cipher pass; the other repositories still serve backups and WAL";
    case 5: return "the repositories hold backups of different clusters: check pg1-path and the stanza on each repository";
    case 6: return "the requested backup set does not exist: list the sets with reos-backup info";
    case 99:
      return "the repository could not be read: check its path, permissions and the cipher pass (details in "
             "repos[].status.message)";
    default: return "unknown stanza status from pgBackRest: see repos[].status";
  }
}

std::vector<const BackupSet*> backups_with_checksum_errors(const StanzaInfo& s) {
  std::vector<const BackupSet*> out;
  for (const auto& b : s.backups)
    if (b.error) out.push_back(&b);
  return out;
}

std::string checksum_error_warning(const StanzaInfo& s, const BackupSet& b) {
  // A long list stays readable: the JSON of the backup carries every file.
  std::vector<std::string> shown(b.error_files.begin(), b.error_files.begin() + std::min<std::size_t>(b.error_files.size(), 10));
  std::string files = b.error_files.empty()
                          ? std::string("pgBackRest did not list the files")
                          : fmt::format("{} file{}: {}{}", b.error_files.size(), b.error_files.size() == 1 ? "" : "s",
                                        util::join(shown, ", "), b.error_files.size() > shown.size() ? ", ..." : "");
  return fmt::format(
      "stanza '{}': backup {} (repo{}) has page checksum errors ({}); the pages may be corrupt on the "
      "primary: check the storage, and run reos-backup verify",
      s.name, b.label, b.repo_key, files);
}

const BackupSet* newest_of_type(const StanzaInfo& s, std::string_view type, int repo_key) {
  const BackupSet* best = nullptr;
  for (const auto& b : s.backups) {
    if (repo_key != 0 && b.repo_key != repo_key) continue;
    if (b.type == type && (!best || b.stop_epoch >= best->stop_epoch)) best = &b;
  }
  return best;
}

const ArchiveRange* archive_of_repo(const StanzaInfo& s, int repo_key) {
  const ArchiveRange* found = nullptr;
  for (const auto& a : s.archives) {
    if (a.repo_key == repo_key) found = &a;  // pgBackRest lists archive ids oldest first
  }
  return found;
}

std::optional<long long> segments_between(const std::string& from, const std::string& to) {
  auto parse = [](const std::string& w) -> std::optional<std::pair<unsigned long long, long long>> {
    if (w.size() < 24) return std::nullopt;
    for (std::size_t i = 0; i < 24; ++i)
      if (!std::isxdigit(static_cast<unsigned char>(w[i]))) return std::nullopt;
    const auto tli = std::stoull(w.substr(0, 8), nullptr, 16);
    const auto log = std::stoll(w.substr(8, 8), nullptr, 16);
    const auto seg = std::stoll(w.substr(16, 8), nullptr, 16);
    return std::make_pair(tli, log * 0x100 + seg);  // 256 segments of 16 MiB per 4 GiB "log"
  };
  const auto a = parse(from), b = parse(to);
  if (!a || !b || a->first != b->first) return std::nullopt;
  return b->second - a->second;
}

std::string repo_error_name(const std::string& message) {
  auto open = message.find('[');
  auto close = message.find(']', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos || close == open + 1) return {};
  std::string name = message.substr(open + 1, close - open - 1);
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) return {};
  return name;
}

std::string failing_repos(const StanzaInfo& s) {
  std::vector<std::string> out;
  for (const auto& r : s.repos) {
    if (r.code != 0)
      out.push_back(fmt::format("repo{} ({})", r.key,
                                util::first_line(util::printable(r.message.empty() ? status_meaning(r.code) : r.message))));
  }
  return util::join(out, ", ");
}

json to_json(const BackupSet& b) {
  // Filled member by member: the initializer-list form builds a two-element array for every
  // pair first, and info prints tens of thousands of these.
  json j = json::object();
  auto& o = *j.get_ptr<json::object_t*>();
  o.emplace("label", b.label);
  o.emplace("type", b.type);
  o.emplace("prior", opt_json(b.prior));
  o.emplace("references", b.references);
  o.emplace("repo", b.repo_key);
  o.emplace("start", util::rfc3339_utc(b.start_epoch));
  o.emplace("stop", util::rfc3339_utc(b.stop_epoch));
  o.emplace("start_epoch", b.start_epoch);
  o.emplace("stop_epoch", b.stop_epoch);
  o.emplace("duration_seconds", b.stop_epoch - b.start_epoch);
  o.emplace("size_bytes", b.size);
  o.emplace("delta_bytes", b.delta);
  o.emplace("repo_size_bytes", b.repo_size);
  o.emplace("repo_delta_bytes", b.repo_delta);
  o.emplace("wal_start", opt_json(b.wal_start));
  o.emplace("wal_stop", opt_json(b.wal_stop));
  o.emplace("lsn_start", opt_json(b.lsn_start));
  o.emplace("lsn_stop", opt_json(b.lsn_stop));
  o.emplace("checksum_error", b.error);
  o.emplace("checksum_error_files", b.error_files);
  return j;
}

json to_json(const StanzaInfo& s, std::int64_t now_epoch, Backups with) {
  json repos = json::array();
  auto newest_in = [&](int repo_key) {
    json newest = json::object();
    for (const char* type : {"full", "diff", "incr"}) {
      const BackupSet* b = newest_of_type(s, type, repo_key);
      newest[type] =
          b ? json{{"label", b->label}, {"stop", util::rfc3339_utc(b->stop_epoch)}, {"age_seconds", now_epoch - b->stop_epoch}}
            : json(nullptr);
    }
    return newest;
  };
  for (const auto& r : s.repos) {
    const ArchiveRange* a = archive_of_repo(s, r.key);
    const std::string name = repo_error_name(r.message);
    repos.push_back(
        {{"key", r.key},
         {"cipher", r.cipher},
         {"status",
          {{"code", r.code},
           {"message", r.message},
           {"ok", r.code == 0},
           {"error_name", name.empty() ? json(nullptr) : json(name)}}},
         {"newest", newest_in(r.key)},
         {"wal_archive", a ? json{{"id", a->id}, {"min", opt_json(a->min)}, {"max", opt_json(a->max)}} : json(nullptr)}});
  }
  json dbs = json::array();
  for (const auto& d : s.databases) {
    dbs.push_back({{"id", d.id}, {"version", d.version}, {"system_id", d.system_id}, {"repo", d.repo_key}});
  }
  json archives = json::array();
  for (const auto& a : s.archives) {
    archives.push_back({{"id", a.id}, {"min", opt_json(a.min)}, {"max", opt_json(a.max)}, {"repo", a.repo_key}});
  }
  json backups = json::array();
  if (with == Backups::Included)
    for (const auto& b : s.backups) backups.push_back(to_json(b));
  json newest = newest_in(0);
  std::string message = s.status_message.empty() ? status_meaning(s.status_code) : s.status_message;
  return json{{"name", s.name},
              {"status", {{"code", s.status_code}, {"message", message}, {"ok", s.status_code == 0}, {"hint", status_hint(s)}}},
              {"cipher", s.cipher},
              {"backup_lock_held", s.backup_lock_held},
              {"locks", {{"backup", to_json(s.backup_lock)}, {"restore", to_json(s.restore_lock)}}},
              {"repos", repos},
              {"databases", dbs},
              {"archive", archives},
              {"backups", backups},
              {"newest", newest}};
}

}  // namespace reos::pgbackrest
