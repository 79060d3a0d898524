/**
 * The recorder's writer when the disk refuses: a wrong --out is refused before any stream is
 * opened, and events no flush could write stay queued and can be given back as CSV.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeLiquidation } from '../../../src/lib/live/events.ts';
import { LIQUIDATIONS_CSV_HEADER } from '../../../src/lib/live/tape.ts';
import { readRecordFile, readRecords, recordFile, RecordWriter } from '../../../tools/cli/record-files.ts';
import { ROOT } from './cli-process.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'liqmap-record-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('ready() creates the folder, and refuses a --out that is a file, naming it', async () => {
  await new RecordWriter(path.join(dir, 'new/records')).ready();
  const file = path.join(dir, 'a-file');
  await writeFile(file, 'x');
  await expect(new RecordWriter(file).ready()).rejects.toThrow(`--out ${file} cannot be created: ${file} is a file, not a folder. Give a folder this user may write.`);
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

test('a write cut short by a full disk leaves no half line: the file is cut back and every event stays queued', async () => {
  // A real short write: the child may not grow a file past 2 KiB (ulimit -f 4, in 512-byte
  // blocks), so the append of a 60-event batch stops part way, as on a disk that fills up.
  const out = path.join(dir, 'full');
  const script = path.join(dir, 'short-write.mts');
  await writeFile(script, `
    import { makeLiquidation } from ${JSON.stringify(path.join(ROOT, 'src/lib/live/events.ts'))};
    import { RecordWriter } from ${JSON.stringify(path.join(ROOT, 'tools/cli/record-files.ts'))};
    const writer = new RecordWriter(${JSON.stringify(out)});
    await writer.ready();
    const t = Date.UTC(2026, 0, 2);
    writer.add([makeLiquidation(t, 'binance', 'BTCUSDT', 'long', 94_000, 0.5)]);
    await writer.flush();
    writer.add(Array.from({ length: 60 }, (_, i) => makeLiquidation(t + 1_000 * (i + 1), 'binance', 'BTCUSDT', 'short', 94_000 + i, 0.25)));
    const error = await writer.flush().then(() => null, (e) => e.code);
    console.log(JSON.stringify({ error, queued: writer.queued, written: writer.written }));
  `);
  const { stdout } = await promisify(execFile)('sh', ['-c', `ulimit -f 4; exec "${process.execPath}" --import tsx "${script}"`], { cwd: ROOT });
  expect(JSON.parse(stdout)).toEqual({ error: 'EFBIG', queued: 60, written: 1 });
  const file = recordFile(out, 'BTCUSDT', '2026-01-02');
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const read = await readRecordFile(file);
  expect(read.problems).toEqual([]);
  expect(read.events).toHaveLength(1);
});

test('a day file whose last line was cut short (a stop mid-write) gets the next events on lines of their own', async () => {
  const out = path.join(dir, 'cut');
  const file = recordFile(out, 'BTCUSDT', '2026-01-03');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${LIQUIDATIONS_CSV_HEADER}\n2026-01-03T00:00:00.000Z,binance,BTCUSDT,long,94000,0.5,47000\n2026-01-03T00:00:01.000Z,binance,BTC`);
  const writer = new RecordWriter(out);
  await writer.ready();
  const t = Date.UTC(2026, 0, 3, 0, 0, 2);
  writer.add([makeLiquidation(t, 'bybit', 'BTCUSDT', 'short', 94_100, 1), makeLiquidation(t + 1, 'bybit', 'BTCUSDT', 'long', 94_000, 2)]);
  await writer.flush();
  const read = await readRecordFile(file);
  expect(read.events.map((e) => e.time)).toEqual([t - 2_000, t, t + 1]);
  expect(read.problems).toEqual([`${file} line 3: it does not have 7 fields`]);
});

test('a busy day of 200,000 liquidations is queued, written and read back whole (no list spread into arguments)', async () => {
  const out = path.join(dir, 'busy');
  const writer = new RecordWriter(out);
  await writer.ready();
  const start = Date.UTC(2026, 1, 3);
  const events = Array.from({ length: 200_000 }, (_, i) => makeLiquidation(start + i * 400, i % 2 ? 'bybit' : 'binance', 'BTCUSDT', i % 3 ? 'long' : 'short', 90_000 + (i % 500), 0.01 + (i % 7) / 100));
  writer.add(events);
  expect(writer.queued).toBe(200_000);
  await writer.flush();
  expect(writer.written).toBe(200_000);
  const read = await readRecords(out, 'BTCUSDT', start, start + 86_400_000);
  expect(read.problems).toEqual([]);
  expect(read.events).toHaveLength(200_000);
  expect(read.events[199_999]).toEqual(events[199_999]);
});
