// Time presets (the query language's names, docs/query-language.md §6) and
// how times are shown: local time in the table, UTC on hover and on the
// event page.

export interface TimePreset {
  value: string; // the query language's name: time:<value>
  label: string;
}

export const TIME_PRESETS: TimePreset[] = [
  { value: 'today', label: 'Today' },
  { value: 'yesterday', label: 'Yesterday' },
  { value: 'last-24h', label: 'Last 24 hours' },
  { value: 'last-7d', label: 'Last 7 days' },
  { value: 'last-week', label: 'Last week' },
  { value: 'last-30d', label: 'Last 30 days' },
  { value: 'last-month', label: 'Last month' },
  { value: 'last-quarter', label: 'Last quarter' },
];

// A custom range "from..to" of dates (YYYY-MM-DD, both included, UTC days).
export function dateRange(from: string, to: string): string {
  if (!from && !to) return '';
  return `${from}..${to}`;
}

// The dates of a "from..to" range; null for a preset or anything else.
export function parseDateRange(time: string): { from: string; to: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?$/.exec(time);
  if (!m || (!m[1] && !m[2])) return null;
  return { from: m[1] ?? '', to: m[2] ?? '' };
}

export function timeLabel(time: string): string {
  if (!time) return 'Any time';
  const preset = TIME_PRESETS.find((p) => p.value === time);
  if (preset) return preset.label;
  const r = parseDateRange(time);
  if (r) return `${r.from || '…'} – ${r.to || '…'}`;
  return time;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// "2026-11-21 10:43:19" in the browser's time zone.
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

// "2026-11-21 09:43:19.279 UTC".
export function utcTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace('Z', ' UTC');
}

// A date input's value (YYYY-MM-DD, UTC) for a time in ms.
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// An RFC 3339 time in ms resolution, as the API's from/to take it.
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
