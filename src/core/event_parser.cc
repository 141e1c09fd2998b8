#include "core/event_parser.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "core/base64.h"
#include "core/event_fields.h"
#include "core/field_error.h"
#include "core/free_form_json.h"
#include "core/json_writer.h"
#include "core/limits.h"
#include "core/seal_json.h"
#include "core/timestamp.h"

namespace vigil {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// s as a JSON string literal, for error messages: quoted, with control
// characters escaped so that a message never carries raw control bytes.
std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

bool IsAsciiPrintable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool AllCharsIn(std::string_view s, std::string_view extra) {
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return IsAlnum(c) || extra.find(c) != std::string_view::npos; });
}

// Walks one event's DOM and fills an Event. Each method returns false after
// setting error_.
class EventBuilder {
 public:
  EventBuilder(const ParseOptions& options, Event* out) : opts_(options), e_(out) {}

  const FieldError& error() const { return error_; }

  bool Build(element root) {
    if (root.type() != element_type::OBJECT) {
      return Fail("", fmt::format("expected a JSON object, got {}", JsonTypeName(root.type())));
    }
    object obj = root.get_object().value_unsafe();
    bool has_time = false;
    bool has_received_at = false;
    // 19 known members at most: a duplicate always shows up among the first 40.
    std::string_view seen[40];
    size_t seen_count = 0;
    for (auto [key, value] : obj) {
      for (size_t i = 0; i < seen_count; ++i) {
        if (seen[i] == key) return Fail(key, "appears twice");
      }
      if (seen_count < std::size(seen)) seen[seen_count++] = key;
      if (!Member(key, value, &has_time, &has_received_at)) return false;
    }
    return Finish(has_time, has_received_at);
  }

 private:
  bool Fail(std::string_view field, std::string problem) {
    error_ = {std::string(field), std::move(problem)};
    return false;
  }

  // The top-level members, classified with one or two compares (this runs
  // for every member of every event; a chain of compares showed in profiles).
  enum class Top {
    kId,
    kTime,
    kTenant,
    kEnvironment,
    kWorkspace,
    kAction,
    kCategory,
    kOperation,
    kStatus,
    kActor,
    kTarget,
    kResources,
    kContext,
    kDescription,
    kChanges,
    kMetadata,
    kReceivedAt,
    kSeq,
    kGeo,
    kUa,
    kDiff,
    kSeal,  // server fields
    kUnknown,
  };

  static Top Classify(std::string_view k) {
    switch (k.size()) {
      case 2:
        return k == "id" ? Top::kId : k == "ua" ? Top::kUa : Top::kUnknown;
      case 3:
        return k == "seq" ? Top::kSeq : k == "geo" ? Top::kGeo : Top::kUnknown;
      case 4:
        return k == "time"   ? Top::kTime
               : k == "seal" ? Top::kSeal
               : k == "diff" ? Top::kDiff
                             : Top::kUnknown;
      case 5:
        return k == "actor" ? Top::kActor : Top::kUnknown;
      case 6:
        switch (k[0]) {
          case 't':
            return k == "tenant" ? Top::kTenant : k == "target" ? Top::kTarget : Top::kUnknown;
          case 'a':
            return k == "action" ? Top::kAction : Top::kUnknown;
          case 's':
            return k == "status" ? Top::kStatus : Top::kUnknown;
          default:
            return Top::kUnknown;
        }
      case 7:
        return k == "context" ? Top::kContext : k == "changes" ? Top::kChanges : Top::kUnknown;
      case 8:
        return k == "category" ? Top::kCategory : k == "metadata" ? Top::kMetadata : Top::kUnknown;
      case 9:
        switch (k[0]) {
          case 'w':
            return k == "workspace" ? Top::kWorkspace : Top::kUnknown;
          case 'o':
            return k == "operation" ? Top::kOperation : Top::kUnknown;
          case 'r':
            return k == "resources" ? Top::kResources : Top::kUnknown;
          default:
            return Top::kUnknown;
        }
      case 11:
        return k == "environment"   ? Top::kEnvironment
               : k == "description" ? Top::kDescription
               : k == "received_at" ? Top::kReceivedAt
                                    : Top::kUnknown;
      default:
        return Top::kUnknown;
    }
  }

