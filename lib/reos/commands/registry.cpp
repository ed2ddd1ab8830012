#include "reos/commands/command.hpp"

namespace reos::commands {

const std::vector<CommandHandler>& handlers() {
  static const std::vector<CommandHandler> all = {
      stanza_create_handler(),
      backup_handler(),
      info_handler(),
      restore_pitr_handler(),
      verify_handler(),
      minio_version_handler(),
      minio_replicate_handler(),
      minio_lifecycle_handler(),
      minio_mirror_handler(),
      minio_config_export_handler(),
      schedule_handler(),
      metrics_handler(),
      check_handler(),
      audit_handler(),
  };
  return all;
}

const CommandHandler* find_handler(std::string_view name) {
  for (const auto& h : handlers())
    if (h.name == name) return &h;
  return nullptr;
}

}  // namespace reos::commands
