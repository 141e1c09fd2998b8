// A multi-select of one field's values: a disclosure with a search box and
// a checkbox per value (with its count and, when known, a label and detail),
// optionally grouped (event types by category). Keyboard: the summary opens
// it (Enter/Space), Tab moves through search and checkboxes, Space ticks.
import { useMemo, useState } from 'preact/hooks';

export interface Option {
  value: string;
  label?: string; // shown instead of the value (a name for an id)
  detail?: string; // second line: email, role, status…
  count?: number;
}

export interface OptionGroup {
  name: string;
  options: Option[];
}

interface Props {
  id: string;
  label: string;
  groups: OptionGroup[]; // one unnamed group for a flat list
  selected: string[];
  onChange: (selected: string[]) => void;
  searchable?: boolean;
}

function matches(o: Option, needle: string): boolean {
  if (!needle) return true;
  return [o.value, o.label, o.detail].some((s) => s?.toLowerCase().includes(needle));
}

export function FacetSelect({ id, label, groups, selected, onChange, searchable = true }: Props) {
  const [needle, setNeedle] = useState('');
  const chosen = new Set(selected);
  const known = useMemo(() => new Set(groups.flatMap((g) => g.options.map((o) => o.value))), [groups]);
  // Ticked values the lists do not hold (from a shared link) stay visible.
  const all: OptionGroup[] = [
    ...(selected.some((v) => !known.has(v))
      ? [{ name: 'Selected', options: selected.filter((v) => !known.has(v)).map((value) => ({ value })) }]
      : []),
    ...groups,
  ];
  const lower = needle.trim().toLowerCase();
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  const summary = selected.length === 0 ? 'Any' : selected.length === 1 ? short(selected[0], all) : `${selected.length} selected`;
  return (
    <details class="facet" data-field={id}>
      <summary>
        <span class="facet-label">{label}</span>
        <span class={selected.length ? 'facet-value set' : 'facet-value'}>{summary}</span>
      </summary>
      <div class="facet-body">
        {searchable && (
          <input
            type="search"
            class="facet-search"
            aria-label={`Search ${label.toLowerCase()}`}
            placeholder="Search…"
            value={needle}
            onInput={(e) => setNeedle((e.target as HTMLInputElement).value)}
          />
        )}
        <div class="facet-options" role="group" aria-label={label}>
          {all.map((g) => {
            const shown = g.options.filter((o) => matches(o, lower));
            if (shown.length === 0) return null;
            return (
              <div class="facet-group" key={g.name}>
                {g.name && <div class="facet-group-name">{g.name}</div>}
                {shown.map((o) => (
                  <label class="facet-option" key={o.value}>
                    <input
                      type="checkbox"
                      value={o.value}
                      checked={chosen.has(o.value)}
                      onChange={(e) => toggle(o.value, (e.target as HTMLInputElement).checked)}
                    />
                    <span class="facet-text">
                      <span class="facet-name">{o.label ?? o.value}</span>
                      {o.detail && <span class="facet-detail">{o.detail}</span>}
                    </span>
                    {o.count !== undefined && <span class="facet-count">{o.count.toLocaleString()}</span>}
                  </label>
                ))}
              </div>
            );
          })}
        </div>
        {selected.length > 0 && (
          <button type="button" class="link" onClick={() => onChange([])}>
            Clear {label.toLowerCase()}
          </button>
        )}
      </div>
    </details>
  );
}

function short(value: string, groups: OptionGroup[]): string {
  for (const g of groups) for (const o of g.options) if (o.value === value) return o.label ?? value;
  return value;
}
