#include "enrich/json_diff.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "core/ascii.h"
#include "core/field_error.h"
#include "core/free_form_json.h"
#include "core/json_writer.h"
#include "core/limits.h"

namespace vigil::enrich {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// simdjson's own nesting limit, a backstop far above what core accepts
// (CanonicalizeChanges reports deeper than kMaxDepth with a field path).
constexpr size_t kParserMaxDepth = 64;

// The JSON types an entry's op tells apart (the three number forms are one).
enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

Kind KindOf(element v) {
  switch (v.type()) {
    case element_type::NULL_VALUE:
      return Kind::kNull;
    case element_type::BOOL:
      return Kind::kBool;
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return Kind::kNumber;
    case element_type::STRING:
      return Kind::kString;
    case element_type::ARRAY:
      return Kind::kArray;
    case element_type::OBJECT:
      break;
  }
  return Kind::kObject;
}

// Whether v, at event nesting `level` if it is an object or array, is already
// in the form the diff relies on and within core's rules: keys in strictly
// increasing byte order (so no duplicates), numbers read back as their
// canonical text does (no double holding an integer below 2^53), strings and
// keys within kMaxStringBytes, nesting within kMaxDepth. Stored changes
// always are; anything else goes through CanonicalizeChanges, which either
// rewrites it or says which rule it breaks.
bool IsCanonical(element v, size_t level) {
  switch (v.type()) {
    case element_type::OBJECT: {
      if (level > kMaxDepth) return false;
      std::string_view previous;
      bool first = true;
      // A named copy: ranging over the temporary result would dangle.
      const object obj = v.get_object().value_unsafe();
      for (auto [key, value] : obj) {
        if (key.size() > kMaxStringBytes || (!first && !(previous < key))) return false;
        if (!IsCanonical(value, level + 1)) return false;
        previous = key;
        first = false;
      }
      return true;
    }
    case element_type::ARRAY: {
      if (level > kMaxDepth) return false;
      const array arr = v.get_array().value_unsafe();
      for (element item : arr) {
        if (!IsCanonical(item, level + 1)) return false;
      }
      return true;
    }
    case element_type::STRING:
      return v.get_string().value_unsafe().size() <= kMaxStringBytes;
    case element_type::DOUBLE: {
      const double d = v.get_double().value_unsafe();
      return !(std::fabs(d) < 9007199254740992.0 && d == std::trunc(d));
    }
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::BOOL:
    case element_type::NULL_VALUE:
      return true;
  }
  return false;
}

// The same for the whole of `changes` (level 2): an object of before and/or
// after, each an object (canonical form drops null halves).
bool IsCanonicalChanges(element root) {
  if (root.type() != element_type::OBJECT) return false;
  bool has_before = false, has_after = false;
  const object obj = root.get_object().value_unsafe();
  for (auto [key, value] : obj) {
    bool* has = key == "before" ? &has_before : key == "after" ? &has_after : nullptr;
    if (has == nullptr || *has || value.type() != element_type::OBJECT) return false;
    if (!IsCanonical(value, 3)) return false;
    *has = true;
  }
  return has_before || has_after;
}

bool IsScalar(element v) {
  return v.type() != element_type::OBJECT && v.type() != element_type::ARRAY;
}

bool IsPlainKey(std::string_view key) {
  if (key.empty() || key[0] == '-' || (key[0] >= '0' && key[0] <= '9')) return false;
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void AppendKeySegment(std::string_view key, std::string* path) {
  if (IsPlainKey(key)) {
    if (!path->empty()) path->push_back('.');
    path->append(key);
  } else {
    path->push_back('[');
    AppendJsonString(key, path);
    path->push_back(']');
  }
}

void AppendIndexSegment(size_t index, std::string* path) {
  path->push_back('[');
  path->append(std::to_string(index));
  path->push_back(']');
}

// Equality of two values of canonical text. One value has one canonical
// spelling, and reading it back gives one element type (an integer's text
// never looks like a double's), so equal values have equal types.
bool Equal(element a, element b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case element_type::OBJECT: {
      // Named copies: ranging over temporary results would dangle.
      const object x = a.get_object().value_unsafe();
      const object y = b.get_object().value_unsafe();
      auto xi = x.begin(), yi = y.begin();
      for (; xi != x.end() && yi != y.end(); ++xi, ++yi) {
        if (xi.key() != yi.key() || !Equal(xi.value(), yi.value())) return false;
      }
      return xi == x.end() && yi == y.end();
    }
    case element_type::ARRAY: {
      const array x = a.get_array().value_unsafe();
      const array y = b.get_array().value_unsafe();
      auto xi = x.begin(), yi = y.begin();
      for (; xi != x.end() && yi != y.end(); ++xi, ++yi) {
        if (!Equal(*xi, *yi)) return false;
      }
      return xi == x.end() && yi == y.end();
    }
    case element_type::STRING:
      return a.get_string().value_unsafe() == b.get_string().value_unsafe();
    case element_type::INT64:
      return a.get_int64().value_unsafe() == b.get_int64().value_unsafe();
    case element_type::UINT64:
      return a.get_uint64().value_unsafe() == b.get_uint64().value_unsafe();
    case element_type::DOUBLE:
      return a.get_double().value_unsafe() == b.get_double().value_unsafe();
    case element_type::BOOL:
      return a.get_bool().value_unsafe() == b.get_bool().value_unsafe();
    case element_type::NULL_VALUE:
      return true;
  }
  return false;
}

// Writes v as JsonWriter writes it; v is canonical, so its keys are in order.
void WriteValue(element v, JsonWriter& w) {
  switch (v.type()) {
    case element_type::OBJECT: {
      w.BeginObject();
      const object obj = v.get_object().value_unsafe();
      for (auto [key, value] : obj) {
        w.Key(key);
        WriteValue(value, w);
      }
      w.EndObject();
      return;
    }
    case element_type::ARRAY: {
      w.BeginArray();
      const array arr = v.get_array().value_unsafe();
      for (element item : arr) WriteValue(item, w);
      w.EndArray();
      return;
    }
    case element_type::STRING:
      w.String(v.get_string().value_unsafe());
      return;
    case element_type::INT64:
      w.Int(v.get_int64().value_unsafe());
      return;
    case element_type::UINT64:
      w.Uint(v.get_uint64().value_unsafe());
      return;
    case element_type::DOUBLE:
      w.Double(v.get_double().value_unsafe());
      return;
    case element_type::BOOL:
      w.Bool(v.get_bool().value_unsafe());
      return;
    case element_type::NULL_VALUE:
      w.Null();
      return;
  }
}

// How a step of the walk ended.
enum class Flow {
  kOk,
  // An entry's path would be longer than kMaxStringBytes: the caller writes
  // its own path's values whole instead of the entries below it.
  kPathTooLong,
  // The text is past the budget: the diff starts again, coarser.
  kOverBudget,
};

// Builds the entries of one diff of canonical halves into a JSON array,
// recursing into objects and arrays down to `max_level` (the halves are
// level 0, their members level 1): at that level a differing value is one
// "changed" entry.
class DiffBuilder {
 public:
  DiffBuilder(size_t budget, size_t max_level) : budget_(budget), max_level_(max_level) {
    out_.push_back('[');
  }

