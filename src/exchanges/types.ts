/**
 * What an exchange brings, in two halves: what the site and its workers need (AppExchange,
 * src/exchanges/<id>/app.ts) and what the Node tools need (ToolsExchange, <id>/tools.ts; native
 * DuckDB and node:fs, never imported by the site). Each exchange registers one of each in
 * app-registry.ts and tools-registry.ts (docs/exchanges.md). The recorder's stream is the live
 * source's (LiveSource.recordPlan), not a tool's: the published \`liqmap\` CLI is one esbuild
 * bundle, which would hoist native DuckDB's import (a devDependency) from any builder it reached.
 */
import type { ExchangeId } from '../lib/data/profile-schema.ts';
import type { LiveSource } from '../lib/live/source.ts';
import type { MonthPlan } from '../lib/import/fetch-plan.ts';
import type { MonthOutcome, ProgressSink } from '../lib/import/import-job.ts';
import type { DroppedKind, NamedFile } from '../lib/import/dropped-files.ts';
import type { BuildOptions, BuildReport } from '../../tools/builder/build.ts';
import type { FetchReport } from '../../tools/builder/fetch.ts';
import type { SynthOptions, WrittenFile } from '../../tools/synth/archive.ts';

/** The stored setting of an exchange's WebSocket base: `bybitStreamBase`. */
export type StreamBaseKey = `${ExchangeId}StreamBase`;
export const streamBaseKey = (id: ExchangeId): StreamBaseKey => `${id}StreamBase`;

/** A stored importer host setting: `bybitArchiveBase`; Binance's archive keeps its first name. */
export type HostKey = 'archiveBase' | `${ExchangeId}${string}Base`;

export interface ImportHost {
  /** The settings key it is stored under. */
  key: HostKey;
  /** For people, also in the messages that send them to it: "Bybit archive base URL". */
  label: string;
  defaultUrl: string;
  /** The Data view's input name. */
  name: string;
}

/** Each host's base URL by its key, as a fetch job carries them. */
export type HostBases = Partial<Record<HostKey, string>>;

/** A symbol-month's dropped files by part ("dumps", "oi"): what an exchange's given job reads. */
export type GivenParts<F> = Record<string, F[]>;

/** How the Data view sorts out an exchange's dropped files by their names. */
export interface DroppedFileRules {
  /** A file named as this exchange names its files: its symbol-month and part; else null. */
  claim(name: string): { symbol: string; month: string; part: string } | null;
  /** Why a symbol-month's files cannot be built (naming them), or null. */
  monthProblem(symbol: string, month: string, parts: GivenParts<NamedFile>): string | null;
  /** Why a file no one claimed but of this exchange's kind (first bytes or extension) is refused; null if not of its kind. */
  misnamed(name: string, kind: DroppedKind): string | null;
  /** In the refusal of a file of no known kind: "a Bybit trade dump"; "Bybit's .csv.gz trade dumps". */
  one: string;
  hint: string;
}

/** One month's import, run by the import worker (workers/import.worker.ts). */
export interface MonthJobs {
  given(symbol: string, month: string, parts: GivenParts<File>, onProgress: ProgressSink): Promise<MonthOutcome>;
  fetched(plan: MonthPlan, hosts: HostBases, fetchFn: typeof fetch, onProgress: ProgressSink, signal?: AbortSignal): Promise<MonthOutcome>;
}

/** An exchange's archive import in the browser: the Data view's forms and the worker's jobs. */
export interface ExchangeImport {
  /** The fetch form's choice: "Bybit (public.bybit.com)". */
  source: string;
  /** Its hosts on the fetch form; the first is where its files come from (named when none is found). */
  hosts: readonly ImportHost[];
  /** Under the fetch form: what a fetch downloads. */
  fetchNote: string;
  /** The drop zone's words: "Bybit trade dumps"; its files' names in full; the extensions the picker accepts. */
  files: { short: string; long: string; accept: readonly string[] };
  /** Absent for the core's (Binance's) archive files, which src/lib/import sorts and builds itself. */
  dropped?: DroppedFileRules;
  /** Loaded by the import worker only, so the page does not carry the month builds. */
  jobs?: () => Promise<MonthJobs>;
}

export interface AppExchange {
  id: ExchangeId;
  /** REST figures and the stream plan (the live-source seam); its default stream base. */
  live: LiveSource;
  /**
   * The audit's words on what its liquidation stream pushes. A sampled stream's note is said
   * alone when it is among the chosen: the mix is only as complete as its sampled part.
   */
  liquidationStream: { note: string; sampled: boolean };
  /** Under the typed-in open interest when it alone is shown: its own OI figure is not liqmap's one side. */
  typedOiHint?: string;
  import?: ExchangeImport;
}

/** Options every builder's fetch takes; `hosts` are the extra host flags' values by flag. */
export interface BuilderFetchOptions {
  symbols: string[];
  months: string[];
  inDir: string;
  outDir: string;
  base: string;
  hosts: Record<string, string>;
  parallel: number;
  force: boolean;
  progress: boolean;
}

/** An exchange's profile builder (native DuckDB) as tools/builder/cli.ts runs it. */
export interface ExchangeBuilder {
  /** A paragraph of the help about its inputs and outputs (none for the default exchange's, which the help is written around). */
  help?: string;
  /** --archive-base's default for it. */
  archiveBase: string;
  /** Hosts beyond the archive, each a flag with its default and its help line. */
  hostFlags?: readonly { flag: string; default: string; help: string }[];
  /** Whether a fetch can refuse a file (a checksum mismatch): its summary line counts them. */
  refuses: boolean;
  /** The files its fetch found not published yet, as one list: runs of its daily files shortened, in the browser import's words. */
  notPublished(names: readonly string[]): string;
  /** What --prune leaves or waits for, in its help: "their .CHECKSUM stays". */
  pruneHelp: string;
  build(o: BuildOptions): Promise<BuildReport>;
  fetch(o: BuilderFetchOptions): Promise<FetchReport>;
  prune(inDir: string, outDir: string, log: (line: string) => void): Promise<number>;
}

export interface ToolsExchange {
  id: ExchangeId;
  builder: ExchangeBuilder;
  /** The deterministic generator in the exchange's exact archive layout (every option given; it takes those its layout has). */
  generate(o: SynthOptions & { openInterest?: boolean }): Promise<WrittenFile[]>;
  /** A paragraph of the generator's help about its layout (none for the default exchange's). */
  synthHelp?: string;
  /** The bundled sample's archive (tools/sample.ts): a sub-folder of its own (none: the archive's root) and what to generate. */
  sample: { folder?: string; plans: readonly { symbols: string[]; trades: number }[] };
}
