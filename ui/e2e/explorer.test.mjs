// End-to-end tests of the explorer, the event page and the embedded viewer:
// the real `vigil serve` ($VIGIL_BIN) on loopback with generated events,
// driven in headless Chromium. Screenshots go to $VIGIL_UI_SCREENSHOTS.
// Run: VIGIL_BIN=build/release/src/cli/vigil node --test ui/e2e/  (docs/ui.md)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newPage } from './browser.mjs';
import { noProblems, queryOf, startFixture } from './fixture.mjs';

let fx, server, browser, opKey, base, tenants;

before(async () => {
  fx = await startFixture();
  ({ server, browser, opKey, base, tenants } = fx);
});

after(() => fx?.stop());

const eventsAfter = (page, action) => fx.eventsAfter(page, action);
const signIn = (page, key) => fx.signIn(page, key);
const shot = (page, name) => fx.shot(page, name);
const DAY = 86400000;

describe('explorer', () => {
  let page;
  before(async () => {
    page = await newPage(browser, base);
  });
  after(() => page.context().close());

  test('the server serves the UI with a strict CSP; unknown assets are 404', async () => {
    const r = await fetch(base + '/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(r.headers.get('content-security-policy'), /default-src 'none'; script-src 'self'; style-src 'self'/);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    const html = await r.text();
    const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)[1];
    const asset = await fetch(base + js);
    assert.match(asset.headers.get('content-type'), /^text\/javascript/);
    assert.match(asset.headers.get('cache-control'), /immutable/);
    assert.equal((await fetch(base + '/assets/nope-123.js')).status, 404);
    assert.equal((await fetch(base + '/events/abc')).headers.get('content-type'), 'text/html; charset=utf-8');
  });

  test('sign in with an API key shows the newest events', async () => {
    await page.goto(base + '/');
    await shot(page, 'sign-in');
    const events = await signIn(page);
    assert.equal(events.length, 50);
    const times = events.map((e) => Date.parse(e.time));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    await shot(page, 'explorer');
    // At the desktop width every column fits: no sideways scrolling.
    const wrap = await page.locator('.table-wrap').evaluate((el) => [
      el.scrollWidth,
      el.clientWidth,
      [...el.querySelectorAll('thead th')].map((th) => `${th.textContent}=${Math.round(th.getBoundingClientRect().width)}`).join(' '),
    ]);
    assert.ok(wrap[0] <= wrap[1], `the table is ${wrap[0]} px wide in ${wrap[1]} px: ${wrap[2]}`);
    noProblems(page);
  });

  const fields = {
    tenant: (e, v) => e.tenant === v,
    environment: (e, v) => e.environment === v,
    workspace: (e, v) => e.workspace?.id === v || e.workspace?.name === v,
    actor: (e, v) => [e.actor?.id, e.actor?.email?.toLowerCase(), e.actor?.name].includes(v.toLowerCase()) || e.actor?.name === v,
    'actor.role': (e, v) => e.actor?.role === v,
    'actor.status': (e, v) => e.actor?.status === v,
    target: (e, v) => e.target?.id === v,
    action: (e, v) => e.action === v,
    status: (e, v) => (e.status ?? 'success') === v,
    method: (e, v) => e.context?.method === v,
    operation: (e, v) => e.operation === v,
    country: (e, v) => e.geo?.country === v,
  };
  for (const [field, matches] of Object.entries(fields)) {
    test(`filter by ${field}`, async () => {
      await eventsAfter(page, () => page.getByRole('button', { name: 'Reset' }).click());
      const facet = page.locator(`details[data-field="${field}"]`);
      await facet.locator('summary').click();
      const box = facet.getByRole('checkbox').nth(1);
      const value = await box.getAttribute('value');
      await box.check();
      const events = await eventsAfter(page, () => page.getByRole('button', { name: 'Filter' }).click());
      assert.ok(queryOf(page).startsWith(`${field}:`), queryOf(page));
      assert.equal(await page.getByLabel('Query', { exact: true }).inputValue(), queryOf(page));
      assert.ok(events.length > 0, `no events for ${field}:${value}`);
      for (const e of events) assert.ok(matches(e, value), `${e.id} does not match ${field}:${value}`);
      await facet.locator('summary').click();
    });
  }

  test('filter by resource id, IP and keyword', async () => {
    const all = await eventsAfter(page, () => page.getByRole('button', { name: 'Reset' }).click());
    const sample = all.find((e) => e.target?.id && e.context?.ip && e.target?.name);
    await page.getByLabel('Resource id (exact)').fill(sample.target.id);
    let events = await eventsAfter(page, () => page.getByRole('button', { name: 'Filter' }).click());
    assert.ok(events.length > 0 && events.every((e) => [e.target?.id, e.target?.parent?.id, ...(e.resources ?? []).map((r) => r.id)].includes(sample.target.id)));
    await page.getByLabel('Resource id (exact)').fill('');
    await page.getByLabel('IP address or block').fill(sample.context.ip);
    events = await eventsAfter(page, () => page.getByRole('button', { name: 'Filter' }).click());
    assert.ok(events.length > 0 && events.every((e) => e.context.ip === sample.context.ip));
    await page.getByLabel('IP address or block').fill('');
    const word = sample.target.name.split(/\s+/)[0].toLowerCase();
    await page.getByLabel('Keyword search').fill(word);
    events = await eventsAfter(page, () => page.getByRole('button', { name: 'Filter' }).click());
    assert.equal(queryOf(page), word);
    assert.ok(events.length > 0 && events.every((e) => JSON.stringify(e).toLowerCase().includes(word)));
  });

  test('time presets and a custom range', async () => {
    const now = Date.now();
    const midnight = Math.floor(now / DAY) * DAY;
    const d = new Date(now);
    const monday = midnight - ((d.getUTCDay() + 6) % 7) * DAY;
    const month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const q0 = Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    const ranges = {
      today: [midnight, midnight + DAY, false],
      yesterday: [midnight - DAY, midnight, true],
      'last-24h': [now - DAY - 60000, now + 60000, true],
      'last-7d': [now - 7 * DAY - 60000, now + 60000, true],
      'last-week': [monday - 7 * DAY, monday, true],
      'last-month': [Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1), month, true],
      'last-quarter': [Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 - 3, 1), q0, true],
    };
    await eventsAfter(page, () => page.getByRole('button', { name: 'Reset' }).click());
    for (const [preset, [from, to, nonEmpty]] of Object.entries(ranges)) {
      await page.getByLabel('Time range').selectOption(preset);
      const events = await eventsAfter(page, () => page.getByRole('button', { name: 'Filter' }).click());
      assert.equal(queryOf(page), `time:${preset}`);
      if (nonEmpty) assert.ok(events.length > 0, `no events for ${preset}`);
      for (const e of events) assert.ok(Date.parse(e.time) >= from && Date.parse(e.time) < to, `${preset}: ${e.time}`);
    }
    await page.getByLabel('Time range').selectOption('custom');
    const day = (ms) => new Date(ms).toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(day(now - 10 * DAY));
    await page.getByLabel('To', { exact: true }).fill(day(now - 5 * DAY));
    const events = await eventsAfter(page, () => page.getByRole('button', { name: 'Filter' }).click());
    assert.equal(queryOf(page), `time:${day(now - 10 * DAY)}..${day(now - 5 * DAY)}`);
    assert.ok(events.length > 0);
    const lo = Date.parse(day(now - 10 * DAY));
    const hi = Date.parse(day(now - 5 * DAY)) + DAY;
    for (const e of events) assert.ok(Date.parse(e.time) >= lo && Date.parse(e.time) < hi, e.time);
  });

  test('reset clears every filter; reload fetches again', async () => {
    await page.goto(base + '/?q=' + encodeURIComponent('status:error time:last-7d method:POST'));
    await page.waitForSelector('section.results[aria-busy="false"]');
    assert.equal(await page.locator('details[data-field="status"] .facet-value').textContent(), 'error');
    const events = await eventsAfter(page, () => page.getByRole('button', { name: 'Reset' }).click());
    assert.equal(new URL(page.url()).search, '');
    assert.equal(await page.getByLabel('Query', { exact: true }).inputValue(), '');
    assert.equal(await page.getByLabel('Time range').inputValue(), '');
    assert.ok(events.some((e) => e.status !== 'error'));
    const again = await eventsAfter(page, () => page.getByRole('button', { name: 'Reload' }).click());
    assert.deepEqual(again.map((e) => e.id), events.map((e) => e.id));
  });

  test('the query string is editable and drives the panel', async () => {
    await page.getByLabel('Query', { exact: true }).fill('status:error -environment:production');
    const events = await eventsAfter(page, () => page.getByLabel('Query', { exact: true }).press('Enter'));
    assert.equal(queryOf(page), 'status:error -environment:production');
    assert.ok(events.length > 0 && events.every((e) => e.status === 'error' && e.environment !== 'production'));
    await page.locator('details[data-field="status"] summary').click();
    assert.ok(await page.locator('details[data-field="status"]').getByRole('checkbox', { name: 'error' }).isChecked());
    await page.locator('details[data-field="status"] summary').click();
    await shot(page, 'explorer-filtered');
  });

  test("a query the server cannot parse shows the server's message", async () => {
    await page.getByLabel('Query', { exact: true }).fill('acter:ada');
    // The chart's request fails as the table's does; both are awaited, so
    // that neither 400 lands among the next test's problems.
    const refused = (path) =>
      page.waitForResponse((r) => new URL(r.url()).pathname === path && r.status() === 400);
    const both = Promise.all([refused('/v1/events'), refused('/v1/histogram')]);
    await page.getByLabel('Query', { exact: true }).press('Enter');
    await both;
    // And the console line Chromium logs for each failed request.
    const logged = () => page.problems.filter((p) => p.startsWith('console:') && /400/.test(p)).length;
    for (let waited = 0; logged() < 2 && waited < 10_000; waited += 50) await page.waitForTimeout(50);
    await page.getByRole('alert').filter({ hasText: "q: unknown field 'acter' at 0 (did you mean 'actor'?)" }).waitFor();
    assert.equal(queryOf(page), 'acter:ada');
    page.problems = page.problems.filter((p) => !/400|Bad Request/.test(p));
  });

  test('cursor pagination: older and newer pages', async () => {
    await eventsAfter(page, () => page.getByRole('button', { name: 'Reset' }).click());
    const first = await eventsAfter(page, () => page.getByLabel('Rows').selectOption('25'));
    assert.equal(first.length, 25);
    const second = await eventsAfter(page, () => page.getByRole('button', { name: 'Older →' }).click());
    assert.equal(second.length, 25);
    assert.ok(Date.parse(second[0].time) <= Date.parse(first[24].time));
    assert.equal(second.filter((e) => first.some((f) => f.id === e.id)).length, 0);
    await page.getByText('Events 26–50').waitFor();
    const back = await eventsAfter(page, () => page.getByRole('button', { name: '← Newer' }).click());
    assert.deepEqual(back.map((e) => e.id), first.map((e) => e.id));
    // The largest page the API gives: a thousand rows (eventsAfter checks them all).
    const large = await eventsAfter(page, () => page.getByLabel('Rows').selectOption('1000'));
    assert.equal(large.length, 1000);
    await eventsAfter(page, () => page.getByLabel('Rows').selectOption('50'));
  });

  test('expand a row: its JSON and copy buttons', async () => {
    const events = await eventsAfter(page, () => page.getByRole('button', { name: 'Reset' }).click());
    const e = events[0];
    await page.getByRole('button', { name: `Expand event ${e.id}` }).click();
    const json = JSON.parse(await page.getByLabel(`JSON of event ${e.id}`, { exact: true }).textContent());
    assert.equal(json.id, e.id);
    assert.equal(json.action, e.action);
    await page.getByRole('button', { name: `Copy JSON of event ${e.id}` }).click();
    await page.getByRole('button', { name: `Copy JSON of event ${e.id}` }).getByText('Copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(JSON.parse(copied).id, e.id);
    await shot(page, 'explorer-expanded');
    noProblems(page);
  });

  test('an event page: fields, diff table, verified inclusion proof', async () => {
    const events = await eventsAfter(page, async () => {
      await page.getByLabel('Query', { exact: true }).fill('action:app.update');
      await page.getByLabel('Query', { exact: true }).press('Enter');
    });
    const e = events.find((x) => x.diff?.length);
    assert.ok(e, 'an app.update event with changes');
    await page.locator(`tr[data-id="${e.id}"] td.activity a`).click();
    assert.equal(new URL(page.url()).pathname, `/events/${e.id}`);
    await page.getByTestId('verified-badge').waitFor({ timeout: 15000 });
    const rows = page.locator('table.diff tbody tr');
    assert.equal(await rows.count(), e.diff.length);
    assert.equal(await rows.first().locator('th').textContent(), e.diff[0].path);
    const text = await page.locator('main.event-page').textContent();
    for (const v of [e.id, e.actor.email, e.geo?.country, e.ua?.browser, e.context.method].filter(Boolean)) assert.ok(text.includes(v), v);
    assert.match(await page.locator('.proof').textContent(), new RegExp(`this event is at position ${e.seq} of the signed tree`));
    await shot(page, 'event');
    await page.getByRole('link', { name: '← Back to events' }).click();
    assert.equal(queryOf(page), 'action:app.update');
    noProblems(page);
  });

  test('an event altered on its way to the browser is not verified', async () => {
    const { events } = await server.api(`/v1/events?limit=1&q=${encodeURIComponent('action:app.update')}`, opKey);
    const id = events[0].id;
    const tampered = await newPage(browser, base);
    await signIn(tampered);
    await tampered.route(`${base}/v1/events/${id}`, async (route) => {
      const r = await route.fetch();
      const text = (await r.text()).replace(`"action":"app.update"`, `"action":"app.view"`);
      await route.fulfill({ response: r, body: text });
    });
    await tampered.goto(`${base}/events/${id}`);
    await tampered.getByText('✖ Not verified').waitFor({ timeout: 15000 });
    assert.match(await tampered.locator('.proof').textContent(), /the event's content does not hash to its leaf hash/);
    assert.equal(await tampered.getByTestId('verified-badge').count(), 0);
    await tampered.context().close();
  });

  test('redacted personal fields read "redacted"', async () => {
    const [tenant] = tenants;
    const page1 = await server.api(`/v1/events?tenant=${tenant}&limit=200&q=${encodeURIComponent('actor.type:user')}`, opKey);
    const victim = page1.events.find((e) => e.actor?.id && e.actor?.email && e.context?.ip);
    await server.api('/v1/admin/redactions', opKey, { method: 'POST', body: { tenant, actor: victim.actor.id } });
    await page.getByLabel('Query', { exact: true }).fill(`tenant:${tenant} actor:${victim.actor.id}`);
    const events = await eventsAfter(page, () => page.getByLabel('Query', { exact: true }).press('Enter'));
    assert.ok(events.length > 0);
    const row = page.locator(`tr[data-id="${events[0].id}"]`);
    assert.equal(await row.locator('td.user .redacted').first().textContent(), 'redacted');
    assert.equal(await row.locator('td.ip .redacted').textContent(), 'redacted');
    await page.locator(`tr[data-id="${events[0].id}"] td.activity a`).click();
    await page.getByTestId('verified-badge').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('dt:text-is("email") + dd').textContent(), 'redacted');
  });
});

