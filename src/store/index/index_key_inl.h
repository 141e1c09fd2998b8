// ForEachIndexTerm's body (index_key.h): a template, so that the builder's
// sink is inlined.
#pragma once

#include <algorithm>

#include "core/ascii.h"
#include "core/text_fields.h"
#include "core/text_tokenizer.h"

namespace vigil::index {

template <typename Sink>
void ForEachIndexTerm(const Event& e, std::string& scratch, Sink&& sink) {
  auto term = [&](IndexKey k, std::string_view v) {
    if (!v.empty()) sink(k, v);
  };
  term(IndexKey::kTenant, e.tenant);
  term(IndexKey::kEnvironment, e.environment);
  term(IndexKey::kWorkspace, e.workspace.id);
  term(IndexKey::kWorkspace, e.workspace.name);
  term(IndexKey::kAction, e.action);
  term(IndexKey::kCategory, e.category);
  term(IndexKey::kOperation, e.operation);
  term(IndexKey::kStatus, EventStatusName(e.status));
  term(IndexKey::kActor, e.actor.id);
  term(IndexKey::kActor, e.actor.name);
  if (std::ranges::any_of(e.actor.email, [](char c) { return c >= 'A' && c <= 'Z'; })) {
    std::string lower = e.actor.email;
    ToLowerAscii(&lower);
    term(IndexKey::kActorEmail, lower);
  } else {
    term(IndexKey::kActorEmail, e.actor.email);
  }
  term(IndexKey::kActorRole, e.actor.role);
  term(IndexKey::kActorType, e.actor.type);
  term(IndexKey::kTarget, e.target.id);
  term(IndexKey::kTargetType, e.target.type);
  term(IndexKey::kResource, e.target.id);
  term(IndexKey::kResource, e.target.parent.id);
  for (const ResourceRef& r : e.resources) term(IndexKey::kResource, r.id);
  term(IndexKey::kMethod, e.context.method);
  term(IndexKey::kPath, e.context.path);
  term(IndexKey::kIp, e.context.ip);
  term(IndexKey::kCountry, e.geo.country);

  // Full text (core/text_fields.h).
  std::string json_scratch;
  ForEachTextField(e, json_scratch, [&](std::string_view text) {
    ForEachToken(text, scratch, [&](std::string_view tok) { sink(IndexKey::kText, tok); });
    return false;
  });
}

}  // namespace vigil::index
