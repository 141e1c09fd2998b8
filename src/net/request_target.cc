#include "net/request_target.h"

#include <boost/url/encode.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <string>

namespace vigil::net {
namespace {

namespace urls = boost::urls;

// Characters that stand for themselves in an origin-form target; '%' is
// handled apart, since its escapes must be valid.
constexpr urls::grammar::lut_chars kTargetChars = urls::pchars + urls::grammar::lut_chars("/?");

bool Literal(char c) { return c == '%' || kTargetChars(c); }

// The target with every byte outside kTargetChars and '%' percent-encoded.
std::string EscapeStrayBytes(std::string_view target) {
  std::string out;
  out.reserve(target.size() + 16);
  size_t i = 0;
  while (i < target.size()) {
    size_t j = i;
    while (j < target.size() && Literal(target[j])) ++j;
    out.append(target.substr(i, j - i));
    i = j;
    while (j < target.size() && !Literal(target[j])) ++j;
    if (j > i) out += urls::encode(target.substr(i, j - i), kTargetChars);
    i = j;
  }
  return out;
}

}  // namespace

Status ParseRequestTarget(std::string_view target, HttpRequest* request) {
  request->path.clear();
  request->segments.clear();
  request->query.clear();
  if (target == "*") {
    request->path = "*";
    return Status::Ok();
  }
  std::string escaped;
  bool stray = false;
  for (char c : target) stray |= !Literal(c);
  if (stray) {
    escaped = EscapeStrayBytes(target);
    target = escaped;
  }

  // Every byte is now allowed in origin-form, so only a bad escape fails there.
  const bool origin_form = target.starts_with('/');
  urls::result<urls::url_view> parsed =
      origin_form ? urls::parse_origin_form(target) : urls::parse_absolute_uri(target);
  if (!parsed) {
    return Status::InvalidArgument(
        origin_form ? "request target: bad percent-encoding (" + parsed.error().message() +
                          "): '%' must be followed by two hex digits"
                    : "request target: neither a path starting with '/' nor an absolute URI");
  }
  const urls::url_view& url = *parsed;
  if (!origin_form && url.scheme_id() != urls::scheme::http &&
      url.scheme_id() != urls::scheme::https) {
    return Status::InvalidArgument("request target: absolute URI with a scheme other than http(s)");
  }
  request->path = url.path();
  if (request->path.empty()) request->path = "/";
  if (request->path.find('\0') != std::string::npos) {
    return Status::InvalidArgument("request target: path contains %00");
  }
  for (std::string segment : url.segments()) request->segments.push_back(std::move(segment));
  if (request->segments.empty()) request->segments.emplace_back();
  if (url.has_query()) {
    for (const urls::param& p : url.params(urls::encoding_opts(/*space_as_plus=*/true))) {
      if (p.key.empty() && !p.has_value) continue;
      request->query.emplace_back(p.key, p.value);
    }
  }
  return Status::Ok();
}

}  // namespace vigil::net
