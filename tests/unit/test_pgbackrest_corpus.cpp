// Every `pgbackrest info --output=json` document of ../shared/corpus/pgbackrest/info/ (2.02 to
// 2.60dev, from pgBackRest's own tests, its user guide and pgbackrest_exporter's tests; read in
// place, never copied here) through `reos-backup info` and metrics as a user would get them.
// Hidden from the normal unit run: tests/shell/corpus.sh runs it when the corpus exists, says
// it is absent otherwise (a skip, and a failure with CI=true).
#include <catch2/catch.hpp>

#include <dirent.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include "reos/observe/metrics.hpp"
#include "reos/pgbackrest/info.hpp"
#include "reos/pgbackrest/restore.hpp"
#include "reos/util/text.hpp"
#include "support/app.hpp"
#include "support/helpers.hpp"

using nlohmann::json;

namespace {

std::vector<std::string> corpus_documents(const std::string& dir, const std::string& ext = ".json") {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0) out.push_back(dir + "/" + n);
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Expected {
  std::size_t stanzas = 0, checksum_backups = 0, running = 0;
  bool all_ok = true;
};

// What the document says, read independently of reos's parser.
Expected expected_from(const json& doc) {
  Expected e;
  for (const auto& st : doc) {
    if (!st.is_object()) continue;
    ++e.stanzas;
    const json status = st.value("status", json::object());
    e.all_ok = e.all_ok && status.value("code", 0) == 0;
    const json lock = status.value("lock", json::object());
    for (const char* op : {"backup", "restore"})
      if (lock.value(op, json::object()).value("held", false)) ++e.running;
    for (const auto& b : st.value("backup", json::array()))
      if (b.value("error", false) || !b.value("error-list", json::array()).empty()) ++e.checksum_backups;
  }
  return e;
}

}  // namespace

TEST_CASE("corpus: every pgBackRest info document gives one JSON document, health from the stanza codes",
          "[.corpus][pgbackrest][info]") {
  const std::string dir = std::string(REOS_SHARED_DIR) + "/corpus/pgbackrest/info";
  const auto files = corpus_documents(dir);
  REQUIRE(files.size() >= 50);  // 56 documents when this was written
  std::size_t checksum_docs = 0, progress_docs = 0;
  for (const auto& path : files) {
    INFO(path);
    const std::string text = reos::testing::read_file(path);
    const Expected want = expected_from(json::parse(text));
    for (bool json_mode : {true, false}) {
      reos::testing::App app;
      app.now = reos::testing::App::kIncrStop;
      app.runner.expect({"/bin/true", "--log-level-console=off", "--output=json", "info"}, 0, text);
      std::vector<std::string> args{"info", "--pgbackrest-bin=/bin/true"};
      if (json_mode) args.push_back("--output=json");
      const int rc = app.run(args);
      CHECK(rc == (want.stanzas > 0 && want.all_ok ? 0 : 10));
      CHECK(app.runner.all_consumed());
      if (!json_mode) {
        if (want.checksum_backups) CHECK(app.out.str().find("page checksum errors") != std::string::npos);
        if (want.running) CHECK(app.out.str().find(" is running") != std::string::npos);
        continue;
      }
      json j;
      REQUIRE_NOTHROW(j = json::parse(app.out.str()));  // exactly one document
      CHECK(j["exit_code"] == rc);
      const json& stanzas = j["result"]["stanzas"];
      REQUIRE(stanzas.size() == want.stanzas);
      std::size_t flagged = 0, held = 0;
      for (const auto& s : stanzas) {
        CHECK(s["status"]["ok"] == (s["status"]["code"] == 0));
        CHECK(s["status"]["message"].get<std::string>() != "");
        if (!s["status"]["ok"].get<bool>()) CHECK(s["status"]["hint"].get<std::string>() != "");
        for (const auto& b : s["backups"]) flagged += b["checksum_error"].get<bool>();
        for (const char* op : {"backup", "restore"}) held += s["locks"][op]["held"].get<bool>();
      }
      CHECK(flagged == want.checksum_backups);
      CHECK(held == want.running);
      std::size_t warned = 0;
      for (const auto& w : j["result"]["warnings"])
        warned += w.get<std::string>().find("page checksum errors") != std::string::npos;
      CHECK(warned == want.checksum_backups);
    }

    // metrics: a checksum-error gauge per stanza and repo, progress while a lock is held.
    reos::observe::MetricsInput m;
    m.now_epoch = 1795482881;
    for (const auto& s : reos::pgbackrest::parse_info(text)) m.stanzas.push_back({s.name, s, std::nullopt, std::nullopt});
    double errors = 0;
    bool progress = false;
    for (const auto& f : reos::observe::build_metrics(m)) {
      if (f.name == "pgbackrest_backup_checksum_error_backups")
        for (const auto& s : f.samples) errors += s.value;
      if (f.name == "pgbackrest_lock_progress_ratio") progress = progress || !f.samples.empty();
    }
    CHECK(errors == static_cast<double>(want.checksum_backups));
    checksum_docs += want.checksum_backups > 0;
    progress_docs += progress;
  }
  // The corpus holds both kinds: the checks above were not vacuous.
  CHECK(checksum_docs >= 3);
  CHECK(progress_docs >= 3);
}

