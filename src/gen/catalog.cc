// The five flavours' catalogs, read once from the YAML catalogs compiled into
// the binary (catalogs/, via enrich::EventCatalog and FlavourCatalog).
#include "gen/catalog.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "enrich/event_catalog.h"
#include "gen/flavour_catalog.h"

namespace vigil::gen {
namespace {

// A shipped catalog that does not load is a build defect (catalog_test.cc
// loads them all): report it and stop.
[[noreturn]] void Broken(const Status& status) {
  std::fprintf(stderr, "vigil: a shipped event catalog is broken: %s\n", status.message().c_str());
  std::abort();
}

const FlavourCatalog& Loaded(Flavour f) {
  static const std::array<std::unique_ptr<const FlavourCatalog>, kFlavourCount> catalogs = [] {
    std::array<std::unique_ptr<const FlavourCatalog>, kFlavourCount> out;
    for (size_t i = 0; i < kFlavourCount; ++i) {
      auto catalog = enrich::EventCatalog::Shipped(FlavourName(static_cast<Flavour>(i)));
      if (!catalog.ok()) Broken(catalog.status());
      auto flavour = FlavourCatalog::Read(*catalog);
      if (!flavour.ok()) Broken(flavour.status());
      out[i] = *std::move(flavour);
    }
    return out;
  }();
  return *catalogs[static_cast<size_t>(f)];
}

}  // namespace

std::string_view FlavourName(Flavour f) {
  switch (f) {
    case Flavour::kLowcoder:
      return "lowcoder";
    case Flavour::kToolJet:
      return "tooljet";
    case Flavour::kAppmixer:
      return "appmixer";
    case Flavour::kFliplet:
      return "fliplet";
    case Flavour::kDify:
      return "dify";
  }
  return "";
}

std::span<const CatalogEntry> CatalogOf(Flavour f) { return Loaded(f).entries(); }

std::span<const std::string_view> RolesOf(Flavour f) { return Loaded(f).roles(); }

const FieldHabits& FieldHabitsOf(Flavour f) { return Loaded(f).habits(); }

std::string_view ServiceNameOf(Flavour f) { return Loaded(f).service_name(); }

}  // namespace vigil::gen
