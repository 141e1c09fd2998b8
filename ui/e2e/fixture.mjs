// What every UI end-to-end test file starts from: the real server with
// 6,000 generated events over 120 days in 3 tenants, an operator key, and
// headless Chromium; helpers to act on the explorer and check what it shows.
// Self-audit is off: the UI's own searches would otherwise add audit.view
// events on top of every page the tests compare.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { VigilServer } from './vigil_server.mjs';

const isSearch = (r) => {
  const u = new URL(r.url());
  // Not the sign-in check (limit 1) nor the names for the filter lists (500).
  return u.pathname === '/v1/events' && !['1', '500'].includes(u.searchParams.get('limit'));
};

export async function startFixture() {
  const vigil = process.env.VIGIL_BIN;
  assert.ok(vigil, 'set VIGIL_BIN to the vigil binary');
  const shots = process.env.VIGIL_UI_SCREENSHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  const server = new VigilServer(vigil);
  server.generate(6000, { days: 120, tenants: 3 });
  const opKey = server.createKey('ui-admin', 'ingest,read,export,admin');
  const base = await server.start(['--self-audit', 'false']);
  const browser = await launchBrowser();
  const f = await server.api('/v1/facets?fields=tenant', opKey);
  const tenants = f.facets[0].values.map((v) => v.value);

  // Runs `action` and returns the events of the explorer page it led to (the
  // last search once the table is idle), checking that the table shows them.
  async function eventsAfter(page, action) {
    const seen = [];
    const onResponse = (r) => isSearch(r) && seen.push(r);
    page.on('response', onResponse);
    await Promise.all([page.waitForResponse(isSearch), action()]);
    await page.waitForSelector('section.results[aria-busy="false"]');
    page.off('response', onResponse);
    const last = seen[seen.length - 1];
    assert.equal(last.status(), 200, await last.text());
    const body = await last.json();
    const rows = await page.locator('tr.event-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.id));
    assert.deepEqual(rows, body.events.map((e) => e.id), 'the table shows the page the API returned');
    return body.events;
  }

  async function signIn(page, key = opKey) {
    await page.goto(base + '/');
    await page.getByLabel('API key').fill(key);
    return eventsAfter(page, () => page.getByRole('button', { name: 'Sign in' }).click());
  }

  async function shot(page, name) {
    if (shots) await page.screenshot({ path: join(shots, `${name}.png`) });
  }

  async function stop() {
    await browser.close();
    await server.stop();
    server.cleanup();
  }

  return { server, browser, opKey, base, tenants, eventsAfter, signIn, shot, stop };
}

export function queryOf(page) {
  return new URL(page.url()).searchParams.get('q') ?? '';
}

// No console errors (a CSP violation is one), page errors or requests that
// left the server, except messages holding one of `allowed`.
export function noProblems(page, allowed = []) {
  const left = page.problems.filter((p) => !allowed.some((a) => p.includes(a)));
  assert.deepEqual(left, []);
}
