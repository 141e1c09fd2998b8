#include "store/engine/segment_compaction.h"

#include <algorithm>

namespace vigil {

std::vector<CompactionRun> PlanCompaction(const SegmentSet& set, uint64_t max_rows) {
  std::vector<CompactionRun> runs;
  if (max_rows == 0) return runs;
  CompactionRun run;
  auto close = [&] {
    if (run.segments >= 2) runs.push_back(run);
    run = CompactionRun{};
  };
  for (const OpenSegment& seg : set.segments()) {
    const SegmentInfo& info = seg.info();
    const bool fits =
        run.segments > 0 && seg.archived == run.archived && run.rows + info.rows <= max_rows;
    if (!fits) {
      close();
      if (info.rows >= max_rows) continue;
      run.first_seq = info.first_seq;
      run.archived = seg.archived;
    }
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
