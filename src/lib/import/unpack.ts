/**
 * Unpacking one archive file as it is read: sha256 of every byte (for its .CHECKSUM and
 * liqmap.source) and, for a zip, the one CSV entry inflated and CRC-checked (zip-stream.ts).
 * Where workers exist (the browser's import worker), the unpacking worker
 * (workers/unpack.worker.ts) is handed the file itself (a given File, or a fetched response's
 * body, moved) and reads, hashes and inflates it on the other core without pause, sending the
 * CSV back in batches that the import worker parses as they arrive: neither side waits for the
 * other's turn on one event loop. Elsewhere (Node, tests) the same code runs inline.
 * Memory stays bounded: the unpacking worker holds back once HELD_CSV bytes of CSV are sent
 * and not yet parsed. sha256 is hash-wasm's WebAssembly (about 2.5x @noble/hashes'
 * JavaScript, which stays the fallback where WebAssembly cannot start).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSHA256 } from 'hash-wasm';
import { ZipProblem, ZipStream } from './zip-stream.ts';

export interface Unpacked {
  sha256: string;
  /** The zip's comment ('' for a bare CSV). */
  comment: string;
  /** Names of the zip entries inflated (none for a bare CSV). */
  inflated: string[];
}

export interface Unpacker {
  /** The file's next bytes (taken: the caller does not read them after); resolves at once unless the unpacking side is too far behind. */
  push(chunk: Uint8Array): Promise<void>;
  /** After the last byte: every CSV byte has been handed on; checks that a zip was complete. */
  end(): Promise<Unpacked>;
}

interface Sha256 {
  update(b: Uint8Array): void;
  hex(): string;
}

/** A streaming sha256: WebAssembly where it starts, else JavaScript. */
async function sha256Stream(): Promise<Sha256> {
  try {
    const h = await createSHA256();
    h.init();
    return { update: (b) => void h.update(b), hex: () => h.digest('hex') };
  } catch {
    const h = sha256.create();
    return { update: (b) => void h.update(b), hex: () => bytesToHex(h.digest()) };
  }
}

/** Compiles the sha256's WebAssembly ahead of the first file (hash-wasm keeps the compiled module). */
export function warmSha256(): void {
  void createSHA256().catch(() => undefined);
}

