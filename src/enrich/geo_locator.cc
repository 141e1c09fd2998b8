#include "enrich/geo_locator.h"

#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

namespace vigil::enrich {
namespace {

constexpr std::string_view kLabelInvalid = "invalid";
constexpr std::string_view kLabelUnknown = "unknown";

// Lookup paths of the two record layouts (geo_locator.h).
constexpr const char* kFlatCountry[] = {"country_code", nullptr};
constexpr const char* kFlatRegion[] = {"state1", nullptr};
constexpr const char* kFlatCity[] = {"city", nullptr};
constexpr const char* kFlatLatitude[] = {"latitude", nullptr};
constexpr const char* kFlatLongitude[] = {"longitude", nullptr};
constexpr const char* kCityCountry[] = {"country", "iso_code", nullptr};
constexpr const char* kCityRegion[] = {"subdivisions", "0", "names", "en", nullptr};
constexpr const char* kCityCity[] = {"city", "names", "en", nullptr};
constexpr const char* kCityLatitude[] = {"location", "latitude", nullptr};
constexpr const char* kCityLongitude[] = {"location", "longitude", nullptr};

std::string ErrnoText(int err) { return err != 0 ? std::strerror(err) : "unknown error"; }

Status OpenError(const std::string& path, int mmdb_status, int err) {
  switch (mmdb_status) {
    case MMDB_FILE_OPEN_ERROR: {
      std::string msg = path + ": cannot open the geolocation database: " + ErrnoText(err);
      if (err == ENOENT || err == ENOTDIR) return Status::NotFound(std::move(msg));
      if (err == EACCES || err == EPERM) return Status::PermissionDenied(std::move(msg));
      return Status::IOError(std::move(msg));
    }
    case MMDB_IO_ERROR:
      return Status::IOError(path + ": cannot read the geolocation database: " + ErrnoText(err));
    case MMDB_OUT_OF_MEMORY_ERROR:
      return Status::ResourceExhausted(path + ": out of memory opening the geolocation database");
    case MMDB_INVALID_METADATA_ERROR:
      return Status::InvalidArgument(path +
                                     ": not a MaxMind DB (MMDB) file: no valid metadata section");
    case MMDB_UNKNOWN_DATABASE_FORMAT_ERROR:
      return Status::InvalidArgument(
          path + ": unsupported MaxMind DB format version (libmaxminddb reads version 2)");
    default:
      return Status::Corruption(path + ": damaged MaxMind DB file: " + MMDB_strerror(mmdb_status));
  }
}

// Whether a metadata database_type promises city-level records:
// ip-location-db's "city ipv4" and "city ipv6", MaxMind's "GeoLite2-City", "GeoIP2-City",
// "GeoIP2-Enterprise", DB-IP's "DBIP-City-Lite", "DBIP-Location (compat=City)".
bool HasCityData(std::string_view type) {
  std::string lower(type);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower.find("city") != std::string::npos || lower.find("enterprise") != std::string::npos;
}

std::string_view StringAt(MMDB_entry_s* entry, const char* const* path) {
  MMDB_entry_data_s data;
  if (MMDB_aget_value(entry, &data, path) != MMDB_SUCCESS || !data.has_data ||
      data.type != MMDB_DATA_TYPE_UTF8_STRING) {
    return {};
  }
  return {data.utf8_string, data.data_size};
}

// A float widened to the double nearest its shortest decimal text, so that
// 37.422f reads as 37.422 and not as 37.422000885009766.
double WidenFloat(float f) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), f);
  double d = f;
  if (ec == std::errc()) std::from_chars(buf, end, d);
  return d;
}

std::optional<double> DegreesAt(MMDB_entry_s* entry, const char* const* path, double limit) {
  MMDB_entry_data_s data;
  if (MMDB_aget_value(entry, &data, path) != MMDB_SUCCESS || !data.has_data) return std::nullopt;
  double v;
  if (data.type == MMDB_DATA_TYPE_DOUBLE) {
    v = data.double_value;
  } else if (data.type == MMDB_DATA_TYPE_FLOAT) {
    v = WidenFloat(data.float_value);
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(v) || v < -limit || v > limit) return std::nullopt;
  return v;
}

bool HasKey(MMDB_entry_s* entry, const char* const* path) {
  MMDB_entry_data_s data;
  return MMDB_aget_value(entry, &data, path) == MMDB_SUCCESS && data.has_data;
}

