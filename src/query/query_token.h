// The tokens QueryLexer produces and QueryParser consumes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vigil {

// One value of a field term as written: `ada`, `"Ada Lovelace"`, `app.*`.
struct QueryValueText {
  std::string text;     // unescaped, without quotes and without the '*' suffix
  size_t pos = 0;       // byte offset of the value (of its opening quote when quoted)
  bool quoted = false;  // written in double quotes
  bool prefix = false;  // followed by '*' (a prefix match)
};

struct QueryToken {
  enum class Kind : uint8_t {
    kEnd,     // end of the query
    kOpen,    // (
    kClose,   // )
    kMinus,   // - directly before a term or group
    kAnd,     // AND
    kOr,      // OR
    kNot,     // NOT
    kWord,    // a bare word: full text
    kPhrase,  // "a quoted phrase": full text
    kField,   // name: (the values follow; see QueryLexer::LexFieldValues)
  };
  Kind kind = Kind::kEnd;
  size_t pos = 0;       // byte offset of the token's first character
  size_t end = 0;       // byte offset just past the token (kField: past its values once lexed)
  std::string text;     // kWord, kPhrase: the text (unescaped, no '*'); kField: the name as written
  bool prefix = false;  // kWord, kPhrase: ended with '*'
  std::vector<QueryValueText> values;  // kField, after LexFieldValues
};

}  // namespace vigil
