/**
 * A file the user gave, up to the limit, is hashed whole with WebCrypto beside its read
 * (month-inputs.ts, file-sha256.ts) instead of as it streams: the same sha256, the same
 * checksum refusal and the same profiles (liqmap.source included) as the streaming hash, which
 * files above the limit keep; a failed whole read falls back to streaming.
 */
import { strToU8, zipSync } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { blobSha256 } from '../../../src/lib/import/file-sha256.ts';
import { buildMonth } from '../../../src/lib/import/month-build.ts';
import { givenInputs, type GivenFile } from '../../../src/lib/import/month-inputs.ts';
import { readInput, type ArchiveInput } from '../../../src/lib/import/read-input.ts';
import { aggTradesCsv, someTrades } from '../builder/helpers.ts';

const month = '2025-11';
const csv = aggTradesCsv(someTrades(month, 500), true);
const zip = zipSync({ [`BTCUSDT-aggTrades-${month}.csv`]: strToU8(csv) });
const bare = strToU8(aggTradesCsv(someTrades(month, 500), false));
const files = {
  zip: new File([zip], `BTCUSDT-aggTrades-${month}.zip`),
  csv: new File([bare], `BTCUSDT-aggTrades-${month}.csv`),
};
const shaOf = (b: Uint8Array) => bytesToHex(sha256(b));
const withChecksum = (file: File, sha: string): GivenFile => ({ file, checksum: new File([`${sha}  ${file.name}\n`], `${file.name}.CHECKSUM`) });
/** The one input for `g`: hashed whole (the default limit) or streaming (a limit below its size). */
const inputOf = async (g: GivenFile, whole: boolean) => (await givenInputs([g], whole ? undefined : g.file.size - 1))[0];

describe('whole-file sha256 of a given file', () => {
  it.each(Object.entries(files))('gives the streaming hash\'s sha256 and profiles (%s)', async (_, file) => {
    const [whole, streamed] = [await inputOf({ file }, true), await inputOf({ file }, false)];
    expect(whole.wholeSha256).toBeTypeOf('function');
    expect(streamed.wholeSha256).toBeUndefined(); // above the limit: hashed as it streams
    const bytes = new Uint8Array(await file.arrayBuffer());
    for (const input of [whole, streamed]) expect((await readInput(input, () => undefined)).sha256).toBe(shaOf(bytes));
    const [a, b] = [await buildMonth('BTCUSDT', month, [whole]), await buildMonth('BTCUSDT', month, [streamed])];
    expect(a.rows).toBe(500);
    expect(a.profiles.map((p) => p.bytes)).toEqual(b.profiles.map((p) => p.bytes));
  });

  it('takes the digest from the whole-file hash, not the stream', async () => {
    const input: ArchiveInput = { ...(await inputOf({ file: files.zip }, true)), wholeSha256: async () => 'f'.repeat(64) };
    expect((await readInput(input, () => undefined)).sha256).toBe('f'.repeat(64));
  });

  it.each([true, false])('refuses a checksum mismatch with the same message (whole: %s)', async (whole) => {
    const wrong = 'ab'.repeat(32);
    const input = await inputOf(withChecksum(files.zip, wrong), whole);
    await expect(buildMonth('BTCUSDT', month, [input])).rejects.toThrow(
      `BTCUSDT-aggTrades-${month}.zip: checksum mismatch (the file's sha256 is ${shaOf(zip)}, its .CHECKSUM says ${wrong}); the file is damaged or incomplete`);
    const right = await inputOf(withChecksum(files.zip, shaOf(zip)), whole);
    expect((await buildMonth('BTCUSDT', month, [right])).rows).toBe(500);
  });

  it('falls back to streaming when the whole read fails, and names the file when both do', async () => {
    const noMemory = Object.assign(new Blob([zip]), { arrayBuffer: () => Promise.reject(new RangeError('Array buffer allocation failed')) });
    expect(await blobSha256(noMemory)).toBe(shaOf(zip));
    const unreadable = Object.assign(noMemory, { stream: () => new ReadableStream<Uint8Array>({ pull: (c) => c.error(new Error('the file changed')) }) });
    const input: ArchiveInput = { ...(await inputOf({ file: files.zip }, true)), wholeSha256: () => blobSha256(unreadable) };
    await expect(readInput(input, () => undefined)).rejects.toThrow(`BTCUSDT-aggTrades-${month}.zip: its sha256 could not be taken (the file changed)`);
  });
});
