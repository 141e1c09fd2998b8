// Setting: one server setting's names in every source, its help, and how
// its value is read from and written as text. One naming scheme throughout:
//   file key   snake_case                    max_body
//   variable   VIGIL_ + the key upper-cased  VIGIL_MAX_BODY
//   flag       -- + the key, '_' as '-'      --max-body
// The serve command registers one flag per entry of ServerSettings().
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "config/server_config.h"
#include "core/status.h"

namespace vigil::config {

struct Setting {
  std::string_view key;         // "max_body"
  std::string_view env;         // "VIGIL_MAX_BODY"
  std::string_view flag;        // "--max-body"
  std::string_view value_name;  // for help text: "SIZE", "DURATION", "BOOL", …
  std::string_view help;        // one line
  bool is_bool;                 // a flag that may be given without a value (--demo)
  // Parses text (see setting_values.h) into the setting's field.
  // InvalidArgument saying what was expected; the caller names the source.
  Status (*parse)(std::string_view text, ServerConfig* config);
  // The field's value as parse reads it back ("16MiB", "30s", "[::1]:8080").
  std::string (*format)(const ServerConfig& config);
};

// Every setting, in the order docs/configuration.md lists them.
std::span<const Setting> ServerSettings();

// The setting with that file key; nullptr when there is none.
const Setting* FindSetting(std::string_view key);

// The environment variable that names the config file.
inline constexpr std::string_view kConfigFileEnv = "VIGIL_CONFIG";
inline constexpr std::string_view kConfigFileFlag = "--config";

}  // namespace vigil::config
