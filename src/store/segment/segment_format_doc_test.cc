// Decodes a segment using only docs/format/segment.md: zlib and zstd are
// called directly, every offset and code is written out as in the doc (not
// taken from segment_format.h), and every column of every row group is
// compared with the events written. If the doc, the constants or the writer
// drift apart, this fails.
#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/event_fields.h"
#include "store/segment/segment_test_util.h"
#include "store/segment/segment_writer.h"

namespace vigil {
namespace {

uint32_t ZlibCrc(std::string_view b) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(b.data()), static_cast<uInt>(b.size())));
}

uint64_t Le(std::string_view b, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    v = (v << 8) | static_cast<uint8_t>(b.at(at + static_cast<size_t>(i)));
  }
  return v;
}
uint64_t U64(std::string_view b, size_t at) { return Le(b, at, 8); }
uint32_t U32(std::string_view b, size_t at) { return static_cast<uint32_t>(Le(b, at, 4)); }

// A cursor implementing the doc's primitive encodings.
struct Cursor {
  std::string_view b;
  size_t pos = 0;
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t byte = static_cast<uint8_t>(b.at(pos++));
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
    }
  }
  int64_t ZigZag() {
    const uint64_t v = Varint();
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  std::string Bytes(uint64_t n) {
    std::string s(b.substr(pos, n));
    EXPECT_EQ(s.size(), n);
    pos += n;
    return s;
  }
  // n lengths, then n strings.
  std::vector<std::string> Strings(uint64_t n) {
    std::vector<uint64_t> lens;
    for (uint64_t i = 0; i < n; ++i) lens.push_back(Varint());
    std::vector<std::string> out;
    for (uint64_t len : lens) out.push_back(Bytes(len));
    return out;
  }
};

// Encoding 8: a dictionary block.
std::vector<std::string> DecodeDictionary(std::string_view raw) {
  Cursor c{raw};
  const std::vector<std::string> dict = c.Strings(c.Varint());
  EXPECT_EQ(c.pos, raw.size());
  EXPECT_FALSE(dict.empty());
  EXPECT_TRUE(std::is_sorted(dict.begin(), dict.end()));
  EXPECT_EQ(std::set<std::string>(dict.begin(), dict.end()).size(), dict.size());
  return dict;
}

// Encodings 1 and 2 (2 with the column's dictionary).
std::vector<std::string> DecodeStrings(int encoding, std::string_view raw, uint64_t rows,
                                       const std::vector<std::string>& dict) {
  Cursor c{raw};
  std::vector<std::string> out;
  if (encoding == 1) {
    out = c.Strings(rows);
  } else {
    EXPECT_EQ(encoding, 2);
    for (uint64_t r = 0; r < rows; ++r) out.push_back(dict.at(c.Varint()));
  }
  EXPECT_EQ(c.pos, raw.size());
  return out;
}

// Encodings 5 and 7.
std::vector<std::optional<uint64_t>> DecodeDoubleBits(int encoding, std::string_view raw,
                                                      uint64_t rows) {
  const size_t bitmap = (rows + 7) / 8;
  std::vector<bool> present;
  size_t count = 0;
  for (uint64_t r = 0; r < rows; ++r) {
    present.push_back((static_cast<uint8_t>(raw.at(r / 8)) >> (r % 8)) & 1);
    count += present.back();
  }
  std::vector<std::optional<uint64_t>> out(rows);
  if (encoding == 5) {
    EXPECT_EQ(raw.size(), bitmap + 8 * count);
    size_t at = bitmap;
    for (uint64_t r = 0; r < rows; ++r) {
      if (!present[r]) continue;
      out[r] = U64(raw, at);
      at += 8;
    }
  } else {
    EXPECT_EQ(encoding, 7);
    const int scale = static_cast<uint8_t>(raw.at(bitmap));
    EXPECT_LE(scale, 15);
    double divisor = 1;
    for (int i = 0; i < scale; ++i) divisor *= 10;
    Cursor c{raw, bitmap + 1};
    for (uint64_t r = 0; r < rows; ++r) {
      if (present[r]) out[r] = std::bit_cast<uint64_t>(static_cast<double>(c.ZigZag()) / divisor);
    }
    EXPECT_EQ(c.pos, raw.size());
  }
  return out;
}

std::optional<uint64_t> Bits(std::optional<double> v) {
  if (!v) return std::nullopt;
  return std::bit_cast<uint64_t>(*v);
}

TEST(SegmentFormatDocTest, ChecksumIsZlibCrc32WithTheDocumentedCheckValue) {
  EXPECT_EQ(ZlibCrc("123456789"), 0xCBF43926u);
}

