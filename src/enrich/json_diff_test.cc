#include "enrich/json_diff.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "core/field_error.h"
#include "core/free_form_json.h"
#include "core/limits.h"

namespace vigil::enrich {
namespace {

using nlohmann::json;

std::string Diff(std::string_view changes) {
  Result<std::string> r = DiffChanges(changes);
  EXPECT_TRUE(r.ok()) << changes << " → " << r.status().ToString();
  return r.ok() ? *r : std::string("<error>");
}

// {"before":before,"after":after} from JSON texts; an empty text leaves the half out.
std::string Changes(std::string_view before, std::string_view after) {
  std::string out = "{";
  if (!before.empty()) out += "\"before\":" + std::string(before);
  if (!before.empty() && !after.empty()) out += ",";
  if (!after.empty()) out += "\"after\":" + std::string(after);
  return out + "}";
}

// --- A reader of diff paths, written from the grammar in json_diff.h ---

using PathToken = std::variant<std::string, size_t>;  // key or index

bool IsPlainKey(const std::string& k) {
  if (k.empty() || k[0] == '-' || (k[0] >= '0' && k[0] <= '9')) return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Splits a path into keys and indexes; fails the test on a path the
// grammar does not produce (including a quoted key that could be plain).
std::vector<PathToken> ParsePath(const std::string& path) {
  std::vector<PathToken> tokens;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[' && i + 1 < path.size() && path[i + 1] == '"') {
      size_t j = i + 2;
      while (j < path.size() && path[j] != '"') j += path[j] == '\\' ? 2 : 1;
      EXPECT_LT(j + 1, path.size()) << path;
      EXPECT_EQ(path[j + 1], ']') << path;
      std::string key = json::parse(path.substr(i + 1, j - i)).get<std::string>();
      EXPECT_FALSE(IsPlainKey(key)) << "quoted plain key in " << path;
      tokens.emplace_back(std::move(key));
      i = j + 2;
    } else if (path[i] == '[') {
      const size_t close = path.find(']', i);
      EXPECT_NE(close, std::string::npos) << path;
      const std::string digits = path.substr(i + 1, close - i - 1);
      EXPECT_FALSE(digits.empty()) << path;
      EXPECT_TRUE(std::all_of(digits.begin(), digits.end(), ::isdigit)) << path;
      tokens.emplace_back(static_cast<size_t>(std::stoull(digits)));
      i = close + 1;
    } else {
      if (!tokens.empty()) {
        EXPECT_EQ(path[i], '.') << path;
        ++i;
      }
      size_t j = i;
      while (j < path.size() && path[j] != '.' && path[j] != '[') ++j;
      std::string key = path.substr(i, j - i);
      EXPECT_TRUE(IsPlainKey(key)) << "bare key '" << key << "' in " << path;
      tokens.emplace_back(std::move(key));
      i = j;
    }
    if (::testing::Test::HasFailure()) return tokens;
  }
  return tokens;
}

std::vector<std::string> Paths(const std::string& diff) {
  std::vector<std::string> paths;
  if (diff.empty()) return paths;
  for (const json& e : json::parse(diff)) paths.push_back(e["path"].get<std::string>());
  return paths;
}

// --- A tiny applier: apply(before, diff) must give after ---

// The value at tokens[0..n) of root, or nullptr when it is not there.
json* Find(json& root, const std::vector<PathToken>& tokens, size_t n) {
  json* v = &root;
  for (size_t k = 0; k < n; ++k) {
    if (const auto* key = std::get_if<std::string>(&tokens[k])) {
      if (!v->is_object() || !v->contains(*key)) return nullptr;
      v = &(*v)[*key];
    } else {
      const size_t index = std::get<size_t>(tokens[k]);
      if (!v->is_array() || index >= v->size()) return nullptr;
      v = &(*v)[index];
    }
  }
  return v;
}

// Applies one entry to doc, checking that `before` is what doc holds there.
void ApplyEntry(const json& e, json& doc) {
  const std::string op = e.at("op");
  const std::vector<PathToken> tokens = ParsePath(e.at("path"));
  if (tokens.empty()) {  // the whole object
    if (op != "added") {
      ASSERT_EQ(doc, e.at("before"));
    }
    doc = op == "removed" ? json::object() : e.at("after");
    return;
  }
  json* parent = Find(doc, tokens, tokens.size() - 1);
  ASSERT_NE(parent, nullptr) << e;
  const PathToken& last = tokens.back();
  if (const auto* key = std::get_if<std::string>(&last)) {
    ASSERT_TRUE(parent->is_object()) << e;
    if (op == "added") {
      ASSERT_FALSE(parent->contains(*key)) << e;
      (*parent)[*key] = e.at("after");
    } else {
      ASSERT_TRUE(parent->contains(*key)) << e;
      ASSERT_EQ((*parent)[*key], e.at("before")) << e;
      if (op == "removed") {
        parent->erase(*key);
      } else {
        (*parent)[*key] = e.at("after");
      }
    }
  } else {
    const size_t index = std::get<size_t>(last);
    ASSERT_TRUE(parent->is_array()) << e;
    if (op == "added") {
      ASSERT_EQ(index, parent->size()) << e;  // items are added at the end, in order
      parent->push_back(e.at("after"));
    } else if (op == "removed") {
      ASSERT_EQ(index + 1, parent->size()) << e;  // removed from the end (applied in reverse)
      ASSERT_EQ(parent->back(), e.at("before")) << e;
      parent->erase(index);
    } else {
      ASSERT_LT(index, parent->size()) << e;
      ASSERT_EQ((*parent)[index], e.at("before")) << e;
      (*parent)[index] = e.at("after");
    }
  }
}

// Applies a diff: every entry but removals in order, then removals in reverse
// (so that array items go from the end).
json Apply(json doc, const json& diff) {
  for (const json& e : diff) {
    if (e.at("op") != "removed") ApplyEntry(e, doc);
  }
  for (auto it = diff.rbegin(); it != diff.rend(); ++it) {
    if (it->at("op") == "removed") ApplyEntry(*it, doc);
  }
  return doc;
}

// The diff from after back to before.
json Invert(const json& diff) {
  json out = json::array();
  for (json e : diff) {
    const std::string op = e["op"];
    json inverted = {{"op", op == "added"     ? "removed"
                            : op == "removed" ? "added"
                                              : op},
                     {"path", e["path"]}};
    if (e.contains("after")) inverted["before"] = e["after"];
    if (e.contains("before")) inverted["after"] = e["before"];
    out.push_back(inverted);
  }
  return out;
}

// Document order: tokens compared key by key (bytes) and index by index.
bool PathBefore(const std::vector<PathToken>& a, const std::vector<PathToken>& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

// Everything a diff of before → after promises (json_diff.h), checked on one
// case. An absent half is an empty `optional`. Unless the diff may be
// coarsened (`fine` false), a "changed" entry never holds two objects or two
// arrays: those are compared inside.
void CheckDiff(const std::optional<json>& before, const std::optional<json>& after,
               bool fine = true) {
  const std::string changes = Changes(before ? before->dump() : "", after ? after->dump() : "");
  SCOPED_TRACE(changes);
  Result<std::string> r = DiffChanges(changes);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const json b = before.value_or(json::object()), a = after.value_or(json::object());
  if (r->empty()) {
    ASSERT_EQ(b, a);
    return;
  }
  const json diff = json::parse(*r);
  ASSERT_EQ(diff.dump(), *r) << "not canonical";  // nlohmann sorts keys and writes no space
  ASSERT_GT(diff.size(), 0u);
  // `changes` is at least as long as its canonical text (nlohmann writes 3.0 where core writes 3).
  EXPECT_LE(r->size(), 2 * changes.size() + kDiffSlackBytes);

  // The stored form reads it back unchanged (WAL replay, imports).
  simdjson::dom::parser parser;
  simdjson::dom::element stored;
  ASSERT_EQ(parser.parse(*r).get(stored), simdjson::SUCCESS);
  std::string reread;
  FieldError error;
  ASSERT_TRUE(CanonicalizeDiff(stored, &reread, &error)) << error.field << ": " << error.problem;
  EXPECT_EQ(reread, *r);

  std::vector<PathToken> previous;
  for (size_t i = 0; i < diff.size(); ++i) {
    const json& e = diff[i];
    const std::string op = e.at("op");
    const std::vector<PathToken> tokens = ParsePath(e.at("path"));
    if (i > 0) {
      EXPECT_TRUE(PathBefore(previous, tokens)) << "out of order: " << e;
      EXPECT_FALSE(previous.size() <= tokens.size() &&
                   std::equal(previous.begin(), previous.end(), tokens.begin()))
          << "entry inside another entry's value: " << e;
    }
    previous = tokens;
    EXPECT_LE(e.at("path").get<std::string>().size(), kMaxStringBytes);
    EXPECT_EQ(e.contains("before"), op != "added") << e;
    EXPECT_EQ(e.contains("after"), op != "removed") << e;
    if (op == "changed") {
      EXPECT_NE(e["before"], e["after"]) << e;
      const bool null_side = e["before"].is_null() || e["after"].is_null();
      const bool same_type = e["before"].type() == e["after"].type() ||
                             (e["before"].is_number() && e["after"].is_number());
      EXPECT_TRUE(null_side || same_type) << e;
      if (fine) {
        EXPECT_FALSE(e["before"].is_object() && e["after"].is_object()) << e;
        EXPECT_FALSE(e["before"].is_array() && e["after"].is_array()) << e;
      }
    } else if (op == "type_changed") {
      EXPECT_FALSE(e["before"].is_null() || e["after"].is_null()) << e;
      EXPECT_FALSE(e["before"].type() == e["after"].type() ||
                   (e["before"].is_number() && e["after"].is_number()))
          << e;
    } else {
      EXPECT_TRUE(op == "added" || op == "removed") << e;
    }
  }
  if (::testing::Test::HasFailure()) return;
  EXPECT_EQ(Apply(b, diff), a) << *r;
  EXPECT_EQ(Apply(a, Invert(diff)), b) << *r;
}

// --- Exact outputs ---

TEST(JsonDiffTest, NoChangesGivesEmptyText) {
  EXPECT_EQ(Diff(""), "");
  EXPECT_EQ(Diff("{}"), "");
  EXPECT_EQ(Diff(R"({"before":null,"after":null})"), "");
  EXPECT_EQ(Diff(R"({"before":{}})"), "");
  EXPECT_EQ(Diff(R"({"after":{}})"), "");
  EXPECT_EQ(Diff(R"({"before":{},"after":{}})"), "");
}

TEST(JsonDiffTest, IdenticalHalvesGiveEmptyDiff) {
  const std::string v =
      R"({"a":[1,{"b":null,"c":[true,false]}],"d":"x\ny","e":{"f":{"g":1.5}},"h":[]})";
  EXPECT_EQ(Diff(Changes(v, v)), "");
}

TEST(JsonDiffTest, FlatFieldChanged) {
  EXPECT_EQ(Diff(R"({"before":{"name":"Ada","role":"viewer","seats":3},)"
                 R"("after":{"name":"Ada","role":"admin","seats":3}})"),
            R"([{"after":"admin","before":"viewer","op":"changed","path":"role"}])");
}

TEST(JsonDiffTest, FlatFieldsAddedRemovedChangedInKeyOrder) {
  EXPECT_EQ(Diff(Changes(R"({"b":1,"c":2,"e":true})", R"({"a":0,"c":3,"d":"new","e":true})")),
            R"([{"after":0,"op":"added","path":"a"},)"
            R"({"before":1,"op":"removed","path":"b"},)"
            R"({"after":3,"before":2,"op":"changed","path":"c"},)"
            R"({"after":"new","op":"added","path":"d"}])");
}

TEST(JsonDiffTest, NestedObjectsGiveDeepestPath) {
  EXPECT_EQ(Diff(Changes(R"({"settings":{"notify":{"email":true},"theme":"light"}})",
                         R"({"settings":{"notify":{"email":false,"sms":true},"theme":"dark"}})")),
            R"([{"after":false,"before":true,"op":"changed","path":"settings.notify.email"},)"
            R"({"after":true,"op":"added","path":"settings.notify.sms"},)"
            R"({"after":"dark","before":"light","op":"changed","path":"settings.theme"}])");
}

TEST(JsonDiffTest, AddedOrRemovedSubtreeIsOneEntry) {
  EXPECT_EQ(Diff(Changes(R"({"a":1})", R"({"a":1,"sso":{"idp":"okta","scopes":["x","y"]}})")),
            R"([{"after":{"idp":"okta","scopes":["x","y"]},"op":"added","path":"sso"}])");
  EXPECT_EQ(Diff(Changes(R"({"a":1,"sso":{"idp":"okta"}})", R"({"a":1})")),
            R"([{"before":{"idp":"okta"},"op":"removed","path":"sso"}])");
}

TEST(JsonDiffTest, ArrayGrows) {
  EXPECT_EQ(Diff(Changes(R"({"tags":["a"]})", R"({"tags":["a","b",{"c":1}]})")),
            R"([{"after":"b","op":"added","path":"tags[1]"},)"
            R"({"after":{"c":1},"op":"added","path":"tags[2]"}])");
}

TEST(JsonDiffTest, ArrayShrinks) {
  EXPECT_EQ(Diff(Changes(R"({"tags":["a","b","c"]})", R"({"tags":["a"]})")),
            R"([{"before":"b","op":"removed","path":"tags[1]"},)"
            R"({"before":"c","op":"removed","path":"tags[2]"}])");
  EXPECT_EQ(Diff(Changes(R"({"tags":["a"]})", R"({"tags":[]})")),
            R"([{"before":"a","op":"removed","path":"tags[0]"}])");
}

TEST(JsonDiffTest, ArrayChangedInPlace) {
  EXPECT_EQ(Diff(Changes(R"({"ports":[80,443,8080]})", R"({"ports":[80,8443,8080]})")),
            R"([{"after":8443,"before":443,"op":"changed","path":"ports[1]"}])");
}

TEST(JsonDiffTest, ArraysComparedByIndexWithoutMoveDetection) {
  // An item inserted at the front: every index changes and one is added.
  EXPECT_EQ(Diff(Changes(R"({"a":["x","y"]})", R"({"a":["w","x","y"]})")),
            R"([{"after":"w","before":"x","op":"changed","path":"a[0]"},)"
            R"({"after":"x","before":"y","op":"changed","path":"a[1]"},)"
            R"({"after":"y","op":"added","path":"a[2]"}])");
}

TEST(JsonDiffTest, ArrayOfObjects) {
  EXPECT_EQ(
      Diff(Changes(R"({"members":[{"id":"u1","role":"viewer"},{"id":"u2","role":"admin"}]})",
                   R"({"members":[{"id":"u1","role":"editor"},{"id":"u2","role":"admin"}]})")),
      R"([{"after":"editor","before":"viewer","op":"changed","path":"members[0].role"}])");
}

TEST(JsonDiffTest, NestedArrays) {
  EXPECT_EQ(Diff(Changes(R"({"m":[[1,2],[3,4]]})", R"({"m":[[1,2],[3,5,6]]})")),
            R"([{"after":5,"before":4,"op":"changed","path":"m[1][1]"},)"
            R"({"after":6,"op":"added","path":"m[1][2]"}])");
}

TEST(JsonDiffTest, NullToValueAndBackIsChanged) {
  EXPECT_EQ(Diff(Changes(R"({"a":null,"b":"x","c":null,"d":[1]})",
                         R"({"a":"set","b":null,"c":{"city":"Oslo"},"d":null})")),
            R"([{"after":"set","before":null,"op":"changed","path":"a"},)"
            R"({"after":null,"before":"x","op":"changed","path":"b"},)"
            R"({"after":{"city":"Oslo"},"before":null,"op":"changed","path":"c"},)"
            R"({"after":null,"before":[1],"op":"changed","path":"d"}])");
}

TEST(JsonDiffTest, NullIsAValueNotAnAbsence) {
  EXPECT_EQ(Diff(Changes(R"({"b":null})", R"({"a":null})")),
            R"([{"after":null,"op":"added","path":"a"},)"
            R"({"before":null,"op":"removed","path":"b"}])");
  EXPECT_EQ(Diff(Changes(R"({"a":null,"b":[null]})", R"({"a":null,"b":[null]})")), "");
}

TEST(JsonDiffTest, TypeChangesAreOneEntryWithWholeValues) {
  EXPECT_EQ(Diff(Changes(R"({"a":"5","b":{"x":1},"c":[1],"d":true,"e":1,"f":{}})",
                         R"({"a":5,"b":[{"x":1}],"c":"1","d":1,"e":{"v":1},"f":[]})")),
            R"([{"after":5,"before":"5","op":"type_changed","path":"a"},)"
            R"({"after":[{"x":1}],"before":{"x":1},"op":"type_changed","path":"b"},)"
            R"({"after":"1","before":[1],"op":"type_changed","path":"c"},)"
            R"({"after":1,"before":true,"op":"type_changed","path":"d"},)"
            R"({"after":{"v":1},"before":1,"op":"type_changed","path":"e"},)"
            R"({"after":[],"before":{},"op":"type_changed","path":"f"}])");
}

TEST(JsonDiffTest, NumbersComparedByCanonicalValue) {
  EXPECT_EQ(
      Diff(Changes(R"({"a":1,"b":100,"c":0,"d":0.5})", R"({"a":1.0,"b":1e2,"c":-0,"d":5e-1})")),
      "");
  EXPECT_EQ(Diff(Changes(R"({"a":1,"b":true})", R"({"a":1.5,"b":false})")),
            R"([{"after":1.5,"before":1,"op":"changed","path":"a"},)"
            R"({"after":false,"before":true,"op":"changed","path":"b"}])");
  // Beyond 2^53 a double is not the integer that reads nearest to it.
  EXPECT_EQ(Diff(Changes(R"({"n":9007199254740993})", R"({"n":9007199254740993.0})")),
            R"([{"after":9.007199254740992e+15,"before":9007199254740993,"op":"changed",)"
            R"("path":"n"}])");
  EXPECT_EQ(Diff(Changes(R"({"n":18446744073709551615})", R"({"n":-1})")),
            R"([{"after":-1,"before":18446744073709551615,"op":"changed","path":"n"}])");
}

TEST(JsonDiffTest, StringsComparedAfterUnescaping) {
  EXPECT_EQ(Diff(Changes(R"({"s":"a\/b\u00e9"})", R"({"s":"a/bé"})")), "");
  EXPECT_EQ(Diff(Changes(R"({"s":"line"})", R"({"s":"line\n\"q\""})")),
            R"([{"after":"line\n\"q\"","before":"line","op":"changed","path":"s"}])");
}

TEST(JsonDiffTest, KeysThatAreNotPlainAreQuoted) {
  const std::string before = R"({"a.b":1,"":1,"名前":1,"x y":1,"0":1,"-x":1,"q\"t":1,)"
                             R"("b\\s":1,"c\nr":1,"snake_case":1,"kebab-case":1,"A9":1,)"
                             R"("[0]":1,"labels":{"é":1,"k.v":{"z":1}}})";
  std::string after = before;
  for (size_t pos = 0; (pos = after.find(":1", pos)) != std::string::npos;) after[pos + 1] = '2';
  const std::vector<std::string> want = {
      R"([""])",        R"(["-x"])",   R"(["0"])",    "A9",         R"(["[0]"])",
      R"(["a.b"])",     R"(["b\\s"])", R"(["c\nr"])", "kebab-case", R"(labels["k.v"].z)",
      R"(labels["é"])", R"(["q\"t"])", "snake_case",  R"(["x y"])", R"(["名前"])"};
  EXPECT_EQ(Paths(Diff(Changes(before, after))), want);
  CheckDiff(json::parse(before), json::parse(after));
}

