/**
 * `liqmap levels` and `liqmap heatmap` give the app's exports: the CLI, run as a process on the
 * bundled sample, prints what the app's own controller rules (mapRequest / heatmapRequest),
 * engine and CSV export give in-process for the same figures.
 */
import { beforeAll, expect, test } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Engine } from '../../../src/lib/engine/engine.ts';
import { matrixCsv } from '../../../src/lib/export/csv.ts';
import { parseViewState } from '../../../src/lib/state/view-state.ts';
import { mapRequest } from '../../../src/lib/state/map-controller.ts';
import { daysNeeded, heatmapRequest } from '../../../src/lib/state/heatmap-controller.ts';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.ts';
import { appEngine, appMapCsv, manual } from './app-exports.ts';
import { ensureSample, runCli } from './cli-process.ts';
import { manifestUrl } from '../../../tools/cli/node-engine.ts';

let sample: string;
let server: StaticServer;
let engine: Engine;
beforeAll(async () => {
  sample = ensureSample();
  server = await startStaticServer(path.dirname(sample), '/p/');
  engine = await appEngine(`${server.url}sample/manifest.json`);
  return () => server.close();
}, 300_000);

test('levels: the CSV equals the app export for the same URL parameters, and stderr says the figures were typed in', async () => {
  const expected = await appMapCsv(engine, 'symbol=ETHUSDT&window=45&tiers=10:0.5,25:0.5&split=even&oi=1200000&price=3100', manual(1_200_000, 3100));

  const ran = await runCli(['levels', '--source', sample, '--symbol', 'ETHUSDT', '--window', '45', '--tiers', '10:.5,25:.5', '--split', 'even', '--oi', '1200000', '--price', '3100']);
  expect(ran.stderr).toContain('typed in by hand');
  expect(ran.code).toBe(0);
  expect(ran.stdout.split('\n').length).toBeGreaterThan(10);
  expect(ran.stdout).toBe(expected);
}, 600_000);

test('levels from a manifest URL, as JSON: the same levels, and inputs that state the window, figures and months', async () => {
  const ran = await runCli(['levels', '--source', `${server.url}sample/manifest.json`, '--symbol', 'BTCUSDT', '--oi-usd', '7600000000', '--price', '95000', '--format', 'json']);
  expect(ran.code).toBe(0);
  const out = JSON.parse(ran.stdout);
  const view = parseViewState('?symbol=BTCUSDT&price=95000').state;
  const prepared = await engine.prepare('BTCUSDT', view.windowDays);
  const request = mapRequest(view, { ...manual(80_000, 95_000), oiUsd: 7_600_000_000 }, prepared, prepared.synthetic);
  if (request.kind !== 'compute') throw new Error(`app request ${request.kind}`);
  const cells = (await engine.computeMap(request.params)).cells;
  expect(out.levels.length).toBe(cells.priceBin.filter((_, i) => cells.volumeUsd[i] !== 0).length);
  expect(out.levels[0]).toEqual({ price_bin: cells.priceBin[0], side: cells.side[0] === 0 ? 'long' : 'short', leverage: cells.leverage[0], volume_usd: cells.volumeUsd[0] });
  expect(out.inputs).toMatchObject({ symbol: 'BTCUSDT', model: 'oi', windowDays: 30, oiUsd: 7_600_000_000, markPrice: 95_000, autoStep: true, step: request.params.step });
  expect(out.inputs.figures.source).toBe('manual');
  expect(out.inputs.months).toEqual(prepared.months.filter((m) => out.inputs.months.includes(m)));
  expect(out.inputs.statement.inputs.map((r: { label: string }) => r.label)).toContain('Window');
  expect(out.inputs.statement.warnings.join(' ')).toContain('synthetic');
}, 600_000);

test('heatmap: the CSV equals the app export for the same range and figures', async () => {
  const view = { ...parseViewState('?view=heatmap&symbol=BTCUSDT&range=7d&whale=100000').state };
  const prepared = await engine.prepare('BTCUSDT', daysNeeded(view));
  const request = heatmapRequest(view, manual(80_000, 95_000), prepared, prepared.synthetic);
  if (request.kind !== 'compute') throw new Error(`app request ${request.kind}`);
  const r = await engine.computeHeatmap(request.params);
  const ran = await runCli(['heatmap', '--source', sample, '--symbol', 'BTCUSDT', '--range', '7d', '--threshold', '100000', '--oi', '80000', '--price', '95000']);
  expect(ran.code).toBe(0);
  expect(ran.stdout.split('\n').length).toBeGreaterThan(100);
  expect(ran.stdout).toBe(matrixCsv(r.times, r.priceBins, r.matrix));
}, 600_000);

