/**
 * Recorded liquidations on disk: DIR/{SYMBOL}/{SYMBOL}-liquidations-{YYYY-MM-DD}.csv (UTC day of
 * the event) in the app's export format (live/tape.ts), header once per file. A file is read
 * once before its first append, so an event already in it (a restart, a reconnection's
 * overlap) is not written twice. The same reader answers the server's history.
 */
import { access, appendFile, constants, open, readdir, readFile, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { LIQUIDATIONS_CSV_HEADER, liquidationsCsv } from '../../src/lib/live/tape.ts';
import { liquidationKey, liquidationProblem, type ExchangeId, type Liquidation } from '../../src/lib/live/events.ts';
import { makeFolder } from '../make-folder.ts';

const DAY_MS = 86_400_000;
/** Days kept in memory for de-duplication: late events of yesterday still find their file's keys. */
const DAYS_REMEMBERED = 3;

export const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);
export const recordFile = (dir: string, symbol: string, day: string) => join(dir, symbol, `${symbol}-liquidations-${day}.csv`);

export interface ReadRecords {
  events: Liquidation[];
  /** Lines that are not liquidations, named by file and line. */
  problems: string[];
}

/** The events of one file; a missing file has none. */
export async function readRecordFile(file: string): Promise<ReadRecords> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], problems: [] };
    throw e;
  }
  const events: Liquidation[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line || (i === 0 && line === LIQUIDATIONS_CSV_HEADER)) return;
    const [time, exchange, symbol, side, price, quantity, usd] = line.split(',');
    const e = { time: Date.parse(time), exchange: exchange as ExchangeId, symbol, side: side as Liquidation['side'], price: Number(price), quantity: Number(quantity), usd: Number(usd) };
    const problem = line.split(',').length === 7 ? liquidationProblem(e) : 'it does not have 7 fields';
    if (problem) problems.push(`${file} line ${i + 1}: ${problem}`);
    else events.push(e);
  });
  return { events, problems };
}

/** Events of `symbol` with from <= time < to, oldest first, from the day files that cover them. */
export async function readRecords(dir: string, symbol: string, from: number, to: number): Promise<ReadRecords> {
  let names: string[];
  try {
    names = await readdir(join(dir, symbol));
  } catch {
    // Said, so that an empty answer is not taken for a quiet market: a wrong --records, or a symbol not recorded.
    return { events: [], problems: [`${join(dir, symbol)} does not exist: nothing of ${symbol} was recorded there (liqmap record --symbols ${symbol} --out ${dir} writes it).`] };
  }
  const prefix = `${symbol}-liquidations-`;
  const days = names.filter((n) => n.startsWith(prefix) && n.endsWith('.csv')).map((n) => n.slice(prefix.length, -4)).sort();
  const wanted = days.filter((d) => Date.parse(d) + DAY_MS > from && Date.parse(d) < to);
  const out: ReadRecords = { events: [], problems: [] };
  for (const day of wanted) {
    const read = await readRecordFile(recordFile(dir, symbol, day));
    // Loops, not push(...list): a busy day's file (~130,000 lines and more) overflows the call stack as arguments.
    for (const e of read.events) if (e.time >= from && e.time < to) out.events.push(e);
    for (const p of read.problems) out.problems.push(p);
  }
  out.events.sort((a, b) => a.time - b.time);
  return out;
}

async function endsWithNewline(file: string, size: number): Promise<boolean> {
  const f = await open(file, 'r');
  try {
    const last = Buffer.alloc(1);
    await f.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await f.close();
  }
}

/** Appends events to their day files; `flush` writes what is queued. */
export class RecordWriter {
  private readonly seen = new Map<string, Promise<Set<string>>>();
  private queue: Liquidation[] = [];
  private writing: Promise<void> = Promise.resolve();
  written = 0;
  duplicates = 0;

  constructor(private readonly dir: string) {}

  add(events: readonly Liquidation[]): void {
    for (const e of events) this.queue.push(e);
  }