TEST(JsonDiffTest, PathsAreWrittenAsJsonStrings) {
  EXPECT_EQ(Diff(Changes(R"({"a\"b":{"c":1}})", R"({"a\"b":{"c":2}})")),
            R"([{"after":2,"before":1,"op":"changed","path":"[\"a\\\"b\"].c"}])");
}

TEST(JsonDiffTest, EmptyContainers) {
  EXPECT_EQ(Diff(Changes(R"({})", R"({"a":{},"b":[]})")),
            R"([{"after":{},"op":"added","path":"a"},{"after":[],"op":"added","path":"b"}])");
  EXPECT_EQ(Diff(Changes(R"({"a":{},"b":[]})", R"({"a":{"x":1},"b":[0]})")),
            R"([{"after":1,"op":"added","path":"a.x"},{"after":0,"op":"added","path":"b[0]"}])");
  EXPECT_EQ(Diff(Changes(R"({"a":{},"b":[]})", R"({"a":{},"b":[]})")), "");
}

TEST(JsonDiffTest, OnlyAfterIsOneAddedEntryPerTopLevelKey) {
  EXPECT_EQ(Diff(R"({"after":{"name":"app","tags":["x"],"x":{"y":null}}})"),
            R"([{"after":"app","op":"added","path":"name"},)"
            R"({"after":["x"],"op":"added","path":"tags"},)"
            R"({"after":{"y":null},"op":"added","path":"x"}])");
  EXPECT_EQ(Diff(R"({"before":null,"after":{"a b":1}})"),
            R"([{"after":1,"op":"added","path":"[\"a b\"]"}])");
}

