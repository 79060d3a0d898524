/**
 * readInput on two threads: the unpack worker hashes, inflates and CRC-checks the file
 * (unpack.ts) while this thread parses the CSV it streams back. Parsing and unpacking cost about
 * the same, so on two cores a month builds in about half the time. Both directions are
 * transferable streams, whose backpressure keeps a few chunks in flight. Errors keep their
 * meaning: the file's own problems come back named by the worker; a parse problem, a failed
 * download or a cancel raised on this side is rethrown as it was.
 */
import * as Comlink from 'comlink';
import type { UnpackWorkerApi } from '../../../workers/unpack.worker.ts';
import { CsvProblem } from './csv-fields.ts';
import { Cancelled, InputProblem, readInput, type ArchiveInput, type InputReader, type ReadResult } from './read-input.ts';

/** Chunks each stream may hold before its writer waits. */
const IN_FLIGHT = 16;

let worker: Comlink.Remote<UnpackWorkerApi> | null = null;

function unpacker(): Comlink.Remote<UnpackWorkerApi> {
  worker ??= Comlink.wrap<UnpackWorkerApi>(new Worker(new URL('../../../workers/unpack.worker.ts', import.meta.url), { type: 'module', name: 'liqmap-unpack' }));
  return worker;
}

/** Streams that can be handed to another worker (every browser liqmap targets; not Node). */
function canTransferStreams(): boolean {
  if (typeof Worker === 'undefined' || typeof MessageChannel === 'undefined') return false;
  try {
    const { port1 } = new MessageChannel();
    const s = new ReadableStream();
    port1.postMessage(s, [s as unknown as Transferable]);
    port1.close();
    return true;
  } catch {
    return false;
  }
}

async function readOnTwoThreads(input: ArchiveInput, onCsv: (b: Uint8Array) => void, onBytes?: (n: number) => void, signal?: AbortSignal): Promise<ReadResult> {
  let sourceError: unknown = null;
  let sinkError: unknown = null;
  let bytes = 0;
  const chunks = input.stream()[Symbol.asyncIterator]();
  const source = new ReadableStream<Uint8Array>({
    async pull(c) {
      try {
        if (signal?.aborted) throw new Cancelled();
        const { done, value } = await chunks.next();
        if (done) return c.close();
        bytes += value.length;
        onBytes?.(bytes);
        c.enqueue(value);
      } catch (e) {
        sourceError = e;
        c.error(e instanceof Error ? e.message : String(e));
      }
    },
    cancel: async () => void (await chunks.return?.()),
  }, { highWaterMark: IN_FLIGHT });
  const csv = new TransformStream<Uint8Array, Uint8Array>(undefined, { highWaterMark: IN_FLIGHT }, { highWaterMark: IN_FLIGHT });
  const { stream: _, bytes: __, ...meta } = input;
  const outcome = unpacker().unpack(meta, Comlink.transfer(source, [source as unknown as Transferable]), Comlink.transfer(csv.writable, [csv.writable as unknown as Transferable]));
  const reader = csv.readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      try {
        onCsv(value);
      } catch (e) {
        sinkError = e;
        break;
      }
    }
  } catch {
    // The worker ended the stream: its outcome says why.
  }
  if (sinkError) await reader.cancel().catch(() => undefined);
  const out = await outcome;
  if (sourceError) throw sourceError;
  if (sinkError) throw sinkError instanceof CsvProblem ? new InputProblem(`${input.name}: ${sinkError.message}`) : sinkError;
  if (!out.ok) throw new InputProblem(out.problem);
  return out.result;
}

/** readInput on two threads where the platform allows it, else on this one. */
export function parallelReader(): InputReader {
  return canTransferStreams() ? readOnTwoThreads : readInput;
}
