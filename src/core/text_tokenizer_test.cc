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

TEST(TokenizeTest, UnicodeLettersAndNumbersMakeWords) {
  EXPECT_EQ(Tokenize("Zürich"), (Tokens{"zürich"}));
  EXPECT_EQ(Tokenize("東京 タワー"), (Tokens{"東京", "タワー"}));
  EXPECT_EQ(Tokenize("Москва-Сити"), (Tokens{"москва", "сити"}));
  EXPECT_EQ(Tokenize("ملف٣"), (Tokens{"ملف٣"}));  // Arabic letters and an Arabic-Indic digit
}

TEST(TokenizeTest, UnicodePunctuationSymbolsAndSpacesSeparate) {
  EXPECT_EQ(Tokenize("a—b «c» d…e"), (Tokens{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(Tokenize("café😀bar"), (Tokens{"café", "bar"}));
  EXPECT_EQ(Tokenize("x\u00a0y\u3000z"),
            (Tokens{"x", "y", "z"}));  // no-break and ideographic spaces
  EXPECT_EQ(Tokenize("€100 ©2024"), (Tokens{"100", "2024"}));
}

TEST(TokenizeTest, UnicodeCaseIsFolded) {
  EXPECT_EQ(Tokenize("ÄRGER Über"), (Tokens{"ärger", "über"}));
  EXPECT_EQ(Tokenize("ΣΊΣΥΦΟΣ"), Tokenize("σίσυφος"));
  EXPECT_EQ(Tokenize("Straße"), Tokenize("STRASSE"));  // full folding: ß → ss
  EXPECT_EQ(Tokenize("Straße"), (Tokens{"strasse"}));
}

TEST(TokenizeTest, UnicodeIsNormalizedSoEquivalentSpellingsMatch) {
  // Precomposed ä and a + combining diaeresis (a mark joins the word).
  EXPECT_EQ(Tokenize("a\u0308rger"), (Tokens{"ärger"}));
  // Compatibility forms: full-width letters, ligatures.
  EXPECT_EQ(Tokenize("ＡＢＣ１２"), (Tokens{"abc12"}));
  EXPECT_EQ(Tokenize("ﬁle"), (Tokens{"file"}));
  // Default-ignorable characters (a soft hyphen) vanish inside a word.
  EXPECT_EQ(Tokenize("re\u00admove"), (Tokens{"remove"}));
  // A word of ignorables alone folds to nothing and is dropped.
  EXPECT_EQ(Tokenize("a \u200d b"), (Tokens{"a", "b"}));
}

TEST(TokenizeTest, BytesThatAreNotUtf8AreKeptAsWordBytes) {
  EXPECT_EQ(Tokenize("AB\xff\xfe"
                     "CD x"),
            (Tokens{"ab\xff\xfe"
                    "cd",
                    "x"}));
  EXPECT_EQ(Tokenize("\xc3"), (Tokens{"\xc3"}));  // a truncated sequence
}

TEST(TokenizeTest, EndsWithWordCharacter) {
  EXPECT_TRUE(EndsWithWordCharacter("ada"));
  EXPECT_TRUE(EndsWithWordCharacter("zürich"));
  EXPECT_TRUE(EndsWithWordCharacter("東京"));
  EXPECT_FALSE(EndsWithWordCharacter("ada@"));
  EXPECT_FALSE(EndsWithWordCharacter("ada—"));
  EXPECT_FALSE(EndsWithWordCharacter(""));
}

TEST(TokenizeTest, IsFoldedToken) {
  EXPECT_TRUE(IsFoldedToken("renamed"));
  EXPECT_TRUE(IsFoldedToken("ärger"));
  EXPECT_FALSE(IsFoldedToken("Renamed"));
  EXPECT_FALSE(IsFoldedToken("Ärger"));
  EXPECT_FALSE(IsFoldedToken("a b"));
  EXPECT_FALSE(IsFoldedToken(""));
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