  bool Member(std::string_view key, element v, bool* has_time, bool* has_received_at) {
    const Top top = Classify(key);
    const bool server_field = top == Top::kReceivedAt || top == Top::kSeq || top == Top::kGeo ||
                              top == Top::kUa || top == Top::kDiff || top == Top::kSeal;
    if (server_field && !opts_.stored_form) {
      return Fail(key, "set by the server; remove it from the event");
    }
    if (top == Top::kUnknown) {
      // An empty key would leave the message without a field: show it quoted.
      return Fail(key.empty() ? std::string_view("\"\"") : key,
                  "unknown field; put custom data in metadata");
    }
    // null is the same as leaving the member out.
    if (v.type() == element_type::NULL_VALUE) return true;
    switch (top) {
      case Top::kId:
        return Id(v);
      case Top::kTime:
        *has_time = true;
        return Time("time", v, &e_->time_ms);
      case Top::kTenant:
        return String("tenant", v, kMaxIdBytes, &e_->tenant);
      case Top::kEnvironment:
        return String("environment", v, kMaxEnvironmentBytes, &e_->environment);
      case Top::kWorkspace:
        return Workspace(v);
      case Top::kAction:
        return String("action", v, kMaxIdBytes, &e_->action);
      case Top::kCategory:
        return String("category", v, kMaxStringBytes, &e_->category);
      case Top::kOperation:
        return String("operation", v, kMaxOperationBytes, &e_->operation);
      case Top::kStatus:
        return StatusField(v);
      case Top::kActor:
        return ActorField(v);
      case Top::kTarget:
        return TargetField(v);
      case Top::kResources:
        return Resources(v);
      case Top::kContext:
        return Context(v);
      case Top::kDescription:
        return String("description", v, kMaxDescriptionBytes, &e_->description);
      case Top::kChanges:
        return CanonicalizeChanges(v, &e_->changes_json, &error_);
      case Top::kMetadata:
        return CanonicalizeMetadata(v, &e_->metadata_json, &error_);
      case Top::kReceivedAt:
        *has_received_at = true;
        return Time("received_at", v, &e_->received_at_ms);
      case Top::kSeq:
        return Seq(v);
      case Top::kGeo:
        return Geo(v);
      case Top::kUa:
        return UserAgent(v);
      case Top::kDiff:
        return CanonicalizeDiff(v, &e_->diff_json, &error_);
      case Top::kSeal:
        return SealField(v);
      case Top::kUnknown:
        break;
    }
    return Fail(key, "unknown field");  // unreachable: handled above
  }

  bool String(std::string_view path, element v, size_t max_bytes, std::string* out) {
    if (v.type() != element_type::STRING) {
      return Fail(path, fmt::format("expected a string, got {}", JsonTypeName(v.type())));
    }
    std::string_view s = v.get_string().value_unsafe();
    if (s.size() > max_bytes) {
      return Fail(path, fmt::format("longer than {} bytes (got {})", max_bytes, s.size()));
    }
    out->assign(s);
    return true;
  }

  bool Id(element v) {
    if (!String("id", v, kMaxIdBytes, &e_->id)) return false;
    if (!e_->id.empty() && !IsAsciiPrintable(e_->id)) {
      return Fail("id", "must be printable ASCII without spaces");
    }
    return true;
  }

  bool Time(std::string_view path, element v, int64_t* out) {
    std::string text;
    if (!String(path, v, 64, &text)) return false;
    Result<int64_t> t = ParseRfc3339(text);
    if (!t.ok()) return Fail(path, t.status().message());
    *out = *t;
    return true;
  }

  bool Seq(element v) {
    if (v.type() != element_type::INT64 && v.type() != element_type::UINT64) {
      return Fail("seq", "expected a non-negative integer");
    }
    if (v.type() == element_type::INT64) {
      int64_t s = v.get_int64().value_unsafe();
      if (s < 0) return Fail("seq", "expected a non-negative integer");
      e_->seq = static_cast<uint64_t>(s);
    } else {
      e_->seq = v.get_uint64().value_unsafe();
    }
    return true;
  }

