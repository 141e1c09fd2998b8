#include "cli/read_args.h"

#include "core/timestamp.h"
#include "query/query_parser.h"

namespace vigil::cli {
namespace {

Result<int64_t> ParseBound(const std::string& text, std::string_view option) {
  Result<int64_t> t = text.size() == 10 ? ParseDate(text) : ParseRfc3339(text);
  if (!t.ok()) return t.status().WithPrefix(option);
  return t;
}

}  // namespace

void AddReadOptions(CLI::App* cmd, ReadArgs* args) {
  cmd->add_option("query", args->query, "query (docs/query-language.md); empty matches everything");
  cmd->add_option("--tenant", args->tenant, "only this tenant's events");
  cmd->add_option("--from", args->from, "earliest time, inclusive (RFC 3339 or YYYY-MM-DD)");
  cmd->add_option("--to", args->to, "latest time, exclusive (RFC 3339 or YYYY-MM-DD)");
}

Result<ReadScope> MakeReadScope(const ReadArgs& args, int64_t now_ms) {
  ReadScope scope;
  scope.tenant = args.tenant;
  Result<Filter> filter = ParseQuery(args.query, now_ms);
  if (!filter.ok()) return filter.status().WithPrefix("q");
  scope.filter = std::move(*filter);
  if (!args.from.empty()) {
    ASSIGN_OR_RETURN(scope.range.from_ms, ParseBound(args.from, "--from"));
  }
  if (!args.to.empty()) {
    ASSIGN_OR_RETURN(scope.range.to_ms, ParseBound(args.to, "--to"));
  }
  return scope;
}

}  // namespace vigil::cli
