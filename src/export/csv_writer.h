// CsvWriter: events as CSV (RFC 4180): a header row of dotted field names,
// one row per event, CRLF line endings, fields quoted when they hold a comma,
// quote, CR or LF (quotes doubled).
//
// Formula injection (OWASP "CSV Injection"): a cell that starts with '=', '+',
// '-', '@', tab or CR is prefixed with a single quote so spreadsheet programs
// show it as text instead of evaluating it. Numeric columns Vigil itself writes
// (seq, duration_ms) are never negative, so they are never altered.
#pragma once

#include <string>
#include <string_view>

#include "core/event.h"

namespace vigil {

class CsvWriter {
 public:
  // The column names, in order (also the header row).
  static const std::vector<std::string_view>& Columns();

  // Appends the header row.
  static void AppendHeader(std::string* out);
  // Appends one event as a row.
  static void AppendRow(const Event& e, std::string* out);

  // Appends one cell: neutralized, then quoted when needed (exposed for tests).
  static void AppendCell(std::string_view value, std::string* out);
};

}  // namespace vigil
