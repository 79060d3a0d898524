/**
 * `liqmap serve`: the seed project's HTTP API over the app's engine. One Engine for the
 * process: the source is opened once and each symbol-month is loaded once, whatever the
 * number of concurrent requests (the engine runs them one at a time over shared profiles).
 */
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_BASE_URL } from '../../src/lib/binance/base-url.ts';
import type { Args } from './args.ts';
import { liveFigureMemo, type FigureOptions } from './figures.ts';
import { heatmap } from './heatmap.ts';
import { history } from './history.ts';
import { levels, type Output } from './levels.ts';
import { openSource, type OpenedSource } from './node-engine.ts';
import { queryName, readModelOptions, type ModelCommand } from './options.ts';
import { BadInput } from './prepare.ts';

export interface ServeOptions {
  source: string;
  port: number;
  host: string;
  records: string | null;
  restBase: string;
  /** The most the loaded profile months may hold in memory, in bytes (--profile-memory). */
  profileMemory?: number;
}

/** --port's and --host's defaults: this machine only. */
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
/** --profile-memory's default: a few symbols' year of BTC-sized months. */
export const DEFAULT_PROFILE_MEMORY = 1024 ** 3;
/** The files' bytes kept beside the loaded months (so a month let go loads again without a download), as a share of --profile-memory. */
const FILE_BYTES_SHARE = 0.25;

/** "512MB", "1GB", "1.5G" or a number of MB, in bytes; null when it is none of these. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(MB?|GB?)?$/i.exec(text.trim());
  if (!m) return null;
  const bytes = Number(m[1]) * (m[2]?.toUpperCase().startsWith('G') ? 1024 ** 3 : 1024 ** 2);
  return bytes > 0 ? Math.round(bytes) : null;
}

export function readServeOptions(args: Args): ServeOptions {
  const o = args.options;
  const problems: string[] = [];
  for (const k of o.keys()) if (!['source', 'port', 'host', 'records', 'binance-rest', 'profile-memory'].includes(k)) problems.push(`--${k} is not an option of "liqmap serve".`);
  if (!o.has('source')) problems.push('--source is required (a folder with manifest.json, or its URL).');
  const port = Number(o.get('port') ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`--port "${o.get('port')}" is not a port number (0-65535).`);
  const memory = o.has('profile-memory') ? parseSize(o.get('profile-memory')!) : DEFAULT_PROFILE_MEMORY;
  if (memory === null) problems.push(`--profile-memory "${o.get('profile-memory')}" is not a size: give e.g. 512MB or 2GB.`);
  if (problems.length) throw new BadInput(problems);
  return {
    source: o.get('source')!, port, host: o.get('host') ?? DEFAULT_HOST, records: o.get('records') ?? null, restBase: o.get('binance-rest') ?? DEFAULT_BASE_URL,
    profileMemory: memory!,
  };
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, OPTIONS', 'access-control-allow-headers': '*' };

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...CORS, 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(text);
}

export interface Api {
  handle(req: IncomingMessage, res: ServerResponse): Promise<number>;
}

export function api(src: OpenedSource, o: ServeOptions, started = Date.now()): Api {
  const fig: FigureOptions = { restBase: o.restBase, memo: liveFigureMemo() };
  const maxBytes = o.profileMemory ?? DEFAULT_PROFILE_MEMORY;
  // Requests under way, by symbol: their months stay loaded until their compute is done.
  const busy = new Map<string, number>();
  const model = async (q: URLSearchParams, command: ModelCommand): Promise<Output & { format: 'csv' | 'json' }> => {
    const run = command === 'levels' ? levels : heatmap;
    const parsed = readModelOptions(command, [...q.keys()], (n) => q.get(n) ?? undefined, queryName, 'json');
    if (!parsed.ok) throw new BadInput(parsed.problems);
    const symbol = parsed.value.view.symbol;
    busy.set(symbol, (busy.get(symbol) ?? 0) + 1);
    try {
      return { ...(await run(src, parsed.value, queryName, fig)), format: parsed.value.format };
    } finally {
      const left = busy.get(symbol)! - 1;
      if (left) busy.set(symbol, left);
      else busy.delete(symbol);
      // Not awaited: the answer does not wait for months of other requests to go.
      void src.engine.trim(maxBytes, (s) => busy.has(s)).catch(() => undefined);
    }
  };
  return {
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://liqmap');
      if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end(), 204;
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: `${req.method} is not served: GET only.` }), 405;
      try {
        const twice = [...new Set([...url.searchParams.keys()].filter((k) => url.searchParams.getAll(k).length > 1))];
        if (twice.length) throw new BadInput(twice.map((k) => `parameter "${k}" is given ${url.searchParams.getAll(k).length} times; give it once.`));
        switch (url.pathname) {
          case '/health':
            send(res, 200, {
              status: 'ok', service: 'liqmap', source: src.label, symbols: src.catalog.symbols.map((s) => s.symbol), records: o.records,
              uptimeSeconds: Math.round((Date.now() - started) / 1000), profileMemory: memoryUse(src, maxBytes),
            });
            return 200;
          case '/liquidations/levels':
          case '/liquidations/heatmap': {
            const out = await model(url.searchParams, url.pathname.endsWith('levels') ? 'levels' : 'heatmap');
            if (out.format === 'csv') send(res, 200, out.csv(), 'text/csv');
            else send(res, 200, out.json());
            return 200;
          }
          case '/liquidations/history': {
            if (o.records === null) return send(res, 404, { error: 'This server keeps no liquidation records: start it with --records DIR (the folder liqmap record writes).' }), 404;
            const h = await history(o.records, url.searchParams);
            if (h.format === 'csv') send(res, 200, h.csv(), 'text/csv');
            else send(res, 200, h.json());
            return 200;
          }
          default:
            send(res, 404, { error: `${url.pathname} is not served: /health, /liquidations/levels, /liquidations/heatmap, /liquidations/history.` });
            return 404;
        }
      } catch (e) {
        if (e instanceof BadInput) return send(res, 400, { error: e.message, problems: e.problems }), 400;
        send(res, 500, { error: e instanceof Error ? e.message : String(e) });
        return 500;
      }
    },
  };
}

/** What /health says of the loaded months: how many, their bytes, the bound. */
function memoryUse(src: OpenedSource, maxBytes: number) {
  const sizes = src.engine.table.monthSizes();
  return { months: sizes.length, bytes: sizes.reduce((s, m) => s + m.bytes, 0), maxBytes };
}

