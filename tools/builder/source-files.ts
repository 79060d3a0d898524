/**
 * One input file, made ready for DuckDB: its zip directory and checksum checked, its
 * synthetic marker read, its CSV extracted to a temporary file (zips, hashed while they are
 * read) or used in place (bare CSVs), and its header detected. Its identity for incremental
 * builds never costs a pass over the CSV: a zip is its sha256 (the archive's .CHECKSUM, or
 * the hash taken while extracting), a bare CSV a fingerprint (size, time, first and last MiB).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { headerStart } from '../../src/lib/archive/csv-columns.ts';
import { archiveStem, parseChecksum, SYNTHETIC_MARKER } from '../../src/lib/archive/names.ts';
import type { InputFile } from './inputs.ts';
import { extractEntry, readZipDirectory, ZipFormatError, type ZipEntry } from './zip-reader.ts';


/** A problem with one input that refuses its month. */
export class InputRefused extends Error {}

export interface OpenedInput {
  input: InputFile;
  synthetic: boolean;
  /** sha256 the .CHECKSUM beside the zip states, when there is one. */
  expectedSha256: string | null;
  entry: ZipEntry | null;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Cheap checks before any data is read: zip directory, the CSV inside, checksum, marker. */
export async function openInput(input: InputFile): Promise<OpenedInput> {
  const stem = archiveStem(input.name.symbol, input.name.kind, input.name.period);
  if (input.name.format === 'csv') {
    return { input, synthetic: await exists(`${input.path}.synthetic`), expectedSha256: null, entry: null };
  }
  let dir;
  try {
    dir = await readZipDirectory(input.path, input.bytes);
  } catch (e) {
    if (e instanceof ZipFormatError) throw new InputRefused(`${input.rel}: ${e.message}`);
    throw e;
  }
  const csvs = dir.entries.filter((e) => /\.csv$/i.test(e.name));
  if (csvs.length === 0) {
    throw new InputRefused(`${input.rel}: the zip holds no CSV (entries: ${dir.entries.map((e) => e.name).join(', ') || 'none'})`);
  }
  if (csvs.length > 1) throw new InputRefused(`${input.rel}: the zip holds ${csvs.length} CSVs, expected one`);
  if (csvs[0].name.replace(/^.*\//, '') !== `${stem}.csv`) {
    throw new InputRefused(`${input.rel}: the zip holds ${csvs[0].name}, expected ${stem}.csv (another symbol or period?)`);
  }
  let expectedSha256: string | null = null;
  const checksumPath = `${input.path}.CHECKSUM`;
  if (await exists(checksumPath)) {
    expectedSha256 = parseChecksum(await readFile(checksumPath, 'utf8'));
    if (!expectedSha256) throw new InputRefused(`${input.rel}.CHECKSUM: no sha256 in it`);
  }
  return { input, synthetic: dir.comment.startsWith(SYNTHETIC_MARKER), expectedSha256, entry: csvs[0] };
}

export async function sha256File(path: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let n = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  stream.on('data', (c) => { n += c.length; onBytes?.(n); });
  await pipeline(stream, hash);
  return hash.digest('hex');
}

export interface ReadyCsv {
  csvPath: string;
  /** sha256 of the zip, taken while it was extracted (and checked against its .CHECKSUM); null for a bare CSV. */
  zipSha256: string | null;
  header: boolean;
}

const FINGERPRINT_EDGE = 1 << 20;

/**
 * A bare CSV's identity without reading it whole: sha256 of its size, modification time and
 * first and last MiB. Any rewrite changes the time, so a changed file is rebuilt.
 */
export async function csvFingerprint(input: InputFile): Promise<string> {
  const hash = createHash('sha256').update(`${input.bytes}:${input.mtimeMs}:`);
  const fh = await open(input.path, 'r');
  try {
    const head = Buffer.alloc(Math.min(FINGERPRINT_EDGE, input.bytes));
    await fh.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(FINGERPRINT_EDGE, input.bytes));
    await fh.read(tail, 0, tail.length, input.bytes - tail.length);
    return hash.update(head).update(tail).digest('hex');
  } finally {
    await fh.close();
  }
}

/**
 * Gives the CSV's path, extracting zips into `tmpDir` and taking their sha256 on the way
 * (checked against the .CHECKSUM). `headerPrefix` is how the header line of this kind starts.
 */
export async function prepareCsv(
  o: OpenedInput, tmpDir: string, headerPrefix: string, onBytes?: (n: number) => void,
): Promise<ReadyCsv> {
  let csvPath = o.input.path;
  let zipSha256: string | null = null;
  if (o.entry) {
    csvPath = join(tmpDir, o.entry.name.replace(/^.*\//, ''));
    let zipSha: string;
    try {
      zipSha = (await extractEntry(o.input.path, o.entry, csvPath, onBytes)).sha256;
    } catch (e) {
      if (e instanceof ZipFormatError) throw new InputRefused(`${o.input.rel}: ${e.message}`);
      throw e;
    }
    if (o.expectedSha256 && o.expectedSha256 !== zipSha) {
      throw new InputRefused(`${o.input.rel}: checksum mismatch (file sha256 ${zipSha}, .CHECKSUM says ${o.expectedSha256})`);
    }
    zipSha256 = zipSha;
  }
  const first = await firstLine(csvPath);
  return { csvPath, zipSha256, header: first.startsWith(headerPrefix) };
}

export async function firstLine(path: string, maxBytes = 4096): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await fh.read(buf, 0, maxBytes, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    const nl = text.indexOf('\n');
    return (nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, '');
  } finally {
    await fh.close();
  }
}

/** Price of the first data row of an aggTrades CSV, or null when it has none that parses. */
export async function firstPrice(path: string, header: boolean): Promise<number | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const lines = buf.subarray(0, bytesRead).toString('utf8').split('\n').slice(header ? 1 : 0, -1);
    for (const line of lines) {
      const p = Number(line.split(',')[1]);
      if (Number.isFinite(p) && p > 0) return p;
    }
    return null;
  } finally {
    await fh.close();
  }
}

/**
 * Line numbers of aggTrades rows that parse but carry an empty or non-positive field
 * (DuckDB reads those as NULL rather than rejecting them). Only run when such rows exist.
 */
export async function findInvalidLines(path: string, limit: number): Promise<number[]> {
  const found: number[] = [];
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    const f = line.split(',').map((x) => x.trim());
    if (f.length !== 7 || f[0] === headerStart('aggTrades')) continue;
    // Lines DuckDB rejected (not numbers, not booleans) are reported with the rejects.
    const parses = f.every((x, i) => x === '' || (i === 6 ? /^(true|false)$/i.test(x) : Number.isFinite(Number(x))));
    const bad = parses && (f.includes('') || !(Number(f[1]) > 0) || !(Number(f[2]) > 0));
    if (bad && found.push(n) >= limit) break;
  }
  rl.close();
  return found;
}
