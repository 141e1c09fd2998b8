// The top bar: product name (a link back to the explorer), who is signed in
// (a viewer token shows its tenant), the theme switch and Sign out.
import type { Session } from '../lib/session';
import { navigate } from '../lib/router';
import type { Theme } from '../lib/theme';

interface Props {
  session: Session;
  theme: Theme;
  onTheme: (t: Theme) => void;
  onSignOut: () => void;
}

export function AppHeader({ session, theme, onTheme, onSignOut }: Props) {
  return (
    <header class="app-header">
      <a
        class="brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        Vigil <span>audit log</span>
      </a>
      <div class="who">
        {session.kind === 'viewer' ? (
          <span class="badge" title="Embedded view: confined to one tenant">
            Tenant {session.claims?.tenant ?? '?'}
          </span>
        ) : (
          <span class="badge">API key</span>
        )}
      </div>
      <label class="theme">
        <span class="visually-hidden">Theme</span>
        <select value={theme} onChange={(e) => onTheme((e.target as HTMLSelectElement).value as Theme)}>
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
