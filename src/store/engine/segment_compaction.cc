#include "store/engine/segment_compaction.h"

#include <algorithm>

namespace vigil {

std::vector<CompactionRun> PlanCompaction(const SegmentSet& set, uint64_t max_rows,
                                          int64_t max_span_ms) {
  std::vector<CompactionRun> runs;
  if (max_rows == 0) return runs;
  CompactionRun run;
  auto close = [&] {
    if (run.segments >= 2) runs.push_back(run);
    run = CompactionRun{};
  };
  for (const OpenSegment& seg : set.segments()) {
    const SegmentInfo& info = seg.info();
    // Adjacent in seqs too: a deleted segment (deletion_log.h) leaves a gap.
    const bool fits =
        run.segments > 0 && seg.archived == run.archived && run.last_seq + 1 == info.first_seq &&
        run.rows + info.rows <= max_rows &&
        std::max(run.max_time_ms, info.max_time_ms) - std::min(run.min_time_ms, info.min_time_ms) <=
            max_span_ms;
    if (!fits) {
      close();
      if (info.rows >= max_rows) continue;
      run.first_seq = info.first_seq;
      run.archived = seg.archived;
      run.min_time_ms = info.min_time_ms;
      run.max_time_ms = info.max_time_ms;
    }
    run.min_time_ms = std::min(run.min_time_ms, info.min_time_ms);
    run.max_time_ms = std::max(run.max_time_ms, info.max_time_ms);
    run.last_seq = info.last_seq;
    run.rows += info.rows;
    ++run.segments;
  }
  close();
  return runs;
}

void GroupCoveredFiles(std::vector<SegmentFile> files, std::vector<SegmentFile>* kept,
                       std::vector<CoveringGroup>* groups) {
  std::sort(files.begin(), files.end(), [](const SegmentFile& a, const SegmentFile& b) {
    if (a.first_seq != b.first_seq) return a.first_seq < b.first_seq;
    if (a.last_seq != b.last_seq) return a.last_seq > b.last_seq;
    return a.archived > b.archived;
  });
  for (size_t i = 0; i < files.size();) {
    size_t j = i + 1;
    while (j < files.size() && files[j].last_seq <= files[i].last_seq) ++j;
    if (j == i + 1) {
      kept->push_back(files[i]);
    } else {
      groups->push_back(CoveringGroup{files[i], {files.begin() + i + 1, files.begin() + j}});
    }
    i = j;
  }
}

}  // namespace vigil
