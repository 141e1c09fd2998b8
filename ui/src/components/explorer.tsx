// The explorer page: filter panel, query bar, and the table of one page of
// events. The applied filters are the URL's ?q=, so a view is a link.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, type ApiClient, type Catalog, type EventPage, type Facet } from '../lib/api';
import { Directory } from '../lib/directory';
import { LIST_FIELDS, emptyFilter, fromQuery, toQuery, type FilterState } from '../lib/query';
import { explorerUrl, navigate } from '../lib/router';
import type { Session } from '../lib/session';
import type { AuditEvent } from '../lib/event';
import { rfc3339 } from '../lib/time';
import { DownloadMenu } from './download_menu';
import { EventTable } from './event_table';
import { FilterPanel } from './filter_panel';
import { HistogramChart } from './histogram_chart';
import { useLiveTail } from './live_tail';
import { Pager } from './pager';
import { QueryBar } from './query_bar';

interface Props {
  api: ApiClient;
  session: Session;
  search: string; // location.search
  onAuthError: (e: ApiError) => void;
}

const FACET_TOP = 100;
const LIVE_MAX = 1000; // events kept in the table while tailing

export function Explorer({ api, session, search, onAuthError }: Props) {
  const q = new URLSearchParams(search).get('q') ?? '';
  const applied = useMemo(() => fromQuery(q), [q]);
  const [draft, setDraft] = useState<FilterState>(applied);
  useEffect(() => setDraft(applied), [applied]);

  const [reload, setReload] = useState(0);
  const [pageSize, setPageSize] = useState(50);
  const [cursors, setCursors] = useState<string[]>([]); // cursors[i]: the cursor of page i + 1
  useEffect(() => setCursors([]), [q, pageSize]);

  const [page, setPage] = useState<EventPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const directory = useRef(new Directory()).current;
  const [, setLearned] = useState(0);

  const fail = (e: unknown) => {
    if (e instanceof DOMException && e.name === 'AbortError') return;
    if (e instanceof ApiError && e.status === 401) onAuthError(e);
    setError(e instanceof Error ? e.message : String(e));
  };

  // One page of events.
  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    setError(null);
    api
      .events({ q, limit: pageSize, cursor }, ac.signal)
      .then((p) => {
        directory.learn(p.events);
        setLearned((n) => n + 1);
        setPage(p);
      })
      .catch(fail)
      .finally(() => setLoading(false));
    return () => ac.abort();
  }, [api, q, cursor, pageSize, reload]);

  // The value lists: the panel's fields over the chosen time (and tenant),
  // not narrowed by the other filters, so choices stay visible.
  const scope = toQuery({ ...emptyFilter(), time: applied.time, lists: { tenant: applied.lists.tenant } });
  const [facets, setFacets] = useState(new Map<string, Facet>());
  useEffect(() => {
    const ac = new AbortController();
    const fields = session.kind === 'viewer' ? LIST_FIELDS.filter((f) => f !== 'tenant') : [...LIST_FIELDS];
    api
      .facets(scope, fields, FACET_TOP, ac.signal)
      .then((r) => setFacets(new Map(r.facets.map((f) => [f.field, f]))))
      .catch(fail);
    return () => ac.abort();
  }, [api, scope, reload]);
  useEffect(() => {
    const ac = new AbortController();
    // Names for the ids of the lists: learned from a page of recent events
    // (once per scope, not on every reload: each search is self-audited).
    api
      .events({ q: scope, limit: 500 }, ac.signal)
      .then((p) => {
        directory.learn(p.events);
        setLearned((n) => n + 1);
      })
      .catch(() => undefined);
    return () => ac.abort();
  }, [api, scope]);

  // The tenant's event catalog groups event types by category: the token's
  // tenant, the one chosen, or the only one the key sees. Across several
  // tenants event types are grouped by their first dotted part instead.
  const chosen = applied.lists.tenant ?? [];
  const seen = facets.get('tenant')?.values ?? [];
  const catalogTenant =
    session.claims?.tenant ?? (chosen.length === 1 ? chosen[0] : seen.length === 1 ? seen[0].value : undefined);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  useEffect(() => {
    setCatalog(null);
    if (!catalogTenant) return;
    const ac = new AbortController();
    api
      .catalog(catalogTenant, ac.signal)
      .then(setCatalog)
      .catch(() => setCatalog(null));
    return () => ac.abort();
  }, [api, catalogTenant]);

  // Live tail: new events go on top of the first page, highlighted.
  const [live, setLive] = useState<AuditEvent[]>([]);
  useEffect(() => setLive([]), [q, reload, cursor]);
  const tail = useLiveTail(api, q, (events) => {
    directory.learn(events);
    setLive((old) => [...[...events].reverse(), ...old].slice(0, LIVE_MAX));
  }, onAuthError);
  const liveIds = new Set(live.map((e) => e.id));
  const shown = [...live, ...(page?.events ?? []).filter((e) => !liveIds.has(e.id))];

  // Applying the filters already shown fetches them again.
  const apply = (next: string) => (next === q ? setReload((n) => n + 1) : navigate(explorerUrl(next)));
  const zoom = (from: number, to: number) => apply(toQuery({ ...applied, time: `${rfc3339(from)}..${rfc3339(to)}` }));
  const environments = (facets.get('environment')?.values ?? []).map((v) => v.value);
  const [total, setTotal] = useState<number | null>(null);
  const tenantFacet = facets.get('tenant');
  return (
    <div class="explorer">
      <aside class="sidebar">
        <FilterPanel
          draft={draft}
          onDraft={setDraft}
          facets={facets}
          catalog={catalog}
          directory={directory}
          showTenant={session.kind === 'key' && ((tenantFacet?.values.length ?? 0) > 1 || chosen.length > 0)}
          onFilter={() => apply(toQuery(draft))}
          onReset={() => {
            setDraft(emptyFilter());
            apply('');
          }}
          onReload={() => setReload((n) => n + 1)}
        />
      </aside>
      <section class="results" aria-label="Results" aria-busy={loading}>
        <QueryBar query={q} onApply={apply} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <HistogramChart api={api} q={q} environments={environments} reload={reload} onZoom={zoom} onTotal={setTotal} />
        <div class="toolbar">
          <span class="total" aria-live="polite">
            {total !== null && `${total.toLocaleString()} events`}
          </span>
          <DownloadMenu api={api} q={q} />
          <label class="switch">
            <input type="checkbox" checked={tail.on} onChange={(e) => tail.setOn((e.target as HTMLInputElement).checked)} />
            Live tail
          </label>
          {tail.on && (
            <button type="button" aria-pressed={tail.paused} onClick={() => tail.setPaused(!tail.paused)}>
              {tail.paused ? `Resume${tail.held ? ` (${tail.held} new)` : ''}` : 'Pause'}
            </button>
          )}
          {tail.notice && (
            <span class="notice" role="status">
              {tail.notice}
            </span>
          )}
          {tail.error && (
            <span class="error" role="alert">
              {tail.error}
            </span>
          )}
        </div>
        <Pager
          page={cursors.length}
          hasOlder={!!page?.next_cursor}
          pageSize={pageSize}
          shown={page?.events.length ?? 0}
          onNewer={() => setCursors(cursors.slice(0, -1))}
          onOlder={() => page?.next_cursor && setCursors([...cursors, page.next_cursor])}
          onPageSize={setPageSize}
        />
        {page && <EventTable events={shown} query={q} fresh={liveIds} />}
      </section>
    </div>
  );
}
