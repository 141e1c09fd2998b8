// Limits on events and batches (DESIGN.md §2). Each is enforced with an
// error that names the field, the limit and the value's size.
#pragma once

#include <cstddef>

namespace vigil {

inline constexpr size_t kMaxEventBytes = 64 * 1024;         // one event's JSON text
inline constexpr size_t kMaxBatchEvents = 10'000;           // events per batch
inline constexpr size_t kMaxBatchBytes = 16 * 1024 * 1024;  // one batch's body
inline constexpr size_t kMaxStringBytes = 4 * 1024;         // any string field or key
inline constexpr size_t kMaxDescriptionBytes = 16 * 1024;   // description
inline constexpr size_t kMaxIdBytes = 128;                  // id, tenant, action
inline constexpr size_t kMaxEnvironmentBytes = 64;
inline constexpr size_t kMaxOperationBytes = 64;
inline constexpr size_t kMaxMethodBytes = 16;
inline constexpr size_t kMaxDepth = 16;      // nesting, the event object itself is depth 1
inline constexpr size_t kMaxResources = 64;  // entries of resources[]
inline constexpr double kMaxDurationMs = 1e12;

}  // namespace vigil
