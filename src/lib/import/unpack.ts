/**
 * Unzipping one archive file as it streams past: the one CSV entry inflated and CRC-checked
 * (zip-stream.ts). Where workers exist (the browser's import worker), a zip is inflated in a
 * worker of its own (workers/unpack.worker.ts) on the other core, and the CSV comes back in
 * batches that are parsed here as they arrive. A bare CSV has nothing to unzip: it is handed on
 * here. Elsewhere (Node, tests) the zip is inflated inline. Memory stays bounded: at most
 * HELD_BYTES of the file are on their way to the worker, and the CSV they inflate to is all
 * that can wait here. The file is hashed by the reader (file-hash.ts), not here.
 */
import { ZipProblem, ZipStream } from './zip-stream.ts';
import { ownBytes } from '../typed-arrays.ts';

export interface Unpacked {
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
  /** Gives up (the read failed here); nothing more is handed on. */
  drop(): void;
}

/**
 * `csvName`: the one CSV entry a zip may hold (another CSV name is refused); null: the file is
 * the CSV itself.
 */
export function localUnpacker(csvName: string | null, onCsv: (b: Uint8Array) => void): Unpacker {
  const zip = csvName === null ? null : new ZipStream((name) => {
    if (!/\.csv$/i.test(name)) return false;
    if (name.replace(/^.*\//, '') !== csvName) throw new ZipProblem(`the zip holds ${name}, expected ${csvName} (another symbol or period?)`);
    return true;
  }, onCsv);
  return {
    async push(chunk) {
      if (zip) await zip.push(chunk);
      else onCsv(chunk);
    },
    async end() {
      zip?.end();
      return { comment: zip?.comment ?? '', inflated: zip?.inflated ?? [] };
    },
    drop() {},
  };
}

export type UnpackRequest =
  /** A zip whose CSV entry is `open`, inflated there. */
  | { id: number; open: string }
  | { id: number; bytes: Uint8Array }
  | { id: number; end: true }
  | { id: number; drop: true }
  /** Nothing to unpack yet: get ready for the first file. */
  | { warm: true };

export type UnpackReply =
  | { id: number; csv: Uint8Array[] }
  | { id: number; acked: number }
  | { id: number; done: Unpacked }
  | { id: number; failed: string; zip: boolean };

/** File bytes posted to the worker and not yet taken in by it, at most. */
const HELD_BYTES = 4 << 20;

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

/** Starts the unpacking worker ahead of the first file. */
export function warmUnpacker(): void {
  if (typeof Worker === 'function') unpackWorker().postMessage({ warm: true } satisfies UnpackRequest);
}

/** A zip inflated in the unpacking worker, its CSV parsed here. */
function remoteUnpacker(csvName: string, onCsv: (b: Uint8Array) => void): Unpacker {
  const w = unpackWorker();
  const id = nextId++;
  let held = 0;
  let failure: unknown = null;
  let result: Unpacked | null = null;
  let wake: (() => void) | null = null;
  const settle = () => {
    wake?.();
    wake = null;
  };
  // Runs between this thread's other work: the CSV is parsed here, in the order it was inflated.
  listeners.set(id, (r) => {
    if ('csv' in r) {
      if (failure) return;
      try {
        for (const b of r.csv) onCsv(b);
      } catch (e) {
        failure = e;
        settle();
      }
    } else if ('acked' in r) {
      held -= r.acked;
      if (held <= HELD_BYTES) settle();
    } else if ('done' in r) {
      result = r.done;
      settle();
    } else {
      failure ??= r.zip ? new ZipProblem(r.failed) : new Error(r.failed);
      settle();
    }
  });
  const stop = () => {
    listeners.delete(id);
    w.postMessage({ id, drop: true } satisfies UnpackRequest);
  };
  const check = () => {
    if (failure) {
      stop();
      throw failure;
    }
  };
  w.postMessage({ id, open: csvName } satisfies UnpackRequest);
  return {
    async push(chunk) {
      check();
      held += chunk.length;
      // Moved rather than cloned (the chunk is not read after this). A view into a larger buffer is copied first: moving or cloning would take the whole buffer.
      const own = ownBytes(chunk);
      w.postMessage({ id, bytes: own } satisfies UnpackRequest, [own.buffer]);
      while (held > HELD_BYTES && !failure) await new Promise<void>((r) => (wake = r));
      check();
    },
    async end() {
      check();
      w.postMessage({ id, end: true } satisfies UnpackRequest);
      while (!result && !failure) await new Promise<void>((r) => (wake = r));
      check();
      listeners.delete(id);
      return result!;
    },
    drop() {
      if (listeners.has(id)) stop();
    },
  };
}

/** An unpacker for one file: a zip is inflated in the unpacking worker where workers exist, else inline. */
export function unpacker(csvName: string | null, onCsv: (b: Uint8Array) => void): Unpacker {
  return csvName !== null && typeof Worker === 'function' ? remoteUnpacker(csvName, onCsv) : localUnpacker(csvName, onCsv);
}
