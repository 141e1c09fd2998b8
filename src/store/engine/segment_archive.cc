#include "store/engine/segment_archive.h"

#include <fmt/format.h>

#include <algorithm>

#include "store/engine/segment_copy.h"

namespace vigil {

bool PastOnlineWindow(const SegmentInfo& info, const RetentionPolicy& policy, int64_t now_ms) {
  int64_t widest = info.tenants.empty() ? policy.OnlineMs("") : 0;
  for (const std::string& tenant : info.tenants) widest = std::max(widest, policy.OnlineMs(tenant));
  return info.max_time_ms < now_ms - widest;
}

bool PastDeleteAge(const SegmentInfo& info, const RetentionPolicy& policy, int64_t now_ms) {
  if (info.tenants.empty()) return false;
  int64_t longest = 0;
  for (const std::string& tenant : info.tenants) {
    const int64_t age = policy.DeleteAfterMs(tenant);
    if (age <= 0) return false;
    longest = std::max(longest, age);
  }
  return info.max_time_ms < now_ms - longest;
}

Result<OpenSegment> WriteArchivedCopy(FileSystem* fs, const OpenSegment& segment,
                                      const std::string& archive_path) {
  SegmentWriteOptions options;
  options.rows_per_group = segment.info().rows_per_group;
  options.zstd_level = kArchiveZstdLevel;
  const OpenSegment* inputs[] = {&segment};
  Result<OpenSegment> copy = WriteSegmentCopy(fs, inputs, archive_path, options, /*archived=*/true);
  if (!copy.ok()) return copy.status().WithPrefix(fmt::format("archiving {}", segment.path));
  return copy;
}

}  // namespace vigil
