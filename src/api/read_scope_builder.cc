#include "api/read_scope_builder.h"

#include <fmt/format.h>

#include "core/ascii.h"
#include "core/timestamp.h"
#include "query/query_parser.h"

namespace vigil::api {
namespace {

Result<int64_t> ParseTimeParam(std::string_view name, std::string_view text) {
  Result<int64_t> t = text.size() == 10 ? ParseDate(text) : ParseRfc3339(text);
  if (!t.ok()) return t.status().WithPrefix(name);
  return t;
}

}  // namespace

Result<bool> BoolParam(const RequestContext& ctx, std::string_view name, bool fallback) {
  const std::optional<std::string_view> v = ctx.http.Param(name);
  if (!v) return fallback;
  if (*v == "true") return true;
  if (*v == "false") return false;
  return Status::InvalidArgument(
      fmt::format("{}: expected true or false, got '{}'", name, EscapeControlBytes(*v)));
}

Result<std::string> ScopedTenant(const RequestContext& ctx) {
  const std::optional<std::string_view> param = ctx.http.Param("tenant");
  if (ctx.principal.is_operator()) return std::string(param.value_or(""));
  if (param && *param != ctx.principal.tenant) {
    return Status::PermissionDenied(
        fmt::format("tenant: this credential is bound to tenant '{}' and cannot read '{}'",
                    ctx.principal.tenant, *param));
  }
  return ctx.principal.tenant;
}

Filter PrincipalRestrictions(const Principal& p) {
  std::vector<FilterNode> terms;
  auto exact = [](std::string v) { return FilterValue::Exact(std::move(v)); };
  if (!p.environments.empty()) {
    std::vector<FilterValue> any;
    for (const std::string& env : p.environments) any.push_back(exact(env));
    terms.push_back(FilterNode::Term(FilterField::kEnvironment, std::move(any)));
  }
  if (!p.workspace.empty()) {
    terms.push_back(FilterNode::Term(FilterField::kWorkspace, {exact(p.workspace)}));
  }
  if (!p.actor.empty()) terms.push_back(FilterNode::Term(FilterField::kActor, {exact(p.actor)}));
  if (terms.empty()) return FilterNode::All();
  if (terms.size() == 1) return std::move(terms.front());
  return FilterNode::And(std::move(terms));
}

Result<ReadScope> BuildReadScope(const RequestContext& ctx, const RetentionPolicy* retention,
                                 bool archive_by_default) {
  ReadScope scope;
  ASSIGN_OR_RETURN(scope.tenant, ScopedTenant(ctx));
  const std::string_view q = ctx.http.Param("q").value_or("");
  Result<Filter> filter = ParseQuery(q, ctx.now_ms);
  if (!filter.ok()) return filter.status().WithPrefix("q");
  Filter restrictions = PrincipalRestrictions(ctx.principal);
  if (restrictions.op == FilterNode::Op::kAll) {
    scope.filter = std::move(*filter);
  } else if (filter->op == FilterNode::Op::kAll) {
    scope.filter = std::move(restrictions);
  } else {
    scope.filter = FilterNode::And({std::move(restrictions), std::move(*filter)});
  }
  if (auto from = ctx.http.Param("from")) {
    ASSIGN_OR_RETURN(scope.range.from_ms, ParseTimeParam("from", *from));
  }
  if (auto to = ctx.http.Param("to")) {
    ASSIGN_OR_RETURN(scope.range.to_ms, ParseTimeParam("to", *to));
  }
  if (scope.range.Empty()) {
    return Status::InvalidArgument("to: must be later than from");
  }
  ASSIGN_OR_RETURN(const bool archive, BoolParam(ctx, "archive", archive_by_default));
  if (!archive && retention != nullptr) {
    scope.online_from_ms = retention->OnlineFrom(scope.tenant, ctx.now_ms);
  }
  return scope;
}

}  // namespace vigil::api
