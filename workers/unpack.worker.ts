/**
 * The import's unpacking worker: given an archive file (a File, or a fetched body moved here),
 * reads it, hashes its bytes and inflates its CSV on the other core, without waiting for the
 * import worker, and sends the CSV back in batches for the import worker to parse
 * (src/lib/import/unpack.ts). Messages carry a stream number; each batch is acknowledged once
 * parsed, and reading holds back while HELD_CSV bytes wait to be parsed (memory stays bounded).
 */
import { HELD_CSV, unpackChunks, warmSha256, type UnpackReply, type UnpackRequest } from '../src/lib/import/unpack.ts';
import { sourceChunks } from '../src/lib/import/byte-chunks.ts';
import { ZipProblem } from '../src/lib/import/zip-stream.ts';
import { ownBytes } from '../src/lib/typed-arrays.ts';

/** CSV bytes gathered before they are sent: fewer messages. */
const BATCH = 1 << 20;

interface Reading {
  /** CSV bytes sent and not yet parsed. */
  held: number;
  dropped: boolean;
  wake: (() => void) | null;
}

/** The read stopped because the import worker dropped it: nothing more is sent. */
class Dropped extends Error {}

const post = (r: UnpackReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(r, transfer);
const reading = new Map<number, Reading>();

async function read(m: Extract<UnpackRequest, { source: unknown }>): Promise<void> {
  const s: Reading = { held: 0, dropped: false, wake: null };
  reading.set(m.id, s);
  let chunks: Uint8Array[] = [];
  let size = 0;
  let bytesRead = 0;
  // The inflated chunks, sent about a BATCH at a time, moved rather than copied.
  const flush = () => {
    if (chunks.length === 0) return;
    post({ id: m.id, csv: chunks, read: bytesRead }, [...new Set(chunks.map((c) => c.buffer as ArrayBuffer))]);
    s.held += size;
    chunks = [];
    size = 0;
  };
  const add = (b: Uint8Array) => {
    if (s.dropped) return;
    // A view into a buffer it shares with other bytes is copied: moving the buffer would take them too.
    chunks.push(ownBytes(b));
    size += b.length;
    if (size >= BATCH) flush();
  };
  try {
    const done = await unpackChunks(sourceChunks(m.source), m.open, add, async (n) => {
      bytesRead = n;
      while (s.held > HELD_CSV && !s.dropped) await new Promise<void>((r) => (s.wake = r));
      if (s.dropped) throw new Dropped();
    });
    flush();
    post({ id: m.id, done });
  } catch (e) {
    if (!s.dropped) post({ id: m.id, failed: e instanceof Error ? e.message : String(e), zip: e instanceof ZipProblem });
  } finally {
    reading.delete(m.id);
  }
}

self.onmessage = (ev: MessageEvent<UnpackRequest>) => {
  const m = ev.data;
  if ('warm' in m) {
    warmSha256();
    return;
  }
  if ('source' in m) {
    void read(m);
    return;
  }
  const s = reading.get(m.id);
  if (!s) return;
  if ('drop' in m) s.dropped = true;
  else s.held -= m.parsed;
  if (s.dropped || s.held <= HELD_CSV) {
    s.wake?.();
    s.wake = null;
  }
};