TEST(JsonDiffTest, OnlyBeforeIsOneRemovedEntryPerTopLevelKey) {
  EXPECT_EQ(Diff(R"({"before":{"name":"app","owner":{"id":"u1"}}})"),
            R"([{"before":"app","op":"removed","path":"name"},)"
            R"({"before":{"id":"u1"},"op":"removed","path":"owner"}])");
  EXPECT_EQ(Diff(R"({"before":{"a":1},"after":null})"),
            R"([{"before":1,"op":"removed","path":"a"}])");
}

TEST(JsonDiffTest, NonCanonicalInputGivesTheCanonicalDiff) {
  const std::string canonical =
      Diff(R"({"before":{"a":1,"b":{"c":[1,2]}},"after":{"a":2,"b":{"c":[1]}}})");
  EXPECT_EQ(canonical, R"([{"after":2,"before":1,"op":"changed","path":"a"},)"
                       R"({"before":2,"op":"removed","path":"b.c[1]"}])");
  EXPECT_EQ(Diff(" { \"after\" : { \"b\" : { \"c\" : [ 1.0 ] } , \"a\" : 2 } ,\n"
                 "   \"before\" : { \"b\" : { \"c\" : [ 1, 2e0 ] }, \"a\" : 1 } } "),
            canonical);
  // Keys in order but spaced, and after first: read as it is.
  EXPECT_EQ(Diff("{\"after\": {\"a\": 2, \"b\": {\"c\": [1]}},\n"
                 " \"before\": {\"a\": 1, \"b\": {\"c\": [1, 2]}}}"),
            canonical);
}

