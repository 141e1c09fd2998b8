#include "core/free_form_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "core/json_writer.h"
#include "core/limits.h"

namespace vigil {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

bool Fail(FieldError* error, std::string_view field, std::string problem) {
  error->field.assign(field);
  error->problem = std::move(problem);
  return false;
}

// Appends the canonical JSON of v (keys sorted by bytes) to out; `depth` is
// the nesting level v has if it is an object or array (the event object is
// 1). Only objects and arrays count as levels: a scalar adds none.
// `path` is the value's field path; it is extended while descending and
// restored on the way back (one buffer, no allocation per member).
bool Canonical(std::string& path, element v, size_t depth, std::string* out, FieldError* error) {
  if (depth > kMaxDepth && (v.type() == element_type::OBJECT || v.type() == element_type::ARRAY)) {
    return Fail(error, path, fmt::format("nested deeper than {} levels", kMaxDepth));
  }
  switch (v.type()) {
    case element_type::OBJECT: {
      std::vector<std::pair<std::string_view, element>> members;
      // A named copy: ranging over the temporary result would dangle.
      const object obj = v.get_object().value_unsafe();
      for (auto [key, value] : obj) {
        if (key.size() > kMaxStringBytes) {
          return Fail(
              error, path,
              fmt::format("a key is longer than {} bytes (got {})", kMaxStringBytes, key.size()));
        }
        members.emplace_back(key, value);
      }
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out->push_back('{');
      for (size_t i = 0; i < members.size(); ++i) {
        if (i > 0 && members[i].first == members[i - 1].first) {
          return Fail(error, FieldPath(path, members[i].first), "appears twice");
        }
        if (i > 0) out->push_back(',');
        AppendJsonString(members[i].first, out);
        out->push_back(':');
        const size_t mark = path.size();
        path.push_back('.');
        path.append(members[i].first);
        if (!Canonical(path, members[i].second, depth + 1, out, error)) return false;
        path.resize(mark);
      }
      out->push_back('}');
      return true;
    }
    case element_type::ARRAY: {
      out->push_back('[');
      size_t i = 0;
      // A named copy: ranging over the temporary result would dangle.
      const simdjson::dom::array arr = v.get_array().value_unsafe();
      for (element item : arr) {
        if (i > 0) out->push_back(',');
        const size_t mark = path.size();
        path.push_back('[');
        path.append(std::to_string(i));
        path.push_back(']');
        if (!Canonical(path, item, depth + 1, out, error)) return false;
        path.resize(mark);
        ++i;
      }
      out->push_back(']');
      return true;
    }
    case element_type::STRING: {
      std::string_view s = v.get_string().value_unsafe();
      if (s.size() > kMaxStringBytes) {
        return Fail(error, path,
                    fmt::format("longer than {} bytes (got {})", kMaxStringBytes, s.size()));
      }
      AppendJsonString(s, out);
      return true;
    }
    case element_type::INT64:
      out->append(std::to_string(v.get_int64().value_unsafe()));
      return true;
    case element_type::UINT64:
      out->append(std::to_string(v.get_uint64().value_unsafe()));
      return true;
    case element_type::DOUBLE:
      AppendJsonDouble(v.get_double().value_unsafe(), out);
      return true;
    case element_type::BOOL:
      out->append(v.get_bool().value_unsafe() ? "true" : "false");
      return true;
    case element_type::NULL_VALUE:
      out->append("null");
      return true;
  }
  return Fail(error, path, "unsupported JSON value");
}

}  // namespace

bool CanonicalizeChanges(element v, std::string* out, FieldError* error) {
  if (v.type() != element_type::OBJECT) {
    return Fail(error, "changes",
                fmt::format("expected an object, got {}", JsonTypeName(v.type())));
  }
  element before, after;
  bool has_before = false, has_after = false;
  // A named copy: ranging over the temporary result would dangle.
  const object obj = v.get_object().value_unsafe();
  for (auto [key, value] : obj) {
    std::string field = FieldPath("changes", key);
    bool* has = key == "before" ? &has_before : key == "after" ? &has_after : nullptr;
    if (has == nullptr) return Fail(error, field, "unknown field; changes holds before and after");
    if (*has) return Fail(error, field, "appears twice");
    if (value.type() != element_type::OBJECT && value.type() != element_type::NULL_VALUE) {
      return Fail(error, field,
                  fmt::format("expected an object, got {}", JsonTypeName(value.type())));
    }
    *has = true;
    (key == "before" ? before : after) = value;
  }
  has_before = has_before && before.type() == element_type::OBJECT;
  has_after = has_after && after.type() == element_type::OBJECT;
  if (!has_before && !has_after) return true;  // {} or nulls: no changes
  // Fixed member order: before, then after (each value canonical).
  std::string text = "{";
  if (has_before) {
    text += "\"before\":";
    std::string path = "changes.before";
    if (!Canonical(path, before, 3, &text, error)) return false;
  }
  if (has_after) {
    text += has_before ? ",\"after\":" : "\"after\":";
    std::string path = "changes.after";
    if (!Canonical(path, after, 3, &text, error)) return false;
  }
  text.push_back('}');
  *out = std::move(text);
  return true;
}

bool CanonicalizeMetadata(element v, std::string* out, FieldError* error) {
  if (v.type() != element_type::OBJECT) {
    return Fail(error, "metadata",
                fmt::format("expected an object, got {}", JsonTypeName(v.type())));
  }
  if (v.get_object().value_unsafe().size() == 0) return true;
  std::string text;
  std::string path = "metadata";
  if (!Canonical(path, v, 2, &text, error)) return false;
  *out = std::move(text);
  return true;
}

bool CanonicalizeDiff(element v, std::string* out, FieldError* error) {
  if (v.type() != element_type::ARRAY) {
    return Fail(error, "diff", fmt::format("expected an array, got {}", JsonTypeName(v.type())));
  }
  if (v.get_array().value_unsafe().size() == 0) return true;
  std::string text;
  std::string path = "diff";
  // One level shallower than its place in the event: a diff entry's before
  // or after is a subtree of changes.before / changes.after, so it fits.
  if (!Canonical(path, v, 1, &text, error)) return false;
  *out = std::move(text);
  return true;
}

}  // namespace vigil
