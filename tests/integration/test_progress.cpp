// Progress on a real terminal: a real backup, a real restore-pitr and a drill with stderr on a
// pseudo-terminal show pgBackRest's progress redrawn in place, stdout carries none of it, and
// with --output json the document on stdout has the same shape with and without --progress.
#include <algorithm>
#include <regex>

#include <catch2/catch.hpp>

#include "integration/lab.hpp"
#include "reos/util/text.hpp"
#include "support/helpers.hpp"

using nlohmann::json;
using reos::testing::Lab;
using reos::testing::Run;

namespace {

// The redraws the terminal received: "\r<operation>  <percent>%  ..." (util/progress).
std::vector<double> redraws(const std::string& terminal, const std::string& operation) {
  std::vector<double> percents;
  const std::regex draw("\r" + operation + "  ([0-9]+\\.[0-9])%  [^\r\n]*\x1b\\[K");
  for (auto it = std::sregex_iterator(terminal.begin(), terminal.end(), draw); it != std::sregex_iterator(); ++it)
    percents.push_back(std::stod((*it)[1].str()));
  return percents;
}

// The JSON progress lines among stderr's lines.
std::vector<json> progress_lines(const std::string& err) {
  std::vector<json> v;
  for (auto line : reos::util::split_lines(err))
    if (!line.empty() && line.front() == '{') v.push_back(json::parse(line));
  return v;
}

}  // namespace

TEST_CASE("progress: a real backup, restore-pitr and drill on a terminal redraw their progress, stdout and the JSON unchanged",
          "[pg][progress]") {
  if (!reos::testing::lab_programs_available()) return;
  Lab lab;
  REQUIRE(lab.reos({"stanza-create", "--stanza", "demo"}).exit_code == 0);
  lab.create_seed_tables();  // what the drill's default checks read (step 4)
  lab.sql(
      "INSERT INTO properties SELECT FROM generate_series(1, 10); INSERT INTO pipeline_state SELECT FROM generate_series(1, 3);");
  // Six tables of about 13 MB and PostgreSQL's own ~1000 files: pgBackRest prints a line per
  // file as each completes, over a few seconds of copying.
  for (int i = 0; i < 6; ++i) {
    lab.sql("CREATE TABLE bulk" + std::to_string(i) + " AS SELECT g, md5(g::text) || md5((g * 7)::text) AS v " +
            "FROM generate_series(1, 110000) g");
  }

  // 1. A backup in text mode at a terminal: progress by default.
  const Run backup = lab.reos_on_pty({"backup", "--stanza", "demo", "--type", "full"});
  REQUIRE(backup.exit_code == 0);
  const auto b = redraws(backup.err, "backup");
  INFO("backup redraws: " << b.size());
  CHECK(b.size() >= 3);
  CHECK(std::is_sorted(b.begin(), b.end()));
  CHECK(backup.err.find("\r\x1b[K") != std::string::npos);  // the line is cleared at the end
  // The result on stdout, and not a byte of progress in it.
  CHECK(backup.out.rfind("full backup ", 0) == 0);
  CHECK(backup.out.find('\r') == std::string::npos);
  CHECK(backup.out.find("\x1b[") == std::string::npos);
  CHECK(backup.out.find("%  ") == std::string::npos);

  // 2. A restore-pitr into a new directory: the same, with the set's size as the total.
  const std::string dir = lab.dir() + "/work/pty-restore";
  const Run restore = lab.reos_on_pty({"restore-pitr", "--stanza", "demo", "--pg-path", dir, "--target-immediate"});
  REQUIRE(restore.exit_code == 0);
  const auto r = redraws(restore.err, "restore");
  INFO("restore redraws: " << r.size());
  CHECK(r.size() >= 3);
  CHECK(std::is_sorted(r.begin(), r.end()));
  CHECK(std::regex_search(restore.err, std::regex("\rrestore  [0-9.]+%  [0-9.]+ [KMG]?i?B of [0-9.]+ MiB  ")));
  CHECK(restore.out.find('\r') == std::string::npos);
  CHECK(restore.out.find("%  ") == std::string::npos);

  // 3. --output json: one document on stdout, of the same shape with and without --progress;
  // the progress is JSON lines on stderr, only when asked for.
  const Run quiet = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--output=json"});
  const Run loud = lab.reos({"backup", "--stanza", "demo", "--type", "full", "--output=json", "--progress"});
  REQUIRE(quiet.exit_code == 0);
  REQUIRE(loud.exit_code == 0);
  const json q = quiet.json(), l = loud.json();
  CHECK(reos::testing::json_shape(q) == reos::testing::json_shape(l));
  CHECK(progress_lines(quiet.err).empty());
  const auto lines = progress_lines(loud.err);
  INFO("JSON progress lines: " << lines.size());
  REQUIRE(lines.size() >= 3);
  for (const auto& p : lines) {
    CHECK(p["event"] == "progress");
    CHECK(p["operation"] == "backup");
    CHECK(p["bytes_done"].is_number_unsigned());
    CHECK(p["elapsed_ms"].is_number());
  }
  CHECK(lines.back()["percent"] == 100.0);
  // The estimated total ends at what the backup's own size says, within 2 %.
  CHECK(lines.back()["bytes_total"].get<double>() == Approx(l["result"]["backup"]["size_bytes"].get<double>()).epsilon(0.02));

  // 4. The drill at a terminal: its restore into staging shows the same progress.
  const Run drill = lab.reos_on_pty({"verify", "--stanza", "demo", "--work-dir", lab.dir() + "/work/drill"});
  REQUIRE(drill.exit_code == 0);
  const auto d = redraws(drill.err, "restore");
  INFO("drill redraws: " << d.size());
  CHECK(d.size() >= 3);
  CHECK(drill.out.rfind("restore drill of stanza 'demo'", 0) == 0);
  CHECK(drill.out.find('\r') == std::string::npos);
}
