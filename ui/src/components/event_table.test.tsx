import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../lib/event';
import { EventTable } from './event_table';

afterEach(cleanup);

const events: AuditEvent[] = [
  {
    seq: 7,
    id: 'evt_1',
    time: '2026-11-21T10:43:19.279Z',
    tenant: 'acme',
    environment: 'production',
    workspace: { id: 'ws1', name: 'HR' },
    action: 'app.update',
    category: 'App Operations',
    status: 'error',
    actor: { id: 'u1', name: 'Ada Lovelace', email: 'ada@example.com', role: 'owner' },
    context: { ip: '203.0.113.9', duration_ms: 356.5, method: 'PUT' },
    geo: { country: 'DE', city: 'Leipzig' },
    ua: { browser: 'Firefox', browser_version: '133.0', os: 'Windows', device: { class: 'desktop' } },
    description: 'Ada renamed an app',
  },
  {
    seq: 8,
    id: 'evt_2',
    time: '2026-11-21T11:00:00.000Z',
    tenant: 'acme',
    action: 'user.login',
    actor: { id: 'user_42', type: 'user' },
    seal: { redacted: { 'actor.email': 'x', 'actor.name': 'y', 'context.ip': 'z' } },
  },
];

describe('EventTable', () => {
  it('shows every column of an event', () => {
    render(<EventTable events={events} query="" />);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Details', 'Time', 'Activity', 'Category', 'Status', 'User', 'Client', 'IP', 'Workspace', 'Environment', 'Duration (ms)']);
    const row = document.querySelector('tr[data-id="evt_1"]')!;
    for (const text of ['app.update', 'App Operations', 'error', 'Ada Lovelace', 'ada@example.com', 'owner', 'Firefox 133 · Windows', '203.0.113.9', 'DE', 'HR', 'production', '357']) {
      expect(row.textContent).toContain(text);
    }
    expect(row.querySelector('time')!.getAttribute('title')).toBe('2026-11-21 10:43:19.279 UTC');
  });

  it('shows erased personal fields as redacted', () => {
    render(<EventTable events={events} query="" />);
    const row = document.querySelector('tr[data-id="evt_2"]')!;
    expect(row.querySelectorAll('.redacted').length).toBe(3);
    expect(row.querySelector('.user')!.textContent).toContain('redacted');
  });

  it('expands a row into its JSON with copy buttons', () => {
    render(<EventTable events={events} query="" />);
    fireEvent.click(screen.getByRole('button', { name: 'Expand event evt_2' }));
    const json = screen.getByLabelText('JSON of event evt_2');
    expect(JSON.parse(json.textContent!).actor).toEqual({ id: 'user_42', type: 'user', email: 'redacted', name: 'redacted' });
    expect(screen.getByRole('button', { name: 'Copy JSON of event evt_2' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Collapse event evt_2' }).getAttribute('aria-expanded')).toBe('true');
  });
});
