/**
 * The recorder's writer when the disk refuses: a wrong --out is refused before any stream is
 * opened, and events no flush could write stay queued and can be given back as CSV.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeLiquidation } from '../../../src/lib/live/events.ts';
import { LIQUIDATIONS_CSV_HEADER } from '../../../src/lib/live/tape.ts';
import { RecordWriter } from '../../../tools/cli/record-files.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'liqmap-record-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('ready() creates the folder, and refuses a --out that is a file, naming it', async () => {
  await new RecordWriter(path.join(dir, 'new/records')).ready();
  const file = path.join(dir, 'a-file');
  await writeFile(file, 'x');
  await expect(new RecordWriter(file).ready()).rejects.toThrow(`--out ${file} cannot be written`);
});

test('events a flush could not write stay queued, come back as the day files\' CSV, and are written once the folder is back', async () => {
  const out = path.join(dir, 'gone');
  const writer = new RecordWriter(out);
  await writer.ready();
  await rm(out, { recursive: true });
  await writeFile(out, 'not a folder any more');
  const t = Date.UTC(2026, 0, 2, 3, 4, 5);
  writer.add([makeLiquidation(t + 1_000, 'bybit', 'ETHUSDT', 'short', 3_100, 2), makeLiquidation(t, 'binance', 'BTCUSDT', 'long', 94_000, 0.5)]);
  await expect(writer.flush()).rejects.toThrow();
  expect(writer.queued).toBe(2);
  expect(writer.unwrittenCsv().trim().split('\n')).toEqual([
    LIQUIDATIONS_CSV_HEADER,
    '2026-01-02T03:04:05.000Z,binance,BTCUSDT,long,94000,0.5,47000',
    '2026-01-02T03:04:06.000Z,bybit,ETHUSDT,short,3100,2,6200',
  ]);

  await rm(out);
  await writer.flush();
  expect(writer.queued).toBe(0);
  expect(writer.written).toBe(2);
  const day = (symbol: string) => readFile(path.join(out, symbol, `${symbol}-liquidations-2026-01-02.csv`), 'utf8');
  expect((await day('BTCUSDT')).trim().split('\n')).toEqual([LIQUIDATIONS_CSV_HEADER, '2026-01-02T03:04:05.000Z,binance,BTCUSDT,long,94000,0.5,47000']);
  expect((await day('ETHUSDT')).trim().split('\n')).toHaveLength(2);
});
