/**
 * A profile built in this browser, as the engine gets it before its Parquet bytes exist: the
 * import worker sends the columns, the engine checks them and readies them for the table while
 * the worker encodes the file, and when the bytes come it reads only their footer (they were
 * encoded from these very columns) instead of decoding them again. Numbers as Float64Array,
 * a volume profile's side as one byte a row; the arrays are moved, not copied, on the way.
 */
import type { DecodedColumns } from './decoded-columns.ts';
import { KIND_COLUMNS, storedNumber, type ColumnType, type ProfileKind } from './profile-schema.ts';

export interface BuiltColumns {
  /** `BTCUSDT-2025-11.volume.parquet` */
  fileName: string;
  kind: ProfileKind;
  /** The file's key-value metadata, as written. */
  metadata: Record<string, string>;
  numbers: Record<string, Float64Array>;
  /** Text columns (a volume profile's side) as codes into `words`. */
  codes: Record<string, { words: string[]; of: Uint8Array }>;
}

/** A number column as the file will hold it (storedNumber), a copy: the encoder keeps reading its own. */
function numbers(type: ColumnType, values: ArrayLike<unknown>): Float64Array {
  if (type === 'double' && values instanceof Float64Array) return values.slice();
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = storedNumber(type, values[i]);
  return out;
}

/** The columns (as the encoder takes them) copied for the engine: the encoder keeps reading its own. */
export function builtColumns(fileName: string, kind: ProfileKind, metadata: Record<string, string>, columns: Record<string, ArrayLike<unknown>>): BuiltColumns {
  const out: BuiltColumns = { fileName, kind, metadata, numbers: {}, codes: {} };
  for (const spec of KIND_COLUMNS[kind]) {
    const values = columns[spec.name];
    if (spec.type !== 'string') {
      out.numbers[spec.name] = numbers(spec.type, values);
      continue;
    }
    const words: string[] = [];
    const index = new Map<string, number>();
    const of = new Uint8Array(values.length);
    let last: unknown;
    let lastCode = 0;
    for (let i = 0; i < values.length; i++) {
      // Runs of the same value (a volume's side is 'buy' or 'sell') skip the lookup.
      if (i > 0 && values[i] === last) {
        of[i] = lastCode;
        continue;
      }
      const w = String((last = values[i]));
      let k = index.get(w);
      if (k === undefined) {
        if (words.length === 256) throw new Error(`column ${spec.name} has more than 256 distinct values`);
        index.set(w, (k = words.length));
        words.push(w);
      }
      of[i] = lastCode = k;
    }
    out.codes[spec.name] = { words, of };
  }
  return out;
}

/** The buffers to move with `built`. */
export function builtBuffers(built: BuiltColumns[]): ArrayBuffer[] {
  return built.flatMap((b) => [...Object.values(b.numbers), ...Object.values(b.codes).map((c) => c.of)].map((a) => a.buffer as ArrayBuffer));
}

/** The columns in the shape the value checks and the table read (decoded-columns.ts). */
export function decodedFromBuilt(b: BuiltColumns): DecodedColumns {
  const out: DecodedColumns = {};
  for (const [name, values] of Object.entries(b.numbers)) out[name] = { kind: 'number', values, isNull: null, nulls: 0 };
  for (const [name, codes] of Object.entries(b.codes)) {
    // The rows as strings only if something asks for them: the checks and the table read the codes.
    let values: string[] | undefined;
    out[name] = { kind: 'text', get values() { return (values ??= Array.from(codes.of, (k) => codes.words[k])); }, nulls: 0, codes };
  }
  return out;
}

/** Rows of the built profile. */
export const builtRows = (b: BuiltColumns): number => (Object.values(b.numbers)[0] ?? Object.values(b.codes)[0]?.of)?.length ?? 0;