  bool StatusField(element v) {
    std::string s;
    if (!String("status", v, 16, &s)) return false;
    if (s == "success") {
      e_->status = EventStatus::kSuccess;
    } else if (s == "error") {
      e_->status = EventStatus::kError;
    } else {
      return Fail("status", fmt::format("must be \"success\" or \"error\", got {}", Quoted(s)));
    }
    return true;
  }

  // Reads an object whose members are all strings, each key one of `keys`;
  // `nested` handles non-string members: it returns 1 when it read the member,
  // 0 when the key is unknown, -1 after a failure. A null string member is
  // absent, like an omitted one.
  template <typename Nested>
  bool StringObject(std::string_view path, element v,
                    std::initializer_list<std::pair<std::string_view, std::string*>> keys,
                    Nested nested) {
    if (v.type() != element_type::OBJECT) {
      return Fail(path, fmt::format("expected an object, got {}", JsonTypeName(v.type())));
    }
    // Field paths are built only on failure: this runs for every event.
    // At most 8 known keys exist per object, so a duplicate always shows up
    // among the first 16 members (later ones are unknown or duplicates).
    std::string_view seen[16];
    size_t seen_count = 0;
    // A named copy: ranging over the temporary result would dangle.
    const object obj = v.get_object().value_unsafe();
    for (auto [key, value] : obj) {
      for (size_t i = 0; i < seen_count; ++i) {
        if (seen[i] == key) return Fail(FieldPath(path, key), "appears twice");
      }
      if (seen_count < std::size(seen)) seen[seen_count++] = key;
      bool matched = false;
      for (const auto& [name, dest] : keys) {
        if (key != name) continue;
        matched = true;
        if (value.type() == element_type::NULL_VALUE) break;
        if (value.type() != element_type::STRING) {
          return Fail(FieldPath(path, key),
                      fmt::format("expected a string, got {}", JsonTypeName(value.type())));
        }
        std::string_view str = value.get_string().value_unsafe();
        if (str.size() > kMaxStringBytes) {
          return Fail(FieldPath(path, key),
                      fmt::format("longer than {} bytes (got {})", kMaxStringBytes, str.size()));
        }
        dest->assign(str);
        break;
      }
      if (matched) continue;
      int r = nested(key, value, path);
      if (r < 0) return false;
      if (r == 0) return Fail(FieldPath(path, key), "unknown field");
    }
    return true;
  }

  // For StringObject: no non-string members. (key, value, parent path) → 0.
  static constexpr auto kNoNested = [](std::string_view, element, std::string_view) { return 0; };

  bool Workspace(element v) {
    WorkspaceRef& w = e_->workspace;
    if (!StringObject("workspace", v, {{"id", &w.id}, {"name", &w.name}}, kNoNested)) {
      return false;
    }
    if (w.id.empty() && !w.name.empty()) return Fail("workspace.id", "required with a name");
    if (w.id.size() > kMaxIdBytes) {
      return Fail("workspace.id",
                  fmt::format("longer than {} bytes (got {})", kMaxIdBytes, w.id.size()));
    }
    return true;
  }

  bool Resource(std::string_view path, element v, ResourceRef* r) {
    if (!StringObject(path, v, {{"type", &r->type}, {"id", &r->id}, {"name", &r->name}},
                      kNoNested)) {
      return false;
    }
    if (r->id.empty() && r->name.empty()) return Fail(path, "needs an id or a name");
    return true;
  }

