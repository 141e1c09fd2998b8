// Sign-in with an API key (read scope). The key is checked with one search
// before it is kept (in sessionStorage, for this tab only).
import { useState } from 'preact/hooks';
import { ApiClient } from '../lib/api';
import { makeSession, type Session } from '../lib/session';

interface Props {
  onSignIn: (s: Session) => void;
  notice?: string; // why the previous credential was dropped
}

export function SignIn({ onSignIn, notice }: Props) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const s = makeSession(key);
    if (!s.credential) return;
    setBusy(true);
    setError(null);
    try {
      await new ApiClient(s.credential).events({ q: '', limit: 1 });
      onSignIn(s);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Vigil audit log</h1>
        <p>Sign in with an API key that has the read scope.</p>
        {notice && <p class="notice">{notice}</p>}
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          placeholder="vk_…"
          value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          required
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
