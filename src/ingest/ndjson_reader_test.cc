#include "ingest/ndjson_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

namespace vigil {
namespace {

struct Got {
  uint64_t number;
  std::string text;
  uint64_t too_long;
};

// Feeds input through a pipe (as `vigil ingest -` reads stdin) and collects the lines.
std::vector<Got> ReadAll(const std::string& input, size_t max_line) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    size_t done = 0;
    while (done < input.size()) {
      ssize_t n = ::write(fds[1], input.data() + done, std::min<size_t>(4096, input.size() - done));
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  NdjsonReader reader(fds[0], max_line);
  std::vector<Got> out;
  NdjsonLine line;
  while (true) {
    Result<bool> more = reader.Next(&line);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    out.push_back({line.number, std::string(line.text), line.too_long});
  }
  writer.join();
  ::close(fds[0]);
  return out;
}

TEST(NdjsonReaderTest, SplitsLinesWithLfAndCrlf) {
  auto got = ReadAll("{\"a\":1}\n{\"b\":2}\r\n\n{\"c\":3}", 100);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].text, "{\"a\":1}");
  EXPECT_EQ(got[1].text, "{\"b\":2}");
  EXPECT_EQ(got[2].text, "");  // a blank line is a line (the ingester rejects it)
  EXPECT_EQ(got[2].number, 3u);
  EXPECT_EQ(got[3].text, "{\"c\":3}");  // last line without newline
  EXPECT_EQ(got[3].number, 4u);
}

TEST(NdjsonReaderTest, TrailingNewlineAddsNoLine) {
  auto got = ReadAll("x\ny\n", 100);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(ReadAll("", 100).empty());
}

TEST(NdjsonReaderTest, HugeLineIsSkippedInBoundedMemoryAndReported) {
  // A 5 MB line with a 1 KB limit: reported with its length, neighbours intact.
  std::string huge(5'000'000, 'x');
  auto got = ReadAll("first\n" + huge + "\nlast\n", 1024);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].text, "first");
  EXPECT_EQ(got[1].number, 2u);
  EXPECT_EQ(got[1].too_long, 5'000'000u);
  EXPECT_EQ(got[1].text, "");
  EXPECT_EQ(got[2].text, "last");
}

TEST(NdjsonReaderTest, HugeFinalLineWithoutNewline) {
  std::string huge(300'000, 'y');
  auto got = ReadAll("a\n" + huge, 1000);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].too_long, 300'000u);
}

TEST(NdjsonReaderTest, LineAtExactlyTheLimitIsKept) {
  std::string exact(1000, 'z');
  auto got = ReadAll(exact + "\n" + exact + "\r\n", 1000);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].text, exact);
  EXPECT_EQ(got[1].text, exact);
  EXPECT_EQ(got[1].too_long, 0u);
}

}  // namespace
}  // namespace vigil
