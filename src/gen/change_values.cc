#include "gen/change_values.h"

#include <iterator>

#include "gen/population_data.h"
#include "gen/resource_kind.h"

namespace vigil::gen {
namespace {

// A setting whose value is one of `variants` values, written by `write`.
struct Setting {
  std::string_view key;
  uint32_t variants;
  void (*write)(uint32_t variant, JsonWriter* w);
};

template <size_t N>
void Choice(const std::string_view (&choices)[N], uint32_t v, JsonWriter* w) {
  w->String(choices[v % N]);
}

constexpr std::string_view kThemes[] = {"light", "dark", "system"};
constexpr std::string_view kTimezones[] = {"UTC",          "Europe/Berlin", "America/New_York",
                                           "Asia/Kolkata", "Asia/Tokyo",    "America/Sao_Paulo"};
constexpr std::string_view kPositions[] = {"top", "left", "bottom"};
constexpr std::string_view kTags[] = {"finance", "internal", "beta", "customer-facing",
                                      "deprecated"};
constexpr std::string_view kDescriptions[] = {"Used by the finance team",
                                              "Do not edit without approval", "Quarterly reporting",
                                              "Owned by ops"};
constexpr std::string_view kDigests[] = {"daily", "weekly", "off"};
constexpr std::string_view kProviders[] = {"okta", "azure-ad", "google"};
constexpr std::string_view kHosts[] = {"db-1.internal", "db-2.internal",
                                       "orders.cluster-c9x.eu-west-1.rds.amazonaws.com"};
constexpr std::string_view kDatabases[] = {"orders", "orders_v2", "analytics"};
constexpr std::string_view kSslModes[] = {"none", "ca", "full"};
constexpr int64_t kRowLimits[] = {25, 50, 100, 250, 500};
constexpr int64_t kTtls[] = {60, 240, 480, 1440};

constexpr Setting kAppSettings[] = {
    {"theme", 3, [](uint32_t v, JsonWriter* w) { Choice(kThemes, v, w); }},
    {"public", 2, [](uint32_t v, JsonWriter* w) { w->Bool(v & 1); }},
    {"maxRows", 5, [](uint32_t v, JsonWriter* w) { w->Int(kRowLimits[v % 5]); }},
    {"timezone", 6, [](uint32_t v, JsonWriter* w) { Choice(kTimezones, v, w); }},
    {"navigation", 6,
     [](uint32_t v, JsonWriter* w) {
       w->BeginObject();
       w->Key("position");
       Choice(kPositions, v, w);
       w->Key("collapsed");
       w->Bool(v >= 3);
       w->EndObject();
     }},
    {"tags", 31,
     [](uint32_t v, JsonWriter* w) {
       w->BeginArray();
       for (size_t i = 0; i < std::size(kTags); ++i) {
         if (((v + 1) >> i) & 1) w->String(kTags[i]);
       }
       w->EndArray();
     }},
    {"description", 4, [](uint32_t v, JsonWriter* w) { Choice(kDescriptions, v, w); }},
    {"notifications", 12,
     [](uint32_t v, JsonWriter* w) {
       w->BeginObject();
       w->Key("digest");
       Choice(kDigests, v, w);
       w->Key("email");
       w->Bool((v / 3) & 1);
       w->Key("slack");
       w->Bool((v / 6) & 1);
       w->EndObject();
     }},
};

constexpr Setting kAuthSettings[] = {
    {"sso", 12,
     [](uint32_t v, JsonWriter* w) {
       w->BeginObject();
       w->Key("enabled");
       w->Bool(v & 1);
       w->Key("enforce");
       w->Bool((v >> 1) & 1);
       w->Key("provider");
       Choice(kProviders, v >> 2, w);
       w->EndObject();
     }},
    {"session", 4,
     [](uint32_t v, JsonWriter* w) {
       w->BeginObject();
       w->Key("ttl_minutes");
       w->Int(kTtls[v % 4]);
       w->EndObject();
     }},
    {"password_policy", 8,
     [](uint32_t v, JsonWriter* w) {
       w->BeginObject();
       w->Key("min_length");
       w->Int(8 + 2 * static_cast<int64_t>(v % 4));
       w->Key("require_symbols");
       w->Bool(v >= 4);
       w->EndObject();
     }},
};

constexpr Setting kConnectionSettings[] = {
    {"host", 3, [](uint32_t v, JsonWriter* w) { Choice(kHosts, v, w); }},
    {"port", 2, [](uint32_t v, JsonWriter* w) { w->Int(v == 0 ? 5432 : 6432); }},
    {"database", 3, [](uint32_t v, JsonWriter* w) { Choice(kDatabases, v, w); }},
    {"ssl", 6,
     [](uint32_t v, JsonWriter* w) {
       w->BeginObject();
       w->Key("enabled");
       w->Bool(v >= 3);
       w->Key("mode");
       Choice(kSslModes, v, w);
       w->EndObject();
     }},
    {"pool_size", 3, [](uint32_t v, JsonWriter* w) { w->Int(5 << v); }},
};

constexpr std::string_view kPermissionLevels[] = {"view", "edit", "delete", "manage"};
constexpr std::string_view kQueries[] = {
    "SELECT * FROM orders WHERE status = 'open' ORDER BY created_at DESC LIMIT 100",
    "SELECT id, name, email FROM customers WHERE region = {{region.value}}",
    "UPDATE tickets SET status = {{status.value}} WHERE id = {{table1.selectedRow.id}}",
    "SELECT date_trunc('day', paid_at) AS day, sum(amount) FROM payments GROUP BY 1",
    "GET /v1/charges?limit=50&created[gte]={{startDate.value}}",
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one string, split
    "INSERT INTO expenses (amount, category, user_id) VALUES ({{amount.value}}, "
    "{{category.value}}, {{currentUser.id}})",
    "db.events.find({ type: 'signup' }).sort({ ts: -1 }).limit(20)",
    "SELECT count(*) FROM tickets WHERE assignee IS NULL"};
constexpr int64_t kTimeouts[] = {5000, 10000, 30000, 60000};
constexpr std::string_view kStatuses[] = {"Pending", "Approved", "Rejected", "In progress", "Done"};
constexpr std::string_view kNotes[] = {"Called the customer", "Waiting for invoice",
                                       "Escalated to team lead", "Duplicate of an earlier entry"};
constexpr std::string_view kLocales[] = {"en-GB", "en-US", "fr-FR", "de-DE",
                                         "es-ES", "pt-BR", "ja-JP"};
constexpr int64_t kConfigValues[] = {30, 60, 90, 180, 365, 1000};

// Draws two different variants of a value with n variants.
void TwoVariants(uint32_t n, SplitMix64& rng, uint32_t* before, uint32_t* after) {
  *before = rng.Below(n);
  *after = (*before + 1 + rng.Below(n - 1)) % n;
}

// Writes {"before":{…},"after":{…}}, or only "after" for creations;
// side(false) writes the members of before, side(true) those of after.
template <typename Side>
void WriteSides(JsonWriter& w, bool after_only, Side&& side) {
  w.BeginObject();
  if (!after_only) {
    w.Key("before");
    w.BeginObject();
    side(false);
    w.EndObject();
  }
  w.Key("after");
  w.BeginObject();
  side(true);
  w.EndObject();
  w.EndObject();
}

template <size_t N>
void WriteSettings(const Setting (&settings)[N], bool after_only, SplitMix64& rng, JsonWriter& w) {
  // One or two distinct settings change; sometimes an unchanged one is shown too.
  const uint32_t count = rng.Chance(350) ? 2 : 1;
  const uint32_t first = rng.Below(N);
  const uint32_t second = (first + 1 + rng.Below(N - 1)) % N;
  uint32_t before[2], after[2];
  const Setting* chosen[2] = {&settings[first], &settings[second]};
  for (uint32_t i = 0; i < count; ++i) TwoVariants(chosen[i]->variants, rng, &before[i], &after[i]);
  WriteSides(w, after_only, [&](bool is_after) {
    for (uint32_t i = 0; i < count; ++i) {
      w.Key(chosen[i]->key);
      chosen[i]->write(is_after ? after[i] : before[i], &w);
    }
  });
}

void AppendSlug(std::string_view name, std::string* out) {
  bool dash = false;
  for (char ch : name) {
    const bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (alnum || (ch >= 'A' && ch <= 'Z')) {
      if (dash && !out->empty() && out->back() != '-') out->push_back('-');
      out->push_back(alnum ? ch : static_cast<char>(ch - 'A' + 'a'));
      dash = false;
    } else {
      dash = true;
    }
  }
}

void AppendVersion(uint32_t major, uint32_t minor, uint32_t patch, std::string* out) {
  *out += std::to_string(major);
  out->push_back('.');
  *out += std::to_string(minor);
  out->push_back('.');
  *out += std::to_string(patch);
}

std::span<const std::string_view> RenamePool(ResourceKind kind) {
  return kind == ResourceKind::kWorkspace ? WorkspaceNames() : InfoOf(kind).names;
}

}  // namespace

bool AppendChanges(const ChangeContext& c, SplitMix64& rng, std::string* out, ChangeText* text) {
  text->old_value.clear();
  text->new_value.clear();
  const bool after_only = c.operation == "create" || c.operation == "invite";
  JsonWriter w(out);
  switch (c.kind) {
    case ChangeKind::kNone:
      // Snapshots: the created resource, or the deleted one.
      if (c.operation == "create" && rng.Chance(350)) {
        WriteSides(w, true, [&](bool) {
          w.Key("name");
          w.String(c.target_name);
          w.Key("visibility");
          w.String(rng.Chance(300) ? "public" : "private");
        });
        return true;
      }
      if (c.operation == "delete" && rng.Chance(250)) {
        w.BeginObject();
        w.Key("before");
        w.BeginObject();
        w.Key("name");
        w.String(c.target_name);
        w.Key("deleted");
        w.Bool(false);
        w.EndObject();
        w.Key("after");
        w.Null();
        w.EndObject();
        return true;
      }
      return false;
    case ChangeKind::kRename: {
      std::span<const std::string_view> pool = RenamePool(c.target_kind);
      std::string_view old_name =
          pool.empty() ? "Untitled" : pool[rng.Below(static_cast<uint32_t>(pool.size()))];
      if (old_name == c.target_name) old_name = rng.Chance(500) ? "Untitled" : "Copy of draft";
      text->old_value.assign(old_name);
      text->new_value.assign(c.target_name);
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key("name");
        w.String(is_after ? c.target_name : old_name);
      });
      return true;
    }
    case ChangeKind::kSettings:
      WriteSettings(kAppSettings, after_only, rng, w);
      return true;
    case ChangeKind::kConfig:
      WriteSettings(kAuthSettings, after_only, rng, w);
      return true;
    case ChangeKind::kConnection:
      WriteSettings(kConnectionSettings, after_only, rng, w);
      return true;
    case ChangeKind::kRole: {
      // Any role but the owner's.
      const auto roles = RolesOf(c.tenant->flavour);
      uint32_t before, after;
      TwoVariants(static_cast<uint32_t>(roles.size() - 1), rng, &before, &after);
      text->old_value.assign(roles[before + 1]);
      text->new_value.assign(roles[after + 1]);
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key("role");
        w.String(is_after ? text->new_value : text->old_value);
      });
      return true;
    }
    case ChangeKind::kPermissions: {
      uint32_t before, after;
      TwoVariants(5, rng, &before, &after);  // how many levels, 0..4
      if (c.operation == "grant") before = 0;
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key("permissions");
        w.BeginArray();
        for (uint32_t i = 0; i < (is_after ? after : before); ++i) w.String(kPermissionLevels[i]);
        w.EndArray();
      });
      return true;
    }
    case ChangeKind::kMembers: {
      // The group's members before and after the related member joined or left.
      const auto& members = c.tenant->members;
      const uint32_t others = 1 + rng.Below(3);
      const uint32_t start = rng.Below(static_cast<uint32_t>(members.size()));
      const bool removed = c.operation == "revoke";
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key("members");
        w.BeginArray();
        for (uint32_t i = 0; i < others; ++i) {
          const Member& m = members[(start + i) % members.size()];
          if (m.id != c.related_id) w.String(m.id);
        }
        if (!c.related_id.empty() && is_after != removed) w.String(c.related_id);
        w.EndArray();
      });
      return true;
    }
    case ChangeKind::kQuery: {
      uint32_t q_before, q_after, t_before, t_after;
      TwoVariants(static_cast<uint32_t>(std::size(kQueries)), rng, &q_before, &q_after);
      TwoVariants(static_cast<uint32_t>(std::size(kTimeouts)), rng, &t_before, &t_after);
      const bool text_changed = rng.Chance(650);
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key(text_changed ? "query" : "timeout_ms");
        if (text_changed) {
          w.String(kQueries[is_after ? q_after : q_before]);
        } else {
          w.Int(kTimeouts[is_after ? t_after : t_before]);
        }
      });
      return true;
    }
    case ChangeKind::kEnabled:
    case ChangeKind::kTwoFactor: {
      bool after = c.operation == "enable" || c.operation == "bind" ? true
                   : c.operation == "disable"                       ? false
                                                                    : rng.Chance(500);
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key(c.kind == ChangeKind::kEnabled ? "enabled" : "two_factor_enabled");
        w.Bool(is_after ? after : !after);
      });
      return true;
    }
    case ChangeKind::kFlowState: {
      const bool start = c.operation == "start";
      text->old_value.assign(start ? "stopped" : "running");
      text->new_value.assign(start ? "running" : "stopped");
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key("stage");
        w.String(is_after ? text->new_value : text->old_value);
      });
      return true;
    }
    case ChangeKind::kDefinition:
    case ChangeKind::kLayout: {
      const bool flow = c.kind == ChangeKind::kDefinition;
      const auto pool =
          InfoOf(flow ? ResourceKind::kComponent : ResourceKind::kScreenComponent).names;
      const uint32_t n = static_cast<uint32_t>(pool.size());
      const uint32_t count = 1 + rng.Below(4);
      const uint32_t start = rng.Below(n);
      const bool added = rng.Chance(700);
      WriteSides(w, after_only, [&](bool is_after) {
        const uint32_t shown = count + ((is_after == added) ? 1 : 0);
        if (!flow) {
          w.Key("layout");
          w.BeginObject();
          w.Key("columns");
          w.Int(12);
        }
        w.Key(flow ? "components" : "blocks");
        w.BeginArray();
        for (uint32_t i = 0; i < shown; ++i) w.String(pool[(start + i) % n]);
        w.EndArray();
        if (flow) {
          w.Key("connections");
          w.Int(shown - 1);
        } else {
          w.EndObject();
        }
      });
      return true;
    }
    case ChangeKind::kValue: {
      const bool locale = c.target_kind == ResourceKind::kSelf;
      uint32_t before, after;
      TwoVariants(locale ? std::size(kLocales) : std::size(kConfigValues), rng, &before, &after);
      if (locale) text->new_value.assign(kLocales[after]);
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key(locale ? "locale" : "value");
        if (locale) {
          w.String(kLocales[is_after ? after : before]);
        } else {
          w.Int(kConfigValues[is_after ? after : before]);
        }
      });
      return true;
    }
    case ChangeKind::kSlug: {
      std::string& slug = text->old_value;
      AppendSlug(c.target_name, &slug);
      text->new_value = slug;
      static constexpr std::string_view kSuffixes[] = {"-v2", "-app", "-portal", "-2025"};
      text->new_value.append(kSuffixes[rng.Below(4)]);
      const bool launched = c.operation == "publish";
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key("public");
        w.Bool(is_after || !launched);
        w.Key("slug");
        w.String(is_after ? text->new_value : text->old_value);
      });
      return true;
    }
    case ChangeKind::kEntry: {
      // Two or three columns of a data source row; an update changes one or two.
      const uint32_t status_before = rng.Below(5);
      const uint32_t status_after = (status_before + 1 + rng.Below(4)) % 5;
      const int64_t score = rng.Below(101);
      const uint32_t note = rng.Below(4);
      const Member& m =
          c.tenant->members[rng.Below(static_cast<uint32_t>(c.tenant->members.size()))];
      const bool with_note = rng.Chance(400);
      const bool score_changes = rng.Chance(300);
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key("data");
        w.BeginObject();
        w.Key("Email");
        w.String(m.email);
        if (with_note) {
          w.Key("Notes");
          w.String(kNotes[note]);
        }
        w.Key("Score");
        w.Int(is_after && score_changes ? (score + 7) % 101 : score);
        w.Key("Status");
        w.String(kStatuses[is_after ? status_after : status_before]);
        w.EndObject();
      });
      return true;
    }
    case ChangeKind::kVersion: {
      const uint32_t major = 1 + rng.Below(3), minor = rng.Below(13), patch = rng.Below(10);
      AppendVersion(major, minor, patch, &text->old_value);
      const uint32_t bump = rng.Below(100);
      if (bump < 60) {
        AppendVersion(major, minor + 1, 0, &text->new_value);
      } else if (bump < 95) {
        AppendVersion(major, minor, patch + 1, &text->new_value);
      } else {
        AppendVersion(major + 1, 0, 0, &text->new_value);
      }
      if (c.operation == "rollback") std::swap(text->old_value, text->new_value);
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key("version");
        w.String(is_after ? text->new_value : text->old_value);
      });
      return true;
    }
    case ChangeKind::kFolder: {
      text->new_value.assign(c.related_name);
      const bool from_root = c.other_id.empty() || c.other_id == c.related_id || rng.Chance(300);
      WriteSides(w, after_only, [&](bool is_after) {
        w.Key("folder");
        if (!is_after && from_root) {
          w.Null();
          return;
        }
        w.BeginObject();
        w.Key("id");
        w.String(is_after ? c.related_id : c.other_id);
        w.Key("name");
        w.String(is_after ? c.related_name : c.other_name);
        w.EndObject();
      });
      return true;
    }
  }
  return false;
}

}  // namespace vigil::gen
