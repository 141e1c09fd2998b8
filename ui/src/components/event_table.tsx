// The explorer's table: one row per event (local time, UTC on hover), the
// expander shows the whole JSON with copy buttons and a link to the event
// page. Personal fields erased by redaction read "redacted".
import { useState } from 'preact/hooks';
import type { AuditEvent } from '../lib/event';
import { clientSummary, deviceClass, formatDuration, personal } from '../lib/event';
import { eventUrl, navigate } from '../lib/router';
import { localTime, utcTime } from '../lib/time';
import { CopyButton } from './copy_button';
import { DeviceIcon } from './device_icon';

interface Props {
  events: AuditEvent[];
  query: string; // the filters, so the event page can link back
  fresh?: Set<string>; // ids that arrived by live tail (highlighted)
}

const COLUMNS = [
  '',
  'Time',
  'Activity',
  'Category',
  'Status',
  'User',
  'Client',
  'IP',
  'Workspace',
  'Environment',
  'Duration (ms)',
];

export function EventTable({ events, query, fresh }: Props) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };
  return (
    <div class="table-wrap">
      <table class="events">
        <caption class="visually-hidden">Audit events</caption>
        <thead>
          <tr>
            {COLUMNS.map((c, i) => (
              <th key={i} scope="col" class={i === 0 ? 'expander' : undefined}>
                {i === 0 ? <span class="visually-hidden">Details</span> : c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <EventRows key={e.id} e={e} open={open.has(e.id)} onToggle={() => toggle(e.id)} query={query} fresh={fresh?.has(e.id)} />
          ))}
        </tbody>
      </table>
      {events.length === 0 && <p class="empty">No events match these filters.</p>}
    </div>
  );
}

function EventRows({ e, open, onToggle, query, fresh }: { e: AuditEvent; open: boolean; onToggle: () => void; query: string; fresh?: boolean }) {
  const name = personal(e, 'actor.name', e.actor?.name);
  const email = personal(e, 'actor.email', e.actor?.email);
  const ip = personal(e, 'context.ip', e.context?.ip);
  const country = e.geo?.country;
  const href = eventUrl(e.id, query);
  return (
    <>
      <tr class={`event-row${open ? ' open' : ''}${fresh ? ' fresh' : ''}`} data-id={e.id}>
        <td class="expander">
          <button type="button" class="icon" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} event ${e.id}`} onClick={onToggle}>
            {open ? '▾' : '▸'}
          </button>
        </td>
        <td class="time">
          <time dateTime={e.time} title={utcTime(e.time)}>
            {/* The date over the time of day: "2026-11-21" and "10:43:19". */}
            {localTime(e.time)
              .split(' ')
              .map((part, i) => (
                <span key={i}>{part} </span>
              ))}
          </time>
        </td>
        <td class="activity">
          <a
            href={href}
            onClick={(ev) => {
              if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
              ev.preventDefault();
              navigate(href);
            }}
          >
            {e.action}
          </a>
          {e.description && <div class="sub">{e.description}</div>}
        </td>
        <td>{e.category}</td>
        <td>
          <span class={`status ${e.status ?? 'success'}`}>{e.status ?? 'success'}</span>
        </td>
        <td class="user">
          <div class={name === 'redacted' ? 'redacted' : undefined}>{name ?? e.actor?.id ?? e.actor?.type}</div>
          <div class={email === 'redacted' ? 'sub redacted' : 'sub'}>{breakAfterAt(email)}</div>
          {e.actor?.role && <div class="sub role">{e.actor.role}</div>}
        </td>
        <td class="client">
          {e.ua && <DeviceIcon kind={deviceClass(e)} />} <span>{clientSummary(e)}</span>
        </td>
        <td class="ip">
          <span class={ip === 'redacted' ? 'redacted' : undefined}>{ip}</span>
          {country && (
            <div class="sub" title={[e.geo?.city, e.geo?.region, country].filter(Boolean).join(', ')}>
              {country}
            </div>
          )}
        </td>
        <td>{e.workspace?.name ?? e.workspace?.id}</td>
        <td>{e.environment}</td>
        <td class="num">{formatDuration(e.context?.duration_ms)}</td>
      </tr>
      {open && (
        <tr class="detail-row">
          <td colSpan={COLUMNS.length}>
            <div class="detail-actions">
              <CopyButton text={JSON.stringify(e, null, 2)} label={`Copy JSON of event ${e.id}`}>
                Copy JSON
              </CopyButton>
              <CopyButton text={e.id} label={`Copy id of event ${e.id}`}>
                Copy id
              </CopyButton>
              <a href={href} onClick={(ev) => { ev.preventDefault(); navigate(href); }}>
                Open event page
              </a>
            </div>
            <pre class="json" tabIndex={0} aria-label={`JSON of event ${e.id}`}>
              {JSON.stringify(redactedView(e), null, 2)}
            </pre>
          </td>
        </tr>
      )}
    </>
  );
}

// The event with each erased personal field shown as "redacted".
export function redactedView(e: AuditEvent): unknown {
  const paths = Object.keys(e.seal?.redacted ?? {});
  if (paths.length === 0) return e;
  const copy = structuredClone(e) as unknown as Record<string, unknown>;
  for (const path of paths) {
    const parts = path.split('.');
    let obj = copy;
    for (const p of parts.slice(0, -1)) {
      if (typeof obj[p] !== 'object' || obj[p] === null) obj[p] = {};
      obj = obj[p] as Record<string, unknown>;
    }
    obj[parts[parts.length - 1]] = 'redacted';
  }
  return copy;
}

// An email address that may wrap after its '@' rather than mid-word.
function breakAfterAt(email: string | undefined) {
  const at = email?.indexOf('@') ?? -1;
  if (email === undefined || at < 0) return email;
  return (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
}