// changes.before is level 3 of the event; objects may nest to level 16.
std::string Nested(int levels, std::string_view leaf) {
  std::string v(leaf);
  for (int i = 0; i < levels; ++i) v = "{\"a\":" + v + "}";
  return v;
}

TEST(JsonDiffTest, DeepNestingAtTheLimit) {
  // before itself is level 3: 14 objects reach level 16, the last holding a scalar.
  const std::string before = Nested(14, "1"), after = Nested(14, "2");
  std::string path = "a";
  for (int i = 1; i < 14; ++i) path += ".a";
  EXPECT_EQ(Diff(Changes(before, after)),
            R"([{"after":2,"before":1,"op":"changed","path":")" + path + R"("}])");
  CheckDiff(json::parse(before), json::parse(after));
  // Written whole (a top-level path too long to name), the deepest value
  // still fits the stored form's nesting limit.
  json deep_before = json::parse(before), deep_after = json::parse(after);
  deep_before[std::string(1000, '\x01')] = 1;
  deep_after[std::string(1000, '\x01')] = 2;
  const json whole = json::parse(Diff(Changes(deep_before.dump(), deep_after.dump())));
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0]["path"], "");
  CheckDiff(deep_before, deep_after, /*fine=*/false);
  // An array or object at level 17 is refused, in either half.
  for (const std::string& changes :
       {Changes(before, Nested(14, "[1]")), Changes(Nested(15, "1"), after)}) {
    Result<std::string> r = DiffChanges(changes);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.status().IsInvalidArgument());
    EXPECT_NE(r.status().message().find("nested deeper than 16 levels"), std::string::npos)
        << r.status().message();
  }
}

