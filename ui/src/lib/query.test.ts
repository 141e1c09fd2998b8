import { describe, expect, it } from 'vitest';
import { countFilters, emptyFilter, fromQuery, quoteValue, splitTerms, toQuery, type FilterState } from './query';

function state(patch: Partial<FilterState>): FilterState {
  return { ...emptyFilter(), ...patch };
}

describe('toQuery', () => {
  it('writes each panel field as one term, values ORed with commas', () => {
    const s = state({
      lists: { environment: ['production'], action: ['app.create', 'app.update'], status: ['error'], country: ['DE', 'FR'] },
      resource: 'app_9',
      ip: '203.0.113.0/24',
      time: 'last-7d',
      text: '"renamed app"',
    });
    expect(toQuery(s)).toBe(
      'environment:production action:app.create,app.update status:error country:DE,FR resource:app_9 ip:203.0.113.0/24 time:last-7d "renamed app"',
    );
  });

  it('quotes values holding spaces, commas, parentheses, quotes or stars', () => {
    expect(quoteValue('Ada Lovelace')).toBe('"Ada Lovelace"');
    expect(quoteValue('a,b')).toBe('"a,b"');
    expect(quoteValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteValue('/a*')).toBe('"/a*"');
    expect(quoteValue('ada@example.com')).toBe('ada@example.com');
  });

  it('keeps an OR in the extra terms from swallowing the panel terms', () => {
    expect(toQuery(state({ lists: { status: ['error'] }, extra: 'a OR b' }))).toBe('status:error (a OR b)');
  });

  it('leaves out a custom range with no end picked', () => {
    expect(toQuery(state({ time: '..' }))).toBe('');
  });
});

describe('fromQuery', () => {
  it('reads back every state the panel writes', () => {
    const states: FilterState[] = [
      emptyFilter(),
      state({ lists: { actor: ['Ada Lovelace', 'bob@example.com'], workspace: ['ws 1'] } }),
      state({ lists: { 'actor.role': ['admin'], 'actor.status': ['disabled'], method: ['POST', 'PUT'], tenant: ['acme'] }, time: '2026-11-01..2026-11-21' }),
      state({ resource: 'app "x"', ip: '2001:db8::/32', text: 'renamed "partner app"' }),
      state({ lists: { target: ['a,b'] }, extra: '-status:success action:app.*' }),
    ];
    for (const s of states) expect(fromQuery(toQuery(s))).toEqual(s);
  });

  it('maps aliases and keeps what the panel cannot show in extra', () => {
    const s = fromQuery('env:prod user:ada -status:success action:app.* (a OR b) NOT x renamed');
    expect(s.lists.environment).toEqual(['prod']);
    expect(s.lists.actor).toEqual(['ada']);
    expect(s.extra).toBe('-status:success action:app.* (a OR b) NOT x');
    expect(s.text).toBe('renamed');
  });

  it('keeps a top-level OR query whole', () => {
    const s = fromQuery('status:error OR actor:ada');
    expect(s.extra).toBe('status:error OR actor:ada');
    expect(s.lists).toEqual({});
  });

  it('keeps a field given twice as an AND in extra', () => {
    const s = fromQuery('actor:a actor:b');
    expect(s.lists.actor).toEqual(['a']);
    expect(s.extra).toBe('actor:b');
  });

  it('splits terms at spaces outside quotes and parentheses', () => {
    expect(splitTerms('a "b c" (d OR e) f:"g h",i')).toEqual(['a', '"b c"', '(d OR e)', 'f:"g h",i']);
  });

  it('counts the filters set', () => {
    expect(countFilters(fromQuery('status:error time:today foo'))).toBe(3);
  });
});
