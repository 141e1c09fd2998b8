#include "api/auth/api_key_file.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <set>

#include "api/auth/auth_format.h"
#include "api/auth/binding_rules.h"
#include "api/auth/scopes.h"
#include "core/json_writer.h"
#include "core/timestamp.h"

namespace vigil::api {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

void WriteStringArray(JsonWriter& w, const std::vector<std::string>& values) {
  w.BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

void EncodeKey(const StoredApiKey& stored, std::string* out) {
  const ApiKey& k = stored.key;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("id");
  w.String(k.id);
  w.Key("name");
  w.String(k.name);
  w.Key("sha256");
  w.String(HexEncode(stored.hash));
  w.Key("scopes");
  WriteStringArray(w, ScopeNames(k.scopes));
  w.StringMember("tenant", k.tenant);
  if (!k.environments.empty()) {
    w.Key("environments");
    WriteStringArray(w, k.environments);
  }
  w.Key("created_at");
  w.String(FormatRfc3339(k.created_at_ms));
  w.Key("created_by");
  w.String(k.created_by);
  if (k.revoked_at_ms) {
    w.Key("revoked_at");
    w.String(FormatRfc3339(*k.revoked_at_ms));
  }
  w.EndObject();
}

// Decodes one key object. Errors are Corruption "field: problem", or
// ": problem" for the object itself.
class KeyDecoder {
 public:
  explicit KeyDecoder(StoredApiKey* out) : out_(out) {}

  Status Decode(element value) {
    object obj;
    if (value.get_object().get(obj) != simdjson::SUCCESS) return Fail("", "expected an object");
    bool has_hash = false;
    bool has_scopes = false;
    bool has_created_at = false;
    std::set<std::string_view> seen;
    for (auto [key, member] : obj) {
      if (!seen.insert(key).second) return Fail(key, "appears twice");
      if (key == "id") {
        RETURN_IF_ERROR(String(key, member, &out_->key.id));
        if (!out_->key.id.starts_with(kApiKeyIdPrefix) ||
            out_->key.id.size() != kApiKeyIdPrefix.size() + kPublicIdRandomChars) {
          return Fail(key, "expected \"key_\" and 16 characters");
        }
      } else if (key == "name") {
        RETURN_IF_ERROR(String(key, member, &out_->key.name));
        RETURN_IF_ERROR(Check(ValidateKeyName(out_->key.name)));
      } else if (key == "sha256") {
        std::string hex;
        RETURN_IF_ERROR(String(key, member, &hex));
        if (!HexDecode(hex, &out_->hash)) return Fail(key, "expected 64 lower-case hex digits");
        has_hash = true;
      } else if (key == "scopes") {
        std::vector<std::string> names;
        RETURN_IF_ERROR(StringArray(key, member, &names));
        for (const std::string& name : names) {
          std::optional<Scope> scope = ScopeFromName(name);
          if (!scope) return Fail(key, fmt::format("unknown scope \"{}\"", name.substr(0, 64)));
          out_->key.scopes |= ScopeBit(*scope);
        }
        if (out_->key.scopes == 0) return Fail(key, "empty");
        has_scopes = true;
      } else if (key == "tenant") {
        RETURN_IF_ERROR(String(key, member, &out_->key.tenant));
        RETURN_IF_ERROR(Check(ValidateTenant(out_->key.tenant)));
      } else if (key == "environments") {
        RETURN_IF_ERROR(StringArray(key, member, &out_->key.environments));
        RETURN_IF_ERROR(Check(NormalizeEnvironments(&out_->key.environments)));
      } else if (key == "created_at") {
        RETURN_IF_ERROR(Time(key, member, &out_->key.created_at_ms));
        has_created_at = true;
      } else if (key == "created_by") {
        RETURN_IF_ERROR(String(key, member, &out_->key.created_by));
        if (out_->key.created_by.empty()) return Fail(key, "empty");
      } else if (key == "revoked_at") {
        int64_t ms = 0;
        RETURN_IF_ERROR(Time(key, member, &ms));
        out_->key.revoked_at_ms = ms;
      } else {
        return Fail(key, "unknown member");
      }
    }
    if (out_->key.id.empty()) return Fail("id", "missing");
    if (out_->key.name.empty()) return Fail("name", "missing");
    if (!has_hash) return Fail("sha256", "missing");
    if (!has_scopes) return Fail("scopes", "missing");
    if (!has_created_at) return Fail("created_at", "missing");
    if (out_->key.created_by.empty()) return Fail("created_by", "missing");
    return Status::Ok();
  }

 private:
  static Status Fail(std::string_view field, std::string_view problem) {
    if (field.empty()) return Status::Corruption(fmt::format(": {}", problem));
    return Status::Corruption(fmt::format("{}: {}", field, problem));
  }

  // A validation error (which already names the field) as Corruption.
  static Status Check(const Status& s) {
    if (s.ok()) return s;
    return Status::Corruption(s.message());
  }

  static Status String(std::string_view field, element value, std::string* out) {
    std::string_view s;
    if (value.get_string().get(s) != simdjson::SUCCESS) return Fail(field, "expected a string");
    out->assign(s);
    return Status::Ok();
  }

  static Status StringArray(std::string_view field, element value, std::vector<std::string>* out) {
    array arr;
    if (value.get_array().get(arr) != simdjson::SUCCESS) return Fail(field, "expected an array");
    for (element item : arr) {
      std::string_view s;
      if (item.get_string().get(s) != simdjson::SUCCESS) {
        return Fail(field, "expected an array of strings");
      }
      out->emplace_back(s);
    }
    return Status::Ok();
  }

  static Status Time(std::string_view field, element value, int64_t* out) {
    std::string text;
    RETURN_IF_ERROR(String(field, value, &text));
    Result<int64_t> ms = ParseRfc3339(text);
    if (!ms.ok()) return Fail(field, ms.status().message());
    *out = *ms;
    return Status::Ok();
  }

  StoredApiKey* out_;
};

}  // namespace

std::string EncodeApiKeyFile(const std::vector<StoredApiKey>& keys) {
  std::string out = "{\"format\":";
  AppendJsonString(kApiKeyFileFormat, &out);
  out += fmt::format(",\"version\":{},\"keys\":[", kApiKeyFileVersion);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('\n');
    EncodeKey(keys[i], &out);
  }
  out += "\n]}\n";
  return out;
}

