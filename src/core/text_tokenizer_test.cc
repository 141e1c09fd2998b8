#include "core/text_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil {
namespace {

using Tokens = std::vector<std::string>;

TEST(TokenizeTest, FoldsAsciiToLowerCase) {
  EXPECT_EQ(Tokenize("Ada RENAMED the App"), (Tokens{"ada", "renamed", "the", "app"}));
  EXPECT_EQ(Tokenize("CamelCaseWord"), (Tokens{"camelcaseword"}));
}

TEST(TokenizeTest, EverythingButLettersDigitsAndNonAsciiSeparates) {
  EXPECT_EQ(Tokenize("app.create"), (Tokens{"app", "create"}));
  EXPECT_EQ(Tokenize("user_login-failed/v2"), (Tokens{"user", "login", "failed", "v2"}));
  EXPECT_EQ(Tokenize("  a\tb\nc\r\nd  "), (Tokens{"a", "b", "c", "d"}));
  EXPECT_EQ(Tokenize(R"({"key":"value",'x'=[1,2]})"), (Tokens{"key", "value", "x", "1", "2"}));
  EXPECT_EQ(Tokenize(std::string("nul\0byte\x7f"
                                 "del",
                                 12)),
            (Tokens{"nul", "byte", "del"}));
  EXPECT_EQ(Tokenize("renamed \"Old CRM\" to CRM-2!"),
            (Tokens{"renamed", "old", "crm", "to", "crm", "2"}));
}

TEST(TokenizeTest, DigitsAreWordBytes) {
  EXPECT_EQ(Tokenize("203.0.113.7"), (Tokens{"203", "0", "113", "7"}));
  EXPECT_EQ(Tokenize("req_01HF7YAT00"), (Tokens{"req", "01hf7yat00"}));
}

TEST(TokenizeTest, EmailsSplitAtPunctuation) {
  EXPECT_EQ(Tokenize("Ada.Lovelace@Example.COM"), (Tokens{"ada", "lovelace", "example", "com"}));
  EXPECT_EQ(Tokenize("ops+alerts@example.com"), (Tokens{"ops", "alerts", "example", "com"}));
}

TEST(TokenizeTest, NonAsciiBytesAreKeptAsIs) {
  EXPECT_EQ(Tokenize("Zürich"), (Tokens{"zürich"}));
  EXPECT_EQ(Tokenize("東京 タワー"), (Tokens{"東京", "タワー"}));
  EXPECT_EQ(Tokenize("café😀bar"), (Tokens{"café😀bar"}));
  // Only ASCII is folded: upper-case non-ASCII letters stay as sent.
  EXPECT_EQ(Tokenize("ÄRGER Über"), (Tokens{"Ärger", "Über"}));
  // Non-ASCII punctuation is bytes >= 0x80 too, so it does not separate.
  EXPECT_EQ(Tokenize("a—b «c»"), (Tokens{"a—b", "«c»"}));
}

TEST(TokenizeTest, EmptyAndSeparatorOnly) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize(" .,;:-_/\\\t\n").empty());
}

TEST(ForEachTokenTest, CallsTheSinkInOrderWithFoldedViews) {
  std::string scratch;
  std::vector<std::string> seen;
  ForEachToken("One two THREE", scratch, [&](std::string_view t) { seen.emplace_back(t); });
  EXPECT_EQ(seen, (Tokens{"one", "two", "three"}));
  // The scratch buffer can be reused across calls.
  seen.clear();
  ForEachToken("x", scratch, [&](std::string_view t) { seen.emplace_back(t); });
  EXPECT_EQ(seen, (Tokens{"x"}));
}

}  // namespace
}  // namespace vigil
