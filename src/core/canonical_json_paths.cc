#include "core/canonical_json_paths.h"

#include <algorithm>

namespace vigil {
namespace {

// A member of an object: where it starts (its key's quote), where its value
// starts and where the value ends.
struct Member {
  size_t begin = 0, value = 0, end = 0;
};

// The end of the JSON string starting at text[i] == '"', or npos.
size_t SkipString(std::string_view text, size_t i) {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// The end of the JSON value starting at text[i], or npos.
size_t SkipValue(std::string_view text, size_t i) {
  if (i >= text.size()) return std::string_view::npos;
  if (text[i] == '"') return SkipString(text, i);
  if (text[i] != '{' && text[i] != '[') {
    while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']') ++i;
    return i;
  }
  int depth = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      i = SkipString(text, i);
      if (i == std::string_view::npos) return i;
      --i;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

// The key's text as written between the quotes equals `key` (canonical keys
// escape only what JSON requires; a key with an escape never equals a plain
// path segment, which is what configured paths are).
bool KeyIs(std::string_view text, const Member& m, std::string_view key) {
  return text.substr(m.begin + 1, m.value - m.begin - 3) == key;
}

// Calls f(member) for each member of the object at text[at] until f returns
// true; returns that member, or nullopt (also for text that is not an object).
template <typename F>
std::optional<Member> EachMember(std::string_view text, size_t at, F f) {
  if (at >= text.size() || text[at] != '{') return std::nullopt;
  size_t i = at + 1;
  while (i < text.size() && text[i] == '"') {
    Member m;
    m.begin = i;
    const size_t key_end = SkipString(text, i);
    if (key_end == std::string_view::npos || key_end >= text.size() || text[key_end] != ':') {
      return std::nullopt;
    }
    m.value = key_end + 1;
    m.end = SkipValue(text, m.value);
    if (m.end == std::string_view::npos || m.end >= text.size()) return std::nullopt;
    if (f(m)) return m;
    if (text[m.end] != ',') break;
    i = m.end + 1;
  }
  return std::nullopt;
}

struct Found {
  size_t parent = 0;  // where the object holding the member starts
  Member member;
};

std::optional<Found> FindPath(std::string_view text, std::string_view path) {
  size_t at = 0;
  while (true) {
    const size_t dot = path.find('.');
    const std::string_view key = path.substr(0, dot);
    std::optional<Member> m =
        EachMember(text, at, [&](const Member& c) { return KeyIs(text, c, key); });
    if (!m) return std::nullopt;
    if (dot == std::string_view::npos) return Found{at, *m};
    at = m->value;
    path.remove_prefix(dot + 1);
  }
}

}  // namespace

std::optional<std::string_view> CanonicalValueAt(std::string_view object, std::string_view path) {
  std::optional<Found> f = FindPath(object, path);
  if (!f) return std::nullopt;
  return object.substr(f->member.value, f->member.end - f->member.value);
}

std::vector<std::pair<size_t, size_t>> CanonicalMemberCuts(std::string_view object,
                                                           std::span<const std::string> paths) {
  std::vector<Found> found;
  for (const std::string& path : paths) {
    if (std::optional<Found> f = FindPath(object, path)) found.push_back(*f);
  }
  // A member inside another cut member goes with it.
  std::erase_if(found, [&](const Found& f) {
    return std::any_of(found.begin(), found.end(), [&](const Found& o) {
      return o.member.begin < f.member.begin && f.member.end <= o.member.end;
    });
  });
  auto is_cut = [&](size_t begin) {
    return std::any_of(found.begin(), found.end(),
                       [&](const Found& o) { return o.member.begin == begin; });
  };
  std::vector<std::pair<size_t, size_t>> cuts;
  for (const Found& f : found) {
    // With a kept sibling before it, the member takes the comma before it;
    // otherwise the one after it (if any), so that the kept ones stay joined.
    bool kept_before = false;
    EachMember(object, f.parent, [&](const Member& c) {
      if (c.begin == f.member.begin) return true;
      kept_before = kept_before || !is_cut(c.begin);
      return false;
    });
    const Member& m = f.member;
    if (kept_before) {
      cuts.emplace_back(m.begin - 1, m.end);  // ,"k":v
    } else if (object[m.end] == ',') {
      cuts.emplace_back(m.begin, m.end + 1);  // "k":v,
    } else {
      cuts.emplace_back(m.begin, m.end);  // the only member left
    }
  }
  std::sort(cuts.begin(), cuts.end());
  return cuts;
}

std::string WithoutCuts(std::string_view object,
                        const std::vector<std::pair<size_t, size_t>>& cuts) {
  std::string out;
  size_t at = 0;
  for (const auto& [begin, end] : cuts) {
    out.append(object.substr(at, begin - at));
    at = end;
  }
  out.append(object.substr(at));
  return out;
}

}  // namespace vigil
