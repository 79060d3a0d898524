/**
 * `npm pack` gives a package whose `liqmap` runs with nothing else installed: the tarball is
 * installed into an empty folder from npm's cache only (offline, the repo's locked versions),
 * and its bin prints the app's export.
 */
import { afterAll, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { appEngine, appMapCsv, manual } from './app-exports.ts';
import { ensureSample, ROOT } from './cli-process.ts';
import { startStaticServer } from '../../helpers/static-server.ts';

const run = promisify(execFile);
const OFFLINE = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
let dir: string;
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A lock for the installing folder: the tarball, and the repo's locked production packages (all in npm's cache). */
async function lockFor(tarball: string): Promise<object> {
  const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const spec = `file:${tarball}`;
  const packages: Record<string, object> = {
    '': { dependencies: { liqmap: spec } },
    'node_modules/liqmap': { version: pkg.version, resolved: spec, dependencies: pkg.dependencies, bin: pkg.bin, license: pkg.license },
  };
  for (const [key, entry] of Object.entries<Record<string, unknown>>(lock.packages)) {
    if (key && !entry.dev && !entry.link) packages[key] = entry;
  }
  return { name: 'liqmap-pack-test', lockfileVersion: 3, requires: true, packages };
}

test('the packed tarball installs offline and its liqmap levels prints the app export', async () => {
  const sample = ensureSample();
  dir = await mkdtemp(path.join(tmpdir(), 'liqmap-pack-'));
  const { stdout } = await run('npm', ['pack', ROOT, '--pack-destination', dir], { env: OFFLINE, cwd: dir });
  const tarball = path.join(dir, stdout.trim().split('\n').at(-1)!);
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'liqmap-pack-test', private: true, dependencies: { liqmap: `file:${tarball}` } }));
  await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify(await lockFor(tarball)));
  await run('npm', ['ci', '--ignore-scripts'], { env: OFFLINE, cwd: dir });

  const bin = path.join(dir, 'node_modules/.bin/liqmap');
  const args = ['levels', '--source', sample, '--symbol', 'BTCUSDT', '--window', '20', '--oi', '80000', '--price', '95000'];
  const out = await run(bin, args, { cwd: dir, maxBuffer: 64 << 20 });
  const server = await startStaticServer(path.dirname(sample), '/p/');
  const engine = await appEngine(`${server.url}sample/manifest.json`);
  const expected = await appMapCsv(engine, 'symbol=BTCUSDT&window=20', manual(80_000, 95_000));
  await server.close();
  expect(out.stdout.split('\n').length).toBeGreaterThan(10);
  expect(out.stdout).toBe(expected);
}, 600_000);
