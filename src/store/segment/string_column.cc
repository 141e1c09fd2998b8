#include "store/segment/string_column.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <optional>

#include "store/segment/coding.h"

namespace vigil::segment {
namespace {

Status Malformed(size_t offset, const std::string& what) {
  return Status::Corruption(what + " at raw byte " + std::to_string(offset));
}

size_t PlainSize(std::span<const std::string_view> values) {
  size_t n = 0;
  for (std::string_view v : values) n += VarintLength(v.size()) + v.size();
  return n;
}

// The distinct values of a block, sorted, and each row's index into them.
struct Dictionary {
  std::vector<std::string_view> entries;
  std::vector<uint32_t> codes;
};

// Distinct values by first appearance: open addressing over entry indexes
// (power-of-two table, linear probing), much cheaper than a node-based map.
class DistinctValues {
 public:
  explicit DistinctValues(size_t expected) {
    size_t cap = 64;
    while (cap < expected * 2 && cap < (size_t{1} << 30)) cap <<= 1;
    slots_.assign(cap, 0);
  }
  // The index of v, and whether it is new.
  std::pair<uint32_t, bool> Insert(std::string_view v) {
    size_t i = std::hash<std::string_view>()(v) & (slots_.size() - 1);
    while (slots_[i] != 0) {
      const uint32_t idx = slots_[i] - 1;
      if (entries_[idx] == v) return {idx, false};
      i = (i + 1) & (slots_.size() - 1);
    }
    const uint32_t idx = static_cast<uint32_t>(entries_.size());
    slots_[i] = idx + 1;
    entries_.push_back(v);
    if (entries_.size() * 2 > slots_.size()) Grow();
    return {idx, true};
  }
  std::vector<std::string_view>& entries() { return entries_; }

 private:
  void Grow() {
    std::vector<uint32_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    for (uint32_t idx = 0; idx < entries_.size(); ++idx) {
      size_t i = std::hash<std::string_view>()(entries_[idx]) & (slots_.size() - 1);
      while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = idx + 1;
    }
  }

  std::vector<uint32_t> slots_;  // 0 = empty, else entry index + 1
  std::vector<std::string_view> entries_;
};

// Builds the dictionary, or returns nullopt as soon as it cannot be smaller
// than plain_size: a dictionary costs at least its entries plus a byte per
// row. High-cardinality blocks (ids) bail out before the sort.
std::optional<Dictionary> BuildDictionary(std::span<const std::string_view> values,
                                          size_t plain_size) {
  Dictionary d;
  DistinctValues distinct(std::min<size_t>(values.size(), 4096));
  d.codes.reserve(values.size());
  size_t floor = values.size();
  uint32_t prev_code = 0;
  std::string_view prev;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string_view v = values[i];
    if (i > 0 && v.size() == prev.size() && v == prev) {  // runs are common
      d.codes.push_back(prev_code);
      continue;
    }
    auto [code, inserted] = distinct.Insert(v);
    if (inserted) {
      floor += VarintLength(v.size()) + v.size();
      if (floor >= plain_size) return std::nullopt;
    }
    d.codes.push_back(code);
    prev = v;
    prev_code = code;
  }
  std::vector<std::string_view>& entries = distinct.entries();
  std::vector<uint32_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return entries[a] < entries[b]; });
  std::vector<uint32_t> rank(order.size());
  d.entries.resize(order.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    rank[order[i]] = i;
    d.entries[i] = entries[order[i]];
  }
  for (uint32_t& c : d.codes) c = rank[c];
  return d;
}

size_t DictionarySize(const Dictionary& d) {
  size_t n = VarintLength(d.entries.size()) + PlainSize(d.entries);
  for (uint32_t c : d.codes) n += VarintLength(c);
  return n;
}

void WriteDictionary(const Dictionary& d, std::string* raw) {
  raw->clear();
  raw->reserve(DictionarySize(d));
  PutVarint64(raw, d.entries.size());
  AppendPlainStrings(d.entries, raw);
  for (uint32_t c : d.codes) PutVarint64(raw, c);
}

}  // namespace

void AppendPlainStrings(std::span<const std::string_view> values, std::string* raw) {
  raw->reserve(raw->size() + PlainSize(values));
  for (std::string_view v : values) PutVarint64(raw, v.size());
  for (std::string_view v : values) raw->append(v);
}

void EncodeDictionaryStrings(std::span<const std::string_view> values, std::string* raw) {
  WriteDictionary(*BuildDictionary(values, SIZE_MAX), raw);
}

ColumnEncoding EncodeStringColumn(std::span<const std::string_view> values, std::string* raw) {
  const size_t plain_size = PlainSize(values);
  std::optional<Dictionary> d = BuildDictionary(values, plain_size);
  if (d && DictionarySize(*d) < plain_size) {
    WriteDictionary(*d, raw);
    return ColumnEncoding::kDictionaryString;
  }
  raw->clear();
  AppendPlainStrings(values, raw);
  return ColumnEncoding::kPlainString;
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

Status StringBlockDecoder::Open(ColumnEncoding encoding, std::string_view raw, size_t rows) {
  error_ = Status::Ok();
  if (encoding == ColumnEncoding::kPlainString) {
    dictionary_mode_ = false;
    RETURN_IF_ERROR(plain_.Open(raw, rows));
    if (plain_.size() != raw.size()) {
      return Malformed(plain_.size(), "trailing bytes after the values");
    }
    return Status::Ok();
  }
  if (encoding != ColumnEncoding::kDictionaryString) {
    return Status::Corruption("encoding " + std::to_string(static_cast<unsigned>(encoding)) +
                              " is not a string encoding");
  }
  dictionary_mode_ = true;
  ByteReader r(raw);
  uint64_t count = 0;
  if (!r.ReadVarint64(&count)) return Malformed(0, "truncated dictionary size");
  if (count > rows || (rows > 0 && count == 0)) {
    return Malformed(0, "dictionary of " + std::to_string(count) + " entries for " +
                            std::to_string(rows) + " rows");
  }
  PlainStringSection entries;
  RETURN_IF_ERROR(entries.Open(raw.substr(r.position()), static_cast<size_t>(count), r.position()));
  dictionary_.resize(static_cast<size_t>(count));
  for (size_t i = 0; i < dictionary_.size(); ++i) {
    dictionary_[i] = entries.Next();
    if (i > 0 && !(dictionary_[i - 1] < dictionary_[i])) {
      return Malformed(r.position(), "dictionary entry " + std::to_string(i) +
                                         " is not above the one before");
    }
  }
  codes_start_ = r.position() + entries.size();
  if (raw.size() - codes_start_ < rows) {  // every code takes a byte
    return Malformed(codes_start_, std::to_string(rows) + " codes do not fit");
  }
  codes_ = ByteReader(raw.substr(codes_start_));
  return Status::Ok();
}

bool StringBlockDecoder::Fail(const char* what) {
  error_ = Malformed(codes_start_ + codes_.position(), what);
  return false;
}

Status StringBlockDecoder::Finish() const {
  if (dictionary_mode_ && !codes_.done()) {
    return Malformed(codes_start_ + codes_.position(), "trailing bytes after the codes");
  }
  return Status::Ok();
}

Status DecodeStringColumn(ColumnEncoding encoding, std::string_view raw, size_t rows,
                          std::vector<std::string_view>* values) {
  StringBlockDecoder d;
  RETURN_IF_ERROR(d.Open(encoding, raw, rows));
  values->resize(rows);
  for (std::string_view& v : *values) {
    if (!d.Next(&v)) return d.error();
  }
  return d.Finish();
}

}  // namespace vigil::segment
