/**
 * The command line on 12 BTC-sized months (big-profiles.ts), read from a local folder:
 * `liqmap levels` end to end as a cold process (the packed bundle, as `npx liqmap` runs it),
 * and the server's /liquidations/levels once its profiles are loaded (warm); and the recorder's
 * flush of a liquidation cascade (20,000 events of one symbol-day queued between two flushes).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { writeBigProfiles } from './big-profiles.ts';
import { rm } from 'node:fs/promises';
import { startServer } from '../tools/cli/serve.ts';
import { RecordWriter } from '../tools/cli/record-files.ts';
import { makeLiquidation } from '../src/lib/live/events.ts';
import { median, p95 } from './stats.ts';

const root = path.resolve(import.meta.dirname, '..');
const round = (x: number) => Math.round(x * 10) / 10;

export async function benchCli(): Promise<Record<string, unknown>> {
  const dir = path.join(os.tmpdir(), 'liqmap-bench-big-cli');
  await writeBigProfiles(dir, 12);
  execFileSync('npm', ['run', 'prepack'], { cwd: root, stdio: 'ignore' });
  const bundle = path.join(root, 'dist-cli/liqmap.mjs');
  const out: Record<string, unknown> = { load_average_1m: os.loadavg()[0].toFixed(1) };

  for (const days of [30, 365]) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      execFileSync(process.execPath, [bundle, 'levels', '--source', dir, '--symbol', 'BTCUSDT', '--window', String(days), '--oi', '80000', '--price', '95000'], { stdio: ['ignore', 'ignore', 'ignore'] });
      times.push(performance.now() - t0);
    }
    out[`levels_cold_process_${days}d_ms_median_of_3`] = round(median(times));
  }

  const { server, url } = await startServer({ source: dir, port: 0, host: '127.0.0.1', records: null, restBase: 'http://127.0.0.1:9' });
  try {
    for (const days of [30, 365]) {
      const q = `${url}/liquidations/levels?symbol=BTCUSDT&timeframe=${days}&oi=80000&price=95000`;
      const t0 = performance.now();
      if (!(await fetch(q)).ok) throw new Error(`${q} failed`);
      out[`serve_levels_${days}d_first_request_ms`] = round(performance.now() - t0);
      const warm: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await (await fetch(`${q}&mmr=0.00${4 + (i % 3)}`)).text();
        warm.push(performance.now() - t);
      }
      out[`serve_levels_${days}d_warm_ms_median`] = round(median(warm));
      out[`serve_levels_${days}d_warm_ms_p95`] = round(p95(warm));
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  Object.assign(out, await benchRecorderFlush());
  return out;
}

/** One flush of a cascade: it runs on the event loop that reads the streams, so it must stay short. */
async function benchRecorderFlush(events = 20_000): Promise<Record<string, number>> {
  const dir = path.join(os.tmpdir(), 'liqmap-bench-record');
  const t0 = Date.UTC(2026, 0, 2);
  const cascade = Array.from({ length: events }, (_, i) => makeLiquidation(t0 + i * 10, 'bybit', 'BTCUSDT', i % 2 ? 'long' : 'short', 90_000 + i, 0.01));
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    await rm(dir, { recursive: true, force: true });
    const writer = new RecordWriter(dir);
    writer.add(cascade);
    const t = performance.now();
    await writer.flush();
    times.push(performance.now() - t);
  }
  await rm(dir, { recursive: true, force: true });
  return { record_flush_20k_events_ms_median: round(median(times)), record_flush_20k_events_ms_p95: round(p95(times)) };
}