/** `csvName`: the one CSV entry a zip may hold (another CSV name is refused); null: the file is the CSV itself. */
export function localUnpacker(csvName: string | null, onCsv: (b: Uint8Array) => void): Unpacker {
  const hashing = sha256Stream();
  const zip = csvName === null ? null : new ZipStream((name) => {
    if (!/\.csv$/i.test(name)) return false;
    if (name.replace(/^.*\//, '') !== csvName) throw new ZipProblem(`the zip holds ${name}, expected ${csvName} (another symbol or period?)`);
    return true;
  }, onCsv);
  return {
    async push(chunk) {
      (await hashing).update(chunk);
      if (zip) await zip.push(chunk);
      else onCsv(chunk);
    },
    async end() {
      zip?.end();
      return { sha256: (await hashing).hex(), comment: zip?.comment ?? '', inflated: zip?.inflated ?? [] };
    },
  };
}

/** What a read gives: the unpacked file and its size in bytes. */
export interface ReadUnpacked extends Unpacked {
  bytes: number;
}

/** Why a file named .zip is not one, or null when it starts like one. */
function notZip(first: Uint8Array): string | null {
  if (first.length < 4 || (first[0] === 0x50 && first[1] === 0x4b)) return null;
  return `not a zip file${first[0] === 0x50 && first[1] === 0x41 ? ' (it is a Parquet file; give it a .parquet name)' : ''}`;
}

/**
 * Reads a file chunk by chunk, hashing and unpacking each (`csvName` as for localUnpacker);
 * `onRead` sees the bytes read so far after each chunk (it may throw to stop, or wait to hold
 * back). An empty file gives bytes 0 and no hash.
 */
export async function unpackChunks(
  chunks: AsyncIterable<Uint8Array>, csvName: string | null, onCsv: (b: Uint8Array) => void, onRead: (bytes: number) => void | Promise<void>,
): Promise<ReadUnpacked> {
  const unpack = localUnpacker(csvName, onCsv);
  let bytes = 0;
  for await (const chunk of chunks) {
    const why = bytes === 0 && csvName !== null ? notZip(chunk) : null;
    if (why) throw new ZipProblem(why);
    bytes += chunk.length;
    await unpack.push(chunk);
    await onRead(bytes);
  }
  if (bytes === 0) return { sha256: '', comment: '', inflated: [], bytes };
  return { ...(await unpack.end()), bytes };
}

export type UnpackRequest =
  /** Read, hash and unpack this file; a stream is moved with the message. */
  | { id: number; open: string | null; source: Blob | ReadableStream<Uint8Array> }
  /** This many bytes of CSV were parsed. */
  | { id: number; parsed: number }
  /** Stop reading (the parse failed or was cancelled). */
  | { id: number; drop: true }
  /** Nothing to unpack yet: get ready for the first file. */
  | { warm: true };

export type UnpackReply =
  /** CSV bytes, and the file's bytes read so far. */
  | { id: number; csv: Uint8Array[]; read: number }
  | { id: number; done: ReadUnpacked }
  | { id: number; failed: string; zip: boolean };

/** CSV bytes sent to the parser and not yet parsed, at most (a few batches: the parser never waits). */
export const HELD_CSV = 8 << 20;

let worker: Worker | null = null;
let nextId = 0;
const listeners = new Map<number, (r: UnpackReply) => void>();

function unpackWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../../../workers/unpack.worker.ts', import.meta.url), { type: 'module', name: 'liqmap-unpack' });
    worker.onmessage = (ev: MessageEvent<UnpackReply>) => listeners.get(ev.data.id)?.(ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault();
      worker = null;
      for (const [id, l] of listeners) l({ id, failed: `the unpacking worker failed (${ev.message || 'no message'})`, zip: false });
    };
  }
  return worker;
}

/** Starts the unpacking worker (its script, its sha256's WebAssembly) ahead of the first file. */
export function warmUnpacker(): void {
  if (typeof Worker === 'function') unpackWorker().postMessage({ warm: true } satisfies UnpackRequest);
}

/** The unpacking worker reads `source`; its CSV is parsed here (`onCsv`), batch by batch, in order. */
function unpackRemote(
  source: Blob | ReadableStream<Uint8Array>, csvName: string | null, onCsv: (b: Uint8Array) => void, onRead: (bytes: number) => void,
): Promise<ReadUnpacked> {
  const w = unpackWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    listeners.set(id, (r) => {
      if ('csv' in r) {
        let parsed = 0;
        try {
          for (const b of r.csv) {
            onCsv(b);
            parsed += b.length;
          }
          onRead(r.read);
        } catch (e) {
          listeners.delete(id);
          w.postMessage({ id, drop: true } satisfies UnpackRequest);
          reject(e);
          return;
        }
        w.postMessage({ id, parsed } satisfies UnpackRequest);
        return;
      }
      listeners.delete(id);
      if ('done' in r) resolve(r.done);
      else reject(r.zip ? new ZipProblem(r.failed) : new Error(r.failed));
    });
    w.postMessage({ id, open: csvName, source } satisfies UnpackRequest, source instanceof Blob ? [] : [source]);
  });
}

/** A file to unpack: `source` (where workers exist) is handed to the unpacking worker, else `stream` is read here. */
export interface Readable {
  source?(): Promise<Blob | ReadableStream<Uint8Array>>;
  stream(): AsyncIterable<Uint8Array>;
}

/** Reads and unpacks `file`: in the unpacking worker where workers exist, else inline. `onRead` may throw to stop. */
export async function unpackFile(file: Readable, csvName: string | null, onCsv: (b: Uint8Array) => void, onRead: (bytes: number) => void): Promise<ReadUnpacked> {
  if (typeof Worker === 'function' && file.source) return unpackRemote(await file.source(), csvName, onCsv, onRead);
  return unpackChunks(file.stream(), csvName, onCsv, onRead);
}
