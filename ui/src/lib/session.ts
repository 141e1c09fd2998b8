// Who the UI reads as: an API key typed at sign-in, or a viewer token handed
// over in the URL fragment by a platform that embeds the UI (#token=vt.…,
// docs/auth.md). Kept in sessionStorage: gone when the tab closes, never in
// a cookie (so the server never sees it outside the Authorization header).

export interface ViewerClaims {
  tenant: string;
  exp?: number; // ms since the epoch
  workspace?: string;
  environment?: string;
  actor?: string;
  scopes?: string[];
}

export interface Session {
  credential: string;
  kind: 'key' | 'viewer';
  claims?: ViewerClaims; // viewer tokens only: the tenant it is bound to
}

const STORAGE_KEY = 'vigil.credential';

// The claims of a viewer token (vt.<base64url claims>.<mac>), read without
// checking the MAC: only the server can, and does on every request.
export function viewerClaims(token: string): ViewerClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'vt') return undefined;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims?.tenant === 'string' ? claims : undefined;
  } catch {
    return undefined;
  }
}

export function makeSession(credential: string): Session {
  const c = credential.trim();
  if (c.startsWith('vt.')) return { credential: c, kind: 'viewer', claims: viewerClaims(c) };
  return { credential: c, kind: 'key' };
}

// Takes a viewer token from the URL fragment (#token=…), stores it, and
// removes it from the address bar and history.
export function adoptFragmentToken(loc: Location, history: History, storage: Storage): Session | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const token = params.get('token');
  if (!token) return null;
  history.replaceState(history.state, '', loc.pathname + loc.search);
  const s = makeSession(token);
  storage.setItem(STORAGE_KEY, s.credential);
  return s;
}

export function loadSession(storage: Storage): Session | null {
  const c = storage.getItem(STORAGE_KEY);
  return c ? makeSession(c) : null;
}

export function saveSession(storage: Storage, s: Session): void {
  storage.setItem(STORAGE_KEY, s.credential);
}

export function clearSession(storage: Storage): void {
  storage.removeItem(STORAGE_KEY);
}
