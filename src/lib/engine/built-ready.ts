/**
 * Profiles built in this browser, checked and readied for the table from their columns while
 * the import worker still encodes their Parquet bytes (data/built-columns.ts). When the bytes
 * come, only their footer is read: the checks a file gets (readFooter) and that it is the file
 * of these columns (same metadata, same rows); anything else falls back to the full read. The
 * loader still reads the cached bytes in full afterwards, before the earlier build of the month
 * is deleted (loader.ts verifyBuilt).
 */
import { builtRows, decodedFromBuilt, type BuiltColumns } from '../data/built-columns.ts';
import { checkedProfile, readFooter, type ProfileFile, type ValidProfile } from '../data/profile-file.ts';
import { expectedFromName, metaMismatch, parseProfileMeta } from '../data/profile-meta.ts';
import { errorText, refuse, type Refusal } from '../data/refusal.ts';
import { storedColumns, type StoredColumns } from '../data/stored-columns.ts';

export interface ReadyProfile {
  ok: true;
  valid: ValidProfile;
  columns: StoredColumns;
}

interface Entry {
  metadata: Record<string, string>;
  ready: ReadyProfile | Refusal;
}

function ready(b: BuiltColumns): ReadyProfile | Refusal {
  const meta = parseProfileMeta(new Map(Object.entries(b.metadata)));
  if (typeof meta === 'string') return refuse(b.fileName, meta);
  const mismatch = metaMismatch(meta, expectedFromName(b.fileName), 'the file name');
  if (mismatch) return refuse(b.fileName, mismatch);
  const valid = checkedProfile(b.fileName, meta, decodedFromBuilt(b), builtRows(b));
  if (!valid.ok) return valid;
  try {
    return { ok: true, valid, columns: storedColumns(meta.kind, valid.columns) };
  } catch (e) {
    return refuse(b.fileName, `it could not be loaded (${errorText(e)}); the data loaded before is unchanged`);
  }
}

const sameMetadata = (a: Record<string, string>, b: Map<string, string>) =>
  Object.keys(a).length === b.size && Object.entries(a).every(([k, v]) => b.get(k) === v);

export class BuiltReady {
  /** By file name; only the latest import's (a cancelled one's are dropped by the next). */
  private entries = new Map<string, Entry>();

  /**
   * Checks and readies `built` now (the bytes follow). The entries held before go first, so a
   * month's columns are never held twice; `add([])` drops them (an import cancelled or failed).
   */
  add(built: BuiltColumns[]): void {
    this.entries.clear();
    this.entries = new Map(built.map((b) => [b.fileName, { metadata: b.metadata, ready: ready(b) }]));
  }

  /** The readied profile of `file`, its refusal, or null when it must be read in full. */
  take(file: ProfileFile): ReadyProfile | Refusal | null {
    const entry = this.entries.get(file.name);
    if (!entry) return null;
    this.entries.delete(file.name);
    const footer = readFooter(file);
    if (!footer.ok) return footer;
    if (!sameMetadata(entry.metadata, footer.schema.metadata)) return null;
    if (entry.ready.ok && entry.ready.valid.rows !== footer.schema.rows) return null;
    return entry.ready;
  }
}