  // Either half may be absent (nullptr); both are objects. False when the
  // text went past the budget.
  bool Halves(const element* before, const element* after) {
    Flow flow = Flow::kPathTooLong;  // at level 0, the whole object is one entry
    if (max_level_ > 0) {
      if (before == nullptr) {
        flow = WholeMembers("added", after->get_object().value_unsafe());
      } else if (after == nullptr) {
        flow = WholeMembers("removed", before->get_object().value_unsafe());
      } else {
        flow = Objects(before->get_object().value_unsafe(), after->get_object().value_unsafe(), 0);
      }
    }
    if (flow == Flow::kPathTooLong) {
      out_.resize(1);
      entries_ = 0;
      if (before == nullptr) {
        flow = Entry("added", nullptr, after);
      } else if (after == nullptr) {
        flow = Entry("removed", before, nullptr);
      } else {
        flow = Equal(*before, *after) ? Flow::kOk : Entry("changed", before, after);
      }
    }
    return flow == Flow::kOk;
  }

  // The array text, or "" when there were no entries.
  std::string Finish() && {
    if (entries_ == 0) return std::string();
    out_.push_back(']');
    return std::move(out_);
  }

 private:
  // One entry per member of obj (a half whose other half is absent).
  Flow WholeMembers(std::string_view op, object obj) {
    for (auto [key, value] : obj) {
      AppendKeySegment(key, &path_);
      const Flow flow = op == "added" ? Entry(op, nullptr, &value) : Entry(op, &value, nullptr);
      path_.clear();
      if (flow != Flow::kOk) return flow;
    }
    return Flow::kOk;
  }

  // b and a sit at `level`, at path_.
  Flow Values(element b, element a, size_t level) {
    const Kind kb = KindOf(b), ka = KindOf(a);
    if (kb != ka) {
      return Entry(kb == Kind::kNull || ka == Kind::kNull ? "changed" : "type_changed", &b, &a);
    }
    if ((kb == Kind::kObject || kb == Kind::kArray) && level < max_level_) {
      const size_t mark = out_.size(), entries = entries_;
      const Flow flow =
          kb == Kind::kObject
              ? Objects(b.get_object().value_unsafe(), a.get_object().value_unsafe(), level)
              : Arrays(b.get_array().value_unsafe(), a.get_array().value_unsafe(), level);
      if (flow != Flow::kPathTooLong) return flow;
      // A path below is too long to name: this value is one entry (the two
      // differ, or no entry below would have been due).
      out_.resize(mark);
      entries_ = entries;
      return Entry("changed", &b, &a);
    }
    return Equal(b, a) ? Flow::kOk : Entry("changed", &b, &a);
  }

