// Limits on query text, so that no input can make parsing slow or deep.
#pragma once

#include <cstddef>

namespace vigil {

// Longest query accepted, in bytes.
inline constexpr size_t kMaxQueryBytes = 4096;

// Deepest nesting accepted: each '(' and each negation ('-' or NOT) is one
// level. Bounds the recursion of the parser and the depth of the Filter.
inline constexpr int kMaxQueryDepth = 32;

}  // namespace vigil
