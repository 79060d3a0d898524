/**
 * Validate one profile file (uploaded or downloaded) before anything of it reaches the engine
 * tables: Parquet magic, metadata, columns and types, then the values, checked in SQL on a
 * private staging table. A valid file stays staged until profile-store loads (or drops) it.
 */
import type { Db } from '../db/db.ts';
import { hasParquetMagic, readParquetColumns, readParquetSchema, type ParquetSchema } from './parquet.ts';
import { stageIpc } from './stage-arrow.ts';
import { columnProblem } from './profile-columns.ts';
import { expectedFromName, metaMismatch, parseProfileMeta, type Expected, type ProfileMeta } from './profile-meta.ts';
import { KIND_COLUMNS, type ColumnType } from './profile-schema.ts';
import { checkStagedValues } from './profile-values.ts';
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
  /** DuckDB table holding the file's needed columns as decoded; dropped by load or discard. */
  stage: string;
}

/** Extra columns that, when a file has them, must agree with its metadata. */
const CHECKED_EXTRAS = ['symbol'];

let stageCount = 0;

/**
 * Check `file` fully; on success its rows are staged for loading. `expected` (e.g. from the
 * manifest entry) must agree with the metadata, as must a conventional file name.
 */
export async function validateProfile(db: Db, file: ProfileFile, expected: Expected = {}): Promise<ValidProfile | Refusal> {
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

  const present = new Set(schema.fields.map((f) => f.name));
  const extras = new Set(CHECKED_EXTRAS.filter((c) => present.has(c)));
  const types: Record<string, ColumnType> = Object.fromEntries([...KIND_COLUMNS[meta.kind].map((c) => [c.name, c.type]), ...[...extras].map((c) => [c, 'string'])]);
  const stage = `liqmap_stage_${++stageCount}`;
  try {
    await db.insertArrowIPC(stage, stageIpc(types, await readParquetColumns(bytes, schema, Object.keys(types))));
    const facts = await checkStagedValues(db, stage, meta, extras);
    if (typeof facts === 'string') {
      await dropStage(db, stage);
      return refuse(name, facts);
    }
    return { ok: true, file: name, meta, ...facts, stage };
  } catch (e) {
    await dropStage(db, stage);
    return refuse(name, `the data cannot be read (${errorText(e)})`);
  }
}

export async function dropStage(db: Db, stage: string): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined);
}
