// Download the events of the current filters (any period, the archive
// included) as CSV or NDJSON. The UI asks the server for a single-use link
// to that export (POST /v1/export/links) and lets the browser fetch it as a
// download: the browser streams the file to disk and shows its progress in
// its own download list, so an export of any size never sits in the page's
// memory.
import { useState } from 'preact/hooks';
import type { ApiClient } from '../lib/api';

interface Props {
  api: ApiClient;
  q: string;
}

// Starts the browser's own download of a same-origin URL; the server's
// Content-Disposition names the file.
function saveFrom(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function DownloadMenu({ api, q }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async (format: 'csv' | 'ndjson') => {
    setError(null);
    setBusy(true);
    try {
      const link = await api.exportLink({ q, format });
      saveFrom(link.url);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="download" role="group" aria-label="Download">
      <button type="button" onClick={() => download('csv')} disabled={busy}>
        Download CSV
      </button>
      <button type="button" onClick={() => download('ndjson')} disabled={busy}>
        Download NDJSON
      </button>
      {busy && (
        <span class="hint" aria-live="polite">
          Starting download…
        </span>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
