// The filter panel: a list of values per field (from /v1/facets, named with
// what the Directory learned), event types grouped by category (from the
// tenant's catalog), exact resource id, IP, keyword search and time. It edits
// a draft; Filter applies it (to the URL), Reset clears it, Reload fetches
// again.
import type { Catalog, Facet } from '../lib/api';
import type { Directory } from '../lib/directory';
import type { FilterState, ListField } from '../lib/query';
import { FacetSelect, type Option, type OptionGroup } from './facet_select';
import { TimeRange } from './time_range';

interface Props {
  draft: FilterState;
  onDraft: (s: FilterState) => void;
  facets: Map<string, Facet>;
  catalog: Catalog | null;
  directory: Directory;
  showTenant: boolean;
  onFilter: () => void;
  onReset: () => void;
  onReload: () => void;
}

const LABELS: [ListField, string][] = [
  ['tenant', 'Tenant'],
  ['environment', 'Environment'],
  ['workspace', 'Workspace'],
  ['actor', 'User'],
  ['actor.role', 'Role'],
  ['actor.status', 'User status'],
  ['target', 'Application / resource'],
  ['action', 'Event type'],
  ['status', 'Status'],
  ['method', 'HTTP method'],
  ['operation', 'Operation'],
  ['country', 'Country'],
];

function options(field: ListField, facet: Facet | undefined, dir: Directory): Option[] {
  const values = facet?.values ?? [];
  if (field === 'status' && values.length === 0) {
    return [{ value: 'success' }, { value: 'error' }];
  }
  return values.map(({ value, count }) => {
    switch (field) {
      case 'actor': {
        const a = dir.actors.get(value);
        const detail = [a?.name ? value : undefined, a?.role, a?.status].filter(Boolean).join(' · ');
        return { value, count, label: a?.name ?? value, detail: detail || undefined };
      }
      case 'workspace':
        return { value, count, label: dir.workspaces.get(value), detail: dir.workspaces.has(value) ? value : undefined };
      case 'target':
        return { value, count, label: dir.targets.get(value), detail: dir.targets.has(value) ? value : undefined };
      default:
        return { value, count };
    }
  });
}

// Event types by the catalog's categories; types the catalog does not list
// are grouped by their first dotted part.
function eventTypeGroups(facet: Facet | undefined, catalog: Catalog | null): OptionGroup[] {
  const counts = new Map((facet?.values ?? []).map((v) => [v.value, v.count]));
  const groups: OptionGroup[] = [];
  const placed = new Set<string>();
  for (const c of catalog?.categories ?? []) {
    const opts = c.types
      .filter((t) => counts.has(t.action))
      .map((t) => ({ value: t.action, detail: t.description, count: counts.get(t.action) }));
    opts.forEach((o) => placed.add(o.value));
    if (opts.length) groups.push({ name: c.name, options: opts });
  }
  const rest = new Map<string, Option[]>();
  for (const [action, count] of counts) {
    if (placed.has(action)) continue;
    const head = action.split('.')[0];
    rest.set(head, [...(rest.get(head) ?? []), { value: action, count }]);
  }
  for (const [head, opts] of rest) groups.push({ name: catalog ? `Other: ${head}` : head, options: opts });
  return groups;
}

export function FilterPanel(p: Props) {
  const { draft, onDraft } = p;
  const setList = (f: ListField, values: string[]) => onDraft({ ...draft, lists: { ...draft.lists, [f]: values } });
  const setText = (k: 'resource' | 'ip' | 'text', v: string) => onDraft({ ...draft, [k]: v });
  return (
    <form
      class="filter-panel"
      aria-label="Filters"
      onSubmit={(e) => {
        e.preventDefault();
        p.onFilter();
      }}
    >
      <label class="field">
        <span>Keyword search</span>
        <input
          type="search"
          name="text"
          value={draft.text}
          placeholder='renamed, "Partner onboarding"'
          onInput={(e) => setText('text', (e.target as HTMLInputElement).value)}
        />
      </label>
      <TimeRange value={draft.time} onChange={(time) => onDraft({ ...draft, time })} />
      {LABELS.filter(([f]) => f !== 'tenant' || p.showTenant).map(([f, label]) => (
        <FacetSelect
          key={f}
          id={f}
          label={label}
          groups={f === 'action' ? eventTypeGroups(p.facets.get(f), p.catalog) : [{ name: '', options: options(f, p.facets.get(f), p.directory) }]}
          selected={draft.lists[f] ?? []}
          onChange={(v) => setList(f, v)}
          searchable={f !== 'status'}
        />
      ))}
      <label class="field">
        <span>Resource id (exact)</span>
        <input
          type="text"
          name="resource"
          value={draft.resource}
          spellcheck={false}
          onInput={(e) => setText('resource', (e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="field">
        <span>IP address or block</span>
        <input
          type="text"
          name="ip"
          value={draft.ip}
          placeholder="203.0.113.0/24"
          spellcheck={false}
          onInput={(e) => setText('ip', (e.target as HTMLInputElement).value)}
        />
      </label>
      <div class="panel-actions">
        <button type="submit" class="primary">
          Filter
        </button>
        <button type="button" onClick={p.onReset}>
          Reset
        </button>
        <button type="button" onClick={p.onReload}>
          Reload
        </button>
      </div>
    </form>
  );
}
