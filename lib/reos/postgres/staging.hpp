#pragma once
// A restored copy started for a drill or an inspection: its own config file, socket
// directory and log, archive_mode=off so it can never push WAL into the production
// repository, and the recovery-critical settings raised to what the source used.
#include <chrono>
#include <map>
#include <string>

#include "reos/process/invocation.hpp"

namespace reos::postgres {

/// Paths a started copy uses. `control` holds our files, beside the data directory.
struct StagingPaths {
  std::string data;     // the restored data directory
  std::string control;  // our conf, hba, socket dir, log
  std::string conf() const { return control + "/reos-staging.conf"; }
  std::string hba() const { return control + "/pg_hba.conf"; }
  std::string ident() const { return control + "/pg_ident.conf"; }
  std::string socket_dir() const { return control + "/run"; }
  std::string log() const { return control + "/postgres.log"; }
};

/// `pg_controldata DATA`: tells which settings the source ran with (recovery refuses to
/// start when max_connections & co. are lower than on the source).
process::Invocation pg_controldata_call(const std::string& bindir, const std::string& data);
std::map<std::string, std::string> parse_controldata(const std::string& text);

/// The config file for the copy: includes the restored postgresql.conf when it exists
/// (Debian keeps it in /etc, so often it does not), then our overrides.
std::string staging_conf_text(const StagingPaths& p, int port, const std::map<std::string, std::string>& controldata);

/// Writes conf, hba (trust on the private 0700 socket directory only) and ident files.
/// Throws error::Error(Refused) when the control directory cannot be prepared.
void write_staging_files(const StagingPaths& p, int port, const std::map<std::string, std::string>& controldata);

/// `pg_ctl start -w` with our config file; `pg_ctl stop -m fast`. `secret_env` goes into the
/// postmaster's environment (redacted in every rendering): the copy's restore_command runs
/// `pgbackrest archive-get`, which needs the cipher passes and S3 keys and sees nothing else.
process::Invocation pg_ctl_start_call(const std::string& bindir, const StagingPaths& p, std::chrono::seconds wait,
                                      const std::map<std::string, std::string>& secret_env = {});
process::Invocation pg_ctl_stop_call(const std::string& bindir, const std::string& data);

/// Paths handed to pg_ctl's -o pass through a shell inside pg_ctl: allow only plain ones.
bool is_plain_path(const std::string& path);

/// A TCP port on 127.0.0.1 nobody listens on, from `first` upwards (0 when none).
int find_free_port(int first);

/// Whether `data` holds a running (or crashed-but-present) postmaster: postmaster.pid and
/// a live process with that pid. `pid_out` gets the pid found.
enum class PostmasterState { none, running, stale_pid_file };
PostmasterState postmaster_state(const std::string& data, long* pid_out = nullptr);

/// Whether a directory exists and has entries.
bool directory_has_entries(const std::string& path);

}  // namespace reos::postgres
