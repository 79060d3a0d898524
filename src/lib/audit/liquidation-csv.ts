/**
 * Reads recorded liquidations back from CSV in the app's export format (tape.ts writes it, the
 * command-line recorder too): `time,exchange,symbol,side,price,quantity,usd`, recognised by
 * that header. Each bad row is named by its line number and problem; the good rows are kept.
 * A row repeated within the file counts once.
 */
import { decimal, isEpochMs, liquidationKey, liquidationProblem, type Liquidation } from '../live/events.ts';
import { LIQUIDATIONS_CSV_HEADER } from '../live/tape.ts';

export interface BadRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  problem: string;
}

export interface ParsedLiquidations {
  events: Liquidation[];
  bad: BadRow[];
  /** Rows repeated within the file (kept once). */
  repeated: number;
}

const COLUMNS = LIQUIDATIONS_CSV_HEADER.split(',');
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
/** usd is written rounded to 6 decimals: allow that much and a little relative slack. */
const USD_SLACK = 1e-6;

/** Whether `text` starts with the export's header (a byte-order mark and spaces aside). */
export function isLiquidationCsv(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((c) => c.trim().toLowerCase()).join(',') === LIQUIDATIONS_CSV_HEADER;
}

/** ISO UTC as the export writes it, or epoch milliseconds. */
function parseTime(raw: string): number {
  if (/^\d{12,13}$/.test(raw)) return Number(raw);
  return ISO_UTC.test(raw) ? Date.parse(raw) : NaN;
}

function parseRow(cells: string[]): Liquidation | string {
  if (cells.length !== COLUMNS.length) return `${cells.length} fields, expected ${COLUMNS.length} (${LIQUIDATIONS_CSV_HEADER})`;
  const [timeRaw, exchange, symbol, side, priceRaw, qtyRaw, usdRaw] = cells;
  const time = parseTime(timeRaw);
  if (!isEpochMs(time)) return `time "${timeRaw}" is not an ISO UTC time (2025-11-30T12:00:00.000Z) or epoch milliseconds`;
  const [price, quantity, usd] = [priceRaw, qtyRaw, usdRaw].map(decimal);
  for (const [name, raw, v] of [['price', priceRaw, price], ['quantity', qtyRaw, quantity], ['usd', usdRaw, usd]] as const) {
    if (!(v > 0)) return `${name} "${raw}" is not a positive number`;
  }
  const e = { time, exchange, symbol, side, price, quantity, usd } as Liquidation;
  const problem = liquidationProblem(e);
  if (problem) return problem;
  if (Math.abs(usd - price * quantity) > USD_SLACK * Math.max(1, price * quantity)) return `usd ${usdRaw} is not price × quantity (${price * quantity})`;
  return e;
}

export function parseLiquidationCsv(text: string): ParsedLiquidations {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: ParsedLiquidations = { events: [], bad: [], repeated: 0 };
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const row = parseRow(line.split(',').map((c) => c.trim()));
    if (typeof row === 'string') {
      out.bad.push({ line: i + 1, problem: row });
      continue;
    }
    const key = `${row.symbol}|${liquidationKey(row)}`;
    if (seen.has(key)) out.repeated++;
    else {
      seen.add(key);
      out.events.push(row);
    }
  }
  return out;
}
