#include "store/engine/segment_redaction.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "ledger/seal.h"
#include "store/engine/segment_archive.h"
#include "store/engine/segment_index_file.h"
#include "store/segment/segment_writer.h"

namespace vigil {
namespace {

bool Matches(const Event& e, const RedactionTarget& target) {
  return e.tenant == target.tenant && e.actor.id == target.actor_id && !e.seal.key.empty();
}

}  // namespace

Result<uint64_t> CountRedactable(const OpenSegment& segment, const RedactionTarget& target) {
  const std::vector<std::string>& tenants = segment.info().tenants;
  if (!std::binary_search(tenants.begin(), tenants.end(), target.tenant)) return uint64_t{0};
  uint64_t n = 0;
  RETURN_IF_ERROR(ForEachGroup(
      segment, ColumnSet{SegmentColumn::kTenant, SegmentColumn::kActorId, SegmentColumn::kSealKey},
      [&](const std::vector<Event>& rows, uint64_t) {
        n += static_cast<uint64_t>(std::count_if(
            rows.begin(), rows.end(), [&](const Event& e) { return Matches(e, target); }));
        return Status::Ok();
      }));
  return n;
}

Result<RedactedSegment> RewriteRedacted(FileSystem* fs, const OpenSegment& segment,
                                        const RedactionTarget& target) {
  const SegmentInfo& old_info = segment.info();
  const std::string segments_dir = ParentDir(segment.path);
  std::vector<Event> events;
  RETURN_IF_ERROR(segment.reader->ReadEvents(ColumnSet::All(), &events));
  uint64_t redacted = 0;
  for (Event& e : events) {
    if (!Matches(e, target)) continue;
    ASSIGN_OR_RETURN(ledger::Hash before, ledger::EventLeafHash(e));
    RETURN_IF_ERROR(ledger::Redact(&e));
    ASSIGN_OR_RETURN(ledger::Hash after, ledger::EventLeafHash(e));
    if (before != after) {
      return Status::Internal(
          fmt::format("{}: redacting seq {} would change its leaf hash; nothing was rewritten",
                      segment.path, e.seq));
    }
    ++redacted;
  }
  if (redacted == 0) return Status::Internal(segment.path + ": no event to redact");

  const std::string tmp = segment.path + ".tmp";
  if (fs->Exists(tmp)) RETURN_IF_ERROR(fs->RemoveFile(tmp));
  SegmentWriteOptions options;
  options.rows_per_group = old_info.rows_per_group;
  if (segment.archived) options.zstd_level = kArchiveZstdLevel;
  Result<SegmentInfo> written =
      WriteSegment(fs, tmp, std::span<const Event>(events.data(), events.size()), options);
  if (written.ok() &&
      (written->first_seq != old_info.first_seq || written->last_seq != old_info.last_seq)) {
    written = Status::Internal(fmt::format("{}: rewritten with seqs {}..{} instead of {}..{}", tmp,
                                           written->first_seq, written->last_seq,
                                           old_info.first_seq, old_info.last_seq));
  }
  // The old index holds the erased values as terms: it goes first (and for
  // good, before the rename), so a crash never pairs the new segment with it;
  // a segment left without an index gets a new one when the store opens.
  const std::string index_path = IndexPathFor(segment.path);
  Status renamed = written.status();
  if (renamed.ok() && fs->Exists(index_path)) {
    renamed = fs->RemoveFile(index_path);
    if (renamed.ok()) renamed = fs->SyncDir(segments_dir);
  }
  if (renamed.ok()) renamed = fs->Rename(tmp, segment.path);
  if (!renamed.ok()) {
    if (fs->Exists(tmp)) (void)fs->RemoveFile(tmp);
    return renamed;
  }
  std::vector<const Event*> rows;
  rows.reserve(events.size());
  for (const Event& e : events) rows.push_back(&e);
  RETURN_IF_ERROR(WriteSegmentIndex(fs, segment.path, rows, written->rows_per_group));
  RedactedSegment out;
  out.events = redacted;
  out.dir_sync = fs->SyncDir(segments_dir);
  ASSIGN_OR_RETURN(std::unique_ptr<SegmentReader> reader, SegmentReader::Open(fs, segment.path));
  ASSIGN_OR_RETURN(std::shared_ptr<const index::SegmentIndex> index, OpenSegmentIndex(fs, *reader));
  out.segment = OpenSegment{segment.path, std::move(reader), std::move(index), segment.archived};
  return out;
}

}  // namespace vigil