// Every `pgbackrest verify --output=text` block of ../shared/corpus/pgbackrest/verify/ (2.39 to
// 2.60dev renderings). What each file says is read here by a plain line reading, independently
// of parse_verify_output: its status, each backup line, each archive line, and every non-zero
// counter under one of them, each of which must reach the report as a problem that names it.
TEST_CASE(
    "corpus: every pgBackRest verify output gives its status, each backup and WAL archive, and each non-zero "
    "counter as a problem",
    "[.corpus][pgbackrest][verify]") {
  const auto files = corpus_documents(std::string(REOS_SHARED_DIR) + "/corpus/pgbackrest/verify", ".txt");
  REQUIRE(files.size() >= 10);  // 12 outputs when this was written
  std::size_t counted_problems = 0, message_problems = 0;
  for (const auto& path : files) {
    INFO(path);
    const std::string text = reos::testing::read_file(path);
    const auto rep = reos::pgbackrest::parse_verify_output(text);
    std::string status, owner;
    std::vector<std::string> labels, archives, bad_counters, messages;
    for (const auto& raw : reos::util::split_lines(text)) {
      const std::string line = reos::util::trim(raw);
      const auto colon = line.find(": ");
      const std::string key = colon == std::string::npos ? "" : line.substr(0, colon);
      if (key == "status")
        status = line.substr(colon + 2);
      else if (key == "backup" && line.find(", status: ") != std::string::npos) {
        labels.push_back(line.substr(8, line.find(',') - 8));
        owner = "backup " + labels.back();
      } else if (key == "archiveId" && line.find(',') != std::string::npos) {
        archives.push_back(line.substr(11, line.find(',') - 11));
        owner = "WAL " + archives.back();
      } else if (key == "missing" || key == "checksum invalid" || key == "size invalid" || key == "other") {
        for (const auto& part : {"missing", "checksum invalid", "size invalid", "other"}) {
          const auto at = line.find(std::string(part) + ": ");
          if (at != std::string::npos && line.compare(at + std::strlen(part) + 2, 2, "0,") != 0 &&
              line.substr(at + std::strlen(part) + 2) != "0")
            bad_counters.push_back(owner + ": " + part);
        }
      } else if (key != "stanza" && key != "backup" && key != "archiveId" && !line.empty()) {
        messages.push_back(line);
      }
    }
    REQUIRE(status != "");
    CHECK(rep.status == status);
    CHECK(rep.ok == (status == "ok"));
    if (status != "ok") CHECK_FALSE(rep.problems.empty());
    REQUIRE(rep.backups.size() == labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) CHECK(rep.backups[i]["label"] == labels[i]);
    REQUIRE(rep.wal.size() == archives.size());
    for (std::size_t i = 0; i < archives.size(); ++i) CHECK(rep.wal[i]["archive_id"] == archives[i]);
    for (const auto& c : bad_counters) {
      INFO(c);
      const auto owner_end = c.find(": ");
      bool named = false;
      for (const auto& p : rep.problems)
        named = named ||
                (p.rfind(c.substr(0, owner_end) + ": ", 0) == 0 && p.find(c.substr(owner_end + 2) + " ") != std::string::npos);
      CHECK(named);
    }
    for (const auto& m : messages) CHECK(std::find(rep.problems.begin(), rep.problems.end(), m) != rep.problems.end());
    counted_problems += bad_counters.size();
    message_problems += messages.size();
  }
  // The corpus holds counters and messages: the checks above were not vacuous.
  CHECK(counted_problems >= 10);
  CHECK(message_problems >= 2);
}
