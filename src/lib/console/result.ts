/**
 * A query's Arrow result as the console shows it: the first rows as plain cells and the whole
 * result as CSV. Structural types, because DuckDB-WASM bundles its own apache-arrow.
 */
import type { Cell, QueryPreview } from './api.ts';

interface ArrowVector {
  get(i: number): unknown;
}
export interface ArrowResult {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: { readonly typeId: number; toString(): string } }[] };
  getChildAt(i: number): ArrowVector | null;
}

// Arrow Type ids: Date=8, Timestamp=10.
const DATE = 8;
const TIMESTAMP = 10;

const jsonSafe = (_: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/** One value as a table cell: times as ISO UTC text, 64-bit integers as numbers when exact, nested values as JSON. */
export function cell(value: unknown, typeId: number): Cell {
  if (value === null || value === undefined) return null;
  if (typeId === TIMESTAMP || typeId === DATE) {
    const ms = value instanceof Date ? value.getTime() : Number(value);
    const iso = new Date(ms).toISOString();
    return typeId === DATE ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return [...value].map((b) => b.toString(16).padStart(2, '0')).join('');
  return JSON.stringify(value, jsonSafe);
}

/** Row `r` of the result as cells. */
function rowReader(result: ArrowResult): (r: number) => Cell[] {
  const fields = result.schema.fields;
  const vectors = fields.map((_, i) => result.getChildAt(i));
  return (r) => fields.map((f, c) => cell(vectors[c]?.get(r), f.type.typeId));
}

export function preview(result: ArrowResult, limit: number): QueryPreview {
  const row = rowReader(result);
  return {
    columns: result.schema.fields.map((f) => ({ name: f.name, type: String(f.type) })),
    rows: Array.from({ length: Math.min(limit, result.numRows) }, (_, r) => row(r)),
    totalRows: result.numRows,
  };
}

/** RFC 4180 quoting: only where a value needs it. */
function csvField(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The whole result as CSV (header line, then every row; nulls empty). */
export function resultCsv(result: ArrowResult): string {
  const lines = [result.schema.fields.map((f) => csvField(f.name)).join(',')];
  const row = rowReader(result);
  for (let r = 0; r < result.numRows; r++) lines.push(row(r).map(csvField).join(','));
  return lines.join('\n') + '\n';
}

/**
 * A query's error as DuckDB words it, its location once: DuckDB 1.4 repeats a parser error's
 * "LINE 1: …" block (duckdb/duckdb#19070), which the console showed twice.
 */
export function queryErrorText(message: string): string {
  const parts = message.split(/(?=\n\nLINE \d+:)/);
  while (parts.length > 2 && parts.at(-1)!.trimEnd() === parts.at(-2)!.trimEnd()) parts.pop();
  return parts.join('');
}
