/**
 * Where the engine reads and checks profile files (data/stored-columns.ts's readStoredProfile):
 * in this thread (Node, tests), or in a decode worker (workers/decode.worker.ts). Decoding a
 * month leaves far more freed memory than the month keeps, and a full GC does not give it back
 * to the system; ending the worker does, whole. So the loader says when a batch of files is
 * done (rest) and the worker ends then; the next batch starts another (warm, beside its
 * downloads). Except the first batch of a visit, which the first chart waits for: starting a
 * worker then (fetching and compiling its own copy of the decoder on a busy machine) cost the
 * first chart more than the batch's garbage is worth, so it is read in this thread, whose
 * decoder is fetched as the engine starts (`prefetch`).
 */
import type { StoredProfile } from '../data/stored-columns.ts';
import type { ProfileFile } from '../data/profile-file.ts';
import type { Expected } from '../data/profile-meta.ts';
import type { Refusal } from '../data/refusal.ts';
import { hasParquetMagic } from '../data/parquet-magic.ts';

export interface ProfileReader {
  read(file: ProfileFile, expected?: Expected): Promise<StoredProfile | Refusal>;
  /** The engine has started: get ready for its first batch. */
  prefetch(): void;
  /** Files will follow: a worker may start now. */
  warm(): void;
  /** No file follows soon: a worker ends once its reads are answered. */
  rest(): void;
}

/**
 * The reading code (hyparquet and the codecs) is imported when first needed: in the browser the
 * decode worker has its own copy, and the engine worker loads this one only if that fails.
 */
const reading = () => import('../data/profile-file.ts');
const readStoredProfile = async (file: ProfileFile, expected: Expected = {}) => (await reading()).readStoredProfile(file, expected);

export const readInThisThread: ProfileReader = { read: readStoredProfile, prefetch: () => void reading(), warm: () => undefined, rest: () => undefined };

export interface DecodeRequest { id: number; file: ProfileFile; expected: Expected }
export type DecodeReply = { id: number; result: StoredProfile | Refusal } | { id: number; error: string };

interface Waiting { resolve(r: StoredProfile | Refusal): void; reject(e: Error): void }

/**
 * Reads in a worker from `create`; if a worker fails, this and later reads run in this thread,
 * and `failed` is told (by default a console error: the tab then keeps the decoder's garbage,
 * and the browser tests, which fail on console errors, notice).
 */
export function readInDecodeWorker(create: () => Worker, failed = (why: string) => console.error(`liqmap: ${why}; profiles are decoded in the engine worker from now on`)): ProfileReader {
  let worker: Worker | null = null;
  /** Until the first batch has been read: in this thread. */
  let first = true;
  let broken = false;
  let resting = false;
  let lastId = 0;
  const waiting = new Map<number, Waiting>();

  const end = () => {
    worker?.terminate();
    worker = null;
  };
  const fail = (why: string) => {
    if (!broken) failed(why);
    broken = true;
    end();
    for (const w of waiting.values()) w.reject(new Error(why));
    waiting.clear();
  };
  const started = (): Worker => {
    if (worker) return worker;
    const w = create();
    w.onmessage = (ev: MessageEvent<DecodeReply>) => {
      const reply = ev.data;
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) w?.reject(new Error(reply.error));
      else w?.resolve(reply.result);
      if (resting && waiting.size === 0) end();
    };
    // A script that cannot load fires a plain Event; an uncaught error an ErrorEvent with a message.
    w.onerror = (e: Event & { message?: string }) => {
      e.preventDefault();
      fail(`the decode worker failed${e.message ? ` (${e.message})` : ''}`);
    };
    w.onmessageerror = () => fail('a decode worker reply could not be read');
    return (worker = w);
  };

  return {
    async read(file, expected = {}) {
      resting = false;
      // Not Parquet at all (a wrong or truncated file, however large): refused here, not copied.
      if (first || broken || !hasParquetMagic(file.bytes)) return readStoredProfile(file, expected);
      // A copy crosses (not the bytes themselves), so that this thread can still read them if the worker fails.
      const bytes = file.bytes.byteLength === file.bytes.buffer.byteLength ? file.bytes : file.bytes.slice();
      try {
        return await new Promise<StoredProfile | Refusal>((resolve, reject) => {
          const id = ++lastId;
          waiting.set(id, { resolve, reject });
          started().postMessage({ id, file: { name: file.name, bytes }, expected } satisfies DecodeRequest);
        });
      } catch {
        return readStoredProfile(file, expected);
      }
    },
    prefetch: readInThisThread.prefetch,
    warm() {
      resting = false;
      if (!first && !broken) started();
    },
    rest() {
      first = false;
      resting = true;
      if (waiting.size === 0) end();
    },
  };
}