TEST(JsonDiffTest, MalformedInputIsAnError) {
  const std::vector<std::string> bad = {
      "{",
      "[]",
      "1",
      "null",
      "{}x",
      "\xff",
      R"({"before":1})",
      R"({"before":[1]})",
      R"({"after":"x"})",
      R"({"before":{},"diff":{}})",
      R"({"before":{},"before":{}})",
      R"({"before":{"a":1,"a":2}})",
      R"({"before":{"a":"\ud800"}})",
      R"({"before":{"a":1e999}})",
      std::string("{\"before\":{\"a\":\"\xc3\x28\"}}"),
      R"({"before":{"a":")" + std::string(5000, 'x') + R"("}})",
  };
  for (const std::string& text : bad) {
    Result<std::string> r = DiffChanges(text);
    EXPECT_FALSE(r.ok()) << text.substr(0, 80);
    if (!r.ok()) {
      EXPECT_TRUE(r.status().IsInvalidArgument()) << r.status().ToString();
    }
  }
  Result<std::string> dup = DiffChanges(R"({"before":{"x":{"a":1,"a":2}}})");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().message(), "changes.before.x.a: appears twice");
}

// --- The bound on the diff's size ---

TEST(JsonDiffTest, LongKeyOverManyLeavesIsCoarsenedToTopLevelKeys) {
  const std::string key(4000, 'k');
  json before = {{"small", 1}}, after = {{"small", 2}};
  for (int i = 0; i < 200; ++i) {
    before[key]["f" + std::to_string(i)] = 0;
    after[key]["f" + std::to_string(i)] = 1;
  }
  const std::string changes = Changes(before.dump(), after.dump());
  const std::string diff = Diff(changes);
  EXPECT_LE(diff.size(), 2 * changes.size() + kDiffSlackBytes);
  const json entries = json::parse(diff);
  ASSERT_EQ(entries.size(), 2u) << diff.substr(0, 200);
  EXPECT_EQ(entries[0]["path"], key);
  EXPECT_EQ(entries[0]["op"], "changed");
  EXPECT_EQ(entries[0]["before"], before[key]);
  EXPECT_EQ(entries[1]["path"], "small");
  CheckDiff(before, after, /*fine=*/false);
}

