#include "enrich/catalog_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <regex>
#include <vector>

// valijson reports a schema it cannot compile by exception only when asked
// to; otherwise it aborts the process.
#define VALIJSON_USE_EXCEPTIONS 1
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace vigil::enrich {

struct CatalogSchema::Compiled {
  std::string text;
  nlohmann::json document;  // what `schema` was built from (resolves paths in messages)
  valijson::Schema schema;
};

namespace {

using OrderedJson = nlohmann::ordered_json;

// The keywords of JSON Schema draft 7 (core and validation vocabularies).
constexpr std::string_view kKeywords[] = {
    // core and annotations
    "$schema", "$id", "$ref", "$comment", "definitions", "title", "description", "default",
    "examples", "readOnly", "writeOnly",
    // any value
    "type", "enum", "const", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    // numbers
    "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    // strings
    "maxLength", "minLength", "pattern", "format", "contentMediaType", "contentEncoding",
    // arrays
    "items", "additionalItems", "maxItems", "minItems", "uniqueItems", "contains",
    // objects
    "maxProperties", "minProperties", "required", "properties", "patternProperties",
    "additionalProperties", "dependencies", "propertyNames"};

constexpr std::string_view kTypes[] = {"array",  "boolean", "integer", "null",
                                       "number", "object",  "string"};

constexpr int kMaxDepth = 64;  // nesting of a schema or a checked value

// Whether v nests at most `limit` levels deep (bounds the recursion below and
// valijson's).
template <typename J>
bool NestsAtMost(const J& v, int limit) {
  if (!v.is_structured()) return true;
  if (limit == 0) return false;
  return std::all_of(v.begin(), v.end(),
                     [&](const J& item) { return NestsAtMost(item, limit - 1); });
}

std::string Join(std::string_view path, std::string_view member) {
  if (path.empty()) return std::string(member);
  return fmt::format("{}.{}", path, member);
}

std::string Index(std::string_view path, size_t i) { return fmt::format("{}[{}]", path, i); }

// A schema error: where (relative to the schema root) and what.
struct SchemaError {
  std::string path;
  std::string problem;
};

std::string JoinWords(std::span<const std::string_view> words) {
  std::string out;
  for (std::string_view w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

bool CheckRegex(const std::string& re, std::string_view path, SchemaError* error) {
  try {
    std::regex compiled(re, std::regex::ECMAScript);
    (void)compiled;
    return true;
  } catch (const std::regex_error& e) {
    *error = {std::string(path), fmt::format("invalid regular expression {:?}: {}", re, e.what())};
    return false;
  }
}

bool CheckSchema(const OrderedJson& s, const std::string& path, SchemaError* error);

bool CheckType(const OrderedJson& v, const std::string& path, SchemaError* error) {
  auto one = [&](const OrderedJson& t, const std::string& where) {
    if (t.is_string() && std::find(std::begin(kTypes), std::end(kTypes),
                                   t.get_ref<const std::string&>()) != std::end(kTypes)) {
      return true;
    }
    *error = {where,
              fmt::format("{} is not a JSON Schema type (one of {})", t.dump(), JoinWords(kTypes))};
    return false;
  };
  if (!v.is_array()) return one(v, path);
  for (size_t i = 0; i < v.size(); ++i) {
    if (!one(v[i], Index(path, i))) return false;
  }
  return true;
}

// Each member of an object of schemas (properties, definitions, …).
bool CheckSchemaMap(const OrderedJson& v, const std::string& path, bool keys_are_regexes,
                    SchemaError* error) {
  if (!v.is_object()) {
    *error = {path, "must be an object of schemas"};
    return false;
  }
  for (const auto& [name, sub] : v.items()) {
    const std::string where = Join(path, name);
    if (keys_are_regexes && !CheckRegex(name, where, error)) return false;
    if (!CheckSchema(sub, where, error)) return false;
  }
  return true;
}

bool CheckSchemaList(const OrderedJson& v, const std::string& path, SchemaError* error) {
  if (!v.is_array() || v.empty()) {
    *error = {path, "must be a non-empty array of schemas"};
    return false;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    if (!CheckSchema(v[i], Index(path, i), error)) return false;
  }
  return true;
}

// The checks JSON Schema leaves out (see the header); valijson does the rest.
bool CheckSchema(const OrderedJson& s, const std::string& path, SchemaError* error) {
  if (s.is_boolean()) return true;  // draft 7: true allows anything, false nothing
  if (!s.is_object()) {
    *error = {path, "must be a schema (an object or a boolean)"};
    return false;
  }
  for (const auto& [key, v] : s.items()) {
    const std::string where = Join(path, key);
    if (std::find(std::begin(kKeywords), std::end(kKeywords), key) == std::end(kKeywords)) {
      *error = {where, fmt::format("unknown JSON Schema keyword {:?}", key)};
      return false;
    }
    bool ok = true;
    if (key == "type") {
      ok = CheckType(v, where, error);
    } else if (key == "properties" || key == "definitions") {
      ok = CheckSchemaMap(v, where, false, error);
    } else if (key == "patternProperties") {
      ok = CheckSchemaMap(v, where, true, error);
    } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
      ok = CheckSchemaList(v, where, error);
    } else if (key == "items") {
      ok = v.is_array() ? CheckSchemaList(v, where, error) : CheckSchema(v, where, error);
    } else if (key == "additionalProperties" || key == "additionalItems" || key == "contains" ||
               key == "propertyNames" || key == "if" || key == "then" || key == "else" ||
               key == "not") {
      ok = CheckSchema(v, where, error);
    } else if (key == "dependencies") {
      if (!v.is_object()) {
        *error = {where, "must be an object"};
        return false;
      }
      for (const auto& [name, dep] : v.items()) {
        if (!dep.is_array() && !CheckSchema(dep, Join(where, name), error)) return false;
      }
    } else if (key == "required") {
      if (!v.is_array() ||
          !std::all_of(v.begin(), v.end(), [](auto& r) { return r.is_string(); })) {
        *error = {where, "must be an array of property names"};
        return false;
      }
    } else if (key == "enum") {
      if (!v.is_array()) {
        *error = {where, "must be an array of values"};
        return false;
      }
    } else if (key == "pattern") {
      if (!v.is_string()) {
        *error = {where, "must be a string"};
        return false;
      }
      ok = CheckRegex(v.get<std::string>(), where, error);
    } else if (key == "$ref") {
      if (!v.is_string() || !v.get_ref<const std::string&>().starts_with("#")) {
        *error = {where, "must point into the schema itself (\"#/definitions/…\")"};
        return false;
      }
    }
    if (!ok) return false;
  }
  return true;
}

// "Object contains a property …." → "object contains a property …"
std::string Sentence(std::string_view valijson_message) {
  std::string s(valijson_message);
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

// The number at the end of a valijson message ("… than or equal to 1.000000"),
// in its shortest form ("1").
std::string TrailingNumber(std::string_view message) {
  if (!message.empty() && message.back() == '.') message.remove_suffix(1);
  const size_t space = message.rfind(' ');
  const std::string text(message.substr(space == std::string_view::npos ? 0 : space + 1));
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return text;
  return fmt::format("{}", v);
}

// N in "… no more than N characters in length."
std::string_view NumberAfterThan(std::string_view message) {
  const size_t at = message.find("than ");
  if (at == std::string_view::npos) return "?";
  std::string_view rest = message.substr(at + 5);
  return rest.substr(0, rest.find(' '));
}

// The JSON Schema type name of a value.
std::string_view TypeName(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "integer";
    case nlohmann::json::value_t::number_float:
      return "number";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::array:
      return "array";
    default:
      return "object";
  }
}

// Follows a local $ref ("#/definitions/x") to the schema it names.
const nlohmann::json* Deref(const nlohmann::json& root, const nlohmann::json* s) {
  for (int hops = 0; hops < 16 && s != nullptr && s->is_object() && s->contains("$ref"); ++hops) {
    const auto& ref = (*s)["$ref"];
    if (!ref.is_string()) return s;
    try {
      const nlohmann::json::json_pointer pointer(ref.get<std::string>().substr(1));
      s = root.contains(pointer) ? &root.at(pointer) : nullptr;
    } catch (const nlohmann::json::exception&) {
      return nullptr;
    }
  }
  return s;
}

// One failing value: where (valijson's context: "<root>", then "[key]" or
// "[index]" per level) and valijson's description.
struct Failure {
  std::vector<std::string> context;
  std::string description;
};

// The failure to report: the first one, skipping the messages that only say
// a child failed ("Failed to validate against schema associated with property
// name 'x'") and, for anyOf and oneOf, the failures inside their branches
// (which branch was meant is unknowable; the summary stands for them).
const Failure* FirstFailure(const std::vector<Failure>& all) {
  constexpr std::string_view kWrappers[] = {
      "Failed to validate against schema associated with property name",
      "Failed to validate against schema associated with pattern",
      "Failed to validate against additional properties schema",
      "Failed to validate against child schema #",
      "Failed to validate against dependent schema",
      "Failed to validate item #",
  };
  std::vector<const Failure*> kept;
  for (const Failure& f : all) {
    const std::string_view d = f.description;
    if (std::any_of(std::begin(kWrappers), std::end(kWrappers),
                    [&](std::string_view w) { return d.starts_with(w); })) {
      continue;
    }
    if (d.find("anyOf constraint") != std::string_view::npos ||
        d.find("oneOf constraint") != std::string_view::npos) {
      std::erase_if(kept, [&](const Failure* k) {
        return k->context.size() >= f.context.size() &&
               std::equal(f.context.begin(), f.context.end(), k->context.begin());
      });
    }
    kept.push_back(&f);
  }
  if (!kept.empty()) return kept.front();
  return all.empty() ? nullptr : &all.front();
}

// Walks one failure's context through the value and the schema: the value's
// dotted path, the value itself and the schema that applies to it (null when
// the path goes through a part of the schema too dynamic to follow, such as
// patternProperties).
struct Located {
  std::string path;
  const nlohmann::json* value = nullptr;
  const nlohmann::json* schema = nullptr;
};

Located Locate(const Failure& f, const nlohmann::json& value, const nlohmann::json& schema,
               std::string_view root) {
  Located at{std::string(root), &value, Deref(schema, &schema)};
  for (size_t i = 1; i < f.context.size(); ++i) {
    std::string_view seg = f.context[i];
    if (seg.size() >= 2 && seg.front() == '[' && seg.back() == ']') {
      seg = seg.substr(1, seg.size() - 2);
    }
    const nlohmann::json* s = at.schema;
    if (at.value != nullptr && at.value->is_array()) {
      size_t index = 0;
      std::from_chars(seg.data(), seg.data() + seg.size(), index);
      at.path += fmt::format("[{}]", index);
      at.value = index < at.value->size() ? &(*at.value)[index] : nullptr;
      if (s != nullptr && s->is_object() && s->contains("items")) {
        const auto& items = (*s)["items"];
        s = !items.is_array()                ? &items
            : index < items.size()           ? &items[index]
            : s->contains("additionalItems") ? &(*s)["additionalItems"]
                                             : nullptr;
      } else {
        s = nullptr;
      }
    } else {
      const std::string key(seg);
      at.path += "." + key;
      at.value = at.value != nullptr && at.value->is_object() && at.value->contains(key)
                     ? &(*at.value)[key]
                     : nullptr;
      if (s != nullptr && s->is_object() && s->contains("properties") &&
          (*s)["properties"].contains(key)) {
        s = &(*s)["properties"][key];
      } else if (s != nullptr && s->is_object() && s->contains("additionalProperties")) {
        s = &(*s)["additionalProperties"];
      } else {
        s = nullptr;
      }
    }
    at.schema = s == nullptr ? nullptr : Deref(schema, s);
  }
  return at;
}

// `keyword` of the schema that applies at `at`, when it has one.
const nlohmann::json* Keyword(const Located& at, const char* keyword) {
  if (at.schema == nullptr || !at.schema->is_object() || !at.schema->contains(keyword)) {
    return nullptr;
  }
  return &(*at.schema)[keyword];
}

// "expected boolean, got string"
std::string TypeProblem(const Located& at) {
  const std::string_view got = at.value == nullptr ? "another type" : TypeName(*at.value);
  const nlohmann::json* type = Keyword(at, "type");
  if (type == nullptr) return fmt::format("{} is not a type the schema allows", got);
  std::string expected;
  const auto add = [&](const nlohmann::json& t, bool last) {
    if (!expected.empty()) expected += last ? " or " : ", ";
    expected += t.is_string() ? t.get<std::string>() : t.dump();
  };
  if (type->is_array()) {
    for (size_t i = 0; i < type->size(); ++i) add((*type)[i], i + 1 == type->size());
  } else {
    add(*type, true);
  }
  return fmt::format("expected {}, got {}", expected, got);
}

// "must be one of "password", "sso""
std::string EnumProblem(const Located& at) {
  const nlohmann::json* values = Keyword(at, "enum");
  if (values == nullptr || !values->is_array()) return "not one of the allowed values";
  constexpr size_t kShown = 12;
  std::string list;
  for (size_t i = 0; i < values->size() && i < kShown; ++i) {
    if (!list.empty()) list += ", ";
    list += (*values)[i].dump();
  }
  if (values->size() > kShown) list += ", …";
  return "must be one of " + list;
}

// The message for one failure: the value's path and the broken rule.
std::string Describe(const Failure& f, const nlohmann::json& value, const nlohmann::json& schema,
                     std::string_view root) {
  Located at = Locate(f, value, schema, root);
  const std::string_view d = f.description;
  auto quoted_name = [&]() -> std::string {  // the last 'name' in "… property 'name'."
    const size_t close = d.rfind('\'');
    const size_t open = close == 0 || close == std::string_view::npos ? std::string_view::npos
                                                                      : d.rfind('\'', close - 1);
    return open == std::string_view::npos ? std::string()
                                          : std::string(d.substr(open + 1, close - open - 1));
  };
  std::string problem;
  if (d.starts_with("Value type not permitted")) {
    problem = TypeProblem(at);
  } else if (d.starts_with("Missing required property")) {
    at.path += "." + quoted_name();
    problem = "required";
  } else if (d.starts_with("Object contains a property that could not be validated")) {
    at.path += "." + quoted_name();
    problem = "not a property the schema allows";
  } else if (d.starts_with("Failed to match against any enum values")) {
    problem = EnumProblem(at);
  } else if (d.starts_with("Failed to match expected value set by 'const'")) {
    const nlohmann::json* c = Keyword(at, "const");
    problem = c == nullptr ? "not the required constant" : "must be " + c->dump();
  } else if (d.starts_with("Expected number greater than or equal to")) {
    problem = "must be >= " + TrailingNumber(d);
  } else if (d.starts_with("Expected number greater than")) {
    problem = "must be > " + TrailingNumber(d);
  } else if (d.starts_with("Expected number less than or equal to")) {
    problem = "must be <= " + TrailingNumber(d);
  } else if (d.starts_with("Expected number less than")) {
    problem = "must be < " + TrailingNumber(d);
  } else if (d.starts_with("Failed to match regex specified by 'pattern'")) {
    const nlohmann::json* p = Keyword(at, "pattern");
    problem = p == nullptr ? "does not match the schema's pattern"
                           : "must match the pattern " + p->dump();
  } else if (d.find("anyOf constraint") != std::string_view::npos) {
    problem = "matches none of the schemas of anyOf";
  } else if (d.find("oneOf constraint") != std::string_view::npos) {
    problem = "matches none of the schemas of oneOf";
  } else if (d.starts_with("Failed to validate against exactly one child schema")) {
    problem = "matches more than one of the schemas of oneOf";
  } else if (d.starts_with("String should be no more than")) {
    problem = fmt::format("must be at most {} characters long", NumberAfterThan(d));
  } else if (d.starts_with("String should be no fewer than")) {
    problem = fmt::format("must be at least {} characters long", NumberAfterThan(d));
  } else if (d.starts_with("Array should contain no more than")) {
    problem = fmt::format("must have at most {} items", NumberAfterThan(d));
  } else if (d.starts_with("Array should contain no fewer than")) {
    problem = fmt::format("must have at least {} items", NumberAfterThan(d));
  } else if (d.starts_with("Object should have no more than")) {
    problem = fmt::format("must have at most {} properties", NumberAfterThan(d));
  } else if (d.starts_with("Object should have no fewer than")) {
    problem = fmt::format("must have at least {} properties", NumberAfterThan(d));
  } else if (d.starts_with("String should be a valid")) {
    problem = "must be a valid " +
              Sentence(d.substr(std::string_view("String should be a valid ").size()));
  } else {
    problem = Sentence(d);
  }
  return fmt::format("{}: {}", at.path, problem);
}

}  // namespace

CatalogSchema::CatalogSchema(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
CatalogSchema::~CatalogSchema() = default;

const std::string& CatalogSchema::json() const { return compiled_->text; }

Result<std::shared_ptr<const CatalogSchema>> CatalogSchema::Compile(std::string_view schema_json,
                                                                    std::string* error_path) {
  const auto fail = [&](std::string path, std::string_view problem) -> Status {
    std::string message =
        path.empty() ? std::string(problem) : fmt::format("{}: {}", path, problem);
    if (error_path != nullptr) *error_path = std::move(path);
    return Status::InvalidArgument(std::move(message));
  };
  if (error_path != nullptr) error_path->clear();
  OrderedJson ordered;
  try {
    ordered = OrderedJson::parse(schema_json);
  } catch (const nlohmann::json::parse_error& e) {
    return fail("", fmt::format("invalid JSON at offset {}", e.byte - 1));
  }
  if (!ordered.is_object()) return fail("", "a schema must be an object");
  if (!NestsAtMost(ordered, kMaxDepth)) {
    return fail("", fmt::format("nested more than {} levels deep", kMaxDepth));
  }
  SchemaError error;
  if (!CheckSchema(ordered, "", &error)) return fail(error.path, error.problem);

  auto compiled = std::make_unique<Compiled>();
  compiled->text = std::string(schema_json);
  compiled->document = nlohmann::json(ordered);
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(compiled->document);
    parser.populateSchema(adapter, compiled->schema);
  } catch (const std::exception& e) {
    return fail("", fmt::format("not a valid JSON Schema: {}", Sentence(e.what())));
  }
  return std::shared_ptr<const CatalogSchema>(new CatalogSchema(std::move(compiled)));
}

Status CatalogSchema::Validate(std::string_view json, std::string_view root) const {
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument(fmt::format("{}: invalid JSON at offset {}", root, e.byte - 1));
  }
  if (!NestsAtMost(value, kMaxDepth)) {
    return Status::InvalidArgument(
        fmt::format("{}: nested more than {} levels deep", root, kMaxDepth));
  }
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(value);
  try {
    if (validator.validate(compiled_->schema, adapter, &results)) return Status::Ok();
  } catch (const std::exception& e) {  // std::regex gives up on some inputs
    return Status::InvalidArgument(
        fmt::format("{}: could not be checked against the schema: {}", root, e.what()));
  }
  std::vector<Failure> failures;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) failures.push_back({std::move(e.context), std::move(e.description)});
  const Failure* first = FirstFailure(failures);
  if (first == nullptr) {
    return Status::InvalidArgument(fmt::format("{}: does not match the schema", root));
  }
  return Status::InvalidArgument(Describe(*first, value, compiled_->document, root));
}

}  // namespace vigil::enrich
