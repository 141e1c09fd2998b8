import { describe, expect, it } from 'vitest';
import { adoptFragmentToken, clearSession, loadSession, makeSession, viewerClaims } from './session';

function token(claims: object): string {
  const b64 = btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `vt.${b64}.${'A'.repeat(43)}`;
}

describe('session', () => {
  it('takes a viewer token from the fragment, keeps it, and clears the address bar', () => {
    const t = token({ v: 1, tenant: 'acme', exp: 1 });
    window.history.replaceState(null, '', `/?q=status:error#token=${t}`);
    const s = adoptFragmentToken(window.location, window.history, window.sessionStorage);
    expect(s?.kind).toBe('viewer');
    expect(s?.claims?.tenant).toBe('acme');
    expect(window.location.hash).toBe('');
    expect(window.location.search).toBe('?q=status:error');
    expect(loadSession(window.sessionStorage)?.credential).toBe(t);
    clearSession(window.sessionStorage);
    expect(loadSession(window.sessionStorage)).toBeNull();
  });

  it('tells API keys from viewer tokens', () => {
    expect(makeSession(' vk_abc ').kind).toBe('key');
    expect(makeSession('vk_abc').credential).toBe('vk_abc');
    expect(viewerClaims('vt.notbase64!.x')).toBeUndefined();
  });
});
