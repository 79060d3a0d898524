/**
 * Serves a built site under a sub-path (as GitHub Pages does), with the MIME types a
 * browser insists on (application/wasm for streaming instantiation). Test use only.
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
  /** Make every request fail at the socket (the network is "off"). */
  setOffline(off: boolean): void;
  close(): Promise<void>;
}

export async function startStaticServer(root: string, base = '/liqmap/', extra?: Record<string, string>): Promise<StaticServer> {
  const requests: string[] = [];
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
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'access-control-allow-origin': '*',
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: origin + base,
    requests,
    setOffline: (off) => { offline = off; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
