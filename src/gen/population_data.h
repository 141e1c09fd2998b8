// Name pools for the simulated organizations and their members: people's
// names (with their ASCII forms, for email addresses), company names (for
// email domains) and workspace names. Static data in population_data.cc.
#pragma once

#include <span>
#include <string_view>

namespace vigil::gen {

struct PersonName {
  std::string_view display;  // as written, UTF-8 ("José", "O'Brien")
  std::string_view ascii;    // lower-case ASCII for email local parts ("jose", "obrien")
};

struct Company {
  std::string_view display;  // "Acme Corp"
  std::string_view domain;   // "acme" (a top-level domain is added per tenant)
};

std::span<const PersonName> FirstNames();
std::span<const PersonName> LastNames();
std::span<const Company> Companies();
std::span<const std::string_view> TopLevelDomains();  // ".com", ".io", …
std::span<const std::string_view> WorkspaceNames();   // the first is the default workspace

}  // namespace vigil::gen
