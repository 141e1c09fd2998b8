// The explorer's filters as a value (FilterState), and its two text forms:
// the query language (docs/query-language.md) the API takes and the user can
// edit, and the page URL (?q=…) that makes a view shareable.
//
// toQuery writes a FilterState as a query; fromQuery reads one back. Terms
// the filter panel cannot show (OR, groups, negations, prefixes, fields it
// has no control for) are kept verbatim in `extra`, so nothing a power user
// types is lost: fromQuery(toQuery(s)) equals s for the states the panel
// makes, and toQuery(fromQuery(q)) means the same as q.

// Fields the panel offers as lists of values (any of them: comma = OR).
export const LIST_FIELDS = [
  'tenant',
  'environment',
  'workspace',
  'actor',
  'actor.role',
  'actor.status',
  'target',
  'action',
  'status',
  'method',
  'operation',
  'country',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

// Fields that take one free-text value in the panel.
const SINGLE_FIELDS = ['resource', 'ip', 'time'] as const;
type SingleField = (typeof SINGLE_FIELDS)[number];

const ALIASES: Record<string, string> = { env: 'environment', user: 'actor' };

export interface FilterState {
  lists: Partial<Record<ListField, string[]>>;
  resource: string; // a resource id, matched exactly (target, parent or related)
  ip: string; // an address or a CIDR block
  time: string; // a preset ("last-7d") or a range ("2026-11-01..2026-11-21"); "" = any time
  text: string; // keyword search: words and "quoted phrases"
  extra: string; // terms the panel does not model, verbatim
}

export function emptyFilter(): FilterState {
  return { lists: {}, resource: '', ip: '', time: '', text: '', extra: '' };
}

// A value as the query language needs it: quoted when it holds a character
// that would end or change it (space, comma, parenthesis, quote, star).
export function quoteValue(v: string): string {
  if (v !== '' && !/[\s,()"*\\]/.test(v)) return v;
  return '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

export function toQuery(s: FilterState): string {
  const terms: string[] = [];
  for (const f of LIST_FIELDS) {
    const values = s.lists[f];
    if (values && values.length > 0) terms.push(`${f}:${values.map(quoteValue).join(',')}`);
  }
  for (const f of SINGLE_FIELDS) {
    const v = s[f].trim();
    // "..": a custom range with neither end picked yet.
    if (v && !(f === 'time' && v === '..')) terms.push(`${f}:${quoteValue(v)}`);
  }
  const extra = s.extra.trim();
  // An OR among the extra terms must not take the panel's terms into its sides.
  if (extra) terms.push(splitTerms(extra).includes('OR') ? `(${extra})` : extra);
  if (s.text.trim()) terms.push(s.text.trim());
  return terms.join(' ');
}

// Splits a query into its top-level terms: runs of non-space text, where
// quoted strings and parenthesized groups count as one piece.
export function splitTerms(q: string): string[] {
  const terms: string[] = [];
  let cur = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (quoted) {
      cur += c;
      if (c === '\\' && i + 1 < q.length) cur += q[++i];
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (/\s/.test(c) && depth === 0) {
      if (cur) terms.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur) terms.push(cur);
  return terms;
}

// The values of "a,\"b c\",d": unquoted; null when one is a prefix (a*) or
// empty, which the panel cannot show as a ticked value.
export function splitValues(text: string): string[] | null {
  const values: string[] = [];
  let i = 0;
  while (i <= text.length) {
    let v = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i++;
        v += text[i++] ?? '';
      }
      if (text[i] !== '"') return null;
      i++;
    } else {
      while (i < text.length && text[i] !== ',') v += text[i++];
      if (v.endsWith('*')) return null;
    }
    if (v === '' || (i < text.length && text[i] !== ',')) return null;
    values.push(v);
    i++;
  }
  return values;
}

export function fromQuery(q: string): FilterState {
  const s = emptyFilter();
  const terms = splitTerms(q);
  // With OR at the top level the terms are not ANDed: keep the query whole.
  if (terms.includes('OR')) {
    s.extra = terms.join(' ');
    return s;
  }
  const extra: string[] = [];
  const text: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i];
    if (term === 'AND') continue;
    if (term === 'NOT') {
      // NOT negates the term after it: both go to extra, together.
      extra.push(i + 1 < terms.length ? `NOT ${terms[++i]}` : term);
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9_.]*):(.+)$/s.exec(term);
    if (!m) {
      (/^[-(]/.test(term) ? extra : text).push(term);
      continue;
    }
    const lower = m[1].toLowerCase();
    const field = ALIASES[lower] ?? lower;
    const values = splitValues(m[2]);
    if (values && (LIST_FIELDS as readonly string[]).includes(field)) {
      const f = field as ListField;
      if (!s.lists[f]) {
        s.lists[f] = values;
        continue;
      }
    } else if (values && values.length === 1 && (SINGLE_FIELDS as readonly string[]).includes(field)) {
      const f = field as SingleField;
      if (!s[f]) {
        s[f] = values[0];
        continue;
      }
    }
    extra.push(term);
  }
  s.extra = extra.join(' ');
  s.text = text.join(' ');
  return s;
}

// The number of filters set, for the "Filters (3)" badge.
export function countFilters(s: FilterState): number {
  let n = 0;
  for (const f of LIST_FIELDS) if (s.lists[f]?.length) n++;
  for (const f of SINGLE_FIELDS) if (s[f].trim()) n++;
  if (s.text.trim()) n++;
  if (s.extra.trim()) n++;
  return n;
}
