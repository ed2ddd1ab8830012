// A stand-in for the MinIO client `mc`, faithful to shared/reference/mc.md and the captured
// outputs in tests/fixtures/mc/: same argv rules (global flags anywhere, unknown flag -> text
// usage error on stderr, wrong argument count -> help text on stdout, both exit 1), aliases
// from MC_HOST_<alias> (and <config-dir>/config.json) with unknown aliases taken as local
// paths, the same JSON documents (Go struct key order, compact, `<>&` escaped), and bucket
// state kept in a directory so sequences of calls behave like a server.
//
// Environment:
//   FAKE_MC_RELEASE       release tag for --version and feature gates (default RELEASE.2025-08-13T08-35-41Z)
//   FAKE_MC_MODE          minio (default) | midnight (answers --version like Midnight Commander)
//                         | unknown (some other program) | hang (never answers)
//   FAKE_MC_STATE         state directory: one <host>_<port>.json per server; no file = nothing
//                         listening there (connection refused)
//   FAKE_MC_FAULT         access-denied | connection-refused | not-implemented | storage-full |
//                         object-access-denied
//   FAKE_MC_FAULT_OP      only inject the fault for this leaf command (enable, add, import, ...)
//   FAKE_MC_PRETTY=1      print documents indented over several lines, as mc does on a terminal
//   FAKE_MC_NOTICE=1      print mc's first-run notice (text) on stdout first
//   FAKE_MC_CMDLINE_FILE  append /proc/self/cmdline (NULs as spaces) + "\n" per run
//
// Server state file: {"access_key","secret_key","deployment_id","config":"<admin config text>",
//   "buckets":{"NAME":{"versioning":""|"Enabled"|"Suspended","lifecycle":null|{"Rules":[..]},
//   "lifecycle_updated":"..","rules":[..],"targets":[..],"objects":{"key":size},"failed_count":0}}}
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

const char* kRequestId = "1873A1B2C3D4E5F6";
const char* kHostId = "dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8";
const char* kDefaultConfig =
    "# MINIO_ROOT_USER=minioadmin\n"
    "site name= region= \n"
    "api requests_max=0 cluster_deadline=10s cors_allow_origin=* remote_transport_deadline=2h list_quorum=strict "
    "replication_priority=auto replication_max_workers=500 transition_workers=100 stale_uploads_cleanup_interval=6h "
    "stale_uploads_expiry=24h delete_cleanup_interval=5m odirect=on gzip_objects=off root_access=on sync_events=off "
    "object_max_versions=9223372036854775807 \n"
    "scanner speed=default alert_excess_versions=100 alert_excess_folders=50000 \n"
    "# compression enable=off allow_encryption=off extensions=.txt,.log,.csv,.json,.tar,.xml,.bin "
    "mime_types=text/*,application/json,application/xml,binary/octet-stream \n";

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------
std::string prog = "mc";
bool json_mode = false;
bool pretty = false;

// Go's encoder escapes <, > and & inside strings; they can only occur inside strings here.
std::string go_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

void emit(const ojson& j) {
  std::cout << go_escape(pretty ? j.dump(1) : j.dump()) << "\n";
  std::cout.flush();
}

ojson envelope(const std::string& message, const std::string& cause, const ojson& cause_error, const char* type) {
  ojson e;
  e["status"] = "error";
  ojson err;
  err["message"] = message;
  ojson c;
  c["message"] = cause;
  c["error"] = cause_error.is_null() ? ojson::object() : cause_error;
  err["cause"] = c;
  err["type"] = type;
  e["error"] = err;
  return e;
}

[[noreturn]] void fatal(const std::string& message, const std::string& cause, const ojson& cause_error = ojson::object()) {
  if (json_mode) {
    emit(envelope(message, cause, cause_error, "fatal"));
  } else {
    std::string m = message;
    if (!cause.empty()) {
      while (!m.empty() && m.back() == '.') m.pop_back();
      m += ". " + cause;
    }
    if (!m.empty() && m.back() != '.') m += ".";
    std::cerr << prog << ": <ERROR> " << m << "\n";
  }
  std::exit(1);
}

void nonfatal(const std::string& message, const std::string& cause, const ojson& cause_error = ojson::object()) {
  if (json_mode)
    emit(envelope(message, cause, cause_error, "error"));
  else
    std::cerr << prog << ": <ERROR> " << message << ". " << cause << "\n";
}

ojson s3_error(const std::string& code, const std::string& message, const std::string& bucket, const std::string& resource,
               const std::string& key = "") {
  ojson e;
  e["Code"] = code;
  e["Message"] = message;
  e["BucketName"] = bucket;
  e["Key"] = key;
  e["Resource"] = resource;
  e["RequestID"] = kRequestId;
  e["HostID"] = kHostId;
  e["Region"] = "";
  e["Server"] = "MinIO";
  return e;
}

ojson admin_error(const std::string& code, const std::string& message, const std::string& bucket) {
  ojson e;
  e["Code"] = code;
  e["Message"] = message;
  e["BucketName"] = bucket;
  e["Key"] = "";
  e["RequestID"] = kRequestId;
  e["HostID"] = kHostId;
  e["Region"] = "";
  return e;
}

// ---------------------------------------------------------------------------------------------
// Release gates
// ---------------------------------------------------------------------------------------------
std::string release = "RELEASE.2025-08-13T08-35-41Z";

std::string release_date() {
  auto dot = release.find('.');
  std::string d = dot == std::string::npos ? "" : release.substr(dot + 1, 20);
  return d.size() == 20 && d[4] == '-' ? d : "9999-99-99T99-99-99Z";  // DEVELOPMENT.GOGET: newest
}
bool at_least(const std::string& tag) { return release_date() >= tag.substr(8, 20); }

// ---------------------------------------------------------------------------------------------
// Command tree and argv rules
// ---------------------------------------------------------------------------------------------
struct Leaf {
  std::string path;  // "version enable"
  int min_args, max_args;
  std::set<std::string> bool_flags;
  std::set<std::string> value_flags;
  std::string usage;
};

const std::set<std::string> kGlobalBool = {"json", "quiet", "q", "no-color", "disable-pager", "dp", "debug", "insecure"};
const std::set<std::string> kGlobalValue = {"config-dir", "C", "resolve", "limit-upload", "limit-download", "custom-header", "H"};

