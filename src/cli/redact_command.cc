// vigil redact: erases one actor's personal values from a tenant's events
// (Store::RedactActor), offline on the data directory, and records the
// redaction as an audit.redact event in that tenant.
//
// Opening the store takes the data directory's lock, so this refuses to run
// while a server has the directory open; use POST /v1/admin/redactions then.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "api/self_audit.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "core/ulid.h"

namespace vigil::cli {
namespace {

struct RedactArgs {
  std::string tenant;
  std::string actor;
  bool json = false;
};

int RunRedact(const GlobalOptions& global, const RedactArgs& args) {
  if (args.tenant.empty()) return ReportError(Status::InvalidArgument("--tenant: required"));
  if (args.actor.empty()) return ReportError(Status::InvalidArgument("--actor: required"));
  Result<std::unique_ptr<Store>> store = OpenStore(global, OpenMode::kMustExist);
  if (!store.ok()) return ReportError(store.status());
  Result<RedactionResult> done = (*store)->RedactActor(args.tenant, args.actor);
  if (!done.ok()) {
    (void)(*store)->Close();
    return ReportError(done.status());
  }
  // The redaction is itself audited, in the same tenant, by the operator.
  UlidGenerator ids(SystemClock::Get());
  Event audit = api::MakeAuditEvent(api::RedactionRecord(args.tenant, args.actor, done->events),
                                    *SystemClock::Get(), ids);
  audit.actor.type = "system";
  audit.actor.id = "vigil-cli";
  Result<std::vector<AppendAck>> recorded = (*store)->Append({std::move(audit)});
  Status closed = (*store)->Close();
  if (!recorded.ok()) {
    return ReportError(recorded.status().WithPrefix(fmt::format(
        "redacted {} events, but recording the audit.redact event failed", done->events)));
  }
  if (!closed.ok()) return ReportError(closed);

  std::string out;
  if (args.json) {
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("tenant");
    w.String(args.tenant);
    w.Key("actor");
    w.String(args.actor);
    w.Key("events");
    w.Uint(done->events);
    w.Key("segments");
    w.Uint(done->segments);
    w.Key("audit_event");
    w.String((*recorded)[0].id);
    w.EndObject();
    out.push_back('\n');
  } else {
    out = fmt::format(
        "redacted {} events of actor {} in tenant {} ({} segment file{} rewritten); recorded as "
        "audit.redact event {}\n",
        done->events, args.actor, args.tenant, done->segments, done->segments == 1 ? "" : "s",
        (*recorded)[0].id);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void AddRedactCommand(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto args = std::make_shared<RedactArgs>();
  CLI::App* cmd = app.add_subcommand(
      "redact",
      "Erase one actor's personal values (email, name, IP, user agent, geo) from a tenant");
  cmd->add_option("--tenant", args->tenant, "the tenant whose events to redact")->required();
  cmd->add_option("--actor", args->actor, "the actor.id whose personal values to erase")
      ->required();
  cmd->add_flag("--json", args->json, "one JSON object");
  cmd->footer(
      "Every proof and checkpoint stays valid: the events keep commitments to the erased\n"
      "values (seal.redacted). Redacting again is a no-op. Refused while a server has the data\n"
      "directory open; use POST /v1/admin/redactions then.\n"
      "Examples:\n"
      "  vigil --data ./data redact --tenant acme --actor user_42\n"
      "  vigil redact --tenant acme --actor user_42 --json");
  cmd->callback([&global, args, exit_code] { *exit_code = RunRedact(global, *args); });
}

}  // namespace vigil::cli
