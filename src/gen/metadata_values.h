// The `metadata` member of generated events: a few keys that fit the action
// (numbers, booleans, strings, a nested object sometimes) and, for failures,
// the error code and HTTP status.
#pragma once

#include <string>

#include "gen/catalog.h"
#include "gen/failure_reasons.h"
#include "gen/split_mix64.h"

namespace vigil::gen {

struct MetadataContext {
  MetadataKind kind;
  Flavour flavour;
  bool api_client;         // the actor is an API key
  const Failure* failure;  // null when the event succeeded
};

// Appends the metadata object to out and returns true, or returns false and
// appends nothing (some plain requests carry no metadata).
bool AppendMetadata(const MetadataContext& c, SplitMix64& rng, std::string* out);

}  // namespace vigil::gen
