/**
 * sha256 of a file streamed chunk by chunk. Where workers exist (the browser's import worker),
 * the hashing runs in a worker of its own (workers/hash.worker.ts), beside the inflate and
 * parse on this thread; elsewhere (Node, tests) it runs inline. Chunks are copied to the
 * worker, and at most HELD_BYTES of them wait there unhashed, so memory stays bounded.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export type HashRequest = { id: number; bytes?: Uint8Array };
export type HashReply = { id: number; acked?: number; digest?: string; failed?: string };

export interface StreamHash {
  /** Adds bytes; resolves at once unless the hashing side is too far behind. */
  update(b: Uint8Array): Promise<void> | void;
  digest(): Promise<string>;
}

const HELD_BYTES = 32 << 20;

function inline(): StreamHash {
  const h = sha256.create();
  return { update: (b) => void h.update(b), digest: async () => bytesToHex(h.digest()) };
}

let worker: Worker | null = null;
let nextId = 0;
const listeners = new Map<number, (r: HashReply) => void>();

function hashWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../../../workers/hash.worker.ts', import.meta.url), { type: 'module', name: 'liqmap-hash' });
    worker.onmessage = (ev: MessageEvent<HashReply>) => listeners.get(ev.data.id)?.(ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault();
      worker = null;
      for (const [id, l] of listeners) l({ id, failed: `the hashing worker failed (${ev.message || 'no message'})` });
    };
  }
  return worker;
}

function inWorker(): StreamHash {
  const w = hashWorker();
  const id = nextId++;
  let held = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let done: ((digest: string | null) => void) | null = null;
  listeners.set(id, (r) => {
    if (r.failed) failure = new Error(r.failed);
    if (r.acked) held -= r.acked;
    if (failure || held <= HELD_BYTES) {
      wake?.();
      wake = null;
    }
    if (failure || r.digest !== undefined) done?.(r.digest ?? null);
  });
  const check = () => {
    if (failure) {
      listeners.delete(id);
      throw failure;
    }
  };
  return {
    async update(b) {
      check();
      held += b.length;
      // A copy of its own, moved rather than cloned: a chunk may be a view into a larger buffer, which a clone would copy whole.
      const own = b.slice();
      w.postMessage({ id, bytes: own } satisfies HashRequest, [own.buffer]);
      if (held > HELD_BYTES) await new Promise<void>((r) => (wake = r));
      check();
    },
    async digest() {
      check();
      const digest = await new Promise<string | null>((r) => {
        done = r;
        w.postMessage({ id } satisfies HashRequest);
      });
      check();
      listeners.delete(id);
      return digest!;
    },
  };
}

/** A new streaming sha256 (hex digest). */
export function streamHash(): StreamHash {
  return typeof Worker === 'function' ? inWorker() : inline();
}