std::vector<Leaf> leaves() {
  bool new_remote_add = at_least("RELEASE.2022-12-24T15-21-38Z");
  // one mc command per line (not reflowed):
  // clang-format off
  std::vector<Leaf> l = {
      {"version enable", 1, 1, {"exclude-folders"}, {"excluded-prefixes"}, "mc version enable [FLAGS] TARGET"},
      {"version suspend", 1, 1, {}, {}, "mc version suspend [FLAGS] TARGET"},
      {"version info", 1, 1, {}, {}, "mc version info [FLAGS] TARGET"},
      {"replicate add", 1, 1, {"disable", "sync", "disable-proxy"},
       {"remote-bucket", "arn", "priority", "id", "replicate", "storage-class", "tags", "bandwidth",
        "healthcheck-seconds", "path", "region"},
       "mc replicate add [FLAGS] TARGET"},
      {"replicate ls", 1, 1, {}, {"status"}, "mc replicate ls [FLAGS] TARGET"},
      {"replicate status", 1, 1, {"nodes"}, {"backlog"}, "mc replicate status [FLAGS] TARGET"},
      {"replicate rm", 1, 1, {"all", "force"}, {"id"}, "mc replicate rm [FLAGS] TARGET"},
      {"ilm rule import", 1, 1, {}, {}, "mc ilm rule import [FLAGS] TARGET"},
      {"ilm rule export", 1, 1, {}, {}, "mc ilm rule export [FLAGS] TARGET"},
      {"ilm import", 1, 1, {}, {}, "mc ilm import [FLAGS] TARGET"},
      {"ilm export", 1, 1, {}, {}, "mc ilm export [FLAGS] TARGET"},
      {"mirror", 2, 2,
       {"overwrite", "remove", "watch", "w", "dry-run", "preserve", "a", "retry", "skip-errors", "summary",
        "disable-multipart", "active-active", "force", "fake"},
       {"exclude", "exclude-bucket", "exclude-storageclass", "older-than", "newer-than", "storage-class", "attr",
        "max-workers", "checksum", "region", "monitoring-address"},
       "mc mirror [FLAGS] SOURCE TARGET"},
      {"admin config export", 1, 1, {}, {}, "mc admin config export TARGET"},
      {"admin bucket remote add", 2, 2, new_remote_add ? std::set<std::string>{} : std::set<std::string>{"sync", "disable-proxy"},
       new_remote_add ? std::set<std::string>{}
                      : std::set<std::string>{"service", "path", "region", "bandwidth", "healthcheck-seconds", "label"},
       "mc admin bucket remote add TARGET http(s)://ACCESSKEY:SECRETKEY@DEST_URL/DEST_BUCKET"},
  };
  // clang-format on
  if (at_least("RELEASE.2023-05-04T18-10-16Z")) {
    l.push_back({"replicate list", 1, 1, {}, {"status"}, "mc replicate list [FLAGS] TARGET"});
    l.push_back({"replicate remove", 1, 1, {"all", "force"}, {"id"}, "mc replicate remove [FLAGS] TARGET"});
  }
  return l;
}

struct Parsed {
  const Leaf* leaf = nullptr;
  std::vector<std::string> args;
  std::map<std::string, std::vector<std::string>> flags;  // name -> values ("" for booleans)
  std::optional<std::string> config_dir;

  bool has(const std::string& f) const { return flags.count(f) > 0; }
  std::string value(const std::string& f) const {
    auto it = flags.find(f);
    return it == flags.end() || it->second.empty() ? std::string() : it->second.back();
  }
};

[[noreturn]] void usage_error(const std::string& flag, const Leaf* leaf) {
  std::cerr << prog << ": <ERROR> Invalid command usage, flag provided but not defined: -" << flag << "\n\n";
  std::cerr << "SUPPORTED FLAGS:\n";
  if (leaf) {
    for (const auto& f : leaf->bool_flags) std::cerr << "   --" << f << "\n";
    for (const auto& f : leaf->value_flags) std::cerr << "   --" << f << " value\n";
  }
  std::exit(1);
}

[[noreturn]] void help_and_exit(const Leaf& leaf, int code) {
  std::cout << "NAME:\n  " << prog << " " << leaf.path << "\n\nUSAGE:\n  " << leaf.usage << "\n\nFLAGS:\n";
  for (const auto& f : leaf.bool_flags) std::cout << "  --" << f << "\n";
  for (const auto& f : leaf.value_flags) std::cout << "  --" << f << " value\n";
  std::cout << "  --help, -h                         show help\n";
  std::exit(code);
}

Parsed parse(const std::vector<std::string>& argv, const std::vector<Leaf>& all) {
  Parsed p;
  std::set<std::string> any_value = kGlobalValue;
  for (const auto& l : all) any_value.insert(l.value_flags.begin(), l.value_flags.end());
  // Pass 1: command words (flags skipped, with their values).
  std::vector<std::string> words;
  struct RawFlag {
    std::string name;
    std::optional<std::string> value;
  };
  std::vector<RawFlag> raw;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() > 1 && a[0] == '-') {
      std::string name = a.substr(a[1] == '-' ? 2 : 1);
      std::optional<std::string> value;
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (any_value.count(name) && i + 1 < argv.size()) {
        value = argv[++i];
      }
      raw.push_back({name, value});
    } else {
      words.push_back(a);
    }
  }
  // Walk the tree: the longest leaf path that prefixes the words.
  std::size_t used = 0;
  for (const auto& l : all) {
    std::istringstream in(l.path);
    std::vector<std::string> parts{std::istream_iterator<std::string>(in), {}};
    if (parts.size() <= words.size() && std::equal(parts.begin(), parts.end(), words.begin()) && parts.size() > used) {
      p.leaf = &l;
      used = parts.size();
    }
  }
  if (!p.leaf) {
    std::set<std::string> groups{"version", "replicate", "ilm", "mirror", "admin"};
    if (words.empty()) {
      std::cout << "NAME:\n  " << prog << " - MinIO Client for object storage and filesystems.\n";
      std::exit(1);
    }
    // A group followed by an unknown word: "is not a recognized command".
    std::string bad = words.size() > 1 && groups.count(words[0]) ? words[1] : words[0];
    if (words.size() == 1 && groups.count(words[0])) {
      std::cout << "NAME:\n  " << prog << " " << words[0] << "\n";
      std::exit(0);
    }
    for (const auto& f : raw) json_mode = json_mode || f.name == "json";
    fatal("`" + bad + "` is not a recognized command. Get help using `--help` flag.", "");
  }
  p.args.assign(words.begin() + static_cast<std::ptrdiff_t>(used), words.end());
  for (const auto& f : raw) {
    if (f.name == "help" || f.name == "h") help_and_exit(*p.leaf, 0);
    bool global = kGlobalBool.count(f.name) || kGlobalValue.count(f.name);
    bool known = global || p.leaf->bool_flags.count(f.name) || p.leaf->value_flags.count(f.name);
    if (!known) usage_error(f.name, p.leaf);
    if ((kGlobalValue.count(f.name) || p.leaf->value_flags.count(f.name)) && !f.value) {
      std::cerr << prog << ": <ERROR> Invalid command usage, flag needs an argument: -" << f.name << "\n";
      std::exit(1);
    }
    if (f.name == "json") json_mode = true;
    if (f.name == "config-dir" || f.name == "C") p.config_dir = f.value;
    p.flags[f.name].push_back(f.value.value_or(""));
  }
  if (static_cast<int>(p.args.size()) < p.leaf->min_args || static_cast<int>(p.args.size()) > p.leaf->max_args)
    help_and_exit(*p.leaf, 1);
  return p;
}

