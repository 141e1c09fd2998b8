// Filter → a ClickHouse boolean expression over the `events` table
// (event_row.h), with the semantics of FilterMatcher (store/filter_matcher.h)
// for every field: an empty value never matches, actor emails compare
// ignoring ASCII case, a CIDR matches addresses of its family within the
// block, phrases match consecutive tokens of one text field. Every value
// enters the SQL through Quote (sql_text.h) or as a formatted number.
#pragma once

#include <string>

#include "store/filter.h"
#include "store/store.h"

namespace vigil::clickhouse {

std::string FilterSql(const Filter& filter);

// The WHERE condition of a read: the scope's tenant (when set), the time
// bounds (ReadScope::Bounds) and the filter.
std::string ScopeSql(const ReadScope& scope);

}  // namespace vigil::clickhouse
