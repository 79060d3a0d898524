/**
 * One daily metrics CSV (about 300 rows): the open-interest records of the `oi` profile,
 * read as the builder reads them. Rows of another symbol or outside the file's day refuse it.
 */
import { decimalAt } from './csv-fields.ts';
import type { BadLine } from './bad-lines.ts';

export const METRICS_HEADER = 'create_time';
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?$/;
const SHOWN = 5;

export interface OiRow {
  time: number;
  oi: number;
  oiUsd: number;
}

export interface MetricsStats {
  rows: OiRow[];
  rejected: number;
  firstRejects: BadLine[];
  /** Rows without an open-interest figure. */
  invalid: number;
  otherSymbol: string | null;
  outside: number | null;
}

function parseTime(text: string): number {
  const m = TIME_RE.exec(text);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, ms] = m;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms ? +ms.padEnd(3, '0') : 0);
}

function num(text: string): number {
  if (text === '') return 0;
  const b = new TextEncoder().encode(text);
  return decimalAt(b, 0, b.length);
}

/** Parses the CSV text of the metrics file for `day` (YYYY-MM-DD) of `symbol`. */
export function readMetrics(text: string, symbol: string, day: string): MetricsStats {
  const st: MetricsStats = { rows: [], rejected: 0, firstRejects: [], invalid: 0, otherSymbol: null, outside: null };
  const from = Date.parse(`${day}T00:00:00Z`);
  const to = from + 86_400_000;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '' || (i === 0 && line.startsWith(METRICS_HEADER))) return;
    const reject = (message: string) => {
      if (st.rejected++ < SHOWN) st.firstRejects.push({ line: i + 1, message });
    };
    const f = line.split(',');
    if (f.length !== 8) return reject(`expected 8 comma-separated values, found ${f.length}`);
    const time = f[0] === '' ? null : parseTime(f[0]);
    if (time !== null && Number.isNaN(time)) return reject(`create_time "${f[0]}" is not a date and time`);
    const values = f.slice(2).map(num);
    const bad = values.findIndex((v) => Number.isNaN(v));
    if (bad >= 0) return reject(`value "${f[bad + 2]}" is not a number`);
    if (f[1] !== '' && f[1] !== symbol) st.otherSymbol ??= f[1];
    if (time !== null && (time < from || time >= to)) st.outside ??= time;
    if (time === null || f[2] === '' || f[3] === '') {
      st.invalid++;
      return;
    }
    st.rows.push({ time, oi: values[0], oiUsd: values[1] });
  });
  return st;
}
