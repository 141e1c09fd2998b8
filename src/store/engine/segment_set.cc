#include "store/engine/segment_set.h"

#include <algorithm>

namespace vigil {

Status ForEachGroup(const OpenSegment& segment, const ColumnSet& columns,
                    const std::function<Status(const std::vector<Event>&, uint64_t)>& fn) {
  const SegmentInfo& info = segment.info();
  std::unique_ptr<SegmentCursor> cursor = segment.reader->NewCursor(columns);
  std::vector<Event> rows;  // reused: its Events keep their string capacity
  for (uint32_t g = 0; g < info.row_groups; ++g) {
    const uint64_t first = info.GroupFirstRow(g);
    RETURN_IF_ERROR(cursor->ReadRange(first, first + info.GroupRows(g), &rows));
    RETURN_IF_ERROR(fn(rows, first));
  }
  return Status::Ok();
}

const OpenSegment* SegmentSet::FindBySeq(uint64_t seq) const {
  auto it =
      std::upper_bound(segments_.begin(), segments_.end(), seq,
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

std::shared_ptr<const SegmentSet> SegmentSet::Replacing(OpenSegment rewritten) const {
  return Merging(std::move(rewritten));  // the segment of the same seqs is all it covers
}

std::shared_ptr<const SegmentSet> SegmentSet::Merging(OpenSegment merged) const {
  const uint64_t first = merged.info().first_seq, last = merged.info().last_seq;
  std::vector<OpenSegment> next;
  next.reserve(segments_.size());
  for (const OpenSegment& seg : segments_) {
    if (seg.info().first_seq < first || seg.info().last_seq > last) {
      next.push_back(seg);
    } else if (seg.info().first_seq == first) {
      next.push_back(std::move(merged));
    }
  }
  return std::make_shared<const SegmentSet>(std::move(next));
}

std::shared_ptr<const SegmentSet> SegmentSet::Without(uint64_t first_seq) const {
  std::vector<OpenSegment> next;
  next.reserve(segments_.size());
  for (const OpenSegment& seg : segments_) {
    if (seg.info().first_seq != first_seq) next.push_back(seg);
  }
  return std::make_shared<const SegmentSet>(std::move(next));
}

}  // namespace vigil
