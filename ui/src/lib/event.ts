// The event as the API returns it (docs/api.md, DESIGN.md §2), and what the
// UI derives from it: personal fields erased by redaction, a short
// description of the client (browser, OS, device).

export interface Ref {
  type?: string;
  id?: string;
  name?: string;
  parent?: Ref;
}

export interface AuditEvent {
  seq: number;
  id: string;
  time: string;
  tenant: string;
  environment?: string;
  workspace?: { id?: string; name?: string };
  action: string;
  category?: string;
  operation?: string;
  status?: 'success' | 'error';
  actor?: { id?: string; name?: string; email?: string; type?: string; role?: string; status?: string };
  target?: Ref;
  resources?: Ref[];
  context?: {
    ip?: string;
    user_agent?: string;
    method?: string;
    path?: string;
    duration_ms?: number;
    request_id?: string;
    session_id?: string;
  };
  description?: string;
  changes?: { before?: unknown; after?: unknown };
  metadata?: Record<string, unknown>;
  received_at?: string;
  geo?: { country?: string; region?: string; city?: string; lat?: number; lon?: number; label?: string };
  ua?: {
    browser?: string;
    browser_version?: string;
    os?: string;
    os_version?: string;
    engine?: string;
    webview?: boolean;
    device?: { class?: string; brand?: string; model?: string };
  };
  diff?: { path: string; op?: string; before?: unknown; after?: unknown }[];
  seal?: { key?: string; redacted?: Record<string, string> };
  ledger?: InclusionProofJson;
}

export interface InclusionProofJson {
  node?: number; // the node whose log holds the event (ClickHouse backend)
  seq: number;
  size: number;
  leaf_hash: string;
  proof: string[];
  root: string;
  checkpoint?: string;
}

// Shown in place of a personal value that `vigil redact` erased.
export const REDACTED = 'redacted';

// Whether the field at `path` ("actor.email", "geo.city") was erased: the
// event's seal lists it, or a field that contains it ("geo").
export function isRedacted(e: AuditEvent, path: string): boolean {
  const r = e.seal?.redacted;
  if (!r) return false;
  for (const p of Object.keys(r)) {
    if (p === path || path.startsWith(p + '.') || p.startsWith(path + '.')) return true;
  }
  return false;
}

// The value of a personal field, or REDACTED when it was erased.
export function personal(e: AuditEvent, path: string, value: string | undefined): string | undefined {
  if (value !== undefined && value !== '') return value;
  return isRedacted(e, path) ? REDACTED : value;
}

export type DeviceClass = 'desktop' | 'mobile' | 'tablet' | 'bot' | 'other';

export function deviceClass(e: AuditEvent): DeviceClass {
  const c = (e.ua?.device?.class ?? '').toLowerCase();
  if (c === 'desktop' || c === 'mobile' || c === 'tablet') return c;
  if (c === 'bot' || c === 'spider' || c === 'crawler') return 'bot';
  return 'other';
}

// "Chrome 131 · Mac OS X", from the server's parsed user agent.
export function clientSummary(e: AuditEvent): string {
  const ua = e.ua;
  if (!ua) {
    const raw = personal(e, 'context.user_agent', e.context?.user_agent) ?? '';
    return raw.length > 40 ? raw.slice(0, 40) + '…' : raw;
  }
  const browser = ua.browser ? `${ua.browser}${ua.browser_version ? ' ' + ua.browser_version.split('.')[0] : ''}` : '';
  return [browser, ua.os].filter(Boolean).join(' · ');
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms >= 100 ? String(Math.round(ms)) : String(Math.round(ms * 10) / 10);
}
