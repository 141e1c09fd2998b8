#include "enrich/event_catalog.h"

#include <absl/container/flat_hash_map.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "catalogs/shipped_catalogs.h"
#include "core/json_writer.h"
#include "core/limits.h"

namespace vigil::enrich {

struct EventCatalog::Index {
  absl::flat_hash_map<std::string, size_t> by_action;
};

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kStandardOperations[] = {
    "create",  "update", "delete",   "view",    "login",     "logout", "export",
    "import",  "upload", "download", "publish", "unpublish", "enable", "disable",
    "grant",   "revoke", "invite",   "accept",  "execute",   "start",  "stop",
    "restore", "clone",  "move",     "send"};

constexpr std::string_view kTopFields[] = {"catalog", "title", "operations", "events", "gen"};
constexpr std::string_view kEntryFields[] = {"action",      "category",        "operation",
                                             "description", "metadata_schema", "gen"};

constexpr size_t kMaxTypes = 10000;
constexpr size_t kMaxNameBytes = 64;  // catalog name and operations
constexpr int kMaxDepth = 64;         // nesting of a YAML document

std::string JoinWords(std::span<const std::string_view> words) {
  std::string out;
  for (std::string_view w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

std::string Member(std::string_view path, std::string_view name) {
  return path.empty() ? std::string(name) : fmt::format("{}.{}", path, name);
}

std::string Element(std::string_view path, size_t i) { return fmt::format("{}[{}]", path, i); }

// A short rendering of a value for messages: strings quoted, others as JSON
// (ASCII, so that shortening cannot split a character).
std::string Shown(const Json& v) {
  std::string s = v.dump(-1, ' ', /*ensure_ascii=*/true);
  if (s.size() > 80) s = s.substr(0, 77) + "…";
  return s;
}

bool IsLowerName(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameBytes || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// The rule of core's event parser: letters, digits, _ and - between dots.
bool IsDottedAction(std::string_view a) {
  if (a.size() > kMaxIdBytes) return false;
  bool segment_start = true;
  for (char c : a) {
    if (c == '.') {
      if (segment_start) return false;
      segment_start = true;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-') {
      segment_start = false;
    } else {
      return false;
    }
  }
  return !segment_start;
}

// Whether v nests at most `limit` levels deep (bounds the recursion of the
// checks and writers below for documents that come from the network).
bool NestsAtMost(const Json& v, int limit) {
  if (!v.is_structured()) return true;
  if (limit == 0) return false;
  return std::all_of(v.begin(), v.end(),
                     [&](const Json& item) { return NestsAtMost(item, limit - 1); });
}

// ---- YAML → JSON -----------------------------------------------------------

// What a plain (unquoted, untagged) YAML scalar means under the YAML 1.2 core
// schema, restricted to what JSON can hold: null, true/false, integers and
// decimal floats; anything else (including .inf, 0x1F and yes/no) is a string.
Json PlainScalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  const char* digits = begin + (s[0] == '-' || s[0] == '+' ? 1 : 0);
  if (digits == end || !((*digits >= '0' && *digits <= '9') || *digits == '.')) return s;
  if (std::all_of(digits, end, [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t i = 0;
    const char* from = s[0] == '+' ? begin + 1 : begin;
    if (auto r = std::from_chars(from, end, i); r.ec == std::errc() && r.ptr == end) return i;
    uint64_t u = 0;
    if (auto r = std::from_chars(from, end, u); r.ec == std::errc() && r.ptr == end) return u;
  }
  const bool has_digit = std::any_of(digits, end, [](char c) { return c >= '0' && c <= '9'; });
  const bool float_chars = std::all_of(digits, end, [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
  });
  double d = 0;
  if (has_digit && float_chars) {
    if (auto r = std::from_chars(digits, end, d); r.ec == std::errc() && r.ptr == end) {
      return s[0] == '-' ? -d : d;
    }
  }
  return s;
}

// Converts a YAML document to JSON, remembering the line of every node by
// its path ("events[3].operation"), so that errors found later can name it.
class YamlReader {
 public:
  explicit YamlReader(std::unordered_map<std::string, int>* lines) : lines_(lines) {}

  // On error: false, with the path and problem in error_path/error.
  bool Convert(const YAML::Node& node, const std::string& path, int depth, Json* out) {
    const YAML::Mark mark = node.Mark();
    if (mark.line >= 0) lines_->emplace(path, mark.line + 1);
    if (depth > kMaxDepth) return Fail(path, "nested too deeply");
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        *out = nullptr;
        return true;
      case YAML::NodeType::Scalar: {
        const std::string& text = node.Scalar();
        const std::string& tag = node.Tag();
        *out = tag == "?" ? PlainScalar(text) : Json(text);  // quoted or !!str: a string
        return true;
      }
      case YAML::NodeType::Sequence: {
        *out = Json::array();
        size_t i = 0;
        for (const YAML::Node& item : node) {
          Json v;
          if (!Convert(item, Element(path, i++), depth + 1, &v)) return false;
          out->push_back(std::move(v));
        }
        return true;
      }
      case YAML::NodeType::Map: {
        *out = Json::object();
        for (const auto& kv : node) {
          if (!kv.first.IsScalar()) return Fail(path, "keys must be plain strings");
          const std::string& key = kv.first.Scalar();
          const std::string member = Member(path, key);
          if (out->contains(key)) {
            if (kv.first.Mark().line >= 0) (*lines_)[member] = kv.first.Mark().line + 1;
            return Fail(member, "duplicate key");
          }
          Json v;
          if (!Convert(kv.second, member, depth + 1, &v)) return false;
          // A key's line is the better one when its value is a block on the next lines.
          if (kv.first.Mark().line >= 0) (*lines_)[member] = kv.first.Mark().line + 1;
          (*out)[key] = std::move(v);
        }
        return true;
      }
    }
    return Fail(path, "unsupported YAML node");
  }

  std::string error_path;
  std::string error;

 private:
  bool Fail(std::string path, std::string problem) {
    error_path = std::move(path);
    error = std::move(problem);
    return false;
  }

  std::unordered_map<std::string, int>* lines_;
};

// ---- JSON → text -----------------------------------------------------------

void WriteJson(const Json& v, JsonWriter& w) {
  switch (v.type()) {
    case Json::value_t::null:
      w.Null();
      break;
    case Json::value_t::boolean:
      w.Bool(v.get<bool>());
      break;
    case Json::value_t::number_integer:
      w.Int(v.get<int64_t>());
      break;
    case Json::value_t::number_unsigned:
      w.Uint(v.get<uint64_t>());
      break;
    case Json::value_t::number_float:
      w.Double(v.get<double>());
      break;
    case Json::value_t::string:
      w.String(v.get_ref<const std::string&>());
      break;
    case Json::value_t::array:
      w.BeginArray();
      for (const Json& item : v) WriteJson(item, w);
      w.EndArray();
      break;
    default:
      w.BeginObject();
      for (const auto& [key, item] : v.items()) {
        w.Key(key);
        WriteJson(item, w);
      }
      w.EndObject();
      break;
  }
}

std::string JsonText(const Json& v) {
  std::string out;
  JsonWriter w(&out);
  WriteJson(v, w);
  return out;
}

void EmitString(YAML::Emitter& out, const std::string& s) {
  // Quoted when the plain form would read back as something else (a number,
  // true, null, …); yaml-cpp quotes what is not a valid plain scalar itself.
  if (!PlainScalar(s).is_string()) {
    out << YAML::DoubleQuoted << s;
  } else {
    out << s;
  }
}

void EmitYaml(const Json& v, YAML::Emitter& out) {
  switch (v.type()) {
    case Json::value_t::null:
      out << YAML::Null;
      break;
    case Json::value_t::string:
      EmitString(out, v.get_ref<const std::string&>());
      break;
    case Json::value_t::array:
      out << YAML::BeginSeq;
      for (const Json& item : v) EmitYaml(item, out);
      out << YAML::EndSeq;
      break;
    case Json::value_t::object:
      out << YAML::BeginMap;
      for (const auto& [key, item] : v.items()) {
        out << YAML::Key;
        EmitString(out, key);
        out << YAML::Value;
        EmitYaml(item, out);
      }
      out << YAML::EndMap;
      break;
    default:  // numbers and booleans: their JSON text is their plain YAML form
      out << JsonText(v);
      break;
  }
}

}  // namespace

// ---- checking --------------------------------------------------------------

// Reads a catalog document (parsed from YAML or JSON) into an EventCatalog.
class CatalogReader {
 public:
  CatalogReader(std::string_view source, const std::unordered_map<std::string, int>* lines)
      : source_(source), lines_(lines) {}

  Result<EventCatalog> Read(const Json& doc) {
    if (!doc.is_object()) {
      return Fail("", "expected a mapping with catalog, title and events");
    }
    for (const auto& [key, v] : doc.items()) {
      if (std::find(std::begin(kTopFields), std::end(kTopFields), key) == std::end(kTopFields)) {
        return Fail(key, fmt::format("unknown field (expected {})", JoinWords(kTopFields)));
      }
    }
    EventCatalog c;
    c.source_ = source_;
    RETURN_IF_ERROR(RequiredString(doc, "", "catalog", kMaxNameBytes, &c.name_));
    if (!IsLowerName(c.name_)) {
      return Fail("catalog",
                  fmt::format("{} must be a lower-case name (a-z, 0-9, _ and -)", Shown(c.name_)));
    }
    RETURN_IF_ERROR(RequiredString(doc, "", "title", kMaxStringBytes, &c.title_));
    RETURN_IF_ERROR(ReadOperations(doc, &c.operations_));
    if (doc.contains("gen")) {
      if (!doc["gen"].is_object()) return Fail("gen", "must be a mapping");
      c.gen_json_ = JsonText(doc["gen"]);
    }
    if (!doc.contains("events")) return Fail("events", "required");
    const Json& events = doc["events"];
    if (!events.is_array() || events.empty()) {
      return Fail("events", "must be a non-empty list of event types");
    }
    if (events.size() > kMaxTypes) {
      return Fail("events", fmt::format("more than {} event types", kMaxTypes));
    }
    auto index = std::make_shared<EventCatalog::Index>();
    c.types_.reserve(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
      const std::string path = Element("events", i);
      EventType t;
      RETURN_IF_ERROR(ReadType(events[i], path, c.operations_, &t));
      const auto [it, inserted] = index->by_action.emplace(t.action, i);
      if (!inserted) {
        const EventType& first = c.types_[it->second];
        return Fail(
            Member(path, "action"),
            fmt::format("{} is already defined by events[{}]{}", Shown(t.action), it->second,
                        first.line > 0 ? fmt::format(" (line {})", first.line) : ""));
      }
      c.types_.push_back(std::move(t));
    }
    c.index_ = std::move(index);
    return c;
  }

  // "lowcoder.yaml:41: events[7].operation: …"; the line is the path's own,
  // else that of its closest ancestor with one (a missing field: its entry).
  Status Fail(std::string_view path, std::string_view problem) const {
    int line = 0;
    if (lines_ != nullptr) {
      std::string p(path);
      for (;;) {
        if (auto it = lines_->find(p); it != lines_->end()) {
          line = it->second;
          break;
        }
        if (p.empty()) break;
        const size_t cut = p.find_last_of(".[");
        p.resize(cut == std::string::npos ? 0 : cut);
      }
    }
    std::string where = line > 0 ? fmt::format("{}:{}", source_, line) : std::string(source_);
    if (path.empty()) return Status::InvalidArgument(fmt::format("{}: {}", where, problem));
    return Status::InvalidArgument(fmt::format("{}: {}: {}", where, path, problem));
  }

 private:
  Status RequiredString(const Json& object, std::string_view path, const char* key,
                        size_t max_bytes, std::string* out) const {
    const std::string where = Member(path, key);
    if (!object.contains(key) || object[key].is_null()) return Fail(where, "required");
    const Json& v = object[key];
    if (!v.is_string()) return Fail(where, fmt::format("must be a string, not {}", Shown(v)));
    *out = v.get<std::string>();
    if (out->empty()) return Fail(where, "must not be empty");
    if (out->size() > max_bytes) {
      return Fail(where, fmt::format("longer than {} bytes", max_bytes));
    }
    return Status::Ok();
  }

  Status ReadOperations(const Json& doc, std::vector<std::string>* out) const {
    if (!doc.contains("operations")) return Status::Ok();
    const Json& ops = doc["operations"];
    if (!ops.is_array()) return Fail("operations", "must be a list of operation names");
    for (size_t i = 0; i < ops.size(); ++i) {
      const std::string path = Element("operations", i);
      if (!ops[i].is_string() || !IsLowerName(ops[i].get_ref<const std::string&>())) {
        return Fail(path,
                    fmt::format("{} must be a lower-case name (a-z, 0-9, _ and -)", Shown(ops[i])));
      }
      const std::string& op = ops[i].get_ref<const std::string&>();
      if (std::find(std::begin(kStandardOperations), std::end(kStandardOperations), op) !=
          std::end(kStandardOperations)) {
        return Fail(path,
                    fmt::format("{:?} is a standard operation; list only the catalog's own", op));
      }
      if (std::find(out->begin(), out->end(), op) != out->end()) {
        return Fail(path, fmt::format("{:?} is listed twice", op));
      }
      out->push_back(op);
    }
    return Status::Ok();
  }

  Status ReadType(const Json& entry, const std::string& path,
                  const std::vector<std::string>& operations, EventType* t) const {
    if (!entry.is_object()) {
      return Fail(path, "must be a mapping with action, category, operation and description");
    }
    if (lines_ != nullptr) {
      if (auto it = lines_->find(path); it != lines_->end()) t->line = it->second;
    }
    for (const auto& [key, v] : entry.items()) {
      if (std::find(std::begin(kEntryFields), std::end(kEntryFields), key) ==
          std::end(kEntryFields)) {
        return Fail(Member(path, key),
                    fmt::format("unknown field (expected {})", JoinWords(kEntryFields)));
      }
    }
    RETURN_IF_ERROR(RequiredString(entry, path, "action", kMaxIdBytes, &t->action));
    if (!IsDottedAction(t->action)) {
      return Fail(Member(path, "action"),
                  fmt::format("{} is not a dotted event type such as app.create (letters, "
                              "digits, _ and - between dots)",
                              Shown(t->action)));
    }
    RETURN_IF_ERROR(RequiredString(entry, path, "category", kMaxStringBytes, &t->category));
    RETURN_IF_ERROR(RequiredString(entry, path, "operation", kMaxNameBytes, &t->operation));
    const bool standard = std::find(std::begin(kStandardOperations), std::end(kStandardOperations),
                                    t->operation) != std::end(kStandardOperations);
    if (!standard &&
        std::find(operations.begin(), operations.end(), t->operation) == operations.end()) {
      return Fail(Member(path, "operation"),
                  fmt::format("{} is not a standard operation ({}) and not declared in "
                              "`operations`",
                              Shown(t->operation), JoinWords(kStandardOperations)));
    }
    RETURN_IF_ERROR(RequiredString(entry, path, "description", kMaxStringBytes, &t->description));
    if (entry.contains("metadata_schema") && !entry["metadata_schema"].is_null()) {
      const std::string where = Member(path, "metadata_schema");
      std::string error_path;
      auto schema = CatalogSchema::Compile(JsonText(entry["metadata_schema"]), &error_path);
      if (!schema.ok()) {
        // The message is "<relative path>: <problem>" or just "<problem>".
        std::string problem = schema.status().message();
        if (!error_path.empty()) problem.erase(0, error_path.size() + 2);
        const std::string full = error_path.empty()     ? where
                                 : error_path[0] == '[' ? where + error_path
                                                        : Member(where, error_path);
        return Fail(full, problem);
      }
      t->metadata_schema = *std::move(schema);
    }
    if (entry.contains("gen")) {
      const Json& gen = entry["gen"];
      if (!gen.is_array() ||
          !std::all_of(gen.begin(), gen.end(), [](const Json& v) { return v.is_object(); })) {
        return Fail(Member(path, "gen"), "must be a list of mappings");
      }
      t->gen_json = JsonText(gen);
    }
    return Status::Ok();
  }

  std::string_view source_;
  const std::unordered_map<std::string, int>* lines_;
};

// ---- EventCatalog ------------------------------------------------------------

std::span<const std::string_view> EventCatalog::StandardOperations() { return kStandardOperations; }

Result<EventCatalog> EventCatalog::FromYaml(std::string_view yaml, std::string_view source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    const std::string where =
        e.mark.line >= 0 ? fmt::format("{}:{}", source, e.mark.line + 1) : std::string(source);
    return Status::InvalidArgument(fmt::format("{}: invalid YAML: {}", where, e.msg));
  }
  std::unordered_map<std::string, int> lines;
  YamlReader reader(&lines);
  Json doc;
  if (!reader.Convert(root, "", 0, &doc)) {
    return CatalogReader(source, &lines).Fail(reader.error_path, reader.error);
  }
  if (doc.is_null()) {
    return Status::InvalidArgument(fmt::format(
        "{}: empty document (expected a mapping with catalog, title and events)", source));
  }
  return CatalogReader(source, &lines).Read(doc);
}

Result<EventCatalog> EventCatalog::FromJson(std::string_view json, std::string_view source) {
  Json doc;
  try {
    doc = Json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument(
        fmt::format("{}: invalid JSON at offset {}", source, e.byte - 1));
  }
  if (!NestsAtMost(doc, kMaxDepth)) {
    return Status::InvalidArgument(
        fmt::format("{}: nested more than {} levels deep", source, kMaxDepth));
  }
  return CatalogReader(source, nullptr).Read(doc);
}

Result<EventCatalog> EventCatalog::Shipped(std::string_view name) {
  const catalogs::EmbeddedFile* file = catalogs::FindShippedCatalog(name);
  if (file == nullptr) {
    return Status::NotFound(fmt::format("no shipped event catalog named {:?}", name));
  }
  return FromYaml(file->text, file->name);
}

const EventType* EventCatalog::Find(std::string_view action) const {
  if (index_ == nullptr) return nullptr;
  // absl::string_view is not std::string_view in this build of abseil.
  auto it = index_->by_action.find(absl::string_view(action.data(), action.size()));
  return it == index_->by_action.end() ? nullptr : &types_[it->second];
}

std::vector<EventCategory> EventCatalog::Groups() const {
  std::vector<EventCategory> groups;
  absl::flat_hash_map<std::string_view, size_t> position;
  for (const EventType& t : types_) {
    auto [it, inserted] = position.emplace(t.category, groups.size());
    if (inserted) groups.push_back({t.category, {}});
    groups[it->second].types.push_back(&t);
  }
  return groups;
}

std::string EventCatalog::ToJson(bool with_gen) const {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("catalog");
  w.String(name_);
  w.Key("title");
  w.String(title_);
  if (!operations_.empty()) {
    w.Key("operations");
    w.BeginArray();
    for (const std::string& op : operations_) w.String(op);
    w.EndArray();
  }
  w.Key("events");
  w.BeginArray();
  for (const EventType& t : types_) {
    w.BeginObject();
    w.Key("action");
    w.String(t.action);
    w.Key("category");
    w.String(t.category);
    w.Key("operation");
    w.String(t.operation);
    w.Key("description");
    w.String(t.description);
    if (t.metadata_schema != nullptr) {
      w.Key("metadata_schema");
      w.Raw(t.metadata_schema->json());
    }
    if (with_gen && !t.gen_json.empty()) {
      w.Key("gen");
      w.Raw(t.gen_json);
    }
    w.EndObject();
  }
  w.EndArray();
  if (with_gen && !gen_json_.empty()) {
    w.Key("gen");
    w.Raw(gen_json_);
  }
  w.EndObject();
  return out;
}

std::string EventCatalog::ToYaml() const {
  // Via the JSON form: one writer of the document's shape.
  const Json doc = Json::parse(ToJson());
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  for (const auto& [key, v] : doc.items()) {
    out << YAML::Key << key << YAML::Value;
    if (key == "operations") out << YAML::Flow;
    EmitYaml(v, out);
  }
  out << YAML::EndMap;
  std::string text = out.c_str();
  text.push_back('\n');
  return text;
}

Status EventCatalog::ValidateMetadata(const EventType& type, std::string_view metadata_json) {
  if (type.metadata_schema == nullptr) return Status::Ok();
  return type.metadata_schema->Validate(metadata_json, "metadata");
}

}  // namespace vigil::enrich
