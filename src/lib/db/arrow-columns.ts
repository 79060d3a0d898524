import type { Column, Columns } from './db.ts';

/**
 * The parts of an Arrow Table this file reads. Structural, because DuckDB-WASM bundles its own
 * apache-arrow whose Table class is not the app's.
 */
interface ArrowVector {
  readonly length: number;
  readonly nullCount: number;
  get(i: number): unknown;
  toArray(): unknown;
}
interface ArrowTable {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: { readonly typeId: number } }[] };
  getChild(name: string): ArrowVector | null;
}

// Arrow Type ids: Int=2, Float=3, Decimal=7, Date=8, Time=9, Timestamp=10
const NUMERIC = new Set([2, 3, 7, 8, 10]);

/** A numeric vector as Float64Array; typed-array copies when there are no nulls (the common case). */
function numbers(vector: ArrowVector): Float64Array {
  if (vector.nullCount === 0) {
    const raw = vector.toArray();
    // A copy, never a view: the source buffer may belong to the engine.
    if (raw instanceof Float64Array) return new Float64Array(raw);
    if (raw instanceof Float32Array || raw instanceof Int32Array || raw instanceof Int16Array || raw instanceof Int8Array ||
      raw instanceof Uint32Array || raw instanceof Uint16Array || raw instanceof Uint8Array) {
      return Float64Array.from(raw);
    }
  }
  const out = new Float64Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i);
    out[i] = v == null ? NaN : Number(v);
  }
  return out;
}

/** Turn an Arrow result into plain columns: numbers to Float64Array, everything else to arrays. */
export function toColumns(table: ArrowTable): Columns {
  const columns: Record<string, Column> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name)!;
    if (NUMERIC.has(field.type.typeId)) {
      columns[field.name] = numbers(vector);
    } else {
      const values = vector.toArray();
      columns[field.name] = (Array.isArray(values) ? values : Array.from(values as Iterable<unknown>)) as Column;
    }
  }
  return { numRows: table.numRows, columns };
}
