/** An exported PNG's caption says what the picture is and when it was exported, in text that scales with the image and wraps rather than squeezes. */
import { expect, test } from 'vitest';
import { captionLayout, captionLines, wrapCaption } from '../../../src/lib/charts/export-caption.ts';

test('the caption names the picture and the time of export', () => {
  expect(captionLines('BTCUSDT liquidation map · Binance · OI-scaled · 30 days', Date.UTC(2025, 11, 7, 16, 20))).toEqual([
    'BTCUSDT liquidation map · Binance · OI-scaled · 30 days',
    'liqmap · exported 2025-12-07 16:20 UTC',
  ]);
});

test('its text scales with the image (device px), never below a readable size', () => {
  const one = captionLayout(1000, 2);
  const two = captionLayout(2000, 2);
  expect(two.font).toBe(one.font * 2);
  expect(one.band).toBe(2 * one.lineHeight + 2 * one.pad);
  expect(captionLayout(300, 2).font).toBeGreaterThanOrEqual(12);
  expect(captionLayout(1000, 0).band).toBe(0);
});

test('a phone\'s high-density picture keeps the page\'s 12 px text at its scale', () => {
  // A 370 px wide chart drawn at 2 and 3 device px per CSS px.
  expect(captionLayout(740, 2, 2).font).toBe(24);
  expect(captionLayout(1110, 2, 3).font).toBe(36);
  // A wide desktop chart still scales with its width.
  expect(captionLayout(1400, 2, 1).font).toBe(Math.round(1400 / 72));
});

/** A monospace stand-in for the canvas: each character as wide as the font's 0.6, the bold line wider. */
const measure = (font: number) => (text: string, line: number) => text.length * font * (line === 0 ? 0.62 : 0.55);

test('a caption too long for a narrow picture wraps at its parts, each row within the width', () => {
  const lines = captionLines('BTCUSDT liquidation map · Binance + Bybit · OI-scaled · 30 days · synthetic data', Date.UTC(2025, 11, 7, 16, 20));
  const { font, pad } = captionLayout(740, lines.length, 2);
  const width = 740 - 2 * pad;
  const rows = wrapCaption(lines, width, measure(font));
  expect(rows.length).toBeGreaterThan(lines.length);
  for (const row of rows) expect(measure(font)(row.text, row.line), row.text).toBeLessThanOrEqual(width);
  // Nothing is lost or reordered; the breaks fall between the title's parts, not inside "30 days".
  expect(rows.filter((r) => r.line === 0).map((r) => r.text).join(' · ')).toBe(lines[0]);
  expect(rows.filter((r) => r.line === 1).map((r) => r.text)).toEqual([lines[1]]);
  expect(rows.some((r) => r.text.startsWith('days') || r.text.endsWith(' 30'))).toBe(false);
});

test('a part longer than a row wraps at its spaces; on a wide picture nothing wraps', () => {
  const rows = wrapCaption(['a very long symbol name that goes on · x'], 100, (t) => t.length * 10);
  expect(rows.map((r) => r.text)).toEqual(['a very', 'long', 'symbol', 'name that', 'goes on', 'x']);
  const lines = captionLines('BTCUSDT liquidation map · Binance · OI-scaled · 30 days');
  const { font, pad } = captionLayout(1400, lines.length);
  expect(wrapCaption(lines, 1400 - 2 * pad, measure(font)).map((r) => r.text)).toEqual(lines);
});
