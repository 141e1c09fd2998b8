#include "config/config_loader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "config/setting.h"
#include "core/ascii.h"

namespace vigil::config {
namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1);
  std::vector<size_t> cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The name among `names` the unknown one was probably meant to be, if any.
template <typename GetName>
std::optional<std::string_view> Suggest(std::string_view unknown, GetName name_of) {
  std::optional<std::string_view> best;
  size_t best_distance = unknown.size() >= 8 ? 3 : 2;
  for (const Setting& s : ServerSettings()) {
    std::string_view name = name_of(s);
    size_t d = EditDistance(unknown, name);
    if (d <= best_distance && (!best.has_value() || d < best_distance)) {
      best = name;
      best_distance = d;
    }
  }
  if (best.has_value()) return best;
  // A section-like prefix ("tls" for tls_cert, "rate" for rate_ingest).
  for (const Setting& s : ServerSettings()) {
    std::string_view name = name_of(s);
    if (name.size() > unknown.size() + 1 && name.substr(0, unknown.size()) == unknown &&
        (name[unknown.size()] == '_')) {
      return name;
    }
  }
  return std::nullopt;
}

std::string DidYouMean(std::optional<std::string_view> suggestion) {
  return suggestion.has_value() ? fmt::format(" (did you mean '{}'?)", *suggestion) : "";
}

Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) {
      return Status::NotFound(fmt::format("config file '{}': no such file", path));
    }
    return Status::IOError(fmt::format("config file '{}': {}", path, std::strerror(err)));
  }
  std::string out;
  char buf[64 * 1024];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Status::IOError(fmt::format("config file '{}': {}", path, std::strerror(err)));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > 1024 * 1024) {
      ::close(fd);
      return Status::InvalidArgument(
          fmt::format("config file '{}': larger than 1 MiB; is it the right file?", path));
    }
  }
  ::close(fd);
  return out;
}

std::string_view NodeKind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

// A hint for the one syntax error people make most: an IPv6 listen address
// without quotes, which YAML reads as the start of a list.
std::string SyntaxHint(std::string_view text, int line) {
  for (int i = 0; i < line && !text.empty(); ++i) {
    size_t nl = text.find('\n');
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  text = text.substr(0, text.find('\n'));
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || text.find('[', colon) == std::string_view::npos) return "";
  std::string_view key = text.substr(0, colon);
  while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.remove_prefix(1);
  while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
  if (key != "listen") return "";
  return " (quote an IPv6 address: listen: \"[::1]:8080\")";
}

size_t IndexOf(const Setting* s) { return static_cast<size_t>(s - ServerSettings().data()); }

Status ApplyFile(const std::string& path, LoadedServerConfig* out) {
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null()) {
      return Status::InvalidArgument(fmt::format("{}: YAML syntax error: {}", path, e.msg));
    }
    return Status::InvalidArgument(fmt::format("{}:{}:{}: YAML syntax error: {}{}", path,
                                               e.mark.line + 1, e.mark.column + 1, e.msg,
                                               SyntaxHint(text, e.mark.line)));
  }
  if (root.IsNull()) return Status::Ok();  // an empty file, or only comments
  if (!root.IsMap()) {
    return Status::InvalidArgument(
        fmt::format("{}:{}: expected settings as 'key: value' lines, got {}", path,
                    root.Mark().line + 1, root.IsScalar() ? "a single value" : NodeKind(root)));
  }
  std::map<std::string, int, std::less<>> seen;  // key → line
  for (const auto& entry : root) {
    const YAML::Node& key_node = entry.first;
    const YAML::Node& value = entry.second;
    const int line = key_node.Mark().line + 1;
    if (!key_node.IsScalar()) {
      return Status::InvalidArgument(fmt::format("{}:{}: a setting name must be a word, got {}",
                                                 path, line, NodeKind(key_node)));
    }
    const std::string& key = key_node.Scalar();
    const Setting* setting = FindSetting(key);
    if (setting == nullptr) {
      return Status::InvalidArgument(
          fmt::format("{}:{}: unknown setting '{}'{}", path, line, EscapeControlBytes(key),
                      DidYouMean(Suggest(key, [](const Setting& s) { return s.key; }))));
    }
    auto [it, inserted] = seen.emplace(key, line);
    if (!inserted) {
      return Status::InvalidArgument(
          fmt::format("{}:{}: '{}' is set twice (first on line {})", path, line, key, it->second));
    }
    // A null value ("max_body:" alone) has no position of its own.
    const int value_line = value.IsNull() || value.Mark().is_null() ? line : value.Mark().line + 1;
    std::string value_text;
    if (value.IsScalar()) {
      value_text = value.Scalar();
    } else if (!value.IsNull()) {
      std::string hint = setting->key == "listen" && value.IsSequence()
                             ? " (quote an IPv6 address: listen: \"[::1]:8080\")"
                             : "";
      return Status::InvalidArgument(
          fmt::format("{}:{}: {}: expected a single value ({}), got {}{}", path, value_line, key,
                      setting->value_name, NodeKind(value), hint));
    }
    Status st = setting->parse(value_text, &out->config);
    if (!st.ok() && value.IsNull()) {
      return Status::InvalidArgument(fmt::format("{}:{}: {}: no value (expected {})", path,
                                                 value_line, key, setting->value_name));
    }
    if (!st.ok()) {
      return Status::InvalidArgument(
          fmt::format("{}:{}: {}: {}", path, value_line, key, st.message()));
    }
    out->origins[IndexOf(setting)] = {SettingSource::kFile, fmt::format("{}:{}", path, line)};
  }
  return Status::Ok();
}

