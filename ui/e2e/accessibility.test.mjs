// Accessibility in a real browser: axe-core's WCAG 2.1 A/AA rules (labels,
// names, roles, color contrast, …) on every view in both themes and at
// tablet width, and the main flow done with the keyboard alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { newPage } from './browser.mjs';
import { noProblems, queryOf, startFixture } from './fixture.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let fx;

before(async () => {
  fx = await startFixture();
});

after(() => fx?.stop());

// The axe violations of the page as "rule: target" lines.
async function violations(page) {
  // Evaluated over the DevTools protocol, which the page's CSP does not
  // govern; the UI itself runs no inline or injected code.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], resultTypes: ['violations'] }),
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary}`));
}

for (const theme of ['light', 'dark']) {
  test(`every view passes axe's WCAG 2.1 AA rules (${theme})`, async () => {
    const page = await newPage(fx.browser, fx.base, { colorScheme: theme });
    await page.goto(fx.base + '/');
    await page.getByLabel('API key').waitFor();
    assert.deepEqual(await violations(page), [], 'sign-in');
    const events = await fx.signIn(page);
    await page.locator('details[data-field="action"] summary').click();
    await page.getByRole('button', { name: `Expand event ${events[0].id}` }).click();
    await page.locator('.chart-box .u-over').waitFor();
    assert.deepEqual(await violations(page), [], 'explorer');
    await page.setViewportSize({ width: 800, height: 1000 });
    assert.deepEqual(await violations(page), [], 'explorer at tablet width');
    await page.setViewportSize({ width: 1440, height: 900 });
    const withDiff = await fx.server.api(`/v1/events?limit=20&q=${encodeURIComponent('action:app.update')}`, fx.opKey);
    const e = withDiff.events.find((x) => x.diff?.length) ?? withDiff.events[0];
    await page.goto(`${fx.base}/events/${e.id}`);
    await page.getByTestId('verified-badge').waitFor({ timeout: 15000 });
    assert.deepEqual(await violations(page), [], 'event page');
    noProblems(page);
    await page.context().close();
  });
}

test('sign in, filter and open an event with the keyboard alone', async () => {
  const page = await newPage(fx.browser, fx.base);
  await page.goto(fx.base + '/');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'api-key');
  await page.keyboard.type(fx.opKey);
  await fx.eventsAfter(page, () => page.keyboard.press('Enter'));

  // Tab to a control: at most `limit` presses.
  const tabTo = async (matches, limit = 80) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(matches)) return;
    }
    assert.fail(`no focus on ${matches}`);
  };
  await tabTo(() => document.activeElement?.matches('details[data-field="status"] summary'));
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'success');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await tabTo(() => document.activeElement?.textContent === 'Filter');
  const events = await fx.eventsAfter(page, () => page.keyboard.press('Enter'));
  assert.equal(queryOf(page), 'status:error');
  assert.ok(events.every((e) => e.status === 'error'));

  // Into the table: expand the first row, then follow its link.
  await tabTo(() => document.activeElement?.getAttribute('aria-label')?.startsWith('Expand event'), 200);
  await page.keyboard.press('Enter');
  await page.getByLabel(`JSON of event ${events[0].id}`, { exact: true }).waitFor();
  await tabTo(() => document.activeElement?.closest('td.activity') !== null);
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => location.pathname === `/events/${id}`, events[0].id);
  await page.getByTestId('verified-badge').waitFor({ timeout: 15000 });
  noProblems(page);
  await page.context().close();
});
