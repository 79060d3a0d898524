/**
 * Serves a built site under a sub-path (as GitHub Pages does), with the MIME types a
 * browser insists on (application/wasm for streaming instantiation) and, like any static
 * host, an ETag answered by 304 when the browser's copy is current. Test and bench use only.
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

export interface StaticServer {
  origin: string;
  /** Origin + base path, ending with '/'. */
  url: string;
  /** Requests seen, path only (for "nothing was downloaded again" checks). */
  requests: string[];
  /** Every answered file request with its status (200, or 304: not sent again). */
  served: { path: string; status: number }[];
  /** Make every request fail at the socket (the network is "off"). */
  setOffline(off: boolean): void;
  close(): Promise<void>;
}

export async function startStaticServer(root: string, base = '/liqmap/', extra?: Record<string, string>): Promise<StaticServer> {
  const requests: string[] = [];
  const served: { path: string; status: number }[] = [];
  let offline = false;
  const server = http.createServer((req, res) => {
    if (offline) return req.socket.destroy();
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
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
    const common = { etag, 'access-control-allow-origin': '*', 'cache-control': 'no-cache' };
    if (req.headers['if-none-match'] === etag) {
      served.push({ path: url.pathname, status: 304 });
      res.writeHead(304, common).end();
      return;
    }
    served.push({ path: url.pathname, status: 200 });
    res.writeHead(200, { ...common, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: origin + base,
    requests,
    served,
    setOffline: (off) => { offline = off; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
