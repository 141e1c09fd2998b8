import { describe, expect, it } from 'vitest';
import { clientSummary, formatDuration, isRedacted, personal, REDACTED, type AuditEvent } from './event';

const redacted: AuditEvent = {
  seq: 1,
  id: 'e1',
  time: '2026-11-21T10:00:00.000Z',
  tenant: 'acme',
  action: 'user.login',
  actor: { id: 'user_42', type: 'user' },
  context: { method: 'POST' },
  seal: { redacted: { 'actor.email': 'M94C', 'context.ip': '+hCL', geo: 'x' } },
};

describe('redaction', () => {
  it('names erased personal fields redacted, and only those', () => {
    expect(isRedacted(redacted, 'actor.email')).toBe(true);
    expect(isRedacted(redacted, 'geo.city')).toBe(true);
    expect(isRedacted(redacted, 'actor.name')).toBe(false);
    expect(personal(redacted, 'actor.email', undefined)).toBe(REDACTED);
    expect(personal(redacted, 'context.ip', undefined)).toBe(REDACTED);
    expect(personal(redacted, 'actor.name', undefined)).toBeUndefined();
  });

  it('shows values of events that were not redacted', () => {
    const e: AuditEvent = { ...redacted, seal: { key: 'k' }, actor: { email: 'ada@example.com' } };
    expect(personal(e, 'actor.email', e.actor?.email)).toBe('ada@example.com');
  });
});

describe('display helpers', () => {
  it('summarizes the parsed user agent', () => {
    const e = { ...redacted, ua: { browser: 'Chrome', browser_version: '131.0.0', os: 'Mac OS X' } };
    expect(clientSummary(e)).toBe('Chrome 131 · Mac OS X');
  });
  it('rounds durations: tenths below 100 ms, whole milliseconds above', () => {
    expect(formatDuration(56.74)).toBe('56.7');
    expect(formatDuration(356.5)).toBe('357');
    expect(formatDuration(undefined)).toBe('');
  });
});
