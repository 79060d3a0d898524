/**
 * The browser importer's Bybit core and `npm run profiles -- --exchange bybit` turn the same
 * dumps and OI pages into the same profiles: every cell (1e-9 relative) and every liqmap.* key
 * but liqmap.source. Also: the native gunzip and fflate's give the same result, and a dump
 * that is not gzip, or truncated, is refused by name.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bybitDumpPath, bybitOiDayPath, parseBybitDumpName } from '../../../src/exchanges/bybit/archive/names.ts';
import { buildBybitMonth, type BybitDumpInput } from '../../../src/exchanges/bybit/import/month-build.ts';
import { gunzipChunks } from '../../../src/exchanges/bybit/import/gunzip.ts';
import { InputProblem } from '../../../src/lib/import/read-input.ts';
import { buildBybitProfiles } from '../../../src/exchanges/bybit/builder/build.ts';
import { generateBybitArchive } from '../../../src/exchanges/bybit/synth/archive.ts';
import { tempDir } from '../builder/helpers.ts';
import { differences, profileMeta, profileRows } from './helpers.ts';

const SYMBOL = 'ETHUSDT';
const DAYS = ['2025-09-29', '2025-09-30', '2025-10-01', '2025-10-02', '2025-10-04'];
let archive = '';
let built = '';

beforeAll(async () => {
  archive = await tempDir('bybit-eq-in');
  built = await tempDir('bybit-eq-out');
  await generateBybitArchive({ out: archive, symbols: [SYMBOL], from: '2025-09', to: '2025-10', trades: 20_000, seed: 'bybit-eq', openInterest: true, days: (d) => DAYS.includes(d) });
  const r = await buildBybitProfiles({ inDir: archive, outDir: built, threads: 2, log: () => {} });
  expect(r.months.map((m) => m.reason ?? m.status)).toEqual(['built', 'built']);
}, 120_000);

const dumpInput = (path: string): BybitDumpInput => {
  const name = path.split('/').pop()!;
  return { name, day: parseBybitDumpName(name)!.day, stream: () => createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Uint8Array> };
};

async function importMonth(month: string, out: string) {
  const dumps = DAYS.filter((d) => d.startsWith(month)).map((d) => dumpInput(join(archive, bybitDumpPath(SYMBOL, d))));
  const oiDays = await Promise.all(DAYS.filter((d) => d.startsWith(month)).map(async (d) => ({
    name: `${SYMBOL}-open-interest-${d}.json`, day: d, text: await readFile(join(archive, bybitOiDayPath(SYMBOL, d)), 'utf8'),
  })));
  const m = await buildBybitMonth(SYMBOL, month, dumps, oiDays);
  for (const p of m.profiles) await writeFile(join(out, p.fileName), p.bytes);
  return m;
}

describe('Bybit importer core = Node builder', () => {
  it('every cell and key of volume, candles and oi, two months, a missing day named in liqmap.days', async () => {
    for (const month of ['2025-09', '2025-10']) {
      const mine = await tempDir('bybit-eq-mine');
      const r = await importMonth(month, mine);
      expect(r.synthetic).toBe(true);
      for (const kind of ['volume', 'candles', 'oi']) {
        const name = `${SYMBOL}-${month}.${kind}.parquet`;
        const theirs = join(built, 'bybit', SYMBOL, name);
        const a = await profileRows(theirs, kind);
        expect(a.length).toBeGreaterThan(0);
        expect(differences(a, await profileRows(join(mine, name), kind)), name).toEqual([]);
        const liqmap = async (p: string) => Object.fromEntries(Object.entries(await profileMeta(p)).filter(([k]) => k.startsWith('liqmap.') && k !== 'liqmap.source'));
        expect(await liqmap(join(mine, name)), name).toEqual(await liqmap(theirs));
      }
      if (month === '2025-10') expect(r.days).toBe('2025-10-01..2025-10-02,2025-10-04..2025-10-04');
    }
  }, 120_000);

  it('fflate\'s gunzip gives the native one\'s bytes', async () => {
    const path = join(archive, bybitDumpPath(SYMBOL, DAYS[0]));
    const all = async (native: boolean) => {
      const parts: Uint8Array[] = [];
      for await (const c of gunzipChunks(createReadStream(path, { highWaterMark: 4096 }) as AsyncIterable<Uint8Array>, native)) parts.push(c);
      return Buffer.concat(parts);
    };
    const native = await all(true);
    expect(native.subarray(0, 9).toString()).toBe('timestamp');
    expect((await all(false)).equals(native)).toBe(true);
  });

  it('refuses a dump that is not gzip, or is cut short, naming it', async () => {
    const dir = await tempDir('bybit-eq-bad');
    const whole = await readFile(join(archive, bybitDumpPath(SYMBOL, DAYS[0])));
    const cut = join(dir, `${SYMBOL}${DAYS[0]}.csv.gz`);
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(buildBybitMonth(SYMBOL, '2025-09', [dumpInput(cut)], [])).rejects.toThrow(new InputProblem(`${SYMBOL}${DAYS[0]}.csv.gz: not a whole gzip file (truncated or corrupt)`));
    await writeFile(cut, 'timestamp,symbol,side,size,price\n1,ETHUSDT,Buy,1,1\n');
    await expect(buildBybitMonth(SYMBOL, '2025-09', [dumpInput(cut)], [])).rejects.toThrow(`${SYMBOL}${DAYS[0]}.csv.gz: not a gzip file`);
    expect((await readdir(dir)).length).toBe(1);
  });
});
