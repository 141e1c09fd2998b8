// Download the events of the current filters (any period, the archive
// included) as CSV or NDJSON from /v1/export, which streams them; the
// browser gathers the stream (showing its progress) and saves it as a file.
import { useState } from 'preact/hooks';
import type { ApiClient } from '../lib/api';

interface Props {
  api: ApiClient;
  q: string;
}

export function fileName(disposition: string | null, format: string): string {
  const m = /filename="?([^";]+)"?/.exec(disposition ?? '');
  return m ? m[1] : `vigil-events.${format}`;
}

export function DownloadMenu({ api, q }: Props) {
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async (format: 'csv' | 'ndjson') => {
    setError(null);
    setProgress('Starting…');
    try {
      const r = await api.fetchRaw('/v1/export', { q, format });
      const reader = r.body!.getReader();
      const parts: Uint8Array[] = [];
      let bytes = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.length;
        setProgress(`${(bytes / 1024).toFixed(0)} KiB…`);
      }
      const blob = new Blob(parts as BlobPart[], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName(r.headers.get('Content-Disposition'), format);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      setProgress(null);
    } catch (e) {
      setProgress(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div class="download" role="group" aria-label="Download">
      <button type="button" onClick={() => download('csv')} disabled={progress !== null}>
        Download CSV
      </button>
      <button type="button" onClick={() => download('ndjson')} disabled={progress !== null}>
        Download NDJSON
      </button>
      {progress && <span class="hint" aria-live="polite">{progress}</span>}
      {error && <span class="error" role="alert">{error}</span>}
    </div>
  );
}
