// Light, dark, or the system's choice; kept in localStorage, applied as
// <html data-theme> (styles.css holds both palettes).
export type Theme = 'system' | 'light' | 'dark';

const KEY = 'vigil.theme';

export function loadTheme(storage: Storage): Theme {
  const t = storage.getItem(KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
}

export function applyTheme(t: Theme, root: HTMLElement, storage: Storage): void {
  if (t === 'system') {
    delete root.dataset.theme;
    storage.removeItem(KEY);
  } else {
    root.dataset.theme = t;
    storage.setItem(KEY, t);
  }
}
