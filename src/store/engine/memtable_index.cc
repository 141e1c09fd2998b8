#include "store/engine/memtable_index.h"

#include "store/index/segment_index.h"

namespace vigil {

MemtableIndex::MemtableIndex(uint32_t rows_per_group)
    : builder_(rows_per_group, index::SegmentIndexBuilder::kMaxTextRowPosting,
               index::SegmentIndexBuilder::Lookups::kAnswer) {}

void MemtableIndex::Add(std::span<const Event* const> rows) {
  std::unique_lock lock(mu_);
  if (finished_ != nullptr) return;
  for (const Event* e : rows) builder_.Add(*e);
}

uint32_t MemtableIndex::rows() const {
  std::shared_lock lock(mu_);
  return finished_ != nullptr ? finished_->rows() : builder_.rows();
}

void MemtableIndex::Read(const std::function<void(const index::RowIndex&)>& fn) const {
  std::shared_lock lock(mu_);
  if (finished_ != nullptr) {
    fn(*finished_);
  } else {
    fn(builder_);
  }
}

Result<std::string> MemtableIndex::Finish() {
  std::unique_lock lock(mu_);
  if (finished_ != nullptr) return Status::Internal("MemtableIndex::Finish called twice");
  std::string bytes = builder_.Finish();
  ASSIGN_OR_RETURN(index::SegmentIndex parsed, index::SegmentIndex::Parse(bytes));
  finished_ = std::make_unique<const index::SegmentIndex>(std::move(parsed));
  return bytes;
}

}  // namespace vigil
