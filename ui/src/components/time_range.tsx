// The time filter: a preset menu (Today … Last quarter) and a custom range
// picked with the browser's date pickers (UTC days, both included).
import { TIME_PRESETS, dateRange, parseDateRange } from '../lib/time';

interface Props {
  value: string; // "", a preset, "from..to", or another time term
  onChange: (value: string) => void;
}

export function TimeRange({ value, onChange }: Props) {
  const range = parseDateRange(value);
  const isPreset = TIME_PRESETS.some((p) => p.value === value);
  const mode = value === '' ? '' : isPreset ? value : 'custom';
  return (
    <fieldset class="time-range">
      <legend>Time</legend>
      <select
        aria-label="Time range"
        value={mode}
        onChange={(e) => {
          const v = (e.target as HTMLSelectElement).value;
          onChange(v === 'custom' ? (range ? value : dateRange('', '')) || '..' : v);
        }}
      >
        <option value="">Any time</option>
        {TIME_PRESETS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
        <option value="custom">Custom range…</option>
      </select>
      {mode === 'custom' && (
        <div class="date-pair">
          <label>
            From
            <input
              type="date"
              value={range?.from ?? ''}
              onChange={(e) => onChange(dateRange((e.target as HTMLInputElement).value, range?.to ?? '') || '..')}
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={range?.to ?? ''}
              onChange={(e) => onChange(dateRange(range?.from ?? '', (e.target as HTMLInputElement).value) || '..')}
            />
          </label>
          {!range && value !== '..' && <p class="hint">Query: time:{value}</p>}
        </div>
      )}
    </fieldset>
  );
}
