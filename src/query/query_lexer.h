// QueryLexer: splits query text into tokens (docs/query-language.md §Grammar).
//
// Whitespace (space, tab, CR, LF, FF, VT) separates terms. After a term or a
// ')' the next character must be whitespace, ')' or the end: `a(b)` and
// `ab"c"` are errors rather than silently two terms. Errors are
// Status::InvalidArgument with the byte offset: "unclosed '\"' at 7".
#pragma once

#include <cstddef>
#include <string_view>

#include "core/status.h"
#include "query/query_token.h"

namespace vigil {

// Checks what every query must satisfy before lexing: at most kMaxQueryBytes,
// valid UTF-8, no control characters other than whitespace.
Status CheckQueryText(std::string_view query);

// Not thread-safe; the query text must outlive the lexer.
class QueryLexer {
 public:
  explicit QueryLexer(std::string_view query) : q_(query) {}

  // Reads the next token into *token (kEnd at the end, repeatedly). After a
  // kField token the caller must call LexFieldValues before Next.
  Status Next(QueryToken* token);

  // Reads the comma-separated values that follow `name:` into token->values
  // (at least one, none empty) and moves token->end past them.
  Status LexFieldValues(QueryToken* token);

 private:
  Status NextToken(QueryToken* token);
  // Reads "..." starting at pos_ (on the quote) into *out; pos_ ends after the closing quote.
  Status LexQuoted(std::string* out);
  // Reads an unquoted run up to a delimiter; a single trailing '*' sets *prefix.
  Status LexRun(bool in_value, std::string* out, bool* prefix);

  std::string_view q_;
  size_t pos_ = 0;
  bool after_term_ = false;  // the last token was a term or ')'
};

}  // namespace vigil
