// CatalogSchema: the JSON Schema (draft 7) an event type of the event catalog
// (event_catalog.h) declares for the `metadata` of its events, compiled once
// at load with valijson and then checked against each event's metadata.
//
// Compiling is stricter than JSON Schema, so that a typo in a catalog fails
// at load instead of silently allowing everything: every keyword must be one
// that draft 7 defines, `type` names must be JSON Schema types, `pattern` and
// `patternProperties` must be valid ECMAScript regular expressions, and
// `$ref` may only point into the schema itself ("#/definitions/…").
//
// Immutable after Compile; Validate is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil::enrich {

class CatalogSchema {
 public:
  // Compiles a schema given as JSON text, which must be an object. On error
  // returns InvalidArgument "<path>: <problem>", <path> being the offending
  // member's place relative to the schema root in the dotted form of error
  // messages ("properties.mfa.type", "required[1]"); for a problem with the
  // root itself the message is just "<problem>". The path alone is also
  // stored in *error_path when given (so that a caller can name the source
  // line); it is cleared on success.
  static Result<std::shared_ptr<const CatalogSchema>> Compile(std::string_view schema_json,
                                                              std::string* error_path = nullptr);
  ~CatalogSchema();
  CatalogSchema(const CatalogSchema&) = delete;
  CatalogSchema& operator=(const CatalogSchema&) = delete;

  // Checks a JSON value (an event's `metadata`, as JSON text) against the
  // schema. OK, or InvalidArgument naming the first failing value by its path
  // under `root` and the rule it breaks, e.g.
  //   metadata.mfa: expected boolean, got string
  //   metadata.auth_method: required
  //   metadata.auth_method: must be one of "password", "sso"
  //   metadata.failed_attempts: must be >= 1
  //   metadata: invalid JSON at offset 15
  Status Validate(std::string_view json, std::string_view root = "metadata") const;

  // The schema as compact JSON text, members in the order they were given.
  const std::string& json() const;

  struct Compiled;  // valijson's schema and the parsed JSON (defined in the .cc)

 private:
  explicit CatalogSchema(std::unique_ptr<Compiled> compiled);

  std::unique_ptr<Compiled> compiled_;
};

}  // namespace vigil::enrich
