/**
 * Value checks of a decoded profile, in the engine worker: counts of
 * bad values per column, time range against the month, price_bin against the step, side
 * values. The first failing check (in the order below) is the refusal; its message names the
 * column, how many values and, where it helps, one of them.
 */
import { KIND_COLUMNS, KIND_TIME, META, monthBounds } from './profile-schema.ts';
import type { ProfileMeta } from './profile-meta.ts';
import { numberColumn, textColumn, type DecodedColumns, type NumberColumn, type TextColumn } from './decoded-columns.ts';

export interface ValueFacts {
  rows: number;
  firstTime: number;
  lastTime: number;
}

const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

interface Check {
  /** How many rows offend, and optionally one offending value to quote (the smallest). */
  run(): { count: number; example?: unknown };
  problem(count: number, example: unknown): string;
}

/**
 * What makes a number bad: not finite, <= 0, < 0, outside [from, to), off a grid (a remainder),
 * or a test of its own. The common ones are tested in the loop: one function called for every
 * row of every check would be called with many different tests and could not be inlined.
 */
type NumberTest = 'finite' | 'positive' | 'nonneg' | { outside: [number, number] } | { grid: number } | ((v: number, i: number) => boolean);

/** Rows of a number column (nulls skipped) that fail `test`, and the smallest such value. */
function countNumbers(c: NumberColumn, test: NumberTest): { count: number; example: number } {
  let count = 0;
  let example = Infinity;
  const [from, to] = typeof test === 'object' && 'outside' in test ? test.outside : [0, 0];
  const grid = typeof test === 'object' && 'grid' in test ? test.grid : 0;
  const { values, isNull } = c;
  for (let i = 0; i < values.length; i++) {
    if (isNull?.[i]) continue;
    const v = values[i];
    const bad =
      test === 'finite' ? !Number.isFinite(v) :
      test === 'positive' ? v <= 0 :
      test === 'nonneg' ? v < 0 :
      grid ? v % grid !== 0 :
      typeof test === 'function' ? test(v, i) :
      v < from || v >= to;
    if (bad) {
      count++;
      if (v < example) example = v;
    }
  }
  return { count, example };
}

/** Rows of a text column (nulls skipped) for which `bad` holds, and the smallest such value; coded rows by their word. */
function countTexts(c: TextColumn, bad: (v: string) => boolean): { count: number; example: string | undefined } {
  let count = 0;
  let example: string | undefined;
  const note = (v: string, rows: number) => {
    count += rows;
    if (example === undefined || v < example) example = v;
  };
  if (c.codes) {
    const rows = new Float64Array(c.codes.words.length);
    for (let i = 0; i < c.codes.of.length; i++) rows[c.codes.of[i]]++;
    c.codes.words.forEach((v, k) => { if (rows[k] && bad(v)) note(v, rows[k]); });
  } else for (const v of c.values) if (v !== null && bad(v)) note(v, 1);
  return { count, example };
}

/** SQL's round: half away from zero. */
const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

function checksFor(meta: ProfileMeta, columns: DecodedColumns, range: [number, number]): Check[] {
  const time = KIND_TIME[meta.kind];
  const times = numberColumn(columns, time.column);
  const checks: Check[] = [];
  for (const c of KIND_COLUMNS[meta.kind]) {
    const col = columns[c.name];
    checks.push({ run: () => ({ count: col.nulls }), problem: (n) => `column ${c.name} has ${plural(n, 'null value', 'null values')}` });
    if (c.type === 'double') {
      checks.push({
        run: () => countNumbers(numberColumn(columns, c.name), 'finite'),
        problem: (n) => `column ${c.name} has ${plural(n, 'NaN or infinite value', 'NaN or infinite values')}`,
      });
    }
    if (c.floor) {
      const positive = c.floor === 'positive';
      checks.push({
        run: () => countNumbers(numberColumn(columns, c.name), positive ? 'positive' : 'nonneg'),
        problem: (n) => `column ${c.name} has ${plural(n, 'value', 'values')} ${positive ? '<= 0' : 'below 0'}`,
      });
    }
  }
  const [from, to] = monthBounds(meta.month);
  checks.push({
    run: () => countNumbers(times, { outside: [from, to] }),
    problem: (n) =>
      `${META.month} is ${meta.month} but column ${time.column} runs from ${isoMinute(range[0])} to ${isoMinute(range[1])} ` +
      `(${plural(n, 'row', 'rows')} outside the month)`,
  });
  const gridMs = time.gridMs;
  if (gridMs) {
    checks.push({
      run: () => countNumbers(times, { grid: gridMs }),
      problem: (n) => `column ${time.column} has ${plural(n, 'time', 'times')} not on ${time.gridName}`,
    });
  }
  if (meta.kind === 'volume') {
    checks.push({
      run: () => countTexts(textColumn(columns, 'side'), (v) => v !== 'buy' && v !== 'sell'),
      problem: (n, ex) => `column side has ${plural(n, 'value', 'values')} other than buy/sell (e.g. "${String(ex).slice(0, 40)}")`,
    });
    const step = meta.priceStep!;
    checks.push({
      run: () => countNumbers(numberColumn(columns, 'price_bin'), (p) => Math.abs(p / step - roundHalfAway(p / step)) > 1e-6),
      problem: (n, ex) => `${META.priceStep} is ${meta.priceStep} but column price_bin has ${plural(n, 'value', 'values')} off that step (e.g. ${ex})`,
    });
  }
  if (meta.kind === 'candles') {
    const [open, high, low, close] = ['open', 'high', 'low', 'close'].map((name) => numberColumn(columns, name).values);
    checks.push({
      run: () => countNumbers(numberColumn(columns, 'high'), (h, i) => h < Math.max(open[i], close[i], low[i]) || low[i] > Math.min(open[i], close[i])),
      problem: (n) => `${plural(n, 'candle has', 'candles have')} high below low, open or close (or low above them)`,
    });
  }
  if (columns.symbol) {
    checks.push({
      run: () => ({ count: textColumn(columns, 'symbol').values.filter((v) => v !== meta.symbol).length }),
      problem: (n) => `${META.symbol} is ${meta.symbol} but column symbol disagrees in ${plural(n, 'row', 'rows')}`,
    });
  }
  return checks;
}

/** The first and last time (nulls skipped). */
function timeRange(c: NumberColumn): [number, number] {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < c.values.length; i++) {
    if (c.isNull?.[i]) continue;
    if (c.values[i] < first) first = c.values[i];
    if (c.values[i] > last) last = c.values[i];
  }
  return [first, last];
}

/**
 * Facts about the decoded rows, or the first problem found. A `symbol` column, when
 * decoded, must agree with the metadata.
 */
export function checkValues(meta: ProfileMeta, columns: DecodedColumns, rows: number): ValueFacts | string {
  if (rows === 0) return 'it has no rows';
  const range = timeRange(numberColumn(columns, KIND_TIME[meta.kind].column));
  for (const check of checksFor(meta, columns, range)) {
    const { count, example } = check.run();
    if (count > 0) return check.problem(count, example);
  }
  return { rows, firstTime: range[0], lastTime: range[1] };
}
