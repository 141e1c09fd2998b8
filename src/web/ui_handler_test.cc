#include "web/ui_handler.h"

#include <gtest/gtest.h>

namespace vigil::web {
namespace {

TEST(UiHandlerTest, AcceptsGzipOnlyWhenTheClientDoes) {
  EXPECT_TRUE(UiHandler::AcceptsGzip("gzip"));
  EXPECT_TRUE(UiHandler::AcceptsGzip("gzip, deflate, br, zstd"));
  EXPECT_TRUE(UiHandler::AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(UiHandler::AcceptsGzip(" identity , gzip ; q=0.001"));
  EXPECT_FALSE(UiHandler::AcceptsGzip(""));
  EXPECT_FALSE(UiHandler::AcceptsGzip("identity"));
  EXPECT_FALSE(UiHandler::AcceptsGzip("br, zstd"));
  EXPECT_FALSE(UiHandler::AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(UiHandler::AcceptsGzip("gzip; q=0.000, br"));
  EXPECT_FALSE(UiHandler::AcceptsGzip("x-gzip"));
  EXPECT_FALSE(UiHandler::AcceptsGzip("gzipped"));
}

}  // namespace
}  // namespace vigil::web
