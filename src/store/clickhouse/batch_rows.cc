#include "store/clickhouse/batch_rows.h"

#include <fmt/format.h>

#include "store/clickhouse/row_binary.h"

namespace vigil::clickhouse {
namespace {
constexpr uint64_t kFormat = 1;  // bump when the encoding changes
}  // namespace

size_t BatchRows::bytes() const {
  size_t n = ids.size() + leaves.size();
  for (const std::string& m : events_by_month) n += m.size();
  return n;
}

std::string EncodeBatchRows(const BatchRows& rows) {
  std::string out;
  out.reserve(rows.bytes() + 64);
  RowBinaryWriter w(&out);
  w.UInt64(kFormat);
  w.UInt64(rows.first_seq);
  w.UInt64(rows.count);
  w.UInt64(rows.events_by_month.size());
  for (const std::string& m : rows.events_by_month) w.String(m);
  w.String(rows.ids);
  w.String(rows.leaves);
  return out;
}

Result<BatchRows> DecodeBatchRows(std::string_view bytes) {
  RowBinaryReader r(bytes);
  ASSIGN_OR_RETURN(uint64_t format, r.UInt64());
  if (format != kFormat) {
    return Status::Corruption(
        fmt::format("spooled batch has format {}, this Vigil reads format {}", format, kFormat));
  }
  BatchRows rows;
  ASSIGN_OR_RETURN(rows.first_seq, r.UInt64());
  ASSIGN_OR_RETURN(rows.count, r.UInt64());
  ASSIGN_OR_RETURN(uint64_t months, r.UInt64());
  if (months > bytes.size()) {
    return Status::Corruption(fmt::format("spooled batch claims {} month parts", months));
  }
  for (uint64_t i = 0; i < months; ++i) {
    ASSIGN_OR_RETURN(std::string_view m, r.String());
    rows.events_by_month.emplace_back(m);
  }
  ASSIGN_OR_RETURN(std::string_view ids, r.String());
  ASSIGN_OR_RETURN(std::string_view leaves, r.String());
  rows.ids = ids;
  rows.leaves = leaves;
  if (!r.done()) {
    return Status::Corruption(
        fmt::format("spooled batch has {} bytes after its rows", bytes.size() - r.position()));
  }
  return rows;
}

}  // namespace vigil::clickhouse
