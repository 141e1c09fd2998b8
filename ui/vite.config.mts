/// <reference types="vitest/config" />
// The web UI's build (run by CMake, src/web/CMakeLists.txt) and its
// component tests (Vitest, run by ctest as ui.unit). docs/ui.md.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: 'public',
  // Caches beside the packages (ignored by git), not in ui/.
  cacheDir: fileURLToPath(new URL('../node_modules/.vite-ui', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    // Browsers with CSS light-dark() (styles.css): no lowering needed.
    cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'],
    // Everything is a file of its own: no data: URLs, nothing inline, so the
    // Content-Security-Policy needs no 'unsafe-inline'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
  // `vite` (the dev server) sends API calls to a running `vigil serve`.
  server: process.env.VIGIL_API ? { proxy: { '/v1': process.env.VIGIL_API } } : {},
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
