#include "store/segment/resource_column.h"

#include <cstdint>

#include "store/segment/coding.h"

namespace vigil::segment {

void EncodeResourceColumn(std::span<const std::span<const ResourceRef>> rows, std::string* raw) {
  raw->clear();
  std::vector<std::string_view> types, ids, names;
  for (std::span<const ResourceRef> row : rows) {
    PutVarint64(raw, row.size());
    for (const ResourceRef& r : row) {
      types.push_back(r.type);
      ids.push_back(r.id);
      names.push_back(r.name);
    }
  }
  AppendPlainStrings(types, raw);
  AppendPlainStrings(ids, raw);
  AppendPlainStrings(names, raw);
}

Status ResourceBlockDecoder::Open(std::string_view raw, size_t rows) {
  ByteReader r(raw);
  if (rows > raw.size()) {  // every count takes a byte
    return Status::Corruption(std::to_string(rows) + " counts do not fit in " +
                              std::to_string(raw.size()) + " bytes");
  }
  uint64_t total = 0;
  for (size_t i = 0; i < rows; ++i) {
    uint64_t n = 0;
    if (!r.ReadVarint64(&n)) {
      return Status::Corruption("truncated count of row " + std::to_string(i) + " at raw byte " +
                                std::to_string(r.position()));
    }
    total += n;
    // Each resource takes at least 3 bytes (three empty strings).
    if (n > r.remaining() / 3 || total > r.remaining() / 3) {
      return Status::Corruption("resource counts exceed the block at raw byte " +
                                std::to_string(r.position()));
    }
  }
  counts_ = ByteReader(raw.substr(0, r.position()));
  size_t at = r.position();
  for (PlainStringSection* s : {&types_, &ids_, &names_}) {
    RETURN_IF_ERROR(s->Open(raw.substr(at), static_cast<size_t>(total), at));
    at += s->size();
  }
  if (at != raw.size()) {
    return Status::Corruption("trailing bytes after the resources at raw byte " +
                              std::to_string(at));
  }
  return Status::Ok();
}

void ResourceBlockDecoder::Next(std::vector<ResourceRef>* value) {
  uint64_t n = 0;
  (void)counts_.ReadVarint64(&n);  // validated by Open
  value->resize(static_cast<size_t>(n));
  for (ResourceRef& ref : *value) {
    ref.type.assign(types_.Next());
    ref.id.assign(ids_.Next());
    ref.name.assign(names_.Next());
  }
}

void ResourceBlockDecoder::Skip() {
  uint64_t n = 0;
  (void)counts_.ReadVarint64(&n);
  for (uint64_t i = 0; i < n; ++i) {
    (void)types_.Next();
    (void)ids_.Next();
    (void)names_.Next();
  }
}

Status DecodeResourceColumn(std::string_view raw, size_t rows,
                            std::vector<std::vector<ResourceRef>>* values) {
  ResourceBlockDecoder d;
  RETURN_IF_ERROR(d.Open(raw, rows));
  values->resize(rows);
  for (std::vector<ResourceRef>& v : *values) d.Next(&v);
  return Status::Ok();
}

}  // namespace vigil::segment