Result<std::vector<StoredApiKey>> DecodeApiKeyFile(std::string_view text, std::string_view path) {
  const auto corrupt = [&](std::string_view problem) {
    return Status::Corruption(fmt::format("{}: {}", path, problem));
  };
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(text);
  element root;
  if (simdjson::error_code err = parser.parse(padded).get(root); err != simdjson::SUCCESS) {
    return corrupt(fmt::format("malformed JSON ({})", simdjson::error_message(err)));
  }
  object top;
  if (root.get_object().get(top) != simdjson::SUCCESS) return corrupt("expected a JSON object");
  std::string_view format;
  if (top["format"].get_string().get(format) != simdjson::SUCCESS || format != kApiKeyFileFormat) {
    return corrupt(fmt::format("format: expected \"{}\"", kApiKeyFileFormat));
  }
  int64_t version = 0;
  if (top["version"].get_int64().get(version) != simdjson::SUCCESS) {
    return corrupt("version: expected an integer");
  }
  if (version != kApiKeyFileVersion) {
    return corrupt(fmt::format("version {} is not supported (this vigil reads version {})", version,
                               kApiKeyFileVersion));
  }
  array keys;
  if (top["keys"].get_array().get(keys) != simdjson::SUCCESS) {
    return corrupt("keys: expected an array");
  }
  for (auto [key, value] : top) {
    (void)value;
    if (key != "format" && key != "version" && key != "keys") {
      return corrupt(fmt::format("{}: unknown member", key.substr(0, 64)));
    }
  }
  std::vector<StoredApiKey> out;
  std::set<std::string> ids;
  std::set<Sha256Digest> hashes;
  size_t index = 0;
  for (element value : keys) {
    StoredApiKey stored;
    Status s = KeyDecoder(&stored).Decode(value);
    if (!s.ok()) {
      const std::string_view sep = s.message().starts_with(':') ? "" : ".";
      return corrupt(fmt::format("keys[{}]{}{}", index, sep, s.message()));
    }
    if (!ids.insert(stored.key.id).second) {
      return corrupt(fmt::format("keys[{}].id: {} appears twice", index, stored.key.id));
    }
    if (!hashes.insert(stored.hash).second) {
      return corrupt(fmt::format("keys[{}].sha256: the same hash appears twice", index));
    }
    out.push_back(std::move(stored));
    ++index;
  }
  return out;
}

}  // namespace vigil::api
