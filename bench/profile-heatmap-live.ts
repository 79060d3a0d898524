/**
 * Where the heatmap's main-thread time goes under the live replay (live-browser.ts: 1,000
 * forceOrder + 5,000 aggTrade msg/s for 10 s): a CPU profile of the page during the replay,
 * printed as self time per script and the busiest functions, with the longest task.
 * FULL=1: onto a full liquidation buffer (live-browser.ts's FULL_BUFFER streamed in first).
 * ALLOC=1: the bytes allocated per function instead (alloc-profile.ts), for the garbage behind GC pauses;
 * GC=1: the garbage collections' pauses instead (gc-trace.ts).
 * `DIST=dist [QUERY=&marks=0] [FULL=1] [ALLOC=1 | GC=1] npx tsx bench/profile-heatmap-live.ts` (needs the build).
 */
import path from 'node:path';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { startStaticServer } from '../tests/helpers/static-server.ts';
import { sampleLastCandle, sampleLastClose } from '../tests/browser/app-fixture.ts';
import { startStreamMock } from '../tests/mock/stream-mock.ts';
import { profilePage } from './cpu-profile.ts';
import { allocationsOf } from './alloc-profile.ts';
import { gcPausesOf } from './gc-trace.ts';
import { FULL_BUFFER, liveRun } from './live-browser.ts';

const dist = path.resolve(import.meta.dirname, '..', process.env.DIST ?? 'dist');
const server = await startStaticServer(dist);
const browser = await launchBrowser();
const streams = await startStreamMock();
try {
  const close = await sampleLastClose(dist, 'BTCUSDT', '2025-11');
  const lastCandle = await sampleLastCandle(dist, 'BTCUSDT', '2025-11');
  const r = await liveRun(browser, server.url, streams, close, lastCandle, 'heatmap', 30_000_000, process.env.ALLOC ? allocationsOf : process.env.GC ? gcPausesOf : profilePage, process.env.QUERY ?? '', process.env.FULL ? FULL_BUFFER : 0);
  console.log(`longest main-thread task ${Math.round(r.longest)} ms, ${r.recorded} tape rows, ${r.draws.length} recomputes, ${r.markers} markers drawn`);
} finally {
  await streams.close();
  await browser.close();
  await server.close();
}