TEST(JsonDiffTest, ManyTinyFieldsAreCoarsenedToOneEntry) {
  json before = json::object(), after = json::object();
  for (int i = 0; i < 2000; ++i) {
    before["k" + std::to_string(i)] = 0;
    after["k" + std::to_string(i)] = 1;
  }
  const std::string changes = Changes(before.dump(), after.dump());
  const std::string diff = Diff(changes);
  EXPECT_LE(diff.size(), 2 * changes.size() + kDiffSlackBytes);
  EXPECT_EQ(diff, R"([{"after":)" + after.dump() + R"(,"before":)" + before.dump() +
                      R"(,"op":"changed","path":""}])");
  CheckDiff(before, after, /*fine=*/false);
  // With a half absent, the single entry is added (or removed) at "".
  const std::string added = Diff(Changes("", after.dump()));
  EXPECT_EQ(added, R"([{"after":)" + after.dump() + R"(,"op":"added","path":""}])");
  CheckDiff(std::nullopt, after);
  CheckDiff(before, std::nullopt);
}

TEST(JsonDiffTest, FieldsOfATypicalEventAreNotCoarsened) {
  json before = json::object(), after;
  for (int i = 0; i < 20; ++i) before["field_" + std::to_string(i)] = i;
  after = before;
  for (int i = 0; i < 20; ++i) after["field_" + std::to_string(i)] = "v" + std::to_string(i);
  EXPECT_EQ(Paths(Diff(Changes(before.dump(), after.dump()))).size(), 20u);
}

