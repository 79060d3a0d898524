/** An exported PNG's caption says what the picture is and when it was exported, in text that scales with the image. */
import { expect, test } from 'vitest';
import { captionLayout, captionLines } from '../../../src/lib/charts/export-caption.ts';

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