  bool ActorField(element v) {
    Actor& a = e_->actor;
    if (!StringObject("actor", v,
                      {{"id", &a.id},
                       {"name", &a.name},
                       {"email", &a.email},
                       {"type", &a.type},
                       {"role", &a.role},
                       {"status", &a.status}},
                      kNoNested)) {
      return false;
    }
    if (a.id.empty() && a.email.empty() && a.name.empty()) {
      return Fail("actor", "needs at least one of id, email, name");
    }
    if (!a.email.empty()) {
      size_t at = a.email.rfind('@');
      bool spaces = std::any_of(a.email.begin(), a.email.end(),
                                [](char c) { return static_cast<unsigned char>(c) <= 0x20; });
      if (at == std::string::npos || at == 0 || at + 1 == a.email.size() || spaces) {
        return Fail("actor.email", fmt::format("{} is not an email address", Quoted(a.email)));
      }
    }
    if (a.type.empty()) {
      // A stored event is taken as written (parse → serialize is a fixed point).
      if (!opts_.stored_form) a.type = "user";
    } else if (a.type != "user" && a.type != "system" && a.type != "api_key" &&
               a.type != "service") {
      return Fail("actor.type",
                  fmt::format("must be user, system, api_key or service, got {}", Quoted(a.type)));
    }
    if (a.status.size() > 32 || !AllCharsIn(a.status, "_-")) {
      return Fail("actor.status",
                  "must be a word such as active or disabled (letters, digits, _ -)");
    }
    ToLowerAscii(&a.status);
    return true;
  }

  bool TargetField(element v) {
    Target& t = e_->target;
    bool ok = StringObject("target", v, {{"type", &t.type}, {"id", &t.id}, {"name", &t.name}},
                           [&](std::string_view key, element value, std::string_view) {
                             if (key != "parent") return 0;
                             if (value.type() == element_type::NULL_VALUE) return 1;
                             return Resource("target.parent", value, &t.parent) ? 1 : -1;
                           });
    if (!ok) return false;
    if (t.id.empty() && t.name.empty()) return Fail("target", "needs an id or a name");
    return true;
  }

  bool Resources(element v) {
    if (v.type() != element_type::ARRAY) {
      return Fail("resources", fmt::format("expected an array, got {}", JsonTypeName(v.type())));
    }
    size_t i = 0;
    // A named copy: ranging over the temporary result would dangle.
    const simdjson::dom::array arr = v.get_array().value_unsafe();
    for (element item : arr) {
      if (i == kMaxResources) {
        return Fail("resources", fmt::format("more than {} entries", kMaxResources));
      }
      ResourceRef r;
      if (!Resource("resources[" + std::to_string(i) + "]", item, &r)) return false;
      e_->resources.push_back(std::move(r));
      ++i;
    }
    return true;
  }

  bool Context(element v) {
    RequestContext& c = e_->context;
    bool ok = StringObject(
        "context", v,
        {{"ip", &c.ip},
         {"user_agent", &c.user_agent},
         {"method", &c.method},
         {"path", &c.path},
         {"request_id", &c.request_id},
         {"session_id", &c.session_id}},
        [&](std::string_view key, element value, std::string_view) {
          if (key != "duration_ms") return 0;
          return Number("context.duration_ms", value, 0, kMaxDurationMs, &c.duration_ms) ? 1 : -1;
        });
    if (!ok) return false;
    // An address is normalized; anything else is kept as sent, so that the
    // event is not lost over a client's bad field: enrichment labels its
    // location "invalid" (docs/enrichment.md).
    if (!c.ip.empty()) NormalizeIp(&c.ip);
    if (!c.method.empty()) {
      if (c.method.size() > kMaxMethodBytes || !AllCharsIn(c.method, "")) {
        return Fail("context.method", fmt::format("{} is not an HTTP method", Quoted(c.method)));
      }
      ToUpperAscii(&c.method);
    }
    return true;
  }

  // Reads a finite number in [min, max]; null leaves *out absent.
  bool Number(std::string_view path, element v, double min, double max,
              std::optional<double>* out) {
    double d;
    switch (v.type()) {
      case element_type::NULL_VALUE:
        return true;
      case element_type::INT64:
        d = static_cast<double>(v.get_int64().value_unsafe());
        break;
      case element_type::UINT64:
        d = static_cast<double>(v.get_uint64().value_unsafe());
        break;
      case element_type::DOUBLE:
        d = v.get_double().value_unsafe();
        break;
      default:
        return Fail(path, fmt::format("expected a number, got {}", JsonTypeName(v.type())));
    }
    if (!std::isfinite(d) || d < min || d > max) {
      return Fail(path, fmt::format("must be between {} and {}", min, max));
    }
    *out = d;
    return true;
  }

