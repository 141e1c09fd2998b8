#include "export/csv_writer.h"

#include <vector>

#include "core/event_fields.h"
#include "core/json_writer.h"
#include "core/timestamp.h"

namespace vigil {
namespace {

// Columns after time: the string fields in table order, then the rest.
std::vector<std::string_view> BuildColumns() {
  std::vector<std::string_view> cols = {"seq", "time"};
  for (const StringFieldInfo& f : AllStringFields()) {
    cols.push_back(f.name);
    if (f.field == StringField::kOperation) cols.push_back("status");
    if (f.field == StringField::kTargetParentName) cols.push_back("resources");
    if (f.field == StringField::kPath) cols.push_back("context.duration_ms");
  }
  cols.push_back("received_at");
  return cols;
}

std::string ResourcesJson(const Event& e) {
  if (e.resources.empty()) return {};
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  for (const ResourceRef& r : e.resources) {
    w.BeginObject();
    w.StringMember("type", r.type);
    w.StringMember("id", r.id);
    w.StringMember("name", r.name);
    w.EndObject();
  }
  w.EndArray();
  return out;
}

}  // namespace

const std::vector<std::string_view>& CsvWriter::Columns() {
  static const std::vector<std::string_view> kColumns = BuildColumns();
  return kColumns;
}

void CsvWriter::AppendCell(std::string_view value, std::string* out) {
  bool neutralize = !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                                       value[0] == '@' || value[0] == '\t' || value[0] == '\r');
  bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) out->push_back('"');
  if (neutralize) out->push_back('\'');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  if (quote) out->push_back('"');
}

void CsvWriter::AppendHeader(std::string* out) {
  bool first = true;
  for (std::string_view c : Columns()) {
    if (!first) out->push_back(',');
    first = false;
    AppendCell(c, out);
  }
  out->append("\r\n");
}

void CsvWriter::AppendRow(const Event& e, std::string* out) {
  out->append(std::to_string(e.seq));
  out->push_back(',');
  AppendRfc3339(e.time_ms, out);
  for (const StringFieldInfo& f : AllStringFields()) {
    out->push_back(',');
    AppendCell(GetField(e, f.field), out);
    if (f.field == StringField::kOperation) {
      out->push_back(',');
      out->append(EventStatusName(e.status));
    }
    if (f.field == StringField::kTargetParentName) {
      out->push_back(',');
      AppendCell(ResourcesJson(e), out);
    }
    if (f.field == StringField::kPath) {
      out->push_back(',');
      if (e.context.duration_ms) AppendJsonDouble(*e.context.duration_ms, out);
    }
  }
  out->push_back(',');
  AppendRfc3339(e.received_at_ms, out);
  out->append("\r\n");
}

}  // namespace vigil