  get queued(): number {
    return this.queue.length;
  }

  /**
   * Creates the folder and checks it can be written, so that a wrong --out (a file, a
   * read-only mount, a folder under /proc) stops the recorder at its start, not at the first
   * liquidation hours later (nor hangs: makeFolder).
   */
  async ready(): Promise<void> {
    const refused = (what: string) => (e: unknown) => {
      throw new Error(`--out ${this.dir} cannot be ${what}: ${e instanceof Error ? e.message : String(e)}. Give a folder this user may write.`);
    };
    await makeFolder(this.dir).catch(refused('created'));
    await access(this.dir, constants.W_OK).catch(refused('written'));
  }

  /** What is still queued, as the day files' CSV: the last resort for events no flush could write. */
  unwrittenCsv(): string {
    return liquidationsCsv([...this.queue].sort((a, b) => a.time - b.time));
  }

  /** Writes everything queued; concurrent calls run one after the other. */
  flush(): Promise<void> {
    this.writing = this.writing.catch(() => undefined).then(() => this.writeQueued());
    return this.writing;
  }

  private keys(file: string): Promise<Set<string>> {
    let keys = this.seen.get(file);
    if (!keys) {
      keys = readRecordFile(file).then((r) => new Set(r.events.map(liquidationKey)));
      this.seen.set(file, keys);
    }
    return keys;
  }

  private async writeQueued(): Promise<void> {
    // Oldest first: the streams of two exchanges interleave within a flush.
    const batch = this.queue.sort((a, b) => a.time - b.time);
    this.queue = [];
    const byFile = new Map<string, Liquidation[]>();
    for (const e of batch) {
      const file = recordFile(this.dir, e.symbol, dayOf(e.time));
      // Pushed, not copied: a cascade's thousands of events in one flush stay linear.
      const list = byFile.get(file);
      if (list) list.push(e);
      else byFile.set(file, [e]);
    }
    // Every file is tried: one that fails (a full disk may clear) keeps its events queued for
    // the next flush, and does not take the other files' events with it.
    let failure: unknown = null;
    for (const [file, events] of byFile) {
      let fresh: Liquidation[] = [];
      try {
        const keys = await this.keys(file);
        fresh = events.filter((e) => !keys.has(liquidationKey(e)) && keys.add(liquidationKey(e)));
        this.duplicates += events.length - fresh.length;
        if (!fresh.length) continue;
        const csv = liquidationsCsv(fresh);
        await makeFolder(join(file, '..'));
        const size = await stat(file).then((s) => s.size, () => 0);
        // A line cut short by a stop mid-write (SIGKILL, power) ends the file: start on a line of our own.
        const lead = size > 0 && !(await endsWithNewline(file, size)) ? '\n' : '';
        try {
          await appendFile(file, lead + (size > 0 ? csv.slice(LIQUIDATIONS_CSV_HEADER.length + 1) : csv));
        } catch (e) {
          // A write cut short (a full disk) left part of the batch: cut the file back to where it
          // was, so the retry neither writes an event twice nor glues a line onto half of one.
          await truncate(file, size).catch(() => undefined);
          throw e;
        }
        this.written += fresh.length;
      } catch (e) {
        // Their keys are not on disk: the next try must not skip them as already written. A file
        // that could not even be read is read again next time, not refused for good.
        const keys = await this.keys(file).catch(() => null);
        if (keys) for (const ev of fresh) keys.delete(liquidationKey(ev));
        else this.seen.delete(file);
        this.queue.unshift(...events);
        failure ??= e;
      }
    }
    if (failure !== null) throw failure;
    this.forgetOldDays();
  }

  private forgetOldDays(): void {
    const oldest = dayOf(Date.now() - DAYS_REMEMBERED * DAY_MS);
    for (const file of this.seen.keys()) if (file.slice(-14, -4) < oldest) this.seen.delete(file);
  }
}
