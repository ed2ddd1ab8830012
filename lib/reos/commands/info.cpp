// `reos-backup info`: pgBackRest's info, normalized, with backup ages and health.
#include <fmt/format.h>

#include "reos/commands/command.hpp"
#include "reos/commands/repo_archive.hpp"
#include "reos/commands/source_cluster.hpp"
#include "reos/pgbackrest/errors.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/invocations.hpp"
#include "reos/util/human.hpp"
#include "reos/util/text.hpp"

namespace reos::commands {

using nlohmann::json;

namespace {

struct InfoOptions {
  pgbackrest::Target target;
  std::optional<std::string> stanza;
  std::optional<long long> repo;
};

InfoOptions info_options(CommandContext& ctx) {
  InfoOptions o{pgbackrest::make_target(ctx.settings, ctx.env, ctx.redactor), ctx.settings.optional("stanza"), {}};
  if (ctx.settings.has("repo")) o.repo = ctx.settings.integer("repo");
  return o;
}

// info reads, while planning, everything it reports (all read-only): pgBackRest's info, each
// stanza's source (pg_stat_archiver: its current WAL file) and, for a repository that is behind
// it, when that repository's newest segment was written (repo-ls). The plan lists exactly the
// calls that ran; the run only interprets them.
struct InfoPlan {
  process::Invocation info;
  process::ProcessResult info_result;
  std::shared_ptr<const std::vector<pgbackrest::StanzaInfo>> stanzas;  // shared with the printed result's backups
  std::vector<std::vector<observe::RepoLag>> lags;                     // per stanza, per repository
  std::vector<process::Invocation> lag_reads;                          // repo-ls of each repository behind its source
  std::vector<process::Invocation> steps() const {
    std::vector<process::Invocation> v{info};
    v.insert(v.end(), lag_reads.begin(), lag_reads.end());
    return v;
  }
};

// The archiver state of a stanza's source, and why it is missing when it is.
struct SourceRead {
  std::optional<postgres::ArchiverStatus> archiver;
  std::string why;
};

SourceRead read_source(const pgbackrest::Config& pgbr, CommandContext& ctx, const std::string& stanza) {
  SourceRead r;
  r.archiver = source_archiver(source_target(pgbr, ctx.settings, stanza), &r.why);
  return r;
}

InfoPlan plan_info(const InfoOptions& o, CommandContext& ctx, process::Executor& exec) {
  InfoPlan p;
  p.info = pgbackrest::info_call(o.target, "info", o.stanza, o.repo);
  // With --stanza the source is known before pgBackRest answers: it is read while pgBackRest's
  // info runs (loading libpq and connecting cost about as much as that info itself).
  const auto pgbr = pgbackrest::read_config(ctx.settings, ctx.env);  // before a child runs: it may refuse
  auto info = exec.start(p.info);
  std::optional<SourceRead> named;
  if (o.stanza) named = read_source(pgbr, ctx, *o.stanza);
  p.info_result = pgbackrest::finish_step(exec, info);
  p.stanzas = std::make_shared<const std::vector<pgbackrest::StanzaInfo>>(pgbackrest::parse_info(p.info_result.out));
  p.info_result.out = std::string();  // parsed: tens of MB over thousands of backups, not read again
  for (const auto& s : *p.stanzas) {
    const auto source = named && s.name == *o.stanza ? *named : read_source(pgbr, ctx, s.name);
    p.lags.push_back(read_repo_lags(exec, o.target, s, source.archiver, source.why, ctx.now_epoch, std::nullopt, p.lag_reads));
  }
  return p;
}

void run_info(const InfoOptions&, const InfoPlan& plan, CommandContext& ctx, process::Executor&, Outcome& out) {
  const auto& r = plan.info_result;
  const auto& stanzas = *plan.stanzas;
  json list = json::array();
  std::vector<std::string> unhealthy;
  std::string first_hint;
  for (std::size_t i = 0; i < stanzas.size(); ++i) {
    const auto& s = stanzas[i];
    // Each backup's JSON is made while it is printed (tens of thousands of them: building them
    // all first was most of info's time and memory).
    json js = pgbackrest::to_json(s, ctx.now_epoch, pgbackrest::Backups::Later);
    out.streamed.push_back({json::json_pointer(fmt::format("/stanzas/{}/backups", i)), [all = plan.stanzas, i](const auto& emit) {
                              for (const auto& b : (*all)[i].backups) emit(pgbackrest::to_json(b));
                            }});
    for (auto& jr : js["repos"])
      for (const auto& l : plan.lags[i])
        if (jr["key"] == l.repo) jr["archive_behind"] = observe::to_json(l);
    list.push_back(std::move(js));
    if (s.status_code != 0) {
      std::string why = s.status_message.empty() ? pgbackrest::status_meaning(s.status_code) : s.status_message;
      // "other" (99) says nothing: the repository's own message names the cause. Otherwise
      // (4 "different across repos": one store is down) name the repositories that failed.
      if (s.status_code == 99) {
        for (const auto& rs : s.repos)
          if (rs.code != 0) why = util::first_line(util::printable(rs.message));
      } else if (auto failing = pgbackrest::failing_repos(s); s.repos.size() > 1 && !failing.empty()) {
        why += ": " + failing;
      }
      unhealthy.push_back(fmt::format("'{}' ({})", s.name, why));
      if (first_hint.empty()) first_hint = pgbackrest::status_hint(s);
    }
  }
  auto warnings = pgbackrest::parse_warnings(r.err);
  for (const auto& s : stanzas)
    for (const auto* b : pgbackrest::backups_with_checksum_errors(s))
      warnings.push_back(pgbackrest::checksum_error_warning(s, *b));
  out.result = {{"stanzas", std::move(list)}, {"warnings", std::move(warnings)}};  // moved: can be the biggest value we print
  if (stanzas.empty()) {
    out.error = error::Error(error::ExitCode::ProblemFound, "the repository holds no stanza",
                             "create one with reos-backup stanza-create --stanza NAME (check --pgbackrest-config)");
  } else if (!unhealthy.empty()) {
    out.error = error::Error(
        error::ExitCode::ProblemFound,
        fmt::format("{} not healthy: {}", unhealthy.size() == 1 ? "stanza" : "stanzas", util::join(unhealthy, ", ")), first_hint);
  }
}

std::string text_info(const json& result) {
  std::string out;
  for (const auto& s : result.value("stanzas", json::array())) {
    out += fmt::format("stanza {}: {} ({})\n", s["name"].get<std::string>(), s["status"]["ok"].get<bool>() ? "ok" : "NOT OK",
                       s["status"]["message"].get<std::string>());
    if (!s["status"]["hint"].get<std::string>().empty())
      out += fmt::format("  hint: {}\n", s["status"]["hint"].get<std::string>());
    for (const char* op : {"backup", "restore"}) {
      const json& l = s["locks"][op];
      if (!l["held"].get<bool>()) continue;
      out += l["percent"].is_null()
                 ? fmt::format("  a {} is running (lock held)\n", op)
                 : fmt::format("  a {} is running: {} of {} ({}%)\n", op, util::human_bytes(l["done_bytes"].get<std::uint64_t>()),
                               util::human_bytes(l["size_bytes"].get<std::uint64_t>()), l["percent"].dump());
    }
    for (const auto& r : s["repos"]) {
      out += fmt::format("  repo{}: {} (cipher {})\n", r["key"].get<int>(), r["status"]["message"].get<std::string>(),
                         r["cipher"].get<std::string>());
      if (const auto& b = r.value("archive_behind", json()); b.is_object() && b["segments"].is_number())
        out += fmt::format("    archive behind the source: {} segments, {}\n", b["segments"].get<long long>(),
                           b["seconds"].is_number() ? util::human_seconds(b["seconds"].get<long long>())
                                                    : "seconds unknown (" + b["unknown"].get<std::string>() + ")");
      for (const char* t : {"full", "diff", "incr"}) {
        const auto& n = r["newest"][t];
        if (!n.is_null())
          out += fmt::format("    newest {}: {} ({} ago)\n", t, n["label"].get<std::string>(),
                             util::human_seconds(n["age_seconds"].get<long long>()));
      }
    }
    for (const auto& a : s["archive"]) {
      out += fmt::format("  wal archive {} repo{}: {} .. {}\n", a["id"].get<std::string>(), a["repo"].get<int>(),
                         a["min"].is_null() ? "-" : a["min"].get<std::string>(),
                         a["max"].is_null() ? "-" : a["max"].get<std::string>());
    }
    for (const auto& b : s["backups"]) {
      out += fmt::format("  {:<4} {:<34} repo{} {} .. {}  size {}  repo {}\n", b["type"].get<std::string>(),
                         b["label"].get<std::string>(), b["repo"].get<int>(), util::human_time(b["start"].get<std::string>()),
                         util::human_time(b["stop"].get<std::string>()), util::human_bytes(b["size_bytes"].get<std::uint64_t>()),
                         util::human_bytes(b["repo_size_bytes"].get<std::uint64_t>()));
    }
    for (const auto& b : s["backups"]) {
      if (!b["checksum_error"].get<bool>()) continue;
      std::vector<std::string> files = b["checksum_error_files"].get<std::vector<std::string>>();
      out += fmt::format("  WARNING: backup {} has page checksum errors{}\n", b["label"].get<std::string>(),
                         files.empty() ? std::string() : ": " + util::join(files, ", "));
    }
    for (const char* t : {"full", "diff", "incr"}) {
      const auto& n = s["newest"][t];
      out += fmt::format("  newest {}: {}\n", t,
                         n.is_null() ? std::string("none")
                                     : fmt::format("{} ({} ago)", n["label"].get<std::string>(),
                                                   util::human_seconds(n["age_seconds"].get<long long>())));
    }
  }
  return util::printable(out);  // raw bytes from a failed decryption must not reach the terminal
}

}  // namespace

CommandHandler info_handler() {
  return make_handler(CommandParts<InfoOptions, InfoPlan>{"info", info_options, plan_info, run_info, text_info});
}

}  // namespace reos::commands
