#include "export/csv_writer.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

std::string Cell(std::string_view v) {
  std::string out;
  CsvWriter::AppendCell(v, &out);
  return out;
}

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(Cell("plain"), "plain");
  EXPECT_EQ(Cell("a,b"), "\"a,b\"");
  EXPECT_EQ(Cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(Cell("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(Cell(""), "");
  EXPECT_EQ(Cell("Zürich"), "Zürich");
}

TEST(CsvWriterTest, NeutralizesFormulaInjection) {
  EXPECT_EQ(Cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(Cell("+1+1"), "'+1+1");
  EXPECT_EQ(Cell("-2+3"), "'-2+3");
  EXPECT_EQ(Cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(Cell("\tTAB"), "'\tTAB");
  EXPECT_EQ(Cell("\rCR"), "\"'\rCR\"");
  EXPECT_EQ(Cell("a=b"), "a=b");  // only a leading trigger counts
}

TEST(CsvWriterTest, RowHasOneCellPerColumn) {
  Event e;
  e.seq = 7;
  e.time_ms = 1'700'000'000'123;
  e.received_at_ms = 1'700'000'000'456;
  e.id = "evt_1";
  e.tenant = "org_1";
  e.action = "app.create";
  e.description = "made \"x\", then y";
  e.context.duration_ms = 12.5;
  e.resources.push_back({"flow", "f1", "Flow, one"});
  std::string header, row;
  CsvWriter::AppendHeader(&header);
  CsvWriter::AppendRow(e, &row);
  EXPECT_TRUE(header.starts_with("seq,time,id,tenant,"));
  EXPECT_TRUE(row.starts_with("7,2023-11-14T22:13:20.123Z,evt_1,org_1,"));
  EXPECT_TRUE(row.ends_with(",2023-11-14T22:13:20.456Z\r\n"));
  EXPECT_NE(row.find(",12.5,"), std::string::npos);
  EXPECT_NE(row.find("\"made \"\"x\"\", then y\""), std::string::npos);
  EXPECT_NE(
      row.find(
          "\"[{\"\"type\"\":\"\"flow\"\",\"\"id\"\":\"\"f1\"\",\"\"name\"\":\"\"Flow, one\"\"}]\""),
      std::string::npos);
}

}  // namespace
}  // namespace vigil
