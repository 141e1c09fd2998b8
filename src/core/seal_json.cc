#include "core/seal_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "core/base64.h"
#include "core/canonical_json_paths.h"
#include "core/event_fields.h"
#include "core/json_writer.h"

namespace vigil {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool Fail(FieldError* error, std::string field, std::string problem) {
  *error = {std::move(field), std::move(problem)};
  return false;
}

}  // namespace

bool ParseSealPaths(element v, std::string* out, FieldError* error) {
  constexpr std::string_view kExpected = "expected a non-empty array of metadata paths";
  if (v.type() != element_type::ARRAY) return Fail(error, "seal.paths", std::string(kExpected));
  // A named copy: ranging over the temporary result would dangle.
  const simdjson::dom::array items = v.get_array().value_unsafe();
  if (items.size() == 0) return Fail(error, "seal.paths", std::string(kExpected));
  std::vector<std::string> paths;
  for (element item : items) {
    if (item.type() != element_type::STRING ||
        !IsPersonalMetadataPath(item.get_string().value_unsafe())) {
      return Fail(error, "seal.paths",
                  "expected paths like \"metadata.phone\" (segments of letters, digits, _ and -)");
    }
    paths.emplace_back(item.get_string().value_unsafe());
  }
  std::sort(paths.begin(), paths.end());
  if (std::adjacent_find(paths.begin(), paths.end()) != paths.end()) {
    return Fail(error, "seal.paths", "lists a path twice");
  }
  *out = MetadataPathsJson(paths);
  return true;
}

bool ParseSealRedacted(element v, std::string* out, FieldError* error) {
  if (v.type() != element_type::OBJECT) {
    return Fail(error, "seal.redacted",
                fmt::format("expected an object, got {}", JsonTypeName(v.type())));
  }
  std::vector<std::pair<std::string_view, std::string_view>> redacted;
  std::string bytes;
  const simdjson::dom::object obj = v.get_object().value_unsafe();
  for (auto [key, value] : obj) {
    if (std::find(kPersonalFields.begin(), kPersonalFields.end(), key) == kPersonalFields.end() &&
        !IsPersonalMetadataPath(key)) {
      return Fail(error, FieldPath("seal.redacted", key), "not a personal field");
    }
    if (value.type() != element_type::STRING ||
        !Base64Decode(value.get_string().value_unsafe(), &bytes) ||
        bytes.size() != kCommitmentBytes) {
      return Fail(error, FieldPath("seal.redacted", key),
                  fmt::format("expected standard base64 of {} bytes", kCommitmentBytes));
    }
    redacted.emplace_back(key, value.get_string().value_unsafe());
  }
  if (redacted.empty()) return Fail(error, "seal.redacted", "empty; leave it out instead");
  std::sort(redacted.begin(), redacted.end());
  std::string text;
  JsonWriter w(&text);
  w.BeginObject();
  for (size_t i = 0; i < redacted.size(); ++i) {
    if (i > 0 && redacted[i].first == redacted[i - 1].first) {
      return Fail(error, FieldPath("seal.redacted", redacted[i].first), "appears twice");
    }
    w.Key(redacted[i].first);
    w.String(redacted[i].second);
  }
  w.EndObject();
  *out = std::move(text);
  return true;
}

bool CheckSeal(const Event& e, FieldError* error) {
  const Seal& seal = e.seal;
  std::string bytes;
  if (!seal.key.empty() && (!Base64Decode(seal.key, &bytes) || bytes.size() != kSealKeyBytes)) {
    return Fail(error, "seal.key",
                fmt::format("expected standard base64 of {} bytes", kSealKeyBytes));
  }
  if (!seal.key.empty() && !seal.redacted_json.empty()) {
    return Fail(error, "seal", "has both key and redacted; a redacted event keeps no key");
  }
  if (!seal.key.empty() && !HasPersonalValue(e)) {
    return Fail(error, "seal.key", "the event has no personal field to seal");
  }
  if (!seal.paths_json.empty()) {
    if (seal.key.empty()) {
      return Fail(error, "seal.paths", "only a sealed event (with a key) has paths");
    }
    for (const std::string& p : SealedMetadataPaths(e)) {
      if (!CanonicalValueAt(e.metadata_json, p.substr(kMetadataPathPrefix.size()))) {
        return Fail(error, "seal.paths", fmt::format("{} has no value in metadata", p));
      }
    }
  }
  if (seal.redacted_json.empty()) return true;
  std::string value;
  for (size_t i = 0; i < kPersonalFields.size(); ++i) {
    value.clear();
    if (AppendPersonalValue(e, i, &value)) {
      return Fail(error, "seal.redacted",
                  fmt::format("the event still has a value for {}; a redacted event has none",
                              kPersonalFields[i]));
    }
  }
  return true;
}

}  // namespace vigil
