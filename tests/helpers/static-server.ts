/**
 * Serves a built site (or an archive folder) under a sub-path (as GitHub Pages does), with the
 * MIME types a browser insists on (application/wasm for streaming instantiation), like any
 * static host an ETag answered by 304 when the browser's copy is current, byte ranges
 * (`Range: bytes=N-`, for resumed downloads), and injectable failures. Test and bench use only.
 */
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.parquet': 'application/octet-stream',
};

/** What a request gets instead of the file: an HTTP status, or the file cut after some bytes. */
export type Fault = { status: number; body?: string } | { cutAfter: number } | { ignoreRange: true };

export interface StaticServer {
  origin: string;
  /** Origin + base path, ending with '/'. */
  url: string;
  /** Requests seen, path only (for "nothing was downloaded again" checks). */
  requests: string[];
  /** Every answered file request with its status (200, 206 for a byte range, or 304: not sent again). */
  served: { path: string; status: number }[];
  /** Make every request fail at the socket (the network is "off"). */
  setOffline(off: boolean): void;
  /** Decide per request (path, how many times it was asked for since this call) whether it fails; null: none. */
  setFault(decide: ((path: string, nth: number) => Fault | undefined) | null): void;
  close(): Promise<void>;
}

export async function startStaticServer(root: string, base = '/liqmap/', extra?: Record<string, string>): Promise<StaticServer> {
  const requests: string[] = [];
  const served: { path: string; status: number }[] = [];
  let offline = false;
  let decide: ((path: string, nth: number) => Fault | undefined) | null = null;
  let asked = new Map<string, number>();
  const server = http.createServer((req, res) => {
    if (offline) return req.socket.destroy();
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    asked.set(url.pathname, (asked.get(url.pathname) ?? 0) + 1);
    const fault = decide?.(url.pathname, asked.get(url.pathname)!);
    if (fault && 'status' in fault) { res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(fault.body ?? ''); return; }
    let dir = root;
    let rel: string | undefined;
    for (const [prefix, folder] of Object.entries(extra ?? {})) {
      if (url.pathname.startsWith(prefix)) { dir = folder; rel = url.pathname.slice(prefix.length); }
    }
    if (rel === undefined) {
      if (!url.pathname.startsWith(base)) { res.writeHead(404).end('not found'); return; }
      rel = url.pathname.slice(base.length) || 'index.html';
    }
    const file = path.join(dir, decodeURIComponent(rel));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    let size: number;
    let etag: string;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
      etag = `"${st.size.toString(16)}-${Math.round(st.mtimeMs).toString(16)}"`;
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const common = { etag, 'access-control-allow-origin': '*', 'cache-control': 'no-cache', 'accept-ranges': 'bytes' };
    if (req.headers['if-none-match'] === etag) {
      served.push({ path: url.pathname, status: 304 });
      res.writeHead(304, common).end();
      return;
    }
    const headers = { ...common, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (range && !(fault && 'ignoreRange' in fault)) {
      start = Number(range[1]);
      if (start >= size) { res.writeHead(416, { 'content-range': `bytes */${size}` }).end(); return; }
      served.push({ path: url.pathname, status: 206 });
      res.writeHead(206, { ...headers, 'content-length': size - start, 'content-range': `bytes ${start}-${size - 1}/${size}` });
    } else {
      served.push({ path: url.pathname, status: 200 });
      res.writeHead(200, { ...headers, 'content-length': size });
    }
    const cut = fault && 'cutAfter' in fault ? fault.cutAfter : undefined;
    const stream = createReadStream(file, { start, end: cut === undefined ? undefined : start + cut - 1 });
    // A cut: send the first bytes, then drop the connection mid-body.
    if (cut !== undefined) stream.on('end', () => setTimeout(() => res.destroy(), 20));
    stream.pipe(res, { end: cut === undefined });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: origin + base,
    requests,
    served,
    setOffline: (off) => { offline = off; },
    setFault: (fn) => { decide = fn; asked = new Map(); },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
