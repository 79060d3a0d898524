/**
 * A profile's decoded columns in two shapes only, whatever the file's Parquet types: numbers
 * (times as epoch ms, DOUBLE, integers) as Float64Array with a null mask, and text. The value
 * checks and the profile table (stored-columns.ts) read these, in the engine worker.
 */
import type { ColumnType } from './profile-schema.ts';
import type { ColumnValues } from './parquet.ts';

export interface NumberColumn { kind: 'number'; values: Float64Array; isNull: Uint8Array | null; nulls: number }
/**
 * Text; `codes`, where set, holds the same rows as codes into a few distinct words (a profile
 * built in this browser, data/built-columns.ts): readers that can, read those instead of `values`.
 */
export interface TextColumn { kind: 'text'; values: (string | null)[]; nulls: number; codes?: { words: string[]; of: Uint8Array } }
export type DecodedColumn = NumberColumn | TextColumn;
export type DecodedColumns = Record<string, DecodedColumn>;

const utf8 = new TextDecoder();

function numbers(raw: ColumnValues): NumberColumn {
  const n = raw.length;
  if (raw instanceof Float64Array) return { kind: 'number', values: raw, isNull: null, nulls: 0 };
  const values = new Float64Array(n);
  if (ArrayBuffer.isView(raw)) {
    for (let i = 0; i < n; i++) values[i] = Number(raw[i]);
    return { kind: 'number', values, isNull: null, nulls: 0 };
  }
  let isNull: Uint8Array | null = null;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (v === null || v === undefined) {
      (isNull ??= new Uint8Array(n))[i] = 1;
      nulls++;
    } else values[i] = Number(v);
  }
  return { kind: 'number', values, isNull, nulls };
}

function texts(raw: ColumnValues): TextColumn {
  const values: (string | null)[] = new Array(raw.length);
  let nulls = 0;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (v === null || v === undefined) {
      values[i] = null;
      nulls++;
    } else values[i] = typeof v === 'string' ? v : v instanceof Uint8Array ? utf8.decode(v) : String(v);
  }
  return { kind: 'text', values, nulls };
}

/** `raw` columns (as hyparquet decodes them) in the shape their spec type asks for. */
export function decodedColumns(types: Record<string, ColumnType>, raw: Record<string, ColumnValues>): DecodedColumns {
  const out: DecodedColumns = {};
  for (const [name, type] of Object.entries(types)) out[name] = type === 'string' ? texts(raw[name]) : numbers(raw[name]);
  return out;
}

export function numberColumn(columns: DecodedColumns, name: string): NumberColumn {
  const c = columns[name];
  if (c?.kind !== 'number') throw new Error(`column ${name} is not numeric`);
  return c;
}

export function textColumn(columns: DecodedColumns, name: string): TextColumn {
  const c = columns[name];
  if (c?.kind !== 'text') throw new Error(`column ${name} is not text`);
  return c;
}
