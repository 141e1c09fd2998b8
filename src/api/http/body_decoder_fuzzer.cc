// libFuzzer target for request bodies and their headers (bytes every client
// controls): BodyDecoder must never crash, never return more than its limit,
// and never hang; MediaType::Parse and the events Content-Type check must
// only ever fail with InvalidArgument. Build with the `fuzz` preset; run e.g.
//   build/fuzz/src/api/http/body_decoder_fuzzer -max_len=65536 -max_total_time=60
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/http/body_decoder.h"
#include "api/http/media_type.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  static constexpr std::string_view kEncodings[] = {"gzip", "deflate", "zstd", "identity"};
  vigil::api::BodyDecoder::Options options;
  options.max_decoded_bytes = 1 << 20;
  vigil::api::BodyDecoder decoder(options);
  vigil::api::DecodedBody body = decoder.Decode(kEncodings[data[0] % 4], input);
  if (body.ok() && body.text().size() > options.max_decoded_bytes) std::abort();
  if (!body.ok() && body.message().empty()) std::abort();

  auto media = vigil::api::MediaType::Parse(input);
  if (!media.ok() && !media.status().IsInvalidArgument()) std::abort();
  auto check = vigil::api::CheckEventsContentType(input);
  if (!check.ok() && !check.status().IsInvalidArgument()) std::abort();
  return 0;
}
