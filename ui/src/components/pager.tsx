// Cursor pagination: Newer goes back a page, Older follows next_cursor.
interface Props {
  page: number; // 0-based
  hasOlder: boolean;
  pageSize: number;
  shown: number;
  onNewer: () => void;
  onOlder: () => void;
  onPageSize: (n: number) => void;
}

export function Pager(p: Props) {
  const first = p.page * p.pageSize + (p.shown ? 1 : 0);
  const last = p.page * p.pageSize + p.shown;
  return (
    <nav class="pager" aria-label="Pages">
      <span class="range" aria-live="polite">
        {p.shown ? `Events ${first.toLocaleString()}–${last.toLocaleString()}` : 'No events'}
      </span>
      <label>
        Rows
        <select value={p.pageSize} onChange={(e) => p.onPageSize(Number((e.target as HTMLSelectElement).value))}>
          {[25, 50, 100, 200, 500, 1000].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={p.onNewer} disabled={p.page === 0}>
        ← Newer
      </button>
      <button type="button" onClick={p.onOlder} disabled={!p.hasOlder}>
        Older →
      </button>
    </nav>
  );
}
