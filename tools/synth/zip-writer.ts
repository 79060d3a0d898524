/**
 * Writes a one-entry zip (deflate) from streamed text, like the archive's files, without
 * holding the content: the local header is patched with the CRC and sizes afterwards.
 * Uses zip64 fields when the entry may pass 4 GiB. The archive comment carries the
 * generator's synthetic marker.
 */
import { open } from 'node:fs/promises';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { Readable } from 'node:stream';

const U32_MAX = 0xffffffff;

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

export interface ZipOptions {
  /** Modification time recorded in the zip (fixed, so the bytes are reproducible). */
  modified: Date;
  comment?: string;
  /** Write zip64 size fields (needed above 4 GiB uncompressed). */
  zip64?: boolean;
  level?: number;
}

/** Streams `chunks` into `path` as the single entry `entryName`; returns the zip's size. */
export async function writeSingleEntryZip(
  path: string,
  entryName: string,
  chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  opts: ZipOptions,
): Promise<number> {
  const name = Buffer.from(entryName, 'utf8');
  const comment = Buffer.from(opts.comment ?? '', 'utf8');
  const zip64 = opts.zip64 ?? false;
  const { time, date } = dosDateTime(opts.modified);
  const fh = await open(path, 'w');
  try {
    const local = Buffer.alloc(30 + name.length + (zip64 ? 20 : 0));
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0, 6); // flags: sizes are in this header
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(zip64 ? 20 : 0, 28);
    name.copy(local, 30);
    if (zip64) {
      local.writeUInt16LE(0x0001, 30 + name.length);
      local.writeUInt16LE(16, 32 + name.length);
    }
    await fh.write(local, 0, local.length, 0);

    let crc = 0;
    let usize = 0;
    let csize = 0;
    const deflate = createDeflateRaw({ level: opts.level ?? 6 });
    const source = Readable.from(chunks, { objectMode: false });
    source.on('data', (c: Buffer | string) => {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      crc = crc32(b, crc);
      usize += b.length;
    });
    source.on('error', (e) => deflate.destroy(e));
    source.pipe(deflate);
    for await (const out of deflate as AsyncIterable<Buffer>) {
      await fh.write(out, 0, out.length, local.length + csize);
      csize += out.length;
    }
    if (!zip64 && (usize >= U32_MAX || csize >= U32_MAX)) {
      throw new Error(`${entryName} is over 4 GiB: write it with zip64`);
    }

    // Patch CRC and sizes into the local header.
    const sizes = Buffer.alloc(12);
    sizes.writeUInt32LE(crc >>> 0, 0);
    sizes.writeUInt32LE(zip64 ? U32_MAX : csize, 4);
    sizes.writeUInt32LE(zip64 ? U32_MAX : usize, 8);
    await fh.write(sizes, 0, 12, 14);
    if (zip64) {
      const ext = Buffer.alloc(16);
      ext.writeBigUInt64LE(BigInt(usize), 0);
      ext.writeBigUInt64LE(BigInt(csize), 8);
      await fh.write(ext, 0, 16, 34 + name.length);
    }

    const cdOffset = local.length + csize;
    const central = Buffer.alloc(46 + name.length + (zip64 ? 20 : 0));
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(zip64 ? 45 : 20, 4); // made by
    central.writeUInt16LE(zip64 ? 45 : 20, 6); // needed
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(zip64 ? U32_MAX : csize, 20);
    central.writeUInt32LE(zip64 ? U32_MAX : usize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(zip64 ? 20 : 0, 30);
    central.writeUInt32LE(0, 42); // local header offset
    name.copy(central, 46);
    if (zip64) {
      central.writeUInt16LE(0x0001, 46 + name.length);
      central.writeUInt16LE(16, 48 + name.length);
      central.writeBigUInt64LE(BigInt(usize), 50 + name.length);
      central.writeBigUInt64LE(BigInt(csize), 58 + name.length);
    }
    const eocd = Buffer.alloc(22 + comment.length);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 8);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(central.length, 12);
    eocd.writeUInt32LE(Math.min(cdOffset, U32_MAX), 16);
    eocd.writeUInt16LE(comment.length, 20);
    comment.copy(eocd, 22);
    const tail: Buffer[] = [central];
    if (cdOffset >= U32_MAX) tail.push(zip64End(cdOffset, central.length));
    tail.push(eocd);
    const tailBuf = Buffer.concat(tail);
    await fh.write(tailBuf, 0, tailBuf.length, cdOffset);
    return cdOffset + tailBuf.length;
  } finally {
    await fh.close();
  }
}

/** Zip64 end-of-central-directory record and locator, for a directory past 4 GiB. */
function zip64End(cdOffset: number, cdSize: number): Buffer {
  const rec = Buffer.alloc(56 + 20);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(44n, 4);
  rec.writeUInt16LE(45, 12);
  rec.writeUInt16LE(45, 14);
  rec.writeBigUInt64LE(1n, 24);
  rec.writeBigUInt64LE(1n, 32);
  rec.writeBigUInt64LE(BigInt(cdSize), 40);
  rec.writeBigUInt64LE(BigInt(cdOffset), 48);
  rec.writeUInt32LE(0x07064b50, 56);
  rec.writeBigUInt64LE(BigInt(cdOffset + cdSize), 64);
  rec.writeUInt32LE(1, 72);
  return rec;
}
