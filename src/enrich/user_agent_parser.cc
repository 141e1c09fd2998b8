#include "enrich/user_agent_parser.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <fstream>
#include <sstream>
#include <vector>

#include "enrich/user_agent_traits.h"

namespace vigil::enrich {
namespace {

constexpr int kMaxGroups = 9;  // $1 … $9

// Which replacement keys a list's rules have, by output slot.
struct ListSpec {
  const char* name;                  // the YAML key
  std::array<const char*, 5> slots;  // replacement keys; nullptr past the last slot
};

constexpr ListSpec kAgents{
    "user_agent_parsers",
    {"family_replacement", "v1_replacement", "v2_replacement", "v3_replacement", nullptr}};
constexpr ListSpec kOses{"os_parsers",
                         {"os_replacement", "os_v1_replacement", "os_v2_replacement",
                          "os_v3_replacement", "os_v4_replacement"}};
constexpr ListSpec kDevices{
    "device_parsers", {"device_replacement", "brand_replacement", "model_replacement", nullptr}};

RE2::Options Options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);  // some device regexes are long alternations
  return o;
}

std::string_view Trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<std::string> NonEmpty(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

}  // namespace

struct UserAgentParser::RuleList {
  struct Rule {
    std::unique_ptr<RE2> re;
    std::array<std::optional<std::string>, 5> replacements;  // by slot
  };
  std::vector<Rule> rules;
  std::unique_ptr<RE2::Set> set;

  // The groups of the first rule matching s (index into rules), or -1.
  int FirstMatch(std::string_view s, std::array<re2::StringPiece, kMaxGroups + 1>* groups) const {
    std::vector<int> hits;
    RE2::Set::ErrorInfo error;
    int first = -1;
    if (set->Match(s, &hits, &error)) {
      for (int h : hits) first = first < 0 || h < first ? h : first;
    } else if (error.kind != RE2::Set::kNoError) {
      // The set's DFA ran out of memory on this input: try the rules in order.
      for (size_t i = 0; i < rules.size() && first < 0; ++i) {
        if (RE2::PartialMatch(s, *rules[i].re)) first = static_cast<int>(i);
      }
    }
    if (first < 0) return -1;
    const RE2& re = *rules[static_cast<size_t>(first)].re;
    const int n = std::min(kMaxGroups, re.NumberOfCapturingGroups()) + 1;
    groups->fill(re2::StringPiece());
    if (!re.Match(s, 0, s.size(), RE2::UNANCHORED, groups->data(), n)) return -1;
    return first;
  }

  // Slot k of the matched rule: its replacement with $1…$9 substituted, or
  // else group k + 1 (when `fallback_group` allows it); trimmed, empty → absent.
  static std::optional<std::string> Value(const Rule& rule, size_t slot, int fallback_group,
                                          const std::array<re2::StringPiece, kMaxGroups + 1>& g) {
    if (const std::optional<std::string>& r = rule.replacements[slot]) {
      std::string out;
      for (size_t i = 0; i < r->size(); ++i) {
        const char c = (*r)[i];
        if (c == '$' && i + 1 < r->size() && (*r)[i + 1] >= '1' && (*r)[i + 1] <= '9') {
          const re2::StringPiece& group = g[static_cast<size_t>((*r)[i + 1] - '0')];
          out.append(group.data(), group.size());
          ++i;
        } else {
          out.push_back(c);
        }
      }
      return NonEmpty(out);
    }
    if (fallback_group <= 0) return std::nullopt;
    const re2::StringPiece& group = g[static_cast<size_t>(fallback_group)];
    return NonEmpty(std::string_view(group.data(), group.size()));
  }
};

