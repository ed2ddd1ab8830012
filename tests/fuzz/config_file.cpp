// Our config file: parsed, then resolved into settings and MinIO aliases as every command does.
#include "reos/config/config_file.hpp"
#include "fuzz.hpp"
#include "reos/config/settings.hpp"
#include "reos/minio/aliases.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reos::fuzz::refusals_allowed([&] {
    const auto cfg = reos::config::parse_config_text("/etc/reos-backup.conf", reos::fuzz::text(data, size));
    const reos::config::Environment env{{"HOME", "/tmp"}};
    for (const char* command : {"info", "backup", "metrics", "minio-mirror"}) {
      reos::fuzz::refusals_allowed([&] {
        reos::config::CommandLine cl;
        cl.command = command;
        (void)reos::config::resolve(cl, env, &cfg);
      });
    }
    for (const auto& name : reos::minio::configured_aliases(env, &cfg))
      reos::fuzz::refusals_allowed([&] { (void)reos::minio::resolve_alias(name, env, &cfg); });
  });
  return 0;
}
