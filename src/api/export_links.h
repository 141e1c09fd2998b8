// ExportLinks: short-lived, single-use download links for GET /v1/export.
//
// A browser saves a file natively, streaming it to disk, only when it
// navigates to a URL; it cannot send an Authorization header then. So a
// caller with the export scope asks for a link (POST /v1/export/links, the
// export's parameters in its query string) and the browser fetches the link
// (GET /v1/export/links/{id}) without credentials. The link stands for the
// caller's credential and exactly those parameters, nothing else:
//  - its id is 256 random bits ("dl_" + 43 base64url characters), kept only
//    as a SHA-256 hash, in this process's memory (never on disk);
//  - it can be used once, and only within kTtlMs of its minting;
//  - its use re-authenticates the stored credential (a key revoked or a
//    viewer token expired since then makes it fail) — the caller's job.
// At most kMaxPending links wait at a time; expired ones are dropped as new
// ones are made.
//
// Links live on the node that minted them: behind a load balancer, route
// /v1/export/links/* with affinity to that node (docs/scale-out.md).
//
// Thread-safe.
#pragma once

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"

namespace vigil::api {

class ExportLinks {
 public:
  static constexpr int64_t kTtlMs = 60'000;
  static constexpr size_t kMaxPending = 1024;
  static constexpr std::string_view kIdPrefix = "dl_";

  // What a link stands for.
  struct Grant {
    std::string authorization;  // the minting request's Authorization header value
    std::vector<std::pair<std::string, std::string>> query;  // the export's parameters
    int64_t expires_ms = 0;
  };

  // A new link's id for grant (its expires_ms is set to now_ms + kTtlMs).
  // Unavailable when kMaxPending unexpired links are waiting.
  Result<std::string> Create(Grant grant, int64_t now_ms);

  // The grant of link id, which is used up by this call. NotFound, with a
  // message saying links are single-use and short-lived, when id is not a
  // link's, was used or has expired.
  Result<Grant> Take(std::string_view id, int64_t now_ms);

  // The same without using the link up (for HEAD).
  Result<Grant> Peek(std::string_view id, int64_t now_ms) const;

 private:
  void DropExpired(int64_t now_ms) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::unordered_map<std::string, Grant> pending_ ABSL_GUARDED_BY(mu_);  // by SHA-256 of the id
};

}  // namespace vigil::api