// ---------------------------------------------------------------------------------------------
// Aliases and servers
// ---------------------------------------------------------------------------------------------
struct AliasInfo {
  std::string scheme, host;  // host[:port]
  std::string access, secret, token;
};

std::optional<std::string> config_dir;

// mc.md 2.1: the last '@' ends the credentials; the access key ends at the first ':'; a
// second ':' starts a session token.
std::optional<AliasInfo> parse_host_url(const std::string& v) {
  AliasInfo a;
  auto sep = v.find("://");
  if (sep == std::string::npos) return std::nullopt;
  a.scheme = v.substr(0, sep);
  if (a.scheme != "http" && a.scheme != "https") return std::nullopt;
  std::string rest = v.substr(sep + 3);
  auto at = rest.rfind('@');
  if (at == std::string::npos) return std::nullopt;
  std::string creds = rest.substr(0, at);
  a.host = rest.substr(at + 1);
  if (!a.host.empty() && a.host.back() == '/') a.host.pop_back();
  if (a.host.empty() || a.host.find_first_of("/?#") != std::string::npos) return std::nullopt;
  auto c1 = creds.find(':');
  if (c1 == std::string::npos) return std::nullopt;
  a.access = creds.substr(0, c1);
  std::string secret = creds.substr(c1 + 1);
  auto c2 = secret.find(':');
  if (c2 != std::string::npos) {
    a.token = secret.substr(c2 + 1);
    secret = secret.substr(0, c2);
  }
  a.secret = secret;
  return a;
}

std::optional<AliasInfo> lookup_alias(const std::string& name) {
  if (const char* v = std::getenv(("MC_HOST_" + name).c_str())) {
    auto a = parse_host_url(v);
    if (!a) fatal("Invalid arguments provided, please refer `mc <command> -h` for relevant documentation.", "");
    return a;
  }
  if (config_dir) {
    std::ifstream in(*config_dir + "/config.json");
    nlohmann::json cfg = nlohmann::json::parse(in, nullptr, false);
    if (!cfg.is_discarded() && cfg.contains("aliases") && cfg["aliases"].contains(name)) {
      const auto& e = cfg["aliases"][name];
      std::string url = e.value("url", "");
      auto sep = url.find("://");
      return AliasInfo{url.substr(0, sep), url.substr(sep + 3), e.value("accessKey", ""), e.value("secretKey", ""), ""};
    }
  }
  return std::nullopt;
}

struct Target {
  std::string arg;    // as given
  std::string alias;  // "" when it is a local path
  std::string bucket;
  std::string prefix;
  AliasInfo info;
};

Target split_target(const std::string& arg) {
  Target t;
  t.arg = arg;
  auto slash = arg.find('/');
  std::string first = arg.substr(0, slash);
  if (auto a = lookup_alias(first)) {
    t.alias = first;
    t.info = *a;
    if (slash != std::string::npos) {
      std::string rest = arg.substr(slash + 1);
      auto s2 = rest.find('/');
      t.bucket = rest.substr(0, s2);
      if (s2 != std::string::npos) t.prefix = rest.substr(s2 + 1);
    }
  }
  return t;
}

std::string state_path(const std::string& host) {
  std::string h = host;
  std::replace(h.begin(), h.end(), ':', '_');
  return env_or("FAKE_MC_STATE", "/nonexistent") + "/" + h + ".json";
}

std::string leaf_name;  // last word of the leaf path, for FAKE_MC_FAULT_OP

std::string fault() {
  std::string f = env_or("FAKE_MC_FAULT", "");
  std::string op = env_or("FAKE_MC_FAULT_OP", "");
  return !op.empty() && op != leaf_name ? std::string() : f;
}

struct Server {
  std::string path;
  nlohmann::json state;
  void save() const {
    std::string tmp = path + ".tmp";
    std::ofstream(tmp) << state.dump(1);
    fs::rename(tmp, path);
  }
  nlohmann::json* bucket(const std::string& name) {
    if (!state.contains("buckets") || !state["buckets"].contains(name)) return nullptr;
    return &state["buckets"][name];
  }
};

ojson connection_refused(const AliasInfo& a, const std::string& bucket) {
  std::string url = a.scheme + "://" + a.host + "/" + bucket + "/?location=";
  auto colon = a.host.rfind(':');
  std::string ip = a.host.substr(0, colon);
  int port = colon == std::string::npos ? (a.scheme == "https" ? 443 : 80) : std::stoi(a.host.substr(colon + 1));
  ojson addr;
  addr["IP"] = ip;
  addr["Port"] = port;
  addr["Zone"] = "";
  ojson sys;
  sys["Syscall"] = "connect";
  sys["Err"] = 111;
  ojson dial;
  dial["Op"] = "dial";
  dial["Net"] = "tcp";
  dial["Source"] = nullptr;
  dial["Addr"] = addr;
  dial["Err"] = sys;
  ojson e;
  e["Op"] = "Get";
  e["URL"] = url;
  e["Err"] = dial;
  return e;
}

// Contacts the server behind an alias: connection, credentials, injected faults.
// `admin` selects the admin API error shape.
Server connect(const Target& t, const std::string& message, bool admin = false) {
  const std::string f = fault();
  Server s;
  s.path = state_path(t.info.host);
  std::ifstream in(s.path);
  if (!in || f == "connection-refused") {
    std::string url = t.info.scheme + "://" + t.info.host + "/" + t.bucket + "/?location=";
    fatal(message, "Get \"" + url + "\": dial tcp " + t.info.host + ": connect: connection refused",
          connection_refused(t.info, t.bucket));
  }
  s.state = nlohmann::json::parse(in);
  if (s.state.contains("access_key") &&
      (s.state["access_key"] != t.info.access || s.state.value("secret_key", "") != t.info.secret)) {
    const std::string m = "The Access Key Id you provided does not exist in our records.";
    fatal(message, m,
          admin ? admin_error("InvalidAccessKeyId", m, t.bucket)
                : s3_error("InvalidAccessKeyId", m, t.bucket, "/" + t.bucket + "/"));
  }
  if (f == "access-denied") {
    fatal(message, "Access Denied.",
          admin ? admin_error("AccessDenied", "Access Denied.", t.bucket)
                : s3_error("AccessDenied", "Access Denied.", t.bucket, "/" + t.bucket + "/"));
  }
  if (f == "not-implemented") {
    const std::string m = "A header you provided implies functionality that is not implemented";
    fatal(message, m, s3_error("NotImplemented", m, t.bucket, "/" + t.bucket + "/"));
  }
  return s;
}