// Fills geo from an entry of either layout; false when it has none of the fields.
bool ReadEntry(MMDB_entry_s* entry, GeoLocation* geo) {
  std::string_view country = StringAt(entry, kFlatCountry);
  const bool flat = !country.empty() || HasKey(entry, kFlatCountry);
  if (flat) {
    geo->region = StringAt(entry, kFlatRegion);
    geo->city = StringAt(entry, kFlatCity);
    geo->lat = DegreesAt(entry, kFlatLatitude, 90);
    geo->lon = DegreesAt(entry, kFlatLongitude, 180);
  } else {
    country = StringAt(entry, kCityCountry);
    geo->region = StringAt(entry, kCityRegion);
    geo->city = StringAt(entry, kCityCity);
    geo->lat = DegreesAt(entry, kCityLatitude, 90);
    geo->lon = DegreesAt(entry, kCityLongitude, 180);
  }
  geo->country = country;
  for (char& c : geo->country) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (!geo->lat || !geo->lon) geo->lat = geo->lon = std::nullopt;  // half a point is none
  return !geo->empty();
}

}  // namespace

struct GeoLocator::Handle {
  MMDB_s mmdb{};
  bool open = false;  // MMDB_open succeeded (a failed one frees what it took)
  Handle() = default;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (open) MMDB_close(&mmdb);
  }
};

std::vector<std::string> SplitGeoDatabaseList(std::string_view list) {
  std::vector<std::string> paths;
  while (!list.empty()) {
    size_t end = list.find(kGeoDatabaseListSeparator);
    std::string_view item = list.substr(0, end);
    if (!item.empty()) paths.emplace_back(item);
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
  return paths;
}

std::vector<std::string> DefaultGeoDatabases() {
  return SplitGeoDatabaseList(VIGIL_DEFAULT_GEO_DATABASE);
}

GeoLocation LabelAddress(std::string_view ip) {
  GeoLocation geo;
  if (std::optional<IpAddress> address = ParseIpAddress(ip); !address) {
    geo.label = kLabelInvalid;
  } else if (IpScope scope = ClassifyIpAddress(*address); scope != IpScope::kPublic) {
    geo.label = IpScopeLabel(scope);
  }
  return geo;
}

GeoLocator::GeoLocator() = default;
GeoLocator::~GeoLocator() = default;

Result<std::unique_ptr<GeoLocator>> GeoLocator::Open(const std::vector<std::string>& paths) {
  if (paths.empty()) return Status::InvalidArgument("geolocation: no database file given");
  std::unique_ptr<GeoLocator> locator(new GeoLocator());
  for (const std::string& path : paths) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      return Status::IOError(path + ": is a directory, not a MaxMind DB (MMDB) file");
    }
    auto handle = std::make_unique<Handle>();
    errno = 0;
    const int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &handle->mmdb);
    if (status != MMDB_SUCCESS) return OpenError(path, status, errno);
    handle->open = true;
    const MMDB_s& mmdb = handle->mmdb;
    Database db;
    db.path = path;
    db.type = mmdb.metadata.database_type != nullptr ? mmdb.metadata.database_type : "";
    db.ip_version = mmdb.metadata.ip_version;
    db.build_epoch = mmdb.metadata.build_epoch;
    if (!HasCityData(db.type)) {
      return Status::InvalidArgument(
          path + ": database type \"" + db.type +
          "\" has no city data (give a City database: DB-IP or ip-location-db city, "
          "GeoLite2-City, GeoIP2-City)");
    }
    locator->databases_.push_back(std::move(db));
    locator->handles_.push_back(std::move(handle));
  }
  return locator;
}

GeoLocation GeoLocator::Locate(std::string_view ip) const {
  std::optional<IpAddress> address = ParseIpAddress(ip);
  if (!address) {
    GeoLocation geo;
    geo.label = kLabelInvalid;
    return geo;
  }
  return Locate(*address);
}

GeoLocation GeoLocator::Locate(const IpAddress& address) const {
  GeoLocation geo;
  if (IpScope scope = ClassifyIpAddress(address); scope != IpScope::kPublic) {
    geo.label = IpScopeLabel(scope);
    return geo;
  }
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  const sockaddr* sa;
  if (address.is_v4) {
    v4.sin_family = AF_INET;
    std::memcpy(&v4.sin_addr, address.bytes.data(), 4);
    sa = reinterpret_cast<const sockaddr*>(&v4);
  } else {
    v6.sin6_family = AF_INET6;
    std::memcpy(&v6.sin6_addr, address.bytes.data(), 16);
    sa = reinterpret_cast<const sockaddr*>(&v6);
  }
  for (size_t i = 0; i < handles_.size(); ++i) {
    if (!address.is_v4 && databases_[i].ip_version == 4) continue;
    int error = MMDB_SUCCESS;
    MMDB_lookup_result_s result = MMDB_lookup_sockaddr(&handles_[i]->mmdb, sa, &error);
    if (error != MMDB_SUCCESS || !result.found_entry) continue;
    if (ReadEntry(&result.entry, &geo)) return geo;
    geo = GeoLocation();
  }
  geo.label = kLabelUnknown;
  return geo;
}

}  // namespace vigil::enrich