  // Normalizes an IP address to inet_ntop's form; IPv4-mapped IPv6 becomes IPv4.
  static bool NormalizeIp(std::string* ip) {
    // inet_pton reads a C string: a NUL would hide what follows it.
    if (ip->find('\0') != std::string::npos) return false;
    char buf[INET6_ADDRSTRLEN];
    unsigned char addr[16];
    if (inet_pton(AF_INET, ip->c_str(), addr) == 1) {
      if (!inet_ntop(AF_INET, addr, buf, sizeof(buf))) return false;
      ip->assign(buf);
      return true;
    }
    if (inet_pton(AF_INET6, ip->c_str(), addr) == 1) {
      static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
      bool mapped = std::equal(kMapped, kMapped + 12, addr);
      if (!inet_ntop(mapped ? AF_INET : AF_INET6, mapped ? addr + 12 : addr, buf, sizeof(buf))) {
        return false;
      }
      ip->assign(buf);
      return true;
    }
    return false;
  }

  bool Geo(element v) {
    GeoLocation& g = e_->geo;
    return StringObject(
        "geo", v,
        {{"country", &g.country}, {"region", &g.region}, {"city", &g.city}, {"label", &g.label}},
        [&](std::string_view key, element value, std::string_view) {
          if (key == "lat") return Number("geo.lat", value, -90, 90, &g.lat) ? 1 : -1;
          if (key == "lon") {
            return Number("geo.lon", value, -180, 180, &g.lon) ? 1 : -1;
          }
          return 0;
        });
  }

  bool UserAgent(element v) {
    UserAgentSummary& ua = e_->ua;
    return StringObject("ua", v,
                        {{"browser", &ua.browser},
                         {"browser_version", &ua.browser_version},
                         {"os", &ua.os},
                         {"os_version", &ua.os_version},
                         {"engine", &ua.engine},
                         {"webview", &ua.webview}},
                        [&](std::string_view key, element value, std::string_view) {
                          if (key != "device") return 0;
                          return StringObject("ua.device", value,
                                              {{"class", &ua.device_class},
                                               {"brand", &ua.device_brand},
                                               {"model", &ua.device_model}},
                                              kNoNested)
                                     ? 1
                                     : -1;
                        });
  }

  // seal: {"key": base64 of 16 bytes, "paths": […]} or {"redacted":
  // {personal path: base64 of 32 bytes, …}} (core/seal_json.h).
  bool SealField(element v) {
    Seal& seal = e_->seal;
    return StringObject("seal", v, {{"key", &seal.key}},
                        [&](std::string_view key, element value, std::string_view) {
                          if (key == "paths") {
                            return ParseSealPaths(value, &seal.paths_json, &error_) ? 1 : -1;
                          }
                          if (key != "redacted") return 0;
                          return ParseSealRedacted(value, &seal.redacted_json, &error_) ? 1 : -1;
                        });
  }

  // Required fields, defaults and cross-field rules.
  bool Finish(bool has_time, bool has_received_at) {
    if (e_->id.empty()) {
      if (opts_.stored_form) return Fail("id", "required in stored events");
      if (opts_.ids == nullptr) return Fail("id", "required");
      e_->id = opts_.ids->Next();
    }
    if (e_->tenant.empty()) {
      if (opts_.default_tenant.empty()) return Fail("tenant", "required");
      e_->tenant.assign(opts_.default_tenant);
    }
    if (!AllCharsIn(e_->tenant, "._:@-")) {
      return Fail("tenant", fmt::format("{} may only hold letters, digits and . _ : @ -",
                                        Quoted(e_->tenant)));
    }
    if (e_->tenant[0] == '_' && !opts_.stored_form && !opts_.allow_reserved_tenant) {
      return Fail("tenant", "names starting with '_' are reserved for the server");
    }
    if (e_->action.empty()) return Fail("action", "required");
    if (!ValidAction(e_->action)) {
      return Fail("action", fmt::format("{} is not a dotted event type such as app.create "
                                        "(letters, digits, _ and - between dots)",
                                        Quoted(e_->action)));
    }
    // A stored event is taken as written: defaulting its environment here
    // would break the parse → serialize fixed point.
    if (e_->environment.empty() && !opts_.stored_form) {
      e_->environment.assign(opts_.default_environment);
    }
    if (!AllCharsIn(e_->environment, "._-")) {
      return Fail("environment", fmt::format("{} may only hold letters, digits and . _ -",
                                             Quoted(e_->environment)));
    }
    ToLowerAscii(&e_->environment);
    if (!e_->operation.empty()) {
      if (!AllCharsIn(e_->operation, "._-")) {
        return Fail("operation", fmt::format("{} may only hold letters, digits and . _ -",
                                             Quoted(e_->operation)));
      }
      ToLowerAscii(&e_->operation);
    }
    if (opts_.stored_form) {
      if (!has_received_at) return Fail("received_at", "required in stored events");
      if (!has_time) return Fail("time", "required in stored events");
      if (!e_->seal.empty() && !CheckSeal(*e_, &error_)) return false;
    } else {
      e_->received_at_ms = opts_.receive_time_ms;
      if (!has_time) e_->time_ms = opts_.receive_time_ms;
    }
    return true;
  }