ojson fs_not_supported(const std::string& api) {
  ojson e;
  e["API"] = api;
  e["APIType"] = "filesystem";
  return e;
}

[[noreturn]] void no_such_bucket(const std::string& message, const std::string& bucket, bool admin = false) {
  const std::string m = "The specified bucket does not exist";
  fatal(message, m, admin ? admin_error("NoSuchBucket", m, bucket) : s3_error("NoSuchBucket", m, bucket, "/" + bucket + "/"));
}

// The bucket behind an alias target, with mc's errors for a local path or a missing bucket.
nlohmann::json& bucket_of(Server& s, const Target& t, const std::string& message) {
  nlohmann::json* b = s.bucket(t.bucket);
  if (!b) no_such_bucket(message, t.bucket);
  return *b;
}

Target require_alias(const std::string& arg, const std::string& message, const std::string& api) {
  Target t = split_target(arg);
  if (t.alias.empty()) fatal(message, "`" + api + "` is not supported for `filesystem`.", fs_not_supported(api));
  return t;
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------
void cmd_version(const Parsed& p, const std::string& op) {
  const std::string message = op == "enable"    ? "Unable to enable versioning"
                              : op == "suspend" ? "Unable to suspend versioning"
                                                : "Unable to get versioning info";
  const std::string arg = p.args[0];
  if (arg.rfind("http://", 0) == 0 || arg.rfind("https://", 0) == 0)
    fatal("Unable to initialize connection.",
          "Use `mc alias set mycloud " + arg + " ...` to add an alias. Use the alias for S3 operations.");
  Target t = require_alias(arg, message, op == "info" ? "GetVersion" : "SetVersion");
  Server s = connect(t, message);
  auto& b = bucket_of(s, t, message);
  std::string shown;
  if (op == "info") {
    shown = b.value("versioning", "");
  } else if (op == "enable") {
    b["versioning"] = "Enabled";
    s.save();
  } else {
    if (b.contains("rules") && !b["rules"].empty()) {
      const std::string m = "A replication configuration is present on this bucket, bucket wide versioning cannot be suspended.";
      fatal(message, m, s3_error("InvalidBucketState", m, t.bucket, "/" + t.bucket + "/"));
    }
    b["versioning"] = "Suspended";
    s.save();
  }
  if (!json_mode) {
    std::string st = op == "info" ? (shown == "Enabled"     ? "enabled"
                                     : shown == "Suspended" ? "suspended"
                                                            : "un-versioned")
                                  : (op == "enable" ? "enabled" : "suspended");
    std::cout << arg << " versioning is " << st << "\n";
    return;
  }
  ojson out;
  out["Op"] = op;
  out["status"] = "success";
  out["url"] = arg;
  ojson v;
  v["status"] = shown;
  v["MFADelete"] = "";
  out["versioning"] = v;
  emit(out);
}

std::string new_id() {
  static const char* alphabet = "0123456789abcdefghijklmnopqrstuv";
  std::string id;
  unsigned long long seed =
      static_cast<unsigned long long>(::getpid()) * 2654435761ULL + static_cast<unsigned long long>(time(nullptr));
  for (int i = 0; i < 20; ++i) {
    id += alphabet[seed % 32];
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  }
  return id;
}

void cmd_replicate_add(const Parsed& p) {
  const std::string arg = p.args[0];
  if (!p.has("remote-bucket")) fatal("--remote-bucket flag needs to be specified.", "");
  Target src = split_target(arg);
  if (src.alias.empty())
    fatal("unable to initialize admin connection.", "No valid configuration found for '" + arg + "' host alias");
  std::string remote = p.value("remote-bucket");
  AliasInfo rinfo;
  std::string rbucket;
  if (remote.rfind("http://", 0) == 0 || remote.rfind("https://", 0) == 0) {
    auto sep = remote.find("://");
    auto slash = remote.find('/', remote.rfind('@') == std::string::npos ? sep + 3 : remote.rfind('@'));
    auto a = parse_host_url(remote.substr(0, slash));
    if (!a) fatal("unsupported URL format %v", "");
    if (!a->token.empty()) fatal("temporary tokens are not allowed for remote targets", "");
    rinfo = *a;
    rbucket = slash == std::string::npos ? "" : remote.substr(slash + 1);
  } else {
    if (!at_least("RELEASE.2024-03-03T00-13-08Z")) fatal("unsupported URL format %v", "");
    auto slash = remote.find('/');
    auto a = lookup_alias(remote.substr(0, slash));
    if (!a) fatal("No such alias `` found.", "Use `mc alias set mycloud  ...` to add an alias. Use the alias for S3 operations.");
    rinfo = *a;
    rbucket = slash == std::string::npos ? "" : remote.substr(slash + 1);
  }
  if (p.has("replicate")) {
    static const std::set<std::string> ok{"delete", "delete-marker", "metadata-sync", "existing-objects"};
    std::string v = p.value("replicate");
    std::stringstream in(v);
    std::string w;
    bool bad = v.empty();
    while (std::getline(in, w, ',')) bad = bad || !ok.count(w);
    if (bad)
      fatal(
          "--replicate flag takes one or more comma separated string with values \"delete\", \"delete-marker\", "
          "\"metadata-sync\", \"existing-objects\" or \"\" to disable these settings",
          "invalid value for --replicate flag " + v);
  }
  const std::string msg = "unable to configure remote target";
  Server s = connect(src, msg, true);
  nlohmann::json* b = s.bucket(src.bucket);
  if (!b) no_such_bucket(msg, src.bucket, true);
  // The source server validates the remote: reachable with these keys, bucket exists, both
  // sides versioned, and no target for that endpoint and bucket yet.
  Server r;
  r.path = state_path(rinfo.host);
  std::ifstream rin(r.path);
  auto admin_fatal = [&](const std::string& code, const std::string& m) { fatal(msg, m, admin_error(code, m, src.bucket)); };
  if (!rin)
    admin_fatal("XMinioAdminReplicationRemoteConnectionError",
                "Remote service connection error (remote target is offline for endpoint " + rinfo.host + ")");
  r.state = nlohmann::json::parse(rin);
  if (r.state.contains("access_key") &&
      (r.state["access_key"] != rinfo.access || r.state.value("secret_key", "") != rinfo.secret))
    admin_fatal("XMinioAdminReplicationRemoteConnectionError",
                "Remote service connection error (The Access Key Id you provided does not exist in our records.)");
  nlohmann::json* rb = r.bucket(rbucket);
  if (!rb) admin_fatal("XMinioAdminRemoteTargetNotFoundError", "The remote target does not exist");
  if (b->value("versioning", "") != "Enabled")
    admin_fatal("ReplicationSourceNotVersionedError", "The replication source does not have versioning enabled");
  if (rb->value("versioning", "") != "Enabled")
    admin_fatal("RemoteTargetNotVersionedError", "The remote target does not have versioning enabled");
  auto& targets = (*b)["targets"];
  if (targets.is_null()) targets = nlohmann::json::array();
  for (const auto& tg : targets)
    if (tg.value("endpoint", "") == rinfo.host && tg.value("targetbucket", "") == rbucket)
      admin_fatal("XMinioAdminBucketRemoteAlreadyExists", "The remote target already exists");
  std::string arn =
      "arn:minio:replication::" + r.state.value("deployment_id", "7f8c3c1e-5d2b-4c61-9a0e-2b6f1a9e4d10") + ":" + rbucket;
  targets.push_back({{"endpoint", rinfo.host},
                     {"targetbucket", rbucket},
                     {"arn", arn},
                     {"accessKey", rinfo.access},
                     {"secure", rinfo.scheme == "https"}});
  s.save();  // the target stays even if adding the rule fails below (mc.md 3.2)

  auto& rules = (*b)["rules"];
  if (rules.is_null()) rules = nlohmann::json::array();
  long long priority = p.has("priority") ? std::stoll(p.value("priority")) : 0;
  std::string id = p.has("id") ? p.value("id") : new_id();
  for (const auto& rule : rules) {
    if (rule.value("Priority", -1LL) == priority)
      fatal("unable to add replication rule",
            "priority must be unique. Replication configuration already has a rule with this priority");
    if (rule.value("ID", "") == id) fatal("unable to add replication rule", "a rule exists with this ID");
  }
  std::set<std::string> what{"delete-marker", "delete", "existing-objects", "metadata-sync"};
  if (p.has("replicate")) {
    what.clear();
    std::stringstream in(p.value("replicate"));
    std::string w;
    while (std::getline(in, w, ',')) what.insert(w);
  }
  auto st = [&](const char* k) { return nlohmann::json{{"Status", what.count(k) ? "Enabled" : "Disabled"}}; };
  ojson rule;
  rule["ID"] = id;
  rule["Status"] = p.has("disable") ? "Disabled" : "Enabled";
  rule["Priority"] = priority;
  rule["DeleteMarkerReplication"] = st("delete-marker");
  rule["DeleteReplication"] = st("delete");
  rule["Destination"] = {{"Bucket", arn}};
  rule["Filter"] = {{"And", ojson::object()}, {"Tag", ojson::object()}};
  rule["SourceSelectionCriteria"] = {{"ReplicaModifications", {{"Status", "Enabled"}}}};
  rule["ExistingObjectReplication"] = st("existing-objects");
  rules.push_back(nlohmann::json::parse(rule.dump()));  // ordered again on output (ordered_rule)
  s.save();
  if (!json_mode) {
    std::cout << "Replication configuration rule with ID `" << id << "` applied to " << arg << ".\n";
    return;
  }
  ojson out;
  out["op"] = "add";
  out["status"] = "success";
  out["url"] = arg;
  out["id"] = p.has("id") ? id : "";
  emit(out);
}

// Rules in mc's key order (nlohmann's json sorts keys; the state keeps them unordered).
ojson ordered_rule(const nlohmann::json& r) {
  ojson o;
  for (const char* k : {"ID", "Status", "Priority", "DeleteMarkerReplication", "DeleteReplication", "Destination", "Filter",
                        "SourceSelectionCriteria", "ExistingObjectReplication"})
    if (r.contains(k)) {
      ojson v = ojson::parse(r[k].dump());
      if (std::string(k) == "Filter") {
        ojson f;
        f["And"] = v.contains("And") ? v["And"] : ojson::object();
        f["Tag"] = v.contains("Tag") ? v["Tag"] : ojson::object();
        v = f;
      }
      o[k] = v;
    }
  return o;
}

void cmd_replicate_ls(const Parsed& p) {
  const std::string msg = "Unable to get replication configuration";
  Target t = require_alias(p.args[0], msg, "GetReplication");
  Server s = connect(t, msg);
  auto& b = bucket_of(s, t, msg);
  if (!b.contains("rules") || b["rules"].empty())
    fatal("Unable to list replication configuration", "replication configuration not set");
  for (const auto& r : b["rules"]) {
    ojson out;
    out["op"] = "";
    out["status"] = "success";
    out["url"] = "";
    out["rule"] = ordered_rule(r);
    emit(out);
  }
}

const char* kNotConfiguredStatus =
    R"({"op":"status","url":"myminio/data","status":"success","replicationstats":{"uptime":3600,"currStats":{"Stats":null,"failed":{"lastMinute":{"count":0,"bytes":0},"lastHour":{"count":0,"bytes":0},"totals":{"count":0,"bytes":0}},"queued":{"curr":{"count":0,"bytes":0},"avg":{"count":0,"bytes":0},"peak":{"count":0,"bytes":0}}},"queueStats":{"nodes":[{"nodeName":"minio1:9000","uptime":3600,"activeWorkers":{"curr":2,"avg":2,"max":2},"transferSummary":{},"tgtTransferStats":{},"queueStats":{"curr":{"count":0,"bytes":0},"avg":{"count":0,"bytes":0},"peak":{"count":0,"bytes":0}},"mrfStats":{"failedCount_last5min":0,"droppedCount_since_uptime":0,"droppedBytes_since_uptime":0},"retries":{"last1hr":0,"last1m":0,"total":0},"errors":{"last1hr":0,"last1m":0,"total":0}}]},"downtimeInfo":null},"remoteTargets":null})";

void cmd_replicate_status(const Parsed& p) {
  const std::string msg = "Unable to get replication status";
  Target t = require_alias(p.args[0], msg, "GetReplicationMetrics");
  Server s = connect(t, msg);
  auto& b = bucket_of(s, t, msg);
  ojson out = ojson::parse(kNotConfiguredStatus);
  out["url"] = p.args[0];
  if (b.contains("targets") && !b["targets"].empty()) {
    long long failed = b.value("failed_count", 0LL);
    out["replicationstats"]["currStats"]["failed"]["totals"]["count"] = failed;
    // The bucket's queue and the rate its targets drain at: state a test sets to make lag.
    const ojson queued = {{"count", b.value("queued_count", 0LL)}, {"bytes", b.value("queued_bytes", 0LL)}};
    out["replicationstats"]["currStats"]["queued"]["curr"] = queued;
    out["replicationstats"]["queueStats"]["nodes"][0]["queueStats"]["curr"] = queued;
    ojson stats;
    ojson targets = ojson::array();
    for (const auto& tg : b["targets"]) {
      std::string endpoint = tg.value("endpoint", "");
      bool online = fs::exists(state_path(endpoint));
      ojson e;
      e["sourcebucket"] = t.bucket;
      e["endpoint"] = endpoint;
      e["credentials"] = {{"accessKey", tg.value("accessKey", "")}, {"expiration", "0001-01-01T00:00:00Z"}};
      e["targetbucket"] = tg.value("targetbucket", "");
      e["secure"] = tg.value("secure", true);
      e["path"] = "auto";
      e["api"] = "s3v4";
      e["arn"] = tg.value("arn", "");
      e["type"] = "replication";
      e["replicationSync"] = false;
      e["healthCheckDuration"] = 60000000000LL;
      e["disableProxy"] = false;
      e["resetBeforeDate"] = "0001-01-01T00:00:00Z";
      e["totalDowntime"] = 0;
      // Offline: when it was last seen (a test sets it), or Go's zero time for "never".
      e["lastOnline"] =
          online ? std::string("2025-06-01T10:00:00.123456789Z") : tg.value("last_online", std::string("0001-01-01T00:00:00Z"));
      e["isOnline"] = online;
      e["latency"] = {{"curr", 2000000}, {"avg", 2500000}, {"max", 9000000}};
      e["deploymentID"] = "b5a0c2ce-3e51-4f0a-9a3b-0c6d2f8e7a41";
      e["edge"] = false;
      e["edgeSyncBeforeExpiry"] = false;
      e["offlineCount"] = online ? 0 : 1;
      targets.push_back(e);
      ojson one;
      one["failed"] = out["replicationstats"]["currStats"]["failed"];
      stats[tg.value("arn", "")] = one;
      if (long long rate = b.value("avg_rate", 0LL); rate > 0)
        out["replicationstats"]["queueStats"]["nodes"][0]["tgtTransferStats"][tg.value("arn", "")] = {
            {"Total", {{"avgRate", rate}, {"peakRate", rate}, {"currRate", 0}}}};
    }
    out["replicationstats"]["currStats"]["Stats"] = stats;
    out["remoteTargets"] = targets;
  }
  emit(out);
}

void cmd_replicate_rm(const Parsed& p, const std::string& op_word) {
  const std::string arg = p.args[0];
  const std::string invalid = "Invalid arguments provided, please refer `mc <command> -h` for relevant documentation.";
  if (p.has("force") != p.has("all") && p.has("force"))
    fatal("It is mandatory to specify --all and --force flag together for mc replicate remove.", invalid);
  if (p.has("all") && !p.has("force"))
    fatal("It is mandatory to specify --all and --force flag together for mc replicate remove.", invalid);
  if (!p.has("all") && !p.has("id")) fatal("rule ID cannot be empty", invalid);
  const std::string msg = "Unable to remove replication rule";
  Target t = require_alias(arg, msg, "RemoveReplication");
  Server s = connect(t, msg);
  auto& b = bucket_of(s, t, msg);
  std::string id = p.value("id");
  if (p.has("all")) {
    b["rules"] = nlohmann::json::array();  // remote targets stay (mc.md 3.2, minio/mc#5207)
  } else {
    auto& rules = b["rules"];
    bool found = false;
    std::string arn;
    for (std::size_t i = 0; rules.is_array() && i < rules.size(); ++i) {
      if (rules[i].value("ID", "") == id) {
        arn = rules[i]["Destination"].value("Bucket", "");
        rules.erase(i);
        found = true;
        break;
      }
    }
    if (!found) fatal(msg, "no matching rule found for this ID");
    auto& targets = b["targets"];
    for (std::size_t i = 0; targets.is_array() && i < targets.size(); ++i)
      if (targets[i].value("arn", "") == arn) {
        targets.erase(i);
        break;
      }
  }
  s.save();
  ojson out;
  out["op"] = at_least("RELEASE.2023-05-04T18-10-16Z") ? "remove" : "rm";
  out["status"] = "success";
  out["url"] = arg;
  out["id"] = id;
  (void)op_word;
  emit(out);
}

ojson ordered_lifecycle(const nlohmann::json& cfg) {
  ojson out;
  ojson rules = ojson::array();
  for (const auto& r : cfg.value("Rules", nlohmann::json::array())) {
    ojson o;
    for (const char* k :
         {"AbortIncompleteMultipartUpload", "Expiration", "DelMarkerExpiration", "AllVersionsExpiration", "ID", "Filter",
          "NoncurrentVersionExpiration", "NoncurrentVersionTransition", "Prefix", "Status", "Transition"})
      if (r.contains(k)) o[k] = ojson::parse(r[k].dump());
    rules.push_back(o);
  }
  out["Rules"] = rules;
  return out;
}

void cmd_ilm_import(const Parsed& p) {
  // stdin first, before the target is looked at (mc.md 3.4).
  std::string input{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  const std::string read_msg = "Unable to read ILM configuration";
  std::size_t first = input.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) fatal(read_msg, "EOF");
  if (input[first] != '{' && input[first] != '[') {
    ojson off;
    off["Offset"] = first + 1;
    fatal(read_msg, std::string("invalid character '") + input[first] + "' looking for beginning of value", off);
  }
  nlohmann::json doc = nlohmann::json::parse(input.substr(first), nullptr, false);
  if (doc.is_discarded()) fatal(read_msg, "unexpected EOF");
  if (doc.contains("Rules") && !doc["Rules"].is_array()) {
    ojson e;
    e["Value"] = doc["Rules"].is_object() ? "object" : doc["Rules"].type_name();
    e["Type"] = ojson::object();
    e["Offset"] = 10;
    e["Struct"] = "Configuration";
    e["Field"] = "Rules";
    fatal(read_msg,
          std::string("json: cannot unmarshal ") + std::string(e["Value"]) +
              " into Go struct field Configuration.Rules of type []lifecycle.Rule",
          e);
  }
  if (!doc.contains("Rules") || doc["Rules"].empty())
    fatal("The provided ILM configuration does not contain any rule, aborting.", "");
  for (const auto& r : doc["Rules"])
    if (r.contains("Transition") && r["Transition"].value("StorageClass", "").empty())
      fatal(read_msg, "storage-class cannot be empty");
  const std::string msg = "Unable to set new lifecycle rules";
  Target t = require_alias(p.args[0], msg, "SetLifecycle");
  Server s = connect(t, msg);
  auto& b = bucket_of(s, t, msg);
  for (const auto& r : doc["Rules"]) {
    if (r.value("Status", "") != "Enabled" && r.value("Status", "") != "Disabled") {
      const std::string m = "Status must be set to either Enabled or Disabled";
      fatal(msg, m, s3_error("InvalidArgument", m, t.bucket, "/" + t.bucket + "/"));
    }
  }
  b["lifecycle"] = doc;
  b["lifecycle_updated"] = "2025-06-01T10:00:00Z";
  s.save();
  if (!json_mode) {
    std::cout << "Lifecycle configuration imported successfully to `" << p.args[0] << "`.\n";
    return;
  }
  ojson out;
  out["status"] = "success";
  out["target"] = p.args[0];
  emit(out);
}

void cmd_ilm_export(const Parsed& p) {
  const std::string msg = "Unable to get lifecycle configuration";
  Target t = require_alias(p.args[0], msg, "GetLifecycle");
  Server s = connect(t, msg);
  auto& b = bucket_of(s, t, msg);
  if (!b.contains("lifecycle") || b["lifecycle"].is_null()) {
    const std::string m = "The lifecycle configuration does not exist";
    fatal(msg, m, s3_error("NoSuchLifecycleConfiguration", m, t.bucket, "/" + t.bucket + "/"));
  }
  ojson cfg = ordered_lifecycle(b["lifecycle"]);
  if (!json_mode) {
    std::cout << go_escape(cfg.dump()) << "\n";
    return;
  }
  ojson out;
  out["status"] = "success";
  out["target"] = p.args[0];
  out["config"] = cfg;
  out["updatedAt"] = b.value("lifecycle_updated", "0001-01-01T00:00:00Z");
  emit(out);
}

void cmd_mirror(const Parsed& p) {
  const std::string src_arg = p.args[0], dst_arg = p.args[1];
  const bool overwrite = p.has("overwrite") || p.has("force");
  const bool remove = p.has("remove");
  // Source objects: key -> (display source, size).
  std::map<std::string, std::pair<std::string, long long>> objects;
  Target src = split_target(src_arg);
  const std::string stat_msg = "Unable to stat source `" + src_arg + "`.";
  if (!src.alias.empty()) {
    if (fault() == "access-denied") {
      fatal(stat_msg, "Access Denied.", s3_error("AccessDenied", "Access Denied.", src.bucket, ""));
    }
    Server s = connect(src, stat_msg);
    nlohmann::json* b = s.bucket(src.bucket);
    if (!b) {
      ojson e;
      e["Bucket"] = src.bucket;
      fatal(stat_msg, "Bucket `" + src.bucket + "` does not exist.", e);
    }
    const nlohmann::json source_objects = b->value("objects", nlohmann::json::object());
    for (const auto& [k, v] : source_objects.items()) {
      if (!src.prefix.empty() && k.rfind(src.prefix, 0) != 0) continue;
      std::string rel = src.prefix.empty() ? k : k.substr(std::min(k.size(), src.prefix.size() + 1));
      objects[rel] = {src.alias + "/" + src.bucket + "/" + k, v.get<long long>()};
    }
  } else {
    fs::path root = fs::absolute(src_arg);
    if (!fs::is_directory(root)) {
      ojson e;
      e["Path"] = src_arg;
      fatal(stat_msg, "Requested path `" + src_arg + "` not found", e);
    }
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      objects[fs::relative(entry.path(), root).string()] = {entry.path().string(), static_cast<long long>(entry.file_size())};
    }
  }
  Target dst = split_target(dst_arg);
  long long total_count = 0, total_size = 0;
  int counted_errors = 0;
  auto summary = [&](long long transferred) {
    ojson s;
    s["status"] = "success";
    s["total"] = transferred;
    s["transferred"] = transferred;
    s["duration"] = transferred > 0 ? 1000000 : 0;
    if (transferred > 0)
      s["speed"] = static_cast<double>(transferred) * 1000.0 + 0.5;
    else
      s["speed"] = 0;
    emit(s);
  };
  auto line = [&](const std::string& source, const std::string& target, long long size) {
    ojson l;
    l["status"] = "success";
    l["source"] = source;
    l["target"] = target;
    l["size"] = size;
    l["totalCount"] = total_count;
    l["totalSize"] = total_size;
    l["eventTime"] = "";
    l["eventType"] = "";
    emit(l);
  };
  if (dst.alias.empty()) {
    // Unknown target alias = a local directory (mc.md 2.1): it "succeeds" into ./<arg>.
    for (const auto& [key, o] : objects) {
      fs::path out = fs::path(dst_arg) / key;
      fs::create_directories(out.parent_path());
      std::ofstream(out).close();
      fs::resize_file(out, static_cast<std::uintmax_t>(o.second));
      ++total_count;
      total_size += o.second;
      line(o.first, (fs::absolute(out)).string(), o.second);
    }
    summary(total_size);
    return;
  }
  Server s = connect(dst, "Failed to perform mirroring");
  nlohmann::json* b = s.bucket(dst.bucket);
  if (!b) {
    const std::string m = "The specified bucket does not exist";
    nonfatal("Failed to perform mirroring", m, s3_error("NoSuchBucket", m, dst.bucket, "/" + dst.bucket + "/"));
    summary(0);
    std::exit(1);
  }
  auto& dst_objects = (*b)["objects"];
  if (dst_objects.is_null()) dst_objects = nlohmann::json::object();
  long long transferred = 0;
  for (const auto& [key, o] : objects) {
    std::string full = dst.prefix.empty() ? key : dst.prefix + "/" + key;
    if (dst_objects.contains(full)) {
      if (dst_objects[full].get<long long>() == o.second) continue;
      if (!overwrite) {
        nonfatal("Failed to perform mirroring, with error condition (size)",
                 "Overwrite not allowed for `" + dst.info.scheme + "://" + dst.info.host + "/" + dst.bucket + "/" + full +
                     "`. Use `--overwrite` to override this behavior.");
        continue;  // not counted: mc exits 0 for this (mc.md 3.5)
      }
    }
    ++total_count;
    total_size += o.second;
    line(o.first, dst.alias + "/" + dst.bucket + "/" + full, o.second);
    if (fault() == "storage-full") {
      const std::string m =
          "Storage backend has reached its minimum free drive threshold. Please delete a few objects to proceed.";
      nonfatal("Failed to copy `" + o.first + "`.", m,
               s3_error("XMinioStorageFull", m, dst.bucket, "/" + dst.bucket + "/" + full, full));
      ++counted_errors;
      if (!p.has("skip-errors")) break;
      continue;
    }
    if (fault() == "object-access-denied") continue;  // ignored without a line since RELEASE.2023-12-29
    dst_objects[full] = o.second;
    transferred += o.second;
  }
  if (remove && counted_errors == 0) {
    std::vector<std::string> stale;
    for (const auto& [k, v] : dst_objects.items()) {
      std::string rel = dst.prefix.empty() ? k : (k.rfind(dst.prefix + "/", 0) == 0 ? k.substr(dst.prefix.size() + 1) : "");
      if (!rel.empty() && !objects.count(rel)) stale.push_back(k);
    }
    for (const auto& k : stale) {
      ++total_count;
      line("", dst.alias + "/" + dst.bucket + "/" + k, 0);
      dst_objects.erase(k);
    }
  }
  s.save();
  summary(transferred);
  if (counted_errors > 0) std::exit(1);
}

