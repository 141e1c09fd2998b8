// How an event is laid out in the `events` table (docs/scale-out.md
// "Schema"): the ordering key (tenant, time_ms, node, seq), one String column
// per filterable and countable string field, the derived columns queries
// need (resource ids, the IP's bytes, duration, full-text tokens) and the
// event's canonical bytes, from which reads rebuild the Event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/event_fields.h"

namespace vigil::clickhouse {

struct ColumnDef {
  std::string name;
  std::string type;  // ClickHouse type
};

// Every column of `events`, in table order (what the schema creates and what
// AppendEventRow writes).
const std::vector<ColumnDef>& EventColumns();

// The column holding string field f ("actor.email" → actor_email), or
// nullopt for fields without one (description, changes, diff, metadata, seal).
std::optional<std::string> StringFieldColumn(StringField f);

// Appends e's row in RowBinary. canonical: e's canonical bytes
// (CanonicalEvent); node: the ordinal of the node that stored it.
void AppendEventRow(const Event& e, std::string_view canonical, uint16_t node, std::string* out);

// The text_tokens column: for each full-text field (docs/query-language.md
// "Full text") with tokens, " t1 t2 … tn \n", tokens folded as the engine's
// index folds them (core/text_tokenizer.h) with EscapeToken applied. A phrase
// matches a field exactly when " " + its tokens joined by " " + " " (the last
// token a prefix: without the trailing space) occurs in this text.
std::string TextTokens(const Event& e);
// A token's spaces and newlines (NFKC folding can put spaces inside a
// token) as \x01 and \x02, so only the separators above are spaces.
std::string EscapeToken(std::string_view token);

}  // namespace vigil::clickhouse