TEST(JsonDiffTest, PathTooLongIsTheDeepestAncestorThatFits) {
  const std::string k1(1500, 'p'), k2(1500, 'q'), k3(1500, 'r');
  const json before = {{k1, {{k2, {{k3, {{"x", 1}, {"y", 1}}}, {"s", 1}}}}}, {"z", 1}};
  json after = before;
  after[k1][k2][k3]["x"] = 2;
  after[k1][k2]["s"] = 2;
  after["z"] = 2;
  const json diff = json::parse(Diff(Changes(before.dump(), after.dump())));
  ASSERT_EQ(diff.size(), 2u) << diff;
  // k1.k2.k3.x is 4503 bytes long: k1.k2 (3001) is one entry, s with it.
  EXPECT_EQ(diff[0]["path"], k1 + "." + k2);
  EXPECT_EQ(diff[0]["op"], "changed");
  EXPECT_EQ(diff[0]["before"], before[k1][k2]);
  EXPECT_EQ(diff[0]["after"], after[k1][k2]);
  EXPECT_EQ(diff[1]["path"], "z");
  CheckDiff(before, after, /*fine=*/false);
}

TEST(JsonDiffTest, TopLevelPathTooLongIsTheWholeObject) {
  // 1000 control bytes are 6000 bytes of path once escaped.
  const std::string key(1000, '\x01');
  const json before = {{key, 1}, {"a", 1}}, after = {{key, 2}, {"a", 2}};
  EXPECT_EQ(Diff(Changes(before.dump(), after.dump())), R"([{"after":)" + after.dump() +
                                                            R"(,"before":)" + before.dump() +
                                                            R"(,"op":"changed","path":""}])");
  CheckDiff(before, after, /*fine=*/false);
  CheckDiff(std::nullopt, after, /*fine=*/false);
  CheckDiff(before, std::nullopt, /*fine=*/false);
}

