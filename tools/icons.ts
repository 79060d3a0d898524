/**
 * `npx tsx tools/icons.ts`: render public/icon.svg to the PNG icons the web app manifest
 * lists (installers and some launchers want PNGs). Run it by hand after changing icon.svg and
 * commit the PNGs: the build itself then needs no browser (CI runners and static hosts rarely
 * have one). Chromium draws the SVG exactly as the browser tab does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROME_PATH } from '../tests/helpers/browser.ts';

const SVG = readFileSync('public/icon.svg', 'utf8');
const BG = '#0f1218';

/** `maskable`: the whole square painted, the drawing inside the 80 % safe zone launchers keep. */
const ICONS = [
  { file: 'public/icon-192.png', size: 192, maskable: false },
  { file: 'public/icon-512.png', size: 512, maskable: false },
  { file: 'public/icon-maskable-512.png', size: 512, maskable: true },
];

const browser = await chromium.launch({ executablePath: CHROME_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const inner = icon.maskable ? Math.round(icon.size * 0.8) : icon.size;
    const src = `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;display:grid;place-items:center;width:${icon.size}px;height:${icon.size}px;background:${icon.maskable ? BG : 'transparent'}">` +
        `<img src="${src}" width="${inner}" height="${inner}"></body></html>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    writeFileSync(icon.file, await page.screenshot({ omitBackground: !icon.maskable, clip: { x: 0, y: 0, width: icon.size, height: icon.size } }));
    console.log(`icons: wrote ${icon.file} (${icon.size}x${icon.size}${icon.maskable ? ', maskable' : ''})`);
    await page.close();
  }
} finally {
  await browser.close();
}
