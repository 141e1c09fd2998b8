#include "ledger/seal.h"

#include <openssl/rand.h>

#include <cstring>
#include <new>
#include <optional>

#include "core/base64.h"
#include "core/canonical_json_paths.h"
#include "core/event_fields.h"
#include "core/event_json.h"

namespace vigil::ledger {
namespace {

constexpr size_t kSaltBytes = 16;

// A per-thread buffer for a personal value (reused: no allocation per field).
std::string& Scratch() {
  thread_local std::string s;
  return s;
}

// Random bytes drawn from OpenSSL in blocks: one RAND_bytes call per 256
// keys instead of one per event.
class RandomPool {
 public:
  void Take(unsigned char* out, size_t n) {
    if (used_ + n > sizeof(buf_)) {
      if (RAND_bytes(buf_, sizeof(buf_)) != 1) throw std::bad_alloc();  // no entropy: cannot go on
      used_ = 0;
    }
    std::memcpy(out, buf_ + used_, n);
    std::memset(buf_ + used_, 0, n);  // a key is handed out once
    used_ += n;
  }

 private:
  unsigned char buf_[4096];
  size_t used_ = sizeof(buf_);
};

// The sealed_json of e's values under key_bytes, appended to out. Written by
// hand (the keys are plain ASCII, the values base64): this runs for every
// event at ingest and in `vigil verify`. geo_bytes: geo's canonical object
// when the caller has it at hand (else it is serialized here).
void AppendCommitments(const Event& e, std::string_view key_bytes, std::string_view geo_bytes,
                       std::string* out) {
  out->push_back('{');
  bool first = true;
  std::string& value = Scratch();
  static_assert(kPersonalFields[4] == "geo");
  for (size_t i = 0; i < kPersonalFields.size(); ++i) {
    value.clear();
    if (i == 4 && !geo_bytes.empty()) {
      value.assign(geo_bytes);
    } else if (!AppendPersonalValue(e, i, &value)) {
      continue;
    }
    if (!first) out->push_back(',');
    first = false;
    out->push_back('"');
    out->append(kPersonalFields[i]);
    out->append("\":\"");
    AppendBase64(HashBytes(FieldCommitment(key_bytes, kPersonalFields[i], value)), out);
    out->push_back('"');
  }
  // Then the sealed metadata paths (sorted, and after "geo" bytewise).
  if (!e.seal.paths_json.empty()) {
    for (const std::string& path : SealedMetadataPaths(e)) {
      const std::optional<std::string_view> v = CanonicalValueAt(
          e.metadata_json, std::string_view(path).substr(kMetadataPathPrefix.size()));
      if (!v) continue;  // the parser refuses a listed path without a value
      if (!first) out->push_back(',');
      first = false;
      out->push_back('"');
      out->append(path);
      out->append("\":\"");
      AppendBase64(HashBytes(FieldCommitment(key_bytes, path, *v)), out);
      out->push_back('"');
    }
  }
  out->push_back('}');
}

// e's sealed_json into *out (cleared first): empty when e has nothing to seal.
// geo_bytes as for AppendCommitments.
Status SealedJson(const Event& e, std::string* out, std::string_view geo_bytes = {}) {
  out->clear();
  if (!e.seal.redacted_json.empty()) {
    out->assign(e.seal.redacted_json);
    return Status::Ok();
  }
  if (!HasPersonalValue(e)) return Status::Ok();
  if (e.seal.key.empty()) {
    return Status::InvalidArgument("event " + e.id +
                                   " holds personal values but no seal key: it was never sealed");
  }
  thread_local std::string key_bytes;
  if (!Base64Decode(e.seal.key, &key_bytes) || key_bytes.size() != kSealKeyBytes) {
    return Status::InvalidArgument("event " + e.id + ": seal.key is not base64 of 16 bytes");
  }
  AppendCommitments(e, key_bytes, geo_bytes, out);
  return Status::Ok();
}

}  // namespace

std::string NewSealKey() {
  thread_local RandomPool pool;
  unsigned char key[kSealKeyBytes];
  pool.Take(key, sizeof(key));
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(key), sizeof(key)));
}

void SealEvent(Event* e) {
  if (e->seal.key.empty() && e->seal.redacted_json.empty() && HasPersonalValue(*e)) {
    e->seal.key = NewSealKey();
  }
}

Hash FieldCommitment(std::string_view key_bytes, std::string_view path, std::string_view value) {
  thread_local Sha256Hasher h;  // one digest context per thread, no copy of the value
  h.Update(key_bytes);
  h.Update(path);
  const Hash salt_hash = h.Final();
  h.Update(HashBytes(salt_hash).substr(0, kSaltBytes));
  h.Update(value);
  return h.Final();
}

Status AppendLeafBytes(const Event& e, std::string* out) {
  thread_local std::string sealed;
  RETURN_IF_ERROR(SealedJson(e, &sealed));
  AppendSealedEvent(e, sealed, out);
  return Status::Ok();
}

Result<Hash> EventLeafHash(const Event& e) {
  thread_local std::string leaf;
  leaf.assign(1, '\0');  // RFC 9162 leaf prefix
  RETURN_IF_ERROR(AppendLeafBytes(e, &leaf));
  return Sha256(leaf);
}

Result<Hash> EventLeafHash(const Event& e, std::string_view canonical, const SealedCuts& cuts) {
  thread_local std::string sealed;
  const auto [geo_begin, geo_end] = cuts.geo_value;
  RETURN_IF_ERROR(SealedJson(e, &sealed, canonical.substr(geo_begin, geo_end - geo_begin)));
  thread_local std::string leaf;
  leaf.assign(1, '\0');  // RFC 9162 leaf prefix
  AppendSealedFromCanonical(canonical, cuts, sealed, &leaf);
  return Sha256(leaf);
}

Status Redact(Event* e) {
  if (!e->seal.redacted_json.empty() || !HasPersonalValue(*e)) return Status::Ok();
  std::string sealed;
  RETURN_IF_ERROR(SealedJson(*e, &sealed));
  for (size_t i = 0; i < kPersonalFields.size(); ++i) ClearPersonalValue(e, i);
  if (!e->seal.paths_json.empty()) {
    e->metadata_json = MetadataWithout(*e, RelativeMetadataPaths(SealedMetadataPaths(*e)));
    e->seal.paths_json.clear();
  }
  e->seal.key.clear();
  e->seal.redacted_json = std::move(sealed);
  return Status::Ok();
}

}  // namespace vigil::ledger
