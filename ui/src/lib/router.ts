// A minimal history router: the UI's pages are "/" (the explorer, filters in
// ?q=) and "/events/{id}" (one event). The server answers both paths with
// index.html (src/web/ui_handler.cc).
import { useEffect, useState } from 'preact/hooks';

export function currentLocation(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(url: string, replace = false): void {
  if (url === currentLocation()) {
    window.dispatchEvent(new PopStateEvent('popstate'));
    return;
  }
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useLocation(): string {
  const [loc, setLoc] = useState(currentLocation());
  useEffect(() => {
    const update = () => setLoc(currentLocation());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return loc;
}

export function explorerUrl(q: string): string {
  return q ? `/?q=${encodeURIComponent(q)}` : '/';
}

export function eventUrl(id: string, q: string): string {
  const back = q ? `?q=${encodeURIComponent(q)}` : '';
  return `/events/${encodeURIComponent(id)}${back}`;
}

// The id of an event page's path, or null for the explorer.
export function eventIdOf(pathname: string): string | null {
  const m = /^\/events\/([^/]+)$/.exec(pathname);
  return m ? decodeURIComponent(m[1]) : null;
}
