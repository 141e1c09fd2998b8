#include "gen/metadata_values.h"

#include <iterator>

#include "core/json_writer.h"

namespace vigil::gen {
namespace {

template <size_t N>
std::string_view Pick(const std::string_view (&choices)[N], SplitMix64& rng) {
  return choices[rng.Below(N)];
}

constexpr std::string_view kClients[] = {"web", "web", "web", "desktop", "mobile"};
constexpr std::string_view kAuthMethods[] = {"password", "password", "sso",
                                             "google",   "github",   "magic_link"};
constexpr std::string_view kSourceTypes[] = {"postgres", "mysql",     "restApi",      "mongodb",
                                             "bigquery", "snowflake", "googleSheets", "graphql"};
constexpr std::string_view kQueryTriggers[] = {"manual", "page_load", "page_load", "event",
                                               "timer"};
constexpr std::string_view kFlowTriggers[] = {"webhook", "schedule", "manual", "event", "api"};
constexpr std::string_view kMimeTypes[] = {
    "application/pdf", "image/png", "image/jpeg", "text/csv",
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one string, split
    "application/vnd.openxmlformats-officedocument."
    "spreadsheetml.sheet",
    "text/markdown", "application/json", "video/mp4"};
constexpr std::string_view kExportFormats[] = {"json", "json", "yaml", "zip"};
constexpr std::string_view kMessageProviders[] = {"sendgrid", "amazon-ses", "mailgun", "twilio"};
constexpr std::string_view kPlatforms[] = {"web", "web", "ios", "android"};

std::string_view ProductVersion(Flavour f) {
  switch (f) {
    case Flavour::kLowcoder:
      return "2.6.3";
    case Flavour::kToolJet:
      return "3.5.12";
    case Flavour::kAppmixer:
      return "6.1.0";
    case Flavour::kFliplet:
      return "5.4.1";
    case Flavour::kDify:
      return "1.1.3";
  }
  return "1.0.0";
}

// A size in bytes, log-spread from about a kilobyte to tens of megabytes.
int64_t FileSize(SplitMix64& rng) {
  return static_cast<int64_t>(1024 + rng.Below(4096)) << rng.Below(14);
}

}  // namespace

bool AppendMetadata(const MetadataContext& c, SplitMix64& rng, std::string* out) {
  if (c.kind == MetadataKind::kRequest && c.failure == nullptr && rng.Chance(700)) return false;
  JsonWriter w(out);
  w.BeginObject();
  switch (c.kind) {
    case MetadataKind::kRequest:
      w.Key("client");
      w.String(c.api_client ? "api" : Pick(kClients, rng));
      w.Key("app_version");
      w.String(ProductVersion(c.flavour));
      if (rng.Chance(150)) {
        w.Key("feature_flags");
        w.BeginObject();
        w.Key("new_editor");
        w.Bool(rng.Chance(500));
        w.Key("ai_assist");
        w.Bool(rng.Chance(300));
        w.EndObject();
      }
      break;
    case MetadataKind::kLogin:
      w.Key("auth_method");
      w.String(Pick(kAuthMethods, rng));
      w.Key("mfa");
      w.Bool(rng.Chance(400));
      w.Key("new_device");
      w.Bool(rng.Chance(80));
      if (c.failure != nullptr) {
        w.Key("failed_attempts");
        w.Int(1 + rng.Below(5));
      }
      break;
    case MetadataKind::kQueryRun:
      w.Key("rows");
      w.Int(c.failure != nullptr ? 0 : rng.Skewed(5000));
      w.Key("cached");
      w.Bool(rng.Chance(250));
      w.Key("data_source_type");
      w.String(Pick(kSourceTypes, rng));
      w.Key("trigger");
      w.String(c.api_client ? "api" : Pick(kQueryTriggers, rng));
      break;
    case MetadataKind::kFlow:
      w.Key("components");
      w.Int(2 + rng.Skewed(30));
      w.Key("trigger");
      w.String(Pick(kFlowTriggers, rng));
      if (rng.Chance(300)) {
        w.Key("last_run");
        w.BeginObject();
        w.Key("messages");
        w.Int(rng.Skewed(2000));
        w.Key("errors");
        w.Int(rng.Skewed(8));
        w.EndObject();
      }
      break;
    case MetadataKind::kFile:
      w.Key("size_bytes");
      w.Int(FileSize(rng));
      w.Key("mime_type");
      w.String(Pick(kMimeTypes, rng));
      break;
    case MetadataKind::kExport:
      w.Key("format");
      w.String(Pick(kExportFormats, rng));
      w.Key("size_bytes");
      w.Int(FileSize(rng));
      w.Key("include");
      w.BeginObject();
      w.Key("data_sources");
      w.Bool(rng.Chance(600));
      w.Key("queries");
      w.Bool(rng.Chance(900));
      w.EndObject();
      break;
    case MetadataKind::kBuild: {
      const bool ios = rng.Chance(500);
      w.Key("platform");
      w.String(ios ? "ios" : "android");
      w.Key("build");
      w.BeginObject();
      w.Key("number");
      w.Int(100 + rng.Below(120));
      w.Key("toolchain");
      w.String(ios ? "Xcode 16.1" : "Gradle 8.7");
      w.Key("signing");
      w.String(rng.Chance(800) ? "distribution" : "development");
      w.EndObject();
      break;
    }
    case MetadataKind::kMessage:
      w.Key("provider");
      w.String(Pick(kMessageProviders, rng));
      w.Key("recipients");
      w.Int(1 + rng.Skewed(200));
      break;
    case MetadataKind::kStartup:
      w.Key("version");
      w.String(ProductVersion(c.flavour));
      w.Key("runtime");
      w.String("OpenJDK 17.0.12");
      w.Key("startup_ms");
      w.Int(4000 + rng.Below(12000));
      w.Key("cluster");
      w.BeginObject();
      w.Key("nodes");
      w.Int(1 + rng.Below(4));
      w.Key("mongodb");
      w.String("7.0.14");
      w.EndObject();
      break;
    case MetadataKind::kAnalytics:
      w.Key("platform");
      w.String(Pick(kPlatforms, rng));
      w.Key("offline");
      w.Bool(rng.Chance(50));
      w.Key("app_version");
      w.String(ProductVersion(c.flavour));
      break;
  }
  if (c.failure != nullptr) {
    w.Key("error");
    w.BeginObject();
    w.Key("code");
    w.String(c.failure->code);
    if (c.failure->http_status != 0) {
      w.Key("http_status");
      w.Int(c.failure->http_status);
    }
    w.EndObject();
  }
  w.EndObject();
  return true;
}

}  // namespace vigil::gen
