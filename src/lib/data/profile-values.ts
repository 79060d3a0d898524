/**
 * Value checks of a staged profile, as one SQL query over the staging table: counts of bad
 * values per column, time range against the month, price_bin against the step, side values.
 * Identifiers come from KIND_COLUMNS (constants); every value from the file's metadata is bound.
 */
import type { Db, Param } from '../db/db.ts';
import { num } from '../db/db.ts';
import { KIND_COLUMNS, KIND_TIME, META, monthBounds } from './profile-schema.ts';
import type { ProfileMeta } from './profile-meta.ts';

export interface ValueFacts {
  rows: number;
  firstTime: number;
  lastTime: number;
}

const q = (name: string) => `"${name}"`;
const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

interface Check {
  /** SQL counting the offending rows, and optionally one offending value to quote. */
  count: string;
  example?: string;
  params?: Param[];
  problem: (count: number, example: unknown, range: [number, number]) => string;
}

function checksFor(meta: ProfileMeta, extraColumns: ReadonlySet<string>): Check[] {
  const time = KIND_TIME[meta.kind];
  const t = `epoch_ms(${q(time.column)})`;
  const checks: Check[] = [];
  for (const c of KIND_COLUMNS[meta.kind]) {
    checks.push({
      count: `count(*) - count(${q(c.name)})`,
      problem: (n) => `column ${c.name} has ${plural(n, 'null value', 'null values')}`,
    });
    if (c.type === 'double') {
      checks.push({
        count: `count_if(NOT isfinite(${q(c.name)}::DOUBLE))`,
        problem: (n) => `column ${c.name} has ${plural(n, 'NaN or infinite value', 'NaN or infinite values')}`,
      });
    }
    if (c.floor) {
      const positive = c.floor === 'positive';
      checks.push({
        count: `count_if(${q(c.name)} ${positive ? '<=' : '<'} 0)`,
        problem: (n) => `column ${c.name} has ${plural(n, 'value', 'values')} ${positive ? '<= 0' : 'below 0'}`,
      });
    }
  }
  const [from, to] = monthBounds(meta.month);
  checks.push({
    count: `count_if(${t} < ? OR ${t} >= ?)`,
    params: [from, to],
    problem: (n, _, [t0, t1]) =>
      `${META.month} is ${meta.month} but column ${time.column} runs from ${isoMinute(t0)} to ${isoMinute(t1)} ` +
      `(${plural(n, 'row', 'rows')} outside the month)`,
  });
  if (time.gridMs) {
    checks.push({
      count: `count_if(${t} % ${time.gridMs} <> 0)`,
      problem: (n) => `column ${time.column} has ${plural(n, 'time', 'times')} not on ${time.gridName}`,
    });
  }
  if (meta.kind === 'volume') {
    const bad = `"side" NOT IN ('buy', 'sell')`;
    checks.push({
      count: `count_if(${bad})`,
      example: `min("side") FILTER (WHERE ${bad})`,
      problem: (n, ex) => `column side has ${plural(n, 'value', 'values')} other than buy/sell (e.g. "${String(ex).slice(0, 40)}")`,
    });
    const off = `abs("price_bin" / ? - round("price_bin" / ?)) > 1e-6`;
    checks.push({
      count: `count_if(${off})`,
      example: `min("price_bin") FILTER (WHERE ${off})`,
      params: [meta.priceStep!, meta.priceStep!, meta.priceStep!, meta.priceStep!],
      problem: (n, ex) =>
        `${META.priceStep} is ${meta.priceStep} but column price_bin has ${plural(n, 'value', 'values')} off that step (e.g. ${ex})`,
    });
  }
  if (meta.kind === 'candles') {
    checks.push({
      count: `count_if("high" < greatest("open", "close", "low") OR "low" > least("open", "close"))`,
      problem: (n) => `${plural(n, 'candle has', 'candles have')} high below low, open or close (or low above them)`,
    });
  }
  if (extraColumns.has('symbol')) {
    checks.push({
      count: `count_if("symbol"::VARCHAR IS DISTINCT FROM ?)`,
      params: [meta.symbol],
      problem: (n) => `${META.symbol} is ${meta.symbol} but column symbol disagrees in ${plural(n, 'row', 'rows')}`,
    });
  }
  return checks;
}

/**
 * Facts about the staged rows, or the first problem found.
 * `extraColumns`: optional columns that were staged and must agree with the metadata.
 */
export async function checkStagedValues(
  db: Db,
  stage: string,
  meta: ProfileMeta,
  extraColumns: ReadonlySet<string>,
): Promise<ValueFacts | string> {
  const time = q(KIND_TIME[meta.kind].column);
  const checks = checksFor(meta, extraColumns);
  const select = checks.map((c, i) => `${c.count} AS c${i}` + (c.example ? `, ${c.example} AS e${i}` : ''));
  const sql = `SELECT count(*) AS n, min(epoch_ms(${time})) AS t0, max(epoch_ms(${time})) AS t1, ${select.join(', ')} FROM ${stage}`;
  const result = await db.query(sql, checks.flatMap((c) => c.params ?? []));
  const rows = num(result, 'n')[0];
  if (rows === 0) return 'it has no rows';
  const firstTime = num(result, 't0')[0];
  const lastTime = num(result, 't1')[0];
  for (const [i, check] of checks.entries()) {
    const count = num(result, `c${i}`)[0];
    if (count > 0) return check.problem(count, result.columns[`e${i}`]?.[0], [firstTime, lastTime]);
  }
  return { rows, firstTime, lastTime };
}
