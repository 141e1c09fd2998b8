// One event on a page of its own (/events/{id}): every field, the diff of
// its changes, location, client details, and its ledger inclusion proof
// verified in the browser.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type ApiClient } from '../lib/api';
import { personal, REDACTED, type AuditEvent } from '../lib/event';
import { explorerUrl, navigate } from '../lib/router';
import { localTime, utcTime } from '../lib/time';
import { CopyButton } from './copy_button';
import { redactedView } from './event_table';
import { ProofBadge } from './proof_badge';

interface Props {
  api: ApiClient;
  id: string;
  search: string; // ?q= of the explorer it came from
  onAuthError: (e: ApiError) => void;
}

type Row = [string, unknown];

function Fields({ rows }: { rows: Row[] }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (shown.length === 0) return <p class="hint">None.</p>;
  return (
    <dl class="fields">
      {shown.map(([k, v]) => (
        <Fragment key={k}>
          <dt>{k}</dt>
          <dd class={v === REDACTED ? 'redacted' : undefined}>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function show(v: unknown): string {
  return v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
}

export function EventPage({ api, id, search, onAuthError }: Props) {
  const [e, setEvent] = useState<AuditEvent | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    setEvent(null);
    setError(null);
    api
      .event(id, ac.signal)
      .then((r) => {
        setText(r.text);
        setEvent(r.event);
      })
      .catch((err) => {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        if (err instanceof ApiError && err.status === 401) onAuthError(err);
        setError(err instanceof ApiError && err.status === 404 ? `No event ${id} is visible to you.` : String(err.message ?? err));
      });
    return () => ac.abort();
  }, [api, id]);
  const back = explorerUrl(new URLSearchParams(search).get('q') ?? '');
  const p = (path: string, v: string | undefined) => (e ? personal(e, path, v) : v);
  return (
    <main class="event-page">
      <nav>
        <a href={back} onClick={(ev) => { ev.preventDefault(); navigate(back); }}>
          ← Back to events
        </a>
      </nav>
      {error && <p class="error" role="alert">{error}</p>}
      {!e && !error && <p>Loading…</p>}
      {e && (
        <>
          <h1>
            {e.action} <span class={`status ${e.status ?? 'success'}`}>{e.status ?? 'success'}</span>
          </h1>
          {e.description && <p class="lead">{e.description}</p>}
          <div class="cards">
            <section class="card" aria-labelledby="h-event">
              <h2 id="h-event">Event</h2>
              <Fields rows={[['id', e.id], ['time (local)', localTime(e.time)], ['time (UTC)', utcTime(e.time)], ['received', e.received_at && utcTime(e.received_at)], ['tenant', e.tenant], ['environment', e.environment], ['workspace', e.workspace && [e.workspace.name, e.workspace.id].filter(Boolean).join(' · ')], ['category', e.category], ['operation', e.operation]]} />
            </section>
            <section class="card" aria-labelledby="h-actor">
              <h2 id="h-actor">User</h2>
              <Fields rows={[['id', e.actor?.id], ['name', p('actor.name', e.actor?.name)], ['email', p('actor.email', e.actor?.email)], ['type', e.actor?.type], ['role', e.actor?.role], ['status', e.actor?.status]]} />
            </section>
            <section class="card" aria-labelledby="h-target">
              <h2 id="h-target">Resource</h2>
              <Fields rows={[['target', e.target && [e.target.type, e.target.name, e.target.id].filter(Boolean).join(' · ')], ['parent', e.target?.parent && [e.target.parent.type, e.target.parent.name, e.target.parent.id].filter(Boolean).join(' · ')], ...(e.resources ?? []).map((r, i): Row => [`related ${i + 1}`, [r.type, r.name, r.id].filter(Boolean).join(' · ')])]} />
            </section>
            <section class="card" aria-labelledby="h-request">
              <h2 id="h-request">Request</h2>
              <Fields rows={[['method', e.context?.method], ['path', e.context?.path], ['duration (ms)', e.context?.duration_ms], ['IP', p('context.ip', e.context?.ip)], ['request id', e.context?.request_id], ['session id', e.context?.session_id]]} />
            </section>
            <section class="card" aria-labelledby="h-location">
              <h2 id="h-location">Location</h2>
              {!e.geo && personal(e, 'geo', undefined) === REDACTED ? (
                <Fields rows={[['location', REDACTED]]} />
              ) : (
                <Fields rows={[['country', e.geo?.country], ['region', e.geo?.region], ['city', e.geo?.city], ['coordinates', e.geo?.lat !== undefined ? `${e.geo.lat}, ${e.geo.lon}` : undefined], ['label', e.geo?.label]]} />
              )}
            </section>
            <section class="card" aria-labelledby="h-device">
              <h2 id="h-device">Device</h2>
              <Fields rows={[['browser', e.ua?.browser && `${e.ua.browser} ${e.ua.browser_version ?? ''}`.trim()], ['engine', e.ua?.engine], ['OS', e.ua?.os && `${e.ua.os} ${e.ua.os_version ?? ''}`.trim()], ['device', e.ua?.device && [e.ua.device.class, e.ua.device.brand, e.ua.device.model].filter(Boolean).join(' · ')], ['webview', e.ua?.webview ? 'yes' : undefined], ['user agent', p('context.user_agent', e.context?.user_agent)]]} />
            </section>
          </div>
          <section class="card wide" aria-labelledby="h-diff">
            <h2 id="h-diff">Changes</h2>
            {e.diff && e.diff.length > 0 ? (
              <table class="diff">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {e.diff.map((d) => (
                    <tr key={d.path} data-op={d.op}>
                      <th scope="row" class="mono">{d.path}</th>
                      <td class="before">{show(d.before)}</td>
                      <td class="after">{show(d.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="hint">No recorded changes.</p>
            )}
          </section>
          {e.metadata && (
            <section class="card wide" aria-labelledby="h-meta">
              <h2 id="h-meta">Metadata</h2>
              <pre class="json">{JSON.stringify(e.metadata, null, 2)}</pre>
            </section>
          )}
          <section class="card wide" aria-labelledby="h-ledger">
            <h2 id="h-ledger">Ledger</h2>
            <ProofBadge api={api} ledger={e.ledger} eventText={text} />
          </section>
          <section class="card wide" aria-labelledby="h-json">
            <h2 id="h-json">JSON</h2>
            <CopyButton text={JSON.stringify(e, null, 2)} label="Copy JSON">Copy JSON</CopyButton>
            <pre class="json" tabIndex={0}>{JSON.stringify(redactedView(e), null, 2)}</pre>
          </section>
        </>
      )}
    </main>
  );
}
