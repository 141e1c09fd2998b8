// The reference of the randomized differential tests (query_reference.h):
// the query language's documented semantics written out here without the
// engine's FilterMatcher or tokenizer.
#include "query_reference.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/event_fields.h"
#include "core/event_parser.h"
#include "core/timestamp.h"
#include "core/ulid.h"
#include "gen/event_generator.h"
#include "ledger/seal.h"
#include "query/query_parser.h"
#include "store/store.h"

namespace vigil::reference {
namespace {

// ---------------------------------------------------------------- reference

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Independent tokenizer, from the documented semantics with ICU (the engine
// uses utf8proc): runs of letters, marks, numbers and format characters,
// each folded with ICU's NFKC_Casefold; empty foldings dropped.
std::string FoldWithIcu(std::string_view word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  icu::UnicodeString folded =
      nfkc_cf->normalize(icu::UnicodeString::fromUTF8(
                             icu::StringPiece(word.data(), static_cast<int32_t>(word.size()))),
                         status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  std::string out;
  folded.toUTF8String(out);
  return out;
}

std::vector<std::string> Tokens(std::string_view s) {
  std::vector<std::string> out;
  auto flush = [&](size_t from, size_t to) {
    if (from == to) return;
    std::string folded = FoldWithIcu(s.substr(from, to - from));
    if (!folded.empty()) out.push_back(std::move(folded));
  };
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(s.size());
  int32_t i = 0;
  size_t word_start = 0;
  while (i < length) {
    const int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    const bool word = c >= 0 && (U_GET_GC_MASK(c) &
                                 (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK | U_GC_CF_MASK)) != 0;
    if (!word) {
      flush(word_start, static_cast<size_t>(at));
      word_start = static_cast<size_t>(i);
    }
  }
  flush(word_start, s.size());
  return out;
}

// The first n characters of a UTF-8 word.
std::string FirstChars(const std::string& w, int32_t n) {
  int32_t i = 0;
  U8_FWD_N(reinterpret_cast<const uint8_t*>(w.data()), i, static_cast<int32_t>(w.size()), n);
  return w.substr(0, static_cast<size_t>(i));
}

void MetadataValues(simdjson::dom::element e, std::vector<std::string>* out) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::OBJECT: {
      simdjson::dom::object obj = e.get_object().value_unsafe();
      for (auto field : obj) MetadataValues(field.value, out);
      break;
    }
    case T::ARRAY: {
      simdjson::dom::array arr = e.get_array().value_unsafe();
      for (auto item : arr) MetadataValues(item, out);
      break;
    }
    case T::STRING:
      out->emplace_back(e.get_string().value_unsafe());
      break;
    case T::INT64:
      out->push_back(std::to_string(e.get_int64().value_unsafe()));
      break;
    case T::UINT64:
      out->push_back(std::to_string(e.get_uint64().value_unsafe()));
      break;
    case T::DOUBLE:
      out->push_back(simdjson::to_string(e));  // tokens only: digits match either way
      break;
    case T::BOOL:
      out->push_back(e.get_bool().value_unsafe() ? "true" : "false");
      break;
    case T::NULL_VALUE:
      break;
  }
}

// The texts full-text search covers, per the query-language doc.
std::vector<std::string> TextFields(const Event& e) {
  std::vector<std::string> f = {e.description,        e.id,
                                e.workspace.id,       e.workspace.name,
                                e.actor.id,           e.actor.name,
                                e.actor.email,        e.target.id,
                                e.target.name,        e.target.parent.id,
                                e.target.parent.name, e.context.request_id,
                                e.context.session_id};
  for (const ResourceRef& r : e.resources) {
    f.push_back(r.id);
    f.push_back(r.name);
  }
  if (!e.metadata_json.empty()) {
    simdjson::dom::parser p;
    simdjson::dom::element doc;
    if (p.parse(e.metadata_json).get(doc) == simdjson::SUCCESS) MetadataValues(doc, &f);
  }
  return f;
}

bool HasPhrase(const Event& e, const std::vector<std::string>& phrase, bool prefix_last) {
  for (const std::string& text : TextFields(e)) {
    std::vector<std::string> t = Tokens(text);
    for (size_t i = 0; i + phrase.size() <= t.size(); ++i) {
      bool ok = true;
      for (size_t k = 0; k < phrase.size() && ok; ++k) {
        bool last = k + 1 == phrase.size();
        ok = (last && prefix_last) ? t[i + k].starts_with(phrase[k]) : t[i + k] == phrase[k];
      }
      if (ok) return true;
    }
  }
  return false;
}

bool InCidr(const std::string& ip, const std::string& net, int bits) {
  int family = net.find(':') != std::string::npos ? AF_INET6 : AF_INET;
  if ((ip.find(':') != std::string::npos) != (family == AF_INET6) || ip.empty()) return false;
  unsigned char a[16], b[16];
  if (inet_pton(family, ip.c_str(), a) != 1 || inet_pton(family, net.c_str(), b) != 1) return false;
  for (int i = 0; i < bits; ++i) {
    int byte = i / 8, bit = 7 - i % 8;
    if (((a[byte] >> bit) & 1) != ((b[byte] >> bit) & 1)) return false;
  }
  return true;
}

// One condition: query text plus the reference predicate.
struct Cond {
  std::string text;
  std::function<bool(const Event&)> ref;
};

std::string Quote(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

class CondMaker {
 public:
  CondMaker(const std::vector<Event>& events, uint64_t seed) : events_(events), rng_(seed) {}

  Cond Make() {
    for (int attempt = 0;; ++attempt) {
      std::optional<Cond> c = Try(Pick());
      if (c) return *c;
    }
  }

  Cond MakeQuery() {
    int n = 1 + static_cast<int>(rng_() % 3);
    std::vector<Cond> parts;
    for (int i = 0; i < n; ++i) {
      Cond c = rng_() % 6 == 0 ? Or(Make(), Make()) : Make();
      if (rng_() % 5 == 0) c = Not(std::move(c));
      parts.push_back(std::move(c));
    }
    Cond q;
    for (const Cond& c : parts) q.text += (q.text.empty() ? "" : " ") + c.text;
    q.ref = [parts](const Event& e) {
      return std::all_of(parts.begin(), parts.end(), [&](const Cond& c) { return c.ref(e); });
    };
    return q;
  }

 private:
  const Event& Pick() { return events_[rng_() % events_.size()]; }

  static Cond Not(Cond c) {
    return {"-" + c.text, [r = c.ref](const Event& e) { return !r(e); }};
  }
  static Cond Or(Cond a, Cond b) {
    return {"(" + a.text + " OR " + b.text + ")",
            [ra = a.ref, rb = b.ref](const Event& e) { return ra(e) || rb(e); }};
  }

  static Cond Str(std::string field, std::string value,
                  std::function<std::string_view(const Event&)> get) {
    return {field + ":" + Quote(value),
            [value, get](const Event& e) { return !get(e).empty() && get(e) == value; }};
  }

  std::optional<Cond> Try(const Event& s) {
    switch (rng_() % 22) {
      case 0:
        return Str("tenant", s.tenant, [](const Event& e) { return std::string_view(e.tenant); });
      case 1:
        return Str("environment", s.environment,
                   [](const Event& e) { return std::string_view(e.environment); });
      case 2:
        return Str("action", s.action, [](const Event& e) { return std::string_view(e.action); });
      case 3: {
        std::string prefix = s.action.substr(0, s.action.find('.') + 1);
        return Cond{"action:" + prefix + "*",
                    [prefix](const Event& e) { return e.action.starts_with(prefix); }};
      }
      case 4:
        if (s.category.empty()) return std::nullopt;
        return Str("category", s.category,
                   [](const Event& e) { return std::string_view(e.category); });
      case 5:
        if (s.operation.empty()) return std::nullopt;
        return Str("operation", s.operation,
                   [](const Event& e) { return std::string_view(e.operation); });
      case 6: {
        bool err = rng_() % 2 == 0;
        return Cond{err ? "status:error" : "status:success",
                    [err](const Event& e) { return (e.status == EventStatus::kError) == err; }};
      }
      case 7: {  // actor by email (any case), id or name
        int which = static_cast<int>(rng_() % 3);
        std::string v = which == 0 ? s.actor.email : which == 1 ? s.actor.id : s.actor.name;
        if (v.empty()) return std::nullopt;
        if (which == 0 && rng_() % 2 == 0) {  // emails match in any case
          for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        return Cond{"actor:" + Quote(v), [v](const Event& e) {
                      return (!e.actor.email.empty() && Lower(e.actor.email) == Lower(v)) ||
                             (!e.actor.id.empty() && e.actor.id == v) ||
                             (!e.actor.name.empty() && e.actor.name == v);
                    }};
      }
      case 8:
        if (rng_() % 2 == 0) {
          if (s.actor.status.empty()) return std::nullopt;
          return Str("actor.status", s.actor.status,
                     [](const Event& e) { return std::string_view(e.actor.status); });
        }
        if (s.actor.role.empty()) return std::nullopt;
        return Str("actor.role", s.actor.role,
                   [](const Event& e) { return std::string_view(e.actor.role); });
      case 9:
        if (s.actor.type.empty()) return std::nullopt;
        return Str("actor.type", s.actor.type,
                   [](const Event& e) { return std::string_view(e.actor.type); });
      case 10: {
        bool by_name = rng_() % 2 == 0;
        std::string v = by_name ? s.workspace.name : s.workspace.id;
        if (v.empty()) return std::nullopt;
        return Cond{"workspace:" + Quote(v), [v](const Event& e) {
                      return e.workspace.id == v ||
                             (!e.workspace.name.empty() && e.workspace.name == v);
                    }};
      }
      case 11:
        if (s.target.id.empty()) return std::nullopt;
        return Str("target", s.target.id,
                   [](const Event& e) { return std::string_view(e.target.id); });
      case 12:
        if (s.target.type.empty()) return std::nullopt;
        return Str("target.type", s.target.type,
                   [](const Event& e) { return std::string_view(e.target.type); });
      case 13: {
        std::string v =
            !s.resources.empty() ? s.resources[rng_() % s.resources.size()].id : s.target.parent.id;
        if (v.empty()) return std::nullopt;
        return Cond{"resource:" + Quote(v), [v](const Event& e) {
                      if (e.target.id == v || e.target.parent.id == v) return true;
                      return std::any_of(e.resources.begin(), e.resources.end(),
                                         [&](const ResourceRef& r) { return r.id == v; });
                    }};
      }
      case 14: {
        if (s.context.method.empty()) return std::nullopt;
        std::string a = s.context.method, b = rng_() % 2 ? "DELETE" : "GET";
        return Cond{"method:" + Lower(a) + "," + b, [a, b](const Event& e) {
                      return e.context.method == a || e.context.method == b;
                    }};
      }
      case 15: {
        if (s.context.path.size() < 5) return std::nullopt;
        std::string prefix = s.context.path.substr(0, s.context.path.find('/', 1) + 1);
        if (prefix.size() < 2) return std::nullopt;
        return Cond{"path:" + prefix + "*",
                    [prefix](const Event& e) { return e.context.path.starts_with(prefix); }};
      }
      case 16: {
        if (s.context.ip.empty()) return std::nullopt;
        std::string ip = s.context.ip;
        if (rng_() % 2 == 0) {
          return Cond{"ip:" + ip, [ip](const Event& e) { return e.context.ip == ip; }};
        }
        bool v6 = ip.find(':') != std::string::npos;
        int bits = v6 ? 32 : 16;
        return Cond{fmt::format("ip:{}/{}", ip, bits),
                    [ip, bits](const Event& e) { return InCidr(e.context.ip, ip, bits); }};
      }
      case 17: {
        if (!s.context.duration_ms) return std::nullopt;
        double d = std::floor(*s.context.duration_ms);
        switch (rng_() % 3) {
          case 0:
            return Cond{fmt::format("duration:>{}", d), [d](const Event& e) {
                          return e.context.duration_ms && *e.context.duration_ms > d;
                        }};
          case 1:
            return Cond{fmt::format("duration:<={}", d), [d](const Event& e) {
                          return e.context.duration_ms && *e.context.duration_ms <= d;
                        }};
          default:
            return Cond{fmt::format("duration:{}..{}", d, d * 2 + 10), [d](const Event& e) {
                          return e.context.duration_ms && *e.context.duration_ms >= d &&
                                 *e.context.duration_ms <= d * 2 + 10;
                        }};
        }
      }
      case 18: {
        int64_t a = s.time_ms - static_cast<int64_t>(rng_() % (3 * kMsPerDay));
        int64_t b = s.time_ms + static_cast<int64_t>(rng_() % (3 * kMsPerDay));
        return Cond{"time:" + FormatRfc3339(a) + ".." + FormatRfc3339(b),
                    [a, b](const Event& e) { return e.time_ms >= a && e.time_ms < b; }};
      }
      case 19: {  // one word of the description, sometimes as a prefix
        std::vector<std::string> t = Tokens(s.description);
        if (t.empty()) return std::nullopt;
        std::string w = t[rng_() % t.size()];
        if (w.size() > 4 && rng_() % 3 == 0) {
          std::string p = FirstChars(w, 3);
          return Cond{p + "*", [p](const Event& e) { return HasPhrase(e, {p}, true); }};
        }
        return Cond{w, [w](const Event& e) { return HasPhrase(e, {w}, false); }};
      }
      case 20: {  // a quoted two-word phrase of the description
        std::vector<std::string> t = Tokens(s.description);
        if (t.size() < 2) return std::nullopt;
        size_t i = rng_() % (t.size() - 1);
        std::vector<std::string> phrase = {t[i], t[i + 1]};
        return Cond{Quote(t[i] + " " + t[i + 1]),
                    [phrase](const Event& e) { return HasPhrase(e, phrase, false); }};
      }
      default:
        return Str("id", s.id, [](const Event& e) { return std::string_view(e.id); });
    }
  }

  const std::vector<Event>& events_;
  std::mt19937_64 rng_;
};

// ---------------------------------------------------------------- harness

constexpr const char* kUnicodeWords[] = {
    "Zürich",       "ZÜRICH",          "Zu\u0308rich logs", "Straße",
    "STRASSE plan", "ＡＢＣ計画",      "abc計画",           "Σίσυφος",
    "ΣΊΣΥΦΟΣ run",  "«Москва»—МОСКВА", "東京タワー",        "ﬁle sync",
    "FILE",         "re\u00admove it", "x\u00a0y café😀bar",
};

}  // namespace

std::vector<Event> GenerateEvents(uint64_t seed, size_t n, uint64_t first_index) {
  GeneratorOptions opts;
  opts.seed = seed;
  opts.end_ms = kEnd;
  opts.span_ms = kSpan;
  opts.count = 20'000;
  opts.tenants = 6;
  opts.members = 40;
  EventGenerator gen(opts);
  EventParser parser;
  ManualClock clock(kEnd);
  UlidGenerator ids(&clock, seed * 1'000'003 + first_index + 1);  // distinct ids per call
  ParseOptions popts;
  popts.ids = &ids;
  popts.receive_time_ms = kEnd;
  std::vector<Event> out;
  std::string line;
  for (size_t i = 0; i < n; ++i) {
    line.clear();
    gen.Generate(first_index + i, &line);
    Result<Event> e = parser.Parse(line, popts);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    if (!e.ok()) continue;
    // Some descriptions get words outside ASCII, spelled in ways that fold
    // together (case, composition, compatibility forms, ignorables).
    if ((first_index + i) % 5 == 0) {
      e->description += " ";
      e->description += kUnicodeWords[(first_index + i) / 5 % std::size(kUnicodeWords)];
    }
    out.push_back(std::move(*e));
  }
  return out;
}
void ReferenceCheck::Ingest(Store& store, std::vector<Event> events) {
  for (size_t i = 0; i < events.size(); i += 250) {
    std::vector<Event> batch(events.begin() + static_cast<long>(i),
                             events.begin() + static_cast<long>(std::min(i + 250, events.size())));
    // Sealed here (Append would draw the same kind of keys) so that the
    // reference copies equal the stored events.
    for (Event& e : batch) ledger::SealEvent(&e);
    auto acks = store.Append(batch);
    ASSERT_TRUE(acks.ok()) << acks.status().ToString();
    for (size_t k = 0; k < batch.size(); ++k) {
      ASSERT_FALSE((*acks)[k].duplicate) << batch[k].id;
      batch[k].seq = (*acks)[k].seq;
      batch[k].node = store.LedgerNode();  // the log Append writes to
      stored_.push_back(batch[k]);
    }
  }
}

void ReferenceCheck::CheckRandomQueries(Store& store, uint64_t seed, int queries,
                                        size_t max_limit) {
  CondMaker maker(stored_, seed);
  std::mt19937_64 rng(seed);
  int nonempty = 0;
  for (int q = 0; q < queries; ++q) {
    Cond cond = maker.MakeQuery();
    ReadScope scope;
    if (rng() % 4 == 0) scope.tenant = stored_[rng() % stored_.size()].tenant;
    if (rng() % 4 == 0) {
      scope.range.from_ms = kEnd - kSpan + static_cast<int64_t>(rng() % kSpan);
      scope.range.to_ms = scope.range.from_ms + static_cast<int64_t>(rng() % kSpan);
    }
    if (rng() % 4 == 0) {  // an edge within the stored events' times
      scope.online_from_ms = stored_[rng() % stored_.size()].time_ms;
    }
    auto filter = ParseQuery(cond.text, kEnd);
    ASSERT_TRUE(filter.ok()) << cond.text << ": " << filter.status().ToString();
    scope.filter = *filter;
    std::vector<const Event*> want;
    for (const Event& e : stored_) {
      if (!scope.tenant.empty() && e.tenant != scope.tenant) continue;
      if (!scope.range.Contains(e.time_ms) || e.time_ms < scope.online_from_ms) continue;
      if (cond.ref(e)) want.push_back(&e);
    }
    if (!want.empty()) ++nonempty;
    SCOPED_TRACE("query: " + cond.text + " tenant=" + scope.tenant +
                 " online_from=" + std::to_string(scope.online_from_ms));
    CheckSearch(store, scope, want, rng() % 2 == 0 ? Order::kNewestFirst : Order::kOldestFirst,
                1 + rng() % max_limit);
    if (q % 4 == 0) CheckHistogram(store, scope, want);
    if (q % 4 == 1) CheckFacets(store, scope, want);
  }
  EXPECT_GT(nonempty, queries / 3) << "too few queries matched anything; the test is weak";
}

void ReferenceCheck::RedactOne(Store& store, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const Event* pick = nullptr;
  for (int tries = 0; tries < 1000 && pick == nullptr; ++tries) {
    const Event& e = stored_[rng() % stored_.size()];
    if (!e.actor.id.empty() && HasPersonalValue(e)) pick = &e;
  }
  ASSERT_NE(pick, nullptr) << "no stored event has an actor with personal values";
  const std::string tenant = pick->tenant, actor = pick->actor.id;
  uint64_t want = 0;
  for (Event& e : stored_) {
    if (e.tenant != tenant || e.actor.id != actor || !HasPersonalValue(e)) continue;
    ASSERT_TRUE(ledger::Redact(&e).ok());
    ++want;
  }
  auto done = store.RedactActor(tenant, actor);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->events, want) << "tenant " << tenant << " actor " << actor;
}

void ReferenceCheck::CheckSearch(Store& store, const ReadScope& scope,
                                 std::vector<const Event*> want, Order order, size_t limit) {
  std::sort(want.begin(), want.end(), [order](const Event* a, const Event* b) {
    auto ka = std::make_pair(a->time_ms, a->seq), kb = std::make_pair(b->time_ms, b->seq);
    return order == Order::kNewestFirst ? ka > kb : ka < kb;
  });
  SearchRequest req;
  req.scope = scope;
  req.order = order;
  req.limit = limit;
  std::vector<uint64_t> got;
  for (int pages = 0; pages < 100000; ++pages) {
    auto page = store.Search(req);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ASSERT_LE(page->events.size(), limit);
    for (const Event& e : page->events) got.push_back(e.seq);
    if (page->next_cursor.empty()) break;
    ASSERT_EQ(page->events.size(), limit) << "a page before the last must be full";
    req.cursor = page->next_cursor;
  }
  std::vector<uint64_t> expected;
  for (const Event* e : want) expected.push_back(e->seq);
  ASSERT_EQ(got, expected);
  // The materialized events are the stored ones, whole.
  if (!want.empty()) {
    req.cursor.clear();
    req.limit = 1;
    auto first = store.Search(req);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->events.size(), 1u);
    EXPECT_EQ(first->events[0], *want[0]);
  }
}

void ReferenceCheck::CheckHistogram(Store& store, const ReadScope& scope,
                                    const std::vector<const Event*>& want) {
  HistogramRequest req;
  req.scope = scope;
  req.scope.range = {kEnd - kSpan - kMsPerDay, kEnd + kMsPerDay};
  if (scope.range.from_ms > req.scope.range.from_ms)
    req.scope.range = scope.range.Intersect(req.scope.range);
  req.interval_ms = kMsPerDay;
  auto h = store.ComputeHistogram(req);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  std::map<int64_t, std::pair<uint64_t, uint64_t>> expected;
  for (const Event* e : want) {
    if (!req.scope.range.Contains(e->time_ms)) continue;
    auto& b = expected[e->time_ms / kMsPerDay * kMsPerDay];
    ++b.first;
    if (e->status == EventStatus::kError) ++b.second;
  }
  uint64_t total = 0;
  for (const HistogramBucket& b : h->buckets) {
    auto it = expected.find(b.start_ms);
    uint64_t want_count = it == expected.end() ? 0 : it->second.first;
    uint64_t want_errors = it == expected.end() ? 0 : it->second.second;
    EXPECT_EQ(b.count, want_count) << FormatRfc3339(b.start_ms);
    EXPECT_EQ(b.errors, want_errors) << FormatRfc3339(b.start_ms);
    total += b.count;
  }
  uint64_t want_total = 0;
  for (auto& [k, v] : expected) want_total += v.first;
  EXPECT_EQ(total, want_total);
}

void ReferenceCheck::CheckFacets(Store& store, const ReadScope& scope,
                                 const std::vector<const Event*>& want) {
  FacetRequest req;
  req.scope = scope;
  req.fields = {"action", "actor.role", "status"};
  req.top = 5;
  auto got = store.ComputeFacets(req);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  for (size_t f = 0; f < req.fields.size(); ++f) {
    std::map<std::string, uint64_t> counts;
    uint64_t missing = 0;
    for (const Event* e : want) {
      std::string v = f == 0   ? e->action
                      : f == 1 ? e->actor.role
                               : std::string(EventStatusName(e->status));
      if (v.empty()) {
        ++missing;
      } else {
        ++counts[v];
      }
    }
    std::vector<std::pair<std::string, uint64_t>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    uint64_t other = 0;
    for (size_t i = 5; i < sorted.size(); ++i) other += sorted[i].second;
    sorted.resize(std::min<size_t>(5, sorted.size()));
    const FacetResult& r = (*got)[f];
    ASSERT_EQ(r.values.size(), sorted.size()) << req.fields[f];
    for (size_t i = 0; i < sorted.size(); ++i) {
      EXPECT_EQ(r.values[i].value, sorted[i].first);
      EXPECT_EQ(r.values[i].count, sorted[i].second);
    }
    EXPECT_EQ(r.other, other);
    EXPECT_EQ(r.missing, missing);
  }
}

}  // namespace vigil::reference
