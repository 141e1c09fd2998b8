#include "cli/demo_data.h"

#include <cstdio>

#include "api/auth/private_file.h"
#include "core/event_parser.h"
#include "gen/event_generator.h"
#include "ingest/event_enricher.h"
#include "store/fs/file_system.h"

namespace vigil::cli {
namespace {

Status GenerateEvents(Store* store, const EventEnricher& enricher, const Clock* clock) {
  GeneratorOptions options;
  options.seed = 42;
  options.end_ms = clock->NowMs();
  options.count = kDemoEvents;
  options.with_ids = true;
  EventGenerator gen(options);
  EventParser parser;
  UlidGenerator ids(clock);
  ParseOptions popts;
  popts.ids = &ids;
  std::string line;
  std::fprintf(stderr, "vigil: demo: generating %llu events\n",
               static_cast<unsigned long long>(kDemoEvents));
  for (uint64_t done = 0; done < kDemoEvents;) {
    std::vector<Event> batch;
    for (uint64_t i = 0; i < 10'000 && done < kDemoEvents; ++i, ++done) {
      line.clear();
      gen.Next(&line);
      popts.receive_time_ms = clock->NowMs();
      Result<Event> e = parser.Parse(line, popts);
      if (!e.ok()) return e.status().WithPrefix("demo event");
      RETURN_IF_ERROR(enricher.Enrich(&*e).WithPrefix("demo event"));
      batch.push_back(std::move(*e));
    }
    RETURN_IF_ERROR(store->Append(std::move(batch)).status());
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> SeedDemo(Store* store, api::ApiKeyStore* keys, const std::string& data_dir,
                             const EventEnricher& enricher, const Clock* clock) {
  if (store->EndSeq() == 0) RETURN_IF_ERROR(GenerateEvents(store, enricher, clock));
  FileSystem* fs = DefaultFileSystem();
  const std::string auth_dir = JoinPath(data_dir, "auth");
  const std::string path = JoinPath(auth_dir, "demo-admin.key");
  if (fs->Exists(path)) {
    ASSIGN_OR_RETURN(std::string secret, fs->ReadFile(path));
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (keys->Authenticate(secret).ok()) return secret;  // else: revoked; make a new one
  }
  api::ApiKeySpec spec;
  spec.name = "demo-admin";
  spec.scopes = api::ScopeBit(api::Scope::kIngest) | api::ScopeBit(api::Scope::kRead) |
                api::ScopeBit(api::Scope::kExport) | api::ScopeBit(api::Scope::kAdmin);
  ASSIGN_OR_RETURN(api::CreatedApiKey created, keys->Create(spec, "demo", clock->NowMs()));
  RETURN_IF_ERROR(api::EnsurePrivateDir(fs, auth_dir));
  RETURN_IF_ERROR(api::WritePrivateFileAtomically(fs, path, created.secret + "\n"));
  return created.secret;
}

}  // namespace vigil::cli
