// The /v1 API as the UI uses it (docs/api.md): bearer credential, JSON in,
// the one error shape out as ApiError.
import type { AuditEvent } from './event';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface EventPage {
  events: AuditEvent[];
  next_cursor?: string;
}

export interface Facet {
  field: string;
  values: { value: string; count: number }[];
  other: number;
  missing: number;
}

export interface Histogram {
  interval_ms: number;
  buckets: { time: string; count: number; errors: number }[];
}

export interface Catalog {
  tenant: string;
  categories: { name: string; types: { action: string; operation?: string; description?: string }[] }[];
}

export type Params = Record<string, string | number | boolean | undefined>;

export function buildUrl(path: string, params: Params = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export class ApiClient {
  constructor(
    private readonly credential: string,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {}

  // A raw response (export, live tail); throws ApiError unless 2xx.
  async fetchRaw(path: string, params: Params = {}, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<Response> {
    const r = await this.fetchFn(buildUrl(path, params), {
      headers: { ...headers, Authorization: `Bearer ${this.credential}` },
      signal,
      cache: 'no-store',
    });
    if (!r.ok) throw await toError(r);
    return r;
  }

  // A single-use download link (valid 60 s) for the export with these
  // parameters: the browser fetches it without credentials and saves the
  // file itself, streaming it to disk.
  async exportLink(params: Params): Promise<{ url: string; expires_at: string }> {
    const r = await this.fetchFn(buildUrl('/v1/export/links', params), {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.credential}` },
      cache: 'no-store',
    });
    if (!r.ok) throw await toError(r);
    return (await r.json()) as { url: string; expires_at: string };
  }

  async get<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
    const r = await this.fetchRaw(path, params, signal);
    return (await r.json()) as T;
  }

  events(params: { q: string; limit: number; cursor?: string; order?: string }, signal?: AbortSignal) {
    return this.get<EventPage>('/v1/events', params, signal);
  }

  // One event and the text the server sent for it (whose bytes the ledger
  // check hashes).
  async event(id: string, signal?: AbortSignal): Promise<{ event: AuditEvent; text: string }> {
    const r = await this.fetchRaw(`/v1/events/${encodeURIComponent(id)}`, {}, signal);
    const text = await r.text();
    return { event: JSON.parse(text) as AuditEvent, text };
  }

  facets(q: string, fields: string[], top: number, signal?: AbortSignal) {
    return this.get<{ facets: Facet[] }>('/v1/facets', { q, fields: fields.join(','), top }, signal);
  }

  histogram(params: Params, signal?: AbortSignal) {
    return this.get<Histogram>('/v1/histogram', params, signal);
  }

  catalog(tenant: string | undefined, signal?: AbortSignal) {
    return this.get<Catalog>('/v1/catalog', { tenant }, signal);
  }
}

async function toError(r: Response): Promise<ApiError> {
  try {
    const body = await r.json();
    const e = body?.error;
    if (e?.message) return new ApiError(r.status, e.code ?? '', e.message);
  } catch (err) {
    // A request aborted while its error body was read stays an abort (the
    // caller ignores those); anything else is not the JSON error shape.
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
  }
  return new ApiError(r.status, '', `${r.status} ${r.statusText}`);
}
