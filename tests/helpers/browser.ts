/**
 * Debian's Chromium driven by playwright-core (browsers cannot be downloaded here), with the
 * flags this machine needs; each launch gets a fresh profile so IndexedDB starts empty.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROME_PATH = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync) ?? '/usr/bin/chromium';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROME_PATH, headless: true, args: ARGS });
}

/** A persistent profile (real IndexedDB and service worker that survive a page reload). */
export async function launchPersistent(dir = mkdtempSync(path.join(os.tmpdir(), 'liqmap-profile-'))): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, { executablePath: CHROME_PATH, headless: true, args: ARGS, viewport: { width: 1400, height: 900 } });
}

/** Collect page errors and console errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}
