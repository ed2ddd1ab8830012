#include "reos/schedule/mirror_service.hpp"

#include <fmt/format.h>

#include "reos/util/text.hpp"

namespace reos::schedule {

std::string mirror_unit_name(const std::string& source, const std::string& target) {
  std::string name = "reos-backup-mirror-" + source + "-to-" + target;
  for (char& c : name)
    if (c == '/') c = '-';
  return name;
}

std::string mirror_config_dir(const std::string& source, const std::string& target) {
  return "/run/" + mirror_unit_name(source, target);
}

UnitFile render_mirror_service(const MirrorService& m) {
  const std::string unit = mirror_unit_name(m.source, m.target);
  std::string vars;
  for (const auto& v : m.credential_vars) vars += fmt::format("#   {}=https://ACCESS-KEY:SECRET-KEY@host:port\n", v);
  return {unit + ".service",
          fmt::format("# {0}.service: written by reos-backup schedule --format systemd --mirror\n"
                      "[Unit]\n"
                      "Description=reos-backup: continuous mirror {1} -> {2} (mc mirror --watch)\n"
                      "Documentation=man:reos-backup(1)\n"
                      "Wants=network-online.target\n"
                      "After=network-online.target\n"
                      "\n"
                      "[Service]\n"
                      "Type=simple\n"
                      "ExecStart={3}\n"
                      // mc restarts itself after errors but exits on fatal ones (a source
                      // that is gone, bad keys): systemd brings it back, slowly enough not to
                      // hammer the servers.
                      "Restart=always\n"
                      "RestartSec=30s\n"
                      "# The aliases' credentials, root's file (mode 0600), read by systemd before it drops privileges:\n"
                      "{4}"
                      "EnvironmentFile={5}\n"
                      "Environment=LC_ALL=C\n"
                      "# mc needs no local file but its config directory: a user of its own, made for this unit.\n"
                      "DynamicUser=yes\n"
                      "RuntimeDirectory={0}\n"
                      "RuntimeDirectoryMode=0700\n"
                      "ProtectSystem=strict\n"
                      "ProtectHome=yes\n"
                      "PrivateTmp=yes\n"
                      "PrivateUsers=yes\n"
                      "RemoveIPC=yes\n"
                      "ProcSubset=pid\n"
                      "MemoryDenyWriteExecute=yes\n"
                      "{6}"
                      // After the allow list: the first SystemCallFilter= sets the default, later
                      // ones take calls out of the list.
                      "SystemCallFilter=~@privileged @resources\n"
                      "\n"
                      "[Install]\n"
                      "WantedBy=multi-user.target\n",
                      unit, m.source, m.target, util::join(m.argv, " "), vars, kMirrorEnvironmentFile, common_hardening())};
}

}  // namespace reos::schedule
