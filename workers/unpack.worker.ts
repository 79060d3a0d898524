/**
 * The import's unpacking worker: inflates an archive zip's CSV as the import worker reads the
 * file, on the other core, and sends the CSV back in batches for the import worker to parse
 * (src/lib/import/unpack.ts). Messages carry a stream number; each chunk of
 * the file is acknowledged once taken in, so the sender can hold back when this side falls
 * behind.
 */
import { localUnpacker, type Unpacker, type UnpackReply, type UnpackRequest } from '../src/lib/import/unpack.ts';
import { ZipProblem } from '../src/lib/import/zip-stream.ts';
import { ownBytes } from '../src/lib/typed-arrays.ts';

/** CSV bytes gathered before they are sent: fewer messages. */
const BATCH = 1 << 20;

interface Open {
  unpacker: Unpacker;
  /** Requests of one stream run in order (inflating is asynchronous). */
  chain: Promise<void>;
  failed: boolean;
  /** Sends the CSV gathered so far. */
  flush: () => void;
}

const post = (r: UnpackReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(r, transfer);
const open = new Map<number, Open>();

/** Gathers the inflated chunks and sends them about a BATCH at a time, moved rather than copied. */
function batcher(id: number): { add(b: Uint8Array): void; flush(): void } {
  let chunks: Uint8Array[] = [];
  let size = 0;
  const flush = () => {
    if (chunks.length === 0) return;
    post({ id, csv: chunks }, [...new Set(chunks.map((c) => c.buffer as ArrayBuffer))]);
    chunks = [];
    size = 0;
  };
  return {
    add(b) {
      // A view into a buffer it shares with other bytes is copied: moving the buffer would take them too.
      chunks.push(ownBytes(b));
      size += b.length;
      if (size >= BATCH) flush();
    },
    flush,
  };
}

async function handle(m: Extract<UnpackRequest, { id: number }>, s: Open): Promise<void> {
  if (s.failed) return;
  try {
    if ('bytes' in m) {
      await s.unpacker.push(m.bytes);
      post({ id: m.id, acked: m.bytes.length });
    } else if ('end' in m) {
      const done = await s.unpacker.end();
      s.flush();
      open.delete(m.id);
      post({ id: m.id, done });
    }
  } catch (e) {
    s.failed = true;
    open.delete(m.id);
    post({ id: m.id, failed: e instanceof Error ? e.message : String(e), zip: e instanceof ZipProblem });
  }
}

self.onmessage = (ev: MessageEvent<UnpackRequest>) => {
  const m = ev.data;
  if ('warm' in m) return;
  if ('open' in m) {
    const b = batcher(m.id);
    open.set(m.id, { unpacker: localUnpacker(m.open, b.add), chain: Promise.resolve(), failed: false, flush: b.flush });
    return;
  }
  const s = open.get(m.id);
  if (!s) return;
  if ('drop' in m) {
    s.failed = true;
    open.delete(m.id);
    return;
  }
  s.chain = s.chain.then(() => handle(m, s));
};
