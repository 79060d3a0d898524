/**
 * Before/after for the first chart on a shared machine: two builds of the site (e.g. a copy of
 * dist/ taken before a change, and dist/ after it) and the bare DuckDB-WASM page, visited in
 * turn within each round (the order rotates), each visit in a fresh browser profile, as in
 * first-chart.ts. Prints every visit with the load average, then medians and ratios to bare.
 * `npx tsx bench/first-compare.ts <distA> <distB>`; ROUNDS=3 by default, BARE=0 leaves out the yardstick.
 */
import { readFileSync } from 'node:fs';
import { appDrawn, appSaved, bareReady, buildBarePage, visit, type Visit } from './first-chart.ts';
import { startStaticServer, type StaticServer } from '../tests/helpers/static-server.ts';
import { median } from './stats.ts';

const [aDir, bDir] = process.argv.slice(2);
if (!aDir || !bDir) throw new Error('usage: npx tsx bench/first-compare.ts <distA> <distB>');
const rounds = Number(process.env.ROUNDS ?? 3);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const servers: Record<string, StaticServer> = { A: await startStaticServer(aDir), B: await startStaticServer(bDir) };
if (process.env.BARE !== '0') servers.bare = await startStaticServer(await buildBarePage(), '/bare/');
const open = (name: string) => {
  const s = servers[name];
  return name === 'bare' ? visit(s, `${s.url}index.html`, bareReady, bareReady) : visit(s, s.url, appDrawn, appSaved);
};

const names = Object.keys(servers);
const visits: Record<string, Visit[]> = Object.fromEntries(names.map((n) => [n, []]));
try {
  for (let i = 0; i < rounds; i++) {
    for (const name of [...names.slice(i % names.length), ...names.slice(0, i % names.length)]) {
      const v = await open(name);
      visits[name].push(v);
      console.log(`round ${i} ${name.padEnd(4)} cold ${v.cold} first return ${v.firstReturn} warm ${v.warm} saved ${v.savedShown}   load ${load()}`);
    }
  }
} finally {
  for (const s of Object.values(servers)) await s.close();
}
for (const name of names) {
  const m = (f: keyof Visit) => median(visits[name].map((v) => v[f]));
  const ratio = (f: keyof Visit) => (visits.bare ? ` (${(m(f) / median(visits.bare.map((v) => v[f]))).toFixed(2)}x bare)` : '');
  console.log(`${name.padEnd(4)} median cold ${m('cold')}${ratio('cold')} warm ${m('warm')}${ratio('warm')} saved ${m('savedShown')}`);
}
