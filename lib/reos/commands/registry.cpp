#include "reos/commands/command.hpp"

namespace reos::commands {

const std::vector<CommandHandler>& handlers() {
  static const std::vector<CommandHandler> all = {
      stanza_create_handler(),
      backup_handler(),
      info_handler(),
  };
  return all;
}

const CommandHandler* find_handler(std::string_view name) {
  for (const auto& h : handlers())
    if (h.name == name) return &h;
  return nullptr;
}

}  // namespace reos::commands
