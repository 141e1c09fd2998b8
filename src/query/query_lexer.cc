#include "query/query_lexer.h"

#include <fmt/format.h>

#include "query/query_limits.h"

namespace vigil {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsNameChar(char c) {
  return IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

// Length of the UTF-8 sequence starting with byte b (1 for ASCII and for stray bytes).
size_t Utf8Length(unsigned char b) {
  if (b >= 0xF0) return 4;
  if (b >= 0xE0) return 3;
  if (b >= 0xC0) return 2;
  return 1;
}

// The whole character at pos (the query is valid UTF-8), for error messages.
std::string_view CharAt(std::string_view q, size_t pos) {
  return q.substr(pos, Utf8Length(static_cast<unsigned char>(q[pos])));
}

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid
// (overlong forms, surrogates and code points over U+10FFFF are invalid).
size_t ValidUtf8At(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (b(k) < 0x80 || b(k) > 0xBF) return 0;
  }
  return len;
}

}  // namespace

Status CheckQueryText(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    return Status::InvalidArgument(
        fmt::format("query is {} bytes, over the limit of {}", query.size(), kMaxQueryBytes));
  }
  size_t i = 0;
  while (i < query.size()) {
    auto c = static_cast<unsigned char>(query[i]);
    if ((c < 0x20 && !IsSpace(static_cast<char>(c))) || c == 0x7F) {
      return Status::InvalidArgument(fmt::format("control character U+{:04X} at {}", c, i));
    }
    size_t len = ValidUtf8At(query, i);
    if (len == 0) return Status::InvalidArgument(fmt::format("invalid UTF-8 at {}", i));
    i += len;
  }
  return Status::Ok();
}

Status QueryLexer::Next(QueryToken* token) {
  RETURN_IF_ERROR(NextToken(token));
  token->end = pos_;
  return Status::Ok();
}

Status QueryLexer::NextToken(QueryToken* token) {
  const size_t n = q_.size();
  size_t start = pos_;
  while (pos_ < n && IsSpace(q_[pos_])) ++pos_;
  if (after_term_ && pos_ == start && pos_ < n && q_[pos_] != ')') {
    return Status::InvalidArgument(
        fmt::format("expected a space before '{}' at {}", CharAt(q_, pos_), pos_));
  }
  after_term_ = false;
  *token = QueryToken{};
  token->pos = pos_;
  if (pos_ == n) return Status::Ok();
  const char c = q_[pos_];
  if (c == '(') {
    token->kind = QueryToken::Kind::kOpen;
    ++pos_;
    return Status::Ok();
  }
  if (c == ')') {
    token->kind = QueryToken::Kind::kClose;
    ++pos_;
    after_term_ = true;
    return Status::Ok();
  }
  if (c == '-') {
    if (pos_ + 1 == n || IsSpace(q_[pos_ + 1]) || q_[pos_ + 1] == ')') {
      return Status::InvalidArgument(fmt::format(
          "dangling '-' at {} (write it directly before a term, as in -status:error)", pos_));
    }
    token->kind = QueryToken::Kind::kMinus;
    ++pos_;
    return Status::Ok();
  }
  if (c == '"') {
    RETURN_IF_ERROR(LexQuoted(&token->text));
    if (pos_ < n && q_[pos_] == '*') {
      token->prefix = true;
      ++pos_;
    }
    token->kind = QueryToken::Kind::kPhrase;
    after_term_ = true;
    return Status::Ok();
  }
  if (IsAsciiLetter(c)) {
    size_t end = pos_;
    while (end < n && IsNameChar(q_[end])) ++end;
    if (end < n && q_[end] == ':') {
      token->kind = QueryToken::Kind::kField;
      token->text.assign(q_.substr(pos_, end - pos_));
      pos_ = end + 1;
      return Status::Ok();
    }
  }
  RETURN_IF_ERROR(LexRun(/*in_value=*/false, &token->text, &token->prefix));
  if (!token->prefix && token->text == "AND") {
    token->kind = QueryToken::Kind::kAnd;
  } else if (!token->prefix && token->text == "OR") {
    token->kind = QueryToken::Kind::kOr;
  } else if (!token->prefix && token->text == "NOT") {
    token->kind = QueryToken::Kind::kNot;
  } else {
    token->kind = QueryToken::Kind::kWord;
    after_term_ = true;
  }
  return Status::Ok();
}

Status QueryLexer::LexFieldValues(QueryToken* token) {
  const size_t n = q_.size();
  token->values.clear();
  while (true) {
    const size_t vpos = pos_;
    if (pos_ == n || IsSpace(q_[pos_]) || q_[pos_] == '(' || q_[pos_] == ')' || q_[pos_] == ',') {
      if (token->values.empty()) {
        return Status::InvalidArgument(
            fmt::format("missing value for '{}' at {}", token->text, vpos));
      }
      return Status::InvalidArgument(fmt::format("missing value after ',' at {}", vpos));
    }
    QueryValueText v;
    v.pos = vpos;
    if (q_[pos_] == '"') {
      RETURN_IF_ERROR(LexQuoted(&v.text));
      v.quoted = true;
      if (pos_ < n && q_[pos_] == '*') {
        v.prefix = true;
        ++pos_;
      }
    } else {
      RETURN_IF_ERROR(LexRun(/*in_value=*/true, &v.text, &v.prefix));
    }
    if (v.text.empty()) {
      return Status::InvalidArgument(
          fmt::format("empty {} for '{}' at {}", v.prefix ? "prefix" : "value", token->text, vpos));
    }
    token->values.push_back(std::move(v));
    token->end = pos_;
    if (pos_ < n && q_[pos_] == ',') {
      ++pos_;
      continue;
    }
    break;
  }
  after_term_ = true;
  return Status::Ok();
}

Status QueryLexer::LexQuoted(std::string* out) {
  const size_t n = q_.size();
  const size_t open = pos_++;
  out->clear();
  while (pos_ < n) {
    char c = q_[pos_];
    if (c == '"') {
      ++pos_;
      return Status::Ok();
    }
    if (c == '\\' && pos_ + 1 < n) {
      char next = q_[pos_ + 1];
      if (next != '"' && next != '\\') {
        return Status::InvalidArgument(
            fmt::format("bad escape '\\{}' at {} (only \\\" and \\\\ are escapes in quotes)",
                        CharAt(q_, pos_ + 1), pos_));
      }
      out->push_back(next);
      pos_ += 2;
      continue;
    }
    out->push_back(c);
    ++pos_;
  }
  return Status::InvalidArgument(fmt::format("unclosed '\"' at {}", open));
}

Status QueryLexer::LexRun(bool in_value, std::string* out, bool* prefix) {
  const size_t n = q_.size();
  const size_t start = pos_;
  while (pos_ < n) {
    char c = q_[pos_];
    if (IsSpace(c) || c == '(' || c == ')' || c == '"' || (in_value && c == ',')) break;
    ++pos_;
  }
  std::string_view run = q_.substr(start, pos_ - start);
  size_t star = run.find('*');
  if (star != std::string_view::npos && star + 1 != run.size()) {
    return Status::InvalidArgument(
        fmt::format("'*' is only allowed at the end of a {} (a prefix match) at {}",
                    in_value ? "value" : "word", start + star));
  }
  *prefix = star != std::string_view::npos;
  out->assign(*prefix ? run.substr(0, star) : run);
  return Status::Ok();
}

}  // namespace vigil