Status ApplyEnvironment(const Environment& env, LoadedServerConfig* out) {
  for (const Setting& setting : ServerSettings()) {
    std::optional<std::string_view> value = env.Get(setting.env);
    if (!value.has_value()) continue;
    Status st = setting.parse(*value, &out->config);
    if (!st.ok()) return Status::InvalidArgument(fmt::format("{}: {}", setting.env, st.message()));
    out->origins[IndexOf(&setting)] = {SettingSource::kEnvironment, std::string(setting.env)};
  }
  for (const auto& entry : env.vars()) {
    const std::string& name = entry.first;
    if (name.rfind("VIGIL_", 0) != 0 || name == kConfigFileEnv) continue;
    bool known = std::any_of(ServerSettings().begin(), ServerSettings().end(),
                             [&](const Setting& s) { return s.env == name; });
    if (known) continue;
    std::optional<std::string_view> guess = Suggest(name, [](const Setting& s) { return s.env; });
    if (guess.has_value()) {
      out->warnings.push_back(
          fmt::format("environment variable {} is not a setting (did you mean {}?)", name, *guess));
    }
  }
  return Status::Ok();
}

Status ApplyFlags(const ConfigOverrides& flags, LoadedServerConfig* out) {
  for (const auto& [key, value] : flags.values()) {
    const Setting* setting = FindSetting(key);
    if (setting == nullptr) {
      return Status::InvalidArgument(fmt::format("unknown setting '{}'", key));
    }
    Status st = setting->parse(value, &out->config);
    if (!st.ok())
      return Status::InvalidArgument(fmt::format("{}: {}", setting->flag, st.message()));
    out->origins[IndexOf(setting)] = {SettingSource::kFlag, std::string(setting->flag)};
  }
  return Status::Ok();
}

// A YAML scalar that reads back as exactly `s` (a string).
std::string YamlScalar(std::string_view s) {
  // Words YAML reads as null rather than as a string (yaml-cpp keeps the
  // text of every other plain scalar, "true" and "yes" included).
  static constexpr std::string_view kWords[] = {"null", "~"};
  bool plain = !s.empty() && s.back() != ':';
  for (size_t i = 0; plain && i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '/' || (i > 0 && (c == ':' || c == '-' || c == '+'));
    plain = ok;
  }
  if (plain) {
    std::string lower(s);
    ToLowerAscii(&lower);
    for (std::string_view w : kWords) {
      if (lower == w) plain = false;
    }
  }
  if (plain) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return EscapeControlBytes(out);
}

}  // namespace

std::string SettingOrigin::ToString() const {
  switch (source) {
    case SettingSource::kDefault:
      return "default";
    case SettingSource::kFile:
      return "file " + where;
    case SettingSource::kEnvironment:
      return "env " + where;
    case SettingSource::kFlag:
      return "flag " + where;
  }
  return "default";
}

const SettingOrigin& LoadedServerConfig::OriginOf(std::string_view key) const {
  return origins[IndexOf(FindSetting(key))];
}

std::string LoadedServerConfig::Describe() const {
  std::vector<std::string> lines;
  size_t width = 0;
  for (const Setting& s : ServerSettings()) {
    lines.push_back(fmt::format("{}: {}", s.key, YamlScalar(s.format(config))));
    width = std::max(width, lines.back().size());
  }
  std::string out = "# vigil serve: effective configuration\n";
  out += "# precedence: flags > environment variables > config file > defaults\n";
  if (config_file.has_value()) {
    out += fmt::format("# config file: {} (named by {})\n", EscapeControlBytes(*config_file),
                       config_file_named_by);
  } else {
    out += "# config file: none\n";
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    out +=
        fmt::format("{:<{}}  # {}\n", lines[i], width, EscapeControlBytes(origins[i].ToString()));
  }
  return out;
}

Result<LoadedServerConfig> LoadServerConfig(std::optional<std::string> config_file,
                                            const Environment& env, const ConfigOverrides& flags) {
  LoadedServerConfig out;
  out.origins.resize(ServerSettings().size());
  if (config_file.has_value()) {
    out.config_file_named_by = kConfigFileFlag;
  } else if (std::optional<std::string_view> named = env.Get(kConfigFileEnv)) {
    config_file = std::string(*named);
    out.config_file_named_by = kConfigFileEnv;
  }
  if (config_file.has_value()) {
    if (config_file->empty()) return Status::InvalidArgument("--config: empty file name");
    RETURN_IF_ERROR(ApplyFile(*config_file, &out));
    out.config_file = std::move(config_file);
  }
  RETURN_IF_ERROR(ApplyEnvironment(env, &out));
  RETURN_IF_ERROR(ApplyFlags(flags, &out));
  RETURN_IF_ERROR(out.config.Validate());
  return out;
}

}  // namespace vigil::config