namespace {

Result<std::unique_ptr<UserAgentParser::RuleList>> CompileList(const YAML::Node& root,
                                                               const ListSpec& spec,
                                                               std::string_view source) {
  const YAML::Node list = root[spec.name];
  if (!list || !list.IsSequence()) {
    return Status::InvalidArgument(fmt::format("{}: no list '{}'", source, spec.name));
  }
  auto out = std::make_unique<UserAgentParser::RuleList>();
  out->set = std::make_unique<RE2::Set>(Options(), RE2::UNANCHORED);
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    auto where = [&] { return fmt::format("{}: {}[{}]", source, spec.name, i); };
    if (!item.IsMap() || !item["regex"] || !item["regex"].IsScalar()) {
      return Status::InvalidArgument(where() + ": not a mapping with a 'regex' string");
    }
    std::string pattern = item["regex"].as<std::string>();
    if (const YAML::Node flag = item["regex_flag"]; flag && flag.as<std::string>() == "i") {
      pattern = "(?i)" + pattern;
    }
    UserAgentParser::RuleList::Rule rule;
    rule.re = std::make_unique<RE2>(pattern, Options());
    if (!rule.re->ok()) {
      return Status::InvalidArgument(
          fmt::format("{}: RE2 rejects the regex: {}", where(), rule.re->error()));
    }
    for (size_t k = 0; k < spec.slots.size() && spec.slots[k] != nullptr; ++k) {
      if (const YAML::Node r = item[spec.slots[k]]; r && r.IsScalar()) {
        rule.replacements[k] = r.as<std::string>();
      }
    }
    std::string error;
    if (out->set->Add(pattern, &error) != static_cast<int>(i)) {
      return Status::InvalidArgument(
          fmt::format("{}: RE2::Set rejects the regex: {}", where(), error));
    }
    out->rules.push_back(std::move(rule));
  }
  if (!out->set->Compile()) {
    return Status::ResourceExhausted(
        fmt::format("{}: the {} rules of '{}' do not fit RE2's memory budget", source,
                    out->rules.size(), spec.name));
  }
  return out;
}

}  // namespace

UserAgentParser::UserAgentParser() = default;
UserAgentParser::~UserAgentParser() = default;

Result<std::unique_ptr<UserAgentParser>> UserAgentParser::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound(fmt::format(
        "{}: cannot read the user-agent regexes (uap-core's regexes.yaml; ./dev.sh installs it "
        "with npm under node_modules/uap-core)",
        path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return FromYaml(text.str(), path);
}

Result<std::unique_ptr<UserAgentParser>> UserAgentParser::FromYaml(std::string_view yaml,
                                                                   std::string_view source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format("{}: not YAML: {}", source, e.what()));
  }
  std::unique_ptr<UserAgentParser> p(new UserAgentParser());
  try {
    ASSIGN_OR_RETURN(p->agents_, CompileList(root, kAgents, source));
    ASSIGN_OR_RETURN(p->oses_, CompileList(root, kOses, source));
    ASSIGN_OR_RETURN(p->devices_, CompileList(root, kDevices, source));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format("{}: {}", source, e.what()));
  }
  return p;
}

size_t UserAgentParser::rule_count() const {
  return agents_->rules.size() + oses_->rules.size() + devices_->rules.size();
}

UserAgentInfo UserAgentParser::Parse(std::string_view s) const {
  UserAgentInfo info;
  std::array<re2::StringPiece, kMaxGroups + 1> g;
  using L = RuleList;
  if (int i = agents_->FirstMatch(s, &g); i >= 0) {
    const L::Rule& r = agents_->rules[static_cast<size_t>(i)];
    info.ua.family = L::Value(r, 0, 1, g).value_or("Other");
    info.ua.major = L::Value(r, 1, 2, g);
    info.ua.minor = L::Value(r, 2, 3, g);
    info.ua.patch = L::Value(r, 3, 4, g);
  }
  if (int i = oses_->FirstMatch(s, &g); i >= 0) {
    const L::Rule& r = oses_->rules[static_cast<size_t>(i)];
    info.os.family = L::Value(r, 0, 1, g).value_or("Other");
    info.os.major = L::Value(r, 1, 2, g);
    info.os.minor = L::Value(r, 2, 3, g);
    info.os.patch = L::Value(r, 3, 4, g);
    info.os.patch_minor = L::Value(r, 4, 5, g);
  }
  if (int i = devices_->FirstMatch(s, &g); i >= 0) {
    const L::Rule& r = devices_->rules[static_cast<size_t>(i)];
    info.device.family = L::Value(r, 0, 1, g).value_or("Other");
    info.device.brand = L::Value(r, 1, 0, g);
    info.device.model = L::Value(r, 2, 1, g);
  }
  DeriveTraits(s, &info);
  return info;
}

}  // namespace vigil::enrich
