/**
 * The decode worker: reads, checks and shapes profile files for the engine worker
 * (src/lib/engine/decode-worker.ts), and sends back only the columns the table keeps, their
 * buffers transferred. Decoding leaves a lot of freed memory behind (hyparquet builds a JS
 * array per page and column); the engine ends this worker after a batch of files, which gives
 * all of it back to the system at once.
 */
import { columnBuffers } from '../src/lib/data/stored-columns.ts';
import { readStoredProfile } from '../src/lib/data/profile-file.ts';
import type { DecodeReply, DecodeRequest } from '../src/lib/engine/decode-worker.ts';

self.onmessage = async (ev: MessageEvent<DecodeRequest>) => {
  const { id, file, expected } = ev.data;
  const post = (reply: DecodeReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(reply, transfer);
  try {
    const result = await readStoredProfile(file, expected);
    post({ id, result }, result.ok ? columnBuffers(result.columns) : []);
  } catch (e) {
    post({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
