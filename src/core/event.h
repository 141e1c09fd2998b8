// Event: one audit record, as the client sent it (validated and normalized)
// plus the fields the server adds. See docs/event-model.md for every rule.
//
// Representation rules, relied upon by the canonical serialization, the
// segment columns and the query matcher:
//  - An absent optional string is the empty string. Clients cannot send an
//    empty string for an optional field: the parser treats "" as absent.
//  - `changes_json` and `metadata_json` hold canonical JSON text (see
//    core/json_writer.h) of an object, or are empty when absent.
//  - Times are milliseconds since the Unix epoch, UTC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

enum class EventStatus : uint8_t { kSuccess = 0, kError = 1 };

std::string_view EventStatusName(EventStatus s);  // "success" / "error"

struct WorkspaceRef {
  std::string id;
  std::string name;
  bool empty() const { return id.empty() && name.empty(); }
  bool operator==(const WorkspaceRef&) const = default;
};

// A resource reference: target.parent, resources[i].
struct ResourceRef {
  std::string type;
  std::string id;
  std::string name;
  bool empty() const { return type.empty() && id.empty() && name.empty(); }
  bool operator==(const ResourceRef&) const = default;
};

struct Actor {
  std::string id;
  std::string name;
  std::string email;
  std::string type;  // user | system | api_key | service (empty when no actor)
  std::string role;
  std::string status;  // e.g. active, disabled, invited
  bool empty() const {
    return id.empty() && name.empty() && email.empty() && type.empty() && role.empty() &&
           status.empty();
  }
  bool operator==(const Actor&) const = default;
};

struct Target {
  std::string type;
  std::string id;
  std::string name;
  ResourceRef parent;
  bool empty() const { return type.empty() && id.empty() && name.empty() && parent.empty(); }
  bool operator==(const Target&) const = default;
};

struct RequestContext {
  std::string ip;  // normalized text form (inet_ntop), IPv4 or IPv6
  std::string user_agent;
  std::string method;  // upper case HTTP method
  std::string path;
  std::optional<double> duration_ms;  // finite, >= 0
  std::string request_id;
  std::string session_id;
  bool empty() const {
    return ip.empty() && user_agent.empty() && method.empty() && path.empty() &&
           !duration_ms.has_value() && request_id.empty() && session_id.empty();
  }
  bool operator==(const RequestContext&) const = default;
};

// Server-derived location of context.ip (filled by enrichment; empty until then).
// `label` says why there is no location: the address is not one the
// database covers ("private", "loopback", "link-local", "multicast",
// "reserved", …; see enrich/ip_scope.h), no database entry matched
// ("unknown"), or context.ip is not an IP address ("invalid").
struct GeoLocation {
  std::string country;  // ISO 3166-1 alpha-2, upper case
  std::string region;
  std::string city;
  std::optional<double> lat;
  std::optional<double> lon;
  std::string label;
  bool empty() const {
    return country.empty() && region.empty() && city.empty() && !lat && !lon && label.empty();
  }
  bool operator==(const GeoLocation&) const = default;
};

// Server-derived summary of context.user_agent (filled by enrichment, see
// docs/enrichment.md): uap-core's browser and OS families and versions, the
// device's class, brand and model, the rendering engine and the in-app
// webview. Not a personal field: it stays when the user agent is redacted.
// Versions are dotted ("120.0.6099"); an unrecognized family is "Other".
struct UserAgentSummary {
  std::string browser;
  std::string browser_version;
  std::string os;
  std::string os_version;
  std::string device_class;  // desktop, mobile, tablet, tv, console, wearable, bot, library
  std::string device_brand;
  std::string device_model;
  std::string engine;   // Blink, WebKit, Gecko, …
  std::string webview;  // the app hosting an in-app browser, or a WebView kind
  bool empty() const {
    return browser.empty() && browser_version.empty() && os.empty() && os_version.empty() &&
           device_class.empty() && device_brand.empty() && device_model.empty() && engine.empty() &&
           webview.empty();
  }
  bool operator==(const UserAgentSummary&) const = default;
};

// The ledger's seal over an event's personal fields (server-added; the rules
// are docs/format/ledger.md "Personal fields"). Personal values enter the
// Merkle leaf only as salted commitments, so they can be erased later while
// every proof still verifies. An event is in one of three states:
//  - no personal value: both members empty;
//  - sealed: `key` is set, and each personal field's salt derives from it;
//  - redacted: the personal values and the key are gone; `redacted_json`
//    keeps the commitment of each erased value, so the leaf is unchanged.
inline constexpr size_t kSealKeyBytes = 16;     // random bytes of a seal key
inline constexpr size_t kCommitmentBytes = 32;  // a SHA-256 commitment

struct Seal {
  std::string key;  // standard base64 of 16 random bytes, or empty
  // Canonical JSON array of the metadata paths sealed with the key
  // ("metadata.phone", sorted bytewise): the configured personal metadata
  // paths that had a value at ingest (docs/format/ledger.md "Personal
  // metadata"); empty when none, and once redacted.
  std::string paths_json;
  // Canonical JSON object: personal field path → base64 of its 32-byte
  // commitment, keys sorted bytewise; empty when not redacted.
  std::string redacted_json;
  bool empty() const { return key.empty() && paths_json.empty() && redacted_json.empty(); }
  bool operator==(const Seal&) const = default;
};

struct Event {
  // --- sent by the client (validated, normalized) ---
  std::string id;       // client id or a server-assigned ULID; never empty once parsed
  int64_t time_ms = 0;  // when it happened
  std::string tenant;   // isolation boundary; never empty once parsed
  std::string environment;
  WorkspaceRef workspace;
  std::string action;  // dotted event type; never empty once parsed
  std::string category;
  std::string operation;
  EventStatus status = EventStatus::kSuccess;
  Actor actor;
  Target target;
  std::vector<ResourceRef> resources;
  RequestContext context;
  std::string description;
  std::string changes_json;  // canonical {"before":…,"after":…} (either may be absent) or empty
  std::string metadata_json;  // canonical object or empty

  // --- added by the server ---
  int64_t received_at_ms = 0;
  uint64_t seq = 0;  // ledger position (0-based leaf index), assigned by the store on append
  // The node whose ledger holds the event at seq: on the ClickHouse backend
  // each node keeps its own (docs/scale-out.md); 0 on the embedded engine.
  uint16_t node = 0;
  GeoLocation geo;
  UserAgentSummary ua;
  // Canonical JSON array: the field-level diff of changes.before/after
  // (enrich/json_diff.h), or empty when there is none.
  std::string diff_json;
  Seal seal;

  bool operator==(const Event&) const = default;
};

}  // namespace vigil
