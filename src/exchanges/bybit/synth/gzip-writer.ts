/**
 * Writes a gzip file from chunks, streaming (RFC 1952): the header carries an extra subfield
 * (FEXTRA) holding liqmap's synthetic marker, which gunzip tools, browsers and DuckDB skip.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createDeflateRaw, crc32 } from 'node:zlib';

function header(markId: string, mark: string): Buffer {
  const data = Buffer.from(mark, 'latin1');
  const sub = Buffer.alloc(4 + data.length);
  sub.write(markId, 0, 'latin1');
  sub.writeUInt16LE(data.length, 2);
  data.copy(sub, 4);
  const head = Buffer.from([0x1f, 0x8b, 8, 0x04, 0, 0, 0, 0, 0, 255, 0, 0]);
  head.writeUInt16LE(sub.length, 10);
  return Buffer.concat([head, sub]);
}

/** Returns the bytes written. */
export async function writeGzip(path: string, chunks: Iterable<Buffer>, markId: string, mark: string): Promise<number> {
  const out = createWriteStream(path);
  const deflate = createDeflateRaw({ level: 6 });
  let crc = 0;
  let size = 0;
  out.write(header(markId, mark));
  deflate.on('data', (c: Buffer) => { if (!out.write(c)) deflate.pause(); });
  out.on('drain', () => deflate.resume());
  const ended = once(deflate, 'end');
  for (const c of chunks) {
    crc = crc32(c, crc);
    size += c.length;
    if (!deflate.write(c)) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc >>> 0, 0);
  tail.writeUInt32LE(size >>> 0, 4);
  out.end(tail);
  await once(out, 'finish');
  return out.bytesWritten;
}
