#include "store/engine/segment_set.h"

#include <algorithm>

namespace vigil {

const OpenSegment* SegmentSet::FindBySeq(uint64_t seq) const {
  auto it = std::upper_bound(
      segments_.begin(), segments_.end(), seq,
      [](uint64_t s, const OpenSegment& seg) { return s < seg.info().first_seq; });
  if (it == segments_.begin()) return nullptr;
  --it;
  if (seq > it->info().last_seq) return nullptr;
  return &*it;
}

std::shared_ptr<const SegmentSet> SegmentSet::With(OpenSegment added) const {
  std::vector<OpenSegment> next = segments_;
  next.push_back(std::move(added));
  return std::make_shared<const SegmentSet>(std::move(next));
}

}  // namespace vigil
