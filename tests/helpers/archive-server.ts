/**
 * A local stand-in for data.binance.vision: serves an archive folder (Binance's layout) with
 * CORS under /archive/, answers 451 without CORS headers under /blocked/ (as Binance does for
 * refused regions), and trickles files under /slow/ (for cancelling a download). Test use only.
 */
import http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ArchiveServer {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startArchiveServer(root: string): Promise<ArchiveServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    const [, mode, ...rest] = url.pathname.split('/');
    if (mode === 'blocked') { res.writeHead(451, { 'content-type': 'text/plain' }).end('Unavailable For Legal Reasons'); return; }
    const cors = { 'access-control-allow-origin': '*' };
    const file = path.join(root, ...rest.map(decodeURIComponent));
    let size = -1;
    try {
      if (file.startsWith(root) && statSync(file).isFile()) size = statSync(file).size;
    } catch { /* missing */ }
    if ((mode !== 'archive' && mode !== 'slow') || size < 0) { res.writeHead(404, cors).end('not found'); return; }
    res.writeHead(200, { ...cors, 'content-type': 'application/octet-stream', 'content-length': size });
    const bytes = readFileSync(file);
    if (mode === 'archive' || file.endsWith('.CHECKSUM')) { res.end(bytes); return; }
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed || at >= bytes.length) { clearInterval(timer); res.end(); return; }
      res.write(bytes.subarray(at, at + 2048));
      at += 2048;
    }, 50);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin, requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