test('without figures it uses the profile latest OI record and close, and says why on stderr', async () => {
  const ran = await runCli(['levels', '--source', sample, '--symbol', 'BTCUSDT', '--binance-rest', 'http://127.0.0.1:9', '--format', 'json']);
  expect(ran.code).toBe(0);
  expect(ran.stderr).toContain('Binance REST gave no figure (Binance did not answer (network or regional block)');
  expect(ran.stderr).not.toMatch(/browser|CORS/);
  expect(ran.stderr).toContain("the profile's latest OI record and close");
  const prepared = await engine.prepare('BTCUSDT', 30);
  const out = JSON.parse(ran.stdout);
  expect(out.inputs.markPrice).toBe(prepared.lastClose);
  expect(out.inputs.oiUsd).toBe(prepared.lastOi!.usd);
}, 600_000);

test('bad options exit 2 with a message naming each option, an unknown exchange too', async () => {
  const ran = await runCli(['levels', '--source', sample, '--symbol', 'BTCUSDT', '--window', 'abc', '--threshold', '7', '--exchanges', 'binance,okx', '--oi', '5', '--colour', 'red']);
  expect(ran.code).toBe(2);
  expect(ran.stdout).toBe('');
  for (const part of ['--window "abc"', '--threshold "7"', '--exchanges "binance,okx" is not a list of binance, bybit', '--oi needs --price', '--colour']) expect(ran.stderr).toContain(part);
  // An unset shell variable: --symbol "" drew BTCUSDT's map (exit 0); --port "" served on a random port.
  const empty = await runCli(['levels', '--source', sample, '--symbol', '', '--step=', '--oi', '80000', '--price', '95000']);
  expect([empty.code, empty.stdout]).toEqual([2, '']);
  expect(empty.stderr).toContain('liqmap: --symbol is empty: give it a value (is a shell variable unset?).');
  expect(empty.stderr).toContain('liqmap: --step is empty');
  const port = await runCli(['serve', '--source', sample, '--port', '']);
  expect([port.code, port.stderr]).toEqual([2, 'liqmap: --port is empty: give it a value (is a shell variable unset?).\n']);
  const tiers = await runCli(['levels', '--source', sample, '--symbol', 'BTCUSDT', '--tiers', '5:.5,10:.4', '--oi', '80000', '--price', '95000']);
  expect([tiers.code, tiers.stdout]).toEqual([2, '']);
  expect(tiers.stderr).toContain('liqmap: --tiers "5:.5,10:.4": Weights sum to 0.9, under 1 by 0.1.');
  // An option of the other command was ignored: levels --range 7d gave the 30-day map, heatmap --window or --model trades changed nothing.
  const range = await runCli(['levels', '--source', sample, '--symbol', 'BTCUSDT', '--range', '7d', '--oi', '80000', '--price', '95000']);
  expect([range.code, range.stdout]).toEqual([2, '']);
  expect(range.stderr).toContain('liqmap: --range is the heatmap\'s span; the map\'s lookback is --window (days, e.g. 7).');
  const window = await runCli(['heatmap', '--source', sample, '--symbol', 'BTCUSDT', '--window', '7', '--model', 'trades', '--oi', '80000', '--price', '95000']);
  expect([window.code, window.stdout]).toEqual([2, '']);
  expect(window.stderr).toContain('liqmap: --window is the map\'s lookback; the heatmap spans --range (12h, 24h, 3d, 7d, 30d, 90d, 180d or 1y).');
  expect(window.stderr).toContain('liqmap: --model "trades" is the map\'s; the heatmap always walks open interest (leave --model out).');
  const symbol = await runCli(['levels', '--source', sample, '--symbol', 'DOGEUSDT', '--oi', '5', '--price', '1']);
  expect(symbol.code).toBe(2);
  expect(symbol.stderr).toContain('--symbol "DOGEUSDT"');
  expect(symbol.stderr).toContain('BTCUSDT, ETHUSDT');
  const none = await runCli([]);
  expect(none.code).toBe(2);
  expect(none.stdout).toBe('');
  expect(none.stderr).toContain('liqmap levels  --source');
  // An exchange the source has no profiles of for the symbol is the user's choice to fix (it was exit 1, "No profile data").
  const exchange = await runCli(['levels', '--source', sample, '--symbol', 'ETHUSDT', '--exchanges', 'bybit']);
  expect(exchange.code).toBe(2);
  expect(exchange.stderr).toContain('--exchanges "bybit": the source');
  expect(exchange.stderr).toContain('it has them on Binance');
}, 600_000);

