// LoadServerConfig: the server's configuration from its four sources, in
// this precedence (later wins):
//   defaults  <  config file  <  environment variables  <  flags
// The config file is the one named by --config (passed in as config_file),
// else by VIGIL_CONFIG; without either, no file is read. Every setting's
// file key, variable and flag are in setting.h and docs/configuration.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/environment.h"
#include "config/server_config.h"
#include "core/status.h"

namespace vigil::config {

enum class SettingSource { kDefault, kFile, kEnvironment, kFlag };

// Where a setting's effective value came from.
struct SettingOrigin {
  SettingSource source = SettingSource::kDefault;
  std::string where;  // "vigil.yaml:7", "VIGIL_LISTEN", "--listen"; empty for a default

  // "default", "file vigil.yaml:7", "env VIGIL_LISTEN", "flag --listen".
  std::string ToString() const;
};

// The flags given explicitly on the command line (the serve command
// collects them; a flag left out must not be Set, so that it does not hide
// the environment or the file). A value type.
class ConfigOverrides {
 public:
  // key: the setting's file key ("max_body"); value: the text as typed
  // ("true" for a boolean flag given without a value). A later Set of the
  // same key wins.
  void Set(std::string_view key, std::string value) {
    values_.emplace_back(std::string(key), std::move(value));
  }
  const std::vector<std::pair<std::string, std::string>>& values() const { return values_; }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

struct LoadedServerConfig {
  ServerConfig config;
  // The file read, and what named it ("--config" or "VIGIL_CONFIG").
  std::optional<std::string> config_file;
  std::string config_file_named_by;
  // Parallel to ServerSettings().
  std::vector<SettingOrigin> origins;
  // Things worth a log line that are not errors: a VIGIL_* variable that
  // looks like a misspelt setting.
  std::vector<std::string> warnings;

  // Precondition: key names a setting.
  const SettingOrigin& OriginOf(std::string_view key) const;

  // The effective configuration as a YAML config file, each value followed
  // by a comment saying where it came from (`vigil serve --print-config`);
  // loading the output as a config file gives the same configuration.
  std::string Describe() const;
};

// Applies the sources in order and validates the result (ServerConfig::
// Validate). Errors name the source and the setting:
//   "vigil.yaml:7: unknown setting 'listne' (did you mean 'listen'?)"
//   "vigil.yaml:3: max_body: bad size 'lots' (expected …)"
//   "vigil.yaml:4:9: YAML syntax error: …"
//   "VIGIL_BODY_TIMEOUT: bad duration '30' (expected …)"
//   "--listen: bad listen address '::1:80': an IPv6 address needs brackets …"
// all InvalidArgument; a config file that does not exist is NotFound, one
// that cannot be read IOError.
Result<LoadedServerConfig> LoadServerConfig(std::optional<std::string> config_file,
                                            const Environment& env,
                                            const ConfigOverrides& flags = {});

}  // namespace vigil::config