describe('embedded viewer', () => {
  test('a viewer token from the fragment is confined to its tenant; sign out forgets it', async () => {
    const [mine, other] = tenants;
    const { token } = await server.api('/v1/viewer-tokens', opKey, { method: 'POST', body: { tenant: mine } });
    const foreign = (await server.api(`/v1/events?tenant=${other}&limit=1`, opKey)).events[0];
    const page = await newPage(browser, base);
    const events = await eventsAfter(page, () => page.goto(`${base}/#token=${token}`));
    assert.equal(new URL(page.url()).hash, '');
    assert.ok(events.length > 0 && events.every((e) => e.tenant === mine));
    await page.getByText(`Tenant ${mine}`).waitFor();
    assert.equal(await page.locator('details[data-field="tenant"]').count(), 0);
    await shot(page, 'embedded');
    // Asking for another tenant's events finds none: the token's tenant is
    // ANDed into every read.
    const leaked = await eventsAfter(page, async () => {
      await page.getByLabel('Query', { exact: true }).fill(`tenant:${other}`);
      await page.getByLabel('Query', { exact: true }).press('Enter');
    });
    assert.deepEqual(leaked, []);
    await page.getByText('No events match these filters.').waitFor();
    await page.goto(`${base}/events/${foreign.id}`);
    await page.getByText(`No event ${foreign.id} is visible to you.`).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    noProblems(page, ['Failed to load resource: the server responded with a status of 404', `HTTP 404 GET ${base}/v1/events/${foreign.id}`]);
    await page.context().close();
  });
});

describe('credentials', () => {
  test('a key revoked while signed in signs the UI out, saying why', async () => {
    const made = await fx.server.api('/v1/keys', opKey, { method: 'POST', body: { name: 'short-lived', scopes: ['read'] } });
    const page = await newPage(browser, base);
    await signIn(page, made.secret);
    await fx.server.api(`/v1/keys/${made.key.id}`, opKey, { method: 'DELETE' });
    // The search and the value lists are asked again; whichever 401 comes
    // first signs out (and ends the other request).
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/v1/') && r.status() === 401);
    await page.getByRole('button', { name: 'Reload' }).click();
    await refused;
    await page.getByLabel('API key').waitFor();
    assert.match(await page.locator('.sign-in .notice').textContent(), /^Signed out: API key \S+ was revoked at /);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await page.context().close();
  });

  test('a wrong key is refused at sign-in', async () => {
    const page = await newPage(browser, base);
    await page.goto(base + '/');
    await page.getByLabel('API key').fill('vk_not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /unknown API key|malformed|not/i }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await page.context().close();
  });
});