// The string columns of docs/format/segment.md's table, ids 8 to 53 in order.
constexpr std::array<std::string_view, 46> kDocStringColumns = {
    "id",
    "tenant",
    "environment",
    "workspace.id",
    "workspace.name",
    "action",
    "category",
    "operation",
    "actor.id",
    "actor.name",
    "actor.email",
    "actor.type",
    "actor.role",
    "actor.status",
    "target.type",
    "target.id",
    "target.name",
    "target.parent.type",
    "target.parent.id",
    "target.parent.name",
    "context.ip",
    "context.user_agent",
    "context.method",
    "context.path",
    "context.request_id",
    "context.session_id",
    "description",
    "changes",
    "metadata",
    "geo.country",
    "geo.region",
    "geo.city",
    "seal.key",
    "seal.redacted",
    "geo.label",
    "ua.browser",
    "ua.browser_version",
    "ua.os",
    "ua.os_version",
    "ua.device.class",
    "ua.device.brand",
    "ua.device.model",
    "ua.engine",
    "ua.webview",
    "diff",
    "seal.paths",
};

TEST(SegmentFormatDocTest, FileMatchesTheDocByteForByte) {
  segment_test::TempDir dir;
  const std::vector<Event> events = segment_test::MakeVariedEvents(400, 5000);  // 405 rows
  const std::string path = dir.File("seg");
  SegmentWriteOptions options;
  options.rows_per_group = 150;
  ASSERT_TRUE(WriteSegment(DefaultFileSystem(), path, events, options).ok());
  const std::string file = segment_test::ReadBytes(path);
  const std::string_view f = file;

  // Header: 16 bytes, exactly as given in the doc.
  EXPECT_EQ(f.substr(0, 16),
            std::string_view("\x56\x47\x53\x45\x47\x0D\x0A\x1A\x03\0\0\0\0\0\0\0", 16));

  // Trailer: the last 32 bytes.
  const size_t trailer = file.size() - 32;
  const uint64_t footer_offset = U64(f, trailer + 0);
  const uint32_t footer_size = U32(f, trailer + 8);
  ASSERT_EQ(footer_offset + footer_size, trailer);
  const std::string_view footer = f.substr(footer_offset, footer_size);
  EXPECT_EQ(U32(f, trailer + 12), ZlibCrc(footer));
  EXPECT_EQ(U32(f, trailer + 16), 3u);
  EXPECT_EQ(U32(f, trailer + 20), ZlibCrc(f.substr(trailer, 20)));
  EXPECT_EQ(f.substr(trailer + 24, 8), f.substr(0, 8));

  // Footer fixed part.
  const uint64_t rows = U64(footer, 0);
  ASSERT_EQ(rows, events.size());
  EXPECT_EQ(U64(footer, 8), 5000u);
  EXPECT_EQ(U64(footer, 16), 5000u + rows - 1);
  int64_t min_time = INT64_MAX, max_time = INT64_MIN, min_recv = INT64_MAX, max_recv = INT64_MIN;
  std::set<std::string> tenants;
  for (const Event& e : events) {
    min_time = std::min(min_time, e.time_ms);
    max_time = std::max(max_time, e.time_ms);
    min_recv = std::min(min_recv, e.received_at_ms);
    max_recv = std::max(max_recv, e.received_at_ms);
    tenants.insert(e.tenant);
  }
  EXPECT_EQ(static_cast<int64_t>(U64(footer, 24)), min_time);
  EXPECT_EQ(static_cast<int64_t>(U64(footer, 32)), max_time);
  EXPECT_EQ(static_cast<int64_t>(U64(footer, 40)), min_recv);
  EXPECT_EQ(static_cast<int64_t>(U64(footer, 48)), max_recv);
  const uint32_t rows_per_group = U32(footer, 56);
  const uint32_t groups = U32(footer, 60);
  const uint32_t columns = U32(footer, 64);
  ASSERT_EQ(rows_per_group, 150u);
  ASSERT_EQ(groups, 3u);
  ASSERT_EQ(columns, 54u);
  ASSERT_EQ(U32(footer, 68), tenants.size());

  // Tenant list after the directory: u32 length + bytes, sorted, ending the footer.
  size_t pos = 72 + 32 * (groups + 1) * columns;
  std::vector<std::string> listed;
  while (pos < footer.size()) {
    const uint32_t len = U32(footer, pos);
    listed.emplace_back(footer.substr(pos + 4, len));
    pos += 4 + len;
  }
  EXPECT_EQ(pos, footer.size());
  EXPECT_EQ(listed, std::vector<std::string>(tenants.begin(), tenants.end()));

  // Blocks tile [16, footer_offset): the dictionary slots (pseudo-group -1),
  // then group by group, column by column.
  std::set<int> encodings_seen;
  std::vector<std::vector<std::string>> dictionaries(columns);
  uint64_t expected_offset = 16;
  for (int64_t g = -1; g < int64_t{groups}; ++g) {
    const uint64_t first = g < 0 ? 0 : uint64_t(g) * rows_per_group;
    const uint64_t n = std::min<uint64_t>(rows_per_group, rows - first);
    for (uint32_t col = 0; col < columns; ++col) {
      SCOPED_TRACE("group " + std::to_string(g) + " column " + std::to_string(col));
      const size_t e = 72 + 32 * ((g + 1) * columns + col);
      ASSERT_EQ(static_cast<uint8_t>(footer[e + 0]), col);
      const int encoding = static_cast<uint8_t>(footer[e + 1]);
      const int compression = static_cast<uint8_t>(footer[e + 2]);
      EXPECT_EQ(footer[e + 3], '\0');
      const uint64_t offset = U64(footer, e + 8);
      const uint64_t stored_size = U64(footer, e + 16);
      const uint64_t raw_size = U64(footer, e + 24);
      ASSERT_EQ(offset, expected_offset);
      expected_offset = offset + stored_size;
      const std::string_view stored = f.substr(offset, stored_size);
      EXPECT_EQ(U32(footer, e + 4), ZlibCrc(stored));  // crc of the stored bytes
      std::string raw;
      if (compression == 0) {
        ASSERT_EQ(stored_size, raw_size);
        raw = stored;
      } else {
        ASSERT_EQ(compression, 1);
        ASSERT_EQ(ZSTD_getFrameContentSize(stored.data(), stored.size()), raw_size);
        raw.resize(raw_size);
        ASSERT_EQ(ZSTD_decompress(raw.data(), raw_size, stored.data(), stored.size()), raw_size);
      }
      encodings_seen.insert(encoding);
      const auto row = [&](uint64_t i) -> const Event& { return events[first + i]; };

      if (g < 0) {  // dictionary slot: 0 (empty) or 8 (string columns only)
        if (encoding == 0) {
          EXPECT_EQ(stored_size, 0u);
          EXPECT_EQ(raw_size, 0u);
          EXPECT_EQ(compression, 0);
          EXPECT_EQ(U32(footer, e + 4), 0u);
        } else {
          ASSERT_EQ(encoding, 8);
          ASSERT_GE(col, 8u);
          dictionaries[col] = DecodeDictionary(raw);
        }
      } else if (col <= 2) {  // seq, time, received_at: encoding 3
        ASSERT_EQ(encoding, 3);
        Cursor c{raw};
        int64_t prev = 0;
        for (uint64_t i = 0; i < n; ++i) {
          prev =
              static_cast<int64_t>(static_cast<uint64_t>(prev) + static_cast<uint64_t>(c.ZigZag()));
          const int64_t want = col == 0   ? static_cast<int64_t>(row(i).seq)
                               : col == 1 ? row(i).time_ms
                                          : row(i).received_at_ms;
          EXPECT_EQ(prev, want) << i;
        }
        EXPECT_EQ(c.pos, raw.size());
      } else if (col == 3) {  // status: encoding 4
        ASSERT_EQ(encoding, 4);
        ASSERT_EQ(raw.size(), n);
        for (uint64_t i = 0; i < n; ++i) {
          EXPECT_EQ(static_cast<uint8_t>(raw[i]), static_cast<uint8_t>(row(i).status));
        }
      } else if (col <= 6) {  // duration, lat, lon: encodings 5 or 7
        const std::vector<std::optional<uint64_t>> bits = DecodeDoubleBits(encoding, raw, n);
        for (uint64_t i = 0; i < n; ++i) {
          const std::optional<double> want = col == 4   ? row(i).context.duration_ms
                                             : col == 5 ? row(i).geo.lat
                                                        : row(i).geo.lon;
          EXPECT_EQ(bits[i], Bits(want)) << i;
        }
      } else if (col == 7) {  // resources: encoding 6
        ASSERT_EQ(encoding, 6);
        Cursor c{raw};
        uint64_t total = 0;
        for (uint64_t i = 0; i < n; ++i) {
          const uint64_t count = c.Varint();
          EXPECT_EQ(count, row(i).resources.size());
          total += count;
        }
        const std::vector<std::string> types = c.Strings(total);
        const std::vector<std::string> ids = c.Strings(total);
        const std::vector<std::string> names = c.Strings(total);
        EXPECT_EQ(c.pos, raw.size());
        size_t k = 0;
        for (uint64_t i = 0; i < n; ++i) {
          for (const ResourceRef& ref : row(i).resources) {
            EXPECT_EQ(types.at(k), ref.type);
            EXPECT_EQ(ids.at(k), ref.id);
            EXPECT_EQ(names.at(k), ref.name);
            ++k;
          }
        }
      } else {  // strings, ids 8..53 named in the doc's table: encodings 1 or 2
        const StringField field = StringFieldByName(kDocStringColumns.at(col - 8)).value();
        EXPECT_EQ(encoding, dictionaries[col].empty() ? 1 : 2);
        const std::vector<std::string> values = DecodeStrings(encoding, raw, n, dictionaries[col]);
        ASSERT_EQ(values.size(), n);
        for (uint64_t i = 0; i < n; ++i) EXPECT_EQ(values[i], GetField(row(i), field)) << i;
      }
    }
  }
  EXPECT_EQ(expected_offset, footer_offset);
  EXPECT_EQ(encodings_seen, (std::set<int>{0, 1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(dictionaries[9], listed);  // the tenant column's dictionary
}

}  // namespace
}  // namespace vigil
