// The UI's root: who is signed in (API key, or viewer token from the URL
// fragment), and which page shows.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiClient, type ApiError } from './lib/api';
import { eventIdOf, useLocation } from './lib/router';
import { adoptFragmentToken, clearSession, loadSession, saveSession, type Session } from './lib/session';
import { applyTheme, loadTheme, type Theme } from './lib/theme';
import { AppHeader } from './components/app_header';
import { EventPage } from './components/event_page';
import { Explorer } from './components/explorer';
import { SignIn } from './components/sign_in';

function initialSession(): Session | null {
  return adoptFragmentToken(window.location, window.history, window.sessionStorage) ?? loadSession(window.sessionStorage);
}

export function App() {
  const [session, setSession] = useState<Session | null>(initialSession);
  const [notice, setNotice] = useState<string | undefined>();
  const [theme, setTheme] = useState<Theme>(() => loadTheme(window.localStorage));
  useEffect(() => applyTheme(theme, document.documentElement, window.localStorage), [theme]);
  const loc = useLocation();
  const api = useMemo(() => (session ? new ApiClient(session.credential) : null), [session]);

  useEffect(() => {
    const onHash = () => {
      const s = adoptFragmentToken(window.location, window.history, window.sessionStorage);
      if (s) setSession(s);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Several requests may fail with 401 at once: the first one's reason stays.
  const signedIn = useRef(session !== null);
  signedIn.current = session !== null;
  const signOut = (why?: string) => {
    if (!signedIn.current) return;
    signedIn.current = false;
    clearSession(window.sessionStorage);
    setSession(null);
    setNotice(why);
  };
  if (!session || !api) {
    return (
      <SignIn
        notice={notice}
        onSignIn={(s) => {
          saveSession(window.sessionStorage, s);
          setNotice(undefined);
          setSession(s);
        }}
      />
    );
  }
  const url = new URL(loc, window.location.origin);
  const id = eventIdOf(url.pathname);
  const onAuthError = (e: ApiError) => signOut(`Signed out: ${e.message}`);
  return (
    <div class="app">
      <AppHeader session={session} theme={theme} onTheme={setTheme} onSignOut={() => signOut()} />
      {id ? (
        <EventPage api={api} id={id} search={url.search} onAuthError={onAuthError} />
      ) : (
        <Explorer api={api} session={session} search={url.search} onAuthError={onAuthError} />
      )}
    </div>
  );
}
