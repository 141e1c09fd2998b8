// vigil export [QUERY] --format csv|ndjson: every matching event, streamed in
// ledger (seq) order, in constant memory.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/progress_bar.h"
#include "cli/read_args.h"
#include "core/clock.h"
#include "core/event_json.h"
#include "export/csv_writer.h"

namespace vigil::cli {
namespace {

struct ExportArgs {
  ReadArgs read;
  std::string format = "ndjson";
  std::string output = "-";
};

// Buffered writes to a file descriptor.
class OutputSink {
 public:
  explicit OutputSink(int fd) : fd_(fd) { buf_.reserve(kFlushAt + 65536); }
  std::string* buffer() { return &buf_; }
  Status MaybeFlush() { return buf_.size() >= kFlushAt ? Flush() : Status::Ok(); }
  Status Flush() {
    size_t done = 0;
    while (done < buf_.size()) {
      ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::IOError(fmt::format("writing the export: {}", std::strerror(errno)));
      }
      done += static_cast<size_t>(n);
    }
    buf_.clear();
    return Status::Ok();
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  int fd_;
  std::string buf_;
};

int RunExport(const GlobalOptions& global, const ExportArgs& args) {
  Result<ReadScope> scope = MakeReadScope(args.read, SystemClock::Get()->NowMs());
  if (!scope.ok()) return ReportError(scope.status());
  int fd = STDOUT_FILENO;
  std::string tmp;
  if (args.output != "-") {
    // Write to a temporary name and rename at the end: no partial export file.
    tmp = args.output + ".partial";
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      return ReportError(
          Status::IOError(fmt::format("cannot create {}: {}", tmp, std::strerror(errno))));
    }
  }
  Result<std::unique_ptr<Store>> store = OpenStore(global, OpenMode::kMustExist);
  if (!store.ok()) return ReportError(store.status());
  const bool csv = args.format == "csv";
  OutputSink sink(fd);
  if (csv) CsvWriter::AppendHeader(sink.buffer());
  ProgressBar bar("export", "events", 0);
  uint64_t rows = 0;
  ScanRequest req;
  req.scope = std::move(*scope);
  Status s = (*store)->Scan(req, [&](const Event& e) {
    if (csv) {
      CsvWriter::AppendRow(e, sink.buffer());
    } else {
      AppendEventWithSeq(e, sink.buffer());
      sink.buffer()->push_back('\n');
    }
    bar.Update(++rows, 0);
    return sink.MaybeFlush();
  });
  if (s.ok()) s = sink.Flush();
  bar.Finish();
  Status closed = (*store)->Close();
  if (s.ok()) s = closed;
  if (fd != STDOUT_FILENO) {
    if (s.ok() && ::fsync(fd) != 0)
      s = Status::IOError(fmt::format("fsync {}: {}", tmp, std::strerror(errno)));
    ::close(fd);
    if (s.ok() && ::rename(tmp.c_str(), args.output.c_str()) != 0) {
      s = Status::IOError(
          fmt::format("rename {} to {}: {}", tmp, args.output, std::strerror(errno)));
    }
    if (!s.ok()) ::unlink(tmp.c_str());
  }
  if (!s.ok()) return ReportError(s);
  if (fd != STDOUT_FILENO) {
    std::fprintf(stderr, "exported %llu events to %s\n", static_cast<unsigned long long>(rows),
                 args.output.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddExportCommand(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "Write every matching event as CSV or NDJSON");
  AddReadOptions(cmd, &args->read);
  cmd->add_option("--format", args->format, "csv or ndjson")
      ->capture_default_str()
      ->check(CLI::IsMember({"csv", "ndjson"}));
  cmd->add_option("-o,--output", args->output, "file to write (default: standard output)");
  cmd->footer(
      "Events come in ledger order (seq), the order an auditor verifies. CSV follows\n"
      "RFC 4180; cells that a spreadsheet would run as a formula are prefixed with '.\n"
      "Examples:\n"
      "  vigil export --format csv 'tenant:org_1 time:last-month' > org_1.csv\n"
      "  vigil export --format ndjson --from 2026-01-01 --to 2026-04-01 -o q1.ndjson");
  cmd->callback([&global, args, exit_code] { *exit_code = RunExport(global, *args); });
}

}  // namespace vigil::cli