  // Merges the members of two objects at `level`, both in key order.
  Flow Objects(object b, object a, size_t level) {
    auto bi = b.begin(), ai = a.begin();
    const auto be = b.end(), ae = a.end();
    const size_t mark = path_.size();
    while (bi != be || ai != ae) {
      const int cmp = bi == be ? 1 : ai == ae ? -1 : bi.key().compare(ai.key());
      Flow flow;
      if (cmp < 0) {
        AppendKeySegment(bi.key(), &path_);
        const element v = bi.value();
        flow = Entry("removed", &v, nullptr);
        ++bi;
      } else if (cmp > 0) {
        AppendKeySegment(ai.key(), &path_);
        const element v = ai.value();
        flow = Entry("added", nullptr, &v);
        ++ai;
      } else {
        const std::string_view key = bi.key();
        const element bv = bi.value(), av = ai.value();
        ++bi;
        ++ai;
        if (IsScalar(bv) && Equal(bv, av)) continue;  // the common case, without a path
        AppendKeySegment(key, &path_);
        flow = Values(bv, av, level + 1);
      }
      path_.resize(mark);
      if (flow != Flow::kOk) return flow;
    }
    return Flow::kOk;
  }

  // Pairs the items of two arrays at `level` by index.
  Flow Arrays(array b, array a, size_t level) {
    auto bi = b.begin(), ai = a.begin();
    const auto be = b.end(), ae = a.end();
    const size_t mark = path_.size();
    for (size_t i = 0; bi != be || ai != ae; ++i) {
      AppendIndexSegment(i, &path_);
      Flow flow;
      if (ai == ae) {
        const element v = *bi;
        flow = Entry("removed", &v, nullptr);
        ++bi;
      } else if (bi == be) {
        const element v = *ai;
        flow = Entry("added", nullptr, &v);
        ++ai;
      } else {
        flow = Values(*bi, *ai, level + 1);
        ++bi;
        ++ai;
      }
      path_.resize(mark);
      if (flow != Flow::kOk) return flow;
    }
    return Flow::kOk;
  }

  // Writes the entry for path_.
  Flow Entry(std::string_view op, const element* before, const element* after) {
    if (path_.size() > kMaxStringBytes) return Flow::kPathTooLong;
    if (entries_ > 0) out_.push_back(',');
    ++entries_;
    JsonWriter w(&out_);
    w.BeginObject();
    if (after != nullptr) {
      w.Key("after");
      WriteValue(*after, w);
    }
    if (before != nullptr) {
      w.Key("before");
      WriteValue(*before, w);
    }
    w.Key("op");
    w.String(op);
    w.Key("path");
    w.String(path_);
    w.EndObject();
    return out_.size() + 1 <= budget_ ? Flow::kOk : Flow::kOverBudget;  // + the closing ']'
  }

  const size_t budget_;
  const size_t max_level_;
  std::string out_;
  std::string path_;
  size_t entries_ = 0;
};

}  // namespace

Result<std::string> DiffChanges(std::string_view changes_json) {
  if (changes_json.empty()) return std::string();
  thread_local simdjson::dom::parser parser;
  if (parser.max_depth() != kParserMaxDepth &&
      parser.allocate(changes_json.size(), kParserMaxDepth) != simdjson::SUCCESS) {
    return Status::ResourceExhausted("changes: cannot allocate the JSON parser");
  }
  element root;
  if (auto err = parser.parse(changes_json.data(), changes_json.size(), true).get(root);
      err != simdjson::SUCCESS) {
    return Status::InvalidArgument(
        fmt::format("changes: malformed JSON ({})", simdjson::error_message(err)));
  }
  // Stored changes pass the check; other input is rewritten by core's rules
  // (or refused with the rule it breaks) and read again.
  size_t canonical_size = changes_json.size();
  std::string canonical;
  if (!IsCanonicalChanges(root)) {
    FieldError error;
    if (!CanonicalizeChanges(root, &canonical, &error)) {
      return Status::InvalidArgument(
          fmt::format("{}: {}", EscapeControlBytes(error.field), error.problem));
    }
    if (canonical.empty()) return std::string();  // {} or null halves: no changes
    if (parser.parse(canonical.data(), canonical.size(), true).get(root) != simdjson::SUCCESS) {
      return Status::Internal("changes: canonical text does not parse back");
    }
    canonical_size = std::max(canonical_size, canonical.size());
  }

  std::optional<element> before, after;
  const object halves = root.get_object().value_unsafe();
  for (auto [key, value] : halves) (key == "before" ? before : after) = value;

  const size_t budget = 2 * canonical_size + kDiffSlackBytes;
  // Finest first; the last (one entry, at most the canonical text plus a few
  // dozen bytes) always fits.
  for (const size_t max_level : {std::numeric_limits<size_t>::max(), size_t{1}, size_t{0}}) {
    DiffBuilder builder(budget, max_level);
    if (builder.Halves(before ? &*before : nullptr, after ? &*after : nullptr) || max_level == 0) {
      return std::move(builder).Finish();
    }
  }
  return std::string();  // not reached: the level-0 pass always returns
}

}  // namespace vigil::enrich
