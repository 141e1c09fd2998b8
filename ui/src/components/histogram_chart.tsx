// Activity volume over the chosen range as stacked bars (uPlot): by status
// (errors under successes) from one /v1/histogram, or by environment from one
// histogram per environment at the same interval. Dragging across the chart
// selects a time range and zooms to it (onZoom).
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ApiClient, Histogram } from '../lib/api';

export type StackBy = 'status' | 'environment';

interface Props {
  api: ApiClient;
  q: string;
  environments: string[]; // the top environments, for stacking by environment
  reload: number;
  onZoom: (fromMs: number, toMs: number) => void;
  onTotal?: (n: number) => void;
}

interface Series {
  label: string;
  values: number[];
  color: string;
}

const PALETTE = ['#2351c4', '#1a7f37', '#bf8700', '#8250df', '#cf222e', '#57606a'];

function bucketTimes(h: Histogram): number[] {
  return h.buckets.map((b) => Date.parse(b.time) / 1000);
}

export function HistogramChart({ api, q, environments, reload, onZoom, onTotal }: Props) {
  const [stackBy, setStackBy] = useState<StackBy>('status');
  const [data, setData] = useState<{ times: number[]; series: Series[]; interval: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const zoom = useRef(onZoom);
  zoom.current = onZoom;

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    (async () => {
      const h = await api.histogram({ q, interval: 'auto' }, ac.signal);
      onTotal?.(h.buckets.reduce((n, b) => n + b.count, 0));
      let series: Series[];
      if (stackBy === 'status') {
        series = [
          { label: 'Errors', values: h.buckets.map((b) => b.errors), color: '#cf222e' },
          { label: 'Success', values: h.buckets.map((b) => b.count - b.errors), color: '#2f7d4a' },
        ];
      } else {
        const interval = intervalText(h.interval_ms); // the buckets the first answer chose
        const envs = environments.slice(0, 5);
        const per = await Promise.all(
          envs.map((env) => api.histogram({ q: `${q} environment:"${env.replace(/"/g, '\\"')}"`.trim(), interval }, ac.signal)),
        );
        series = envs.map((env, i) => ({ label: env, values: alignTo(h, per[i]), color: PALETTE[i % PALETTE.length] }));
        const rest = h.buckets.map((b, j) => b.count - series.reduce((n, s) => n + s.values[j], 0));
        if (rest.some((v) => v > 0)) series.push({ label: 'other', values: rest, color: PALETTE[5] });
      }
      setData({ times: bucketTimes(h), series, interval: h.interval_ms });
    })().catch((e) => {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(String(e?.message ?? e));
    });
    return () => ac.abort();
  }, [api, q, stackBy, environments.join(','), reload]);

  useEffect(() => {
    const el = box.current;
    if (!el || !data) return;
    // Stacked: series k is drawn at the sum of series 0..k, tallest first.
    const sums: number[][] = [];
    data.series.forEach((s, k) => sums.push(s.values.map((v, j) => v + (k ? sums[k - 1][j] : 0))));
    const order = data.series.map((_, k) => k).reverse();
    const bars = uPlot.paths.bars!({ size: [0.85, 48], align: 1 });
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height: 180,
      cursor: { drag: { x: true, y: false, setScale: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      legend: { show: true },
      scales: { x: { time: true } },
      axes: [{ stroke: 'currentColor', grid: { show: false } }, { stroke: 'currentColor', size: 44 }],
      series: [
        {},
        ...order.map((k) => ({
          label: data.series[k].label,
          fill: data.series[k].color,
          stroke: data.series[k].color,
          paths: bars,
          points: { show: false },
          value: (_u: uPlot, _v: number, _si: number, idx: number | null) => (idx == null ? '' : String(data.series[k].values[idx])),
        })),
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            zoom.current(Math.floor(from), Math.ceil(to));
          },
        ],
      },
    };
    const plot = new uPlot(opts, [data.times, ...order.map((k) => sums[k])] as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 180 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [data]);

  return (
    <section class="chart card" aria-label="Activity over time">
      <div class="chart-head">
        <h2>Activity</h2>
        <label>
          Stack by
          <select value={stackBy} onChange={(e) => setStackBy((e.target as HTMLSelectElement).value as StackBy)}>
            <option value="status">Status</option>
            <option value="environment">Environment</option>
          </select>
        </label>
        <span class="hint">Drag across the chart to zoom in.</span>
      </div>
      {error && <p class="error">{error}</p>}
      <div ref={box} class="chart-box" data-interval={data?.interval} />
    </section>
  );
}

// An interval as the API takes it, in the largest unit that divides it
// (the API caps the number at 100,000).
export function intervalText(ms: number): string {
  for (const [unit, size] of [['w', 604800000], ['d', 86400000], ['h', 3600000], ['m', 60000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.max(1, Math.round(ms / 1000))}s`;
}

function alignTo(base: Histogram, h: Histogram): number[] {
  const byTime = new Map(h.buckets.map((b) => [b.time, b.count]));
  return base.buckets.map((b) => byTime.get(b.time) ?? 0);
}
