#include "store/clickhouse/event_row.h"

#include <arpa/inet.h>

#include <array>

#include "core/text_fields.h"
#include "core/text_tokenizer.h"
#include "store/clickhouse/row_binary.h"
#include "store/facet_field.h"

namespace vigil::clickhouse {
namespace {

// A String column per field that can be filtered exactly and counted; the
// tenant is a key column of its own, first.
bool HasColumn(StringField f) { return f != StringField::kTenant && IsCountableField(f); }

std::string ColumnName(std::string_view field_name) {
  std::string out(field_name);
  for (char& c : out) {
    if (c == '.') c = '_';
  }
  return out;
}

}  // namespace

const std::vector<ColumnDef>& EventColumns() {
  static const std::vector<ColumnDef> kColumns = [] {
    std::vector<ColumnDef> c = {
        {"tenant", "String"}, {"time_ms", "Int64"}, {"node", "UInt16"}, {"seq", "UInt64"}};
    for (const StringFieldInfo& f : AllStringFields()) {
      if (HasColumn(f.field)) c.push_back({ColumnName(f.name), "String"});
    }
    c.push_back({"status", "String"});
    c.push_back({"resource_ids", "Array(String)"});
    c.push_back({"ip_family", "UInt8"});  // 0: no valid address
    c.push_back({"ip_bytes", "FixedString(16)"});
    c.push_back({"has_duration", "UInt8"});
    c.push_back({"duration_ms", "Float64"});
    c.push_back({"text_tokens", "String"});
    c.push_back({"canonical", "String"});
    return c;
  }();
  return kColumns;
}

std::optional<std::string> StringFieldColumn(StringField f) {
  if (f == StringField::kTenant) return "tenant";
  if (!HasColumn(f)) return std::nullopt;
  return ColumnName(StringFieldName(f));
}

std::string EscapeToken(std::string_view token) {
  std::string out(token);
  for (char& c : out) {
    if (c == ' ') c = '\x01';
    if (c == '\n') c = '\x02';
  }
  return out;
}

std::string TextTokens(const Event& e) {
  std::string out, scratch;
  auto field = [&](std::string_view text) {
    bool any = false;
    ForEachToken(text, scratch, [&](std::string_view tok) {
      out += ' ';
      out += EscapeToken(tok);
      any = true;
    });
    if (any) out += " \n";
  };
  std::string json_scratch;
  ForEachTextField(e, json_scratch, [&](std::string_view text) {
    field(text);
    return false;
  });
  return out;
}

void AppendEventRow(const Event& e, std::string_view canonical, uint16_t node, std::string* out) {
  RowBinaryWriter w(out);
  w.String(e.tenant);
  w.Int64(e.time_ms);
  w.UInt16(node);
  w.UInt64(e.seq);
  for (const StringFieldInfo& f : AllStringFields()) {
    if (HasColumn(f.field)) w.String(GetField(e, f.field));
  }
  w.String(EventStatusName(e.status));
  std::vector<std::string_view> ids;
  for (const ResourceRef& r : e.resources) ids.push_back(r.id);
  w.Strings(ids);
  std::array<uint8_t, 16> addr{};
  uint8_t family = 0;
  if (!e.context.ip.empty()) {
    const std::string ip(e.context.ip);
    if (ip.find(':') != std::string::npos) {
      if (inet_pton(AF_INET6, ip.c_str(), addr.data()) == 1) family = 6;
    } else if (inet_pton(AF_INET, ip.c_str(), addr.data()) == 1) {
      family = 4;
    }
    if (family == 0) addr.fill(0);
  }
  w.UInt8(family);
  w.FixedString(std::string_view(reinterpret_cast<const char*>(addr.data()), addr.size()), 16);
  w.UInt8(e.context.duration_ms.has_value() ? 1 : 0);
  w.Float64(e.context.duration_ms.value_or(0));
  w.String(TextTokens(e));
  w.String(canonical);
}

}  // namespace vigil::clickhouse
