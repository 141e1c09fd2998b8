// The UI embedded in another origin's page, as a platform's admin pages
// show it: a host page (a small server on loopback) frames the UI with a
// viewer token in the fragment. Allowed only where ui_frame_ancestors says.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage } from './browser.mjs';
import { VigilServer } from './vigil_server.mjs';

let vigil, host, hostUrl, browser, opKey, tenant;

async function waitFor(predicate, what, ms = 10000) {
  for (const end = Date.now() + ms; !predicate(); ) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The platform's page: an iframe of the UI with the token the test puts in ?src=.
function startHost() {
  return new Promise((resolve) => {
    const s = createServer((req, res) => {
      const src = new URL(req.url, 'http://h').searchParams.get('src') ?? '';
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Platform admin</title><h1>Audit log</h1>
        <iframe title="Audit log" src="${src.replace(/"/g, '&quot;')}" width="1300" height="800"></iframe>`);
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

before(async () => {
  host = await startHost();
  hostUrl = `http://127.0.0.1:${host.address().port}`;
  vigil = new VigilServer(process.env.VIGIL_BIN);
  vigil.generate(600, { days: 7, tenants: 2 });
  opKey = vigil.createKey('platform', 'read');
  await vigil.start(['--ui-frame-ancestors', hostUrl]);
  browser = await launchBrowser();
  tenant = (await vigil.api('/v1/facets?fields=tenant', opKey)).facets[0].values[0].value;
});

after(async () => {
  await browser?.close();
  await vigil?.stop();
  vigil?.cleanup();
  host?.close();
});

test('a page of an allowed origin shows the UI in a frame, confined to the token\'s tenant', async () => {
  const { token } = await vigil.api('/v1/viewer-tokens', opKey, { method: 'POST', body: { tenant } });
  const page = await newPage(browser, vigil.url);
  const searched = page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/v1/events' && u.searchParams.get('limit') === '50';
  });
  await page.goto(`${hostUrl}/?src=${encodeURIComponent(`${vigil.url}/#token=${token}`)}`);
  const frame = page.frameLocator('iframe');
  await frame.getByText(`Tenant ${tenant}`).waitFor();
  const events = (await (await searched).json()).events;
  assert.ok(events.length > 0 && events.every((e) => e.tenant === tenant));
  await frame.locator('tr.event-row').first().waitFor();
  assert.equal(await frame.locator('tr.event-row').count(), events.length);
  // The only requests outside the UI's server are the host page itself.
  assert.deepEqual(page.problems.filter((p) => !p.includes(hostUrl)), []);
  await page.context().close();
});

test('a page of another origin cannot frame the UI', async () => {
  const other = await startHost();
  const page = await newPage(browser, vigil.url);
  const blocked = [];
  page.on('console', (m) => /frame-ancestors/.test(m.text()) && blocked.push(m.text()));
  await page.goto(`http://localhost:${other.address().port}/?src=${encodeURIComponent(`${vigil.url}/`)}`);
  await page.waitForFunction(() => document.querySelector('iframe') !== null);
  await waitFor(() => blocked.length > 0, 'a frame-ancestors violation');
  const inFrame = page.frames().find((f) => f.url().startsWith(vigil.url));
  const rendered = inFrame ? await inFrame.locator('#api-key').count() : 0;
  assert.equal(rendered, 0, 'the UI rendered inside a frame of a foreign origin');
  other.close();
  await page.context().close();
});
