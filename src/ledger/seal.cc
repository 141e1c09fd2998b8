#include "ledger/seal.h"

#include <openssl/rand.h>

#include <cstring>
#include <new>

#include "core/base64.h"
#include "core/event_fields.h"
#include "core/event_json.h"
#include "core/json_writer.h"

namespace vigil::ledger {
namespace {

constexpr size_t kSaltBytes = 16;

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

// The sealed_json of e's values under key_bytes, appended to out.
void AppendCommitments(const Event& e, std::string_view key_bytes, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  std::string value;
  for (size_t i = 0; i < kPersonalFields.size(); ++i) {
    value.clear();
    if (!AppendPersonalValue(e, i, &value)) continue;
    const Hash c = FieldCommitment(key_bytes, kPersonalFields[i], value);
    w.Key(kPersonalFields[i]);
    w.String(Base64Encode(std::string_view(reinterpret_cast<const char*>(c.data()), c.size())));
  }
  w.EndObject();
}

// e's sealed_json into *out (cleared first): empty when e has nothing to seal.
Status SealedJson(const Event& e, std::string* out) {
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
  std::string key_bytes;
  if (!Base64Decode(e.seal.key, &key_bytes) || key_bytes.size() != kSealKeyBytes) {
    return Status::InvalidArgument("event " + e.id + ": seal.key is not base64 of 16 bytes");
  }
  AppendCommitments(e, key_bytes, out);
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
  if (e->seal.empty() && HasPersonalValue(*e)) e->seal.key = NewSealKey();
}

Hash FieldCommitment(std::string_view key_bytes, std::string_view path, std::string_view value) {
  // One-shot hashes over a reused buffer: no digest context per field.
  thread_local std::string buf;
  buf.assign(key_bytes);
  buf.append(path);
  const Hash salt_hash = Sha256(buf);
  buf.assign(reinterpret_cast<const char*>(salt_hash.data()), kSaltBytes);
  buf.append(value);
  return Sha256(buf);
}

Status AppendLeafBytes(const Event& e, std::string* out) {
  std::string sealed;
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

Status Redact(Event* e) {
  if (!e->seal.redacted_json.empty() || !HasPersonalValue(*e)) return Status::Ok();
  std::string sealed;
  RETURN_IF_ERROR(SealedJson(*e, &sealed));
  for (size_t i = 0; i < kPersonalFields.size(); ++i) ClearPersonalValue(e, i);
  e->seal.key.clear();
  e->seal.redacted_json = std::move(sealed);
  return Status::Ok();
}

}  // namespace vigil::ledger
