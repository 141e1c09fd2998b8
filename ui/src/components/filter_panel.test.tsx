import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Catalog, Facet } from '../lib/api';
import { Directory } from '../lib/directory';
import { emptyFilter, type FilterState } from '../lib/query';
import { FilterPanel } from './filter_panel';

afterEach(cleanup);

const facets = new Map<string, Facet>([
  ['environment', { field: 'environment', values: [{ value: 'production', count: 90 }, { value: 'staging', count: 10 }], other: 0, missing: 0 }],
  ['actor', { field: 'actor', values: [{ value: 'ada@example.com', count: 7 }], other: 0, missing: 0 }],
  ['action', { field: 'action', values: [{ value: 'app.create', count: 3 }, { value: 'user.login', count: 5 }, { value: 'flow.run', count: 2 }], other: 0, missing: 0 }],
]);
const catalog: Catalog = {
  tenant: 'acme',
  categories: [
    { name: 'App management', types: [{ action: 'app.create', description: 'App created' }] },
    { name: 'Authentication', types: [{ action: 'user.login', description: 'User signed in' }] },
  ],
};

function setup(draft: FilterState = emptyFilter()) {
  const directory = new Directory();
  directory.learn([
    { seq: 1, id: 'e', time: '', tenant: 'acme', action: 'x', actor: { email: 'ada@example.com', name: 'Ada Lovelace', role: 'admin', status: 'disabled' } },
  ]);
  const onDraft = vi.fn();
  const onFilter = vi.fn();
  const onReset = vi.fn();
  render(
    <FilterPanel draft={draft} onDraft={onDraft} facets={facets} catalog={catalog} directory={directory} showTenant={false} onFilter={onFilter} onReset={onReset} onReload={() => undefined} />,
  );
  return { onDraft, onFilter, onReset };
}

describe('FilterPanel', () => {
  it('ticks a facet value into the draft', () => {
    const { onDraft } = setup();
    const group = screen.getByRole('group', { name: 'Environment' });
    fireEvent.click(within(group).getByRole('checkbox', { name: /staging/ }));
    expect(onDraft).toHaveBeenCalledWith(expect.objectContaining({ lists: { environment: ['staging'] } }));
  });

  it('shows users by name with email, role and status', () => {
    setup();
    const group = screen.getByRole('group', { name: 'User' });
    expect(within(group).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(group).getByText('ada@example.com · admin · disabled')).toBeTruthy();
  });

  it('groups event types by catalog category and searches them', () => {
    setup();
    const group = screen.getByRole('group', { name: 'Event type' });
    expect(within(group).getByText('App management')).toBeTruthy();
    expect(within(group).getByText('Authentication')).toBeTruthy();
    expect(within(group).getByText('Other: flow')).toBeTruthy();
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search event type' }), { target: { value: 'signed' } });
    expect(within(group).queryByText('app.create')).toBeNull();
    expect(within(group).getByText('user.login')).toBeTruthy();
  });

  it('keeps a ticked value the lists do not hold, and offers the time presets', () => {
    setup({ ...emptyFilter(), lists: { environment: ['dev'] }, time: 'last-week' });
    const group = screen.getByRole('group', { name: 'Environment' });
    expect((within(group).getByRole('checkbox', { name: /dev/ }) as HTMLInputElement).checked).toBe(true);
    const time = screen.getByRole('combobox', { name: 'Time range' }) as HTMLSelectElement;
    expect(time.value).toBe('last-week');
    expect([...time.options].map((o) => o.text)).toEqual([
      'Any time', 'Today', 'Yesterday', 'Last 24 hours', 'Last 7 days', 'Last week', 'Last 30 days', 'Last month', 'Last quarter', 'Custom range…',
    ]);
  });

  it('Filter submits, Reset resets', () => {
    const { onFilter, onReset } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onFilter).toHaveBeenCalledTimes(1);
    expect(onReset).toHaveBeenCalledTimes(1);
  });
});