// --- Randomized: the diff applied to before gives after ---

class RandomJson {
 public:
  explicit RandomJson(uint32_t seed) : rng_(seed) {}

  json Object(int depth) {
    json o = json::object();
    const int n = Pick(5);
    for (int i = 0; i < n; ++i) o[Key()] = Value(depth + 1);
    return o;
  }

  json Value(int depth) {
    switch (Pick(depth >= 5 ? 6 : 8)) {
      case 0:
        return nullptr;
      case 1:
        return Pick(2) == 0;
      case 2:
        return Pick(7) - 3;
      case 3: {
        static const double kDoubles[] = {0.5, -2.25, 1e-7, 1e21, 3.0, 123.456};
        return kDoubles[Pick(6)];
      }
      case 4:
      case 5: {
        static const char* const kStrings[] = {"",        "a",    "b", "é", "名前", "line\nbreak",
                                               "q\"uote", "\x01", "3"};
        return kStrings[Pick(9)];
      }
      case 6: {
        json a = json::array();
        const int n = Pick(4);
        for (int i = 0; i < n; ++i) a.push_back(Value(depth + 1));
        return a;
      }
      default:
        return Object(depth);
    }
  }

  // A copy of v with a few random edits (the common case), or a new value.
  json Mutate(const json& v, int depth) {
    if (Pick(8) == 0) return Value(depth);
    if (v.is_object()) {
      json o = json::object();
      for (const auto& [k, item] : v.items()) {
        const int roll = Pick(6);
        if (roll == 0) continue;                            // removed
        o[k] = roll == 1 ? Mutate(item, depth + 1) : item;  // changed or kept
      }
      if (Pick(3) == 0) o[Key()] = Value(depth + 1);  // added (or replaced)
      return o;
    }
    if (v.is_array()) {
      json a = json::array();
      for (const json& item : v) {
        if (Pick(6) == 0) continue;
        a.push_back(Pick(4) == 0 ? Mutate(item, depth + 1) : item);
      }
      if (Pick(3) == 0) a.push_back(Value(depth + 1));
      if (Pick(6) == 0) a.insert(a.begin(), Value(depth + 1));
      return a;
    }
    return Pick(2) == 0 ? v : Value(depth);
  }

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

 private:
  std::string Key() {
    static const char* const kKeys[] = {"a",    "b",   "id",  "name", "x-y",  "_z",     "0",
                                        "1a",   "a.b", "",    "é",    "名前", "sp ace", "q\"",
                                        "b\\s", "\t",  "[0]", "-",    "Z"};
    return kKeys[Pick(19)];
  }

  std::mt19937 rng_;
};

TEST(JsonDiffTest, RandomDiffsApplyBeforeToAfter) {
  RandomJson random(20240611);  // fixed: the test is repeatable
  for (int i = 0; i < 3000; ++i) {
    const json before = random.Object(0);
    json after = random.Pick(4) == 0 ? random.Object(0) : random.Mutate(before, 0);
    if (!after.is_object()) after = json::object({{"v", after}});
    switch (random.Pick(10)) {
      case 0:
        CheckDiff(std::nullopt, after);
        break;
      case 1:
        CheckDiff(before, std::nullopt);
        break;
      default:
        CheckDiff(before, after);
    }
    if (::testing::Test::HasFailure()) break;
  }
}

}  // namespace
}  // namespace vigil::enrich