test('--source: a folder without manifest.json is named as such, a URL without one says its HTTP status (neither speaks of "this browser"); a manifest.json path is its folder', async () => {
  const empty = await mkdtemp(path.join(tmpdir(), 'liqmap-empty-'));
  try {
    const ran = await runCli(['levels', '--source', empty, '--symbol', 'BTCUSDT', '--oi', '80000', '--price', '95000']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(`--source: ${empty} holds no manifest.json`);
    expect(ran.stderr).not.toContain('browser');
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
  const url = await runCli(['levels', '--source', `${server.url}nothing/manifest.json`, '--symbol', 'BTCUSDT', '--oi', '80000', '--price', '95000']);
  expect(url.code).toBe(1);
  expect(url.stderr).toContain(`The profile list ${server.url}nothing/manifest.json could not be read (HTTP 404).`);
  expect(url.stderr).toContain('Check the URL (a manifest.json, or the folder holding it) and that this machine reaches it (network, proxy, firewall), or give a local folder.');
  const none = await mkdtemp(path.join(tmpdir(), 'liqmap-none-'));
  try {
    await writeFile(path.join(none, 'manifest.json'), '{"schema":1,"files":[]}');
    const listsNone = await runCli(['levels', '--source', none, '--symbol', 'BTCUSDT', '--oi', '80000', '--price', '95000']);
    expect(listsNone.code).toBe(1);
    expect(listsNone.stderr).toContain(`The source ${none} offers no profiles: its manifest lists none. Build profiles into it (npm run profiles -- --in <archive> --out ${none}).`);
  } finally {
    await rm(none, { recursive: true, force: true });
  }
  expect(url.stderr).not.toContain('browser');
  const file = await runCli(['levels', '--source', path.join(sample, 'manifest.json'), '--symbol', 'BTCUSDT', '--oi', '80000', '--price', '95000']);
  expect(file.code).toBe(0);
  expect(file.stdout.startsWith('price_bin,side,leverage,volume_usd\n')).toBe(true);
}, 600_000);

test('a source URL naming a folder reads its manifest.json (it was "HTTP 404"); a URL of a file is kept as given', () => {
  expect(manifestUrl('https://example.org/liqmap/profiles/')).toBe('https://example.org/liqmap/profiles/manifest.json');
  expect(manifestUrl('https://example.org/liqmap/profiles')).toBe('https://example.org/liqmap/profiles/manifest.json');
  expect(manifestUrl('https://example.org/liqmap/profiles/manifest.json')).toBe('https://example.org/liqmap/profiles/manifest.json');
  expect(manifestUrl('https://example.org/p/latest.json?v=2')).toBe('https://example.org/p/latest.json?v=2');
});

test('a corrupt month is named as refused; a corrupt latest month is passed over; every month corrupt exits 1 naming the files, not a bare "No profile data is loaded"', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'liqmap-corrupt-'));
  try {
    await cp(sample, dir, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { files: { path: string; kind: string; symbol: string; month: string; exchange?: string }[] };
    const volumes = manifest.files.filter((f) => f.symbol === 'BTCUSDT' && f.kind === 'volume' && (f.exchange ?? 'binance') === 'binance').sort((a, b) => a.month.localeCompare(b.month));
    const corrupt = async (f: { path: string }) => {
      const bytes = await readFile(path.join(dir, f.path));
      bytes[1000] ^= 0xff;
      await writeFile(path.join(dir, f.path), bytes);
    };
    // An earlier month refused: the map is drawn, and stderr tells the refused month from months the source lacks.
    const [first, , earlier, latest] = volumes;
    await corrupt(earlier);
    const partial = await runCli(['levels', '--source', dir, '--symbol', 'BTCUSDT', '--oi', '80000', '--price', '95000', '--window', '150']);
    expect(partial.code).toBe(0);
    expect(partial.stderr).toContain(`months not loaded, a file of theirs refused: ${earlier.month}`);
    expect(partial.stderr).toMatch(/months missing from the source: [0-9-]+/);
    expect(partial.stderr).not.toContain(`missing from the source: ${first.month}`);

    // The latest month refused as well: both are passed over, named, and the map ends with the month before them.
    await corrupt(latest);
    const before = await runCli(['levels', '--source', dir, '--symbol', 'BTCUSDT', '--oi', '80000', '--price', '95000']);
    expect(before.code).toBe(0);
    expect(before.stdout).not.toBe('');
    expect(before.stderr).toContain(`months not loaded, a file of theirs refused: ${earlier.month}, ${latest.month}`);
    expect(before.stderr).toContain(`${latest.path} was refused: its sha256`);
    // Every month refused: exit 1 naming the files, not a bare "No profile data is loaded".
    for (const f of volumes) if (f !== earlier && f !== latest) await corrupt(f);
    const ran = await runCli(['levels', '--source', dir, '--symbol', 'BTCUSDT', '--oi', '80000', '--price', '95000']);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain(`No profile month of BTCUSDT could be loaded from ${dir}`);
    expect(ran.stderr).toContain(`${latest.path} was refused: its sha256`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 600_000);
