// The `changes` member of generated events: realistic before/after values for
// each ChangeKind (renames, settings toggles, nested objects, arrays), plus
// after-only snapshots of some creations and before-only ones of some
// deletions.
#pragma once

#include <string>
#include <string_view>

#include "core/json_writer.h"
#include "gen/catalog.h"
#include "gen/split_mix64.h"
#include "gen/tenant.h"

namespace vigil::gen {

struct ChangeContext {
  ChangeKind kind;
  std::string_view operation;
  const Tenant* tenant;
  ResourceKind target_kind;
  std::string_view target_name;  // the current name (after a rename)
  // The related resource (the member added to a group, the folder moved to)
  // and another resource of its kind (the folder moved from).
  std::string_view related_id;
  std::string_view related_name;
  std::string_view other_id;
  std::string_view other_name;
};

// The values a description quotes as {old} and {new}. Buffers are reused.
struct ChangeText {
  std::string old_value;
  std::string new_value;
};

// Appends the changes object ({"before":…,"after":…}) to out and returns true,
// or returns false and appends nothing when the event carries no changes.
// text receives the old and new values a description may quote.
bool AppendChanges(const ChangeContext& c, SplitMix64& rng, std::string* out, ChangeText* text);

}  // namespace vigil::gen
