// The full-text fields of an event (docs/query-language.md "Full text"):
// one list that the matcher, the segment index and the ClickHouse token
// column all walk, so a phrase matches the same events everywhere.
#pragma once

#include <string>
#include <string_view>

#include "core/event.h"
#include "core/json_values.h"

namespace vigil {

// Calls visit(std::string_view text) for each full-text value of e, in this
// order: description, id, workspace id and name, actor id, name and email,
// target id and name, target parent id and name, request and session id,
// each resource's id and name, then every metadata value (core/json_values.h).
// Absent fields are passed as "". visit returns true to stop: no further
// value is visited. json_scratch is reused for unescaping metadata values.
template <typename Visit>
void ForEachTextField(const Event& e, std::string& json_scratch, Visit&& visit) {
  for (std::string_view f :
       {std::string_view(e.description), std::string_view(e.id), std::string_view(e.workspace.id),
        std::string_view(e.workspace.name), std::string_view(e.actor.id),
        std::string_view(e.actor.name), std::string_view(e.actor.email),
        std::string_view(e.target.id), std::string_view(e.target.name),
        std::string_view(e.target.parent.id), std::string_view(e.target.parent.name),
        std::string_view(e.context.request_id), std::string_view(e.context.session_id)}) {
    if (visit(f)) return;
  }
  for (const ResourceRef& r : e.resources) {
    if (visit(std::string_view(r.id)) || visit(std::string_view(r.name))) return;
  }
  if (e.metadata_json.empty()) return;
  bool stopped = false;
  ForEachJsonValue(e.metadata_json, json_scratch, [&](std::string_view v) {
    if (!stopped) stopped = visit(v);
  });
}

}  // namespace vigil
