// End-to-end tests of the chart, downloads, live tail and themes, on the
// same fixture as explorer.test.mjs (fixture.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { newPage } from './browser.mjs';
import { noProblems, queryOf, startFixture } from './fixture.mjs';

let fx, page;

before(async () => {
  fx = await startFixture();
  page = await newPage(fx.browser, fx.base);
  await fx.signIn(page);
});

after(async () => {
  await page?.context().close();
  await fx?.stop();
});

// The CSV's records (RFC 4180: quoted fields may hold commas, quotes, newlines).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

test('the chart shows the volume over the range, stacked; dragging zooms in', async () => {
  const events = await fx.eventsAfter(page, async () => {
    await page.getByLabel('Time range').selectOption('last-7d');
    await page.getByRole('button', { name: 'Filter' }).click();
  });
  assert.ok(events.length > 0);
  const h = await fx.server.api(`/v1/histogram?q=${encodeURIComponent('time:last-7d')}`, fx.opKey);
  const total = h.buckets.reduce((n, b) => n + b.count, 0);
  await page.getByText(`${total.toLocaleString('en-US')} events`).waitFor();
  const chart = page.locator('.chart-box .u-over');
  await chart.waitFor();
  const labels = await page.locator('.chart .u-legend .u-label').allTextContents();
  assert.deepEqual(labels.slice(-2), ['Success', 'Errors']);
  await page.getByLabel('Stack by').selectOption('environment');
  await page.locator('.chart .u-legend .u-label', { hasText: 'production' }).waitFor();
  await fx.shot(page, 'chart');
  const box = await chart.boundingBox();
  const zoomed = await fx.eventsAfter(page, async () => {
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  });
  const m = /^time:(\S+)\.\.(\S+)$/.exec(queryOf(page));
  assert.ok(m, queryOf(page));
  const [from, to] = [Date.parse(m[1]), Date.parse(m[2])];
  const span = Date.now() - 7 * 86400000;
  assert.ok(from > span && to < Date.now() && to - from < 3 * 86400000, `${m[1]}..${m[2]}`);
  for (const e of zoomed) assert.ok(Date.parse(e.time) >= from && Date.parse(e.time) < to);
  noProblems(page);
});

test('Download CSV and NDJSON of the current filters', async () => {
  await fx.eventsAfter(page, async () => {
    await page.getByLabel('Query', { exact: true }).fill('status:error time:last-month');
    await page.getByLabel('Query', { exact: true }).press('Enter');
  });
  const expected = await fx.server.api(`/v1/export?format=ndjson&q=${encodeURIComponent('status:error time:last-month')}`, fx.opKey);
  const ids = expected.trim().split('\n').map((l) => JSON.parse(l).id);
  assert.ok(ids.length > 0);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.match(csv.suggestedFilename(), /\.csv$/);
  // The browser's own download of a single-use link, not a page-made blob:
  // it streams to disk whatever the size.
  const link = new URL(csv.url());
  assert.match(link.pathname, /^\/v1\/export\/links\/dl_[A-Za-z0-9_-]{43}$/);
  const used = await fetch(new URL(link.pathname, fx.base));
  assert.equal(used.status, 404, 'a download link is single-use');
  const rows = parseCsv(readFileSync(await csv.path(), 'utf8'));
  const header = rows[0];
  const idCol = header.indexOf('id');
  const statusCol = header.indexOf('status');
  assert.ok(idCol >= 0 && statusCol >= 0, header.join(','));
  assert.deepEqual(rows.slice(1).map((r) => r[idCol]), ids);
  assert.ok(rows.slice(1).every((r) => r[statusCol] === 'error'));
  const [nd] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download NDJSON' }).click()]);
  assert.match(nd.suggestedFilename(), /\.ndjson$/);
  assert.match(new URL(nd.url()).pathname, /^\/v1\/export\/links\/dl_/);
  const lines = readFileSync(await nd.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((e) => e.id), ids);
  noProblems(page);
});

test('live tail shows a newly ingested event; pause holds it back', async () => {
  await fx.eventsAfter(page, () => page.getByRole('button', { name: 'Reset' }).click());
  const [tenant] = fx.tenants;
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/stream');
  await page.getByLabel('Live tail').check();
  await stream;
  const send = (id, description) =>
    fx.server.api('/v1/events', fx.opKey, { method: 'POST', body: { id, tenant, action: 'app.publish', description, actor: { id: 'u_live', email: 'live@example.com' } } });
  await send('live-1', 'Published live one');
  await page.locator('tr.event-row.fresh', { hasText: 'Published live one' }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('tr.event-row').first().locator('.activity .sub').textContent(), 'Published live one');
  await fx.shot(page, 'live-tail');
  await page.getByRole('button', { name: 'Pause' }).click();
  await send('live-2', 'Published live two');
  await page.getByRole('button', { name: 'Resume (1 new)' }).waitFor({ timeout: 15000 });
  assert.equal(await page.getByText('Published live two').count(), 0);
  await page.getByRole('button', { name: 'Resume (1 new)' }).click();
  await page.locator('tr.event-row.fresh', { hasText: 'Published live two' }).waitFor();
  await page.getByLabel('Live tail').uncheck();
  noProblems(page);
});

test('dark theme', async () => {
  await page.getByLabel('Theme').selectOption('dark');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(15, 20, 25)');
  await page.reload();
  await page.waitForSelector('section.results[aria-busy="false"]');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.equal(await page.getByLabel('Theme').inputValue(), 'dark');
  await fx.shot(page, 'explorer-dark');
  await page.setViewportSize({ width: 820, height: 1000 });
  await fx.shot(page, 'tablet-dark');
  await page.getByLabel('Theme').selectOption('light');
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(246, 247, 249)');
  await page.getByLabel('Theme').selectOption('system');
  noProblems(page);
});

// Last: it stops the server and starts it again.
test('a live tail reconnects after the server restarts and misses nothing', async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const [tenant] = fx.tenants;
  const actor = { id: 'u_live', email: 'live@example.com' };
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/stream');
  await page.getByLabel('Live tail').check();
  await stream;
  await fx.server.stop();
  await page.getByRole('status').filter({ hasText: 'Live tail interrupted' }).waitFor({ timeout: 20000 });
  // Stored while no server runs: the tail resumes after its last event id,
  // so the reconnected stream brings it.
  fx.server.ingestOffline([{ id: 'offline-1', tenant, action: 'app.publish', description: 'Published while the server was down', actor }]);
  await fx.server.restart();
  await page.locator('tr.event-row.fresh', { hasText: 'Published while the server was down' }).waitFor({ timeout: 45000 });
  assert.equal(await page.getByRole('status').filter({ hasText: 'Live tail interrupted' }).count(), 0);
  assert.equal(await page.getByLabel('Live tail').isChecked(), true);
  await fx.server.api('/v1/events', fx.opKey, { method: 'POST', body: { id: 'live-3', tenant, action: 'app.publish', description: 'Published after the restart', actor } });
  await page.locator('tr.event-row.fresh', { hasText: 'Published after the restart' }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('tr.event-row', { hasText: 'Published while the server was down' }).count(), 1);
});
