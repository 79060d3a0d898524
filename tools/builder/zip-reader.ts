/**
 * Reads the archive's zips without holding them: the central directory (with zip64 and the
 * archive comment) from the file's tail, then one streaming pass that hashes the whole zip
 * and inflates the chosen entry to a file, checking its CRC.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, crc32 } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  comment: string;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const U32_MAX = 0xffffffff;

export class ZipFormatError extends Error {}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export async function readZipDirectory(path: string, fileSize: number): Promise<ZipDirectory> {
  const tailLen = Math.min(fileSize, 22 + 65535 + 20);
  const tail = await readAt(path, fileSize - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + 22 + tail.readUInt16LE(i + 20) === tail.length) { eocd = i; break; }
  }
  if (eocd < 0) throw new ZipFormatError('not a zip file (no end-of-central-directory record)');
  const comment = tail.subarray(eocd + 22, eocd + 22 + tail.readUInt16LE(eocd + 20)).toString('utf8');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIG) {
    const rec = await readAt(path, Number(tail.readBigUInt64LE(eocd - 12)), 56);
    if (rec.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new ZipFormatError('broken zip64 end record');
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  const cd = await readAt(path, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG) throw new ZipFormatError('broken central directory');
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const e: ZipEntry = {
      name: cd.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    };
    // Zip64 extended information: the fields that overflowed, in this order.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (e.size === U32_MAX) { e.size = Number(cd.readBigUInt64LE(q)); q += 8; }
        if (e.compressedSize === U32_MAX) { e.compressedSize = Number(cd.readBigUInt64LE(q)); q += 8; }
        if (e.localHeaderOffset === U32_MAX) { e.localHeaderOffset = Number(cd.readBigUInt64LE(q)); }
      }
      x += 4 + len;
    }
    entries.push(e);
    p = xEnd + commentLen;
  }
  return { entries, comment };
}

export interface ExtractResult {
  /** sha256 of the whole zip file. */
  sha256: string;
  bytes: number;
}

/**
 * Inflates `entry` of the zip at `path` into `dest` while hashing every byte of the zip.
 * `onBytes` reports zip bytes read so far (for progress).
 */
export async function extractEntry(
  path: string, entry: ZipEntry, dest: string, onBytes?: (n: number) => void,
): Promise<ExtractResult> {
  const local = await readAt(path, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIG) throw new ZipFormatError(`broken local header for ${entry.name}`);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`${entry.name} uses compression method ${entry.method} (only deflate and store are read)`);
  const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const dataEnd = dataStart + entry.compressedSize;
  const hash = createHash('sha256');
  let pos = 0;
  // Hashes everything, passes on only the entry's compressed bytes.
  const slice = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      const s = Math.max(dataStart - pos, 0);
      const e = Math.min(dataEnd - pos, chunk.length);
      pos += chunk.length;
      onBytes?.(pos);
      done(null, e > s ? chunk.subarray(s, e) : undefined);
    },
  });
  let crc = 0;
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const inflate = entry.method === 8 ? createInflateRaw() : new PassThrough();
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), slice, inflate, check, createWriteStream(dest));
  } catch (e) {
    throw new ZipFormatError(`cannot inflate ${entry.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if ((crc >>> 0) !== entry.crc || size !== entry.size) {
    throw new ZipFormatError(`${entry.name} is corrupt (CRC or size does not match the zip directory)`);
  }
  return { sha256: hash.digest('hex'), bytes: pos };
}
