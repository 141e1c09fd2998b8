#include "store/segment/string_column.h"

#include "store/segment/coding.h"

namespace vigil::segment {
namespace {

Status Malformed(size_t offset, const std::string& what) {
  return Status::Corruption(what + " at raw byte " + std::to_string(offset));
}

}  // namespace

void AppendPlainStrings(std::span<const std::string_view> values, std::string* raw) {
  size_t n = 0;
  for (std::string_view v : values) n += VarintLength(v.size()) + v.size();
  raw->reserve(raw->size() + n);
  for (std::string_view v : values) PutVarint64(raw, v.size());
  for (std::string_view v : values) raw->append(v);
}

void EncodeStringDictionary(std::span<const std::string_view> entries, std::string* raw) {
  raw->clear();
  PutVarint64(raw, entries.size());
  AppendPlainStrings(entries, raw);
}

void EncodeDictionaryCodes(std::span<const uint32_t> codes, std::string* raw) {
  raw->clear();
  raw->reserve(codes.size() * 2);
  for (uint32_t c : codes) PutVarint64(raw, c);
}

Status PlainStringSection::Open(std::string_view data, size_t n, size_t base) {
  ByteReader r(data);
  if (n > data.size()) {  // every length takes a byte
    return Malformed(base, std::to_string(n) + " string lengths do not fit in " +
                               std::to_string(data.size()) + " bytes");
  }
  uint64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t len = 0;
    if (!r.ReadVarint64(&len)) return Malformed(base + r.position(), "truncated string length");
    total += len;
    if (len > r.remaining() || total > r.remaining()) {
      return Malformed(base + r.position(), "string lengths exceed the block");
    }
  }
  lengths_ = ByteReader(data.substr(0, r.position()));
  bytes_ = data.data() + r.position();
  size_ = r.position() + static_cast<size_t>(total);
  return Status::Ok();
}

Status DecodeStringDictionary(std::string_view raw, uint64_t rows,
                              std::vector<std::string_view>* entries) {
  ByteReader r(raw);
  uint64_t count = 0;
  if (!r.ReadVarint64(&count)) return Malformed(0, "truncated dictionary size");
  if (count == 0 || count > rows) {
    return Malformed(0, "dictionary of " + std::to_string(count) + " entries for " +
                            std::to_string(rows) + " rows");
  }
  PlainStringSection section;
  RETURN_IF_ERROR(section.Open(raw.substr(r.position()), static_cast<size_t>(count), r.position()));
  if (r.position() + section.size() != raw.size()) {
    return Malformed(r.position() + section.size(), "trailing bytes after the dictionary");
  }
  entries->resize(static_cast<size_t>(count));
  for (size_t i = 0; i < entries->size(); ++i) {
    (*entries)[i] = section.Next();
    if (i > 0 && !((*entries)[i - 1] < (*entries)[i])) {
      return Malformed(r.position(),
                       "dictionary entry " + std::to_string(i) + " is not above the one before");
    }
  }
  return Status::Ok();
}

Status StringBlockDecoder::Open(ColumnEncoding encoding, std::string_view raw, size_t rows,
                                const std::vector<std::string_view>* dictionary) {
  error_ = Status::Ok();
  switch (encoding) {
    case ColumnEncoding::kPlainString:
      dictionary_ = nullptr;
      RETURN_IF_ERROR(plain_.Open(raw, rows));
      if (plain_.size() != raw.size()) {
        return Malformed(plain_.size(), "trailing bytes after the values");
      }
      return Status::Ok();
    case ColumnEncoding::kDictionaryCodes:
      if (dictionary == nullptr || dictionary->empty()) {
        return Status::Corruption("dictionary codes without a dictionary");
      }
      if (raw.size() < rows) {  // every code takes a byte
        return Malformed(0, std::to_string(rows) + " codes do not fit in " +
                                std::to_string(raw.size()) + " bytes");
      }
      dictionary_ = dictionary;
      codes_ = ByteReader(raw);
      return Status::Ok();
    default:
      return Status::Corruption("encoding " + std::to_string(static_cast<unsigned>(encoding)) +
                                " is not a string encoding");
  }
}

bool StringBlockDecoder::Fail(const char* what) {
  error_ = Malformed(codes_.position(), what);
  return false;
}

Status StringBlockDecoder::Finish() const {
  if (dictionary_ != nullptr && !codes_.done()) {
    return Malformed(codes_.position(), "trailing bytes after the codes");
  }
  return Status::Ok();
}

Status DecodeStringColumn(ColumnEncoding encoding, std::string_view raw, size_t rows,
                          const std::vector<std::string_view>* dictionary,
                          std::vector<std::string_view>* values) {
  StringBlockDecoder d;
  RETURN_IF_ERROR(d.Open(encoding, raw, rows, dictionary));
  values->resize(rows);
  for (std::string_view& v : *values) {
    if (!d.Next(&v)) return d.error();
  }
  return d.Finish();
}

}  // namespace vigil::segment
