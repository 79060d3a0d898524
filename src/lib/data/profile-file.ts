/**
 * Read and check one profile file (uploaded, downloaded or cached) before anything of it
 * reaches the engine: Parquet magic, metadata, columns and types, then the values. A valid file
 * comes back decoded, ready for the profile table (profile-table.ts) to keep.
 */
import { hasParquetMagic, readParquetColumns, readParquetSchema, type ParquetSchema } from './parquet.ts';
import { decodedColumns, type DecodedColumns } from './decoded-columns.ts';
import { columnProblem } from './profile-columns.ts';
import { expectedFromName, metaMismatch, parseProfileMeta, type Expected, type ProfileMeta } from './profile-meta.ts';
import { KIND_COLUMNS, type ColumnType } from './profile-schema.ts';
import { checkValues } from './profile-values.ts';
import { errorText, refuse, type Refusal } from './refusal.ts';

export interface ProfileFile {
  name: string;
  bytes: Uint8Array;
}

export interface ValidProfile {
  ok: true;
  file: string;
  meta: ProfileMeta;
  rows: number;
  /** First and last value of the time column, epoch ms. */
  firstTime: number;
  lastTime: number;
  /** The needed columns, decoded and checked. */
  columns: DecodedColumns;
}

/** Extra columns that, when a file has them, must agree with its metadata. */
const CHECKED_EXTRAS = ['symbol'];

/** The footer of a file that passed readFooter's checks. */
export interface CheckedFooter {
  ok: true;
  meta: ProfileMeta;
  schema: ParquetSchema;
}

/** The checks of the footer alone (magic, metadata against `expected` and the name, columns and types): nothing is decoded. */
export function readFooter(file: ProfileFile, expected: Expected = {}): CheckedFooter | Refusal {
  const { name, bytes } = file;
  if (bytes.length === 0) return refuse(name, 'the file is empty');
  if (!hasParquetMagic(bytes)) return refuse(name, 'not a Parquet file, or truncated (no PAR1 marker at both ends)');
  let schema: ParquetSchema;
  try {
    schema = readParquetSchema(bytes);
  } catch (e) {
    return refuse(name, `the Parquet footer cannot be read (${errorText(e)})`);
  }
  const meta = parseProfileMeta(schema.metadata);
  if (typeof meta === 'string') return refuse(name, meta);
  const mismatch = metaMismatch(meta, expected, 'the manifest entry') ?? metaMismatch(meta, expectedFromName(name), 'the file name');
  if (mismatch) return refuse(name, mismatch);
  const columnError = columnProblem(meta.kind, schema.fields);
  if (columnError) return refuse(name, columnError);
  return { ok: true, meta, schema };
}

/** The value checks of decoded columns (checkValues); on success, the profile ready for the table. */
export function checkedProfile(name: string, meta: ProfileMeta, columns: DecodedColumns, rows: number): ValidProfile | Refusal {
  const facts = checkValues(meta, columns, rows);
  if (typeof facts === 'string') return refuse(name, facts);
  return { ok: true, file: name, meta, ...facts, columns };
}

/**
 * Check `file` fully; on success its columns come back decoded. `expected` (e.g. from the
 * manifest entry) must agree with the metadata, as must a conventional file name.
 */
export async function readProfile(file: ProfileFile, expected: Expected = {}): Promise<ValidProfile | Refusal> {
  const footer = readFooter(file, expected);
  if (!footer.ok) return footer;
  const { meta, schema } = footer;
  const present = new Set(schema.fields.map((f) => f.name));
  const types: Record<string, ColumnType> = Object.fromEntries([
    ...KIND_COLUMNS[meta.kind].map((c) => [c.name, c.type]),
    ...CHECKED_EXTRAS.filter((c) => present.has(c)).map((c) => [c, 'string']),
  ]);
  let columns: DecodedColumns;
  try {
    columns = decodedColumns(types, await readParquetColumns(schema, Object.keys(types)));
  } catch (e) {
    return refuse(file.name, `the data cannot be read (${errorText(e)})`);
  }
  return checkedProfile(file.name, meta, columns, schema.rows);
}
