// libFuzzer target: Authorization header values through the Authenticator
// (API key checks, viewer token shape and MAC), and the viewer-token claims
// parser directly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/auth/authenticator.h"

namespace {

struct Fixture {
  Fixture() {
    auto opened_keys = vigil::api::ApiKeyStore::Open(vigil::DefaultFileSystem(), dir);
    auto opened_tokens = vigil::api::ViewerTokenSigner::Open(vigil::DefaultFileSystem(), dir);
    if (!opened_keys.ok() || !opened_tokens.ok()) std::abort();
    keys = std::move(opened_keys).value();
    tokens = std::move(opened_tokens).value();
    auth = std::make_unique<vigil::api::Authenticator>(keys.get(), tokens.get());
  }
  // Nothing is written (no key is created, no token minted), so the
  // directory need not exist: both open empty.
  std::string dir = "/nonexistent/vigil-auth-fuzz";
  int64_t now_ms = 1795254300000;
  std::unique_ptr<vigil::api::ApiKeyStore> keys;
  std::unique_ptr<vigil::api::ViewerTokenSigner> tokens;
  std::unique_ptr<vigil::api::Authenticator> auth;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)fixture.auth->Authenticate(input, fixture.now_ms);
  (void)fixture.auth->AuthenticateBearer(input, fixture.now_ms);
  (void)fixture.tokens->Verify(input, fixture.now_ms);
  // The claims parser, which Verify reaches only behind a genuine MAC.
  (void)vigil::api::DecodeViewerTokenClaims(input);
  return 0;
}
