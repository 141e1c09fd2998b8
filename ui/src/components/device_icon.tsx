// A small icon for the device class of a user agent (desktop, mobile,
// tablet, bot), drawn inline so nothing is fetched.
import type { DeviceClass } from '../lib/event';

const PATHS: Record<DeviceClass, string> = {
  desktop: 'M2 3h12v8H2z M6 13h4 M8 11v2',
  mobile: 'M5 1.5h6v13H5z M7.5 12.5h1',
  tablet: 'M3 2h10v12H3z M7.5 12h1',
  bot: 'M3 5h10v8H3z M8 2v3 M6 8.5h.5 M9.5 8.5h.5',
  other: 'M8 2a6 6 0 1 0 0 12a6 6 0 1 0 0-12z',
};

export function DeviceIcon({ kind }: { kind: DeviceClass }) {
  return (
    <svg class="device-icon" viewBox="0 0 16 16" width="16" height="16" role="img" aria-label={kind}>
      <title>{kind}</title>
      <path d={PATHS[kind]} fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" />
    </svg>
  );
}
