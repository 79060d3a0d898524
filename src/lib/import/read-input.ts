/**
 * Streams one archive input (a zip or a bare CSV) into a sink, chunk by chunk: hashes every
 * byte of the file (sha256, for its .CHECKSUM and liqmap.source: file-hash.ts), unzips the one
 * CSV (in the unpacking worker where there is one: unpack.ts), and says whether the file is
 * synthetic (the generator's zip comment or .synthetic sidecar).
 */
import { archiveStem, SYNTHETIC_MARKER, type ArchiveName } from '../archive/names.ts';
import { ZipProblem } from './zip-stream.ts';
import { CsvProblem } from './csv-fields.ts';
import { unpacker } from './unpack.ts';
import { FileHash } from './file-hash.ts';


export interface ArchiveInput {
  /** The file name as given (`BTCUSDT-aggTrades-2025-11.zip` or its `.csv`). */
  name: string;
  parsed: ArchiveName;
  /** Size in bytes, when known (progress). */
  bytes?: number;
  /** The file's bytes, as they arrive. */
  stream(): AsyncIterable<Uint8Array>;
  /** The sha256 its .CHECKSUM states, when there is one. */
  expectedSha256?: string | null;
  /** For a bare CSV: a `.synthetic` sidecar was given with it. */
  syntheticSidecar?: boolean;
}

/** A problem with one input; the message names the file. */
export class InputProblem extends Error {}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

export interface ReadResult {
  sha256: string;
  synthetic: boolean;
  /** Bytes of the file read. */
  bytes: number;
}

/**
 * Reads `input`, giving its CSV bytes to `onCsv`. `onBytes` sees file bytes as they pass.
 * Problems (not a zip, corrupt, wrong entry, checksum) throw InputProblem naming the file.
 */
export async function readInput(
  input: ArchiveInput, onCsv: (b: Uint8Array) => void, onBytes?: (n: number) => void, signal?: AbortSignal,
): Promise<ReadResult> {
  const { symbol, kind, period } = input.parsed;
  const zip = input.parsed.format === 'zip';
  const unpack = unpacker(zip ? `${archiveStem(symbol, kind, period)}.csv` : null, onCsv);
  const hash = new FileHash(input.bytes);
  let bytes = 0;
  let unpacked;
  let digest: Promise<string>;
  try {
    for await (const chunk of input.stream()) {
      if (signal?.aborted) throw new Cancelled();
      bytes += chunk.length;
      if (zip && bytes === chunk.length && chunk.length >= 4 && !(chunk[0] === 0x50 && chunk[1] === 0x4b)) {
        throw new InputProblem(`${input.name}: not a zip file${chunk[0] === 0x50 && chunk[1] === 0x41 ? ' (it is a Parquet file; give it a .parquet name)' : ''}`);
      }
      await hash.add(chunk);
      await unpack.push(chunk);
      onBytes?.(bytes);
    }
    if (bytes === 0) throw new InputProblem(`${input.name}: the file is empty`);
    // Hashed while the last of the file is unzipped and parsed.
    digest = hash.hex();
    unpacked = await unpack.end();
  } catch (e) {
    unpack.drop();
    if (e instanceof ZipProblem || e instanceof CsvProblem) throw new InputProblem(`${input.name}: ${e.message}`);
    throw e;
  }
  if (zip) {
    const csvs = unpacked.inflated;
    if (csvs.length === 0) throw new InputProblem(`${input.name}: the zip holds no CSV file`);
    if (csvs.length > 1) throw new InputProblem(`${input.name}: the zip holds ${csvs.length} CSV files, expected one`);
  }
  const sha256 = await digest;
  if (input.expectedSha256 && input.expectedSha256 !== sha256) {
    throw new InputProblem(`${input.name}: checksum mismatch (the file's sha256 is ${sha256}, its .CHECKSUM says ${input.expectedSha256}); the file is damaged or incomplete`);
  }
  const synthetic = zip ? unpacked.comment.startsWith(SYNTHETIC_MARKER) : Boolean(input.syntheticSidecar);
  return { sha256, synthetic, bytes };
}
