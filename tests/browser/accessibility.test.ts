/**
 * axe-core (the WCAG rule engine) on every view of the app, each reached through the view
 * buttons as a user would: no serious or critical violation. Failures list each rule with
 * the elements it found.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { sampleLastClose, startApp, type AppFixture } from './app-fixture.ts';

let app: AppFixture;

beforeAll(async () => {
  app = await startApp(inject('siteUrl'), { BTCUSDT: await sampleLastClose(inject('distDir'), 'BTCUSDT', '2025-11') });
});
afterAll(async () => app?.close());

interface Found { rule: string; impact: string; targets: string[] }

/** axe in the page (evaluated over the DevTools protocol, so the site's CSP does not refuse it). */
async function seriousViolations(page: Page): Promise<Found[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact ?? '', targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const settled = (page: Page) => page.waitForFunction(() => !document.querySelector('[aria-busy=true]'), null, { timeout: 60_000 });

test('no serious or critical axe violation on any view', async () => {
  const { page, errors } = await app.open();
  const views = await page.locator('nav[aria-label="Views"] button').allInnerTexts();
  expect(views).toEqual(expect.arrayContaining(['Liquidation Map', 'Heatmap', 'Data']));
  const found: Record<string, Found[]> = {};
  for (const name of views) {
    await page.locator('nav[aria-label="Views"] button', { hasText: name }).click();
    await expect.poll(() => page.locator('nav[aria-label="Views"] button[aria-pressed="true"]').innerText()).toBe(name);
    // A chart view waits for its drawing; the Audit view without recorded events shows why instead.
    if (name !== 'Data') await page.waitForSelector('.chart[data-drawn], [data-testid="audit-empty"]', { timeout: 60_000 });
    await settled(page);
    found[name] = await seriousViolations(page);
  }
  const report = Object.entries(found).flatMap(([view, vs]) => vs.map((v) => `${view}: ${v.rule} (${v.impact}) on ${v.targets.join(', ')}`));
  expect(report).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('status lines that count (ages, message times) are said when their words change, not on every tick', async () => {
  const { page, errors } = await app.open();
  // Count, from now on, each live region's changes of text and the visible live status's.
  await page.evaluate(() => {
    const w = window as unknown as { regionChanges: Map<Element, number>; visibleChanges: number };
    w.regionChanges = new Map();
    w.visibleChanges = 0;
    const regions = () => [...document.querySelectorAll('[role=status], [role=alert], [role=log], [aria-live]')];
    const last = new Map(regions().map((r) => [r, r.textContent]));
    const visible = document.querySelector('[data-testid="live-status"]');
    let visibleText = visible?.textContent;
    new MutationObserver(() => {
      for (const r of regions()) {
        if (last.has(r) && last.get(r) !== r.textContent) w.regionChanges.set(r, (w.regionChanges.get(r) ?? 0) + 1);
        last.set(r, r.textContent);
      }
      if (visible?.textContent !== visibleText) { visibleText = visible?.textContent; w.visibleChanges++; }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  // The live panel's line counts the figure's age in seconds: let it tick three times.
  await page.waitForFunction(() => (window as unknown as { visibleChanges: number }).visibleChanges >= 3, null, { timeout: 30_000 });
  const spoken = await page.evaluate(() => [...(window as unknown as { regionChanges: Map<Element, number> }).regionChanges]
    .map(([r, n]) => ({ n, text: (r.textContent ?? '').trim().slice(0, 80) })));
  // No live region said something anew on each tick.
  expect(spoken.filter((s) => s.n >= 3)).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
});