  static bool ValidAction(std::string_view a) {
    bool segment_start = true;
    for (char c : a) {
      if (c == '.') {
        if (segment_start) return false;
        segment_start = true;
      } else if (IsAlnum(c) || c == '_' || c == '-') {
        segment_start = false;
      } else {
        return false;
      }
    }
    return !segment_start;
  }

  const ParseOptions& opts_;
  Event* e_;
  FieldError error_;
};

std::string Locate(std::string_view where, std::string_view raw_field, std::string_view problem) {
  const std::string field = EscapeControlBytes(raw_field);
  if (where.empty()) {
    return field.empty() ? std::string(problem) : fmt::format("{}: {}", field, problem);
  }
  if (field.empty()) return fmt::format("{}: {}", where, problem);
  if (where.back() == ']') return fmt::format("{}.{}: {}", where, field, problem);
  return fmt::format("{}: {}: {}", where, field, problem);
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static constexpr uint32_t kMinForLen[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLen[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

struct EventParser::Impl {
  simdjson::dom::parser parser;
};

EventParser::EventParser() : impl_(std::make_unique<Impl>()) {
  // Room for one maximal event; deeper than kMaxDepth is reported by the walk
  // with a field path, deeper than this by simdjson.
  simdjson::error_code err = impl_->parser.allocate(kMaxEventBytes + 1024, 64);
  if (err != simdjson::SUCCESS) throw std::bad_alloc();
}

EventParser::~EventParser() = default;

Result<Event> EventParser::Parse(std::string_view json, const ParseOptions& options,
                                 std::string_view where) {
  Event event;
  RETURN_IF_ERROR(ParseInto(json, options, where, &event));
  return event;
}

Status EventParser::ParseInto(std::string_view json, const ParseOptions& options,
                              std::string_view where, Event* out) {
  if (json.size() > kMaxEventBytes) {
    return Status::InvalidArgument(Locate(
        where, "", fmt::format("event is {} bytes; the limit is {}", json.size(), kMaxEventBytes)));
  }
  size_t first = json.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return Status::InvalidArgument(Locate(where, "", "empty; expected a JSON object"));
  }
  element root;
  simdjson::error_code err = impl_->parser.parse(json.data(), json.size(), true).get(root);
  if (err != simdjson::SUCCESS) {
    std::string problem;
    if (err == simdjson::UTF8_ERROR) {
      problem = fmt::format("invalid UTF-8 at byte {}", FindInvalidUtf8(json));
    } else if (err == simdjson::DEPTH_ERROR) {
      problem = fmt::format("nested deeper than {} levels", kMaxDepth);
    } else if (err == simdjson::NUMBER_OUT_OF_RANGE || err == simdjson::NUMBER_ERROR) {
      problem = "a number is malformed or out of range (integers must fit in 64 bits)";
    } else {
      problem = fmt::format("malformed JSON ({})", simdjson::error_message(err));
    }
    return Status::InvalidArgument(Locate(where, "", problem));
  }
  EventBuilder builder(options, out);
  if (!builder.Build(root)) {
    const FieldError& fe = builder.error();
    return Status::InvalidArgument(Locate(where, fe.field, fe.problem));
  }
  return Status::Ok();
}

}  // namespace vigil
