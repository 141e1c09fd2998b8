// EventCatalog: a registry of event types — action → category, operation,
// description and an optional JSON Schema for `metadata` — loaded from a
// YAML catalog (catalogs/*.yaml; the format is docs/catalog.md) or from its
// JSON form (GET and PUT /v1/catalog). Ingest fills an event's missing
// category and operation from it and may check its metadata; the UI groups
// its event-type filter by category.
//
// Loading checks everything and stops at the first problem, with an
// InvalidArgument whose message names the source, the line (YAML only) and
// the entry:
//   lowcoder.yaml:41: events[7].operation: "udpate" is not a standard
//       operation (create, update, …) and not declared in `operations`
// An event type's `gen` section (and the catalog's) belongs to `vigil gen`:
// the catalog keeps it, as JSON text, for round trips and for the generator,
// and checks only its shape (a list of mappings; a mapping).
//
// A loaded catalog is an immutable value: const methods are thread-safe, and
// copies are independent. Swap a tenant's catalog by replacing a
// std::shared_ptr<const EventCatalog>.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "enrich/catalog_schema.h"

namespace vigil::enrich {

// One entry of a catalog.
struct EventType {
  std::string action;       // dotted event type, e.g. "app.create"; unique in the catalog
  std::string category;     // the section it belongs to, e.g. "App management"
  std::string operation;    // lower case: a standard operation or one the catalog declares
  std::string description;  // what the event type is, for people ("Create new app")
  // The metadata schema, compiled; null when the entry has none.
  std::shared_ptr<const CatalogSchema> metadata_schema;
  // The `gen` section as compact JSON text (an array), or empty.
  std::string gen_json;
  // Where the entry starts in its YAML source (1-based), or 0 when loaded from JSON.
  int line = 0;
};

// The event types of one category, in catalog order (see EventCatalog::Groups).
struct EventCategory {
  std::string_view name;
  std::vector<const EventType*> types;
};

class EventCatalog {
 public:
  // The operations every catalog may use without declaring them: those of
  // DESIGN.md §2 and a few more that most products record.
  static std::span<const std::string_view> StandardOperations();

  // Parses and checks a catalog. `source` names it in error messages (a file
  // name such as "lowcoder.yaml", or "request body").
  static Result<EventCatalog> FromYaml(std::string_view yaml, std::string_view source);
  // The same for the JSON form that ToJson writes.
  static Result<EventCatalog> FromJson(std::string_view json, std::string_view source);
  // One of the catalogs compiled into the binary (catalogs/), by name:
  // "default", "lowcoder", "tooljet", "appmixer", "fliplet" or "dify".
  // NotFound for another name.
  static Result<EventCatalog> Shipped(std::string_view name);

  // `catalog:` — a short lower-case name such as "lowcoder".
  const std::string& name() const { return name_; }
  // `title:` — the name people read, such as "Lowcoder".
  const std::string& title() const { return title_; }
  // The source given at load.
  const std::string& source() const { return source_; }
  // `operations:` — what the catalog adds to StandardOperations(), in file order.
  const std::vector<std::string>& operations() const { return operations_; }
  // The catalog's `gen` section as compact JSON text (an object), or empty.
  const std::string& gen_json() const { return gen_json_; }

  // Every event type, in file order.
  std::span<const EventType> types() const { return types_; }
  size_t size() const { return types_.size(); }

  // The entry of `action`, or null when the catalog has none. O(1).
  const EventType* Find(std::string_view action) const;

  // The event types by category: categories in the order they first appear,
  // types in file order within each. Pointers and names point into this
  // catalog and live as long as it does.
  std::vector<EventCategory> Groups() const;

  // The JSON form: {"catalog","title","operations"?,"events":[{"action",
  // "category","operation","description","metadata_schema"?,"gen"?}],"gen"?}
  // in that member order, compact; `gen` sections only when with_gen.
  // FromJson(ToJson()) gives the same catalog, whose ToJson is the same
  // bytes.
  std::string ToJson(bool with_gen = true) const;
  // The same document as YAML (block style, one entry after another), for
  // exporting an edited catalog to a file; FromYaml reads it back equal.
  std::string ToYaml() const;

  // Checks an event's metadata (JSON text) against the schema of `type`. OK
  // when the type has no schema; otherwise as CatalogSchema::Validate, e.g.
  // InvalidArgument "metadata.mfa: expected boolean, got string".
  static Status ValidateMetadata(const EventType& type, std::string_view metadata_json);

 private:
  friend class CatalogReader;  // the loader (event_catalog.cc)
  EventCatalog() = default;

  std::string name_;
  std::string title_;
  std::string source_;
  std::vector<std::string> operations_;
  std::string gen_json_;
  std::vector<EventType> types_;
  struct Index;
  std::shared_ptr<const Index> index_;  // action → position in types_; shared by copies
};

}  // namespace vigil::enrich