std::string base64(const std::string& in) {
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += a[(n >> k) & 63];
  }
  if (in.size() - i == 1) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    out += a[(n >> 18) & 63];
    out += a[(n >> 12) & 63];
    out += "==";
  } else if (in.size() - i == 2) {
    unsigned n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += a[(n >> 18) & 63];
    out += a[(n >> 12) & 63];
    out += a[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

void cmd_admin_config_export(const Parsed& p) {
  std::string alias = p.args[0].substr(0, p.args[0].find('/'));
  Target t = split_target(alias);
  if (t.alias.empty())
    fatal("Unable to initialize admin connection.", "No valid configuration found for '" + alias + "' host alias");
  Server s = connect(t, "Unable to get server config", true);
  std::string text = s.state.value("config", std::string(kDefaultConfig));
  if (!json_mode) {
    std::cout << text;
    return;
  }
  ojson out;
  out["status"] = "success";
  out["value"] = base64(text);
  emit(out);
}

void cmd_admin_bucket_remote_add() {
  if (at_least("RELEASE.2023-04-06T16-51-10Z")) fatal("Deprecated command", "Please use 'mc replicate add' instead");
  if (at_least("RELEASE.2022-12-24T15-21-38Z")) {
    std::cout << prog << ": Please use 'mc replicate add'\n";
    return;
  }
  fatal("unsupported by this stand-in", "the legacy two-step replication flow is not emulated");
}

void write_cmdline() {
  std::string file = env_or("FAKE_MC_CMDLINE_FILE", "");
  if (file.empty()) return;
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string raw{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::replace(raw.begin(), raw.end(), '\0', ' ');
  std::ofstream(file, std::ios::app) << raw << "\n";
}

// mc creates its config dir on first use; without a writable one every command fails.
void ensure_config_dir() {
  std::string dir = config_dir ? *config_dir : env_or("HOME", "/nonexistent") + "/.mc";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string cfg = dir + "/config.json";
  if (!fs::exists(cfg)) {
    std::ofstream out(cfg);
    if (!out) fatal("Unable to save new mc config.", "open " + cfg + ": permission denied");
    out << R"({"version":"10","aliases":{}})"
        << "\n";
    if (!json_mode && !env_or("FAKE_MC_NOTICE", "").empty())
      std::cout << prog << ": Configuration written to `" << cfg << "`. Please update your access credentials.\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  prog = fs::path(argv[0]).filename().string();
  release = env_or("FAKE_MC_RELEASE", release);
  pretty = !env_or("FAKE_MC_PRETTY", "").empty();
  json_mode = !env_or("MC_JSON", "").empty();
  write_cmdline();
  std::vector<std::string> args(argv + 1, argv + argc);

  if (!args.empty() && (args[0] == "--version" || args[0] == "-v" || args[0] == "-V")) {
    const std::string mode = env_or("FAKE_MC_MODE", "minio");
    if (mode == "midnight") {
      std::ifstream in(std::string(FAKE_MC_FIXTURES) + "/mc-version.midnight-commander-4.8.29.txt");
      std::cout << in.rdbuf();
    } else if (mode == "unknown") {
      std::cout << "mc (Mailcap Converter) 0.3\n";
    } else if (mode == "hang") {
      std::this_thread::sleep_for(std::chrono::hours(1));
    } else if (!at_least("RELEASE.2022-06-17T02-52-50Z")) {
      std::cout << prog << " version " << release << "\n";
    } else {
      std::cout << prog << " version " << release << " (commit-id=7394ce0dd2a80935aded936b09fa12cbb3cb8096)\n"
                << "Runtime: go1.24.6 linux/amd64\nCopyright (c) 2015-2025 MinIO, Inc.\n"
                << "License GNU AGPLv3 <https://www.gnu.org/licenses/agpl-3.0.html>\n";
    }
    return 0;
  }
  if (env_or("FAKE_MC_MODE", "minio") == "midnight") {
    // Midnight Commander would try to open its full-screen UI on these "directories".
    std::cerr << "mc: cannot open terminal\n";
    return 1;
  }

  const auto all = leaves();
  Parsed p = parse(args, all);
  config_dir = p.config_dir;
  if (!env_or("FAKE_MC_NOTICE", "").empty() && json_mode)
    std::cout << prog << ": Configuration written to `" << (config_dir ? *config_dir : std::string("~/.mc"))
              << "/config.json`. Please update your access credentials.\n";
  ensure_config_dir();
  const std::string& path = p.leaf->path;
  leaf_name = path.substr(path.rfind(' ') == std::string::npos ? 0 : path.rfind(' ') + 1);

  if (path == "version enable")
    cmd_version(p, "enable");
  else if (path == "version suspend")
    cmd_version(p, "suspend");
  else if (path == "version info")
    cmd_version(p, "info");
  else if (path == "replicate add")
    cmd_replicate_add(p);
  else if (path == "replicate ls" || path == "replicate list")
    cmd_replicate_ls(p);
  else if (path == "replicate status")
    cmd_replicate_status(p);
  else if (path == "replicate rm" || path == "replicate remove")
    cmd_replicate_rm(p, leaf_name);
  else if (path == "ilm rule import" || path == "ilm import")
    cmd_ilm_import(p);
  else if (path == "ilm rule export" || path == "ilm export")
    cmd_ilm_export(p);
  else if (path == "mirror")
    cmd_mirror(p);
  else if (path == "admin config export")
    cmd_admin_config_export(p);
  else if (path == "admin bucket remote add")
    cmd_admin_bucket_remote_add();
  return 0;
}