/** Why the server could not listen, in the options' terms and with what to do. */
function listenProblem(e: NodeJS.ErrnoException, o: ServeOptions): string {
  const at = `${o.host}:${o.port}`;
  if (e.code === 'EADDRINUSE') return `--port ${o.port}: ${at} is already in use (another liqmap serve?); stop that server or choose another --port.`;
  if (e.code === 'EACCES') return `--port ${o.port}: this user may not listen on ${at} (ports below 1024 need privileges); choose a --port from 1024.`;
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') return `--host ${o.host} is not an address of this machine (${e.code}); use 127.0.0.1, 0.0.0.0 or one of its addresses.`;
  return `could not listen on ${at}: ${e.message}`;
}

export async function startServer(o: ServeOptions, log: (line: string) => void = () => {}): Promise<{ server: Server; url: string; src: OpenedSource }> {
  const src = await openSource(o.source, Math.round((o.profileMemory ?? DEFAULT_PROFILE_MEMORY) * FILE_BYTES_SHARE));
  for (const p of src.catalog.problems) log(src.local(p));
  if (o.records !== null && !(await stat(o.records).then((s) => s.isDirectory(), () => false))) {
    log(`--records ${o.records} is not a folder (yet): /liquidations/history stays empty until liqmap record --out ${o.records} writes there.`);
  }
  const handler = api(src, o);
  const server = createServer((req, res) => {
    const t0 = performance.now();
    void handler.handle(req, res).then((status) => log(`${req.method} ${req.url} ${status} ${(performance.now() - t0).toFixed(0)} ms`));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => fail(new Error(listenProblem(e, o))));
    server.listen(o.port, o.host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`, src };
}

export async function serveCommand(args: Args, say: (line: string) => void): Promise<void> {
  const o = readServeOptions(args);
  const { server, url, src } = await startServer(o, say);
  say(`serving ${src.catalog.symbols.map((s) => s.symbol).join(', ')} from ${o.source} on ${url} (GET /health, /liquidations/levels, /liquidations/heatmap, /liquidations/history)`);
  const stop = (signal: string) => {
    say(`${signal}: stopping`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
